"""Every canned query on the embedded store of graph/, with its expected answer on the seed corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib.plugins.sparql import prepareQuery

from helpers import ROOT
from parley import store as store_module
from parley.canned import catalogue, query, with_values
from parley.cli import main
from parley.errors import InputError
from parley.results import to_csv, to_json
from parley.store import open_store

NAMES = [
    "meetings",
    "participants",
    "turns-per-speaker",
    "utterances",
    "mentions",
    "claims",
    "positions-over-time",
    "treaties",
    "co-mentions",
    "collection",
    "unlinked",
    "search",
    "wikidata-enrich",
]
P = "https://w3id.org/parley/"
GRAPH = ROOT / "graph"
HOSTILE = ['"', "'", "}", '"} ; DROP ALL ; {"', "} ; DROP ALL", 'a\nb\r\n"""', "\\", "x" * 100_000, "?query"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    return open_store(Path("graph"), cache=tmp_path_factory.mktemp("cache") / "store")


def run(store: ox.Store, name: str, **params: str) -> list[dict[str, str]]:
    table = query(name, params=params, store=store)
    return [
        {c: t.value for c, t in zip(table.columns, row, strict=True) if t is not None} for row in table.rows
    ]


def test_catalogue_has_every_query_with_header() -> None:
    found = {q.name: q for q in catalogue()}
    assert set(NAMES) <= set(found)
    for q in found.values():
        assert q.title and q.question and q.columns
        assert prepareQuery(q.text).algebra.name == "SelectQuery", f"{q.name} must be a SELECT query"
    assert found["wikidata-enrich"].network and "SERVICE" in found["wikidata-enrich"].text
    assert [p.name for p in found["claims"].params] == ["issue", "person", "status", "min-confidence"]


@pytest.mark.parametrize("q", [q for q in catalogue() if not q.network], ids=lambda q: q.name)
def test_result_columns_are_the_header_columns(store: ox.Store, q: object) -> None:
    params = {
        p.name: {"text": "Mongolia"}.get(
            p.name, "issue:outer-mongolia-status" if p.name == "issue" else "meeting:1945-07-02_soong-stalin"
        )
        for p in q.params
        if p.required
    }  # type: ignore[attr-defined]
    table = query(q.name, params=params, store=store)  # type: ignore[attr-defined]
    assert table.columns == q.columns and table.rows  # type: ignore[attr-defined]


def test_meetings(store: ox.Store) -> None:
    rows = run(store, "meetings")
    assert len(rows) == 9  # the eight recorded and the one the 1 July 1945 cable recounts
    recounted = next(r for r in rows if r["meeting"].endswith("/recounted"))
    assert recounted["date"] == "1945-06-30"
    moscow = next(r for r in rows if r["meeting"] == P + "meeting/1945-07-02_soong-stalin")
    assert moscow["date"] == "1945-07-02" and moscow["start"] == "1945-07-02T20:00:00"
    assert moscow["place"] == P + "place/moscow" and moscow["placeLabel"] == "Moscow"


def test_participants(store: ox.Store) -> None:
    rows = run(store, "participants", meeting="meeting:1945-07-02_soong-stalin")
    assert {r["name"] for r in rows} == {"Joseph Stalin", "T. V. Soong", "Vyacheslav Molotov"}
    assert {r["state"] for r in rows if r["name"] == "Joseph Stalin"} == {P + "org/soviet-union"}
    assert len(run(store, "participants")) > len(rows)


def test_turns_per_speaker(store: ox.Store) -> None:
    rows = run(store, "turns-per-speaker", meeting=P + "meeting/1945-07-07_soong-stalin")
    assert [(r["name"], r["turns"]) for r in rows] == [
        ("T. V. Soong", "32"),
        ("Joseph Stalin", "29"),
        ("Vyacheslav Molotov", "6"),
    ]


def test_utterances(store: ox.Store) -> None:
    rows = run(store, "utterances", meeting="meeting:1945-07-07_soong-stalin")
    assert rows[0]["position"] == "1" and rows[0]["name"] == "T. V. Soong"
    assert rows[0]["text"] == "Sorry we delayed a few days."
    assert [int(r["position"]) for r in rows] == sorted(int(r["position"]) for r in rows)


@pytest.mark.parametrize(
    "entity", ["Q855", "http://www.wikidata.org/entity/Q855", P + "person/joseph-stalin"]
)
def test_mentions_accepts_qid_wikidata_iri_and_ours(store: ox.Store, entity: str) -> None:
    rows = run(store, "mentions", entity=entity)
    assert {r["entity"] for r in rows} == {P + "person/joseph-stalin"}
    first = next(r for r in rows if r["document"] == P + "doc/1945-06-30_stalin-soong")
    assert (
        first["wikidata"] == "http://www.wikidata.org/entity/Q855" and first["type"] == P + "ontology#Person"
    )
    assert int(first["count"]) >= 10


