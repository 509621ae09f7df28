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


def gather(facts: Facts, iri: str, base: str) -> Citation:
    """The citation of the claim, turn (or reported statement, narration), meeting or record `iri`."""
    types = set(facts.iris(iri, RDF + "type"))
    claim = P + "Claim" in types
    passages = {P + "Utterance", P + "Turn", P + "ReportedStatement", P + "Narration"}
    passage = facts.text(iri, P + "evidence") if claim else (iri if types & passages else None)
    if claim or passage:
        assert passage is not None
        meeting = facts.text(passage, P + "inMeeting") or ""
        record = facts.text(passage, P + "inDocument") or facts.text(iri, PROV_DERIVED) or ""
        begin = _int(facts.text(iri, P + "beginIndex"))
        speaker = facts.text(iri, P + "claimant") if claim else facts.text(passage, P + "speaker")
        fields = {
            "kind": "claim" if claim else "turn",
            "meeting": _label(facts, meeting),
            "speaker": _label(facts, speaker) or (facts.text(passage, P + "speakerLabel") or ""),
            "quote": facts.text(iri, P + "quote" if claim else P + "text") or "",
            "line": _line_within(facts, passage, begin),
            "begin": begin,
            "end": _int(facts.text(iri, P + "endIndex")),
            "stance": _label(facts, facts.text(iri, P + "stance")) if claim else "",
            "issue": _label(facts, facts.text(iri, P + "onIssue")) if claim else "",
        }
        date = facts.text(meeting, DCTERMS + "date") if meeting else None
    elif P + "Meeting" in types:
        records = facts.inverse(iri, P + "recordsMeeting") or facts.inverse(iri, P + "reportsOn")
        record = records[0] if records else ""
        fields = {"kind": "meeting", "meeting": _label(facts, iri), "line": _int(facts.text(iri, P + "line"))}
        date = facts.text(iri, DCTERMS + "date")
    elif P + "Document" in types:
        record, fields, date = iri, {"kind": "record"}, None
    else:
        raise InputError(f"{short_name(iri, base)}: not a claim, turn, meeting or record of the graph")
    return Citation(
        iri=iri,
        short=short_name(iri, base),
        record=record,
        title=_label(facts, record) if record else "",
        date=date or (facts.text(record, DCTERMS + "date") if record else None) or "",
        source_file=facts.text(record, P + "sourceFile") or "" if record else "",
        archive=facts.text(record, P + "archive") or "" if record else "",
        collection=facts.text(record, P + "archivalCollection") or "" if record else "",
        box=facts.text(record, P + "box") or "" if record else "",
        folder=facts.text(record, P + "folder") or "" if record else "",
        record_id=facts.text(record, P + "recordId") or "" if record else "",
        address=facts.text(record, P + "sourceAddress") or "" if record else "",
        archival_citation=(
            facts.text(record, P + "citation") or facts.text(record, DCTERMS + "bibliographicCitation") or ""
        )
        if record
        else "",
        publisher=facts.text(record, DCTERMS + "publisher") or "" if record else "",
        **fields,  # type: ignore[arg-type]
    )


PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
