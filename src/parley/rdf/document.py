"""Map one parsed document (meeting record, report, record of no meeting or collection) to the triples
of its named graph."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from pyoxigraph import NamedNode, Triple

from parley.claims import ClaimRules
from parley.model import Document, DocumentKind, Finding, Meeting, Severity, Span, Utterance, UtteranceKind
from parley.rdf import iris as mint
from parley.rdf.claims import claim_triples
from parley.rdf.iris import Iris
from parley.rdf.statistics import mention_counts
from parley.rdf.terms import Triples, date, datetime, duration, english, instant, integer, string
from parley.recognize import Candidate, document_context, find_candidates, find_mentions
from parley.recognize.mentions import MentionMatch, office_phrases
from parley.registry import Registry
from parley.resolve import PersonRef, SpeakerResolver
from parley.vocab import P, S

BATCH = 20_000  # triples handed over at a time
URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
UTTERANCE_CLASS = {
    UtteranceKind.TURN: (P.Turn, P.Utterance),
    UtteranceKind.REPORTED: (P.ReportedStatement, P.Utterance),
    UtteranceKind.NARRATION: (P.Narration,),
}


@dataclass(frozen=True)
class CorpusLinks:
    """What the cross-document pass found: collection entries that are transcripts, reports' meetings."""

    entry_documents: dict[tuple[str, int], str] = field(default_factory=dict)
    reports_on: dict[str, str] = field(default_factory=dict)

    def by_document(self) -> dict[str, CorpusLinks]:
        """The links each document's graph states, keyed by document id."""
        entries: dict[str, dict[tuple[str, int], str]] = {}
        for (doc_id, position), target in self.entry_documents.items():
            entries.setdefault(doc_id, {})[(doc_id, position)] = target
        return {
            doc_id: CorpusLinks(
                entries.get(doc_id, {}),
                {doc_id: self.reports_on[doc_id]} if doc_id in self.reports_on else {},
            )
            for doc_id in entries.keys() | self.reports_on.keys()
        }


def document_classes(kind: DocumentKind) -> tuple[NamedNode, ...]:
    """The classes of a document node."""
    return (P.Collection if kind is DocumentKind.COLLECTION else P.Record, P.Document)


