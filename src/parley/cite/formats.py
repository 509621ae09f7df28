"""A citation written as text to paste, or in the formats reference managers import: RIS (as the
Wilson Center exports; written with rispy), CSL-JSON and BibTeX (both Zotero imports)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable

import rispy

from parley.cite.gather import Citation

KIND_WORDS = {"claim": "claim", "turn": "statement", "meeting": "meeting", "record": "record"}


def _day(date: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(date[:10])
    except ValueError:
        return None


def spoken_date(date: str) -> str:
    """'7 July 1945' for 1945-07-07 (the date as given when it is not a day)."""
    day = _day(date)
    return f"{day.day} {day.strftime('%B')} {day.year}" if day else date


def location(c: Citation) -> str:
    """Where the archive keeps the record: collection, box, folder and record id, as given."""
    parts = [c.collection, f"box {c.box}" if c.box else "", f"folder {c.folder}" if c.folder else ""]
    parts.append(f"record {c.record_id}" if c.record_id else "")
    return ", ".join(p for p in parts if p)


def place_in_source(c: Citation) -> str:
    """'corpus/x.txt, line 96, characters 4180-4248' (what the graph knows of it)."""
    parts = [c.source_file]
    if c.line is not None:
        parts.append(f"line {c.line}")
    if c.begin is not None and c.end is not None:
        parts.append(f"characters {c.begin}-{c.end}")
    return ", ".join(p for p in parts if p)


def _said(c: Citation) -> str:
    if not c.quote:
        return ""
    who = f"{c.speaker}, " if c.speaker else ""
    stance = f" ({c.stance} on {c.issue})" if c.stance and c.issue else ""
    when = spoken_date(c.date)
    return f"{who}{when}{': ' if who or when else ''}\u201c{c.quote}\u201d{stance}"


def text(c: Citation) -> str:
    """The citation to paste: what was said (for a claim or turn), the record, the archive's own
    citation, the place in the source file, and the graph's IRI."""
    lines = []
    if said := _said(c):
        lines.append(said)
    record = ", ".join(p for p in (f"\u201c{c.title}\u201d" if c.title else "", spoken_date(c.date)) if p)
    if c.kind == "meeting" and c.meeting:
        record = f"{c.meeting}, recorded in {record}" if record else c.meeting
    held = ", ".join(p for p in (c.archive, location(c)) if p)
    lines.append(". ".join(p for p in (record, held, c.address) if p) + ".")
    if c.archival_citation:
        lines.append(f"Archival citation: {c.archival_citation}")
    if where := place_in_source(c):
        lines.append(f"Source: {where}.")
    lines.append(f"Parley {KIND_WORDS[c.kind]}: {c.iri}")
    return "\n".join(lines) + "\n"


def _notes(c: Citation) -> list[str]:
    notes = [n for n in (_said(c), f"Source: {place_in_source(c)}" if place_in_source(c) else "") if n]
    if c.archival_citation:
        notes.append(f"Archival citation: {c.archival_citation}")
    return [*notes, f"Parley {KIND_WORDS[c.kind]}: {c.iri}"]


class _Writer(rispy.RisWriter):  # type: ignore[misc]
    """rispy's writer without the running number it puts before each entry."""

    def set_header(self, count: int) -> str | None:
        return None


def ris(c: Citation) -> str:
    """An RIS entry (TY MANSCPT, an archival document: Zotero's manuscript; DB archive, AN its place)."""
    entry: dict[str, object] = {"type_of_reference": "MANSCPT", "title": c.title or c.meeting or c.short}
    day = _day(c.date)
    if day:
        entry["date"] = f"{day.year}/{day.month:02d}/{day.day:02d}"
    elif c.date:
        entry["date"] = c.date
    if c.archive:
        entry["name_of_database"] = c.archive
    if where := location(c):
        entry["accession_number"] = where
    if c.publisher:
        entry["publisher"] = c.publisher
    if c.address:
        entry["urls"] = [c.address]
    if c.quote:
        entry["abstract"] = c.quote
    entry["notes"] = _notes(c)
    return str(rispy.dumps([entry], implementation=_Writer))


def csl_json(c: Citation) -> str:
    """A CSL-JSON item (type manuscript, with archive, archive_collection and archive_location)."""
    item: dict[str, object] = {"id": c.short, "type": "manuscript", "title": c.title or c.meeting or c.short}
    day = _day(c.date)
    if day:
        item["issued"] = {"date-parts": [[day.year, day.month, day.day]]}
    optional = {
        "archive": c.archive,
        "archive_collection": c.collection,
        "archive_location": location(c),
        "publisher": c.publisher,
        "URL": c.address,
        "call-number": c.record_id,
        "abstract": c.quote,
    }
    item |= {key: value for key, value in optional.items() if value}
    item["note"] = "\n".join(_notes(c))
    return json.dumps([item], indent=2, ensure_ascii=False) + "\n"


_LATEX = {c: "\\" + c for c in "&%$#_{}"} | {
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\^{}",
}


_LATEX_TABLE = str.maketrans(_LATEX)


def _tex(value: str) -> str:
    """`value` with LaTeX's special characters escaped (other characters stay UTF-8, as biblatex reads)."""
    return " ".join(value.split()).translate(_LATEX_TABLE)


def bibtex(c: Citation) -> str:
    """A BibTeX @misc entry (biblatex's date field, and year and month for BibTeX)."""
    key = re.sub(r"[^A-Za-z0-9]+", "-", c.short).strip("-") or "parley"
    fields = {"title": c.title or c.meeting or c.short}
    day = _day(c.date)
    if day:
        fields |= {"date": day.isoformat(), "year": str(day.year), "month": day.strftime("%b").lower()}
    held = ", ".join(p for p in (c.archive, location(c)) if p)
    fields |= {"howpublished": held, "url": c.address, "note": "; ".join(_notes(c))}
    body = ",\n".join(
        f"  {name} = {{{value if name in ('month', 'url') else _tex(value)}}}"
        for name, value in fields.items()
        if value
    )
    return f"@misc{{{key},\n{body}\n}}\n"


FORMATS: dict[str, Callable[[Citation], str]] = {
    "text": text,
    "ris": ris,
    "csl-json": csl_json,
    "bibtex": bibtex,
}


def render(c: Citation, fmt: str) -> str:
    """`c` in the format `fmt` (one of FORMATS)."""
    return FORMATS[fmt](c)
