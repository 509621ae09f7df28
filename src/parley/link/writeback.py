"""Writing accepted identifiers back into mappings/*.yaml, keeping comments, order and style."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.util import load_yaml_guess_indent

from parley.errors import MappingError


def _load(path: Path) -> tuple[Any, YAML]:
    text = path.read_text(encoding="utf-8")
    data, indent, block_seq_indent = load_yaml_guess_indent(text)
    yaml = YAML()  # round-trip mode: comments, key order and quoting survive
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=indent or 2, sequence=(indent or 2) + (block_seq_indent or 0),
                offset=block_seq_indent or 0)
    return data, yaml


def _entry(data: Any, path: Path, entity_id: str) -> CommentedMap:
    for entry in data or []:
        if isinstance(entry, CommentedMap) and str(entry.get("id")) == entity_id:
            return entry
    raise MappingError(f"{path}: no entry with id {entity_id!r}")


def read_period(path: Path, entity_id: str) -> tuple[dt.date, dt.date] | None:
    """The entry's optional `period` (`1945`, `1945-07-02` or `1945-07-02/1950-02-14`)."""
    value = _entry(_load(path)[0], path, entity_id).get("period")
    if value is None:
        return None
    text = str(value)
    first, _, last = text.partition("/")
    try:
        return _day(first, end=False), _day(last or first, end=True)
    except ValueError as err:
        raise MappingError(
            f"{path}: {entity_id}: period must look like 1945 or 1945-07-02/1950-02-14, not {text!r}"
        ) from err


def _day(text: str, *, end: bool) -> dt.date:
    text = text.strip()
    if len(text) == 4 and text.isdigit():
        return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    return dt.date.fromisoformat(text)


def write_qid(path: Path, entity_id: str, qid: str, source: str) -> None:
    """Set `wikidata` and `wikidata_source` on the entry `entity_id` of the YAML file `path`."""
    data, yaml = _load(path)
    entry = _entry(data, path, entity_id)
    if "wikidata" in entry:
        entry["wikidata"] = qid
    else:
        keys = list(entry)
        after = max((keys.index(k) for k in ("label", "aliases", "member_of") if k in entry), default=0)
        entry.insert(after + 1, "wikidata", qid)
    if "wikidata_source" in entry:
        entry["wikidata_source"] = source
    else:
        entry.insert(list(entry).index("wikidata") + 1, "wikidata_source", source)
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
