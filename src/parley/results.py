"""Writing a query's answer as SPARQL 1.1 Query Results JSON, CSV, or a text table."""

from __future__ import annotations

import csv
import io
import json
import textwrap

import pyoxigraph as ox

from parley.canned import Table, Term
from parley.config import DEFAULT_BASE
from parley.lookup import SHORT_PREFIXES
from parley.vocab import PREFIXES, RECORD_TYPE, ROLE, STANCE

SHORT = {
    **PREFIXES,
    "stance": STANCE,
    "role": ROLE,
    "rtype": RECORD_TYPE,
}


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def to_json(table: Table) -> str:
    """The standard SPARQL 1.1 Query Results JSON document."""
    bindings = [
        {c: _json_term(t) for c, t in zip(table.columns, row, strict=True) if t is not None}
        for row in table.rows
    ]
    return json.dumps({"head": {"vars": list(table.columns)}, "results": {"bindings": bindings}}, indent=2)


def to_csv(table: Table) -> str:
    """SPARQL 1.1 CSV: a header row, then the plain value of each term (empty where unbound)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([t.value if t is not None else "" for t in row] for row in table.rows)
    return out.getvalue()


def short(term: Term | None, base: str = DEFAULT_BASE) -> str:
    """A compact form for reading: prefixed names for known IRIs (our resources under `base`), plain
    values for literals."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        prefixes = {**SHORT, **{p: f"{base}{p}/" for p in SHORT_PREFIXES}}
        for prefix, namespace in prefixes.items():
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return f"<{term.value}>"
    return term.value


def to_text(table: Table, *, width: int = 60, base: str = DEFAULT_BASE) -> str:
    """An aligned text table of short forms; a cell longer than `width` characters is wrapped onto
    further lines of its row (a single word longer than that is left whole), never cut."""
    rows = [[" ".join(short(t, base).split()) for t in row] for row in table.rows]
    widths = [max([len(c)] + [min(len(row[i]), width) for row in rows]) for i, c in enumerate(table.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(table.columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        wrapped = [
            textwrap.wrap(c, w, break_long_words=False, break_on_hyphens=False) or [""]
            for c, w in zip(row, widths, strict=True)
        ]
        for i in range(max(len(parts) for parts in wrapped)):
            cells = [parts[i] if i < len(parts) else "" for parts in wrapped]
            lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    return "\n".join(lines) + f"\n({len(rows)} rows)"
