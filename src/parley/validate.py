"""SHACL validation of a built graph: each named graph on its own, then the cross-document rules.

Each document's graph is validated together with the ontology and the `rdf:type` of the nodes it
links to in other graphs (so `sh:class` works across graphs); a result counts only for the graph
that describes its focus node. Cost grows linearly with the corpus.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Literal as Choice

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, DefinedNamespaceMeta
from rdflib.term import Node

from parley.config import Settings
from parley.errors import InputError
from parley.shacl import ShapeResult, Validator, report_turtle
from parley.shacl.report import short
from parley.shacl.validator import add_types
from parley.store import graph_files

PARLEY = Namespace("https://w3id.org/parley/ontology#")
FORMATS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle"}
STANDARD: tuple[DefinedNamespaceMeta, ...] = (RDF, RDFS, OWL, SKOS, DCTERMS, PROV, FOAF, SDO)
CONCEPT_PROPERTIES = (PARLEY.recordType, PARLEY.role, PARLEY.stance)
_LOCATING = (PROV.wasDerivedFrom, PARLEY.inText, PARLEY.evidence, PARLEY.inDocument, PARLEY.inMeeting)
Engine = Choice["fast", "pyshacl"]


@dataclass(frozen=True)
class ValidationResult:
    """The outcome: conforms unless a result has severity Violation."""

    conforms: bool
    results: tuple[ShapeResult, ...]

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
    engine: Engine = "fast",
) -> ValidationResult:
    """Validate a built graph folder (its `parley.trig`) or a single TriG, N-Quads or Turtle file, with
    the fast engine (`parley.shacl`) or with pyshacl, the reference."""
    folder = Settings().ontology
    paths = (
        ontology or folder / "parley.ttl",
        shapes or folder / "shapes.ttl",
        corpus_shapes or folder / "corpus-shapes.ttl",
    )
    results = (_fast if engine == "fast" else _pyshacl)(source, *paths)
    results.sort(key=lambda r: (r.source_file or r.graph, r.line or 0, r.focus, r.path, r.message))
    conforms = not any(r.severity == "Violation" for r in results)
    return ValidationResult(conforms, tuple(results))


def _fast(source: Path, ontology: Path, shapes: Path, corpus_shapes: Path) -> list[ShapeResult]:
    validator = Validator.load(ontology, shapes, corpus_shapes)
    files = graph_files(source) if source.is_dir() else None
    if files is not None:
        return _fast_files(validator, files)
    graphs = _load_triples(source)
    types: dict[object, set[ox.Triple]] = {}
    for triples in graphs.values():
        add_types(types, triples)
    results: list[ShapeResult] = []
    for name in sorted(graphs):
        results += validator.document(name, graphs[name], types)
    skeleton = [t for triples in graphs.values() for t in validator.skeleton(triples)]
    return results + validator.corpus(skeleton)


def _fast_files(validator: Validator, files: dict[str, Path]) -> list[ShapeResult]:
    """A built folder, one graph file at a time, streamed: a first pass keeps the registry's types and
    the skeleton (documents and meetings), the second validates each file (loaded by the store)."""
    types: dict[object, set[ox.Triple]] = {}
    skeleton: list[ox.Triple] = []
    for path in files.values():
        triples = _TurtleFile(path)
        own = validator.skeleton(triples)
        skeleton += own
        add_types(types, triples if path.name == "registry.ttl" else own)
    results: list[ShapeResult] = []
    for name, path in sorted(files.items()):
        results += validator.document(name, path, types)
    return results + validator.corpus(skeleton)


class _TurtleFile:
    """The triples of a Turtle file, parsed anew each time they are iterated."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[ox.Triple]:
        try:
            yield from (quad.triple for quad in ox.parse(path=self.path, format=ox.RdfFormat.TURTLE))
        except SyntaxError as err:
            raise InputError(f"{self.path}: cannot parse: {err}") from err


