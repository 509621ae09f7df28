"""Mention recognition and the candidates report, on real corpus paragraphs and on arbitrary text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import CORPUS, ROOT
from parley.recognize import MentionMatch, document_context, find_candidates, find_mentions
from parley.registry import Entity, Registry, load_registry

D1945, D1950, D1964 = dt.date(1945, 7, 2), dt.date(1950, 1, 22), dt.date(1964, 9, 25)
REGISTRY = load_registry(ROOT / "mappings")


def paragraph(file: str, contains: str) -> tuple[str, int]:
    """The corpus paragraph (line) holding `contains`, and its offset in the file."""
    text = (CORPUS / file).read_text(encoding="utf-8")
    start = text.index(contains)
    start = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)], start


def mentions(
    text: str, offset: int = 0, date: dt.date | None = D1945, context: frozenset[str] = frozenset()
) -> list[MentionMatch]:
    return find_mentions(text, offset, REGISTRY, date=date, context=context)


def pairs(found: list[MentionMatch]) -> list[tuple[str, str]]:
    return [(m.surface, m.entity_id) for m in found]


@pytest.mark.parametrize(
    ("file", "contains", "date", "expected"),
    [
        (
            "1945-07-02_soong-stalin.txt",
            "Dairen [Dalian] internationalized",
            D1945,
            [
                ("Soong", "t-v-soong"),
                ("Sakhalin", "sakhalin"),
                ("Stalin", "joseph-stalin"),
                ("Dairen", "dalian"),
                ("Dalian", "dalian"),
                ("Stalin", "joseph-stalin"),
            ],
        ),
        (
            "1945-07-02_soong-stalin.txt",
            "1) Strengthen",
            D1945,
            [
                ("Japan", "empire-of-japan"),
                ("Russia", "soviet-union"),
                ("China", "republic-of-china"),
                ("China", "republic-of-china"),
                ("Russia", "soviet-union"),
                ("America", "united-states"),
                ("Great Britain", "united-kingdom"),
                ("Japan", "empire-of-japan"),
                ("Port Arthur", "port-arthur"),
                ("Lüshunkou", "port-arthur"),
                ("Chinese Eastern Railway", "chinese-eastern-railway"),
                ("Southern Sakhalin", "south-sakhalin"),
                ("Outer Mongolia", "outer-mongolia"),
                ("Japan", "empire-of-japan"),
            ],
        ),
        (
            "1945-07-07_soong-stalin.txt",
            "request of Shen",
            D1945,
            [
                ("Stalin", "joseph-stalin"),
                ("China", "republic-of-china"),
                ("Sin-Kiang", "xinjiang"),
                ("Shen", "sheng-shicai"),
            ],
        ),
        (
            "1945-07-02_soong-stalin.txt",
            "difficulty with Thibet",
            D1945,
            [
                ("Soong", "t-v-soong"),
                ("Thibet", "tibet"),
                ("Washington", "washington-dc"),
                ("Pacific Conference", "pacific-conference-1943"),
                ("Churchill", "winston-churchill"),
                ("Thibet", "tibet"),
                ("China", "republic-of-china"),
                ("Soviet Union", "soviet-union"),
                ("Stalin", "joseph-stalin"),
                ("Port Arthur", "port-arthur"),
            ],
        ),
        (
            "1950-01-22_stalin-mao.txt",
            "Let us move over to the agreement on KChZhD",
            D1950,
            [("Stalin", "joseph-stalin"), ("agreement on KChZhD", "kchzhd-agreement-1945")],
        ),
        (
            "1950-01-22_stalin-mao.txt",
            "the KChZhD and the Port Arthur agreements",
            D1950,
            [
                ("Mao Zedong", "mao-zedong"),
                ("KChZhD", "chinese-eastern-railway"),
                ("Port Arthur agreements", "port-arthur-agreement-1945"),
            ],
        ),
        (
            "1950-01-22_stalin-mao.txt",
            "The question of Dalny",
            D1950,
            [
                ("Stalin", "joseph-stalin"),
                ("Dalny", "dalian"),
                ("Dairen", "dalian"),
                ("Dalian", "dalian"),
                ("Dalny", "dalian"),
            ],
        ),
        (
            "1945-06-30_stalin-soong.txt",
            "Dr. Soong said that Marshal Stalin's wish",
            D1945,
            [("Dr. Soong", "t-v-soong"), ("Marshal Stalin", "joseph-stalin")],
        ),
        (
            "1945-06-30_stalin-soong.txt",
            "asked about the health of President Chiang",
            D1945,
            [
                ("Marshal Stalin", "joseph-stalin"),
                ("Dr. Soong", "t-v-soong"),
                ("President Chiang [Kai-shek]", "chiang-kai-shek"),
            ],
        ),
    ],
)
def test_corpus_paragraphs(file: str, contains: str, date: dt.date, expected: list[tuple[str, str]]) -> None:
    text, offset = paragraph(file, contains)
    whole = (CORPUS / file).read_text(encoding="utf-8")
    found = mentions(text, offset, date, context=document_context([whole], REGISTRY))
    assert pairs(found) == expected
    assert all(whole[m.span.start : m.span.end] == m.surface for m in found)


def test_outer_mongolia_is_not_also_mongolia() -> None:
    text = "Outer Mongolia people do not want to join China; the status quo in Mongolia."
    assert pairs(mentions(text)) == [
        ("Outer Mongolia", "outer-mongolia"),
        ("China", "republic-of-china"),
        ("Mongolia", "outer-mongolia"),
    ]


def test_china_follows_the_date() -> None:
    text = "a stable united China"
    assert pairs(mentions(text, date=D1945)) == [("China", "republic-of-china")]
    assert pairs(mentions(text, date=D1950)) == [("China", "peoples-republic-of-china")]
    assert mentions(text, date=None) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chinaware and china cups; let us go", []),  # word boundaries, capitals
        ("Chiang's views; Stalin’s wish.", [("Chiang", "chiang-kai-shek"), ("Stalin", "joseph-stalin")]),
        (
            "the U.S. and the US, [T.V.] Soong",
            [("U.S.", "united-states"), ("US", "united-states"), ("[T.V.] Soong", "t-v-soong")],
        ),
        (
            "Port Arthur [Lüshunkou] and (Kwangsi [Guangxi])",
            [
                ("Port Arthur", "port-arthur"),
                ("Lüshunkou", "port-arthur"),
                ("Kwangsi", "guangxi"),
                ("Guangxi", "guangxi"),
            ],
        ),
        (
            "the Chang Tso-lin affair: Chang did not like Japanese.",
            [("Chang Tso-lin", "zhang-zuolin"), ("Chang", "zhang-zuolin")],
        ),
        ("Chang did not like Japanese.", []),  # no full name in the document: not guessed
    ],
)
def test_edges(text: str, expected: list[tuple[str, str]]) -> None:
    found = mentions(text, offset=7)
    assert pairs(found) == expected
    assert all(text[m.span.start - 7 : m.span.end - 7] == m.surface for m in found)


def test_a_title_of_another_office_names_someone_else() -> None:
    """`Johnson` is President Johnson by the title taken off his name; `Secretary Johnson` and
    `General Carter` are not the President."""
    day = dt.date(1965, 2, 10)
    found = mentions("The President asked Secretary Johnson and General Carter; Johnson agreed.", date=day)
    assert [(m.surface, m.entity_id) for m in found if m.entity_id.endswith(("johnson", "carter"))] == [
        ("Johnson", "lyndon-b-johnson")
    ]


def test_the_ambassador_is_the_one_the_document_names() -> None:
    whole = (CORPUS / "1964-09-25_bundy-dobrynin-memorandum.txt").read_text(encoding="utf-8")
    text, offset = paragraph("1964-09-25_bundy-dobrynin-memorandum.txt", "3. My own principal effort")
    found = mentions(text, offset, D1964, context=document_context([whole], REGISTRY))
    assert ("the Ambassador", "anatoly-dobrynin") in pairs(found)
    assert not any(m.entity_id == "anatoly-dobrynin" for m in mentions(text, offset, D1964))


def test_candidates_report_unregistered_and_unresolved_names() -> None:
    registry = Registry()
    registry.add(Entity("t-v-soong", "person", "T. V. Soong", ("Soong",)))
    text = "Soong: Youth party: back of it: landlords of Szechuan. Lin Wen-hui, largest landlord supports it."
    known = [m.span for m in find_mentions(text, 100, registry)]
    found = find_candidates(text, 100, registry, known)
    assert [(c.surface, c.reason) for c in found] == [
        ("Szechuan", "unregistered"),
        ("Lin Wen-hui", "unregistered"),
    ]
    lin = found[1]
    assert text[lin.span.start - 100 : lin.span.end - 100] == "Lin Wen-hui" and "landlord" in lin.context
    undated = find_candidates("a stable united China.", 0, REGISTRY, [])
    assert [(c.surface, c.reason) for c in undated] == [("China", "unresolved")]


def test_candidates_on_a_corpus_paragraph_are_few_and_real() -> None:
    text, offset = paragraph("1964-09-23_cabot-wang-warsaw-telegram.txt", "Alleged USS Maddox")
    known = [m.span for m in mentions(text, offset, dt.date(1964, 9, 23))]
    found = find_candidates(text, offset, REGISTRY, known)
    assert [c.surface for c in found] == ["USS Maddox"]


ALIASES = sorted(
    {n for e in REGISTRY.entities.values() for n in e.names} | {"China", "Chang", "the Ambassador"}
)
PIECES = st.one_of(
    st.sampled_from(ALIASES),
    st.text(max_size=6),
    st.sampled_from([" ", "[", "]", "'s ", "’", ". ", "-", "\n", "Chinaware"]),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(PIECES, max_size=30).map("".join), st.integers(0, 10_000), st.sampled_from([None, D1945, D1950])
)
def test_spans_always_equal_surfaces(text: str, offset: int, date: dt.date | None) -> None:
    found = find_mentions(text, offset, REGISTRY, date=date)
    for mention in found:
        assert text[mention.span.start - offset : mention.span.end - offset] == mention.surface
        assert mention.surface and mention.entity_id in REGISTRY.entities
    spans = [m.span for m in found]
    assert spans == sorted(spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    for candidate in find_candidates(text, offset, REGISTRY, spans):
        assert text[candidate.span.start - offset : candidate.span.end - offset] == candidate.surface
        assert not any(s.start < candidate.span.end and candidate.span.start < s.end for s in spans)


def test_document_context_is_plain_names_only() -> None:
    assert document_context(["Chang Tso-lin and Chang; China"], REGISTRY) == {"zhang-zuolin"}
