"""Text written piece by piece with its offsets known: what a reader of a marked-up format renders.

Whitespace is collapsed as a browser does (runs of spaces and line ends inside a block are one
space), no space is left before closing punctuation, blocks are separated by a blank line and
lines of a list by a line end. Every offset a reader records (`Writer.at`) counts characters of
the finished text.
"""

from __future__ import annotations

import re

from parley.model import Span

_CLOSING = tuple(",.;:!?)]}’”%")
_OPENING = "\n\t[(“‘"  # no space after these
_WORD = re.compile(r"\S+")


class Writer:
    """Builds a rendered text; `at` is where the next word will start."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self._space = False  # a space is owed before the next word
        self._last = "\n"  # the last character written
        self._breaks = 2  # line ends at the end of the text (2 at the start: no blank line owed)

    def words(self, text: str | None) -> None:
        """Running text: its words, separated by single spaces."""
        if not text:
            return
        if text[0].isspace():
            self._space = True
        for match in _WORD.finditer(text):
            if self._space and self._last not in _OPENING and not match.group().startswith(_CLOSING):
                self._raw(" ")
            self._raw(match.group())
            self._space = True
        self._space = text[-1].isspace()

    def _raw(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)
        self._last = text[-1]
        self._breaks = self._breaks + 1 if text == "\n" else 0

    @property
    def at(self) -> int:
        """The offset of the next word (after the space it is owed)."""
        return self.length + (1 if self._space and self._last not in _OPENING else 0)

    def space(self) -> None:
        self._space = True

    def tab(self) -> None:
        """A tab between two cells of a table row."""
        self._raw("\t")
        self._space = False

    def line(self) -> None:
        """End the current line (a list entry, a line break)."""
        if self._last != "\n":
            self._raw("\n")
        self._space = False

    def block(self) -> None:
        """End the current block (a paragraph): a blank line after it."""
        while self.length and self._breaks < 2:
            self._raw("\n")
        self._space = False

    def since(self, offset: int) -> str:
        """The text written from `offset` on."""
        found, length = [], self.length
        for part in reversed(self.parts):
            if length <= offset:
                break
            found.append(part)
            length -= len(part)
        return "".join(reversed(found))[offset - length :]

    def text(self) -> str:
        """The finished text, with one line end at its end."""
        return "".join(self.parts).rstrip("\n") + "\n"


def trimmed(text: str, start: int, end: int) -> Span | None:
    """The span `start`..`end` of `text` without surrounding spaces, punctuation and `and`; None if
    nothing is left."""
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in ",;:—–-("):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-)"):
            end -= 1
        if text.startswith("and ", start):
            start += 4
        if text[start:end].endswith(" and"):
            end -= 4
        if (start, end) == before:
            return Span(start, end) if end > start else None
