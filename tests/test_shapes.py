"""SHACL shapes and `parley.validate`: a conforming fixture corpus, and one broken copy per shape."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, XSD

from parley.cli import main
from parley.config import Settings
from parley.errors import InputError
from parley.validate import unknown_terms, validate, write_report

B = Namespace("https://w3id.org/parley/")
PSH = "https://w3id.org/parley/shapes#"
ONTOLOGY = Path(__file__).resolve().parents[1] / Settings().ontology
P = Namespace("https://w3id.org/parley/ontology#")
DOC, MEETING = B["doc/1945-07-02_soong-stalin"], B["meeting/1945-07-02_soong-stalin"]
CABLE, COLL = B["doc/1945-07-03_cable"], B["doc/collection_sino-soviet"]
STALIN, SOONG, PAVLOV = B["person/stalin"], B["person/soong"], B["person/pavlov"]
USSR, CHINA, MONGOLIA = B["org/ussr"], B["org/china"], B["place/outer-mongolia"]
ISSUE = B["issue/outer-mongolia-status"]
U1, U2, U3 = (B[f"meeting/1945-07-02_soong-stalin/utterance/{n}"] for n in (1, 2, 3))
PART_STALIN = B["meeting/1945-07-02_soong-stalin/participant/stalin"]
MENTION = URIRef(f"{U2}/mention/130-145")
CLAIM = B["claim/1945-07-02_soong-stalin/1"]
PROPOSED = B["issue/proposed-1945-07-02-soong-stalin-free-port"]
PROPOSED_EVIDENCE = URIRef(f"{PROPOSED}/evidence/1")
CANDIDATE, REVIEWED = B["claim-status/candidate"], B["claim-status/reviewed"]
ENTRY = B["doc/collection_sino-soviet/entry/2"]
MENTION_COUNT = B["doc/1945-07-02_soong-stalin/mention-count/place--outer-mongolia"]
CO_MENTION = B["co-mention/org--china/place--outer-mongolia"]
TEXT_1 = "Stalin: We must discuss Mongolia."
TEXT_2 = "Soong: China cannot cede Outer Mongolia."
REGISTRY, G_DOC, G_CABLE, G_COLL, G_STATS = (
    B[f"graph/{n}"]
    for n in (
        "registry",
        "1945-07-02_soong-stalin",
        "1945-07-03_cable",
        "collection_sino-soviet",
        "statistics",
    )
)


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def num(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def registry() -> list[tuple[URIRef, URIRef, object]]:
    entities = [
        (STALIN, P.Person, "Joseph Stalin", "Q855"),
        (SOONG, P.Person, "T. V. Soong", "Q706891"),
        (PAVLOV, P.Person, "V. N. Pavlov", "Q4112871"),
        (USSR, P.State, "Soviet Union", "Q15180"),
        (CHINA, P.State, "Republic of China", "Q13426199"),
        (MONGOLIA, P.Place, "Outer Mongolia", "Q1478017"),
        (B["place/moscow"], P.Place, "Moscow", "Q649"),
    ]
    triples: list[tuple[URIRef, URIRef, object]] = []
    for iri, cls, label, qid in entities:
        triples += [
            (iri, RDF.type, cls),
            (iri, RDFS.label, Literal(label)),
            (iri, OWL.sameAs, URIRef(f"http://www.wikidata.org/entity/{qid}")),
        ]
    triples += [
        (STALIN, P.memberOf, USSR),
        (SOONG, SKOS.altLabel, Literal("Soong Tse-ven")),
        (ISSUE, RDF.type, P.Issue),
        (ISSUE, RDFS.label, Literal("Status of Outer Mongolia")),
        (ISSUE, P.concerns, MONGOLIA),
    ]
    return triples


def document() -> list[tuple[URIRef, URIRef, object]]:
    t = [
        (DOC, RDF.type, P.Record),
        (DOC, DCTERMS.title, en("Stalin-Soong, 2 July 1945")),
        (DOC, DCTERMS.date, Literal("1945-07-02", datatype=XSD.date)),
        (DOC, P.recordType, B["record-type/record-of-conversation"]),
        (DOC, P.sourceFile, Literal("corpus/1945-07-02_soong-stalin.txt")),
        (DOC, P.sourceAddress, URIRef("https://digitalarchive.wilsoncenter.org/document/123")),
        (DOC, DCTERMS.language, Literal("en")),
        (DOC, DCTERMS.publisher, Literal("Wilson Center")),
        (DOC, P.recordsMeeting, MEETING),
        (DOC, P.mentions, MONGOLIA),
        (MEETING, RDF.type, P.Meeting),
        (MEETING, RDFS.label, Literal("Stalin-Soong meeting")),
        (MEETING, DCTERMS.date, Literal("1945-07-02", datatype=XSD.date)),
        (MEETING, SDO.startDate, Literal("1945-07-02T23:00:00", datatype=XSD.dateTime)),
        (MEETING, SDO.endDate, Literal("1945-07-03T00:30:00", datatype=XSD.dateTime)),
        (MEETING, P.duration, Literal("PT1H30M", datatype=XSD.duration)),
        (MEETING, P.place, B["place/moscow"]),
        (MEETING, PROV.wasDerivedFrom, DOC),
        (MEETING, P.line, num(3)),
    ]
    for n, (person, role, state) in enumerate(
        [
            (STALIN, "head-of-government", USSR),
            (SOONG, "head-of-government", CHINA),
            (PAVLOV, "interpreter", USSR),
        ]
    ):
        part = B[f"meeting/1945-07-02_soong-stalin/participant/{person.rsplit('/', 1)[1]}"]
        t += [
            (MEETING, P.participation, part),
            (part, RDF.type, P.Participation),
            (part, P.participant, person),
            (part, P.role, B[f"role/{role}"]),
            (part, P.speaksFor, state),
            (part, P.nameAsWritten, Literal(person.rsplit("/", 1)[1].title())),
            (part, PROV.wasDerivedFrom, DOC),
            (part, P.beginIndex, num(40 + 10 * n)),
            (part, P.endIndex, num(46 + 10 * n)),
            (part, P.line, num(5 + n)),
            (part, P.titleAsWritten, Literal("Marshal")),
            (part, P.titleBeginIndex, num(30 + 10 * n)),
            (part, P.titleEndIndex, num(38 + 10 * n)),
            (part, P.affiliationAsWritten, Literal("USSR")),
            (part, P.sideAsWritten, Literal("Soviet side")),
        ]
    spans = [
        (U1, P.Turn, STALIN, TEXT_1, 100),
        (U2, P.Turn, SOONG, TEXT_2, 134),
        (U3, P.Narration, None, "The conversation ended.", 175),
    ]
    for n, (u, cls, speaker, text, begin) in enumerate(spans, start=1):
        t += [
            (u, RDF.type, cls),
            (u, P.inMeeting, MEETING),
            (u, P.inDocument, DOC),
            (u, P.position, num(n)),
            (u, P.text, en(text)),
            (u, P.beginIndex, num(begin)),
            (u, P.endIndex, num(begin + len(text))),
            (u, P.line, num(9 + n)),
            (u, PROV.wasDerivedFrom, DOC),
        ]
        if speaker is not None:
            t += [(u, P.speaker, speaker), (u, P.speakerLabel, Literal(text.split(":")[0]))]
    t += [
        (MENTION, RDF.type, P.Mention),
        (MENTION, P.mentionOf, MONGOLIA),
        (MENTION, P.inText, U2),
        (MENTION, P.surfaceForm, Literal("Outer Mongolia")),
        (MENTION, P.beginIndex, num(159)),
        (MENTION, P.endIndex, num(173)),
        (U2, P.mentions, MONGOLIA),
        (MENTION_COUNT, RDF.type, P.MentionCount),
        (MENTION_COUNT, P.countedIn, DOC),
        (MENTION_COUNT, P.countOf, MONGOLIA),
        (MENTION_COUNT, P["count"], num(1)),
        (MENTION_COUNT, P.firstMention, MENTION),
        (CLAIM, RDF.type, P.Claim),
        (CLAIM, P.claimant, SOONG),
        (CLAIM, P.onBehalfOf, CHINA),
        (CLAIM, P.onIssue, ISSUE),
        (CLAIM, P.stance, B["stance/rejects"]),
        (CLAIM, P.evidence, U2),
        (CLAIM, P.quote, en("China cannot cede Outer Mongolia")),
        (CLAIM, P.beginIndex, num(141)),
        (CLAIM, P.endIndex, num(173)),
        (CLAIM, P.method, Literal("rule:rejects-1")),
        (CLAIM, P.confidence, Literal("0.8", datatype=XSD.decimal)),
        (CLAIM, P.status, CANDIDATE),
        (CLAIM, PROV.wasDerivedFrom, DOC),
        (PROPOSED, RDF.type, P.Issue),
        (PROPOSED, RDF.type, P.ProposedIssue),
        (PROPOSED, RDFS.label, en("free port")),
        (PROPOSED, P.proposedIn, DOC),
        (PROPOSED, PROV.wasDerivedFrom, DOC),
        (PROPOSED_EVIDENCE, RDF.type, P.IssueEvidence),
        (PROPOSED_EVIDENCE, P.evidenceOf, PROPOSED),
        (PROPOSED_EVIDENCE, P.surfaceForm, Literal("Outer Mongolia")),
        (PROPOSED_EVIDENCE, P.beginIndex, num(159)),
        (PROPOSED_EVIDENCE, P.endIndex, num(173)),
        (PROPOSED_EVIDENCE, PROV.wasDerivedFrom, DOC),
    ]
    return t


def reviewed(graphs: dict[URIRef, Graph]) -> None:
    """The fixture's claim reviewed: accepted by a curator on a day."""
    put(G_DOC, CLAIM, P.status, REVIEWED)(graphs)
    graphs[G_DOC].add((CLAIM, P.review, Literal("accepted")))
    graphs[G_DOC].add((CLAIM, P.reviewedBy, Literal("A. Curator")))
    graphs[G_DOC].add((CLAIM, P.reviewedOn, Literal("2026-01-05", datatype=XSD.date)))


