"""Findings grouped by kind: a message with its particular values (quoted names, numbers) taken out,
so that 7,000 "person 'X' is not in the registry" warnings read as one line with a count."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from parley.model import Finding, Severity

# a quoted value: a quote not inside a word ("the document's heading" has none), up to its closing quote
_QUOTED = re.compile(r"""(?<!\w)'[^']*'(?!\w)|(?<!\w)"[^"]*"(?!\w)""")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@lru_cache(maxsize=65536)  # messages repeat: a large build has many findings and few distinct messages
def kind(message: str) -> str:
    """`message` with each quoted value replaced by '…' and each number by N."""
    return _NUMBER.sub("N", _QUOTED.sub("'…'", message))


@dataclass(frozen=True)
class Kind:
    """The findings of one severity and kind: how many, in how many files, and the first of them."""

    severity: Severity
    kind: str
    count: int
    files: int
    first: Finding

    def as_json(self) -> dict[str, object]:
        """The entry of report.json's `findings_by_kind`."""
        return {"severity": self.severity.value, "kind": self.kind, "count": self.count, "files": self.files}


def by_kind(findings: Iterable[Finding]) -> list[Kind]:
    """`findings` grouped by severity and kind: errors first, then warnings, then notes; the most
    frequent kind first within a severity; the first finding of a kind in file and line order."""
    groups: dict[tuple[Severity, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.severity, kind(f.message)), []).append(f)
    kinds = [
        Kind(severity, name, len(group), len({f.file for f in group}), min(group, key=_place))
        for (severity, name), group in groups.items()
    ]
    return sorted(kinds, key=lambda k: (_ORDER[k.severity], -k.count, k.kind))


def _place(f: Finding) -> tuple[str, int, str, str]:
    return (f.file, f.line, f.message, f.text)


def shortened(findings: list[Finding], *, full_up_to: int = 3) -> tuple[list[Finding], list[Kind]]:
    """What a terminal shows of `findings`: those to print one by one (every error and note, and the
    warnings of a kind seen at most `full_up_to` times), and the warning kinds to print as one line
    each with their count (empty when no kind is more frequent: then every warning is printed)."""
    kinds = by_kind(findings)
    frequent = {k.kind for k in kinds if k.severity is Severity.WARNING and k.count > full_up_to}
    if not frequent:
        return findings, []
    one_by_one = [
        f for f in findings if f.severity is not Severity.WARNING or kind(f.message) not in frequent
    ]
    return one_by_one, [k for k in kinds if k.severity is Severity.WARNING]
