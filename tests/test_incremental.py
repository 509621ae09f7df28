"""The streamed build: worker processes and the build cache change nothing in what is written."""

from __future__ import annotations

import os
import pickle
import shutil
import sys
import time
from pathlib import Path

import pytest

from helpers import CORPUS, ROOT
from parley import build as build_module
from parley import docbuild, sorter
from parley.build import PARALLEL_FROM, build
from parley.buildcache import BuildCache
from parley.config import Settings
from parley.docbuild import DocumentBuilder, Written
from parley.errors import CacheDamaged
from parley.model import Document, SourceText
from parley.project import load_project
from parley.rdf import document as document_mapper
from parley.rdf.document import CorpusLinks
from parley.shacl import validator as shacl_validator
from parley.store import named_graphs, open_store
from parley.validate import validate

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _settings(corpus: Path, out: Path, cache: Path, **changes: object) -> Settings:
    dataset = load_project(ROOT).info  # the repository's description, as graph/void.ttl has it
    return Settings(
        corpus=corpus, out=out, cache=cache, mappings=ROOT / "mappings", dataset=dataset, **changes
    )  # type: ignore[arg-type]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    return folder


def test_editing_one_record_rebuilds_only_it_and_equals_a_full_build(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = build(_settings(corpus, tmp_path / "g", cache))
    assert first.rebuilt == len(first.documents) == 9
    again = build(_settings(corpus, tmp_path / "g", cache))
    assert again.rebuilt == 0 and again.written == []
    record = corpus / "1950-01-22_stalin-mao.txt"
    text = record.read_text(encoding="utf-8")
    assert "\nStalin: " in text
    record.write_text(text.replace("\nStalin: ", "\nStalin: Indeed. ", 1), encoding="utf-8")
    edited = build(_settings(corpus, tmp_path / "g", cache))
    assert edited.rebuilt == 1
    assert tmp_path / "g" / "documents" / "1950-01-22_stalin-mao.ttl" in edited.written
    build(_settings(corpus, tmp_path / "full", tmp_path / "other-cache"))
    assert _files(tmp_path / "g") == _files(tmp_path / "full")


def test_an_unchanged_file_is_not_read_again_and_a_touched_one_is_read_but_not_rebuilt(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    earlier = time.time_ns() - 60 * 10**9  # a minute ago: old enough to be vouched for
    for source in corpus.iterdir():
        os.utime(source, ns=(earlier, earlier))
    build(_settings(corpus, tmp_path / "g", cache))
    read: list[str] = []
    original = build_module.read_bytes

    def counted(path: Path, where: str, max_bytes: int | None = None) -> bytes:
        read.append(Path(path).name)
        data: bytes = original(path, where, max_bytes)
        return data

    monkeypatch.setattr(build_module, "read_bytes", counted)
    assert build(_settings(corpus, tmp_path / "g", cache)).rebuilt == 0 and read == []
    record = corpus / "1950-01-22_stalin-mao.txt"
    record.write_bytes(record.read_bytes())  # the same bytes, a new modification time: just now
    assert build(_settings(corpus, tmp_path / "g", cache)).rebuilt == 0 and read == [record.name]
    assert build(_settings(corpus, tmp_path / "g", cache)).rebuilt == 0 and read == [record.name] * 2
    os.utime(record, ns=(earlier, earlier))
    assert build(_settings(corpus, tmp_path / "g", cache)).rebuilt == 0 and read == [record.name] * 3
    assert build(_settings(corpus, tmp_path / "g", cache)).rebuilt == 0 and read == [record.name] * 3
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\nStalin: ", "\nStalin: Indeed. ", 1), encoding="utf-8")
    assert build(_settings(corpus, tmp_path / "g", cache)).rebuilt == 1


def test_an_edit_naming_two_places_together_updates_the_statistics_and_one_cache_shard(
    corpus: Path, tmp_path: Path
) -> None:
    cache, out = tmp_path / "cache", tmp_path / "g"
    build(_settings(corpus, out, cache))
    statistics = (out / "statistics.ttl").read_bytes()
    shards = {p: p.stat().st_mtime_ns for p in cache.rglob("entries/*.pickle")}
    assert len(shards) > 1
    record = corpus / "1950-01-22_stalin-mao.txt"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\nStalin: ", "\nStalin: Tibet and Taiwan. ", 1), encoding="utf-8")
    assert build(_settings(corpus, out, cache)).rebuilt == 1
    assert (out / "statistics.ttl").read_bytes() != statistics
    assert len([p for p, stamp in shards.items() if p.stat().st_mtime_ns != stamp]) == 1
    build(_settings(corpus, tmp_path / "full", tmp_path / "other-cache"))
    assert _files(out) == _files(tmp_path / "full")


def test_a_removed_record_leaves_the_graph(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build(_settings(corpus, tmp_path / "g", cache, validate=False))
    (corpus / "1950-01-22_stalin-mao.txt").unlink()
    build(_settings(corpus, tmp_path / "g", cache, validate=False))
    build(_settings(corpus, tmp_path / "full", tmp_path / "other-cache", validate=False))
    assert _files(tmp_path / "g") == _files(tmp_path / "full")
    assert not (tmp_path / "g" / "documents" / "1950-01-22_stalin-mao.ttl").exists()


def test_a_changed_mapping_rebuilds_everything(corpus: Path, tmp_path: Path) -> None:
    mappings = tmp_path / "mappings"
    shutil.copytree(ROOT / "mappings", mappings)
    settings = Settings(corpus=corpus, out=tmp_path / "g", cache=tmp_path / "c", mappings=mappings)
    build(settings)
    with (mappings / "places.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n- {id: atlantis, label: Atlantis}\n")
    assert build(settings).rebuilt == 9


def test_a_hand_edited_output_file_is_rebuilt(corpus: Path, tmp_path: Path) -> None:
    settings = _settings(corpus, tmp_path / "g", tmp_path / "cache", validate=False)
    build(settings)
    target = tmp_path / "g" / "documents" / "1945-06-30_stalin-soong.ttl"
    report = tmp_path / "g" / "report.json"
    expected = target.read_bytes(), report.read_bytes()
    target.write_text("# edited by hand\n")
    report.write_text("{}\n")
    assert build(settings).rebuilt == 1
    assert (target.read_bytes(), report.read_bytes()) == expected


def test_a_republished_record_reads_only_its_own_report_part_from_the_cache(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other records' parts of report.json are copied from the report last written."""
    settings = _settings(corpus, tmp_path / "g", tmp_path / "cache", validate=False)
    build(settings)
    read: list[int] = []
    load = BuildCache._load

    def counted(self: BuildCache, path: Path, frame: int = 0) -> object:
        if frame:
            read.append(int(path.stem, 16))
        return load(self, path, frame)

    monkeypatch.setattr(BuildCache, "_load", counted)
    record = corpus / "1950-01-22_stalin-mao.txt"
    record.write_text(record.read_text(encoding="utf-8").replace("\nStalin: ", "\nStalin: Indeed. ", 1))
    assert build(settings).rebuilt == 1
    assert len(read) == 1  # the shard of the edited record, to keep its new part
    build(_settings(corpus, tmp_path / "full", tmp_path / "other-cache", validate=False))
    assert _files(tmp_path / "g") == _files(tmp_path / "full")


def test_a_cache_that_lost_its_report_parts_says_so_and_the_next_build_mends_it(
    corpus: Path, tmp_path: Path
) -> None:
    settings = _settings(corpus, tmp_path / "g", tmp_path / "cache", validate=False)
    build(settings)
    for shard in (tmp_path / "cache").rglob("entries/*.pickle"):  # keep the first pickle, drop the parts
        header, rest = shard.read_bytes().split(b"\n", 2)[:2], shard.read_bytes().split(b"\n", 2)[2]
        first = pickle.loads(rest)
        shard.write_bytes(b"\n".join(header) + b"\n" + pickle.dumps(first))
    (tmp_path / "g" / "report.json").write_text("{}\n")  # so the parts must come from the cache
    with pytest.raises(CacheDamaged, match="lost the report of"):
        build(settings)
    build(settings)
    build(_settings(corpus, tmp_path / "full", tmp_path / "other-cache", validate=False))
    assert _files(tmp_path / "g") == _files(tmp_path / "full")


def test_worker_processes_write_what_one_process_writes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    generate.generate(corpus, PARALLEL_FROM + 4, seed=5)
    serial = build(_settings(corpus, tmp_path / "one", tmp_path / "c1", jobs=1))
    parallel = build(_settings(corpus, tmp_path / "two", tmp_path / "c2", jobs=2))
    assert serial.summary() == parallel.summary()
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_without_dumps_the_graphs_are_the_same_and_every_reader_uses_them(
    corpus: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    with_dumps = _files(ROOT / "graph")
    build(_settings(corpus, tmp_path / "g", cache, dumps=False))
    without = _files(tmp_path / "g")
    assert "parley.trig" not in without and "parley.ttl" not in without
    assert b"void:dataDump" not in without["void.ttl"] and b"void:dataDump" in with_dumps["void.ttl"]
    same = {name for name in with_dumps if name not in ("parley.trig", "parley.ttl", "void.ttl")}
    assert {name: without[name] for name in same} == {name: with_dumps[name] for name in same}
    assert dict(named_graphs(tmp_path / "g")) == dict(named_graphs(ROOT / "graph"))
    store = open_store(tmp_path / "g", cache=tmp_path / "store")
    dumped = open_store(ROOT / "graph", cache=tmp_path / "dumped-store")
    assert set(store) == set(dumped) and len(store) > 10_000
    assert validate(tmp_path / "g").results == validate(ROOT / "graph").results
    # dumps asked for again are written again, byte for byte; without, stale ones are removed
    build(_settings(corpus, tmp_path / "g", cache))
    assert _files(tmp_path / "g") == with_dumps
    build(_settings(corpus, tmp_path / "g", cache, dumps=False))
    assert _files(tmp_path / "g") == without


def test_a_build_spilled_to_disk_writes_what_a_build_in_memory_writes(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What keeps a long record's memory bounded (triples sorted through files, the graph validated
    in a store on disk) changes nothing in the output: forced on every record here."""
    runs: list[int] = []
    spill = sorter.TripleSorter._spill

    def counted(self: sorter.TripleSorter) -> None:
        runs.append(len(self._batch))
        spill(self)

    monkeypatch.setattr(sorter.TripleSorter, "_spill", counted)
    monkeypatch.setattr(sorter, "SPILL_AT", 300)
    monkeypatch.setattr(document_mapper, "BATCH", 50)
    monkeypatch.setattr(shacl_validator, "ON_DISK_FROM", 0)
    spilled = build(_settings(corpus, tmp_path / "g", tmp_path / "cache", jobs=1))
    assert spilled.conforms and spilled.rebuilt == 9
    assert len(runs) > 2 * len(spilled.documents)  # several runs merged per record
    assert _files(tmp_path / "g") == _files(ROOT / "graph")


def test_a_build_parses_each_document_once_and_keeps_no_parse(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    original = docbuild.parse_document

    def counted(source: SourceText, *args: object, **kwargs: object) -> Document:
        parsed.append(source.path)
        return original(source, *args, **kwargs)

    monkeypatch.setattr(docbuild, "parse_document", counted)
    settings = _settings(corpus, tmp_path / "g", tmp_path / "cache")
    first = build(settings)
    assert len(parsed) == len(first.documents) == 9 == len(set(parsed))  # phase two loads phase one's
    assert not (build_module.cache_folder(settings) / "parsed").exists()
    parsed.clear()
    rows = corpus / "sources.csv"
    title = "Meeting between Marshal Stalin and Dr. Soong"
    rows.write_text(rows.read_text(encoding="utf-8").replace(title, f"{title} (1)", 1), encoding="utf-8")
    again = build(settings)  # the record parsed in phase one; any other rebuilt (its links) in phase two
    assert again.rebuilt >= 1 and len(parsed) == again.rebuilt
    build(_settings(corpus, tmp_path / "full", tmp_path / "other-cache"))
    assert _files(tmp_path / "g") == _files(tmp_path / "full")


def test_a_parse_left_that_cannot_be_read_is_parsed_again(corpus: Path, tmp_path: Path) -> None:
    builder = DocumentBuilder(_settings(corpus, tmp_path / "g", tmp_path / "cache", validate=False))
    path = corpus / "1950-01-22_stalin-mao.txt"
    (digested,) = builder.digest(path)
    assert digested.digest is not None
    broken = tmp_path / "broken.pickle"
    broken.write_bytes(b"not a pickle")
    doc_id = digested.digest.doc_id
    built = [
        builder.build(path, doc_id, CorpusLinks(), {}, Written(*_files_of(tmp_path, n)), parsed)
        for n, parsed in (("spooled", broken), ("read", None))
    ]
    assert built[0] == built[1]
    assert (tmp_path / "spooled.ttl").read_bytes() == (tmp_path / "read.ttl").read_bytes()


def _files_of(folder: Path, name: str) -> tuple[Path, Path]:
    return folder / f"{name}.ttl", folder / f"{name}.trig"
