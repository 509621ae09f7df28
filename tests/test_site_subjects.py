"""The subjects' IRIs `parley site` maps from a file: the same sorted sequence the store holds."""

from __future__ import annotations

import bisect
from pathlib import Path

import pyoxigraph as ox
import pytest

from parley.site.subjects import Subjects, write_subjects

EX = "https://example.org/"


def test_the_subjects_of_every_graph_sorted_once_each(tmp_path: Path) -> None:
    store = ox.Store()
    p, o = ox.NamedNode(EX + "p"), ox.Literal("é")
    for name, graph in (("b/2", None), ("a", ox.NamedNode(EX + "g1")), ("b", ox.NamedNode(EX + "g2"))):
        store.add(ox.Quad(ox.NamedNode(EX + name), p, o, graph or ox.DefaultGraph()))
    store.add(ox.Quad(ox.NamedNode(EX + "a"), p, ox.Literal("again"), ox.NamedNode(EX + "g2")))
    store.add(ox.Quad(ox.NamedNode(EX + "ü"), p, o))  # past ASCII: sorted as Python sorts strings
    store.add(ox.Quad(ox.BlankNode("x"), p, o))  # not an IRI: no page, not listed
    write_subjects(store, tmp_path)
    subjects = Subjects(tmp_path)
    expected = sorted(EX + name for name in ("a", "b", "b/2", "ü"))
    assert list(subjects) == expected and len(subjects) == 4
    assert subjects[-1] == EX + "ü" and subjects[1:3] == expected[1:3]
    assert bisect.bisect_left(subjects, EX + "b/") == 2
    with pytest.raises(IndexError):
        subjects[4]


def test_a_graph_of_no_subjects(tmp_path: Path) -> None:
    write_subjects(ox.Store(), tmp_path)
    assert list(Subjects(tmp_path)) == []
