"""Findings by kind: thousands of warnings of one kind read as one line with a count on the terminal,
and report.json lists every one of them with the counts by kind beside."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from parley.cli import main
from parley.findings import by_kind, kind, shortened
from parley.model import Finding, Severity


def test_a_kind_is_the_message_without_its_values() -> None:
    assert kind("person 'Zorbaw1' is not in the registry") == "person '…' is not in the registry"
    assert kind('person "O\'Neil" is not in the registry') == "person '…' is not in the registry"
    assert kind("5.0 MB is more than the 2.5 MB allowed") == "N MB is more than the N MB allowed"
    assert kind("heading kept as the document's heading") == "heading kept as the document's heading"


def _warning(file: str, line: int, name: str) -> Finding:
    return Finding(file, line, Severity.WARNING, f"person {name!r} is not in the registry")


def test_kinds_are_counted_errors_first_then_by_count() -> None:
    findings = [
        _warning("b.txt", 3, "Ann"),
        _warning("a.txt", 9, "Bob"),
        _warning("a.txt", 2, "Cy"),
        Finding("c.txt", 1, Severity.WARNING, "no date found"),
        Finding("d.txt", 1, Severity.ERROR, "file is empty"),
    ]
    kinds = by_kind(findings)
    assert [(k.severity, k.kind, k.count, k.files) for k in kinds] == [
        (Severity.ERROR, "file is empty", 1, 1),
        (Severity.WARNING, "person '…' is not in the registry", 3, 2),
        (Severity.WARNING, "no date found", 1, 1),
    ]
    assert kinds[1].first == findings[2]  # the first in file and line order


def test_only_frequent_warnings_are_shortened() -> None:
    few = [_warning("a.txt", line, f"N{line}") for line in range(3)]
    assert shortened(few) == (few, [])
    many = [*few, _warning("a.txt", 9, "N9"), Finding("b.txt", 1, Severity.ERROR, "file is empty")]
    one_by_one, kinds = shortened(many)
    assert one_by_one == [many[-1]]  # errors are always printed in full
    assert [(k.kind, k.count) for k in kinds] == [("person '…' is not in the registry", 4)]


def test_build_prints_a_count_per_kind_and_the_report_lists_every_warning(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(5):
        (corpus / f"r{i}.txt").write_text(
            f"Zorbaw{i}: Yes, we agree to it.\n\nMolotov: We do not.\n\nZorbaw{i}: Then we meet.\n",
            encoding="utf-8",
        )
    out = tmp_path / "g"
    result = CliRunner().invoke(
        main, ["build", str(corpus), "--out", str(out), "--cache", str(tmp_path / "k")]
    )
    assert result.exit_code == 0, result.output
    assert "is not in the registry: " not in result.output  # no line per warning
    assert "10 warnings, by kind (every one is listed in" in result.output
    assert "5 x person '…' is not in the registry (5 files; the first: c/r0.txt:1: person 'Zorbaw0'" in (
        result.output
    )
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    listed = [f for f in report["findings"] if f["message"].endswith("is not in the registry")]
    assert sorted(f["message"] for f in listed) == [
        f"person 'Zorbaw{i}' is not in the registry" for i in range(5)
    ]
    assert {"severity": "warning", "kind": "person '…' is not in the registry", "count": 5, "files": 5} in (
        report["findings_by_kind"]
    )
