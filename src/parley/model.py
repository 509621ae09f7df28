"""The typed document model: the contract between the pipeline's stages.

Every extracted thing carries the span of the normalized source text it came from
(`Span.start`/`Span.end` are character offsets, end exclusive).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range of character offsets into a document's normalized text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")


@dataclass(frozen=True)
class Paragraph:
    """A non-blank line of the source: the unit every later stage classifies."""

    index: int
    line: int
    span: Span
    text: str


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Finding:
    """Something the reader set aside or did not understand, with where it was."""

    file: str
    line: int
    severity: Severity
    message: str
    text: str = ""

    def __str__(self) -> str:
        snippet = f": {self.text[:80]!r}" if self.text else ""
        return f"{self.file}:{self.line}: {self.severity.value}: {self.message}{snippet}"

    def __reduce__(self) -> tuple[object, tuple[str, int, str, str, str]]:
        """Pickled as a plain tuple: the build cache holds hundreds of thousands of findings, and a
        tuple of strings loads about ten times faster than a dataclass's state."""
        return _finding, (self.file, self.line, self.severity.value, self.message, self.text)


def _finding(file: str, line: int, severity: str, message: str, text: str) -> Finding:
    return Finding(file, line, _SEVERITIES[severity], message, text)


_SEVERITIES = {s.value: s for s in Severity}  # a dict lookup: calling the enum costs more than the rest


@dataclass(frozen=True)
class SourceInfo:
    """A row of corpus/sources.csv: curated facts about one source file."""

    file: str
    title: str = ""
    date: dt.date | None = None
    source_address: str = ""
    citation: str = ""
    record_type: str = ""
    reports_on: str = ""


@dataclass(frozen=True)
class StatedPerson:
    """A person the publisher's markup identifies: its identifier, the name its persons list gives,
    and the description there (an office, a title)."""

    identifier: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class StatedFacts:
    """What a record's format states about it (TEI markup, YAML front matter, a PDF's metadata): taken
    as stated, not parsed again from the text. Spans refer to the text the reader rendered.

    `participants` are those the markup lists (each with its identifier where the markup gives one),
    in `participants_block`, whose other entries name persons the markup did not mark up;
    `persons` every person the markup identifies in the record; `notes` the spans of footnotes and
    editorial notes (never speech). `citation` says where in its publication the record stands
    (volume, document, pages) and where the archive holds it; `record_id` is its publisher's id.
    """

    title: str = ""
    date: dt.date | None = None
    last_date: dt.date | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    utc: bool = False  # the times are in UTC (a telegram's time of sending, `1050Z`)
    place: str = ""
    author: str = ""
    record_type: str = ""
    citation: str = ""
    source_address: str = ""
    record_id: str = ""
    participants: tuple[Participant, ...] = ()
    participants_block: Span | None = None  # the list (or paragraph) of participants the markup marks
    persons: tuple[StatedPerson, ...] = ()
    notes: tuple[Span, ...] = ()


@dataclass(frozen=True)
class SourceText:
    """A read source document: the text its reader rendered (normalized), the facts its format states,
    and what reading it noticed."""

    doc_id: str
    path: str
    text: str
    sha256: str
    findings: tuple[Finding, ...] = ()
    facts: StatedFacts = field(default_factory=StatedFacts)


class UtteranceKind(StrEnum):
    TURN = "turn"
    REPORTED = "reported"
    NARRATION = "narration"


@dataclass(frozen=True)
class Participant:
    """A person named as present at a meeting, as written, with the role and title stated.

    `name` is the name without honorifics or titles (`Walter S. Robertson`); `title` the title or
    office the record states for this person (`Assistant Secretary of State for Far Eastern
    Affairs`), with its span; `side` the group a list puts the person under (`United States`).
    `by_office` marks an entry that names an office and no person (`The Secretary`).
    """

    name: str
    span: Span
    line: int
    role: str = "participant"
    affiliation: str = ""
    title: str = ""
    title_span: Span | None = None
    side: str = ""
    by_office: bool = False
    identifier: str = ""  # the publisher's identifier of the person (a FRUS persons-list address)


