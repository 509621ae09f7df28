"""The benchmark keeps working: the generator at a tiny size, and one run of bench/run.py.

The slow stages (Parley's validation and whole-graph pyshacl) are skipped here with --slow-max 0;
the figures come from real runs reported in bench/README.md.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import large  # noqa: E402
import run  # noqa: E402


def test_generator_is_deterministic_and_realistic(tmp_path: Path) -> None:
    first = generate.generate(tmp_path / "a", 30, seed=3)
    second = generate.generate(tmp_path / "b", 30, seed=3)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    texts = [p.read_text(encoding="utf-8") for p in first]
    assert all(1_000 < len(t.encode()) < 30_000 for t in texts)
    joined = "\n".join(texts)
    assert re.search(r"^\[[^\]]+\] \w+: ", joined, flags=re.MULTILINE)  # bracketed speaker label
    assert re.search(r"^\d{1,2} [A-Z][a-z]+ \d{4}, \d+:\d\d - \d+:\d\d p\.m\.$", joined, flags=re.MULTILINE)
    assert "Present:" in joined and " said that " in joined
    with (tmp_path / "a" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["file"] for r in rows] == [p.name for p in first]


def test_generator_changes_with_the_seed(tmp_path: Path) -> None:
    one = generate.generate(tmp_path / "a", 3, seed=1)
    two = generate.generate(tmp_path / "b", 3, seed=2)
    assert [p.read_bytes() for p in one] != [p.read_bytes() for p in two]


def test_run_at_a_tiny_size_and_on_a_real_folder(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    (archive / "volume").mkdir(parents=True)
    (archive / "volume" / "memo.md").write_text(
        "---\ntitle: A conversation\ndoc_date: '1950-03-01'\n---\n\nStalin: We agree.\n\nMao: So do we.\n",
        encoding="utf-8",
    )
    (archive / "minutes.txt").write_text("Molotov: No.\n\nStalin: Fine, then.\n", encoding="utf-8")
    out = tmp_path / "out"
    run.main(
        ["--sizes", "5", "--slow-max", "0", "--out", str(out)]
        + ["--archive", str(archive), "--naive-max-triples", "0", "--naive-sample", "0"]
    )
    results = json.loads((out / "results.json").read_text())
    entry, real = results["sizes"]
    assert real["label"] == "archive" and real["records"] == 2 and real["parley"]["files"] == 2
    assert real["parley"]["formats"] == {".md": 1, ".txt": 1}
    assert real["parley"]["build"]["triples"] > 0 and real["parley"]["incremental"]["republish_s"] > 0
    assert real["naive"]["quads"] > 0 and "rdflib_parse_s" not in real["naive"]  # the floor only
    assert "above --naive-max-triples 0 (the floor ran)" in real["naive"]["skipped"]
    assert "| archive (2 documents) |" in (out / "results.md").read_text()
    parley, naive = entry["parley"], entry["naive"]
    assert parley["build"]["triples"] > 0 and parley["build"]["records_per_s"] > 0
    assert parley["validate"] == {"skipped": "skipped: above --slow-max"}
    assert parley["build"]["violations"] == 0 and set(parley["build"]["phases_s"]) == {
        "digest",
        "documents",
        "assemble",
    }
    assert 0 < parley["incremental"]["rebuild_s"] < parley["incremental"]["republish_s"]
    assert naive["triples"] > 0 and naive["quads"] >= naive["triples"]
    assert entry["ratios"]["parley_build_over_floor"] > 0
    table = (out / "results.md").read_text()
    assert table.count("\n| 5 |") == 1


def test_large_record_at_a_tiny_size() -> None:
    entry = large.measure(0.05, seed=1, budget=300)
    assert 0.05 <= float(entry["megabytes"]) < 0.06  # type: ignore[arg-type]
    built, refused = entry["default limit"], entry["limit below the size"]
    assert built["exit"] == 0 and built["triples"] > 0 and built["peak_rss_mib_tree"] > 0  # type: ignore[index]
    assert refused["exit"] == 1 and refused["turns"] == 0  # type: ignore[index]


def test_an_edit_lands_in_the_body_of_each_format() -> None:
    assert run.edit("Stalin: Yes.\n", "Indeed, ") == "Stalin: Indeed, Yes.\n"
    front = "---\ntitle: 'A: B'\n---\n\nText. More.\n"
    assert run.edit(front, "Indeed, ") == "---\ntitle: 'A: B'\n---\n\nText. Indeed, More.\n"
    tei = "<TEI><teiHeader><p>x</p></teiHeader><body><div><p>Text</p></div></body></TEI>"
    assert run.edit(tei, "Indeed, ") == tei.replace("<p>Text", "<p>Indeed, Text")


def test_a_sample_takes_small_files_evenly_spaced(tmp_path: Path) -> None:
    files = []
    for i in range(10):
        path = tmp_path / "a" / f"{i}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text("x" * (200_000 if i == 4 else 10), encoding="utf-8")
        files.append(path)
    copies = run.sample_corpus(files, tmp_path / "s", 3)
    assert [p.name for p in copies] == ["000-0.md", "001-3.md", "002-7.md"]  # 4.md is too large
