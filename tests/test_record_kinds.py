"""Records of every kind: a letter, a minute or a paper that tells of no meeting is a record of no
meeting (its text kept as passages of the record), a cable that tells of a talk stays a meeting, and
the record types the titles of real archives name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
import pytest

from helpers import ROOT, build_texts
from parley.canned import query
from parley.model import Document, DocumentKind, Severity, SourceText
from parley.parse import parse_document
from parley.parse.dating import tells_of_a_talk
from parley.parse.recordtype import record_kind
from parley.site import generate_site
from parley.store import open_store

LETTER = """Letter From Casey to Menzies

Canberra, 12 March 1951

Dear Prime Minister,

I enclose the draft of the statement on the Pacific pact which the Department has prepared for
the Cabinet, with the notes of the Service Departments on the forces each member could offer. The
Treasury's figures are in the annex, and the costs of the first year are set out in the second table.

Yours sincerely,
"""
CABLE = """Cable From Casey to Menzies

Washington, 12 March 1951

I saw Acheson this morning. He said the United States would support the pact.

I said we were grateful and would answer within the week.
"""
DIALOGUE = "5 May 1950\n\nStalin: Good.\n\nMao Zedong: Agreed.\n"


def _parse(text: str) -> Document:
    return parse_document(SourceText("x", "x.txt", text, "0"))


@pytest.mark.parametrize(
    ("title", "record_type", "of_meeting"),
    [
        ("Casey to Menzies", "message", False),
        (
            "Sir George Pearce, Minister for External Affairs, to Mr J. A. Lyons, Prime Minister",
            "message",
            False,
        ),
        ("Minute, Ballard To Warwick Smith", "minute", False),
        ("Minute from Lind to Scully", "minute", False),
        ("Submission No. 349, Barnes To Cabinet", "submission", False),
        ("Memorandum from Plimsoll to Watt", "memorandum", False),
        ("Memorandum From the Secretary of State to the President", "memorandum", False),
        ("Note by Glasheen", "note", False),
        ("Dispatch from Kevin to Casey", "despatch", False),
        ("Telex, Hay To Warwick Smith", "telegram", False),
        ("Cabinet Decision No. 17", "resolution", False),
        ("Paper by the Department of External Affairs", "paper", False),
        ("Statement by Kerr", "statement", False),
        ("Record of Conversation between Whitlam and Suharto", "record-of-conversation", True),
        ("Memorandum of Conversation", "memorandum-of-conversation", True),
        ("Minutes of a Cabinet Meeting", "minutes", True),
        (
            "RECORD OF FIRST MEETING OF QUADRIPARTITE TALKS AT THE COMMONWEALTH RELATIONS OFFICE",
            "record-of-conversation",
            True,
        ),
        ("Record by Wright of Meeting of Prime Ministers", "record-of-conversation", True),
        ("Report by Andrews on Meeting of Australian Steering Committee", "report", True),
        ("Report of Meeting of Asia-Pacific Countries", "report", True),
        ("Report to Meeting of Prime Ministers", "report", False),
        ("Memorandum for Meeting of Prime Ministers", "memorandum", False),
        ("proposals sent to the Conference", "other", False),
    ],
)
def test_the_title_names_the_record_type(title: str, record_type: str, of_meeting: bool) -> None:
    kind = record_kind([title])
    assert (kind.record_type, kind.of_meeting) == (record_type, of_meeting)


def test_a_letter_that_tells_of_no_meeting_is_a_record_of_no_meeting() -> None:
    document = _parse(LETTER)
    assert document.kind is DocumentKind.RECORD and document.record_type == "letter"
    assert document.meeting is None and document.recounted is None
    texts = [p.text for p in document.passages]
    assert any("figures are in the annex" in t for t in texts)
    for passage in document.passages:
        assert document.text[passage.span.start : passage.span.end] == passage.text
    infos = [f.message for f in document.findings if f.severity is Severity.INFO]
    assert any("not the record of a meeting: a letter" in m for m in infos)


def test_a_cable_telling_of_a_talk_this_morning_records_a_meeting() -> None:
    document = _parse(CABLE)
    assert document.kind is not DocumentKind.RECORD and document.passages == ()
    assert document.meeting is not None
    assert "Acheson" in {p.name for p in document.meeting.participants}


@pytest.mark.parametrize(
    "sentence",
    [
        "Please commence preliminary discussions with the Malayan Government on the defence agreement.",
        "In any further talks with the State Department you should stress our concern.",
        "Your concern is to have the matter settled at this coming Assembly Meeting.",
        "I refer to my earlier cable re conversation with Dill on the Far East.",
        "The discussions in Canberra will include appointments with Mr Anthony.",
        "Beaverbrook has acted without any consultation with the Government here.",
        "I assume you saw Washington Embassy cable to the Foreign Office on trade with the USSR.",
        "Please approach the Ambassador in Washington at the first opportunity and, after consultation "
        "with the Secretary-General, send us his view.",
        "As the meeting begins on Monday we must settle our instructions with the Treasury.",
        "In talks with the State Department you should stress our conviction that this can be minimised.",
    ],
)
def test_a_cable_telling_of_a_talk_to_come_or_told_elsewhere_records_no_meeting(sentence: str) -> None:
    text = (
        f"Cablegram to Critchley\n\nCanberra, 11 September 1963\n\n{sentence} The Government has considered "
        "the matter and wishes you to proceed on the lines set out below.\n\nThe Minister agrees with the "
        "proposals and asks that you report progress by cable.\n"
    )
    document = _parse(text)
    assert document.meeting is None and document.kind is DocumentKind.RECORD


@pytest.mark.parametrize(
    ("sentence", "of_meeting"),
    [
        ("It is proposed to appoint Mr. Bowden, the present Trade Commissioner at Shanghai.", False),
        (  # `the present Trade Commissioner`: present as now, not as at a meeting
            "It is proposed to appoint Mr. Bowden, the present Trade Commissioner at Shanghai. Mr. Bowden "
            "would accept the position.",
            False,
        ),
        (
            "It is proposed to appoint Mr. Bowden, the present Trade Commissioner at Shanghai. In "
            "conversation with me today Mr. Bowden said that he would accept the position.",
            True,
        ),
    ],
)
def test_a_cable_naming_a_person_is_a_meeting_only_when_it_tells_of_a_talk(
    sentence: str, of_meeting: bool
) -> None:
    text = (
        f"Cablegram From Menzies to Cranborne\n\nCanberra, 11 September 1941\n\n{sentence} The Government "
        "has considered the matter and wishes the appointment to proceed.\n\nThe Minister agrees with the "
        "proposals and asks that you report progress by cable.\n"
    )
    document = _parse(text)
    assert (document.meeting is not None) is of_meeting
    if document.meeting:
        assert [u.speaker for u in document.meeting.utterances if u.speaker] == ["Mr. Bowden"]


@pytest.mark.parametrize(
    "sentence",
    [
        "I discussed with the Minister the report of the Select Committee on the constitution.",
        "I saw Acheson this morning and he said the United States would support the pact.",
        "I have seen Sjahrir today and got from him an assurance that they have not entered talks.",
        "Please tell the Minister at once that in my long conversation with Acheson today he agreed.",
        "The meeting opened this morning with the Secretary-General in the chair.",
    ],
)
def test_a_talk_held_is_told_of(sentence: str) -> None:
    assert tells_of_a_talk([sentence], None)


@pytest.mark.parametrize(
    "sentence",
    [
        "Mr Rippon has seen Sir C O'Neill's minute upon this letter, which reached me only today.",
        "The Chancellor of the Duchy has seen your proposed telegraphic reply this morning.",
        "I saw your telegram this morning and agree with its terms.",
    ],
)
def test_a_paper_seen_is_no_talk(sentence: str) -> None:
    assert not tells_of_a_talk([sentence], None)


@pytest.mark.parametrize(
    ("sentence", "held"),
    [  # a cable that reports nobody's words: only a talk a verb tells of, in this year, is one held
        ("Have discussed the matter with the Secretary of State for Foreign Affairs.", True),
        ("Carne and Hetherington have discussed with Van Hoogstraten the proposals in my telegram.", True),
        (
            "We agree that the fullest possible discussion with the United States Administration is "
            "the essential preliminary to any statement.",
            False,
        ),
        (
            "You will recall that during 1936 the question was discussed with the United Kingdom Government.",
            False,
        ),
        ("In a private conversation with Van Kleffens I told him of our view.", True),
        ("From my conversation with the Netherlands Minister I understand that he agrees.", True),
        ("The session followed an interview we had with the United States Ambassador.", True),
        ("The Consul-General, in personal discussions with the Minister, emphasised these points.", True),
        ("We have been considering the position in consultation with Mr. Forrestal.", False),
        ("The Governor-General after consultation with the Procurator refused to release them.", False),
        ("Called on Permanent Secretary Foreign Office who said the cease-fire would hold.", True),
        ("I saw Hull and requested him to take action.", True),
        ("Have just had long and frank discussion with Dill.", True),
        ("The Minister called on the Security Council to order a cease-fire.", False),
        ("My call on Kosygin ten a.m. this morning lasted two hours.", True),
        ("A lengthy meeting on the question took place to-day at Chequers.", True),
        ("To-day I have received your memorandum on the minutes of the first meeting of the Council.", False),
    ],
)
def test_a_talk_a_cable_names_in_passing_is_no_meeting(sentence: str, held: bool) -> None:
    assert tells_of_a_talk([sentence], dt.date(1937, 3, 2), in_passing=True) is held


def test_a_numbered_paragraph_of_a_few_words_is_text_not_a_heading() -> None:
    text = (
        "Telegram From the Ambassador to the Department of State\n\nGeneva, March 8, 1956\n\n"
        "1611. 1. Two-hour meeting this morning with no change.\n\n"
        "2. He refused to be drawn into discussion of the renunciation of force and repeated his "
        "position of the last meeting.\n"
    )
    document = _parse(text)
    assert document.meeting is not None
    assert document.meeting.utterances[0].text.startswith("1611. 1. Two-hour meeting")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kinds")
    result = build_texts(root, {"1951-03-12_letter.txt": LETTER, "1950-05-05_talk.txt": DIALOGUE})
    assert result.conforms, [r for r in result.results if r.severity == "Violation"]
    assert result.summary()["meetings"] == 1 and result.summary()["records of no meeting"] == 1
    return root


def test_the_passages_of_a_record_of_no_meeting_are_in_the_graph_and_searchable(built: Path) -> None:
    store = ox.Store()
    store.bulk_load(path=str(built / "g" / "parley.trig"), format=ox.RdfFormat.TRIG)
    passage = next(
        str(s["p"].value)
        for s in store.query(
            "SELECT ?p WHERE { GRAPH ?g { ?p <https://w3id.org/parley/ontology#text> ?t } "
            "FILTER(CONTAINS(STR(?t), 'Treasury')) }"
        )
    )
    assert passage.endswith("doc/1951-03-12_letter/passage/" + passage.rsplit("/", 1)[-1])
    meetings = store.query(
        "ASK { GRAPH ?g { ?p <https://w3id.org/parley/ontology#inMeeting> ?m } "
        "FILTER(CONTAINS(STR(?p), '/passage/')) }"
    )
    assert not bool(meetings)
    found = query("search", params={"text": "Treasury"}, store=open_store(built / "g", cache=built / "qs"))
    rows = [dict(zip(found.columns, row, strict=True)) for row in found.rows]
    assert len(rows) == 1 and rows[0]["meeting"] is None
    assert rows[0]["document"] is not None and rows[0]["document"].value.endswith("doc/1951-03-12_letter")


def test_the_site_shows_the_text_of_a_record_of_no_meeting(built: Path) -> None:
    site = built / "site"
    generate_site(built / "g", site, queries=ROOT / "queries")
    doc_page = (site / "doc" / "1951-03-12_letter" / "index.html").read_text(encoding="utf-8")
    assert "not the record of a meeting" in doc_page and "figures are in the annex" in doc_page
    passages = sorted((site / "doc" / "1951-03-12_letter" / "passage").glob("*/index.html"))
    assert passages
    assert "Passage 1 of the record" in passages[0].read_text(encoding="utf-8")