def cable() -> list[tuple[URIRef, URIRef, object]]:
    return [
        (CABLE, RDF.type, P.Record),
        (CABLE, DCTERMS.title, en("Harriman to Truman")),
        (CABLE, DCTERMS.date, Literal("1945-07-03", datatype=XSD.date)),
        (CABLE, P.recordType, B["record-type/cable"]),
        (CABLE, P.sourceFile, Literal("corpus/cable.txt")),
        (CABLE, DCTERMS.language, Literal("en")),
        (CABLE, P.reportsOn, MEETING),
    ]


CABLE_PASSAGE, CABLE_CLAIM = B["doc/1945-07-03_cable/passage/1"], B["claim/1945-07-03_cable/1"]
CABLE_TEXT = "We insist that Outer Mongolia be independent."


def letter_claim(graphs: dict[URIRef, Graph]) -> None:
    """The cable as a record of no meeting by Stalin: a passage no one speaks, his claim in it."""
    g = graphs[G_CABLE]
    for triple in [
        (CABLE, P.author, STALIN),
        (CABLE_PASSAGE, RDF.type, P.Narration),
        (CABLE_PASSAGE, P.inDocument, CABLE),
        (CABLE_PASSAGE, P.position, num(1)),
        (CABLE_PASSAGE, P.text, en(CABLE_TEXT)),
        (CABLE_PASSAGE, P.beginIndex, num(40)),
        (CABLE_PASSAGE, P.endIndex, num(40 + len(CABLE_TEXT))),
        (CABLE_PASSAGE, P.line, num(5)),
        (CABLE_PASSAGE, PROV.wasDerivedFrom, CABLE),
        (CABLE_CLAIM, RDF.type, P.Claim),
        (CABLE_CLAIM, P.claimant, STALIN),
        (CABLE_CLAIM, P.onBehalfOf, USSR),
        (CABLE_CLAIM, P.onIssue, ISSUE),
        (CABLE_CLAIM, P.stance, B["stance/demands"]),
        (CABLE_CLAIM, P.evidence, CABLE_PASSAGE),
        (CABLE_CLAIM, P.quote, en(CABLE_TEXT)),
        (CABLE_CLAIM, P.beginIndex, num(40)),
        (CABLE_CLAIM, P.endIndex, num(40 + len(CABLE_TEXT))),
        (CABLE_CLAIM, P.method, Literal("rule:we-must-have")),
        (CABLE_CLAIM, P.confidence, Literal("0.7", datatype=XSD.decimal)),
        (CABLE_CLAIM, P.status, CANDIDATE),
        (CABLE_CLAIM, PROV.wasDerivedFrom, CABLE),
    ]:
        g.add(triple)


