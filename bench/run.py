"""The Parley benchmark: one command, every size, results as JSON and a Markdown table.

    .venv/bin/python bench/run.py --sizes 100 1000 10000 --out bench/results

For each size, in fresh subprocesses (so each peak RSS belongs to one size and one pipeline):

1. `parley`: generate the synthetic corpus (bench/generate.py, fixed seed) into a temp folder; time
   the full build (`parley.build.build`: digest, link, map, validate and write per document on every
   core, then assemble), with its phases; a no-op rebuild; validation alone (`parley.validate`,
   the fast engine, file by file); then edit one record and time its republication: the incremental
   rebuild (validated, written) and the update of the embedded store; and each canned query's median
   latency on that store.
2. `naive`: on the triples Parley produced (its `parley.ttl`), rdflib parse, rdflib Turtle writer,
   pyshacl on the whole graph (shapes.ttl + corpus-shapes.ttl, with the ontology); then the floor:
   pyoxigraph parsing and serializing `parley.trig`.

A stage whose estimated time (from the previous size, linearly) exceeds --budget-seconds is skipped
and the output says so; a subprocess running longer than its stages' budgets together (4 stages for
Parley, 3 for the naive one) is stopped, keeping the stages it finished.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
PARLEY = Path(sys.executable).parent / "parley"  # the console script of this environment
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

Stage = dict[str, Any]


def _peak_self_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class TreePeak:
    """The peak RSS (MiB) of this process and its children while the block runs, sampled every 0.1 s
    by a thread."""

    def __init__(self) -> None:
        self.mib = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while True:
            try:
                tree = [me, *me.children(recursive=True)]
                self.mib = max(self.mib, sum(p.memory_info().rss for p in tree if p.is_running()) / 2**20)
            except psutil.Error:
                pass
            if self._stop.wait(0.1):
                return

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _skip(stage: str, records: int, rates: dict[str, float], budget: float) -> str | None:
    """Why to skip `stage` at `records` (its estimate exceeds the budget), or None."""
    if rates.get(stage) == float("inf"):
        return "skipped: above --slow-max"
    if stage in rates and rates[stage] * records > budget:
        return f"skipped: estimated {rates[stage] * records:.0f} s > budget {budget:.0f} s"
    return None


# --- the Parley subprocess ----------------------------------------------------------------------


def run_parley(
    records: int,
    work: Path,
    seed: int,
    budget: float,
    rates: dict[str, float],
    save: Callable[[Stage], None],
    archive: list[Path] | None = None,
) -> Stage:
    import parley.build as pb
    from parley.config import Settings
    from parley.errors import ValidationFailed

    corpus, out = work / "corpus", work / "graph"
    result: Stage = {"records": records}
    if archive is None:
        seconds, paths = _timed(lambda: generate(corpus, records, seed=seed))
        result["generate_s"] = seconds
    else:  # a copy: the republishing stage edits one of its files
        result["archive"] = [str(folder) for folder in archive]
        seconds, paths = _timed(lambda: _copy_archive(archive, corpus))
        result["copy_s"] = seconds
        result["formats"] = dict(sorted(Counter(p.suffix.lower() or "(none)" for p in paths).items()))
    result["files"] = len(paths)
    result["corpus_bytes"] = sum(p.stat().st_size for p in paths)
    settings = Settings(
        corpus=corpus, out=out, mappings=ROOT / "mappings", ontology=ROOT / "ontology", cache=work / "cache"
    )

    def build(*, dumps: bool = True) -> Stage:
        clock = time.perf_counter()
        with TreePeak() as peak:
            try:
                built, violations = pb.build(replace(settings, dumps=dumps)), 0
            except ValidationFailed as err:  # written all the same; the count is a finding
                built, violations = None, str(err).count(": Violation: ")
        seconds = time.perf_counter() - clock
        return {"seconds": seconds, "built": built, "violations": violations, "peak_rss_mib_tree": peak.mib}

    full = build()
    built = full.pop("built")
    summary = built.summary() if built else json.loads((out / "report.json").read_text())["summary"]
    seconds = full["seconds"]
    if archive is not None:  # a real folder's records are the documents its files hold
        records = result["records"] = summary["documents"]
    result["build"] = {
        **full,
        "phases_s": built.seconds if built else {},
        "records_per_s": records / seconds,
        "triples": summary["triples"],
        "triples_per_s": summary["triples"] / seconds,
        "summary": summary,
        "peak_rss_mib_self": _peak_self_mib(),
    }
    del built
    save(result)
    noop = build()
    result["noop_rebuild_s"] = noop["seconds"]
    save(result)
    reason = _skip("validate_s_per_record", records, rates, budget)
    result["validate"] = {"skipped": reason} if reason else _validate_alone(out)
    save(result)
    result["incremental"] = _incremental(settings, _edit_target(paths), out, work / "store", build)
    save(result)
    result["queries"] = _queries(out, work / "store")
    save(result)
    result["site"] = _site(out, work / "site", budget)
    save(result)
    if "error" not in result["site"]:
        result["serve"] = _serve(out, work / "site", work / "store", result["queries"].get("params", {}))
    result["peak_rss_mib_self"] = _peak_self_mib()
    return result


def _copy_archive(folders: list[Path], corpus: Path) -> list[Path]:
    """Copy the real `folders` into `corpus` (one folder as it is, several side by side as its
    subfolders; links followed, copies writable); their files, sorted."""
    for folder in folders:
        shutil.copytree(folder, corpus if len(folders) == 1 else corpus / folder.name, symlinks=False)
    paths = sorted(p for p in corpus.rglob("*") if p.is_file())
    for path in [corpus, *corpus.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200)  # published archives are often read-only
    return paths


def sample_corpus(paths: list[Path], corpus: Path, count: int, *, max_bytes: int = 100_000) -> list[Path]:
    """Copy `count` files evenly spaced among `paths` (those of at most `max_bytes`: a whole-volume
    file would be too large for pyshacl) into the folder `corpus`; the copies."""
    small = [p for p in paths if p.stat().st_size <= max_bytes and p.name not in ("README.md", "sources.csv")]
    step = max(1, len(small) // max(1, count))
    corpus.mkdir(parents=True, exist_ok=True)
    copies = []
    for i, path in enumerate(small[::step][:count]):
        copy = corpus / f"{i:03d}-{path.name}"
        shutil.copyfile(path, copy)
        copies.append(copy)
    return copies


def _edit_target(paths: list[Path]) -> Path:
    """The file to edit for republishing: the middle one of the one-record files (plain text or
    Markdown), else the middle file."""
    single = [p for p in paths if p.suffix.lower() in (".txt", ".md") and p.name != "README.md"]
    chosen = single or paths
    return chosen[len(chosen) // 2]


def edit(text: str, words: str) -> str:
    """`text` with `words` added in its body: after the first `: ` (a speaker label in a plain record)
    past any front matter, or at the start of the first paragraph of a TEI body; else after the first
    `. `, else at the end."""
    if "<body" in text and "<p>" in text[text.find("<body") :]:
        at = text.find("<p>", text.find("<body")) + 3
        return text[:at] + words + text[at:]
    start = 0
    if text.startswith("---"):
        closing = text.find("\n---", 3)
        start = closing + 4 if closing >= 0 else 0
    for mark in (": ", ". "):
        at = text.find(mark, start)
        if at >= 0:
            return text[: at + 2] + words + text[at + 2 :]
    return text + "\n" + words + "\n"


def _validate_alone(out: Path) -> Stage:
    from parley.validate import validate

    seconds, report = _timed(lambda: validate(out))
    return {
        "seconds": seconds,
        "conforms": report.conforms,
        "violations": sum(r.severity == "Violation" for r in report.results),
        "results": len(report.results),
    }


def _incremental(settings: Any, path: Path, out: Path, cache: Path, build: Callable[[], Stage]) -> Stage:
    """Edit one record; republish it: incremental rebuild (validated, written) and the store's update,
    once with the whole-dataset dumps rewritten and once without them (`--no-dumps`)."""
    from parley.store import open_store

    load_s, store = _timed(lambda: open_store(out, cache=cache))
    del store
    result: Stage = {"store_full_load_s": load_s}
    text = path.read_text(encoding="utf-8")
    result["edited"] = str(path.relative_to(settings.corpus))
    for label, dumps, words in (("", True, "Indeed, "), ("no_dumps_", False, "Indeed, indeed, ")):
        path.write_text(edit(text, words), encoding="utf-8")
        rebuilt = build(dumps=dumps)
        update_s, store = _timed(lambda: open_store(out, cache=cache))
        del store
        result |= {
            f"{label}rebuild_s": rebuilt["seconds"],
            f"{label}phases_s": rebuilt["built"].seconds if rebuilt["built"] else {},
            f"{label}store_update_s": update_s,
            f"{label}republish_s": rebuilt["seconds"] + update_s,
        }
    build()  # the dumps again, for the stages after this one
    return result


def _queries(out: Path, cache: Path) -> Stage:
    try:
        from parley.canned import catalogue, query
        from parley.store import open_store
        from parley.textindex import TextIndex, beside
    except ImportError as err:
        return {"skipped": f"parley.canned not available: {err}"}
    load_s, store = _timed(lambda: open_store(out, cache=cache))  # up to date: opening only
    texts = TextIndex(beside(cache))  # the full-text index `search` uses, as `parley query` does
    timings: dict[str, Any] = {}
    used: dict[str, dict[str, str]] = {}
    first = "SELECT ?m WHERE { ?m a <https://w3id.org/parley/ontology#Meeting> } ORDER BY ?m LIMIT 1"
    meeting = next((row[0].value for row in store.query(first, use_default_graph_as_union=True)), None)
    for q in catalogue(ROOT / "queries"):
        if q.network:
            timings[q.name] = "skipped: needs the network"
            continue
        params = {  # as a user asks: with the example value of every parameter that has one
            p.name: p.description.split("example:")[1].strip().split()[0]
            for p in q.params
            if "example:" in p.description
        }
        if "meeting" in params and meeting:  # the example is a seed meeting: take one the corpus has
            params["meeting"] = meeting
        runs: list[float] = []
        try:
            for _ in range(5):
                start = time.perf_counter()
                table = query(q.name, params=params, store=store, texts=texts, queries=ROOT / "queries")
                seconds = time.perf_counter() - start
                runs.append(seconds)
            timings[q.name] = {"median_ms": statistics.median(runs) * 1000, "rows": len(table.rows)}
            used[q.name] = params
        except Exception as err:  # a broken query is a benchmark finding, not a crash
            timings[q.name] = f"error: {type(err).__name__}: {err}"
    return {"store_load_s": load_s, "per_query": timings, "params": used}


def _site(out: Path, site: Path, budget: float) -> Stage:
    """`parley site` of the built graph, in a process of its own: wall time and peak RSS."""
    command = [str(PARLEY), "site", "--graph", str(out), "--out", str(site)]
    command += ["--queries", str(ROOT / "queries")]
    code, peak, seconds = watch(command, budget)
    result: Stage = {"seconds": seconds, "peak_rss_mib_tree": peak}
    if code is None:
        result["error"] = f"stopped after the budget of {budget:.0f} s"
    elif code:
        result["error"] = f"exited with {code}"
    else:
        result["files"] = sum(1 for p in site.rglob("*") if p.is_file())
    return result


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(out: Path, site: Path, store: Path, params: dict[str, dict[str, str]]) -> Stage:
    """`parley serve` on the generated site and the benchmark's store: the median time of a page
    (20 resources, 5 times each) and of each canned query sent to /sparql (3 times each)."""
    import urllib.parse
    import urllib.request

    from parley.canned import catalogue, query_text
    from parley.store import open_store

    port = _free_port()
    command = [str(PARLEY), "serve", "--site", str(site), "--graph", str(out)]
    command += ["--cache", str(store), "--port", str(port), "--queries", str(ROOT / "queries")]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    result: Stage = {}
    try:
        root = f"http://127.0.0.1:{port}"
        start = time.monotonic()
        while True:
            try:
                urllib.request.urlopen(root + "/", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() - start > 600:
                    return {"error": f"the server did not answer (exit {server.poll()})"}
                time.sleep(0.2)
        result["start_s"] = time.monotonic() - start
        resources = json.loads((site / "resources.json").read_text(encoding="utf-8"))
        step = max(1, len(resources) // 20)
        pages: list[float] = []
        for entry in resources[::step][:20]:
            url = root + "/" + urllib.parse.quote(entry["path"]) + "/"
            for _ in range(5):
                clock = time.perf_counter()
                urllib.request.urlopen(url, timeout=60).read()
                pages.append(time.perf_counter() - clock)
        result["page_median_ms"] = statistics.median(pages) * 1000
        result["pages"] = len(pages)
        held = open_store(out, cache=store)
        texts = {
            q.name: query_text(q.name, params=params.get(q.name, {}), store=held, queries=ROOT / "queries")
            for q in catalogue(ROOT / "queries")
            if not q.network
        }
        del held
        per_query: dict[str, Any] = {}
        for name, text in texts.items():
            runs: list[float] = []
            try:
                for _ in range(3):
                    clock = time.perf_counter()
                    request = urllib.request.Request(
                        root + "/sparql",
                        data=text.encode(),
                        headers={
                            "Content-Type": "application/sparql-query",
                            "Accept": "application/sparql-results+json",
                        },
                    )
                    urllib.request.urlopen(request, timeout=120).read()
                    runs.append(time.perf_counter() - clock)
                per_query[name] = {"median_ms": statistics.median(runs) * 1000}
            except OSError as err:
                per_query[name] = f"error: {err}"
        result["per_query"] = per_query
    finally:
        server.terminate()
        server.wait(timeout=30)
    return result


# --- the naive and floor subprocess -------------------------------------------------------------


def run_naive(
    graph: Path,
    budget: float,
    rates: dict[str, float],
    records: int,
    save: Callable[[Stage], None],
    naive: bool = True,
) -> Stage:
    import pyoxigraph as ox

    result: Stage = {}
    # the floor: pyoxigraph parsing parley.trig and writing the same quads, streamed
    count = 0

    def counted() -> Any:
        nonlocal count
        for quad in ox.parse(path=str(graph / "parley.trig"), format=ox.RdfFormat.TRIG):
            count += 1
            yield quad

    with tempfile.TemporaryDirectory() as folder:
        clock = time.perf_counter()
        ox.serialize(counted(), output=str(Path(folder) / "floor.trig"), format=ox.RdfFormat.TRIG)
        result["floor_s"] = time.perf_counter() - clock
    result["quads"] = count
    save(result)
    if naive:
        _rdflib_and_pyshacl(graph, budget, rates, records, result, save)
    result["peak_rss_mib_self"] = _peak_self_mib()
    return result


def _rdflib_and_pyshacl(
    graph: Path,
    budget: float,
    rates: dict[str, float],
    records: int,
    result: Stage,
    save: Callable[[Stage], None],
) -> None:
    """The naive pipeline on the same triples: rdflib parse, rdflib Turtle write, pyshacl on the whole
    graph (shapes.ttl + corpus-shapes.ttl, with the ontology)."""
    from pyshacl import validate as shacl_validate
    from rdflib import Graph
    from rdflib.namespace import SH

    onto = ROOT / "ontology"
    clock = time.perf_counter()
    g = Graph().parse(graph / "parley.ttl", format="turtle")
    result["rdflib_parse_s"] = time.perf_counter() - clock
    result["triples"] = len(g)
    clock = time.perf_counter()
    data = g.serialize(format="turtle")
    result["rdflib_turtle_write_s"] = time.perf_counter() - clock
    result["turtle_bytes"] = len(data.encode())
    del data
    save(result)
    reason = _skip("pyshacl_s_per_record", records, rates, budget)
    if reason:
        result["pyshacl"] = {"skipped": reason}
        return
    shapes = Graph().parse(onto / "shapes.ttl").parse(onto / "corpus-shapes.ttl")
    ontology = Graph().parse(onto / "parley.ttl")
    clock = time.perf_counter()
    conforms, report, _ = shacl_validate(g, shacl_graph=shapes, ont_graph=ontology, allow_warnings=True)
    seconds = time.perf_counter() - clock
    violations = sum(1 for _ in report.subjects(SH.resultSeverity, SH.Violation))
    result["pyshacl"] = {"seconds": seconds, "conforms": bool(conforms), "violations": violations}


# --- the driver ---------------------------------------------------------------------------------


def watch(command: list[str], budget: float) -> tuple[int | None, float, float]:
    """Run `command`; its exit code (None when stopped at the budget), the peak RSS of its process tree
    in MiB, and its wall time."""
    proc = psutil.Popen(command, cwd=ROOT)
    peak, start = 0.0, time.monotonic()
    while proc.poll() is None:
        try:
            tree = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()) / 2**20)
        except psutil.Error:
            pass
        if time.monotonic() - start > budget:
            for p in proc.children(recursive=True):
                p.kill()
            proc.kill()
            proc.wait()
            return None, peak, time.monotonic() - start
        time.sleep(0.1)
    return proc.returncode, peak, time.monotonic() - start


def _subprocess(args: list[str], budget: float) -> tuple[Stage | None, float, str]:
    """Run this script with `args`; return its JSON, the peak RSS of its process tree, and an error."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        answer = Path(handle.name)
    code, peak, _ = watch([sys.executable, __file__, *args, "--answer", str(answer)], budget)
    error = f"stopped after the budget of {budget:.0f} s" if code is None else ""
    if code:
        error = f"exited with {code}"
    data = json.loads(answer.read_text()) if answer.stat().st_size else None
    answer.unlink()
    return data, peak, error


