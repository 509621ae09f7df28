"""The Document from what the reader gathered: its kind, dates, author and participants, with the
facts the title, the front matter and sources.csv add to those of the text."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import replace

from parley.model import (
    Citation,
    Document,
    DocumentKind,
    Finding,
    Meeting,
    Paragraph,
    ParagraphRole,
    Participant,
    Severity,
    SourceInfo,
    SourceText,
    Span,
    StatedFacts,
    Utterance,
    UtteranceKind,
)
from parley.parse import metadata
from parley.parse.attendance import role_for
from parley.parse.dateline import Dateline, find_date_expression
from parley.parse.dating import (
    RELATIVE_DAY,
    SAME_DAY,
    first_year,
    full_date,
    resolve_dates,
    stated_day,
    tells_of_a_talk,
)
from parley.parse.fields import Field, header_fields
from parley.parse.narrative import narrator_took_part, present_in
from parley.parse.people import Named, people_in, plausible_name
from parley.parse.recordtype import record_kind
from parley.parse.state import ReadState
from parley.parse.title import TitleFacts, read_title
from parley.registry import strip_titles

FIRST_PERSON = {"i", "we"}
SENTENCE_END = re.compile(r"[.!?]")
OPENING = 3  # the passages of the body that say whom the writer met
PRESENCE_OPENING = 8  # the passages of the body read for `in the presence of`, `were present`
OPENING_CHARS = 1500
NOTE_DIGITS = re.compile(r"(?<=[^\W\d_])\d{1,2}(?:\s\d)?$|\s\d{1,2}(?:\s\d)?$")


def _titles(
    source: SourceText, info: SourceInfo, state: ReadState, fields: dict[str, Field]
) -> list[tuple[str, int]]:
    """The record's titles, best first, each with its offset in the text (-1 when it is not in
    the text as written: a sources.csv title, or a front matter title folded over two lines)."""
    found = []
    for title in (info.title, state.front.title if state.front else ""):
        if title:
            found.append((title, source.text.find(title)))
    if "title" in fields:
        found.append((fields["title"].value, fields["title"].span.start))
    for text, at in _headings(state.headings[:4]):
        found.append((NOTE_DIGITS.sub("", text), at))
    return found


def _headings(paragraphs: list[Paragraph]) -> list[tuple[str, int]]:
    """Headings with their offsets; a heading wrapped onto the next line, which goes on in lower case
    (`Memorandum of Conversation between Anastas Mikoyan` / `and Mao Zedong`), is one heading,
    not in the text as written (-1)."""
    joined: list[tuple[str, int]] = []
    for previous, paragraph in zip([None, *paragraphs], paragraphs, strict=False):
        if previous and paragraph.line == previous.line + 1 and paragraph.text[:1].islower() and joined:
            joined[-1] = (f"{joined[-1][0]} {paragraph.text}", -1)
        else:
            joined.append((paragraph.text, paragraph.span.start))
    return joined


def _locate(named: Named, title: str, at: int, text: str) -> Span | None:
    """Where a name a title gives stands in the text: in the title itself, else its first use as a
    word (the signature `B` is not the `B` of `SUBJECT`)."""
    if at >= 0:
        return Span(at + named.name_span[0], at + named.name_span[1])
    found = _first_use(title[named.name_span[0] : named.name_span[1]], text)
    return Span(found.start(), found.end()) if found else None


def _first_use(name: str, text: str) -> re.Match[str] | None:
    """The first place `text` writes `name` as a word or words (not the `B` of `SUBJECT`)."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)


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
            if not person.office and not plausible_name(person.name):
                continue
            surnames.add(words[-1].lower())
            line = text.count("\n", 0, span.start) + 1
            bounds = person.title_span
            title_span = Span(at + bounds[0], at + bounds[1]) if at >= 0 and bounds else None
            found.append(
                Participant(
                    name=text[span.start : span.end],
                    span=span,
                    line=line,
                    role=role_for(person.name if person.office else person.title),
                    title=text[title_span.start : title_span.end] if title_span else "",
                    title_span=title_span,
                    by_office=person.office,
                )
            )
    return found