def collection() -> list[tuple[URIRef, URIRef, object]]:
    return [
        (COLL, RDF.type, P.Collection),
        (COLL, DCTERMS.title, en("Sino-Soviet relations")),
        (COLL, P.recordType, B["record-type/collection"]),
        (COLL, P.sourceFile, Literal("corpus/collection.txt")),
        (COLL, DCTERMS.language, Literal("en")),
        (ENTRY, RDF.type, P.Record),
        (ENTRY, P.inCollection, COLL),
        (ENTRY, P.entryPosition, num(2)),
        (ENTRY, DCTERMS.title, en("Memo")),
        (ENTRY, P.line, num(12)),
        (DOC, RDF.type, P.Record),
        (DOC, P.inCollection, COLL),
        (DOC, P.entryPosition, num(1)),
    ]


def statistics() -> list[tuple[URIRef, URIRef, object]]:
    return [
        (CO_MENTION, RDF.type, P.CoMention),
        (CO_MENTION, P.countOf, CHINA),
        (CO_MENTION, P.countOf, MONGOLIA),
        (CO_MENTION, P["count"], num(1)),
    ]


def corpus() -> dict[URIRef, Graph]:
    graphs = {
        REGISTRY: registry(),
        G_DOC: document(),
        G_CABLE: cable(),
        G_COLL: collection(),
        G_STATS: statistics(),
    }
    out = {}
    for name, triples in graphs.items():
        g = Graph(identifier=name)
        for triple in triples:
            g.add(triple)
        out[name] = g
    return out