def measure(
    size: int,
    seed: int,
    budget: float,
    rates: dict[str, float],
    keep: Path | None,
    naive: bool = True,
    archive: list[Path] | None = None,
    naive_max_triples: int = 0,
    label: str = "",
) -> Stage:
    """One size of the synthetic corpus, or the real `archive` folders built together (whose naive
    pipeline runs when its graph has at most `naive_max_triples` triples; the floor runs at any
    size)."""
    label = label or ("+".join(folder.name for folder in archive) if archive else str(size))
    work = Path(tempfile.mkdtemp(prefix="parley-bench-"))
    entry: Stage = {"records": size, "label": label}
    if archive is not None:
        entry["archive"] = [str(folder) for folder in archive]
    try:
        common = ["--budget-seconds", str(budget), "--rates", json.dumps(rates)]
        corpus = [arg for folder in archive for arg in ("--archive-dir", str(folder))] if archive else []
        corpus = corpus or ["--seed", str(seed)]
        # the budget is per stage: 6 timed stages in the Parley subprocess, 3 in the naive one
        parley, peak, error = _subprocess(
            ["--one", str(size), "--work", str(work), *corpus, *common], 6 * budget
        )
        entry["parley"] = parley or {}
        entry["parley"]["peak_rss_mib_tree"] = peak
        if error:
            entry["parley"]["error"] = error
        triples = entry["parley"].get("build", {}).get("triples", 0)
        if archive is not None:
            entry["records"] = entry["parley"].get("records", 0)
            naive = triples <= naive_max_triples
        if parley and (work / "graph" / "parley.trig").exists():
            flag = [] if naive else ["--floor-only"]
            plain, peak, error = _subprocess(
                ["--naive", str(work / "graph"), "--one", str(entry["records"]), *flag, *common], 3 * budget
            )
            entry["naive"] = plain or {}
            entry["naive"]["peak_rss_mib_tree"] = peak
            if error:
                entry["naive"]["error"] = error
            if not naive:
                why = f"--naive-max-triples {naive_max_triples:,}" if archive else "--naive-max"
                entry["naive"]["skipped"] = f"rdflib and pyshacl skipped: above {why} (the floor ran)"
        _ratios(entry)
    finally:
        if keep:
            shutil.copytree(work, keep / f"work-{label.replace('/', '-')}", dirs_exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    return entry


def _ratios(entry: Stage) -> None:
    p, n = entry.get("parley", {}), entry.get("naive", {})
    build, val, shacl = p.get("build", {}), p.get("validate", {}), n.get("pyshacl", {})
    ratios: Stage = {}
    if "seconds" in shacl and "rdflib_parse_s" in n:
        n["total_s"] = n["rdflib_parse_s"] + n["rdflib_turtle_write_s"] + shacl["seconds"]
    if "seconds" in build and "total_s" in n:
        ratios["naive_over_parley"] = n["total_s"] / build["seconds"]
    if "seconds" in val and "seconds" in shacl:
        ratios["pyshacl_over_parley_validation"] = shacl["seconds"] / val["seconds"]
        ratios["same_verdict"] = val["conforms"] == shacl["conforms"]
    if "floor_s" in n and "seconds" in build:
        ratios["parley_build_over_floor"] = build["seconds"] / n["floor_s"]
    if "rdflib_turtle_write_s" in n and "seconds" in build:
        ratios["rdflib_over_parley"] = (n["rdflib_parse_s"] + n["rdflib_turtle_write_s"]) / build["seconds"]
    entry["ratios"] = ratios


def update_rates(rates: dict[str, float], entry: Stage) -> None:
    """Per-record costs of the slow stages, to skip the next size when it cannot fit the budget."""
    records = entry["records"]
    if "seconds" in entry.get("parley", {}).get("validate", {}):
        rates["validate_s_per_record"] = entry["parley"]["validate"]["seconds"] / records
    if "seconds" in entry.get("naive", {}).get("pyshacl", {}):
        rates["pyshacl_s_per_record"] = entry["naive"]["pyshacl"]["seconds"] / records


def machine() -> Stage:
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "system": f"{platform.system()} {platform.release()}",
    }


