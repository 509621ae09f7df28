"""The WSGI application of `parley serve`: the site with content negotiation, and /sparql."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from werkzeug.exceptions import HTTPException
from werkzeug.serving import run_simple
from werkzeug.wrappers import Request, Response

from parley.canned import Folders, catalogue, with_values
from parley.config import DEFAULT_BASE
from parley.errors import InputError
from parley.server.pool import MEMORY_MB, QueryPool
from parley.server.resources import Site
from parley.server.sparql import SparqlEndpoint
from parley.store import DEFAULT_CACHE, open_store

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

MAX_REQUEST_BYTES = 1024 * 1024


@dataclass(frozen=True)
class ServeSettings:
    """What `parley serve` serves and how."""

    site: Path = Path("site")
    graph: Path = Path("graph")
    base: str = DEFAULT_BASE
    queries: Folders = Path("queries")
    cache: Path = DEFAULT_CACHE
    query_timeout: float = 10.0
    workers: int = 2
    query_memory_mb: int = MEMORY_MB  # per query worker; 0: no cap
    allow_service: bool = False  # run federated queries (SERVICE), which fetch any address they name
    cors_origins: tuple[str, ...] = ()  # origins whose pages may read the answers ("*": any)


class App:
    """Routes /sparql to the endpoint and every other path to the site."""

    def __init__(self, settings: ServeSettings) -> None:
        if not (settings.site / "index.html").is_file():
            raise InputError(f"{settings.site}: not a generated site (no index.html); run `parley site`")
        self.settings = settings
        known = known_iris(settings.graph, settings.cache, settings.base)
        self.pool = QueryPool(
            settings.cache,
            timeout=settings.query_timeout,
            size=settings.workers,
            memory_mb=settings.query_memory_mb,
            allow_service=settings.allow_service,
        )
        examples = catalogue(settings.queries)
        self.sparql = SparqlEndpoint(
            self.pool, base=settings.base, examples=examples, timeout=settings.query_timeout
        )
        converted = settings.cache.parent / "served"
        self.site = Site(settings.site, base=settings.base, known=known, converted=converted)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        request.max_content_length = MAX_REQUEST_BYTES
        handler = self.sparql if request.path in ("/sparql", "/sparql/") else self.site
        origin = self.allowed_origin(request)
        try:
            if request.method == "OPTIONS" and origin:
                response: Response = preflight()
            else:
                response = handler(request)
        except HTTPException as err:  # 413 for an oversized body, 400 for a malformed form
            return err(environ, start_response)
        if origin:
            response.headers["Access-Control-Allow-Origin"] = origin
        if self.settings.cors_origins:
            response.vary.add("Origin")
        return response(environ, start_response)

    def allowed_origin(self, request: Request) -> str:
        """What Access-Control-Allow-Origin says to this request: nothing (the default: no other
        site's page may read the answers) unless its Origin is one of --cors-origin."""
        origin = request.headers.get("Origin", "")
        allowed = self.settings.cors_origins
        if "*" in allowed:
            return "*"
        return origin if origin and origin in allowed else ""

    def close(self) -> None:
        """Stop the query workers."""
        self.pool.close()


def preflight() -> Response:
    """The answer to a CORS preflight request from an allowed origin."""
    response = Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST"
    response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
    response.headers["Access-Control-Max-Age"] = "600"
    return response


def known_iris(graph: Path, cache: Path, base: str) -> frozenset[str]:
    """Every subject IRI under `base` in the graph (building the on-disk store at `cache` if stale)."""
    store = open_store(graph, cache=cache)
    query = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), ?base)) }"
    rows = store.query(with_values(query, {"base": ox.Literal(base)}), use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    iris = frozenset(row["s"].value for row in rows)
    del store  # close it: the workers open the store read-only
    return iris


def serve(settings: ServeSettings, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the site and the SPARQL endpoint on `host`:`port` until interrupted."""
    app = App(settings)
    try:
        run_simple(host, port, app, threaded=True, use_reloader=False)
    finally:
        app.close()
