"""Writing accepted identifiers back into mappings/*.yaml, touching only the lines that change.

ruamel.yaml's round-trip loader finds the entry and the line of each key; the file is then edited
as text, so comments, blank lines, quoting and indentation elsewhere stay byte for byte.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from parley.errors import MappingError


def _entry(path: Path, text: str, entity_id: str) -> tuple[CommentedMap, int]:
    """The entry with `entity_id` and the line after it (where the next entry's lines begin)."""
    data = YAML().load(text)
    if isinstance(data, CommentedSeq):
        for position, entry in enumerate(data):
            if isinstance(entry, CommentedMap) and str(entry.get("id")) == entity_id:
                if entry.fa.flow_style():
                    raise MappingError(f"{path}: {entity_id}: write the entry in block style to link it")
                end = data.lc.item(position + 1)[0] if position + 1 < len(data) else len(text.splitlines())
                return entry, end
    raise MappingError(f"{path}: no entry with id {entity_id!r}")


def _key_span(entry: CommentedMap, key: str, end: int, lines: list[str]) -> tuple[int, int]:
    """Lines [start, stop) of `key` and its value, without trailing blank or comment lines."""
    keys = list(entry)
    start = entry.lc.key(key)[0]
    position = keys.index(key)
    stop = entry.lc.key(keys[position + 1])[0] if position + 1 < len(keys) else end
    while stop > start + 1 and (not lines[stop - 1].strip() or lines[stop - 1].lstrip().startswith("#")):
        stop -= 1
    return start, stop


def _render(key: str, value: str, column: int) -> list[str]:
    out = io.StringIO()
    yaml = YAML()
    yaml.width = 4096
    yaml.dump({key: value}, out)
    return [" " * column + line for line in out.getvalue().splitlines(keepends=True)]


def read_period(path: Path, entity_id: str) -> tuple[dt.date, dt.date] | None:
    """The entry's optional `period` (`1945`, `1945-07-02` or `1945-07-02/1950-02-14`)."""
    value = _entry(path, path.read_text(encoding="utf-8"), entity_id)[0].get("period")
    if value is None:
        return None
    first, _, last = str(value).partition("/")
    try:
        return _day(first, end=False), _day(last or first, end=True)
    except ValueError as err:
        raise MappingError(
            f"{path}: {entity_id}: period must look like 1945 or 1945-07-02/1950-02-14, not {value!r}"
        ) from err


def _day(text: str, *, end: bool) -> dt.date:
    text = text.strip()
    if len(text) == 4 and text.isdigit():
        return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    return dt.date.fromisoformat(text)


def write_qid(path: Path, entity_id: str, qid: str, source: str) -> None:
    """Set `wikidata` and `wikidata_source` on the entry `entity_id` of the YAML file `path`."""
    for key, value, after in (
        ("wikidata", qid, ("label", "aliases", "member_of")),
        ("wikidata_source", source, ("wikidata",)),
    ):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        entry, end = _entry(path, text, entity_id)
        new = _render(key, value, entry.lc.col)
        if key in entry:
            start, stop = _key_span(entry, key, end, lines)
        else:
            anchor = [k for k in entry if k in after][-1:] or list(entry)[-1:]
            start = stop = _key_span(entry, anchor[0], end, lines)[1]
        path.write_text("".join(lines[:start] + new + lines[stop:]), encoding="utf-8")
