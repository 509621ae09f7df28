"""The Markdown reader (DAFP pages): the front matter's facts, the page rendered without markup, the
footnotes and editorial lines as notes; a `.txt` opening with front matter states the same facts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from parley.model import ParagraphRole, Severity
from parley.parse import parse_document
from parley.read import read_source

FRONT = """---
doc_date: '1963-01-17'
doc_num: 17
naa_refs:
- naa_barcode: 257409
  naa_control_symbol: TS696/17/1 PART 4
  naa_series: A1838
  reference: '[NAA: A1838, TS696/17/1 part 4]'
title: Record of Conversation Between Kimber and Tange
vol_full_title: 'Volume 25: Australia and the Formation of Malaysia, 1961–1966'
vol_id: 25
---
"""
BODY = """
## 17 Record of Conversation Between Kimber[1](#f1) and Tange

Canberra, 16 January 1963

**Secret**

Main Subjects:| (1) _British Proposal for Tripartite talks_
---|---
|  (2) _British–Philippines talks_[2](#f2)

The Secretary told Mr. Kimber that the Minister was on leave.[3](#f3)

2\\. Mr. Kimber pressed for any reactions to the British paper.

 _[matter omitted]_

  1. first point,
  2. second point.

[NAA: A1838, TS696/17/1 part 4]

1 Gurth Kimber, Deputy British High Commissioner, Canberra.

2 Talks to be held in London.

3 See Document 16.
"""


def _page(tmp_path: Path, text: str, name: str = "17-record.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_front_matter_states_the_facts(tmp_path: Path) -> None:
    facts = read_source(_page(tmp_path, FRONT + BODY)).facts
    assert facts.title == "Record of Conversation Between Kimber and Tange"
    assert facts.date == dt.date(1963, 1, 17)
    assert facts.record_id == "vol25/doc17"
    assert facts.citation == (
        "Volume 25: Australia and the Formation of Malaysia, 1961–1966, document 17. "
        "[NAA: A1838, TS696/17/1 part 4]"
    )


def test_the_page_is_rendered_without_markup(tmp_path: Path) -> None:
    source = read_source(_page(tmp_path, FRONT + BODY))
    assert "---" not in source.text and "**" not in source.text and "_" not in source.text
    assert source.text.startswith(
        "17 Record of Conversation Between Kimber[1] and Tange\n\nCanberra, 16 January 1963"
    )
    assert "\n\nSecret\n\n" in source.text
    assert (
        "Main Subjects: | (1) British Proposal for Tripartite talks\n(2) British–Philippines talks[2]\n"
        in (source.text)
    )
    assert "\n\n2. Mr. Kimber pressed for any reactions to the British paper.\n\n" in source.text
    assert "\n1. first point,\n2. second point.\n" in source.text


def test_footnotes_and_editorial_lines_are_notes(tmp_path: Path) -> None:
    source = read_source(_page(tmp_path, FRONT + BODY))
    text = source.text
    notes = [text[n.start : n.end] for n in source.facts.notes]
    assert notes == [
        "[matter omitted]",
        "[NAA: A1838, TS696/17/1 part 4]",
        "1 Gurth Kimber, Deputy British High Commissioner, Canberra.",
        "2 Talks to be held in London.",
        "3 See Document 16.",
    ]
    document = parse_document(source)
    roles = dict(zip([p for p in text.split("\n") if p.strip()], document.paragraph_roles, strict=True))
    assert roles["3 See Document 16."] is ParagraphRole.FOOTNOTE
    assert (
        roles["The Secretary told Mr. Kimber that the Minister was on leave.[3]"]
        is not ParagraphRole.FOOTNOTE
    )


def test_markdown_footnotes_are_notes_and_their_references_read_as_printed(tmp_path: Path) -> None:
    source = read_source(
        _page(tmp_path, "Bruce saw Baldwin[^1] today.\n\n[^1]: Stanley Baldwin, Prime Minister.\n")
    )
    assert source.text == "Bruce saw Baldwin[1] today.\n\n1 Stanley Baldwin, Prime Minister.\n"
    (note,) = source.facts.notes
    assert source.text[note.start : note.end] == "1 Stanley Baldwin, Prime Minister."


def test_a_numbered_paragraph_in_the_text_is_no_footnote(tmp_path: Path) -> None:
    source = read_source(
        _page(tmp_path, "Mr Bruce said [1] nothing.\n\n12 men were present at the talk.\n\nEnd.\n")
    )
    assert source.facts.notes == ()


def test_the_stated_date_is_the_record_s_and_the_dateline_s_place_and_time_stay(tmp_path: Path) -> None:
    page = FRONT.replace("1963-01-17", "1963-01-16") + BODY.replace(
        "Canberra, 16", "Canberra, 16 January 1963, 3 p.m.\n\nX"
    )
    document = parse_document(read_source(_page(tmp_path, page)))
    assert document.date == dt.date(1963, 1, 16) and document.meeting is not None
    assert (document.meeting.place, str(document.meeting.start)) == ("Canberra", "15:00:00")
    later = parse_document(read_source(_page(tmp_path, FRONT + BODY, "later.md")))
    assert later.date == dt.date(1963, 1, 17)  # the record is dated after the dateline's day: its date


def test_a_front_matter_date_without_a_day_is_said_and_not_taken(tmp_path: Path) -> None:
    source = read_source(_page(tmp_path, "---\ndoc_date: 1946-10\n---\n\nThe Council met.\n"))
    assert source.facts.date is None
    assert any("front matter date 1946-10 names no day" in f.message for f in source.findings)


def test_front_matter_that_is_not_yaml_is_reported_and_the_page_still_reads(tmp_path: Path) -> None:
    source = read_source(_page(tmp_path, "---\ntitle: [unclosed\n---\n\nCanberra, 5 May 1950\n\nText.\n"))
    (warning,) = [f for f in source.findings if f.severity is Severity.WARNING]
    assert "front matter is not valid YAML" in warning.message and source.facts.date is None
    assert source.text == "Canberra, 5 May 1950\n\nText.\n"


def test_a_text_file_with_front_matter_keeps_it_and_states_its_facts(tmp_path: Path) -> None:
    text = (
        FRONT
        + "\nCanberra, 16 January 1963\n\nThe Secretary told Mr. Kimber that the Minister was on leave.\n"
    )
    source = read_source(_page(tmp_path, text, "17-record.txt"))
    assert source.text == text and source.facts.date == dt.date(1963, 1, 17)
    document = parse_document(source)
    assert document.date == dt.date(1963, 1, 17)
    assert ParagraphRole.FRONT_MATTER in document.paragraph_roles


@pytest.mark.parametrize("body", ["", "\n\n"])
def test_a_page_of_front_matter_only_is_an_error(tmp_path: Path, body: str) -> None:
    from parley.errors import InputError

    with pytest.raises(InputError, match="holds no text besides its front matter"):
        read_source(_page(tmp_path, FRONT + body))
