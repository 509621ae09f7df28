"""The fast validator: compiled shapes run on an in-memory pyoxigraph store, per named graph and across."""

from __future__ import annotations

import functools
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from parley.errors import InputError
from parley.shacl.checks import Compiled
from parley.shacl.engine import Engine, Term, Violation, has_quad
from parley.shacl.report import ShapeResult, short
from parley.write import turtle_pieces

if TYPE_CHECKING:
    import rdflib

PARLEY = "https://w3id.org/parley/ontology#"
LOCATING = tuple(
    ox.NamedNode(iri)
    for iri in (
        "http://www.w3.org/ns/prov#wasDerivedFrom",
        PARLEY + "inText",
        PARLEY + "evidence",
        PARLEY + "inDocument",
        PARLEY + "inMeeting",
    )
)
_SOURCE_FILE, _LINE = ox.NamedNode(PARLEY + "sourceFile"), ox.NamedNode(PARLEY + "line")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
PIECE = 8 << 20  # bytes of Turtle bulk-loaded into a store on disk at a time
ON_DISK_FROM = 32 << 20  # bytes of Turtle (about 700,000 triples) from which a graph is validated on disk


TypeIndex = Mapping[object, Iterable[ox.Triple]]  # node -> its rdf:type triples


def add_types(index: dict[object, set[ox.Triple]], triples: Iterable[ox.Triple]) -> None:
    """Add the rdf:type triples among `triples` to `index`, by subject."""
    for t in triples:
        if t.predicate == _TYPE:
            index.setdefault(t.subject, set()).add(t)


