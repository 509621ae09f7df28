"""When: the record's own date and the date of the meeting it records, from every statement of them.

A record states its date in a dateline, its heading, its front matter or `sources.csv`; the
meeting is usually held that day. It is not when the title names the conversation's own day
(`Note ... of Conversation on 4 November 1939 with ...`), when a report says the talk took place
on an earlier day (`On 9 April a three hour conversation ... took place`, `met with Stalin on the
16th`), or when a cable speaks of `last night` or `yesterday`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from parley.parse.dateline import DAY_FIRST, MONTH_FIRST, MONTH_NAMES, Dateline

YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d|20\d\d)(?!\d{2})")
MEETING_WORDS = (
    r"(?:conversations?|talks?|meetings?|discussions?|interviews?|audiences?|consultations?|"
    r"took place|was held|were held|met|received|visited|called on|saw|lunched|dined|sessions?)"
)
NEAR = 100  # characters between a day and the words that put a meeting on it
# `on 9 April`, `on 7 January 1949`, `on the 16th`, `on April 9`
ON_DAY = re.compile(
    rf"\bon\s+(?:the\s+)?(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?:and|&)\s+\d{{1,2}})?"
    rf"(?:\s+(?P<month>{'|'.join(MONTH_NAMES)})\b\.?(?:,?\s+(?P<year>\d{{4}}))?)?"
    rf"|(?P<month2>{'|'.join(MONTH_NAMES)})\b\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year2>\d{{4}}))?)",
    re.I,
)
RELATIVE_DAY = re.compile(r"\b(?P<word>last night|yesterday|the day before)\b", re.I)
SAME_DAY = re.compile(r"\b(?:to-?day|this (?:morning|afternoon|evening)|to-?night)\b|\bthis [ap]\.m\.", re.I)


@dataclass(frozen=True)
class Dates:
    """The record's date, the meeting's first and last day, and the record's own time of writing."""

    record: dt.date | None
    meeting: dt.date | None
    meeting_end: dt.date | None = None
    earlier: bool = False  # the meeting was held before the record was written


def first_year(texts: list[str]) -> int | None:
    """The first four-digit year any of `texts` names."""
    for text in texts:
        match = YEAR.search(text)
        if match:
            return int(match[1])
    return None


def full_date(text: str) -> dt.date | None:
    """The first complete calendar date in `text` (`July 2, 1945`, `21 June 1937`)."""
    found = [m for m in (DAY_FIRST.search(text), MONTH_FIRST.search(text)) if m and m["year"]]
    for match in sorted(found, key=lambda m: m.start()):
        try:
            return dt.date(
                int(match["year"]), MONTH_NAMES[match["month"].lower()], int(re.sub(r"\D", "", match["day"]))
            )
        except ValueError:
            continue
    return None


def stated_day(sentence: str, near: dt.date) -> dt.date | None:
    """The day a sentence puts a meeting on (`On 9 April a conversation took place`), completed
    from `near` (the record's date) and never after it."""
    for match in ON_DAY.finditer(sentence):
        around = sentence[max(match.start() - NEAR, 0) : match.end() + NEAR]
        if not re.search(rf"\b{MEETING_WORDS}\b", around, re.I):
            continue
        day = int(match["day"] or match["day2"])
        month_name = match["month"] or match["month2"]
        month = MONTH_NAMES[month_name.lower()] if month_name else near.month
        year = int(match["year"] or match["year2"] or near.year)
        try:
            found = dt.date(year, month, day)
        except ValueError:
            continue
        if found > near and not (match["year"] or match["year2"]) and month_name is None:
            continue
        if found <= near and (near - found).days <= 62:
            return found
    return None


def _sentences(texts: list[str]) -> list[str]:
    return [s for text in texts for s in re.split(r"(?<=[.!?])\s+(?=[A-Z(\[])", text)]


