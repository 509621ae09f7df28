"""Claims: positions a historian names in the seed records, found by the rules or curated."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from helpers import ROOT, parse_corpus_file
from parley.claims import ClaimFact, ClaimRules, CuratedClaim, extract, extract_claims, load_claim_rules
from parley.claims.attribution import Attribution
from parley.claims.extract import proposals_for
from parley.claims.mood import mood_of
from parley.errors import MappingError
from parley.model import Document, Span
from parley.parse import parse_document
from parley.read import read_source
from parley.registry import Registry, load_registry

MAPPINGS = ROOT / "mappings"
SEED = (
    "1945-06-30_stalin-soong.txt",
    "1945-07-02_soong-stalin.txt",
    "1945-07-07_soong-stalin.txt",
    "1950-01-22_stalin-mao.txt",
)

# (file, speaker, stance, issue, words of the quote). "curated" marks positions that only
# mappings/curated-claims.yaml supplies; all others must be found by the rules.
POSITIONS = [
    ("1945-06-30", "Stalin", "asserts", "treaty-of-alliance", "You can count on our full support"),
    (
        "1945-07-02",
        "Stalin",
        "demands",
        "outer-mongolia-status",
        "we must have legal right to defend ourselves",
    ),
    ("1945-07-02", "Stalin", "demands", "outer-mongolia-status", "Sign treaty now."),
    (
        "1945-07-02",
        "Stalin",
        "demands",
        "outer-mongolia-status",
        "better for China and Russia if Outer Mongolia",
    ),
    ("1945-07-02", "Soong", "rejects", "outer-mongolia-status", "We cannot tell our people"),
    (
        "1945-07-02",
        "Soong",
        "rejects",
        "outer-mongolia-status",
        "Inseparable for Chinese Government",
    ),  # curated
    ("1945-07-02", "Soong", "asks", "outer-mongolia-status", "I do beg Stalin to reconsider this"),
    ("1945-07-02", "Soong", "rejects", "port-arthur-lease", "we do not want to have leased territories"),
    ("1945-07-02", "Soong", "proposes", "port-arthur-lease", "we are willing make port for joint use"),
    ("1945-07-02", "Stalin", "concedes", "port-arthur-lease", "For Port Arthur we yielded"),
    ("1945-07-02", "Soong", "demands", "dairen-status", "administration should be Chinese"),  # curated
    ("1945-07-02", "Stalin", "rejects", "korea-trusteeship", "I oppose police, stationing troops in Korea"),
    (
        "1945-07-07",
        "Soong",
        "rejects",
        "outer-mongolia-status",
        "We cannot recognize the independence of Outer Mongolia",
    ),
    (
        "1945-07-07",
        "Soong",
        "proposes",
        "outer-mongolia-status",
        "We do not propose to disturb the status quo",
    ),
    (
        "1945-07-07",
        "Soong",
        "proposes",
        "outer-mongolia-status",
        "We are ready to give high degree of autonomy",
    ),
    (
        "1945-07-07",
        "Stalin",
        "rejects",
        "outer-mongolia-status",
        "We cannot make concessions on this point",
    ),  # curated
    ("1945-07-07", "Stalin", "rejects", "outer-mongolia-status", "It is not realistic"),
    (
        "1950-01-22",
        "Stalin",
        "proposes",
        "port-arthur-lease",
        "shall remain in force until a peace treaty with Japan",
    ),
    ("1950-01-22", "Mao", "accepts", "port-arthur-lease", "We agree with the opinion of comrade Stalin"),
    (
        "1950-01-22",
        "Stalin",
        "concedes",
        "dairen-status",
        "We have no intention of securing any Soviet rights in Dalny",
    ),
    (
        "1950-01-22",
        "Mao",
        "proposes",
        "chinese-eastern-railway",
        "China should take the lead role",
    ),  # curated
    ("1950-01-22", "Zhou", "proposes", "chinese-eastern-railway", "replaced by Chinese cadres"),
    ("1950-01-22", "Stalin", "concedes", "chinese-eastern-railway", "we would not be against shortening it"),
    ("1950-01-22", "Mao", "asserts", "soviet-credit", "credit agreement are generally favorable to China"),
    # without a cue word: a statement naming one registered issue
    (
        "1945-07-07",
        "Stalin",
        "asserts",
        "outer-mongolia-status",
        "Status quo is formal recognition of independence",
    ),
    # idioms of rejection, proposal, need and telegraphic acceptance
    (
        "1950-01-22",
        "Molotov",
        "rejects",
        "chinese-eastern-railway",
        "This would go against the existing provision",
    ),
    (
        "1950-01-22",
        "Zhou",
        "rejects",
        "trade-agreement",
        "A separate agreement with Manchuria can be ruled out",
    ),
    ("1945-07-07", "Soong", "proposes", "outer-mongolia-status", "our realistic proposal are Outer Mongolia"),
    (
        "1945-07-02",
        "Stalin",
        "proposes",
        "port-arthur-lease",
        "It would be possible to find here a common language",
    ),
    ("1945-07-02", "Soong", "proposes", "korea-trusteeship", "Some sort of police will be necessary"),
    ("1945-07-07", "Soong", "accepts", "outer-mongolia-status", "Agrees with Yalta formula"),
    (
        "1950-01-22",
        "Mao",
        "proposes",
        "treaty-of-alliance",
        "paragraph on consultation regarding international",
    ),
]
CURATED = {
    "Inseparable for Chinese Government",
    "administration should be Chinese",
    "We cannot make concessions on this point",
    "China should take the lead role",
}


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(MAPPINGS)


@pytest.fixture(scope="module")
def rules() -> ClaimRules:
    return load_claim_rules(MAPPINGS)


@pytest.fixture(scope="module")
def extracted(registry: Registry, rules: ClaimRules) -> dict[str, tuple[Document, list[ClaimFact]]]:
    documents = {name[:10]: parse_corpus_file(name) for name in SEED}
    return {key: (doc, extract_claims(doc, registry, rules)[0]) for key, doc in documents.items()}


@pytest.mark.parametrize(("day", "speaker", "stance", "issue", "words"), POSITIONS)
def test_central_position_is_found(
    extracted: dict[str, tuple[Document, list[ClaimFact]]],
    day: str,
    speaker: str,
    stance: str,
    issue: str,
    words: str,
) -> None:
    _, claims = extracted[day]
    found = [
        c
        for c in claims
        if speaker in c.claimant_written and c.stance == stance and c.issue_id == issue and words in c.quote
    ]
    assert found, f"{day}: {speaker} {stance} {issue} {words!r} not among {len(claims)} claims"
    assert all((c.method == "curated") == (words in CURATED) for c in found)


def test_quotes_lie_in_their_utterances(extracted: dict[str, tuple[Document, list[ClaimFact]]]) -> None:
    for document, claims in extracted.values():
        assert document.meeting is not None
        spans = {u.position: u.span for u in document.meeting.utterances}
        for claim in claims:
            span = spans[claim.utterance_position]
            assert document.text[claim.quote_span.start : claim.quote_span.end] == claim.quote
            assert span.start <= claim.quote_span.start <= claim.quote_span.end <= span.end
            assert 0 < claim.confidence <= 1


def test_curated_claim_replaces_rule_claim(extracted: dict[str, tuple[Document, list[ClaimFact]]]) -> None:
    _, claims = extracted["1945-07-07"]
    on_52 = [c for c in claims if c.utterance_position == 52]
    assert [(c.method, c.issue_id, c.claimant_id) for c in on_52] == [
        ("curated", "outer-mongolia-status", "joseph-stalin")
    ]


def test_curated_quote_not_in_utterance_fails(registry: Registry, rules: ClaimRules) -> None:
    document = parse_corpus_file("1945-07-07_soong-stalin.txt")
    wrong = CuratedClaim(
        "1945-07-07_soong-stalin",
        52,
        "joseph-stalin",
        "rejects",
        "outer-mongolia-status",
        "We shall never agree.",
        "curated-claims.yaml, entry 9",
    )
    with pytest.raises(
        MappingError, match=r"entry 9: quote 'We shall never agree\.' is not in utterance 52 .*Stalin"
    ):
        extract_claims(document, registry, replace(rules, curated=(wrong,)))


def _mappings_with(tmp_path: Path, name: str, text: str) -> Path:
    for registry_file in (
        "persons.yaml",
        "places.yaml",
        "organizations.yaml",
        "treaties.yaml",
        "issues.yaml",
    ):
        shutil.copy(MAPPINGS / registry_file, tmp_path / registry_file)
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "claim-rules.yaml",
            "- {id: x, stance: insists, pattern: we insist, confidence: 0.5}",
            r"claim-rules.yaml, entry 1 \(x\): stance must be one of: asserts, proposes, demands, accepts",
        ),
        (
            "claim-rules.yaml",
            "- {id: x, stance: asks, pattern: '(', confidence: 0.5}",
            "not a valid regular expression",
        ),
        (
            "claim-rules.yaml",
            "- {id: x, stance: asks, pattern: a, confidence: 2}",
            "confidence must be a number",
        ),
        (
            "claim-rules.yaml",
            "- {id: x, stance: asks, pattern: a, confidence: 0.5, cue: b}",
            r"unknown key\(s\) \['cue'\]",
        ),
        (
            "issues.yaml",
            "- {id: y, label: Y, entities: [atlantis]}",
            r"issues.yaml, entry 1 \(y\): entity 'atlantis'",
        ),
        (
            "curated-claims.yaml",
            "- {doc: d, utterance: 1, claimant: joseph-stalin, stance: asks, issue: nowhere, quote: q,"
            " reviewer: r, date: 2026}",
            "issue must be one of: chinese-eastern-railway",
        ),
    ],
)
def test_malformed_mapping_is_reported(tmp_path: Path, name: str, text: str, message: str) -> None:
    with pytest.raises(MappingError, match=message):
        load_claim_rules(_mappings_with(tmp_path, name, text))


@pytest.mark.parametrize(
    ("sentence", "speaker", "turn", "holds"),
    [
        ("We cannot agree to this.", "Stalin", True, True),
        ("I said that the port must be Chinese.", "Soong", True, True),
        ("Stalin said that these are part of strategic importance.", "Soong", True, False),
        ("He said that he would write.", "Soong", True, False),  # in a turn: someone else
        ("He added that the port should be free.", "Soong", False, True),  # continues the statement
        ("It was agreed that the talks should go on.", "Soong", False, False),
        ("The Soviet Union had suggested that the port be free.", "Soong", False, False),
        ("Chiang told Petrov: we are willing make port for joint use.", "Soong", True, True),
        ("Roosevelt insisted that Dairen remain a free port.", "Stalin", True, False),
    ],
)
def test_a_sentence_holds_its_speakers_position_or_nobodys(
    registry: Registry, sentence: str, speaker: str, turn: bool, holds: bool
) -> None:
    attribution = Attribution(registry, dt.date(1945, 7, 2), ["Stalin", "Soong", "Molotov"])
    assert attribution.holds(sentence, speaker, turn) is holds


@pytest.mark.parametrize(
    ("sentence", "cue", "conditional", "question"),
    [
        ("If, however, he were asked, we should agree.", "we should agree", False, False),
        ("If, however, he were asked, we should agree.", "were asked", True, False),
        ("Should we make another adventure, we would lose.", "make another", True, False),
        ("Should we not change the ratio of capital?", "change the ratio", False, True),
    ],
)
def test_if_clauses_and_inversions_are_conditions_questions_are_not(
    sentence: str, cue: str, conditional: bool, question: bool
) -> None:
    mood = mood_of(sentence)
    at = sentence.index(cue)
    assert mood.conditional(Span(at, at + len(cue))) is conditional
    assert mood.question is question


def _claims_of(
    tmp_path: Path, registry: Registry, rules: ClaimRules, body: str
) -> list[tuple[str, str, str]]:
    record = tmp_path / "1945-07-02_talk.txt"
    record.write_text(f"Record of a Meeting\n\nMoscow, July 2, 1945.\n\n{body}", encoding="utf-8")
    document = parse_document(read_source(record), None)
    return [(c.claimant_written, c.stance, c.quote) for c in extract(document, registry, rules).claims]


def test_a_question_its_speaker_goes_on_from_asks_nothing(
    tmp_path: Path, registry: Registry, rules: ClaimRules
) -> None:
    """`Who can overthrow the Government? ... Nobody will.` argues; its cues count as in a statement
    (`must` demands), a question that ends the turn, or only an aside after it, asks."""
    claims = _claims_of(
        tmp_path,
        registry,
        rules,
        "Stalin: Who can overthrow the Government? Nobody will overthrow it.\n\n"
        "Soong: Why the port must be administered by China. We will give facilities.\n\n"
        "Stalin: Which railway do you prefer? (He laughs)\n\n"
        "Soong: What term for the railway?\n",
    )
    questions = [c for c in claims if c[1] == "asks"]
    assert [q[2] for q in questions] == ["Which railway do you prefer?", "What term for the railway?"]
    assert ("Soong", "demands", "Why the port must be administered by China.") in claims
    assert not any("overthrow" in c[2] for c in claims)


def test_a_statement_without_cue_is_a_claim_only_on_the_one_issue_it_names(
    tmp_path: Path, registry: Registry, rules: ClaimRules
) -> None:
    claims = _claims_of(
        tmp_path,
        registry,
        rules,
        "Soong: Good morning to you.\n\n"
        "Stalin: Outer Mongolia is part of this plan. Port Arthur and Dairen are the same question. "
        "The weather is fine today in Moscow. Outer Mongolia?\n\n"
        "Soong: Let us discuss the railway now. So much for Outer Mongolia and its status.\n\n"
        "Stalin: Good morning.\n",
    )
    assert claims == [
        ("Stalin", "asserts", "Outer Mongolia is part of this plan."),
        ("Stalin", "asks", "Outer Mongolia?"),  # by the question rule: the fallback asserts no question
    ]


@pytest.mark.parametrize(
    ("subject", "proposed"),
    [
        ("Wheat Prices", ["Wheat Prices"]),
        ("Dinner Meeting on the Information Problem", ["Information Problem"]),
        ("Quadripartite Dinner Discussion of East-West Relations", ["East-West Relations"]),
        ("Conversation at Chequers, August 29, 1959", []),
        ("NSC Meeting2", []),
    ],
)
def test_a_subject_naming_the_meeting_proposes_what_it_was_about(
    tmp_path: Path, registry: Registry, rules: ClaimRules, subject: str, proposed: list[str]
) -> None:
    record = tmp_path / "record.txt"
    record.write_text(
        f"Memorandum of Conversation\n\nWashington, August 3, 1965.\n\nSUBJECT\n\n{subject}\n\n"
        "PARTICIPANTS\n\nThe Secretary, Mr. Greenfield\n\nMr. Greenfield said that it should be studied.\n",
        encoding="utf-8",
    )
    found = proposals_for(parse_document(read_source(record), None), registry, rules)
    assert [i.label for i in found.issues] == proposed
    assert bool(found.subject) == bool(proposed)


def test_proposed_issues_leave_out_persons_and_insertions_and_procedure_is_no_claim(
    tmp_path: Path, registry: Registry, rules: ClaimRules
) -> None:
    record = tmp_path / "1950-01-05_talk.txt"
    record.write_text(
        "Memorandum of Conversation\n\nMoscow, January 5, 1950.\n\n"
        "Stalin: We propose a pipeline [Page 6] for twenty years. Ambassador Unger agreed with us.\n\n"
        "Zhou: Ambassador Unger was not there. The ice free port matters too.\n\n"
        "Stalin: The ice free port can wait. We must discuss any other questions first.\n\n"
        "Zhou: Very well. [Page 6] We must build the pipeline.\n",
        encoding="utf-8",
    )
    document = parse_document(read_source(record), None)
    found = extract(document, registry, rules)
    assert [i.label for i in found.proposed if i.evidence] == ["free port"]
    assert [(c.claimant_written, c.stance, c.quote) for c in found.claims] == [
        ("Stalin", "proposes", "We propose a pipeline [Page 6] for twenty years."),
        ("Zhou", "demands", "[Page 6] We must build the pipeline."),
    ]


def test_records_whose_long_ids_begin_alike_propose_issues_of_their_own(
    tmp_path: Path, registry: Registry, rules: ClaimRules
) -> None:
    """A proposed issue is one record's: its id holds the record's whole id (the records of an archive's
    volume share a long beginning)."""
    volume = "volume-25-australia-and-the-formation-of-malaysia-1961-1966"
    ids = []
    for number in (1, 2):
        record = tmp_path / f"{volume}_{number}-cablegram.txt"
        record.write_text(
            "Memorandum of Conversation\n\nWashington, August 3, 1965.\n\nSUBJECT\n\nWheat Prices\n\n"
            "PARTICIPANTS\n\nThe Secretary, Mr. Greenfield\n\nMr. Greenfield said it should be studied.\n",
            encoding="utf-8",
        )
        found = proposals_for(parse_document(read_source(record), None), registry, rules)
        ids.append({found.unnamed.id, *(i.id for i in found.issues)})
    assert len(ids[0]) == len(ids[1]) == 2 and not ids[0] & ids[1]
