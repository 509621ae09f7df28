"""What a citation says, read from the graph through `Facts`: the site's in-memory graph data, or
`StoreFacts` over a store or an endpoint (one bound SELECT per subject looked at)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox

from parley.errors import InputError
from parley.lookup import short_name
from parley.vocab import DCTERMS, PARLEY, RDF, RDFS

P = PARLEY
PROV = "http://www.w3.org/ns/prov#"
PASSAGES = {P + "Utterance", P + "Turn", P + "ReportedStatement", P + "Narration"}
Term = ox.NamedNode | ox.Literal | ox.BlankNode
Rows = Callable[[str, Sequence[str], Sequence[Sequence[Term]]], Sequence[Sequence[Term | None]]]


class Facts(Protocol):
    """The reading of a graph that gathering needs."""

    def text(self, subject: str, predicate: str) -> str | None: ...

    def iris(self, subject: str, predicate: str) -> list[str]: ...

    def inverse(self, obj: str, predicate: str) -> list[str]: ...


class StoreFacts:
    """Facts read from a store or an endpoint through `rows` (a SELECT with bound VALUES rows)."""

    def __init__(self, rows: Rows) -> None:
        self.rows = rows
        self._props: dict[str, dict[str, list[Term]]] = {}

    def _of(self, subject: str) -> dict[str, list[Term]]:
        if subject not in self._props:
            found: dict[str, list[Term]] = defaultdict(list)
            query = "SELECT DISTINCT ?p ?o WHERE { ?s ?p ?o }"
            for p, o in self.rows(query, ["s"], [[ox.NamedNode(subject)]]):
                if isinstance(p, ox.NamedNode) and o is not None:
                    found[p.value].append(o)
            for values in found.values():
                values.sort(key=lambda t: (0 if isinstance(t, ox.NamedNode) else 1, str(t)))
            self._props[subject] = found
        return self._props[subject]

    def text(self, subject: str, predicate: str) -> str | None:
        found = self._of(subject).get(predicate)
        return found[0].value if found else None

    def iris(self, subject: str, predicate: str) -> list[str]:
        return [t.value for t in self._of(subject).get(predicate, []) if isinstance(t, ox.NamedNode)]

    def inverse(self, obj: str, predicate: str) -> list[str]:
        query = "SELECT DISTINCT ?s WHERE { ?s ?p ?o } ORDER BY STR(?s)"
        rows = self.rows(query, ["p", "o"], [[ox.NamedNode(predicate), ox.NamedNode(obj)]])
        return [s.value for (s,) in rows if isinstance(s, ox.NamedNode)]


@dataclass(frozen=True)
class Citation:
    """Everything a citation of one resource can say; empty strings where the graph says nothing."""

    iri: str
    short: str
    kind: str  # claim, turn, meeting or record
    record: str = ""  # the record's IRI
    title: str = ""  # the record's title
    date: str = ""  # of the meeting, else of the record
    meeting: str = ""
    speaker: str = ""
    stance: str = ""
    issue: str = ""
    quote: str = ""
    source_file: str = ""
    line: int | None = None
    begin: int | None = None
    end: int | None = None
    archive: str = ""
    collection: str = ""
    box: str = ""
    folder: str = ""
    record_id: str = ""
    address: str = ""
    archival_citation: str = ""
    publisher: str = ""


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.lstrip("-").isdigit() else None


def _label(facts: Facts, iri: str | None) -> str:
    if not iri:
        return ""
    for predicate in (RDFS + "label", DCTERMS + "title"):
        if found := facts.text(iri, predicate):
            return found
    return iri.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")


def _line_within(facts: Facts, passage: str, begin: int | None) -> int | None:
    """The source line of the offset `begin` inside `passage` (whose text is its source span)."""
    first, start, text = (
        _int(facts.text(passage, P + "line")),
        _int(facts.text(passage, P + "beginIndex")),
        facts.text(passage, P + "text"),
    )
    if first is None or start is None or text is None or begin is None or not 0 <= begin - start <= len(text):
        return first if begin == start else None
    return first + text[: begin - start].count("\n")


def _about_passage(facts: Facts, iri: str, passage: str, claim: bool) -> dict[str, object]:
    """What a claim (with its evidence `passage`) or a passage itself says for its citation."""
    meeting = facts.text(passage, P + "inMeeting") or ""
    begin = _int(facts.text(iri, P + "beginIndex"))
    speaker = facts.text(iri, P + "claimant") if claim else facts.text(passage, P + "speaker")
    record = facts.text(passage, P + "inDocument") or facts.text(iri, PROV + "wasDerivedFrom") or ""
    return {
        "kind": "claim" if claim else "turn",
        "record": record,
        "date": facts.text(meeting or record, DCTERMS + "date") if meeting or record else None,
        "meeting": _label(facts, meeting),
        "speaker": _label(facts, speaker) or (facts.text(passage, P + "speakerLabel") or ""),
        "quote": facts.text(iri, P + "quote" if claim else P + "text") or "",
        "line": _line_within(facts, passage, begin),
        "begin": begin,
        "end": _int(facts.text(iri, P + "endIndex")),
        "stance": _label(facts, facts.text(iri, P + "stance")) if claim else "",
        "issue": _label(facts, facts.text(iri, P + "onIssue")) if claim else "",
    }


def _about_record(facts: Facts, record: str) -> dict[str, object]:
    """The record's title, date, file and archival facts."""
    fields = {
        "source_file": P + "sourceFile",
        "archive": P + "archive",
        "collection": P + "archivalCollection",
        "box": P + "box",
        "folder": P + "folder",
        "record_id": P + "recordId",
        "address": P + "sourceAddress",
        "publisher": DCTERMS + "publisher",
    }
    found: dict[str, object] = {
        name: facts.text(record, predicate) or "" for name, predicate in fields.items()
    }
    citation = facts.text(record, P + "citation") or facts.text(record, DCTERMS + "bibliographicCitation")
    return found | {"title": _label(facts, record), "archival_citation": citation or ""}


def gather(facts: Facts, iri: str, base: str) -> Citation:
    """The citation of the claim, turn (reported statement, narration), meeting or record `iri`."""
    types = set(facts.iris(iri, RDF + "type"))
    claim = P + "Claim" in types
    passage = facts.text(iri, P + "evidence") if claim else (iri if types & PASSAGES else None)
    fields: dict[str, object]
    if passage:
        fields = _about_passage(facts, iri, passage, claim)
    elif P + "Meeting" in types:
        records = facts.inverse(iri, P + "recordsMeeting") or facts.inverse(iri, P + "reportsOn")
        fields = {
            "kind": "meeting",
            "record": records[0] if records else "",
            "date": facts.text(iri, DCTERMS + "date"),
            "meeting": _label(facts, iri),
            "line": _int(facts.text(iri, P + "line")),
        }
    elif P + "Document" in types:
        fields = {"kind": "record", "record": iri}
    else:
        raise InputError(f"{short_name(iri, base)}: not a claim, turn, meeting or record of the graph")
    record = str(fields["record"])
    if record:
        fields |= _about_record(facts, record)
        fields["date"] = fields.get("date") or facts.text(record, DCTERMS + "date")
    fields["date"] = fields.get("date") or ""
    return Citation(iri=iri, short=short_name(iri, base), **fields)  # type: ignore[arg-type]
