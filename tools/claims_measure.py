"""Measure the claim rules: draw a sample of candidates to judge, set the rules' confidences from the
judgements, report precision, and recall of annotated positions.

    python tools/claims_measure.py draw --census corpus --per-rule DEV/frus DEV/dafp DEV/wilson \\
        --records ID ... --out sample.csv      # candidates to judge; already judged ones keep their verdict
    python tools/claims_measure.py confidence [--check]   # claim-rules.yaml confidences := measured
    python tools/claims_measure.py report                 # precision per rule, place, subset, threshold
    python tools/claims_measure.py recall corpus DEV/frus DEV/dafp DEV/wilson   # positions found

The judgements are tests/fixtures/claims/judgements.csv, the annotated positions
tests/fixtures/claims/positions.csv (see the README there: how they were judged and drawn).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from parley.claims.judgements import (
    COLUMNS,
    Judgement,
    read_judgements,
    read_positions,
    rewrite_confidences,
    same_person,
    short_quote,
    tally_places,
    tally_rules,
)
from parley.review.queue import Item, candidates

ROOT = Path(__file__).resolve().parents[1]
JUDGEMENTS = ROOT / "tests/fixtures/claims/judgements.csv"
POSITIONS = ROOT / "tests/fixtures/claims/positions.csv"
RULES = ROOT / "mappings/claim-rules.yaml"
BIG, QUOTA_BIG, QUOTA = 100, 20, 8  # a rule with at least BIG candidates gets QUOTA_BIG draws, else QUOTA
THRESHOLDS = (0.0, 0.5, 0.6, 0.7)
FREE = ("corpus", "frus")  # subsets whose text may be quoted whole (the shipped corpus, public domain)


def _rank(item: Item) -> str:
    """A sentence's place in the sample: the SHA-1 of its document and offset (stable across rule changes)."""
    return hashlib.sha1(f"{item.document.doc_id}:{item.claim.quote_span.start}".encode()).hexdigest()


def _row(subset: str, item: Item, sample: str) -> Judgement:
    c = item.claim
    return Judgement(
        sample,
        subset,
        item.document.doc_id,
        c.quote_span.start,
        c.quote_span.end,
        c.quote if subset in FREE else short_quote(c.quote),
        hashlib.sha1(c.quote.encode()).hexdigest()[:12],
        c.method.removeprefix("rule:"),
        c.place,
        item.claimant,
        c.stance,
        c.issue_id,
    )


def draw(args: argparse.Namespace) -> None:
    mappings = Path(args.mappings)
    drawn: dict[tuple[str, int, int, str, str, str], Judgement] = {}

    def add(j: Judgement) -> None:
        old = drawn.get(j.key)
        drawn[j.key] = j if old is None else replace(old, sample=f"{old.sample}+{j.sample}")

    for folder in args.census:
        for item in candidates(Path(folder), mappings, reviewed=False):
            add(_row(Path(folder).name, item, "census"))
    by_rule: dict[str, list[tuple[str, str, Item]]] = defaultdict(list)
    for folder in args.per_rule:
        subset = Path(folder).name
        for item in candidates(Path(folder), mappings, reviewed=False):
            if item.document.doc_id in args.records:
                add(_row(subset, item, "record"))
            by_rule[item.claim.method].append((_rank(item), subset, item))
    for _, items in sorted(by_rule.items()):
        for _, subset, item in sorted(items, key=lambda t: t[0])[: QUOTA_BIG if len(items) >= BIG else QUOTA]:
            add(_row(subset, item, "rule"))
    judged = {j.key: j for j in read_judgements(Path(args.judgements))}
    rows = sorted(
        (j if j.key not in judged else j.with_verdict(judged[j.key]) for j in drawn.values()),
        key=lambda j: (j.subset, j.document, j.start, j.issue),
    )
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(j.as_row() for j in rows)
    print(f"{len(rows)} drawn, {sum(1 for j in rows if not j.verdict)} to judge -> {args.out}")


def confidence(args: argparse.Namespace) -> None:
    judgements = read_judgements(Path(args.judgements))
    rules = {rule: t.confidence for rule, t in tally_rules(judgements).items()}
    places = {place: t.confidence for place, t in tally_places(judgements).items()}
    text = RULES.read_text(encoding="utf-8")
    measured = rewrite_confidences(text, rules, places)
    if args.check:
        if measured != text:
            sys.exit(f"{RULES}: confidences differ from {args.judgements}; run without --check")
        print(f"{RULES}: confidences are the measured ones")
        return
    RULES.write_text(measured, encoding="utf-8")
    print(f"{RULES}: {len(rules)} rules and {len(places)} places set from {len(judgements)} judgements")


