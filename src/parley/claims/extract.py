"""Claims from the utterances of a document: candidates made by the cue rules, then reviewed claims.

The utterances are a meeting's turns and reported statements, or the passages of a record of no
meeting (a letter, a cable): there a passage no one is said to speak is the writer's, the record's
author's when it names one (`voiced`), and a reported statement keeps its speaker.
A sentence of a speaker's turn (or reported statement) is a candidate when a rule's cue matches it
outside an `if` clause, as the rule says for a question, a negation or a hedge (claims/mood.py),
the sentence states the speaker's own position (claims/attribution.py: not another person's words
reported, not `It was agreed`) and it is not about the conduct of the talk (`Any other
questions?`). Each issue found for it at the places of claims/issues.py, registered or proposed
(claims/discover.py), makes one candidate, so no cue sentence is dropped for want of a registered
issue. The candidate's confidence is the measured precision of its rule times that of the place
its issue was found at (the `place` entries of mappings/claim-rules.yaml).

Reviewed claims replace candidates: a decision of mappings/claim-reviews.yaml accepts, corrects or
rejects the candidate with its quote and proposed stance and issue; a claim of
mappings/curated-claims.yaml, written by a person, replaces the candidates on its utterance and
issue and those whose quote overlaps its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from parley.claims.attribution import Attribution
from parley.claims.discover import Proposals, propose_issues
from parley.claims.issues import IssueFinder, Topics, issue_hits
from parley.claims.model import ClaimFact, ClaimRule, ClaimRules, CuratedClaim, Issue, Review
from parley.claims.mood import Mood, in_turn, mood_of, negated, without_enumeration
from parley.claims.sentences import sentences
from parley.errors import MappingError
from parley.model import Document, Finding, Span, Utterance, UtteranceKind
from parley.recognize.mentions import document_context
from parley.registry import Registry


@dataclass(frozen=True)
class Extraction:
    """A document's claims in text order, its proposed issues, and what the rules noticed."""

    claims: tuple[ClaimFact, ...]
    proposed: tuple[Issue, ...]
    findings: tuple[Finding, ...]


def _cue(rule: ClaimRule, text: str, mood: Mood) -> str:
    """The stance the rule's cue gives `text`, or '' when it gives none."""
    if mood.rhetorical and rule.stance == "asks":
        return ""
    for match in rule.pattern.finditer(text):
        cue = Span(match.start(), match.end())
        if mood.conditional(cue):
            continue
        stance = rule.stance
        if negated(text, cue):
            stance = rule.negated
        if stance and mood.question and rule.stance != "asks":
            stance = rule.in_question
        if stance and mood.hedged and rule.hedged:
            stance = rule.hedged
        if stance:
            return stance
    return ""


def voiced(document: Document) -> tuple[Utterance, ...]:
    """The utterances the claim rules read: a meeting's, or the passages of a record of no meeting,
    where a passage with no speaker is a turn of the record's author (the writer speaks) when the
    record names one. Positions and spans are the passages' own."""
    if document.meeting is not None:
        return document.meeting.utterances
    author = document.author
    return tuple(
        replace(p, kind=UtteranceKind.TURN, speaker=author)
        if author and p.kind is UtteranceKind.NARRATION and not p.speaker
        else p
        for p in document.passages
    )


REBUTTAL = re.compile(r"^(?:but|however|yet|nevertheless)\b", re.I)
PROCEDURAL = re.compile(  # the conduct of the talk itself, no position on an issue
    r"\b(?:any|other|further) (?:other )?(?:questions|matters|observations|comments)\b"
    r"|\bmay I (?:discuss|go|begin|raise|start)\b|\bsum(?:med)? up\b|\bpoint by point\b"
    r"|\b(?:report|convey) (?:this|our|the|his) (?:conversation|message)\b|\bbe in touch\b"
    r"|\bnext meeting\b|\bgood trip\b"
    r"|^let us (?:now )?(?:discuss|move|continue|turn|go on|pass|begin|start|proceed)\b|\bso much for\b"
    r"|\b(?:begin|start) (?:not )?with\b",
    re.I,
)


