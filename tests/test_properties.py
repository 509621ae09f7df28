"""Property tests of the reader and parser: any text gives a document or a clear error."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.errors import InputError
from parley.model import SourceText
from parley.parse import parse_document
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
        ]
    ),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, max_size=30), st.sampled_from(["\n", "\n\n", "\r\n"]))
def test_any_text_parses_with_consistent_spans(lines: list[str], end: str) -> None:
    try:
        text, _ = decode(end.join(lines).encode("utf-8"), "x.txt")
    except InputError:
        return
    text, _ = normalize(text, "x.txt")
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    if document.meeting is None:
        return
    utterances = document.meeting.utterances
    assert [u.position for u in utterances] == list(range(1, len(utterances) + 1))
    previous_end = 0
    for utterance in utterances:
        assert text[utterance.span.start : utterance.span.end] == utterance.text
        assert utterance.span.start >= previous_end
        previous_end = utterance.span.end


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
