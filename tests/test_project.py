"""Projects: parley.toml found upwards, what it says and how it is checked, the packaged data a
project overrides or extends, `parley init`, and the files of a corpus that are not read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import ROOT
from parley.build import build
from parley.cli import main
from parley.config import DEFAULT_BASE
from parley.corpus import COLUMNS, read_sources, scan
from parley.model import Severity
from parley.project import ProjectError, load_project, packaged, read_project_file
from parley.registry import load_registry
from parley.scaffold import init_project, toml_string
from parley.vocab import DCTERMS

RECORD = "2 July 1945\n\nStalin: We agree.\n\nMolotov: No.\n\nStalin: Fine.\n"


def test_this_repository_is_a_project_found_from_below() -> None:
    project = load_project(ROOT / "src" / "parley" / "site")
    assert project.root == ROOT and project.file == ROOT / "parley.toml"
    assert project.base == DEFAULT_BASE and project.info.modified == dt.date(2026, 11, 23)
    assert project.corpus == ROOT / "corpus" and project.mappings == ROOT / "mappings"
    assert project.ontology == ROOT / "ontology" and project.queries == (ROOT / "queries",)


def test_without_parley_toml_the_working_folder_is_the_project(tmp_path: Path) -> None:
    project = load_project(tmp_path)
    assert project.root == tmp_path and project.file is None
    assert project.ontology == packaged("ontology") and project.mappings == packaged("starter", "mappings")
    assert "no parley.toml" in project.describe()


def test_packaged_data_is_the_repository_folders() -> None:
    """The package's ontology and queries are the root folders (links), so they cannot drift; the
    wheel test checks that a built wheel holds the same bytes."""
    for folder, pattern in (("ontology", "*.ttl"), ("queries", "*.rq")):
        shipped = {p.name: p.read_bytes() for p in packaged(folder).glob(pattern)}
        assert shipped and shipped == {p.name: p.read_bytes() for p in (ROOT / folder).glob(pattern)}


def test_the_starter_registry_is_empty_and_its_sources_csv_has_the_columns() -> None:
    starter = packaged("starter")
    assert load_registry(starter / "mappings").entities == {}
    assert (starter / "corpus" / "sources.csv").read_text(encoding="utf-8") == ",".join(COLUMNS) + "\n"
    for path in (starter / "mappings").glob("*.yaml"):
        assert "#" in path.read_text(encoding="utf-8"), f"{path.name} shows no example"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('licence = "x"', "unknown key 'licence'; did you mean license?"),
        ("title = 3", "title must be a text in quotes"),
        ('base = "ftp://x/"', "base must be an http(s) IRI ending in '/'"),
        ('base = "https://example.org/a"', "ending in '/'"),
        ('modified = "2026-01-01"', "modified must be a day"),
        ("title = ", "not valid TOML"),
    ],
)
def test_a_bad_parley_toml_is_named_with_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "parley.toml").write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="parley.toml") as err:
        load_project(tmp_path)
    assert message in str(err.value)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=40))
def test_any_title_is_written_as_toml_that_reads_back(title: str) -> None:
    import tomllib

    assert tomllib.loads(f"title = {toml_string(title)}")["title"] == title


def test_init_scaffolds_a_project_and_refuses_a_second_time(tmp_path: Path) -> None:
    made = init_project(tmp_path / "Mein Archiv", title='My "Archive"', publisher="Me")
    root = tmp_path / "Mein Archiv"
    assert (root / "parley.toml") in made.written and (root / "corpus" / "README").is_file()
    assert (root / "mappings" / "persons.yaml").is_file() and (root / "corpus" / "sources.csv").is_file()
    info, base = read_project_file(root / "parley.toml")
    assert info.title == 'My "Archive"' and info.publisher == "Me"
    assert base == "https://example.org/mein-archiv/"
    with pytest.raises(ProjectError, match="a Parley project already"):
        init_project(root)


def test_init_keeps_what_is_there_and_checks_the_base_before_writing(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "sources.csv").write_text("file,title\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="base must be"):
        init_project(tmp_path, base="not an iri")
    assert not (tmp_path / "parley.toml").exists() and not (tmp_path / "mappings").exists()
    made = init_project(tmp_path)
    assert made.kept == (tmp_path / "corpus" / "sources.csv",)
    assert (tmp_path / "corpus" / "sources.csv").read_text(encoding="utf-8") == "file,title\n"


def test_a_project_builds_with_its_base_and_description(tmp_path: Path) -> None:
    init_project(tmp_path, title="Archive of Talks", base="https://example.org/talks/", publisher="Us")
    (tmp_path / "corpus" / "talk.txt").write_text(RECORD, encoding="utf-8")
    project = load_project(tmp_path / "corpus")
    build(project.settings(validate=False))
    void = (tmp_path / "graph" / "void.ttl").read_text(encoding="utf-8")
    assert "Archive of Talks" in void and "https://example.org/talks/" in void
    assert DCTERMS + "license" not in void or "creativecommons" in void
    documents = (tmp_path / "graph" / "documents" / "talk.ttl").read_text(encoding="utf-8")
    assert "<https://example.org/talks/meeting/>" in documents


def test_a_project_query_folder_adds_and_replaces_queries(tmp_path: Path) -> None:
    from parley.canned import canned, catalogue

    init_project(tmp_path)
    (tmp_path / "queries").mkdir()
    header = "# title: {}\n# question: q?\n# columns: m\n# network: no\nSELECT ?m WHERE {{ ?m a ?t }}\n"
    (tmp_path / "queries" / "meetings.rq").write_text(header.format("Mine"), encoding="utf-8")
    (tmp_path / "queries" / "extra.rq").write_text(header.format("Extra"), encoding="utf-8")
    folders = load_project(tmp_path).queries
    names = [q.name for q in catalogue(folders)]
    assert "extra" in names and "claims" in names and names == sorted(names)
    assert canned("meetings", folders).title == "Mine"
    with pytest.raises(Exception, match="did you mean meetings"):
        canned("meeting", folders)


def test_every_command_says_its_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    init_project(tmp_path, title="Talks")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    result = CliRunner().invoke(main, ["query", "--list"])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == f"project {tmp_path} (Talks)"
    assert "claims" in result.stdout


def test_files_not_read_are_named_and_a_missing_sources_csv_is_said_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "talk.txt").write_text(RECORD, encoding="utf-8")
    (corpus / "minutes.docx").write_bytes(b"PK\x03\x04")
    (corpus / "notes").mkdir()  # a subfolder is read (issue 17): an empty one names nothing
    (corpus / "notes" / "scan.tiff").write_bytes(b"II*\x00")
    (corpus / "README").write_text("about this folder", encoding="utf-8")
    files, findings = scan(corpus)
    assert files == [corpus / "talk.txt"]
    said = {f.file: f.message for f in findings}
    assert set(said) == {"corpus/minutes.docx", "corpus/notes/scan.tiff"}
    assert said["corpus/minutes.docx"].startswith("not read: unsupported format (.docx;")
    assert all(f.severity is Severity.WARNING for f in findings)
    missing = read_sources(corpus)[1]
    assert len(missing) == 1 and "no sources.csv" in missing[0].message
    assert missing[0].severity is Severity.INFO  # not a fault: --strict passes without one
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(tmp_path / "g"), "--no-validate"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert sum("no sources.csv" in line for line in lines) == 1
    assert any("minutes.docx" in line for line in lines) and any("notes/scan.tiff" in line for line in lines)


def test_a_project_ontology_replaces_the_packaged_one_whole(tmp_path: Path) -> None:
    init_project(tmp_path)
    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "parley.ttl").write_bytes((ROOT / "ontology" / "parley.ttl").read_bytes())
    with pytest.raises(ProjectError, match="no shapes.ttl, corpus-shapes.ttl"):
        _ = load_project(tmp_path).ontology
    for name in ("shapes.ttl", "corpus-shapes.ttl"):
        (tmp_path / "ontology" / name).write_bytes((ROOT / "ontology" / name).read_bytes())
    assert load_project(tmp_path).ontology == tmp_path / "ontology"
