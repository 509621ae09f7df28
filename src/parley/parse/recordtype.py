"""What kind of record a document is, from its title or heading (`Telegram From the Embassy in
Korea to the Department of State`, `Minutes of a Cabinet Meeting`, `Note by Bruce of Conversation
with Attlee`, `Casey to Menzies`): its record type, whether it records a meeting, and whether it
reports one to someone who was not there (a cable, a letter, a minute to a superior).

Only the records of meetings (`of_meeting`) are meetings by their kind alone; a record of any
other kind is one when its text shows a meeting (see `parley.parse.assemble`)."""

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
_BY = r"(?:\s+by\s+[^,;()]{1,40}?)?"  # the record's author, between its kind and its subject
KINDS: tuple[tuple[re.Pattern[str], RecordKind], ...] = tuple(
    (re.compile(pattern, re.I), kind)
    for pattern, kind in (
        (r"\bminutes\b", RecordKind("minutes", True, False)),
        (r"\bmemorandum\s+for\s+the\s+record\b", RecordKind("memorandum-for-the-record", True, False)),
        (
            rf"\bmemorandum\s+(?:of|on)\s+(?:a\s+|the\s+)?{_CONVERSATION}",
            RecordKind("memorandum-of-conversation", True, False),
        ),
        (  # `Record of First Meeting of ...`, `Record by Wright of Meeting of Prime Ministers`
            rf"\b(?:summary\s+)?records?{_BY}\s+of\s+(?:a\s+|the\s+)?(?:\w+\s+)?{_CONVERSATION}",
            RecordKind("record-of-conversation", True, False),
        ),
        (
            rf"\bnotes?\b.{{0,80}}?\b(?:of|on)\s+(?:a\s+|the\s+)?(?:\w+\s+)?{_CONVERSATION}",
            RecordKind("meeting-notes", True, False),
        ),
        (r"\b(?:telegram|airgram|telex|savingram)\b", RecordKind("telegram", False, True)),
        (r"\bcable(?:gram)?\b", RecordKind("cable", False, True)),
        (r"\bletter\b", RecordKind("letter", False, True)),
        (r"\bdiary\b", RecordKind("diary", False, False)),
        (  # `Report by Andrews on Meeting of ...`: a report of a meeting reports one
            rf"^(?:\d+\.\s+)?reports?{_BY}\s+(?:of|on)\s+(?:a\s+|the\s+)?(?:\w+\s+)?{_CONVERSATION}",
            RecordKind("report", True, True),
        ),
        (r"^(?:\d+\.\s+)?reports?\b|\breport\s+(?:from|by|to|of)\b", RecordKind("report", False, True)),
        (rf"\b{_CONVERSATION}\s+(?:between|with)\b", RecordKind("record-of-conversation", True, False)),
        (r"\bcabinet\s+(?:decision|minute)\b|\bresolution\b", RecordKind("resolution", False, False)),
        (r"\bmemorand(?:um|a)\b", RecordKind("memorandum", False, True)),
        (r"\bsubmission\b", RecordKind("submission", False, False)),
        (
            r"^(?:\d+\.\s+)?(?:draft\s+)?minute\b|\bminute\s+(?:by|from|to)\b",
            RecordKind("minute", False, True),
        ),
        (r"^(?:\d+\.\s+)?(?:\w+\s+)?notes?\s+(?:by|for|from|to|on)\b", RecordKind("note", False, True)),
        (r"\b(?:despatch|dispatch)\b", RecordKind("despatch", False, True)),
        (r"\bmessage\b", RecordKind("message", False, True)),
        (r"\b(?:paper|brief|briefing|study|aide[- ]m[ée]moire)\b", RecordKind("paper", False, False)),
        (
            r"\b(?:statement|declaration|communiqu[ée]|speech|address)\b",
            RecordKind("statement", False, False),
        ),
    )
)
# `Casey to Menzies`, `Sir George Pearce, Minister for External Affairs, to Mr J. A. Lyons`: a message
# from its sender to its recipient (capitals matter: `sent to the` is not a sender and recipient)
MESSAGE = re.compile(
    r"^(?:\d+\.?\s+)?(?:[A-Z][\w.'’-]*,?\s+|(?:of|and|for|in|the|de|van|von)\s+){0,14}?"
    r"[A-Z][\w.'’-]*,?\s+[Tt][Oo]\s+(?:the\s+)?[A-Z]"
)
MESSAGE_KIND = RecordKind("message", False, True)
OTHER = RecordKind("other", False, False)


def record_kind(titles: list[str]) -> RecordKind:
    """The kind the first title or heading that names one says (a title `X to Y` names a
    message), else `other`."""
    for title in titles:
        for pattern, kind in KINDS:
            if pattern.search(title):
                return kind
        if MESSAGE.search(title):
            return MESSAGE_KIND
    return OTHER