@dataclass(frozen=True)
class Validator:
    """The ontology and both shapes files, compiled once; cheap to rebuild from the paths in a worker."""

    ontology: tuple[ox.Triple, ...]
    shapes: Engine
    corpus_shapes: Engine

    @classmethod
    def load(
        cls,
        ontology: Path,
        shapes: Path,
        corpus_shapes: Path,
        compiled: tuple[Compiled, Compiled] | None = None,
    ) -> Validator:
        """The validator of the ontology and the two shapes files, compiled now unless `compiled` holds
        them as compiled before (a build keeps them in its cache: the compiler needs rdflib)."""
        try:
            onto = tuple(ox.parse(path=ontology, format=ox.RdfFormat.TURTLE))
        except (OSError, SyntaxError) as err:
            raise InputError(f"{ontology}: cannot parse: {err}") from err
        if compiled is None:
            from parley.shacl.compile import compile_shapes

            compiled = compile_shapes(shapes), compile_shapes(corpus_shapes)
        return cls(onto, Engine(compiled[0]), Engine(compiled[1]))

    @property
    def compiled(self) -> tuple[Compiled, Compiled]:
        return self.shapes.compiled, self.corpus_shapes.compiled

    def skeleton(self, triples: Iterable[ox.Triple]) -> list[ox.Triple]:
        """What `corpus` reads: the statements about documents and meetings (of any subclass) whose
        predicate the cross-document shapes or the location of their results use. Small, and it stays
        the same when an edit changes only the text of a record. `triples` is read twice: give a
        sequence, or an iterable that parses its file anew each time."""
        classes, predicates = self._skeleton_classes, self._skeleton_predicates
        typed = {t.subject for t in triples if t.predicate == _TYPE and t.object in classes}
        return [t for t in triples if t.subject in typed and t.predicate in predicates]

    def skeleton_of(self, subject_triples: Sequence[ox.Triple]) -> list[ox.Triple]:
        """`skeleton` of the triples of one subject (all of them)."""
        if not any(t.predicate == _TYPE and t.object in self._skeleton_classes for t in subject_triples):
            return []
        return [t for t in subject_triples if t.predicate in self._skeleton_predicates]

    @functools.cached_property
    def _ontology_quads(self) -> tuple[ox.Quad, ...]:
        return tuple(ox.Quad(t.subject, t.predicate, t.object) for t in self.ontology)

    @functools.cached_property
    def _skeleton_predicates(self) -> frozenset[object]:
        """Every IRI the cross-document checks' SPARQL names (a superset of the predicates they read),
        plus rdf:type and what `_locate` follows."""
        text = self.corpus_shapes.text
        names = {m[1] for m in re.finditer(r"<([^<>\s]+)>", text)}
        prefixes = dict(re.findall(r"PREFIX (\w*): <([^<>\s]+)>", text))
        names |= {prefixes[m[1]] + m[2] for m in re.finditer(r"\b(\w+):(\w+)", text) if m[1] in prefixes}
        return frozenset({ox.NamedNode(n) for n in names} | {_TYPE, _SOURCE_FILE, _LINE, *LOCATING})

    @functools.cached_property
    def _skeleton_classes(self) -> frozenset[object]:
        found: set[object] = {ox.NamedNode(PARLEY + "Document"), ox.NamedNode(PARLEY + "Meeting")}
        pairs = [(t.subject, t.object) for t in self.ontology if t.predicate == _SUBCLASS]
        while new := {sub for sub, sup in pairs if sup in found and sub not in found}:
            found |= new
        return frozenset(found)

    def document(self, name: str, graph: Iterable[ox.Triple] | Path, types: TypeIndex) -> list[ShapeResult]:
        """Results for one named graph `name`: its triples + the ontology + the rdf:type triples, from
        `types`, of the nodes it links to but does not describe (nodes of other graphs); only those
        whose focus node the graph describes. The graph may be given as a Turtle file, loaded without
        a Python object per triple; a large one is validated in a store on disk."""
        with _graph_store(graph) as (store, on_disk):
            if on_disk:  # too large to walk triple by triple in Python: look the index's nodes up
                linked = [n for n in types if has_quad(store, value=n) and not has_quad(store, subject=n)]
                described: Container[object] = _Described(
                    store, {*linked, *(t.subject for t in self.ontology)}
                )
            else:
                subjects, objects = set[object](), set[object]()
                for quad in store:
                    subjects.add(quad.subject)
                    if not isinstance(quad.object, ox.Literal):
                        objects.add(quad.object)
                linked, described = list(objects - subjects), subjects
            context = [t for node in linked for t in types.get(node, ())]
            store.extend([*self._ontology_quads, *(ox.Quad(*t) for t in context)])
            return _results(self.shapes, store, name, described, functools.partial(_own, store))

    def corpus(self, skeleton: Sequence[ox.Triple]) -> list[ShapeResult]:
        """The cross-document rules on the skeleton (descriptions of documents and meetings of all graphs)."""
        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in (*skeleton, *self.ontology))
        index: dict[object, list[Pair]] = defaultdict(list)
        for t in skeleton:
            index[t.subject].append((t.predicate, t.object))  # type: ignore[arg-type]
        return _results(self.corpus_shapes, store, "corpus", index, lambda node: index.get(node, []))


@contextmanager
def _graph_store(graph: Iterable[ox.Triple] | Path) -> Iterator[tuple[ox.Store, bool]]:
    """A store holding `graph` and whether it is on disk: it is (and removed afterwards) for a Turtle
    file of ON_DISK_FROM bytes or more."""
    if not isinstance(graph, Path):
        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in graph)
        yield store, False
        return
    if graph.stat().st_size < ON_DISK_FROM:
        store = ox.Store()
        store.bulk_load(path=str(graph), format=ox.RdfFormat.TURTLE)
        yield store, False
        return
    with tempfile.TemporaryDirectory(prefix="parley-validate-") as folder:
        store = ox.Store(folder)
        try:  # in pieces: the bulk loader holds about 3 bytes per byte of what it is given
            for piece in turtle_pieces(graph, PIECE):
                store.bulk_load(piece, format=ox.RdfFormat.TURTLE)
        except SyntaxError:  # not laid out as we write Turtle: at once, or the parser's error
            store.clear()
            store.bulk_load(path=str(graph), format=ox.RdfFormat.TURTLE)
        yield store, True
        del store  # closed before its folder goes


