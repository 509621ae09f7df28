"""Bytes to normalized text, for every reader of text formats.

Normalization: a byte-order mark is dropped, CRLF/CR line ends and form feeds become LF, the text
is decoded as UTF-8 (or, failing that, as cp1252 with a warning). Every later offset counts
characters of this normalized text.
"""

from __future__ import annotations

import hashlib
import re

from parley.errors import InputError
from parley.model import Finding, Severity

_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # C0 controls but tab, LF, CR and form feed


def decode(data: bytes, where: str) -> tuple[str, list[Finding]]:
    """Decode source bytes; report a BOM, a non-UTF-8 encoding or control characters."""
    findings: list[Finding] = []
    if not data.strip():
        raise InputError(f"{where}: file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError(
                f"{where}: byte {err.start}: not valid UTF-16 after its byte-order mark"
            ) from err
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


def text_of(data: bytes, where: str) -> tuple[str, list[Finding]]:
    """Decoded and normalized text of a text file; InputError when it holds no text."""
    text, decoded = decode(data, where)
    text, normalized = normalize(text, where)
    if not text.strip():
        raise InputError(f"{where}: file holds no text")
    return text, decoded + normalized


def sha256(text: str) -> str:
    """The hash of a rendered text: what tells two copies of one record apart from two records."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
