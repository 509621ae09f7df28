"""YAML front matter (`---` ... `---` opening a page): the facts an archive states about a record.

DAFP pages state `title`, `doc_date`, the National Archives of Australia citation (`naa_refs`), the
volume and the document number there. PyYAML's safe loader reads the block (no tags, no objects).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from parley.model import StatedFacts
from parley.yamlfile import SAFE_LOADER

PARTIAL_DATE = re.compile(r"\d{4}(?:-\d{2})?")  # a year, or a year and month
FENCE = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)---[ \t]*(?:\n|\Z)", re.S)


@dataclass(frozen=True)
class FrontMatter:
    """The facts of a front matter block, where its text ends, why it could not be read ('' if it
    could), and a date it states without a day (`1946-10`, `1947`)."""

    facts: StatedFacts
    end: int
    error: str = ""
    dayless_date: str = ""


def read_front_matter(text: str) -> FrontMatter | None:
    """The front matter opening `text`, or None when the text has none."""
    match = FENCE.match(text)
    if match is None:
        return None
    try:
        data = yaml.load(match["body"], Loader=SAFE_LOADER)  # libyaml: 15 ms a page in Python
    except yaml.YAMLError as err:
        return FrontMatter(StatedFacts(), match.end(), " ".join(str(err).split()))
    if not isinstance(data, dict):
        return FrontMatter(StatedFacts(), match.end(), "the block is not a mapping of keys to values")
    facts = _facts(data)
    stated = _text(data.get("doc_date") or data.get("date"))
    dayless = stated if facts.date is None and PARTIAL_DATE.fullmatch(stated) else ""
    return FrontMatter(facts, match.end(), dayless_date=dayless)


def _facts(data: dict[object, object]) -> StatedFacts:
    volume, number = _text(data.get("vol_id")), _text(data.get("doc_num"))
    where = _text(data.get("vol_full_title") or data.get("vol_title"))
    where += f", document {number}" if where and number else ""
    citation = ". ".join(part for part in (where, _citation(data.get("naa_refs"))) if part)
    return StatedFacts(
        title=_text(data.get("title")),
        date=_date(data.get("doc_date") or data.get("date")),
        citation=citation,
        record_id=f"vol{volume}/doc{number}" if volume and number else "",
    )


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _citation(refs: object) -> str:
    """The archival references of `naa_refs` (`[NAA: A5954, 1384/2]`), joined."""
    if not isinstance(refs, list):
        return ""
    found = [_text(r.get("reference", "")) for r in refs if isinstance(r, dict)]
    return "; ".join(r for r in found if r)
