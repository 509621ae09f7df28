"""Hostile sizes: one very large source file, built in a subprocess; wall time and peak memory.

    .venv/bin/python bench/large.py --mb 5 50 --out bench/results/large.json

The file is one long meeting record: the header of a synthetic record, then the turns of many
synthetic records (bench/generate.py, fixed seed) until it reaches the size. Each size is built
twice: with the default per-document limit (`--max-document-mb`), and with a limit below the file's
size, which refuses it with an error.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402
from run import ROOT, machine, watch  # noqa: E402

TURN = re.compile(r"^(?:\[[^\]]+\] )?[A-Z][\w.]*(?: [A-Z][\w.]*)?: .+$", re.MULTILINE)


def large_record(folder: Path, megabytes: float, seed: int) -> Path:
    """One record of `megabytes` MB: a synthetic record's header, then turns of many others."""
    records = generate(folder / "parts", 200, seed=seed)
    texts = [p.read_text(encoding="utf-8") for p in records if p.suffix == ".txt"]
    head = texts[0].split("\n\n")[:3]
    turns = [m.group(0) for text in texts for m in TURN.finditer(text)]
    target = int(megabytes * 1e6)
    corpus = folder / "corpus"
    corpus.mkdir()
    path = corpus / "1945-07-02_large-record.txt"
    with path.open("w", encoding="utf-8") as out:
        written = out.write("\n\n".join(head) + "\n\n")
        i = 0
        while written < target:
            written += out.write(turns[i % len(turns)] + "\n\n")
            i += 1
    shutil.rmtree(folder / "parts")
    return path


def measure(megabytes: float, seed: int, budget: float) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix="parley-large-"))
    try:
        path = large_record(work, megabytes, seed)
        entry: dict[str, object] = {"megabytes": path.stat().st_size / 1e6}
        for label, limit in (("default limit", None), ("limit below the size", megabytes / 2)):
            command = [str(Path(sys.executable).parent / "parley"), "build", str(path.parent)]
            command += ["--out", str(work / "graph"), "--cache", str(work / "cache")]
            command += ["--max-document-mb", str(limit)] if limit else []
            code, peak, seconds = watch(command, budget)
            report = work / "graph" / "report.json"
            summary = (
                json.loads(report.read_text())["summary"] if report.exists() and code is not None else {}
            )
            entry[label] = {
                "exit": code,
                "seconds": seconds,
                "peak_rss_mib_tree": peak,
                "triples": summary.get("triples"),
                "turns": summary.get("turns"),
            }
            shutil.rmtree(work / "graph", ignore_errors=True)
            shutil.rmtree(work / "cache", ignore_errors=True)
        return entry
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[5.0], help="file sizes in MB")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--budget-seconds", type=float, default=1800.0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "large.json")
    args = parser.parse_args()
    results = {"machine": machine(), "sizes": [measure(mb, args.seed, args.budget_seconds) for mb in args.mb]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
