"""The embedded SPARQL store: a pyoxigraph on-disk store of a built graph, rebuilt only when it changed.

Why pyoxigraph: on the seed graph (13.7k quads) pyoxigraph's bulk load takes about 0.03 s and
reopening the cached on-disk store about 0.01 s, while rdflib's `Dataset.parse` of the same TriG takes
about 0.35 s (roughly 12x slower) and rdflib's SPARQL engine is slower still on the
aggregating queries; rdflib would also have to re-parse on every run, having no on-disk store.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from parley import textindex
from parley.errors import InputError
from parley.rdf.iris import SHARED_GRAPHS
from parley.write import body, turtle_pieces

FORMATS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}
DEFAULT_CACHE = Path(".parley-cache/store")
PIECE = 32 << 20  # bytes of Turtle bulk-loaded at a time
_SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")


def dataset_file(graph: Path) -> Path:
    """The dataset file of a built graph folder (its parley.trig), or `graph` itself if it is a file."""
    if not graph.exists():
        raise InputError(f"{graph}: no such graph; run `parley build` first (`parley init` starts a project)")
    path = graph / "parley.trig" if graph.is_dir() else graph
    if path.suffix not in FORMATS:
        raise InputError(f"{path}: a graph must be a built folder or a .trig or .nq file")
    if not path.is_file():
        raise InputError(f"{path}: no such file; run `parley build` first")
    return path


def open_store(graph: Path = Path("graph"), *, cache: Path = DEFAULT_CACHE) -> ox.Store:
    """Open the on-disk store of `graph` at `cache`, bringing it and its full-text index (`parley.textindex`)
    up to date first.

    For a built folder, only the named graphs whose files changed (size or time) are replaced, so one
    edited record costs one graph's reload; a single dataset file is reloaded when its hash changes.
    """
    texts = textindex.beside(cache)
    state = cache.with_name(cache.name + ".state.json")
    try:
        stored = json.loads(state.read_text(encoding="utf-8"))
        stored = stored if isinstance(stored, dict) else None
    except (OSError, ValueError):
        stored = None
    current = _graph_state(graph, stored) if graph.is_dir() else None
    if current is None:
        source = dataset_file(graph)
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        cached, reloaded = _reload_if_stale(graph, cache, digest)
        (textindex.rebuild if reloaded else textindex.refresh)(cached, texts, digest)
        return cached
    void, graphs = current
    stamp = _stamp(graphs)
    before = stored.get("graphs", stored) if stored else None  # a flat state: that of earlier versions
    store = None
    try:
        if isinstance(before, dict) and len(_changed(before, graphs)) <= len(graphs) // 4:
            store = ox.Store(str(cache))
    except (OSError, RuntimeError):  # a damaged store: load it all
        store = None
    if store is None or before is None:
        store, _ = _reload_if_stale(graph, cache, None)
        textindex.rebuild(store, texts, stamp)
    else:
        state.unlink()  # an update interrupted from here on leaves no state: the next open reloads
        changed = _changed(before, graphs)
        for iri in changed:
            store.remove_graph(ox.NamedNode(iri))
            if iri in graphs:
                _load_graph(store, iri, Path(str(graphs[iri][0])))
        store.flush()
        since = stored.get("stamp") if stored and "stamp" in stored else _stamp(before)
        textindex.refresh(store, texts, stamp, since=str(since), graphs=changed)
    state.write_text(json.dumps({"void": void, "graphs": graphs, "stamp": stamp}), encoding="utf-8")
    return store


State = dict[str, list[object]]  # a named graph's file, its size and time, by the graph's IRI


def _graph_state(folder: Path, stored: dict[str, object] | None) -> tuple[list[int], State] | None:
    """The state of a built folder: its void.ttl's size and time, and each named graph's file with its
    size and time; None for a folder without VoID or with a graph file missing. While void.ttl is as
    the `stored` state saw it, its list of graph files is taken from there: VoID is not parsed again."""
    try:
        void = list(_signature(folder / "void.ttl"))
    except OSError:
        return None
    listed = stored.get("graphs") if stored and stored.get("void") == void else None
    if isinstance(listed, dict):
        files = {iri: str(entry[0]) for iri, entry in listed.items()}
    else:
        found = graph_files(folder)
        if found is None:
            return None
        files = {iri: str(path) for iri, path in found.items()}
    try:
        graphs: State = {iri: [path, *_signature(path)] for iri, path in files.items()}
    except OSError:  # a graph file gone since
        return None if listed is None else _graph_state(folder, None)
    return void, graphs


def load_dataset(store: ox.Store, graph: Path) -> None:
    """Bulk-load a built folder (its graph files, in TriG pieces) or a dataset file into `store`."""
    parts = graph_files(graph) if graph.is_dir() else None
    if parts is None:
        source = dataset_file(graph)
        store.bulk_load(path=str(source), format=FORMATS[source.suffix])
        return
    for piece in _trig_pieces(parts):
        store.bulk_load(piece, format=ox.RdfFormat.TRIG)


def _load_graph(store: ox.Store, iri: str, path: Path) -> None:
    """Bulk-load one graph file into the named graph `iri`, a piece at a time."""
    for piece in turtle_pieces(path, PIECE):
        store.bulk_load(piece, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(iri))


def _trig_pieces(parts: dict[str, Path]) -> Iterator[bytes]:
    """The graph files as TriG documents of about PIECE bytes (the bulk loader holds a few times what
    it is given): each piece of a file as its `@prefix` lines (TriG allows them between blocks), then
    its statements inside `<graph> { }`."""
    batch: list[bytes] = []
    held = 0
    for iri, path in parts.items():
        for piece in turtle_pieces(path, PIECE):
            statements = body(piece)
            batch.append(
                piece[: len(piece) - len(statements)] + f"<{iri}> {{\n".encode() + statements + b"\n}\n"
            )
            held += len(piece)
            if held >= PIECE:
                yield b"".join(batch)
                batch, held = [], 0
    if batch:
        yield b"".join(batch)


def named_graphs(graph: Path) -> Iterator[tuple[str, list[ox.Triple]]]:
    """The triples of each named graph of a built folder (file by file) or of a dataset file, by name."""
    parts = graph_files(graph) if graph.is_dir() else None
    if parts is not None:
        for iri, path in sorted(parts.items()):
            yield iri, list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        return
    source = dataset_file(graph)
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(path=str(source), format=FORMATS[source.suffix]):
        if isinstance(quad.graph_name, ox.NamedNode):
            graphs[quad.graph_name.value].append(quad.triple)
    yield from sorted(graphs.items())


def graph_files(folder: Path) -> dict[str, Path] | None:
    """The file of each named graph of a built folder, from its VoID description; None without one."""
    void = folder / "void.ttl"
    if not void.is_file():
        return None
    files: dict[str, Path] = {}
    for triple in ox.parse(path=str(void), format=ox.RdfFormat.TURTLE):
        if triple.predicate == _SOURCE:
            name = triple.subject.value.rsplit("/", 1)[-1]
            path = folder / f"{name}.ttl" if name in SHARED_GRAPHS else folder / "documents" / f"{name}.ttl"
            if not path.is_file():
                return None
            files[triple.object.value] = path
    return files


def _signature(path: Path | str) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns


def _stamp(state: State) -> str:
    """The name of a folder's state (the path, size and time of each graph file) that the index keeps."""
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()


def _changed(stored: State, current: State) -> set[str]:
    return {iri for iri in stored.keys() | current.keys() if stored.get(iri) != current.get(iri)}


def _reload_if_stale(graph: Path, cache: Path, digest: str | None) -> tuple[ox.Store, bool]:
    """The store at `cache` if its stamp is `digest`, else a fresh bulk load of `graph`; and whether
    it was loaded."""
    stamp = cache.with_name(cache.name + ".sha256")
    if digest and cache.is_dir() and stamp.is_file() and stamp.read_text().strip() == digest:
        try:
            return ox.Store(str(cache)), False
        except (OSError, RuntimeError):  # a damaged cache (an interrupted load) is rebuilt
            pass
    shutil.rmtree(cache, ignore_errors=True)
    stamp.unlink(missing_ok=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(cache))
    load_dataset(store, graph)
    store.flush()
    if digest:
        stamp.write_text(digest + "\n")
    return store, True
