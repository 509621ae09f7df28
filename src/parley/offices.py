"""Offices and who held them (mappings/offices.yaml): `The Secretary` of a State Department
memorandum of 1962 is Dean Rusk.

An office applies to a record only when the record was kept by the office's own government: its
citation or source note names one of the office's `records` (`Department of State`, `Johnson
Library`, ...). Every holder row cites its source.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from parley.errors import MappingError
from parley.yamlfile import read_yaml_list

OFFICE_KEYS = ("id", "label", "state", "names", "records", "holders", "note")
HOLDER_KEYS = ("person", "from", "to", "source", "note")


@dataclass(frozen=True)
class Holder:
    """A person who held an office from one day to another (both included)."""

    person: str
    start: dt.date
    end: dt.date
    source: str


@dataclass(frozen=True)
class Office:
    """An office, the names records give it (`the President`) and its holders."""

    id: str
    label: str
    state: str
    names: tuple[str, ...]
    records: tuple[str, ...]
    holders: tuple[Holder, ...]

    def holder(self, day: dt.date) -> str | None:
        """The person id of the holder on `day`; None in a vacancy or outside the table."""
        found = [h.person for h in self.holders if h.start <= day <= h.end]
        return found[0] if len(found) == 1 else None

    def keeps(self, citation: str) -> bool:
        """Whether a record with this citation or source note was kept by the office's government."""
        return any(re.search(rf"\b{re.escape(r)}\b", citation) for r in self.records)


def _day(value: object, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise MappingError(f"{where}: dates are days (1961-01-21), not {value!r}") from None


def _strings(raw: dict[str, object], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise MappingError(f"{where}: {key} must be a list of texts")
    return tuple(value)


def _holder(raw: object, where: str) -> Holder:
    if not isinstance(raw, dict):
        raise MappingError(f"{where}: a holder is a mapping with person, from, to and source")
    unknown = sorted(set(raw) - set(HOLDER_KEYS))
    if unknown:
        raise MappingError(f"{where}: unknown key(s) {unknown}; allowed: {', '.join(HOLDER_KEYS)}")
    for key in ("person", "from", "to", "source"):
        if not raw.get(key):
            raise MappingError(f"{where}: a holder needs {key!r} (every row cites its source)")
    start, end = _day(raw["from"], where), _day(raw["to"], where)
    if end < start:
        raise MappingError(f"{where}: {raw['person']} would leave office ({end}) before taking it ({start})")
    return Holder(str(raw["person"]), start, end, str(raw["source"]))


def _office(raw: object, where: str) -> Office:
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("state"):
        raise MappingError(f"{where}: an office is a mapping with id, label, state, names, records, holders")
    unknown = sorted(set(raw) - set(OFFICE_KEYS))
    if unknown:
        raise MappingError(f"{where}: unknown key(s) {unknown}; allowed: {', '.join(OFFICE_KEYS)}")
    where = f"{where} ({raw['id']})"
    holders = raw.get("holders") or []
    if not isinstance(holders, list):
        raise MappingError(f"{where}: holders must be a list")
    return Office(
        id=str(raw["id"]),
        label=str(raw.get("label") or raw["id"]),
        state=str(raw["state"]),
        names=_strings(raw, "names", where),
        records=_strings(raw, "records", where),
        holders=tuple(_holder(h, f"{where}, holder {i}") for i, h in enumerate(holders, start=1)),
    )


def load_offices(path: Path) -> tuple[Office, ...]:
    """The offices of `path` ([] when the file is absent); a malformed row raises MappingError."""
    return tuple(_office(raw, f"{path}, entry {i}") for i, raw in enumerate(read_yaml_list(path), start=1))
