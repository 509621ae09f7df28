"""The reviewer's decisions: mappings/claim-reviews.yaml, rewritten whole after every decision, and
the same as CSV for review in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from parley.claims.load import REVIEW_KEYS, REVIEWS
from parley.claims.model import DECISIONS, PROPOSED, STANCES
from parley.errors import InputError
from parley.review.queue import Item
from parley.yamlfile import read_yaml_list

HEADER = """\
# Review decisions on candidate claims, written by `parley review` (or by hand, or imported from a
# spreadsheet with `parley review --import`). Each names the candidate by its document, the
# utterance's position, its quote and the stance and issue the rule proposed; `decision` is
# accepted (a reviewed claim as proposed), corrected (a reviewed claim with `stance` and `issue`),
# rejected (left out of every build) or skipped (stays a candidate). reviewer and date say who
# decided and when. Keys: doc, utterance, quote, rule, proposed_stance, proposed_issue, decision,
# stance, issue, reviewer, date, note.

"""
CSV_COLUMNS = (
    "doc",
    "utterance",
    "claimant",
    "quote",
    "rule",
    "confidence",
    "proposed_stance",
    "proposed_issue",
    "decision",
    "stance",
    "issue",
    "reviewer",
    "date",
    "note",
)
FORMULA = ("=", "+", "-", "@")  # a cell starting so is a formula to a spreadsheet: written with a leading '


def _key(entry: dict[str, Any]) -> tuple[str, str, str, str]:
    return (
        str(entry["doc"]),
        str(entry["quote"]),
        str(entry["proposed_stance"]),
        str(entry["proposed_issue"]),
    )


class Decisions:
    """The decisions file of a mappings folder, one entry per candidate."""

    def __init__(self, mappings: Path) -> None:
        self.path = mappings / REVIEWS
        entries = read_yaml_list(self.path)
        self.entries: dict[tuple[str, str, str, str], dict[str, Any]] = {}
        for position, raw in enumerate(entries, 1):
            if not isinstance(raw, dict) or any(k not in raw for k in ("doc", "quote", "proposed_stance")):
                raise InputError(f"{self.path}, entry {position}: not a review decision")
            self.entries[_key(raw)] = raw

    def decision(self, item: Item) -> str:
        entry = self.entries.get(item.key)
        return str(entry["decision"]) if entry else ""

    def decide(
        self, item: Item, decision: str, reviewer: str, *, stance: str = "", issue: str = "", note: str = ""
    ) -> None:
        """Record the decision on `item` and write the file at once."""
        claim = item.claim
        stance, issue = stance or claim.stance, issue or claim.issue_id
        if decision == "accepted" and (stance, issue) != (claim.stance, claim.issue_id):
            decision = "corrected"
        entry: dict[str, Any] = {
            "doc": item.document.doc_id,
            "utterance": claim.utterance_position,
            "quote": claim.quote,
            "rule": claim.method.removeprefix("rule:"),
            "proposed_stance": claim.stance,
            "proposed_issue": claim.issue_id,
            "decision": decision,
        }
        if decision in ("accepted", "corrected"):
            entry |= {"stance": stance, "issue": issue}
        entry |= {"reviewer": reviewer, "date": dt.date.today().isoformat()}
        if note:
            entry["note"] = note
        self.entries[item.key] = entry
        self.save()

    def save(self) -> None:
        """Write the file beside itself and rename it into place: an interrupted write loses nothing."""
        body = yaml.safe_dump(
            list(self.entries.values()),
            sort_keys=False,
            allow_unicode=True,
            width=10_000,
            default_flow_style=False,
        )
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(HEADER + body.replace("\n- ", "\n\n- "), encoding="utf-8")
        os.replace(temporary, self.path)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA) else text


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA and text[1:2] else text


def export_csv(items: Iterable[Item], decisions: Decisions, path: Path) -> int:
    """Write the candidates (with any decision already made) to `path` as CSV; how many."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for item in items:
            entry = decisions.entries.get(item.key, {})
            c = item.claim
            row = [
                item.document.doc_id,
                c.utterance_position,
                item.claimant,
                c.quote,
                c.method.removeprefix("rule:"),
                c.confidence,
                c.stance,
                c.issue_id,
                *(entry.get(k, "") for k in ("decision", "stance", "issue", "reviewer", "date", "note")),
            ]
            writer.writerow([_cell(v) for v in row])
            count += 1
    return count


def import_csv(path: Path, decisions: Decisions, issues: Iterable[str], reviewer: str) -> int:
    """Take the decided rows of the CSV at `path` into the decisions file; how many. A bad row is an
    InputError naming the file, the line and what is wrong, and nothing is written."""
    known = set(issues)
    taken: list[dict[str, Any]] = []
    with path.open(encoding="utf-8-sig", newline="") as source:
        reader = csv.DictReader(source)
        missing = [
            c
            for c in ("doc", "utterance", "quote", "proposed_stance", "proposed_issue", "decision")
            if c not in (reader.fieldnames or [])
        ]
        if missing:
            raise InputError(f"{path}: the header lacks the column(s) {', '.join(missing)}")
        for row in reader:
            line = reader.line_num
            cells = {
                k: _uncell(v or "").strip() if k != "quote" else _uncell(v or "") for k, v in row.items() if k
            }
            if not cells.get("decision"):
                continue
            taken.append(_entry(path, line, cells, known, reviewer))
    for entry in taken:
        decisions.entries[_key(entry)] = entry
    decisions.save()
    return len(taken)


def _entry(path: Path, line: int, cells: dict[str, str], known: set[str], reviewer: str) -> dict[str, Any]:
    where = f"{path}, line {line}"
    decision = cells["decision"].lower()
    if decision not in DECISIONS:
        raise InputError(
            f"{where}: decision must be one of: {', '.join(DECISIONS)}; not {cells['decision']!r}"
        )
    if not cells["utterance"].isdigit():
        raise InputError(f"{where}: utterance must be a whole number, not {cells['utterance']!r}")
    entry: dict[str, Any] = {
        k: cells[k] for k in ("doc", "quote", "rule", "proposed_stance", "proposed_issue")
    }
    entry |= {"utterance": int(cells["utterance"]), "decision": decision}
    if decision in ("accepted", "corrected"):
        stance = cells.get("stance") or cells["proposed_stance"]
        issue = (cells.get("issue") or cells["proposed_issue"]).removeprefix("issue:")
        if stance not in STANCES:
            raise InputError(f"{where}: stance must be one of: {', '.join(STANCES)}; not {stance!r}")
        if issue not in known and not issue.startswith(PROPOSED):
            raise InputError(f"{where}: issue {issue!r} is neither in issues.yaml nor a proposed issue")
        if (stance, issue) != (cells["proposed_stance"], cells["proposed_issue"]):
            entry["decision"] = "corrected"
        entry |= {"stance": stance, "issue": issue}
    entry["reviewer"] = cells.get("reviewer") or reviewer
    entry["date"] = cells.get("date") or dt.date.today().isoformat()
    if cells.get("note"):
        entry["note"] = cells["note"]
    return {k: entry[k] for k in REVIEW_KEYS if k in entry}