TALK = re.compile(
    r"\b(?:conversations?|talks?|talked|meetings?|met|discussions?|discussed|interviews?|audiences?"
    r"|consultations?|conferred|call(?:ed|s)? on|saw|(?:have|has|had) seen|lunched|dined)\b",
    re.I,
)
# after `called on`, `saw`, `met`: the person met (`Called on Permanent Secretary Foreign Office`), not
# a call to act (`called on the Council to withdraw`)
PERSON_AFTER = re.compile(r"\s+(?:the\s+)?[A-Z](?![\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s+to\s)")
NEAR = 80  # characters between a talk's word and the `this morning` that dates it
WITH_SOMEONE = re.compile(r"\b(?:with|before)\s+(?:the\s+)?[A-Z]")


# before the talk's word, what makes it one to come, one wished for, or one another record tells of
NOT_HELD = re.compile(
    r"\b(?:will|would|shall|should|may|might|could|can|please|propos\w*|intend\w*|hop\w+|wish\w*|"
    r"further|forthcoming|coming|upcoming|next|arrang\w*|suggest\w*|commence|if|unless|without|no|any|not|"
    r"cables?|cablegrams?|telegrams?|letters?|memorandum|despatch|dispatch|to)\s+(?:\S+\s+){0,6}$",
    re.I,
)
# after the talk's word: `The discussions in Canberra will include`, `you saw Washington Embassy cable`,
# `As meeting commences 7th June`
TO_COME = re.compile(
    r"^(?:\s+\S+){0,4}?\s+(?:will|shall|is\s+to|are\s+to)\b|^(?:\s+\S+){0,2}?\s+(?:cables?|telegrams?|letters?)\b"
    r"|^\s+(?:commences?|begins?|opens?|starts?|convenes?|resumes?)\b",
    re.I,
)
# a sentence that instructs (`Please ask him, after consultation with X, to ...`, `In talks with State
# Department you should stress`): a talk it names
# with no word for a particular one (`my`, `the`) is one to come
INSTRUCTION = re.compile(
    r"^\W*(?:please|kindly)\b|.*?\byou\s+(?:should|must)\s+(?!have\b)"
    r"|.*?\byou\s+(?:might|may|will|could)\s+(?:say|tell|inform|stress|point|raise|ask|mention|suggest|explain"
    r"|convey|make|put|seek|take|emphasi[sz]e)\b",
    re.I,
)
# before a talk's noun, what tells it as held: `In a private conversation with`, `, in personal
# discussions with`, `my talk with`, `Have just had long and frank discussion with`
HELD_BEFORE = re.compile(
    r"(?:(?:^|[,;])\s*(?:\d+\.\s+)?(?:in|after|during|following|from)\s+(?:\S+\s+){0,3}"
    r"|\b(?:my|our)\s+(?:\S+\s+)?|\b(?:had|held|concluded)\s+(?:\S+\s+){0,4})$",
    re.I,
)
HELD_AFTER = re.compile(r"\s+(?:that\s+)?(?:I|we|he|she|they)\s+had\b")
TALK_NOUN = re.compile(r"(?:conversation|talk|meeting|discussion|interview|audience|consultation)s?$", re.I)
PARTICULAR = re.compile(r"\b(?:my|our|his|her|their|your|the|this|that|these|those)\s+(?:\S+\s+){0,2}$", re.I)

# after `saw` or `has seen`, a paper read, not a person met: `has seen Sir C O'Neill's minute`
PAPER_SEEN = re.compile(
    r"^(?:\s+\S+){0,3}?\s+(?:minutes?|repl(?:y|ies)|drafts?|reports?|memorand\w*|texts?|papers?|notes?"
    r"|cables?|cablegrams?|telegrams?|letters?|despatch\w*|dispatch\w*)\b",
    re.I,
)


