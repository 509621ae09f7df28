"""Hostile input in bounded time: doubling a hostile document at most about doubles the CPU time of its
work in the build (issue 21, item 1).

Each case builds a document from a repeated piece, at `k` and at `2k` repetitions, and measures the
CPU time this process spends on it as the build does it: phase one (read and parse) and phase two (map,
extract claims, serialize), without validation. The cost of the same document with one repetition is
taken off both, and `2k` may cost at most RATIO times `k` plus SLACK (noise of a shared machine). A
quadratic scan costs four times as much at double size. The sizes keep each case well under a second
on the code that is linear; the first six were super-linear before issue 18 (`SPEECH` in
`reported.speaker_of`, the abbreviation test over a growing piece in both sentence splitters, the
stop expression of the claims' splitter, `ARCHIVAL` in `parse/metadata.py`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import ROOT
from parley.config import Settings
from parley.docbuild import DocumentBuilder, Written
from parley.rdf.document import CorpusLinks

RATIO = 2.5
SLACK = 0.05  # seconds
TRIES = 4  # measurements of a case that looks super-linear, to rule out noise (the least counts)


class Harness:
    """One document's work in the build, timed in CPU seconds of this process."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.corpus = folder / "corpus"
        self.corpus.mkdir()
        settings = Settings(
            corpus=self.corpus, mappings=ROOT / "mappings", ontology=ROOT / "ontology", validate=False
        )
        self.builder = DocumentBuilder(settings)

    def seconds(self, text: str) -> float:
        path = self.corpus / "hostile.txt"
        path.write_text(text, encoding="utf-8")
        written = Written(self.folder / "hostile.ttl", self.folder / "hostile.trig")
        clock = time.process_time()
        (digested,) = self.builder.digest(path)
        if digested.digest is not None:
            self.builder.build(path, digested.digest.doc_id, CorpusLinks(), {}, written)
        return time.process_time() - clock

    def doubling(self, make: Callable[[int], str], k: int) -> tuple[float, float]:
        """The CPU seconds of the document of `k` and of `2k` repetitions, less that of one; measured
        again (keeping the least of each) while the larger looks super-linear."""
        self.seconds(make(1))  # warm up: first calls compile expressions and fill caches
        small = big = float("inf")
        for _ in range(TRIES):
            base = self.seconds(make(1))
            small = min(small, self.seconds(make(k)) - base)
            big = min(big, self.seconds(make(2 * k)) - base)
            if big <= RATIO * small + SLACK:
                break
        return small, big


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Harness:
    return Harness(tmp_path_factory.mktemp("hostile"))


CASES = [
    pytest.param(
        lambda k: "Mr. " * k + "\n",
        150,
        id="paragraph-of-Mr.",
    ),
    pytest.param(
        lambda k: "He " + "Aly " * k + "\n",
        250,
        id="He-Aly-Aly",
    ),
    pytest.param(
        lambda k: "[T.V.] " * k + "\n",
        250,
        id="bracketed-initials",
    ),
    pytest.param(
        lambda k: "Stalin: Yes.\n\nMolotov: " + "Mr. " * k + "\n",
        800,
        id="turn-of-Mr.",
    ),
    pytest.param(
        lambda k: "Stalin: Yes.\n\nMolotov: " + "." * k + "\n",
        3000,
        id="dots-in-a-turn",
    ),
    pytest.param(
        lambda k: "Stalin: Yes.\n\nMolotov: No.\n\nCitation\n\n" + "A" * k + "\n",
        3000,
        id="capitals-in-a-citation",
    ),
    pytest.param(lambda k: "5 May 1950\n\n" + "Stalin: Yes.\n\nMolotov: No.\n\n" * k, 300, id="many-turns"),
    pytest.param(lambda k: "Stalin: " + "the treaty is good " * k + "\n", 3000, id="long-turn"),
    pytest.param(lambda k: "Stalin: " + "a" * k + "\n", 200_000, id="one-long-word"),
    pytest.param(lambda k: "Stalin said that he agreed. " * k + "\n", 300, id="reported-speech"),
    pytest.param(
        lambda k: "PARTICIPANTS\n" + "Mr. A. Bee, Assistant Secretary, NEA\n" * k, 400, id="long-list"
    ),
    pytest.param(lambda k: "Present:\n" + "Mr. Bee, " * k + "\n", 1000, id="one-long-list-line"),
    pytest.param(
        lambda k: "Memorandum by " + "the Secretary of " * k + "\n\nStalin said yes.\n",
        1000,
        id="long-heading",
    ),
    pytest.param(
        lambda k: (
            "Telegram\n\nWashington, May 1, 1950.\n\nThis morning I saw him, " + "yesterday " * k + "\n"
        ),
        2000,
        id="yesterday-without-end",
    ),
    pytest.param(
        lambda k: "Stalin: " + "in the presence of Ivan Bee and " * k + "\n", 1000, id="presence-run"
    ),
    pytest.param(lambda k: ("a" * 70 + " word\n") * k, 2000, id="hard-wrapped-page"),
    pytest.param(
        lambda k: "Title: " + "Minutes " * k + "\nAuthor: A. Bee\nDate: May 1, 1950\n", 2000, id="fields"
    ),
    pytest.param(lambda k: "Mr. Stalin-" + "A-" * k + " said so.\n", 3000, id="hyphenated-name"),
    pytest.param(lambda k: "Stalin: We agree" + " " * k + "\n", 20_000, id="spaces-after-a-turn"),
    pytest.param(lambda k: "Stalin: " + "Yes. " * k + "\n", 2000, id="many-short-sentences"),
]


@pytest.mark.parametrize(("make", "k"), CASES)
def test_doubling_a_hostile_document_at_most_about_doubles_its_time(
    harness: Harness, make: Callable[[int], str], k: int
) -> None:
    small, big = harness.doubling(make, k)
    assert big <= RATIO * small + SLACK, f"{k} repetitions: {small:.3f} s; {2 * k}: {big:.3f} s"