def write(graphs: dict[URIRef, Graph], folder: Path) -> Path:
    dataset = Dataset()
    for name, g in graphs.items():
        target = dataset.graph(name)
        for triple in g:
            target.add(triple)
    (folder / "parley.trig").write_text(dataset.serialize(format="trig"), encoding="utf-8")
    return folder


def check(graphs: dict[URIRef, Graph], folder: Path):  # type: ignore[no-untyped-def]
    return validate(write(graphs, folder))


def test_fixture_conforms(tmp_path: Path) -> None:
    result = check(corpus(), tmp_path)
    assert result.conforms, str(result)
    assert result.results == ()


def test_reviewed_claim_conforms(tmp_path: Path) -> None:
    graphs = corpus()
    reviewed(graphs)
    result = check(graphs, tmp_path)
    assert result.conforms, str(result)


def test_claim_in_a_passage_of_a_record_its_claimant_wrote_conforms(tmp_path: Path) -> None:
    graphs = corpus()
    letter_claim(graphs)
    result = check(graphs, tmp_path)
    assert result.conforms, str(result)


def test_fixture_terms_are_defined() -> None:
    onto = Graph().parse(ONTOLOGY / "parley.ttl")
    for g in corpus().values():
        assert unknown_terms(g, onto) == []


def test_unknown_terms_are_listed() -> None:
    onto = Graph().parse(ONTOLOGY / "parley.ttl")
    g = Graph()
    g.add((DOC, P.speakr, STALIN))
    g.add((DOC, URIRef(f"{DCTERMS}titel"), en("x")))
    g.add((DOC, P.stance, B["stance/threatens"]))
    assert unknown_terms(g, onto) == sorted([f"{DCTERMS}titel", str(B["stance/threatens"]), str(P.speakr)])


Edit = Callable[[dict[URIRef, Graph]], None]


def drop(graph: URIRef, s: URIRef, p: URIRef) -> Edit:
    return lambda gs: gs[graph].remove((s, p, None))


def put(graph: URIRef, s: URIRef, p: URIRef, o: object) -> Edit:
    def edit(gs: dict[URIRef, Graph]) -> None:
        gs[graph].set((s, p, o))

    return edit


def add(graph: URIRef, s: URIRef, p: URIRef, o: object) -> Edit:
    return lambda gs: gs[graph].add((s, p, o))  # type: ignore[arg-type]


def both(*edits: Edit) -> Edit:
    def edit(gs: dict[URIRef, Graph]) -> None:
        for one in edits:
            one(gs)

    return edit


