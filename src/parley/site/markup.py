"""The text of an utterance as HTML: mentions linked to their entity pages, claims marked.

Offsets in the graph count characters of the document's normalized text; an utterance's own text
starts at its `parley:beginIndex`, so a span's place in the utterance is its offsets minus that. A span
whose characters do not match what the graph says it covers (its surface form or quote) is looked up
by its text instead, and left out if not found.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    """A span of text to link or mark, with offsets in the document's text."""

    start: int
    end: int
    expected: str
    href: str | None
    ident: str
    title: str
    note: str = ""


def locate(text: str, offset: int, span: Span) -> tuple[int, int] | None:
    """The span's (start, end) within `text`, which begins at `offset` of the document."""
    start, end = span.start - offset, span.end - offset
    if 0 <= start < end <= len(text) and text[start:end] == span.expected:
        return start, end
    found = text.find(span.expected) if span.expected else -1
    return (found, found + len(span.expected)) if found >= 0 else None


def _layer(text: str, offset: int, spans: list[Span], inside: tuple[int, int]) -> list[tuple[int, int, Span]]:
    """Located spans within `inside`, without overlaps (the earlier, then longer, span wins)."""
    located = sorted(
        ((pos[0], pos[1], s) for s in spans if (pos := locate(text, offset, s))),
        key=lambda item: (item[0], -item[1], item[2].ident),
    )
    kept: list[tuple[int, int, Span]] = []
    for start, end, span in located:
        if start >= inside[0] and end <= inside[1] and (not kept or start >= kept[-1][1]):
            kept.append((start, end, span))
    return kept


def _mention(text: str, start: int, end: int, span: Span) -> str:
    words = escape(text[start:end])
    title = escape(span.title)
    if span.href is None:
        return f'<span class="mention" id="{escape(span.ident)}" title="{title}">{words}</span>'
    return (
        f'<a class="mention" id="{escape(span.ident)}" href="{escape(span.href)}" title="{title}">{words}</a>'
    )


def _linked(text: str, offset: int, mentions: list[Span], inside: tuple[int, int]) -> str:
    out, cursor = [], inside[0]
    for start, end, span in _layer(text, offset, mentions, inside):
        out.append(str(escape(text[cursor:start])))
        out.append(_mention(text, start, end, span))
        cursor = end
    out.append(str(escape(text[cursor : inside[1]])))
    return "".join(out)


def marked(text: str, offset: int, mentions: list[Span], claims: list[Span]) -> Markup:
    """`text` as HTML with `claims` in <mark> (and a link to each claim) and `mentions` as links.

    Claims on the same words share one <mark>, followed by a link to each of them.
    """
    same: dict[tuple[int, int], list[Span]] = {}
    for claim in claims:
        if (pos := locate(text, offset, claim)) is not None:
            same.setdefault(pos, []).append(claim)
    out, cursor = [], 0
    for start, end, first in _layer(text, offset, [group[0] for group in same.values()], (0, len(text))):
        group = same[(start, end)]
        out.append(_linked(text, offset, mentions, (cursor, start)))
        inner = _linked(text, offset, mentions, (start, end))
        title = "; ".join(c.title for c in group)
        out.append(f'<mark class="claim" id="{escape(first.ident)}" title="{escape(title)}">{inner}</mark>')
        for claim in group:
            if claim.href is not None:
                out.append(f'<a class="claim-ref" href="{escape(claim.href)}">[{escape(claim.note)}]</a>')
        cursor = end
    out.append(_linked(text, offset, mentions, (cursor, len(text))))
    return Markup("".join(out))
