"""Settings of `parley link`, read from mappings/link.yaml (curator-editable)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from parley.errors import MappingError
from parley.registry import KINDS, QID


@dataclass(frozen=True)
class LinkConfig:
    """Acceptable Wikidata classes per kind, the records' date and the acceptance thresholds."""

    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    records_date: dt.date | None = None
    min_score: float = 0.6
    margin: float = 0.1


def load_link_config(mappings: Path) -> LinkConfig:
    """Read `mappings/link.yaml`; a missing file gives the defaults (no type constraints)."""
    path = mappings / "link.yaml"
    if not path.exists():
        return LinkConfig()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise MappingError(f"{path}: not valid YAML: {err}") from err
    if not isinstance(raw, dict):
        raise MappingError(f"{path}: expected a mapping with classes, records_date, min_score, margin")
    classes: dict[str, frozenset[str]] = {}
    for kind, qids in (raw.get("classes") or {}).items():
        if kind not in KINDS:
            raise MappingError(f"{path}: classes: kind must be one of: {', '.join(KINDS)}, not {kind!r}")
        bad = [q for q in qids or [] if not QID.fullmatch(str(q))]
        if bad:
            raise MappingError(f"{path}: classes: {kind}: {bad[0]!r} is not a Wikidata item id like Q5")
        classes[kind] = frozenset(str(q) for q in qids or [])
    date = raw.get("records_date")
    if date is not None and not isinstance(date, dt.date):
        raise MappingError(f"{path}: records_date must be a date like 1945-08-14, not {date!r}")
    return LinkConfig(
        classes=classes,
        records_date=date,
        min_score=float(raw.get("min_score", 0.6)),
        margin=float(raw.get("margin", 0.1)),
    )
