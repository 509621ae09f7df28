"""Entities by what a user types: an IRI, a short name (`person:joseph-stalin`), a Wikidata QID, or a
label or alias (`Stalin`, `Outer Mongolia`), looked up in the graph being queried.

A name matches an entity when, lower-cased and without accents or punctuation, it equals one of the
entity's names (label, aliases, title, id) or, failing any such match, when all its words are words
of one of them. One match is the entity; several are an error listing them; none, or an IRI the
graph does not hold, is an error suggesting the nearest names (rapidfuzz). Values reach the store
bound as terms, never pasted into the query text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from parley.errors import InputError
from parley.suggest import nearest
from parley.vocab import PARLEY, WD

Term = ox.NamedNode | ox.Literal | ox.BlankNode
Select = Callable[[str, Sequence[str], Sequence[Sequence[ox.NamedNode]]], Sequence[Sequence[Term | None]]]

REGISTRY = ("Person", "Organization", "State", "Place", "Treaty", "Event", "Issue")
CLASSES: dict[str, tuple[str, ...]] = {  # the kind a parameter expects -> classes its entities have
    "person": ("Person",),
    "claimant": ("Person",),
    "speaker": ("Person",),
    "issue": ("Issue",),
    "meeting": ("Meeting",),
    "treaty": ("Treaty",),
    "place": ("Place",),
    "org": ("Organization", "State"),
    "organization": ("Organization", "State"),
    "event": ("Event",),
    "document": ("Document",),
    "doc": ("Document",),
    "claim": ("Claim",),
    "turn": ("Utterance", "Narration"),
    "entity": REGISTRY,
    "resource": ("Claim", "Utterance", "Narration", "Meeting", "Document"),  # what `parley cite` cites
}
SHORT_PREFIXES = ("meeting", "person", "place", "org", "treaty", "issue", "event", "doc", "claim")
NAMES = """
PREFIX parley: <https://w3id.org/parley/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?e ?label ?name WHERE {
  ?e a ?class .
  OPTIONAL { ?e rdfs:label ?label }
  OPTIONAL {
    { ?e skos:altLabel ?name } UNION { ?e dcterms:title ?name }
    UNION { ?record parley:recordsMeeting ?e ; dcterms:title ?name }
  }
}"""
TYPES = "SELECT DISTINCT ?e ?type WHERE { ?e a ?type }"
SAME_AS = "SELECT DISTINCT ?e ?wd WHERE { ?e <http://www.w3.org/2002/07/owl#sameAs> ?wd }"


def fold(text: str) -> str:
    """`text` lower-cased, without accents, its words (letters and digits) joined by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"[^\W_]+", plain))


def _within(wanted: str, name: str) -> bool:
    """Whether the folded `wanted` is a run of whole words of the folded `name`."""
    return f" {wanted} " in f" {name} "


def _all_words(wanted: str, name: str) -> bool:
    """Whether every word of `wanted` is a word of `name`, as often as `wanted` has it."""
    return not Counter(wanted.split()) - Counter(name.split())


def short_name(iri: str, base: str) -> str:
    """`person:joseph-stalin` for an IRI under `base` with a known prefix, else the IRI itself."""
    if iri.startswith(base):
        prefix, _, local = iri[len(base) :].partition("/")
        if prefix in SHORT_PREFIXES and local:
            return f"{prefix}:{local}"
    return iri


def as_iri(value: str, base: str) -> str | None:
    """The IRI `value` spells (an IRI, a short name, a QID as a Wikidata IRI), or None for a name."""
    if re.fullmatch(r"Q[1-9]\d*", value):
        return WD + value
    if re.match(r"https?://\S+$", value):
        return value
    prefix, colon, local = value.partition(":")
    if colon and prefix in SHORT_PREFIXES and local and not re.search(r"\s", local):
        return f"{base}{prefix}/{local}"
    return None


@dataclass(frozen=True)
class Entity:
    """An entity that may be meant, its label and every name it goes by (label, aliases, id)."""

    iri: str
    label: str
    names: tuple[str, ...]

    def shown(self, base: str) -> str:
        short = short_name(self.iri, base)
        return f"{short} ({self.label})" if self.label else short


