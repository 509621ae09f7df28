"""The values the claims stage reads from mappings/ and the claims it returns."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from parley.model import Span

STANCES = ("asserts", "proposes", "demands", "accepts", "rejects", "concedes", "asks")
# Where the issue of a cue sentence was found, in the order looked at (see claims/issues.py).
PLACES = (
    "sentence",
    "turn",
    "question",
    "thread",
    "sentence-proposed",
    "question-proposed",
    "phrase",
    "topic",
    "unnamed",
)
# How far a rule may look for the issue of its cue: the one issue its sentence names, its sentence,
# its turn, or also beyond.
SCOPES = ("named", "sentence", "utterance", "context")
STATUSES = ("candidate", "reviewed")
# The least confidence of the candidates `parley claims --candidates` lists unless told otherwise: a
# candidate's confidence is its measured precision, and one below this is more likely wrong than right
SHOWN_CONFIDENCE = 0.5
DECISIONS = ("accepted", "corrected", "rejected", "skipped")
PROPOSED = "proposed-"  # the id of a proposed issue starts so: proposed-<document id>-<words>


@dataclass(frozen=True)
class Condition:
    """When an issue or one of its terms applies: a period of the record's date, and entities the
    document must name (one of them), as for conditional aliases (mappings/README.md)."""

    start: dt.date | None = None
    end: dt.date | None = None
    with_any: frozenset[str] = frozenset()

    def holds(self, date: dt.date | None, named: Collection[str]) -> bool:
        if (self.start or self.end) and (
            date is None or (self.start and date < self.start) or (self.end and date > self.end)
        ):
            return False
        return not self.with_any or not self.with_any.isdisjoint(named)


@dataclass(frozen=True)
class Term:
    """A word or phrase that names an issue, and when it does."""

    text: str
    condition: Condition = Condition()


@dataclass(frozen=True)
class Issue:
    """A question under negotiation, the registry entities it concerns and the terms that name it."""

    id: str
    label: str
    entities: tuple[str, ...] = ()
    terms: tuple[Term, ...] = ()
    note: str = ""
    condition: Condition = Condition()
    evidence: tuple[Span, ...] = ()  # of a proposed issue: where the document names it

    @property
    def proposed(self) -> bool:
        return self.id.startswith(PROPOSED)

    def term_pattern(self, date: dt.date | None, named: Collection[str]) -> re.Pattern[str] | None:
        """The terms that apply in a document of `date` naming `named`, as one pattern, or None."""
        terms = tuple(t.text for t in self.terms if t.condition.holds(date, named))
        return _pattern(terms) if terms else None


@functools.cache
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I)


@dataclass(frozen=True)
class ClaimRule:
    """A cue pattern that signals `stance` in a sentence; earlier rules win over later ones.

    `negated`: the stance the cue takes when a negation stands just before it (`do not agree`), or
    '' when a negated cue is no cue. `in_question`: the stance of the cue in a question, or '' when
    a question is no cue for this rule. `hedged`: the stance of a cue softened by `perhaps`, `might`
    and the like ('' keeps the rule's stance). A cue inside an `if` clause is never a cue.
    """

    id: str
    stance: str
    pattern: re.Pattern[str]
    confidence: float
    scope: str = "context"
    note: str = ""
    negated: str = ""
    in_question: str = ""
    hedged: str = ""


@dataclass(frozen=True)
class CuratedClaim:
    """A claim a curator wrote down: it cites its utterance and an exact quote from it."""

    doc_id: str
    utterance: int
    claimant: str
    stance: str
    issue: str
    quote: str
    where: str
    note: str = ""
    reviewer: str = ""
    date: str = ""


@dataclass(frozen=True)
class Review:
    """A reviewer's decision on a candidate claim (mappings/claim-reviews.yaml).

    The candidate is the one of document `doc_id` with `quote` and the proposed stance and issue;
    an accepted or corrected one becomes a reviewed claim with `stance` and `issue`, a rejected one
    is left out of every later build, a skipped one stays a candidate.
    """

    doc_id: str
    utterance: int
    quote: str
    proposed_stance: str
    proposed_issue: str
    decision: str
    stance: str
    issue: str
    reviewer: str
    date: str
    where: str = ""
    rule: str = ""
    note: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.doc_id, self.quote, self.proposed_stance, self.proposed_issue)


@dataclass(frozen=True)
class ClaimRules:
    """Everything the claims stage reads from mappings/."""

    issues: tuple[Issue, ...]
    rules: tuple[ClaimRule, ...]
    curated: tuple[CuratedClaim, ...] = ()
    reviews: tuple[Review, ...] = ()
    issue_confidence: dict[str, float] = field(default_factory=dict)  # by place of the issue


@dataclass(frozen=True)
class ClaimFact:
    """A position taken in an utterance, with the verbatim span that shows it.

    `claimant_written` is the utterance's speaker as written (resolve it with `SpeakerResolver`);
    `claimant_id` is set only when a curated claim names the registry person. A candidate was made
    by a rule; a reviewed claim was accepted, corrected or written by `reviewer` on `reviewed_on`.
    """

    utterance_position: int
    claimant_written: str
    stance: str
    issue_id: str
    quote_span: Span
    quote: str
    method: str
    confidence: float
    claimant_id: str = ""
    status: str = "candidate"
    review: str = ""  # accepted, corrected or written
    reviewer: str = ""
    reviewed_on: str = ""
    place: str = ""  # where a candidate's issue was found (PLACES)

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies a candidate across builds within its document (with the document id)."""
        return (self.quote, self.stance, self.issue_id)
