"""The TEI reader (FRUS volumes): one document per div[@type="document"], the text as the page reads,
the facts from the markup (date, place, participants with their FRUS identifiers, notes, citation)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store

from helpers import ROOT
from parley.build import build
from parley.config import Settings
from parley.errors import InputError
from parley.model import ParagraphRole, SourceText, UtteranceKind
from parley.parse import parse_document
from parley.read import read_documents
from parley.registry import load_registry
from parley.resolve import SpeakerResolver

VOLUME = ROOT / "tests" / "fixtures" / "frus" / "frus1955-57v03.xml"
HISTORY = "https://history.state.gov/historicaldocuments/frus1955-57v03"
PERSONS = f"{HISTORY}/persons#"
HEADER = (
    '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title type="complete">'
    "A Volume</title></titleStmt><publicationStmt><idno type='frus'>frus-test</idno></publicationStmt>"
    "</fileDesc></teiHeader><text><front><div type='section' xml:id='persons'><list>"
    "<item><persName xml:id='p_A1'>Allison, John M.</persName>, Ambassador to Japan</item>"
    "<item><persName xml:id='p_H1'>Helms, Richard</persName>, Director of Central Intelligence</item>"
    "</list></div></front><body>"
)


@pytest.fixture(scope="module")
def documents() -> dict[str, SourceText]:
    return {d.doc_id: d for d in read_documents(VOLUME, display="frus/frus1955-57v03.xml")}


def _volume(tmp_path: Path, body: str, header: str = HEADER) -> list[SourceText]:
    path = tmp_path / "frus-test.xml"
    path.write_text(f"{header}{body}</body></text></TEI>", encoding="utf-8")
    return read_documents(path)


def test_one_document_per_div_named_by_volume_and_div(documents: dict[str, SourceText]) -> None:
    assert list(documents) == [f"frus1955-57v03_{d}" for d in ("d12", "d14", "d21", "d51", "d280")]
    assert documents["frus1955-57v03_d12"].path == "frus/frus1955-57v03.xml#d12"


def test_the_facts_of_a_telegram_come_from_its_markup(documents: dict[str, SourceText]) -> None:
    source = documents["frus1955-57v03_d12"]
    facts = source.facts
    assert facts.title == "Telegram From Ambassador U. Alexis Johnson to the Department of State"
    assert (facts.date, facts.start, facts.place) == (dt.date(1955, 8, 8), dt.time(13, 0), "Geneva")
    assert facts.author == "U. Alexis Johnson"
    assert facts.source_address == f"{HISTORY}/d12" and facts.record_id == "frus1955-57v03/d12"
    assert facts.citation == (
        "Foreign Relations of the United States, 1955–1957, China, Volume III, Document 12 (pages 19–21). "
        "Source: Department of State, Central Files, 611.93/8–855. Confidential; Priority."
    )
    assert {(p.identifier, p.name) for p in facts.persons} == {
        (f"{PERSONS}p_JUA1", "U. Alexis Johnson"),
        (f"{PERSONS}p_WP1", "Wang Ping-nan"),
    }


def test_notes_follow_the_text_and_page_breaks_print_nothing(documents: dict[str, SourceText]) -> None:
    source = documents["frus1955-57v03_d12"]
    text, notes = source.text, source.facts.notes
    assert [text[n.start : n.end].split(".")[0] for n in notes] == ["1", "2", "3", "4"]
    assert text[notes[0].start : notes[0].end].startswith("1. Source: Department of State, Central Files")
    body = text[: notes[0].start]
    assert "Johnson stated in telegram 354" not in body and "[Page" not in body and "20" not in body.split()
    assert "students afraid express desire return, being forced leave by unreasonable deadline" in body
    assert body.startswith("12. Telegram From Ambassador U. Alexis Johnson to the Department of State\n\n")
    assert "\n\nGeneva, August 8, 1955–1 p.m.\n\n" in body


def test_participants_come_from_the_list_with_their_identifiers(documents: dict[str, SourceText]) -> None:
    source = documents["frus1955-57v03_d14"]
    text, facts = source.text, source.facts
    listed = [(p.name, p.title, p.identifier.removeprefix(PERSONS)) for p in facts.participants]
    assert listed == [
        ("V.K. Wellington Koo", "Chinese Embassy", "p_KVKW1"),
        ("Walter S. Robertson", "Assistant Secretary—FE", "p_RWS1"),
        ("Walter P. McConaughy", "Director—CA", "p_MCWP1"),
    ]
    for participant in facts.participants:
        assert text[participant.span.start : participant.span.end] == participant.name
        assert text.split("\n")[participant.line - 1].startswith(("Ambassador ", participant.name))
        assert participant.title_span and text[participant.title_span.start : participant.title_span.end]
    block = facts.participants_block
    assert block and text[block.start : block.end].startswith("PARTICIPANTS\nAmbassador V.K. Wellington Koo")


def test_groups_of_a_list_are_sides_and_unmarked_entries_are_left_to_the_parser(
    documents: dict[str, SourceText],
) -> None:
    source = documents["frus1955-57v03_d280"]
    facts = source.facts
    assert [(p.name, p.side) for p in facts.participants] == [
        ("Robertson", ""),
        ("Lutkins", ""),
        ("Gordon Gray", "White House"),
    ]
    assert (facts.start, facts.end) == (dt.time(18, 3), dt.time(18, 20))
    document = parse_document(source)
    assert document.meeting is not None
    names = [p.name for p in document.meeting.participants]
    assert names[:2] == ["The Secretary", "The Under Secretary"]  # entries without a persName
    assert {"Robertson", "Lutkins", "Gordon Gray", "Quarles"} <= set(names)


def test_a_person_named_as_another_s_relation_is_no_participant(tmp_path: Path) -> None:
    (source,) = _volume(
        tmp_path,
        "<div type='document' xml:id='d1' n='1'><head>1. Minutes</head><list type='participants'>"
        "<item><persName corresp='#p_H1'>Richard Helms</persName></item>"
        "<item>William Newton (stayed only for Mr. <persName corresp='#p_H1'>Helms</persName>’ briefing)"
        "</item>"
        "<item>Ambassador <persName corresp='#p_A1'>Allison</persName>, Tokyo</item>"
        "<item>Mr. <persName>Smith</persName></item>"
        "<item>Dr. Jones, <persName corresp='#p_A1'>Allison</persName>’s associate in Washington</item>"
        "</list><p>They met.</p></div>",
    )
    listed = [(p.name, p.title, p.identifier.rsplit("#")[-1]) for p in source.facts.participants]
    assert listed == [("Richard Helms", "", "p_H1"), ("Allison", "Tokyo", "p_A1"), ("Smith", "", "")]
    meeting = parse_document(source).meeting
    assert meeting is not None and "Jones" in [p.name for p in meeting.participants]  # the parser's, unmarked
    assert {p.name for p in source.facts.persons} == {"Richard Helms", "John M. Allison"}


def test_a_speaker_the_list_names_otherwise_is_the_listed_person(tmp_path: Path) -> None:
    header = HEADER.replace(
        "</list></div>",
        "<item><persName xml:id='p_J1'>Johnson, U. Alexis</persName>, Under Secretary of State</item>"
        "<item><persName xml:id='p_J2'>Johnson, Nels C.</persName>, Admiral, USN, Director of the Joint Staff"
        "</item><item><persName xml:id='p_S1'>Sparkman, John</persName>, Senator from Alabama</item>"
        "</list></div>",
    )
    (source,) = _volume(
        tmp_path,
        "<div type='document' xml:id='d1' n='1'><head>1. Minutes of a Meeting</head>"
        "<dateline><date when='1969-07-02'>July 2, 1969</date></dateline><list type='participants'>"
        "<head>PARTICIPANTS</head><item><persName corresp='#p_J1'>U. Alexis Johnson</persName></item>"
        "<item>Vice Adm. <persName corresp='#p_J2'>Nels C. Johnson</persName></item>"
        "<item>Senator <persName corresp='#p_S1'>John Sparkman</persName></item></list>"
        "<p>Secretary <persName corresp='#p_J1'>Johnson</persName> said that the plans were ready.</p>"
        "<p>Admiral <persName corresp='#p_J2'>Johnson</persName> said that he agreed.</p>"
        "<p>SENATOR <persName corresp='#p_S1'>SPARKMAN</persName> asked about aid.</p></div>",
        header,
    )
    resolver = SpeakerResolver(parse_document(source), load_registry(ROOT / "mappings"))
    identified = {
        name: resolver.resolve(name).identifier.rsplit("#")[-1]
        for name in ("Secretary Johnson", "Admiral Johnson", "SENATOR SPARKMAN", "Mr. Johnson")
    }
    assert identified == {  # `Mr. Johnson` says nothing of which of the two
        "Secretary Johnson": "p_J1",
        "Admiral Johnson": "p_J2",
        "SENATOR SPARKMAN": "p_S1",
        "Mr. Johnson": "",
    }


def test_no_participant_is_read_past_the_end_of_the_markup_s_list(tmp_path: Path) -> None:
    (source,) = _volume(
        tmp_path,
        "<div type='document' xml:id='d1' n='1'><head>1. Memorandum of Conversation, by William Key</head>"
        "<list type='participants'><head>Participants:</head><item>Mr. Mukarto</item>"
        "<item>Ambassador Palar</item><item>Ambassador Key</item></list>"
        "<p rend='sectiontitleital'>Korean Reunification</p>"
        "<p>Mr. Mukarto said that it would come.</p></div>",
    )
    document = parse_document(source)
    assert document.meeting is not None
    assert [p.name for p in document.meeting.participants] == ["Mukarto", "Palar", "Key"]
    resolver = SpeakerResolver(document, load_registry(ROOT / "mappings"))
    listed = document.meeting.participants[2]
    assert resolver.resolve_participant(listed).label == "William Key"  # the author, by his surname


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ('when="1968-11-21T10:50:00Z"', (dt.date(1968, 11, 21), None, dt.time(10, 50), None)),
        ('from="1959-09-26" to="1959-09-27"', (dt.date(1959, 9, 26), dt.date(1959, 9, 27), None, None)),
        (
            'from="1955-11-23T22:00:00" to="1955-11-24T00:00:00"',
            (dt.date(1955, 11, 23), None, dt.time(22, 0), None),
        ),
        (
            'notBefore="1949-03-01" notAfter="1949-03-05"',
            (dt.date(1949, 3, 1), dt.date(1949, 3, 5), None, None),
        ),
        ('when="1955"', (None, None, None, None)),
    ],
)
def test_dateline_attributes(tmp_path: Path, date: str, expected: tuple[object, ...]) -> None:
    (source,) = _volume(
        tmp_path,
        f"<div type='document' xml:id='d1' n='1'><head>1. Telegram</head><dateline><placeName>Saigon"
        f"</placeName>, <date {date}>some day</date></dateline><p>Text.</p></div>",
    )
    facts = source.facts
    assert (facts.date, facts.last_date, facts.start, facts.end) == expected
    assert facts.utc is date.startswith('when="1968')  # a telegram's time of sending, in UTC


def test_a_telegram_s_time_in_utc_is_its_time_of_sending_not_a_meeting_s(tmp_path: Path) -> None:
    (source,) = _volume(
        tmp_path,
        "<div type='document' xml:id='d1' n='1'><head>1. Telegram From the Embassy in Vietnam to the "
        "Department of State</head><dateline><placeName>Saigon</placeName>, "
        "<date when='1968-11-21T10:50:00Z'>November 21, 1968, 1050Z</date>.</dateline>"
        "<p>I called on President Thieu this morning. Thieu said "
        "that he would not go to Paris.</p></div>",
    )
    document = parse_document(source)
    assert document.date == dt.date(1968, 11, 21) and document.meeting is not None
    assert document.sent == dt.datetime(1968, 11, 21, 10, 50, tzinfo=dt.UTC)
    assert document.meeting.start is None


def test_a_time_element_gives_the_times(tmp_path: Path) -> None:
    (source,) = _volume(
        tmp_path,
        "<div type='document' xml:id='d1' n='1'><head>1. Memorandum</head><dateline><placeName>Washington"
        "</placeName>, <date when='1958-08-08'>August 8, 1958</date>, <time from='18:03:00' to='18:20:00'>"
        "6:03–6:20 p.m.</time></dateline><p>Text.</p></div>",
    )
    assert (source.facts.start, source.facts.end) == (dt.time(18, 3), dt.time(18, 20))


def test_the_markup_s_date_is_taken_over_the_dateline_s_words(tmp_path: Path) -> None:
    (source,) = _volume(
        tmp_path,
        "<div type='document' xml:id='d1' n='1'><head>1. Memorandum of Conversation<note n='0' type='source'>"
        "Source: Files.</note></head><dateline><placeName>Tokyo</placeName>, <date when='1955-08-08'>"
        "August 9, 1955</date></dateline><p>Mr. <persName corresp='#p_A1'>Allison</persName> said that the "
        "talks would go on.<note n='1'>Allison said nothing of the kind.</note></p></div>",
    )
    document = parse_document(source)
    assert document.date == dt.date(1955, 8, 8) and document.meeting is not None
    assert (document.meeting.date, document.meeting.place) == (dt.date(1955, 8, 8), "Tokyo")
    notes = [i for i, r in enumerate(document.paragraph_roles) if r is ParagraphRole.FOOTNOTE]
    assert len(notes) == 2  # the source note and the footnote: notes, never speech
    assert all("nothing of the kind" not in u.text for u in document.meeting.utterances)
    assert document.citation.source_address == "https://history.state.gov/historicaldocuments/frus-test/d1"
    (statement,) = [u for u in document.meeting.utterances if u.kind is UtteranceKind.REPORTED]
    assert statement.speaker.endswith("Allison")


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        ("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>", "not well-formed XML"),
        ("<html><body>A page</body></html>", "not read: unsupported format"),
        ("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text><body><p>Hi</p></body></text></TEI>", "div"),
    ],
)
def test_bad_xml_is_a_clear_error_naming_the_file(tmp_path: Path, xml: str, message: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(xml, encoding="utf-8")
    with pytest.raises(InputError, match=rf"bad\.xml.*{message}"):
        read_documents(path)


def test_an_entity_is_never_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    (source,) = _volume(
        tmp_path,
        "<div type='document' xml:id='d1' n='1'><head>1. Note</head><p>A &amp; B.</p></div>",
    )
    path = tmp_path / "xxe.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY x SYSTEM "file://{secret}">]>'
        + f"{HEADER}<div type='document' xml:id='d1' n='1'><head>1. Note</head><p>A &x; B.</p></div>"
        + "</body></text></TEI>",
        encoding="utf-8",
    )
    assert "A & B." in source.text
    assert all("SECRET-CONTENT" not in d.text for d in read_documents(path))


def test_a_volume_builds_one_graph_per_document_and_one_person_per_frus_person(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "frus").mkdir(parents=True)
    shutil.copy(VOLUME, corpus / "frus" / VOLUME.name)
    (corpus / "note.txt").write_text("5 May 1950\n\nStalin: Good.\n\nMao Zedong: Agreed.\n", encoding="utf-8")
    settings = Settings(
        corpus=corpus, out=tmp_path / "g", cache=tmp_path / "cache", mappings=ROOT / "mappings", jobs=1
    )
    result = build(settings)
    assert sorted(d.doc_id for d in result.documents) == [
        "frus1955-57v03_d12",
        "frus1955-57v03_d14",
        "frus1955-57v03_d21",
        "frus1955-57v03_d280",
        "frus1955-57v03_d51",
        "note",
    ]
    assert result.summary()["errors"] == 0 and result.conforms
    store = Store()
    for path in (tmp_path / "g" / "documents").glob("frus*.ttl"):
        store.load(path=str(path), format=RdfFormat.TURTLE, to_graph=None)
    identifier = "<https://w3id.org/parley/ontology#publisherIdentifier>"
    rows = store.query(f"SELECT DISTINCT ?person ?id WHERE {{ ?person {identifier} ?id }}")
    found = {(row["person"].value, row["id"].value) for row in rows}
    assert ("https://w3id.org/parley/person/walter-p-mcconaughy", f"{PERSONS}p_MCWP1") in found
    ids = [frus for _, frus in found]
    assert len(ids) == len(set(ids))  # one person IRI per FRUS person
    source = store.query(
        "SELECT ?file WHERE { ?d <https://w3id.org/parley/ontology#sourceFile> ?file } ORDER BY ?file"
    )
    assert "corpus/frus/frus1955-57v03.xml#d12" in {row["file"].value for row in source}


def test_a_changed_document_of_a_volume_is_the_only_one_built_again(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    volume = corpus / VOLUME.name
    shutil.copy(VOLUME, volume)
    settings = Settings(
        corpus=corpus,
        out=tmp_path / "g",
        cache=tmp_path / "cache",
        mappings=ROOT / "mappings",
        validate=False,
        jobs=1,
    )
    assert build(settings).rebuilt == 5
    again = build(settings)
    assert again.rebuilt == 0 and again.written == []
    text = volume.read_text(encoding="utf-8")
    volume.write_text(
        text.replace("Highlights fourth meeting", "Highlights the fourth meeting"), encoding="utf-8"
    )
    edited = build(settings)
    assert edited.rebuilt == 1 and edited.written[0].name == "frus1955-57v03_d12.ttl"
    volume.write_text(text.replace('<div type="document" xml:id="d21"', '<div type="x" xml:id="d21"'))
    removed = build(settings)
    assert "frus1955-57v03_d21" not in {d.doc_id for d in removed.documents}
    assert not (tmp_path / "g" / "documents" / "frus1955-57v03_d21.ttl").exists()
