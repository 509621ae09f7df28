"""Bytes to normalized text: the only stage that opens source files.

Only regular files are read, never through a symbolic link, and only when the bytes read are as many
as the file's size says (a file of /proc or /sys says 0).

Normalization: a byte-order mark is dropped, CRLF/CR line ends and form feeds become LF, the text
is decoded as UTF-8 (or, failing that, as cp1252 with a warning). Every later offset counts
characters of this normalized text.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import unicodedata
from pathlib import Path

from anyascii import anyascii

from parley.errors import InputError
from parley.model import Finding, Severity, SourceText

_DOC_ID_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # C0 controls but tab, LF, CR and form feed


def doc_id_for(path: Path) -> str:
    """A document id from a file name that can never leave the output folder (no `/`, no `..`).

    A name whose letters and digits all survive Unicode decomposition (every ASCII name, and accented
    Latin ones) keeps the id it always had: NFKD, non-ASCII dropped, lower case, unsafe characters to
    `-`. A name whose letters would be lost (another script, `ß`) is transliterated with anyascii and
    gets the first 8 hex digits of the SHA-256 of its NFC form, so distinct names get distinct ids.
    """
    decomposed = unicodedata.normalize("NFKD", path.stem)
    lost = any(not c.isascii() and unicodedata.category(c)[0] in "LN" for c in decomposed)
    if not lost:
        return _slug(decomposed, path)
    composed = unicodedata.normalize("NFC", path.stem)
    suffix = hashlib.sha256(composed.encode("utf-8")).hexdigest()[:8]
    return f"{_slug(anyascii(composed), path)}-{suffix}"


def _slug(text: str, path: Path) -> str:
    doc_id = _DOC_ID_UNSAFE.sub("-", text.encode("ascii", "ignore").decode().lower()).strip(".-_")
    doc_id = re.sub(r"\.{2,}", ".", doc_id)
    if not doc_id:
        raise InputError(f"{path}: cannot derive a document id from this file name")
    return doc_id


def read_bytes(path: Path, where: str, max_bytes: int | None = None) -> bytes:
    """The bytes of the regular file `path`; InputError for a symbolic link (not followed), a special
    file (FIFO, device, socket), a file of a pseudo file system whose size is not its length (/proc),
    a file above `max_bytes`, or one that cannot be read."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)  # a FIFO must not hang
    try:
        fd = os.open(path, flags)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise InputError(
                f"{where}: a symbolic link; not followed (put the file itself in the corpus)"
            ) from err
        raise InputError(f"{where}: cannot read: {err.strerror}") from err
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{where}: not a regular file ({_kind(info.st_mode)}); not read")
        if max_bytes is not None and info.st_size > max_bytes:
            raise InputError(
                f"{where}: {info.st_size / 1e6:.1f} MB is more than the {max_bytes / 1e6:g} MB allowed per "
                "document (--max-document-mb); split the file into records, or raise the limit"
            )
        try:
            data = handle.read(info.st_size + 1)
        except OSError as err:
            raise InputError(f"{where}: cannot read: {err.strerror}") from err
    if len(data) != info.st_size:
        raise InputError(
            f"{where}: its size is {info.st_size} bytes but {len(data)} were read"
            ": a file of a pseudo file system (such as /proc) or one being written; not read"
        )
    return data


def _kind(mode: int) -> str:
    kinds = [(stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device")]
    kinds += [(stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder")]
    return next((name for test, name in kinds if test(mode)), "a special file")


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


def read_source(path: Path, *, display: str | None = None, max_bytes: int | None = None) -> SourceText:
    """Read one source file into normalized text; raises InputError for unusable files and for files
    above `max_bytes` (a document is held in memory whole while it is built)."""
    where = display or str(path)
    data = read_bytes(path, where, max_bytes)
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
