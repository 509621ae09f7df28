"""The project a command works on, and what it overrides of what Parley ships.

A project is the folder holding `parley.toml`, found from the working folder upwards as git finds
its repository; without one anywhere above, the working folder itself (laid out the same way) is the
project. Its folders, by convention: `corpus/` (the records and sources.csv), `graph/` (the built
graph), `mappings/` (the registry), `ontology/`, `queries/`, `site/` and `.parley-cache/`.

Parley ships the ontology and shapes, the canned queries and an empty starter registry as package
data (`parley/resources/`). A project's own `ontology/` replaces the packaged one; its `queries/` adds
queries and replaces packaged ones of the same name; its `mappings/` is its registry (the empty
starter one when it has none).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from parley.config import DEFAULT_BASE, DatasetInfo, Settings
from parley.errors import InputError
from parley.suggest import did_you_mean

PROJECT_FILE = "parley.toml"
TEXT_KEYS = ("title", "description", "base", "license", "publisher", "rights")
KEYS = (*TEXT_KEYS, "modified")
ONTOLOGY_FILES = ("parley.ttl", "shapes.ttl", "corpus-shapes.ttl")


class ProjectError(InputError):
    """parley.toml is malformed, or a folder of the project is missing; the message names it."""


def packaged(*parts: str) -> Path:
    """A file or folder of Parley's package data (`parley/resources/...`) on disk."""
    found = resources.files("parley.resources").joinpath(*parts)
    if not isinstance(found, Path):  # a zipped install: the ontology must be files for the validator
        raise ProjectError(f"Parley's package data is not on disk ({found}); install Parley unzipped")
    return found


@dataclass(frozen=True)
class Project:
    """A project folder, what its parley.toml says, and the notes of reading it."""

    root: Path
    file: Path | None = None  # its parley.toml; None when the working folder serves as the project
    info: DatasetInfo = DatasetInfo()
    base: str = DEFAULT_BASE
    notes: tuple[str, ...] = field(default=())

    @property
    def corpus(self) -> Path:
        return self.root / "corpus"

    @property
    def graph(self) -> Path:
        return self.root / "graph"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def cache(self) -> Path:
        return self.root / ".parley-cache"

    @property
    def own_mappings(self) -> Path:
        return self.root / "mappings"

    @property
    def mappings(self) -> Path:
        """The project's registry folder, else the empty starter registry Parley ships."""
        own = self.own_mappings
        return own if own.is_dir() else packaged("starter", "mappings")

    @property
    def ontology(self) -> Path:
        """The project's ontology/ (all of its files) when it has one, else the packaged one."""
        own = self.root / "ontology"
        if not own.is_dir():
            return packaged("ontology")
        missing = [name for name in ONTOLOGY_FILES if not (own / name).is_file()]
        if missing:
            raise ProjectError(
                f"{own}: no {', '.join(missing)}; a project's ontology/ replaces Parley's and needs "
                f"{', '.join(ONTOLOGY_FILES)} (remove the folder to use the packaged ones)"
            )
        return own

    @property
    def queries(self) -> tuple[Path, ...]:
        """Folders of canned queries, the first holding a name winning: the project's, then Parley's."""
        own, shipped = self.root / "queries", packaged("queries")
        if not own.is_dir():
            return (shipped,)
        return (own,) if own.resolve() == shipped.resolve() else (own, shipped)

    def settings(self, **changes: Any) -> Settings:
        """Build settings for this project's folders, base and description, with `changes` applied."""
        settings = Settings(
            base=self.base,
            corpus=self.corpus,
            out=self.graph,
            mappings=self.mappings,
            ontology=self.ontology,
            cache=self.cache,
            dataset=self.info if self.file else None,
        )
        return replace(settings, **changes)

    def describe(self) -> str:
        """Which project this is, for the line every command prints."""
        if self.file is None:
            return f"project {self.root} (no {PROJECT_FILE} here or above: the working folder)"
        return f"project {self.root} ({self.info.title})"


def find_root(start: Path) -> Path | None:
    """The nearest folder from `start` upwards that holds parley.toml, or None."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    return None


def load_project(start: Path | None = None) -> Project:
    """The project of `start` (default: the working folder), with its parley.toml read and checked."""
    here = (start or Path.cwd()).resolve()
    root = find_root(here)
    if root is None:
        return Project(here)
    path = root / PROJECT_FILE
    info, base = read_project_file(path)
    notes: tuple[str, ...] = ()
    if (root / "corpus" / "dataset.yaml").is_file():
        notes = (
            f"{root / 'corpus' / 'dataset.yaml'}: not read, {PROJECT_FILE} describes the dataset "
            "(move what it says there)",
        )
    return Project(root, path, info, base, notes)


def read_project_file(path: Path) -> tuple[DatasetInfo, str]:
    """The dataset description and base IRI that `path` (a parley.toml) gives."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ProjectError(f"{path}: cannot read: {err}") from err
    return parse_project_text(text, path)


def parse_project_text(text: str, path: Path) -> tuple[DatasetInfo, str]:
    """The dataset description and base IRI of the parley.toml `text` (read from `path`)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ProjectError(f"{path}: not valid TOML: {err}") from err
    for key, value in data.items():
        if key not in KEYS:
            raise ProjectError(
                f"{path}: unknown key {key!r}{did_you_mean(key, KEYS, limit=1)} (keys: {', '.join(KEYS)})"
            )
        if key in TEXT_KEYS and not isinstance(value, str):
            raise ProjectError(f"{path}: {key} must be a text in quotes, not {value!r}")
    modified = data.get("modified")
    if modified is not None and (not isinstance(modified, dt.date) or isinstance(modified, dt.datetime)):
        raise ProjectError(f"{path}: modified must be a day written 2026-01-31 (no quotes), not {modified!r}")
    base = data.get("base", DEFAULT_BASE)
    if not base.startswith(("http://", "https://")) or not base.endswith("/") or " " in base:
        raise ProjectError(f"{path}: base must be an http(s) IRI ending in '/', not {base!r}")
    info = DatasetInfo(
        title=data.get("title", DatasetInfo.title),
        description=data.get("description", ""),
        publisher=data.get("publisher", ""),
        license=data.get("license", ""),
        rights=data.get("rights", ""),
        modified=modified,
    )
    return info, base
