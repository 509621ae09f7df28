"""Assemble a Document from a source text: furniture, header facts, attendance and the body."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container
from dataclasses import dataclass, field

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
    Utterance,
    UtteranceKind,
)
from parley.parse import attendance, dialogue, header, metadata, reported
from parley.parse.listing import is_listing, parse_listing
from parley.parse.paragraphs import split_paragraphs
from parley.registry import strip_titles

SIGNATURE = re.compile(r"^\[?(?:[A-Z][\w.’'-]*\.?)(?:\s+[A-Z][\w.’'-]*\.?){0,2}\]?$")
FOOTNOTE = re.compile(r"^\d{1,3}\.\s+\S")
SUBJECT_HEADING = re.compile(r"^(?:SUBJECT|Subject)\s*:?\s*(?P<rest>.*)$")
RELATIVE_DAY = re.compile(r"\b(?P<word>last night|yesterday|the day before)\b", re.I)
LONG_PARAGRAPH_WORDS = 15


@dataclass
class _State:
    """What the reader has gathered so far; turned into a frozen Document at the end."""

    source: SourceText
    findings: list[Finding] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    date: dt.date | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    duration: int | None = None
    place: str = ""
    participants: list[Participant] = field(default_factory=list)
    utterances: list[Utterance] = field(default_factory=list)
    citation: Citation = field(default_factory=Citation)
    summary: str = ""
    subject: str = ""
    author: str = ""
    record_type: str = ""
    meeting_line: int = 0
    roles: dict[int, ParagraphRole] = field(default_factory=dict)

    def note(self, paragraph: Paragraph, severity: Severity, message: str) -> None:
        self.findings.append(Finding(self.source.path, paragraph.line, severity, message, paragraph.text))

    def mark(self, paragraph: Paragraph, role: ParagraphRole) -> None:
        self.roles[paragraph.index] = role

    def leave_out(self, paragraph: Paragraph, role: ParagraphRole, severity: Severity, message: str) -> None:
        self.mark(paragraph, role)
        self.note(paragraph, severity, message)

    def final_roles(self, paragraphs: list[Paragraph]) -> tuple[ParagraphRole, ...]:
        """The role of every paragraph; one that no branch took is left out with a warning."""
        for paragraph in paragraphs:
            if paragraph.index not in self.roles:
                message = "paragraph not understood; left out"
                self.leave_out(paragraph, ParagraphRole.NOT_UNDERSTOOD, Severity.WARNING, message)
        return tuple(self.roles[p.index] for p in paragraphs)

    def add(
        self, kind: UtteranceKind, span: Span, line: int, speaker: str = "", label: Span | None = None
    ) -> None:
        text = self.source.text[span.start : span.end]
        self.utterances.append(Utterance(len(self.utterances) + 1, kind, text, span, line, speaker, label))

    def extend_last(self, paragraph: Paragraph) -> None:
        last = self.utterances[-1]
        span = Span(last.span.start, paragraph.span.end)
        self.utterances[-1] = Utterance(
            last.position,
            last.kind,
            self.source.text[span.start : span.end],
            span,
            last.line,
            last.speaker,
            last.label_span,
        )


def _furniture(paragraphs: list[Paragraph], state: _State) -> None:
    """Mark section headings with their values, the page footer and noise."""
    footer = next(
        (i for i, p in enumerate(paragraphs) if metadata.section_name(p.text) in metadata.FOOTER_SECTIONS),
        len(paragraphs),
    )
    i = 0
    while i < footer:
        paragraph = paragraphs[i]
        name = metadata.section_name(paragraph.text)
        if name:
            values: list[Paragraph] = []
            while i + 1 < footer and not metadata.section_name(paragraphs[i + 1].text):
                nxt = paragraphs[i + 1]
                if values and not metadata.URL_LINE.match(nxt.text):
                    break
                values.append(nxt)
                i += 1
            _section(name, paragraph, values, state)
        elif metadata.is_noise(paragraph.text):
            message = "web-page text (navigation, credits or rights) left out"
            state.leave_out(paragraph, ParagraphRole.WEB_PAGE, Severity.INFO, message)
        i += 1
    for paragraph in paragraphs[footer:]:
        _footer_line(paragraph, state)


def _section(name: str, heading: Paragraph, values: list[Paragraph], state: _State) -> None:
    """Take the citation and the summary; leave any other section out, heading and values."""
    text = " ".join(v.text for v in values if not metadata.URL_LINE.match(v.text))
    url = next((m["url"] for v in values if (m := metadata.URL_LINE.match(v.text))), "")
    if name == "citation":
        state.citation = metadata.merge_citations(metadata.parse_citation(text, url), state.citation)
    elif name == "summary":
        state.summary = text
    for paragraph in (heading, *values):
        if name in ("citation", "summary"):
            state.mark(paragraph, ParagraphRole(name))
        else:
            message = f"'{name}' section of the web page left out"
            state.leave_out(paragraph, ParagraphRole.WEB_PAGE, Severity.INFO, message)


def _footer_line(paragraph: Paragraph, state: _State) -> None:
    text = paragraph.text
    if metadata.ARCHIVAL.search(text):
        state.citation = metadata.merge_citations(state.citation, metadata.parse_citation(text))
        state.mark(paragraph, ParagraphRole.CITATION)
    elif text.lower() in metadata.RECORD_TYPE_WORDS:
        state.record_type = metadata.RECORD_TYPE_WORDS[text.lower()]
        state.mark(paragraph, ParagraphRole.RECORD_TYPE)
    elif metadata.section_name(text) or metadata.is_noise(text):
        state.leave_out(paragraph, ParagraphRole.WEB_PAGE, Severity.INFO, "web-page footer left out")
    else:
        state.leave_out(paragraph, ParagraphRole.WEB_PAGE, Severity.INFO, "web-page footer line left out")


def _signature_and_notes(paragraphs: list[Paragraph], state: _State) -> None:
    """A closing signature (`[Harriman]`, `Cabot`, `McG. B.`) and the numbered notes after it.

    Numbered closing paragraphs count as footnotes after a signature, or when they start at 1
    and the text carries the matching `[1]` reference.
    """
    j = len(paragraphs) - 1
    while j >= 0 and FOOTNOTE.match(paragraphs[j].text):
        j -= 1
    if j >= 1 and SIGNATURE.match(paragraphs[j].text):
        state.author = paragraphs[j].text.strip("[]")
        state.mark(paragraphs[j], ParagraphRole.SIGNATURE)
    elif not (
        j + 1 < len(paragraphs)
        and paragraphs[j + 1].text.startswith("1.")
        and any("[1]" in p.text for p in paragraphs[: j + 1])
    ):
        return
    for note in paragraphs[j + 1 :]:
        source = metadata.FRUS_SOURCE.match(note.text)
        if source:
            state.citation = metadata.merge_citations(state.citation, Citation(text=source["source"]))
        message = "editorial footnote left out of the text"
        state.leave_out(note, ParagraphRole.FOOTNOTE, Severity.INFO, message)


def _header_line(paragraph: Paragraph, state: _State) -> bool:
    """Take the date, times and place of a dateline; True when the line was one."""
    text = paragraph.text
    if not header.is_dateline(text):
        return False
    found = header.find_date(text)
    if found and state.date is None:
        state.date = found[0]
        state.meeting_line = paragraph.line
    start, end = header.find_times(text)
    if start and end and end < start:
        message = f"the meeting would end ({end:%H:%M}) before it starts ({start:%H:%M}); end time left out"
        state.note(paragraph, Severity.WARNING, message)
        end = None
    if start and state.start is None:
        state.start, state.end = start, end
    place = header.find_place(text)
    if place and not state.place:
        state.place = place
    return True


def _summary_index(paragraphs: list[Paragraph], used: Container[int], dialogue_mode: bool) -> int | None:
    """Archive pages put the summary right above their footer: the last free paragraph there."""
    free = [p for p in paragraphs if p.index not in used]
    if not free or not dialogue_mode or len(free) == len(paragraphs):
        return None
    last = free[-1]
    after_footer_start = any(i in used for i in range(last.index + 1, len(paragraphs)))
    return last.index if after_footer_start and dialogue.split_label(last) is None else None


def parse_document(
    source: SourceText, info: SourceInfo | None = None, *, known_names: frozenset[str] = frozenset()
) -> Document:
    """Parse a normalized source text into the document model; pure, no I/O."""
    paragraphs = split_paragraphs(source.text)
    info = info or SourceInfo(file=source.path)
    if is_listing(paragraphs):
        return _collection(source, info, paragraphs)
    state = _State(source, findings=list(source.findings))
    _furniture(paragraphs, state)
    _signature_and_notes([p for p in paragraphs if p.index not in state.roles], state)
    body = [p for p in paragraphs if p.index not in state.roles]
    names = known_names | _attendance_names(body)
    speakers = dialogue.accepted_labels(body, names)
    dialogue_mode = bool(speakers)
    summary_at = _summary_index(paragraphs, state.roles, dialogue_mode)
    _read_body([p for p in body if p.index != summary_at], state, speakers, dialogue_mode)
    if summary_at is not None and not state.summary:
        state.summary = paragraphs[summary_at].text
        state.mark(paragraphs[summary_at], ParagraphRole.SUMMARY)
    elif summary_at is not None:
        message = "second summary paragraph left out"
        state.leave_out(paragraphs[summary_at], ParagraphRole.WEB_PAGE, Severity.INFO, message)
    return _document(source, info, state, state.final_roles(paragraphs))


def _attendance_names(paragraphs: list[Paragraph]) -> frozenset[str]:
    names: set[str] = set()
    in_block = False
    for paragraph in paragraphs:
        rest = attendance.block_heading(paragraph)
        if rest is not None:
            in_block = True
            continue
        if in_block and attendance.is_attendance_line(paragraph):
            names |= {dialogue.label_key(attendance_name(p.name)) for p in attendance.split_names(paragraph)}
        else:
            in_block = False
    return frozenset(names)


def attendance_name(name: str) -> str:
    """A listed name without its editorial gloss and titles: `[CCP CC member] Chen Boda` -> `Chen Boda`."""
    return strip_titles(re.sub(r"^\[[^\]]*\]\s*", "", name))


def _read_body(paragraphs: list[Paragraph], state: _State, speakers: set[str], dialogue_mode: bool) -> None:
    phase = "header"
    in_attendance = in_subject = False
    for paragraph in paragraphs:
        text = paragraph.text
        label = dialogue.split_label(paragraph)
        if label and dialogue.label_key(label[0]) in speakers:
            phase = "body"
            in_attendance = False
            state.mark(paragraph, ParagraphRole.UTTERANCE)
            state.add(UtteranceKind.TURN, label[2], paragraph.line, label[0], label[1])
            continue
        if (rest := attendance.block_heading(paragraph)) is not None:
            in_attendance = True
            state.mark(paragraph, ParagraphRole.ATTENDANCE)
            if rest:
                state.participants += attendance.split_names(paragraph, len(text) - len(rest))
            continue
        if in_attendance and attendance.is_attendance_line(paragraph) and phase == "header":
            if names := attendance.split_names(paragraph):  # one naming nobody is not understood
                state.participants += names
                state.mark(paragraph, ParagraphRole.ATTENDANCE)
            continue
        in_attendance = False
        if (subject := SUBJECT_HEADING.match(text)) and phase == "header":
            in_subject = not subject["rest"]
            state.subject = subject["rest"]
            state.mark(paragraph, ParagraphRole.SUBJECT)
            continue
        if in_subject:
            state.subject, in_subject = text, False
            state.mark(paragraph, ParagraphRole.SUBJECT)
            continue
        if trailing := attendance.trailing_attendance(paragraph):
            state.participants += trailing
            state.mark(paragraph, ParagraphRole.ATTENDANCE)
            phase = "after" if dialogue_mode else phase
            continue
        if (minutes := header.find_duration_minutes(text)) is not None and len(text.split()) <= 12:
            state.duration = minutes
            state.mark(paragraph, ParagraphRole.DURATION)
            phase = "after" if dialogue_mode else phase
            continue
        if phase == "header" and _header_line(paragraph, state):
            state.mark(paragraph, ParagraphRole.DATELINE)
            continue
        if metadata.EDITORIAL.match(text):
            message = "editorial note or page marker left out of the text"
            state.leave_out(paragraph, ParagraphRole.EDITORIAL, Severity.INFO, message)
            continue
        if dialogue_mode:
            if phase == "body" and state.utterances:
                state.mark(paragraph, ParagraphRole.UTTERANCE)
                state.extend_last(paragraph)
            elif _is_prose(text) or phase == "after":
                state.mark(paragraph, ParagraphRole.UTTERANCE)
                state.add(UtteranceKind.NARRATION, paragraph.span, paragraph.line)
            else:
                _heading(paragraph, state)
            continue
        if phase == "header" and not reported.has_reported_speech(paragraph) and not _is_prose(text):
            _heading(paragraph, state)
            continue
        phase = "body"
        state.mark(paragraph, ParagraphRole.UTTERANCE)
        for statement in reported.statements(paragraph):
            if statement.speaker:
                state.add(UtteranceKind.REPORTED, statement.span, paragraph.line, statement.speaker)
            else:
                state.add(UtteranceKind.NARRATION, statement.span, paragraph.line)


def _is_prose(text: str) -> bool:
    """Running text rather than a heading: long enough and ending like a sentence."""
    return len(text.split()) >= LONG_PARAGRAPH_WORDS and text.rstrip('"”’)]').endswith((".", "?", "!", ":"))


def _heading(paragraph: Paragraph, state: _State) -> None:
    state.headings.append(paragraph.text)
    message = "heading kept as the document's heading, not as text"
    state.leave_out(paragraph, ParagraphRole.HEADING, Severity.INFO, message)


def _document(
    source: SourceText, info: SourceInfo, state: _State, roles: tuple[ParagraphRole, ...]
) -> Document:
    date = state.date
    if info.date and date and info.date != date:
        state.findings.append(
            Finding(
                source.path,
                state.meeting_line,
                Severity.WARNING,
                f"date in the text ({date}) differs from sources.csv ({info.date})",
            )
        )
    reported_date = None
    relative = RELATIVE_DAY.search(source.text)
    if relative and info.date and date is None:
        reported_date = info.date - dt.timedelta(days=1)
    if not state.utterances:
        state.findings.append(
            Finding(source.path, 1, Severity.WARNING, "no speaker labels and no reported speech found")
        )
    if not (date or info.date):
        state.findings.append(
            Finding(source.path, 1, Severity.WARNING, "no date found in the text or in sources.csv")
        )
    citation = metadata.merge_citations(
        state.citation, Citation(text=info.citation, source_address=info.source_address)
    )
    meeting = Meeting(
        date=date,
        start=state.start,
        end=state.end,
        duration_minutes=state.duration,
        place=state.place,
        participants=tuple(state.participants),
        utterances=tuple(state.utterances),
        line=state.meeting_line or 1,
    )
    return Document(
        doc_id=source.doc_id,
        path=source.path,
        kind=DocumentKind.REPORT if reported_date else DocumentKind.MEETING_RECORD,
        title=info.title or (state.headings[0] if state.headings else source.doc_id),
        text=source.text,
        sha256=source.sha256,
        record_type=info.record_type or state.record_type or "other",
        date=date or info.date,
        summary=state.summary,
        author=state.author,
        citation=citation,
        meeting=meeting,
        reported_date=reported_date,
        reports_on=info.reports_on,
        description=state.subject,
        findings=tuple(state.findings),
        paragraph_roles=roles,
    )


def _collection(source: SourceText, info: SourceInfo, paragraphs: list[Paragraph]) -> Document:
    title, description, entries, findings = parse_listing(paragraphs, source.path)
    return Document(
        doc_id=source.doc_id,
        path=source.path,
        kind=DocumentKind.COLLECTION,
        title=info.title or title,
        text=source.text,
        sha256=source.sha256,
        record_type="collection",
        date=info.date,
        citation=Citation(text=info.citation, source_address=info.source_address),
        entries=entries,
        description=description,
        findings=tuple(source.findings) + tuple(findings),
        paragraph_roles=(ParagraphRole.LISTING,) * len(paragraphs),
    )
