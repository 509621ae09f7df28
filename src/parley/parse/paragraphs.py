"""Split normalized text into paragraphs, with span and line number.

A paragraph is a non-blank line, but for two layouts:
- text laid out as a printed page (a PDF's text, hard wrapped at a width): a line that fills the
  width goes on with the next line, so a sentence broken over lines is one paragraph;
- an archive web page flattened into one line (`Digital Archive ... January 31, 1949 Memorandum
  of Conversation ... Citation: ... Summary: ...`): the page's sections are cut apart again.
A paragraph's `text` is its span of the source with line breaks read as spaces (the same length,
so offsets into it are offsets into the source).
"""

from __future__ import annotations

import re

from parley.model import Paragraph, Span
from parley.parse.dateline import find_date_expression

WRAP_TOLERANCE = 28  # a line this much shorter than the page width still fills it
MAX_WIDTH = 130  # wider "pages" are paragraphs written one a line, not wrapped text
COLUMN_GAP = re.compile(r"\S {4,}\S")  # two columns side by side: never a wrapped line
STARTS_ITEM = re.compile(
    r"^\s*(?:\(\w{1,3}\)|\d{1,3}[.)]|[a-z][.)]|[IVX]{1,5}\.|[•·*-])\s|^\s*[A-Z][\w ]{0,30}:\s"
)
PAGE_SECTIONS = re.compile(
    r"\s(?P<label>(?:Citation|Summary|Credits|Original Language|Contents|Associated (?:People|Places)|"
    r"Related Documents|English Translation)\b:?)"
)
PAGE_HEAD = re.compile(r"^Digital Archive\s+\S+\s+International History Declassified\s+")
FLATTENED = 1500  # a line this long holding a page's section labels is a flattened page


def _page_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text is set to, or None when the text is not laid out so."""
    lengths = sorted(len(line.rstrip()) for line in lines if len(line.strip()) >= 40)
    if len(lengths) < 8 or sum(n > MAX_WIDTH for n in lengths) > 0.05 * len(lengths):
        return None  # paragraphs written one a line: nothing is wrapped
    low = 0
    best, width = 0, 0
    for high, length in enumerate(lengths):  # the widest band of WRAP_TOLERANCE holding most lines
        while lengths[low] < length - WRAP_TOLERANCE:
            low += 1
        if high - low + 1 >= best:
            best, width = high - low + 1, length
    return width if width <= MAX_WIDTH and best >= 0.6 * len(lengths) else None


def _continues(line: str, following: str, width: int) -> bool:
    """Whether `following` goes on the paragraph `line` ends: `line` fills the page width."""
    return (
        len(line.rstrip()) >= width - WRAP_TOLERANCE
        and bool(following.strip())
        and not COLUMN_GAP.search(line.strip())
        and not COLUMN_GAP.search(following.strip())
        and not STARTS_ITEM.match(following)
    )


def _cuts(line: str) -> list[int]:
    """Offsets in a flattened page's line where its sections' labels start and end."""
    if len(line) < FLATTENED or len(PAGE_SECTIONS.findall(line)) < 2:
        return []
    cuts = [at for m in PAGE_SECTIONS.finditer(line) for at in (m.start("label"), m.end("label"))]
    head = PAGE_HEAD.match(line)
    if head:
        cuts.append(head.end())
        date = find_date_expression(line[head.end() : head.end() + 40])
        if date and date.start() == 0:
            cuts.append(head.end() + date.end())
    return sorted(set(cuts))


def split_paragraphs(text: str) -> list[Paragraph]:
    """Every paragraph of `text`, stripped, with its character span and 1-based first line."""
    lines = text.split("\n")
    width = _page_width(lines)
    pieces: list[tuple[int, int, int]] = []  # start, end, line number
    offset = 0
    for number, line in enumerate(lines, start=1):
        end = offset + len(line)
        if pieces and width and line.strip() and _continues(lines[number - 2], line, width):
            pieces[-1] = (pieces[-1][0], end, pieces[-1][2])
        elif line.strip():
            bounds = [0, *_cuts(line), len(line)]
            pieces += [(offset + a, offset + b, number) for a, b in zip(bounds, bounds[1:], strict=False)]
        offset = end + 1
    paragraphs: list[Paragraph] = []
    for start, end, number in pieces:
        raw = text[start:end]
        stripped = raw.strip()
        if stripped:
            begin = start + len(raw) - len(raw.lstrip())
            flat = stripped.replace("\n", " ")
            paragraphs.append(Paragraph(len(paragraphs), number, Span(begin, begin + len(stripped)), flat))
    return paragraphs
