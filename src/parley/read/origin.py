"""What a reader is told about the file it reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Origin:
    """A source file: where it is, how findings name it, and the id of its document (a reader of a
    file holding many documents names each of them itself)."""

    path: Path
    display: str
    doc_id: str
