"""The fast SHACL engine (`parley.shacl`) gives the same results as pyshacl, the reference."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Dataset
from rdflib.util import from_n3

from helpers import ROOT
from parley.errors import ShapesError
from parley.shacl import Validator
from parley.shacl import validator as validator_module
from parley.shacl.compile import compile_shapes
from parley.shacl.engine import CHUNK, Engine
from parley.shacl.validator import add_types
from parley.validate import ShapeResult, ValidationResult, validate
from test_shapes import BROKEN, Edit, corpus, write
from test_shapes_on_built_graph import BREAKS, _subset

Key = tuple[object, ...]
# rdflib's SPARQL orders an xsd:date before an xsd:dateTime (by datatype); SPARQL says they do not
# compare, so oxigraph finds no `?d < ?m` in psh:CorpusReport-notBefore.
ONTOLOGY_FILES = ("parley.ttl", "shapes.ttl", "corpus-shapes.ttl")
SPEAKER = "https://w3id.org/parley/ontology#speaker"
KNOWN = {"meeting-date-as-datetime": "psh:CorpusReport"}


def keys(result: ValidationResult, skip: str = "") -> set[Key]:
    def key(r: ShapeResult) -> Key:
        # by value: rdflib writes "173"^^xsd:decimal as "173.0"
        value = from_n3(r.term).toPython() if r.term else ""
        return (r.focus, r.path, r.shape, r.component, r.severity, value, r.message)

    return {key(r) for r in result.results if r.shape != skip}


def same(source: Path, skip: str = "") -> tuple[ValidationResult, ValidationResult]:
    fast, reference = validate(source), validate(source, engine="pyshacl")
    assert keys(fast, skip) == keys(reference, skip)
    assert fast.conforms == reference.conforms
    located = {(r.focus, r.source_file, r.line) for r in fast.results if r.shape != skip}
    assert located == {(r.focus, r.source_file, r.line) for r in reference.results if r.shape != skip}
    return fast, reference


def test_conforming_fixture(tmp_path: Path) -> None:
    fast, _ = same(write(corpus(), tmp_path))
    assert fast.conforms and fast.results == ()


@pytest.mark.parametrize(("name", "edit", "shape"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_fixture(name: str, edit: Edit, shape: str, tmp_path: Path) -> None:
    graphs = corpus()
    edit(graphs)
    fast, _ = same(write(graphs, tmp_path), KNOWN.get(name, ""))
    assert shape in {r.shape for r in fast.results}


@pytest.mark.parametrize(("edit", "shape"), BREAKS, ids=[b[0].__name__ for b in BREAKS])
def test_broken_built_graph(edit: Callable[[Dataset], None], shape: str, tmp_path: Path) -> None:
    fast, _ = same(_subset(tmp_path, edit))
    assert not fast.conforms


@pytest.mark.slow  # pyshacl over the whole built graph: minutes
def test_built_graph_and_speed() -> None:
    source = ROOT / "graph"
    triples = sum(1 for line in (source / "parley.trig").read_text().splitlines() if line.strip())
    timings = {}
    for engine in ("fast", "pyshacl"):
        start = time.perf_counter()
        validate(source, engine=engine)  # type: ignore[arg-type]
        timings[engine] = time.perf_counter() - start
    same(source)
    print(
        f"\ngraph/ (~{triples} lines of TriG): fast {timings['fast']:.2f} s, "
        f"pyshacl {timings['pyshacl']:.2f} s, "
        f"{timings['pyshacl'] / timings['fast']:.0f}x"
    )


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ("psh:X a sh:NodeShape ; sh:targetNode parley:x ; sh:class parley:Person .", "psh:X"),
        ("psh:Y a sh:NodeShape ; sh:targetClass parley:Person ; sh:closed true .", "psh:Y"),
        (
            "psh:Z a sh:NodeShape ; sh:targetClass parley:Person ; sh:property psh:Z-p .\n"
            "psh:Z-p sh:path parley:p ; sh:hasValue parley:x .",
            "psh:Z-p",
        ),
    ],  # fmt: skip
)
def test_unsupported_feature_is_named(extra: str, named: str, tmp_path: Path) -> None:
    path = tmp_path / "shapes.ttl"
    path.write_text((ROOT / "ontology" / "shapes.ttl").read_text() + "\n" + extra + "\n")
    with pytest.raises(ShapesError, match=named):
        compile_shapes(path)


def test_a_graph_given_as_a_file_in_memory_or_on_disk_gives_what_its_triples_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build hands the validator a document's Turtle file (no Python object per triple), which a
    large graph's validation keeps on disk; the results, their locations included, are those of the
    same graph given as triples."""
    validator = Validator.load(*(ROOT / "ontology" / name for name in ONTOLOGY_FILES))
    turtle = (ROOT / "graph" / "documents" / "1945-07-02_soong-stalin.ttl").read_bytes()
    broken = [q.triple for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE) if q.predicate.value != SPEAKER]
    path = tmp_path / "broken.ttl"
    path.write_bytes(ox.serialize(broken, format=ox.RdfFormat.TURTLE) or b"")
    types: dict[object, set[ox.Triple]] = {}
    add_types(types, ox.parse(path=str(ROOT / "graph" / "registry.ttl"), format=ox.RdfFormat.TURTLE))
    as_triples = validator.document("g", broken, types)
    in_memory = validator.document("g", path, types)
    monkeypatch.setattr(validator_module, "ON_DISK_FROM", 0)
    monkeypatch.setattr(validator_module, "PIECE", 2000)  # loaded in many pieces
    on_disk = validator.document("g", path, types)
    # a file laid out otherwise (a statement over two lines) is loaded at once
    other = tmp_path / "other.ttl"
    other.write_bytes(
        b"".join(ox.serialize([t], format=ox.RdfFormat.N_TRIPLES).replace(b"> <", b">\n<") for t in broken)
    )
    laid_out_otherwise = validator.document("g", other, types)
    other.unlink()
    results = [as_triples, in_memory, on_disk, laid_out_otherwise]
    assert all(sorted(map(repr, r)) == sorted(map(repr, as_triples)) for r in results)
    assert len(as_triples) > 10 and all(r.line and r.source_file for r in as_triples)
    assert not [p for p in tmp_path.iterdir() if p != path]  # the on-disk store is gone


