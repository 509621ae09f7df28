"""Settings passed through the pipeline (no globals)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

DEFAULT_BASE = "https://w3id.org/parley/"


@dataclass(frozen=True)
class DatasetInfo:
    """Curated description of the dataset (VoID/DCAT), from parley.toml or corpus/dataset.yaml."""

    title: str = "Parley dataset"
    description: str = ""
    publisher: str = ""
    license: str = ""
    rights: str = ""
    modified: dt.date | None = None


@dataclass(frozen=True)
class Settings:
    """Where things are and how IRIs are minted."""

    base: str = DEFAULT_BASE
    corpus: Path = Path("corpus")
    out: Path = Path("graph")
    mappings: Path = Path("mappings")
    ontology: Path = Path("ontology")
    strict: bool = False
    validate: bool = True
    cache: Path = Path(".parley-cache")
    jobs: int = 0  # worker processes; 0: one per core
    dumps: bool = True  # write parley.trig and parley.ttl (else remove them)
    max_document_mb: float = 100.0  # a larger source file is refused (its parse is about 12x its size)
    max_document_seconds: float = 60.0  # CPU seconds per MB (at least this) a document may take per phase
    dataset: DatasetInfo | None = None  # the project's description; None: corpus/dataset.yaml, if any
