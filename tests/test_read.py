"""Bad input: each gets a clear one-line message naming the file; the other documents still build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import Triple

from parley.build import build
from parley.config import Settings
from parley.errors import InputError
from parley.model import Severity
from parley.rdf.document import DocumentMapper
from parley.read import doc_id_for, read_source

DIALOGUE = "5 May 1950\n\nStalin: Good.\n\nMao Zedong: Agreed.\n\nStalin: Fine.\n"


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty.txt: file is empty"):
        read_source(path)


def test_binary_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="image.txt: binary file"):
        read_source(path)


def test_bom_and_crlf_are_normalized(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + DIALOGUE.replace("\n", "\r\n").encode())
    source = read_source(path)
    assert source.text == DIALOGUE
    assert {f.message for f in source.findings} == {
        "UTF-8 byte-order mark removed",
        "CRLF or CR line ends normalized to LF",
    }


def test_cp1252_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Stalin: Let’s read.\n".encode("cp1252"))
    source = read_source(path)
    assert source.text == "Stalin: Let’s read.\n"
    assert [f.severity for f in source.findings] == [Severity.WARNING]
    assert "cp1252" in source.findings[0].message


@pytest.mark.parametrize("name", ["../../etc/passwd.txt", "..txt", "a/../../b.txt", "ümlaut Ñame!.txt"])
def test_document_ids_cannot_escape_the_output_folder(name: str) -> None:
    try:
        doc_id = doc_id_for(Path(name))
    except InputError:
        return
    assert "/" not in doc_id and ".." not in doc_id and not doc_id.startswith(".")


def test_one_bad_document_does_not_take_the_others_down(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(DIALOGUE, encoding="utf-8")
    (corpus / "copy.txt").write_text(DIALOGUE, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02")
    (corpus / "prose.txt").write_text("Nothing but a note without speakers.\n", encoding="utf-8")
    result = build(Settings(corpus=corpus, out=tmp_path / "graph", validate=False))
    assert [d.doc_id for d in result.documents] == ["copy", "prose"]
    messages = {(Path(f.file).name, f.severity, f.message) for f in result.findings}
    assert ("empty.txt", Severity.ERROR, "file is empty") in messages
    assert any(
        name == "binary.txt" and sev is Severity.ERROR and "binary" in msg for name, sev, msg in messages
    )
    assert ("good.txt", Severity.WARNING, "duplicate of copy; skipped") in messages
    assert ("prose.txt", Severity.WARNING, "no speaker labels and no reported speech found") in messages
    assert (tmp_path / "graph" / "documents" / "copy.ttl").exists()


def test_a_file_above_the_size_limit_is_refused_and_the_others_build(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "big.txt").write_text("Stalin: Yes.\n\n" * 2000, encoding="utf-8")
    (corpus / "small.txt").write_text("Stalin: Yes.\n\nMolotov: No.\n", encoding="utf-8")
    settings = Settings(corpus=corpus, out=tmp_path / "g", validate=False, max_document_mb=0.01)
    result = build(settings)
    assert [d.doc_id for d in result.documents] == ["small"]
    (error,) = [f for f in result.findings if f.severity is Severity.ERROR]
    assert error.file.endswith("big.txt") and "0.0 MB is more than the 0.01 MB allowed" in error.message


def test_an_unexpected_failure_in_one_document_leaves_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "bad.txt").write_text("Stalin: Yes.\n\nMolotov: No.\n", encoding="utf-8")
    (corpus / "good.txt").write_text("Stalin: Yes.\n\nMolotov: No.\n\nStalin: Fine.\n", encoding="utf-8")
    original = DocumentMapper.emit

    def failing(self: DocumentMapper, sink: Callable[[list[Triple]], None]) -> None:
        if self.document.doc_id == "bad":
            raise KeyError("a bug")
        original(self, sink)

    monkeypatch.setattr(DocumentMapper, "emit", failing)
    result = build(Settings(corpus=corpus, out=tmp_path / "g", validate=False, jobs=1, cache=tmp_path / "k"))
    assert [d.doc_id for d in result.documents] == ["good"]
    (error,) = [f for f in result.findings if f.severity is Severity.ERROR]
    assert error.file.endswith("bad.txt") and "internal error KeyError" in error.message
