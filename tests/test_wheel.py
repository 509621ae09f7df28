"""The tool a historian installs once: the wheel built from this checkout, installed into a fresh
virtual environment, used in a folder outside the repository exactly as the README's "Start your own
archive" says (init, two records, build, list, query by name, cite, site)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import ROOT

pytestmark = pytest.mark.slow


def _run(command: list[str], cwd: Path, timeout: int = 600) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def _readme_block() -> str:
    """The shell block of the README's "Start your own archive" section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Start your own archive") :]
    return section[section.index("```sh\n") + 6 : section.index("```\n", section.index("```sh\n") + 6)]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout."""
    work = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(ROOT)], work)
    (built,) = (work / "dist").glob("parley-*.whl")
    return built


def test_the_wheel_ships_the_ontology_queries_and_starter_files_of_this_checkout(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name: archive.read(name) for name in archive.namelist() if "/resources/" in name}
    for folder, pattern in (("ontology", "*.ttl"), ("queries", "*.rq")):
        for path in (ROOT / folder).glob(pattern):
            assert shipped[f"parley/resources/{folder}/{path.name}"] == path.read_bytes()
    assert "parley/resources/starter/corpus/sources.csv" in shipped
    assert "parley/resources/starter/mappings/persons.yaml" in shipped


def test_start_your_own_archive_as_the_readme_says(wheel: Path, tmp_path: Path) -> None:
    """The README's block, run as written from this checkout with a fresh home folder (outside the
    repository); only `pip install "$CLONE"` installs the wheel built from the same tree instead."""
    block = _readme_block()
    install = 'pip install "$CLONE"'
    assert install in block and "parley init" in block
    script = "set -euo pipefail\n" + block.replace(install, f"pip install -q {wheel}")
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")} | {
        "HOME": str(home)
    }
    done = subprocess.run(
        ["bash", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200
    )
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    project = home / "my-archive"
    assert f"project {project} (My archive)" in said and "2 documents, 2 meetings" in said
    assert "T. V. Soong" in said and "Mao Zedong" in said  # parley list persons
    assert "Sorry you cannot see our point." in said and "(67 rows)" in said  # the meeting by its name
    assert "TY  - MANSCPT" in said and "https://example.org/my-archive/meeting/" in said  # the citation
    assert (project / "site" / "index.html").is_file() and (project / "site" / "network.svg").is_file()
    parley = home / "parley-env" / "bin" / "parley"
    unknown = subprocess.run(
        [str(parley), "query", "utterances", "--param", "meeting=8 July 1945"],
        cwd=project / "corpus",
        env=env,
        capture_output=True,
        text=True,
    )
    assert unknown.returncode == 1 and "did you mean meeting:1945-07-07_soong-stalin" in unknown.stderr
