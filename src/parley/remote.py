"""HTTP to SPARQL endpoints and graph stores: authentication, retries, and clear errors.

Why httpx: it does HTTP Basic and Digest authentication itself (Virtuoso's authenticated graph
store asks for Digest), sends a body streamed from disk with its length and again when a Digest
challenge asks for it, has separate connect and read timeouts, and ships type hints. SPARQLWrapper
(still used by `parley link`) builds on urllib, which copies every header, Authorization
included, into a redirected request to any host.

No redirect is followed: a 3xx answer is an error naming the address to give instead, so a
password or token never reaches another host, and a PUT or POST never turns into a GET (what
clients do on a 302) that would report success without sending anything.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TypeVar

import httpx

from parley.errors import EndpointError

T = TypeVar("T")
TRANSIENT = {408, 429, 500, 502, 503, 504}
TIMEOUT = 60  # seconds to wait for an answer (connect, send, each read)
RESULTS_JSON = "application/sparql-results+json"
CHUNK = 1 << 20  # bytes of a body read from disk at a time


@dataclass(frozen=True)
class Auth:
    """HTTP Basic or Digest credentials, or a bearer token (or none)."""

    user: str | None = None
    password: str | None = None
    token: str | None = None
    digest: bool = False

    def scheme(self) -> httpx.Auth | None:
        """The httpx authentication these credentials stand for."""
        if self.token:
            return _Bearer(self.token)
        if self.user is not None:
            kind = httpx.DigestAuth if self.digest else httpx.BasicAuth
            return kind(self.user, self.password or "")
        return None


NO_AUTH = Auth()


class _Bearer(httpx.Auth):
    def __init__(self, token: str) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


@dataclass(frozen=True)
class Answer:
    """A query's answer: the results document and the row limit at which the server cut it, if it did."""

    body: bytes
    cut_at: int | None = None


