"""Shared fixtures. `oxigraph_server`: a real SPARQL server on 127.0.0.1 for the whole session."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".rdf": "application/rdf+xml",
    ".owl": "application/rdf+xml",
}


@dataclass(frozen=True)
class OxigraphServer:
    """A running `oxigraph serve`: its SPARQL query, update and graph store URLs."""

    base: str

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base}/update"

    @property
    def store_url(self) -> str:
        return f"{self.base}/store"

    def load(self, path: Path, graph: str | None = None) -> None:
        """Add a file's triples (to `graph`, or the default graph) or a dataset's quads."""
        target = self.store_url + (f"?graph={urllib.parse.quote(graph, safe='')}" if graph else "?default")
        if path.suffix in (".trig", ".nq"):
            target = self.store_url
        self._send(target, path.read_bytes(), MEDIA_TYPES[path.suffix])

    def update(self, sparql: str) -> None:
        self._send(self.update_url, sparql.encode(), "application/sparql-update")

    def clear(self) -> None:
        """Empty the store, so a test starts from nothing."""
        self.update("DROP ALL")

    def _send(self, url: str, body: bytes, media_type: str) -> None:
        request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": media_type})
        with urllib.request.urlopen(request, timeout=30):
            pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(server: OxigraphServer, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    ask = server.query_url + "?query=" + urllib.parse.quote("ASK {}")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(ask, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph serve did not answer on {server.base} within {seconds} s")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """Start `oxigraph serve` on a free loopback port with an on-disk store; stop it at the end."""
    binary = Path(sys.executable).with_name("oxigraph")
    command = str(binary) if binary.exists() else shutil.which("oxigraph")
    if command is None:
        pytest.skip("the `oxigraph` server (pip package oxigraph) is not installed")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [command, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = OxigraphServer(f"http://127.0.0.1:{port}")
    try:
        _wait_until_up(server, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