@dataclass
class DocumentMapper:
    """Builds the triples of one document's named graph."""

    document: Document
    registry: Registry
    iris: Iris
    links: CorpusLinks
    claim_rules: ClaimRules | None = None
    out: Triples = field(default_factory=Triples)

    def __post_init__(self) -> None:
        self.named = document_context([self.document.text], self.registry)
        self.resolver = SpeakerResolver(self.document, self.registry, self.named)
        self.candidates: list[Candidate] = []
        self.findings: list[Finding] = []
        self.doc = self.iris.document(self.document.doc_id)
        self.present: dict[str, dict[str, PersonRef]] = {}  # meeting IRI -> persons taking part
        self.speakers: dict[str, PersonRef] = {}  # the speakers of a record of no meeting
        self.described: list[tuple[str, str]] = []  # (IRI, label) of the persons the registry does not know
        self.author: PersonRef | None = None
        self.mention_counts: Counter[NamedNode] = Counter()
        self.first_mentions: dict[NamedNode, tuple[int, int, str]] = {}  # entity -> (begin, end, mention IRI)
        self._sink: Callable[[list[Triple]], None] = self.out.items.extend
        self._batch = 0

    def triples(self) -> list[Triple]:
        """The graph's triples, in the order they are made (with repeats)."""
        found: list[Triple] = []
        self.emit(found.extend)
        return found

    def emit(self, sink: Callable[[list[Triple]], None]) -> None:
        """Hand the graph's triples to `sink` as they are made, about BATCH at a time, so that a long
        record is never held as triples all at once."""
        self._sink, self._batch = sink, BATCH
        self._document()
        if self.document.kind is DocumentKind.COLLECTION:
            self._entries()
        elif self.document.meeting:
            self._meeting(self.document.meeting)
            if self.document.recounted:
                self._meeting(self.document.recounted, recounted=True)
            if self.claim_rules:
                self._claims(self.claim_rules)
        else:
            for passage in self.document.passages:
                self._utterance(None, passage)
                self._hand_over(self._batch)
            if self.claim_rules and self.document.passages:
                self._claims(self.claim_rules, known=self._known)
        self._summary_mentions()
        people = {key: ref for present in self.present.values() for key, ref in present.items()}
        people.update((key, ref) for key, ref in self.speakers.items() if key not in people)
        authors = [self.author] if self.author and self.author.key not in people else []
        for ref in [*people.values(), *authors]:
            self._person(ref)
        firsts = {entity: NamedNode(first[2]) for entity, first in self.first_mentions.items()}
        self.out.items += mention_counts(self.document.doc_id, self.mention_counts, firsts, self.iris)
        self._hand_over(0)

    def _hand_over(self, at_least: int) -> None:
        """Give the triples made so far to the sink, if there are `at_least` of them."""
        if len(self.out.items) >= at_least:
            self._sink(self.out.items)
            self.out.items = []

    def _mentions(
        self, container: NamedNode, text: str, start: int, day: dt.date | None, known: set[Span] | None = None
    ) -> None:
        """Mention nodes for the registry entities named in `text` (which starts at `start`), but for
        those at a span in `known` (which gets the new ones)."""
        found = find_mentions(text, start, self.registry, date=day, context=self.named)
        found += self._office_mentions(text, start, found)
        if known is not None:
            found = [m for m in found if m.span not in known]
            known.update(m.span for m in found)
        for match in found:
            entity = self.registry.get(match.entity_id)
            target = self.iris.entity(entity.kind, entity.id)
            node = self.iris.mention(container, match.span)
            self.mention_counts[target] += 1
            here = (match.span.start, match.span.end, node.value)
            self.first_mentions[target] = min(self.first_mentions.get(target, here), here)
            self.out.typed(node, P.Mention)
            self.out.add(node, P.mentionOf, target)
            self.out.add(node, P.inText, container)
            self.out.add(node, P.surfaceForm, string(match.surface))
            self.out.add(node, P.beginIndex, integer(match.span.start))
            self.out.add(node, P.endIndex, integer(match.span.end))
            self.out.add(node, S.wasDerivedFrom, self.doc)
            self.out.add(container, P.mentions, target)
        self.candidates += find_candidates(text, start, self.registry, [m.span for m in found])

    def _office_mentions(self, text: str, start: int, found: list[MentionMatch]) -> list[MentionMatch]:
        """`The Secretary` where the resolver tells who held the office (mappings/offices.yaml)."""
        taken = [m.span for m in found]
        mentions = []
        for match in office_phrases(self.registry).finditer(text):
            span = Span(start + match.start(), start + match.end())
            if any(span.start < t.end and t.start < span.end for t in taken):
                continue
            ref = self.resolver.resolve(match.group())
            if ref.entity_id:
                mentions.append(MentionMatch(ref.entity_id, span, match.group()))
        return mentions

    def _summary_mentions(self) -> None:
        d, known = self.document, set[Span]()
        for text in (d.summary, d.description):
            start = d.text.find(text) if text else -1
            if start >= 0:
                self._mentions(self.doc, text, start, d.date, known)

    def _document(self) -> None:
        d, doc, add = self.document, self.doc, self.out.add
        self.out.typed(doc, *document_classes(d.kind))
        add(doc, S.title, english(d.title))
        add(doc, S.date, date(d.date) if d.date else None)
        add(doc, S.issued, instant(d.sent) if d.sent else None)
        add(doc, P.recordType, mint.record_type(d.record_type))
        add(doc, P.sourceFile, string(d.path))
        add(doc, S.abstract, english(d.summary))
        add(doc, S.description, english(d.description))
        add(doc, S.language, string(d.language))
        c = d.citation
        add(doc, P.sourceAddress, NamedNode(c.source_address) if URL.match(c.source_address) else None)
        add(doc, P.recordId, string(c.record_id))
        add(doc, S.bibliographicCitation, string(c.text))
        add(doc, S.publisher, string(c.publisher))
        add(doc, P.archive, string(c.archive))
        add(doc, P.archivalCollection, string(c.collection))
        add(doc, P.box, string(c.box))
        add(doc, P.folder, string(c.folder))
        add(doc, S.contributor, string(c.contributor))
        if d.author:
            self.author = self.resolver.resolve(d.author)
            add(doc, P.author, None if self.author.office else self._person_iri(self.author))
        if d.doc_id in self.links.reports_on:
            add(doc, P.reportsOn, self.iris.meeting(self.links.reports_on[d.doc_id]))

    def _entries(self) -> None:
        d, add = self.document, self.out.add
        for entry in d.entries:
            linked = self.links.entry_documents.get((d.doc_id, entry.position))
            node = self.iris.document(linked) if linked else self.iris.entry(d.doc_id, entry.position)
            self.out.typed(node, *document_classes(DocumentKind.MEETING_RECORD))
            add(node, P.inCollection, self.doc)
            add(node, S.isPartOf, self.doc)
            add(node, P.entryPosition, integer(entry.position))
            add(node, S.date, date(entry.date) if entry.date else None)
            add(node, S.title, english(entry.title))
            add(node, S.abstract, english(entry.summary))
            add(node, P.recordType, mint.record_type(entry.record_type))
            if not linked:
                add(node, P.beginIndex, integer(entry.span.start))
                add(node, P.endIndex, integer(entry.span.end))
                add(node, P.line, integer(entry.line))
            add(node, S.wasDerivedFrom, self.doc)
            span = entry.span
            self._mentions(node, d.text[span.start : span.end], span.start, entry.date)
            self._hand_over(self._batch)

    def _meeting(self, meeting: Meeting, *, recounted: bool = False) -> None:
        """The meeting the record is of, or the earlier one it recounts."""
        d, add = self.document, self.out.add
        node = self.iris.recounted(d.doc_id) if recounted else self.iris.meeting(d.doc_id)
        self.out.typed(node, P.Meeting)
        add(self.doc, P.recounts if recounted else P.recordsMeeting, node)
        add(node, S.label, english(_meeting_label(d, meeting) + (" (recounted)" if recounted else "")))
        if meeting.date:
            last_day = meeting.end_date or meeting.date + dt.timedelta(days=int(meeting.ends_next_day))
            add(node, S.date, date(meeting.date))
            add(node, P.lastDate, date(meeting.end_date) if meeting.end_date else None)
            add(node, S.startDate, datetime(meeting.date, meeting.start) if meeting.start else None)
            add(node, S.endDate, datetime(last_day, meeting.end) if meeting.end else None)
        add(node, P.duration, duration(meeting.duration_minutes) if meeting.duration_minutes else None)
        if meeting.place:
            add(node, P.place, self._place(meeting.place))
        add(node, S.wasDerivedFrom, self.doc)
        add(node, P.line, integer(meeting.line))
        listed: set[str] = set()
        for participant in meeting.participants:
            ref = self.resolver.resolve_participant(participant)
            if ref.key in listed:
                message = f"{participant.name!r} is listed again among those present; kept the first listing"
                self.findings.append(Finding(self.document.path, participant.line, Severity.WARNING, message))
                continue
            listed.add(ref.key)
            part = self._participation(node, ref, participant.name, recounted=recounted)
            add(part, P.role, mint.role(participant.role))
            add(part, P.beginIndex, integer(participant.span.start))
            add(part, P.endIndex, integer(participant.span.end))
            add(part, P.line, integer(participant.line))
            if participant.title and participant.title_span:
                add(part, P.titleAsWritten, string(participant.title))
                add(part, P.titleBeginIndex, integer(participant.title_span.start))
                add(part, P.titleEndIndex, integer(participant.title_span.end))
            add(part, P.affiliationAsWritten, string(participant.affiliation))
            add(part, P.sideAsWritten, string(participant.side))
        for utterance in meeting.utterances:
            self._utterance(node, utterance)
            self._hand_over(self._batch)

    def _participation(
        self, meeting: NamedNode, ref: PersonRef, written: str, *, recounted: bool = False
    ) -> NamedNode:
        part = self.iris.participation(self.document.doc_id, ref.key, recounted=recounted)
        present = self.present.setdefault(meeting.value, {})
        if ref.key not in present:
            self.out.typed(part, P.Participation)
            self.out.add(meeting, P.participation, part)
            self.out.add(part, P.participant, None if ref.office else self._person_iri(ref))
            self.out.add(part, S.wasDerivedFrom, self.doc)
            if ref.entity_id and (state := self.registry.get(ref.entity_id).member_of):
                member = self.registry.get(state)
                self.out.add(part, P.speaksFor, self.iris.entity(member.kind, member.id))
        self.out.add(part, P.nameAsWritten, string(written))
        if ref.identifier or ref.key not in present:  # keep the reference that has an identifier
            present[ref.key] = ref
        return part

    def _utterance(self, meeting: NamedNode | None, u: Utterance) -> None:
        """A passage of the meeting's record, or of a record of no meeting (`meeting` None)."""
        d, add = self.document, self.out.add
        node = (
            self.iris.utterance(d.doc_id, u.position) if meeting else self.iris.passage(d.doc_id, u.position)
        )
        self.out.typed(node, *UTTERANCE_CLASS[u.kind])
        add(node, P.inMeeting, meeting)
        add(node, P.inDocument, self.doc)
        add(node, P.position, integer(u.position))
        add(node, P.text, english(u.text))
        add(node, P.beginIndex, integer(u.span.start))
        add(node, P.endIndex, integer(u.span.end))
        add(node, P.line, integer(u.line))
        add(node, S.wasDerivedFrom, self.doc)
        self._mentions(node, u.text, u.span.start, (d.meeting.date if d.meeting else None) or d.date)
        if u.speaker:
            ref = self.resolver.resolve(u.speaker, u.line)
            named = meeting is not None or self._known(ref)  # no list of those present: known persons only
            if meeting is not None:
                at = self.iris.recounted(d.doc_id) if u.recounted else meeting  # where the speaker took part
                add(node, P.recountedFrom, at if u.recounted else None)
                if ref.key not in self.present.get(at.value, {}):
                    self._participation(at, ref, u.speaker, recounted=u.recounted)
            elif named:
                self.speakers.setdefault(ref.key, ref)
            add(node, P.speaker, self._person_iri(ref) if named and not ref.office else None)
            add(node, P.speakerLabel, string(u.speaker))

    def _known(self, ref: PersonRef) -> bool:
        """A person the registry or the publisher's markup identifies, or the record's author."""
        return bool(ref.entity_id or ref.identifier) or (
            self.author is not None and ref.key == self.author.key
        )

    def _claims(self, rules: ClaimRules, known: Callable[[PersonRef], bool] | None = None) -> None:
        """Claim nodes and proposed issues (see `parley.rdf.claims`); in a record of no meeting only
        claims of the persons `known` to it."""
        self.findings += claim_triples(
            self.document,
            self.registry,
            rules,
            self.iris,
            self.resolver,
            self.out,
            lambda: self._hand_over(self._batch),
            known,
        )

    def _person_iri(self, ref: PersonRef) -> NamedNode:
        return self.iris.person(ref.key)

    def _person(self, ref: PersonRef) -> None:
        """A person the registry does not know, described in this document's graph (a registry person
        is described once, in the registry graph, not again in every graph that names them), with the
        publisher's identifier of the person (a FRUS persons-list address) where the record has one."""
        if ref.entity_id or ref.office:
            return
        node = self._person_iri(ref)
        self.described.append((node.value, ref.label))
        self.out.typed(node, P.Person)
        self.out.add(node, S.label, string(ref.label))
        self.out.add(node, S.wasDerivedFrom, self.doc)
        if ref.identifier:
            self.out.add(node, P.publisherIdentifier, NamedNode(ref.identifier))

    def _place(self, name: str) -> NamedNode:
        found = self.registry.lookup(name, ("place",))
        if len(found) == 1:
            return self.iris.entity("place", found[0].id)  # described in the registry graph
        node = self.iris.entity("place", f"{self.document.doc_id}/{re.sub(r'[^a-z0-9]+', '-', name.lower())}")
        self.out.add(node, S.wasDerivedFrom, self.doc)
        self.out.typed(node, P.Place)
        self.out.add(node, S.label, string(name))
        return node


def _meeting_label(d: Document, meeting: Meeting) -> str:
    when = f" on {meeting.date.day} {meeting.date:%B %Y}" if meeting.date else ""
    where = f" in {meeting.place}" if meeting.place else ""
    return f"Meeting{when}{where}" if when or where else f"Conversation recorded in {d.title}"
