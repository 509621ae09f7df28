"""`parley claims` prints reviewed claims (--candidates: and the candidates more likely right than not), by
issue, person and confidence."""

from __future__ import annotations

from click.testing import CliRunner

from helpers import ROOT
from parley.claims.model import SHOWN_CONFIDENCE
from parley.cli import main


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, ["claims", *args, "--graph", str(ROOT / "graph")])
    assert result.exit_code == 0, result.output
    return result.output


def _count(output: str) -> int:
    return int(output.strip().splitlines()[-1].split()[0])


def test_claims_filtered_by_issue_and_person() -> None:
    output = _run("--issue", "issue:outer-mongolia-status", "--person", "Q855", "--candidates")
    blocks = output.strip().split("\n")
    assert blocks[-1].split()[1] == "claims" and int(blocks[-1].split()[0]) > 3
    headers = [line for line in blocks if line.startswith("19")]
    assert headers and all("Joseph Stalin" in h and "[Status of Outer Mongolia]" in h for h in headers)
    assert "Sign treaty for independence of Mongolia" in output


def test_reviewed_claims_by_default_candidates_on_request() -> None:
    reviewed = _run()
    everything = _run("--candidates")
    headers = [line for line in reviewed.splitlines() if line.startswith("19")]
    assert headers and all(h.endswith("(reviewed)") for h in headers)
    assert "(candidate" in everything and _count(everything) > _count(reviewed) == len(headers)


def _confidences(output: str) -> list[float]:
    return [float(line.rsplit(" ", 1)[1].rstrip(")")) for line in output.splitlines() if "(candidate" in line]


def test_candidates_listed_are_more_likely_right_than_not_unless_asked() -> None:
    shown, every = _run("--candidates"), _run("--candidates", "--min-confidence", "0")
    assert _confidences(shown) and min(_confidences(shown)) >= SHOWN_CONFIDENCE
    assert min(_confidences(every)) < SHOWN_CONFIDENCE and _count(every) > _count(shown)
    assert f"of confidence {SHOWN_CONFIDENCE} or more" in shown.splitlines()[-1]


def test_min_confidence_keeps_claims_at_least_that_sure() -> None:
    sure = _run("--candidates", "--min-confidence", "0.75")
    confidences = _confidences(sure)
    assert confidences and min(confidences) >= 0.75
    assert _count(sure) < _count(_run("--candidates"))
