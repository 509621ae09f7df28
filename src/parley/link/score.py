"""Candidates from the query's answer, filtered and scored by type, dates and country."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from parley.link.client import Bindings
from parley.registry import QID

ENTITY = "http://www.wikidata.org/entity/"


@dataclass(frozen=True)
class Match:
    """One way a candidate matched: the looked-up spelling and whether as label or alias."""

    name: str
    via: str  # "label" or "alias"


@dataclass(frozen=True)
class Candidate:
    """A Wikidata item whose English label or alias equals one of the entity's names."""

    qid: str
    label: str
    matches: tuple[Match, ...]
    classes: frozenset[str]
    starts: tuple[dt.date, ...]
    ends: tuple[dt.date, ...]
    countries: frozenset[str]


@dataclass(frozen=True)
class Expectation:
    """What the entity's item must look like; empty fields are not checked."""

    names: tuple[str, ...]
    classes: frozenset[str] = frozenset()
    existed_by: dt.date | None = None  # the records' date: the item must have begun by then
    period: tuple[dt.date, dt.date] | None = None  # the item must exist throughout
    country: str | None = None


@dataclass(frozen=True)
class Scored:
    """A candidate with its score in [0, 1] and the reasons, or why it was rejected."""

    candidate: Candidate
    match: Match
    score: float
    reasons: tuple[str, ...]
    rejected: str = ""


def _qids(text: str) -> frozenset[str]:
    found = (iri.removeprefix(ENTITY) for iri in text.split())
    return frozenset(q for q in found if QID.fullmatch(q))


def _dates(text: str) -> tuple[dt.date, ...]:
    dates = []
    for value in text.split():
        try:
            dates.append(dt.date.fromisoformat(value[:10]))
        except ValueError:
            continue  # BCE or malformed dates say nothing about the 20th century
    return tuple(sorted(dates))


def candidates(bindings: Bindings) -> list[Candidate]:
    """One Candidate per item, merging the rows of its different matches."""
    rows: dict[str, list[dict[str, dict[str, str]]]] = {}
    for row in bindings:
        qid = row["item"]["value"].removeprefix(ENTITY)
        if QID.fullmatch(qid):
            rows.setdefault(qid, []).append(row)

    def text(group: list[dict[str, dict[str, str]]], key: str) -> str:
        return " ".join(r[key]["value"] for r in group if key in r)

    return [
        Candidate(
            qid=qid,
            label=next((r["label"]["value"] for r in group if "label" in r), qid),
            matches=tuple(
                sorted(
                    {Match(r["name"]["value"], r["via"]["value"]) for r in group},
                    key=lambda m: (m.via, m.name),
                )
            ),
            classes=_qids(text(group, "classes")),
            starts=_dates(text(group, "starts")),
            ends=_dates(text(group, "ends")),
            countries=_qids(text(group, "countries")),
        )
        for qid, group in sorted(rows.items())
    ]


def _match_factor(match: Match, names: tuple[str, ...]) -> float:
    factor = 1.0 if match.via == "label" else 0.9
    factor *= 1.0 if match.name in names else 0.9  # a case variant only
    factor *= 1.0 if names and match.name.casefold() == names[0].casefold() else 0.95  # our alias
    return factor


def best_match(candidate: Candidate, names: tuple[str, ...]) -> Match:
    """The candidate's strongest match: label before alias, as written before a case variant."""
    return max(candidate.matches, key=lambda m: (_match_factor(m, names), m.via == "label", m.name))


def _date_check(candidate: Candidate, expected: Expectation) -> tuple[float, str]:
    """(factor, reason); factor 0 rejects."""
    start = candidate.starts[0] if candidate.starts else None
    end = candidate.ends[-1] if candidate.ends else None
    if expected.existed_by and start and start > expected.existed_by:
        return 0.0, f"begins {start} after the records' date {expected.existed_by}"
    if expected.period:
        if start and start > expected.period[0]:
            return 0.0, f"begins {start}, after {expected.period[0]}"
        if end and end < expected.period[1]:
            return 0.0, f"ends {end}, before {expected.period[1]}"
    if not (expected.existed_by or expected.period):
        return 1.0, "dates not checked"
    return (1.0, f"dates fit ({start or '?'} to {end or '?'})") if start else (0.85, "no dates")


def assess(candidate: Candidate, expected: Expectation) -> Scored:
    """Score a candidate: name match x type x dates x country; a wrong type or date rejects."""
    match = best_match(candidate, expected.names)
    reasons = [f"{match.via} {match.name!r}"]
    score = _match_factor(match, expected.names)
    if expected.classes:
        fitting = sorted(candidate.classes & expected.classes)
        if fitting:
            reasons.append(f"type {fitting[0]}")
        elif candidate.classes:
            wrong = ", ".join(sorted(candidate.classes)[:3])
            return Scored(candidate, match, 0.0, tuple(reasons), f"type {wrong} is not an expected class")
        else:
            score *= 0.6
            reasons.append("no P31")
    factor, reason = _date_check(candidate, expected)
    if factor == 0.0:
        return Scored(candidate, match, 0.0, tuple(reasons), reason)
    score *= factor
    reasons.append(reason)
    if expected.country:
        if expected.country in candidate.countries:
            reasons.append(f"country {expected.country}")
        else:
            score *= 0.7 if candidate.countries else 0.9
            reasons.append(f"country {expected.country} not stated")
    return Scored(candidate, match, round(score, 2), tuple(reasons))


def rank(found: Iterable[Candidate], expected: Expectation) -> list[Scored]:
    """All candidates assessed: accepted ones by falling score, then the rejected ones."""
    scored = [assess(c, expected) for c in found]
    return sorted(scored, key=lambda s: (bool(s.rejected), -s.score, int(s.candidate.qid[1:])))
