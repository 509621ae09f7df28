"""Site details: durations in words, "cite this" blocks, the index's pictures as embedded files
(not repeated as text), and a who-met-whom network readable at 50 and at 500 persons."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import ROOT
from parley.site import generate_site, pictures
from parley.site.durations import spoken_duration


class _Text(HTMLParser):
    """The text of a page's <main> as a browser shows it (the content of an <object> is its fallback)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.parts = 0, []  # type: tuple[int, list[str]]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag == "main"

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "main"

    def handle_data(self, data: str) -> None:
        if self.depth and data.strip():
            self.parts.append(data.strip())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    generate_site(ROOT / "graph", out, queries=ROOT / "queries")
    return out


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("PT2H", "2 hours"),
        ("PT1H30M", "1 hour 30 minutes"),
        ("PT45M", "45 minutes"),
        ("P1DT2H", "1 day 2 hours"),
        ("PT1M30.5S", "1 minute 30.5 seconds"),
        ("two hours", "two hours"),
    ],
)
def test_durations_read_as_people_say_them(value: str, said: str) -> None:
    assert spoken_duration(value) == said


def test_a_meeting_page_gives_its_duration_in_words(site: Path) -> None:
    page = (site / "meeting" / "1950-01-22_stalin-mao" / "index.html").read_text(encoding="utf-8")
    assert '<dt>Duration</dt><dd><time datetime="PT2H">2 hours</time></dd>' in page  # raw only in the facts


@pytest.mark.parametrize(
    "path",
    [
        "claim/1945-07-07_soong-stalin/10",
        "meeting/1945-07-07_soong-stalin/utterance/33",
        "doc/1945-07-07_soong-stalin",
    ],
)
def test_claim_turn_and_record_pages_have_a_cite_this_block(site: Path, path: str) -> None:
    page = (site / path / "index.html").read_text(encoding="utf-8")
    block = page[page.index('<section class="cite"') :]
    assert "Cite this" in block and "Victor Hoo Collection, box 6, folder 9" in block
    assert "@misc{" in block and "TY  - MANSCPT" in block and "&#34;type&#34;: &#34;manuscript&#34;" in block
    assert "corpus/1945-07-07_soong-stalin.txt" in block


def test_the_index_embeds_its_pictures_and_does_not_repeat_them_as_text(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<object class="picture timeline" data="timeline.svg"' in index and "<svg" not in index
    parser = _Text()
    parser.feed(index)
    before_lists = parser.parts[: parser.parts.index("Meetings (9)")]
    assert len(before_lists) < 20, before_lists
    for name in ("timeline", "network"):
        svg = (site / f"{name}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<?xml") and "<style>" in svg and 'class="picture ' + name in svg
        assert "<a href=" not in svg and '<a target="_top" href=' in svg


def _people(n: int) -> tuple[list[pictures.Node], list[pictures.Edge]]:
    """`n` people in meetings of four, each meeting taking the next four in a round."""
    nodes = [pictures.Node(f"p{i}", f"Person Number {i}", f"person/p{i}/", "person") for i in range(n)]
    edges = []
    for start in range(0, n, 2):
        group = [(start + k) % n for k in range(4)]
        for a in group:
            for b in group:
                if a < b:
                    edges.append(pictures.Edge(f"p{a}", f"p{b}", "met", 1 + (a % 3), "met"))
    return nodes, edges


def _label_positions(svg: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r'<text x="([\d.]+)" y="([\d.]+)"', svg)]


@pytest.mark.parametrize("people", [50, 500])
def test_the_network_stays_readable(people: int) -> None:
    """Filtered to the 40 most connected people: no two names closer than 2.5 lines of 12 px type."""
    svg = str(pictures.network(*_people(people)))
    labels = _label_positions(svg)
    assert len(labels) == min(people, pictures.PEOPLE_SHOWN)
    closest = min(math.dist(a, b) for i, a in enumerate(labels) for b in labels[i + 1 :])
    assert closest >= 30, closest
    assert f"({people - pictures.PEOPLE_SHOWN} more are left out)" in svg


def test_a_person_page_draws_whom_they_met(site: Path) -> None:
    page = (site / "person" / "joseph-stalin" / "index.html").read_text(encoding="utf-8")
    svg = page[page.index('<svg xmlns="http://www.w3.org/2000/svg" class="picture ego"') :]
    svg = svg[: svg.index("</svg>")]
    assert "Whom Joseph Stalin met" in svg and "Vyacheslav Molotov" in svg
    centre, *ring = pictures.Node("c", "C", None, "person"), *_people(500)[0]
    ego = str(pictures.ego(centre, [(node, 1) for node in ring]))
    assert len(_label_positions(ego)) == pictures.PEOPLE_SHOWN + 1 and "(460 more are left out)" in ego
