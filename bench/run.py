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
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

Stage = dict[str, Any]


def _peak_self_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


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
    records: int, work: Path, seed: int, budget: float, rates: dict[str, float], save: Callable[[Stage], None]
) -> Stage:
    import parley.build as pb
    from parley.config import Settings
    from parley.errors import ValidationFailed

    corpus, out = work / "corpus", work / "graph"
    result: Stage = {"records": records}
    seconds, paths = _timed(lambda: generate(corpus, records, seed=seed))
    result["generate_s"] = seconds
    result["corpus_bytes"] = sum(p.stat().st_size for p in paths)
    settings = Settings(
        corpus=corpus, out=out, mappings=ROOT / "mappings", ontology=ROOT / "ontology", cache=work / "cache"
    )

    def build(*, dumps: bool = True) -> Stage:
        clock = time.perf_counter()
        try:
            built, violations = pb.build(replace(settings, dumps=dumps)), 0
        except ValidationFailed as err:  # written all the same; the count is a finding
            built, violations = None, str(err).count(": Violation: ")
        return {"seconds": time.perf_counter() - clock, "built": built, "violations": violations}

    full = build()
    built = full.pop("built")
    summary = built.summary() if built else json.loads((out / "report.json").read_text())["summary"]
    seconds = full["seconds"]
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
    result["incremental"] = _incremental(settings, paths[len(paths) // 2], out, work / "store", build)
    save(result)
    result["queries"] = _queries(out, work / "store")
    result["peak_rss_mib_self"] = _peak_self_mib()
    return result


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
    for label, dumps, edited in (("", True, ": Indeed, "), ("no_dumps_", False, ": Indeed, indeed, ")):
        path.write_text(text.replace(": ", edited, 1), encoding="utf-8")
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
    except ImportError as err:
        return {"skipped": f"parley.canned not available: {err}"}
    load_s, store = _timed(lambda: open_store(out, cache=cache))  # up to date: opening only
    timings: dict[str, Any] = {}
    first = "SELECT ?m WHERE { ?m a <https://w3id.org/parley/ontology#Meeting> } ORDER BY ?m LIMIT 1"
    meeting = next(iter(store.query(first, use_default_graph_as_union=True)))[0].value
    for q in catalogue(ROOT / "queries"):
        if q.network:
            timings[q.name] = "skipped: needs the network"
            continue
        params = {  # as a user asks: with the example value of every parameter that has one
            p.name: p.description.split("example:")[1].strip().split()[0]
            for p in q.params
            if "example:" in p.description
        }
        if "meeting" in params:  # the example is a seed meeting: take one the synthetic corpus has
            params["meeting"] = meeting
        runs: list[float] = []
        try:
            for _ in range(5):
                start = time.perf_counter()
                table = query(q.name, params=params, store=store, queries=ROOT / "queries")
                seconds = time.perf_counter() - start
                runs.append(seconds)
            timings[q.name] = {"median_ms": statistics.median(runs) * 1000, "rows": len(table.rows)}
        except Exception as err:  # a broken query is a benchmark finding, not a crash
            timings[q.name] = f"error: {type(err).__name__}: {err}"
    return {"store_load_s": load_s, "per_query": timings}


# --- the naive and floor subprocess -------------------------------------------------------------


def run_naive(
    graph: Path, budget: float, rates: dict[str, float], records: int, save: Callable[[Stage], None]
) -> Stage:
    import pyoxigraph as ox
    from pyshacl import validate as shacl_validate
    from rdflib import Graph

    onto = ROOT / "ontology"
    result: Stage = {}
    clock = time.perf_counter()
    g = Graph().parse(graph / "parley.ttl", format="turtle")
    result["rdflib_parse_s"] = time.perf_counter() - clock
    result["triples"] = len(g)
    clock = time.perf_counter()
    data = g.serialize(format="turtle")
    result["rdflib_turtle_write_s"] = time.perf_counter() - clock
    result["turtle_bytes"] = len(data.encode())
    del data
    trig = (graph / "parley.trig").read_bytes()
    clock = time.perf_counter()
    quads = list(ox.parse(trig, format=ox.RdfFormat.TRIG))
    result["oxigraph_parse_s"] = time.perf_counter() - clock
    clock = time.perf_counter()
    ox.serialize(quads, format=ox.RdfFormat.TRIG)
    result["oxigraph_serialize_s"] = time.perf_counter() - clock
    result["quads"] = len(quads)
    del quads, trig
    save(result)
    reason = _skip("pyshacl_s_per_record", records, rates, budget)
    if reason:
        result["pyshacl"] = {"skipped": reason}
    else:
        shapes = Graph().parse(onto / "shapes.ttl").parse(onto / "corpus-shapes.ttl")
        ontology = Graph().parse(onto / "parley.ttl")
        clock = time.perf_counter()
        conforms, report, _ = shacl_validate(g, shacl_graph=shapes, ont_graph=ontology, allow_warnings=True)
        seconds = time.perf_counter() - clock
        from rdflib.namespace import SH

        violations = sum(1 for _ in report.subjects(SH.resultSeverity, SH.Violation))
        result["pyshacl"] = {"seconds": seconds, "conforms": bool(conforms), "violations": violations}
    del g
    result["peak_rss_mib_self"] = _peak_self_mib()
    return result


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
    size: int, seed: int, budget: float, rates: dict[str, float], keep: Path | None, naive: bool = True
) -> Stage:
    work = Path(tempfile.mkdtemp(prefix=f"parley-bench-{size}-"))
    entry: Stage = {"records": size}
    try:
        common = ["--budget-seconds", str(budget), "--rates", json.dumps(rates)]
        # the budget is per stage: 4 timed stages in the Parley subprocess, 3 in the naive one
        parley, peak, error = _subprocess(
            ["--one", str(size), "--work", str(work), "--seed", str(seed), *common], 4 * budget
        )
        entry["parley"] = parley or {}
        entry["parley"]["peak_rss_mib_tree"] = peak
        if error:
            entry["parley"]["error"] = error
        if not naive:
            entry["naive"] = {
                "skipped": "skipped: above --naive-max (an rdflib graph of this size would not fit)"
            }
        elif parley and (work / "graph" / "parley.trig").exists():
            plain, peak, error = _subprocess(
                ["--naive", str(work / "graph"), "--one", str(size), *common], 3 * budget
            )
            entry["naive"] = plain or {}
            entry["naive"]["peak_rss_mib_tree"] = peak
            if error:
                entry["naive"]["error"] = error
        _ratios(entry)
    finally:
        if keep:
            shutil.copytree(work, keep / f"work-{size}", dirs_exist_ok=True)
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
    if "oxigraph_parse_s" in n and "seconds" in build:
        floor = n["oxigraph_parse_s"] + n["oxigraph_serialize_s"]
        n["floor_s"] = floor
        ratios["parley_build_over_floor"] = build["seconds"] / floor
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
        "| records | triples | build s (validated, written) | records/s | triples/s | violations | "
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
        rdflib = n["rdflib_parse_s"] + n["rdflib_turtle_write_s"] if "rdflib_turtle_write_s" in n else None
        cells = [
            str(e["records"]),
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
                notes.append(f"- {e['records']} records, {where}: {stage['skipped']}")
        for key in ("parley", "naive"):
            for problem in ("error", "skipped"):
                if problem in e.get(key, {}):
                    notes.append(f"- {e['records']} records, {key}: {e[key][problem]}")
        if b.get("phases_s"):
            phases = ", ".join(f"{k} {t:.1f} s" for k, t in b["phases_s"].items())
            notes.append(f"- {e['records']} records, build phases: {phases}")
        if inc:
            notes.append(
                f"- {e['records']} records, republishing one edited record: rebuild "
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
            notes.append(f"- {e['records']} records, canned queries (median of 5): {cells}")
        elif "skipped" in queries:
            notes.append(f"- {e['records']} records, queries: {queries['skipped']}")
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
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora and graphs in --out")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--naive", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--rates", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--answer", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    rates = json.loads(args.rates)
    if args.answer:  # a subprocess: one pipeline at one size; saves what it has after each stage

        def save(data: Stage) -> None:
            args.answer.write_text(json.dumps(data, default=str))

        if args.naive:
            save(run_naive(args.naive, args.budget_seconds, rates, args.one, save))
        else:
            save(run_parley(args.one, args.work, args.seed, args.budget_seconds, rates, save))
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
    for size in sorted(args.sizes):
        print(f"[bench] {size} records ...", file=sys.stderr, flush=True)
        if args.slow_max is not None and size > args.slow_max:
            rates_run["validate_s_per_record"] = rates_run["pyshacl_s_per_record"] = float("inf")
        keep = args.out if args.keep else None
        naive = args.naive_max is None or size <= args.naive_max
        entry = measure(size, args.seed, args.budget_seconds, rates_run, keep, naive)
        results["sizes"].append(entry)
        update_rates(rates_run, entry)
        (args.out / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
        (args.out / "results.md").write_text(markdown(results))
    print(markdown(results))


if __name__ == "__main__":
    main()
