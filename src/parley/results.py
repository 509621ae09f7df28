"""Writing a query's answer as SPARQL 1.1 Query Results JSON, CSV, or a text table."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

from parley.canned import Table, Term
from parley.vocab import PREFIXES

SHORT = {
    **PREFIXES,
    **{
        p: f"https://w3id.org/parley/{p}/"
        for p in ("meeting", "person", "place", "org", "treaty", "issue", "event", "doc", "stance", "role")
    },
    "rtype": "https://w3id.org/parley/record-type/",
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


def short(term: Term | None) -> str:
    """A compact form for reading: prefixed names for known IRIs, plain values for literals."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in SHORT.items():
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return f"<{term.value}>"
    return term.value


def to_text(table: Table, *, width: int = 60) -> str:
    """An aligned text table of short forms, cells cut to `width` characters."""
    cells = [
        [(v if len(v) <= width else v[: width - 1] + "…") for v in map(short, row)] for row in table.rows
    ]
    cells = [[" ".join(c.split()) for c in row] for row in cells]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(table.columns)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in [list(table.columns), *cells]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + f"\n({len(cells)} rows)"
