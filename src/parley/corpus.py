"""The corpus folder: which source files to read, and the curated facts of sources.csv."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import os
from collections.abc import Iterator
from pathlib import Path

from parley.errors import InputError
from parley.model import Finding, Severity, SourceInfo
from parley.read import EXTENSIONS, decode, format_of, normalize, read_bytes

OWN_FILES = ("sources.csv", "dataset.yaml", "README")  # the corpus folder's own files, not records
COLUMNS = ("file", "title", "date", "record_type", "source_address", "citation", "reports_on")
PUBLISHED = ("title", "record_type", "source_address", "citation")  # cells that become literals
FORMULA = ("=", "+", "-", "@")  # what a spreadsheet runs as a formula at the start of a cell


def display_name(corpus: Path, path: Path) -> str:
    """How a source file is named in findings: its corpus folder's name and its path in the folder."""
    return display_folder(corpus) + relative(corpus, path)


def display_folder(corpus: Path) -> str:
    """What `display_name` writes before a file's path in the corpus: the folder's name and a slash."""
    return f"{_folder_name(corpus)}/"


@functools.lru_cache(maxsize=16)  # asked once per file of a corpus of thousands: one resolve() per corpus
def _folder_name(corpus: Path) -> str:
    return (corpus if corpus.is_dir() else corpus.parent).resolve().name


def relative(corpus: Path, path: Path) -> str:
    """A source file's path in its corpus folder (`volume-2/47-note.md`; its name at the top): the key
    of its sources.csv row and of its build cache entry."""
    inside, folder = str(path), str(corpus)
    if inside.startswith(folder) and inside[len(folder) : len(folder) + 1] == os.sep:  # no stat per file
        return inside[len(folder) + 1 :].replace(os.sep, "/")
    folder_path = corpus if corpus.is_dir() else corpus.parent
    try:
        return path.relative_to(folder_path).as_posix()
    except ValueError:
        return path.name


def folders_of(corpus: Path, path: Path) -> tuple[str, ...]:
    """The subfolders of the corpus a source file sits in (part of its document id)."""
    return tuple(Path(relative(corpus, path)).parts[:-1])


def source_files(corpus: Path) -> list[Path]:
    """Source files of a corpus folder (or the one file given), in path order."""
    return scan(corpus)[0]


def scan(corpus: Path) -> tuple[list[Path], list[Finding]]:
    """The source files of a corpus folder and its subfolders (or the one file given) in path order,
    and a finding for each entry not read: an error for a symbolic link (never followed, so nothing
    outside the corpus is published) or a FIFO, socket or device; a warning for a file of a format
    no reader takes (`not read: unsupported format`); a note for a README. Hidden files and folders
    (`.git`, `.DS_Store`) and the folder's own files (OWN_FILES: sources.csv, dataset.yaml and the
    README `parley init` writes) are not records."""
    if corpus.is_file():
        return [corpus], []
    if not corpus.is_dir():
        raise InputError(f"{corpus}: no such corpus folder")
    found: list[tuple[str, str]] = []  # its path in the corpus, to sort by, and in the file system
    refused: list[Finding] = []
    start = len(str(corpus)) + 1  # an entry's path is its folder's, which starts with the corpus's
    folders = [corpus]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as entries:  # the directory's own file types: no stat per file
            for entry in entries:
                if entry.name.startswith(".") or (folder == corpus and entry.name in OWN_FILES):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.append(Path(entry.path))
                elif problem := _refusal(entry):
                    refused.append(Finding(display_name(corpus, Path(entry.path)), 1, *problem))
                else:
                    found.append((entry.path[start:].replace(os.sep, "/"), entry.path))
    found.sort(key=lambda pair: pair[0])
    return [Path(path) for _, path in found], sorted(refused, key=lambda f: f.file)


def _refusal(entry: os.DirEntry[str]) -> tuple[Severity, str] | None:
    """Why a folder entry is not read, or None for a record file."""
    if entry.is_symlink():
        return Severity.ERROR, "a symbolic link; not followed (put the file itself in the corpus)"
    if not entry.is_file(follow_symlinks=False):
        return (Severity.ERROR, "not a regular file (a FIFO, socket or device); not read")
    if os.path.splitext(entry.name)[0].lower() == "readme":
        return Severity.INFO, "a README describes the folder; not read as a record"
    if format_of(entry.name) is None:
        suffix = Path(entry.name).suffix.lower() or "no extension"
        readable = ", ".join(sorted(EXTENSIONS))
        return Severity.WARNING, f"not read: unsupported format ({suffix}; Parley reads {readable})"
    return None


