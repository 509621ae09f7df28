"""Claims from the utterances of a document: cue rules per sentence, then curated claims.

A sentence yields a claim when a rule's cue matches it and an issue is named in the sentence; when
the sentence names none, in the rest of the utterance; when that names none either, in the two
utterances before it (the topic of the exchange). The confidence is the rule's, times 1.0, 0.8 or
0.6 for these three places (`SCOPE_WEIGHT`); a rule's `scope` limits how far it may look.
"""

from __future__ import annotations

from collections.abc import Sequence

from parley.claims.model import SCOPE_WEIGHT, SCOPES, ClaimFact, ClaimRules, CuratedClaim, Issue
from parley.claims.sentences import sentences
from parley.errors import MappingError
from parley.model import Document, Finding, Severity, Span, Utterance, UtteranceKind
from parley.recognize.mentions import document_context, find_mentions
from parley.registry import Registry

CONTEXT_TURNS = 2
IssueHit = tuple[Span, str]


def _issue_hits(
    utterance: Utterance,
    issues: Sequence[Issue],
    registry: Registry,
    document: Document,
    named: frozenset[str],
) -> list[IssueHit]:
    """Where the utterance names each issue: by a registry mention or by one of its terms."""
    by_entity: dict[str, list[str]] = {}
    for issue in issues:
        for entity_id in issue.entities:
            by_entity.setdefault(entity_id, []).append(issue.id)
    start = utterance.span.start
    mentions = find_mentions(utterance.text, start, registry, date=document.date, context=named)
    hits = [(m.span, issue_id) for m in mentions for issue_id in by_entity.get(m.entity_id, [])]
    for issue in issues:
        if pattern := issue.term_pattern:
            hits += [
                (Span(start + m.start(), start + m.end()), issue.id) for m in pattern.finditer(utterance.text)
            ]
    return sorted(hits)


def _ordered(hits: Sequence[IssueHit]) -> list[str]:
    return list(dict.fromkeys(issue_id for _, issue_id in hits))


def _issues_for(
    sentence: Span, index: int, hits: Sequence[Sequence[IssueHit]], scope: str
) -> tuple[list[str], str]:
    """The issues a sentence of utterance `index` is about, and where they were found."""
    inside = [h for h in hits[index] if sentence.start <= h[0].start and h[0].end <= sentence.end]
    candidates = [("sentence", inside), ("utterance", hits[index])]
    candidates += [("context", hits[i]) for i in range(index - 1, max(index - 1 - CONTEXT_TURNS, -1), -1)]
    allowed = SCOPES[: SCOPES.index(scope) + 1]
    for place, found in candidates:
        if place in allowed and found:
            return _ordered(found), place
    return [], ""


def _rule_claims(
    document: Document, index: int, hits: Sequence[Sequence[IssueHit]], rules: ClaimRules
) -> tuple[list[ClaimFact], list[Finding]]:
    assert document.meeting is not None
    utterance = document.meeting.utterances[index]
    best: dict[tuple[str, str], ClaimFact] = {}
    findings: list[Finding] = []
    for span, text in sentences(utterance.text, utterance.span.start):
        rule = next((r for r in rules.rules if r.pattern.search(text)), None)
        if rule is None:
            continue
        issue_ids, place = _issues_for(span, index, hits, rule.scope)
        if not issue_ids:
            line = utterance.line + document.text[utterance.span.start : span.start].count("\n")
            message = f"cue of rule {rule.id} ({rule.stance}) but no issue named"
            findings.append(Finding(document.path, line, Severity.INFO, message, text))
        for issue_id in issue_ids:
            confidence = round(rule.confidence * SCOPE_WEIGHT[place], 2)
            fact = ClaimFact(
                utterance.position,
                utterance.speaker,
                rule.stance,
                issue_id,
                span,
                text,
                f"rule:{rule.id}",
                confidence,
            )
            key = (issue_id, rule.stance)
            if key not in best or best[key].confidence < confidence:
                best[key] = fact
    return list(best.values()), findings


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
    )


def _replaces(curated: ClaimFact, claim: ClaimFact) -> bool:
    """Whether a curated claim replaces a rule claim: same utterance and issue, or overlapping quotes."""
    same = (curated.utterance_position, curated.issue_id) == (claim.utterance_position, claim.issue_id)
    span, other = curated.quote_span, claim.quote_span
    return same or (span.start < other.end and other.start < span.end)


def extract_claims(
    document: Document, registry: Registry, rules: ClaimRules
) -> tuple[list[ClaimFact], list[Finding]]:
    """The claims of `document`'s speakers in text order, with what the rules noticed but could not use.

    Curated claims replace rule claims on the same utterance and issue or with an overlapping quote.
    A curated quote that is not in its utterance raises MappingError.
    """
    if document.meeting is None:
        return [], []
    utterances = document.meeting.utterances
    named = document_context((u.text for u in utterances), registry)
    hits = [_issue_hits(u, rules.issues, registry, document, named) for u in utterances]
    claims: list[ClaimFact] = []
    findings: list[Finding] = []
    for index, utterance in enumerate(utterances):
        if utterance.kind is UtteranceKind.NARRATION or not utterance.speaker:
            continue
        found, noticed = _rule_claims(document, index, hits, rules)
        claims += found
        findings += noticed
    curated = [_curated_fact(document, c) for c in rules.curated if c.doc_id == document.doc_id]
    claims = [c for c in claims if not any(_replaces(k, c) for k in curated)] + curated
    return sorted(claims, key=lambda c: (c.utterance_position, c.quote_span, c.issue_id, c.stance)), findings
