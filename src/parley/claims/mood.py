"""What a cue sentence does besides its cue: asks, sets a condition, negates or hedges.

A question its speaker goes on from, in the same turn, is rhetorical: it argues, it waits for no
answer (`Who can overthrow Government? ... nobody will overthrow government.`); a cue in it counts
as in a statement, and a cue that asks counts not at all.

Every expression is linear on any sentence: the conditions are matched by `finditer` (one pass),
negation and hedges are looked for in bounded windows or by one search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from parley.model import Span

QUESTION_END = re.compile(r"\?[\"'”’)\]]*+\s*+$")
QUESTION_START = re.compile(
    r"^(?:Why|How come|Is it not|Isn't it|(?:What )?(?:do|does|did) you mean)\b", re.I
)
# an `if` clause: from the conjunction (and a short aside after it: `If, however, he were asked`)
# to the next comma, stop or `then`
CONDITION = re.compile(
    r"\b(?:if|unless|provided(?: that)?|in case(?: of)?|in the event(?: that)?)\b(?:,\s*[a-z ]{1,25},)?"
    r"(?:(?!\bthen\b)[^,;:.?!])*+",
    re.I,
)
# the same as an inversion, in a sentence that asks nothing (`Should we make another adventure, ...`)
INVERSION = re.compile(r"^(?:should|were|had) (?:we|you|they|he|she|it|I)\b[^,;:.?!]*+(?=,)", re.I)
NEGATION = re.compile(r"\b(?:not|never|no|nor|cannot|neither)\b|n[’']t\b", re.I)
NEGATION_WINDOW = 24  # characters before a cue in which a negation negates it
HEDGE = re.compile(
    r"\b(?:perhaps|maybe|might|possibly|probably|it (?:seems|appears)|would seem|in principle|"
    r"not (?:yet )?sure|wonder(?:ed)? whether)\b",
    re.I,
)
ENUMERATION = re.compile(r"^(?:\(\w{1,3}\)|\d{1,3}[.)])\s+")


@dataclass(frozen=True)
class Mood:
    """The features of one sentence that change what a cue in it means."""

    question: bool
    hedged: bool
    conditions: tuple[Span, ...]  # spans of `if` clauses, in the sentence's own offsets
    rhetorical: bool = False

    def conditional(self, cue: Span) -> bool:
        """Whether the cue lies inside an `if` clause."""
        return any(c.start <= cue.start < c.end for c in self.conditions)


def mood_of(sentence: str) -> Mood:
    """The question, hedge and `if` clauses of `sentence`."""
    question = QUESTION_END.search(sentence) is not None or QUESTION_START.match(sentence) is not None
    conditions = tuple(Span(m.start(), m.end()) for m in CONDITION.finditer(sentence))
    if not question and (inversion := INVERSION.match(sentence)):
        conditions += (Span(inversion.start(), inversion.end()),)
    return Mood(question, HEDGE.search(sentence) is not None, conditions)


ASIDE = re.compile(r"^[(\[]")  # a stage direction or an editor's note: `(He laughs)`, `[Page 9]`


def in_turn(mood: Mood, later: Iterable[str]) -> Mood:
    """The mood of a sentence followed in its turn by the sentences `later`: a question the speaker
    goes on from (not only with an aside) is rhetorical, and no longer a question."""
    if mood.question and any(not ASIDE.match(s) for s in later):
        return replace(mood, question=False, rhetorical=True)
    return mood


def negated(sentence: str, cue: Span) -> bool:
    """Whether a negation stands in the few words before the cue (not inside it)."""
    return NEGATION.search(sentence, max(0, cue.start - NEGATION_WINDOW), cue.start) is not None


def without_enumeration(sentence: str) -> int:
    """How many characters of a leading paragraph number (`13. `, `(2) `) the sentence opens with."""
    match = ENUMERATION.match(sentence)
    return match.end() if match else 0
