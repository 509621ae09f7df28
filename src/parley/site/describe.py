"""Each page's resource as Turtle and JSON-LD: its own triples and those of its sub-resources (IRIs
that start with the resource's IRI and a slash), so a meeting carries its turns, participations and
mentions."""

from __future__ import annotations

import pyoxigraph as ox

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


def prefixes(base: str) -> dict[str, str]:
    return {**PREFIXES, **{name: f"{base}{name}/" for name in SITE_PREFIXES}, "rtype": f"{base}record-type/"}


def turtle(triples: list[ox.Triple], base: str) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base)) or b""


def jsonld(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b""
