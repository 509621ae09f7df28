"""The pipeline, streamed one document at a time on every core:

1. digest: read and parse each source into a small digest (in worker processes), each parsed
   document left on disk for phase three;
2. link: the cross-document links, from the digests;
3. build: per document, load its parse (or read and parse it again when its digest came from the
   cache), map, serialize and validate (in worker processes), write its Turtle file at once and
   keep only counts, findings and the small skeleton of its graph;
4. assemble the union files from the per-document pieces, validate the cross-document rules on the
   skeletons, write the description and the report.

Memory stays flat as the corpus grows; unchanged documents come from the build cache.
"""

from __future__ import annotations

import hashlib
import operator
import os
import shutil
import stat
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from parley import outfolder, report, write
from parley.buildcache import BuildCache, SourceStamp, cache_folder
from parley.config import DatasetInfo, Settings
from parley.corpus import display_folder, display_name, read_sources, relative, scan
from parley.crosslink import Digest, corpus_links, link_targets
from parley.docbuild import (
    Built,
    Digested,
    DocumentBuilder,
    Job,
    SharedGraph,
    Targets,
    build_in_worker,
    digest_in_worker,
    init_worker,
    spooled,
    use_builder,
)
from parley.errors import InputError, StrictModeError, ValidationFailed
from parley.findings import by_kind
from parley.merging import mergeable_persons
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
PARALLEL_FROM_BYTES = 4_000_000  # or source bytes to read (a few TEI volumes)
RECENT_NS = 2_000_000_000  # a file changed this recently may change again within its time's precision


@dataclass
class BuildResult:
    """What a build produced and noticed."""

    documents: list[Built] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    unlinked: list[dict[str, str]] = field(default_factory=list)
    mergeable: list[dict[str, object]] = field(default_factory=list)  # see `parley.merging`
    results: list[ShapeResult] = field(default_factory=list)
    shared_triples: int = 0  # of the registry and statistics graphs
    rebuilt: int = 0
    last_good: dict[str, str] = field(default_factory=dict)  # files that failed and keep their last build
    files: dict[str, str] = field(default_factory=dict)  # each document's file (its path in the corpus)
    seconds: dict[str, float] = field(default_factory=dict)  # by phase: digest, documents, assemble

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is not Severity.INFO]

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "Violation" for r in self.results)

    def summary(self) -> dict[str, int]:
        counts = [built.counts for built in self.documents]  # each has every name COUNTED
        return {
            "documents": len(self.documents),
            **{name: sum(map(operator.itemgetter(name), counts)) for name in COUNTED},
            "triples": self.shared_triples + sum(b.triples for b in self.documents),
            "warnings": len(self.warnings),
            "errors": sum(1 for f in self.findings if f.severity is Severity.ERROR),
        }


