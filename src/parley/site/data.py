"""The graph as the site reads it: every triple of the dataset (the union of its named graphs) plus the
VoID description, in an on-disk store read one resource at a time.

The triples are not held in Python: an archive's millions of them would take gigabytes. A lookup reads
one resource's statements (or the statements pointing at it) from the store, in the order the pages
and descriptions always had (the graph's sorted order); the resources pages read again and again (the
labels of persons, places, meetings) stay in a bounded cache.
"""

from __future__ import annotations

import bisect
import multiprocessing
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from parley.errors import InputError
from parley.site.subjects import Subjects, write_subjects
from parley.store import dataset_file, graph_files, load_dataset
from parley.vocab import DCTERMS, RDF, RDFS, SKOS

Term = ox.NamedNode | ox.Literal | ox.BlankNode
DOWNLOADS = ("parley.trig", "parley.ttl", "void.ttl")  # offered for download when the folder has them
CACHED = 50_000  # resources whose statements (and, apart, whose incoming statements) stay in memory
LOAD_APART_FROM = 64 * 2**20  # bytes of graph files from which the store is filled in another process


def _key(term: object) -> tuple[int, str]:
    return (0 if isinstance(term, ox.NamedNode) else 1, str(term))


def _node(iri: str) -> ox.NamedNode | None:
    try:
        return ox.NamedNode(iri) if iri else None
    except ValueError:  # a literal's text looked up as a resource: it has no statements
        return None


class GraphData:
    """Facts of the graph by subject (`statements`) and by object (`inverse`), each list sorted."""

    def __init__(self, folder: str, downloads: tuple[Path, ...] = ()) -> None:
        """The graph `load` put in `folder`: its store (opened read-only, by any number of processes)
        and its subjects' IRIs."""
        self.folder = folder
        self.store = ox.Store.read_only(str(Path(folder) / "store"))
        self.subjects = Subjects(Path(folder))
        self.downloads = downloads  # the built folder's files offered for download
        self.statements: Callable[[str], dict[str, list[Term]]] = lru_cache(maxsize=CACHED)(self._statements)
        self._incoming: Callable[[str, str], list[str]] = lru_cache(maxsize=CACHED)(self._inverse)
        self.has: Callable[[str], bool] = lru_cache(maxsize=CACHED)(self._has)  # a link's target, often

    def _statements(self, subject: str) -> dict[str, list[Term]]:
        """The objects of each predicate of `subject`, predicates and objects sorted."""
        node = _node(subject)
        found: dict[str, set[Term]] = defaultdict(set)
        for quad in self.store.quads_for_pattern(node, None, None) if node else ():
            if not isinstance(quad.object, ox.Triple):
                found[quad.predicate.value].add(quad.object)
        return {predicate: sorted(found[predicate], key=_key) for predicate in sorted(found)}

    def _inverse(self, obj: str, predicate: str) -> list[str]:
        node = _node(obj)
        quads = self.store.quads_for_pattern(None, ox.NamedNode(predicate), node) if node else ()
        subjects = {q.subject for q in quads if isinstance(q.subject, ox.NamedNode)}
        return [s.value for s in sorted(subjects, key=str)]

    def _has(self, subject: str) -> bool:
        """Whether the graph states anything about `subject`."""
        at = bisect.bisect_left(self.subjects, subject)
        return at < len(self.subjects) and self.subjects[at] == subject

    def described(self, iri: str) -> list[ox.Triple]:
        """The triples of `iri` and of its sub-resources (IRIs that go on after it with a slash), in
        the graph's sorted order."""
        within = [iri] if self.has(iri) else []
        at = bisect.bisect_left(self.subjects, iri + "/")
        while at < len(self.subjects) and self.subjects[at].startswith(iri + "/"):
            within.append(self.subjects[at])
            at += 1
        triples: dict[tuple[str, str, tuple[int, str]], ox.Quad] = {}  # by sort key: one of each
        for subject in within:
            shown = f"<{subject}>"  # sorted as str() writes the terms, as the graph files are
            for q in self.store.quads_for_pattern(ox.NamedNode(subject), None, None):
                if not isinstance(q.object, ox.Triple):
                    triples.setdefault((shown, f"<{q.predicate.value}>", _key(q.object)), q)
        return [triples[key].triple for key in sorted(triples)]

    def values(self, subject: str, predicate: str) -> list[Term]:
        return self.statements(subject).get(predicate, [])

    def one(self, subject: str, predicate: str) -> Term | None:
        found = self.values(subject, predicate)
        return found[0] if found else None

    def text(self, subject: str, predicate: str) -> str | None:
        term = self.one(subject, predicate)
        return term.value if term is not None else None

    def iris(self, subject: str, predicate: str) -> list[str]:
        return [t.value for t in self.values(subject, predicate) if isinstance(t, ox.NamedNode)]

    def inverse(self, obj: str, predicate: str) -> list[str]:
        return self._incoming(obj, predicate)

    def types(self, subject: str) -> list[str]:
        return self.iris(subject, RDF + "type")

    def label(self, subject: str) -> str:
        """A human label: rdfs:label, skos:prefLabel or dcterms:title, else the IRI's last segment."""
        for predicate in (RDFS + "label", SKOS + "prefLabel", DCTERMS + "title"):
            if (found := self.text(subject, predicate)) is not None:
                return found
        return subject.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")


@contextmanager
def load(graph: Path) -> Iterator[GraphData]:
    """Read a built graph folder (its graph files and void.ttl) or a .trig/.nq file into a store on
    disk, then open read-only (by any number of processes); removed when done."""
    with tempfile.TemporaryDirectory(prefix="parley-site-") as folder:
        folder_of = graph if graph.is_dir() else graph.parent
        if _bytes(graph) < LOAD_APART_FROM:
            _fill(graph, folder_of / "void.ttl", folder)
        else:  # in a process of its own: the memory the bulk loader took goes back to the system with it
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as loader:
                loader.submit(_fill, graph, folder_of / "void.ttl", folder).result()
        downloads = tuple(folder_of / name for name in DOWNLOADS if (folder_of / name).is_file())
        yield GraphData(folder, downloads)


def _bytes(graph: Path) -> int:
    """The size of the files `load_dataset` reads of `graph`."""
    parts = graph_files(graph) if graph.is_dir() else None
    return sum(p.stat().st_size for p in (parts.values() if parts is not None else [dataset_file(graph)]))


def _fill(graph: Path, void: Path, folder: str) -> None:
    """Load the graph and its VoID description (`void`, if there is one) into a store in `folder`, and
    write its subjects' IRIs beside it."""
    store = ox.Store(str(Path(folder) / "store"))
    try:
        load_dataset(store, graph)
        if void.is_file():
            store.bulk_load(
                path=str(void), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:parley:void")
            )
        store.flush()
    except SyntaxError as err:
        raise InputError(f"{graph}: {err}") from err
    write_subjects(store, Path(folder))
