"""The committed graph/, read back with SPARQL: speakers, participants, links and mention offsets."""

from __future__ import annotations

from collections import Counter

import pytest
from pyoxigraph import RdfFormat, Store

from helpers import CORPUS, ROOT

B = "https://w3id.org/parley/"
PREFIXES = """
PREFIX parley: <https://w3id.org/parley/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


@pytest.fixture(scope="module")
def store() -> Store:
    store = Store()
    store.load(path=str(ROOT / "graph" / "parley.trig"), format=RdfFormat.TRIG)
    return store


def rows(store: Store, query: str) -> list[tuple[str, ...]]:
    result = store.query(PREFIXES + query, use_default_graph_as_union=True)
    return [tuple(term.value if term is not None else "" for term in solution) for solution in result]


@pytest.mark.parametrize(
    ("doc_id", "expected"),
    [
        ("1945-06-30_stalin-soong", {"joseph-stalin": 7, "t-v-soong": 6}),
        ("1945-07-02_soong-stalin", {"joseph-stalin": 92, "t-v-soong": 91, "vyacheslav-molotov": 5}),
        ("1945-07-07_soong-stalin", {"joseph-stalin": 29, "t-v-soong": 32, "vyacheslav-molotov": 6}),
        (
            "1950-01-22_stalin-mao",
            {"joseph-stalin": 32, "mao-zedong": 29, "vyacheslav-molotov": 2, "zhou-enlai": 3},
        ),
    ],
)
def test_each_speaker_label_is_one_registry_person(
    store: Store, doc_id: str, expected: dict[str, int]
) -> None:
    found = rows(
        store,
        f"""
        SELECT ?speaker WHERE {{ ?u parley:inMeeting <{B}meeting/{doc_id}> ; parley:speaker ?speaker }}""",
    )
    assert Counter(r[0].removeprefix(B + "person/") for r in found) == expected


def test_participants_and_roles_of_30_june(store: Store) -> None:
    found = rows(
        store,
        f"""
        SELECT ?person ?role WHERE {{
          <{B}meeting/1945-06-30_stalin-soong> parley:participation ?p .
          ?p parley:participant ?person . OPTIONAL {{ ?p parley:role ?role }} }}""",
    )
    roles = {p.removeprefix(B + "person/"): r.rsplit("/", 1)[-1] for p, r in found}
    assert roles == {
        "joseph-stalin": "participant",
        "t-v-soong": "participant",
        "vyacheslav-molotov": "participant",
        "fu-bingchang": "ambassador",
        "apollon-petrov": "participant",
        "victor-hoo": "participant",
        "vladimir-pavlov": "interpreter",
    }


def test_meeting_header_facts(store: Store) -> None:
    found = rows(
        store,
        f"""
        SELECT DISTINCT ?date ?start ?end ?place WHERE {{
          <{B}meeting/1945-07-02_soong-stalin> <http://purl.org/dc/terms/date> ?date ;
            <https://schema.org/startDate> ?start ; <https://schema.org/endDate> ?end ;
            parley:place/rdfs:label ?place }}""",
    )
    assert found == [("1945-07-02", "1945-07-02T20:00:00", "1945-07-02T22:30:00", "Moscow")]
    duration = rows(store, f"SELECT ?d WHERE {{ <{B}meeting/1950-01-22_stalin-mao> parley:duration ?d }}")
    assert duration == [("PT2H",)]


def test_office_names_resolve_by_context(store: Store) -> None:
    found = rows(
        store,
        f"""
        SELECT DISTINCT ?label ?speaker WHERE {{
          ?u parley:inDocument ?doc ; parley:speakerLabel ?label ; parley:speaker ?speaker .
          VALUES ?doc {{ <{B}doc/1964-10-20_rusk-stevenson-dobrynin-memorandum>
                         <{B}doc/1964-09-25_bundy-dobrynin-memorandum> }} }}""",
    )
    assert {(label, s.removeprefix(B + "person/")) for label, s in found} == {
        ("Ambassador Dobrynin", "anatoly-dobrynin"),
        ("The Secretary", "dean-rusk"),
        ("I", "mcgeorge-bundy"),
        ("The Ambassador", "anatoly-dobrynin"),
        ("the Ambassador", "anatoly-dobrynin"),
    }


def test_cable_is_linked_to_the_meeting_it_reports(store: Store) -> None:
    found = rows(
        store, f"SELECT ?m WHERE {{ <{B}doc/1945-07-01_harriman-cable-on-soong-stalin> parley:reportsOn ?m }}"
    )
    assert found == [(f"{B}meeting/1945-06-30_stalin-soong",)]


def test_collection_entry_of_a_transcript_is_the_transcript(store: Store) -> None:
    found = rows(
        store,
        f"""
        SELECT ?record ?position WHERE {{
          ?record parley:inCollection <{B}doc/collection_sino-soviet-relations> ;
                  parley:entryPosition ?position }} ORDER BY ?position""",
    )
    assert len(found) == 9
    assert found[2] == (f"{B}doc/1945-07-07_soong-stalin", "3")
    assert found[3][0] == f"{B}doc/collection_sino-soviet-relations/entry/4"


def test_every_mention_span_is_its_surface_form(store: Store) -> None:
    found = rows(
        store,
        """
        SELECT ?file ?begin ?end ?surface WHERE {
          ?m a parley:Mention ; parley:beginIndex ?begin ; parley:endIndex ?end ;
             parley:surfaceForm ?surface ; prov:wasDerivedFrom/parley:sourceFile ?file }""",
    )
    assert len(found) > 500
    texts = {name: (CORPUS.parent / name).read_text(encoding="utf-8") for name in {r[0] for r in found}}
    bad = [r for r in found if texts[r[0]][int(r[1]) : int(r[2])] != r[3]]
    assert not bad


@pytest.mark.parametrize(
    ("surface", "entity"),
    [
        ("Dairen", "place/dalian"),
        ("Dalny", "place/dalian"),
        ("Sin-Kiang", "place/xinjiang"),
        ("Thibet", "place/tibet"),
        ("KChZhD", "org/chinese-eastern-railway"),
    ],
)
def test_historical_spellings_are_one_entity(store: Store, surface: str, entity: str) -> None:
    found = rows(
        store, f"""SELECT DISTINCT ?e WHERE {{ ?m parley:surfaceForm "{surface}" ; parley:mentionOf ?e }}"""
    )
    assert found == [(B + entity,)]


def test_checked_identifiers_are_linked_and_the_rest_reported(store: Store) -> None:
    linked = rows(store, "SELECT ?e ?q WHERE { ?e owl:sameAs ?q }")
    assert (B + "person/joseph-stalin", "http://www.wikidata.org/entity/Q855") in linked
    assert (B + "org/republic-of-china", "http://www.wikidata.org/entity/Q13426199") in linked
    import json

    report = json.loads((ROOT / "graph" / "report.json").read_text(encoding="utf-8"))
    unlinked = {u["id"] for u in report["unlinked"]}
    assert "fu-bingchang" in unlinked and "joseph-stalin" not in unlinked
    assert {e.removeprefix(B).split("/", 1)[1] for e, _ in linked}.isdisjoint(unlinked)
