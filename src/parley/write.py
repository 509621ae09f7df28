"""Serialize graphs to graph/: deterministic, sorted output in Turtle and TriG."""

from __future__ import annotations

import contextlib
import filecmp
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, serialize

from parley.rdf.iris import Iris
from parley.vocab import CONCEPTS, PREFIXES


def prefixes(iris: Iris) -> dict[str, str]:
    data = {
        name: iris.base + name + "/"
        for name in ("doc", "meeting", "person", "place", "org", "treaty", "event", "issue", "claim", "graph")
    }
    data |= {"role": CONCEPTS + "role/", "stance": CONCEPTS + "stance/", "rtype": CONCEPTS + "record-type/"}
    return PREFIXES | data


def sort_key(triple: Triple | Quad) -> tuple[str, str, str]:
    return (str(triple.subject), str(triple.predicate), str(triple.object))


def canonical(triples: Iterable[Triple]) -> list[Triple]:
    """The triples de-duplicated and sorted by `sort_key`, as every file we write lists them; sorted
    subject by subject, so that only one subject's triples have their text keys at a time."""
    by_subject: dict[object, set[Triple]] = {}
    for t in triples:
        by_subject.setdefault(t.subject, set()).add(t)
    ordered: list[Triple] = []
    for subject in sorted(by_subject, key=str):
        ordered += sorted(by_subject.pop(subject), key=lambda t: (str(t.predicate), str(t.object)))
    return ordered


def turtle(triples: Iterable[Triple], iris: Iris, *, ordered: bool = False) -> bytes:
    """Sorted, de-duplicated Turtle (`ordered`: the triples are already `canonical`)."""
    items = triples if ordered else canonical(triples)
    data = serialize(items, format=RdfFormat.TURTLE, prefixes=prefixes(iris))
    assert data is not None  # serialize returns bytes when given no output
    return data


def trig(graphs: dict[str, tuple[NamedNode, list[Triple]]], iris: Iris, *, ordered: bool = False) -> bytes:
    """All named graphs as one TriG dataset, graphs and triples sorted (`ordered`: already `canonical`)."""
    quads = [
        Quad(t.subject, t.predicate, t.object, graph)
        for _, (graph, triples) in sorted(graphs.items())
        for t in (triples if ordered else canonical(triples))
    ]
    data = serialize(quads, format=RdfFormat.TRIG, prefixes=prefixes(iris))
    assert data is not None
    return data


def header(iris: Iris) -> bytes:
    """The `@prefix` lines that open every Turtle and TriG file we write."""
    sample = turtle([Triple(iris.dataset(), iris.dataset(), iris.dataset())], iris)
    return sample[: len(sample) - len(body(sample))]


def body(data: bytes) -> bytes:
    """A Turtle or TriG document without its leading `@prefix` lines."""
    start = 0
    while data.startswith(b"@prefix ", start):
        start = data.index(b"\n", start) + 1
    return data[start:]


