"""Claims in a record of no meeting (a letter, a cable): the writer's own passages are the author's,
a reported statement its speaker's; each claim points to its passage, with no meeting, and the
queries, `parley claims`, the site and the review read it."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from click.testing import CliRunner

from helpers import ROOT, build_texts
from parley.build import BuildResult
from parley.canned import Table, query
from parley.claims import extract, load_claim_rules, voiced
from parley.cli import main
from parley.model import Document, DocumentKind, SourceText, UtteranceKind
from parley.parse import parse_document
from parley.registry import load_registry
from parley.resolve import SpeakerResolver
from parley.site import generate_site
from parley.store import open_store

DOC = "1949-06-18_cable"
CABLE = """Cable, Filippov [Stalin] to Mao Zedong

June 18, 1949

1. We consider your plan of the campaign in the south and of the organization of the government to be
sensible and fairly expedient. We insist that the independence of Outer Mongolia must be recognized.

2. Chou En-lai said that the Chinese side would accept the treaty of friendship.

3. Mr. Pemberton said that the Chinese side would accept the treaty of friendship.
"""
INSIST = "We insist that the independence of Outer Mongolia must be recognized."
CHOU = "Chou En-lai said that the Chinese side would accept the treaty of friendship."
DIALOGUE = "5 May 1950\n\nStalin: We insist that Outer Mongolia must be independent.\n\nMao Zedong: Agreed.\n"
PARLEY = [sys.executable, "-c", "from parley.cli import main; main()"]
BASE = "https://w3id.org/parley/"
P = "https://w3id.org/parley/ontology#"


@pytest.fixture(scope="module")
def cable() -> Document:
    return parse_document(SourceText(DOC, f"{DOC}.txt", CABLE, "0"))


def _claims(document: Document) -> list[tuple[int, str, str]]:
    registry, rules = load_registry(ROOT / "mappings"), load_claim_rules(ROOT / "mappings")
    return [
        (c.utterance_position, c.claimant_written, c.quote) for c in extract(document, registry, rules).claims
    ]


def test_the_writer_claims_in_his_passages_and_a_reported_speaker_in_his(cable: Document) -> None:
    assert cable.kind is DocumentKind.RECORD and cable.meeting is None
    assert cable.author == "Filippov [Stalin]"
    claims = _claims(cable)
    assert (1, "Filippov [Stalin]", INSIST) in claims
    assert (2, "Chou En-lai", CHOU) in claims
    assert {who for _, who, _ in claims} == {"Filippov [Stalin]", "Chou En-lai", "Mr. Pemberton"}
    registry, rules = load_registry(ROOT / "mappings"), load_claim_rules(ROOT / "mappings")
    passages = {p.position: p for p in cable.passages}
    for claim in extract(cable, registry, rules).claims:  # the quote is the text at its span, in its passage
        span, passage = claim.quote_span, passages[claim.utterance_position]
        assert cable.text[span.start : span.end] == claim.quote
        assert passage.span.start <= span.start and span.end <= passage.span.end


def test_without_an_author_a_passage_no_one_speaks_holds_no_claim(cable: Document) -> None:
    anonymous = replace(cable, author="")
    assert [u.kind for u in voiced(anonymous)] == [p.kind for p in cable.passages]
    assert {who for _, who, _ in _claims(anonymous)} == {"Chou En-lai", "Mr. Pemberton"}
    assert voiced(cable)[0].kind is UtteranceKind.TURN and voiced(cable)[0].speaker == cable.author


def test_a_pseudonym_glossed_by_the_editor_is_the_person_the_brackets_name(cable: Document) -> None:
    resolver = SpeakerResolver(cable, load_registry(ROOT / "mappings"))
    assert resolver.resolve("Filippov [Stalin]").entity_id == "joseph-stalin"
    assert resolver.resolve("Filippov [the writer]").entity_id == ""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    root = tmp_path_factory.mktemp("record-claims")
    result = build_texts(root, {f"{DOC}.txt": CABLE, "1950-05-05_talk.txt": DIALOGUE})
    assert result.conforms, [r for r in result.results if r.severity == "Violation"]
    assert result.summary()["records of no meeting"] == 1 and result.summary()["meetings"] == 1
    return root, result


def _rows(table: Table) -> list[dict[str, str | None]]:
    """A canned query's rows, each cell's value (an IRI, a literal's text) or None."""
    return [
        {
            column: (term.value if term is not None else None)
            for column, term in zip(table.columns, row, strict=True)
        }
        for row in table.rows
    ]


def test_a_claim_points_to_its_passage_with_its_provenance(built: tuple[Path, BuildResult]) -> None:
    root, result = built
    store = ox.Store()
    store.bulk_load(path=str(root / "g" / "parley.trig"), format=ox.RdfFormat.TRIG)
    rows = list(
        store.query(
            f"""SELECT ?claimant ?party ?evidence ?from ?begin ?end ?quote WHERE {{ GRAPH ?g {{
                ?claim a <{P}Claim> ; <{P}claimant> ?claimant ; <{P}evidence> ?evidence ;
                  <{P}beginIndex> ?begin ; <{P}endIndex> ?end ; <{P}quote> ?quote ;
                  <http://www.w3.org/ns/prov#wasDerivedFrom> <{BASE}doc/{DOC}> .
                ?evidence <{P}inDocument> <{BASE}doc/{DOC}> .
                OPTIONAL {{ ?claim <{P}onBehalfOf> ?party }}
                FILTER NOT EXISTS {{ ?evidence <{P}inMeeting> ?meeting }} }} }}"""
        )
    )
    by_quote = {str(r["quote"].value): r for r in rows}  # type: ignore[union-attr]
    assert set(by_quote) >= {INSIST, CHOU}
    stalin = by_quote[INSIST]
    assert stalin["claimant"] == ox.NamedNode(f"{BASE}person/joseph-stalin")
    assert stalin["party"] is not None and str(stalin["party"].value).endswith("/soviet-union")  # type: ignore[union-attr]
    assert stalin["evidence"] == ox.NamedNode(f"{BASE}doc/{DOC}/passage/1")
    begin, end = int(stalin["begin"].value), int(stalin["end"].value)  # type: ignore[union-attr]
    assert CABLE[begin:end] == INSIST
    assert by_quote[CHOU]["claimant"] == ox.NamedNode(f"{BASE}person/zhou-enlai")
    assert by_quote[CHOU]["evidence"] == ox.NamedNode(f"{BASE}doc/{DOC}/passage/2")
    # Mr. Pemberton is no person of the graph: his claim is left out, and the report says so
    assert not any("Pemberton" in quote for quote in by_quote)
    assert any(
        "'Mr. Pemberton' left out" in f.message and f.file.endswith(f"{DOC}.txt") for f in result.findings
    )


def test_the_claims_queries_give_no_meeting_and_the_records_date(built: tuple[Path, BuildResult]) -> None:
    root, _ = built
    store = open_store(root / "g", cache=root / "qs")
    rows = _rows(query("claims", params={"issue": "issue:outer-mongolia-status"}, store=store))
    cable = [r for r in rows if r["document"] == f"{BASE}doc/{DOC}"]
    talk = [r for r in rows if r["document"] == f"{BASE}doc/1950-05-05_talk"]
    insist = next(r for r in cable if r["quote"] == INSIST)
    assert (insist["meeting"], insist["date"], insist["name"], insist["line"]) == (
        None,
        "1949-06-18",
        "Joseph Stalin",
        "6",
    )
    assert talk and all(r["meeting"] == f"{BASE}meeting/1950-05-05_talk" for r in talk)
    assert all(r["date"] == "1950-05-05" for r in talk)
    over_time = _rows(
        query("positions-over-time", params={"issue": "issue:outer-mongolia-status"}, store=store)
    )
    assert {"date": "1949-06-18", "party": f"{BASE}org/soviet-union", "quote": INSIST}.items() <= next(
        r for r in over_time if r["quote"] == INSIST
    ).items()


def test_parley_claims_lists_a_claim_of_a_record(
    built: tuple[Path, BuildResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = built
    monkeypatch.chdir(root)
    listed = CliRunner().invoke(main, ["claims", "--graph", "g", "--candidates", "--min-confidence", "0"])
    assert listed.exit_code == 0, listed.output
    block = next(b for b in listed.output.split("\n1949-06-18") if INSIST in b)
    assert f"doc:{DOC}, line 6" in block and "meeting:" not in block


def test_the_site_shows_a_claim_of_a_record(built: tuple[Path, BuildResult]) -> None:
    root, _ = built
    site = root / "site"
    generate_site(root / "g", site, queries=ROOT / "queries")
    pages = [p.read_text(encoding="utf-8") for p in sorted((site / "claim" / DOC).glob("*/index.html"))]
    page = next(p for p in pages if INSIST in p)
    assert '<time datetime="1949-06-18">' in page and "Joseph Stalin" in page
    assert f"doc/{DOC}/passage/1/" in page and "Cable, Filippov [Stalin] to Mao Zedong</a>" in page
    passage = (site / "doc" / DOC / "passage" / "1" / "index.html").read_text(encoding="utf-8")
    assert '<mark class="claim"' in passage and INSIST in passage


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    for folder in ("mappings", "ontology", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / f"{DOC}.txt").write_text(CABLE, encoding="utf-8")
    return tmp_path


def test_review_of_a_claim_of_a_record(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.chdir(project)
    exported = runner.invoke(main, ["review", "corpus", "--document", DOC, "--export", "candidates.csv"])
    assert exported.exit_code == 0, exported.output
    with open(project / "candidates.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    insist = next(r for r in rows if r["quote"] == INSIST)
    assert (insist["doc"], insist["utterance"], insist["claimant"]) == (DOC, "1", "Joseph Stalin")
    shown = subprocess.run(  # in text order: the writer's INSIST (accepted), then Chou's (rejected)
        [*PARLEY, "review", "corpus", "--document", DOC, "--reviewer", "A. Curator"],
        cwd=project,
        input="a\nr\nq\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    assert f"{DOC}, utterance 1" in shown.stdout and "Filippov [Stalin]:" in shown.stdout
    decided = yaml.safe_load((project / "mappings" / "claim-reviews.yaml").read_text(encoding="utf-8"))
    assert [(d["decision"], d["utterance"], d["quote"]) for d in decided] == [
        ("accepted", 1, INSIST),
        ("rejected", 2, CHOU),
    ]
    built = runner.invoke(main, ["build", "corpus", "--out", "out", "--jobs", "1", "--cache", "cache"])
    assert built.exit_code == 0, built.output
    listed = runner.invoke(main, ["claims", "--graph", "out"])
    assert listed.exit_code == 0, listed.output
    assert f"\u201c{INSIST}\u201d" in listed.output and "(reviewed)" in listed.output
    everything = runner.invoke(main, ["claims", "--graph", "out", "--candidates", "--min-confidence", "0"])
    assert f"\u201c{CHOU}\u201d" not in everything.output  # the rejected one stays out
    graph = ox.Store()
    graph.load(path=str(project / "out" / "documents" / f"{DOC}.ttl"), format=ox.RdfFormat.TURTLE)
    reviewed = list(
        graph.query(
            f"SELECT ?evidence ?by WHERE {{ ?claim <{P}status> <{BASE}claim-status/reviewed> ; "
            f"<{P}evidence> ?evidence ; <{P}reviewedBy> ?by }}"
        )
    )
    assert [(r["evidence"], str(r["by"].value)) for r in reviewed] == [  # type: ignore[union-attr]
        (ox.NamedNode(f"{BASE}doc/{DOC}/passage/1"), "A. Curator")
    ]
