"""The canned queries for notebooks: `parley.query("claims", issue="Outer Mongolia")` returns rows,
and `.to_dataframe()` turns them into a pandas DataFrame (pandas: `pip install 'parley[pandas]'`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

XSD = "http://www.w3.org/2001/XMLSchema#"
Value = str | int | float | Decimal | bool | dt.date | dt.datetime | None


def _value(term: Any) -> Value:
    """An IRI as its text, a literal as the Python value of its datatype, None where unbound."""
    if term is None:
        return None
    datatype = getattr(getattr(term, "datatype", None), "value", "")
    text: str = term.value
    try:
        if datatype in (XSD + "integer", XSD + "int", XSD + "long"):
            return int(text)
        if datatype == XSD + "decimal":
            return Decimal(text)
        if datatype in (XSD + "double", XSD + "float"):
            return float(text)
        if datatype == XSD + "boolean":
            return text in ("true", "1")
        if datatype == XSD + "date":
            return dt.date.fromisoformat(text)
        if datatype == XSD + "dateTime":
            return dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return text


@dataclass(frozen=True)
class Rows(Sequence[dict[str, Value]]):
    """The answer of a canned query: `columns`, and one dict per row (column -> value)."""

    columns: tuple[str, ...]
    rows: tuple[dict[str, Value], ...]

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: Any) -> Any:
        return self.rows[index]

    def __iter__(self) -> Iterator[dict[str, Value]]:
        return iter(self.rows)

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame, one column per query column."""
        try:
            import pandas
        except ImportError as err:
            raise ImportError("to_dataframe needs pandas: pip install 'parley[pandas]'") from err
        return pandas.DataFrame(list(self.rows), columns=list(self.columns))


def query(
    name: str,
    /,
    *,
    graph: Path | str | None = None,
    endpoint: str | None = None,
    project: Path | str | None = None,
    **params: str,
) -> Rows:
    """Run the canned query `name` with `params` (entities by name, id, IRI or QID) on the graph of
    the project found from `project` (default: the working folder) upwards, or on `graph` or
    `endpoint`."""
    from parley.canned import query as run
    from parley.project import load_project

    found = load_project(Path(project) if project is not None else None)
    table = run(
        name,
        params=params,
        graph=Path(graph) if graph is not None else found.graph,
        endpoint=endpoint,
        queries=found.queries,
        cache=found.cache / "store",
        base=found.base,
    )
    rows = tuple({c: _value(t) for c, t in zip(table.columns, row, strict=True)} for row in table.rows)
    return Rows(table.columns, rows)
