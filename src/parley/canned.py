"""The canned queries of `queries/`: their catalogue, parameter binding, and running them (named
`canned`, not `query`, so that `parley.query` can be the function notebooks call).

Every query reads the default graph as the union of the named graphs: the embedded store is
queried with `use_default_graph_as_union=True`, remote endpoints get Oxigraph's
`union-default-graph` option (see `parley.remote.Connection.query`); an endpoint whose default graph
is empty while its named graphs hold data is reported, and so is an answer the server cut short.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from parley.config import DEFAULT_BASE
from parley.errors import EndpointError, InputError
from parley.lookup import Lookup
from parley.remote import NO_AUTH, TIMEOUT, Auth, Connection
from parley.store import DEFAULT_CACHE, open_store
from parley.suggest import did_you_mean
from parley.textindex import TextIndex, beside

INDEX = re.compile(r"\?(?P<subject>\w+) whose parley:text contains \?(?P<text>\w+)")
PARAM = re.compile(
    r"(?P<name>[\w-]+)(?:=\?(?P<var>\w+))? \((?P<need>required|optional), (?P<kind>entity|text)\) (?P<doc>.*)"
)
Term = ox.NamedNode | ox.Literal | ox.BlankNode


@dataclass(frozen=True)
class Param:
    """A parameter of a canned query, bound to the query variable `variable`."""

    name: str
    variable: str
    required: bool
    entity: bool
    description: str


@dataclass(frozen=True)
class CannedQuery:
    """One `.rq` file and the facts of its header comment."""

    name: str
    title: str
    question: str
    columns: tuple[str, ...]
    params: tuple[Param, ...]
    network: bool
    text: str
    index: tuple[str, str] | None = None  # (subject, text) variables the full-text index narrows


@dataclass(frozen=True)
class Table:
    """The answer of a SELECT query: column names, rows of terms (None where unbound), and warnings
    about the answer (cut short by the server, or read from an empty default graph)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    warnings: tuple[str, ...] = ()


