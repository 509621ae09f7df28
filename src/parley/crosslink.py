"""Cross-document links: collection entries that are corpus transcripts; reports and their meetings.

The pass works on digests (a few facts per document, not the text), so it needs little memory and the
per-document work can run in parallel and be cached.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import NamedNode

from parley.model import Document, DocumentKind
from parley.rdf.document import CorpusLinks, document_classes
from parley.rdf.iris import Iris
from parley.recognize import document_context
from parley.registry import Registry, normalize_name
from parley.resolve import SpeakerResolver
from parley.vocab import P


@dataclass(frozen=True)
class Digest:
    """What the cross-document pass needs to know of one parsed document."""

    doc_id: str
    kind: DocumentKind
    date: dt.date | None
    title_key: str
    meeting_date: dt.date | None
    has_meeting: bool
    reported_date: dt.date | None
    reports_on: str
    speakers: frozenset[str]
    entries: tuple[tuple[int, dt.date | None, str], ...]


def _title_key(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", normalize_name(title)).strip()


def digest(document: Document, registry: Registry) -> Digest:
    """The digest of a parsed document: keys of its record, its entries and its speakers."""
    meeting = document.meeting
    return Digest(
        doc_id=document.doc_id,
        kind=document.kind,
        date=document.date,
        title_key=_title_key(document.title),
        meeting_date=meeting.date if meeting else None,
        has_meeting=meeting is not None,
        reported_date=document.reported_date,
        reports_on=document.reports_on,
        speakers=_speakers(document, registry),
        entries=tuple((e.position, e.date, _title_key(e.title)) for e in document.entries),
    )


def corpus_links(digests: Sequence[Digest]) -> CorpusLinks:
    """Find same-record entries (same date and title) and the meeting each second-hand report covers."""
    records = {(d.date, d.title_key): d.doc_id for d in digests if d.kind is not DocumentKind.COLLECTION}
    entries = {
        (d.doc_id, position): records[(day, key)]
        for d in digests
        if d.kind is DocumentKind.COLLECTION
        for position, day, key in d.entries
        if (day, key) in records
    }
    meetings_on: dict[dt.date | None, list[Digest]] = defaultdict(list)
    for d in digests:
        if d.kind is DocumentKind.MEETING_RECORD and d.has_meeting:
            meetings_on[d.meeting_date].append(d)
    reports = {d.doc_id: d.reports_on for d in digests if d.reports_on}
    for report in digests:
        if report.kind is DocumentKind.REPORT and report.doc_id not in reports:
            matches = [
                d.doc_id for d in meetings_on[report.reported_date] if len(report.speakers & d.speakers) >= 2
            ]
            if len(matches) == 1:
                reports[report.doc_id] = matches[0]
    return CorpusLinks(entry_documents=entries, reports_on=reports)


def link_targets(
    links: CorpusLinks, iris: Iris, digests: dict[str, Digest]
) -> dict[NamedNode, tuple[NamedNode, ...]]:
    """The nodes of other graphs that `links` point to, with the classes their own graphs give them."""
    nodes = {iris.document(d): document_classes(digests[d].kind) for d in links.entry_documents.values()}
    nodes |= {
        iris.meeting(d): (P.Meeting,)
        for d in links.reports_on.values()
        if d in digests and digests[d].has_meeting
    }
    return nodes


def _speakers(document: Document, registry: Registry) -> frozenset[str]:
    meeting = document.meeting
    if not meeting:
        return frozenset()
    resolver = SpeakerResolver(document, registry, document_context([document.text], registry))
    refs = (resolver.resolve(u.speaker) for u in meeting.utterances if u.speaker)
    return frozenset(ref.entity_id for ref in refs if ref.entity_id)
