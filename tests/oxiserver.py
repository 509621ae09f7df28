"""A real `oxigraph serve` on 127.0.0.1 for tests: start it, kill -9 it, restart it on the same store."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

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

    def quads(self) -> set[ox.Quad]:
        """Every quad of the store, default graph included."""
        request = urllib.request.Request(self.store_url, headers={"Accept": "application/n-quads"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return set(ox.parse(response.read(), format=ox.RdfFormat.N_QUADS))

    def _send(self, url: str, body: bytes, media_type: str) -> None:
        request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": media_type})
        with urllib.request.urlopen(request, timeout=30):
            pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_command() -> str | None:
    """The `oxigraph` server of the pip package `oxigraph`, beside this Python or on the PATH."""
    binary = Path(sys.executable).with_name("oxigraph")
    return str(binary) if binary.exists() else shutil.which("oxigraph")


class OxigraphProcess:
    """`oxigraph serve` on a fixed loopback port and on-disk location, so it can be killed and restarted."""

    def __init__(self, command: str, location: Path) -> None:
        self.command, self.location = command, location
        self.server = OxigraphServer(f"http://127.0.0.1:{free_port()}")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, seconds: float = 30) -> OxigraphServer:
        """Start the server (again, on the same port and store) and wait until it answers."""
        bind = self.server.base.removeprefix("http://")
        self.process = subprocess.Popen(
            [self.command, "serve", "--location", str(self.location), "--bind", bind],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        ask = self.server.query_url + "?query=" + urllib.parse.quote("ASK {}")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with code {self.process.returncode}")
            try:
                with urllib.request.urlopen(ask, timeout=2):
                    return self.server
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"oxigraph serve did not answer on {self.server.base} within {seconds} s")

    def kill(self) -> None:
        """kill -9: no shutdown, no flush; what the store holds is what it had committed."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        """Terminate the server (kill it if it does not stop within 10 s)."""
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None
