"""Header facts: dates, times of day, durations and places, in the forms records use."""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dateparser

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
DATE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{MONTHS})\.?,?\s+(?P<y1>1[6-9]\d\d|20\d\d)"
    rf"|(?P<m2>{MONTHS})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>1[6-9]\d\d|20\d\d))\b"
)
YEAR_ONLY = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
_CLOCK = r"(?P<h{n}>\d{{1,2}})(?:[:.]\s?(?P<m{n}>\d{{2}}))?\s*(?P<ap{n}>[ap]\.?\s?m\.?)?"
TIME_RANGE = re.compile(
    rf"(?<![\d/]){_CLOCK.format(n=1)}\s*(?:-|–|—|to)\s*{_CLOCK.format(n=2)}(?![\d/])", re.I
)
SINGLE_TIME = re.compile(rf"(?<![\d/]){_CLOCK.format(n=1)}(?![\d/])", re.I)
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "an": 1,
    "a": 1,
    "half an": 0.5,
}
DURATION = re.compile(
    r"\b(?:meeting|conversation|talks?|discussion)\s+(?:took|lasted)\s+(?:about\s+)?"
    r"(?P<n>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|an|a|half an)"
    r"\s+(?P<unit>hours?|minutes?)",
    re.I,
)
PLACE_LINE = re.compile(r"^(?P<place>[A-Z][\w.'’ -]{1,40}?),\s+(?=\S)")


def find_date(text: str) -> tuple[dt.date, tuple[int, int]] | None:
    """The first full calendar date in `text` and its local span."""
    for match in DATE.finditer(text):
        try:
            parsed = dateparser.parse(match.group(0), default=dt.datetime(1900, 1, 1))
        except (ValueError, OverflowError):
            continue
        return parsed.date(), match.span()
    return None


def _to_time(hour: int, minute: int, meridiem: str | None) -> dt.time | None:
    if meridiem and meridiem.lower().startswith("p") and hour < 12:
        hour += 12
    if meridiem and meridiem.lower().startswith("a") and hour == 12:
        hour = 0
    if not (0 <= hour < 24 and 0 <= minute < 60):
        return None
    return dt.time(hour, minute)


def find_times(text: str) -> tuple[dt.time | None, dt.time | None]:
    """Start and end times of day (`8:00 - 10:30 p.m.`, `6:30 - 6: 45 p.m.`, `7 p.m.`).

    A bare number counts as a time only with a meridiem or minutes, so `box 6` is not a time.
    A meridiem written once applies to both ends unless the start would then fall after the end.
    """
    match = TIME_RANGE.search(text)
    if match and (match["ap1"] or match["ap2"] or match["m1"] or match["m2"]):
        h1, m1 = int(match["h1"]), int(match["m1"] or 0)
        h2, m2 = int(match["h2"]), int(match["m2"] or 0)
        end = _to_time(h2, m2, match["ap2"] or match["ap1"])
        start = _to_time(h1, m1, match["ap1"] or match["ap2"])
        if start and end and start > end and not match["ap1"]:
            start = _to_time(h1, m1, None)
        return start, end
    for single in SINGLE_TIME.finditer(text):
        if single["ap1"] or single["m1"]:
            return _to_time(int(single["h1"]), int(single["m1"] or 0), single["ap1"]), None
    return None, None


def find_duration_minutes(text: str) -> int | None:
    """Minutes from sentences such as `The meeting took two hours.`"""
    match = DURATION.search(text)
    if not match:
        return None
    raw = match["n"].lower()
    amount = float(NUMBER_WORDS[raw]) if raw in NUMBER_WORDS else float(raw)
    return round(amount * (60 if match["unit"].lower().startswith("hour") else 1))


def find_place(text: str) -> str:
    """The place that opens a dateline (`Moscow, 1945`, `Warsaw, September 23, 1964, 7 p.m.`)."""
    match = PLACE_LINE.match(text)
    if not match or DATE.match(text):
        return ""
    rest = text[match.end() :]
    if DATE.match(rest) or YEAR_ONLY.match(rest):
        return match["place"].strip()
    return ""


def is_dateline(text: str) -> bool:
    """A short line made of a date, times and perhaps a place, and nothing else."""
    residue = DATE.sub(" ", text)
    residue = TIME_RANGE.sub(" ", residue)
    residue = SINGLE_TIME.sub(" ", residue)
    residue = YEAR_ONLY.sub(" ", residue)
    residue = re.sub(r"^(?:#+\s*)?(?:date|time)\s*:", " ", residue, flags=re.I)
    place = find_place(text)
    if place:
        residue = residue.replace(place, " ", 1)
    return re.fullmatch(r"[\s,.;:()\-–—]*", residue) is not None and bool(
        DATE.search(text) or YEAR_ONLY.search(text)
    )
