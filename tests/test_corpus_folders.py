"""A corpus folder with subfolders and files of every format: what is read, the ids, what is named as
not read, and one `parley build` of them all."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import ROOT
from parley.build import build
from parley.cli import main
from parley.config import Settings
from parley.corpus import scan
from parley.model import Severity

DIALOGUE = "5 May 1950\n\nStalin: Good.\n\nMao Zedong: Agreed.\n\nStalin: Fine.\n"
OTHER = "6 May 1950\n\nMolotov: Yes.\n\nStalin: No.\n\nMolotov: Then not.\n"
PAGE = (
    "---\ntitle: Note of Conversation with Attlee\ndoc_date: '1945-08-03'\n---\n\nLondon, 3 August 1945\n\n"
)
PAGE += "Bruce: I saw Attlee.\n\nAttlee: Indeed.\n"


def _settings(corpus: Path, tmp_path: Path, **changes: object) -> Settings:
    values: dict[str, object] = {
        "corpus": corpus,
        "out": tmp_path / "g",
        "cache": tmp_path / "cache",
        "mappings": ROOT / "mappings",
        "ontology": ROOT / "ontology",
        "validate": False,
        "jobs": 1,
    }
    return Settings(**(values | changes))  # type: ignore[arg-type]


def _write(corpus: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return corpus


def test_subfolders_are_read_and_ids_stay_unique_and_readable(tmp_path: Path) -> None:
    corpus = _write(
        tmp_path / "corpus",
        {
            "1950-05-05_talk.txt": DIALOGUE,
            "volume-1-1937-38/1.md": PAGE,
            "Volume 2, 1939/1.md": PAGE.replace("Attlee", "Eden"),
            "volume-1-1937-38/deeper/x.txt": OTHER,
        },
    )
    result = build(_settings(corpus, tmp_path))
    assert sorted(d.doc_id for d in result.documents) == [
        "1950-05-05_talk",  # a file at the top keeps the id it always had
        "volume-1-1937-38_1",
        "volume-1-1937-38_deeper_x",
        "volume-2-1939_1",
    ]
    files = {d.doc_id: d.file for d in result.documents}
    assert files["volume-2-1939_1"] == "corpus/Volume 2, 1939/1.md"


def test_files_of_no_supported_format_are_named_never_skipped_silently(tmp_path: Path) -> None:
    corpus = _write(
        tmp_path / "corpus",
        {
            "talk.txt": DIALOGUE,
            "minutes.docx": b"PK\x03\x04 a word file",
            "page/record.odt": b"PK\x03\x04 an OpenDocument file",
            "scan.png": b"\x89PNG\r\n",
            "notes": "no extension",
            "README.md": "# What this folder holds\n",
            ".DS_Store": b"\x00\x01",
            ".git/config": "[core]\n",
            "sources.csv": "file,title\ntalk.txt,A talk\n",
        },
    )
    files, findings = scan(corpus)
    assert [f.name for f in files] == ["talk.txt"]
    named = {(f.file.removeprefix("corpus/"), f.severity): f.message for f in findings}
    for name in ("minutes.docx", "page/record.odt", "scan.png", "notes"):
        assert named[(name, Severity.WARNING)].startswith("not read: unsupported format (")
    reads = "Parley reads .htm, .html, .markdown, .md, .pdf, .txt, .xml"
    assert reads in named[("minutes.docx", Severity.WARNING)]
    assert named[("README.md", Severity.INFO)] == "a README describes the folder; not read as a record"
    assert len(findings) == 5  # nothing about hidden files or the folder's own sources.csv


def test_a_symbolic_link_to_a_folder_is_not_followed(tmp_path: Path) -> None:
    outside = _write(tmp_path / "outside", {"secret.txt": OTHER})
    corpus = _write(tmp_path / "corpus", {"talk.txt": DIALOGUE})
    (corpus / "linked").symlink_to(outside, target_is_directory=True)
    files, findings = scan(corpus)
    assert [f.name for f in files] == ["talk.txt"]
    (refused,) = findings
    assert (
        refused.file == "corpus/linked"
        and refused.severity is Severity.ERROR
        and "symbolic link" in refused.message
    )


def test_sources_csv_rows_are_keyed_by_the_path_in_the_corpus(tmp_path: Path) -> None:
    corpus = _write(
        tmp_path / "corpus",
        {
            "v1/talk.txt": DIALOGUE,
            "v2/talk.txt": OTHER,
            "sources.csv": "file,title\nv2/talk.txt,The second talk\ntalk.txt,No such file at the top\n",
        },
    )
    result = build(_settings(corpus, tmp_path))
    titles = {d.doc_id: d.title for d in result.documents}
    assert titles["v2_talk"] == "The second talk" and titles["v1_talk"] != "The second talk"


def test_a_folder_mixing_every_format_builds_in_one_parley_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 (a test dependency) makes the PDF")
    corpus = _write(tmp_path / "archive", {"seeds/talk.txt": DIALOGUE, "dafp/volume-8/153.md": PAGE})
    shutil.copy(ROOT / "tests" / "fixtures" / "frus" / "frus1955-57v03.xml", corpus / "frus1955-57v03.xml")
    document = fpdf.FPDF(format="A4", unit="pt")
    document.add_page()
    document.set_font("Helvetica", size=11)
    for i, line in enumerate(OTHER.split("\n")):
        document.text(72, 100 + 14 * i, line)
    (corpus / "pdf").mkdir()
    document.output(str(corpus / "pdf" / "wilson-1.pdf"))
    (corpus / "pdf" / "minutes.docx").write_bytes(b"PK\x03\x04")
    out = tmp_path / "graph"
    monkeypatch.chdir(ROOT)  # the project's mappings/ and ontology/
    arguments = ["build", str(corpus), "--out", str(out), "--cache", str(tmp_path / "cache"), "--jobs", "2"]
    outcome = CliRunner().invoke(main, arguments)
    assert outcome.exit_code == 0, outcome.output
    assert f"built {out}/: 8 documents, 8 meetings" in outcome.output  # 5 of the TEI volume
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    ids = {d["id"] for d in report["documents"]}
    assert {"seeds_talk", "dafp_volume-8_153", "pdf_wilson-1", "frus1955-57v03_d12"} <= ids
    assert "archive/pdf/minutes.docx:1: warning: not read: unsupported format (.docx;" in outcome.output
