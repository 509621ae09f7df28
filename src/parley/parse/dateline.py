"""Datelines: the line that says where and when a record was made or a meeting held.

The shapes archives print: `Moscow, July 2, 1945, 8 p.m.`, `[Washington,] March 1, 1948.`,
`Karachi, December 13, 1955—noon.`, `Saigon, November 21, 1968, 1050Z.`, `LBJ Ranch, Texas,
December 28, 1963, 3:15 p.m.`, `Washington,April 4, 1962,10:16-11:13 a.m.`, `Camp David,
September 26 and 27, 1959.`, `LONDON, 16 November 1939 [1]`, `Geneva, May 12, noon.` (the year
only elsewhere in the heading), `DATE: Nov. 1, 1975 1:00 PM`. Every pattern here is linear: no
nested quantifiers over the same characters.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTH_NAMES = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = "(?:" + "|".join(sorted(MONTH_NAMES, key=len, reverse=True)) + ")"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_JOIN = r"\s*(?:-|–|—|and|to|&)\s*"
_YEAR = r"1[6-9]\d\d|20\d\d"
# `July 2, 1945`, `Nov. 1, 1975`, `November 17–18, 1958`, `September 26 and 27, 1959`, `May 12`
MONTH_FIRST = re.compile(
    rf"{_WEEKDAY}?(?P<month>{_MONTH})\.?\s*(?P<day>{_DAY})(?![\d:])"
    rf"(?:{_JOIN}(?:(?P<month2>{_MONTH})\.?\s*)?(?P<day2>{_DAY})(?![\d:]))?"
    rf"(?:\s*,?\s*(?P<year>{_YEAR})(?!\d{{2}}))?",
    re.I,
)
# `21 June 1937`, `14th November, 1949`, `5 and 6 July 1949`
DAY_FIRST = re.compile(
    rf"{_WEEKDAY}?(?P<day>{_DAY})(?:{_JOIN}(?P<day2>{_DAY}))?\s+(?P<month>{_MONTH})\.?,?\s*"
    rf"(?P<year>{_YEAR})(?!\d{{2}})",
    re.I,
)
_CLOCK = r"(?:\d{1,2}(?:[:.]\s?\d{2})?\s*(?:[ap]\.?\s?m\b\.?)?|noon|midnight)"
TIME_RANGE = re.compile(rf"(?<![\d/])(?P<start>{_CLOCK})(?:\s*(?:-|–|—|to)\s*(?P<end>{_CLOCK}))?", re.I)
ZULU = re.compile(r"(?<!\d)(?P<hh>[0-2]\d)(?P<mm>[0-5]\d)\s?Z\b")
LABEL = re.compile(r"^(?:#+\s*)?(?:date(?:\s+and\s+place)?|time|place(?:\s+and\s+date)?)\s*:\s*", re.I)
NOTE_MARK = re.compile(r"\s*\[\d{1,3}\]|(?<=[a-z)\]])\d{1,2}(?=\s|$|,)|(?<=m\.)\d{1,2}$")
# Words an archive prints before the place: `Extract`, `Notes`, `Note for file`, a file code
# (`SecDel/MC/12`, `US/MC/20a`, `PMM(46) 18th Meeting (extracts)`).
PREFIX = re.compile(
    r"^(?:(?:extracts?|notes?(?:\s+for\s+file)?|minute|record|memorandum)\b\s*"
    r"|\S*/\S*\s+|[A-Z.]{2,}\(\d+\)\s+\d+\w*\s+meeting\s+\(extracts?\)\s*|,\s*)+",
    re.I,
)
PLACE_WORD = re.compile(
    r"\(?\[?(?:[A-Z0-9]|d['’][A-Z])[\w'’.&-]*\]?\)?|of|the|de|la|le|del|du|am|an|upon|on|y|\[|\]"
)
TRAILER = re.compile(r"^(?:session\s+[IVX\d]+\b|\(?(?:local\s+time|gmt|est|edt)\)?)", re.I)
PLACE_AND_YEAR = re.compile(rf"^(?P<place>[^,]{{2,60}}),\s*(?P<year>{_YEAR})\.?$")
RESIDUE = re.compile(r"[\s,.;:()\[\]\-–—]*")


@dataclass(frozen=True)
class Dateline:
    """What a dateline states; `year` is None when the line gives only month and day."""

    year: int | None
    month: int | None  # None for a line that gives a place and a year only (`Moscow, 1945`)
    day: int | None
    last_month: int | None = None  # a second day (`November 17–18`): one meeting over two days
    last_day: int | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    ends_next_day: bool = False  # `10:30 p.m.-midnight`, `8:30 p.m.–12:30 a.m.`
    utc: bool = False  # a telegram's `1050Z`
    place: str = ""

    def date(self, year: int | None = None) -> dt.date | None:
        """The first day, with `year` where the line gave none; None if no valid date."""
        if not (self.year or year) or self.month is None or self.day is None:
            return None
        try:
            return dt.date(self.year or year or 0, self.month, self.day)
        except ValueError:
            return None

    def last_date(self, year: int | None = None) -> dt.date | None:
        """The last day of a meeting over several days, else None."""
        first = self.date(year)
        if first is None or self.last_day is None:
            return None
        try:
            last = dt.date(first.year, self.last_month or first.month, self.last_day)
        except ValueError:
            return None
        return last if last > first else None


def _clock(text: str) -> tuple[int, int, str] | None:
    """Hour, minute and meridiem ('a', 'p' or '') of one clock expression."""
    lowered = text.lower().strip()
    if lowered == "noon":
        return 12, 0, "p"
    if lowered == "midnight":
        return 0, 0, "a"
    match = re.match(r"(\d{1,2})(?:[:.]\s?(\d{2}))?\s*(?:([ap])\.?\s?m)?", lowered)
    if not match:
        return None
    return int(match[1]), int(match[2] or 0), match[3] or ""


def _to_time(hour: int, minute: int, meridiem: str) -> dt.time | None:
    if meridiem == "p" and hour < 12:
        hour += 12
    if meridiem == "a" and hour == 12:
        hour = 0
    return dt.time(hour, minute) if 0 <= hour < 24 and 0 <= minute < 60 else None


def parse_times(text: str) -> tuple[dt.time | None, dt.time | None, bool, str]:
    """Start, end, whether the end falls on the next day, and the text left over.

    A bare number is a time only with a meridiem or minutes (`box 6` is not a time); a meridiem
    written once applies to both ends unless the start would then fall after the end.
    """
    for match in TIME_RANGE.finditer(text):
        first = _clock(match["start"])
        second = _clock(match["end"]) if match["end"] else None
        if first is None or not _is_clock(match["start"]) and not (second and _is_clock(match["end"])):
            continue
        if second is None:
            if not _is_clock(match["start"]):
                continue
            start = _to_time(*first)
            return start, None, False, text[: match.start()] + text[match.end() :]
        h1, m1, ap1 = first
        h2, m2, ap2 = second
        end = _to_time(h2, m2, ap2 or ap1)
        start = _to_time(h1, m1, ap1 or ap2)
        if start and end and start > end and not ap1:
            start = _to_time(h1, m1, "")
        next_day = bool(start and end and end < start and (ap2 == "a" or match["end"].lower() == "midnight"))
        return start, end, next_day, text[: match.start()] + text[match.end() :]
    return None, None, False, text


def _is_clock(text: str) -> bool:
    """A clock expression that is surely a time: with minutes, a meridiem, or noon/midnight."""
    return bool(re.search(r"[:.]\s?\d{2}|[ap]\.?\s?m|noon|midnight", text, re.I))


def find_date_expression(text: str) -> re.Match[str] | None:
    """The first date expression of `text` (day first or month first)."""
    found = [m for m in (DAY_FIRST.search(text), MONTH_FIRST.search(text)) if m]
    return min(found, key=lambda m: m.start()) if found else None


def _is_place(text: str) -> bool:
    """Comma-separated parts of capitalized words: `[Washington,]`, `LBJ Ranch, Texas`."""
    words = text.replace(",", " ").split()
    return 0 < len(words) <= 9 and all(PLACE_WORD.fullmatch(w) for w in words)


def _place(text: str) -> str:
    """The place as it should read: brackets, note marks and trailing commas dropped."""
    text = re.sub(r"\s*\[\d{1,3}\]", "", text)
    text = re.sub(r"[\[\]]", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,.;")
    return re.sub(r"\s*,\s*", ", ", text)


def _place_and_year(text: str) -> Dateline | None:
    """`Moscow, 1945`: a place and a year, no day."""
    match = PLACE_AND_YEAR.match(text)
    if match is None:
        return None
    place = PREFIX.sub("", match["place"]).strip()
    return Dateline(int(match["year"]), None, None, place=_place(place)) if _is_place(place) else None


def parse_dateline(line: str) -> Dateline | None:
    """The facts of `line` if it is a dateline (a place, a date, times and nothing else), else None."""
    if len(line) > 160:
        return None
    text = LABEL.sub("", line.strip(), count=1)
    text = NOTE_MARK.sub("", text)
    match = find_date_expression(text)
    if match is None:
        return _place_and_year(text)
    if not match["month"][0].isupper():
        return None
    before = PREFIX.sub("", text[: match.start()]).strip()
    if before and not _is_place(before):
        return None
    after = text[match.end() :]
    utc = False
    zulu = ZULU.search(after)
    if zulu:
        start: dt.time | None = dt.time(int(zulu["hh"]) % 24, int(zulu["mm"]))
        end, next_day, utc = None, False, True
        after = after[: zulu.start()] + after[zulu.end() :]
    else:
        start, end, next_day, after = parse_times(after)
    after = TRAILER.sub("", after.strip(" ,.;:—–-"))
    if after and not RESIDUE.fullmatch(after):
        return None
    month = MONTH_NAMES[match["month"].lower().rstrip(".")]
    month2 = match.groupdict().get("month2")
    return Dateline(
        year=int(match["year"]) if match["year"] else None,
        month=month,
        day=int(re.sub(r"\D", "", match["day"])),
        last_month=MONTH_NAMES[month2.lower()] if month2 else None,
        last_day=int(re.sub(r"\D", "", match["day2"])) if match["day2"] else None,
        start=start,
        end=end,
        ends_next_day=next_day,
        utc=utc,
        place=_place(before),
    )
