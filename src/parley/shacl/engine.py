"""Run compiled checks against a pyoxigraph store: the targets in one query, then all checks in one."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from parley.shacl.checks import FOCUS, Check, Compiled
from parley.shacl.report import SH

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass(frozen=True)
class Violation:
    """One failed check: the focus node and, when the constraint gives one, the value."""

    check: Check
    focus: Term
    value: Term | None


CHUNK = 5  # checks per query: oxigraph's parsing and planning of a query grows faster than its size
ON_VALUES = frozenset(  # the components that find nothing where the path has no value
    SH + name
    for name in (
        "ClassConstraintComponent",
        "DatatypeConstraintComponent",
        "NodeKindConstraintComponent",
        "PatternConstraintComponent",
        "InConstraintComponent",
        "LanguageInConstraintComponent",
        "MinInclusiveConstraintComponent",
        "MaxInclusiveConstraintComponent",
        "OrConstraintComponent",
        "MaxCountConstraintComponent",
        "UniqueLangConstraintComponent",
        "LessThanConstraintComponent",
        "LessThanOrEqualsConstraintComponent",
    )
)
KEPT_PLANS = 512  # sets of checks whose queries are kept


class Engine:
    """The checks of one shapes file, joined into `SELECT ?check ?this ?value` queries (a UNION with one
    branch per check, a few checks per query). The focus nodes of all shapes are found by one query
    first; only the checks that can fail are run: those of shapes with focus nodes, and of these, a
    check on a path's values only when the graph uses the path's predicate (oxigraph's parsing and
    planning of a query, not its evaluation, is most of a small graph's validation)."""

    def __init__(self, compiled: Compiled) -> None:
        self.compiled = compiled
        self.checks = compiled.checks
        self.prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in compiled.prefixes)
        shapes = [f"<{FOCUS}/{n}>" for n in range(len(compiled.targets))]
        self.targets = _union("?shape", compiled.targets, f"INSERT {{ ?this <{FOCUS}> ?shape }}", shapes)
        self._predicates = {
            n: ox.NamedNode(c.path) for n, c in enumerate(self.checks) if c.path and c.component in ON_VALUES
        }
        self._paths = frozenset(self._predicates.values())
        self._plans: dict[frozenset[int], list[str]] = {}

    @property
    def text(self) -> str:
        """The SPARQL of every check and target, with the prefixes they use."""
        return "\n".join([self.prologue, *(c.pattern for c in self.checks), self.targets])

    def run(self, store: ox.Store) -> list[Violation]:
        """Every violation in the default graph of `store`, to which the focus nodes are added first
        (by the store itself: a large graph has millions)."""
        store.update(self.targets)
        shapes = store.query(f"SELECT DISTINCT ?shape WHERE {{ [] <{FOCUS}> ?shape }}")
        assert isinstance(shapes, ox.QuerySolutions)
        targets = {int(row[0].value.rpartition("/")[2]) for row in shapes}
        used = {p for p in self._paths if has_quad(store, predicate=p)}
        checks = frozenset(
            n
            for n, check in enumerate(self.checks)
            if check.target in targets and (n not in self._predicates or self._predicates[n] in used)
        )
        found: list[Violation] = []
        for query in self.queries(checks):
            solutions = store.query(query)
            assert isinstance(solutions, ox.QuerySolutions)
            found += [Violation(self.checks[int(row[0].value)], row[1], row[2]) for row in solutions]
        return found

    def queries(self, checks: frozenset[int]) -> list[str]:
        """The queries of the checks numbered `checks`, CHUNK to a query, in the order of the checks."""
        if (known := self._plans.get(checks)) is not None:
            return known
        numbers = sorted(checks)
        made = [
            self.prologue
            + _union(
                "?check",
                [self.checks[n].pattern for n in chunk],
                "SELECT ?check ?this ?value",
                [str(n) for n in chunk],
            )
            for chunk in (numbers[n : n + CHUNK] for n in range(0, len(numbers), CHUNK))
        ]
        if len(self._plans) >= KEPT_PLANS:
            self._plans.clear()
        self._plans[checks] = made
        return made


def has_quad(
    store: ox.Store, *, subject: object = None, predicate: object = None, value: object = None
) -> bool:
    """Whether `store` has a quad with this subject, predicate or object (`value`), those given."""
    return next(store.quads_for_pattern(subject, predicate, value), None) is not None  # type: ignore[arg-type]


def _union(
    index: str,
    patterns: list[str] | tuple[str, ...],
    head: str,
    labels: list[str],
) -> str:
    """`head WHERE { {pattern BIND (label AS index)} UNION ... }`."""
    branches = " UNION\n".join(
        f"{{ {pattern} BIND ({label} AS {index}) }}" for pattern, label in zip(patterns, labels, strict=True)
    )
    return f"{head} WHERE {{\n{branches}\n}}"
