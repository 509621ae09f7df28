"""Claim nodes of a document's graph (status, review, evidence) and the issues it proposes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pyoxigraph import NamedNode

from parley.claims import ClaimRules, extract
from parley.model import Document, Finding, Severity
from parley.rdf import iris as mint
from parley.rdf.iris import Iris
from parley.rdf.terms import Triples, date, decimal, english, integer, string
from parley.registry import Registry
from parley.resolve import PersonRef, SpeakerResolver
from parley.vocab import P, S


def claim_triples(
    document: Document,
    registry: Registry,
    rules: ClaimRules,
    iris: Iris,
    resolver: SpeakerResolver,
    out: Triples,
    hand_over: Callable[[], None],
    known: Callable[[PersonRef], bool] | None = None,
) -> list[Finding]:
    """Add the document's claims and proposed issues to `out`; return what was left out and why.

    A claim's evidence is its utterance in the meeting, or its passage in a record of no meeting;
    there a claimant must be a person the graph knows (`known`: a passage's speaker is linked only
    then), else the claim is left out with a finding."""
    found = extract(document, registry, rules)
    findings: list[Finding] = []
    doc_id, doc, add = document.doc_id, iris.document(document.doc_id), out.add
    passage = iris.utterance if document.meeting else iris.passage  # a record of no meeting has passages
    for issue in found.proposed:
        node = iris.issue(issue.id)
        out.typed(node, P.Issue, P.ProposedIssue)
        add(node, S.label, english(issue.label))
        add(node, P.proposedIn, doc)
        add(node, S.wasDerivedFrom, doc)
        for number, span in enumerate(issue.evidence, 1):
            evidence = NamedNode(f"{node.value}/evidence/{number}")
            out.typed(evidence, P.IssueEvidence)
            add(evidence, P.evidenceOf, node)
            add(evidence, P.surfaceForm, string(document.text[span.start : span.end]))
            add(evidence, P.beginIndex, integer(span.start))
            add(evidence, P.endIndex, integer(span.end))
            add(evidence, S.wasDerivedFrom, doc)
    for number, fact in enumerate(
        sorted(found.claims, key=lambda f: (f.quote_span, f.issue_id, f.stance)), 1
    ):
        node = iris.claim(doc_id, number)
        ref = resolver.resolve(fact.claimant_written)
        if ref.office and not fact.claimant_id:
            message = f"claim by {fact.claimant_written!r} left out: nobody could tell who held that office"
            findings.append(Finding(document.path, 1, Severity.INFO, message, fact.quote))
            continue
        if known is not None and not fact.claimant_id and not known(ref):
            message = (
                f"claim by {fact.claimant_written!r} left out: in a record of no meeting a speaker is a"
                " person only when the registry, the publisher's markup or the author identifies them"
            )
            findings.append(Finding(document.path, 1, Severity.INFO, message, fact.quote))
            continue
        out.typed(node, P.Claim)
        add(node, P.claimant, iris.person(fact.claimant_id or ref.key))
        entity_id = fact.claimant_id or ref.entity_id
        if entity_id and (state := registry.get(entity_id).member_of):
            member = registry.get(state)
            add(node, P.onBehalfOf, iris.entity(member.kind, member.id))
        add(node, P.onIssue, iris.issue(fact.issue_id))
        add(node, P.stance, mint.stance(fact.stance))
        add(node, P.evidence, passage(doc_id, fact.utterance_position))
        add(node, P.quote, english(fact.quote))
        add(node, P.beginIndex, integer(fact.quote_span.start))
        add(node, P.endIndex, integer(fact.quote_span.end))
        add(node, P.method, string(fact.method))
        add(node, P.confidence, decimal(fact.confidence))
        add(node, P.status, mint.claim_status(fact.status))
        if fact.status == "reviewed":
            add(node, P.review, string(fact.review))
            add(node, P.reviewedBy, string(fact.reviewer) if fact.reviewer else None)
            add(
                node,
                P.reviewedOn,
                date(dt.date.fromisoformat(fact.reviewed_on)) if fact.reviewed_on else None,
            )
        add(node, S.wasDerivedFrom, doc)
        hand_over()
    return findings