def assemble(
    source: SourceText, info: SourceInfo, state: ReadState, roles: tuple[ParagraphRole, ...]
) -> Document:
    """The Document of a source text from what the reader gathered (`state`)."""
    info = take_stated(source.facts, info, state)
    fields = header_fields(source.text)
    titles = _titles(source, info, state, fields)
    kind = record_kind([t for t, _ in titles])
    facts = [(read_title(t), t, at) for t, at in titles]
    stated_author = fields["author"].value if "author" in fields else ""
    author = state.author or stated_author or next((f.author.name for f, _, _ in facts if f.author), "")
    heading_texts = [p.text for p in state.headings]
    year_hint = first_year(heading_texts) or first_year([source.text])
    heading_date = next((d for h in heading_texts if (d := full_date(h))), None)
    front = state.front
    opening = [u.text for u in state.utterances[:4]]
    field_date = full_date(fields["date"].value) if "date" in fields else None
    stated = [field_date, heading_date, front.date if front else None, info.date]
    dates = resolve_dates(state.dateline, year_hint, stated, opening, kind.report)
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
    participants = list(state.participants)
    narrated: list[Participant] = []
    if not source.facts.participants:  # the markup's list says who took part: nothing is added to it
        from_title = _title_participants(facts, state.participants, source.text)
        participants += from_title
        met = kind.report or not (
            state.participants or from_title
        )  # `I called on X`: only where nothing else says
        narrated = _narrative_participants(state, participants, met=met)
        participants += narrated
    # in a cable or letter, persons its opening says were met, with no word of theirs reported, are
    # a talk named in passing (`This matter has been discussed with the Prime Minister`)
    in_passing = kind.report and participants == narrated and not _others_reported(state.utterances)
    of_meeting = (
        kind.of_meeting
        or (bool(participants) and not in_passing)
        or reported_date is not None
        or any(u.kind is UtteranceKind.TURN for u in state.utterances)
        or _writer_in_dialogue(state.utterances)
        or tells_of_a_talk(
            opening, dates.record, in_passing=kind.report and not _others_reported(state.utterances)
        )
    )
    record_type = info.record_type or state.record_type or kind.record_type
    if not of_meeting:
        findings.append(Finding(source.path, 1, Severity.INFO, _no_meeting(record_type)))
    elif (
        not source.facts.participants
        and author
        and not any(_same_person(author, p.name) for p in participants)
        and _narrator_took_part(state, kind.report)
        and (writer := _author_participant(author, source.text))
    ):
        participants.append(writer)
    utterances = tuple(state.utterances)
    recounted = None
    if reported_date and not dates.earlier:  # today's conversation, and the talk of last night it recounts
        utterances = _mark_recounted(utterances, [author, *(p.name for p in participants)])
        recounted = _recounted(state, reported_date)
    if of_meeting and not participants and not any(u.speaker for u in state.utterances):
        message = (
            "no participants found: no list, title, sentence or speaker of the record names who took part"
        )
        findings.append(Finding(source.path, state.meeting_line or 1, Severity.WARNING, message))
    meeting = (
        None
        if not of_meeting
        else Meeting(
            date=meeting_day,
            end_date=dates.meeting_end if meeting_day == dates.meeting else None,
            start=dateline.start if dateline and same_day else None,
            end=dateline.end if dateline and same_day else None,
            ends_next_day=bool(dateline and same_day and dateline.ends_next_day),
            duration_minutes=state.duration,
            place=dateline.place if dateline and meeting_day == dates.record else "",
            participants=tuple(participants),
            utterances=utterances,
            line=state.meeting_line or 1,
        )
    )
    return Document(
        doc_id=source.doc_id,
        path=source.path,
        kind=_document_kind(of_meeting, reported_date),
        title=info.title
        or (front.title if front else "")
        or (fields["title"].value if "title" in fields else "")  # `Title: Memorandum of ...`, the label off
        or (_headings(state.headings)[0][0] if state.headings else source.doc_id),
        text=source.text,
        sha256=source.sha256,
        record_type=record_type,
        date=dates.record,
        sent=_sent(dateline, dates.record) if kind.report else None,
        summary=state.summary,
        author=author,
        citation=citation,
        meeting=meeting,
        recounted=recounted,
        passages=() if of_meeting else utterances,
        reported_date=reported_date,
        reports_on=info.reports_on,
        description=state.subject,
        findings=tuple(findings),
        paragraph_roles=roles,
        persons=source.facts.persons,
    )


