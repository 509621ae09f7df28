"""Attendance: `Present:` and `PARTICIPANTS` blocks, and `Present at the meeting were ...` sentences."""

from __future__ import annotations

import re

from parley.model import Paragraph, Participant, Span
from parley.parse.header import is_dateline

BLOCK_HEADING = re.compile(
    r"^(?:#+\s*)?(?:present|participants|attendees|also present)\s*(?::\s*(?P<rest>.*)|$)", re.I
)
TRAILING = re.compile(
    r"^(?:(?:also\s+)?present at the (?:meeting|conversation|talks?)\s+(?:were|was)|"
    r"(?:the\s+)?(?:meeting|conversation) was attended by|also present were)\s+"
    r"(?:(?:comrs?|comrades|messrs)\.?\s+)?",
    re.I,
)
TITLE_ROLES = {
    "interpreter": "interpreter",
    "ambassador": "ambassador",
    "chairman": "chairman",
    "foreign minister": "foreign-minister",
    "minister of foreign affairs": "foreign-minister",
    "premier": "head-of-government",
    "prime minister": "head-of-government",
    "president": "head-of-state",
    "secretary of state": "secretary-of-state",
    "the secretary": "secretary-of-state",
    "minister": "minister",
}
TITLE = re.compile(
    r"\b(?:Marshal|Generalissimo|Dr\.|Mr\.|Mrs\.|Ambassador|Interpreter|General|President|Chairman|"
    r"Premier|Secretary|Minister|Comrade|comr\.|Admiral|Colonel|Governor)(?=\s)"
)
AFFILIATION = re.compile(r"\s*[-–—]\s*(?P<aff>[A-Z][A-Za-z.]{1,10})$")


def role_for(text: str) -> str:
    """The role a title or editorial gloss names (`Interpreter Pavlov` -> interpreter)."""
    lowered = text.lower()
    for phrase, role in sorted(TITLE_ROLES.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{re.escape(phrase)}\b", lowered):
            return role
    return "participant"


def _participant(raw: str, start: int, line: int) -> Participant | None:
    text = re.sub(r"^and\s+", "", raw.strip(" ,.;"))
    if not text:
        return None
    offset = raw.index(text)
    affiliation = ""
    match = AFFILIATION.search(text)
    if match:
        affiliation = match["aff"]
        text = text[: match.start()]
    gloss = re.match(r"^\[(?P<gloss>[^\]]+)\]\s*", text)
    role = role_for(gloss["gloss"]) if gloss else role_for(text.split(" ")[0] if " " in text else text)
    if text.lower().startswith("the "):
        role = role_for(text)
    return Participant(
        name=text,
        span=Span(start + offset, start + offset + len(text)),
        line=line,
        role=role,
        affiliation=affiliation,
    )


def split_names(paragraph: Paragraph, start: int = 0) -> list[Participant]:
    """Persons listed on one line: by commas and `and`, or, in a two-column layout, by titles."""
    text = paragraph.text[start:]
    base = paragraph.span.start + start
    if "," in text or " and " in text:
        parts = [(m.start(), m.group(0)) for m in re.finditer(r"[^,]+?(?=,|\s+and\s+|\.?$)", text)]
    else:
        cuts = [m.start() for m in TITLE.finditer(text)]
        if not cuts or cuts[0] != 0:
            cuts = [0, *cuts]
        parts = [(a, text[a:b]) for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]
    found = (_participant(piece, base + offset, paragraph.line) for offset, piece in parts)
    return [p for p in found if p is not None]


def block_heading(paragraph: Paragraph) -> str | None:
    """For a `Present:` heading, the text after it on the same line ('' if none); else None."""
    match = BLOCK_HEADING.match(paragraph.text)
    return (match["rest"] or "") if match else None


def trailing_attendance(paragraph: Paragraph) -> list[Participant]:
    """Participants of a sentence such as `Present at the meeting were comrs. Molotov, ...`."""
    match = TRAILING.match(paragraph.text)
    return split_names(paragraph, match.end()) if match else []


def is_attendance_line(paragraph: Paragraph) -> bool:
    """A short line of names (at most eight words, no sentence, not a dateline such as `Date: ...`)."""
    words = paragraph.text.split()
    return (
        0 < len(words) <= 8
        and not re.search(r"[a-z]{3,}[.!?]$", paragraph.text)
        and not is_dateline(paragraph.text)
    )
