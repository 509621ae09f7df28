"""Splitting an utterance into sentences with absolute spans."""

from __future__ import annotations

import re

from parley.model import Span

# A sentence ends at . ! or ? followed by space, unless the word before is an abbreviation or initial.
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
_ABBREVIATION = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Messrs|St|[Cc]omrs?|Gen|Lt|Col|i\.e|e\.g)|\b[A-Z])\.$")


def sentences(text: str, offset: int) -> list[tuple[Span, str]]:
    """The sentences of `text` (stripped), with spans shifted by `offset`."""
    found: list[tuple[Span, str]] = []
    start = 0
    for end in _END.finditer(text):
        if _ABBREVIATION.search(text[start : end.end()]):
            continue
        _add(found, text, start, end.end(), offset)
        start = end.end()
    _add(found, text, start, len(text), offset)
    return found


def _add(found: list[tuple[Span, str]], text: str, start: int, end: int, offset: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = start + len(piece) - len(piece.lstrip())
        found.append((Span(offset + lead, offset + lead + len(stripped)), stripped))
