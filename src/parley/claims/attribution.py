"""Whose position a sentence of a turn states: the speaker's or nobody's.

A claim's evidence is an utterance of its claimant (ontology/shapes.ttl), and a record of
conversation often reports several people in one paragraph (`The Secretary asked ... The Shah agreed
that ...`) or a speaker reports others (`Roosevelt insisted that ...`, `the Six had made clear ...`).
A sentence opening with a reporting clause is the speaker's position when the clause's subject is the
speaker (`Mr. Harriman said`, `He added`, `I said`) or a person of the speaker's own side who is not
present, whose words the speaker relays (`Chiang told Petrov: we are willing ...` in Soong's turn);
otherwise it is nobody's claim here: another person of the record speaks for himself in his own turns,
and a state, a group, a person of another side or nobody can tell, or an impersonal subject (`It was
agreed`, `Others present agreed`, `The general consensus of the group was`) holds no claim of the
speaker's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from parley.parse.reported import ADVERBS, LEAD_IN, SUBJECT, VERBS
from parley.registry import Registry

NAMED = (
    rf"(?:{SUBJECT.replace('(?P<subject>', '(?:')}|[Tt]he\s+(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?)"
)
MORE_VERBS = (
    r"made (?:it )?(?:quite |very )?(?:plain|clear)|disagreed|concurred|felt|thought|favou?red|wondered"
)
REPORTING = re.compile(
    rf"^(?:{LEAD_IN.pattern[1:]})(?i:(?:however|but|and|moreover|thus|during \w+ \w+|in \w+),?\s+){{0,2}}"
    rf"(?P<subject>{NAMED}(?:\s+and\s+{NAMED})?)"
    r"(?:\s*\[[^\]\n]{1,30}\])?"  # an editor's insertion: `Mr. Petrie [Page 6] suggested`
    r"(?:,[^,]{1,80},)?"  # an apposition: `Mr. Cooper, who has just returned from Viet-Nam,`
    r"(?:\s+(?:had|has|have|would|did|then|also|again|finally|however,?|for example,?))*"
    rf"{ADVERBS}\s+(?:{VERBS}|{MORE_VERBS})\b"
)
IMPERSONAL = re.compile(
    r"^(?:[^,.;:]{0,60},\s+)?(?:it (?:was|had been|has been|is) (?:\w+ ){0,2}"
    r"(?:agreed|felt|suggested|pointed out|decided|noted|understood|made clear|mentioned|said|thought)"
    r"|others?\b|everyone|everybody|all present|(?:the )?(?:general (?:consensus|view|response)|consensus)"
    r"|the (?:group|view of the group|answer|response)\b|there (?:was|were) (?:\w+ ){0,3}"
    r"(?:discussion|agreement|consensus)|(?:a )?question was|reference was)",
    re.I,
)
SELF = {"i", "we", "he", "she"}
THIRD = {"he", "she"}
NOT_PERSONS = ("state", "organization", "place")


def _surname(name: str) -> str:
    words = re.sub(r"\[[^\]]*\]", " ", name).replace(".", " ").split()
    return words[-1].lower() if words else ""


class Attribution:
    """Whether each sentence of a record's turns states its speaker's position."""

    def __init__(self, registry: Registry, date: dt.date | None, present: Iterable[str]) -> None:
        """`present`: the speakers and listed participants of the record, as written."""
        self.registry, self.date = registry, date
        self.present = {_surname(name) for name in present} - {""}

    def holds(self, sentence: str, speaker: str, turn: bool) -> bool:
        """Whether `sentence` of `speaker`'s utterance states the speaker's position. In a `turn` (the
        speaker's own words) `He said` reports someone else, whom the sentence does not name; in a
        reported statement it continues the speaker."""
        if IMPERSONAL.match(sentence):
            return False
        match = REPORTING.match(sentence)
        if match is None:
            return True
        subject = match["subject"]
        surname = _surname(subject)
        if turn and subject.lower() in THIRD:
            return False
        if subject.lower() in SELF or surname == _surname(speaker):
            return True
        if surname in self.present or self.registry.resolve(subject, date=self.date, kinds=NOT_PERSONS):
            return False  # another person of the record, or a state (`the Soviet Union had suggested`)
        return self._relays(subject, speaker)

    def _relays(self, subject: str, speaker: str) -> bool:
        """Whether `subject` is a person of the speaker's own state, whose words the speaker relays."""
        person = self.registry.resolve_person(subject, date=self.date)
        own = self.registry.resolve_person(speaker, date=self.date)
        return bool(
            person and own and person.id != own.id and person.member_of and person.member_of == own.member_of
        )
