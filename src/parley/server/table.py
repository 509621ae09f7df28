"""An answer as the HTML results of the query form, made in the query worker so that its time and
memory count against the query's limits: the first HTML_ROWS rows as table cells, and the count."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from parley.results import short
from parley.server.pages import Cell, HtmlTable, render

HTML_ROWS = 2000
LINKED_SCHEMES = ("http", "https")  # an IRI of another scheme (javascript:, data:, file:) is text only


def html_results(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, *, base: str, root: str
) -> str:
    """The results part of the form for `result`: a table, or the boolean answer."""
    if isinstance(result, ox.QueryBoolean):
        return render("results", table=None, boolean=str(bool(result)).lower())
    columns: tuple[str, ...]
    terms: Callable[[Any], Sequence[object]]
    if isinstance(result, ox.QueryTriples):
        columns = ("subject", "predicate", "object")
        terms = operator.attrgetter("subject", "predicate", "object")
    else:
        columns = tuple(v.value for v in result.variables)
        terms = operator.itemgetter(*columns) if len(columns) > 1 else lambda row: [row[c] for c in columns]
    answers = iter(result)
    rows = [
        tuple(cell(term, base, root) for term in terms(row)) for row in itertools.islice(answers, HTML_ROWS)
    ]
    count = len(rows) + sum(1 for _ in answers)  # the rest only counted
    return render("results", table=HtmlTable(columns, rows, count), boolean=None)


def cell(term: object, base: str, root: str) -> Cell | None:
    """One term as a cell: IRIs under `base` link to their page on this server, other http(s) IRIs
    to themselves, and any other IRI is shown, not linked."""
    if isinstance(term, ox.NamedNode):
        if term.value.startswith(base) and term.value != base:
            return Cell(short(term), href=root + quote(term.value[len(base) :]), title=term.value)
        if urlsplit(term.value).scheme.lower() in LINKED_SCHEMES:
            return Cell(short(term), href=term.value, title=term.value)
        return Cell(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Cell(term.value, note=f"@{term.language}", note_class="lang")
        datatype = term.datatype.value
        plain = datatype.endswith(("#string", "#integer", "#decimal"))
        return Cell(term.value, note="" if plain else short(term.datatype), note_class="dt")
    if isinstance(term, ox.BlankNode):
        return Cell(f"_:{term.value}")
    return None if term is None else Cell(str(term))
