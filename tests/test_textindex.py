"""The full-text index beside the embedded store: `search` answers with it what the full scan
answers, and the index follows the store (an edited record, a removed one, a damaged index)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from helpers import CORPUS, ROOT
from parley import store as store_module
from parley.build import build
from parley.canned import Table, query, read_query, with_values
from parley.config import Settings
from parley.errors import InputError
from parley.project import load_project
from parley.store import open_store
from parley.textindex import TextIndex, beside, rebuild

FOUND = ["Mongolia", "OUTER mongolia", "ongol", 'stop thief"', '"...this article', "that's right", "stalin’s"]
NOT_FOUND = ["zzqx no such words", "Mongolia  "]
SHORT = ["Mo", "a", ""]
TEXTS = """PREFIX parley: <https://w3id.org/parley/ontology#>
SELECT DISTINCT ?u WHERE { ?u parley:text ?t FILTER(CONTAINS(LCASE(STR(?t)), LCASE(?q))) }"""


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[ox.Store, TextIndex]:
    cache = tmp_path_factory.mktemp("cache") / "store"
    return open_store(ROOT / "graph", cache=cache), TextIndex(beside(cache))


def subjects(store: ox.Store, text: str) -> list[str]:
    """The subjects whose text contains `text`, by SPARQL (the full scan)."""
    rows = store.query(with_values(TEXTS, {"q": ox.Literal(text)}), use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    return sorted(row["u"].value for row in rows)


def search(store: ox.Store, text: str, texts: TextIndex | None = None) -> Table:
    return query("search", params={"text": text}, store=store, texts=texts)


@pytest.mark.parametrize("text", FOUND + NOT_FOUND)
def test_the_index_finds_what_the_scan_finds(shipped: tuple[ox.Store, TextIndex], text: str) -> None:
    store, texts = shipped
    assert texts.containing(text) == subjects(store, text)
    assert (search(store, text) == search(store, text, texts)) and bool(search(store, text).rows) == (
        text in FOUND
    )


@pytest.mark.parametrize("text", SHORT)
def test_a_string_under_three_characters_is_scanned(shipped: tuple[ox.Store, TextIndex], text: str) -> None:
    store, texts = shipped
    assert texts.containing(text) is None
    assert search(store, text, texts) == search(store, text) and search(store, text).rows


def test_search_answers_from_the_index(shipped: tuple[ox.Store, TextIndex], tmp_path: Path) -> None:
    """An index of nothing finds nothing, so the query ran on what it found (a short string scans)."""
    empty = tmp_path / "empty.sqlite"
    rebuild(ox.Store(), empty, "empty")
    store, _ = shipped
    assert search(store, "Mongolia").rows and not search(store, "Mongolia", TextIndex(empty)).rows
    assert search(store, "Mo", TextIndex(empty)) == search(store, "Mo")


def test_a_query_runs_on_its_index_through_the_cli_store(tmp_path: Path) -> None:
    """`query` opening the embedded store itself uses the index beside it."""
    cache = tmp_path / "store"
    table = query("search", params={"text": "Outer Mongolia"}, graph=ROOT / "graph", cache=cache)
    assert beside(cache).is_file() and table.rows
    assert table == search(open_store(ROOT / "graph", cache=tmp_path / "plain"), "Outer Mongolia")


def test_a_bad_index_line_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(
        "# title: t\n# question: q\n# columns: a\n# network: no\n# index: ?a contains ?b\nSELECT ?a {}\n"
    )
    with pytest.raises(InputError, match=r"q\.rq: bad index line"):
        read_query(path)


def _settings(corpus: Path, out: Path, cache: Path) -> Settings:
    info = load_project(ROOT).info
    return Settings(
        corpus=corpus, out=out, cache=cache, mappings=ROOT / "mappings", dataset=info, validate=False
    )


def test_the_index_follows_an_edited_and_a_removed_record(tmp_path: Path) -> None:
    corpus, out, cache, store_cache = tmp_path / "corpus", tmp_path / "g", tmp_path / "c", tmp_path / "store"
    shutil.copytree(CORPUS, corpus)
    build(_settings(corpus, out, cache))
    store = open_store(out, cache=store_cache)
    texts = TextIndex(beside(store_cache))
    assert texts.containing("quokkas") == []
    record = corpus / "1950-01-22_stalin-mao.txt"
    record.write_text(
        record.read_text(encoding="utf-8").replace("\nStalin: ", "\nStalin: Quokkas. ", 1), "utf-8"
    )
    assert build(_settings(corpus, out, cache)).rebuilt == 1
    inode = beside(store_cache).stat().st_ino
    del store
    store = open_store(out, cache=store_cache)
    assert beside(store_cache).stat().st_ino == inode  # updated in place, not rebuilt
    assert len(found := texts.containing("quokkas") or []) == 1
    assert search(store, "Quokkas", texts) == search(store, "Quokkas") and search(store, "Quokkas").rows
    stalin = texts.containing("stalin")
    assert stalin == subjects(store, "stalin")
    record.unlink()
    build(_settings(corpus, out, cache))
    del store
    store = open_store(out, cache=store_cache)
    assert texts.containing("quokkas") == [] and not set(found) & set(texts.containing("stalin") or [])
    assert texts.containing("stalin") == subjects(store, "stalin") != stalin


@pytest.mark.parametrize("damage", ["missing", "garbage", "another stamp", "no tables"])
def test_a_damaged_or_missing_index_is_rebuilt(tmp_path: Path, damage: str) -> None:
    graph, cache = tmp_path / "graph", tmp_path / "store"
    shutil.copytree(ROOT / "graph", graph)
    store = open_store(graph, cache=cache)
    path, texts = beside(cache), TextIndex(beside(cache))
    expected = texts.containing("Mongolia")
    assert expected
    if damage == "missing":
        path.unlink()
    elif damage == "garbage":
        path.write_bytes(b"not a database at all " * 200)
    elif damage == "another stamp":
        rebuild(ox.Store(), path, "a state of some other graph")
    else:
        path.write_bytes(b"")
    assert texts.containing("Mongolia") != expected
    del store
    open_store(graph, cache=cache)
    assert texts.containing("Mongolia") == expected


def test_a_dataset_file_gets_its_index_and_a_new_one_when_it_changes(tmp_path: Path) -> None:
    data, cache = tmp_path / "g.trig", tmp_path / "store"
    said = "<urn:g> { <urn:a> <https://w3id.org/parley/ontology#text> %s . }"
    texts = TextIndex(beside(cache))
    data.write_text(said % '"Outer Mongolia"')
    store = open_store(data, cache=cache)
    assert texts.containing("mongol") == ["urn:a"] and search(store, "mongol", texts) == search(
        store, "mongol"
    )
    del store
    data.write_text(said % '"Sinkiang"')
    open_store(data, cache=cache)
    assert texts.containing("mongol") == [] and texts.containing("KIANG") == ["urn:a"]


def test_an_update_takes_the_graph_files_from_its_state_while_void_ttl_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening the store after a change that leaves void.ttl as it was does not parse VoID again, and
    still reloads the changed graph; once void.ttl changes, VoID is read again."""
    graph, cache = tmp_path / "graph", tmp_path / "store"
    shutil.copytree(ROOT / "graph", graph)
    open_store(graph, cache=cache)  # the state is written
    turtle = next((graph / "documents").glob("*.ttl"))
    added = '\n<https://example.org/quokka> <http://www.w3.org/2000/01/rdf-schema#label> "Quokkas" .\n'
    turtle.write_text(turtle.read_text(encoding="utf-8") + added, encoding="utf-8")
    parsed: list[Path] = []
    real = store_module.graph_files

    def counted(folder: Path) -> dict[str, Path] | None:
        parsed.append(folder)
        found: dict[str, Path] | None = real(folder)
        return found

    monkeypatch.setattr(store_module, "graph_files", counted)
    store = open_store(graph, cache=cache)
    assert parsed == []
    asked = "SELECT ?l WHERE { <https://example.org/quokka> ?p ?l }"
    assert [row[0].value for row in store.query(asked, use_default_graph_as_union=True)] == ["Quokkas"]
    del store
    (graph / "void.ttl").write_text((graph / "void.ttl").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    open_store(graph, cache=cache)
    assert parsed == [graph]
