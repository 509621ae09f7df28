"""Split normalized text into paragraphs: one per non-blank line, with span and line number."""

from __future__ import annotations

from parley.model import Paragraph, Span


def split_paragraphs(text: str) -> list[Paragraph]:
    """Every non-blank line, stripped, with its character span and 1-based line number."""
    paragraphs: list[Paragraph] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped:
            start = offset + (len(line) - len(line.lstrip()))
            paragraphs.append(
                Paragraph(len(paragraphs), number, Span(start, start + len(stripped)), stripped)
            )
        offset += len(line) + 1
    return paragraphs
