"""The parser on the shipped corpus, checked against a reading of each record."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import parse_corpus_file, turns_per_label
from parley.model import DocumentKind, ParagraphRole, Severity, SourceText, Span, UtteranceKind
from parley.parse import parse_document

SEEDS = {
    "1945-06-30_stalin-soong.txt": {
        "kind": UtteranceKind.REPORTED,
        "turns": {"marshal stalin": 2, "stalin": 5, "dr. soong": 6},
        "date": dt.date(1945, 6, 30),
        "start": dt.time(18, 30),
        "end": dt.time(18, 45),
        "place": "",
    },
    "1945-07-02_soong-stalin.txt": {
        "kind": UtteranceKind.TURN,
        "turns": {"stalin": 92, "soong": 91, "molotov": 5},
        "date": dt.date(1945, 7, 2),
        "start": dt.time(20, 0),
        "end": dt.time(22, 30),
        "place": "Moscow",
    },
    "1945-07-07_soong-stalin.txt": {
        "kind": UtteranceKind.TURN,
        "turns": {"stalin": 29, "soong": 32, "molotov": 6},
        "date": dt.date(1945, 7, 7),
        "start": dt.time(23, 0),
        "end": dt.time(23, 45),
        "place": "",
    },
    "1950-01-22_stalin-mao.txt": {
        "kind": UtteranceKind.TURN,
        "turns": {"stalin": 32, "mao zedong": 29, "molotov": 2, "zhou enlai": 3},
        "date": dt.date(1950, 1, 22),
        "start": None,
        "end": None,
        "place": "",
    },
}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_turns_per_speaker_date_time_place(name: str) -> None:
    expected = SEEDS[name]
    document = parse_corpus_file(name)
    assert document.kind is DocumentKind.MEETING_RECORD
    meeting = document.meeting
    assert meeting is not None
    assert dict(turns_per_label(document)) == expected["turns"]
    assert {u.kind for u in meeting.utterances if u.speaker} == {expected["kind"]}
    assert (meeting.date, meeting.start, meeting.end, meeting.place) == (
        expected["date"],
        expected["start"],
        expected["end"],
        expected["place"],
    )


@pytest.mark.parametrize("name", sorted(SEEDS) + ["1964-09-23_cabot-wang-warsaw-telegram.txt"])
def test_every_utterance_is_its_source_span(name: str) -> None:
    document = parse_corpus_file(name)
    assert document.meeting is not None
    positions = [u.position for u in document.meeting.utterances]
    assert positions == list(range(1, len(positions) + 1))
    for utterance in document.meeting.utterances:
        assert document.text[utterance.span.start : utterance.span.end] == utterance.text


def test_present_block_gives_participants_and_roles() -> None:
    document = parse_corpus_file("1945-06-30_stalin-soong.txt")
    meeting = document.meeting
    assert meeting is not None

    def meeting_text(span: Span) -> str:
        return document.text[span.start : span.end]

    assert [(p.name, p.title, p.role) for p in meeting.participants] == [
        ("Stalin", "Marshal", "participant"),
        ("[T.V.] Soong", "", "participant"),
        ("Molotov", "", "participant"),
        ("Fu", "Ambassador", "ambassador"),
        ("Petrov", "", "participant"),
        ("Victor Hoo", "", "participant"),
        ("Pavlov", "Interpreter", "interpreter"),
    ]
    for participant in meeting.participants:
        title = participant.title_span
        assert meeting_text(participant.span) == participant.name
        if title:
            assert meeting_text(title) == participant.title


def test_trailing_attendance_sentence_and_duration() -> None:
    document = parse_corpus_file("1950-01-22_stalin-mao.txt")
    meeting = document.meeting
    assert meeting is not None
    names = [p.name for p in meeting.participants]
    assert names[:3] == ["Molotov", "Malenkov", "Mikoyan"]
    assert "Shi Zhe" in names and len(names) == 13
    assert names[-1] == "I.V. Stalin"  # the host, named by the title only
    wang = next(p for p in meeting.participants if p.name == "Wang Jiaxiang")
    assert (wang.title, wang.role) == ("[PRC Ambassador to the USSR]", "ambassador")
    assert meeting.duration_minutes == 120
    assert document.summary.startswith("Conversation between Stalin and Mao")
    assert meeting.utterances[0].kind is UtteranceKind.NARRATION


def _turn_containing(name: str, needle: str) -> tuple[str, str]:
    meeting = parse_corpus_file(name).meeting
    assert meeting is not None
    found = [u for u in meeting.utterances if needle in u.text]
    assert len(found) == 1, needle
    return found[0].speaker, found[0].text


@pytest.mark.parametrize(
    ("name", "needle", "speaker", "starts"),
    [
        ("1945-07-02_soong-stalin.txt", "(Pavlov reads translation)", "Stalin", "Let’s read."),
        (
            "1945-07-02_soong-stalin.txt",
            "We consider it as step to independence",
            "Stalin",
            "I oppose police",
        ),
        (
            "1945-07-02_soong-stalin.txt",
            "1) Strengthen its strategic position",
            "Stalin",
            "Outer Mongolia has",
        ),
        ("1945-07-02_soong-stalin.txt", "Aim: use rail for Port Arthur", "Stalin", "Term"),
        ("1945-07-02_soong-stalin.txt", "Frankly: government wants enlist", "Soong", "I appreciate"),
        ("1945-07-07_soong-stalin.txt", "- 4) Declaration on independence", "Molotov", "They concern:"),
        ("1945-07-07_soong-stalin.txt", "relations.", "Molotov", "A situation which is left"),
    ],
)
def test_continuations_stay_with_their_turn(name: str, needle: str, speaker: str, starts: str) -> None:
    found_speaker, text = _turn_containing(name, needle)
    assert found_speaker == speaker
    assert text.startswith(starts)


def test_citation_block_and_web_noise() -> None:
    document = parse_corpus_file("1945-07-07_soong-stalin.txt")
    c = document.citation
    assert (c.archive, c.collection, c.box, c.folder, c.contributor) == (
        "Hoover Institution Archives",
        "Victor Hoo Collection",
        "6",
        "9",
        "David Wolff",
    )
    assert (c.source_address, c.record_id) == ("https://digitalarchive.umd.edu/document/123420", "123420")
    assert document.summary.startswith("Stalin and Dr. Soong continue their discussions")
    noise = parse_corpus_file("1945-07-02_soong-stalin.txt")
    assert noise.meeting is not None
    assert not any(
        "Skip to content" in u.text or "welcomes reuse" in u.text for u in noise.meeting.utterances
    )
    assert any(f.text == "Skip to content" for f in noise.findings)


def test_collection_listing_entries() -> None:
    document = parse_corpus_file("collection_sino-soviet-relations.txt")
    assert document.kind is DocumentKind.COLLECTION
    assert document.title == "Sino-Soviet Relations"
    assert [(e.date, e.record_type) for e in document.entries] == [
        (dt.date(1930, 9, 30), "resolution"),
        (dt.date(1945, 7, 3), "cable"),
        (dt.date(1945, 7, 7), "meeting-notes"),
        (dt.date(1945, 7, 9), "meeting-notes"),
        (dt.date(1945, 7, 10), "cable"),
        (dt.date(1945, 7, 11), "cable"),
        (dt.date(1945, 10, 30), "telegram"),
        (dt.date(1946, 2, 19), "memorandum-of-conversation"),
        (dt.date(1946, 5, 6), "diary"),
    ]
    assert document.entries[6].title == "Telegram from Molotov to Stalin"
    assert document.entries[6].summary.startswith("Draft reply to Malinovsky")


def test_memorandum_with_participants_block_and_office_name() -> None:
    document = parse_corpus_file("1964-10-20_rusk-stevenson-dobrynin-memorandum.txt")
    meeting = document.meeting
    assert meeting is not None
    assert [(p.name, p.role, p.affiliation, p.by_office) for p in meeting.participants] == [
        ("Anatoliy F. Dobrynin", "ambassador", "USSR", False),
        ("The Secretary", "secretary-of-state", "", True),
        ("Adlai Stevenson", "ambassador", "USUN", False),
    ]
    assert [u.speaker for u in meeting.utterances] == [
        "Ambassador Dobrynin",
        "The Secretary",
        "Ambassador Dobrynin",
    ]
    assert document.description == "Chinese Communist Nuclear Detonation"
    assert (meeting.place, meeting.start) == ("Washington", dt.time(18, 10))


def test_telegram_numbered_items_alternate_and_signature() -> None:
    document = parse_corpus_file("1964-09-23_cabot-wang-warsaw-telegram.txt")
    assert document.author == "Cabot"
    meeting = document.meeting
    assert meeting is not None
    speakers = [u.speaker for u in meeting.utterances if u.text.startswith("(")]
    assert speakers == ["Wang", "I", "Wang", "I", "Wang", "I", "Wang", "I", "I"]
    assert not any("Source: Department of State" in u.text for u in meeting.utterances)


def test_first_person_memorandum_author_from_initials() -> None:
    document = parse_corpus_file("1964-09-25_bundy-dobrynin-memorandum.txt")
    assert document.author == "McG. B."
    assert document.meeting is not None
    assert {u.speaker for u in document.meeting.utterances if u.speaker} == {
        "I",
        "The Ambassador",
        "the Ambassador",
    }


def test_second_hand_cable_has_reported_date() -> None:
    document = parse_corpus_file("1945-07-01_harriman-cable-on-soong-stalin.txt")
    assert document.kind is DocumentKind.REPORT
    assert document.reported_date == dt.date(1945, 6, 30)
    assert document.author == "Harriman"


def test_a_cable_keeps_its_own_talk_apart_from_the_meeting_it_recounts() -> None:
    document = parse_corpus_file("1945-07-01_harriman-cable-on-soong-stalin.txt")
    meeting, recounted = document.meeting, document.recounted
    assert meeting is not None and recounted is not None
    assert meeting.date == dt.date(1945, 7, 1)  # "This morning I called on Soong"
    assert {p.name for p in meeting.participants} == {"Soong", "Harriman"}
    assert recounted.date == dt.date(1945, 6, 30)  # "received last night by Stalin with Molotov ... present"
    assert {p.name for p in recounted.participants} == {"Stalin", "Molotov"}
    said = {u.speaker for u in meeting.utterances if u.recounted}
    assert "Stalin" in said and not said & {"I", "Soong"}


def test_a_meeting_that_would_end_before_it_starts_keeps_its_start_and_says_so() -> None:
    text = "Record of a conversation\n\n14 February 1955, 12:15 - 12:00 p.m.\n\nStalin: Yes.\n\nSoong: No.\n"
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert document.meeting is not None
    assert (document.meeting.start, document.meeting.end) == (dt.time(12, 15), None)
    (warning,) = [f for f in document.findings if "before it starts" in f.message]
    assert warning.line == 3 and warning.severity is Severity.WARNING


def test_a_paragraph_nobody_understands_is_left_out_with_a_warning() -> None:
    text = "Present:\n\nMolotov\n\n;\n\nStalin: Yes.\n\nMolotov: No.\n\nStalin: Good.\n"
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert document.paragraph_roles == (
        ParagraphRole.ATTENDANCE,
        ParagraphRole.ATTENDANCE,
        ParagraphRole.NOT_UNDERSTOOD,
        *[ParagraphRole.UTTERANCE] * 3,
    )
    (warning,) = [f for f in document.findings if f.line == 5]
    assert (warning.severity, warning.message, warning.text) == (
        Severity.WARNING,
        "paragraph not understood; left out",
        ";",
    )


def test_a_short_dateline_closes_an_attendance_block() -> None:
    dateline = "Date: December 5th, 1964 10:00 - 12:45 p.m."
    text = f"Present:\n\nMr. Molotov Ambassador Fu\n\n{dateline}\n\nStalin: Yes.\n"
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert document.meeting is not None
    assert [p.name for p in document.meeting.participants] == ["Molotov", "Fu"]
    assert (document.meeting.start, document.meeting.end) == (dt.time(10, 0), dt.time(12, 45))
    assert document.paragraph_roles[2] is ParagraphRole.DATELINE


def test_reported_speakers_of_recommending_and_opposing_without_the_editors_marks() -> None:
    """`recommended`, `opposed`, `stressed` report speech; a page marker before `He` and a footnote
    number glued to a name are the editor's (`[Page 610] He` continues the speaker, `Hagerty10` is
    Hagerty)."""
    text = (
        "Memorandum for the Record\n\nWashington, June 9, 1964.\n\n"
        "General Carter recommended that the air strike be stood down.\n\n"
        "Secretary McNamara opposed any delay. [Page 610] He stressed that we must act now.\n\n"
        "Hagerty10 recommended that some advance preparation be made.\n"
    )
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert document.meeting is not None
    said = [(u.kind, u.speaker, u.text[:20]) for u in document.meeting.utterances]
    assert said == [
        (UtteranceKind.REPORTED, "General Carter", "General Carter recom"),
        (UtteranceKind.REPORTED, "Secretary McNamara", "Secretary McNamara o"),
        (UtteranceKind.REPORTED, "Hagerty", "Hagerty10 recommende"),
    ]
