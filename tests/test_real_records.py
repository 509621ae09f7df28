"""The reader on real FRUS records (public domain, tests/fixtures/frus/): dates, places and
participants as the volumes' TEI markup states them (expected.json), and who the offices are."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest

from helpers import ROOT
from parley.model import Document
from parley.parse import parse_document
from parley.parse.vocabulary import is_group_word, is_title_word
from parley.read import read_source
from parley.recognize import document_context
from parley.registry import Registry, load_registry
from parley.resolve import SpeakerResolver

FIXTURES = ROOT / "tests" / "fixtures" / "frus"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def parsed(name: str) -> Document:
    return parse_document(read_source(FIXTURES / f"{name}.txt"))


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(ROOT / "mappings")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_meeting_date_is_the_datelines(name: str) -> None:
    document = parsed(name)
    assert document.meeting is not None
    assert document.meeting.date == dt.date.fromisoformat(EXPECTED[name]["date"])


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if EXPECTED[n]["place"]))
def test_place_is_the_datelines(name: str) -> None:
    document = parsed(name)
    assert document.meeting is not None
    assert fold(EXPECTED[name]["place"]) in fold(document.meeting.place)


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if EXPECTED[n]["participants"]))
def test_every_marked_up_participant_is_found(name: str) -> None:
    document = parsed(name)
    assert document.meeting is not None
    names = " | ".join(fold(p.name) for p in document.meeting.participants if not p.by_office)
    missing = [s for s in EXPECTED[name]["participants"] if fold(s.split()[-1]) not in names]
    assert missing == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_office_or_body_is_a_person(name: str, registry: Registry) -> None:
    document = parsed(name)
    assert document.meeting is not None
    resolver = SpeakerResolver(document, registry, document_context([document.text], registry))
    for participant in document.meeting.participants:
        ref = resolver.resolve_participant(participant)
        if ref.office or ref.entity_id or participant.title:  # `General White`: a title's name is a name
            continue
        words = [w for w in ref.label.split() if not (is_title_word(w) or is_group_word(w))]
        assert any(len(w.strip(".")) > 1 for w in words), ref.label


def test_every_participant_keeps_its_span(registry: Registry) -> None:
    for name in EXPECTED:
        document = parsed(name)
        assert document.meeting is not None
        for p in document.meeting.participants:
            assert document.text[p.span.start : p.span.end] == p.name
            if p.title_span:
                assert document.text[p.title_span.start : p.title_span.end] == p.title


@pytest.mark.parametrize(
    ("name", "written", "who"),
    [
        ("frus1961-63v01_d316", "The Secretary", "dean-rusk"),  # a US record of 1961: the office table
        ("frus1958-60v11_d30", "The President", "dwight-d-eisenhower"),
        ("frus1964-68v11_d156", "the Secretary of State", "dean-rusk"),
    ],
)
def test_an_office_is_its_holder_in_the_offices_own_records(
    name: str, written: str, who: str, registry: Registry
) -> None:
    document = parsed(name)
    resolver = SpeakerResolver(document, registry, document_context([document.text], registry))
    assert resolver.resolve(written).entity_id == who


def test_the_office_a_record_gives_to_someone_else_is_theirs(registry: Registry) -> None:
    document = parsed("frus1955-57v08_d213")  # Karachi, 1956: `President Mirza` is listed
    resolver = SpeakerResolver(document, registry, document_context([document.text], registry))
    ref = resolver.resolve("the President")
    assert (ref.label, ref.entity_id) == ("Mirza", "")


def test_an_office_in_another_governments_record_stays_an_office(registry: Registry) -> None:
    text = "Record of Conversation\n\nCanberra, 30 December 1964\n\nThe Secretary said that he would see.\n"
    document = parse_document(read_source_text(text))
    resolver = SpeakerResolver(document, registry)
    ref = resolver.resolve("The Secretary")
    assert ref.office and not ref.entity_id


def test_a_surname_is_the_full_name_the_record_writes(registry: Registry) -> None:
    document = parsed("frus1958-60v19_d301")
    resolver = SpeakerResolver(document, registry, document_context([document.text], registry))
    listed = (
        {p.name.split()[-1]: p.name for p in document.meeting.participants if not p.by_office}
        if document.meeting
        else {}
    )
    assert listed
    for surname, full in listed.items():
        assert resolver.resolve(f"Mr. {surname}").label in {
            resolver.resolve_participant(p).label for p in document.meeting.participants if p.name == full
        }


def read_source_text(text: str) -> object:
    from parley.model import SourceText

    return SourceText("x", "x.txt", text, "0")


def test_a_title_of_another_office_is_not_the_president_of_that_name(registry: Registry) -> None:
    """`Carter` resolves to President Carter by the title taken off `President Carter`; `General
    Carter` of a 1964 record is someone else, as a speaker and as a listed participant."""
    text = (
        "Memorandum for the Record\n\nWashington, August 18, 1964\n\n"
        "PARTICIPANTS: Secretary McNamara, General Carter, Mr. Forrestal\n\n"
        "General Carter said that he had recommended against the air strike.\n"
    )
    document = parse_document(read_source_text(text))
    resolver = SpeakerResolver(document, registry)
    assert document.meeting is not None
    carters = [p for p in document.meeting.participants if p.name.endswith("Carter")]
    assert carters
    refs = [resolver.resolve("General Carter"), *map(resolver.resolve_participant, carters)]
    assert {(ref.label, ref.entity_id) for ref in refs} == {("Carter", "")}
    assert resolver.resolve("President Carter").entity_id == "jimmy-carter"


def test_a_speaker_written_in_full_is_the_listed_person_whose_initials_agree(registry: Registry) -> None:
    text = (
        "Minutes of a Meeting, London, 21 June 1937\n\nPRESENT\n\n"
        "Colonel Sir M. P. A. Hankey (Secretary)\nAdmiral of the Fleet Lord Chatfield, First Sea Lord\n"
        "Mr. John Smith, Treasury\n\n"
        "SINGAPORE: PERIOD BEFORE RELIEF\n\n"
        "SIR MAURICE HANKEY said that the fortress would hold out.\n\n"
        "LORD CHATFIELD said that the fleet would sail.\n\n"
        "SIR ANTHONY SMITH said that he had no view.\n"
    )
    document = parse_document(read_source_text(text))
    assert document.meeting is not None
    speakers = [u.speaker for u in document.meeting.utterances if u.speaker]
    assert speakers == ["SIR MAURICE HANKEY", "LORD CHATFIELD", "SIR ANTHONY SMITH"]  # no `SINGAPORE` turn
    resolver = SpeakerResolver(document, registry)
    listed = {p.name: resolver.resolve_participant(p) for p in document.meeting.participants}
    assert resolver.resolve("SIR MAURICE HANKEY") == listed["M. P. A. Hankey"]
    assert resolver.resolve("LORD CHATFIELD") == listed["Chatfield"]
    assert resolver.resolve("SIR ANTHONY SMITH") != listed["John Smith"]  # another given name


def test_a_surname_listed_beside_a_full_name_of_it_is_another_person(registry: Registry) -> None:
    text = (
        "Memorandum of a Conversation, Taipei, April 16, 1956\n\nPARTICIPANTS\n"
        "President Chiang Kai-shek\nMadame Chiang\nAmbassador Rankin\n\n"
        "President Chiang asked about the conference in Tokyo.\n"
    )
    document = parse_document(read_source_text(text))
    assert document.meeting is not None
    resolver = SpeakerResolver(document, registry)
    keys = {p.name: resolver.resolve_participant(p).key for p in document.meeting.participants}
    assert keys["Chiang Kai-shek"] == "chiang-kai-shek"
    assert keys["Chiang"] != keys["Chiang Kai-shek"]
    assert resolver.resolve("President Chiang").key == "chiang-kai-shek"  # a speaker: the President


def test_a_name_of_no_words_resolves_without_error(registry: Registry) -> None:
    """A cable signed only by its footnote mark (`Minister. [1]`): the author's name has no word."""
    text = "Cablegram 15 CANBERRA, 30 January 1947\n\nPlease approach the Foreign Office.\n\n[1]\n"
    document = parse_document(read_source_text(text))
    resolver = SpeakerResolver(document, registry)
    assert resolver.resolve("[1]").label == ""
