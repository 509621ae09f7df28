"""The shapes catch real breakage of the built graph (one seed document plus the registry)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, Namespace, URIRef
from rdflib.namespace import OWL, XSD

from helpers import ROOT
from parley.store import graph_files
from parley.validate import validate

B = "https://w3id.org/parley/"
P = Namespace("https://w3id.org/parley/ontology#")
DOC = URIRef(B + "graph/1945-06-30_stalin-soong")
REGISTRY = URIRef(B + "graph/registry")
U1 = URIRef(B + "meeting/1945-06-30_stalin-soong/utterance/1")


def _second_speaker(ds: Dataset) -> None:
    ds.graph(DOC).add((U1, P.speaker, URIRef("https://w3id.org/parley/person/t-v-soong")))


def _wrong_datatype(ds: Dataset) -> None:
    graph = ds.graph(DOC)
    graph.set((U1, P.position, Literal("first", datatype=XSD.string)))


def _stance_outside_list(ds: Dataset) -> None:
    graph = ds.graph(DOC)
    claim = next(graph.subjects(P.stance, None))
    graph.set((claim, P.stance, URIRef(B + "stance/threatens")))


def _malformed_wikidata(ds: Dataset) -> None:
    ds.graph(REGISTRY).set(
        (URIRef(B + "person/joseph-stalin"), OWL.sameAs, URIRef("http://www.wikidata.org/wiki/Q855"))
    )


def _span_outside_text(ds: Dataset) -> None:
    graph = ds.graph(DOC)
    mention = next(graph.subjects(P.inText, U1))
    graph.set((mention, P.endIndex, Literal(10**6)))


BREAKS: list[tuple[Callable[[Dataset], None], str]] = [
    (_second_speaker, "psh:Utterance-speaker"),
    (_wrong_datatype, "psh:Passage-position"),
    (_stance_outside_list, "psh:Claim-stance"),
    (_malformed_wikidata, "psh:SameAs-wikidata"),
    (_span_outside_text, "the mention's span lies outside the span"),
]


def _subset(tmp_path: Path, edit: Callable[[Dataset], None] | None) -> Path:
    full = Dataset()
    full.parse(ROOT / "graph" / "parley.trig", format="trig")
    subset = Dataset()
    for name in (DOC, REGISTRY):
        target = subset.graph(name)
        for triple in full.graph(name):
            target.add(triple)
    if edit:
        edit(subset)
    path = tmp_path / "subset.trig"
    subset.serialize(path, format="trig")
    return path


def test_unbroken_subset_conforms(tmp_path: Path) -> None:
    assert validate(_subset(tmp_path, None)).conforms


@pytest.mark.parametrize(("edit", "shape"), BREAKS, ids=[b[0].__name__ for b in BREAKS])
def test_breaking_the_built_graph_is_reported(
    edit: Callable[[Dataset], None], shape: str, tmp_path: Path
) -> None:
    result = validate(_subset(tmp_path, edit))
    assert not result.conforms
    assert shape in str(result), str(result)


@pytest.mark.parametrize(("edit", "shape"), BREAKS, ids=[b[0].__name__ for b in BREAKS])
def test_a_built_folder_is_validated_file_by_file(
    edit: Callable[[Dataset], None], shape: str, tmp_path: Path
) -> None:
    """`validate(folder)` reads one graph file at a time; it finds what validating the same graphs as
    one TriG file finds."""
    folder = tmp_path / "graph"
    shutil.copytree(ROOT / "graph", folder)
    dataset = Dataset()
    dataset.parse(folder / "parley.trig", format="trig")
    edit(dataset)
    files = graph_files(folder)
    assert files is not None
    for name, path in files.items():
        path.write_text(dataset.graph(URIRef(name)).serialize(format="turtle"), encoding="utf-8")
    dataset.serialize(folder / "parley.trig", format="trig")
    by_file, whole = validate(folder), validate(folder / "parley.trig")
    assert not by_file.conforms
    assert any(shape in (r.shape + r.message) for r in by_file.results)
    assert by_file.results == whole.results
