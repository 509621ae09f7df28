"""The units of work of the build: a source file, read and digested (each of its documents: one, or a
TEI volume's many), then each document mapped, serialized and validated on its own, in any process.
Results are small records and bytes, never the whole corpus."""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import pickle
import re
import signal
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from pyoxigraph import NamedNode, Triple

from parley import write
from parley.claims import ClaimRules, load_claim_rules
from parley.config import Settings
from parley.corpus import display_name, folders_of, load_sources, relative
from parley.crosslink import Digest, digest
from parley.errors import InputError
from parley.model import Document, DocumentKind, Finding, Severity, SourceInfo, SourceText
from parley.parse import parse_document
from parley.rdf.document import CorpusLinks, DocumentMapper
from parley.rdf.iris import Iris
from parley.rdf.registry import issue_triples, registry_triples
from parley.rdf.statistics import pack_pairs
from parley.rdf.tally import GraphTally
from parley.read import read_documents
from parley.registry import Registry, load_registry, normalize_name, strip_titles
from parley.shacl import ShapeResult, Validator
from parley.shacl.checks import Compiled
from parley.shacl.validator import add_types
from parley.sorter import TripleSorter
from parley.vocab import P, S

Targets = dict[NamedNode, tuple[NamedNode, ...]]  # nodes of other graphs and their classes


@dataclass(frozen=True)
class Written:
    """Where the build of one document writes its graph: its Turtle file and its TriG chunk."""

    turtle: Path
    trig: Path


Job = tuple[Path, str, CorpusLinks, Targets, Written, Path | None]  # a file, the id of one of its
# documents, its links, the nodes it links to, where it is written, where its parse may be spooled


def spooled(spool: Path, path: Path, index: int) -> Path:
    """Where phase one leaves the parsed document `index` (from 0) of the file at `path` in the folder
    `spool`, for phase two to load instead of reading and parsing the file again."""
    return spool / f"{hashlib.sha256(f'{path}#{index}'.encode()).hexdigest()[:32]}.pickle"


@dataclass(frozen=True)
class Digested:
    """Phase one of a document: its digest and what reading it noticed, or the error that stopped it
    (of the document, or of the whole file when it could not be read)."""

    file: str
    digest: Digest | None
    text_sha256: str
    findings: tuple[Finding, ...]
    inputs: str = ""  # a hash of what the document's build reads: its text, stated facts, sources.csv row


@dataclass(frozen=True)
class Built:
    """Phase two of a document: its serialized graph and everything the build reports about it."""

    doc_id: str
    kind: str
    file: str
    title: str
    skeleton: bytes
    triples: int
    subjects: int
    counts: dict[str, int]
    co_mentions: bytes  # passages naming both entities of a pair, by pair (statistics.pack_pairs)
    findings: tuple[Finding, ...]  # all of the file's: reading and parsing it, then mapping
    candidates: tuple[dict[str, object], ...]
    results: tuple[ShapeResult, ...] = field(default=())
    persons: tuple[tuple[str, str], ...] = ()  # (IRI, label) of the persons the registry does not know


@dataclass(frozen=True)
class SharedGraph:
    """A graph published beside the documents' (the registry, the statistics) as it is written."""

    turtle: bytes
    chunk: bytes  # its block of parley.trig
    triples: int
    subjects: int
    results: tuple[ShapeResult, ...]  # its validation


def known_person_names(registry: Registry) -> frozenset[str]:
    """Normalized person names of the registry, as speaker-label keys."""
    return frozenset(
        normalize_name(strip_titles(name))
        for entity in registry.entities.values()
        if entity.kind == "person"
        for name in entity.names
    )


