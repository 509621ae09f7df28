"""HTTP to SPARQL endpoints and graph stores: authentication, retries, and clear errors."""

from __future__ import annotations

import base64
import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointNotFound, SPARQLWrapperException, Unauthorized

from parley.errors import EndpointError

T = TypeVar("T")
TRANSIENT = {408, 429, 500, 502, 503, 504}
TIMEOUT = 60  # seconds to wait for an answer (connect, send, each read)


@dataclass(frozen=True)
class Auth:
    """HTTP Basic credentials or a bearer token (or neither)."""

    user: str | None = None
    password: str | None = None
    token: str | None = None

    def headers(self) -> dict[str, str]:
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        if self.user is not None:
            pair = f"{self.user}:{self.password or ''}".encode()
            return {"Authorization": "Basic " + base64.b64encode(pair).decode()}
        return {}


NO_AUTH = Auth()


def _explain(url: str, err: Exception) -> EndpointError | None:
    """A clear EndpointError for a permanent failure, or None if retrying may help."""
    status = getattr(err, "code", None)
    if isinstance(err, Unauthorized) or status in (401, 403):
        return EndpointError(
            f"{url}: authentication failed (HTTP {status or 401}); check --user/--password or --token"
        )
    if isinstance(err, EndPointNotFound) or status == 404:
        return EndpointError(f"{url}: not found (HTTP 404); check the address of the endpoint or graph store")
    if isinstance(err, urllib.error.HTTPError) and err.code not in TRANSIENT:
        detail = err.read().decode(errors="replace")[:300]
        return EndpointError(f"{url}: HTTP {err.code} {err.reason}: {detail}")
    if isinstance(err, SPARQLWrapperException) and "500" not in str(err):
        return EndpointError(f"{url}: {err}")
    return None


def with_retries(
    url: str, action: Callable[[], T], *, retries: int = 3, backoff: float = 0.5, timeout: float = TIMEOUT
) -> T:
    """Run `action`, retrying transient failures (5xx, 429, timeouts, resets) with exponential backoff.

    `timeout` is the limit `action` waits for an answer; here it only goes into the error message.
    A broken answer (`http.client.HTTPException`, e.g. a server killed mid-reply) is transient too.
    """
    for attempt in range(retries + 1):
        try:
            return action()
        except (urllib.error.URLError, SPARQLWrapperException, OSError, http.client.HTTPException) as err:
            permanent = _explain(url, err)
            if permanent is not None:
                raise permanent from err
            if attempt == retries:
                raise _gave_up(url, err, retries + 1, timeout) from err
            time.sleep(backoff * 2**attempt)
    raise AssertionError("unreachable")


def _gave_up(url: str, err: Exception, attempts: int, timeout: float) -> EndpointError:
    reason = getattr(err, "reason", err)
    if isinstance(reason, ConnectionRefusedError):
        return EndpointError(f"{url}: connection refused; is the server running?")
    tries = f"{attempts} attempt{'s' if attempts > 1 else ''}"
    if isinstance(reason, TimeoutError):
        return EndpointError(f"{url}: timed out: no answer within {timeout:g} s ({tries})")
    detail = f"{type(reason).__name__}: {reason}" if isinstance(reason, Exception) else reason
    return EndpointError(f"{url}: failed after {tries}: {detail}")


def select(
    endpoint: str, query: str, *, auth: Auth = NO_AUTH, retries: int = 3, timeout: int = TIMEOUT
) -> bytes:
    """POST a SELECT query through SPARQLWrapper; return the SPARQL 1.1 Query Results JSON.

    Sends Oxigraph's `union-default-graph` option so that the default graph is the union of the named
    graphs there too (GraphDB and Virtuoso do that anyway, Fuseki with `tdb2:unionDefaultGraph`).
    """
    client = SPARQLWrapper(endpoint, returnFormat=JSON)
    client.setMethod(POST)
    client.setTimeout(timeout)
    client.setQuery(query)
    client.queryType = SELECT  # its guess trips over words like "describe" in header comments
    client.addParameter("union-default-graph", "true")
    for name, value in auth.headers().items():
        client.addCustomHttpHeader(name, value)
    return with_retries(endpoint, lambda: client.query().response.read(), retries=retries, timeout=timeout)


def put(
    url: str,
    body: bytes | Path,
    media_type: str,
    *,
    auth: Auth = NO_AUTH,
    retries: int = 3,
    timeout: int = TIMEOUT,
) -> None:
    """HTTP PUT `body` (bytes, or a file streamed from disk) to `url`, waiting at most `timeout`
    seconds for each answer."""
    size = len(body) if isinstance(body, bytes) else body.stat().st_size
    headers = {"Content-Type": media_type, "Content-Length": str(size), **auth.headers()}

    def send() -> None:
        with ExitStack() as stack:
            data = body if isinstance(body, bytes) else stack.enter_context(body.open("rb"))
            request = urllib.request.Request(url, data=data, method="PUT", headers=headers)
            with urllib.request.urlopen(request, timeout=timeout):
                pass

    with_retries(url, send, retries=retries, timeout=timeout)
