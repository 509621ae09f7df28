"""The PDF reader: page furniture left out, hard line wraps and hyphenation undone, page breaks and
columns read in order; a PDF without a text layer refused by name. Fixtures are made here with fpdf2."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from parley.errors import InputError
from parley.model import Severity
from parley.parse import parse_document
from parley.read import read_documents, read_source

fpdf = pytest.importorskip("fpdf", reason="fpdf2 (a test dependency) makes the PDF fixtures")

LINE = 14.0  # points between lines of 11-point text


def _pdf(path: Path, pages: Iterable[Iterable[tuple[float, float, str]]], *, furniture: bool = False) -> Path:
    """A PDF whose pages hold text lines at (x, y) from the top left, in points; with `furniture`, a
    running header and a page number on every page."""
    document = fpdf.FPDF(format="A4", unit="pt")
    document.set_auto_page_break(False)
    document.set_font("Helvetica", size=11)
    pages = list(pages)
    for number, lines in enumerate(pages, start=1):
        document.add_page()
        if furniture:
            document.text(72, 40, "Wilson Center Digital Archive - Original Scan")
            document.text(290, 810, f"Page {number} of {len(pages)}")
        for x, y, text in lines:
            document.text(x, y, text)
    document.output(str(path))
    return path


def _lines(texts: list[str], top: float = 100, x: float = 72) -> list[tuple[float, float, str]]:
    """Lines one under the other; an empty string leaves a blank line."""
    return [(x, top + i * LINE, text) for i, text in enumerate(texts) if text]


WRAPPED = [
    "On the evening of 3 February 1949 another conversation took place with Mao Zedong, in",
    "which the Politburo members Zhou Enlai and Liu Shaoqi took part, and Chiang Kai-",
    "shek was spoken of. Mao Zedong said that the communist parties of Asia had no com-",
    "mon bureau, and that the anti-",
    "American sentiment was growing.",
    "",
    "The conversation ended at this.",
]


def test_hard_wraps_and_hyphenation_are_undone(tmp_path: Path) -> None:
    source = read_source(_pdf(tmp_path / "memo.pdf", [_lines(WRAPPED)]))
    paragraphs = source.text.split("\n\n")
    assert paragraphs[0] == (
        "On the evening of 3 February 1949 another conversation took place with Mao Zedong, in which the "
        "Politburo members Zhou Enlai and Liu Shaoqi took part, and Chiang Kai-shek was spoken of. "
        "Mao Zedong said that the communist parties of Asia had no common bureau, and that the "
        "anti-American sentiment was growing."
    )
    assert paragraphs[1] == "The conversation ended at this.\n"


def test_headers_footers_and_page_numbers_are_left_out_and_a_paragraph_goes_on_over_a_page_break(
    tmp_path: Path,
) -> None:
    first = _lines(["Cable, Liu Shaoqi to Mao Zedong", "", WRAPPED[0]], top=760)
    second = _lines([WRAPPED[1].replace(", and Chiang Kai-", "."), "", "Stalin agreed."])
    source = read_source(_pdf(tmp_path / "cable.pdf", [first, second], furniture=True))
    assert source.text == (
        "Cable, Liu Shaoqi to Mao Zedong\n\n"
        "On the evening of 3 February 1949 another conversation took place with Mao Zedong, in which the "
        "Politburo members Zhou Enlai and Liu Shaoqi took part.\n\n"
        "Stalin agreed.\n"
    )
    (note,) = [f for f in source.findings if "page header" in f.message]
    assert note.severity is Severity.INFO and note.message.startswith("4 page header, footer")


def test_a_page_break_between_sentences_is_a_paragraph_break(tmp_path: Path) -> None:
    first = _lines(
        ["The first talk ended at noon with a full and frank exchange of views on all sides."], top=760
    )
    second = _lines(["Molotov then spoke of the treaty and of the railway in Manchuria at some length."])
    source = read_source(_pdf(tmp_path / "two.pdf", [first, second]))
    assert source.text == (
        "The first talk ended at noon with a full and frank exchange of views on all sides.\n\n"
        "Molotov then spoke of the treaty and of the railway in Manchuria at some length.\n"
    )


def test_short_lines_and_addresses_stay_lines_and_a_web_address_stands_alone(tmp_path: Path) -> None:
    lines = _lines(
        [
            "646 Avenue Haig",
            "Shanghai 18, China",
            "",
            "'Cable, Liu Shaoqi to Mao Zedong,' July 18, 1949, History and Public Policy Program Digital",
            "http://digitalarchive.wilsoncenter.org/document/113439",
        ]
    )
    source = read_source(_pdf(tmp_path / "letter.pdf", [lines]))
    assert source.text.startswith("646 Avenue Haig\nShanghai 18, China\n\n")
    assert source.text.endswith("\nhttp://digitalarchive.wilsoncenter.org/document/113439\n")


def test_two_columns_are_read_one_after_the_other(tmp_path: Path) -> None:
    left = ["The left column opens the", "record and goes on down to", "its very end here."]
    right = ["The right column follows it", "and closes the record with", "these words."]
    page = [*_lines(left, x=60), *_lines(right, x=320)]
    source = read_source(_pdf(tmp_path / "columns.pdf", [page]))
    assert source.text.index("its very end here.") < source.text.index("The right column follows it")


def test_a_scan_without_a_text_layer_is_refused_by_name(tmp_path: Path) -> None:
    document = fpdf.FPDF(format="A4", unit="pt")
    document.add_page()
    document.rect(72, 72, 300, 200, style="F")  # ink, but no text
    document.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(InputError, match=r"scan\.pdf: no text layer .*run OCR first"):
        read_documents(tmp_path / "scan.pdf")


def test_a_pdf_is_read_whatever_its_extension_and_a_pdf_name_must_hold_one(tmp_path: Path) -> None:
    data = _pdf(tmp_path / "x.pdf", [_lines(["Stalin: Good.", "", "Mao Zedong: Agreed."])]).read_bytes()
    (tmp_path / "misnamed.txt").write_bytes(data)
    assert read_source(tmp_path / "misnamed.txt").text == "Stalin: Good.\n\nMao Zedong: Agreed.\n"
    (tmp_path / "fake.pdf").write_text("Stalin: Good.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"fake\.pdf: not a PDF"):
        read_documents(tmp_path / "fake.pdf")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%EOF\n")
    with pytest.raises(InputError, match=r"broken\.pdf"):
        read_documents(tmp_path / "broken.pdf")


def test_a_pdf_record_parses_like_its_text(tmp_path: Path) -> None:
    lines = _lines(
        [
            "July 2, 1945",
            "Meeting between Marshal Stalin and Dr. Soong",
            "",
            "Stalin: We have read the telegram of the President and we agree to the terms of the",
            "treaty in principle.",
            "",
            "Soong: The Generalissimo agrees too.",
            "",
            "Stalin: Then we shall sign it.",
            "",
            "Soong: Tomorrow.",
        ]
    )
    document = parse_document(read_source(_pdf(tmp_path / "talk.pdf", [lines])))
    assert document.meeting is not None and str(document.meeting.date) == "1945-07-02"
    turns = [(u.speaker, u.text) for u in document.meeting.utterances]
    assert turns == [
        (
            "Stalin",
            "We have read the telegram of the President and we agree to the terms of the treaty "
            "in principle.",
        ),
        ("Soong", "The Generalissimo agrees too."),
        ("Stalin", "Then we shall sign it."),
        ("Soong", "Tomorrow."),
    ]