def _f(value: Any, fmt: str = ".1f") -> str:
    return format(value, fmt) if isinstance(value, (int, float)) and not isinstance(value, bool) else "-"


def markdown(results: Stage) -> str:
    m = results["machine"]
    lines = [
        f"Machine: {m['cpus']} cores, {m['memory_gib']} GiB, Python {m['python']}, {m['machine']}, "
        f"{m['system']}; seed {results['seed']}, budget {results['budget_seconds']:.0f} s per stage.",
        "",
        "| records (synthetic) or archive | triples | build s (validated, written) | records/s | "
        "triples/s | violations | "
        "peak RSS MiB (all processes) | no-op rebuild s | republish 1 record s | "
        "republish, --no-dumps s | validation alone s | "
        "pyshacl whole graph s | same verdict | rdflib parse + write s | naive total s | "
        "naive / Parley | oxigraph floor s | Parley / floor |",
        "|" + "---:|" * 18,
    ]
    notes: list[str] = []
    for e in results["sizes"]:
        p, n, r = e.get("parley", {}), e.get("naive", {}), e.get("ratios", {})
        b, v, inc = p.get("build", {}), p.get("validate", {}), p.get("incremental", {})
        s = n.get("pyshacl", {})
        name = str(e["records"]) if "archive" not in e else f"{e['label']} ({e['records']} documents)"
        rdflib = n["rdflib_parse_s"] + n["rdflib_turtle_write_s"] if "rdflib_turtle_write_s" in n else None
        cells = [
            name,
            str(b.get("triples", "-")),
            _f(b.get("seconds")),
            _f(b.get("records_per_s")),
            _f(b.get("triples_per_s"), ".0f"),
            str(b.get("violations", "-")),
            _f(p.get("peak_rss_mib_tree"), ".0f"),
            _f(p.get("noop_rebuild_s")),
            _f(inc.get("republish_s"), ".2f"),
            _f(inc.get("no_dumps_republish_s"), ".2f"),
            _f(v.get("seconds")),
            _f(s.get("seconds")),
            str(r.get("same_verdict", "-")),
            _f(rdflib),
            _f(n.get("total_s")),
            _f(r.get("naive_over_parley"), ".1f"),
            _f(n.get("floor_s"), ".2f"),
            _f(r.get("parley_build_over_floor"), ".1f"),
        ]
        lines.append("| " + " | ".join(cells) + " |")
        for where, stage in (("validate", v), ("pyshacl", s)):
            if "skipped" in stage:
                notes.append(f"- {name}, {where}: {stage['skipped']}")
        for key in ("parley", "naive"):
            for problem in ("error", "skipped"):
                if problem in e.get(key, {}):
                    notes.append(f"- {name}, {key}: {e[key][problem]}")
        if b.get("phases_s"):
            phases = ", ".join(f"{k} {t:.1f} s" for k, t in b["phases_s"].items())
            notes.append(f"- {name}, build phases: {phases}")
        if inc:
            notes.append(
                f"- {name}, republishing one edited record: rebuild "
                f"{_f(inc.get('rebuild_s'), '.2f')} s + store update "
                f"{_f(inc.get('store_update_s'), '.2f')} s; with --no-dumps: rebuild "
                f"{_f(inc.get('no_dumps_rebuild_s'), '.2f')} s + store update "
                f"{_f(inc.get('no_dumps_store_update_s'), '.2f')} s "
                f"(the store's first full load took {_f(inc.get('store_full_load_s'))} s)"
            )
        queries = p.get("queries", {})
        if "per_query" in queries:
            cells = ", ".join(
                f"{name} {q['median_ms']:.1f} ms" if isinstance(q, dict) else f"{name} ({q})"
                for name, q in queries["per_query"].items()
            )
            notes.append(f"- {name}, canned queries (median of 5): {cells}")
        elif "skipped" in queries:
            notes.append(f"- {name}, queries: {queries['skipped']}")
        notes += _site_notes(name, p.get("site", {}), p.get("serve", {}))
    for skipped in results.get("skipped", []):
        notes.append(f"- {skipped}")
    lines += [
        "",
        "Build = `parley build` from the records to graph/, validated, both cores. Naive total = "
        "rdflib parse + rdflib Turtle write + whole-graph pyshacl of the same triples (it does not "
        "include reading the records, so it flatters the naive pipeline). Floor = pyoxigraph parse + "
        "serialize of `parley.trig`. Republish = incremental rebuild after one record changed "
        "(validated, written) + update of the embedded store; with --no-dumps, the whole-dataset "
        "files parley.trig and parley.ttl are not rewritten.",
        "",
        *notes,
    ]
    return "\n".join(lines) + "\n"