BROKEN: list[tuple[str, Edit, str]] = [
    ("document-not-from-file-nor-collection", drop(G_CABLE, CABLE, P.sourceFile), "psh:Document"),
    ("title-without-language", put(G_DOC, DOC, DCTERMS.title, Literal("x")), "psh:Document-title"),
    ("title-in-french", put(G_DOC, DOC, DCTERMS.title, Literal("x", lang="fr")), "psh:Document-title"),
    ("date-as-string", put(G_DOC, DOC, DCTERMS.date, Literal("1945-07-02")), "psh:Document-date"),
    (
        "record-type-outside-list",
        put(G_DOC, DOC, P.recordType, B["record-type/novel"]),
        "psh:Document-recordType",
    ),
    ("two-source-files", add(G_DOC, DOC, P.sourceFile, Literal("b.txt")), "psh:Document-sourceFile"),
    (
        "address-as-string",
        put(G_DOC, DOC, P.sourceAddress, Literal("http://x")),
        "psh:Document-sourceAddress",
    ),
    ("record-id-as-int", add(G_DOC, DOC, P.recordId, num(5)), "psh:Document-recordId"),
    ("citation-as-iri", add(G_DOC, DOC, DCTERMS.bibliographicCitation, B.x), "psh:Document-citation"),
    ("archive-as-iri", add(G_DOC, DOC, P.archive, B.x), "psh:Document-archive"),
    ("collection-as-iri", add(G_DOC, DOC, P.archivalCollection, B.x), "psh:Document-archivalCollection"),
    ("box-as-int", add(G_DOC, DOC, P.box, num(3)), "psh:Document-box"),
    ("folder-as-int", add(G_DOC, DOC, P.folder, num(3)), "psh:Document-folder"),
    ("contributor-as-iri", add(G_DOC, DOC, DCTERMS.contributor, STALIN), "psh:Document-contributor"),
    ("publisher-as-iri", put(G_DOC, DOC, DCTERMS.publisher, B.x), "psh:Document-publisher"),
    ("abstract-untagged", add(G_DOC, DOC, DCTERMS.abstract, Literal("x")), "psh:Document-abstract"),
    ("language-malformed", put(G_DOC, DOC, DCTERMS.language, Literal("English")), "psh:Document-language"),
    ("records-a-person", put(G_DOC, DOC, P.recordsMeeting, STALIN), "psh:Document-recordsMeeting"),
    (
        "reports-on-unknown-meeting",
        put(G_CABLE, CABLE, P.reportsOn, B["meeting/nowhere"]),
        "psh:Document-reportsOn",
    ),
    ("author-is-a-state", add(G_DOC, DOC, P.author, USSR), "psh:Document-author"),
    ("in-collection-of-a-record", put(G_COLL, ENTRY, P.inCollection, CABLE), "psh:Document-inCollection"),
    ("transcript-is-a-person", add(G_COLL, ENTRY, P.transcript, STALIN), "psh:Document-transcript"),
    ("source-document-without-title", drop(G_CABLE, CABLE, DCTERMS.title), "psh:SourceDocument-title"),
    ("source-document-without-type", drop(G_CABLE, CABLE, P.recordType), "psh:SourceDocument-recordType"),
    (
        "source-document-without-language",
        drop(G_CABLE, CABLE, DCTERMS.language),
        "psh:SourceDocument-language",
    ),
    ("entry-without-position", drop(G_COLL, ENTRY, P.entryPosition), "psh:Entry-entryPosition"),
    ("entries-share-position", put(G_COLL, ENTRY, P.entryPosition, num(1)), "psh:Entry"),
    ("meeting-without-label", drop(G_DOC, MEETING, RDFS.label), "psh:Meeting-label"),
    (
        "meeting-date-as-datetime",
        put(G_DOC, MEETING, DCTERMS.date, Literal("1945-07-02T00:00:00", datatype=XSD.dateTime)),
        "psh:Meeting-date",
    ),
    (
        "meeting-ends-before-start",
        put(G_DOC, MEETING, SDO.startDate, Literal("1945-07-03T02:00:00", datatype=XSD.dateTime)),
        "psh:Meeting-startDate",
    ),
    (
        "meeting-end-as-date",
        put(G_DOC, MEETING, SDO.endDate, Literal("1945-07-03", datatype=XSD.date)),
        "psh:Meeting-endDate",
    ),
    ("duration-as-minutes", put(G_DOC, MEETING, P.duration, num(90)), "psh:Meeting-duration"),
    ("place-is-a-person", put(G_DOC, MEETING, P.place, STALIN), "psh:Meeting-place"),
    ("participation-is-a-person", add(G_DOC, MEETING, P.participation, STALIN), "psh:Meeting-participation"),
    ("meeting-without-provenance", drop(G_DOC, MEETING, PROV.wasDerivedFrom), "psh:Meeting-derivedFrom"),
    ("meeting-line-zero", put(G_DOC, MEETING, P.line, num(0)), "psh:Meeting-line"),
    (
        "meeting-last-date-as-datetime",
        put(G_DOC, MEETING, P.lastDate, Literal("1945-07-03T10:00:00", datatype=XSD.dateTime)),
        "psh:Meeting-lastDate",
    ),
    ("title-as-iri", put(G_DOC, PART_STALIN, P.titleAsWritten, STALIN), "psh:Participation-title"),
    (
        "title-span-reversed",
        put(G_DOC, PART_STALIN, P.titleBeginIndex, num(90)),
        "psh:Participation-titleBegin",
    ),
    (
        "title-end-as-text",
        put(G_DOC, PART_STALIN, P.titleEndIndex, Literal("x")),
        "psh:Participation-titleEnd",
    ),
    (
        "affiliation-as-iri",
        put(G_DOC, PART_STALIN, P.affiliationAsWritten, STALIN),
        "psh:Participation-affiliation",
    ),
    ("side-as-iri", put(G_DOC, PART_STALIN, P.sideAsWritten, STALIN), "psh:Participation-side"),
    (
        "orphan-participation",
        lambda gs: gs[G_DOC].remove((MEETING, P.participation, PART_STALIN)),
        "psh:Participation-meeting",
    ),
    (
        "participation-without-name-as-written",
        drop(G_DOC, PART_STALIN, P.nameAsWritten),
        "psh:Participation-nameAsWritten",
    ),
    (
        "participation-of-two-persons",
        add(G_DOC, PART_STALIN, P.participant, SOONG),
        "psh:Participation-participant",
    ),
    ("role-outside-list", put(G_DOC, PART_STALIN, P.role, B["role/spy"]), "psh:Participation-role"),
    ("speaks-for-a-person", put(G_DOC, PART_STALIN, P.speaksFor, SOONG), "psh:Participation-speaksFor"),
    ("name-as-iri", put(G_DOC, PART_STALIN, P.nameAsWritten, STALIN), "psh:Participation-nameAsWritten"),
    (
        "participation-without-provenance",
        drop(G_DOC, PART_STALIN, PROV.wasDerivedFrom),
        "psh:Participation-derivedFrom",
    ),
    (
        "participation-span-reversed",
        put(G_DOC, PART_STALIN, P.beginIndex, num(60)),
        "psh:Participation-beginIndex",
    ),
    (
        "participation-end-as-string",
        put(G_DOC, PART_STALIN, P.endIndex, Literal("46")),
        "psh:Participation-endIndex",
    ),
    ("participation-line-as-string", put(G_DOC, PART_STALIN, P.line, Literal("5")), "psh:Participation-line"),
    ("passage-without-document", drop(G_DOC, U3, P.inDocument), "psh:Passage-inDocument"),
    ("passage-in-a-person-as-meeting", put(G_DOC, U3, P.inMeeting, STALIN), "psh:Passage-inMeeting"),
    ("passage-in-a-person", put(G_DOC, U3, P.inDocument, STALIN), "psh:Passage-inDocument"),
    ("position-as-string", put(G_DOC, U3, P.position, Literal("3")), "psh:Passage-position"),
    ("text-untagged", put(G_DOC, U1, P.text, Literal(TEXT_1)), "psh:Passage-text"),
    ("negative-begin", put(G_DOC, U3, P.beginIndex, num(-1)), "psh:Passage-beginIndex"),
    ("passage-without-end", drop(G_DOC, U3, P.endIndex), "psh:Passage-endIndex"),
    ("passage-without-line", drop(G_DOC, U3, P.line), "psh:Passage-line"),
    ("passage-without-provenance", drop(G_DOC, U3, PROV.wasDerivedFrom), "psh:Passage-derivedFrom"),
    ("passage-mentions-a-literal", add(G_DOC, U3, P.mentions, Literal("Mongolia")), "psh:Passage-mentions"),
    ("positions-repeat", put(G_DOC, U3, P.position, num(2)), "psh:Passage"),
    ("positions-skip", put(G_DOC, U3, P.position, num(4)), "psh:Passage"),
    ("text-longer-than-span", put(G_DOC, U3, P.endIndex, num(180)), "psh:Passage"),
    ("speaker-label-dropped", drop(G_DOC, U1, P.speakerLabel), "psh:Utterance-speakerLabel"),
    ("recounted-from-a-person", put(G_DOC, U1, P.recountedFrom, STALIN), "psh:Utterance-recountedFrom"),
    ("recounts-a-person", put(G_DOC, DOC, P.recounts, STALIN), "psh:Document-recounts"),
    (
        "issued-as-a-date",
        put(G_DOC, DOC, DCTERMS.issued, Literal("1945-07-02", datatype=XSD.date)),
        "psh:Document-issued",
    ),
    ("two-speakers", add(G_DOC, U1, P.speaker, SOONG), "psh:Utterance-speaker"),
    ("speaker-label-as-iri", put(G_DOC, U1, P.speakerLabel, STALIN), "psh:Utterance-speakerLabel"),
    ("speaker-not-participant", put(G_DOC, U2, P.speaker, B["person/molotov"]), "psh:Utterance"),
    ("narration-with-speaker", add(G_DOC, U3, P.speaker, STALIN), "psh:Narration-speaker"),
    ("entity-without-label", drop(REGISTRY, STALIN, RDFS.label), "psh:Entity-label"),
    ("alt-label-as-iri", add(REGISTRY, SOONG, SKOS.altLabel, STALIN), "psh:Entity-altLabel"),
    (
        "entity-derived-from-literal",
        add(REGISTRY, STALIN, PROV.wasDerivedFrom, Literal("x")),
        "psh:Entity-derivedFrom",
    ),
    ("member-of-a-place", add(REGISTRY, STALIN, P.memberOf, MONGOLIA), "psh:Person-memberOf"),
    (
        "publisher-identifier-a-literal",
        add(REGISTRY, STALIN, P.publisherIdentifier, Literal("p_JS1")),
        "psh:Person-publisherIdentifier",
    ),
    ("issue-concerns-a-literal", add(REGISTRY, ISSUE, P.concerns, Literal("Mongolia")), "psh:Issue-concerns"),
    (
        "wikidata-iri-malformed",
        put(REGISTRY, STALIN, OWL.sameAs, URIRef("https://www.wikidata.org/wiki/Q855")),
        "psh:SameAs-wikidata",
    ),
    ("mention-of-nothing", drop(G_DOC, MENTION, P.mentionOf), "psh:Mention-mentionOf"),
    ("mention-in-a-person", put(G_DOC, MENTION, P.inText, STALIN), "psh:Mention-inText"),
    (
        "surface-form-tagged",
        put(G_DOC, MENTION, P.surfaceForm, en("Outer Mongolia")),
        "psh:Mention-surfaceForm",
    ),
    ("mention-span-reversed", put(G_DOC, MENTION, P.beginIndex, num(180)), "psh:Mention-beginIndex"),
    ("mention-without-end", drop(G_DOC, MENTION, P.endIndex), "psh:Mention-endIndex"),
    ("mention-outside-text", put(G_DOC, MENTION, P.endIndex, num(190)), "psh:Mention"),
    ("mention-not-linked", drop(G_DOC, U2, P.mentions), "psh:Mention"),
    ("mention-count-of-nothing", drop(G_DOC, MENTION_COUNT, P.countOf), "psh:MentionCount-countOf"),
    (
        "mention-count-in-a-person",
        put(G_DOC, MENTION_COUNT, P.countedIn, STALIN),
        "psh:MentionCount-countedIn",
    ),
    ("mention-count-zero", put(G_DOC, MENTION_COUNT, P["count"], num(0)), "psh:MentionCount-count"),
    (
        "mention-count-without-its-first-mention",
        drop(G_DOC, MENTION_COUNT, P.firstMention),
        "psh:MentionCount-firstMention",
    ),
    (
        "mention-count-first-mention-a-passage",
        put(G_DOC, MENTION_COUNT, P.firstMention, U2),
        "psh:MentionCount-firstMention",
    ),
    (
        "co-mention-of-one-entity",
        lambda gs: gs[G_STATS].remove((CO_MENTION, P.countOf, CHINA)),
        "psh:CoMention-countOf",
    ),
    ("co-mention-count-as-text", put(G_STATS, CO_MENTION, P["count"], Literal("2")), "psh:CoMention-count"),
    ("claimant-dropped", drop(G_DOC, CLAIM, P.claimant), "psh:Claim-claimant"),
    ("on-behalf-of-a-person", put(G_DOC, CLAIM, P.onBehalfOf, SOONG), "psh:Claim-onBehalfOf"),
    ("claim-on-a-place", put(G_DOC, CLAIM, P.onIssue, MONGOLIA), "psh:Claim-onIssue"),
    ("stance-outside-list", put(G_DOC, CLAIM, P.stance, B["stance/threatens"]), "psh:Claim-stance"),
    ("evidence-is-narration-of-a-meeting", put(G_DOC, CLAIM, P.evidence, U3), "psh:Claim"),
    ("evidence-is-a-mention", put(G_DOC, CLAIM, P.evidence, MENTION), "psh:Claim-evidence"),
    (
        "record-claim-by-another-than-its-author",
        both(letter_claim, put(G_CABLE, CABLE_CLAIM, P.claimant, SOONG)),
        "psh:Claim",
    ),
    (
        "record-claim-in-a-passage-another-speaks",
        both(letter_claim, add(G_CABLE, CABLE_PASSAGE, P.speaker, SOONG)),
        "psh:Claim",
    ),
    ("quote-untagged", put(G_DOC, CLAIM, P.quote, Literal("cannot cede")), "psh:Claim-quote"),
    ("claim-span-reversed", put(G_DOC, CLAIM, P.beginIndex, num(200)), "psh:Claim-beginIndex"),
    (
        "claim-end-as-decimal",
        put(G_DOC, CLAIM, P.endIndex, Literal("173", datatype=XSD.decimal)),
        "psh:Claim-endIndex",
    ),
    ("method-unknown", put(G_DOC, CLAIM, P.method, Literal("guess")), "psh:Claim-method"),
    (
        "confidence-above-one",
        put(G_DOC, CLAIM, P.confidence, Literal("1.5", datatype=XSD.decimal)),
        "psh:Claim-confidence",
    ),
    ("claim-without-provenance", drop(G_DOC, CLAIM, PROV.wasDerivedFrom), "psh:Claim-derivedFrom"),
    ("evidence-by-another-speaker", put(G_DOC, CLAIM, P.evidence, U1), "psh:Claim"),
    ("status-dropped", drop(G_DOC, CLAIM, P.status), "psh:Claim-status"),
    ("status-outside-list", put(G_DOC, CLAIM, P.status, B["claim-status/guessed"]), "psh:Claim-status"),
    (
        "review-outside-list",
        both(reviewed, put(G_DOC, CLAIM, P.review, Literal("liked"))),
        "psh:Claim-review",
    ),
    (
        "reviewer-as-iri",
        both(reviewed, put(G_DOC, CLAIM, P.reviewedBy, SOONG)),
        "psh:Claim-reviewedBy",
    ),
    (
        "review-day-as-string",
        both(reviewed, put(G_DOC, CLAIM, P.reviewedOn, Literal("2026-01-05"))),
        "psh:Claim-reviewedOn",
    ),
    ("reviewed-by-nobody", both(reviewed, drop(G_DOC, CLAIM, P.reviewedBy)), "psh:Claim"),
    ("candidate-with-a-review", add(G_DOC, CLAIM, P.review, Literal("accepted")), "psh:Claim"),
    ("proposed-issue-unlabelled", drop(G_DOC, PROPOSED, RDFS.label), "psh:ProposedIssue-label"),
    ("proposed-in-nothing", drop(G_DOC, PROPOSED, P.proposedIn), "psh:ProposedIssue-proposedIn"),
    (
        "issue-evidence-of-a-registered-issue",
        put(G_DOC, PROPOSED_EVIDENCE, P.evidenceOf, ISSUE),
        "psh:IssueEvidence-of",
    ),
    (
        "issue-evidence-tagged",
        put(G_DOC, PROPOSED_EVIDENCE, P.surfaceForm, en("Outer Mongolia")),
        "psh:IssueEvidence-surface",
    ),
    (
        "issue-evidence-reversed",
        put(G_DOC, PROPOSED_EVIDENCE, P.beginIndex, num(180)),
        "psh:IssueEvidence-begin",
    ),
    ("issue-evidence-without-end", drop(G_DOC, PROPOSED_EVIDENCE, P.endIndex), "psh:IssueEvidence-end"),
    ("claim-outside-evidence", put(G_DOC, CLAIM, P.beginIndex, num(10)), "psh:Claim"),
    (
        "source-file-shared",
        put(G_CABLE, CABLE, P.sourceFile, Literal("corpus/collection.txt")),
        "psh:CorpusSourceFile",
    ),
    (
        "meeting-recorded-twice",
        add(G_CABLE, CABLE, P.recordsMeeting, MEETING),
        "psh:CorpusMeeting-recordedOnce",
    ),
    ("reported-meeting-unrecorded", drop(G_DOC, DOC, P.recordsMeeting), "psh:CorpusReport"),
    (
        "report-before-meeting",
        put(G_CABLE, CABLE, DCTERMS.date, Literal("1945-06-01", datatype=XSD.date)),
        "psh:CorpusReport",
    ),
]


