"""Assemble a Document from a source text: furniture, header facts, attendance and the body."""

from __future__ import annotations

import bisect
import re
from collections.abc import Container
from dataclasses import replace

from parley.model import (
    Citation,
    Document,
    DocumentKind,
    Paragraph,
    ParagraphRole,
    Severity,
    SourceInfo,
    SourceText,
    UtteranceKind,
)
from parley.parse import attendance, dialogue, header, metadata, reported, vocabulary
from parley.parse.assemble import assemble
from parley.parse.dateline import parse_dateline
from parley.parse.frontmatter import read_front_matter
from parley.parse.listing import is_listing, parse_listing
from parley.parse.paragraphs import split_paragraphs
from parley.parse.state import ReadState
from parley.registry import strip_titles

# a name of one to three words, not a blank for one (`Signed______`)
SIGNATURE = re.compile(r"^(?!.*_)\[?(?:[A-Z][\w.’'-]*\.?)(?:\s+[A-Z][\w.’'-]*\.?){0,2}\]?$")
CLOSING_WORD = re.compile(r"^\[?(?:ends?|none|recommendations?|unquote|text ends|message ends)\.?\]?$", re.I)
FOOTNOTE = re.compile(r"^\d{1,3}\.?\s+\S")
NOTES_HEADING = re.compile(r"^\s*(?:foot|end)?notes:?\s*$", re.I)
ARCHIVE_REFERENCE = re.compile(r"^\[[A-Z][A-Za-z .'’]{0,30}\s*:\s*[^\]]{2,200}\]$")
# a labelled field of a record's page (`Source:. Source: AVPRF, ...`), however long: not the body
PAGE_FIELD = re.compile(r"^(?:Title|Author|Date|Source|Description):")
# a numbered paragraph of a few words that ends like a sentence (a cable's number may come first)
NUMBERED_SENTENCE = re.compile(r"^(?:\d{3,5}\.\s+)?\d{1,2}\.\s+\S+(?:\s+\S+){3,}[^.\s]\.$")
SUBJECT_HEADING = re.compile(r"^(?:[•·*]\s*)?(?:SUBJECTS?|Subjects?)\s*:?\s*(?P<rest>.*)$")
LONG_PARAGRAPH_WORDS = 15
PROSE_WORDS = 25  # a paragraph this long, with this many words in lower case (not `of`, `and`),
PROSE_LOWER_WORDS = 8  # is running text even without a stop: no heading is


def _front_matter(paragraphs: list[Paragraph], state: ReadState) -> None:
    """Take the front matter's facts; its lines are metadata, not text."""
    front = read_front_matter(state.source.text)
    if front is None:
        return
    inside = [p for p in paragraphs if p.span.start < front.end]
    if front.error:
        for paragraph in inside:
            message = f"front matter is not valid YAML ({front.error}); left out"
            state.leave_out(paragraph, ParagraphRole.NOT_UNDERSTOOD, Severity.WARNING, message)
        return
    state.front = front
    for paragraph in inside:
        state.mark(paragraph, ParagraphRole.FRONT_MATTER)


def _stated_notes(paragraphs: list[Paragraph], state: ReadState) -> None:
    """Footnotes and editorial notes the record's markup marks (a TEI note, a Markdown footnote):
    notes, never speech."""
    notes = sorted(state.source.facts.notes)
    starts = [n.start for n in notes]
    for paragraph in paragraphs:
        at = bisect.bisect_right(starts, paragraph.span.start) - 1
        if at >= 0 and paragraph.span.end <= notes[at].end:
            message = "footnote or editorial note (so marked in the source) left out of the text"
            state.leave_out(paragraph, ParagraphRole.FOOTNOTE, Severity.INFO, message)


def _furniture(paragraphs: list[Paragraph], state: ReadState) -> None:
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


def _section(name: str, heading: Paragraph, values: list[Paragraph], state: ReadState) -> None:
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


def _footer_line(paragraph: Paragraph, state: ReadState) -> None:
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