def _load_triples(source: Path) -> dict[str, list[ox.Triple]]:
    """The non-empty graphs of `source` as pyoxigraph triples by name (see `load_graphs`)."""
    path = source / "parley.trig" if source.is_dir() else source
    fmt = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE}.get(
        path.suffix
    )
    if not path.is_file() or fmt is None:
        raise InputError(f"{source}: not a graph folder with parley.trig, nor a .trig, .nq or .ttl file")
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    try:
        for q in ox.parse(path=path, format=fmt):
            name = path.as_posix() if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
            graphs[name].append(q.triple)
    except SyntaxError as err:
        raise InputError(f"{path}: cannot parse: {err}") from err
    named = {name: triples for name, triples in graphs.items() if name != path.as_posix()}
    return named or dict(graphs)


def _pyshacl(source: Path, ontology: Path, shapes: Path, corpus_shapes: Path) -> list[ShapeResult]:
    onto = _parse(ontology)
    graph_shapes = _parse(shapes)
    cross_shapes = _parse(corpus_shapes)
    graphs = load_graphs(source)
    types = _type_index(graphs.values())
    results: list[ShapeResult] = []
    names = sorted(graphs)
    shapes_text = graph_shapes.serialize(format="turtle")
    jobs = [_with_context(graphs[name], onto, types).serialize(format="nt") for name in names]
    workers = min(len(jobs), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) if workers > 1 else nullcontext() as pool:
        reports = (
            pool.map(_run_text, jobs, [shapes_text] * len(jobs))
            if pool
            else map(_run_text, jobs, [shapes_text] * len(jobs))
        )
        for name, text in zip(names, reports, strict=True):
            _collect(Graph().parse(data=text, format="nt"), graphs[name], name, results)
    skeleton = _skeleton(graphs.values(), onto)
    _collect(_run(skeleton + onto, cross_shapes), skeleton, "corpus", results)
    return results


def load_graphs(source: Path) -> dict[str, Graph]:
    """The non-empty graphs of `source` by name: a built folder's graph files, or those of a dataset
    file; a Turtle file is one graph named by its path."""
    files = graph_files(source) if source.is_dir() else None
    if files is not None:
        return {name: graph for name, path in files.items() if len(graph := _parse(path))}
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
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(report_turtle(result.results, result.conforms))


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
    """Validate N-Triples `data` against Turtle `shapes` (in a worker process); the report as N-Triples."""
    report = _run(Graph().parse(data=data, format="nt"), Graph().parse(data=shapes, format="turtle"))
    return report.serialize(format="nt")


def _run(data: Graph, shapes: Graph) -> Graph:
    _, report, _ = shacl_validate(data, shacl_graph=shapes, inplace=True, allow_warnings=True)
    assert isinstance(report, Graph)
    return report


def _collect(report: Graph, graph: Graph, name: str, results: list[ShapeResult]) -> None:
    """Keep the results whose focus node `graph` describes."""
    described = set(graph.subjects())
    for node in report.objects(None, SH.result):
        if report.value(node, SH.focusNode) in described:
            results.append(_result(report, node, graph, name))


def _result(report: Graph, node: Node, graph: Graph, name: str) -> ShapeResult:
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    inverse = report.value(path, SH.inversePath) if path is not None else None
    source_file, line = _locate(graph, focus)
    value = report.value(node, SH.value)
    return ShapeResult(
        severity=str(report.value(node, SH.resultSeverity)).rsplit("#", 1)[-1],
        focus=str(focus),
        path=short(str(path)) if isinstance(path, URIRef) else f"^{short(str(inverse))}" if inverse else "",
        message="; ".join(sorted(str(m) for m in report.objects(node, SH.resultMessage))),
        shape=short(str(report.value(node, SH.sourceShape))),
        value="" if value is None else str(value),
        graph=name,
        source_file=source_file,
        line=line,
        component=str(report.value(node, SH.sourceConstraintComponent)),
        term="" if value is None else _nt(value),
    )


def _nt(term: Node) -> str:
    if isinstance(term, Literal) and term.datatype is None and not term.language:
        return str(ox.Literal(str(term)))
    return term.n3()


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
