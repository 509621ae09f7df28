"""The fast validator: compiled shapes run on an in-memory pyoxigraph store, per named graph and across."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl.rdfutil.stringify import stringify_node

from parley.errors import InputError
from parley.shacl.compile import compile_shapes
from parley.shacl.engine import Engine, Term, Violation
from parley.shacl.report import ShapeResult, short

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
_DATA = rdflib.Graph()  # how pyshacl names data terms in its default messages


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
    def load(cls, ontology: Path, shapes: Path, corpus_shapes: Path) -> Validator:
        try:
            onto = tuple(ox.parse(path=ontology, format=ox.RdfFormat.TURTLE))
        except (OSError, SyntaxError) as err:
            raise InputError(f"{ontology}: cannot parse: {err}") from err
        return cls(onto, Engine(compile_shapes(shapes)), Engine(compile_shapes(corpus_shapes)))

    def skeleton(self, triples: Iterable[ox.Triple]) -> list[ox.Triple]:
        """The triples describing documents and meetings (of any subclass): what `corpus` reads."""
        items = list(triples)
        classes = self._skeleton_classes
        typed = {t.subject for t in items if t.predicate == _TYPE and t.object in classes}
        return [t for t in items if t.subject in typed]

    @functools.cached_property
    def _skeleton_classes(self) -> frozenset[object]:
        found: set[object] = {ox.NamedNode(PARLEY + "Document"), ox.NamedNode(PARLEY + "Meeting")}
        pairs = [(t.subject, t.object) for t in self.ontology if t.predicate == _SUBCLASS]
        while new := {sub for sub, sup in pairs if sup in found and sub not in found}:
            found |= new
        return frozenset(found)

    def document(self, name: str, triples: Sequence[ox.Triple], types: TypeIndex) -> list[ShapeResult]:
        """Results for one named graph `name`: its triples + the ontology + the rdf:type triples, from
        `types`, of the nodes it links to but does not describe (nodes of other graphs); only those
        whose focus node the graph describes."""
        linked = {t.object for t in triples} - {t.subject for t in triples}
        context = [t for node in linked for t in types.get(node, ())]
        return self._run(self.shapes, name, triples, [*self.ontology, *context])

    def corpus(self, skeleton: Sequence[ox.Triple]) -> list[ShapeResult]:
        """The cross-document rules on the skeleton (descriptions of documents and meetings of all graphs)."""
        return self._run(self.corpus_shapes, "corpus", skeleton, self.ontology)

    def _run(
        self, engine: Engine, name: str, triples: Sequence[ox.Triple], extra: Sequence[ox.Triple]
    ) -> list[ShapeResult]:
        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in (*triples, *extra))
        violations = engine.run(store)
        if not violations:
            return []
        index: dict[Term, list[tuple[ox.NamedNode, Term]]] = defaultdict(list)
        for t in triples:
            index[t.subject].append((t.predicate, t.object))  # type: ignore[index, arg-type]
        return [_result(v, name, index) for v in violations if v.focus in index]


def _result(v: Violation, graph: str, index: dict[Term, list[tuple[ox.NamedNode, Term]]]) -> ShapeResult:
    check = v.check
    source_file, line = _locate(index, v.focus)
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
    shown = {k: stringify_node(_DATA, to_rdflib(t)) for k, t in terms.items() if t is not None}
    return [_fill(check.generic, shown)]


def _fill(message: str, values: dict[str, str]) -> str:
    for name, text in values.items():
        message = re.sub(rf"{{[?$]{name}}}", lambda _, text=text: text, message)  # type: ignore[misc]
    return message


def to_rdflib(term: Term) -> rdflib.term.Identifier:
    """The rdflib term for a pyoxigraph term (a plain literal stays without datatype, as rdflib reads it)."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    datatype = None if term.language or term.datatype.value == _XSD_STRING else term.datatype.value
    return rdflib.Literal(term.value, lang=term.language, datatype=datatype)


def _locate(index: dict[Term, list[tuple[ox.NamedNode, Term]]], node: Term) -> tuple[str | None, int | None]:
    """Source file and line of a node: its own, or those of the nodes it was derived from or is in."""
    source_file: str | None = None
    line: int | None = None
    frontier = [node]
    for _ in range(4):
        for n in frontier:
            for p, o in index.get(n, ()):
                if p == _SOURCE_FILE and source_file is None:
                    source_file = o.value
                if p == _LINE and not line and isinstance(o, ox.Literal) and o.value.isdigit():
                    line = int(o.value)
        frontier = [o for n in frontier for p, o in index.get(n, ()) if p in LOCATING]
    return source_file, line or None
