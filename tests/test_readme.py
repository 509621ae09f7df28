"""The README's commands are the ones CI runs, and its example query prints what it shows."""

from __future__ import annotations

import contextlib
import io
import os
import re

from helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def test_ci_runs_the_readme_commands() -> None:
    setup, test = _blocks("sh")[0].strip().splitlines()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert setup in ci.splitlines()
    assert test in ci


def test_example_query_prints_the_shown_output() -> None:
    code = _blocks("python")[0]
    expected = re.findall(r"Output:\n\n```\n(.*?)```", README, re.S)[0]
    out = io.StringIO()
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)
        with contextlib.redirect_stdout(out):
            exec(code, {})  # noqa: S102 - the README's own example
    finally:
        os.chdir(cwd)
    assert out.getvalue() == expected
