"""What the build writes (with pyoxigraph) parses back in rdflib into the same graphs."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from pyoxigraph import RdfFormat, parse
from rdflib.compare import isomorphic

from helpers import ROOT

GRAPH = ROOT / "graph"
TURTLE_FILES = sorted((GRAPH / "documents").glob("*.ttl")) + [
    GRAPH / name for name in ("registry.ttl", "statistics.ttl", "void.ttl")
]


def _as_rdflib(path: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    for quad in parse(path=str(path), format=RdfFormat.TURTLE):
        terms = (quad.subject, quad.predicate, quad.object)
        graph.add(tuple(rdflib.util.from_n3(str(term)) for term in terms))  # type: ignore[arg-type]
    return graph


@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda p: p.name)
def test_turtle_round_trips_through_a_second_parser(path: Path) -> None:
    theirs = rdflib.Graph().parse(path, format="turtle")
    assert isomorphic(theirs, _as_rdflib(path))
    for s, p, o in theirs:
        assert all(
            isinstance(t, rdflib.URIRef) and str(t).startswith(("http://", "https://")) for t in (s, p)
        )
        if isinstance(o, rdflib.Literal):
            assert not o.ill_typed, (s, p, o)


def test_trig_holds_the_same_named_graphs_in_both_parsers() -> None:
    dataset = rdflib.Dataset()
    dataset.parse(GRAPH / "parley.trig", format="trig")
    theirs = {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}
    ours: dict[str, int] = {}
    for quad in parse(path=str(GRAPH / "parley.trig"), format=RdfFormat.TRIG):
        ours[quad.graph_name.value] = ours.get(quad.graph_name.value, 0) + 1
    assert theirs == ours
