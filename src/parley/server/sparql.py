"""The read-only SPARQL endpoint: the query form, the SPARQL 1.1 protocol, answers by Accept.

GET without a query shows the form (with the canned queries of `queries/` as examples); GET or POST
with `query` (a form field, or the body of an `application/sparql-query` POST) runs it in the worker
pool. SELECT and ASK answers come as SPARQL results JSON, XML, CSV, TSV or an HTML table,
CONSTRUCT and DESCRIBE answers as Turtle, N-Triples, JSON-LD, RDF/XML or an HTML table of triples.
`format=` (json, xml, csv, tsv, html, turtle, ntriples, jsonld, rdfxml) overrides the Accept header.
Updates are refused with 400: the endpoint has no update operation and the store is opened read-only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header
from werkzeug.wrappers import Request, Response

from parley.errors import ParleyError
from parley.query import CannedQuery
from parley.results import short
from parley.server.pages import Cell, HtmlTable, render
from parley.server.pool import Answer, Job, QueryError, QueryPool, QueryTimeout

SOLUTION_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
    "text/html": "html",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
    "text/html": "html",
}
FORMAT_PARAM = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "html": "text/html",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
UPDATE = re.compile(
    r"(?:\s|#[^\n]*\n|PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
REFUSED = (
    "this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, "
    "COPY) are refused; send a SELECT, ASK, CONSTRUCT or DESCRIBE query"
)
HTML_ROWS = 2000


@dataclass(frozen=True)
class Negotiated:
    """The media types chosen for a solutions answer and for a graph answer (None: not acceptable)."""

    solutions: str | None
    graph: str | None

    @property
    def html(self) -> bool:
        return "text/html" in (self.solutions, self.graph)


class SparqlEndpoint:
    """The WSGI handler of /sparql."""

    def __init__(
        self, pool: QueryPool, *, base: str, examples: Sequence[CannedQuery] = (), timeout: float
    ) -> None:
        self.pool, self.base, self.timeout = pool, base, timeout
        self.examples = {q.name: q for q in examples}

    def __call__(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD", "POST"):
            return Response("use GET or POST\n", status=405, headers={"Allow": "GET, HEAD, POST"})
        wanted = negotiate(request)
        if request.mimetype == "application/sparql-update" or "update" in request.values:
            return self.error(request, wanted, 400, REFUSED)
        query = request.values.get("query")
        if query is None and request.method == "POST" and request.mimetype == "application/sparql-query":
            query = request.get_data(as_text=True)
        if query is None:
            example = self.examples.get(request.args.get("example", ""))
            return self.form(request, query=example.text if example else "")
        if UPDATE.match(query):
            return self.error(request, wanted, 400, REFUSED, query=query)
        if wanted.solutions is None and wanted.graph is None:
            return self.error(request, wanted, 406, not_acceptable())
        job = Job(
            query,
            solutions_format=SOLUTION_TYPES.get(wanted.solutions or "", "JSON").replace("html", "JSON"),
            graph_format=GRAPH_TYPES.get(wanted.graph or "", "TURTLE").replace("html", "N_TRIPLES"),
        )
        try:
            answer = self.pool.run(job)
        except QueryError as err:
            return self.error(request, wanted, 400, str(err), query=query)
        except QueryTimeout as err:
            return self.error(request, wanted, 503, str(err), query=query)
        except ParleyError as err:
            return self.error(request, wanted, 500, str(err), query=query)
        media = wanted.graph if answer.kind == "graph" else wanted.solutions
        if media is None:
            return self.error(request, wanted, 406, not_acceptable())
        if media == "text/html":
            return self.form(request, query=query, answer=answer)
        return Response(answer.data, content_type=content_type(media), headers=HEADERS)

    def form(
        self,
        request: Request,
        *,
        query: str,
        answer: Answer | None = None,
        error: str = "",
        status: int = 200,
    ) -> Response:
        """The form, with `query` in it and `answer` (or `error`) below it."""
        root = request.script_root + "/"
        table, boolean = None, None
        if answer is not None and answer.kind == "boolean":
            result = ox.parse_query_results(answer.data, format=ox.QueryResultsFormat.JSON)
            boolean = str(bool(result)).lower()
        elif answer is not None:
            table = self.table(answer, root)
        html = render(
            "sparql",
            root=root,
            query=query,
            table=table,
            boolean=boolean,
            error=error,
            examples=list(self.examples.values()),
            timeout=f"{self.timeout:g}",
        )
        return Response(html, status=status, content_type="text/html; charset=utf-8", headers=HEADERS)

    def table(self, answer: Answer, root: str) -> HtmlTable:
        """The rows of a solutions or graph answer as table cells."""
        if answer.kind == "graph":
            triples = ox.parse(answer.data, format=ox.RdfFormat.N_TRIPLES)
            columns: tuple[str, ...] = ("subject", "predicate", "object")
            terms: Iterable[Sequence[object]] = ((t.subject, t.predicate, t.object) for t in triples)
        else:
            solutions = ox.parse_query_results(answer.data, format=ox.QueryResultsFormat.JSON)
            assert isinstance(solutions, ox.QuerySolutions)
            columns = tuple(v.value for v in solutions.variables)
            terms = ([row[c] for c in columns] for row in solutions)
        rows = [tuple(self.cell(term, root) for term in row) for row in terms]
        return HtmlTable(columns, rows, HTML_ROWS)

    def cell(self, term: object, root: str) -> Cell | None:
        """One term as a cell; IRIs under the base link to their page on this server."""
        if isinstance(term, ox.NamedNode):
            local = term.value.startswith(self.base) and term.value != self.base
            href = root + quote(term.value[len(self.base) :]) if local else term.value
            return Cell(short(term), href=href, title=term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Cell(term.value, note=f"@{term.language}", note_class="lang")
            datatype = term.datatype.value
            plain = datatype.endswith(("#string", "#integer", "#decimal"))
            return Cell(term.value, note="" if plain else short(term.datatype), note_class="dt")
        if isinstance(term, ox.BlankNode):
            return Cell(f"_:{term.value}")
        return None if term is None else Cell(str(term))

    def error(
        self, request: Request, wanted: Negotiated, status: int, message: str, query: str = ""
    ) -> Response:
        """An error as the form with the message (browsers) or as plain text (programs)."""
        if wanted.html:
            return self.form(request, query=query, error=message, status=status)
        return Response(
            message + "\n", status=status, content_type="text/plain; charset=utf-8", headers=HEADERS
        )


HEADERS = {"Vary": "Accept", "Access-Control-Allow-Origin": "*"}


def negotiate(request: Request) -> Negotiated:
    """The answer's media types, from `format=` if given, else from the Accept header."""
    if fmt := request.values.get("format"):
        accept = parse_accept_header(FORMAT_PARAM.get(fmt, fmt), MIMEAccept)
    elif "Accept" in request.headers:
        accept = request.accept_mimetypes
    else:
        accept = parse_accept_header("*/*", MIMEAccept)
    return Negotiated(accept.best_match(list(SOLUTION_TYPES)), accept.best_match(list(GRAPH_TYPES)))


def not_acceptable() -> str:
    offers = ", ".join(dict.fromkeys([*SOLUTION_TYPES, *GRAPH_TYPES]))
    return f"none of the accepted media types can be served; this endpoint offers: {offers}"


def content_type(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith("text/") else media