COUNTED = (
    "meetings",
    "records of no meeting",
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
        self.compiled = builder.validator.compiled if builder.validator else None
        self.pool: ProcessPoolExecutor | None = None
        use_builder(builder)

    def _map(self, fn: Callable[[T], R], items: list[T], chunksize: int, worth_it: bool) -> Iterator[R]:
        if self.pool is None and self.jobs > 1 and worth_it:
            initargs = (self.settings, self.compiled)
            self.pool = ProcessPoolExecutor(self.jobs, initializer=init_worker, initargs=initargs)
        return self.pool.map(fn, items, chunksize=chunksize) if self.pool else map(fn, items)

    def digest(self, paths: list[Path], spool: Path) -> Iterator[tuple[Digested, ...]]:
        """Phase one, file by file, the parsed documents left in `spool`: in workers for many files or
        a few large ones (TEI volumes), one at a time to each worker while they are few."""
        large = sum(_size(path) for path in paths) >= PARALLEL_FROM_BYTES
        worth_it = len(paths) >= PARALLEL_FROM or (len(paths) > 1 and large)
        chunksize = 8 if len(paths) >= 8 * PARALLEL_FROM else 1
        return self._map(digest_in_worker, [(path, spool) for path in paths], chunksize, worth_it)

    def build(self, jobs: list[Job]) -> Iterator[Built | str]:
        return self._map(build_in_worker, jobs, 4, len(jobs) >= PARALLEL_FROM)

    def close(self) -> None:
        if self.pool:
            self.pool.shutdown()


def build(
    settings: Settings,
    *,
    progress: Callable[[str], None] | None = None,
    scanned: tuple[list[Path], list[Finding]] | None = None,
) -> BuildResult:
    """Build the graph of `settings.corpus` into `settings.out` (its files as `corpus.scan` finds them,
    or `scanned`, the caller's scan); raises StrictModeError in strict mode, ValidationFailed when the
    graph does not conform (after writing it and its validation report), BusyError when another build
    is writing the same output folder or cache."""
    files, refused = scanned or scan(settings.corpus)
    with outfolder.exclusive(settings.out, cache_folder(settings)):
        outfolder.clean_leftovers(settings.out)
        with BuildCache(settings) as cache:
            return _build(settings, files, refused, progress, cache)


def _build(
    settings: Settings,
    files: list[Path],
    refused: list[Finding],
    progress: Callable[[str], None] | None,
    cache: BuildCache,
) -> BuildResult:
    builder = DocumentBuilder(settings, cache.shapes)
    cache.shapes = builder.validator.compiled if builder.validator else cache.shapes
    result = BuildResult(findings=[*refused, *read_sources(settings.corpus)[1]])
    workers = Workers(settings, builder)
    clock = time.perf_counter()
    shutil.rmtree(cache.spool, ignore_errors=True)
    cache.spool.mkdir(parents=True)
    try:
        sources, failed = _digest(files, settings, builder, cache, workers, result, progress)
        result.seconds["digest"] = time.perf_counter() - clock
        digests = [s.digest for s in sources]
        links = corpus_links(digests).by_document()
        by_id = {d.doc_id: d for d in digests}
        jobs: list[tuple[Source, CorpusLinks, Targets, str]] = []
        done: dict[str, Built] = {}
        docs_dir = settings.out / "documents"
        docs_dir.mkdir(parents=True, exist_ok=True)
        docs_folder = f"{docs_dir}{os.sep}"  # a string: no Path made per document
        for source in sorted(sources, key=lambda s: s.digest.doc_id):
            doc_id, name = source.digest.doc_id, source.name
            result.files[doc_id] = name
            if name in failed:  # its file failed to read: the last good builds of its documents stay
                if doc_id in failed[name]:
                    done[doc_id] = failed[name][doc_id]
                continue
            doc_links = links.get(doc_id, CorpusLinks())
            targets = link_targets(doc_links, builder.iris, by_id)
            inputs = (source.digested.inputs, doc_links, sorted(targets.items(), key=str))
            key = hashlib.sha256(repr(inputs).encode()).hexdigest()
            cached = cache.built(name, doc_id, key, f"{docs_folder}{doc_id}.ttl")
            if cached:
                done[doc_id] = cached
            else:
                jobs.append((source, doc_links, targets, key))
        fresh = workers.build(
            [
                (s.path, s.digest.doc_id, links_, targets, cache.pending(s.digest.doc_id), s.parsed)
                for s, links_, targets, _ in jobs
            ]
        )
        for (source, _, _, key), built in zip(jobs, fresh, strict=True):
            doc_id = source.digest.doc_id
            if progress:
                progress(source.digested.file)
            if isinstance(built, str):
                cache.pending(doc_id).turtle.unlink(missing_ok=True)
                message = built.removeprefix(f"{display_name(settings.corpus, source.path)}: ")
                result.findings += [*source.digested.findings]
                result.findings.append(Finding(source.digested.file, 1, Severity.ERROR, message))
                if last := cache.last_good(source.name, doc_id):
                    done[doc_id] = last[0]
                    _keep(result, source.digested.file, doc_id)
                continue
            turtle = docs_dir / f"{doc_id}.ttl"
            if write.move_if_changed(cache.pending(doc_id).turtle, turtle):
                result.written.append(turtle)
            done[doc_id] = cache.put_built(source.name, key, built, turtle)  # without its bytes
            result.rebuilt += 1
    finally:
        workers.close()
        shutil.rmtree(cache.spool, ignore_errors=True)
    held: dict[str, set[str]] = defaultdict(set)  # each file's documents in this build
    for doc_id in done:
        held[result.files[doc_id]].add(doc_id)
    for name in list(cache.seen):
        cache.forget_other_builds(name, held[name])
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
    result.mergeable = mergeable_persons(result.documents)
    _write(result, settings, builder, cache)
    cache.save()
    result.seconds["assemble"] = time.perf_counter() - clock
    if settings.validate and not result.conforms:
        report = "\n".join(str(r) for r in result.results if r.severity == "Violation")
        raise ValidationFailed(f"the built graph does not conform to the shapes:\n{report}")
    return result


@dataclass(frozen=True)
class Source:
    """A document to publish: its source file, the file's path in the corpus (its key in the cache
    and in sources.csv) and the document's digest."""

    path: Path
    name: str
    digested: Digested
    parsed: Path | None  # where phase one left the parsed document, when it parsed it in this build

    @property
    def digest(self) -> Digest:
        assert self.digested.digest is not None
        return self.digested.digest


def _size(path: Path) -> int:
    try:
        return path.lstat().st_size
    except OSError:
        return 0


def _keep(result: BuildResult, file: str, doc_id: str) -> None:
    """Note that `file` (a source file, or a document of one) failed and its last good build of
    `doc_id` stays published."""
    message = (
        f"the last good build of this file stays published (documents/{doc_id}.ttl) until it builds again"
    )
    result.findings.append(Finding(file, 1, Severity.WARNING, message))
    result.last_good[file] = file


def _digest(
    files: list[Path],
    settings: Settings,
    builder: DocumentBuilder,
    cache: BuildCache,
    workers: Workers,
    result: BuildResult,
    progress: Callable[[str], None] | None,
) -> tuple[list[Source], dict[str, dict[str, Built]]]:
    """Phase one: the digests of each file's documents, from the cache or freshly parsed; duplicates
    are skipped. A file that fails to read and has last good builds keeps them: they are returned
    by file and document id."""
    keys: dict[Path, str] = {}
    stamps: dict[Path, SourceStamp | None] = {}
    todo: list[Path] = []
    digested: dict[Path, tuple[Digested, ...]] = {}
    failed: dict[str, dict[str, Built]] = {}
    parsed: set[Path] = set()  # the files parsed in this build
    limit = int(settings.max_document_mb * 1e6)
    names = {path: relative(settings.corpus, path) for path in files}  # each file's path in the corpus
    folder = display_folder(settings.corpus)
    for path in files:
        name = names[path]
        display = folder + name  # `display_name` of the file
        content, stamps[path] = _content(path, name, display, limit, cache)
        keys[path] = cache.key(display, content, builder.rows_of(name))
        known = cache.digested(name, keys[path], stamps[path])
        if known is not None:
            digested[path] = known
        else:
            todo.append(path)
    for path, fresh in zip(todo, workers.digest(todo, cache.spool), strict=True):
        name = names[path]
        if progress:
            progress(name)
        if len(fresh) == 1 and fresh[0].digest is None and (last := cache.last_good(name)):
            result.findings.extend(fresh[0].findings)
            for built in last:
                _keep(result, fresh[0].file, built.doc_id)
            failed[name] = {built.doc_id: built for built in last}
            digested[path] = cache.seen[name].digested
            continue
        cache.put_digested(name, keys[path], fresh, stamps[path])
        digested[path] = fresh
        parsed.add(path)
    kept: list[Source] = []
    seen: dict[str, str] = {}
    ids: dict[str, str] = {}
    for path in files:  # the findings of a kept file come with its built documents
        name = names[path]
        for index, outcome in enumerate(digested[path]):
            d = outcome.digest
            if d is None:
                result.findings.extend(outcome.findings)
                continue
            if outcome.text_sha256 in seen or d.doc_id in ids or d.doc_id in SHARED_GRAPHS:
                if outcome.text_sha256 in seen:
                    message = f"duplicate of {seen[outcome.text_sha256]}; skipped"
                elif d.doc_id in ids:
                    message = (
                        f"its document id {d.doc_id} is also that of {ids[d.doc_id]}; skipped (rename one)"
                    )
                else:
                    message = f"its document id {d.doc_id} is that of a shared graph; skipped (rename it)"
                result.findings.extend(outcome.findings)
                result.findings.append(Finding(outcome.file, 1, Severity.WARNING, message))
                failed.get(name, {}).pop(d.doc_id, None)
                continue
            seen[outcome.text_sha256] = d.doc_id
            ids[d.doc_id] = outcome.file
            spool = spooled(cache.spool, path, index) if path in parsed else None
            kept.append(Source(path, name, outcome, spool))
    return kept, failed


def _content(
    path: Path, name: str, display: str, limit: int, cache: BuildCache
) -> tuple[str, SourceStamp | None]:
    """The hash of a source file's bytes and its stamp, taken from the cache while the file's size,
    time and inode are those it was read with; else the file is read (the hash of why it cannot be
    read, and no stamp, if it cannot: the reader reports it)."""
    try:
        status: os.stat_result | None = os.stat(path, follow_symlinks=False)
    except OSError:
        status = None
    readable = status is not None and stat.S_ISREG(status.st_mode) and status.st_size <= limit
    if status and readable and (known := cache.stamp(name, status)):
        return known.sha256, known
    try:
        data = read_bytes(path, display, limit)
    except InputError as err:
        return hashlib.sha256(str(err).encode()).hexdigest(), None
    if status is None or time.time_ns() - status.st_mtime_ns < RECENT_NS:
        return hashlib.sha256(data).hexdigest(), None  # too new to vouch for: read again next time
    stamp = SourceStamp.of(status, data)
    return stamp.sha256, stamp


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
    order = sorted([*ids, *shared])
    header = write.header(iris)

    def trig_parts() -> Iterator[write.Part]:
        yield header
        for name in order:
            yield shared[name].chunk if name in shared else (cache.chunk(name), 0)

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
    outputs.append((out / "void.ttl", [_void(info, iris, sizes, settings.dumps, cache)]))
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
    signature = cache.signature(turtles, [(doc_id, result.files[doc_id]) for doc_id in sorted(ids)])
    for path, dump_parts in ((out / "parley.trig", trig_parts), (out / "parley.ttl", turtle_parts)):
        if not settings.dumps:
            path.unlink(missing_ok=True)  # no stale dump is left beside the graphs it no longer matches
        elif not cache.unchanged(path, signature):
            write.write_parts(path, dump_parts())
            cache.written(path, signature)
            result.written.append(path)
    _write_report(out / "report.json", result, cache)


def _void(
    info: DatasetInfo, iris: Iris, sizes: dict[str, tuple[int, int]], dumps: bool, cache: BuildCache
) -> bytes:
    """void.ttl's text; from the cache while the dataset's description and the graphs' sizes hold."""
    key = hashlib.sha256(repr((info, iris.base, sorted(sizes.items()), dumps)).encode()).hexdigest()
    if cache.void and cache.void[0] == key:
        return cache.void[1]
    text = write.turtle(void_triples(info, iris, sizes, dump=dumps), iris)
    cache.void = (key, text)
    return text


def _remove_stale(result: BuildResult, out: Path, cache: BuildCache, ids: set[str]) -> None:
    """Remove the Turtle files of documents published before and gone now; only those: a file that no
    build wrote is reported and left."""
    written = cache.published if cache.published is not None else outfolder.published_documents(out)
    folder = out / "documents"
    for name in sorted(os.listdir(folder)):  # names, not paths: thousands of them
        stem = name.removesuffix(".ttl")
        if stem == name or stem in ids:
            continue
        if stem in written:
            (folder / name).unlink()
        else:
            message = "not written by Parley, so neither removed nor published (not in void.ttl)"
            result.findings.append(Finding(f"{out.name}/documents/{name}", 1, Severity.WARNING, message))
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
    the findings of the files that built nothing; not rendered again while its signature holds. The
    parts that lie unchanged in the report last written are copied from it, not read from the cache."""
    built = {b.file: b for b in result.documents}
    kept = set(result.last_good.values())
    loose: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        if f.file not in built or (f.file in kept and f not in built[f.file].findings):
            loose[f.file].append(f)
    parts = {file: report.FilePart.of(findings, ()) for file, findings in loose.items()}
    hashes = {file: part.sha256 for file, part in parts.items()}
    cached: dict[str, tuple[str, str]] = {}  # the files whose parts the cache keeps: name and document
    for b in result.documents:
        name = result.files[b.doc_id]
        hashes[b.file] = cache.report_hash(name, b)
        if b.file in kept:  # a file that failed, whose last good build stays: this build's findings too
            part, failed = cache.part(name, b.doc_id), parts[b.file]
            findings = ",\n".join(text for text in (part.findings, failed.findings) if text)
            parts[b.file] = report.FilePart(findings, part.candidates, part.sha256 + failed.sha256)
            hashes[b.file] = parts[b.file].sha256
        else:
            cached[b.file] = (name, b.doc_id)
    rest = {
        "documents": [
            {"id": b.doc_id, "file": b.file, "kind": b.kind, "title": b.title} for b in result.documents
        ],
        "collections": [b.doc_id for b in result.documents if b.kind == DocumentKind.COLLECTION.value],
        "unlinked": result.unlinked,
        "mergeable": result.mergeable,
        "findings_by_kind": [k.as_json() for k in by_kind(result.warnings)],  # notes: per file only
    }
    summary = result.summary()
    rest_hash = report.rest_hash(rest)
    signature = report.signature(summary, rest_hash, hashes)
    if cache.unchanged(path, signature):
        return
    old = cache.placed if cache.as_written(path) else {}
    sources: list[tuple[str, report.FilePart | report.Placed]] = []
    for file in sorted(hashes):
        if file in old and old[file].sha256 == hashes[file]:
            sources.append((file, old[file]))
        else:
            sources.append((file, parts[file] if file in parts else cache.part(*cached[file])))
    placed: dict[str, report.Placed] = {}
    if cache.skeleton is None or cache.skeleton[0] != rest_hash:
        cache.skeleton = rest_hash, report.skeleton_of_rest(rest)
    pieces = report.render(report.with_summary(cache.skeleton[1], summary), sources, placed)
    written = (piece if isinstance(piece, bytes) else (path, *piece) for piece in pieces)
    if old:  # a new signature: the report changes
        write.write_parts(path, written)
        result.written.append(path)
    elif write.write_parts_if_changed(path, written):
        result.written.append(path)
    cache.written(path, signature)
    cache.placed = placed
