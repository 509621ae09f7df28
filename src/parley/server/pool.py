"""Running SPARQL queries in worker processes, each stopped when it overruns its time or memory limit.

pyoxigraph cannot interrupt a running query, so every query runs in a worker process holding a
read-only view of the on-disk store; a worker that does not answer within the limit is killed
(SIGKILL, freeing its core at once) and replaced by a fresh one on the next query. A worker's memory
is capped (`resource.setrlimit(RLIMIT_DATA)` in the worker: heap and anonymous mappings, not the
store's files): a query that needs more ends the worker, and the server says so. The worker also
refuses a federated query (SERVICE) unless the server allows them, and writes the HTML table of an
answer for the query form, so that rendering counts against the limits too. A worker is a
plain `python -m parley.server.worker CACHE` subprocess (no `fork` of the threaded server, and
unlike multiprocessing's `spawn` it does not re-import the caller's main module), talking through
multiprocessing Connections over its stdin and stdout. It opens the store before it takes work, so
its start-up time does not count against a query's limit.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox

from parley.errors import ParleyError
from parley.server.service import uses_service
from parley.server.table import html_results

STARTUP_TIMEOUT = 60.0
MAX_RESULT_BYTES = 64 * 1024 * 1024
MEMORY_MB = 2048  # per worker, by default
SERVICE_REFUSED = (
    "federated queries (SERVICE) are refused by this endpoint: it would fetch any address the query "
    "names; the operator can allow them with `parley serve --allow-service`"
)


class QueryError(ParleyError):
    """The query cannot be run: malformed, an update, or a result too large (HTTP 400)."""


class QueryStopped(ParleyError):
    """The query overran a limit (time or memory) or no worker was free in time (HTTP 503)."""


class QueryTimeout(QueryStopped):
    """The query overran its time limit or no worker was free in time."""


@dataclass(frozen=True)
class Job:
    """A query and the formats (member names of pyoxigraph's format enums, or "html" for the form's
    table, with links under `base` made relative to `root`) to write its answer in."""

    query: str
    solutions_format: str = "JSON"
    graph_format: str = "TURTLE"
    base: str = ""
    root: str = "/"


@dataclass(frozen=True)
class Answer:
    """A serialized answer; `kind` is "solutions", "boolean", "graph" or "html" (the form's results)."""

    kind: str
    data: bytes


class _ResultTooLarge(Exception):
    pass


class _Capped:
    """A binary sink for pyoxigraph's serializers that refuses to grow beyond `limit` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit, self.size, self.parts = limit, 0, list[bytes]()

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _ResultTooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def answer(
    store: ox.Store, job: Job, limit: int = MAX_RESULT_BYTES, *, allow_service: bool = False
) -> Answer:
    """Run `job` on `store` (the default graph is the union of the named graphs) and serialize it."""
    if not allow_service and uses_service(job.query):
        raise QueryError(SERVICE_REFUSED)
    try:
        result = store.query(job.query, use_default_graph_as_union=True)
    except SyntaxError as err:
        raise QueryError(f"malformed query: {err}") from err
    html = job.graph_format if isinstance(result, ox.QueryTriples) else job.solutions_format
    if html == "html":
        data = html_results(result, base=job.base, root=job.root).encode()
        if len(data) > limit:
            raise QueryError(f"the answer is larger than {limit // 2**20} MiB; add a LIMIT")
        return Answer("html", data)
    capped = _Capped(limit)
    out = cast(IO[bytes], capped)  # pyoxigraph only calls write() and flush()
    try:
        if isinstance(result, ox.QueryTriples):
            kind = "graph"
            result.serialize(out, format=getattr(ox.RdfFormat, job.graph_format))
        else:
            kind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
            result.serialize(out, format=getattr(ox.QueryResultsFormat, job.solutions_format))
    except _ResultTooLarge as err:
        raise QueryError(f"the answer is larger than {limit // 2**20} MiB; add a LIMIT") from err
    return Answer(kind, b"".join(capped.parts))


def work(
    receive: Connection,
    send: Connection,
    cache: str,
    limit: int = MAX_RESULT_BYTES,
    *,
    allow_service: bool = False,
) -> None:
    """A worker's loop: open the store read-only, say so, then answer jobs until its input closes."""
    store = ox.Store.read_only(cache)
    send.send("ready")
    while True:
        try:
            job = receive.recv()
        except EOFError:
            return
        try:
            send.send(answer(store, job, limit, allow_service=allow_service))
        except QueryError as err:
            send.send(err)
        except MemoryError:
            send.send(QueryStopped("the query needed more memory than a query may use, and was stopped"))
        except Exception as err:  # reported to the server as a 500, keeping the worker alive
            send.send(ParleyError(f"{type(err).__name__}: {err}"))


class _Worker:
    """A worker subprocess and the two ends of its pipes."""

    def __init__(self, cache: Path, limit: int, memory_mb: int, allow_service: bool) -> None:
        command = [sys.executable, "-m", "parley.server.worker", str(cache), str(limit), str(memory_mb)]
        command += ["--allow-service"] if allow_service else []
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.send = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.receive = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()
        try:
            ready = self.receive.poll(STARTUP_TIMEOUT) and self.receive.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise ParleyError(f"the SPARQL worker could not open the store at {cache}")

    def kill(self) -> int:
        """Stop the worker (if it still runs); its exit status."""
        self.process.kill()
        status = self.process.wait(5)
        self.send.close()
        self.receive.close()
        return status


class QueryPool:
    """At most `size` worker processes answering queries on the store at `cache`, `timeout` s each."""

    def __init__(
        self,
        cache: Path,
        *,
        timeout: float,
        size: int = 2,
        limit: int = MAX_RESULT_BYTES,
        memory_mb: int = MEMORY_MB,
        allow_service: bool = False,
    ) -> None:
        self.cache, self.timeout, self.limit = cache, timeout, limit
        self.memory_mb, self.allow_service = memory_mb, allow_service
        self._free = threading.Semaphore(size)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def run(self, job: Job) -> Answer:
        """The answer of `job`; QueryError if it cannot run, QueryTimeout if it takes too long."""
        if not self._free.acquire(timeout=self.timeout):
            raise QueryTimeout("the server is busy with other queries; try again later")
        try:
            worker = self._take()
            try:
                worker.send.send(job)
                if not worker.receive.poll(self.timeout):
                    raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was stopped")
                reply = worker.receive.recv()
            except (EOFError, OSError) as err:
                aborted = worker.kill() == -signal.SIGABRT  # how a failed allocation ends it
                if aborted:
                    raise QueryStopped(
                        f"the query needed more than the {self.memory_mb} MiB of memory a query may use "
                        "(--query-memory-mb) and was stopped"
                    ) from err
                raise ParleyError("the SPARQL worker stopped unexpectedly") from err
            except BaseException:
                worker.kill()
                raise
            with self._lock:
                self._idle.append(worker)
        finally:
            self._free.release()
        if isinstance(reply, Exception):
            raise reply
        if not isinstance(reply, Answer):
            raise ParleyError(f"unexpected reply from the SPARQL worker: {reply!r}")
        return reply

    def _take(self) -> _Worker:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return _Worker(self.cache, self.limit, self.memory_mb, self.allow_service)

    def close(self) -> None:
        """Stop every idle worker (busy ones stop when their query ends or times out)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()
