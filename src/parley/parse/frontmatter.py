"""YAML front matter: the metadata block an archive's pages open with (`---` ... `---`).

DAFP pages state `title`, `doc_date`, the National Archives of Australia citation (`naa_refs`),
the volume and the document number there; these are facts of the record, not its words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from parley.yamlfile import SAFE_LOADER

FENCE = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)---[ \t]*(?:\n|\Z)", re.S)


@dataclass(frozen=True)
class FrontMatter:
    """What the front matter states; `end` is the offset just after its closing fence."""

    end: int
    title: str = ""
    date: dt.date | None = None
    citation: str = ""
    volume: str = ""
    number: str = ""
    error: str = ""  # why the block could not be read as YAML ('' when it could)


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
    """The archival references of `naa_refs` (`[AA: M100, NOVEMBER 1939]`), joined."""
    if not isinstance(refs, list):
        return ""
    found = [str(r.get("reference", "")).strip() for r in refs if isinstance(r, dict)]
    return "; ".join(r for r in found if r)


def read_front_matter(text: str) -> FrontMatter | None:
    """The front matter opening `text`, or None when the text has none."""
    match = FENCE.match(text)
    if match is None:
        return None
    try:
        data = yaml.load(match["body"], Loader=SAFE_LOADER)  # libyaml: 15 ms a page in Python
    except yaml.YAMLError as err:
        return FrontMatter(match.end(), error=str(err).replace("\n", " "))
    if not isinstance(data, dict):
        return FrontMatter(match.end(), error="the block is not a mapping of keys to values")
    title = " ".join(str(data.get("title") or "").split())
    volume = str(data.get("vol_title") or data.get("vol_full_title") or "")
    number = str(data.get("doc_num") or "")
    return FrontMatter(
        end=match.end(),
        title=title,
        date=_date(data.get("doc_date") or data.get("date")),
        citation=_citation(data.get("naa_refs")),
        volume=volume,
        number=number,
    )
