"""The pipeline, streamed one document at a time on every core:

1. digest: read and parse each source into a small digest (in worker processes);
2. link: the cross-document links, from the digests;
3. build: per document, parse again, map, serialize and validate (in worker processes), write its
   Turtle file at once and keep only counts, findings and the small skeleton of its graph;
4. assemble the union files from the per-document pieces, validate the cross-document rules on the
   skeletons, write the description and the report.

Memory stays flat as the corpus grows; unchanged documents come from the build cache.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from parley import outfolder, report, write
from parley.buildcache import BuildCache, cache_folder
from parley.config import Settings
from parley.corpus import display_name, read_sources, scan
from parley.crosslink import Digest, corpus_links, link_targets
from parley.docbuild import (
    Built,
    Digested,
    DocumentBuilder,
    Job,
    SharedGraph,
    build_in_worker,
    digest_in_worker,
    init_worker,
    use_builder,
)
from parley.errors import InputError, StrictModeError, ValidationFailed
from parley.model import DocumentKind, Finding, Severity
from parley.rdf.document import CorpusLinks
from parley.rdf.iris import SHARED_GRAPHS, Iris
from parley.rdf.statistics import statistics_triples
from parley.rdf.void import load_dataset_info, void_triples
from parley.read import read_bytes
from parley.shacl import ShapeResult, report_turtle

REGISTRY_GRAPH, STATISTICS_GRAPH = SHARED_GRAPHS
T = TypeVar("T")
R = TypeVar("R")
PARALLEL_FROM = 16  # documents to do before worker processes pay for their start-up


@dataclass
class BuildResult:
    """What a build produced and noticed."""

    documents: list[Built] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    unlinked: list[dict[str, str]] = field(default_factory=list)
    results: list[ShapeResult] = field(default_factory=list)
    shared_triples: int = 0  # of the registry and statistics graphs
    rebuilt: int = 0
    last_good: dict[str, str] = field(default_factory=dict)  # files that failed and keep their last build
    seconds: dict[str, float] = field(default_factory=dict)  # by phase: digest, documents, assemble

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is not Severity.INFO]

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "Violation" for r in self.results)

    def summary(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for built in self.documents:
            counts.update(built.counts)
        return {
            "documents": len(self.documents),
            **{name: counts[name] for name in COUNTED},
            "triples": self.shared_triples + sum(b.triples for b in self.documents),
            "warnings": len(self.warnings),
            "errors": sum(1 for f in self.findings if f.severity is Severity.ERROR),
        }


COUNTED = (
    "meetings",
    "turns",
    "reported statements",
    "narration passages",
    "collection entries",
    "mentions",
    "claims",
)


class Workers:
    """Runs the per-document phases in worker processes, started only when there is enough to do
    (PARALLEL_FROM documents in a phase); a handful of documents is done in this process."""

    def __init__(self, settings: Settings, builder: DocumentBuilder) -> None:
        self.settings, self.jobs = settings, settings.jobs or os.cpu_count() or 1
        self.pool: ProcessPoolExecutor | None = None
        use_builder(builder)

    def _map(self, fn: Callable[[T], R], items: list[T], chunksize: int) -> Iterator[R]:
        if self.pool is None and self.jobs > 1 and len(items) >= PARALLEL_FROM:
            self.pool = ProcessPoolExecutor(self.jobs, initializer=init_worker, initargs=(self.settings,))
        return self.pool.map(fn, items, chunksize=chunksize) if self.pool else map(fn, items)

    def digest(self, paths: list[Path]) -> Iterator[Digested]:
        return self._map(digest_in_worker, paths, 8)

    def build(self, jobs: list[Job]) -> Iterator[Built | str]:
        return self._map(build_in_worker, jobs, 4)

    def close(self) -> None:
        if self.pool:
            self.pool.shutdown()


def build(settings: Settings, *, progress: Callable[[str], None] | None = None) -> BuildResult:
    """Build the graph of `settings.corpus` into `settings.out`; raises StrictModeError in strict mode,
    ValidationFailed when the graph does not conform (after writing it and its validation report),
    BusyError when another build is writing the same output folder or cache."""
    files, refused = scan(settings.corpus)
    with outfolder.exclusive(settings.out, cache_folder(settings)):
        outfolder.clean_leftovers(settings.out)
        return _build(settings, files, refused, progress)


def _build(
    settings: Settings, files: list[Path], refused: list[Finding], progress: Callable[[str], None] | None
) -> BuildResult:
    builder = DocumentBuilder(settings)
    cache = BuildCache(settings)
    result = BuildResult(findings=[*refused, *read_sources(settings.corpus)[1]])
    workers = Workers(settings, builder)
    clock = time.perf_counter()
    try:
        digests = _digest(files, settings, builder, cache, workers, result, progress)
        result.seconds["digest"] = time.perf_counter() - clock
        links = corpus_links([d for _, d in digests]).by_document()
        by_id = {d.doc_id: d for _, d in digests}
        ids_of = {path: d.doc_id for path, d in digests}
        jobs, done = [], {}
        docs_dir = settings.out / "documents"
        docs_dir.mkdir(parents=True, exist_ok=True)
        for path, d in sorted(digests, key=lambda pair: pair[1].doc_id):
            if path.name in result.last_good:  # failed to read: its last good build stays
                last = cache.seen[path.name].built
                assert last is not None
                done[d.doc_id] = last
                continue
            doc_links = links.get(d.doc_id, CorpusLinks())
            targets = link_targets(doc_links, builder.iris, by_id)
            key = hashlib.sha256(repr((doc_links, sorted(targets.items(), key=str))).encode()).hexdigest()
            cached = cache.built(path.name, key, docs_dir / f"{d.doc_id}.ttl")
            if cached:
                done[d.doc_id] = cached
            else:
                jobs.append((path, doc_links, targets, key))
        fresh = workers.build([(*job[:3], cache.pending(job[0].name)) for job in jobs])
        for (path, _, _, key), built in zip(jobs, fresh, strict=True):
            if progress:
                progress(path.name)
            if isinstance(built, str):
                cache.pending(path.name).turtle.unlink(missing_ok=True)
                display = display_name(settings.corpus, path)
                message = built.removeprefix(f"{display}: ")
                result.findings += [*cache.seen[path.name].digested.findings]
                result.findings.append(Finding(display, 1, Severity.ERROR, message))
                if last := cache.last_good(path.name, ids_of[path]):
                    done[last.doc_id] = last
                    _keep(result, display, last.doc_id)
                continue
            turtle = docs_dir / f"{built.doc_id}.ttl"
            if write.move_if_changed(cache.pending(path.name).turtle, turtle):
                result.written.append(turtle)
            done[built.doc_id] = cache.put_built(path.name, key, built, turtle)  # without its bytes
            result.rebuilt += 1
    finally:
        workers.close()
    result.seconds["documents"] = time.perf_counter() - clock - result.seconds.get("digest", 0.0)
    clock = time.perf_counter()
    result.documents = [done[doc_id] for doc_id in sorted(done)]
    for built in result.documents:
        result.findings.extend(built.findings)
    if settings.strict and result.warnings:
        raise StrictModeError(f"--strict: {len(result.warnings)} warnings, first: {result.warnings[0]}")
    result.unlinked = [
        {"id": e.id, "kind": e.kind, "label": e.label}
        for e in sorted(builder.registry.entities.values(), key=lambda e: (e.kind, e.id))
        if not e.wikidata
    ]
    _write(result, settings, builder, cache)
    cache.save()
    result.seconds["assemble"] = time.perf_counter() - clock
    if settings.validate and not result.conforms:
        report = "\n".join(str(r) for r in result.results if r.severity == "Violation")
        raise ValidationFailed(f"the built graph does not conform to the shapes:\n{report}")
    return result


def _keep(result: BuildResult, display: str, doc_id: str) -> None:
    """Note that the file `display` failed and its last good build of `doc_id` stays published."""
    message = (
        f"the last good build of this file stays published (documents/{doc_id}.ttl) until it builds again"
    )
    result.findings.append(Finding(display, 1, Severity.WARNING, message))
    result.last_good[Path(display).name] = display


def _digest(
    files: list[Path],
    settings: Settings,
    builder: DocumentBuilder,
    cache: BuildCache,
    workers: Workers,
    result: BuildResult,
    progress: Callable[[str], None] | None,
) -> list[tuple[Path, Digest]]:
    """Phase one: each file's digest, from the cache or freshly parsed; duplicates are skipped. A file
    that fails and has a last good build keeps it."""
    keys: dict[Path, str] = {}
    todo: list[Path] = []
    digested: dict[Path, Digested] = {}
    limit = int(settings.max_document_mb * 1e6)
    for path in files:
        display = display_name(settings.corpus, path)
        try:
            data = read_bytes(path, display, limit)
        except InputError as err:
            data = str(err).encode()  # the reader reports it
        keys[path] = cache.key(display, data, builder.sources.get(path.name))
        known = cache.digested(path.name, keys[path])
        if known:
            digested[path] = known
        else:
            todo.append(path)
    for path, fresh in zip(todo, workers.digest(todo), strict=True):
        if progress:
            progress(path.name)
        if fresh.digest is None and (last := cache.last_good(path.name)):
            result.findings.extend(fresh.findings)
            _keep(result, fresh.file, last.doc_id)
            digested[path] = cache.seen[path.name].digested
            continue
        cache.put_digested(path.name, keys[path], fresh)
        digested[path] = fresh
    kept: list[tuple[Path, Digest]] = []
    seen: dict[str, str] = {}
    ids: dict[str, str] = {}
    for path in files:  # the findings of a kept file come with its built document
        outcome = digested[path]
        d = outcome.digest
        if d is None:
            result.findings.extend(outcome.findings)
            continue
        if outcome.text_sha256 in seen or d.doc_id in ids or d.doc_id in SHARED_GRAPHS:
            if outcome.text_sha256 in seen:
                message = f"duplicate of {seen[outcome.text_sha256]}; skipped"
            elif d.doc_id in ids:
                message = f"its document id {d.doc_id} is also that of {ids[d.doc_id]}; skipped (rename one)"
            else:
                message = f"its document id {d.doc_id} is that of a shared graph; skipped (rename it)"
            result.findings.extend(outcome.findings)
            result.findings.append(Finding(outcome.file, 1, Severity.WARNING, message))
            result.last_good.pop(path.name, None)
            continue
        seen[outcome.text_sha256] = d.doc_id
        ids[d.doc_id] = outcome.file
        kept.append((path, d))
    return kept


def _write(result: BuildResult, settings: Settings, builder: DocumentBuilder, cache: BuildCache) -> None:
    out, iris = settings.out, builder.iris
    docs_dir = out / "documents"
    ids = {b.doc_id for b in result.documents}
    _remove_stale(result, out, cache, ids)
    shared = {  # the graphs beside the documents': the registry, and the counts over all documents
        REGISTRY_GRAPH: _shared_graph(iris.registry_graph(), builder.registry_graph, iris),
        STATISTICS_GRAPH: _statistics(result.documents, builder, cache),
    }
    result.shared_triples = sum(graph.triples for graph in shared.values())
    names = {b.doc_id: Path(b.file).name for b in result.documents}
    order = sorted([*ids, *shared])
    header = write.header(iris)

    def trig_parts() -> Iterator[write.Part]:
        yield header
        for name in order:
            yield shared[name].chunk if name in shared else (cache.chunk(names[name]), 0)

    def turtle_parts() -> Iterator[write.Part]:
        yield header
        for name in order:
            if name in shared:
                yield write.body(shared[name].turtle)
            else:
                yield docs_dir / f"{name}.ttl", len(header)

    outputs: list[tuple[Path, Iterable[write.Part]]] = [
        (out / f"{name}.ttl", [graph.turtle]) for name, graph in shared.items()
    ]
    sizes = {b.doc_id: (b.triples, b.subjects) for b in result.documents}
    sizes |= {name: (graph.triples, graph.subjects) for name, graph in shared.items()}
    info = settings.dataset or load_dataset_info(settings.corpus)
    void = void_triples(info, iris, sizes, dump=settings.dumps)
    outputs.append((out / "void.ttl", [write.turtle(void, iris)]))
    if settings.validate:
        result.results = sorted(
            [r for b in result.documents for r in b.results]
            + list(shared[STATISTICS_GRAPH].results)
            + _corpus_results(result, builder, cache),
            key=lambda r: (r.source_file or r.graph, r.line or 0, r.focus, r.path, r.message),
        )
        outputs.append((out / "validation.ttl", [report_turtle(result.results, result.conforms)]))
    for path, parts in outputs:
        if write.write_parts_if_changed(path, parts):
            result.written.append(path)
    # the dumps are as large as the corpus: rewritten only when a piece of them changed
    turtles = b"".join(graph.turtle for graph in shared.values())
    signature = cache.signature(turtles, [(name, names[name]) for name in sorted(ids)])
    for path, dump_parts in ((out / "parley.trig", trig_parts), (out / "parley.ttl", turtle_parts)):
        if not settings.dumps:
            path.unlink(missing_ok=True)  # no stale dump is left beside the graphs it no longer matches
        elif not cache.unchanged(path, signature):
            write.write_parts(path, dump_parts())
            cache.written(path, signature)
            result.written.append(path)
    _write_report(out / "report.json", result, cache)


def _remove_stale(result: BuildResult, out: Path, cache: BuildCache, ids: set[str]) -> None:
    """Remove the Turtle files of documents published before and gone now; only those: a file that no
    build wrote is reported and left."""
    written = cache.published if cache.published is not None else outfolder.published_documents(out)
    for stale in sorted((out / "documents").glob("*.ttl")):
        if stale.stem in ids:
            continue
        if stale.stem in written:
            stale.unlink()
        else:
            message = "not written by Parley, so neither removed nor published (not in void.ttl)"
            result.findings.append(
                Finding(f"{out.name}/documents/{stale.name}", 1, Severity.WARNING, message)
            )
    cache.published = ids


def _shared_graph(
    node: ox.NamedNode, triples: list[ox.Triple], iris: Iris, results: Iterable[ShapeResult] = ()
) -> SharedGraph:
    """A graph beside the documents' as it is written, with its validation `results`."""
    return SharedGraph(
        turtle=write.turtle(triples, iris),
        chunk=write.body(write.trig({node.value: (node, triples)}, iris)),
        triples=len(set(triples)),
        subjects=len({t.subject for t in triples}),
        results=tuple(results),
    )


