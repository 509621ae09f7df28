"""The candidates to review, read from the corpus as the build reads it, with their context."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from parley.claims import ClaimFact, ClaimRules, Issue, extract, load_claim_rules, voiced
from parley.corpus import load_sources, source_files
from parley.docbuild import known_person_names
from parley.errors import InputError
from parley.model import Document, Utterance
from parley.parse import parse_document
from parley.read import read_source
from parley.registry import Registry, load_registry
from parley.resolve import SpeakerResolver


@dataclass(frozen=True)
class Item:
    """A candidate claim with what a reviewer needs to judge it."""

    document: Document
    claim: ClaimFact
    claimant: str  # the resolved person's label (or the speaker as written)
    before: Utterance | None
    turn: Utterance
    after: Utterance | None
    issues: tuple[Issue, ...]  # the registered issues and the document's proposed ones

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.document.doc_id, self.claim.quote, self.claim.stance, self.claim.issue_id)

    def issue_label(self, issue_id: str) -> str:
        return next((i.label for i in self.issues if i.id == issue_id), issue_id)


@dataclass(frozen=True)
class Filters:
    """Which candidates to review: of an issue, a document, a person (substring of the claimant)."""

    issue: str = ""
    document: str = ""
    person: str = ""

    def keep(self, item: Item) -> bool:
        return (
            (not self.issue or item.claim.issue_id == self.issue.removeprefix("issue:"))
            and (not self.document or item.document.doc_id == self.document)
            and (
                not self.person
                or self.person.lower() in f"{item.claimant} {item.claim.claimant_written}".lower()
            )
        )


def candidates(
    corpus: Path, mappings: Path, filters: Filters = Filters(), *, reviewed: bool = True
) -> Iterator[Item]:
    """The candidate claims of the corpus in document and text order, as the build makes them; without
    `reviewed`, those the rules make before any review or curated claim replaces one (to measure them)."""
    registry = load_registry(mappings)
    rules = load_claim_rules(mappings)
    if not reviewed:
        rules = replace(rules, curated=(), reviews=())
    names = known_person_names(registry)
    sources = load_sources(corpus)
    found = False
    for path in source_files(corpus):
        document = parse_document(read_source(path), sources.get(path.name), known_names=names)
        if filters.document and document.doc_id != filters.document:
            continue
        found = True
        yield from _items(document, registry, rules)
    if filters.document and not found:
        raise InputError(f"{corpus}: no document {filters.document!r}")


def _items(document: Document, registry: Registry, rules: ClaimRules) -> Iterator[Item]:
    extraction = extract(document, registry, rules)
    issues = (*rules.issues, *extraction.proposed)
    resolver = SpeakerResolver(document, registry)
    utterances = voiced(document)  # a meeting's, or the passages of a record of no meeting
    index = {u.position: i for i, u in enumerate(utterances)}
    for claim in extraction.claims:
        if claim.status != "candidate":
            continue
        at = index[claim.utterance_position]
        ref = resolver.resolve(claim.claimant_written)
        yield Item(
            document,
            claim,
            ref.label or claim.claimant_written,
            utterances[at - 1] if at else None,
            utterances[at],
            utterances[at + 1] if at + 1 < len(utterances) else None,
            issues,
        )
