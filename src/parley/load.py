"""Loading a built graph into a triplestore through the SPARQL 1.1 Graph Store Protocol, checked by content.

Each named graph goes as N-Triples, the one form every store reads the same way: Virtuoso's Turtle
reader keeps the backslash of an escaped local name (`doc:x\\/mention\\/1`), which pyoxigraph writes.
After the upload one aggregate query per batch of graphs compares a fingerprint of each graph's
content with the one computed while sending it (see `FINGERPRINT`), so a store that rewrites an
IRI or a text is caught, not only one that drops triples.
"""

from __future__ import annotations

import hashlib
import tempfile
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from parley.canned import Runner, with_rows
from parley.errors import EndpointError, InputError
from parley.remote import NO_AUTH, TIMEOUT, Auth, Connection
from parley.store import graph_files, named_graphs

N_TRIPLES = "application/n-triples"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
BATCH = 100  # graphs checked per query: bounds the rows of an answer (Virtuoso cuts at 10,000)

# What a fingerprint adds up, triple by triple: the characters of its IRIs (subject, predicate, IRI
# object), a number drawn from the MD5 of those IRIs, the characters of its text (a string or
# language-tagged literal), of its language tag, and of its datatype IRI (other literals). Lexical
# forms of numbers, dates and durations are left out: stores keep them by value ("0.50" comes back as
# "0.5" from Oxigraph and Virtuoso, "PT2H" as "7200.0" from Virtuoso). Texts are measured, not
# hashed: Virtuoso hashes its own encoding of a non-ASCII literal (the IRIs Parley mints are ASCII),
# so a text that kept its length is not checked. Oxigraph, Virtuoso 7.2 and Jena 4.5 compute the
# same numbers for the same graph (tests/test_stores.py).
FINGERPRINT = """PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?g (COUNT(*) AS ?triples) (SUM(?i) AS ?iris) (SUM(?h) AS ?hash) (SUM(?t) AS ?text)
       (SUM(?l) AS ?langs) (SUM(?d) AS ?types)
WHERE {
  GRAPH ?g { ?s ?p ?o }
  BIND(CONCAT(IF(isIRI(?s), STR(?s), ""), " ", STR(?p), " ", IF(isIRI(?o), STR(?o), "")) AS ?key)
  BIND(STRLEN(?key) AS ?i)
  BIND(MD5(?key) AS ?md5)
  BIND(STRLEN(STRBEFORE(?md5, "0")) + 33 * STRLEN(STRBEFORE(?md5, "f")) AS ?h)
  BIND(IF(isLITERAL(?o) && (LANG(?o) != "" || DATATYPE(?o) = xsd:string), STRLEN(STR(?o)), 0) AS ?t)
  BIND(IF(isLITERAL(?o) && LANG(?o) != "", STRLEN(LANG(?o)), 0) AS ?l)
  BIND(IF(isLITERAL(?o) && LANG(?o) = "", STRLEN(STR(DATATYPE(?o))), 0) AS ?d)
}
GROUP BY ?g"""
MEASURES = (
    "triples",
    "characters of IRIs",
    "IRI checksum",
    "characters of text",
    "characters of language tags",
    "characters of datatype IRIs",
)
Fingerprint = tuple[int, int, int, int, int, int]


@dataclass(frozen=True)
class Loaded:
    """One named graph replaced on the server: its number of triples and the fingerprint of its content."""

    graph: str
    triples: int
    fingerprint: Fingerprint