def _replies(sentences: list[tuple[Span, str]], at: int) -> bool:
    """Whether the sentence at `at` is a reply's bare affirmation: it opens the turn and the turn does
    not go on to rebut (`True. But lesson of war changed our views.` grants a point, accepts nothing)."""
    after = sentences[at + 1][1] if at + 1 < len(sentences) else ""
    return at == 0 and not REBUTTAL.match(after)


def _candidates(
    utterance: Utterance, index: int, finder: IssueFinder, rules: ClaimRules, attribution: Attribution
) -> list[ClaimFact]:
    """The candidates of `utterance`, the record's utterance `index`: one per cue sentence and issue."""
    found: list[ClaimFact] = []
    split = sentences(utterance.text, utterance.span.start)
    for at, (span, text) in enumerate(split):
        turn = utterance.kind is UtteranceKind.TURN
        if not attribution.holds(text, utterance.speaker, turn) or PROCEDURAL.search(text):
            continue
        mood = mood_of(text)
        if turn:  # the sentences after it, read only as far as needed
            mood = in_turn(mood, (split[i][1] for i in range(at + 1, len(split))))
        rule, stance = next(((r, s) for r in rules.rules if (s := _cue(r, text, mood))), (None, ""))
        if rule is None or (rule.scope == "reply" and not _replies(split, at)):
            continue
        cut = without_enumeration(text)
        span, text = Span(span.start + cut, span.end), text[cut:]
        issue_ids, place = finder.find(index, span, rule.scope, stance)
        confidence = round(rule.confidence * rules.issue_confidence.get(place, 1.0), 2)
        found += [
            ClaimFact(
                utterance.position,
                utterance.speaker,
                stance,
                issue_id,
                span,
                text,
                f"rule:{rule.id}",
                confidence,
                place=place,
            )
            for issue_id in issue_ids
        ]
    return found


def _utterance_with(document: Document, position: int, quote: str, where: str) -> tuple[Utterance, int]:
    """The utterance holding `quote` (the one at `position` if it does) and the quote's offset in it."""
    utterances = voiced(document)
    ordered = sorted(utterances, key=lambda u: (u.position != position, u.position))
    for utterance in ordered:
        if (at := utterance.text.find(quote)) >= 0:
            return utterance, at
    near = next((u for u in utterances if u.position == position), None)
    shown = f" ({near.speaker or 'narration'}: {near.text[:120]!r})" if near else ""
    raise MappingError(f"{where}: quote {quote!r} is not in utterance {position} of {document.doc_id}{shown}")


def _curated_fact(document: Document, claim: CuratedClaim) -> ClaimFact:
    utterance = next((u for u in voiced(document) if u.position == claim.utterance), None)
    if utterance is None:
        raise MappingError(f"{claim.where}: {document.doc_id} has no utterance {claim.utterance}")
    at = utterance.text.find(claim.quote)
    if at < 0:
        raise MappingError(
            f"{claim.where}: quote {claim.quote!r} is not in utterance {claim.utterance} of {document.doc_id}"
            f" ({utterance.speaker or 'narration'}: {utterance.text[:120]!r})"
        )
    span = Span(utterance.span.start + at, utterance.span.start + at + len(claim.quote))
    return ClaimFact(
        utterance.position,
        utterance.speaker,
        claim.stance,
        claim.issue,
        span,
        claim.quote,
        "curated",
        1.0,
        claim.claimant,
        status="reviewed",
        review="written",
        reviewer=claim.reviewer,
        reviewed_on=claim.date,
    )


def _reviewed_fact(document: Document, review: Review, candidate: ClaimFact | None) -> ClaimFact:
    utterance, at = _utterance_with(document, review.utterance, review.quote, review.where)
    span = Span(utterance.span.start + at, utterance.span.start + at + len(review.quote))
    return ClaimFact(
        utterance.position,
        utterance.speaker,
        review.stance,
        review.issue,
        span,
        review.quote,
        candidate.method if candidate else f"rule:{review.rule}" if review.rule else "curated",
        1.0,
        status="reviewed",
        review=review.decision,
        reviewer=review.reviewer,
        reviewed_on=review.date,
    )