def load_sources(corpus: Path) -> dict[str, SourceInfo]:
    """Rows of `sources.csv` beside the sources, keyed by file (its path in the corpus folder); {}
    when there is none."""
    return read_sources(corpus)[0]


def read_sources(corpus: Path) -> tuple[dict[str, SourceInfo], list[Finding]]:
    """The rows of `sources.csv` beside the sources, keyed by file name, and what was wrong with it.

    The file is decoded as the reader decodes a text (UTF-8, a BOM, else cp1252 with a warning). A
    malformed row (a quote left open, which would swallow the rows after it, more cells than the
    header) is reported with its line and skipped; the lines after it are read as rows of their own.
    A published cell starting with = + - or @ (a formula to a spreadsheet
    that opens a CSV export of the graph) is reported and left out.
    """
    folder = corpus if corpus.is_dir() else corpus.parent
    path = folder / "sources.csv"
    where = display_name(folder, path)
    if not os.path.lexists(path):
        message = (
            f"no sources.csv: titles, dates and archival citations come from the texts alone "
            f"(header: {','.join(COLUMNS)}; one row per file)"
        )
        return {}, [Finding(where, 1, Severity.INFO, message)]  # no fault: said, and --strict passes
    try:
        text, findings = decode(read_bytes(path, where), where)
    except InputError as err:
        message = str(err).removeprefix(f"{where}: ")
        return {}, [Finding(where, 1, Severity.ERROR, f"{message}; no row of it is used")]
    text, normalized = normalize(text, where)
    findings += normalized
    rows: dict[str, SourceInfo] = {}
    first: dict[str, int] = {}
    header: list[str] | None = None
    for line, cells, problem in _records(text):
        if problem:
            findings.append(Finding(where, line, Severity.ERROR, f"{problem}; row skipped"))
        elif header is None:
            header = cells
            if "file" not in header:
                message = f"header must start with 'file' (columns: {', '.join(COLUMNS)}); no row is used"
                return {}, [*findings, Finding(where, line, Severity.ERROR, message)]
        elif len(cells) > len(header):
            message = f"{len(cells)} cells but the header has {len(header)}; row skipped"
            findings.append(Finding(where, line, Severity.ERROR, message))
        else:
            if len(cells) < len(header):
                message = f"{len(cells)} cells but the header has {len(header)}; the missing ones are empty"
                findings.append(Finding(where, line, Severity.WARNING, message))
            row = dict(zip(header, cells, strict=False))
            info = _info(row, where, line, findings)
            if info is None:
                continue
            if info.file in first:
                message = f"a second row for {info.file} (the first is on line {first[info.file]}); used"
                findings.append(Finding(where, line, Severity.WARNING, message))
            first[info.file] = line
            rows[info.file] = info
    return rows, findings


def _records(text: str) -> Iterator[tuple[int, list[str], str]]:
    """(line, cells, problem) of each non-blank line. Cells may not span lines, so a line with an odd
    number of quotes has one left open (it would swallow the rows after it): that line alone is
    reported, and reading goes on at the next."""
    for index, raw in enumerate(text.split("\n"), start=1):
        if raw.count('"') % 2:
            yield index, [], "a quote left open (an odd number of quotes on the line)"
            continue
        try:
            cells = next(csv.reader([raw], strict=True), [])
        except csv.Error as err:
            yield index, [], f"malformed CSV ({err})"
            continue
        if cells:
            yield index, cells, ""


def _info(row: dict[str, str], where: str, line: int, findings: list[Finding]) -> SourceInfo | None:
    name = row["file"].strip()
    if not name:
        findings.append(Finding(where, line, Severity.ERROR, "no file name; row skipped"))
        return None
    raw_date = (row.get("date") or "").strip()
    date = None
    try:
        date = dt.date.fromisoformat(raw_date) if raw_date else None
    except ValueError:
        message = f"date must be YYYY-MM-DD, not {raw_date!r}; the row is used without a date"
        findings.append(Finding(where, line, Severity.ERROR, message))
    cells = {column: (row.get(column) or "").strip() for column in (*PUBLISHED, "reports_on")}
    for column in PUBLISHED:
        if cells[column].startswith(FORMULA):
            message = (
                f"the {column} cell starts with {cells[column][0]!r}, which a spreadsheet runs as a formula; "
                "left out (remove the leading character)"
            )
            findings.append(Finding(where, line, Severity.WARNING, message, cells[column]))
            cells[column] = ""
    return SourceInfo(file=name, date=date, **cells)
