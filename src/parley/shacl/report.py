"""SHACL results located in their source, their short names, and the deterministic validation report."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

SH = "http://www.w3.org/ns/shacl#"
REPORT = ox.NamedNode("urn:parley:validation-report")
REPORT_PREFIXES = {
    "sh": SH,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "parley": "https://w3id.org/parley/ontology#",
    "psh": "https://w3id.org/parley/shapes#",
}


@functools.cache
def prefixes() -> dict[str, str]:
    """The prefixes results are named with: rdflib's (imported only when a result is named) and ours."""
    from rdflib import Graph

    return {**{prefix: str(ns) for prefix, ns in Graph().namespace_manager.namespaces()}, **REPORT_PREFIXES}


@functools.cache
def _by_length() -> list[tuple[str, str]]:
    return sorted(prefixes().items(), key=lambda item: -len(item[1]))


@dataclass(frozen=True)
class ShapeResult:
    """One SHACL result, located in the source document it came from.

    `component` is the sh:sourceConstraintComponent and `term` the value in N-Triples syntax (for the
    report); `value` is its text, empty when the result has no value."""

    severity: str
    focus: str
    path: str
    message: str
    shape: str
    value: str
    graph: str
    source_file: str | None
    line: int | None
    component: str = ""
    term: str = ""

    def __str__(self) -> str:
        where = (
            f"{self.source_file or self.graph}:{self.line}" if self.line else self.source_file or self.graph
        )
        path = f" {self.path}" if self.path else ""
        return f"{where}: {self.severity}: <{self.focus}>{path}: {self.message} [{self.shape}]"


def short(iri: str) -> str:
    """`prefix:name` for an IRI in a known namespace (Parley's, or one rdflib binds), else the IRI."""
    for prefix, ns in _by_length():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def expand(name: str) -> str:
    prefix, _, local = name.partition(":")
    known = prefixes()
    return known[prefix] + local if prefix in known and not local.startswith("//") else name


def report_turtle(results: Sequence[ShapeResult], conforms: bool) -> bytes:
    """The sh:ValidationReport as Turtle: one IRI per distinct result, sorted triples, no blank nodes."""
    boolean = ox.Literal(str(conforms).lower(), datatype=ox.NamedNode(REPORT_PREFIXES["xsd"] + "boolean"))
    triples = {ox.Triple(REPORT, _TYPE, _sh("ValidationReport")), ox.Triple(REPORT, _sh("conforms"), boolean)}
    for result in results:
        triples |= _result_triples(result)
    out = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.TURTLE, prefixes=REPORT_PREFIXES)
    assert out is not None
    return out


_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _sh(name: str) -> ox.NamedNode:
    return ox.NamedNode(SH + name)


def _result_triples(result: ShapeResult) -> set[ox.Triple]:
    node = ox.NamedNode(f"urn:parley:result:{hashlib.sha256(repr(result).encode()).hexdigest()[:16]}")
    triples = {
        ox.Triple(REPORT, _sh("result"), node),
        ox.Triple(node, _TYPE, _sh("ValidationResult")),
        ox.Triple(node, _sh("focusNode"), ox.NamedNode(result.focus)),
        ox.Triple(node, _sh("resultSeverity"), _sh(result.severity)),
        ox.Triple(node, _sh("sourceShape"), ox.NamedNode(expand(result.shape))),
        ox.Triple(node, _sh("resultMessage"), ox.Literal(result.message)),
    }
    if result.component:
        triples.add(ox.Triple(node, _sh("sourceConstraintComponent"), ox.NamedNode(result.component)))
    if result.term:
        (value,) = ox.parse(f"<urn:s> <urn:p> {result.term} .", format=ox.RdfFormat.N_TRIPLES)
        triples.add(ox.Triple(node, _sh("value"), value.object))
    if result.path.startswith("^"):
        path = ox.NamedNode(f"{node.value}/path")
        triples |= {
            ox.Triple(node, _sh("resultPath"), path),
            ox.Triple(path, _sh("inversePath"), ox.NamedNode(expand(result.path[1:]))),
        }
    elif result.path:
        triples.add(ox.Triple(node, _sh("resultPath"), ox.NamedNode(expand(result.path))))
    return triples
