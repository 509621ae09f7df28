"""What an incremental build remembers between runs: per source file, the inputs of its two phases and
what they produced, so that an unchanged document is neither parsed nor mapped again.

A document's work is reused only when every input is the same: its bytes, its sources.csv row, the
cross-document links and link targets of its graph, and a fingerprint of the code, mappings/,
ontology/ and settings. The cache lives outside graph/ (default `.parley-cache/build/`); deleting it
only makes the next build a full one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import parley
from parley.config import Settings
from parley.docbuild import Built, Digested, Written
from parley.model import Finding, Severity
from parley.report import FilePart
from parley.shacl import ShapeResult

VERSION = 1


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
    """The cache of one output folder, keyed by source file name."""

    def __init__(self, settings: Settings) -> None:
        out = str(settings.out.resolve()).encode()
        self.folder = settings.cache / "build" / hashlib.sha256(out).hexdigest()[:16]
        self.fingerprint = fingerprint(settings)
        self.entries: dict[str, Entry] = {}
        self.outputs: dict[str, tuple[str, int, int]] = {}  # union file: signature, size, mtime
        self.corpus_results: tuple[str, list[ShapeResult]] | None = None  # skeletons' hash, results
        index = self.folder / "index.pickle"
        try:
            with index.open("rb") as handle:
                stored = pickle.load(handle)  # our own file, written below
            if stored.get("fingerprint") == self.fingerprint:
                self.entries, self.outputs = stored["entries"], stored["outputs"]
                self.corpus_results = stored["corpus"]
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError):
            self.entries, self.outputs = {}, {}
        self.seen: dict[str, Entry] = {}

    def key(self, data: bytes, info: object) -> str:
        return hashlib.sha256(data + repr(info).encode()).hexdigest()

    def digested(self, name: str, key: str) -> Digested | None:
        entry = self.entries.get(name)
        if entry and entry.key == key:
            self.seen[name] = entry
            return entry.digested
        return None

    def put_digested(self, name: str, key: str, digested: Digested) -> None:
        self.seen[name] = Entry(key, digested)

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

    def pending(self, name: str) -> Written:
        """Where the build of `name` writes its files before they are published (`put_built`)."""
        folder = self.folder / "pending"
        return Written(folder / f"{name}.ttl", folder / f"{name}.trig")

    def put_built(self, name: str, build_key: str, built: Built, turtle: Path) -> Built:
        """Remember a fresh build whose Turtle file is published at `turtle`: its TriG chunk, from its
        pending file, and the rest in the index."""
        self.chunk(name).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(self.pending(name).trig, self.chunk(name))
        stat = turtle.stat()
        entry = self.seen[name]
        entry.build_key = build_key
        entry.built = built
        entry.written = (stat.st_size, stat.st_mtime_ns)
        entry.report = None
        return built

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
        """Keep the entries of this build's files (atomically) and drop the chunks of removed ones."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for stale in (self.folder / "chunks").glob("*.trig"):
            if stale.stem not in self.seen:
                stale.unlink()
        shutil.rmtree(self.folder / "pending", ignore_errors=True)  # of documents that failed
        for entry in self.seen.values():
            entry.drop_notes()
        temporary = self.folder / "index.pickle.tmp"
        with temporary.open("wb") as handle:
            data = {"fingerprint": self.fingerprint, "entries": self.seen, "outputs": self.outputs}
            pickle.dump(data | {"corpus": self.corpus_results}, handle)
        os.replace(temporary, self.folder / "index.pickle")
