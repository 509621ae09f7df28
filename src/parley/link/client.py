"""A polite SPARQL client: descriptive User-Agent, timeouts, retries with backoff, on-disk cache."""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import json
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import SPARQLWrapper
from SPARQLWrapper import GET, JSON
from SPARQLWrapper import SPARQLWrapper as Wrapper
from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, SPARQLWrapperException

from parley import __version__
from parley.errors import EndpointError

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
USER_AGENT = (
    f"Parley/{__version__} (https://github.com/parley-archives/parley; archival linked data) "
    f"SPARQLWrapper/{SPARQLWrapper.__version__}"
)
Bindings = list[dict[str, dict[str, str]]]


class _Retryable(Exception):
    """A failure worth another try: 429, 5xx, a timeout or a dropped connection."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


@dataclass(frozen=True)
class SparqlClient:
    """Runs SELECT queries against one endpoint, as the Wikidata Query Service policy asks.

    Answers are cached in `cache_dir` under the SHA-256 of endpoint and query, so a repeated
    reconciliation does not touch the network. 429 and 5xx answers, timeouts and refused or
    dropped connections are retried `retries` times with exponential backoff (`backoff` * 2**n
    seconds, capped at `max_delay`), honouring Retry-After; other failures raise at once.
    """

    endpoint: str = WIKIDATA_SPARQL
    cache_dir: Path | None = Path(".parley-cache/wikidata")
    timeout: int = 30
    retries: int = 4
    backoff: float = 1.0
    max_delay: float = 60.0
    user_agent: str = USER_AGENT
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def select(self, query: str) -> Bindings:
        """The result bindings of a SELECT query (from the cache when present)."""
        cached = self._cache_path(query)
        if cached is not None and cached.exists():
            return self._bindings(json.loads(cached.read_text(encoding="utf-8")))
        result = self._with_retries(query)
        bindings = self._bindings(result)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(".tmp")
            partial.write_text(json.dumps(result, sort_keys=True), encoding="utf-8")
            partial.replace(cached)
        return bindings

    def _cache_path(self, query: str) -> Path | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(f"{self.endpoint}\n{query}".encode()).hexdigest()
        return self.cache_dir / f"{key}.json"

    def _bindings(self, result: Any) -> Bindings:
        try:
            return list(result["results"]["bindings"])
        except (KeyError, TypeError) as err:
            raise EndpointError(f"{self.endpoint}: the answer is not a SPARQL JSON result") from err

    def _with_retries(self, query: str) -> Any:
        for attempt in range(self.retries + 1):
            try:
                return self._once(query)
            except _Retryable as err:
                if attempt == self.retries:
                    raise EndpointError(
                        f"{self.endpoint}: {err.reason} (gave up after {attempt + 1} attempts)"
                    ) from err
                delay = err.retry_after if err.retry_after is not None else self.backoff * 2**attempt
                self.sleep(min(delay, self.max_delay))
        raise AssertionError("unreachable")

    def _once(self, query: str) -> Any:
        sparql = Wrapper(self.endpoint, agent=self.user_agent)
        sparql.setMethod(GET)
        sparql.setReturnFormat(JSON)
        sparql.setTimeout(self.timeout)
        sparql.setQuery(query)
        try:
            return sparql.query().convert()
        except urllib.error.HTTPError as err:
            if err.code == 429 or err.code >= 500:
                raise _Retryable(f"HTTP {err.code}", _retry_after(err.headers.get("Retry-After"))) from err
            raise EndpointError(f"{self.endpoint}: HTTP {err.code} {err.reason}") from err
        except EndPointInternalError as err:
            raise _Retryable("HTTP 500") from err
        except SPARQLWrapperException as err:
            raise EndpointError(f"{self.endpoint}: {err.msg}") from err
        except (TimeoutError, urllib.error.URLError, ConnectionError, http.client.HTTPException) as err:
            raise _Retryable(_describe(err)) from err
        except ValueError as err:  # json.JSONDecodeError
            raise EndpointError(f"{self.endpoint}: the answer is not valid JSON: {err}") from err


def _describe(err: Exception) -> str:
    reason: object = err.reason if isinstance(err, urllib.error.URLError) else err
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, TimeoutError):
        return f"timed out ({reason})"
    return f"connection failed ({reason})"
