"""Judged candidate claims (tests/fixtures/claims/judgements.csv) and the confidences they measure.

Each row is one candidate a person read in its turn: `right`, `one-field` wrong or `wrong`, with the
fields that were wrong (`claimant`, `stance`, `issue`, `quote`, or `position` when the sentence takes
no position at all). A rule's confidence is its measured precision on everything but the issue,
smoothed: (claims whose claimant, stance and quote are right + 1) / (judged + 2); a place's (where
the issue was found, claims/issues.py) is the same for the issue, over the judged claims that are
positions. A candidate's confidence is its rule's times its place's (claims/extract.py).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from parley.claims.model import STANCES
from parley.errors import InputError

COLUMNS = (
    "sample",
    "subset",
    "document",
    "start",
    "end",
    "quote",
    "quote_sha1",
    "rule",
    "place",
    "claimant",
    "stance",
    "issue",
    "verdict",
    "wrong",
    "note",
)
VERDICTS = ("right", "one-field", "wrong")
FIELDS = ("claimant", "stance", "issue", "quote")
NOT_A_POSITION = "position"
SHORT_WORDS = 6  # words of a quote kept where the text may not be copied


def short_quote(quote: str) -> str:
    """The first few words of a quote, enough to find it again, where the text may not be copied."""
    words = quote.split()
    return " ".join(words[:SHORT_WORDS]) + (" …" if len(words) > SHORT_WORDS else "")


@dataclass(frozen=True)
class Judgement:
    """One judged (or drawn, not yet judged: `verdict` empty) candidate claim."""

    sample: str
    subset: str
    document: str
    start: int
    end: int
    quote: str
    quote_sha1: str
    rule: str
    place: str
    claimant: str
    stance: str
    issue: str
    verdict: str = ""
    wrong: str = ""
    note: str = ""

    @property
    def key(self) -> tuple[str, int, int, str, str, str]:
        """What identifies the claim judged: a claim with another stance or issue is another claim."""
        return (self.document, self.start, self.end, self.claimant, self.stance, self.issue)

    @property
    def wrong_fields(self) -> frozenset[str]:
        return frozenset(w for w in self.wrong.split(";") if w)

    @property
    def position(self) -> bool:
        """Whether the sentence takes a position at all."""
        return NOT_A_POSITION not in self.wrong_fields

    @property
    def rule_right(self) -> bool:
        """Whether everything the rule decides is right: a position, its claimant, stance and quote."""
        return not (self.wrong_fields - {"issue"})

    def with_verdict(self, judged: Judgement) -> Judgement:
        return replace(self, verdict=judged.verdict, wrong=judged.wrong, note=judged.note)

    def as_row(self) -> dict[str, str]:
        return {f.name: str(getattr(self, f.name)) for f in fields(self)}


def _offsets(where: str, values: Mapping[str, str]) -> tuple[int, int]:
    start, end = values["start"], values["end"]
    if not start.isdigit() or not end.isdigit() or int(end) <= int(start):
        raise InputError(
            f"{where}: start and end must be character offsets, start first, not {start!r}, {end!r}"
        )
    return int(start), int(end)


def _checked(where: str, row: Mapping[str, str | None]) -> Judgement:
    if missing := [c for c in COLUMNS if row.get(c) is None]:
        raise InputError(f"{where}: missing column(s) {missing}")
    values = {c: str(row[c]) for c in COLUMNS}
    start, end = _offsets(where, values)
    wrong = {w for w in values["wrong"].split(";") if w}
    if unknown := wrong - {*FIELDS, NOT_A_POSITION}:
        allowed = ", ".join((*FIELDS, NOT_A_POSITION))
        raise InputError(f"{where}: wrong must name fields of: {allowed}, not {sorted(unknown)}")
    verdict = values["verdict"]
    if verdict not in VERDICTS:
        raise InputError(f"{where}: verdict must be one of: {', '.join(VERDICTS)}, not {verdict!r}")
    one = len(wrong) == 1 and NOT_A_POSITION not in wrong
    expected = "right" if not wrong else "one-field" if one else "wrong"
    if verdict != expected:
        shown = values["wrong"] or "none"
        raise InputError(
            f"{where}: verdict {verdict!r} does not fit the fields wrong ({shown}): {expected!r}"
        )
    return Judgement(
        values["sample"], values["subset"], values["document"], start, end, *(values[c] for c in COLUMNS[5:])
    )


def _rows(path: Path, what: str) -> Iterator[tuple[str, dict[str, str | None]]]:
    """The rows of a CSV file, each with `file, line N` for messages."""
    try:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            for row in reader:
                yield f"{path}, line {reader.line_num}", dict(row)
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise InputError(f"{path}: cannot read the {what}: {err}") from err


def read_judgements(path: Path) -> list[Judgement]:
    """The judged claims of `path`; a malformed row raises InputError naming its line."""
    return [_checked(where, row) for where, row in _rows(path, "judgements")]


@dataclass(frozen=True)
class Position:
    """A key position a person annotated in a record: who takes which stance on which issue, where.

    `issue` is a registered issue id for the shipped corpus, the annotator's label elsewhere; `quote`
    is the text at `start`-`end` (its first words only where the text may not be copied)."""

    subset: str
    document: str
    start: int
    end: int
    quote: str
    quote_sha1: str
    claimant: str
    stance: str
    issue: str


POSITION_COLUMNS = tuple(f.name for f in fields(Position))


def read_positions(path: Path) -> list[Position]:
    """The annotated positions of `path`; a malformed row raises InputError naming its line."""
    positions = []
    for where, row in _rows(path, "positions"):
        if missing := [c for c in POSITION_COLUMNS if row.get(c) is None]:
            raise InputError(f"{where}: missing column(s) {missing}")
        values = {c: str(row[c]) for c in POSITION_COLUMNS}
        if values["stance"] not in STANCES:
            raise InputError(
                f"{where}: stance must be one of: {', '.join(STANCES)}, not {values['stance']!r}"
            )
        start, end = _offsets(where, values)
        positions.append(
            Position(
                values["subset"], values["document"], start, end, *(values[c] for c in POSITION_COLUMNS[4:])
            )
        )
    return positions


TITLES = frozenset(["the", "mr", "mrs", "dr", "sir", "lord", "general", "admiral", "secretary", "ambassador"])


def same_person(annotated: str, names: Iterable[str]) -> bool:
    """Whether one of `names` (a claimant's label, its speaker label) is the annotated person: the
    same surname, and the same first name where both give one (`General Carter` is not `Jimmy Carter`
    when the annotation says `Marshall S. Carter`)."""
    want = annotated.replace(".", " ").split()
    for name in names:
        got = [w for w in name.replace(".", " ").split() if w.lower() not in TITLES]
        if not got or not want or got[-1].lower() != want[-1].lower():
            continue
        if (
            len(got) > 1
            and len(want) > 1
            and want[0].lower() not in TITLES
            and got[0].lower() != want[0].lower()
        ):
            continue
        return True
    return False


@dataclass(frozen=True)
class Tally:
    """Judged claims of one rule (or place) and how many were right."""

    judged: int = 0
    right: int = 0  # every field right
    one_field: int = 0
    wrong: int = 0
    counted: int = 0  # claims counted for the confidence
    counted_right: int = 0  # of those, right in what the rule (or place) decides

    @property
    def precision(self) -> float:
        """Strict precision: every field right."""
        return self.right / self.judged if self.judged else 0.0

    @property
    def confidence(self) -> float:
        """The smoothed precision of what the rule (or place) decides, to two decimals."""
        return round((self.counted_right + 1) / (self.counted + 2), 2)


def _add(tally: Tally, j: Judgement, counted: bool, counted_right: bool) -> Tally:
    return Tally(
        tally.judged + 1,
        tally.right + (j.verdict == "right"),
        tally.one_field + (j.verdict == "one-field"),
        tally.wrong + (j.verdict == "wrong"),
        tally.counted + counted,
        tally.counted_right + (counted and counted_right),
    )


def tally_rules(judgements: Iterable[Judgement]) -> dict[str, Tally]:
    """Per rule: the judged claims, and those whose position, claimant, stance and quote are right."""
    tallies: dict[str, Tally] = {}
    for j in judgements:
        tallies[j.rule] = _add(tallies.get(j.rule, Tally()), j, True, j.rule_right)
    return dict(sorted(tallies.items()))


def tally_places(judgements: Iterable[Judgement]) -> dict[str, Tally]:
    """Per place the issue was found at: the judged positions, and those whose issue is right."""
    tallies: dict[str, Tally] = {}
    for j in judgements:
        tallies[j.place] = _add(tallies.get(j.place, Tally()), j, j.position, "issue" not in j.wrong_fields)
    return dict(sorted(tallies.items()))


ENTRY = re.compile(r"^- (id|place): *(\S+)\s*$")
CONFIDENCE = re.compile(r"^(\s+confidence: *)\S+(.*)$")


def rewrite_confidences(text: str, rules: Mapping[str, float], places: Mapping[str, float]) -> str:
    """claim-rules.yaml with each rule's and place's `confidence:` line set from `rules` and `places`
    (comments and layout kept); an entry absent from them keeps its value."""
    out, current = [], None
    for line in text.splitlines(keepends=True):
        if entry := ENTRY.match(line):
            values = rules if entry[1] == "id" else places
            current = values.get(entry[2])
        elif line.startswith("- "):
            current = None
        elif current is not None and (m := CONFIDENCE.match(line.rstrip("\n"))):
            line = f"{m[1]}{current:g}{m[2]}\n"
        out.append(line)
    return "".join(out)