class DocumentBuilder:
    """What every document's work needs, loaded once per process."""

    def __init__(self, settings: Settings, compiled: tuple[Compiled, Compiled] | None = None) -> None:
        self.settings = settings
        self.registry = load_registry(settings.mappings)
        self.names = known_person_names(self.registry)
        self.sources = load_sources(settings.corpus)
        self._rows: dict[str, list[SourceInfo]] = {}  # by file: its row, or the rows of its documents
        for key in sorted(self.sources):
            self._rows.setdefault(key.split("#", 1)[0], []).append(self.sources[key])
        self.iris = Iris(settings.base)
        self.rules: ClaimRules | None = (
            load_claim_rules(settings.mappings) if (settings.mappings / "issues.yaml").exists() else None
        )
        self.registry_graph = registry_triples(self.registry, self.iris) + (
            issue_triples(self.rules, self.registry, self.iris) if self.rules else []
        )
        self.registry_types: dict[object, set[Triple]] = {}
        add_types(self.registry_types, self.registry_graph)
        ontology = settings.ontology
        self.validator = None
        if settings.validate:
            self.validator = Validator.load(
                ontology / "parley.ttl", ontology / "shapes.ttl", ontology / "corpus-shapes.ttl", compiled
            )
        self._last: tuple[tuple[Path, int, int], list[SourceText]] | None = None

    def sources_of(self, path: Path) -> list[SourceText]:
        """The documents of the source file `path`, read once while it is unchanged (the documents of a
        TEI volume are built one by one, and one after the other)."""
        info = path.lstat()
        stamp = (path, info.st_size, info.st_mtime_ns)
        if self._last is None or self._last[0] != stamp:
            self._last = None  # let go of the last file first
            limit = int(self.settings.max_document_mb * 1e6)
            corpus = self.settings.corpus
            documents = read_documents(
                path, display=display_name(corpus, path), max_bytes=limit, folders=folders_of(corpus, path)
            )
            self._last = (stamp, documents)
        return self._last[1]

    def info(self, path: Path, source: SourceText) -> SourceInfo | None:
        """The sources.csv row of a document: keyed by its file's path in the corpus, and for a document
        of a file holding many by that path, `#` and the document's id in the file (`x.xml#d12`)."""
        display = display_name(self.settings.corpus, path)
        return self.sources.get(relative(self.settings.corpus, path) + source.path.removeprefix(display))

    def rows_of(self, name: str) -> list[SourceInfo]:
        """The sources.csv rows of the file `name` (its path in the corpus) and of its documents."""
        return self._rows.get(name, [])

    def parse(self, path: Path, source: SourceText) -> Document:
        return parse_document(source, self.info(path, source), known_names=self.names)

    def digest(self, path: Path, spool: Path | None = None) -> tuple[Digested, ...]:
        """Read and parse every document of `path` into its digest, leaving each parsed document in the
        folder `spool` when given; a file that cannot be read gives one error finding, a document that
        cannot be parsed an error finding of its own."""
        display = display_name(self.settings.corpus, path)
        try:
            sources = self.sources_of(path)
        except InputError as err:
            message = str(err).removeprefix(f"{display}: ")
            return (Digested(display, None, "", (Finding(display, 1, Severity.ERROR, message),)),)
        return tuple(
            self._digest(path, source, len(sources) > 1, spool and spooled(spool, path, n))
            for n, source in enumerate(sources)
        )

    def _digest(self, path: Path, source: SourceText, one_of_many: bool, parsed: Path | None) -> Digested:
        try:
            document = self.parse(path, source)
        except Exception as err:  # noqa: BLE001 - one bad document of a volume must not take the others down
            if not one_of_many:
                raise
            message = f"cannot parse: internal error {type(err).__name__}: {err}"
            return Digested(
                source.path, None, "", (*source.findings, Finding(source.path, 1, Severity.ERROR, message))
            )
        if parsed is not None:
            try:
                parsed.write_bytes(pickle.dumps(document, pickle.HIGHEST_PROTOCOL))
            except OSError:  # phase two reads and parses it again
                with contextlib.suppress(OSError):
                    parsed.unlink(missing_ok=True)
        inputs = hashlib.sha256(repr((source, self.info(path, source))).encode()).hexdigest()
        return Digested(
            document.path, digest(document, self.registry), document.sha256, document.findings, inputs
        )

    def build(
        self,
        path: Path,
        doc_id: str,
        links: CorpusLinks,
        targets: Targets,
        written: Written,
        parsed: Path | None = None,
    ) -> Built:
        """Map, serialize and validate the document `doc_id` of `path` into the files of `written`;
        `targets` types the nodes it links to elsewhere. The document is loaded from `parsed`, where
        phase one may have left it, or else read and parsed again."""
        built = self._map(self._document(path, doc_id, parsed), links, written)  # let go of it here
        graph = self.iris.graph(built.doc_id)
        if self.validator:
            types: dict[object, Iterable[Triple]] = dict(self.registry_types)
            types |= {
                node: [Triple(node, S.type, cls) for cls in classes] for node, classes in targets.items()
            }
            built = replace(built, results=tuple(self.validator.document(graph.value, written.turtle, types)))
        write.write_trig_chunk(graph, written.turtle, written.trig, self.iris)
        return built

    def _document(self, path: Path, doc_id: str, parsed: Path | None) -> Document:
        if parsed is not None:
            with contextlib.suppress(OSError, EOFError, pickle.UnpicklingError):  # else parsed again
                document: Document = pickle.loads(parsed.read_bytes())
                parsed.unlink()
                return document
        source = next((s for s in self.sources_of(path) if s.doc_id == doc_id), None)
        if source is None:
            raise InputError(f"{display_name(self.settings.corpus, path)}: no longer holds document {doc_id}")
        return self.parse(path, source)

    def _map(self, document: Document, links: CorpusLinks, written: Written) -> Built:
        """The graph of `document` in its Turtle file, and what the build reports about it. The triples
        stream from the mapper through a sorter (on disk past a size) to the file, so a long record
        is never held as triples all at once."""
        mapper = DocumentMapper(document, self.registry, self.iris, links, self.rules)
        tally = GraphTally(self.validator.skeleton_of if self.validator else None)
        with TripleSorter() as sorter:
            try:
                mapper.emit(sorter.add)
            except ValueError as err:  # pyoxigraph refuses an invalid IRI or literal
                raise InputError(f"{document.path}: cannot map to RDF: {err}") from err
            write.write_turtle(tally.through(sorter.sorted()), written.turtle, self.iris)
        newlines = [m.start() for m in re.finditer("\n", document.text)]
        return Built(
            doc_id=document.doc_id,
            kind=document.kind.value,
            file=document.path,
            title=document.title,
            skeleton=write.ntriples(tally.skeleton),
            triples=tally.triples,
            subjects=tally.subjects,
            counts=_counts(document, tally.types),
            co_mentions=pack_pairs(tally.co_mentions),
            findings=(*document.findings, *mapper.resolver.findings, *mapper.findings),
            candidates=tuple(
                {
                    "file": document.path,
                    "line": bisect.bisect_left(newlines, c.span.start) + 1,
                    "name": c.surface,
                    "reason": c.reason,
                    "context": c.context,
                }
                for c in mapper.candidates
            ),
            persons=tuple(mapper.described),
        )


