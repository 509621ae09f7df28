"""A person named by a bare surname in one record and persons named in full with that surname in
others stay apart, and the build lists them as persons who may be one."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import build_texts


def _talk(day: int, first: str, second: str) -> str:
    turns = [
        f"{first}: The talks should go on in Geneva.",
        f"{second}: We agree that they should go on.",
        f"{first}: Then we meet again next week.",
        f"{second}: Next week suits us.",
    ]
    return f"{day} May 1958\n\n" + "\n\n".join(turns) + "\n"


BARE = _talk(5, "Wang", "Beam")
FULL = _talk(6, "Wang Bingnan", "Jacob Beam")
OTHER = _talk(7, "Wang Bingnan", "Jacob Beam")


def test_a_bare_surname_is_not_merged_but_listed_with_the_full_names_it_may_be(tmp_path: Path) -> None:
    texts = {"1958-05-05_a.txt": BARE, "1958-05-06_b.txt": FULL, "1958-05-07_c.txt": OTHER}
    result = build_texts(tmp_path, texts, validate=False)
    listed = {entry["label"]: entry for entry in result.mergeable}
    assert "Wang" in listed and listed["Wang"]["documents"] == ["1958-05-05_a"]
    could_be = listed["Wang"]["could_be"]
    assert isinstance(could_be, list)
    assert [(c["label"], c["documents"]) for c in could_be] == [
        ("Wang Bingnan", ["1958-05-06_b", "1958-05-07_c"])
    ]
    assert could_be[0]["person"] not in listed["Wang"]["persons"]  # type: ignore[operator]  # not merged
    assert [c["label"] for c in listed["Beam"]["could_be"]] == ["Jacob Beam"]  # type: ignore[union-attr]
    labels = {label for built in result.documents for _, label in built.persons}
    assert labels == {"Wang", "Beam", "Wang Bingnan", "Jacob Beam"}  # not `Geneva. Beam` across paragraphs
    report = json.loads((tmp_path / "g" / "report.json").read_text(encoding="utf-8"))
    assert report["mergeable"] == json.loads(json.dumps(result.mergeable))
