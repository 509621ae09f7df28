"""Claims from the utterances of a document: candidates made by the cue rules, then reviewed claims.

A sentence of a speaker's turn (or reported statement) is a candidate when a rule's cue matches it
outside an `if` clause, as the rule says for a question, a negation or a hedge (claims/mood.py),
and the sentence does not report another named person's words (`Stalin said that ...` in Soong's
turn). Its issue is found at the places of claims/issues.py, registered or proposed
(claims/discover.py), so no cue sentence is dropped for want of a registered issue. The
candidate's confidence is the measured precision of its rule times that of the place its issue was
found at (mappings/claim-rules.yaml, `issue-places`).

Reviewed claims replace candidates: a decision of mappings/claim-reviews.yaml accepts, corrects or
rejects the candidate with its quote and proposed stance and issue; a claim of
mappings/curated-claims.yaml, written by a person, replaces the candidates on its utterance and
issue and those whose quote overlaps its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parley.claims.discover import Proposals, propose_issues
from parley.claims.issues import IssueFinder, Topics, issue_hits
from parley.claims.model import ClaimFact, ClaimRule, ClaimRules, CuratedClaim, Issue, Review
from parley.claims.mood import Mood, mood_of, negated, without_enumeration
from parley.claims.sentences import sentences
from parley.errors import MappingError
from parley.model import Document, Finding, Span, Utterance, UtteranceKind
from parley.parse.reported import speaker_of
from parley.recognize.mentions import document_context
from parley.registry import Registry

SELF = {"i", "we", "he", "she"}


@dataclass(frozen=True)
class Extraction:
    """A document's claims in text order, its proposed issues, and what the rules noticed."""

    claims: tuple[ClaimFact, ...]
    proposed: tuple[Issue, ...]
    findings: tuple[Finding, ...]


def _cue(rule: ClaimRule, text: str, mood: Mood) -> str:
    """The stance the rule's cue gives `text`, or '' when it gives none."""
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


def _others_words(sentence: str, speaker: str, others: set[str]) -> bool:
    """Whether the sentence reports what another speaker of the record said (`Stalin said that ...` in
    Soong's turn; `Chiang told Petrov: ...` stays Soong's, Chiang speaking for his side unheard)."""
    subject = speaker_of(sentence)
    if not subject or subject.lower() in SELF:
        return False
    word = subject.split()[-1].strip(".").lower()
    return word not in speaker.lower() and word in others


def _candidates(
    document: Document, index: int, finder: IssueFinder, rules: ClaimRules, confidence: dict[str, float]
) -> list[ClaimFact]:
    assert document.meeting is not None
    utterance = document.meeting.utterances[index]
    others = {u.speaker.split()[-1].strip(".").lower() for u in document.meeting.utterances if u.speaker}
    best: dict[tuple[str, str], ClaimFact] = {}
    for span, text in sentences(utterance.text, utterance.span.start):
        if _others_words(text, utterance.speaker, others):
            continue
        mood = mood_of(text)
        found = next(((r, s) for r in rules.rules if (s := _cue(r, text, mood))), None)
        if found is None:
            continue
        rule, stance = found
        cut = without_enumeration(text)
        span, text = Span(span.start + cut, span.end), text[cut:]
        issue_ids, place = finder.find(index, span, rule.scope, stance)
        for issue_id in issue_ids:
            fact = ClaimFact(
                utterance.position,
                utterance.speaker,
                stance,
                issue_id,
                span,
                text,
                f"rule:{rule.id}",
                round(rule.confidence * confidence.get(place, 1.0), 2),
                place=place,
            )
            key = (issue_id, stance)
            if key not in best or best[key].confidence < fact.confidence:
                best[key] = fact
    return list(best.values())


def _utterance_with(document: Document, position: int, quote: str, where: str) -> tuple[Utterance, int]:
    """The utterance holding `quote` (the one at `position` if it does) and the quote's offset in it."""
    assert document.meeting is not None
    utterances = document.meeting.utterances
    ordered = sorted(utterances, key=lambda u: (u.position != position, u.position))
    for utterance in ordered:
        if (at := utterance.text.find(quote)) >= 0:
            return utterance, at
    near = next((u for u in utterances if u.position == position), None)
    shown = f" ({near.speaker or 'narration'}: {near.text[:120]!r})" if near else ""
    raise MappingError(f"{where}: quote {quote!r} is not in utterance {position} of {document.doc_id}{shown}")


def _curated_fact(document: Document, claim: CuratedClaim) -> ClaimFact:
    assert document.meeting is not None
    utterance = next((u for u in document.meeting.utterances if u.position == claim.utterance), None)
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
    texts = [u.text for u in document.meeting.utterances] if document.meeting else []
    named = document_context(texts, registry)
    return propose_issues(document, registry, rules.issues, named)


def extract(document: Document, registry: Registry, rules: ClaimRules) -> Extraction:
    """The claims of `document`'s speakers, its proposed issues, and the curated and reviewed claims
    that replace candidates. A curated or reviewed quote that is not in the document raises
    MappingError."""
    if document.meeting is None:
        return Extraction((), (), ())
    utterances = document.meeting.utterances
    named = document_context((u.text for u in utterances), registry)
    proposals = propose_issues(document, registry, rules.issues, named)
    issues: Sequence[Issue] = (*rules.issues, *proposals.issues)
    hits = [issue_hits(u, issues, registry, document, named) for u in utterances]
    topics = Topics(
        {u.position: proposals.topic_at(u.span.start) for u in utterances},
        proposals.subject,
        proposals.unnamed.id,
    )
    finder = IssueFinder(utterances, hits, topics)
    candidates: list[ClaimFact] = []
    for index, utterance in enumerate(utterances):
        if utterance.kind is UtteranceKind.NARRATION or not utterance.speaker:
            continue
        candidates += _candidates(document, index, finder, rules, rules.issue_confidence)
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