def _counts(document: Document, types: Counter[object]) -> dict[str, int]:
    meeting = document.meeting
    kinds = Counter(u.kind.value for u in (meeting.utterances if meeting else document.passages))
    return {
        "meetings": int(meeting is not None),
        "records of no meeting": int(document.kind is DocumentKind.RECORD),
        "turns": kinds["turn"],
        "reported statements": kinds["reported"],
        "narration passages": kinds["narration"],
        "collection entries": len(document.entries),
        "mentions": types[P.Mention],
        "claims": types[P.Claim],
    }


# --- the per-process builder: made once per worker process by the pool's initializer ------------

_builder: DocumentBuilder | None = None


def init_worker(settings: Settings, compiled: tuple[Compiled, Compiled] | None) -> None:
    use_builder(DocumentBuilder(settings, compiled))


def use_builder(builder: DocumentBuilder) -> None:
    global _builder
    _builder = builder


class DocumentTimeout(BaseException):
    """A document overran its CPU-time limit (a BaseException, so that no `except Exception` on the
    way up swallows it)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise DocumentTimeout once this process has spent `seconds` more of CPU time (a profiling timer,
    so a wait for the other core does not count); no limit for 0, or off the main thread (where a
    signal cannot be delivered)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def overrun(signum: int, frame: object) -> None:
        raise DocumentTimeout

    previous = signal.signal(signal.SIGPROF, overrun)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def document_seconds(settings: Settings, path: Path) -> float:
    """The CPU time one phase of the document at `path` may take: --max-document-seconds per MB of
    the file, and at least that much."""
    try:
        size = path.lstat().st_size
    except OSError:
        size = 0
    return settings.max_document_seconds * max(1.0, size / 1e6)


def overrun_message(settings: Settings, seconds: float, phase: str) -> str:
    return (
        f"took more than {seconds:g} s of CPU time to {phase} (--max-document-seconds "
        f"{settings.max_document_seconds:g} per MB, at least that); stopped, not built"
    )


def digest_in_worker(job: tuple[Path, Path | None]) -> tuple[Digested, ...]:
    """Phase one of a file, its parsed documents left in a spool folder when given; an unexpected
    failure or an overrun becomes an error finding, not the end of the build."""
    path, spool = job
    assert _builder is not None
    settings = _builder.settings
    display = display_name(settings.corpus, path)
    seconds = document_seconds(settings, path)
    try:
        with time_limit(seconds):
            return _builder.digest(path, spool)
    except DocumentTimeout:
        message = overrun_message(settings, seconds, "read and parse")
    except Exception as err:  # noqa: BLE001 - one bad document must not take the others down
        message = f"cannot parse: internal error {type(err).__name__}: {err}"
    return (Digested(display, None, "", (Finding(display, 1, Severity.ERROR, message),)),)


def build_in_worker(job: Job) -> Built | str:
    """Phase two of a document, or the message of what stopped it (exceptions cross processes badly)."""
    assert _builder is not None
    settings = _builder.settings
    seconds = document_seconds(settings, job[0])
    try:
        with time_limit(seconds):
            return _builder.build(*job)
    except InputError as err:
        return str(err)
    except DocumentTimeout:
        message = overrun_message(settings, seconds, "map and validate")
        return f"{display_name(settings.corpus, job[0])}: {message}"
    except Exception as err:  # noqa: BLE001 - one bad document must not take the others down
        return f"{display_name(settings.corpus, job[0])}: internal error {type(err).__name__}: {err}"
