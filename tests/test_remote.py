"""The HTTP side of `parley load` and `parley query --endpoint`, against small servers on 127.0.0.1.

Credentials never go to another host after a redirect (issue 21); a server's own error text is in
Parley's message; a truncated answer and an empty default graph beside full named graphs are
reported. Real stores are in test_load.py (Oxigraph) and test_stores.py (Virtuoso, Jena).
"""

from __future__ import annotations

import http.server
import json
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from click.testing import CliRunner

from parley.cli import main

Handler = Callable[[http.server.BaseHTTPRequestHandler, bytes], tuple[int, dict[str, str], bytes]]


@dataclass
class Server:
    """An HTTP server on 127.0.0.1 that records each request (method, path, headers) and answers
    with `handler`."""

    handler: Handler
    seen: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    base: str = ""

    def authorizations(self) -> list[str]:
        return [headers["Authorization"] for _, _, headers in self.seen if "Authorization" in headers]


@pytest.fixture()
def serve() -> Iterator[Callable[[Handler], Server]]:
    started: list[http.server.ThreadingHTTPServer] = []

    def start(handler: Handler) -> Server:
        record = Server(handler)

        class Handle(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                record.seen.append((self.command, self.path, dict(self.headers.items())))
                status, headers, answer = handler(self, body)
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(answer))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_POST = do_PUT = _any

            def log_message(self, *args: object) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handle)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        record.base = f"http://127.0.0.1:{server.server_address[1]}"
        return record

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def _results(rows: list[dict[str, str]], columns: list[str]) -> bytes:
    bindings = [{c: {"type": "literal", "value": v} for c, v in row.items()} for row in rows]
    return json.dumps({"head": {"vars": columns}, "results": {"bindings": bindings}}).encode()


def _query_of(body: bytes) -> str:
    return urllib.parse.parse_qs(body.decode())["query"][0]


AUTH_OPTIONS = [["--token", "s3cret-token"], ["--user", "u", "--password", "s3cret"]]


@pytest.mark.parametrize("auth", AUTH_OPTIONS, ids=["bearer", "basic"])
def test_load_sends_no_credentials_to_another_host(
    serve: Callable[[Handler], Server], auth: list[str]
) -> None:
    """The graph store takes the PUTs; the query endpoint redirects to another server."""
    other = serve(lambda request, body: (200, {"Content-Type": "application/sparql-results+json"}, b"{}"))
    here = serve(
        lambda request, body: (
            (204, {}, b"") if request.command == "PUT" else (302, {"Location": other.base + "/sparql"}, b"")
        )
    )
    result = CliRunner().invoke(
        main, ["load", "graph", "--endpoint", here.base + "/query", "--retries", "0", *auth]
    )
    assert result.exit_code == 1
    assert other.authorizations() == []
    assert f"redirects to {other.base}/sparql (HTTP 302)" in result.output
    assert all("Authorization" in headers for _, _, headers in here.seen)  # the credentials were given


@pytest.mark.parametrize("auth", AUTH_OPTIONS, ids=["bearer", "basic"])
def test_query_sends_no_credentials_to_another_host(
    serve: Callable[[Handler], Server], auth: list[str]
) -> None:
    other = serve(lambda request, body: (200, {"Content-Type": "application/sparql-results+json"}, b"{}"))
    here = serve(lambda request, body: (307, {"Location": other.base + "/sparql"}, b""))
    result = CliRunner().invoke(main, ["query", "meetings", "--endpoint", here.base + "/sparql", *auth])
    assert result.exit_code == 1 and other.seen == []
    assert "Parley follows no redirects" in result.output
