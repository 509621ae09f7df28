"""Map the curated registry to the triples of its own named graph."""

from __future__ import annotations

from pyoxigraph import NamedNode, Triple

from parley.claims import ClaimRules
from parley.rdf import iris as mint
from parley.rdf.iris import Iris
from parley.rdf.terms import Triples, english, string
from parley.registry import Registry
from parley.vocab import P, S

KIND_CLASSES = {
    "person": (P.Person,),
    "place": (P.Place,),
    "organization": (P.Organization,),
    "state": (P.State, P.Organization),
    "treaty": (P.Treaty,),
    "event": (P.Event,),
}


def issue_triples(rules: ClaimRules, registry: Registry, iris: Iris) -> list[Triple]:
    """Each issue under negotiation: its label and the entities it concerns."""
    out = Triples()
    for issue in sorted(rules.issues, key=lambda i: i.id):
        node = iris.issue(issue.id)
        out.typed(node, P.Issue)
        out.add(node, S.label, english(issue.label))
        for entity_id in sorted(issue.entities):
            entity = registry.get(entity_id)
            out.add(node, P.concerns, iris.entity(entity.kind, entity.id))
        out.add(node, S.comment, english(issue.note))
        out.add(node, S.wasDerivedFrom, NamedNode(iris.base + "mappings/issues.yaml"))
    return out.items


def registry_triples(registry: Registry, iris: Iris) -> list[Triple]:
    """Type, labels, aliases, membership and Wikidata link of every registry entity."""
    out = Triples()
    for entity in sorted(registry.entities.values(), key=lambda e: e.id):
        node = iris.entity(entity.kind, entity.id)
        out.typed(node, *KIND_CLASSES[entity.kind])
        out.add(node, S.label, string(entity.label))
        out.add(node, S.prefLabel, english(entity.label))
        for alias in sorted(set(entity.aliases) - {entity.label}):
            out.add(node, S.altLabel, english(alias))
        if entity.member_of:
            member = registry.get(entity.member_of)
            out.add(node, P.memberOf, iris.entity(member.kind, member.id))
        if entity.wikidata:
            out.add(node, S.sameAs, mint.wikidata(entity.wikidata))
        out.add(node, S.comment, english(entity.note))
        out.add(
            node, S.wasDerivedFrom, NamedNode(iris.base + "mappings/" + entity.source_file.rsplit("/", 1)[-1])
        )
    return out.items
