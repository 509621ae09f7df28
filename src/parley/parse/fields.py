"""Labelled header fields of a compiled record page (`Title: Telegram to Liu`, `Author: Mao
zedong`, `Date: December ... 18,1949`), printed as a left column beside another (`Source: ...`):
a value goes on in the left column of the lines below its label, up to the next label."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parley.model import Span

LABEL = re.compile(r"^(?P<indent>\s*)(?P<label>Title|Author|Date|From|To):[ \t]*", re.M)
COLUMN = re.compile(r"\s{4,}")  # the gap between two columns
HEAD_LINES = 40


@dataclass(frozen=True)
class Field:
    """A field's value with the span of its first line's words."""

    value: str
    span: Span


def header_fields(text: str) -> dict[str, Field]:
    """The labelled fields among the first lines of `text`, by lower-case label."""
    head_end = 0
    for _ in range(HEAD_LINES):
        head_end = text.find("\n", head_end + 1)
        if head_end < 0:
            head_end = len(text)
            break
    head = text[:head_end]
    matches = list(LABEL.finditer(head))
    fields: dict[str, Field] = {}
    for number, match in enumerate(matches):
        stop = matches[number + 1].start() if number + 1 < len(matches) else head_end
        lines = head[match.end() : stop].split("\n")
        first = COLUMN.split(lines[0].strip())[0]
        parts = [first]
        for line in lines[1:]:
            if not line.strip() or (line[:1].isspace() and len(line) - len(line.lstrip()) >= 8):
                break  # a blank line, or a line of the right column only
            parts.append(COLUMN.split(line.strip())[0])
        value = " ".join(p for p in parts if p).strip(" .")
        if value and match["label"].lower() not in fields:
            start = match.end()
            fields[match["label"].lower()] = Field(value, Span(start, start + len(first)))
    return fields
