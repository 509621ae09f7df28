"""Synthetic archival records for the benchmark, sampled from the real corpus with a fixed seed.

    .venv/bin/python bench/generate.py --records 1000 --out /tmp/corpus-1000 [--seed 8]

Everything the records are made of comes from `corpus/*.txt` and `corpus/sources.csv`: speaker labels
(with their bracketed expansions, e.g. `[T.V.] Soong:`), dialogue sentences, reported-speech
paragraphs (`Dr. Soong said that ...`), `Present:` blocks, citations, the web-page noise around the
text, and collection-listing entries. The generator only recombines them, in the shapes the real
records have:

- `dialogue`   (~45%): date line, title, optional citation block, dateline `2 July 1945, 8:00 - 10:30
  p.m.`, `Name:` turns; web-page noise before and after (Wilson Center transcripts);
- `reported`   (~30%): `## <date> Meeting between ...`, `### Citation:` block, `Present:` block,
  `Date:` line, reported-speech paragraphs (the 1945-06-30 record);
- `memorandum` (~23%): FRUS numbered header, place and time line, `PARTICIPANTS`, narrative
  paragraphs with reported speech, numbered source notes (the 1964 records);
- `collection` (~2%): a collection listing of `-`-separated entries.

Sizes follow the real records (a few KB to ~20 KB). The same seed and size give byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
KINDS = (("dialogue", 45), ("reported", 30), ("memorandum", 23), ("collection", 2))
RECORD_TYPES = {
    "dialogue": ("meeting-notes", "record-of-conversation"),
    "reported": ("meeting-notes",),
    "memorandum": ("memorandum-of-conversation", "telegram"),
    "collection": ("collection",),
}
SIZE_RANGE = (2_500, 20_000)  # bytes of body text, like the real records
_LABEL = re.compile(r"^((?:\[[^\]]{1,20}\]\s*)?[A-Z][A-Za-z.\- ]{1,25}):\s+(\S.*)$")
_REPORTED = re.compile(
    r"^((?:Dr\.|Mr\.|Marshal|Ambassador|General|President|Generalissimo|The Secretary)?\s*"
    r"[A-Z][a-z]+(?: [A-Z][a-z]+)?) "
    r"(said|replied|asked|stated|suggested|argued|agreed|remarked|pointed out)\b"
)
_SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[A-Z(\[])")
_NOISE_MARKERS = (
    "Skip to content",
    "History and Public Policy Program welcomes",
    "To enquire about this document",
    "Original Uploaded Date",
    "Record ID",
    "Associated Places",
    "Document Information",
    "Original Archive",
    "This document was made possible",
    "Meeting Notes",
)
_PAIRS: tuple[tuple[str, ...], ...] = (  # who met whom in the corpus; labels as written there
    ("Stalin", "Soong"),
    ("Stalin", "Mao Zedong"),
    ("Stalin", "Soong", "Molotov"),
    ("Cabot", "Wang"),
    ("Bundy", "Dobrynin"),
    ("Rusk", "Dobrynin"),
    ("Harriman", "Soong"),
    ("Molotov", "Jing Tai"),
    ("Petrov", "Soong"),
)


@dataclass
class Pool:
    """What the real corpus offers to sample from."""

    labels: dict[str, list[str]] = field(default_factory=dict)  # bare name -> labels as written
    turns: list[str] = field(default_factory=list)  # what follows `Name:`
    reported: list[str] = field(default_factory=list)  # reported-speech paragraphs
    narration: list[str] = field(default_factory=list)  # other body paragraphs
    sentences: list[str] = field(default_factory=list)
    present: list[list[str]] = field(default_factory=list)  # lines of `Present:` blocks
    noise: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)  # collection-listing entries
    footnotes: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)


def load_pool(corpus: Path = CORPUS) -> Pool:
    """Cut the real corpus into the pieces the generator recombines."""
    pool = Pool()
    counts: dict[str, int] = {}
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        pool.sizes.append(len(text.encode()))
        if path.name.startswith("collection"):
            pool.entries += [e.strip() for e in text.split("\n-\n")[1:] if e.strip()]
            continue
        _cut(text, pool, counts)
    # a speaker label is a name used as a label at least 3 times (not "Date:", "Frankly:", ...)
    pool.labels = {
        bare: labels
        for bare, labels in pool.labels.items()
        if sum(counts[lb] for lb in labels) >= 3 and bare != "Date" and not bare.endswith(" said")
    }
    with (corpus / "sources.csv").open(encoding="utf-8", newline="") as handle:
        pool.citations = [row["citation"] for row in csv.DictReader(handle) if row["citation"]]
    pool.noise = sorted(set(pool.noise))
    return pool


def _cut(text: str, pool: Pool, counts: dict[str, int]) -> None:
    lines = [line.strip() for line in text.splitlines()]
    for i, line in enumerate(lines):
        if line == "Present:":
            block = []
            for nxt in lines[i + 1 :]:
                if nxt.startswith("Date:"):
                    break
                if nxt:
                    block.append(nxt)
            pool.present.append(block)
    for line in filter(None, lines):
        if any(marker in line for marker in _NOISE_MARKERS):
            pool.noise.append(line)
        elif re.match(r"^\d\. ", line):
            pool.footnotes.append(line)
        elif (match := _LABEL.match(line)) and len(match.group(1).split()) <= 3:
            label = match.group(1)
            bare = re.sub(r"\[[^\]]*\]\s*", "", label).strip()
            counts[label] = counts.get(label, 0) + 1
            pool.labels.setdefault(bare, [])
            if label not in pool.labels[bare]:
                pool.labels[bare].append(label)
            pool.turns.append(match.group(2))
        elif _REPORTED.match(line) and len(line) > 40:
            pool.reported.append(line)
        elif len(line) > 80:
            pool.narration.append(line)
        if len(line) > 40:
            pool.sentences += [s for s in _SENTENCE.split(line) if 20 < len(s) < 300]


class Writer:
    """One generator run: a seeded random source over a pool."""

    def __init__(self, pool: Pool, seed: int) -> None:
        self.pool = pool
        self.rng = random.Random(seed)

    def record(self, index: int) -> tuple[str, dict[str, str]]:
        """The text of record `index` and its sources.csv row."""
        kind = self.rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        date = dt.date(1945, 1, 1) + dt.timedelta(days=self.rng.randrange(365 * 20))
        speakers = self._speakers(kind)
        target = self.rng.randint(*SIZE_RANGE)
        title, text = getattr(self, f"_{kind}")(index, date, speakers, target)
        slug = "-".join(s.split()[-1].lower() for s in speakers)
        name = f"{date.isoformat()}_{kind}-{slug}-{index:05d}.txt"
        if kind == "collection":
            name = f"collection_synthetic-{index:05d}.txt"
        row = {
            "file": name,
            "title": title,
            "date": "" if kind == "collection" else date.isoformat(),
            "record_type": self.rng.choice(RECORD_TYPES[kind]),
            "source_address": f"https://digitalarchive.wilsoncenter.org/document/{900000 + index}"
            if self.rng.random() < 0.5
            else "",
            "citation": self.rng.choice(self.pool.citations),
            "original_file": f"synthetic/{index:05d}.txt",
            "reports_on": "",
        }
        return text, row

    # --- pieces ---------------------------------------------------------------------------------

    def _speakers(self, kind: str) -> list[str]:
        if kind == "dialogue":  # only names the corpus uses as `Name:` labels
            pairs = [p for p in _PAIRS if all(s in self.pool.labels for s in p)]
            return list(self.rng.choice(pairs or [tuple(self.pool.labels)[:2]]))
        return list(self.rng.choice(_PAIRS))

    def _label(self, speaker: str, first: bool) -> str:
        labels = self.pool.labels.get(speaker, [speaker])
        bracketed = [lb for lb in labels if "[" in lb]
        if first and bracketed and self.rng.random() < 0.7:
            return self.rng.choice(bracketed)
        return speaker

    def _paragraph(self, n: int) -> str:
        return " ".join(self.rng.choice(self.pool.sentences) for _ in range(n))

    def _report(self, speaker: str) -> str:
        """A reported-speech paragraph: `Dr. Soong said that ...` over a sentence some speaker said."""
        title = {"Soong": "Dr. ", "Stalin": "Marshal ", "Molotov": "Mr. "}.get(speaker, "")
        verb = self.rng.choice(
            ["said that", "replied that", "stated that", "pointed out that", "asked whether"]
        )
        said = self.rng.choice(self.pool.turns)
        said = said[0].lower() + said[1:] if said[:2] not in ("I ", "I'") else said
        return f"{title}{speaker} {verb} {said}"

    def _noise(self, n: int) -> list[str]:
        return self.rng.sample(self.pool.noise, min(n, len(self.pool.noise)))

    @staticmethod
    def _long(date: dt.date) -> str:
        return f"{date:%B} {date.day}, {date.year}"

    def _hours(self) -> str:
        start = self.rng.randint(9, 22)
        return f"{start - 12 if start > 12 else start}:{self.rng.choice(['00', '15', '30', '45'])}"

    def _fill(self, body: list[str], target: int, make: object) -> None:
        size = sum(len(b) + 2 for b in body)
        while size < target:
            piece = make()  # type: ignore[operator]
            body.append(piece)
            size += len(piece) + 2

    # --- record kinds ---------------------------------------------------------------------------

    def _dialogue(self, index: int, date: dt.date, speakers: list[str], target: int) -> tuple[str, str]:
        title = f"Record of a Meeting between {speakers[1]} and {speakers[0]} ({index})"
        lines = self._noise(1) if self.rng.random() < 0.4 else []
        lines += [self._long(date), title]
        if self.rng.random() < 0.6:
            citation = self.rng.choice(self.pool.citations)
            lines += ["Citation:", f'"{title}", {self._long(date)}, {citation}']
        lines.append(f"{date.day} {date:%B} {date.year}, {self._hours()} - {self._hours()} p.m.")
        seen: set[str] = set()

        def turn() -> str:
            speaker = self.rng.choice(speakers)
            label = self._label(speaker, speaker not in seen)
            seen.add(speaker)
            if self.rng.random() < 0.05:
                return f"({self.rng.choice(speakers)} reads translation)"
            return f"{label}: {self.rng.choice(self.pool.turns)}"

        self._fill(lines, target, turn)
        lines += self._noise(self.rng.randint(0, 4))
        return title, "\n\n".join(lines) + "\n"

    def _reported(self, index: int, date: dt.date, speakers: list[str], target: int) -> tuple[str, str]:
        title = f"Meeting between {' and '.join(speakers)} ({index})"
        lines = [f"## {self._long(date)} {title}", "### Citation:"]
        lines.append(f"“{title},” {self._long(date)}, {self.rng.choice(self.pool.citations)}")
        lines += ["### Summary:", self._paragraph(2), f"No. {index}. {title}", "Present:"]
        present = self.rng.choice(self.pool.present) if self.pool.present else speakers
        lines += list(present)
        lines.append(f"Date: {date:%B} {date.day}th, {date.year} {self._hours()} - {self._hours()} p.m.")

        def paragraph() -> str:
            roll = self.rng.random()
            if roll < 0.3 and self.pool.reported:
                return self.rng.choice(self.pool.reported)
            if roll < 0.8:
                return self._report(self.rng.choice(speakers))
            return self.rng.choice(self.pool.narration)

        self._fill(lines, target, paragraph)
        return title, "\n\n".join(lines) + "\n"

    def _memorandum(self, index: int, date: dt.date, speakers: list[str], target: int) -> tuple[str, str]:
        title = self.rng.choice(["Memorandum of Conversation", "Telegram From the Embassy to the Department"])
        place = self.rng.choice(["Washington", "Warsaw", "Moscow"])
        lines = [
            f"{index}. {title}[1]",
            f"{place}, {self._long(date)}, {self._hours()} p.m.",
            "PARTICIPANTS",
        ]
        lines += [f"Ambassador {s}" if self.rng.random() < 0.5 else s for s in speakers]

        def paragraph() -> str:
            roll = self.rng.random()
            if roll < 0.4 and self.pool.reported:
                return self.rng.choice(self.pool.reported)
            if roll < 0.8:
                return self.rng.choice(self.pool.narration)
            return self._paragraph(self.rng.randint(2, 6))

        self._fill(lines, target, paragraph)
        lines.append(speakers[0])
        lines += self.rng.sample(self.pool.footnotes, min(2, len(self.pool.footnotes)))
        return f"{title} ({index})", "\n\n".join(lines) + "\n"

    def _collection(self, index: int, date: dt.date, speakers: list[str], target: int) -> tuple[str, str]:
        title = f"Synthetic Collection {index}"
        head = f"\n{title}\n{self._paragraph(2)}"
        entries = self.rng.sample(self.pool.entries, min(len(self.pool.entries), self.rng.randint(3, 8)))
        return title, "\n-\n".join([head, *entries]) + "\n"


def generate(out: Path, records: int, *, seed: int = 8, corpus: Path = CORPUS) -> list[Path]:
    """Write `records` synthetic records and their `sources.csv` into `out`; return the record paths."""
    out.mkdir(parents=True, exist_ok=True)
    writer = Writer(load_pool(corpus), seed)
    rows: list[dict[str, str]] = []
    paths: list[Path] = []
    for index in range(1, records + 1):
        text, row = writer.record(index)
        path = out / row["file"]
        path.write_text(text, encoding="utf-8")
        rows.append(row)
        paths.append(path)
    with (out / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
        writer_csv = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["file"])
        writer_csv.writeheader()
        writer_csv.writerows(rows)
    dataset = corpus / "dataset.yaml"
    if dataset.exists():
        (out / "dataset.yaml").write_text(dataset.read_text(encoding="utf-8"), encoding="utf-8")
    return paths


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, required=True, help="how many records to write")
    parser.add_argument("--out", type=Path, required=True, help="target folder")
    parser.add_argument("--seed", type=int, default=8, help="random seed (default 8)")
    args = parser.parse_args(argv)
    paths = generate(args.out, args.records, seed=args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} records, {total / 1024:.0f} KiB, in {args.out}")


if __name__ == "__main__":
    main()
