"""The HTML reader (a saved record page): the text a browser shows, without the page's furniture."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.errors import InputError
from parley.parse import parse_document
from parley.read import read_source

PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>Record | Wilson Center</title>
<link rel="canonical" href="https://digitalarchive.wilsoncenter.org/document/113239">
<script>var x = "<p>no text</p>";</script><style>p {{ color: red }}</style></head>
<body><header><a href="#main">Skip to main content</a>
<nav><ul><li>Home</li><li>Search</li></ul></nav></header>
<main><h1>Memorandum of Conversation between Anastas Mikoyan and Mao Zedong</h1>
<div class="date">February 03, 1949</div>
<h2>Citation</h2><p>“Memorandum,” February 03, 1949, History and Public Policy Program Digital Archive.<br>
<a href="http://digitalarchive.wilsoncenter.org/document/113239">http://digitalarchive.wilsoncenter.org/document/113239</a></p>
<table><tr><th>Present:</th><td>Mao Zedong</td></tr><tr><td></td><td>Zhou Enlai</td></tr></table>
<p hidden>hidden text</p><div style="display: none">more hidden</div>
<p>Mikoyan: We know that England,
America and France stood for mediation.</p><p>Mao Zedong: Good.</p>
<p>Mikoyan: Then so be it.</p><p>Mao Zedong: Agreed.</p></main>
<footer>© Wilson Center</footer></body></html>
"""
TEXT = (
    "Memorandum of Conversation between Anastas Mikoyan and Mao Zedong\n\n"
    "February 03, 1949\n\n"
    "Citation\n\n"
    "“Memorandum,” February 03, 1949, History and Public Policy Program Digital Archive.\n"
    "http://digitalarchive.wilsoncenter.org/document/113239\n\n"
    "Present: | Mao Zedong\nZhou Enlai\n\n"
    "Mikoyan: We know that England, America and France stood for mediation.\n\n"
    "Mao Zedong: Good.\n\nMikoyan: Then so be it.\n\nMao Zedong: Agreed.\n"
)


@pytest.mark.parametrize("charset", ["utf-8", "windows-1252"])
def test_a_saved_page_reads_as_its_browser_shows_it(tmp_path: Path, charset: str) -> None:
    path = tmp_path / "wilson-113239.html"
    path.write_bytes(PAGE.format(charset=charset).encode(charset))
    source = read_source(path)
    assert source.text == TEXT and source.findings == ()
    assert source.facts.title == "Memorandum of Conversation between Anastas Mikoyan and Mao Zedong"
    assert source.facts.source_address == "https://digitalarchive.wilsoncenter.org/document/113239"
    document = parse_document(source)
    assert document.meeting is not None and str(document.meeting.date) == "1949-02-03"
    assert [u.speaker for u in document.meeting.utterances] == [
        "Mikoyan",
        "Mao Zedong",
        "Mikoyan",
        "Mao Zedong",
    ]


def test_a_page_that_shows_no_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.htm"
    path.write_text(
        "<html><head><title>x</title></head><body><script>1</script></body></html>", encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"empty\.htm: the page shows no text"):
        read_source(path)