def write_turtle(triples: Iterable[Triple], path: Path, iris: Iris) -> None:
    """Turtle of `triples`, already `canonical`, streamed to `path`: what `turtle` gives for them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        serialize(triples, out, format=RdfFormat.TURTLE, prefixes=prefixes(iris))


def write_trig_chunk(graph: NamedNode, turtle_path: Path, path: Path, iris: Iris) -> None:
    """One named graph as TriG, without the `@prefix` lines, from its sorted Turtle file: the statements
    indented in a `graph { }` block, which is what `trig` writes (a test holds the two equal)."""
    sample = body(trig({"": (graph, [Triple(graph, graph, graph)])}, iris))
    path.parent.mkdir(parents=True, exist_ok=True)
    with turtle_path.open("rb") as source, path.open("wb") as out:
        out.write(sample[: sample.index(b"\n") + 1])
        for line in source:
            if not line.startswith(b"@prefix ") and line.strip():
                out.write(b"\t" + line)
        out.write(b"}\n")


def turtle_pieces(path: Path, size: int) -> Iterator[bytes]:
    """A Turtle file as we write it (`@prefix` lines, then a block per subject whose first line alone
    starts at the margin), cut into Turtle documents of about `size` bytes, each with the prefixes."""
    header, piece, held = b"", list[bytes](), 0
    with path.open("rb") as lines:
        for line in lines:
            if line.startswith(b"@prefix "):
                header += line
                continue
            if held >= size and not line[:1].isspace():
                yield header + b"".join(piece)
                piece, held = [], 0
            piece.append(line)
            held += len(line)
    yield header + b"".join(piece)


def ntriples(triples: Iterable[Triple]) -> bytes:
    """N-Triples in the order given."""
    data = serialize(list(triples), format=RdfFormat.N_TRIPLES)
    return data or b""


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` unless the file already holds exactly it; True when written."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


RESERVE_FROM = 16 << 20  # bytes of an old file from which its replacement's blocks are allocated up front
Part = bytes | tuple[Path, int] | tuple[Path, int, int]  # bytes; a file's bytes after its first n; n from m


def write_parts_if_changed(path: Path, parts: Iterable[Part]) -> bool:
    """Write the parts one after the other, streaming, unless the file already holds exactly that."""
    return move_if_changed(_write_temporary(path, parts), path)


def move_if_changed(source: Path, path: Path) -> bool:
    """Rename the file `source` (in the same folder, so the rename is atomic) to `path` unless `path`
    already holds the same bytes (then `source` is removed); True when moved."""
    if path.exists() and filecmp.cmp(source, path, shallow=False):
        source.unlink()
        return False
    _replace(source, path)
    return True


def write_parts(path: Path, parts: Iterable[Part]) -> None:
    """Write the parts one after the other, streaming; readers see the old file or the new one."""
    _replace(_write_temporary(path, parts), path)


def _replace(source: Path, path: Path) -> None:
    """Rename `source` over `path`. Where the file system allows, the old file stays open until a
    thread closes it, so its blocks are freed while the build goes on (0.1 s for 150 MB on ext4)."""
    old = None
    if os.name == "posix":  # elsewhere an open file cannot be replaced
        with contextlib.suppress(OSError):
            old = os.open(path, os.O_RDONLY)
    try:
        os.replace(source, path)
    finally:
        if old is not None:
            threading.Thread(target=os.close, args=(old,), name="free-old-file").start()


def temporary(path: Path) -> Path:
    """Where a file to be published at `path` is written first: beside it (a rename in one folder is
    atomic and never a copy across file systems), hidden, and named so that a build can tell the
    leftovers of a killed one (`outfolder.clean_leftovers`)."""
    return path.with_name(f".{path.name}.parley.tmp")


def _write_temporary(path: Path, parts: Iterable[Part]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary_path = temporary(path)
    with temporary_path.open("wb") as out:
        _reserve(out, path)
        for part in parts:
            if isinstance(part, bytes):
                out.write(part)
                continue
            with part[0].open("rb") as handle:
                if len(part) == 2:
                    handle.seek(part[1])
                    shutil.copyfileobj(handle, out, 1 << 20)
                else:
                    out.flush()
                    _copy_range(handle, out, part[1], part[2])
        out.truncate()  # what was reserved beyond the end
    return temporary_path


def _reserve(out: BinaryIO, path: Path) -> None:
    """Allocate a large file's blocks up front, as many as the file it replaces has. ext4 would
    otherwise allocate them all when the file is renamed over the old one (0.05 s for 150 MB)."""
    try:
        size = path.stat().st_size
    except OSError:
        return
    if size >= RESERVE_FROM and hasattr(os, "posix_fallocate"):
        with contextlib.suppress(OSError):
            os.posix_fallocate(out.fileno(), 0, size)


def _copy_range(source: BinaryIO, out: BinaryIO, offset: int, length: int) -> None:
    """Write `length` bytes of `source` from `offset` at `out`'s position (`out` flushed), in the
    kernel where it can."""
    end, at = offset + length, out.tell()
    try:
        while offset < end:
            copied = os.copy_file_range(source.fileno(), out.fileno(), end - offset, offset, at)
            if not copied:
                raise EOFError(f"{source.name} ends before byte {end}")
            offset, at = offset + copied, at + copied
    except (AttributeError, OSError):  # no copy_file_range here, or not between these file systems
        source.seek(offset)
        out.seek(at)
        while offset < end and (data := source.read(min(1 << 20, end - offset))):
            out.write(data)
            offset += len(data)
        if offset < end:
            raise EOFError(f"{source.name} ends before byte {end}") from None
        return
    out.seek(at)
