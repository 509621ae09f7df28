"""What an incremental build remembers between runs: per source file, the inputs of its two phases and
what they produced, so that an unchanged document is neither parsed nor mapped again.

A document's work is reused only when every input is the same: its bytes, its sources.csv row, the
cross-document links and link targets of its graph, and a fingerprint of the code, mappings/,
ontology/ and settings; the file's name and its corpus folder's name are in its key too (they are in
its graph as `sourceFile`). The cache lives outside graph/ (default `.parley-cache/build/`); deleting
it only makes the next build a full one.

Its files are pickles behind a header that names the fingerprint they were written with, read only
when the header matches, and then by an unpickler that can build only the record classes the cache
holds (`SafeUnpickler`): a pickle planted in the cache folder cannot run code. A plain format (JSON)
would load several times slower, and the cache's load time is most of republishing one record.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import shutil
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import parley
from parley import write
from parley.config import Settings
from parley.docbuild import Built, Digested, SharedGraph, Written
from parley.errors import CacheDamaged
from parley.model import Finding, Severity
from parley.report import FilePart, Placed
from parley.shacl import ShapeResult
from parley.shacl.checks import Compiled

VERSION = 7
SHARDS = 64
MAGIC = b"parley build cache\n"


@dataclass
class Entry:
    """The remembered work of one source file: the digests of its documents, and each document's build."""

    key: str
    digested: tuple[Digested, ...]
    builds: dict[str, DocumentBuild] = field(default_factory=dict)  # by document id
    source: SourceStamp | None = None  # the file as last read, if it was read

    def drop_notes(self) -> None:
        """Once the report parts are rendered, keep only the warnings and errors (for the console):
        the notes, most of a large corpus's findings, are in the parts."""
        if any(build.report is None for build in self.builds.values()):
            return
        self.digested = tuple(replace(d, findings=_warnings(d.findings)) for d in self.digested)
        for build in self.builds.values():
            build.built = replace(build.built, findings=_warnings(build.built.findings), candidates=())


@dataclass(frozen=True)
class SourceStamp:
    """A source file as read: its size, modification time and inode (as `os.stat` gives them) and the
    hash of its bytes. While the first three hold, the file is taken as unchanged without reading it
    (as make and git do)."""

    size: int
    mtime_ns: int
    inode: int
    sha256: str

    @classmethod
    def of(cls, status: os.stat_result, data: bytes) -> SourceStamp:
        return cls(status.st_size, status.st_mtime_ns, status.st_ino, hashlib.sha256(data).hexdigest())

    def holds(self, status: os.stat_result) -> bool:
        return (self.size, self.mtime_ns, self.inode) == (status.st_size, status.st_mtime_ns, status.st_ino)


@dataclass
class DocumentBuild:
    """The remembered build of one document."""

    key: str
    built: Built
    written: tuple[int, int] = (0, 0)  # size and mtime of its documents/<id>.ttl when written
    report: str | None = None  # the hash of its part of report.json, once rendered (`BuildCache.part`)


