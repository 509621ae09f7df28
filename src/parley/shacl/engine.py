"""Run compiled checks against a pyoxigraph store: the targets in one query, then all checks in one."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from parley.shacl.compile import FOCUS, Check, Compiled

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass(frozen=True)
class Violation:
    """One failed check: the focus node and, when the constraint gives one, the value."""

    check: Check
    focus: Term
    value: Term | None


CHUNK = 5  # checks per query: oxigraph's parsing and planning of a query grows faster than its size


class Engine:
    """The checks of one shapes file, joined into `SELECT ?check ?this ?value` queries (a UNION with one
    branch per check, a few checks per query); the focus nodes of all shapes are found by one query first."""

    def __init__(self, compiled: Compiled) -> None:
        self.checks = compiled.checks
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in compiled.prefixes)
        shapes = [f"<{FOCUS}/{n}>" for n in range(len(compiled.targets))]
        self.targets = _union("?shape", compiled.targets, f"INSERT {{ ?this <{FOCUS}> ?shape }}", shapes)
        patterns = [c.pattern for c in self.checks]
        self.queries = [
            prologue + _union("?check", patterns[n : n + CHUNK], "SELECT ?check ?this ?value", start=n)
            for n in range(0, len(patterns), CHUNK)
        ]

    def run(self, store: ox.Store) -> list[Violation]:
        """Every violation in the default graph of `store`, to which the focus nodes are added first
        (by the store itself: a large graph has millions)."""
        store.update(self.targets)
        found: list[Violation] = []
        for query in self.queries:
            solutions = store.query(query)
            assert isinstance(solutions, ox.QuerySolutions)
            found += [Violation(self.checks[int(row[0].value)], row[1], row[2]) for row in solutions]
        return found


def _union(
    index: str,
    patterns: list[str] | tuple[str, ...],
    head: str,
    labels: list[str] | None = None,
    start: int = 0,
) -> str:
    """`head WHERE { {pattern BIND (label AS index)} UNION ... }`; the labels are numbers by default."""
    names = labels or [str(n) for n in range(start, start + len(patterns))]
    branches = " UNION\n".join(
        f"{{ {pattern} BIND ({label} AS {index}) }}" for pattern, label in zip(patterns, names, strict=True)
    )
    return f"{head} WHERE {{\n{branches}\n}}"
