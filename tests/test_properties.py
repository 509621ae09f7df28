"""Property tests of the reader and parser: any text gives a document or a clear error,
and every paragraph of it is accounted for."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from helpers import CORPUS, ROOT
from parley.config import Settings
from parley.docbuild import DocumentBuilder
from parley.errors import InputError
from parley.model import LEFT_OUT, Document, ParagraphRole, SourceText, Span
from parley.parse import attendance, parse_document
from parley.parse.listing import SEPARATOR
from parley.parse.paragraphs import split_paragraphs
from parley.read import decode, normalize

LINES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "Stalin: Yes.",
            "[T.V.] Soong: No.",
            "Present:",
            "Mr. Molotov Ambassador Fu",
            "-",
            "July 2, 1945",
            "2 July 1945, 8:00 - 10:30 p.m.",
            "Dr. Soong said that he agreed.",
            "Citation:",
            "Summary:",
            "Document Information",
            "1. Source: x",
            "[Harriman]",
            "Stalin:",
            ": :",
            "[[unbalanced",
            "Sta\u200blin: zero width",
            "Ѕtalin: look-alike",
            "SUBJECT: Outer Mongolia",
            "SUBJECT",
            "Present at the meeting were Molotov and Mikoyan.",
            "The conversation lasted two hours.",
            "Credits:",
            "Skip to content",
            "[page 2]",
            ".",
            "Cabot",
            "1. A note.",
            "Meeting Notes",
            "Victor Hoo Collection, box 6, folder 9, Hoover Institution Archives.",
            "https://digitalarchive.umd.edu/document/123420",
            "Stalin then spoke at length about the railway and the port, and asked for an answer.",
            "Stalin: " + "a very long turn " * 1500,
            "x" * 25_000,
        ]
    ),
)
TEXTS = st.tuples(st.lists(LINES, max_size=30), st.sampled_from(["\n", "\n\n", "\r\n"]))


def _parse(lines: list[str], end: str) -> Document | None:
    try:
        text, _ = decode(end.join(lines).encode("utf-8"), "x.txt")
    except InputError:
        return None
    text, _ = normalize(text, "x.txt")
    return parse_document(SourceText("x", "x.txt", text, "0"))


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def assert_every_paragraph_accounted_for(document: Document) -> None:
    """Each paragraph has a role, and the role is borne out by the document or by a finding."""
    paragraphs = split_paragraphs(document.text)
    assert len(document.paragraph_roles) == len(paragraphs)
    noted = {(f.line, f.text) for f in document.findings}
    meeting = document.meeting
    utterances = meeting.utterances if meeting else document.passages  # a record of no meeting: its passages
    participants = meeting.participants if meeting else ()
    separators = [p.index for p in paragraphs if SEPARATOR.match(p.text)]
    for paragraph, role in zip(paragraphs, document.paragraph_roles, strict=True):
        where = f"line {paragraph.line} ({role}): {paragraph.text!r}"
        if role in LEFT_OUT:
            assert (paragraph.line, paragraph.text) in noted, where
        elif role is ParagraphRole.UTTERANCE:
            assert any(_overlaps(u.span, paragraph.span) for u in utterances), where
        elif role is ParagraphRole.ATTENDANCE:
            assert (
                attendance.block_heading(paragraph) is not None
                or attendance.side_label(paragraph)
                or any(p.line == paragraph.line and _overlaps(p.span, paragraph.span) for p in participants)
            ), where
        elif role is ParagraphRole.LISTING:
            assert (
                paragraph.index <= separators[0]
                or paragraph.index in separators
                or any(_overlaps(e.span, paragraph.span) for e in document.entries)
                or (paragraph.line, paragraph.text) in noted
            ), where


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_any_text_parses_with_consistent_spans(lines_and_end: tuple[list[str], str]) -> None:
    document = _parse(*lines_and_end)
    if document is None or document.meeting is None:
        return
    text = document.text
    utterances = document.meeting.utterances
    assert [u.position for u in utterances] == list(range(1, len(utterances) + 1))
    previous_end = 0
    for utterance in utterances:
        assert text[utterance.span.start : utterance.span.end] == utterance.text
        assert utterance.span.start >= previous_end
        previous_end = utterance.span.end


@settings(max_examples=200, deadline=None)
@given(TEXTS)
@example((["Present:", "Molotov", ";"], "\n"))
def test_no_paragraph_of_any_text_is_lost(lines_and_end: tuple[list[str], str]) -> None:
    document = _parse(*lines_and_end)
    if document is not None:
        assert_every_paragraph_accounted_for(document)


@pytest.fixture(scope="module")
def builder(tmp_path_factory: pytest.TempPathFactory) -> DocumentBuilder:
    """The build's own reader, which knows the registry's names (validation is not needed here)."""
    out = tmp_path_factory.mktemp("graph")
    settings = Settings(corpus=CORPUS, out=out, mappings=ROOT / "mappings", ontology=ROOT / "ontology")
    return DocumentBuilder(replace(settings, validate=False))


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_no_paragraph_of_the_corpus_is_lost(builder: DocumentBuilder, path: Path) -> None:
    (source,) = builder.sources_of(path)
    document = builder.parse(path, source)
    assert_every_paragraph_accounted_for(document)
    assert ParagraphRole.NOT_UNDERSTOOD not in document.paragraph_roles


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_raise_input_error(data: bytes) -> None:
    try:
        text, findings = decode(data, "x.txt")
    except InputError as err:
        assert str(err).startswith("x.txt: ")
        return
    assert isinstance(text, str)
    assert all(f.file == "x.txt" for f in findings)
