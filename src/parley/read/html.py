"""Saved web pages of a record (`.html`, `.htm`): the page's text as a browser shows it.

lxml's HTML parser (libxml2's, forgiving as browsers are) reads the page, decoded as a text file is.
Scripts, styles, forms and the page's navigation, header, footer and asides are left out, and so is
anything hidden; of a page with a `main` element only that is read. Blocks (paragraphs, headings,
list items, table rows, `br`) end a line, paragraphs and headings are separated by a blank line,
table cells by ` | `. The page's first `h1` is its title, its canonical link (`<link
rel="canonical">`) its source address. Offsets count characters of this text.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree
from lxml import html as lxml_html

from parley.errors import InputError
from parley.model import Finding, SourceText, StatedFacts
from parley.read.layout import Writer
from parley.read.origin import Origin
from parley.read.text import decode, normalize, sha256

SKIPPED = {
    "script", "style", "noscript", "template", "head", "nav", "header", "footer", "aside", "form",
    "button", "select", "svg", "iframe", "object", "canvas", "map",
}  # fmt: skip
LINES = {"li", "tr", "dt", "dd", "option", "caption", "figcaption"}
BLOCKS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "address", "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "figure", "hr", "center",
}  # fmt: skip
CELLS = {"td", "th"}
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def read_html(data: bytes, origin: Origin) -> list[SourceText]:
    """The one document of a saved web page."""
    where = origin.display
    page, findings = _decoded(data, where)
    try:
        root = lxml_html.document_fromstring(_DECLARATION.sub("", page))
    except (etree.ParserError, ValueError) as err:
        raise InputError(f"{where}: not a readable HTML page ({err})") from err
    content = next(iter(root.iter("main")), None)
    writer = Writer()
    _walk(content if content is not None else root, writer)
    text, normalized = normalize(writer.text(), where)
    if not text.strip():
        raise InputError(f"{where}: the page shows no text")
    heading = next(iter(root.iter("h1")), None)
    canonical = next(
        (link.get("href", "") for link in root.iter("link") if link.get("rel") == "canonical"), ""
    )
    facts = StatedFacts(
        title=" ".join(heading.text_content().split()) if heading is not None else "",
        source_address=canonical if canonical.startswith(("http://", "https://")) else "",
    )
    return [SourceText(origin.doc_id, where, text, sha256(text), tuple(findings + normalized), facts)]


def _walk(element: etree._Element, out: Writer, cells: list[int] | None = None) -> None:
    """Write an element's text; `cells` counts the cells with words of the table row being written."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if not tag or tag in SKIPPED or _hidden(element):
        return
    if tag == "br":
        out.line()
        return
    if tag == "pre":
        out.block()
        for line in element.text_content().splitlines():
            out.words(line)
            out.line()
        out.block()
        return
    if tag in LINES:
        out.line()
    elif tag in BLOCKS:
        out.block()
    if tag == "tr":
        cells = [0]
    start = out.length
    if tag in CELLS and cells is not None and cells[0] and element.text_content().strip():
        out.words(" | ")
    out.words(element.text)
    for child in element:
        _walk(child, out, cells)
        out.words(child.tail)
    if tag in CELLS and cells is not None and out.length > start:
        cells[0] += 1
    if tag in LINES:
        out.line()
    elif tag in BLOCKS:
        out.block()


def _decoded(data: bytes, where: str) -> tuple[str, list[Finding]]:
    """The page's text: in the encoding its `meta` declares (when not UTF-8 and known), else decoded as
    a text file is (UTF-8, a BOM, else cp1252 with a warning)."""
    declared = _CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            codec = codecs.lookup(declared[1].decode("ascii"))
        except LookupError:
            codec = None
        if codec is not None and codec.name != "utf-8":
            return data.decode(codec.name, errors="replace"), []
    return decode(data, where)


def _hidden(element: etree._Element) -> bool:
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or bool(_HIDDEN.search(element.get("style") or ""))
    )