def _statistics(documents: list[Built], builder: DocumentBuilder, cache: BuildCache) -> SharedGraph:
    """The statistics graph, validated; from the cache while no document's co-mentions changed."""
    digest = hashlib.sha256()
    for b in documents:
        digest.update(hashlib.sha256(b.co_mentions).digest())
    key = digest.hexdigest()
    if cache.statistics and cache.statistics[0] == key:
        return cache.statistics[1]
    node, iris = builder.iris.statistics_graph(), builder.iris
    triples = statistics_triples((b.co_mentions for b in documents), iris)
    validator = builder.validator
    results = validator.document(node.value, triples, builder.registry_types) if validator else []
    graph = _shared_graph(node, triples, iris, results)
    cache.statistics = (key, graph)
    return graph


def _corpus_results(result: BuildResult, builder: DocumentBuilder, cache: BuildCache) -> list[ShapeResult]:
    """The cross-document rules on the skeletons of all documents; from the cache if none changed."""
    assert builder.validator is not None
    digest = hashlib.sha256()
    for b in result.documents:
        digest.update(hashlib.sha256(b.skeleton).digest())
    key = digest.hexdigest()
    if cache.corpus_results and cache.corpus_results[0] == key:
        return cache.corpus_results[1]
    skeleton = [t for b in result.documents for t in ox.parse(b.skeleton, format=ox.RdfFormat.N_TRIPLES)]
    found = builder.validator.corpus(skeleton)
    cache.corpus_results = (key, found)
    return found


