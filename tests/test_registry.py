"""The curated registry: it loads, every corpus speaker resolves, links are checked, errors are clear."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from helpers import CORPUS, ROOT, parse_corpus_file
from parley.errors import MappingError
from parley.model import SourceText
from parley.parse.document import parse_document
from parley.recognize import document_context
from parley.registry import Registry, load_registry
from parley.resolve import SpeakerResolver

MAPPINGS = ROOT / "mappings"
REFERENCE = ROOT.parent / "shared" / "reference" / "wikidata.tsv"
D1945, D1950, D1964 = dt.date(1945, 7, 2), dt.date(1950, 1, 22), dt.date(1964, 10, 20)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(MAPPINGS)


def test_registry_loads_every_kind(registry: Registry) -> None:
    kinds = {e.kind for e in registry.entities.values()}
    assert kinds == {"person", "place", "organization", "state", "treaty", "event"}
    assert all(
        registry.get(e.member_of).kind in ("state", "organization")
        for e in registry.entities.values()
        if e.member_of
    )


@pytest.mark.parametrize(
    ("names", "date", "expected"),
    [
        (
            [
                "Soong",
                "Dr. Soong",
                "[T.V.] Soong",
                "[T.V] Soong",
                "T. V. Soong",
                "T.V. Soong",
                "Dr. [T.V.] Soong",
            ],
            D1945,
            "t-v-soong",
        ),
        (
            ["Stalin", "Marshal Stalin", "[Joseph] Stalin", "I.V. Stalin", "comrade Stalin"],
            D1945,
            "joseph-stalin",
        ),
        (["Mao Zedong", "Mao"], D1950, "mao-zedong"),
        (["Zhou Enlai"], D1950, "zhou-enlai"),
        (["Molotov", "Mr. Molotov"], D1945, "vyacheslav-molotov"),
        (["Interpreter Pavlov", "Pavlov"], D1945, "vladimir-pavlov"),
        (["Ambassador Fu"], D1945, "fu-bingchang"),
        (["Mr. Petrov", "Petrov"], D1945, "apollon-petrov"),
        (["Dr. Victor Hoo"], D1945, "victor-hoo"),
        (["Ambassador Anatoliy F. Dobrynin", "Ambassador Dobrynin"], D1964, "anatoly-dobrynin"),
        (["Secretary Rusk", "Dean Rusk"], D1964, "dean-rusk"),
        (["Ambassador Adlai Stevenson"], D1964, "adlai-stevenson"),
        (["[PRC Ambassador to the USSR] Wang Jiaxiang"], D1950, "wang-jiaxiang"),
        (["[CCP CC member] Chen Boda"], D1950, "chen-boda"),
        (["Shi Zhe /Karskii/", "Karskii"], D1950, "shi-zhe"),
        (["Hopkins"], D1945, "harry-hopkins"),
        (["McG. B."], D1964, "mcgeorge-bundy"),
    ],
)
def test_names_resolve_to_one_person(
    registry: Registry, names: list[str], date: dt.date, expected: str
) -> None:
    context = ["Stalin", "Soong"]
    for name in names:
        entity = registry.resolve_person(name, date=date, context=context)
        assert entity is not None and entity.id == expected, name


CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*.txt") if p.name[0].isdigit())


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_every_speaker_and_participant_of_the_corpus_resolves(registry: Registry, name: str) -> None:
    document = parse_corpus_file(name)
    if document.meeting is None:
        pytest.skip("no meeting")
    resolver = SpeakerResolver(document, registry, document_context([document.text], registry))
    written = [p.name for p in document.meeting.participants]
    written += [u.speaker for u in document.meeting.utterances if u.speaker]
    unresolved = [n for n in written if not resolver.resolve(n).entity_id]
    assert unresolved == []


def test_periods_choose_the_state_of_the_day(registry: Registry) -> None:
    def china(date: dt.date | None) -> str | None:
        entity = registry.resolve("China", date=date)
        return entity.id if entity else None

    assert china(D1945) == "republic-of-china"
    assert china(dt.date(1949, 9, 30)) == "republic-of-china"
    assert china(dt.date(1949, 10, 1)) == "peoples-republic-of-china"
    assert china(D1950) == "peoples-republic-of-china"
    assert china(None) is None  # no date, no guess
    assert [e.id for e in registry.lookup("China", date=D1945)] == ["republic-of-china"]
    assert {e.id for e in registry.lookup("China")} == {"republic-of-china", "peoples-republic-of-china"}


def test_short_names_resolve_only_by_context(registry: Registry) -> None:
    assert registry.resolve_person("Chang", date=D1945) is None
    zuolin = registry.resolve_person("Chang", date=D1945, context=["Chang Tso-lin"])
    fakui = registry.resolve_person("Chang", date=D1945, context=["General Chang Fah-kwei"])
    assert (zuolin and zuolin.id, fakui and fakui.id) == ("zhang-zuolin", "zhang-fakui")
    assert registry.resolve_person("Chang", context=["Chang Tso-lin", "Chang Fah-kwei"]) is None
    assert registry.resolve_person("Wang", date=dt.date(1964, 9, 23)) is None
    wang = registry.resolve_person("Wang", date=dt.date(1964, 9, 23), context=["Cabot"])
    assert wang is not None and wang.id == "wang-guoquan"
    assert registry.resolve_person("Pavlov", date=D1945) is None  # Stalin not named
    assert registry.resolve_person("Petrov", date=D1964) is None  # outside the period
    assert registry.resolve_person("The Secretary", date=D1945) is None
    ambassador = registry.resolve_person("the Ambassador", context=["anatoly-dobrynin", "Bundy"])
    assert ambassador is not None and ambassador.id == "anatoly-dobrynin"
    assert registry.resolve_person("the Ambassador", context=["Dobrynin", "Stevenson"]) is None


def test_a_name_without_its_title_keeps_to_the_titles_of_the_person(registry: Registry) -> None:
    """`Johnson` and `Carter` resolve by the titles taken off `President Johnson` and `President
    Carter`, but a name written with another office's title is someone else (U. Alexis Johnson,
    Marshall S. Carter); a title of courtesy contradicts nothing."""
    d1965, d1977 = dt.date(1965, 2, 10), dt.date(1977, 3, 1)

    def who(name: str, date: dt.date) -> str | None:
        entity = registry.resolve_person(name, date=date)
        return entity.id if entity else None

    president = [who(n, d1965) for n in ("President Johnson", "Johnson", "Mr. Johnson")]
    assert president == ["lyndon-b-johnson"] * 3
    assert who("Secretary Johnson", d1965) is None
    assert who("Acting Secretary Johnson", d1965) is None
    assert who("Ambassador Johnson", d1965) is None
    assert who("General Carter", d1977) is None
    assert who("President Carter", d1977) == "jimmy-carter"
    assert who("Marshal Stalin", D1945) == who("Generalissimo Stalin", D1945) == "joseph-stalin"
    assert who("Foreign Minister Molotov", D1945) == who("Minister Molotov", D1945) == "vyacheslav-molotov"


def _reference_rows() -> dict[str, str]:
    """Each QID of the reference (in the qid column or named in a note) -> the text of its row."""
    rows: dict[str, str] = {}
    with REFERENCE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            text = f"{row['label']} {row['note']}"
            for qid in {row["qid"], *re.findall(r"Q[1-9]\d*", row["note"])}:
                rows[qid] = rows.get(qid, "") + " " + text
    return rows


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared/reference/wikidata.tsv is not present")
def test_every_qid_is_checked_and_names_the_same_entity(registry: Registry) -> None:
    rows = _reference_rows()
    linked = [e for e in registry.entities.values() if e.wikidata]
    assert len(linked) > 60
    for entity in linked:
        assert entity.wikidata in rows, f"{entity.id}: {entity.wikidata} is not in the reference"
        row = rows[entity.wikidata].casefold()
        assert any(name.casefold() in row for name in entity.names), f"{entity.id} vs {row!r}"
        assert entity.wikidata_source.startswith("shared/reference/wikidata.tsv")
    qids = [e.wikidata for e in linked]
    assert len(qids) == len(set(qids)), "one QID linked to two entities"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        ("persons.yaml", "- id: x\n", r"persons\.yaml, entry 1: missing 'label'"),
        (
            "persons.yaml",
            "- {id: a, label: A}\n- {id: Bad Id, label: B}\n",
            r"entry 2 \(Bad Id\): id must be",
        ),
        ("organizations.yaml", "- {id: a, label: A, kind: country}\n", r"entry 1 \(a\): kind must be one of"),
        ("places.yaml", "- {id: a, label: A, wikidata: 123}\n", r"wikidata must look like Q123"),
        ("places.yaml", "- {id: a, label: A, wikidata: Q1}\n", r"needs a wikidata_source"),
        ("places.yaml", "- {id: a, label: A, aliasses: [B]}\n", r"unknown key\(s\) \['aliasses'\]"),
        (
            "places.yaml",
            "- {id: a, label: A, aliases: [{alias: B, since: 1945}]}\n",
            r"unknown key\(s\) \['since'\]",
        ),
        ("places.yaml", "- {id: a, label: A, aliases: [{alias: B, from: June}]}\n", r"dates must be a year"),
        (
            "places.yaml",
            "- {id: a, label: A, aliases: [{alias: B, with: [nowhere]}]}\n",
            r"'nowhere'.*not in",
        ),
        ("persons.yaml", "- {id: a, label: A, member_of: atlantis}\n", r"member_of 'atlantis'"),
        ("persons.yaml", "- {id: a, label: A}\n- {id: a, label: B}\n", r"'a' is defined twice"),
        ("persons.yaml", "- {id: a, label: A, aliases: [yes]}\n", r"put the name in quotes"),
        ("treaties.yaml", "- {id: a, label: [A\n", r"treaties\.yaml: not valid YAML"),
    ],
)
def test_malformed_entries_name_file_and_entry(tmp_path: Path, file: str, text: str, message: str) -> None:
    with pytest.raises(MappingError, match=message):
        load_registry(_write(tmp_path, file, text))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Neither Addison nor McNeil favour this idea.", "Addison"),  # a clause's opening word
        ("At the meeting on 18th July Addison mentioned the conference.", "Addison"),  # the date's month
        ("Incidentally Addison thought the proposal premature.", "Addison"),  # a sentence adverb
        ("Conversation Addison and Bevin, morning.", "Addison"),  # a word of the record's kind
        ("Moscow\nJ. Addison\n\nThe talks are over.", "Addison"),  # a place of the registry: a dateline
        ("At the meeting Christopher Addison spoke first.", "Christopher Addison"),  # a given name
    ],
)
def test_a_surname_alone_takes_only_a_given_name_the_text_writes_before_it(
    registry: Registry, sentence: str, expected: str
) -> None:
    """A surname speaking alone is the one full name of the record ending with it; a capitalized word
    before the surname that cannot be a given name does not make one."""
    text = f"Record of conversation, 21 May 1947\n\n{sentence}\n\nAddison said that he agreed.\n"
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert SpeakerResolver(document, registry).resolve("Addison").label == expected


@pytest.mark.parametrize(
    ("written", "label"),
    [
        ("Whether Dalai", "Dalai"),
        ("Although Nehru", "Nehru"),
        ("Apparently McVey", "McVey"),
        ("If Dean Acheson", "Dean Acheson"),
        ("So Phim", "So Phim"),
        ("Despite Stikker", "Stikker"),
        ("According Pyman", "Pyman"),  # a cable's `According Pyman, ...`
        ("February Latham", "Latham"),
    ],
)
def test_a_clause_s_opening_word_is_not_part_of_a_name(registry: Registry, written: str, label: str) -> None:
    text = "Record of conversation, 21 May 1960\n\nThe talks went on all day.\n"
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert SpeakerResolver(document, registry).resolve(written).label == label


@pytest.mark.parametrize(
    ("written", "body"),
    [
        ("Bandoeng Conference", True),
        ("Commonwealth Governments", True),
        ("Cabinet Sub-Committee", True),
        ("Ad Hoc Inter-Departmental Working Group", True),
        ("Mr. Banks", False),
        ("the Rt. Hon. the Prime Minister", True),  # an office, whatever honours precede it
    ],
)
def test_a_body_s_name_is_no_person(registry: Registry, written: str, body: bool) -> None:
    text = "Record of conversation, 21 May 1960\n\nThe talks went on all day.\n"
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert SpeakerResolver(document, registry).resolve(written).office is body


def test_the_treasurer_is_an_office_not_a_person(registry: Registry) -> None:
    text = "Record of conversation, 21 May 1960\n\nThe Treasurer said that the loan was too large.\n"
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert SpeakerResolver(document, registry).resolve("The Treasurer").office


@pytest.mark.parametrize(
    ("written", "label"), [("Amb Ali", "Ali"), ("FonMin Subardjo", "Subardjo"), ("Gen Phao", "Phao")]
)
def test_a_cable_s_abbreviated_title_is_no_part_of_the_name(
    registry: Registry, written: str, label: str
) -> None:
    text = "Telegram, 21 May 1960\n\nThe talks went on all day.\n"
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert SpeakerResolver(document, registry).resolve(written).label == label


@pytest.mark.parametrize("written", ["Secy", "FonMin", "PolCouns", "Emb Rep"])
def test_a_cable_s_abbreviated_office_is_an_office(registry: Registry, written: str) -> None:
    text = "Telegram, 21 May 1960\n\nThe talks went on all day.\n"
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert SpeakerResolver(document, registry).resolve(written).office


def test_an_author_that_opens_with_a_clause_s_word_resolves_once(registry: Registry) -> None:
    """The author's full name, its first word dropped, is not looked up again and again."""
    text = "Memorandum\n\nESTIMATES OF GOODS REQUIRED BY AUSTRALIA URGENTLY SOUGHT\n\nI said we agreed.\n"
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert document.author == "Urgently Sought"
    resolver = SpeakerResolver(document, registry)
    assert resolver.resolve("I").label == resolver.resolve("Sought").label == "Sought"


def test_a_listed_name_with_a_clause_s_opening_word_resolves_once(registry: Registry) -> None:
    text = "Memorandum of Conversation\n\nParticipants:\nIf Arthur Quigley\nJohn Smith\n\n"
    text += "Arthur Quigley said so.\n"
    document = parse_document(SourceText("x", "x.txt", text, "0"))
    assert document.meeting and "If Arthur Quigley" in [p.name for p in document.meeting.participants]
    resolver = SpeakerResolver(document, registry)
    assert resolver.resolve("Arthur Quigley").label == resolver.resolve("If Arthur Quigley").label
