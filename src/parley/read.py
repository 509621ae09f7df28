"""Bytes to normalized text: the only stage that opens source files.

Normalization: a byte-order mark is dropped, CRLF/CR line ends and form feeds become LF, the text
is decoded as UTF-8 (or, failing that, as cp1252 with a warning). Every later offset counts
characters of this normalized text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from parley.errors import InputError
from parley.model import Finding, Severity, SourceText

_DOC_ID_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # C0 controls but tab, LF, CR and form feed


def doc_id_for(path: Path) -> str:
    """A document id from a file name that can never leave the output folder (no `/`, no `..`)."""
    stem = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode().lower()
    doc_id = _DOC_ID_UNSAFE.sub("-", stem).strip(".-_")
    doc_id = re.sub(r"\.{2,}", ".", doc_id)
    if not doc_id:
        raise InputError(f"{path}: cannot derive a document id from this file name")
    return doc_id


def decode(data: bytes, where: str) -> tuple[str, list[Finding]]:
    """Decode source bytes; report a BOM, a non-UTF-8 encoding or control characters."""
    findings: list[Finding] = []
    if not data.strip():
        raise InputError(f"{where}: file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
        findings.append(Finding(where, 1, Severity.INFO, "UTF-16 with byte-order mark; decoded"))
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="strict")
        findings.append(Finding(where, 1, Severity.INFO, "UTF-8 byte-order mark removed"))
    else:
        if b"\x00" in data:
            raise InputError(f"{where}: binary file (contains NUL bytes), not a text record")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            text = data.decode("cp1252", errors="replace")
            line = data[: err.start].count(b"\n") + 1
            findings.append(
                Finding(where, line, Severity.WARNING, "not valid UTF-8; read as cp1252 (Windows-1252)")
            )
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise InputError(f"{where}: binary file ({controls} control characters), not a text record")
    return text, findings


def normalize(text: str, where: str) -> tuple[str, list[Finding]]:
    """Line ends to LF, page breaks to line breaks, stray control characters removed."""
    findings: list[Finding] = []
    if "\r" in text:
        findings.append(Finding(where, 1, Severity.INFO, "CRLF or CR line ends normalized to LF"))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\f" in text:
        text = text.replace("\f", "\n")
    if _CONTROL.search(text):
        findings.append(Finding(where, 1, Severity.WARNING, "control characters removed"))
        text = _CONTROL.sub("", text)
    return text, findings


def read_source(path: Path, *, display: str | None = None, max_bytes: int | None = None) -> SourceText:
    """Read one source file into normalized text; raises InputError for unusable files and for files
    above `max_bytes` (a document is held in memory whole while it is built)."""
    where = display or str(path)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise InputError(
                f"{where}: {size / 1e6:.1f} MB is more than the {max_bytes / 1e6:g} MB allowed per "
                "document (--max-document-mb); split the file into records, or raise the limit"
            )
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{where}: cannot read: {err.strerror}") from err
    text, decode_findings = decode(data, where)
    text, norm_findings = normalize(text, where)
    if not text.strip():
        raise InputError(f"{where}: file holds no text")
    return SourceText(
        doc_id=doc_id_for(path),
        path=where,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        findings=tuple(decode_findings + norm_findings),
    )