def _replaces(curated: ClaimFact, claim: ClaimFact) -> bool:
    """Whether a curated claim replaces a rule claim: same utterance and issue, or overlapping quotes."""
    same = (curated.utterance_position, curated.issue_id) == (claim.utterance_position, claim.issue_id)
    span, other = curated.quote_span, claim.quote_span
    return same or (span.start < other.end and other.start < span.end)


def _reviewed(document: Document, candidates: list[ClaimFact], rules: ClaimRules) -> list[ClaimFact]:
    """The candidates the reviews leave, and the claims the reviews and curators made."""
    reviews = {r.key: r for r in rules.reviews if r.doc_id == document.doc_id and r.decision != "skipped"}
    by_key = {(document.doc_id, *c.key): c for c in candidates}
    left = [c for c in candidates if (document.doc_id, *c.key) not in reviews]
    made = [
        _reviewed_fact(document, r, by_key.get(key)) for key, r in reviews.items() if r.decision != "rejected"
    ]
    curated = [_curated_fact(document, c) for c in rules.curated if c.doc_id == document.doc_id]
    left = [c for c in left if not any(_replaces(k, c) for k in curated)]
    known = {(m.quote_span, m.issue_id, m.stance) for m in made + curated}
    left = [c for c in left if (c.quote_span, c.issue_id, c.stance) not in known]
    return left + made + curated


def _summary_issue(
    document: Document, issues: Sequence[Issue], registry: Registry, named: frozenset[str]
) -> str:
    """The first registered issue the record's summary names, or ''."""
    if not document.summary:
        return ""
    summary = Utterance(0, UtteranceKind.NARRATION, document.summary, Span(0, len(document.summary)), 1)
    hits = issue_hits(summary, issues, registry, document, named)
    return hits[0].issue_id if hits else ""


def proposals_for(document: Document, registry: Registry, rules: ClaimRules) -> Proposals:
    """The document's proposed issues (see claims/discover.py)."""
    utterances = voiced(document)
    named = document_context([u.text for u in utterances], registry)
    return propose_issues(document, utterances, registry, rules.issues, named)


def extract(document: Document, registry: Registry, rules: ClaimRules) -> Extraction:
    """The claims of `document`'s speakers, its proposed issues, and the curated and reviewed claims
    that replace candidates. A curated or reviewed quote that is not in the document raises
    MappingError."""
    if document.meeting is None and not document.passages:
        return Extraction((), (), ())
    utterances = voiced(document)
    named = document_context((u.text for u in utterances), registry)
    proposals = propose_issues(document, utterances, registry, rules.issues, named)
    issues: Sequence[Issue] = (*rules.issues, *proposals.issues)
    hits = [issue_hits(u, issues, registry, document, named) for u in utterances]
    topics = Topics(
        {u.position: proposals.topic_at(u.span.start) for u in utterances},
        proposals.subject,
        proposals.unnamed.id,
    )
    topical = {proposals.subject, *(issue_id for _, issue_id in proposals.headings)}
    salience = {i.id: (0 if i.id in topical else 1, -len(i.evidence)) for i in proposals.issues}
    finder = IssueFinder(utterances, hits, topics, salience)
    meeting = document.meeting
    present = [u.speaker for u in utterances if u.speaker] + [
        p.name for p in (meeting.participants if meeting else ())
    ]
    attribution = Attribution(registry, (meeting.date if meeting else None) or document.date, present)
    candidates: list[ClaimFact] = []
    for index, utterance in enumerate(utterances):
        if utterance.kind is UtteranceKind.NARRATION or not utterance.speaker:
            continue
        candidates += _candidates(utterance, index, finder, rules, attribution)
    claims = _reviewed(document, candidates, rules)
    used = {c.issue_id for c in claims}
    proposed = tuple(i for i in (*proposals.issues, proposals.unnamed) if i.id in used or i.evidence)
    ordered = sorted(claims, key=lambda c: (c.utterance_position, c.quote_span, c.issue_id, c.stance))
    return Extraction(tuple(ordered), proposed, ())


def extract_claims(
    document: Document, registry: Registry, rules: ClaimRules
) -> tuple[list[ClaimFact], list[Finding]]:
    """The claims of `document` in text order, with what the rules noticed (see `extract`)."""
    found = extract(document, registry, rules)
    return list(found.claims), list(found.findings)
