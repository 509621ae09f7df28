"""HTTP to SPARQL endpoints and graph stores: authentication, retries, and clear errors."""

from __future__ import annotations

import base64
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointNotFound, SPARQLWrapperException, Unauthorized

from parley.errors import EndpointError

T = TypeVar("T")
TRANSIENT = {408, 429, 500, 502, 503, 504}


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


def with_retries(url: str, action: Callable[[], T], *, retries: int = 3, backoff: float = 0.5) -> T:
    """Run `action`, retrying transient failures (5xx, 429, timeouts, resets) with exponential backoff."""
    for attempt in range(retries + 1):
        try:
            return action()
        except (urllib.error.URLError, SPARQLWrapperException, OSError) as err:
            permanent = _explain(url, err)
            if permanent is not None:
                raise permanent from err
            if attempt == retries:
                reason = getattr(err, "reason", err)
                if isinstance(reason, ConnectionRefusedError):
                    raise EndpointError(f"{url}: connection refused; is the server running?") from err
                raise EndpointError(f"{url}: failed after {retries + 1} attempts: {reason}") from err
            time.sleep(backoff * 2**attempt)
    raise AssertionError("unreachable")


def select(endpoint: str, query: str, *, auth: Auth = NO_AUTH, retries: int = 3) -> bytes:
    """POST a SELECT query through SPARQLWrapper; return the SPARQL 1.1 Query Results JSON.

    Sends Oxigraph's `union-default-graph` option so that the default graph is the union of the named
    graphs there too (GraphDB and Virtuoso do that anyway, Fuseki with `tdb2:unionDefaultGraph`).
    """
    client = SPARQLWrapper(endpoint, returnFormat=JSON)
    client.setMethod(POST)
    client.setQuery(query)
    client.queryType = SELECT  # its guess trips over words like "describe" in header comments
    client.addParameter("union-default-graph", "true")
    for name, value in auth.headers().items():
        client.addCustomHttpHeader(name, value)
    return with_retries(endpoint, lambda: client.query().response.read(), retries=retries)


def put(url: str, body: bytes, media_type: str, *, auth: Auth = NO_AUTH, retries: int = 3) -> None:
    """HTTP PUT `body` to `url`."""
    headers = {"Content-Type": media_type, **auth.headers()}
    request = urllib.request.Request(url, data=body, method="PUT", headers=headers)

    def send() -> None:
        with urllib.request.urlopen(request, timeout=60):
            pass

    with_retries(url, send, retries=retries)