def read_query(path: Path) -> CannedQuery:
    """Parse the header comment (`# key: value` lines) of the `.rq` file at `path`."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, list[str]] = {}
    for line in text.splitlines():
        if match := re.match(r"# (\w+): (.*)", line):
            header.setdefault(match[1], []).append(match[2].strip())
    params = []
    for line in header.get("param", []):
        if not (m := PARAM.fullmatch(line)):
            raise InputError(
                f"{path}: bad param line {line!r}; expected 'NAME[=?VAR] (required|optional, entity|text) …'"
            )
        params.append(
            Param(m["name"], m["var"] or m["name"], m["need"] == "required", m["kind"] == "entity", m["doc"])
        )
    index = None
    for line in header.get("index", []):
        if not (m := INDEX.fullmatch(line)):
            raise InputError(
                f"{path}: bad index line {line!r}; expected '?VAR whose parley:text contains ?VAR'"
            )
        index = (m["subject"], m["text"])
    try:
        return CannedQuery(
            name=path.stem,
            title=header["title"][0],
            question=header["question"][0],
            columns=tuple(c.strip() for c in header["columns"][0].split(",")),
            params=tuple(params),
            network=header["network"][0].startswith("yes"),
            text=text,
            index=index,
        )
    except KeyError as err:
        raise InputError(f"{path}: the header comment lacks '# {err.args[0]}:'") from err


Folders = Path | Sequence[Path]


def _folders(folders: Folders) -> tuple[Path, ...]:
    return (folders,) if isinstance(folders, Path) else tuple(folders)


def catalogue(folders: Folders = Path("queries")) -> list[CannedQuery]:
    """Every canned query in `folders` (a query of an earlier folder hides one of the same name in a
    later one), sorted by name."""
    paths: dict[str, Path] = {}
    for folder in reversed(_folders(folders)):
        paths |= {path.stem: path for path in folder.glob("*.rq")}
    return [read_query(paths[name]) for name in sorted(paths)]


def canned(name: str, folders: Folders = Path("queries")) -> CannedQuery:
    """The canned query called `name`, from the first of `folders` that has it."""
    for folder in _folders(folders):
        if (folder / f"{name}.rq").is_file():
            return read_query(folder / f"{name}.rq")
    known = [q.name for q in catalogue(folders)]
    where = " or ".join(f"{folder}/" for folder in _folders(folders))
    listed = ", ".join(known) or "none"
    raise InputError(f"no query {name!r} in {where}{did_you_mean(name, known)} (known queries: {listed})")


class Runner:
    """Runs SPARQL SELECT text with bound variables on the embedded store (with its full-text index,
    if given) or a remote endpoint."""

    def __init__(
        self,
        *,
        store: ox.Store | None = None,
        endpoint: str | None = None,
        auth: Auth = NO_AUTH,
        retries: int = 3,
        timeout: int = TIMEOUT,
        connection: Connection | None = None,
        base: str = DEFAULT_BASE,
        texts: TextIndex | None = None,
    ):
        self.store, self.endpoint, self.base, self.texts = store, endpoint, base, texts
        self.connection, self._owned = connection, None
        if connection is None and endpoint is not None:
            self.connection = self._owned = Connection(auth=auth, retries=retries, timeout=timeout)

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Table:
        """Run `sparql` with `bindings` bound as values, never pasted as text."""
        sparql = with_values(sparql, bindings or {})
        if self.store is not None:
            return _table(self.store.query(sparql, use_default_graph_as_union=True))
        if self.endpoint is None or self.connection is None:
            raise InputError("give a store or an endpoint")
        answer = self.connection.query(self.endpoint, sparql)
        table = self._parsed(answer.body)
        if not isinstance(table, Table):
            raise InputError("canned queries must be SELECT queries")
        warnings = []
        if answer.cut_at is not None:
            warnings.append(
                f"{self.endpoint} cut the answer at {answer.cut_at} rows (X-SPARQL-MaxRows): rows are "
                "missing; raise the server's limit (Virtuoso: ResultSetMaxRows in [SPARQL] of virtuoso.ini)"
            )
        if not table.rows and self._default_graph_empty():
            warnings.append(
                f"{self.endpoint}: the default graph is empty while named graphs hold data: the canned "
                "queries read the default graph as the union of the named graphs; enable the union "
                "default graph (see README, 'Loading into a triplestore')"
            )
        return Table(table.columns, table.rows, tuple(warnings))

    def _default_graph_empty(self) -> bool:
        """Whether the endpoint's default graph holds nothing while some named graph holds data."""
        assert self.endpoint is not None and self.connection is not None
        found = [
            self._parsed(self.connection.query(self.endpoint, ask).body) is True
            for ask in ("ASK { ?s ?p ?o }", "ASK { GRAPH ?g { ?s ?p ?o } }")
        ]
        return found == [False, True]

    def _parsed(self, body: bytes) -> Table | bool:
        """The endpoint's SPARQL 1.1 Query Results JSON as a table (or the answer to an ASK), or
        EndpointError if it is not that (terms are read as the rows are, so all of them here)."""
        try:
            answer = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            return bool(answer) if isinstance(answer, ox.QueryBoolean) else _table(answer)
        except (SyntaxError, ValueError) as err:
            raise EndpointError(
                f"{self.endpoint}: the answer is not valid SPARQL results JSON: {err}"
            ) from err

    def rows(
        self, sparql: str, variables: Sequence[str], rows: Sequence[Sequence[Term]]
    ) -> tuple[tuple[Term | None, ...], ...]:
        """The rows of `sparql` with `variables` bound to each of `rows` in turn."""
        return self.select(with_rows(sparql, variables, rows)).rows

    def close(self) -> None:
        """Close the connection this runner opened (not one it was given)."""
        if self._owned is not None:
            self._owned.close()


def _table(answer: object) -> Table:
    if not isinstance(answer, ox.QuerySolutions):
        raise InputError("canned queries must be SELECT queries")
    columns = tuple(v.value for v in answer.variables)
    return Table(columns, tuple(tuple(row[c] for c in columns) for row in answer))


def with_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """Bind variables by a VALUES block at the start of the last WHERE group: the innermost subquery's,
    where a canned query dedupes its rows (its outer query only orders them), so a parameter narrows
    the work instead of filtering a finished answer.

    Used for both the embedded store and endpoints, so both run the same text: pyoxigraph's
    `substitutions=` only binds variables of the SELECT projection, and parameters like `search`'s
    ?query are not.

    Safe: each value is an RDF term serialized by pyoxigraph in N-Triples syntax, which SPARQL reads
    as exactly one term: IRIs are validated on construction (no `>`, spaces, quotes or braces) and
    literals have their quotes, backslashes and line breaks escaped, so no value can end the term
    and add syntax.
    """
    return with_rows(sparql, tuple(bindings), [tuple(bindings.values())]) if bindings else sparql