class Tally:
    """The fingerprint of a graph, computed triple by triple as `FINGERPRINT` does in SPARQL."""

    def __init__(self) -> None:
        self.counts = [0] * len(MEASURES)

    def add(self, triple: ox.Triple) -> None:
        s, p, o = triple.subject, triple.predicate, triple.object
        key = f"{s.value if isinstance(s, ox.NamedNode) else ''} {p.value} "
        key += o.value if isinstance(o, ox.NamedNode) else ""
        digest = hashlib.md5(key.encode()).hexdigest()
        counts = self.counts
        counts[0] += 1
        counts[1] += len(key)
        counts[2] += max(digest.find("0"), 0) + 33 * max(digest.find("f"), 0)  # STRBEFORE: "" if absent
        if isinstance(o, ox.Literal):
            if o.language:
                counts[3] += len(o.value)
                counts[4] += len(o.language)
            else:
                counts[3] += len(o.value) if o.datatype.value == XSD_STRING else 0
                counts[5] += len(o.datatype.value)

    def fingerprint(self) -> Fingerprint:
        a, b, c, d, e, f = self.counts
        return a, b, c, d, e, f

    def counted(self, triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
        for triple in triples:
            self.add(triple)
            yield triple


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
    """PUT each named graph of `graph` to the graph store as N-Triples, then check each one's content.

    One PUT per graph: the server replaces that graph in one transaction, so re-running is
    idempotent and a failure leaves each graph either old or new. `timeout` is the seconds to wait
    for each answer; transient failures (timeouts included) are retried `retries` times. Each graph
    is written to a temporary file first, so memory does not grow with its size.
    """
    store_url = graph_store or graph_store_url(endpoint)
    loaded = []
    with (
        Connection(auth=auth, retries=retries, timeout=timeout) as http,
        tempfile.TemporaryDirectory() as tmp,
    ):
        body = Path(tmp) / "graph.nt"
        for name, triples in graph_triples(graph):
            tally = Tally()
            with body.open("wb") as out:
                ox.serialize(tally.counted(triples), out, format=ox.RdfFormat.N_TRIPLES)
            http.put(f"{store_url}?graph={urllib.parse.quote(name, safe='')}", body, N_TRIPLES)
            loaded.append(Loaded(name, tally.counts[0], tally.fingerprint()))
        check_content(loaded, endpoint=endpoint, runner=Runner(endpoint=endpoint, connection=http))
    return loaded


def write_nquads(graph: Path, path: Path) -> list[Loaded]:
    """Write every named graph of `graph` to `path` as N-Quads (for stores loaded from a file, such
    as Jena's `tdb2.tdbloader`), graph by graph."""
    written = []
    with path.open("wb") as out:
        for name, triples in graph_triples(graph):
            tally, node = Tally(), ox.NamedNode(name)
            quads = (ox.Quad(t.subject, t.predicate, t.object, node) for t in tally.counted(triples))
            ox.serialize(quads, out, format=ox.RdfFormat.N_QUADS)
            written.append(Loaded(name, tally.counts[0], tally.fingerprint()))
    return written


def graph_triples(graph: Path) -> Iterator[tuple[str, Iterator[ox.Triple]]]:
    """Each named graph of a built folder (streamed from its file) or of a dataset file, by name."""
    files = graph_files(graph) if graph.is_dir() else None
    if files is None:
        for name, triples in named_graphs(graph):
            yield name, iter(triples)
        return
    for name, path in sorted(files.items()):
        yield name, _parsed(path)


def _parsed(path: Path) -> Iterator[ox.Triple]:
    try:
        yield from ox.parse(path=path, format=ox.RdfFormat.TURTLE)
    except SyntaxError as err:
        raise InputError(f"{path}: cannot parse: {err}") from err


def fingerprints(names: list[str], runner: Runner) -> dict[str, Fingerprint]:
    """The fingerprint of each graph in `names` as the store computes it (graphs it lacks are absent)."""
    found: dict[str, Fingerprint] = {}
    for start in range(0, len(names), BATCH):
        rows = [(ox.NamedNode(name),) for name in names[start : start + BATCH]]
        table = runner.select(with_rows(FINGERPRINT, ("g",), rows))
        for row in table.rows:
            if row[0] is not None:
                found[row[0].value] = tuple(_number(term) for term in row[1:])  # type: ignore[assignment]
    return found


def _number(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> int:
    try:
        return int(Decimal(term.value)) if term is not None else 0
    except InvalidOperation:
        return -1


def check_content(loaded: list[Loaded], *, endpoint: str, runner: Runner) -> None:
    """Raise EndpointError unless the store holds each loaded graph with the content sent."""
    found = fingerprints([item.graph for item in loaded], runner)
    empty: Fingerprint = (0, 0, 0, 0, 0, 0)
    wrong = []
    for item in loaded:
        there = found.get(item.graph, empty)
        if there != item.fingerprint:
            differ = [
                f"{measure} sent {sent}, found {got}"
                for measure, sent, got in zip(MEASURES, item.fingerprint, there, strict=True)
                if sent != got
            ]
            wrong.append(f"{item.graph}: " + ", ".join(differ))
    if wrong:
        raise EndpointError(
            f"{endpoint}: the store does not hold what was sent: "
            + "; ".join(wrong[:5])
            + (f"; and {len(wrong) - 5} more graphs" if len(wrong) > 5 else "")
        )
