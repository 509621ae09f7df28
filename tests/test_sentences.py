"""The one sentence splitter of the parser and the claims."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.claims.sentences import sentences
from parley.model import Paragraph, Span
from parley.parse import reported
from parley.parse.sentences import sentence_spans


def _split(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We agree. You do not.", ["We agree.", "You do not."]),
        ("Dr. Soong said so. Mr. Molotov did not.", ["Dr. Soong said so.", "Mr. Molotov did not."]),
        ("With Yalta, i.e., preserve status quo. No.", ["With Yalta, i.e., preserve status quo.", "No."]),
        ("He said “hopeless.” Rusk replied.", ["He said “hopeless.”", "Rusk replied."]),
        ("Half and half. (He laughs).", ["Half and half.", "(He laughs)."]),
        ("Message No. 307 came. No. We wait.", ["Message No. 307 came.", "No.", "We wait."]),
        ("Manchuria, Xinjiang, etc. I think so.", ["Manchuria, Xinjiang, etc.", "I think so."]),
        ("The U.S. Government and T. V. Soong met.", ["The U.S. Government and T. V. Soong met."]),
        ("2500 klms. of railways are needed.", ["2500 klms. of railways are needed."]),
        ("what (?) of Chiang transmitted?", ["what (?) of Chiang transmitted?"]),
        ("1. Source: Department of State.", ["1. Source: Department of State."]),
        ("Wait... What is that?! Nothing.", ["Wait...", "What is that?!", "Nothing."]),
        ("It came from Nasser.4 The Secretary said no.", ["It came from Nasser.4", "The Secretary said no."]),
        ("See paragraph 3.4 The text holds.", ["See paragraph 3.4 The text holds."]),
    ],
)
def test_sentences_end_at_stops_but_not_after_abbreviations(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_a_blank_line_ends_a_sentence_unless_a_page_broke_a_phrase() -> None:
    assert _split("Term\n\nPrinciples of operations\n\nAim: use rail.") == [
        "Term",
        "Principles of operations",
        "Aim: use rail.",
    ]
    assert _split("spoil the Sino-Soviet\n\nrelations.") == ["spoil the Sino-Soviet\n\nrelations."]
    assert _split("those of the USA and of\n\n\nGreat Britain. We consider") == [
        "those of the USA and of\n\n\nGreat Britain.",
        "We consider",
    ]


def test_the_parser_and_the_claims_split_alike() -> None:
    text = "Soong: Yes.  Truman communicated to us pledges of Stalin. Mr. Hopkins did not."
    paragraph = Paragraph(0, 1, Span(100, 100 + len(text)), text)
    parsed = [Span(s.start - 100, s.end - 100) for s in reported.sentences(paragraph)]
    claimed = [Span(s.start - 7, s.end - 7) for s, _ in sentences(text, 7)]
    assert parsed == claimed == sentence_spans(text)


@given(st.text(alphabet=st.sampled_from(list("ab. A?!\n”)(1Mr")), max_size=200))
def test_spans_are_ordered_stripped_and_cover_every_character(text: str) -> None:
    spans = sentence_spans(text)
    covered = set()
    for before, after in zip(spans, spans[1:], strict=False):
        assert before.end <= after.start
    for span in spans:
        piece = text[span.start : span.end]
        assert piece and piece == piece.strip()
        covered.update(range(span.start, span.end))
    assert all(i in covered for i, char in enumerate(text) if not char.isspace())
