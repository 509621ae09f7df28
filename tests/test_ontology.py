"""The ontology: every term documented, aligned terms exist, vocab.py covered, docs page up to date."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from parley import vocab
from parley.config import Settings
from parley.ontodoc import render
from parley.validate import load_graphs, unknown_terms, validate

FOLDER = Path(__file__).resolve().parents[1] / Settings().ontology
ONTO = Graph().parse(FOLDER / "parley.ttl")
PARLEY = vocab.PARLEY
TERMS = sorted(
    s
    for k in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    for s in ONTO.subjects(RDF.type, k)
    if str(s).startswith(PARLEY)
)
CONCEPTS = sorted(ONTO.subjects(SKOS.inScheme, None))
BUILT = Path(__file__).resolve().parents[1] / "graph"


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t[len(PARLEY) :])
def test_term_is_documented(term: URIRef) -> None:
    assert ONTO.value(term, RDFS.label) is not None
    assert ONTO.value(term, SKOS.definition) is not None
    if (term, RDF.type, OWL.Class) not in ONTO:
        assert ONTO.value(term, RDFS.domain) is not None and ONTO.value(term, RDFS.range) is not None


@pytest.mark.parametrize("concept", CONCEPTS, ids=str)
def test_concept_is_documented(concept: URIRef) -> None:
    label = ONTO.value(concept, SKOS.prefLabel)
    assert isinstance(label, Literal) and label.language == "en"
    assert ONTO.value(concept, SKOS.definition) is not None


def test_concept_schemes_are_complete() -> None:
    counts = {
        str(s): len(list(ONTO.subjects(SKOS.inScheme, s)))
        for s in ONTO.subjects(RDF.type, SKOS.ConceptScheme)
    }
    assert counts == {
        "https://w3id.org/parley/role/": 11,
        "https://w3id.org/parley/stance/": 7,
        "https://w3id.org/parley/record-type/": 21,
        "https://w3id.org/parley/claim-status/": 2,
    }


def test_vocab_terms_are_in_the_ontology() -> None:
    names = {v.value for v in vars(vocab.P).values() if hasattr(v, "value")}
    assert sorted(n for n in names if URIRef(n) not in set(TERMS)) == []


def test_ontology_metadata() -> None:
    head = URIRef("https://w3id.org/parley/ontology")
    for prop in (
        "owl:versionInfo",
        "dcterms:license",
        "dcterms:creator",
        "dcterms:modified",
        "vann:preferredNamespacePrefix",
        "vann:preferredNamespaceUri",
    ):
        assert ONTO.value(head, ONTO.namespace_manager.expand_curie(prop)) is not None, prop


def test_standard_terms_the_ontology_uses_exist() -> None:
    used = {
        o
        for p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range)
        for o in ONTO.objects(None, p)
    }
    graph = Graph()
    for term in used:
        if isinstance(term, URIRef) and not term.startswith("http://persistence.uni-leipzig.org/"):
            graph.add((term, RDF.type, term))
    assert [t for t in unknown_terms(graph, ONTO) if not t.startswith(str(vocab.XSD))] == []


def test_docs_page_is_up_to_date() -> None:
    assert (FOLDER / "README.md").read_text(encoding="utf-8") == render(
        Graph().parse(FOLDER / "parley.ttl")
    ), "ontology/README.md is stale: run `python -m parley.ontodoc`"


def test_built_graph_conforms() -> None:
    result = validate(BUILT)
    assert result.conforms, str(result)


def test_built_graph_terms_are_defined() -> None:
    unknown = {t for g in load_graphs(BUILT).values() for t in unknown_terms(g, ONTO)}
    assert sorted(unknown) == []


def test_docs_page_lists_every_term() -> None:
    text = Path(FOLDER / "README.md").read_text(encoding="utf-8")
    assert [t for t in TERMS if f"`parley:{t[len(PARLEY) :]}`" not in text] == []