class _Described:
    """The nodes a graph in `store` describes: subjects of the store but for the `others` (the
    ontology's and the linked nodes', whose types were added)."""

    def __init__(self, store: ox.Store, others: set[object]) -> None:
        self.store, self.others = store, others

    def __contains__(self, node: object) -> bool:
        if node in self.others or isinstance(node, ox.Literal):
            return False
        return has_quad(self.store, subject=node)


Pair = tuple[ox.NamedNode, Term]  # a predicate and an object of a node
Own = Callable[[Term], list[Pair]]  # a node's own predicates and objects, in the graph's order


def _results(
    engine: Engine, store: ox.Store, name: str, described: Container[object], own: Own
) -> list[ShapeResult]:
    return [_result(v, name, own) for v in engine.run(store) if v.focus in described]


def _own(store: ox.Store, node: Term) -> list[Pair]:
    """The predicates and objects of `node` in `store`, sorted as the graph files list them (those of
    the ontology and of linked nodes' types carry no location, so `_locate` passes over them)."""
    if isinstance(node, ox.Literal):
        return []
    pairs: list[Pair] = [(q.predicate, q.object) for q in store.quads_for_pattern(node, None, None)]  # type: ignore[misc]
    return sorted(pairs, key=lambda pair: (str(pair[0]), str(pair[1])))


def _result(v: Violation, graph: str, own: Own) -> ShapeResult:
    check = v.check
    source_file, line = _locate(own, v.focus)
    path = "" if check.path is None else ("^" if check.inverse else "") + short(check.path)
    return ShapeResult(
        severity=check.severity.rsplit("#", 1)[-1],
        focus=v.focus.value,
        path=path,
        message="; ".join(sorted(_messages(v))),
        shape=short(check.shape),
        value="" if v.value is None else v.value.value,
        graph=graph,
        source_file=source_file,
        line=line,
        component=check.component,
        term="" if v.value is None else str(v.value),
    )


def _messages(v: Violation) -> list[str]:
    """pyshacl's messages: the sh:message texts (with `{?value}` and `{$this}` for SPARQL
    constraints), else the generic message with the terms written as pyshacl writes them."""
    check = v.check
    terms = {"this": v.focus, "value": v.value}
    if check.messages:
        if not check.substitute:
            return list(check.messages)
        return [_fill(m, {k: t.value for k, t in terms.items() if t is not None}) for m in check.messages]
    shown = {k: _as_pyshacl_writes(t) for k, t in terms.items() if t is not None}
    return [_fill(check.generic, shown)]


def _as_pyshacl_writes(term: Term) -> str:
    """A data term as pyshacl names it in its default messages (pyshacl imported only for these)."""
    from pyshacl.rdfutil.stringify import stringify_node

    return str(stringify_node(_data_graph(), to_rdflib(term)))


@functools.cache
def _data_graph() -> rdflib.Graph:
    import rdflib

    return rdflib.Graph()


def _fill(message: str, values: dict[str, str]) -> str:
    for name, text in values.items():
        message = re.sub(rf"{{[?$]{name}}}", lambda _, text=text: text, message)  # type: ignore[misc]
    return message


def to_rdflib(term: Term) -> rdflib.term.Identifier:
    """The rdflib term for a pyoxigraph term (a plain literal stays without datatype, as rdflib reads it)."""
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    datatype = None if term.language or term.datatype.value == _XSD_STRING else term.datatype.value
    return rdflib.Literal(term.value, lang=term.language, datatype=datatype)


def _locate(own: Own, node: Term) -> tuple[str | None, int | None]:
    """Source file and line of a node: its own, or those of the nodes it was derived from or is in."""
    source_file: str | None = None
    line: int | None = None
    frontier = [node]
    for _ in range(4):
        for n in frontier:
            for p, o in own(n):
                if p == _SOURCE_FILE and source_file is None:
                    source_file = o.value
                if p == _LINE and not line and isinstance(o, ox.Literal) and o.value.isdigit():
                    line = int(o.value)
        frontier = [o for n in frontier for p, o in own(n) if p in LOCATING]
    return source_file, line or None