def _document_kind(of_meeting: bool, reported_date: dt.date | None) -> DocumentKind:
    if not of_meeting:
        return DocumentKind.RECORD
    return DocumentKind.REPORT if reported_date else DocumentKind.MEETING_RECORD


def _writer_in_dialogue(utterances: list[Utterance]) -> bool:
    """The writer speaks (`I said`) and a named person answers more than once (`Wang said`): the
    record tells of a conversation."""
    said = Counter(u.speaker for u in utterances if u.speaker)
    writer = any(speaker.lower() in FIRST_PERSON for speaker in said)
    return writer and any(
        n > 1 and speaker.lower() not in FIRST_PERSON and plausible_name(speaker)
        for speaker, n in said.items()
    )


def _others_reported(utterances: list[Utterance]) -> bool:
    """Someone other than the writer is reported speaking (`Dill said that`)."""
    return any(
        u.kind is UtteranceKind.REPORTED and u.speaker and u.speaker.lower() not in FIRST_PERSON
        for u in utterances
    )


def _no_meeting(record_type: str) -> str:
    """Why a record is not taken as the record of a meeting."""
    kind = f"a {record_type}" if record_type != "other" else "a record"
    return (
        f"not the record of a meeting: {kind} whose title, lists and opening name no meeting, "
        "participant or dialogue; its text is kept as passages of the record"
    )


def _same_person(a: str, b: str) -> bool:
    """Two names of one person in a record: the same surname, and the same initial where both give
    a first name (`I. V. Kovalev` and `E.F. Kovalev` are two)."""
    first, second = strip_titles(a).split(), strip_titles(b).split()
    if not (first and second) or first[-1].lower().strip(".,") != second[-1].lower().strip(".,"):
        return False
    initials = {names[0].lstrip("[")[:1].lower() for names in (first[:-1], second[:-1]) if names}
    return len(initials) < 2


def _narrative_participants(state: ReadState, listed: list[Participant], *, met: bool) -> list[Participant]:
    """Persons the opening of the body says took part, but for those already listed."""
    found: list[Participant] = []
    text = state.source.text
    for number, utterance in enumerate(state.utterances[:PRESENCE_OPENING]):
        earlier = _earlier_sentences(utterance.text)
        opening = utterance.text[:OPENING_CHARS]
        for present in present_in(opening, utterance.span.start, met=met and number < OPENING, offices=True):
            at = present.span.start - utterance.span.start
            if any(a <= at < b for a, b in earlier):
                continue  # who met last night: the meeting recounted, not the record's own
            named = present.named
            if any(_same_participant(named.name, named.office, p) for p in [*listed, *found]):
                continue
            found.append(
                Participant(
                    name=" ".join(text[present.span.start : present.span.end].split()),  # one line
                    span=present.span,
                    line=text.count("\n", 0, present.span.start) + 1,
                    role=role_for(named.name if named.office else named.title),
                    by_office=named.office,
                )
            )
    return found


def _same_participant(name: str, office: bool, other: Participant) -> bool:
    """Whether `name` (an office's, when `office`) is a participant already found: the same person, or
    the same office written alike (`the Foreign Secretary` is not `the Colonial Secretary`)."""
    if office or other.by_office:
        return office == other.by_office and _office_words(name) == _office_words(other.name)
    return _same_person(name, other.name)


def _office_words(name: str) -> str:
    return " ".join(re.sub(r"^the\s+", "", name.strip(), flags=re.I).lower().split())


def _narrator_took_part(state: ReadState, report: bool) -> bool:
    """Whether the author writes as one who took part (`I said`, `conversations with me`, or in a
    report `a conversation with X took place`)."""
    opening = [u.text[:OPENING_CHARS] for u in state.utterances[:OPENING]]
    first_person = any(u.speaker.lower() in {"i", "we"} for u in state.utterances)
    return first_person or any(narrator_took_part(t, report=report) for t in opening)


