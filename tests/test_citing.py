"""Finding and citing on the built graph/: entities by name, `parley list`, where the answers of
claims, treaties, search and mentions lie in the sources, `parley cite` in its four formats, the
notebook API and the wrapped text table."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rispy
from click.testing import CliRunner

from helpers import CORPUS, ROOT
from parley import canned, results
from parley.cite import StoreFacts, gather, render
from parley.cli import main
from parley.errors import InputError
from parley.lists import KINDS, listing
from parley.lookup import Lookup
from parley.read import read_source
from parley.store import open_store

GRAPH = ROOT / "graph"
BASE = "https://w3id.org/parley/"
QUOTE = "In spite of everything we cannot recognize independence and survive."


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    return open_store(GRAPH, cache=tmp_path_factory.mktemp("store") / "store")


@pytest.fixture(scope="module")
def runner(store: ox.Store) -> canned.Runner:
    return canned.Runner(store=store)


def _entity(runner: canned.Runner, kind: str, value: str) -> str:
    return Lookup(runner.rows, BASE).entity(kind, value).value


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("person", "Stalin", "person/joseph-stalin"),
        ("person", "stalin", "person/joseph-stalin"),
        ("person", "Q855", "person/joseph-stalin"),
        ("person", "person:joseph-stalin", "person/joseph-stalin"),
        ("person", f"{BASE}person/joseph-stalin", "person/joseph-stalin"),
        ("issue", "Outer Mongolia", "issue/outer-mongolia-status"),
        ("issue", "status of outer mongolia", "issue/outer-mongolia-status"),
        ("meeting", "1945-07-07", "meeting/1945-07-07_soong-stalin"),
        ("entity", "Yalta agreement", "treaty/yalta-agreement"),
    ],
)
def test_an_entity_by_name_id_iri_or_qid(runner: canned.Runner, kind: str, value: str, expected: str) -> None:
    assert _entity(runner, kind, value) == BASE + expected


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("issue", "issue:outer-mongolia", "not in the graph; did you mean issue:outer-mongolia-status"),
        ("person", "Stallin", "no person named 'Stallin'; did you mean person:joseph-stalin (Joseph Stalin)"),
        ("meeting", "Soong", "is ambiguous: meeting:1945-06-30_stalin-soong"),
        ("person", "issue:outer-mongolia-status", "is of type Issue, not a person"),
        ("person", "Q1", "no entity of the graph is linked to http://www.wikidata.org/entity/Q1"),
        ("person", "Zzyzx Qwrtp", "no person named 'Zzyzx Qwrtp'; no name is near it"),
    ],
)
def test_an_unknown_or_ambiguous_name_is_an_error_never_no_rows(
    runner: canned.Runner, kind: str, value: str, message: str
) -> None:
    with pytest.raises(InputError) as err:
        _entity(runner, kind, value)
    assert message in str(err.value)


def test_query_by_name_gives_the_rows_of_the_id(store: ox.Store) -> None:
    by_name = canned.query("claims", params={"issue": "Outer Mongolia", "person": "Stalin"}, store=store)
    by_id = canned.query(
        "claims", params={"issue": "issue:outer-mongolia-status", "person": "Q855"}, store=store
    )
    assert by_name.rows and by_name == by_id


def test_a_name_is_bound_as_a_term_not_pasted(store: ox.Store) -> None:
    with pytest.raises(InputError, match="no person named"):
        canned.query("claims", params={"person": 'x" } ?s ?p ?o { "'}, store=store)


def _source(document: str) -> str:
    return read_source(CORPUS / (document.rsplit("/", 1)[-1] + ".txt")).text


@pytest.mark.parametrize(
    ("name", "params"), [("claims", {}), ("treaties", {}), ("search", {"text": "Mongolia"})]
)
def test_answers_say_where_they_lie_in_the_source(store: ox.Store, name: str, params: dict[str, str]) -> None:
    table = canned.query(name, params=params, store=store)
    assert table.rows
    for row in table.rows:
        cell = {c: t.value if t is not None else None for c, t in zip(table.columns, row, strict=True)}
        assert cell["document"] and cell["line"] and cell["begin"] and cell["end"], cell
        text, begin, end = _source(cell["document"]), int(cell["begin"]), int(cell["end"])
        assert text[:begin].count("\n") + 1 == int(cell["line"])
        if name == "claims":
            assert text[begin:end] == cell["quote"]
        if name == "search":
            assert text[begin:end].lower() == "mongolia"


def test_mentions_say_where_the_first_mention_lies(store: ox.Store) -> None:
    table = canned.query("mentions", params={"entity": "Stalin"}, store=store)
    located = 0
    for row in table.rows:
        cell = dict(zip(table.columns, row, strict=True))
        assert cell["begin"] is not None and cell["end"] is not None
        text, begin = _source(cell["document"].value), int(cell["begin"].value)
        assert text[begin : int(cell["end"].value)].endswith("Stalin")
        if cell["line"] is not None:  # only where the mention lies in a passage's text
            located += 1
            assert text[:begin].count("\n") + 1 == int(cell["line"].value)
    assert located >= 3


def test_text_tables_wrap_long_quotes_instead_of_cutting_them(store: ox.Store) -> None:
    table = canned.query("search", params={"text": "Outer Mongolia has a geographical"}, store=store)
    text = results.to_text(table, width=60)
    quote = " ".join(str(table.rows[0][table.columns.index("text")].value).split())
    assert "…" not in text and len(quote) > 300
    lines = text.splitlines()
    assert all(len(line) <= len(lines[1]) for line in lines)
    start = lines[2].index(quote[:20])
    column = " ".join(line[start : start + 60].strip() for line in lines[2:-1])
    assert " ".join(column.split()).startswith(quote[:250])


@pytest.mark.parametrize("kind", KINDS)
def test_lists_give_ids_labels_and_counts(runner: canned.Runner, kind: str) -> None:
    table = listing(kind, runner)
    assert table.columns[0] == "id" and len(table.rows) > 0
    assert all(row[0] is not None for row in table.rows)


def test_list_persons_counts_turns_and_mentions(runner: canned.Runner) -> None:
    table = listing("persons", runner)
    stalin = next(r for r in table.rows if r[0] == ox.NamedNode(BASE + "person/joseph-stalin"))
    cell = dict(zip(table.columns, (t.value if t else None for t in stalin), strict=True))
    assert cell["label"] == "Joseph Stalin" and int(cell["documents"]) >= 5
    turns = runner.select(
        "SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE { ?u <https://w3id.org/parley/ontology#speaker> "
        f"<{BASE}person/joseph-stalin> }}"
    )
    assert int(cell["turns"]) == int(turns.rows[0][0].value)  # type: ignore[union-attr]


def _cite(runner: canned.Runner, short: str) -> object:
    iri = _entity(runner, "resource", short)
    return gather(StoreFacts(runner.rows), iri, BASE)


def _claim(store: ox.Store) -> str:
    """The claim of Soong's whose quote is QUOTE, as `claim:DOC/N` (claims are numbered per build)."""
    query = "SELECT ?c ?q WHERE { ?c <https://w3id.org/parley/ontology#quote> ?q }"
    (row,) = [r for r in store.query(query, use_default_graph_as_union=True) if r["q"].value == QUOTE]  # type: ignore[union-attr]
    return "claim:" + row["c"].value.removeprefix(BASE + "claim/")


