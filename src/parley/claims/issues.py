"""Which issue a cue sentence is about: the explicit places to look, in order.

Registered issues (mappings/issues.yaml) first:
1. `sentence`: the issues the sentence names (a registry mention of an issue's entity, or a term);
2. `turn`: else the issue the rest of its turn names nearest before it (else after it);
3. `question`: else, when the turn answers a question (the turn before, of another speaker, asks
   one), the issue that question names (for an answer, `accepts`, `rejects`, `concedes`, the issue that
   turn names nearest its end, question or not);
4. `thread`: else the issue the exchange is about: named last in the turns just before, through
   turns that name none (at most four back).
Then the issues the record proposes (claims/discover.py):
5. `sentence-proposed`, `question-proposed`: the one most salient that the sentence, else the
   question it answers, names;
6. `phrase`: else the one its turn names nearest before it (else after it);
7. `topic`: else the topic of the record's section (a heading) or of the record (its subject line,
   else the first registered issue its summary names);
8. `unnamed`: else the record's "issue not named", for the reviewer to set.

Measured, a registered issue found at any place is right far more often than a proposed one
(claim-rules.yaml, the `place` entries). A rule's scope limits the places: `named` only the one
registered issue the sentence itself names (none when it names several: a list, a comparison),
`sentence` only the sentence, `utterance` the sentence and the turn, `context` all; a reply
(`scope: reply`, for `Yes.`, `True.`) looks only at the turn it answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from parley.claims.model import Issue
from parley.claims.mood import mood_of
from parley.model import Document, Span, Utterance, UtteranceKind
from parley.parse.sentences import sentence_spans
from parley.recognize.mentions import find_mentions
from parley.registry import Registry

REGISTERED = ("sentence", "turn", "question", "thread")
PROPOSED_PLACES = ("sentence-proposed", "question-proposed", "phrase", "topic", "unnamed")
PLACES_BY_SCOPE = {
    "sentence": ("sentence", "sentence-proposed"),
    "utterance": ("sentence", "turn", "sentence-proposed"),
    "context": (*REGISTERED, *PROPOSED_PLACES),
    "reply": ("question", "question-proposed"),
    "response": (*REGISTERED, *PROPOSED_PLACES),
}
THREAD = 4  # turns an issue carries over while they name none
RESPONSES = ("accepts", "rejects", "concedes")  # stances that answer the other party's last turn


@dataclass(frozen=True)
class Hit:
    """An issue named at `span` of the document."""

    span: Span
    issue_id: str
    proposed: bool


@dataclass(frozen=True)
class Topics:
    """The record's fallback issues: the topic of each utterance's section, the record's subject,
    and the issue not named."""

    by_utterance: dict[int, str]
    subject: str
    unnamed: str


def issue_hits(
    utterance: Utterance,
    issues: Sequence[Issue],
    registry: Registry,
    document: Document,
    named: frozenset[str],
) -> list[Hit]:
    """Where the utterance names each issue that applies to the document."""
    date = (document.meeting.date if document.meeting else None) or document.date
    live = [i for i in issues if i.condition.holds(date, named)]
    by_entity: dict[str, list[Issue]] = {}
    for issue in live:
        for entity_id in issue.entities:
            by_entity.setdefault(entity_id, []).append(issue)
    start = utterance.span.start
    mentions = find_mentions(utterance.text, start, registry, date=date, context=named)
    hits = [Hit(m.span, i.id, i.proposed) for m in mentions for i in by_entity.get(m.entity_id, [])]
    for issue in live:
        if pattern := issue.term_pattern(date, named):
            hits += [
                Hit(Span(start + m.start(), start + m.end()), issue.id, issue.proposed)
                for m in pattern.finditer(utterance.text)
            ]
    return sorted(hits, key=lambda h: (h.span, h.issue_id))


def _best(hits: Sequence[Hit], salience: Mapping[str, tuple[int, int]]) -> list[str]:
    """The registered issues among `hits` if any, in order, once each; else the one proposed issue
    most salient in the record (a sentence naming `Cyprus`, `Greece` and `Turkey` is filed once)."""
    registered = [h.issue_id for h in hits if not h.proposed]
    if registered or not hits:
        return list(dict.fromkeys(registered))
    return [min((h.issue_id for h in hits), key=lambda i: salience.get(i, (9, 0)))]


def _nearest(hits: Sequence[Hit], sentence: Span) -> list[str]:
    """The one issue named nearest before the sentence, else nearest after it (registered first)."""
    for group in ([h for h in hits if not h.proposed], [h for h in hits if h.proposed]):
        before = [h for h in group if h.span.end <= sentence.start]
        after = [h for h in group if h.span.start >= sentence.end]
        if before:
            return [max(before, key=lambda h: h.span.end).issue_id]
        if after:
            return [min(after, key=lambda h: h.span.start).issue_id]
    return []


class IssueFinder:
    """Finds the issue of each cue sentence of a record's utterances."""

    def __init__(
        self,
        utterances: Sequence[Utterance],
        hits: Sequence[list[Hit]],
        topics: Topics,
        salience: Mapping[str, tuple[int, int]],
    ) -> None:
        """`salience` orders the record's proposed issues, most salient (smallest) first."""
        self.utterances, self.hits, self.topics, self.salience = utterances, hits, topics, salience

    def find(self, index: int, sentence: Span, scope: str, stance: str) -> tuple[list[str], str]:
        """The issues of the sentence at `sentence` of utterance `index` with a cue of `stance` and a
        rule of `scope`, and where they were found. A response (accepts, rejects, concedes) answers
        the other party's last turn, question or not."""
        if scope == "context" and stance in RESPONSES:
            scope = "response"
        if scope == "named":  # the one registered issue the sentence names, none if it names several
            found = self._at("sentence", index, sentence, False)
            return (found, "sentence") if len(found) == 1 else ([], "")
        for place in PLACES_BY_SCOPE[scope]:
            if found := self._at(place, index, sentence, scope in ("reply", "response")):
                return found, place
        return [], ""

    def _at(self, place: str, index: int, sentence: Span, reply: bool) -> list[str]:
        hits = self.hits[index]
        proposed = place.endswith("-proposed")
        if place in ("sentence", "sentence-proposed"):
            inside = [h for h in hits if sentence.start <= h.span.start and h.span.end <= sentence.end]
            return _best([h for h in inside if h.proposed == proposed], self.salience)
        if place == "turn":
            return _nearest([h for h in hits if not h.proposed], sentence)
        if place == "phrase":
            return _nearest([h for h in hits if h.proposed], sentence)
        if place in ("question", "question-proposed"):
            return self._answered(index, reply, proposed)
        if place == "thread":
            return self._thread(index)
        if place == "topic":
            topic = self.topics.by_utterance.get(self.utterances[index].position) or self.topics.subject
            return [topic] if topic else []
        return [self.topics.unnamed]

    def _thread(self, index: int) -> list[str]:
        """The registered issue of the exchange: named last in the turns just before, none of the turns
        between naming one (at most THREAD turns back)."""
        for back in range(index - 1, max(index - 1 - THREAD, -1), -1):
            if self.utterances[back].kind is UtteranceKind.NARRATION:
                return []
            if registered := [h for h in self.hits[back] if not h.proposed]:
                end = self.utterances[back].span.end
                return _nearest(registered, Span(end, end))
        return []

    def _answered(self, index: int, reply: bool, proposed: bool) -> list[str]:
        """The issue (registered, or else `proposed`) of the question the turn answers: the last question
        of the turn before, when that turn is another speaker's (for a reply, what that turn names
        nearest its end)."""
        if index == 0:
            return []
        before, turn = self.utterances[index - 1], self.utterances[index]
        if before.kind is UtteranceKind.NARRATION or not before.speaker or before.speaker == turn.speaker:
            return []
        hits = [h for h in self.hits[index - 1] if h.proposed == proposed]
        end = Span(before.span.end, before.span.end)
        questions = [s for s in sentence_spans(before.text) if mood_of(before.text[s.start : s.end]).question]
        if questions:
            last = questions[-1]
            span = Span(before.span.start + last.start, before.span.start + last.end)
            inside = [h for h in hits if span.start <= h.span.start and h.span.end <= span.end]
            return _best(inside, self.salience) or _nearest(hits, end)
        return _nearest(hits, end) if reply else []
