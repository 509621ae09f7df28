"""Typed literals and a small triple collector."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from parley.vocab import RDF, XSD

LangText = tuple[str, str]


def date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=NamedNode(XSD + "date"))


def datetime(day: dt.date, time: dt.time) -> Literal:
    return Literal(dt.datetime.combine(day, time).isoformat(), datatype=NamedNode(XSD + "dateTime"))


def instant(value: dt.datetime) -> Literal:
    """A moment, in UTC (`Z`) when it is known to be, else local time as the record gives it."""
    text = value.isoformat().replace("+00:00", "Z")
    return Literal(text, datatype=NamedNode(XSD + "dateTime"))


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "integer"))


def decimal(value: float) -> Literal:
    """`value` to two places in the canonical form of XSD 1.1 (`0.6`, `1`), which every store returns
    as written (a store that canonicalizes would return `0.60` as `0.6`)."""
    return Literal(f"{value:.2f}".rstrip("0").rstrip("."), datatype=NamedNode(XSD + "decimal"))


def duration(minutes: int) -> Literal:
    hours, rest = divmod(minutes, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")
    return Literal(text, datatype=NamedNode(XSD + "duration"))


def english(text: str) -> Literal:
    return Literal(text, language="en")


def string(text: str) -> Literal:
    return Literal(text)


@dataclass
class Triples:
    """Collects triples, dropping those whose object is empty."""

    items: list[Triple] = field(default_factory=list)

    def add(self, subject: NamedNode, predicate: NamedNode, obj: NamedNode | Literal | None) -> None:
        if obj is None or (isinstance(obj, Literal) and obj.value == ""):
            return
        self.items.append(Triple(subject, predicate, obj))

    def typed(self, subject: NamedNode, *classes: NamedNode) -> None:
        for cls in classes:
            self.items.append(Triple(subject, NamedNode(RDF + "type"), cls))