def _warnings(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    return tuple(f for f in findings if f.severity is not Severity.INFO)


def fingerprint(settings: Settings) -> str:
    """A hash of everything besides the sources that a document's graph depends on."""
    digest = hashlib.sha256(f"{VERSION}\n{settings.base}\n{settings.validate}\n".encode())
    code = Path(parley.__file__).parent
    folders = [(code, "*.py"), (settings.mappings, "*"), (settings.ontology, "*.ttl")]
    for folder, pattern in folders:
        for path in sorted(folder.rglob(pattern)):
            if path.is_file():
                digest.update(f"{path.relative_to(folder)}\n".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class BuildCache:
    """The cache of one output folder, keyed by source file (its path in the corpus folder), and in
    each file's entry by document id.

    Entries are kept in SHARDS pickle files by a hash of the file name, and a save rewrites only the
    shards whose entries changed: republishing one record of a large archive rewrites one shard. Each
    shard holds two pickles: the entries, then their parts of report.json, read only when needed.
    Used as a context manager: the objects loaded are kept from the garbage collector until its end.
    """

    def __init__(self, settings: Settings) -> None:
        self.folder = cache_folder(settings)
        self.documents = settings.out / "documents"
        self.fingerprint = fingerprint(settings)
        self.entries: dict[str, Entry] = {}
        self.outputs: dict[str, tuple[str, int, int]] = {}  # union file: signature, size, mtime
        self.corpus_results: tuple[str, list[ShapeResult]] | None = None  # skeletons' hash, results
        self.statistics: tuple[str, SharedGraph] | None = None  # co-mentions' hash, the graph
        self.void: tuple[str, bytes] | None = None  # its inputs' hash, void.ttl's text
        self.published: set[str] | None = None  # ids of the documents the last build published
        self.placed: dict[str, Placed] = {}  # where each file's part lies in report.json as last written
        self.shapes: tuple[Compiled, Compiled] | None = None  # the shapes files compiled (by the fingerprint)
        self.skeleton: tuple[str, str] | None = None  # report.json's skeleton without summary, by its hash
        self.parts: dict[int, dict[tuple[str, str], FilePart]] = {}  # by shard, those read or rendered
        with _collector_paused():
            stored = self._load(self.folder / "index.pickle")
            if stored:
                self.outputs, self.corpus_results = stored["outputs"], stored["corpus"]
                self.statistics, self.published = stored["statistics"], stored["published"]
                self.void, self.placed = stored["void"], stored["placed"]
                self.shapes, self.skeleton = stored.get("shapes"), stored.get("skeleton")
            for path in sorted(self.folder.glob("entries/*.pickle")) if stored else []:
                self.entries |= (self._load(path) or {}).get("entries", {})
            gc.freeze()  # nor are they looked at by later collections, until `__exit__`: frozen before
            # the collector is back, or its first collection would walk them all
        self.seen: dict[str, Entry] = {}
        self.dirty: set[int] = set()
        self.chunk_ids: set[str] | None = None  # see `_chunks`

    def __enter__(self) -> BuildCache:
        return self

    def __exit__(self, *exc: object) -> None:
        gc.unfreeze()

    def _load(self, path: Path, frame: int = 0) -> dict[Any, Any] | None:
        """One of our files if its header names this fingerprint (unpickled safely), its first pickle or
        the one `frame` says; None otherwise."""
        header = MAGIC + self.fingerprint.encode() + b"\n"
        try:
            with path.open("rb") as handle:
                if handle.read(len(header)) != header:
                    return None
                for _ in range(frame + 1):
                    stored = SafeUnpickler(handle).load()
        except (OSError, EOFError, ValueError, pickle.UnpicklingError, AttributeError, TypeError):
            return None
        return stored if isinstance(stored, dict) else None

    def key(self, display: str, content: str, info: object) -> str:
        """The key of a source file's entry: its name as findings and `sourceFile` give it (with its
        corpus folder's), the hash of its bytes (or of why they cannot be read) and its sources.csv row."""
        return hashlib.sha256(f"{display}\0{info!r}\0{content}".encode()).hexdigest()

    def stamp(self, name: str, status: os.stat_result) -> SourceStamp | None:
        """The stamp of the source file `name` as last read, if `status` says it has not changed since."""
        entry = self.entries.get(name)
        return entry.source if entry and entry.source and entry.source.holds(status) else None

    def digested(self, name: str, key: str, source: SourceStamp | None) -> tuple[Digested, ...] | None:
        """The digests of the source file `name` (its path in the corpus) if its key is unchanged;
        `source` is how it was read this time (None: it could not be)."""
        entry = self.entries.get(name)
        if entry and entry.key == key:
            if entry.source != source:
                entry.source = source
                self.dirty.add(shard_of(name))
            self.seen[name] = entry
            return entry.digested
        return None

    def put_digested(
        self, name: str, key: str, digested: tuple[Digested, ...], source: SourceStamp | None
    ) -> None:
        """Remember a file's fresh digests; the builds of its documents whose inputs hold are kept."""
        old = self.entries.get(name)
        self.seen[name] = Entry(key, digested, dict(old.builds) if old else {}, source)
        self.dirty.add(shard_of(name))

    def built(self, name: str, doc_id: str, build_key: str, turtle: str | Path) -> Built | None:
        """The remembered build of the document `doc_id` of `name` if its inputs and its written
        Turtle file are unchanged."""
        entry = self.seen.get(name)
        build = entry.builds.get(doc_id) if entry else None
        if build is None or build.key != build_key:
            return None
        try:
            stat = os.stat(turtle)
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) != build.written or doc_id not in self._chunks():
            return None
        return build.built

    def _chunks(self) -> set[str]:
        """The ids of the documents whose TriG chunks the cache holds (the folder listed once a build)."""
        if self.chunk_ids is None:
            try:
                names = os.listdir(self.folder / "chunks")
            except OSError:
                names = []
            self.chunk_ids = {name.removesuffix(".trig") for name in names if name.endswith(".trig")}
        return self.chunk_ids

    def last_good(self, name: str, doc_id: str | None = None) -> list[Built]:
        """The builds of the documents of `name` (of `doc_id` only, when given) that the last build
        published and whose Turtle files are still as written; the file's entry is then kept as this
        build's (`seen`), for a file or a document that fails."""
        entry = self.entries.get(name)
        if entry is None:
            return []
        self.seen.setdefault(name, entry)
        seen = self.seen[name]
        found = []
        for wanted, build in list(entry.builds.items()):
            if doc_id in (None, wanted):
                seen.builds[wanted] = build
                if self.built(name, wanted, build.key, self.documents / f"{wanted}.ttl") is None:
                    del seen.builds[wanted]
                else:
                    found.append(build.built)
        return found

    @property
    def spool(self) -> Path:
        """Where phase one of a build leaves the documents it parsed for phase two; emptied by each build."""
        return self.folder / "parsed"

    def pending(self, doc_id: str) -> Written:
        """Where the build of `doc_id` writes its files before they are published: its Turtle file in
        the output folder, to be renamed there (`write.move_if_changed`), its chunk here (`put_built`)."""
        hashed = hashlib.sha256(doc_id.encode()).hexdigest()[:24]
        turtle = write.temporary(self.documents / f"{hashed}.ttl")
        return Written(turtle, self.folder / "pending" / f"{hashed}.trig")

    def put_built(self, name: str, build_key: str, built: Built, turtle: Path) -> Built:
        """Remember a fresh build of a document of `name` whose Turtle file is published at `turtle`:
        its TriG chunk, from its pending file, and the rest in the index."""
        doc_id = built.doc_id
        self.chunk(doc_id).parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.pending(doc_id).trig, self.chunk(doc_id))
        self._chunks().add(doc_id)
        stat = turtle.stat()
        self.seen[name].builds[doc_id] = DocumentBuild(build_key, built, (stat.st_size, stat.st_mtime_ns))
        self.dirty.add(shard_of(name))
        return built

    def forget_other_builds(self, name: str, doc_ids: set[str]) -> None:
        """Drop the builds of the documents `name` no longer holds."""
        entry = self.seen.get(name)
        if entry and set(entry.builds) - doc_ids:
            entry.builds = {d: b for d, b in entry.builds.items() if d in doc_ids}
            self.dirty.add(shard_of(name))

    def report_hash(self, name: str, built: Built) -> str:
        """The hash of the part of report.json of the built document `built` of `name`; the part is
        rendered once, then remembered (`part`)."""
        build = self.seen[name].builds[built.doc_id]
        if build.report is None:
            part = FilePart.of(built.findings, built.candidates)
            self._parts(shard_of(name))[name, built.doc_id] = part
            build.report = part.sha256
            self.dirty.add(shard_of(name))
        return build.report

    def part(self, name: str, doc_id: str) -> FilePart:
        """The remembered part of report.json of the document `doc_id` of `name` (`report_hash` first).
        Its shard is read when first needed: most builds copy the parts from the last report."""
        shard = shard_of(name)
        part = self._parts(shard).get((name, doc_id))
        if part is None or part.sha256 != self.seen[name].builds[doc_id].report:
            shutil.rmtree(self.folder / "entries", ignore_errors=True)
            raise CacheDamaged(
                f"the build cache {self.folder} has lost the report of {name}, so its entries are "
                "dropped: build again (every record is built anew)"
            )
        return part

    def _parts(self, shard: int) -> dict[tuple[str, str], FilePart]:
        """The report parts of a shard's documents, read from its file (the second pickle) once."""
        if shard not in self.parts:
            stored = self._load(self.folder / "entries" / f"{shard:02x}.pickle", frame=1)
            self.parts[shard] = stored or {}
        return self.parts[shard]

    def signature(self, registry: bytes, documents: list[tuple[str, str]]) -> str:
        """What the union files are made of: the registry graph and each document's inputs, in order."""
        digest = hashlib.sha256(self.fingerprint.encode() + registry)
        for doc_id, name in documents:
            entry = self.seen[name]
            digest.update(f"\n{doc_id}\n{entry.key}\n{entry.builds[doc_id].key}".encode())
        return digest.hexdigest()

    def unchanged(self, path: Path, signature: str) -> bool:
        """True when `path` was written from `signature` and has not been touched since."""
        return self.as_written(path) and self.outputs[str(path.resolve())][0] == signature

    def as_written(self, path: Path) -> bool:
        """True when `path` has not been touched since a build wrote it."""
        try:
            stat = path.stat()
        except OSError:
            return False
        known = self.outputs.get(str(path.resolve()))
        return known is not None and known[1:] == (stat.st_size, stat.st_mtime_ns)

    def written(self, path: Path, signature: str) -> None:
        stat = path.stat()
        self.outputs[str(path.resolve())] = (signature, stat.st_size, stat.st_mtime_ns)

    def chunk(self, doc_id: str) -> Path:
        return self.folder / "chunks" / f"{doc_id}.trig"

    def save(self) -> None:
        """Keep the entries of this build's files (the changed shards, each atomically) and drop the
        chunks of removed ones."""
        self.folder.mkdir(parents=True, exist_ok=True)
        built = {doc_id for entry in self.seen.values() for doc_id in entry.builds}
        for stale in sorted(self._chunks() - built):
            self.chunk(stale).unlink(missing_ok=True)
        shutil.rmtree(self.folder / "pending", ignore_errors=True)  # of documents that failed
        shards: dict[int, dict[str, Entry]] = defaultdict(dict)
        for name, entry in self.seen.items():
            shards[shard_of(name)][name] = entry
        read: dict[int, set[str]] = defaultdict(set)  # the names each shard held when read
        for name in self.entries:
            read[shard_of(name)].add(name)
        for shard in range(SHARDS):
            if shard in self.dirty or set(shards[shard]) != read[shard]:
                parts = self._parts(shard)
                kept = {
                    (name, doc_id): parts[name, doc_id]
                    for name, entry in shards[shard].items()
                    for doc_id, build in entry.builds.items()
                    if (name, doc_id) in parts and parts[name, doc_id].sha256 == build.report
                }
                for entry in shards[shard].values():
                    entry.drop_notes()
                path = self.folder / "entries" / f"{shard:02x}.pickle"
                _dump([{"entries": shards[shard]}, kept], path, self.fingerprint)
        _dump(
            {
                "outputs": self.outputs,
                "corpus": self.corpus_results,
                "statistics": self.statistics,
                "published": self.published,
                "void": self.void,
                "placed": self.placed,
                "shapes": self.shapes,
                "skeleton": self.skeleton,
            },
            self.folder / "index.pickle",
            self.fingerprint,
        )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector held off: unpickling the cache makes millions of objects and no
    garbage, and the collections their number sets off took two thirds of the load's time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def shard_of(name: str) -> int:
    """The shard that keeps the entry of the source file `name`."""
    return hashlib.sha256(name.encode()).digest()[0] % SHARDS


