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

import hashlib
import os
import pickle
import shutil
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import parley
from parley import write
from parley.config import Settings
from parley.docbuild import Built, Digested, SharedGraph, Written
from parley.model import Finding, Severity
from parley.report import FilePart
from parley.shacl import ShapeResult

VERSION = 3
SHARDS = 64
MAGIC = b"parley build cache\n"


@dataclass
class Entry:
    """The remembered work of one source file."""

    key: str
    digested: Digested
    build_key: str = ""
    built: Built | None = None
    written: tuple[int, int] = (0, 0)  # size and mtime of its documents/<id>.ttl when written
    report: FilePart | None = None  # its part of report.json, once rendered

    def drop_notes(self) -> None:
        """Once its report part is rendered, keep only the warnings and errors (for the console):
        the notes, most of a large corpus's findings, are in the part."""
        if self.report is None:
            return
        self.digested = replace(self.digested, findings=_warnings(self.digested.findings))
        if self.built is not None:
            self.built = replace(self.built, findings=_warnings(self.built.findings), candidates=())


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
    """The cache of one output folder, keyed by source file name.

    Entries are kept in SHARDS pickle files by a hash of the file name, and a save rewrites only the
    shards whose entries changed: republishing one record of a large archive rewrites one shard.
    """

    def __init__(self, settings: Settings) -> None:
        self.folder = cache_folder(settings)
        self.documents = settings.out / "documents"
        self.fingerprint = fingerprint(settings)
        self.entries: dict[str, Entry] = {}
        self.outputs: dict[str, tuple[str, int, int]] = {}  # union file: signature, size, mtime
        self.corpus_results: tuple[str, list[ShapeResult]] | None = None  # skeletons' hash, results
        self.statistics: tuple[str, SharedGraph] | None = None  # co-mentions' hash, the graph
        self.published: set[str] | None = None  # ids of the documents the last build published
        stored = self._load(self.folder / "index.pickle")
        if stored:
            self.outputs, self.corpus_results = stored["outputs"], stored["corpus"]
            self.statistics, self.published = stored["statistics"], stored["published"]
        for path in sorted(self.folder.glob("entries/*.pickle")) if stored else []:
            self.entries |= (self._load(path) or {}).get("entries", {})
        self.seen: dict[str, Entry] = {}
        self.dirty: set[int] = set()

    def _load(self, path: Path) -> dict[str, Any] | None:
        """One of our files if its header names this fingerprint (unpickled safely); None otherwise."""
        header = MAGIC + self.fingerprint.encode() + b"\n"
        try:
            with path.open("rb") as handle:
                if handle.read(len(header)) != header:
                    return None
                stored = SafeUnpickler(handle).load()
        except (OSError, EOFError, ValueError, pickle.UnpicklingError, AttributeError, TypeError):
            return None
        return stored if isinstance(stored, dict) else None

    def key(self, display: str, data: bytes, info: object) -> str:
        """The key of a source file's entry: its name as findings and `sourceFile` give it (with its
        corpus folder's), its bytes (or why they cannot be read) and its sources.csv row."""
        digest = hashlib.sha256(f"{display}\0{info!r}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def digested(self, name: str, key: str) -> Digested | None:
        entry = self.entries.get(name)
        if entry and entry.key == key:
            self.seen[name] = entry
            return entry.digested
        return None

    def put_digested(self, name: str, key: str, digested: Digested) -> None:
        self.seen[name] = Entry(key, digested)
        self.dirty.add(shard_of(name))

    def built(self, name: str, build_key: str, turtle: Path) -> Built | None:
        """The remembered build of `name` if its inputs and its written Turtle file are unchanged."""
        entry = self.seen.get(name)
        if not entry or entry.built is None or entry.build_key != build_key:
            return None
        try:
            stat = turtle.stat()
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) != entry.written or not self.chunk(name).is_file():
            return None
        return entry.built

    def last_good(self, name: str, doc_id: str | None = None) -> Built | None:
        """The build of `name` that the last build published, if its Turtle file (of `doc_id` when
        given) is still as written; it is then kept as this build's (`seen`), for a file that fails."""
        entry = self.entries.get(name)
        if entry is None or entry.built is None or doc_id not in (None, entry.built.doc_id):
            return None
        self.seen[name] = entry
        if self.built(name, entry.build_key, self.documents / f"{entry.built.doc_id}.ttl") is None:
            del self.seen[name]
            return None
        return entry.built

    def pending(self, name: str) -> Written:
        """Where the build of `name` writes its files before they are published: its Turtle file in the
        output folder, to be renamed there (`write.move_if_changed`), its chunk here (`put_built`)."""
        hashed = hashlib.sha256(name.encode()).hexdigest()[:24]
        turtle = write.temporary(self.documents / f"{hashed}.ttl")
        return Written(turtle, self.folder / "pending" / f"{hashed}.trig")

    def put_built(self, name: str, build_key: str, built: Built, turtle: Path) -> Built:
        """Remember a fresh build whose Turtle file is published at `turtle`: its TriG chunk, from its
        pending file, and the rest in the index."""
        self.chunk(name).parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.pending(name).trig, self.chunk(name))
        stat = turtle.stat()
        entry = self.seen[name]
        entry.build_key = build_key
        entry.built = built
        entry.written = (stat.st_size, stat.st_mtime_ns)
        entry.report = None
        self.dirty.add(shard_of(name))
        return built

    def report_part(self, name: str, built: Built) -> FilePart:
        """The part of report.json of the built file `name`, rendered once and then remembered."""
        entry = self.seen[name]
        if entry.report is None:
            entry.report = FilePart.of(built.findings, built.candidates)
            self.dirty.add(shard_of(name))
        return entry.report

    def signature(self, registry: bytes, documents: list[tuple[str, str]]) -> str:
        """What the union files are made of: the registry graph and each document's inputs, in order."""
        digest = hashlib.sha256(self.fingerprint.encode() + registry)
        for doc_id, name in documents:
            entry = self.seen[name]
            digest.update(f"\n{doc_id}\n{entry.key}\n{entry.build_key}".encode())
        return digest.hexdigest()

    def unchanged(self, path: Path, signature: str) -> bool:
        """True when `path` was written from `signature` and has not been touched since."""
        try:
            stat = path.stat()
        except OSError:
            return False
        return self.outputs.get(str(path.resolve())) == (signature, stat.st_size, stat.st_mtime_ns)

    def written(self, path: Path, signature: str) -> None:
        stat = path.stat()
        self.outputs[str(path.resolve())] = (signature, stat.st_size, stat.st_mtime_ns)

    def chunk(self, name: str) -> Path:
        return self.folder / "chunks" / f"{name}.trig"

    def save(self) -> None:
        """Keep the entries of this build's files (the changed shards, each atomically) and drop the
        chunks of removed ones."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for stale in (self.folder / "chunks").glob("*.trig"):
            if stale.stem not in self.seen:
                stale.unlink()
        shutil.rmtree(self.folder / "pending", ignore_errors=True)  # of documents that failed
        shards: dict[int, dict[str, Entry]] = defaultdict(dict)
        for name, entry in self.seen.items():
            shards[shard_of(name)][name] = entry
        read: dict[int, set[str]] = defaultdict(set)  # the names each shard held when read
        for name in self.entries:
            read[shard_of(name)].add(name)
        for shard in range(SHARDS):
            if shard in self.dirty or set(shards[shard]) != read[shard]:
                for entry in shards[shard].values():
                    entry.drop_notes()
                entries = {"entries": shards[shard]}
                _dump(entries, self.folder / "entries" / f"{shard:02x}.pickle", self.fingerprint)
        _dump(
            {
                "outputs": self.outputs,
                "corpus": self.corpus_results,
                "statistics": self.statistics,
                "published": self.published,
            },
            self.folder / "index.pickle",
            self.fingerprint,
        )


def shard_of(name: str) -> int:
    """The shard that keeps the entry of the source file `name`."""
    return hashlib.sha256(name.encode()).digest()[0] % SHARDS


def cache_folder(settings: Settings) -> Path:
    """The cache folder of the output folder of `settings`."""
    out = str(settings.out.resolve()).encode()
    return settings.cache / "build" / hashlib.sha256(out).hexdigest()[:16]


def _dump(data: dict[str, Any], path: Path, fingerprint: str) -> None:
    """Pickle `data` to `path` atomically, behind the header of `fingerprint`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as handle:
        handle.write(MAGIC + fingerprint.encode() + b"\n")
        pickle.dump(data, handle)
    os.replace(temporary, path)


class SafeUnpickler(pickle.Unpickler):
    """Builds only the classes the cache holds (the pickle documentation's "restricting globals"):
    the build's frozen records, which do nothing but keep their fields, and a few plain types."""

    ALLOWED = {
        ("datetime", "date"),
        ("parley.buildcache", "Entry"),
        ("parley.crosslink", "Digest"),
        ("parley.docbuild", "Built"),
        ("parley.docbuild", "Digested"),
        ("parley.docbuild", "SharedGraph"),
        ("parley.model", "DocumentKind"),
        ("parley.model", "Severity"),
        ("parley.model", "_finding"),
        ("parley.report", "FilePart"),
        ("parley.shacl.report", "ShapeResult"),
    }

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"the build cache holds no {module}.{name}")
        return super().find_class(module, name)