class _FileBody:
    """A file sent as a request body, read afresh each time the request is sent (a Digest challenge
    has it sent twice). Not a generator and without `read`, so httpx iterates it again each time."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[bytes]:
        with self.path.open("rb") as stream:
            while chunk := stream.read(CHUNK):
                yield chunk


class Connection:
    """One HTTP client for a SPARQL endpoint and a graph store: credentials, timeouts and retries.

    `timeout` is the seconds to wait for each answer; transient failures (5xx, 429, timeouts,
    refused or dropped connections) are retried `retries` times with exponential backoff.
    """

    def __init__(
        self, *, auth: Auth = NO_AUTH, retries: int = 3, timeout: float = TIMEOUT, backoff: float = 0.5
    ) -> None:
        self.auth, self.retries, self.timeout, self.backoff = auth, retries, timeout, backoff
        self._client = httpx.Client(auth=auth.scheme(), timeout=timeout, follow_redirects=False)

    def __enter__(self) -> Connection:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def query(self, endpoint: str, sparql: str) -> Answer:
        """POST a SELECT or ASK query (SPARQL 1.1 Protocol); its answer as Query Results JSON.

        Sends Oxigraph's `union-default-graph` option so that the default graph is the union of the
        named graphs there too (Virtuoso and GraphDB do that anyway, Jena with its union default
        graph setting); other stores ignore it.
        """
        form = {"query": sparql, "union-default-graph": "true"}

        def send() -> Answer:
            response = self._client.post(endpoint, data=form, headers={"Accept": RESULTS_JSON})
            self._check(endpoint, response)
            rows = response.headers.get("X-SPARQL-MaxRows", "")
            return Answer(response.content, int(rows) if rows.strip().isdigit() else None)

        return self._with_retries(endpoint, send)

    def put(self, url: str, body: bytes | Path, media_type: str) -> None:
        """HTTP PUT `body` (bytes, or a file streamed from disk) to `url`."""
        size = len(body) if isinstance(body, bytes) else body.stat().st_size
        headers = {"Content-Type": media_type, "Content-Length": str(size)}
        content = body if isinstance(body, bytes) else _FileBody(body)

        def send() -> None:
            self._check(url, self._client.put(url, content=content, headers=headers))

        self._with_retries(url, send)

    def _check(self, url: str, response: httpx.Response) -> None:
        """Raise for an answer that is not a success: EndpointError if permanent, _Transient if not."""
        status = response.status_code
        if status < 300:
            return
        detail = server_text(response)
        if status in TRANSIENT:
            raise _Transient(f"HTTP {status} {response.reason_phrase}" + (f": {detail}" if detail else ""))
        raise _refusal(url, response, detail, self.auth)

    def _with_retries(self, url: str, action: Callable[[], T]) -> T:
        for attempt in range(self.retries + 1):
            try:
                return action()
            except (_Transient, httpx.TransportError) as err:
                if attempt == self.retries:
                    raise _gave_up(url, err, self.retries + 1, self.timeout) from err
                time.sleep(self.backoff * 2**attempt)
        raise AssertionError("unreachable")


class _Transient(Exception):
    """An HTTP answer that retrying may change (5xx, 429, 408)."""


def server_text(response: httpx.Response, limit: int = 400) -> str:
    """What the server said in an error answer, as one line of text (HTML tags and head dropped)."""
    text = response.text
    if "html" in response.headers.get("Content-Type", "").lower():
        text = re.sub(r"(?is)<head\b.*?</head>|<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _refusal(url: str, response: httpx.Response, detail: str, auth: Auth) -> EndpointError:
    """A clear EndpointError for an answer retrying cannot change."""
    status, said = response.status_code, f": {detail}" if detail else ""
    if 300 <= status < 400:
        target = response.headers.get("Location", "an address it does not give")
        return EndpointError(
            f"{url}: the server redirects to {target} (HTTP {status}); Parley follows no redirects "
            "(credentials go to no other address): give that address instead"
        )
    if status == 401:
        challenge = response.headers.get("WWW-Authenticate", "").split(" ", 1)[0].lower()
        hint = "check --user/--password or --token"
        if challenge == "digest" and auth.user is not None and not auth.digest:
            hint = "the server asks for HTTP Digest: add --digest"
        elif not challenge and auth.user is not None and not auth.digest:
            hint += " (a server wanting HTTP Digest, as Virtuoso's /sparql-graph-crud-auth, needs --digest)"
        elif challenge == "basic" and auth.digest:
            hint = "the server asks for HTTP Basic: leave out --digest"
        return EndpointError(f"{url}: authentication failed (HTTP 401); {hint}{said}")
    if status == 403:
        return EndpointError(
            f"{url}: access refused (HTTP 403){said}; check --user/--password or --token and what that user "
            "is allowed to do"
        )
    if status == 404:
        return EndpointError(f"{url}: not found (HTTP 404); check the address of the endpoint or graph store")
    return EndpointError(f"{url}: HTTP {status} {response.reason_phrase}{said}")


def _caused_by(err: BaseException, kind: type[BaseException]) -> bool:
    """Whether `kind` is among the causes of `err` (httpx wraps httpcore's error, which wraps the OS's)."""
    cause: BaseException | None = err
    while cause is not None and not isinstance(cause, kind):
        cause = cause.__cause__ or cause.__context__
    return cause is not None


def _gave_up(url: str, err: Exception, attempts: int, timeout: float) -> EndpointError:
    tries = f"{attempts} attempt{'s' if attempts > 1 else ''}"
    if isinstance(err, httpx.ConnectError) and _caused_by(err, ConnectionRefusedError):
        return EndpointError(f"{url}: connection refused; is the server running?")
    if isinstance(err, httpx.TimeoutException):
        return EndpointError(f"{url}: timed out: no answer within {timeout:g} s ({tries})")
    if isinstance(err, _Transient):
        return EndpointError(f"{url}: {err} ({tries})")
    return EndpointError(f"{url}: failed after {tries}: {type(err).__name__}: {err}")