class Lookup:
    """Finds the entities parameters name, through `select` (a SELECT with bound VALUES rows)."""

    def __init__(self, select: Select, base: str) -> None:
        self.select, self.base = select, base

    def entity(self, kind: str, value: str) -> ox.NamedNode:
        """The one entity of `kind` (a parameter name; see CLASSES) that `value` names."""
        value = " ".join(value.split())
        if not value:
            raise InputError(f"{kind}: empty; give a name, an id like {kind}:…, an IRI or a QID")
        classes = CLASSES.get(kind, REGISTRY)
        iri = as_iri(value, self.base)
        if iri is not None:
            return self._by_iri(kind, classes, value, iri)
        return self._by_name(kind, classes, value)

    def _by_iri(self, kind: str, classes: tuple[str, ...], value: str, iri: str) -> ox.NamedNode:
        try:
            node = ox.NamedNode(iri)
        except ValueError as err:
            raise InputError(
                f"{value!r} is not an IRI, a QID or a short name like person:joseph-stalin"
            ) from err
        if iri.startswith(WD):
            same = sorted({row[0].value for row in self.select(SAME_AS, ["wd"], [[node]]) if row[0]})
            if len(same) > 1:
                listed = ", ".join(short_name(e, self.base) for e in same)
                raise InputError(f"{kind} {value}: several entities are the same as {iri}: {listed}")
            if not same:
                raise InputError(f"{kind} {value}: no entity of the graph is linked to {iri} (owl:sameAs)")
            node = ox.NamedNode(same[0])
        types = {row[1].value for row in self.select(TYPES, ["e"], [[node]]) if row[1]}
        if types & {PARLEY + c for c in classes}:
            return node
        if types:
            held = ", ".join(sorted(t.removeprefix(PARLEY) for t in types))
            shown = short_name(node.value, self.base)
            raise InputError(f"{kind} {value}: {shown} is of type {held}, not a {kind}")
        raise InputError(f"{kind} {value}: not in the graph{self._nearest(classes, value)}")

    def _by_name(self, kind: str, classes: tuple[str, ...], value: str) -> ox.NamedNode:
        entities = self._entities(classes)
        wanted = fold(value)
        found: list[Entity] = []
        for matches in (str.__eq__, _within, _all_words):
            found = found or [e for e in entities if any(matches(wanted, fold(n)) for n in e.names)]
        if len(found) == 1:
            return ox.NamedNode(found[0].iri)
        if found:
            listed = "; ".join(e.shown(self.base) for e in found[:12])
            more = f" and {len(found) - 12} more" if len(found) > 12 else ""
            raise InputError(f"{kind} {value!r} is ambiguous: {listed}{more}; give one of these ids")
        raise InputError(f"no {kind} named {value!r}{self._nearest(classes, value, entities)}")

    def _entities(self, classes: tuple[str, ...]) -> list[Entity]:
        rows = self.select(NAMES, ["class"], [[ox.NamedNode(PARLEY + c)] for c in classes])
        labels: dict[str, str] = {}
        names: dict[str, set[str]] = defaultdict(set)
        for entity, label, name in rows:
            if entity is None:
                continue
            if label is not None:
                labels[entity.value] = min(labels.get(entity.value, label.value), label.value)
                names[entity.value].add(label.value)
            if name is not None:
                names[entity.value].add(name.value)
        out = []
        for iri in sorted(names.keys() | labels.keys()):
            local = short_name(iri, self.base).partition(":")[2] or iri.rstrip("/").rsplit("/", 1)[-1]
            out.append(Entity(iri, labels.get(iri, ""), (*sorted(names[iri]), local)))
        return out

    def _nearest(self, classes: tuple[str, ...], value: str, entities: list[Entity] | None = None) -> str:
        """'; did you mean …?' over the names and ids of the entities of `classes`."""
        entities = entities if entities is not None else self._entities(classes)
        by_name: dict[str, Entity] = {}
        for e in entities:
            for name in (*e.names, short_name(e.iri, self.base)):
                by_name.setdefault(name, e)
        close: list[Entity] = []
        for name in nearest(value, by_name, limit=10):
            if by_name[name] not in close:
                close.append(by_name[name])
        if not close:
            return "; no name is near it (see `parley list`)"
        return "; did you mean " + " or ".join(e.shown(self.base) for e in close[:3]) + "?"
