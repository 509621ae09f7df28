"""The end-to-end build: deterministic output, the committed graph/ is current, the summary counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import Dataset, Literal, NamedNode, RdfFormat, Triple, parse

from helpers import CORPUS, ROOT
from parley import write
from parley.build import build
from parley.cli import main
from parley.config import Settings
from parley.project import load_project
from parley.rdf.iris import Iris

OUTPUTS = ("parley.trig", "parley.ttl", "registry.ttl", "void.ttl", "report.json")


@pytest.fixture(scope="module")
def fresh_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("graph")
    build(load_project(ROOT).settings(out=out))
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_committed_graph_is_current(fresh_graph: Path) -> None:
    committed = ROOT / "graph"
    stale = [name for name, data in _files(fresh_graph).items() if _files(committed).get(name) != data]
    missing = sorted(set(_files(committed)) - set(_files(fresh_graph)))
    assert not stale and not missing, f"graph/ is stale; run `parley build`: {stale + missing}"


def test_rebuild_is_byte_identical(fresh_graph: Path, tmp_path: Path) -> None:
    build(load_project(ROOT).settings(out=tmp_path))
    assert _files(tmp_path) == _files(fresh_graph)


def test_outputs_parse_and_every_document_has_its_named_graph(fresh_graph: Path) -> None:
    for name in OUTPUTS[:4]:
        assert (fresh_graph / name).stat().st_size > 0
    dataset = Dataset(parse(path=str(fresh_graph / "parley.trig"), format=RdfFormat.TRIG))
    graphs = {q.graph_name.value for q in dataset}
    expected = {f"https://w3id.org/parley/graph/{p.stem}" for p in CORPUS.glob("*.txt")}
    assert expected <= graphs
    assert "https://w3id.org/parley/graph/registry" in graphs


def test_cli_build_prints_a_summary(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(CORPUS), "--out", str(tmp_path / "g"), "--no-validate"])
    assert result.exit_code == 0, result.output
    assert "built" in result.output and "9 documents" in result.output and "triples" in result.output


def test_cli_strict_fails_on_warnings(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "note.txt").write_text("A note without any speaker at all.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(tmp_path / "g"), "--strict"])
    assert result.exit_code == 1
    assert "--strict" in result.output and "note.txt" in result.output


def test_cli_exits_non_zero_when_a_document_fails_but_builds_the_others(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Stalin: Yes.\n\nMolotov: No.\n\nStalin: Fine.\n", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(tmp_path / "g"), "--no-validate"])
    assert result.exit_code == 1
    assert "c/empty.txt:1: error: file is empty" in result.output
    assert (tmp_path / "g" / "documents" / "good.ttl").exists()


def test_sources_csv_can_name_the_meeting_a_report_covers(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "m.txt").write_text(
        "2 July 1945\n\nStalin: Yes.\n\nMolotov: No.\n\nStalin: Fine.\n", encoding="utf-8"
    )
    (corpus / "r.txt").write_text("Stalin said that he agreed.\n", encoding="utf-8")
    (corpus / "sources.csv").write_text(
        "file,title,date,reports_on\nr.txt,A cable,1945-07-03,m\n", encoding="utf-8"
    )
    build(Settings(corpus=corpus, out=tmp_path / "g", mappings=ROOT / "mappings", validate=False))
    reports = {
        (t.subject.value, t.object.value)
        for t in parse(path=tmp_path / "g" / "documents" / "r.ttl", format=RdfFormat.TURTLE)
        if t.predicate.value.endswith("#reportsOn")
    }
    assert reports == {("https://w3id.org/parley/doc/r", "https://w3id.org/parley/meeting/m")}


@pytest.mark.parametrize(
    "text",
    ["plain", "two\nlines", 'quotes " and """ and \\', "tab\there", "ünïcödé — “quoted”", " \n \n "],
)
def test_trig_chunk_equals_the_trig_writer(text: str, tmp_path: Path) -> None:
    iris = Iris("https://w3id.org/parley/")
    graph = iris.graph("a/b c")
    node = iris.document("a/b c")
    triples = [
        Triple(node, NamedNode("https://w3id.org/parley/ontology#p"), Literal(text)),
        Triple(node, NamedNode("https://w3id.org/parley/ontology#q"), Literal(text, language="en")),
        Triple(iris.person("x"), NamedNode("https://w3id.org/parley/ontology#r"), node),
    ]
    ordered = write.canonical(triples)
    write.write_turtle(ordered, tmp_path / "g.ttl", iris)
    assert (tmp_path / "g.ttl").read_bytes() == write.turtle(ordered, iris, ordered=True)
    write.write_trig_chunk(graph, tmp_path / "g.ttl", tmp_path / "g.trig", iris)
    assert (tmp_path / "g.trig").read_bytes() == write.body(write.trig({"g": (graph, ordered)}, iris))