def with_rows(sparql: str, variables: Sequence[str], rows: Sequence[Sequence[Term]]) -> str:
    """Bind `variables` to each row of terms in turn, by a VALUES block placed as `with_values` says."""
    groups = list(re.finditer(r"\bWHERE\s*\{", sparql, flags=re.IGNORECASE))
    if not groups:
        raise InputError("a canned query needs a WHERE { ... } clause")
    match = groups[-1]
    names = " ".join(f"?{name}" for name in variables)
    values = " ".join("(" + " ".join(str(term) for term in row) + ")" for row in rows)
    block = f"\n  VALUES ({names}) {{ {values} }}\n"
    return sparql[: match.end()] + block + sparql[match.end() :]


def bind(q: CannedQuery, params: Mapping[str, str], runner: Runner) -> dict[str, Term]:
    """Check `params` against the query's header and turn them into terms: an entity looked up in the
    runner's graph by IRI, short name, QID or name (`parley.lookup`), a text as a literal."""
    known = {p.name: p for p in q.params}
    if unknown := sorted(set(params) - set(known)):
        allowed = ", ".join(known) or "none"
        raise InputError(f"query {q.name!r} has no parameter {unknown[0]!r}; parameters: {allowed}")
    bindings: dict[str, Term] = {}
    lookup = Lookup(runner.rows, runner.base)
    for p in q.params:
        if p.name not in params:
            if p.required:
                raise InputError(f"query {q.name!r} needs --param {p.name}=VALUE ({p.description})")
            continue
        value = params[p.name]
        bindings[p.variable] = lookup.entity(p.name, value) if p.entity else ox.Literal(value)
    return bindings


def answer(q: CannedQuery, bindings: Mapping[str, Term], runner: Runner) -> Table:
    """The answer of `q` with `bindings` on `runner`. On a store with a full-text index, a query whose
    header says which variable the index narrows (`# index: ?utterance whose parley:text contains
    ?query`) runs its own text on the subjects the index finds, bound in a VALUES row each with the
    other values: the rows, their order and columns of the full scan, which runs when the index
    cannot tell (a string under three characters)."""
    subjects = _indexed(q, bindings, runner)
    if q.index is None or subjects is None:
        return runner.select(q.text, bindings)
    variables = (q.index[0], *bindings)
    rows = [(ox.NamedNode(subject), *bindings.values()) for subject in subjects]
    return runner.select(with_rows(q.text, variables, rows))


def _indexed(q: CannedQuery, bindings: Mapping[str, Term], runner: Runner) -> list[str] | None:
    """The subjects the full-text index finds for `q`, or None if it is not asked or cannot tell."""
    if q.index is None or runner.texts is None or runner.store is None:
        return None
    subject, text = q.index
    value = bindings.get(text)
    if subject in bindings or not isinstance(value, ox.Literal):
        return None
    return runner.texts.containing(value.value)


def query(
    name: str,
    *,
    params: Mapping[str, str] | None = None,
    graph: Path = Path("graph"),
    endpoint: str | None = None,
    auth: Auth = NO_AUTH,
    queries: Folders = Path("queries"),
    cache: Path = DEFAULT_CACHE,
    store: ox.Store | None = None,
    texts: TextIndex | None = None,
    base: str = DEFAULT_BASE,
) -> Table:
    """Run the canned query `name` on `endpoint`, on `store` (with its full-text index `texts`, if
    given), or on the embedded store of `graph` and its index, whose resources are published under
    `base` (for short names such as person:joseph-stalin)."""
    q = canned(name, queries)
    if endpoint is None and store is None:
        store, texts = open_store(graph, cache=cache), TextIndex(beside(cache))
    runner = Runner(store=store, endpoint=endpoint, auth=auth, base=base, texts=texts)
    try:
        return answer(q, bind(q, params or {}, runner), runner)
    finally:
        runner.close()


def query_text(
    name: str,
    *,
    params: Mapping[str, str] | None = None,
    graph: Path = Path("graph"),
    endpoint: str | None = None,
    auth: Auth = NO_AUTH,
    queries: Folders = Path("queries"),
    cache: Path = DEFAULT_CACHE,
    store: ox.Store | None = None,
    base: str = DEFAULT_BASE,
) -> str:
    """The text of the canned query `name` with its parameters bound, for a store's own tools (Jena's
    `tdb2.tdbquery`, Virtuoso's `isql`). Entities are looked up on `endpoint`, on `store`, or else on
    the embedded store of `graph`."""
    q = canned(name, queries)
    if endpoint is None and store is None and any(p.entity for p in q.params):
        store = open_store(graph, cache=cache)
    runner = Runner(store=store, endpoint=endpoint, auth=auth, base=base)
    try:
        return with_values(q.text, bind(q, params or {}, runner))
    finally:
        runner.close()