def _write_report(path: Path, result: BuildResult, cache: BuildCache) -> None:
    """The report, from each built document's part (rendered once, then kept in its cache entry) and
    the findings of the files that built nothing; not rendered again while its signature holds."""
    built = {b.file: b for b in result.documents}
    kept = set(result.last_good.values())
    loose: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        if f.file not in built or (f.file in kept and f not in built[f.file].findings):
            loose[f.file].append(f)
    parts = {file: report.FilePart.of(findings, ()) for file, findings in loose.items()}
    for b in result.documents:
        part = cache.report_part(Path(b.file).name, b)
        if b.file in kept:  # a file that failed, whose last good build stays: this build's findings too
            findings = ",\n".join(text for text in (part.findings, parts[b.file].findings) if text)
            part = report.FilePart(findings, part.candidates, part.sha256 + parts[b.file].sha256)
        parts[b.file] = part
    rest = {
        "documents": [
            {"id": b.doc_id, "file": b.file, "kind": b.kind, "title": b.title} for b in result.documents
        ],
        "collections": [b.doc_id for b in result.documents if b.kind == DocumentKind.COLLECTION.value],
        "unlinked": result.unlinked,
    }
    skeleton = report.skeleton(result.summary(), rest)
    signature = report.signature(skeleton, parts)
    if cache.unchanged(path, signature):
        return
    if write.write_parts_if_changed(path, report.render(skeleton, [parts[file] for file in sorted(parts)])):
        result.written.append(path)
    cache.written(path, signature)
