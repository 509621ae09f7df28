"""`parley init`: a new archive project from the starter files Parley ships (`resources/starter/`):
parley.toml, corpus/ with its README and an empty sources.csv, mappings/ with one commented example
in each registry file. Files that exist are kept, never overwritten."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from string import Template

from parley.project import PROJECT_FILE, ProjectError, packaged, parse_project_text

DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Scaffold:
    """What `init_project` wrote, and what it found there already and kept."""

    root: Path
    written: tuple[Path, ...]
    kept: tuple[Path, ...]


def slug(name: str) -> str:
    """Lower-case ascii words joined by hyphens ('Mein Archiv' -> 'mein-archiv')."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "archive"


def toml_string(value: str) -> str:
    """`value` as a TOML basic string (JSON's escapes are TOML's; DEL must be escaped too)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def init_project(
    folder: Path,
    *,
    title: str | None = None,
    base: str | None = None,
    license: str = DEFAULT_LICENSE,
    publisher: str = "",
) -> Scaffold:
    """Make `folder` (created if need be) a Parley project; ProjectError if it already is one."""
    folder = folder.resolve()
    if (folder / PROJECT_FILE).exists():
        raise ProjectError(f"{folder / PROJECT_FILE}: exists; this folder is a Parley project already")
    if folder.exists() and not folder.is_dir():
        raise ProjectError(f"{folder}: exists and is not a folder")
    title = title or folder.name
    base = base or f"https://example.org/{slug(folder.name)}/"
    text = Template(packaged("starter", PROJECT_FILE).read_text(encoding="utf-8")).substitute(
        title=toml_string(title),
        base=toml_string(base),
        license=toml_string(license),
        publisher=toml_string(publisher),
    )
    parse_project_text(text, folder / PROJECT_FILE)  # a bad --base is said before anything is written
    folder.mkdir(parents=True, exist_ok=True)
    written, kept = [], []
    starter = packaged("starter")
    for source in sorted(starter.rglob("*")):
        if not source.is_file() or source.name == PROJECT_FILE:
            continue
        target = folder / source.relative_to(starter)
        if target.exists():
            kept.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    project_file = folder / PROJECT_FILE
    project_file.write_text(text, encoding="utf-8")
    return Scaffold(folder, (project_file, *written), tuple(kept))
