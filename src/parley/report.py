"""graph/report.json: everything the build set aside or noticed, by file and line.

The file is what `json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False)` writes; its
findings and candidates (hundreds of thousands at 10,000 records) are written from a template with
the standard library's C string encoder, about five times faster than the pure-Python indenting
encoder, which would take seconds when one record is republished.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
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


def skeleton(summary: Mapping[str, object], rest: Mapping[str, object]) -> str:
    """The report with empty findings and candidates: `summary` and the other top-level lists in `rest`."""
    data = dict(rest) | {"summary": summary, "findings": [], "candidates": []}
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def signature(
    summary: Mapping[str, object], rest: Mapping[str, object], parts: Mapping[str, FilePart]
) -> str:
    """A hash of what `render` makes of the `skeleton` of `summary` and `rest` and of these parts: equal
    signatures, equal reports (the skeleton's values by their repr, many times faster than its JSON)."""
    digest = hashlib.sha256(repr((summary, rest)).encode())
    for file in sorted(parts):
        digest.update(f"\n{file}\0{parts[file].sha256}".encode())
    return digest.hexdigest()


def render(text: str, parts: Iterable[FilePart]) -> Iterator[bytes]:
    """The report, piece by piece: the `skeleton` text with the findings and candidates of the files'
    `parts` (in file order) in its empty lists."""
    parts = list(parts)
    lists = {
        "findings": [p.findings for p in parts if p.findings],
        "candidates": [p.candidates for p in parts if p.candidates],
    }
    # a string value cannot hold a raw line break, so each of these lines is the list's own
    empty = {key: f'\n  "{key}": {PLACEHOLDER}' for key, items in lists.items() if items}
    position = 0
    for index, key in sorted((text.index(line), key) for key, line in empty.items()):
        yield text[position:index].encode()
        yield f'\n  "{key}": [\n'.encode()
        for i, item in enumerate(lists[key]):
            yield (",\n" + item if i else item).encode()
        yield b"\n  ]"
        position = index + len(empty[key])
    yield text[position:].encode()
