"""`parley review`: driven through a pseudo-terminal key by key, resumed, exported and imported as
CSV, and its decisions published by a rebuild as reviewed claims (a rejected candidate stays out)."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from helpers import ROOT
from parley.cli import main

DOC = "1945-07-07_soong-stalin"
PARLEY = [sys.executable, "-c", "from parley.cli import main; main()"]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "mappings", tmp_path / "mappings")
    shutil.copytree(ROOT / "ontology", tmp_path / "ontology")
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    shutil.copytree(ROOT / "queries", tmp_path / "queries")
    return tmp_path


def _decisions(project: Path) -> list[dict[str, object]]:
    path = project / "mappings" / "claim-reviews.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []


class Terminal:
    """`parley review` on a pseudo-terminal: keys are typed one by one, the screen is read back."""

    def __init__(self, project: Path, *args: str) -> None:
        self.master, slave = pty.openpty()
        env = dict(os.environ, COLUMNS="100", LINES="50", TERM="xterm")
        self.process = subprocess.Popen(
            [*PARLEY, "review", "corpus", "--document", DOC, "--reviewer", "A. Curator", *args],
            cwd=project,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
        )
        os.close(slave)
        self.screen = ""

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never shown; screen: {self.screen[-2000:]}")
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if ready:
                try:
                    self.screen += os.read(self.master, 65536).decode("utf-8", "replace")
                except OSError:
                    break
        return self.screen

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> int:
        code = self.process.wait(timeout=60)
        os.close(self.master)
        return code


def test_review_by_keys_on_a_terminal_saves_each_decision_and_resumes(project: Path) -> None:
    terminal = Terminal(project)
    terminal.wait_for("a accept")
    first = terminal.screen
    assert "1/" in first and "utterance" in first and "Soong" in first
    terminal.press("a")
    terminal.wait_for("accepted")
    assert [d["decision"] for d in _decisions(project)] == ["accepted"]  # saved before the next key
    terminal.press("r")
    terminal.wait_for("rejected")
    terminal.press("t")
    terminal.wait_for("7 asks")
    terminal.press("5")
    terminal.wait_for("corrected")
    terminal.press("q")
    terminal.wait_for("stopped: 3 decided")
    assert terminal.close() == 0
    decided = _decisions(project)
    assert [d["decision"] for d in decided] == ["accepted", "rejected", "corrected"]
    assert decided[2]["stance"] == "rejects" and all(d["reviewer"] == "A. Curator" for d in decided)

    again = Terminal(project)  # resumes with the fourth candidate
    again.wait_for("a accept")
    assert "1/" in again.screen and decided[0]["quote"] not in again.screen.split("╮")[1].split("╰")[0]
    again.press("q")
    again.wait_for("stopped: 0 decided")
    assert again.close() == 0


def test_reviewed_claims_are_published_and_rejected_ones_stay_out(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = "a\nr\ni\n1\nq\n"
    result = subprocess.run(
        [*PARLEY, "review", "corpus", "--document", DOC, "--reviewer", "A. Curator"],
        cwd=project,
        input=keys,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    decided = _decisions(project)
    assert [d["decision"] for d in decided][:2] == ["accepted", "rejected"]
    assert decided[2]["issue"] == "outer-mongolia-status"  # issue 1 of the list
    runner = CliRunner()
    monkeypatch.chdir(project)
    built = runner.invoke(main, ["build", "corpus", "--out", "out", "--jobs", "1", "--cache", "cache"])
    assert built.exit_code == 0, built.output
    listed = runner.invoke(main, ["claims", "--graph", "out"])
    everything = runner.invoke(main, ["claims", "--graph", "out", "--candidates"])
    assert str(decided[0]["quote"]) in listed.output and "A. Curator" not in listed.output
    assert "(reviewed)" in listed.output and "(candidate" not in listed.output
    rejected = str(decided[1]["quote"])
    assert f"\u201c{rejected}\u201d" not in everything.output  # stays out of every build
    turtle = (project / "out" / "documents" / f"{DOC}.ttl").read_text(encoding="utf-8")
    assert '"A. Curator"' in turtle and "claim-status/reviewed" in turtle


def test_csv_export_and_import_round_trip_and_bad_rows(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    monkeypatch.chdir(project)
    out = project / "candidates.csv"
    exported = runner.invoke(main, ["review", "corpus", "--document", DOC, "--export", str(out)])
    assert exported.exit_code == 0, exported.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("doc,utterance,claimant,quote") and len(lines) > 10
    header, first = lines[0], lines[1]
    (project / "decided.csv").write_text(
        f"{header}\n{first.replace(',,,,,', ',rejected,,,,')}\n", encoding="utf-8"
    )
    taken = runner.invoke(main, ["review", "--import", str(project / "decided.csv"), "--reviewer", "B"])
    assert taken.exit_code == 0, taken.output
    assert [d["decision"] for d in _decisions(project)] == ["rejected"]
    (project / "bad.csv").write_text(f"{header}\n{first.replace(',,,,,', ',maybe,,,,')}\n", encoding="utf-8")
    bad = runner.invoke(main, ["review", "--import", str(project / "bad.csv")])
    assert bad.exit_code == 1 and "bad.csv, line 2: decision must be one of" in bad.output