class _RecordingStore:
    """A store that keeps the text of the queries run on it."""

    def __init__(self, store: ox.Store) -> None:
        self.store, self.queries = store, list[str]()

    def update(self, text: str) -> None:
        self.store.update(text)

    def query(self, text: str) -> object:
        self.queries.append(text)
        return self.store.query(text)

    def quads_for_pattern(self, *pattern: object) -> object:
        return self.store.quads_for_pattern(*pattern)  # type: ignore[arg-type]


def test_only_the_checks_that_can_fail_are_run() -> None:
    """Those of shapes with focus nodes, and of these, a check on a path's values only where the
    graph uses the path's predicate."""
    engine = Engine(compile_shapes(ROOT / "ontology" / "shapes.ttl"))
    assert engine.queries(frozenset()) == []
    every = "\n".join(engine.queries(frozenset(range(len(engine.checks)))))
    assert all(f"BIND ({n} AS ?check)" in every for n in range(len(engine.checks)))
    parley = "https://w3id.org/parley/ontology#"
    person = ox.NamedNode("https://example.org/person")
    store = ox.Store()
    store.add(ox.Quad(person, ox.NamedNode(str(RDF.type)), ox.NamedNode(parley + "Person")))
    store.add(ox.Quad(person, ox.NamedNode(parley + "publisherIdentifier"), ox.Literal("not a web address")))
    recorded = _RecordingStore(store)
    found = engine.run(recorded)
    assert {(v.check.shape, v.check.component.rpartition("#")[2]) for v in found} == {
        ("https://w3id.org/parley/shapes#Person-publisherIdentifier", "NodeKindConstraintComponent"),
        ("https://w3id.org/parley/shapes#Person-publisherIdentifier", "PatternConstraintComponent"),
    }
    run = {int(n) for query in recorded.queries for n in re.findall(r"BIND \((\d+) AS \?check\)", query)}
    shapes = {engine.checks[n].shape.rpartition("#")[2] for n in run}
    assert "Person-publisherIdentifier" in shapes and "Person-memberOf" not in shapes  # no parley:memberOf
    assert all(shape.startswith("Person") for shape in shapes)
    assert len(recorded.queries) == 1 + -(-len(run) // CHUNK)  # which shapes have focus nodes, then checks
