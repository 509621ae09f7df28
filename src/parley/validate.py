"""SHACL validation of a built graph: each named graph on its own, then the cross-document rules.

Each document's graph is validated together with the ontology and the `rdf:type` of the nodes it
links to in other graphs (so `sh:class` works across graphs); a result counts only for the graph
that describes its focus node. Cost grows linearly with the corpus.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, DefinedNamespaceMeta
from rdflib.term import Node

from parley.config import Settings
from parley.errors import InputError

PARLEY = Namespace("https://w3id.org/parley/ontology#")
FORMATS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle"}
STANDARD: tuple[DefinedNamespaceMeta, ...] = (RDF, RDFS, OWL, SKOS, DCTERMS, PROV, FOAF, SDO)
CONCEPT_PROPERTIES = (PARLEY.recordType, PARLEY.role, PARLEY.stance)
_LOCATING = (PROV.wasDerivedFrom, PARLEY.inText, PARLEY.evidence, PARLEY.inDocument, PARLEY.inMeeting)
_REPORT = URIRef("urn:parley:validation-report")


@dataclass(frozen=True)
class ShapeResult:
    """One SHACL result, located in the source document it came from."""

    severity: str
    focus: str
    path: str
    message: str
    shape: str
    value: str
    graph: str
    source_file: str | None
    line: int | None

    def __str__(self) -> str:
        where = (
            f"{self.source_file or self.graph}:{self.line}" if self.line else self.source_file or self.graph
        )
        path = f" {self.path}" if self.path else ""
        return f"{where}: {self.severity}: <{self.focus}>{path}: {self.message} [{self.shape}]"


@dataclass(frozen=True)
class ValidationResult:
    """The outcome: conforms unless a result has severity Violation."""

    conforms: bool
    results: tuple[ShapeResult, ...]
    report_graph: Graph

    def __str__(self) -> str:
        lines = [str(r) for r in self.results]
        violations = sum(r.severity == "Violation" for r in self.results)
        lines.append(
            f"{'Conforms' if self.conforms else 'Does not conform'}: "
            f"{violations} violation(s), {len(self.results) - violations} other result(s)"
        )
        return "\n".join(lines)


def validate(
    source: Path,
    *,
    shapes: Path | None = None,
    corpus_shapes: Path | None = None,
    ontology: Path | None = None,
) -> ValidationResult:
    """Validate a built graph folder (its `parley.trig`) or a single TriG, N-Quads or Turtle file."""
    folder = Settings().ontology
    onto = _parse(ontology or folder / "parley.ttl")
    graph_shapes = _parse(shapes or folder / "shapes.ttl")
    cross_shapes = _parse(corpus_shapes or folder / "corpus-shapes.ttl")
    graphs = load_graphs(source)
    types = _type_index(graphs.values())
    results: list[ShapeResult] = []
    report = Graph()
    names = sorted(graphs)
    shapes_text = graph_shapes.serialize(format="nt")
    jobs = [_with_context(graphs[name], onto, types).serialize(format="nt") for name in names]
    workers = min(len(jobs), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) if workers > 1 else nullcontext() as pool:
        reports = (
            pool.map(_run_text, jobs, [shapes_text] * len(jobs))
            if pool
            else map(_run_text, jobs, [shapes_text] * len(jobs))
        )
        for name, text in zip(names, reports, strict=True):
            _collect(Graph().parse(data=text, format="nt"), graphs[name], name, results, report)
    skeleton = _skeleton(graphs.values(), onto)
    _collect(_run(skeleton + onto, cross_shapes), skeleton, "corpus", results, report)
    results.sort(key=lambda r: (r.source_file or r.graph, r.line or 0, r.focus, r.path, r.message))
    conforms = not any(r.severity == "Violation" for r in results)
    report.add((_REPORT, RDF.type, SH.ValidationReport))
    report.add((_REPORT, SH.conforms, Literal(conforms)))
    return ValidationResult(conforms, tuple(results), report)


def load_graphs(source: Path) -> dict[str, Graph]:
    """The non-empty graphs of `source` by name; a Turtle file is one graph named by its path."""
    path = source / "parley.trig" if source.is_dir() else source
    fmt = FORMATS.get(path.suffix)
    if not path.is_file() or fmt is None:
        raise InputError(f"{source}: not a graph folder with parley.trig, nor a .trig, .nq or .ttl file")
    if fmt == "turtle":
        return {path.as_posix(): _parse(path)}
    dataset = Dataset()
    try:
        dataset.parse(path, format=fmt)
    except Exception as err:  # rdflib raises many unrelated types for bad syntax
        raise InputError(f"{path}: cannot parse as {fmt}: {err}") from err
    graphs = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    return {name: g for name, g in graphs.items() if name != str(dataset.default_graph.identifier)} or graphs


def write_report(result: ValidationResult, path: Path) -> None:
    """Write the sh:ValidationReport as Turtle, with deterministic labels and order."""
    graph = Graph()
    for triple in to_canonical_graph(result.report_graph):
        graph.add(triple)
    graph.bind("sh", SH)
    graph.bind("parley", PARLEY)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(graph.serialize(format="turtle"), encoding="utf-8")


def unknown_terms(graph: Graph, ontology: Graph) -> list[str]:
    """Predicates, classes and concepts used in `graph` that neither the ontology nor a standard
    vocabulary it imports defines."""
    defined = set(ontology.subjects(RDF.type, None))
    used: set[Node] = set(graph.predicates()) | set(graph.objects(None, RDF.type))
    for prop in CONCEPT_PROPERTIES:
        used |= set(graph.objects(None, prop))
    return sorted(str(t) for t in used if t not in defined and not _standard(t))


def _standard(term: Node) -> bool:
    return isinstance(term, URIRef) and any(term.startswith(str(ns)) and term in ns for ns in STANDARD)


def _parse(path: Path) -> Graph:
    try:
        return Graph().parse(path, format=FORMATS.get(path.suffix, "turtle"))
    except Exception as err:  # rdflib raises many unrelated types for bad syntax
        raise InputError(f"{path}: cannot parse: {err}") from err


def _type_index(graphs: Iterable[Graph]) -> dict[Node, set[Node]]:
    types: dict[Node, set[Node]] = defaultdict(set)
    for graph in graphs:
        for node, cls in graph.subject_objects(RDF.type):
            types[node].add(cls)
    return types


def _with_context(graph: Graph, onto: Graph, types: dict[Node, set[Node]]) -> Graph:
    """The graph plus the ontology and the types of the nodes it links to but does not describe."""
    data = Graph()
    for triple in graph:
        data.add(triple)
    for triple in onto:
        data.add(triple)
    described = set(graph.subjects())
    for node in set(graph.objects()) - described:
        for cls in types.get(node, ()):
            data.add((node, RDF.type, cls))
    return data


def _skeleton(graphs: Iterable[Graph], onto: Graph) -> Graph:
    """The descriptions of documents and meetings across all graphs: what cross-document rules read."""
    classes = set(onto.transitive_subjects(RDFS.subClassOf, PARLEY.Document))
    classes |= set(onto.transitive_subjects(RDFS.subClassOf, PARLEY.Meeting))
    skeleton = Graph()
    for graph in graphs:
        for node in {s for c in classes for s in graph.subjects(RDF.type, c)}:
            for p, o in graph.predicate_objects(node):
                skeleton.add((node, p, o))
    return skeleton


def _run_text(data: str, shapes: str) -> str:
    """Validate N-Triples `data` against N-Triples `shapes` (in a worker process); the report as N-Triples."""
    report = _run(Graph().parse(data=data, format="nt"), Graph().parse(data=shapes, format="nt"))
    return report.serialize(format="nt")


def _run(data: Graph, shapes: Graph) -> Graph:
    _, report, _ = shacl_validate(data, shacl_graph=shapes, inplace=True, allow_warnings=True)
    assert isinstance(report, Graph)
    return report


def _collect(report: Graph, graph: Graph, name: str, results: list[ShapeResult], out: Graph) -> None:
    """Keep the results whose focus node `graph` describes; copy them into `out` under stable IRIs."""
    described = set(graph.subjects())
    for node in report.objects(None, SH.result):
        focus = report.value(node, SH.focusNode)
        if focus not in described:
            continue
        item = _result(report, node, graph, name)
        iri = URIRef(f"urn:parley:result:{hashlib.sha256(repr(item).encode()).hexdigest()[:16]}")
        out.add((_REPORT, SH.result, iri))
        for triple in _subtree(report, node):
            out.add(tuple(iri if t == node else t for t in triple))  # type: ignore[arg-type]
        results.append(item)


def _subtree(graph: Graph, node: Node) -> Iterator[tuple[Node, Node, Node]]:
    for p, o in graph.predicate_objects(node):
        yield node, p, o
        if isinstance(o, BNode):
            yield from _subtree(graph, o)


def _result(report: Graph, node: Node, graph: Graph, name: str) -> ShapeResult:
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    source_file, line = _locate(graph, focus)
    severity = report.value(node, SH.resultSeverity)
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    return ShapeResult(
        severity=str(severity).rsplit("#", 1)[-1],
        focus=str(focus),
        path=_short(graph, path) if isinstance(path, URIRef) else _path_text(report, path),
        message="; ".join(messages),
        shape=_short(graph, report.value(node, SH.sourceShape)),
        value=str(report.value(node, SH.value) or ""),
        graph=name,
        source_file=source_file,
        line=line,
    )


def _locate(graph: Graph, node: Node | None) -> tuple[str | None, int | None]:
    """Source file and line of a node: its own, or those of the nodes it was derived from or is in."""
    source_file: str | None = None
    line: int | None = None
    frontier = [node] if node is not None else []
    for _ in range(4):
        for n in frontier:
            source_file = source_file or _str(graph.value(n, PARLEY.sourceFile))
            found = graph.value(n, PARLEY.line)
            line = line or (int(found) if isinstance(found, Literal) else None)
        frontier = [o for n in frontier for p in _LOCATING for o in graph.objects(n, p)]
    return source_file, line


def _str(node: Node | None) -> str | None:
    return str(node) if node is not None else None


def _short(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        for prefix, ns in (("parley", PARLEY), ("psh", Namespace("https://w3id.org/parley/shapes#"))):
            if node.startswith(str(ns)):
                return f"{prefix}:{node[len(ns) :]}"
        return graph.namespace_manager.normalizeUri(node)
    return str(node)


def _path_text(report: Graph, path: Node | None) -> str:
    inverse = report.value(path, SH.inversePath) if path is not None else None
    return f"^{_short(report, inverse)}" if inverse is not None else ""
