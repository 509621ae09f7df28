"""Serialize graphs to graph/: deterministic, sorted output in Turtle and TriG."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, serialize

from parley.rdf.iris import Iris
from parley.vocab import CONCEPTS, PREFIXES


def prefixes(iris: Iris) -> dict[str, str]:
    data = {
        name: iris.base + name + "/"
        for name in ("doc", "meeting", "person", "place", "org", "treaty", "event", "issue", "claim", "graph")
    }
    data |= {"role": CONCEPTS + "role/", "stance": CONCEPTS + "stance/", "rtype": CONCEPTS + "record-type/"}
    return PREFIXES | data


def _key(triple: Triple | Quad) -> tuple[str, str, str]:
    return (str(triple.subject), str(triple.predicate), str(triple.object))


def turtle(triples: Iterable[Triple], iris: Iris) -> bytes:
    """Sorted, de-duplicated Turtle."""
    data = serialize(sorted(set(triples), key=_key), format=RdfFormat.TURTLE, prefixes=prefixes(iris))
    assert data is not None  # serialize returns bytes when given no output
    return data


def trig(graphs: dict[str, tuple[NamedNode, list[Triple]]], iris: Iris) -> bytes:
    """All named graphs as one TriG dataset, graphs and triples sorted."""
    quads = [
        Quad(t.subject, t.predicate, t.object, graph)
        for _, (graph, triples) in sorted(graphs.items())
        for t in sorted(set(triples), key=_key)
    ]
    data = serialize(quads, format=RdfFormat.TRIG, prefixes=prefixes(iris))
    assert data is not None
    return data


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` unless the file already holds exactly it; True when written."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def write_json(path: Path, data: object) -> bool:
    return write_if_changed(
        path, (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
    )
