"""The HTTP side of `parley load` and `parley query --endpoint`, against small servers on 127.0.0.1.

Credentials never go to another host after a redirect (issue 21); a server's own error text is in
Parley's message; a truncated answer and an empty default graph beside full named graphs are
reported. Real stores are in test_load.py (Oxigraph) and test_stores.py (Virtuoso, Jena).
"""

from __future__ import annotations

import base64
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


def _endpoint(answers: Callable[[str], tuple[int, dict[str, str], bytes]]) -> Handler:
    """A SPARQL endpoint answering each query (a POST form) through `answers`."""
    return lambda request, body: answers(_query_of(body))


EMPTY = _results([], ["meeting"])


def _ask(value: bool) -> bytes:
    return json.dumps({"head": {}, "boolean": value}).encode()


JSON = {"Content-Type": "application/sparql-results+json"}


@pytest.mark.parametrize(
    ("default", "named", "warned"), [(False, True, True), (True, True, False), (False, False, False)]
)
def test_empty_default_graph_beside_named_graphs_warns(
    serve: Callable[[Handler], Server], default: bool, named: bool, warned: bool
) -> None:
    def answers(sparql: str) -> tuple[int, dict[str, str], bytes]:
        if sparql.startswith("ASK"):
            return 200, JSON, _ask(named if "GRAPH" in sparql else default)
        return 200, JSON, EMPTY

    server = serve(_endpoint(answers))
    result = CliRunner().invoke(main, ["query", "meetings", "--endpoint", server.base + "/sparql"])
    assert result.exit_code == 0, result.output
    said = "the default graph is empty while named graphs hold data" in result.output
    assert said == warned and ("enable the union default graph (see README" in result.output) == warned


def test_cut_answer_warns(serve: Callable[[Handler], Server]) -> None:
    rows = _results([{"meeting": f"m{i}"} for i in range(3)], ["meeting"])
    server = serve(_endpoint(lambda sparql: (200, {**JSON, "X-SPARQL-MaxRows": "3"}, rows)))
    result = CliRunner().invoke(
        main, ["query", "meetings", "--endpoint", server.base + "/sparql", "--format", "csv"]
    )
    assert result.exit_code == 0 and result.output.splitlines()[-3:] == ["m0", "m1", "m2"]
    assert "Warning: " + server.base + "/sparql cut the answer at 3 rows (X-SPARQL-MaxRows)" in result.output


@pytest.mark.parametrize(
    ("status", "headers", "body", "said"),
    [
        (
            400,
            {"Content-Type": "text/plain"},
            b"Parse error: line 3\n  unexpected '}'",
            "HTTP 400 Bad Request: Parse error: line 3 unexpected '}'",
        ),
        (
            403,
            {"Content-Type": "text/html"},
            b"<html><head><title>No</title></head><body><h1>Denied</h1><p>x may not read</p></body></html>",
            "access refused (HTTP 403): Denied x may not read;",
        ),
        (
            500,
            {"Content-Type": "text/plain"},
            b"Error SR: sort key too long",
            "HTTP 500 Internal Server Error: Error SR: sort key too long (1 attempt)",
        ),
    ],
)
def test_error_carries_the_servers_text(
    serve: Callable[[Handler], Server], status: int, headers: dict[str, str], body: bytes, said: str
) -> None:
    server = serve(lambda request, received: (status, headers, body))
    result = CliRunner().invoke(
        main, ["load", "graph", "--endpoint", server.base + "/query", "--retries", "0"]
    )
    assert result.exit_code == 1 and said in result.output, result.output
    assert "Traceback" not in result.output


def _credentials(server: Server) -> set[str]:
    return set(server.authorizations())


def _accepting() -> Handler:
    return lambda request, body: (200, JSON, EMPTY) if request.command == "POST" else (204, {}, b"")


def test_password_from_the_environment_or_the_prompt(serve: Callable[[Handler], Server]) -> None:
    server = serve(_accepting())
    command = ["query", "meetings", "--endpoint", server.base + "/sparql", "--user", "ann"]
    from_env = CliRunner().invoke(main, command, env={"PARLEY_PASSWORD": "from-env"})
    assert from_env.exit_code == 0 and "Password" not in from_env.output
    assert _credentials(server) == {"Basic " + base64.b64encode(b"ann:from-env").decode()}
    server.seen.clear()
    asked = CliRunner().invoke(main, command, input="typed\n", env={"PARLEY_PASSWORD": None})
    assert asked.exit_code == 0 and "Password for ann:" in asked.output and "typed" not in asked.output
    assert _credentials(server) == {"Basic " + base64.b64encode(b"ann:typed").decode()}


def test_token_from_the_environment(serve: Callable[[Handler], Server]) -> None:
    server = serve(_accepting())
    result = CliRunner().invoke(
        main, ["query", "meetings", "--endpoint", server.base + "/sparql"], env={"PARLEY_TOKEN": "t0k"}
    )
    assert result.exit_code == 0 and _credentials(server) == {"Bearer t0k"}


def test_a_broken_answer_is_a_clean_error(serve: Callable[[Handler], Server]) -> None:
    """Virtuoso gave back IRIs with a backslash after a Turtle upload: no traceback, a message."""
    bad = {
        "head": {"vars": ["meeting"]},
        "results": {"bindings": [{"meeting": {"type": "uri", "value": "x:a\\/b"}}]},
    }
    server = serve(_endpoint(lambda sparql: (200, JSON, json.dumps(bad).encode())))
    result = CliRunner().invoke(main, ["query", "meetings", "--endpoint", server.base + "/sparql"])
    assert result.exit_code == 1 and "the answer is not valid SPARQL results JSON" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