def _signature_and_notes(paragraphs: list[Paragraph], state: ReadState) -> None:
    """A closing signature (`[Harriman]`, `Cabot`, `McG. B.`) and the numbered notes after it.

    Numbered closing paragraphs count as footnotes after a signature, when they start at 1 and the
    text carries the matching `[1]` reference, or when they are numbered from 0 or 1 in order and
    the first is a source note (`0. Source: Department of State, ...`).
    """
    paragraphs = _notes_section(paragraphs, state)
    j = len(paragraphs) - 1
    if j >= 1 and ARCHIVE_REFERENCE.match(paragraphs[j].text):  # `[AA: M100, NOVEMBER 1939]`
        reference = Citation(text=paragraphs[j].text.strip("[]"))
        state.citation = metadata.merge_citations(state.citation, reference)
        state.mark(paragraphs[j], ParagraphRole.CITATION)
        j -= 1
    end = j + 1
    while j >= 0 and FOOTNOTE.match(paragraphs[j].text):
        j -= 1
    notes = paragraphs[j + 1 : end]
    if notes and int(notes[0].text.split(maxsplit=1)[0].rstrip(".")) > 1:  # `10. Australia has ...`: the
        return  # record's own numbered paragraphs, not notes numbered from 1 (nor a signature above them)
    if (
        notes
        and not notes[0].text.split(" ", 1)[0].endswith(".")
        and not _referenced(notes, paragraphs[: j + 1])
    ):
        return  # `3 Perhaps a reply ...` is a note only where the text carries its `[3]`
    if j >= 1 and SIGNATURE.match(paragraphs[j].text) and not CLOSING_WORD.match(paragraphs[j].text):
        signed = paragraphs[j].text.strip("[]")
        state.author = re.sub(r"(?<=[^\W\d_]{2})\.$", "", signed)  # `Kovalev.` loses its stop, `B.` not
        state.mark(paragraphs[j], ParagraphRole.SIGNATURE)
    elif not notes or not (
        notes[0].text.split(" ", 1)[0].rstrip(".") == "1"
        and any("[1]" in p.text for p in paragraphs[: j + 1])
        or _referenced(notes, paragraphs[: j + 1])
        or _numbered_source_notes(notes)
    ):
        return
    for note in notes:
        source = metadata.FRUS_SOURCE.match(note.text)
        if source:
            state.citation = metadata.merge_citations(state.citation, Citation(text=source["source"]))
        message = "editorial footnote left out of the text"
        state.leave_out(note, ParagraphRole.FOOTNOTE, Severity.INFO, message)