def test_mentions_give_each_documents_earliest_mention(store: ox.Store) -> None:
    """The place the build records as the first mention is the lowest begin of the entity's mentions
    in the document, counted here from the mentions themselves."""
    earliest = """PREFIX parley: <https://w3id.org/parley/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?document (MIN(?at) AS ?begin) (COUNT(?m) AS ?n) WHERE {
          ?m parley:mentionOf <https://w3id.org/parley/person/joseph-stalin> ;
             prov:wasDerivedFrom ?document ; parley:beginIndex ?at } GROUP BY ?document"""
    solutions = store.query(earliest, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    expected = {row["document"].value: (int(row["begin"].value), int(row["n"].value)) for row in solutions}
    rows = run(store, "mentions", entity="Q855")
    assert {r["document"]: (int(r["begin"]), int(r["count"])) for r in rows} == expected
    assert any(n > 1 for _, n in expected.values())


def test_claims(store: ox.Store) -> None:
    rows = run(store, "claims", issue="issue:outer-mongolia-status")
    assert any(r["name"] == "Joseph Stalin" and r["date"] == "1945-07-02" for r in rows)
    assert {r["stance"].rsplit("/", 1)[1] for r in rows} <= {
        "accepts",
        "asks",
        "asserts",
        "concedes",
        "demands",
        "proposes",
        "rejects",
    }
    stalin = run(store, "claims", issue="issue:outer-mongolia-status", person="Q855")
    assert stalin and {r["claimant"] for r in stalin} == {P + "person/joseph-stalin"}
    assert all(r["issueLabel"] == "Status of Outer Mongolia" for r in stalin)


def test_positions_over_time(store: ox.Store) -> None:
    rows = run(store, "positions-over-time", issue="issue:outer-mongolia-status")
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert {(r["date"], r["name"]) for r in rows} >= {
        ("1945-07-02", "Soviet Union"),
        ("1945-07-02", "Republic of China"),
    }


def test_treaties(store: ox.Store) -> None:
    rows = run(store, "treaties")
    yalta = {
        (r["meeting"].rsplit("/", 1)[1], r["speaker"].rsplit("/", 1)[1])
        for r in rows
        if r["treaty"] == P + "treaty/yalta-agreement"
    }
    assert ("1945-07-07_soong-stalin", "t-v-soong") in yalta


def test_co_mentions(store: ox.Store) -> None:
    rows = run(store, "co-mentions")
    assert all(r["a"] < r["b"] for r in rows)
    assert (rows[0]["aLabel"], rows[0]["bLabel"]) == ("Republic of China", "Soviet Union")
    assert [int(r["count"]) for r in rows] == sorted((int(r["count"]) for r in rows), reverse=True)


PREFIXES = """PREFIX parley: <https://w3id.org/parley/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
COUNTED_CO_MENTIONS = (
    PREFIXES
    + """SELECT ?a ?b (COUNT(DISTINCT ?passage) AS ?count) WHERE {
  ?passage parley:inDocument ?document ; parley:mentions ?a , ?b . FILTER(STR(?a) < STR(?b))
} GROUP BY ?a ?b"""
)
COUNTED_MENTIONS = (
    PREFIXES
    + """SELECT ?document ?entity (COUNT(DISTINCT ?mention) AS ?count) WHERE {
  ?mention a parley:Mention ; parley:mentionOf ?entity ; prov:wasDerivedFrom ?document .
} GROUP BY ?document ?entity"""
)


def _counts(rows: object, *keys: str) -> dict[tuple[str, ...], int]:
    assert isinstance(rows, ox.QuerySolutions)
    return {tuple(row[k].value for k in keys): int(row["count"].value) for row in rows}


def test_published_counts_are_the_counted_mentions(store: ox.Store) -> None:
    """The counts the build publishes (co-mentions in the statistics graph, mention counts in each
    document's graph) equal what aggregating every mention of the graph gives: a mention counts for
    the document whose text it is in (its prov:wasDerivedFrom)."""
    co_mentions = {(r["a"], r["b"]): int(r["count"]) for r in run(store, "co-mentions")}
    counted = _counts(store.query(COUNTED_CO_MENTIONS, use_default_graph_as_union=True), "a", "b")
    assert co_mentions == counted and len(counted) > 500
    mentions = {(r["document"], r["entity"]): int(r["count"]) for r in run(store, "mentions")}
    counted = _counts(store.query(COUNTED_MENTIONS, use_default_graph_as_union=True), "document", "entity")
    assert mentions == counted and len(counted) > 100


def test_collection(store: ox.Store) -> None:
    rows = run(store, "collection")
    assert len(rows) == 9 and rows[0]["date"] == "1930-09-30"
    assert [r["transcript"] for r in rows if "transcript" in r] == [P + "doc/1945-07-07_soong-stalin"]


def test_unlinked(store: ox.Store) -> None:
    rows = run(store, "unlinked")
    linked = {
        str(r[0].value)
        for r in store.query(
            "SELECT ?e WHERE { ?e <http://www.w3.org/2002/07/owl#sameAs> ?w }",
            use_default_graph_as_union=True,
        )
    }
    assert rows and not {r["entity"] for r in rows} & linked
    assert P + "event/cold-war" in {r["entity"] for r in rows}


def test_search(store: ox.Store) -> None:
    rows = run(store, "search", text="OUTER mongolia")
    assert rows and all("outer mongolia" in r["text"].lower() for r in rows)


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_values_stay_values(store: ox.Store, value: str) -> None:
    before = len(store)
    assert all(value.lower() in r["text"].lower() for r in run(store, "search", text=value))
    assert len(store) == before
    echoed = ox.Store().query(with_values("SELECT ?v WHERE { }", {"v": ox.Literal(value)}))
    assert [row["v"] for row in echoed] == [ox.Literal(value)]


@pytest.mark.parametrize("value", ["x> } ; DROP ALL ; {", "person:a b", "Q1\n}"])
def test_hostile_entities_are_rejected(store: ox.Store, value: str) -> None:
    with pytest.raises(InputError):
        query("mentions", params={"entity": value}, store=store)


def test_parameter_errors(store: ox.Store) -> None:
    with pytest.raises(InputError, match="needs --param meeting"):
        query("utterances", store=store)
    with pytest.raises(InputError, match="no parameter 'who'"):
        query("claims", params={"who": "x"}, store=store)
    with pytest.raises(InputError, match="no query 'nope'"):
        query("nope", store=store)


def test_store_is_rebuilt_only_when_the_graph_changes(tmp_path: Path) -> None:
    data = tmp_path / "g.trig"
    data.write_text("<urn:g> { <urn:a> <urn:b> <urn:c> . }")
    cache = tmp_path / "store"
    assert len(open_store(data, cache=cache)) == 1
    stamp = (tmp_path / "store.sha256").stat().st_mtime_ns
    assert len(open_store(data, cache=cache)) == 1
    assert (tmp_path / "store.sha256").stat().st_mtime_ns == stamp
    data.write_text("<urn:g> { <urn:a> <urn:b> <urn:c>, <urn:d> . }")
    assert len(open_store(data, cache=cache)) == 2


def test_a_folder_loads_in_pieces_into_what_its_dataset_file_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The embedded store bulk-loads a built folder a few kilobytes at a time here (32 MB in use)
    and reloads a changed graph the same way: it holds the quads of parley.trig."""
    monkeypatch.setattr(store_module, "PIECE", 4000)
    expected = ox.Store()
    expected.bulk_load(path=str(GRAPH / "parley.trig"), format=ox.RdfFormat.TRIG)
    folder = tmp_path / "graph"
    shutil.copytree(GRAPH, folder)
    assert set(open_store(folder, cache=tmp_path / "store")) == set(expected)
    document = folder / "documents" / "1945-07-02_soong-stalin.ttl"
    document.write_bytes(document.read_bytes().replace(b"Outer Mongolia", b"Outer  Mongolia"))
    changed = set(open_store(folder, cache=tmp_path / "store"))
    assert len(changed - set(expected)) > 10 and len(changed) == len(expected)


def test_json_and_csv(store: ox.Store) -> None:
    table = query("meetings", store=store)
    doc = json.loads(to_json(table))
    assert doc["head"]["vars"] == list(table.columns)
    first = doc["results"]["bindings"][0]
    assert first["meeting"]["type"] == "uri" and first["title"]["xml:lang"] == "en"
    parsed = ox.parse_query_results(to_json(table).encode(), format=ox.QueryResultsFormat.JSON)
    assert len(list(parsed)) == len(table.rows)
    assert to_csv(table).splitlines()[0] == ",".join(table.columns)


def test_cli_query(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["query", "--list"])
    assert listing.exit_code == 0 and "positions-over-time" in listing.output and "issue=" in listing.output
    root = Path.cwd()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "queries").symlink_to(root / "queries")
    args = ["query", "claims", "--param", "person=Q855", "--format", "json", "--graph", str(root / "graph")]
    out = runner.invoke(main, args)
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["results"]["bindings"]
    bad = runner.invoke(main, ["query", "utterances", "--graph", str(root / "graph")])
    assert bad.exit_code == 1 and "needs --param meeting" in bad.output
