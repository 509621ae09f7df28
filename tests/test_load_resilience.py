"""`parley load` when the server dies mid-load or never answers (issue 7).

Kill, restart, load again: the store ends up holding exactly `graph/` in our named graphs, and data
that is not ours (a default-graph triple, the graph `urn:other:graph`) is untouched. A server that
accepts connections but never answers makes the load fail within a bounded time.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from helpers import ROOT
from oxiserver import OxigraphProcess, OxigraphServer, oxigraph_command
from parley.errors import EndpointError
from parley.remote import Connection

pytestmark = pytest.mark.server

Graphs = dict[str, set[ox.Triple]]
EX = "https://example.org/not-ours/"


def _graphs(quads: Iterable[ox.Quad]) -> Graphs:
    """Quads by graph name ("" for the default graph)."""
    graphs: Graphs = defaultdict(set)
    for quad in quads:
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        graphs[name].add(quad.triple)
    return dict(graphs)


def _as_stored(path: Path) -> Graphs:
    """The graphs of `path` as an Oxigraph store holds them: it keeps literals of numeric types in
    canonical form (graph/ has 52 `"0.50"^^xsd:decimal`, the store gives back `"0.5"`)."""
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TRIG)
    return _graphs(store)


OURS = _as_stored(ROOT / "graph" / "parley.trig")
NAMES = sorted(OURS)  # the order in which `parley load` PUTs them
STALE = NAMES[2]  # the store holds an old version of this graph before the load
FOREIGN: Graphs = {
    "": {ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("in the default graph"))},
    "urn:other:graph": {
        ox.Triple(ox.NamedNode(EX + f"s{i}"), ox.NamedNode(EX + "p"), ox.Literal(i)) for i in range(3)
    },
}
OLD: Graphs = {
    STALE: set(sorted(OURS[STALE], key=str)[:5])
    | {ox.Triple(ox.NamedNode(EX + "old"), ox.NamedNode(EX + "p"), ox.Literal("gone after the load"))}
}


def _seed(server: OxigraphServer, path: Path) -> None:
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name) if name else ox.DefaultGraph())
        for name, triples in (FOREIGN | OLD).items()
        for t in triples
    ]
    path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
    server.load(path)
    assert _graphs(server.quads()) == FOREIGN | OLD


def _parley_load(endpoint: str, *options: str) -> subprocess.CompletedProcess[str]:
    """The real `parley load` CLI of this environment, as a subprocess."""
    script = Path(sys.executable).with_name("parley")
    command = str(script) if script.exists() else shutil.which("parley")
    assert command, "the `parley` console script is not installed"
    return subprocess.run(
        [command, "load", "graph", "--endpoint", endpoint, *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _assert_clean_failure(run: subprocess.CompletedProcess[str], base: str, reason: str) -> None:
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    error = run.stderr.splitlines()[-1]  # after the line naming the project
    assert error.startswith(f"Error: {base}/") and reason in run.stderr, run.stderr


@pytest.fixture()
def oxigraph(tmp_path: Path) -> Iterator[OxigraphProcess]:
    """Our own server (not the session one): this test kills it and restarts it on the same store."""
    command = oxigraph_command()
    if command is None:
        pytest.skip("the `oxigraph` server (pip package oxigraph) is not installed")
    process = OxigraphProcess(command, tmp_path / "store")
    process.start()
    yield process
    process.stop()


@dataclass(frozen=True)
class KillPoint:
    """The `index`-th request with HTTP `method` is where the server dies, at moment `when`.

    before: killed when the request arrives, before it reaches the server;
    during: killed while the server reads the body (half of it sent);
    after: killed once the server has answered, before the answer reaches the client;
    reply: killed after a few bytes of the answer reached the client.
    """

    method: str
    index: int
    when: str

    def __str__(self) -> str:
        return f"{self.method}{self.index}-{self.when}"

    def new_graphs(self) -> set[str]:
        """Our graphs that hold the new version after the kill: those the server had answered."""
        if self.method != "PUT":
            return set(NAMES)
        return set(NAMES[: self.index + (self.when in ("after", "reply"))])


def _read_request(conn: socket.socket) -> tuple[bytes, bytes]:
    """The head and body of one HTTP request (Parley sends a Content-Length, never chunks), the head
    asking the server to close the connection after its answer (the proxy reads it to the end)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("client closed the connection mid-request")
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    length = 0
    lines = [head.split(b"\r\n")[0]]
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
        if name.strip().lower() != b"connection":
            lines.append(line)
    while len(body) < length:
        body += conn.recv(65536)
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n", body


