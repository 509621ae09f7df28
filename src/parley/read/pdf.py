"""PDF records with a text layer: the text as a reader reads the page, one paragraph a line.

pdfminer.six reads the text layer: a well-kept, pure-Python library whose layout analysis gives each
line of text with its position and groups lines into boxes in reading order (columns included),
which is what undoing a page's layout needs; pypdf gives text without positions, and pdfplumber is a
layer over pdfminer with more dependencies. The layout is undone as follows:

- page furniture is left out: a line at the top or bottom of pages that repeats on other pages (digits
  aside), or a page number alone (`3`, `- 3 -`, `Page 3 of 9`, `第 3 页`);
- a paragraph's lines are joined with a space (hard line wraps undone): a line continues the one
  before in its box when that one runs to the right margin and no gap or first-line indent
  separates them, or when it starts in lower case; a paragraph split by a page break is joined;
- a word hyphenated at a line end is joined (`com-` `munist`: `communist`), keeping the hyphen of a
  name or compound (`Chiang Kai-` `shek`, `anti-` `American`, or a hyphenated form the text writes
  elsewhere);
- a line that is a web address alone, and a short line, stay lines of their own.

Paragraphs are separated by a blank line; offsets count characters of this text. A PDF without a
text layer (a scan) is refused: it needs OCR first.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTPage, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from parley.errors import InputError
from parley.model import Finding, Severity, SourceText
from parley.read.origin import Origin
from parley.read.text import normalize, sha256

MARGIN = 0.1  # the top and bottom tenths of a page, where headers and footers stand
FULL = 0.85  # a line reaching this share of its box's width runs to the margin (it wraps)
PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-–—])?$|^第\s*\d{1,4}\s*页$", re.I
)
URL = re.compile(r"^<?https?://\S+>?$")
BROKEN = re.compile(r"[^\W\d_]-$")  # a word broken at the line end
SENTENCE_END = tuple('.?!:;"”’)]')


@dataclass(frozen=True)
class _Line:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    box: int  # the layout box the line belongs to, numbered across the document
    left: float  # the box's left and right edges
    right: float


def read_pdf(data: bytes, origin: Origin) -> list[SourceText]:
    """The one document of a PDF file."""
    where = origin.display
    pages = _pages(data, where)
    if not any(line.text.strip() for page in pages for line in page):
        raise InputError(f"{where}: no text layer (a scanned image); run OCR first, then build the text")
    findings: list[Finding] = []
    furniture = _furniture(pages)
    if furniture:
        message = f"{furniture.total()} page header, footer or page number lines left out"
        findings.append(Finding(where, 1, Severity.INFO, message, ", ".join(sorted(furniture)[:3])))
    kept = [
        [line for line in page if _key(line.text) not in furniture or not _in_margin(line, page)]
        for page in pages
    ]
    words = Counter(w.lower() for page in kept for line in page for w in re.findall(r"[\w-]+", line.text))
    text, normalized = normalize("\n\n".join(_paragraphs(kept, words)) + "\n", where)
    return [SourceText(origin.doc_id, where, text, sha256(text), tuple(findings + normalized))]


def _pages(data: bytes, where: str) -> list[_Page]:
    """The lines of text of each page, in the layout's reading order."""
    try:
        layout = list(extract_pages(io.BytesIO(data), laparams=LAParams()))
    except (PDFPasswordIncorrect, PDFEncryptionError) as err:
        raise InputError(f"{where}: an encrypted PDF ({type(err).__name__}); decrypt it first") from err
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as err:
        raise InputError(f"{where}: not a readable PDF ({type(err).__name__}: {err})") from err
    pages: list[_Page] = []
    boxes = 0
    for page in layout:
        lines = []
        for box in _boxes(page):
            boxes += 1
            for line in box:
                if isinstance(line, LTTextLine) and line.get_text().strip():
                    text = " ".join(line.get_text().split())
                    lines.append(_Line(text, line.x0, line.x1, line.y0, line.y1, boxes, box.x0, box.x1))
        pages.append(_Page(lines, page.height))
    return pages


class _Page(list[_Line]):
    """A page's lines, and its height."""

    def __init__(self, lines: list[_Line], height: float) -> None:
        super().__init__(lines)
        self.height = height


def _boxes(page: LTPage) -> list[LTTextBox]:
    return [element for element in page if isinstance(element, LTTextBox)]


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _in_margin(line: _Line, page: list[_Line]) -> bool:
    height = getattr(page, "height", 0.0)
    return line.y0 >= height * (1 - MARGIN) or line.y1 <= height * MARGIN