def tells_of_a_talk(opening: list[str], day: dt.date | None, *, in_passing: bool = False) -> bool:
    """Whether the first sentences of a body tell of a talk held: today (`I saw the Minister this
    morning`), on the record's `day`, or with someone (`Secretary discussed the proposals with
    Fanfani`); not one to come (`Please commence preliminary discussions with`, `In any further
    talks with`) nor one another record told of (`my earlier cable re conversation with Dill`).

    With `in_passing` (a cable or letter that reports nobody's words) a talk with someone of no
    stated day counts only where it is told as held (`Have discussed the matter with ...`, `In a
    private conversation with ...`), not named (`the fullest possible discussion with the United
    States is the essential preliminary`), and not in a sentence naming another year (`during 1936
    the question was discussed with ...`)."""
    for sentence in _sentences(opening):
        for talk in _talks_held(sentence):
            near = sentence[max(0, talk.start() - NEAR) : talk.end() + NEAR]  # `call on X ... this morning`
            if SAME_DAY.search(near) or (day is not None and stated_day(sentence, day) == day):
                return True
            someone = WITH_SOMEONE.search(sentence) or (
                talk.group().lower().endswith(("on", "saw", "met"))
                and PERSON_AFTER.match(sentence, talk.end())
            )
            if someone and (
                not in_passing or _told_as_held(sentence, talk) and not _another_year(sentence, day)
            ):
                return True
    return False


def _told_as_held(sentence: str, talk: re.Match[str]) -> bool:
    """A talk told as one held: a verb (`Have discussed the matter with`), or a noun after `in`,
    `after`, `my`, ... (`In a private conversation with`, `After discussion with`, `my conversation
    with`) or before `we had` (`interview we had with`)."""
    return (
        not TALK_NOUN.match(talk.group())
        or HELD_BEFORE.search(sentence[max(0, talk.start() - 60) : talk.start()]) is not None
        or HELD_AFTER.match(sentence[talk.end() :]) is not None
    )


def _another_year(sentence: str, day: dt.date | None) -> bool:
    """The sentence names a year that is not the record's (any year, when the record has no date)."""
    return any(day is None or int(year) != day.year for year in YEAR.findall(sentence))


def _talks_held(sentence: str) -> list[re.Match[str]]:
    """The words of the talks a sentence tells of as held."""
    instruction = bool(INSTRUCTION.match(sentence))
    return [
        talk
        for talk in TALK.finditer(sentence)
        if talk_held(sentence, talk.start(), talk.end())
        and not (
            instruction
            and TALK_NOUN.match(talk.group())
            and not PARTICULAR.search(sentence[max(0, talk.start() - 60) : talk.start()])
        )
    ]


def talk_held(text: str, start: int, end: int) -> bool:
    """Whether the words of a talk at `text[start:end]` tell of one held: not one to come, wished
    for or told of in another record."""
    after = text[end : end + 80]
    if text[start:end].lower().endswith(("saw", "seen")) and PAPER_SEEN.match(after):
        return False
    return not NOT_HELD.search(text[max(0, start - 80) : start]) and not TO_COME.match(after)


def resolve_dates(
    dateline: Dateline | None,
    year_hint: int | None,
    stated: list[dt.date | None],
    opening: list[str],
    report: bool,
) -> Dates:
    """The record's and the meeting's dates.

    `stated` are the record's other statements of its date, best first (heading, front matter,
    sources.csv); `opening` the first sentences of its body, where a report says when the talk
    took place; `report` whether the record reports a meeting rather than minuting it.
    """
    record = dateline.date(year_hint) if dateline else None
    record = record or next((d for d in stated if d), None)
    meeting_end = dateline.last_date(year_hint) if dateline else None
    if record is None:
        return Dates(None, None)
    if report:
        for sentence in _sentences(opening):
            day = stated_day(sentence, record)
            if day and day != record:
                return Dates(record, day, earlier=True)
            if SAME_DAY.search(sentence) and re.search(MEETING_WORDS, sentence, re.I):
                return Dates(record, record)
            if RELATIVE_DAY.search(sentence) and re.search(MEETING_WORDS, sentence, re.I):
                return Dates(record, record - dt.timedelta(days=1), earlier=True)
    return Dates(record, record, meeting_end)
