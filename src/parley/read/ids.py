"""Document ids: from file names (and the subfolders a file sits in), safe as file names."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from anyascii import anyascii

from parley.errors import InputError

_DOC_ID_UNSAFE = re.compile(r"[^a-z0-9._-]+")
SEPARATOR = "_"  # between a subfolder's id and the file's (`volume-2-1939_47-note`)


def doc_id_for(path: Path, folders: Sequence[str] = ()) -> str:
    """A document id from a file name that can never leave the output folder (no `/`, no `..`).

    A name whose letters and digits all survive Unicode decomposition (every ASCII name, and accented
    Latin ones) keeps the id it always had: NFKD, non-ASCII dropped, lower case, unsafe characters to
    `-`. A name whose letters would be lost (another script, `ß`) is transliterated with anyascii and
    gets the first 8 hex digits of the SHA-256 of its NFC form, so distinct names get distinct ids.
    A file in subfolders of the corpus gets their ids in front, joined by `_`
    (`volume-2-1939/47-note.md` is `volume-2-1939_47-note`): the same name in two folders stays two ids.
    """
    return SEPARATOR.join([*(name_id(folder, path) for folder in folders), name_id(path.stem, path)])


def name_id(name: str, path: Path) -> str:
    """The id of one file or folder name (`path` names the file in an error)."""
    decomposed = unicodedata.normalize("NFKD", name)
    lost = any(not c.isascii() and unicodedata.category(c)[0] in "LN" for c in decomposed)
    if not lost:
        return _slug(decomposed, path)
    composed = unicodedata.normalize("NFC", name)
    suffix = hashlib.sha256(composed.encode("utf-8")).hexdigest()[:8]
    return f"{_slug(anyascii(composed), path)}-{suffix}"


def _slug(text: str, path: Path) -> str:
    doc_id = _DOC_ID_UNSAFE.sub("-", text.encode("ascii", "ignore").decode().lower()).strip(".-_")
    doc_id = re.sub(r"\.{2,}", ".", doc_id)
    if not doc_id:
        raise InputError(f"{path}: cannot derive a document id from this file name")
    return doc_id
