"""What kind of record a document is, from its title or heading (`Telegram From the Embassy in
Korea to the Department of State`, `Minutes of a Cabinet Meeting`, `Note by Bruce of Conversation
with Attlee`): its record type, whether it records a meeting, and whether it reports one to
someone who was not there (a cable, a letter)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class RecordKind:
    """A record type of the ontology's scheme and what it says about the meeting."""

    record_type: str
    of_meeting: bool  # the record is of a meeting or conversation
    report: bool  # the record reports to others (a meeting it records may be earlier than the record)


_CONVERSATION = (
    r"(?:telephone\s+)?(?:conversations?|discussions?|meetings?|talks|conferences?|interviews?|calls?)"
)
KINDS: tuple[tuple[re.Pattern[str], RecordKind], ...] = tuple(
    (re.compile(pattern, re.I), kind)
    for pattern, kind in (
        (r"\bminutes\b", RecordKind("minutes", True, False)),
        (r"\bmemorandum\s+for\s+the\s+record\b", RecordKind("memorandum-for-the-record", True, False)),
        (
            rf"\bmemorandum\s+(?:of|on)\s+(?:a\s+|the\s+)?{_CONVERSATION}",
            RecordKind("memorandum-of-conversation", True, False),
        ),
        (
            rf"\b(?:summary\s+)?records?\s+of\s+(?:a\s+|the\s+)?{_CONVERSATION}",
            RecordKind("record-of-conversation", True, False),
        ),
        (
            rf"\bnotes?\b.{{0,80}}?\b(?:of|on)\s+(?:a\s+|the\s+)?(?:\w+\s+)?{_CONVERSATION}",
            RecordKind("meeting-notes", True, False),
        ),
        (r"\b(?:telegram|airgram)\b", RecordKind("telegram", False, True)),
        (r"\bcable(?:gram)?\b", RecordKind("cable", False, True)),
        (r"\bletter\b", RecordKind("letter", False, True)),
        (r"\bdiary\b", RecordKind("diary", False, False)),
        (r"^(?:\d+\.\s+)?reports?\b|\breport\s+(?:from|by|to|of)\b", RecordKind("report", False, True)),
        (rf"\b{_CONVERSATION}\s+(?:between|with)\b", RecordKind("record-of-conversation", True, False)),
    )
)
OTHER = RecordKind("other", False, False)


def record_kind(titles: list[str]) -> RecordKind:
    """The kind the first title or heading that names one says, else `other`."""
    for title in titles:
        for pattern, kind in KINDS:
            if pattern.search(title):
                return kind
    return OTHER