@pytest.mark.parametrize(("edit", "shape"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_graph_is_reported(edit: Edit, shape: str, tmp_path: Path) -> None:
    graphs = corpus()
    edit(graphs)
    result = check(graphs, tmp_path)
    assert shape in {r.shape for r in result.results}, str(result)


def test_every_shape_has_a_breaking_test() -> None:
    folder = ONTOLOGY
    shapes = Graph().parse(folder / "shapes.ttl") + Graph().parse(folder / "corpus-shapes.ttl")
    guarded = {
        *shapes.subjects(SH.path, None),
        *shapes.subjects(SH.sparql, None),
        *shapes.subjects(SH["or"], None),
    }
    names = {str(s).replace(PSH, "psh:") for s in guarded if str(s).startswith(PSH)}
    assert names - {b[2] for b in BROKEN} == set()


def test_result_points_to_source_line(tmp_path: Path) -> None:
    graphs = corpus()
    add(G_DOC, U1, P.speaker, SOONG)(graphs)
    (found,) = [r for r in check(graphs, tmp_path).results if r.shape == "psh:Utterance-speaker"]
    assert (found.source_file, found.line, found.focus) == ("corpus/1945-07-02_soong-stalin.txt", 10, str(U1))
    assert str(found).startswith("corpus/1945-07-02_soong-stalin.txt:10: Violation:")


def test_report_is_deterministic(tmp_path: Path) -> None:
    graphs = corpus()
    put(G_DOC, CLAIM, P.stance, B["stance/threatens"])(graphs)
    add(G_DOC, U1, P.speaker, SOONG)(graphs)
    texts = []
    for n in range(2):
        write_report(check(graphs, tmp_path), tmp_path / f"report{n}.ttl")
        texts.append((tmp_path / f"report{n}.ttl").read_text())
    assert texts[0] == texts[1]
    assert "_:" not in texts[0] and "sh:ValidationReport" in texts[0]
    assert len(list(Graph().parse(data=texts[0]).objects(None, SH.result))) == 2


def test_single_turtle_file(tmp_path: Path) -> None:
    path = tmp_path / "one.ttl"
    graphs = corpus()
    (graphs[REGISTRY] + graphs[G_DOC]).serialize(path, format="turtle")
    assert validate(path).conforms


def test_missing_source_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="parley.trig"):
        validate(tmp_path)


def test_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    write(corpus(), tmp_path)
    ok = runner.invoke(main, ["validate", str(tmp_path), "--report", str(tmp_path / "r.ttl")])
    assert ok.exit_code == 0, ok.output
    assert "Conforms" in ok.output and (tmp_path / "r.ttl").is_file()
    graphs = corpus()
    add(G_DOC, U1, P.speaker, SOONG)(graphs)
    write(graphs, tmp_path)
    bad = runner.invoke(main, ["validate", str(tmp_path)])
    assert bad.exit_code == 1
    assert "psh:Utterance-speaker" in bad.output and "does not conform" in bad.output
