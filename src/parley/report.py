"""graph/report.json: everything the build set aside or noticed, by file and line.

The file is what `json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False)` writes; its
findings and candidates (hundreds of thousands at 10,000 records) are written from a template with
the standard library's C string encoder, about five times faster than the pure-Python indenting
encoder, which would take seconds when one record is republished.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring  # the C encoder when Python has it

from parley.model import Finding

PLACEHOLDER = "[]"


def finding_item(f: Finding) -> str:
    """One finding as `json.dumps(..., indent=2, sort_keys=True)` writes it at depth 2 of the report."""
    return (
        f'    {{\n      "file": {encode_basestring(f.file)},\n      "line": {int(f.line)},\n'
        f'      "message": {encode_basestring(f.message)},\n'
        f'      "severity": {encode_basestring(f.severity.value)},\n'
        f'      "text": {encode_basestring(f.text)}\n    }}'
    )


def candidate_item(c: Mapping[str, object]) -> str:
    """One candidate, as `finding_item` does for a finding."""
    fields = ",\n".join(f"      {encode_basestring(key)}: {_scalar(c[key])}" for key in sorted(c))
    return f"    {{\n{fields}\n    }}"


def _scalar(value: object) -> str:
    if isinstance(value, str):
        return str(encode_basestring(value))
    if isinstance(value, bool) or not isinstance(value, int):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass(frozen=True)
class FilePart:
    """One source file's findings and candidates, rendered as report.json lists them (the build keeps
    it with the file's cache entry, so an unchanged file costs a string in the next report)."""

    findings: str
    candidates: str
    sha256: str  # of the two, for the report's signature

    @classmethod
    def of(cls, findings: Iterable[Finding], candidates: Iterable[Mapping[str, object]]) -> FilePart:
        """The part of one file: its findings by line, message and text, its candidates by line and name."""
        ordered = sorted(findings, key=lambda f: (f.line, f.message, f.text))
        named = sorted(candidates, key=lambda c: (str(c["line"]), str(c["name"])))
        findings_text = ",\n".join(map(finding_item, ordered))
        candidates_text = ",\n".join(map(candidate_item, named))
        digest = hashlib.sha256(f"{findings_text}\0{candidates_text}".encode()).hexdigest()
        return cls(findings_text, candidates_text, digest)


@dataclass(frozen=True)
class Placed:
    """Where a file's part lies in report.json as last written: the byte offset and length of its
    findings and of its candidates (length 0: it has none)."""

    sha256: str
    findings: tuple[int, int]
    candidates: tuple[int, int]


Piece = bytes | tuple[int, int]  # bytes to write, or a byte range (offset, length) of the report last written
SEPARATOR = b",\n"


def skeleton(summary: Mapping[str, object], rest: Mapping[str, object]) -> str:
    """The report with empty findings and candidates: `summary` and the other top-level lists in `rest`."""
    return with_summary(skeleton_of_rest(rest), summary)


SUMMARY_SLOT = "\x00summary\x00"  # no JSON string holds `"summary": "` unescaped, nor this value


def skeleton_of_rest(rest: Mapping[str, object]) -> str:
    """The `skeleton` with a slot for its summary: the long part, which a build can keep while `rest`
    (documents, titles, ...) is unchanged; `with_summary` fills it."""
    data = dict(rest) | {"summary": SUMMARY_SLOT, "findings": [], "candidates": []}
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def with_summary(text: str, summary: Mapping[str, object]) -> str:
    """The skeleton `text` with `summary` in its slot, indented as a whole `skeleton` indents it."""
    written = json.dumps({"summary": summary}, indent=2, sort_keys=True, ensure_ascii=False)
    slot = '"summary": ' + json.dumps(SUMMARY_SLOT, ensure_ascii=False)
    return text.replace(slot, written[4:-2], 1)  # `{\n  "summary": {...}\n}` without its braces


def rest_hash(rest: Mapping[str, object]) -> str:
    """A hash of `rest` equal for equal values (their repr, many times faster than their JSON)."""
    return hashlib.sha256(repr(rest).encode()).hexdigest()


def signature(summary: Mapping[str, object], rest: str, parts: Mapping[str, str]) -> str:
    """A hash of what `render` makes of the `skeleton` of `summary` and of the rest whose `rest_hash`
    is `rest`, and of the parts whose hashes `parts` gives by file: equal signatures, equal reports."""
    digest = hashlib.sha256(f"{summary!r}\0{rest}".encode())
    for file in sorted(parts):
        digest.update(f"\n{file}\0{parts[file]}".encode())
    return digest.hexdigest()


def render(
    text: str, parts: Sequence[tuple[str, FilePart | Placed]], placed: dict[str, Placed]
) -> Iterator[Piece]:
    """The report, piece by piece: the `skeleton` text with the findings and candidates of the files'
    parts (in file order) in its empty lists. A part is its text, or where it lies in the report last
    written (`Placed`), to be copied from there; runs of such parts come as one range. Where each part
    lies in this report is put in `placed`."""
    keys = ("findings", "candidates")
    has = {key: any(_piece(part, key) for _, part in parts) for key in keys}
    # a string value cannot hold a raw line break, so each of these lines is the list's own
    empty = {key: f'\n  "{key}": {PLACEHOLDER}' for key, items in has.items() if items}
    where: dict[str, dict[str, tuple[int, int]]] = {file: {} for file, _ in parts}
    out = _Coalesced()
    position = 0
    for index, key in sorted((text.index(line), key) for key, line in empty.items()):
        yield from out.add(text[position:index].encode())
        yield from out.add(f'\n  "{key}": [\n'.encode())
        first = True
        for file, part in parts:
            piece = _piece(part, key)  # encoded one at a time: a whole report's bytes are never held
            if not piece:
                continue
            if not first:
                yield from out.add(SEPARATOR)
            first = False
            where[file][key] = (out.size, piece[1] if isinstance(piece, tuple) else len(piece))
            yield from out.add(piece)
        yield from out.add(b"\n  ]")
        position = index + len(empty[key])
    yield from out.add(text[position:].encode())
    yield from out.flush()
    for file, source in parts:
        got = where[file]
        placed[file] = Placed(source.sha256, got.get("findings", (0, 0)), got.get("candidates", (0, 0)))


def _piece(part: FilePart | Placed, key: str) -> Piece | None:
    """A part's findings or candidates: its range in the last report, or its bytes; None if it has none."""
    if isinstance(part, Placed):
        span: tuple[int, int] = getattr(part, key)
        return span if span[1] else None
    text: str = getattr(part, key)
    return text.encode() if text else None


class _Coalesced:
    """Pieces joined where they can be: a range that follows a range and a separator is one range
    when the old report had that separator between them (it lies just before the second range)."""

    def __init__(self) -> None:
        self.size = 0  # bytes added so far
        self.span: tuple[int, int] | None = None  # a range held back, to be extended
        self.held = b""  # a separator after it, held back

    def add(self, piece: Piece) -> Iterator[Piece]:
        if isinstance(piece, tuple):
            self.size += piece[1]
            if self.span and self.held == SEPARATOR and piece[0] == sum(self.span) + len(SEPARATOR):
                self.span, self.held = (self.span[0], self.span[1] + len(SEPARATOR) + piece[1]), b""
                return
            yield from self.flush()
            self.span = piece
            return
        self.size += len(piece)
        if self.span and not self.held and piece == SEPARATOR:
            self.held = piece
            return
        yield from self.flush()
        yield piece

    def flush(self) -> Iterator[Piece]:
        if self.span:
            yield self.span
        if self.held:
            yield self.held
        self.span, self.held = None, b""
