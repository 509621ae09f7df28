"""Cross-document links: collection entries that are corpus transcripts; reports and their meetings."""

from __future__ import annotations

import re

from parley.model import Document, DocumentKind
from parley.rdf.document import CorpusLinks
from parley.recognize import document_context
from parley.registry import Registry, normalize_name
from parley.resolve import SpeakerResolver


def _title_key(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", normalize_name(title)).strip()


def corpus_links(documents: list[Document], registry: Registry, overrides: dict[str, str]) -> CorpusLinks:
    """Find same-record entries (same date and title) and the meeting each second-hand report covers."""
    records = {
        (d.date, _title_key(d.title)): d.doc_id for d in documents if d.kind is not DocumentKind.COLLECTION
    }
    entries = {
        (d.doc_id, e.position): records[(e.date, _title_key(e.title))]
        for d in documents
        if d.kind is DocumentKind.COLLECTION
        for e in d.entries
        if (e.date, _title_key(e.title)) in records
    }
    reports = dict(overrides)
    for report in documents:
        if report.kind is DocumentKind.REPORT and report.doc_id not in reports:
            target = _reported_meeting(report, documents, registry)
            if target:
                reports[report.doc_id] = target
    return CorpusLinks(entry_documents=entries, reports_on=reports)


def _speakers(document: Document, registry: Registry) -> set[str]:
    resolver = SpeakerResolver(document, registry, document_context([document.text], registry))
    meeting = document.meeting
    refs = (resolver.resolve(u.speaker) for u in meeting.utterances if u.speaker) if meeting else iter(())
    return {ref.entity_id for ref in refs if ref.entity_id}


def _reported_meeting(report: Document, documents: list[Document], registry: Registry) -> str:
    """The one meeting record of the reported date that shares at least two speakers with the report."""
    speakers = _speakers(report, registry)
    matches = [
        d.doc_id
        for d in documents
        if d.kind is DocumentKind.MEETING_RECORD
        and d.meeting
        and d.meeting.date == report.reported_date
        and len(speakers & _speakers(d, registry)) >= 2
    ]
    return matches[0] if len(matches) == 1 else ""
