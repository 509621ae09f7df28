"""Shared helpers for tests: parse a corpus file the way the build does."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

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