def report(args: argparse.Namespace) -> None:
    judgements = read_judgements(Path(args.judgements))
    for title, keep in (
        ("all", lambda j: True),
        ("shipped corpus", lambda j: j.subset == "corpus"),
        ("dev set", lambda j: j.subset != "corpus"),
        ("dev set, rule sample", lambda j: "rule" in j.sample),
        ("dev set, 10 annotated records", lambda j: "record" in j.sample),
    ):
        chosen = [j for j in judgements if keep(j)]
        right = sum(j.verdict == "right" for j in chosen)
        one = sum(j.verdict == "one-field" for j in chosen)
        print(
            f"{title}: {len(chosen)} judged, {right} right ({right / len(chosen):.1%}), {one} one field wrong"
        )
    head = f"{'judged':>6} {'right':>5} {'1 field':>7} {'wrong':>5} {'strict':>6} {'rule ok':>7}"
    print(f"\n{'rule':20} {head} conf")
    for rule, t in tally_rules(judgements).items():
        line = f"{t.judged:6} {t.right:5} {t.one_field:7} {t.wrong:5} {t.precision:6.2f} {t.counted_right:7}"
        print(f"{rule:20} {line} {t.confidence}")
    places = tally_places(judgements)
    print(f"\n{'place':18} {'positions':>9} {'issue ok':>8} conf")
    for place, t in places.items():
        print(f"{place:18} {t.counted:9} {t.counted_right:8} {t.confidence}")
    rules = tally_rules(judgements)
    print("\nstrict precision of the claims at or above a confidence (rule's times place's):")
    for title, shipped in (("shipped corpus", True), ("dev set", False)):
        chosen = [j for j in judgements if (j.subset == "corpus") == shipped]
        for least in THRESHOLDS:
            kept = [
                j for j in chosen if round(rules[j.rule].confidence * places[j.place].confidence, 2) >= least
            ]
            right = sum(j.verdict == "right" for j in kept)
            share = f"{right / len(kept):.1%}" if kept else "-"
            print(f"  {title}, >= {least}: {len(kept)} claims, {right} right ({share})")


def recall(args: argparse.Namespace) -> None:
    subsets = {Path(folder).name for folder in args.corpora}
    positions = [p for p in read_positions(Path(args.positions)) if p.subset in subsets]
    judged = {
        (j.document, j.start, j.end, j.stance, j.issue): j.verdict
        for j in read_judgements(Path(args.judgements))
    }
    wanted = {p.document for p in positions}
    claims: dict[str, list[Item]] = defaultdict(list)
    for folder in args.corpora:
        for item in candidates(Path(folder), Path(args.mappings), reviewed=False):
            if item.document.doc_id in wanted:
                claims[item.document.doc_id].append(item)
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for p in positions:
        hits = [
            i
            for i in claims[p.document]
            if i.claim.quote_span.start < p.end
            and p.start < i.claim.quote_span.end
            and same_person(p.claimant, (i.claimant, i.claim.claimant_written))
        ]
        right = [
            i
            for i in hits
            if (i.claim.stance, i.claim.issue_id) == (p.stance, p.issue) or judged.get(_key(i)) == "right"
        ]
        counts = per[p.document]
        counts[0], counts[1], counts[2] = counts[0] + 1, counts[1] + bool(hits), counts[2] + bool(right)
        if args.verbose and not hits:
            print(f"  missed {p.document} {p.start}-{p.end} {p.claimant}: {p.quote[:80]!r}")
    for document, (n, found, right_) in sorted(per.items()):
        print(f"{document}: {n} positions, {found} found as candidates of that person, {right_} right")
    n, found, right_ = (sum(v[k] for v in per.values()) for k in range(3))
    if n:
        print(f"total: {n} positions, {found} found ({found / n:.1%}), {right_} right ({right_ / n:.1%})")


def _key(item: Item) -> tuple[str, int, int, str, str]:
    c = item.claim
    return (item.document.doc_id, c.quote_span.start, c.quote_span.end, c.stance, c.issue_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mappings", default=str(ROOT / "mappings"))
    parser.add_argument("--judgements", default=str(JUDGEMENTS))
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw", help="draw the sample of candidates to judge")
    d.add_argument("--census", nargs="*", default=[], help="corpus folders whose every candidate is drawn")
    d.add_argument("--per-rule", nargs="*", default=[], help="corpus folders sampled rule by rule")
    d.add_argument("--records", nargs="*", default=[], help="documents whose every candidate is drawn")
    d.add_argument("--out", required=True)
    c = sub.add_parser("confidence", help="set the confidences of claim-rules.yaml from the judgements")
    c.add_argument("--check", action="store_true", help="only check that they are the measured ones")
    sub.add_parser("report", help="precision per rule and place")
    r = sub.add_parser("recall", help="annotated positions found among the candidates")
    r.add_argument("corpora", nargs="+")
    r.add_argument("--positions", default=str(POSITIONS))
    r.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    {"draw": draw, "confidence": confidence, "report": report, "recall": recall}[args.command](args)


if __name__ == "__main__":
    main()
