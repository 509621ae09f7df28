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


def test_run_at_a_tiny_size(tmp_path: Path) -> None:
    run.main(["--sizes", "5", "--slow-max", "0", "--out", str(tmp_path)])
    results = json.loads((tmp_path / "results.json").read_text())
    (entry,) = results["sizes"]
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
    table = (tmp_path / "results.md").read_text()
    assert table.count("\n| 5 |") == 1


def test_large_record_at_a_tiny_size() -> None:
    entry = large.measure(0.05, seed=1, budget=300)
    assert 0.05 <= float(entry["megabytes"]) < 0.06  # type: ignore[arg-type]
    built, refused = entry["default limit"], entry["limit below the size"]
    assert built["exit"] == 0 and built["triples"] > 0 and built["peak_rss_mib_tree"] > 0  # type: ignore[index]
    assert refused["exit"] == 1 and refused["turns"] == 0  # type: ignore[index]
