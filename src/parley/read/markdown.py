"""Markdown pages with YAML front matter (DAFP): the front matter's facts, the page rendered to text.

The front matter states the title, `doc_date`, the archival citation (`naa_refs`), the volume and
the document number (`frontmatter`). The body is parsed with markdown-it-py (CommonMark, with tables,
and mdit-py-plugins' footnotes): a well-kept parser, already installed with rich, whose token stream
renders to text with its offsets known. The rendered text holds no markup: a heading, paragraph,
list item or table row is a line of its own (a line break inside a paragraph stays one), blocks are
separated by a blank line, an ordered list item keeps its number (`2. `), table cells are separated
by ` | `, a footnote reference reads `[1]` as the page shows it. Footnotes (`1 text` after a `[1]`
reference, or `[^1]: text`) and whole-line editorial brackets (`[matter omitted]`, the archival
reference `[NAA: A1838, 3107/33/4]`) are the document's notes. Offsets count characters of the
rendered text; the front matter is not part of it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from parley.errors import InputError
from parley.model import Finding, Severity, SourceText, Span, StatedFacts
from parley.read.frontmatter import read_front_matter
from parley.read.layout import Writer
from parley.read.origin import Origin
from parley.read.text import sha256, text_of

_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table").use(footnote_plugin)
_FOOTNOTE_LINK = re.compile(r"^#(?:f|fn|footnote)?-?(\d+)$")
_NOTE_LINE = re.compile(r"^(\d{1,3})\s+\S")
_EDITORIAL_LINE = re.compile(r"^\[[^\[\]]+\]\.?$")
_REFERENCE = re.compile(r"\[(\d{1,3})\]")
_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"^<br\s*/?>$", re.I)


def read_markdown(data: bytes, origin: Origin) -> list[SourceText]:
    """The one document of a Markdown page."""
    raw, findings = text_of(data, origin.display)
    front = read_front_matter(raw)
    facts = StatedFacts()
    if front and front.error:
        message = f"front matter is not valid YAML ({front.error}); its facts are not used"
        findings.append(Finding(origin.display, 1, Severity.WARNING, message))
    elif front:
        facts = front.facts
        if front.dayless_date:
            message = (
                f"front matter date {front.dayless_date} names no day: the record is dated only from its text"
            )
            findings.append(Finding(origin.display, 1, Severity.INFO, message))
    text, notes = render_markdown(raw[front.end :] if front else raw)
    if not text.strip():
        raise InputError(f"{origin.display}: the page holds no text besides its front matter")
    facts = replace(facts, notes=notes)
    return [SourceText(origin.doc_id, origin.display, text, sha256(text), tuple(findings), facts)]


def render_markdown(markdown: str) -> tuple[str, tuple[Span, ...]]:
    """The text of a Markdown body and the spans of its notes."""
    renderer = _Renderer()
    renderer.tokens(_MARKDOWN.parse(markdown))
    text = renderer.out.text()
    return text, tuple(sorted({*renderer.notes, *_note_lines(text)}))


class _Renderer:
    def __init__(self) -> None:
        self.out = Writer()
        self.notes: list[Span] = []
        self._cells = 0  # cells of the table row with words, so far
        self._separator = False  # ` | ` is owed before the next word
        self._note_start: int | None = None

    def tokens(self, tokens: list[Token]) -> None:
        for token in tokens:
            kind = token.type
            if kind == "inline":
                self.inline(token.children or [])
            elif kind in ("paragraph_close", "heading_close", "blockquote_close", "hr", "table_close"):
                self.out.line() if token.hidden else self.out.block()
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.out.block()
            elif kind == "list_item_open":
                self.out.line()
                if token.info:  # an ordered list's number
                    self.out.words(f"{token.info}{token.markup} ")
            elif kind in ("list_item_close", "tr_close"):
                self.out.line()
                self._separator = False
            elif kind == "tr_open":
                self._cells = 0
            elif kind in ("th_open", "td_open"):
                self._separator = self._cells > 0  # written before the cell's first word, if any
            elif kind in ("th_close", "td_close") and not self._separator:
                self._cells += 1
            elif kind in ("code_block", "fence", "html_block"):
                for line in _TAG.sub(" ", token.content).splitlines():
                    self.out.words(line)
                    self.out.line()
                self.out.block()
            elif kind == "footnote_open":
                self.out.line()
                self._note_start = self.out.at
                self.out.words(f"{token.meta.get('label', '')} ")
            elif kind == "footnote_close":
                written = self.out.since(self._note_start) if self._note_start is not None else ""
                if self._note_start is not None and written.strip():
                    self.notes.append(Span(self._note_start, self._note_start + len(written.rstrip())))
                self._note_start = None
                self.out.line()

    def inline(self, children: list[Token]) -> None:
        footnote_link = False
        for token in children:
            kind = token.type
            if self._separator and kind in ("text", "code_inline", "link_open", "footnote_ref"):
                self.out.words(" | ")
                self._separator = False
            if kind in ("text", "code_inline"):
                self.out.words(token.content)
            elif kind == "softbreak" or kind == "hardbreak":
                self.out.line()
            elif kind == "footnote_ref":
                self.out.words(f"[{token.meta.get('label', '')}]")
            elif kind == "link_open":
                footnote_link = bool(_FOOTNOTE_LINK.match(str(token.attrs.get("href", ""))))
                if footnote_link:
                    self.out.words("[")
            elif kind == "link_close" and footnote_link:
                self.out.words("]")
                footnote_link = False
            elif kind == "html_inline" and _BREAK.match(token.content):
                self.out.line()
            elif kind == "image":
                self.out.words(token.content)


def _note_lines(text: str) -> list[Span]:
    """Lines that are notes: a footnote (`1 text`) after the text's `[1]`, or in the run of footnotes
    numbered in order that ends the page; an editorial bracket standing alone (`[matter omitted]`,
    an archival reference)."""
    referenced: dict[str, int] = {}
    for match in _REFERENCE.finditer(text):
        referenced.setdefault(match[1], match.start())
    lines, offset = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        start = offset + len(line) - len(line.lstrip())
        if stripped:
            lines.append((Span(start, start + len(stripped)), stripped))
        offset += len(line) + 1
    closing: set[Span] = set()  # the numbered lines ending the page (editorial lines among them)
    number = None
    for span, line in reversed(lines):
        found = _NOTE_LINE.match(line)
        if found and (number is None or int(found[1]) < number):
            closing.add(span)
            number = int(found[1])
        elif not _EDITORIAL_LINE.match(line):
            break
    return [
        span
        for span, line in lines
        if span in closing
        or _EDITORIAL_LINE.match(line)
        or ((found := _NOTE_LINE.match(line)) and referenced.get(found[1], span.start) < span.start)
    ]