def _notes_section(paragraphs: list[Paragraph], state: ReadState) -> list[Paragraph]:
    """Leave out a closing `NOTES` heading (in the second half of the record) and the numbered notes
    after it, a published text's endnotes; the paragraphs before it are returned."""
    for at in range(len(paragraphs) - 2, len(paragraphs) // 2 - 1, -1):
        if NOTES_HEADING.match(paragraphs[at].text) and FOOTNOTE.match(paragraphs[at + 1].text):
            state.leave_out(
                paragraphs[at], ParagraphRole.EDITORIAL, Severity.INFO, "heading of the notes left out"
            )
            for note in paragraphs[at + 1 :]:
                state.leave_out(
                    note, ParagraphRole.FOOTNOTE, Severity.INFO, "editorial footnote left out of the text"
                )
            return paragraphs[:at]
    return paragraphs


def _referenced(notes: list[Paragraph], body: list[Paragraph]) -> bool:
    """Whether the body carries the `[n]` marker of every note (`3 Perhaps a reply ...`)."""
    marks = {m for p in body for m in re.findall(r"\[(\d{1,3})\]", p.text)}
    return all(n.text.split(" ", 1)[0].rstrip(".") in marks for n in notes)


def _numbered_source_notes(notes: list[Paragraph]) -> bool:
    """Notes numbered 0 or 1, 2, 3 ... in order, the first a source note."""
    numbers = [int(p.text.split(" ", 1)[0].rstrip(".")) for p in notes]
    in_order = all(b > a for a, b in zip(numbers, numbers[1:], strict=False))
    return numbers[0] in (0, 1) and in_order and metadata.FRUS_SOURCE.match(notes[0].text) is not None


def _header_line(paragraph: Paragraph, state: ReadState) -> bool:
    """Take the date, times and place of a dateline; True when the line was one. A record may
    print several (`July 2, 1945`, `Moscow, 1945`, `2 July 1945, 8:00 - 10:30 p.m.`): the first
    date counts, and later lines of that day (or of no day) add the place and times it lacks."""
    found = parse_dateline(paragraph.text)
    if found is None:
        return False
    if found.start and found.end and found.end < found.start and not found.ends_next_day:
        message = (
            f"the meeting would end ({found.end:%H:%M}) before it starts ({found.start:%H:%M}); "
            "end time left out"
        )
        state.note(paragraph, Severity.WARNING, message)
        found = replace(found, end=None)
    known = state.dateline
    if known is None:
        state.dateline, state.meeting_line = found, paragraph.line
        return True
    same_day = found.month is None or (found.month, found.day) == (known.month, known.day)
    if known.month is None and found.month is not None:
        state.dateline = replace(found, place=found.place or known.place, year=found.year or known.year)
        state.meeting_line = paragraph.line
    elif same_day:
        timed = found if found.start and not known.start else known
        state.dateline = replace(known, place=known.place or found.place, start=timed.start, end=timed.end)
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
    state = ReadState(source, findings=list(source.findings))
    _front_matter(paragraphs, state)
    _stated_notes(paragraphs, state)
    _furniture([p for p in paragraphs if p.index not in state.roles], state)
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
    return assemble(source, info, state, state.final_roles(paragraphs))


def _attendance_names(paragraphs: list[Paragraph]) -> frozenset[str]:
    """Label keys of the names the participants lists give: speaker labels that are surely names."""
    reader = attendance.ListReader()
    names: set[str] = set()
    for paragraph in paragraphs:
        line = reader.take(paragraph)
        if line:
            names |= {dialogue.label_key(p.name) for p in line.participants if not p.by_office}
            names |= {dialogue.label_key(attendance_name(p.name)) for p in line.participants}
    return frozenset(names)


def attendance_name(name: str) -> str:
    """A listed name without its editorial gloss and titles: `[CCP CC member] Chen Boda` -> `Chen Boda`."""
    return strip_titles(re.sub(r"^\[[^\]]*\]\s*", "", name))


def _read_body(
    paragraphs: list[Paragraph], state: ReadState, speakers: set[str], dialogue_mode: bool
) -> None:
    phase = "header"
    in_subject = False
    lists = attendance.ListReader(headless=attendance.headless_lists(paragraphs))
    for paragraph in paragraphs:
        text = paragraph.text
        label = dialogue.split_label(paragraph)
        if label and dialogue.label_key(label[0]) in speakers:
            phase = "body"
            lists.last = None
            state.mark(paragraph, ParagraphRole.UTTERANCE)
            state.add(UtteranceKind.TURN, label[2], paragraph.line, label[0], label[1])
            continue
        if phase == "header" and (line := lists.take(paragraph)):
            _list_line(paragraph, line, state)
            continue
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
        if phase == "header" and (
            PAGE_FIELD.match(text) or not reported.has_reported_speech(paragraph) and not _is_prose(text)
        ):
            _heading(paragraph, state)
            continue
        phase = "body"
        state.mark(paragraph, ParagraphRole.UTTERANCE)
        for statement in reported.statements(paragraph):
            if statement.speaker:
                state.add(UtteranceKind.REPORTED, statement.span, paragraph.line, statement.speaker)
            else:
                state.add(UtteranceKind.NARRATION, statement.span, paragraph.line)


def _list_line(paragraph: Paragraph, line: attendance.ListLine, state: ReadState) -> None:
    """Take one line of a participants list; a line naming nobody is left out and said so."""
    if line.kind == "continued":
        state.mark(paragraph, ParagraphRole.ATTENDANCE)
    elif line.kind == "page":
        message = "editorial note or page marker left out of the text"
        state.leave_out(paragraph, ParagraphRole.EDITORIAL, Severity.INFO, message)
    elif line.kind == "entry" and not line.participants:
        message = "participants list entry names no person; left out"
        state.leave_out(paragraph, ParagraphRole.NOT_UNDERSTOOD, Severity.INFO, message)
    else:
        state.participants += line.participants
        state.mark(paragraph, ParagraphRole.ATTENDANCE)


def _is_prose(text: str) -> bool:
    """Running text rather than a heading: a numbered paragraph that ends like a sentence; a
    paragraph long enough and ending like a sentence (a footnote mark after the stop aside: `... by
    Minister. [1]`); or one so long and so much in lower case that no heading is (a translation's
    sentence that lost its stop)."""
    end = re.sub(r"\s*\[\d{1,3}\]$", "", text.rstrip())
    words = text.split()
    if NUMBERED_SENTENCE.match(text):
        return True  # `1611. 1. Two-hour 25 minute meeting this morning with no change.`
    if len(words) < LONG_PARAGRAPH_WORDS:
        return False
    lower = [w for w in words if w.islower() and w not in vocabulary.CONNECTORS]
    long_prose = len(words) >= PROSE_WORDS and len(lower) >= PROSE_LOWER_WORDS
    return end.rstrip('"”’)]').endswith((".", "?", "!", ":")) or long_prose


def _heading(paragraph: Paragraph, state: ReadState) -> None:
    if not re.search(r"[^\W\d_]", paragraph.text):
        return  # no word: not a heading, and left to final_roles as not understood
    state.headings.append(paragraph)
    message = "heading kept as the document's heading, not as text"
    state.leave_out(paragraph, ParagraphRole.HEADING, Severity.INFO, message)


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
