"""`parley load` into a real Oxigraph server; every canned query answers the same there as embedded."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from parley.canned import Runner, catalogue, query
from parley.cli import main
from parley.errors import EndpointError
from parley.load import Tally, fingerprints, load
from parley.store import graph_files, open_store

PARAMS = {
    "meeting": "meeting:1945-07-02_soong-stalin",
    "issue": "issue:outer-mongolia-status",
    "text": "Mongolia",
    "person": "Q855",
    "entity": "Q855",
    "status": "candidate",
    "min-confidence": "0.6",
}
pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def loaded(oxigraph_server: object) -> str:
    oxigraph_server.clear()  # type: ignore[attr-defined]
    endpoint: str = oxigraph_server.query_url  # type: ignore[attr-defined]
    result = CliRunner().invoke(main, ["load", "graph", "--endpoint", endpoint])
    assert result.exit_code == 0, result.output
    assert f"loaded {len(graph_files(Path('graph')) or {})} graphs" in result.output
    return endpoint


def test_load_is_idempotent(loaded: str) -> None:
    first = load(Path("graph"), endpoint=loaded)
    again = load(Path("graph"), endpoint=loaded)
    assert first == again and len(again) == len(graph_files(Path("graph")) or {})


@pytest.mark.parametrize("q", [q for q in catalogue() if not q.network], ids=lambda q: q.name)
def test_same_answers_on_server_and_embedded(
    loaded: str, tmp_path_factory: pytest.TempPathFactory, q: object
) -> None:
    store: ox.Store = open_store(Path("graph"), cache=tmp_path_factory.mktemp("c") / "store")
    for params in ({}, {p.name: PARAMS[p.name] for p in q.params}):  # type: ignore[attr-defined]
        if any(p.required and p.name not in params for p in q.params):  # type: ignore[attr-defined]
            continue
        here = query(q.name, params=params, store=store)  # type: ignore[attr-defined]
        there = query(q.name, params=params, endpoint=loaded)  # type: ignore[attr-defined]
        assert there.columns == here.columns
        assert list(map(str, there.rows)) == list(map(str, here.rows)) and here.rows  # same order too


def test_wikidata_qid_resolves_on_server(loaded: str) -> None:
    rows = query("claims", params={"person": "Q855"}, endpoint=loaded).rows
    assert rows and {str(r[2]) for r in rows} == {"<https://w3id.org/parley/person/joseph-stalin>"}


def test_refused_connection() -> None:
    with pytest.raises(EndpointError, match="connection refused"):
        load(Path("graph"), endpoint="http://127.0.0.1:9/query", retries=0)


def test_wrong_address(oxigraph_server: object) -> None:
    base = oxigraph_server.base  # type: ignore[attr-defined]
    with pytest.raises(EndpointError, match="not found"):
        load(Path("graph"), endpoint=base + "/query", graph_store=base + "/nowhere", retries=0)


class _Deny(http.server.BaseHTTPRequestHandler):
    def _deny(self) -> None:
        self.send_response(401 if "Authorization" not in self.headers else 403)
        self.end_headers()

    do_GET = do_POST = do_PUT = _deny

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def denying() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Deny)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/query"
    server.shutdown()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ([], "authentication failed (HTTP 401)"),
        (["--user", "u", "--password", "p"], "access refused (HTTP 403)"),
        (["--token", "t"], "access refused (HTTP 403)"),
    ],
)
def test_failed_authentication(denying: str, args: list[str], said: str) -> None:
    result = CliRunner().invoke(main, ["load", "graph", "--endpoint", denying, *args])
    assert result.exit_code == 1 and said in result.output


def test_fingerprint_computed_here_equals_the_query() -> None:
    """`Tally` (what `parley load` computes while sending) and `FINGERPRINT` (what the store computes)
    agree on every graph of graph/ and on terms that are easy to get wrong."""
    ex, xsd = "https://example.org/", "http://www.w3.org/2001/XMLSchema#"
    odd = [
        (ox.NamedNode(ex + "s"), ox.Literal("Stalin–Soong, “quoted”\nline 🙂", language="en-GB")),
        (ox.NamedNode(ex + "s"), ox.Literal("0.50", datatype=ox.NamedNode(xsd + "decimal"))),
        (ox.NamedNode(ex + "s"), ox.Literal("PT2H", datatype=ox.NamedNode(xsd + "duration"))),
        (ox.NamedNode(ex + "s"), ox.Literal("plain")),
        (ox.BlankNode("b"), ox.NamedNode(ex + "o/%C3%A9")),
    ]
    triples = {"urn:odd": [ox.Triple(s, ox.NamedNode(ex + "p"), o) for s, o in odd]}
    for name, path in (graph_files(Path("graph")) or {}).items():
        triples[name] = list(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    store = ox.Store()
    for name, graph in triples.items():
        store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name)) for t in graph)
    found = fingerprints(list(triples), Runner(store=store))
    expected = {}
    for name, graph in triples.items():
        tally = Tally()
        for triple in graph:
            tally.add(triple)
        expected[name] = tally.fingerprint()
    assert found == expected and len(found) == len(graph_files(Path("graph")) or {}) + 1
