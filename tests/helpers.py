"""Shared helpers for tests: parse a corpus file the way the build does; build a corpus of texts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from parley.build import BuildResult, build
from parley.config import Settings
from parley.corpus import load_sources
from parley.model import Document
from parley.parse import parse_document
from parley.parse.dialogue import label_key
from parley.read import read_source

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def parse_corpus_file(name: str) -> Document:
    return parse_document(read_source(CORPUS / name), load_sources(CORPUS).get(name))


def turns_per_label(document: Document) -> Counter[str]:
    assert document.meeting is not None
    return Counter(label_key(u.speaker) for u in document.meeting.utterances if u.speaker)


def build_texts(root: Path, texts: dict[str, str], *, validate: bool = True) -> BuildResult:
    """A build (validated unless `validate` is False), in one process, of a corpus of `texts` (file
    name: text) written under `root` (corpus/, g/, cache/), with the repository's mappings and
    ontology."""
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in texts.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = Settings(
        corpus=corpus,
        out=root / "g",
        cache=root / "cache",
        mappings=ROOT / "mappings",
        ontology=ROOT / "ontology",
        validate=validate,
        jobs=1,
    )
    return build(settings)