def cache_folder(settings: Settings) -> Path:
    """The cache folder of the output folder of `settings`."""
    out = str(settings.out.resolve()).encode()
    return settings.cache / "build" / hashlib.sha256(out).hexdigest()[:16]


def _dump(frames: dict[str, Any] | list[dict[Any, Any]], path: Path, fingerprint: str) -> None:
    """Pickle `frames` (a dict, or dicts one after the other) to `path` atomically, behind the header of
    `fingerprint`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as handle:
        handle.write(MAGIC + fingerprint.encode() + b"\n")
        for frame in frames if isinstance(frames, list) else [frames]:
            pickle.dump(frame, handle)
    os.replace(temporary, path)


class SafeUnpickler(pickle.Unpickler):
    """Builds only the classes the cache holds (the pickle documentation's "restricting globals"):
    the build's frozen records, which do nothing but keep their fields, and a few plain types."""

    ALLOWED = {
        ("datetime", "date"),
        ("parley.buildcache", "DocumentBuild"),
        ("parley.buildcache", "Entry"),
        ("parley.buildcache", "SourceStamp"),
        ("parley.crosslink", "Digest"),
        ("parley.docbuild", "Built"),
        ("parley.docbuild", "Digested"),
        ("parley.docbuild", "SharedGraph"),
        ("parley.model", "DocumentKind"),
        ("parley.model", "Severity"),
        ("parley.model", "_finding"),
        ("parley.report", "FilePart"),
        ("parley.report", "Placed"),
        ("parley.shacl.checks", "Check"),
        ("parley.shacl.checks", "Compiled"),
        ("parley.shacl.report", "ShapeResult"),
    }

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"the build cache holds no {module}.{name}")
        return super().find_class(module, name)