def _furniture(pages: list[_Page]) -> Counter[str]:
    """The lines left out as headers and footers, by their text with digits as `#`: those in a
    page's margins that repeat on another page, and page numbers there."""
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_key(line.text) for line in page if _in_margin(line, page)})
    found: Counter[str] = Counter()
    for page in pages:
        for line in page:
            key = _key(line.text)
            if _in_margin(line, page) and (
                (seen[key] > 1 and len(pages) > 1) or PAGE_NUMBER.match(line.text)
            ):
                found[key] += 1
    return found


def _paragraphs(pages: list[list[_Line]], words: Counter[str]) -> list[str]:
    """The paragraphs of the document, a page break inside one undone."""
    paragraphs: list[str] = []
    last: tuple[_Line, bool] | None = None  # the last line of the page before, and whether it was full
    for page in pages:
        heights = [line.y1 - line.y0 for line in page]
        height = statistics.median(heights) if heights else 10.0
        full = _full_lines(page, height)
        previous: _Line | None = None
        for line in page:
            if previous is None:
                joins = last is not None and _continues(last[0], last[1], line, height)
            else:
                joins = _joins(previous, previous in full, line, height)
            if joins and paragraphs:
                paragraphs[-1] = _join(paragraphs[-1], line.text, words)
            elif previous is not None and paragraphs and _next_line(previous, line, height):
                paragraphs[-1] += "\n" + line.text
            else:
                paragraphs.append(line.text)
            previous = line
        last = (previous, previous in full) if previous else last
    return paragraphs


def _next_line(previous: _Line, line: _Line, height: float) -> bool:
    """Whether a line that does not go on the one before stands right under it (an address, a list):
    on the next line of the text, not after a blank one."""
    gap = previous.y0 - line.y1
    return -0.5 * height <= gap <= 0.8 * height and not URL.match(previous.text)


def _full_lines(page: list[_Line], height: float) -> set[_Line]:
    """The lines that run to the right edge of their column (as most of the lines beside or under
    them do, in a tenth: a heading across two columns does not count): lines that wrap."""
    full = set()
    for line in page:
        ends = sorted(other.x1 for other in page if other.x0 < line.x1 and other.x1 > line.x0)
        right = ends[int(0.9 * (len(ends) - 1))] if ends else line.x1
        left = min(line.x0, line.left)
        if line.x1 >= left + FULL * (right - left) - height:
            full.add(line)
    return full


def _joins(previous: _Line, full: bool, line: _Line, height: float) -> bool:
    """Whether `line` goes on the paragraph of the line before it (which runs to the margin if `full`)."""
    if URL.match(previous.text) or URL.match(line.text):
        return False
    gap = previous.y0 - line.y1
    if gap > 0.8 * height or gap < -0.5 * height:  # a blank line's gap, or a line beside or above
        return False
    if BROKEN.search(previous.text) or (line.text[:1].islower() and not previous.text.endswith(SENTENCE_END)):
        return True
    indented = line.x0 > previous.left + height
    return full and not indented and line.box == previous.box


def _continues(last: _Line, full: bool, line: _Line, height: float) -> bool:
    """Whether a page's first line goes on the paragraph the page before ended with: one that ran to
    the margin without ending its sentence, or broke a word, when the line is not indented; or any
    paragraph, when the line starts in lower case."""
    if URL.match(last.text) or URL.match(line.text):
        return False
    if line.text[:1].islower() or last.text.endswith("-"):
        return True
    return full and not last.text.endswith(SENTENCE_END) and line.x0 <= line.left + height


def _join(paragraph: str, text: str, words: Counter[str]) -> str:
    """A paragraph and its next line, a hyphenated word at the line end joined."""
    if paragraph.endswith("\u00ad"):
        return paragraph[:-1] + text
    head = re.search(r"([\w]+)-$", paragraph)
    if head is None:
        return f"{paragraph} {text}"
    tail = re.match(r"[\w]+", text)
    first, second = head[1], tail[0] if tail else ""
    hyphenated, joined = f"{first}-{second}".lower(), (first + second).lower()
    keep = first[:1].isupper() or second[:1].isupper() or not second  # `Kai-shek`, `anti-American`
    if words[hyphenated] > words[joined]:
        keep = True
    elif words[joined]:
        keep = False
    return paragraph + text if keep else paragraph[:-1] + text
