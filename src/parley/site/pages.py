"""What each page shows: a template name and its context, read from the graph data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from parley.cite import gather, render
from parley.site import markup, pictures
from parley.site.durations import spoken_duration
from parley.site.links import Link, Site, concept, short
from parley.vocab import DCTERMS, OWL, PARLEY, RDFS, SKOS

Context = dict[str, Any]
P = PARLEY
CITE_FORMATS = (("text", "text"), ("bibtex", "bibtex"), ("ris", "ris"), ("csl", "csl-json"))
SNIPPET = 300  # characters of a turn's text the search reads


@dataclass(frozen=True)
class Claim:
    """A claim as pages list it."""

    iri: str
    date: str
    party: str
    stance: str
    quote: str
    issue: str
    claimant: str
    utterance: str
    meeting: str  # none for a claim in a record of no meeting
    number: int
    record: str = ""
    status: str = ""
    reviewed: str = ""  # `accepted by X on 1945-07-02` for a reviewed claim
    confidence: str = ""  # a candidate's measured confidence, as the graph writes it


@dataclass(frozen=True)
class Entry:
    """What the index, the search and resources.json say of a page: read once, while it is written."""

    path: str
    kind: str
    name: str  # the resource's own label: its place in the index
    label: str  # the link's text (a turn's is made of its speaker, position and meeting)
    date: str | None
    snippet: str | None  # what the search reads besides the label: a turn's text, a claim's quote
    types: tuple[str, ...]


def _reviewed(review: str | None, by: str | None, on: str | None) -> str:
    """`accepted by A. Curator on 2026-11-24`, or '' for a candidate."""
    return " ".join(
        part for part in (review or "", f"by {by}" if by else "", f"on {on}" if on else "") if part
    )


def _number(iri: str) -> int:
    tail = iri.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else 0


class Pages:
    """Builds the context of every page of `site`."""

    def __init__(self, site: Site) -> None:
        self.site, self.data = site, site.data
        self.claims = sorted(
            (
                self._claim(iri)
                for iri in self.data.inverse(P + "Claim", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
            ),
            key=lambda c: (c.date or "9999", c.meeting, c.number, c.iri),
        )
        self.claims_by: dict[str, dict[str, list[Claim]]] = {  # by evidence, issue, claimant and party
            field: defaultdict(list) for field in ("utterance", "issue", "claimant", "party")
        }
        for claim in self.claims:
            for field, index in self.claims_by.items():
                index[getattr(claim, field)].append(claim)
        self._passages: dict[tuple[str, str], list[str]] = {}

    def _claim(self, iri: str) -> Claim:
        d = self.data
        utterance = d.text(iri, P + "evidence") or ""
        meeting = d.text(utterance, P + "inMeeting") or ""
        record = d.text(utterance, P + "inDocument") or ""
        claimant = d.text(iri, P + "claimant") or ""
        return Claim(
            iri=iri,
            date=d.text(meeting or record, DCTERMS + "date") or "",
            party=d.text(iri, P + "onBehalfOf") or claimant,
            stance=d.text(iri, P + "stance") or "",
            quote=d.text(iri, P + "quote") or "",
            issue=d.text(iri, P + "onIssue") or "",
            claimant=claimant,
            utterance=utterance,
            meeting=meeting,
            number=_number(iri),
            record=record,
            status=(d.text(iri, P + "status") or "").rsplit("/", 1)[-1],
            reviewed=_reviewed(
                d.text(iri, P + "review"), d.text(iri, P + "reviewedBy"), d.text(iri, P + "reviewedOn")
            ),
            confidence=d.text(iri, P + "confidence") or "",
        )

    def entry(self, path: str, kind: str) -> Entry:
        d, iri = self.data, self.site.iri(path)
        snippet = None
        if kind == "utterance":
            snippet = (d.text(iri, P + "text") or "")[:SNIPPET]
        elif kind == "claim":
            snippet = d.text(iri, P + "quote") or ""
        return Entry(
            path,
            kind,
            d.label(iri),
            self.site.label(iri),
            d.text(iri, DCTERMS + "date"),
            snippet,
            tuple(d.types(iri)),
        )

    # shared pieces

    def link(self, here: str, iri: str | None, label: str | None = None) -> Link | None:
        return self.site.link(here, iri, label) if iri else None

    def facts(self, here: str, iri: str) -> list[tuple[str, list[Link]]]:
        """Every statement about `iri`, as (prefixed predicate, objects) rows."""
        return [
            (short(predicate), [self.site.term(here, obj) for obj in objects])
            for predicate, objects in self.data.statements(iri).items()
        ]

    def claim_row(self, here: str, claim: Claim) -> Context:
        return {
            "link": self.site.link(here, claim.iri, f"claim {claim.number}"),
            "date": claim.date,
            "party": self.link(here, claim.party),
            "claimant": self.link(here, claim.claimant),
            "stance": concept(claim.stance),
            "issue": self.link(here, claim.issue),
            "quote": claim.quote,
            "meeting": self.link(here, claim.meeting or claim.record),
            "utterance": self.link(here, claim.utterance, "in context"),
            "status": claim.status,
            "reviewed": claim.reviewed,
            "confidence": claim.confidence,
        }

    def mentions_in(self, here: str, container: str) -> list[markup.Span]:
        spans = []
        for mention in self.data.inverse(container, P + "inText"):
            entity = self.data.text(mention, P + "mentionOf") or ""
            tail = mention.rsplit("/", 1)[-1]
            spans.append(
                markup.Span(
                    start=int(self.data.text(mention, P + "beginIndex") or -1),
                    end=int(self.data.text(mention, P + "endIndex") or -1),
                    expected=self.data.text(mention, P + "surfaceForm") or "",
                    href=self.site.target(here, entity),
                    ident=f"mention-{tail}",
                    title=self.data.label(entity),
                )
            )
        return spans

    def passage(self, here: str, iri: str) -> Context:
        d = self.data
        text = d.text(iri, P + "text") or ""
        offset = int(d.text(iri, P + "beginIndex") or 0)
        claims = self.claims_by["utterance"].get(iri, [])
        spans = [
            markup.Span(
                start=int(d.text(c.iri, P + "beginIndex") or -1),
                end=int(d.text(c.iri, P + "endIndex") or -1),
                expected=c.quote,
                href=self.site.target(here, c.iri),
                ident=f"claim-{c.number}",
                title=f"{concept(c.stance)}: {d.label(c.issue)}",
                note=f"{concept(c.stance)}: {d.label(c.issue)}",
            )
            for c in claims
        ]
        speaker = d.text(iri, P + "speaker")
        kinds = [short(t).split(":")[-1] for t in d.types(iri) if t.startswith(P) and t != P + "Utterance"]
        return {
            "iri": iri,
            "position": d.text(iri, P + "position") or "",
            "kind": kinds[0] if kinds else "Passage",
            "speaker": self.link(here, speaker) if speaker else None,
            "speaker_label": d.text(iri, P + "speakerLabel") or "",
            "html": markup.marked(text, offset, self.mentions_in(here, iri), spans),
            "page": self.site.link(here, iri, "turn page"),
            "claims": [self.claim_row(here, c) for c in claims],
        }

    def passages(self, meeting: str, within: str = P + "inMeeting") -> list[str]:
        """The passages of a meeting (or, `within` parley:inDocument, of a document), in order."""
        if (meeting, within) not in self._passages:
            found = self.data.inverse(meeting, within)
            ordered = sorted(found, key=lambda u: (int(self.data.text(u, P + "position") or 0), u))
            self._passages[(meeting, within)] = ordered
        return self._passages[(meeting, within)]

    def base(self, here: str, iri: str, kind: str) -> Context:
        return {
            "here": here,
            "kind": kind,
            "iri": iri,
            "title": self.data.label(iri),
            "facts": self.facts(here, iri),
            "same_as": [self.site.term(here, t) for t in self.data.values(iri, OWL + "sameAs")],
            "comment": self.data.text(iri, RDFS + "comment"),
            "aliases": sorted({t.value for t in self.data.values(iri, SKOS + "altLabel")}),
        }

    def citation(self, iri: str) -> Context:
        """The "cite this" block of a claim, turn or record page: text, BibTeX, RIS and CSL-JSON."""
        found = gather(self.data, iri, self.site.layout.base)
        return {fmt: render(found, name) for fmt, name in CITE_FORMATS}

    # pages by kind

    def meeting(self, here: str, iri: str) -> Context:
        d = self.data
        ctx = self.base(here, iri, "meeting")
        records = d.inverse(iri, P + "recordsMeeting")
        participants: list[Context] = []
        for p in d.iris(iri, P + "participation"):
            person = d.text(p, P + "participant")
            participants.append(
                {
                    "id": "participant-" + p.rsplit("/", 1)[-1],
                    "person": self.link(here, person),
                    "role": concept(d.text(p, P + "role")) or "participant",
                    "for": self.link(here, d.text(p, P + "speaksFor")),
                    "as_written": d.text(p, P + "nameAsWritten") or "",
                    "title": d.text(p, P + "titleAsWritten") or "",
                }
            )
        participants.sort(key=lambda p: (p["person"].label if p["person"] else "", p["id"]))
        ctx.update(
            date=d.text(iri, DCTERMS + "date"),
            duration=spoken_duration(d.text(iri, P + "duration")),
            duration_iso=d.text(iri, P + "duration"),
            places=[self.site.link(here, x) for x in d.iris(iri, P + "place")],
            records=[self.document_summary(here, doc) for doc in records],
            reports=[self.site.link(here, doc) for doc in d.inverse(iri, P + "reportsOn")],
            participants=participants,
            turns=[self.passage(here, u) for u in self.passages(iri)],
        )
        return ctx

    def document_summary(self, here: str, doc: str) -> Context:
        d = self.data
        return {
            "link": self.site.link(here, doc),
            "citation": d.text(doc, P + "citation") or d.text(doc, DCTERMS + "bibliographicCitation"),
            "source": d.text(doc, P + "sourceAddress"),
            "date": d.text(doc, DCTERMS + "date"),
            "type": concept(d.text(doc, P + "recordType")),
        }

    def utterance(self, here: str, iri: str) -> Context:
        ctx = self.base(here, iri, "utterance")
        meeting = self.data.text(iri, P + "inMeeting")  # none for a passage of a record of no meeting
        parent = meeting or self.data.text(iri, P + "inDocument") or ""
        siblings = self.passages(parent, P + ("inMeeting" if meeting else "inDocument"))
        at = siblings.index(iri) if iri in siblings else -1
        turn = self.passage(here, iri)
        speaker = turn["speaker"].label if turn["speaker"] else turn["speaker_label"] or "Narration"
        word = "turn" if meeting else "passage"
        ctx.update(
            title=f"{speaker}, {word} {turn['position']}: {self.data.label(parent)}",
            meeting=self.link(here, parent),
            in_record=not meeting,
            turn=turn,
            cite=self.citation(iri),
            previous=self.site.link(here, siblings[at - 1], f"previous {word}") if at > 0 else None,
            next=self.site.link(here, siblings[at + 1], f"next {word}")
            if 0 <= at < len(siblings) - 1
            else None,
        )
        return ctx

    def person(self, here: str, iri: str) -> Context:
        d = self.data
        ctx = self.entity(here, iri, "person")
        attended: list[Context] = []
        for p in d.inverse(iri, P + "participant"):
            for meeting in d.inverse(p, P + "participation"):
                attended.append(
                    {
                        "date": d.text(meeting, DCTERMS + "date") or "",
                        "meeting": self.site.link(here, meeting),
                        "role": concept(d.text(p, P + "role")) or "participant",
                        "for": self.link(here, d.text(p, P + "speaksFor")),
                    }
                )
        attended.sort(key=lambda m: (m["date"] or "9999", m["meeting"].label))
        met: dict[str, int] = defaultdict(int)
        for p in d.inverse(iri, P + "participant"):
            for meeting in d.inverse(p, P + "participation"):
                others = {d.text(q, P + "participant") for q in d.iris(meeting, P + "participation")}
                for other in sorted(o for o in others if o and o != iri):
                    met[other] += 1
        network = pictures.ego(
            pictures.Node(iri, d.label(iri), None, "person"),
            [(pictures.Node(o, d.label(o), self.site.target(here, o), "person"), n) for o, n in met.items()],
        )
        by_issue: dict[str, list[Context]] = defaultdict(list)
        for c in self.claims_by["claimant"].get(iri, []):
            by_issue[c.issue].append(self.claim_row(here, c))
        ctx.update(
            network=network,
            meetings=attended,
            members=[self.site.link(here, o) for o in d.iris(iri, P + "memberOf")],
            issues=[
                {"issue": self.site.link(here, issue), "claims": rows}
                for issue, rows in sorted(by_issue.items(), key=lambda kv: d.label(kv[0]))
            ],
        )
        return ctx

    def entity(self, here: str, iri: str, kind: str) -> Context:
        d = self.data
        ctx = self.base(here, iri, kind)
        mentioned: dict[str, int] = defaultdict(int)
        for passage in d.inverse(iri, P + "mentions"):
            where = (
                d.text(passage, P + "inMeeting")
                or d.text(passage, P + "inDocument")
                or d.text(passage, P + "inCollection")
                or passage
            )
            mentioned[where] += 1
        ctx.update(
            mentioned=[
                {"link": self.site.link(here, where), "count": n}
                for where, n in sorted(mentioned.items(), key=lambda kv: (d.label(kv[0]), kv[0]))
            ],
            members=[self.site.link(here, p) for p in d.inverse(iri, P + "memberOf")],
            issues=[self.site.link(here, i) for i in d.inverse(iri, P + "concerns")],
            claims=[
                self.claim_row(here, c) for c in self.claims_by["party"].get(iri, []) if c.claimant != iri
            ],
        )
        return ctx

    def issue(self, here: str, iri: str) -> Context:
        ctx = self.base(here, iri, "issue")
        claims = self.claims_by["issue"].get(iri, [])
        rows = [self.claim_row(here, c) for c in claims]
        ctx.update(
            concerns=[self.site.link(here, e) for e in self.data.iris(iri, P + "concerns")],
            claims=rows,
            picture=pictures.positions(
                [
                    pictures.Position(
                        party=self.data.label(c.party),
                        date=c.date,
                        stance=concept(c.stance),
                        quote=c.quote,
                        href=self.site.target(here, c.iri),
                    )
                    for c in claims
                ],
                title=f"Positions on {self.data.label(iri)} over time",
            ),
        )
        return ctx

    def doc(self, here: str, iri: str) -> Context:
        d = self.data
        ctx = self.base(here, iri, "doc")
        entries = sorted(
            d.inverse(iri, P + "inCollection"), key=lambda e: (int(d.text(e, P + "entryPosition") or 0), e)
        )
        ctx.update(
            summary=self.document_summary(here, iri),
            cite=self.citation(iri),
            abstract=d.text(iri, DCTERMS + "abstract"),
            meetings=[self.site.link(here, m) for m in d.iris(iri, P + "recordsMeeting")],
            reports=[self.site.link(here, m) for m in d.iris(iri, P + "reportsOn")],
            collection=self.link(here, d.text(iri, P + "inCollection")),
            passages=[] if d.iris(iri, P + "recordsMeeting") else self._record_text(here, iri),
            entries=[
                {
                    "id": "entry-" + (d.text(e, P + "entryPosition") or e.rsplit("/", 1)[-1]),
                    "position": d.text(e, P + "entryPosition"),
                    "title": self.site.link(here, e) if "/entry/" not in e else Link(d.label(e)),
                    "date": d.text(e, DCTERMS + "date"),
                    "abstract": d.text(e, DCTERMS + "abstract"),
                    "transcript": self.link(here, d.text(e, P + "transcript"), "transcript"),
                    "mentions": [self.site.link(here, x) for x in d.iris(e, P + "mentions")],
                }
                for e in entries
            ],
            mentions=sorted(
                (
                    {"id": s.ident, "text": s.expected, "href": s.href, "title": s.title}
                    for s in self.mentions_in(here, iri)
                ),
                key=lambda m: (len(str(m["id"])), str(m["id"])),
            ),
        )
        return ctx

    def _record_text(self, here: str, doc: str) -> list[Context]:
        """The passages of a record of no meeting (a letter, a minute), in order."""
        return [self.passage(here, u) for u in self.passages(doc, P + "inDocument")]

    def claim(self, here: str, iri: str) -> Context:
        ctx = self.base(here, iri, "claim")
        claim = self._claim(iri)
        row = self.claim_row(here, claim)
        ctx.update(
            title=f"{self.data.label(claim.claimant)} {row['stance']}: {self.data.label(claim.issue)}",
            claim=row,
            cite=self.citation(iri),
            confidence=self.data.text(iri, P + "confidence"),
            method=self.data.text(iri, P + "method"),
        )
        return ctx
