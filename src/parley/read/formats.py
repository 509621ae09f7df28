"""The one place that picks a reader: by the file's content where it is unmistakable (a PDF's
`%PDF-` header, a TEI root element), else by its extension."""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from parley.errors import InputError
from parley.model import SourceText
from parley.read.files import read_bytes
from parley.read.ids import doc_id_for
from parley.read.origin import Origin

Reader = Callable[[bytes, Origin], list[SourceText]]
READERS = {  # each format's reader, by module and function: imported when a file needs it
    "text": ("parley.read.plain", "read_plain"),
    "markdown": ("parley.read.markdown", "read_markdown"),
    "tei": ("parley.read.tei", "read_tei"),
    "pdf": ("parley.read.pdf", "read_pdf"),
    "html": ("parley.read.html", "read_html"),
}
EXTENSIONS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".xml": "tei",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
}
_XML_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?P<name>[\w.-]+)[\s>/]")


def format_of(name: str) -> str | None:
    """The format a file name's extension promises ('text', 'markdown', 'tei', 'pdf', 'html'), else None."""
    return EXTENSIONS.get(os.path.splitext(name)[1].lower())


def sniff(data: bytes, promised: str, where: str) -> str:
    """The format of `data`: a PDF or a TEI document whatever its extension says; an `.xml` file must
    be TEI and a `.pdf` file a PDF."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    root = _xml_root(data)
    if root == "TEI":
        return "tei"
    if promised == "pdf":
        raise InputError(f"{where}: not a PDF (it does not start with %PDF-); not read")
    if promised == "tei":
        what = f"its root element is <{root}>" if root else "no XML root element"
        raise InputError(f"{where}: not read: unsupported format (XML but not TEI: {what})")
    return promised


def _xml_root(data: bytes) -> str:
    """The name of the first element of an XML document (after its declaration, comments and
    doctype), or '' when `data` does not look like XML."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
    if not head.startswith(b"<"):
        return ""
    head = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", b"", head, flags=re.S).lstrip()
    match = _XML_ROOT.match(head)
    return match["name"].decode("ascii", "replace") if match else ""


def read_documents(
    path: Path, *, display: str | None = None, max_bytes: int | None = None, folders: Sequence[str] = ()
) -> list[SourceText]:
    """Every document of the source file `path` (one, or a TEI volume's many), read by the reader its
    content and extension call for (a file of another extension, which a corpus folder never hands
    over but a user may name, as text); `folders` are the subfolders of the corpus it sits in (part
    of its document id). InputError for a file that cannot be read."""
    where = display or str(path)
    data = read_bytes(path, where, max_bytes)
    kind = sniff(data, format_of(path.name) or "text", where)
    return reader(kind)(data, Origin(path, where, doc_id_for(path, folders)))


def reader(kind: str) -> Reader:
    """The reader of a format; its module (and the libraries it reads with) imported on first use."""
    module, name = READERS[kind]
    read: Reader = getattr(importlib.import_module(module), name)
    return read


def read_source(path: Path, *, display: str | None = None, max_bytes: int | None = None) -> SourceText:
    """The one document of the source file `path`; InputError when it holds several."""
    documents = read_documents(path, display=display, max_bytes=max_bytes)
    if len(documents) != 1:
        raise InputError(f"{display or path}: holds {len(documents)} documents, not one")
    return documents[0]
