"""Serving the static site with content negotiation on the resource IRIs under the base.

The site's layout (see `parley.site.paths`): the IRI `{base}{path}` is described by
`{path}/index.html`, `{path}.ttl` and `{path}.jsonld`. A request for `/{path}` is answered with
303 See Other to the description the Accept header asks for (the resource is a person or a
meeting, not a document); `/{path}/`, `/{path}.ttl` and `/{path}.jsonld` are the documents
themselves, and `.nt` and `.rdf` are converted from the Turtle on their first request into a file
(`Conversions`), then served from it. IRIs with no page of
their own (mentions, participants, entries) are sent to their nearest ancestor's page, at the
anchor `#{kind}-{key}` of the first step below that page. Paths are joined with
`werkzeug.security.safe_join` and must resolve inside the site folder, so `..`, encoded or not,
and absolute paths never leave it.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
import threading
from collections.abc import Set
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header
from werkzeug.security import safe_join
from werkzeug.utils import send_file
from werkzeug.wrappers import Request, Response

from parley.server.pages import render

# What `/{path}` offers, in order of preference when the client accepts anything.
OFFERS = {
    "text/html": "/",
    "application/xhtml+xml": "/",
    "text/turtle": ".ttl",
    "application/ld+json": ".jsonld",
    "application/json": ".jsonld",
    "application/n-triples": ".nt",
    "application/rdf+xml": ".rdf",
}
CONVERTED = {".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML}
MEDIA = {
    ".html": "text/html; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".rdf": "application/rdf+xml",
    ".trig": "application/trig",
    ".nq": "application/n-quads",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
}
ANCHORED = ("mention", "participant", "entry")


class Conversions:
    """The `.nt` and `.rdf` forms of the site's Turtle files, each converted once, streaming, into a
    file of `folder` (named by the Turtle file's path, size and time) on its first request; requests
    that come meanwhile wait for that one conversion."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._locks: dict[Path, threading.Lock] = {}
        self._guard = threading.Lock()

    def file(self, ttl: Path, suffix: str) -> Path:
        stat = ttl.stat()
        stamp = f"{ttl.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}"
        target = self.folder / f"{hashlib.sha256(stamp.encode()).hexdigest()[:32]}{suffix}"
        with self._guard:
            lock = self._locks.setdefault(target, threading.Lock())
        with lock:
            if not target.is_file():
                self.folder.mkdir(parents=True, exist_ok=True)
                temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
                triples = ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE)
                ox.serialize(triples, str(temporary), format=CONVERTED[suffix])
                os.replace(temporary, target)
        return target


class Site:
    """The WSGI handler of everything but /sparql: files of `folder` and the IRIs in `known`;
    conversions are kept in `converted` (default: a folder of the system's temporary files)."""

    def __init__(
        self, folder: Path, *, base: str, known: Set[str] = frozenset(), converted: Path | None = None
    ) -> None:
        self.folder, self.base, self.known = folder.resolve(), base, known
        self.conversions = Conversions(converted or Path(tempfile.gettempdir()) / "parley-served")

    def __call__(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response("the site is read-only\n", status=405, headers={"Allow": "GET, HEAD"})
        path = request.path[1:]
        target = self.locate(path)
        if target is None:
            return not_found(request)
        if path == "" or path.endswith("/"):
            index = target / "index.html"
            return self.send(request, index) if index.is_file() else not_found(request)
        if target.is_file():
            return self.send(request, target)
        if target.is_dir() and (target / "index.html").is_file():
            if target.with_name(target.name + ".ttl").is_file():
                return self.negotiate(request, path)
            return redirect(request, path + "/", vary=False)
        if target.suffix in CONVERTED and (ttl := target.with_suffix(".ttl")).is_file():
            return self.send(request, self.conversions.file(ttl, target.suffix))
        if self.base + path in self.known and (page := self.nearest_page(path)):
            return self.negotiate(request, page, fragment=fragment(path, page))
        return not_found(request)

    def locate(self, path: str) -> Path | None:
        """`path` inside the site folder, or None if it would lead outside it."""
        joined = safe_join(str(self.folder), path) if path else str(self.folder)
        if joined is None or "\\" in path or "\x00" in path:
            return None
        target = Path(joined)
        resolved = target.resolve()
        return target if resolved == self.folder or resolved.is_relative_to(self.folder) else None

    def nearest_page(self, path: str) -> str | None:
        """The closest ancestor of `path` that has a page of its own."""
        parts = path.split("/")
        for end in range(len(parts) - 1, 0, -1):
            ancestor = "/".join(parts[:end])
            folder = self.locate(ancestor)
            if folder is not None and (folder / "index.html").is_file():
                return ancestor
        return None

    def negotiate(self, request: Request, path: str, fragment: str = "") -> Response:
        """303 to the description of `path` that the Accept header asks for; 406 if none fits."""
        accept = (
            request.accept_mimetypes
            if "Accept" in request.headers
            else parse_accept_header("*/*", MIMEAccept)
        )
        best = accept.best_match(list(OFFERS))
        if best is None:
            offers = ", ".join(OFFERS)
            return error_page(
                request, 406, f"cannot serve any of the accepted media types; offered: {offers}"
            )
        suffix = OFFERS[best]
        return redirect(request, path + suffix + (f"#{fragment}" if fragment and suffix == "/" else ""))

    def send(self, request: Request, file: Path) -> Response:
        media = MEDIA.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return send_file(file, request.environ, mimetype=media, max_age=60)


def fragment(path: str, page: str) -> str:
    """The anchor on `page` of its sub-resource `path`: `{kind}-{key}` of the first step below the page.

    A mention in a collection entry (`doc/X/entry/9/mention/1-5`) goes to its entry (`#entry-9`).
    """
    steps = path[len(page) + 1 :].split("/")
    return f"{steps[0]}-{steps[1]}" if len(steps) > 1 and steps[0] in ANCHORED else ""


def redirect(request: Request, path: str, *, vary: bool = True) -> Response:
    location = request.script_root + "/" + quote(path, safe="/#")
    response = Response(f"See {location}\n", status=303, headers={"Location": location})
    if vary:
        response.headers["Vary"] = "Accept"
    return response


def error_page(request: Request, status: int, message: str) -> Response:
    titles = {404: "404 Not Found", 406: "406 Not Acceptable"}
    html = render(
        "error", root=request.script_root + "/", status=titles.get(status, str(status)), message=message
    )
    return Response(html, status=status, content_type="text/html; charset=utf-8", headers={"Vary": "Accept"})


def not_found(request: Request) -> Response:
    return error_page(request, 404, f"There is no page at {request.path}.")
