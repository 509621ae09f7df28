"""Run compiled checks against a pyoxigraph store: the targets in one query, then all checks in one."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from parley.shacl.compile import FOCUS, Check, Compiled

Term = ox.NamedNode | ox.BlankNode | ox.Literal
_FOCUS = ox.NamedNode(FOCUS)


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
        self.shapes = [ox.NamedNode(f"{FOCUS}/{n}") for n in range(len(compiled.targets))]
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in compiled.prefixes)
        self.targets = _union("?shape", compiled.targets, "SELECT ?shape ?this")
        patterns = [c.pattern for c in self.checks]
        self.queries = [
            prologue + _union("?check", patterns[n : n + CHUNK], "SELECT ?check ?this ?value", start=n)
            for n in range(0, len(patterns), CHUNK)
        ]

    def run(self, store: ox.Store) -> list[Violation]:
        """Every violation in the default graph of `store`, to which the focus nodes are added first."""
        focus = store.query(self.targets)
        assert isinstance(focus, ox.QuerySolutions)
        store.extend([ox.Quad(row[1], _FOCUS, self.shapes[int(row[0].value)]) for row in focus])
        found: list[Violation] = []
        for query in self.queries:
            solutions = store.query(query)
            assert isinstance(solutions, ox.QuerySolutions)
            found += [Violation(self.checks[int(row[0].value)], row[1], row[2]) for row in solutions]
        return found


def _union(index: str, patterns: list[str] | tuple[str, ...], select: str, start: int = 0) -> str:
    branches = " UNION\n".join(
        f"{{ {pattern} BIND ({n} AS {index}) }}" for n, pattern in enumerate(patterns, start=start)
    )
    return f"{select} WHERE {{\n{branches}\n}}"