def test_a_claim_citation_has_record_date_speaker_quote_and_place(
    runner: canned.Runner, store: ox.Store
) -> None:
    text = render(_cite(runner, _claim(store)), "text")  # type: ignore[arg-type]
    quote = QUOTE
    source = _source("1945-07-07_soong-stalin")
    begin = source.index(quote)
    assert f"T. V. Soong, 7 July 1945: \u201c{quote}\u201d" in text
    assert "Hoover Institution Archives, Victor Hoo Collection, box 6, folder 9, record 123420" in text
    line = source[:begin].count("\n") + 1
    assert f"corpus/1945-07-07_soong-stalin.txt, line {line}, characters {begin}-{begin + len(quote)}" in text


def test_citation_formats_read_back(runner: canned.Runner, store: ox.Store) -> None:
    claim = _claim(store)
    citation = _cite(runner, claim)
    (entry,) = rispy.loads(render(citation, "ris"))  # type: ignore[arg-type]
    assert entry["type_of_reference"] == "MANSCPT" and entry["date"] == "1945/07/07"
    assert entry["name_of_database"] == "Hoover Institution Archives"
    assert any("line 96" in note for note in entry["notes"])
    (item,) = json.loads(render(citation, "csl-json"))  # type: ignore[arg-type]
    assert item["type"] == "manuscript" and item["issued"] == {"date-parts": [[1945, 7, 7]]}
    assert item["archive_collection"] == "Victor Hoo Collection"
    bib = render(citation, "bibtex")  # type: ignore[arg-type]
    number = claim.rsplit("/", 1)[1]
    assert bib.startswith(f"@misc{{claim-1945-07-07-soong-stalin-{number},") and "date = {1945-07-07}" in bib
    assert r"1945-07-07\_soong-stalin.txt" in bib and bib.count("{") == bib.count("}")


@pytest.mark.parametrize(
    ("resource", "kind"),
    [
        ("meeting:1945-07-07_soong-stalin/utterance/33", "Parley statement"),
        ("meeting:1945-07-07_soong-stalin", "Parley meeting"),
        ("doc:1950-01-22_stalin-mao", "Parley record"),
    ],
)
def test_cite_a_turn_a_meeting_or_a_record(resource: str, kind: str) -> None:
    result = CliRunner().invoke(main, ["cite", resource, "--graph", str(GRAPH)])
    assert result.exit_code == 0, result.output
    assert kind in result.stdout and "Source: corpus/" in result.stdout


def test_cite_refuses_what_is_not_citable() -> None:
    result = CliRunner().invoke(main, ["cite", "person:joseph-stalin", "--graph", str(GRAPH)])
    assert result.exit_code == 1 and "is of type Person, not a resource" in result.output


def test_the_notebook_api_returns_rows_and_a_dataframe(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import parley

    shutil.copytree(GRAPH, tmp_path / "graph")  # a project of its own: its own store cache
    shutil.copy(ROOT / "parley.toml", tmp_path / "parley.toml")
    monkeypatch.chdir(tmp_path / "graph")
    rows = parley.query("claims", issue="Outer Mongolia", person="Stalin")
    assert len(rows) > 0 and rows.columns[-4:] == ("document", "line", "begin", "end")
    assert all(isinstance(r["line"], int) and r["issueLabel"] == "Status of Outer Mongolia" for r in rows)
    pytest.importorskip("pandas")
    frame = rows.to_dataframe()
    assert list(frame.columns) == list(rows.columns) and len(frame) == len(rows)
