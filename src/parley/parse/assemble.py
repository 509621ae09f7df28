"""The Document from what the reader gathered: its kind, dates, author and participants, with the
facts the title, the front matter and sources.csv add to those of the text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from parley.model import (
    Citation,
    Document,
    DocumentKind,
    Finding,
    Meeting,
    ParagraphRole,
    Participant,
    Severity,
    SourceInfo,
    SourceText,
    Span,
    StatedFacts,
)
from parley.parse import metadata
from parley.parse.attendance import role_for
from parley.parse.dateline import Dateline
from parley.parse.dating import RELATIVE_DAY, SAME_DAY, first_year, full_date, resolve_dates, stated_day
from parley.parse.people import Named
from parley.parse.recordtype import record_kind
from parley.parse.state import ReadState
from parley.parse.title import TitleFacts, read_title

NOTE_DIGITS = re.compile(r"(?<=[^\W\d_])\d{1,2}(?:\s\d)?$|\s\d{1,2}(?:\s\d)?$")


def _titles(source: SourceText, info: SourceInfo, state: ReadState) -> list[tuple[str, int]]:
    """The record's titles, best first, each with its offset in the text (-1 when it is not in
    the text as written: a sources.csv title, or a front matter title folded over two lines)."""
    found = []
    for title in (info.title, state.front.title if state.front else ""):
        if title:
            found.append((title, source.text.find(title)))
    for paragraph in state.headings[:4]:
        text = NOTE_DIGITS.sub("", paragraph.text)
        found.append((text, paragraph.span.start))
    return found


def _locate(named: Named, title: str, at: int, text: str) -> Span | None:
    """Where a name a title gives stands in the text: in the title itself, else its first use."""
    if at >= 0:
        return Span(at + named.name_span[0], at + named.name_span[1])
    name = title[named.name_span[0] : named.name_span[1]]
    found = text.find(name)
    return Span(found, found + len(name)) if found >= 0 else None


def _title_participants(
    facts: list[tuple[TitleFacts, str, int]], listed: list[Participant], text: str
) -> list[Participant]:
    """The persons the titles say met, but for those a list already gives (same surname)."""
    surnames = {p.name.split()[-1].lower() for p in listed if p.name and not p.by_office}
    found: list[Participant] = []
    for title_facts, title, at in facts:
        named = list(title_facts.met)
        if title_facts.author and title_facts.author_took_part:
            named.append(title_facts.author)
        for person in named:
            words = person.name.split()
            span = _locate(person, title, at, text)
            if not words or span is None or words[-1].lower() in surnames:
                continue
            surnames.add(words[-1].lower())
            line = text.count("\n", 0, span.start) + 1
            found.append(
                Participant(
                    name=text[span.start : span.end],
                    span=span,
                    line=line,
                    role=role_for(person.name if person.office else person.title),
                    title=person.title if at >= 0 else "",
                    title_span=Span(at + person.title_span[0], at + person.title_span[1])
                    if at >= 0 and person.title_span
                    else None,
                    by_office=person.office,
                )
            )
    return found


def assemble(
    source: SourceText, info: SourceInfo, state: ReadState, roles: tuple[ParagraphRole, ...]
) -> Document:
    """The Document of a source text from what the reader gathered (`state`)."""
    info = take_stated(source.facts, info, state)
    titles = _titles(source, info, state)
    kind = record_kind([t for t, _ in titles])
    facts = [(read_title(t), t, at) for t, at in titles]
    author = state.author or next((f.author.name for f, _, _ in facts if f.author), "")
    heading_texts = [p.text for p in state.headings]
    year_hint = first_year(heading_texts) or first_year([source.text])
    heading_date = next((d for h in heading_texts if (d := full_date(h))), None)
    front = state.front
    opening = [u.text for u in state.utterances[:4]]
    dates = resolve_dates(
        state.dateline,
        year_hint,
        [heading_date, front.date if front else None, info.date],
        opening,
        kind.report,
    )
    meeting_day = dates.meeting
    title_day = next((d for _, t, _ in facts if dates.record and (d := stated_day(t, dates.record))), None)
    if title_day:
        meeting_day = title_day
    findings = state.findings
    if info.date and dates.record and info.date != dates.record:
        message = f"date in the text ({dates.record}) differs from sources.csv ({info.date})"
        findings.append(Finding(source.path, state.meeting_line, Severity.WARNING, message))
    reported_date = meeting_day if dates.earlier else None
    if kind.report and reported_date is None and dates.record and _reports_an_earlier_talk(opening):
        reported_date = dates.record - dt.timedelta(days=1)
    if not state.utterances:
        findings.append(
            Finding(source.path, 1, Severity.WARNING, "no speaker labels and no reported speech found")
        )
    if dates.record is None:
        findings.append(Finding(source.path, 1, Severity.WARNING, _undated(state)))
    citation = metadata.merge_citations(
        state.citation,
        Citation(text=info.citation or (front.citation if front else ""), source_address=info.source_address),
    )
    dateline = state.dateline
    same_day = dateline is not None and not dateline.utc and not kind.report and meeting_day == dates.record
    participants = state.participants  # the title adds the persons it names, unless the markup lists them
    participants += [] if source.facts.participants else _title_participants(facts, participants, source.text)
    meeting = Meeting(
        date=meeting_day,
        end_date=dates.meeting_end if meeting_day == dates.meeting else None,
        start=dateline.start if dateline and same_day else None,
        end=dateline.end if dateline and same_day else None,
        ends_next_day=bool(dateline and same_day and dateline.ends_next_day),
        duration_minutes=state.duration,
        place=dateline.place if dateline and meeting_day == dates.record else "",
        participants=tuple(participants),
        utterances=tuple(state.utterances),
        line=state.meeting_line or 1,
    )
    return Document(
        doc_id=source.doc_id,
        path=source.path,
        kind=DocumentKind.REPORT if reported_date else DocumentKind.MEETING_RECORD,
        title=info.title
        or (front.title if front else "")
        or (state.headings[0].text if state.headings else source.doc_id),
        text=source.text,
        sha256=source.sha256,
        record_type=info.record_type or state.record_type or kind.record_type,
        date=dates.record,
        summary=state.summary,
        author=author,
        citation=citation,
        meeting=meeting,
        reported_date=reported_date,
        reports_on=info.reports_on,
        description=state.subject,
        findings=tuple(findings),
        paragraph_roles=roles,
        persons=source.facts.persons,
    )


def _reports_an_earlier_talk(opening: list[str]) -> bool:
    """A report that speaks of a talk of `last night` or `yesterday` besides one of today."""
    text = " ".join(opening)
    return bool(RELATIVE_DAY.search(text)) and bool(SAME_DAY.search(text))


def _undated(state: ReadState) -> str:
    """Why a record has no date: which dateline was not understood, if any."""
    if state.dateline is not None:
        return "the dateline gives a day and month but no year is stated anywhere in the record"
    return "no date found: no dateline, no date in the heading, the front matter or sources.csv"


def take_stated(facts: StatedFacts, info: SourceInfo, state: ReadState) -> SourceInfo:
    """Take what the record's format states over what was read from its text: the markup's date,
    last date, times and place become the dateline; its participants are the meeting's, with those
    read from the other entries of its list of participants; its author, citation, address and
    record id are taken. sources.csv (the
    curator's row) still comes first for the title and the record type."""
    if facts.date:
        state.dateline = _stated_dateline(facts, state.dateline)
    if facts.participants:
        lines, block = {p.line for p in facts.participants}, facts.participants_block
        listed = [
            replace(p, role=role_for(p.title)) if p.role == "participant" else p for p in facts.participants
        ]
        kept = [  # the entries of the list the markup did not mark up
            p
            for p in state.participants
            if p.line not in lines and (block is None or block.start <= p.span.start < block.end)
        ]
        state.participants = sorted([*listed, *kept], key=lambda p: p.span.start)
    state.author = facts.author or state.author
    stated = Citation(text=facts.citation, source_address=facts.source_address, record_id=facts.record_id)
    state.citation = metadata.merge_citations(stated, state.citation)
    return replace(info, title=info.title or facts.title, record_type=info.record_type or facts.record_type)


def _stated_dateline(facts: StatedFacts, parsed: Dateline | None) -> Dateline:
    """The dateline the markup states; the one read from the text adds the place and times it
    lacks when it gives the same day."""
    assert facts.date is not None
    last = facts.last_date
    same_day = parsed is not None and parsed.date(facts.date.year) == facts.date
    return Dateline(
        year=facts.date.year,
        month=facts.date.month,
        day=facts.date.day,
        last_month=last.month if last else None,
        last_day=last.day if last else None,
        start=facts.start or (parsed.start if parsed and same_day else None),
        end=facts.end or (parsed.end if parsed and same_day else None),
        ends_next_day=bool(parsed and same_day and not facts.end and parsed.ends_next_day),
        utc=facts.utc or bool(parsed and same_day and not facts.start and parsed.utc),
        place=facts.place or (parsed.place if parsed and same_day else ""),
    )
