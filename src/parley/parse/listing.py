"""Collection listings: a title, a description, then entries of date / title / summary between `-` lines."""

from __future__ import annotations

import re

from parley.model import CollectionEntry, Finding, Paragraph, Severity, Span
from parley.parse.header import find_date, is_dateline

SEPARATOR = re.compile(r"^[-–—]{1,3}$")
RECORD_TYPE_PHRASES = (
    ("memorandum of conversation", "memorandum-of-conversation"),
    ("record of a meeting", "meeting-notes"),
    ("meeting notes", "meeting-notes"),
    ("record of talks", "record-of-conversation"),
    ("record of conversation", "record-of-conversation"),
    ("from the diary", "diary"),
    ("diary", "diary"),
    ("cable", "cable"),
    ("telegram", "telegram"),
    ("resolution", "resolution"),
    ("letter", "letter"),
    ("memorandum", "memorandum-of-conversation"),
)


def record_type_for(title: str) -> str:
    """The record type a title names by its opening words (`Cable, ...` -> cable), or ''."""
    lowered = title.lower()
    for phrase, record_type in RECORD_TYPE_PHRASES:
        if lowered.startswith(phrase) or re.match(rf"^\W*{re.escape(phrase)}\b", lowered):
            return record_type
    for phrase, record_type in RECORD_TYPE_PHRASES:
        if re.search(rf"\b{re.escape(phrase)}\b", lowered):
            return record_type
    return ""


def is_listing(paragraphs: list[Paragraph]) -> bool:
    """At least two `-` separator lines, each followed by a date line."""
    following = [paragraphs[i + 1] for i, p in enumerate(paragraphs[:-1]) if SEPARATOR.match(p.text)]
    return len(following) >= 2 and all(is_dateline(p.text) for p in following)


def parse_listing(
    paragraphs: list[Paragraph], path: str
) -> tuple[str, str, tuple[CollectionEntry, ...], list[Finding]]:
    """Title, description, entries and findings of a collection listing."""
    blocks: list[list[Paragraph]] = [[]]
    for paragraph in paragraphs:
        if SEPARATOR.match(paragraph.text):
            blocks.append([])
        else:
            blocks[-1].append(paragraph)
    head, *entry_blocks = blocks
    findings: list[Finding] = []
    title = head[0].text if head else ""
    description = " ".join(p.text for p in head[1:])
    entries: list[CollectionEntry] = []
    for block in entry_blocks:
        if not block:
            continue
        dated = find_date(block[0].text) if is_dateline(block[0].text) else None
        rest = block[1:] if dated else block
        if not dated:
            findings.append(
                Finding(
                    path, block[0].line, Severity.WARNING, "collection entry without a date", block[0].text
                )
            )
        if not rest:
            findings.append(
                Finding(
                    path, block[0].line, Severity.WARNING, "collection entry without a title", block[0].text
                )
            )
            continue
        entry_title = rest[0].text
        record_type = record_type_for(entry_title)
        if not record_type:
            findings.append(
                Finding(path, rest[0].line, Severity.WARNING, "record type not recognized", entry_title)
            )
        entries.append(
            CollectionEntry(
                position=len(entries) + 1,
                date=dated[0] if dated else None,
                title=entry_title,
                summary=" ".join(p.text for p in rest[1:]),
                record_type=record_type or "other",
                span=Span(block[0].span.start, block[-1].span.end),
                line=block[0].line,
            )
        )
    return title, description, tuple(entries), findings
