"""The graph as the site reads it: every triple of the dataset (the union of its named graphs) plus the
VoID description, indexed by subject and by object.

One SPARQL query reads all distinct triples once (about 14k on the seed graph); the page builders then
look facts up in memory. That is far quicker than one query per page, and the same index gives each
page its Turtle and JSON-LD description.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from parley.errors import InputError
from parley.store import load_dataset
from parley.vocab import DCTERMS, RDF, RDFS, SKOS

Term = ox.NamedNode | ox.Literal | ox.BlankNode
DOWNLOADS = ("parley.trig", "parley.ttl", "void.ttl")  # offered for download when the folder has them
ALL_TRIPLES = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }"


def _key(term: object) -> tuple[int, str]:
    return (0 if isinstance(term, ox.NamedNode) else 1, str(term))


class GraphData:
    """Facts of the graph by subject (`props`) and by object (`incoming`), each list sorted."""

    def __init__(
        self, triples: list[ox.Triple], store: ox.Store | None = None, downloads: tuple[Path, ...] = ()
    ) -> None:
        self.store = store if store is not None else ox.Store()
        self.downloads = downloads  # the built folder's files offered for download
        self.triples = sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), _key(t.object)))
        props: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        incoming: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for t in self.triples:
            subject, obj = t.subject, t.object
            if not isinstance(subject, ox.NamedNode) or isinstance(obj, ox.Triple):
                continue
            props[subject.value][t.predicate.value].append(obj)
            if isinstance(obj, ox.NamedNode):
                incoming[obj.value][t.predicate.value].append(subject.value)
        self.props = props
        self.incoming = incoming

    def values(self, subject: str, predicate: str) -> list[Term]:
        return self.props.get(subject, {}).get(predicate, [])

    def one(self, subject: str, predicate: str) -> Term | None:
        found = self.values(subject, predicate)
        return found[0] if found else None

    def text(self, subject: str, predicate: str) -> str | None:
        term = self.one(subject, predicate)
        return term.value if term is not None else None

    def iris(self, subject: str, predicate: str) -> list[str]:
        return [t.value for t in self.values(subject, predicate) if isinstance(t, ox.NamedNode)]

    def inverse(self, obj: str, predicate: str) -> list[str]:
        return self.incoming.get(obj, {}).get(predicate, [])

    def types(self, subject: str) -> list[str]:
        return self.iris(subject, RDF + "type")

    def label(self, subject: str) -> str:
        """A human label: rdfs:label, skos:prefLabel or dcterms:title, else the IRI's last segment."""
        for predicate in (RDFS + "label", SKOS + "prefLabel", DCTERMS + "title"):
            if (found := self.text(subject, predicate)) is not None:
                return found
        return subject.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")


def load(graph: Path) -> GraphData:
    """Read a built graph folder (its parley.trig and void.ttl) or a .trig/.nq file."""
    store = ox.Store()
    try:
        load_dataset(store, graph)
        void = (graph if graph.is_dir() else graph.parent) / "void.ttl"
        if void.is_file():
            store.bulk_load(
                path=str(void), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:parley:void")
            )
    except SyntaxError as err:
        raise InputError(f"{graph}: {err}") from err
    answer = store.query(ALL_TRIPLES, use_default_graph_as_union=True)
    if not isinstance(answer, ox.QuerySolutions):
        raise InputError("expected solutions")
    triples = [
        ox.Triple(row["s"], row["p"], row["o"])
        for row in answer
        if isinstance(row["s"], ox.NamedNode) and isinstance(row["p"], ox.NamedNode)
    ]
    folder = graph if graph.is_dir() else graph.parent
    downloads = tuple(folder / name for name in DOWNLOADS if (folder / name).is_file())
    return GraphData(triples, store, downloads)