def _author_participant(author: str, text: str) -> Participant | None:
    """The author as a participant, at the first place the record writes the name (or its last word);
    an author named by office (`the Secretary of State`) takes part as that office. None when the
    text does not write the name (a title of the front matter, which is not in a page's text)."""
    found = _first_use(author, text) or _first_use(author.split()[-1], text)
    if found is None:
        return None
    named = people_in(author)
    office = bool(named) and named[0].office
    line = text.count("\n", 0, found.start()) + 1
    return Participant(name=author, span=Span(*found.span()), line=line, by_office=office)


def _mark_recounted(utterances: tuple[Utterance, ...], present: list[str]) -> tuple[Utterance, ...]:
    """Statements of speakers who were not at the record's own conversation were made at the
    meeting it recounts."""
    return tuple(
        replace(u, recounted=True)
        if u.speaker
        and u.speaker.lower() not in FIRST_PERSON
        and not any(_same_person(u.speaker, n) for n in present if n)
        else u
        for u in utterances
    )


def _recounted(state: ReadState, day: dt.date) -> Meeting:
    """The earlier meeting a report recounts, with the persons the sentence telling of it names."""
    text = state.source.text
    found: list[Participant] = []
    for utterance in state.utterances[:OPENING]:
        for begin, end in _earlier_sentences(utterance.text):
            start = utterance.span.start + begin
            for present in present_in(utterance.text[begin:end], start, met=True):
                if not any(_same_person(present.named.name, p.name) for p in found):
                    line = text.count("\n", 0, present.span.start) + 1
                    found.append(
                        Participant(
                            name=text[present.span.start : present.span.end], span=present.span, line=line
                        )
                    )
    return Meeting(date=day, participants=tuple(found), line=found[0].line if found else 1)


def _earlier_sentences(text: str) -> list[tuple[int, int]]:
    """The spans of the sentences that speak of `last night` or `yesterday`."""
    spans: list[tuple[int, int]] = []
    ends = [m.end() for m in SENTENCE_END.finditer(text)]
    for match in RELATIVE_DAY.finditer(text):
        if spans and match.start() < spans[-1][1]:
            continue
        k = bisect.bisect_right(ends, match.start())
        spans.append((ends[k - 1] if k else 0, ends[k] if k < len(ends) else len(text)))
    return spans


def _reports_an_earlier_talk(opening: list[str]) -> bool:
    """A report that speaks of a talk of `last night` or `yesterday` besides one of today."""
    text = " ".join(opening)
    return bool(RELATIVE_DAY.search(text)) and bool(SAME_DAY.search(text))


def _sent(dateline: Dateline | None, day: dt.date | None) -> dt.datetime | None:
    """When a telegram or cable was sent: its dateline's day and time (`1050Z` in UTC)."""
    if dateline is None or day is None or dateline.start is None:
        return None
    return dt.datetime.combine(day, dateline.start, dt.UTC if dateline.utc else None)


def _undated(state: ReadState) -> str:
    """Why a record has no date: which dateline was not understood, if any."""
    if state.dateline is not None:
        return "the dateline gives a day and month but no year is stated anywhere in the record"
    near = next((p for p in state.headings if find_date_expression(p.text)), None)
    if near is not None:
        return f"no date understood: line {near.line} ({near.text[:80]!r}) names a day but is not a dateline"
    return "no date found: no dateline, no date in the heading, the front matter or sources.csv"


def take_stated(facts: StatedFacts, info: SourceInfo, state: ReadState) -> SourceInfo:
    """Take what the record's format states over what was read from its text: the markup's date,
    last date, times and place become the dateline; its participants are the meeting's, with those
    read from the other entries of its list of participants (none from past the list's end); its
    author, citation, address and record id are taken. sources.csv (the curator's row) still comes
    first for the title and the record type."""
    if facts.date:
        state.dateline = _stated_dateline(facts, state.dateline)
    if facts.participants or facts.participants_block:
        lines, block = {p.line for p in facts.participants}, facts.participants_block
        listed = [
            replace(p, role=role_for(p.title)) if p.role == "participant" else p for p in facts.participants
        ]
        kept = [  # the entries of the list the markup did not mark up, and none after it
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
