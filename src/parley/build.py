"""The pipeline, written once: read -> parse -> resolve/recognize -> map -> write -> validate."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Triple

from parley import write
from parley.claims import load_claim_rules
from parley.config import Settings
from parley.corpus import load_sources, source_files
from parley.crosslink import corpus_links
from parley.errors import InputError, StrictModeError, ValidationFailed
from parley.model import Document, DocumentKind, Finding, Severity
from parley.parse import parse_document
from parley.rdf.document import DocumentMapper
from parley.rdf.iris import Iris
from parley.rdf.registry import issue_triples, registry_triples
from parley.rdf.void import load_dataset_info, void_triples
from parley.read import read_source
from parley.registry import Registry, load_registry, normalize_name, strip_titles
from parley.validate import validate, write_report
from parley.vocab import P, S

REGISTRY_GRAPH = "registry"


@dataclass
class BuildResult:
    """What a build produced and noticed."""

    documents: list[Document] = field(default_factory=list)
    graphs: dict[str, tuple[NamedNode, list[Triple]]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    candidates: list[dict[str, object]] = field(default_factory=list)
    unlinked: list[dict[str, str]] = field(default_factory=list)

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is not Severity.INFO]

    def _count_typed(self, cls: NamedNode) -> int:
        return sum(
            1
            for _, triples in self.graphs.values()
            for t in triples
            if t.object == cls and t.predicate == S.type
        )

    def summary(self) -> dict[str, int]:
        meetings = [d.meeting for d in self.documents if d.meeting]
        kinds = Counter(u.kind.value for m in meetings for u in m.utterances)
        return {
            "documents": len(self.documents),
            "meetings": len(meetings),
            "turns": kinds["turn"],
            "reported statements": kinds["reported"],
            "narration passages": kinds["narration"],
            "collection entries": sum(len(d.entries) for d in self.documents),
            "mentions": self._count_typed(P.Mention),
            "claims": self._count_typed(P.Claim),
            "triples": len({t for _, triples in self.graphs.values() for t in triples}),
            "warnings": len(self.warnings),
            "errors": sum(1 for f in self.findings if f.severity is Severity.ERROR),
        }


def known_person_names(registry: Registry) -> frozenset[str]:
    """Normalized person names of the registry, as speaker-label keys."""
    return frozenset(
        normalize_name(strip_titles(name))
        for entity in registry.entities.values()
        if entity.kind == "person"
        for name in entity.names
    )


def read_documents(
    corpus: Path, registry: Registry, progress: Callable[[str], None] | None = None
) -> tuple[list[Document], list[Finding]]:
    """Read and parse every source; a bad file becomes an error finding, the others go on."""
    sources = load_sources(corpus)
    names = known_person_names(registry)
    documents: list[Document] = []
    findings: list[Finding] = []
    seen: dict[str, str] = {}
    folder = corpus if corpus.is_dir() else corpus.parent
    for path in source_files(corpus):
        display = f"{folder.resolve().name}/{path.name}"
        if progress:
            progress(path.name)
        try:
            source = read_source(path, display=display)
        except InputError as err:
            findings.append(Finding(display, 1, Severity.ERROR, str(err).removeprefix(f"{display}: ")))
            continue
        if source.sha256 in seen or source.doc_id in seen.values():
            first = next((p for s, p in seen.items() if s == source.sha256), source.doc_id)
            findings.append(Finding(display, 1, Severity.WARNING, f"duplicate of {first}; skipped"))
            continue
        seen[source.sha256] = source.doc_id
        document = parse_document(source, sources.get(path.name), known_names=names)
        documents.append(document)
        findings.extend(document.findings)
    return documents, findings


def build(settings: Settings, *, progress: Callable[[str], None] | None = None) -> BuildResult:
    """Build the graph of `settings.corpus` into `settings.out`; raises StrictModeError in strict mode."""
    registry = load_registry(settings.mappings)
    iris = Iris(settings.base)
    documents, findings = read_documents(settings.corpus, registry, progress)
    overrides = {d.doc_id: d.reports_on for d in documents if d.reports_on}
    links = corpus_links(documents, registry, overrides)
    rules = load_claim_rules(settings.mappings) if (settings.mappings / "issues.yaml").exists() else None
    result = BuildResult(documents=documents, findings=findings)
    for document in documents:
        mapper = DocumentMapper(document, registry, iris, links, rules)
        try:
            triples = mapper.triples()
        except ValueError as err:  # pyoxigraph refuses an invalid IRI or literal
            result.findings.append(Finding(document.path, 1, Severity.ERROR, f"cannot map to RDF: {err}"))
            continue
        result.graphs[document.doc_id] = (iris.graph(document.doc_id), triples)
        result.findings.extend(mapper.resolver.findings + mapper.findings)
        result.candidates += [
            {
                "file": document.path,
                "line": document.text.count("\n", 0, c.span.start) + 1,
                "name": c.surface,
                "reason": c.reason,
                "context": c.context,
            }
            for c in mapper.candidates
        ]
    result.unlinked = [
        {"id": e.id, "kind": e.kind, "label": e.label}
        for e in sorted(registry.entities.values(), key=lambda e: (e.kind, e.id))
        if not e.wikidata
    ]
    registry_graph = registry_triples(registry, iris) + (
        issue_triples(rules, registry, iris) if rules else []
    )
    result.graphs[REGISTRY_GRAPH] = (iris.registry_graph(), registry_graph)
    if settings.strict and result.warnings:
        raise StrictModeError(f"--strict: {len(result.warnings)} warnings, first: {result.warnings[0]}")
    result.written = _write(result, settings, iris)
    if settings.validate:
        report = validate(
            settings.out,
            ontology=settings.ontology / "parley.ttl",
            shapes=settings.ontology / "shapes.ttl",
            corpus_shapes=settings.ontology / "corpus-shapes.ttl",
        )
        write_report(report, settings.out / "validation.ttl")
        if not report.conforms:
            raise ValidationFailed(f"the built graph does not conform to the shapes:\n{report}")
    return result


def _write(result: BuildResult, settings: Settings, iris: Iris) -> list[Path]:
    out = settings.out
    written: list[Path] = []
    docs_dir = out / "documents"
    expected = {f"{doc_id}.ttl" for doc_id in result.graphs if doc_id != REGISTRY_GRAPH}
    for stale in docs_dir.glob("*.ttl") if docs_dir.exists() else []:
        if stale.name not in expected:
            stale.unlink()
    files: dict[Path, bytes] = {
        docs_dir / f"{doc_id}.ttl": write.turtle(triples, iris)
        for doc_id, (_, triples) in result.graphs.items()
        if doc_id != REGISTRY_GRAPH
    }
    files[out / "registry.ttl"] = write.turtle(result.graphs[REGISTRY_GRAPH][1], iris)
    union = [t for _, triples in result.graphs.values() for t in triples]
    files[out / "parley.ttl"] = write.turtle(union, iris)
    files[out / "parley.trig"] = write.trig(result.graphs, iris)
    info = load_dataset_info(settings.corpus)
    files[out / "void.ttl"] = write.turtle(
        void_triples(info, iris, {k: v[1] for k, v in result.graphs.items()}), iris
    )
    for path, data in files.items():
        if write.write_if_changed(path, data):
            written.append(path)
    report = _report(result)
    if write.write_json(out / "report.json", report):
        written.append(out / "report.json")
    return written


def _report(result: BuildResult) -> dict[str, object]:
    return {
        "summary": result.summary(),
        "findings": [
            {
                "file": f.file,
                "line": f.line,
                "severity": f.severity.value,
                "message": f.message,
                "text": f.text,
            }
            for f in sorted(result.findings, key=lambda f: (f.file, f.line, f.message, f.text))
        ],
        "documents": [
            {"id": d.doc_id, "file": d.path, "kind": d.kind.value, "title": d.title} for d in result.documents
        ],
        "collections": [d.doc_id for d in result.documents if d.kind is DocumentKind.COLLECTION],
        "candidates": sorted(
            result.candidates, key=lambda c: (str(c["file"]), str(c["line"]), str(c["name"]))
        ),
        "unlinked": result.unlinked,
    }
