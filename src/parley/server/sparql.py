"""The read-only SPARQL endpoint: the query form, the SPARQL 1.1 protocol, answers by Accept.

GET without a query shows the form (with the canned queries of `queries/` as examples); GET or POST
with `query` (a form field, or the body of an `application/sparql-query` POST) runs it in the worker
pool. SELECT and ASK answers come as SPARQL results JSON, XML, CSV, TSV or an HTML table,
CONSTRUCT and DESCRIBE answers as Turtle, N-Triples, JSON-LD, RDF/XML or an HTML table of triples
(the table is made by the query worker, within the query's limits). `format=` (json, xml, csv, tsv,
html, turtle, ntriples, jsonld, rdfxml) overrides the Accept header. Updates are refused with 400:
the endpoint has no update operation and the store is opened read-only; so is a federated query
(SERVICE) unless the server was started with --allow-service.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header
from werkzeug.wrappers import Request, Response

from parley.canned import CannedQuery
from parley.errors import ParleyError
from parley.server.pages import render
from parley.server.pool import Job, QueryError, QueryPool, QueryStopped

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
            solutions_format=SOLUTION_TYPES.get(wanted.solutions or "", "JSON"),
            graph_format=GRAPH_TYPES.get(wanted.graph or "", "TURTLE"),
            base=self.base,
            root=request.script_root + "/",
        )
        try:
            answer = self.pool.run(job)
        except QueryError as err:
            return self.error(request, wanted, 400, str(err), query=query)
        except QueryStopped as err:
            return self.error(request, wanted, 503, str(err), query=query)
        except ParleyError as err:
            return self.error(request, wanted, 500, str(err), query=query)
        if answer.kind == "html":
            return self.form(request, query=query, results=answer.data.decode())
        media = wanted.graph if answer.kind == "graph" else wanted.solutions
        if media is None:
            return self.error(request, wanted, 406, not_acceptable())
        return Response(answer.data, content_type=content_type(media), headers=HEADERS)

    def form(
        self,
        request: Request,
        *,
        query: str,
        results: str = "",
        error: str = "",
        status: int = 200,
    ) -> Response:
        """The form, with `query` in it and the `results` HTML made by the worker (or `error`) below."""
        html = render(
            "sparql",
            root=request.script_root + "/",
            query=query,
            results=Markup(results),  # rendered, escaped, by the worker's template
            error=error,
            examples=list(self.examples.values()),
            timeout=f"{self.timeout:g}",
        )
        return Response(html, status=status, content_type="text/html; charset=utf-8", headers=HEADERS)

    def error(
        self, request: Request, wanted: Negotiated, status: int, message: str, query: str = ""
    ) -> Response:
        """An error as the form with the message (browsers) or as plain text (programs)."""
        if wanted.html:
            return self.form(request, query=query, error=message, status=status)
        return Response(
            message + "\n", status=status, content_type="text/plain; charset=utf-8", headers=HEADERS
        )


HEADERS = {"Vary": "Accept"}


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