@dataclass(frozen=True)
class Utterance:
    """A dialogue turn, a reported statement or a narration passage, in order."""

    position: int
    kind: UtteranceKind
    text: str
    span: Span
    line: int
    speaker: str = ""
    label_span: Span | None = None
    recounted: bool = False  # said at the earlier meeting the record recounts, not at its own


@dataclass(frozen=True)
class Meeting:
    """The event a record documents."""

    date: dt.date | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    duration_minutes: int | None = None
    place: str = ""
    participants: tuple[Participant, ...] = ()
    end_date: dt.date | None = None  # the last day of a meeting held over several days
    ends_next_day: bool = False  # the end time falls on the day after the start (`10 p.m.-midnight`)
    utterances: tuple[Utterance, ...] = ()
    line: int = 1


@dataclass(frozen=True)
class Citation:
    """Archival citation facts read from the record's citation block."""

    text: str = ""
    publisher: str = ""
    archive: str = ""
    collection: str = ""
    box: str = ""
    folder: str = ""
    contributor: str = ""
    source_address: str = ""
    record_id: str = ""


@dataclass(frozen=True)
class CollectionEntry:
    """A record described in a collection listing."""

    position: int
    date: dt.date | None
    title: str
    summary: str
    record_type: str
    span: Span
    line: int


class ParagraphRole(StrEnum):
    """What the parser made of a paragraph; the left-out roles always come with a Finding at its line."""

    UTTERANCE = "utterance"  # all or part of a turn, a reported statement or a narration passage
    ATTENDANCE = "attendance"  # an attendance heading, a line of names or an attendance sentence
    DATELINE = "dateline"
    SUBJECT = "subject"
    DURATION = "duration"
    CITATION = "citation"  # the citation section or an archival citation line
    SUMMARY = "summary"
    RECORD_TYPE = "record-type"
    SIGNATURE = "signature"
    LISTING = "listing"  # a collection listing's title, description, separators and entries
    FRONT_MATTER = "front-matter"  # the metadata block a page opens with (title, date, archival reference)
    HEADING = "heading"  # left out: kept as the document's heading, not as text
    FOOTNOTE = "footnote"  # left out
    EDITORIAL = "editorial"  # left out: an editorial note or page marker
    WEB_PAGE = "web-page"  # left out: navigation, credits, other sections and footer of a web page
    NOT_UNDERSTOOD = "not-understood"  # left out


LEFT_OUT = frozenset(
    {
        ParagraphRole.HEADING,
        ParagraphRole.FOOTNOTE,
        ParagraphRole.EDITORIAL,
        ParagraphRole.WEB_PAGE,
        ParagraphRole.NOT_UNDERSTOOD,
    }
)


class DocumentKind(StrEnum):
    MEETING_RECORD = "meeting-record"
    REPORT = "report"
    COLLECTION = "collection"
    RECORD = "record"  # of no meeting: a letter, a minute, a paper whose text tells of no talk


@dataclass(frozen=True)
class Document:
    """A parsed source document."""

    doc_id: str
    path: str
    kind: DocumentKind
    title: str
    text: str
    sha256: str
    record_type: str = ""
    date: dt.date | None = None
    sent: dt.datetime | None = None  # a telegram's or cable's time of sending, from its dateline
    summary: str = ""
    author: str = ""
    language: str = "en"
    citation: Citation = field(default_factory=Citation)
    meeting: Meeting | None = None
    recounted: Meeting | None = None  # an earlier meeting the record tells of (a cable's `last night`)
    passages: tuple[Utterance, ...] = ()  # the text of a record of no meeting (a meeting has its own)
    reported_date: dt.date | None = None
    reports_on: str = ""
    entries: tuple[CollectionEntry, ...] = ()
    description: str = ""
    findings: tuple[Finding, ...] = ()
    paragraph_roles: tuple[ParagraphRole, ...] = ()  # one per paragraph of `text`, by index
    persons: tuple[StatedPerson, ...] = ()  # the persons its publisher's markup identifies in it
