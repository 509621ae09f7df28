"""Dialogue turns: paragraphs opening with a speaker label such as `[T.V.] Soong:` or `Mao Zedong:`."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from parley.model import Paragraph, Span
from parley.registry import normalize_name

_WORD = r"(?:\[[^\]\n]{1,30}\]\s*)?[A-Z][\w.'’-]*"
LABEL = re.compile(rf"^(?P<label>{_WORD}(?:\s+{_WORD}){{0,3}})\s*:\s*(?P<rest>\S.*)$")
NOT_SPEAKERS = {
    "date",
    "time",
    "place",
    "present",
    "subject",
    "participants",
    "summary",
    "citation",
    "credits",
    "contents",
    "source",
    "sources",
    "note",
    "notes",
    "original language",
    "record id",
    "type",
    "re",
    "subj",
    "from",
    "to",
    "cc",
    "copy",
    "attachment",
    "enclosure",
    "ref",
    "reference",
    "p.s",
    "n.b",
    "comment",  # a cable's own sections: `Comment: Cease-fire points have been selected ...`
    "comments",
    "recommendation",
    "recommendations",
    "action",
    "conclusion",
    "conclusions",
}


def label_key(label: str) -> str:
    """The speaker label without bracketed expansions, folded: `[T.V.] Soong` -> `soong`."""
    return normalize_name(re.sub(r"\[[^\]]*\]", " ", label))


def split_label(paragraph: Paragraph) -> tuple[str, Span, Span] | None:
    """The label as written, its span and the span of the text after it; None if no label."""
    match = LABEL.match(paragraph.text)
    if not match or label_key(match["label"]) in NOT_SPEAKERS or _is_heading(match["label"], match["rest"]):
        return None
    base = paragraph.span.start
    return (
        match["label"],
        Span(base + match.start("label"), base + match.end("label")),
        Span(base + match.start("rest"), paragraph.span.end),
    )


def accepted_labels(paragraphs: Iterable[Paragraph], known_names: frozenset[str]) -> set[str]:
    """Label keys that really are speakers: used at least twice, or a known person's name.

    A single `Aim:` or `Frankly:` inside a turn is text, not a speaker.
    """
    counts: Counter[str] = Counter()
    for paragraph in paragraphs:
        split = split_label(paragraph)
        if split:
            counts[label_key(split[0])] += 1
    return {key for key, n in counts.items() if n >= 2 or key in known_names}


def _is_heading(label: str, rest: str) -> bool:
    """A topic heading in capitals (`SINGAPORE: PERIOD BEFORE RELIEF`), not a speaker's words: the
    words after the colon are few, in capitals, and end no sentence."""
    return (
        label.isupper()
        and rest.isupper()
        and len(rest.split()) <= 8
        and not rest.rstrip().endswith((".", "?", "!"))
    )