def _site_notes(name: str, site: Stage, serve: Stage) -> list[str]:
    """The lines of the notes on `parley site` and `parley serve` for one corpus."""
    notes = []
    if site:
        done = f"{site.get('files', 0):,} files" if "error" not in site else site["error"]
        notes.append(
            f"- {name}, `parley site`: {_f(site.get('seconds'))} s, peak RSS "
            f"{_f(site.get('peak_rss_mib_tree'), '.0f')} MiB, {done}"
        )
    if "page_median_ms" in serve:
        queries = ", ".join(
            f"{q} {t['median_ms']:.1f} ms" if isinstance(t, dict) else f"{q} ({t})"
            for q, t in serve.get("per_query", {}).items()
        )
        notes.append(
            f"- {name}, `parley serve`: a page {serve['page_median_ms']:.1f} ms (median of "
            f"{serve['pages']}); canned queries at /sparql (median of 3): {queries}"
        )
    elif serve:
        notes.append(f"- {name}, `parley serve`: {serve.get('error', serve)}")
    return notes


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100], help="record counts to run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results", help="results folder")
    parser.add_argument("--seed", type=int, default=8, help="generator seed (default 8)")
    parser.add_argument("--budget-seconds", type=float, default=900.0, help="time budget per stage")
    parser.add_argument(
        "--slow-max",
        type=int,
        default=None,
        help="skip Parley's validation and whole-graph pyshacl above this many records",
    )
    parser.add_argument(
        "--naive-max",
        type=int,
        default=None,
        help="skip the naive pipeline and the floor above this many records",
    )
    parser.add_argument(
        "--archive",
        type=Path,
        nargs="+",
        action="append",
        default=[],
        metavar="DIR",
        help="real folders of records (any mix of formats) built together, measured after the sizes; "
        "repeat the option for another archive",
    )
    parser.add_argument(
        "--naive-max-triples",
        type=int,
        default=100_000,
        help="run rdflib and pyshacl on an archive's whole graph only up to this many triples "
        "(default 100,000; above it they run on --naive-sample files of the archive)",
    )
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=10,
        help="files of an archive too large for the naive pipeline measured as a sample of their own, "
        "with it (default 10; 0: none)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora and graphs in --out")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--naive", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--rates", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--answer", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--archive-dir", type=Path, action="append", help=argparse.SUPPRESS)
    parser.add_argument("--floor-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    rates = json.loads(args.rates)
    if args.answer:  # a subprocess: one pipeline at one size; saves what it has after each stage

        def save(data: Stage) -> None:
            args.answer.write_text(json.dumps(data, default=str))

        if args.naive:
            save(run_naive(args.naive, args.budget_seconds, rates, args.one, save, not args.floor_only))
        else:
            save(
                run_parley(args.one, args.work, args.seed, args.budget_seconds, rates, save, args.archive_dir)
            )
        return
    results: Stage = {
        "machine": machine(),
        "seed": args.seed,
        "budget_seconds": args.budget_seconds,
        "sizes": [],
        "skipped": [],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    rates_run: dict[str, float] = {}
    keep = args.out if args.keep else None
    runs: list[tuple[int, list[Path] | None]] = [(size, None) for size in sorted(args.sizes)]
    runs += [(0, [folder.resolve() for folder in folders]) for folders in args.archive]
    for size, archive in runs:
        name = " + ".join(map(str, archive)) if archive else f"{size} records"
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        if args.slow_max is not None and (archive is not None or size > args.slow_max):
            rates_run["validate_s_per_record"] = rates_run["pyshacl_s_per_record"] = float("inf")
        naive = args.naive_max is None or size <= args.naive_max
        entry = measure(
            size, args.seed, args.budget_seconds, rates_run, keep, naive, archive, args.naive_max_triples
        )
        _record(results, entry, rates_run, args.out)
        if archive and "skipped" in entry.get("naive", {}) and args.naive_sample:
            _record(
                results, _measure_sample(archive, entry["label"], args, rates_run, keep), rates_run, args.out
            )
    print(markdown(results))


def _record(results: Stage, entry: Stage, rates: dict[str, float], out: Path) -> None:
    """Add `entry` to the results and write them (after each size: a stopped run keeps what it did)."""
    results["sizes"].append(entry)
    update_rates(rates, entry)
    (out / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    (out / "results.md").write_text(markdown(results))


def _measure_sample(
    archive: list[Path], label: str, args: argparse.Namespace, rates: dict[str, float], keep: Path | None
) -> Stage:
    """Every stage, the naive pipeline included, on `args.naive_sample` files of `archive` evenly spaced."""
    paths = sorted(p for folder in archive for p in folder.rglob("*") if p.is_file())
    with tempfile.TemporaryDirectory(prefix="parley-sample-") as folder:
        copies = sample_corpus(paths, Path(folder) / "sample", args.naive_sample)
        name = f"sample: {len(copies)} files of {label}"
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        rates.pop("validate_s_per_record", None)  # the sample is small: --slow-max says nothing of it
        rates.pop("pyshacl_s_per_record", None)
        sample = [Path(folder) / "sample"]
        return measure(0, args.seed, args.budget_seconds, rates, keep, True, sample, sys.maxsize, name)


if __name__ == "__main__":
    main()
