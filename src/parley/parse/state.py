"""What the reader gathers from a source text, paragraph by paragraph, before the Document is
assembled from it."""

from __future__ import annotations

from dataclasses import dataclass, field

from parley.model import (
    Citation,
    Finding,
    Paragraph,
    ParagraphRole,
    Participant,
    Severity,
    SourceText,
    Span,
    Utterance,
    UtteranceKind,
)
from parley.parse.dateline import Dateline
from parley.parse.frontmatter import FrontMatter


@dataclass
class ReadState:
    """What the reader has gathered so far; turned into a frozen Document at the end."""

    source: SourceText
    findings: list[Finding] = field(default_factory=list)
    headings: list[Paragraph] = field(default_factory=list)
    dateline: Dateline | None = None
    front: FrontMatter | None = None
    duration: int | None = None
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
