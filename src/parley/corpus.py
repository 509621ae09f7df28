"""The corpus folder: which source files to read, and the curated facts of sources.csv."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

from parley.errors import InputError
from parley.model import SourceInfo

SOURCE_SUFFIXES = (".txt", ".md")
COLUMNS = ("file", "title", "date", "record_type", "source_address", "citation", "reports_on")


def source_files(corpus: Path) -> list[Path]:
    """Source files of a corpus folder (or the one file given), in name order."""
    if corpus.is_file():
        return [corpus]
    if not corpus.is_dir():
        raise InputError(f"{corpus}: no such corpus folder")
    with os.scandir(corpus) as entries:  # the directory's own file types: no stat per file
        names = sorted(e.name for e in entries if e.is_file() and _suffix(e.name) in SOURCE_SUFFIXES)
    return [corpus / name for name in names]


def _suffix(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def load_sources(corpus: Path) -> dict[str, SourceInfo]:
    """Rows of `sources.csv` beside the sources, keyed by file name; {} when there is none."""
    folder = corpus if corpus.is_dir() else corpus.parent
    path = folder / "sources.csv"
    if not path.exists():
        return {}
    rows: dict[str, SourceInfo] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "file" not in reader.fieldnames:
            raise InputError(f"{path}: line 1: header must start with 'file' (columns: {', '.join(COLUMNS)})")
        for line, row in enumerate(reader, start=2):
            rows[row["file"]] = _info(row, path, line)
    return rows


def _info(row: dict[str, str], path: Path, line: int) -> SourceInfo:
    raw_date = (row.get("date") or "").strip()
    try:
        date = dt.date.fromisoformat(raw_date) if raw_date else None
    except ValueError as err:
        raise InputError(f"{path}: line {line}: date must be YYYY-MM-DD, not {raw_date!r}") from err
    return SourceInfo(
        file=row["file"],
        title=(row.get("title") or "").strip(),
        date=date,
        source_address=(row.get("source_address") or "").strip(),
        citation=(row.get("citation") or "").strip(),
        record_type=(row.get("record_type") or "").strip(),
        reports_on=(row.get("reports_on") or "").strip(),
    )
