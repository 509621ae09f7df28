"""Each page's resource as Turtle and JSON-LD: its own triples and those of its sub-resources (IRIs
that start with the resource's IRI and a slash), so a meeting carries its turns, participations and
mentions."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from parley.site.links import Site
from parley.vocab import PREFIXES

SITE_PREFIXES = (
    "meeting",
    "person",
    "place",
    "org",
    "event",
    "treaty",
    "issue",
    "doc",
    "claim",
    "role",
    "stance",
)


def owners(site: Site) -> dict[str, list[ox.Triple]]:
    """The triples each page describes, by page path, in the graph's sorted order."""
    described: dict[str, list[ox.Triple]] = defaultdict(list)
    for triple in site.data.triples:
        if not isinstance(triple.subject, ox.NamedNode):
            continue
        path = site.layout.path(triple.subject.value)
        if path is None:
            continue
        parts = path.split("/")
        for n in range(1, len(parts) + 1):
            prefix = "/".join(parts[:n])
            if prefix in site.pages:
                described[prefix].append(triple)
    return described


def prefixes(base: str) -> dict[str, str]:
    return {**PREFIXES, **{name: f"{base}{name}/" for name in SITE_PREFIXES}, "rtype": f"{base}record-type/"}


def turtle(triples: list[ox.Triple], base: str) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base)) or b""


def jsonld(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b""
