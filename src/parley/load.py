"""Loading a built graph into a triplestore through the SPARQL 1.1 Graph Store Protocol."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from parley.errors import EndpointError, InputError
from parley.query import Runner
from parley.remote import NO_AUTH, TIMEOUT, Auth, put
from parley.store import graph_files, named_graphs

COUNT = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@dataclass(frozen=True)
class Loaded:
    """One named graph replaced on the server, with its number of triples."""

    graph: str
    triples: int


def graph_store_url(endpoint: str) -> str:
    """The default graph store: Oxigraph's `/store` beside its `/query`, else the endpoint itself."""
    return endpoint[: -len("/query")] + "/store" if endpoint.endswith("/query") else endpoint


def load(
    graph: Path = Path("graph"),
    *,
    endpoint: str,
    graph_store: str | None = None,
    auth: Auth = NO_AUTH,
    retries: int = 3,
    timeout: int = TIMEOUT,
) -> list[Loaded]:
    """PUT each named graph of `graph` to the graph store (replacing it atomically), then check counts.

    One PUT per graph: the server replaces that graph in one transaction, so re-running is
    idempotent and a failure leaves each graph either old or new. `timeout` is the seconds to wait
    for each answer; transient failures (timeouts included) are retried `retries` times.
    """
    store_url = graph_store or graph_store_url(endpoint)
    loaded = []
    for name, body, media_type, triples in _graph_bodies(graph):
        target = f"{store_url}?graph={urllib.parse.quote(name, safe='')}"
        put(target, body, media_type, auth=auth, retries=retries, timeout=timeout)
        loaded.append(Loaded(name, triples))
    check_counts(loaded, endpoint=endpoint, auth=auth, retries=retries, timeout=timeout)
    return loaded


def _graph_bodies(graph: Path) -> Iterator[tuple[str, bytes | Path, str, int]]:
    """Each named graph: its name, what to send, its media type and its number of triples. A built
    folder's graph files are sent as they are, streamed from disk (the build wrote each triple once)."""
    files = graph_files(graph) if graph.is_dir() else None
    if files is None:
        for name, triples in named_graphs(graph):
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            yield name, body, "application/n-triples", len(set(triples))
        return
    for name, path in sorted(files.items()):
        try:
            count = sum(1 for _ in ox.parse(path=path, format=ox.RdfFormat.TURTLE))
        except SyntaxError as err:
            raise InputError(f"{path}: cannot parse: {err}") from err
        yield name, path, "text/turtle", count


def check_counts(
    loaded: list[Loaded], *, endpoint: str, auth: Auth = NO_AUTH, retries: int = 3, timeout: int = TIMEOUT
) -> None:
    """Raise EndpointError unless each loaded graph holds exactly the triples sent."""
    answer = Runner(endpoint=endpoint, auth=auth, retries=retries, timeout=timeout).select(COUNT)
    found = {g.value: int(n.value) for g, n in answer.rows if g is not None and n is not None}
    wrong = [
        f"{item.graph}: sent {item.triples}, found {found.get(item.graph, 0)}"
        for item in loaded
        if found.get(item.graph, 0) != item.triples
    ]
    if wrong:
        raise EndpointError(f"{endpoint}: triple counts differ after loading: " + "; ".join(wrong))