class KillingProxy:
    """Forwards requests to the server one at a time; at the kill point it kills -9 the server.

    Deterministic, where polling the store while a load runs would be a race: the proxy counts the
    requests of `parley load` (one PUT per named graph in sorted order, then one POST for the count
    query) and kills the server at an exact request and moment. Then it stops listening, so that
    the client's retries meet a refused connection, as they would with the server's own port.
    """

    def __init__(self, oxigraph: OxigraphProcess, point: KillPoint) -> None:
        self.oxigraph, self.point = oxigraph, point
        host, port = oxigraph.server.base.removeprefix("http://").split(":")
        self.backend = (host, int(port))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.base = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.killed = False
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> KillingProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.listener.close()
        self.thread.join(timeout=10)

    def _serve(self) -> None:
        seen: dict[str, int] = defaultdict(int)
        while not self.killed:
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:  # closed by __exit__
                return
            with conn:
                head, body = _read_request(conn)
                method = head.split(b" ", 1)[0].decode()
                if (method, seen[method]) == (self.point.method, self.point.index):
                    self._kill_while(conn, head, body)
                    self.listener.close()
                    return
                seen[method] += 1
                conn.sendall(self._forward(head + body))

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(self.backend, timeout=60) as upstream:
            upstream.sendall(request)
            answer = b""
            while chunk := upstream.recv(65536):  # the request asks for `Connection: close`
                answer += chunk
            return answer

    def _kill_while(self, conn: socket.socket, head: bytes, body: bytes) -> None:
        when = self.point.when
        if when == "during":  # kill while the connection to the server is open, half the body sent
            with socket.create_connection(self.backend, timeout=60) as upstream:
                upstream.sendall(head + body[: len(body) // 2])
                time.sleep(0.3)  # the server is reading (and parsing) the body
                self.oxigraph.kill()
        elif when in ("after", "reply"):
            answer = self._forward(head + body)
            if when == "reply":
                conn.sendall(answer[:11])  # "HTTP/1.1 20" of "HTTP/1.1 204 No Content"
        self.oxigraph.kill()
        self.killed = True


KILL_POINTS = [
    KillPoint("PUT", 0, "before"),
    KillPoint("PUT", 2, "during"),  # the stale graph, and the biggest: 5000 triples
    KillPoint("PUT", 4, "after"),
    KillPoint("PUT", 9, "reply"),  # the last graph (the registry)
    KillPoint("POST", 0, "after"),  # the count query, once every graph is in
]


@pytest.mark.parametrize("point", KILL_POINTS, ids=str)
def test_kill_restart_and_load_again(oxigraph: OxigraphProcess, tmp_path: Path, point: KillPoint) -> None:
    server = oxigraph.server
    _seed(server, tmp_path / "seed.nq")

    with KillingProxy(oxigraph, point) as proxy:
        run = _parley_load(proxy.base + "/query")
    assert proxy.killed, f"the load ended before reaching {point}"
    _assert_clean_failure(run, proxy.base, "connection refused; is the server running?")

    oxigraph.start()  # same port, same store
    after_crash = _graphs(server.quads())
    for name in NAMES:  # each graph old or new, never half-written
        expected = OURS[name] if name in point.new_graphs() else OLD.get(name)
        assert after_crash.get(name) == expected, name
    assert {k: v for k, v in after_crash.items() if k not in OURS} == FOREIGN

    again = _parley_load(server.query_url)
    assert again.returncode == 0, again.stderr
    assert f"loaded {len(NAMES)} graphs" in again.stdout
    final = _graphs(server.quads())
    assert {name: final.get(name) for name in NAMES} == OURS  # every graph new, nothing extra in it
    assert {k: v for k, v in final.items() if k not in OURS} == FOREIGN  # nothing else changed


@pytest.fixture()
def silent() -> Iterator[str]:
    """A server that accepts connections and never answers; its query endpoint."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(timeout=5)
    for conn in held:
        conn.close()
    listener.close()


def test_load_times_out(silent: str) -> None:
    start = time.monotonic()
    run = _parley_load(silent + "/query", "--timeout", "1", "--retries", "1")
    elapsed = time.monotonic() - start
    _assert_clean_failure(run, silent, "timed out: no answer within 1 s (2 attempts)")
    assert elapsed < 10, elapsed  # 2 attempts of 1 s, a 0.5 s pause, and starting Python


def test_query_times_out(silent: str) -> None:
    start = time.monotonic()
    with (
        pytest.raises(EndpointError, match=r"/query: timed out: no answer within 1 s \(1 attempt\)"),
        Connection(timeout=1, retries=0) as http,
    ):
        http.query(silent + "/query", "ASK {}")
    assert time.monotonic() - start < 5
