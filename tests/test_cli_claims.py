"""`parley claims` prints claims for review, filtered by issue and person."""

from __future__ import annotations

from click.testing import CliRunner

from helpers import ROOT
from parley.cli import main


def test_claims_filtered_by_issue_and_person() -> None:
    args = [
        "claims",
        "--issue",
        "issue:outer-mongolia-status",
        "--person",
        "Q855",
        "--graph",
        str(ROOT / "graph"),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    blocks = result.output.strip().split("\n")
    assert blocks[-1].endswith("claims") and int(blocks[-1].split()[0]) > 3
    headers = [line for line in blocks if line.startswith("19")]
    assert headers and all("Joseph Stalin" in h and "[Status of Outer Mongolia]" in h for h in headers)
    assert "Sign treaty now." in result.output
