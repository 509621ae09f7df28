"""`parley link`: reconciliation against a real SPARQL server, politeness, write-back."""

from __future__ import annotations

import csv
import datetime as dt
import http.server
import json
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Literal
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from fixtures.wikidata.make_fixture import names
from parley.cli import main
from parley.errors import EndpointError
from parley.link import USER_AGENT, Reconciliation, SparqlClient, candidate_query, link
from parley.link.query import case_variants
from parley.link.writeback import write_qid
from parley.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "wikidata" / "wikidata.ttl"
CHECKED = FIXTURE.with_suffix(".tsv")  # a copy of reference/wikidata.tsv
HOSTILE = ['Robert"); } ; DROP ALL ; #', "O'Brien\n} INSERT DATA { <a> <b> <c> }", 'back\\slash """ {']
BINDINGS = [{"x": {"type": "literal", "value": "1"}}]
RESULT = {"head": {"vars": ["x"]}, "results": {"bindings": BINDINGS}}


# --- query construction --------------------------------------------------------------------------


def _values(node: object) -> list[Any]:
    """All rows of VALUES blocks in a parsed query's algebra."""
    if isinstance(node, CompValue):
        rows = list(node["res"]) if node.name == "values" else []
        return rows + [r for child in node.values() for r in _values(child)]
    if isinstance(node, list | tuple):
        return [r for child in node for r in _values(child)]
    return []


def test_hostile_names_stay_values() -> None:
    query = candidate_query(HOSTILE)
    assert query.count("VALUES ?name") == 1
    rows = _values(prepareQuery(query).algebra)
    expected = {Literal(v, lang="en") for name in HOSTILE for v in case_variants(name)}
    assert {value for row in rows for value in row.values()} == expected


def test_query_text_is_stable() -> None:
    assert candidate_query(["b", "a"]) == candidate_query(["a", "b", "a"])


# --- a scripted HTTP server on loopback ----------------------------------------------------------


class _Script:
    def __init__(self, answers: list[tuple[int, dict[str, str], float]]) -> None:
        self.answers = answers
        self.headers: list[dict[str, str]] = []


@contextmanager
def scripted(answers: list[tuple[int, dict[str, str], float]]) -> Iterator[tuple[str, _Script]]:
    """A server on 127.0.0.1 giving (status, headers, delay) answers in turn, the last repeated."""
    script = _Script(answers)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            script.headers.append(dict(self.headers))
            status, headers, delay = script.answers[min(len(script.headers), len(script.answers)) - 1]
            time.sleep(delay)
            body = json.dumps(RESULT).encode() if status == 200 else b"busy"
            self.send_response(status)
            for key, value in {"Content-Type": "application/sparql-results+json", **headers}.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", script
    finally:
        server.shutdown()
        server.server_close()


def test_retry_after_429_is_honoured_and_user_agent_sent() -> None:
    waits: list[float] = []
    with scripted([(429, {"Retry-After": "3"}, 0), (200, {}, 0)]) as (url, script):
        client = SparqlClient(endpoint=url, cache_dir=None, sleep=waits.append)
        assert client.select("SELECT * {}") == BINDINGS
    assert waits == [3.0]
    assert len(script.headers) == 2
    assert {h["User-Agent"] for h in script.headers} == {USER_AGENT}
    assert USER_AGENT.startswith("Parley/") and "SPARQLWrapper/" in USER_AGENT


def test_5xx_backs_off_exponentially_then_names_endpoint_and_status() -> None:
    waits: list[float] = []
    with scripted([(503, {}, 0)]) as (url, script):
        client = SparqlClient(endpoint=url, cache_dir=None, retries=3, backoff=0.5, sleep=waits.append)
        with pytest.raises(EndpointError, match=rf"{url}: HTTP 503 \(gave up after 4 attempts\)"):
            client.select("SELECT * {}")
    assert waits == [0.5, 1.0, 2.0] and len(script.headers) == 4


def test_503_then_refused_connection() -> None:
    with scripted([(503, {}, 0)]) as (url, _script):
        client = SparqlClient(endpoint=url, cache_dir=None, retries=2, sleep=lambda _: None)
    with pytest.raises(EndpointError, match=r"connection refused"):
        client.select("SELECT * {}")  # the server is gone now


def test_timeout_is_retried_then_reported() -> None:
    with scripted([(200, {}, 1.5)]) as (url, script):
        client = SparqlClient(endpoint=url, cache_dir=None, timeout=1, retries=1, sleep=lambda _: None)
        with pytest.raises(EndpointError, match=r"timed out"):
            client.select("SELECT * {}")
        assert len(script.headers) == 2


def test_client_errors_are_not_retried() -> None:
    with scripted([(403, {}, 0)]) as (url, script):
        with pytest.raises(EndpointError, match=rf"{url}: HTTP 403"):
            SparqlClient(endpoint=url, cache_dir=None, sleep=lambda _: None).select("SELECT * {}")
        assert len(script.headers) == 1


def test_cache_hit_avoids_the_network(tmp_path: Path) -> None:
    with scripted([(200, {}, 0)]) as (url, script):
        client = SparqlClient(endpoint=url, cache_dir=tmp_path / "cache")
        first = client.select("SELECT * {}")
        assert len(script.headers) == 1
    assert client.select("SELECT * {}") == first  # the server is down: answered from disk
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1


# --- write-back ---------------------------------------------------------------------------------

PERSONS = """\
# Persons of the corpus. Curators: keep one entry per person.
- id: stalin  # the Soviet leader
  label: Joseph Stalin
  aliases:
    - Stalin
    - Marshal Stalin   # as in the records
  member_of: ussr
  period: 1945-07-02
  note: "quoted note"

# Unlinked on purpose.
- id: nobody
  label: Nobody Atall
"""
ORGS = """\
- id: ussr
  label: Soviet Union
  kind: state
  wikidata: Q15180
  wikidata_source: reference/wikidata.tsv
"""


def _registry(folder: Path, persons: str = PERSONS) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "persons.yaml").write_text(persons, encoding="utf-8")
    (folder / "organizations.yaml").write_text(ORGS, encoding="utf-8")
    shutil.copy(ROOT / "mappings" / "link.yaml", folder / "link.yaml")
    return folder


def test_write_back_keeps_comments_order_and_style(tmp_path: Path) -> None:
    path = _registry(tmp_path) / "persons.yaml"
    source = "parley link http://x 2025-01-01, score 0.93, matched label 'Joseph Stalin'"
    write_qid(path, "stalin", "Q855", source)
    text = path.read_text(encoding="utf-8")
    for kept in (
        "# Persons of the corpus.",
        "# the Soviet leader",
        "# as in the records",
        "# Unlinked on purpose.",
        '  note: "quoted note"',
        "    - Stalin\n",
    ):
        assert kept in text
    assert "  member_of: ussr\n  wikidata: Q855\n  wikidata_source: parley link http://x 2025-01-01" in text
    assert text.replace("  wikidata: Q855\n", "").count("\n") == PERSONS.count("\n") + 1
    assert load_registry(tmp_path).get("stalin").wikidata == "Q855"


# --- against a real SPARQL server ---------------------------------------------------------------


@pytest.fixture(scope="module")
def endpoint(oxigraph_server: Any) -> str:
    oxigraph_server.clear()
    oxigraph_server.load(FIXTURE)
    return str(oxigraph_server.query_url)


def _link(mappings: Path, endpoint: str, **options: Any) -> dict[str, Reconciliation]:
    results = link(mappings, endpoint=endpoint, cache_dir=None, today=dt.date(2025, 1, 1), **options)
    return {r.entity.id: r for r in results}


def _best(rec: Reconciliation) -> str | None:
    return rec.best.candidate.qid if rec.best else None


KIND_FILES = {
    "person": "persons.yaml",
    "place": "places.yaml",
    "org": "organizations.yaml",
    "event": "organizations.yaml",
    "treaty": "treaties.yaml",
}


@pytest.mark.server
def test_every_checked_item_is_found_from_its_name(tmp_path: Path, endpoint: str) -> None:
    """A registry built from the checked labels alone (no QIDs) reconciles to the checked QIDs."""
    entries: dict[str, list[dict[str, Any]]] = {f: [] for f in KIND_FILES.values()}
    expected: dict[str, str | None] = {}
    with CHECKED.open(encoding="utf-8") as tsv:
        rows = [r for r in csv.DictReader(tsv, delimiter="\t") if r["kind"] in KIND_FILES]
    for row in rows:
        entry: dict[str, Any] = {"id": row["qid"].lower(), "label": names(row["label"])[0]}
        if row["kind"] == "event":
            entry["kind"] = "event"
        if row["qid"] == "Q15180":  # linked already: gives the country of the persons below
            entry |= {"wikidata": "Q15180", "wikidata_source": "reference/wikidata.tsv"}
        if row["qid"] in ("Q855", "Q132899"):  # participants in 1945: must be alive then
            entry |= {"period": "1945", "member_of": "q15180"}
        entries[KIND_FILES[row["kind"]]].append(entry)
        expected[entry["id"]] = row["qid"]
    expected["q17269"] = None  # Tibet Autonomous Region began in 1965, after the records
    del expected["q15180"]
    for name, items in entries.items():
        (tmp_path / name).write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    shutil.copy(ROOT / "mappings" / "link.yaml", tmp_path / "link.yaml")
    found = {i: _best(r) for i, r in _link(tmp_path, endpoint).items()}
    assert found == expected


@pytest.mark.parametrize(
    ("label", "extra", "qid", "rejected"),
    [
        ("Joseph Stalin", {}, None, {"Q999999002"}),  # Q855 and decoy Q999999003 tie: no guess
        ("Joseph Stalin", {"period": 1945}, "Q855", {"Q999999002", "Q999999003"}),
        ("joseph stalin", {"period": 1945}, "Q855", {"Q999999002", "Q999999003"}),
        ("Stalin", {}, "Q855", {"Q999999001"}),  # an alias; the film is the wrong type
        ("Vyacheslav Molotov", {}, None, set()),  # a namesake with the same dates: ambiguous
        ("Vyacheslav Molotov", {"member_of": "ussr"}, "Q132899", set()),  # country decides
        ("Ivan Petrov", {}, None, {"Q999999004"}),  # only a wrong item: no match, not a wrong one
        ("Nobody Atall", {}, None, set()),
    ],
)
@pytest.mark.server
def test_type_dates_and_country_decide(
    tmp_path: Path, endpoint: str, label: str, extra: dict[str, Any], qid: str | None, rejected: set[str]
) -> None:
    persons = yaml.safe_dump([{"id": "p", "label": label, **extra}])
    rec = _link(_registry(tmp_path, persons), endpoint)["p"]
    assert _best(rec) == qid
    assert {s.candidate.qid for s in rec.ranked if s.rejected} == rejected


@pytest.mark.server
def test_case_variant_scores_below_exact_match(tmp_path: Path, endpoint: str) -> None:
    scores = []
    for label in ("Joseph Stalin", "joseph stalin"):
        persons = yaml.safe_dump([{"id": "p", "label": label, "period": 1945}])
        scores.append(_link(_registry(tmp_path, persons), endpoint)["p"].ranked[0].score)
    assert scores[0] > scores[1] >= 0.6


@pytest.mark.server
def test_hostile_names_are_just_names(tmp_path: Path, endpoint: str, oxigraph_server: Any) -> None:
    count = "SELECT (COUNT(*) AS ?x) { ?s ?p ?o }"
    before = SparqlClient(endpoint=endpoint, cache_dir=None).select(count)
    persons = yaml.safe_dump([{"id": f"h{i}", "label": n} for i, n in enumerate(HOSTILE)])
    assert all(not r.ranked for r in _link(_registry(tmp_path, persons), endpoint).values())
    assert SparqlClient(endpoint=endpoint, cache_dir=None).select(count) == before


@pytest.mark.server
def test_accept_above_writes_provenance_and_keeps_the_file(tmp_path: Path, endpoint: str) -> None:
    mappings = _registry(tmp_path)
    recs = _link(mappings, endpoint, accept_above=0.9)
    assert recs["stalin"].accepted and not recs["nobody"].accepted
    text = (mappings / "persons.yaml").read_text(encoding="utf-8")
    source = f"parley link {endpoint} 2025-01-01, score 1.00, matched label 'Joseph Stalin'"
    assert f"  wikidata: Q855\n  wikidata_source: {source}\n" in text
    assert "# the Soviet leader" in text and "# Unlinked on purpose." in text
    assert load_registry(mappings).get("stalin").wikidata == "Q855"
    assert set(_link(mappings, endpoint)) == {"nobody"}  # linked entities are not asked again


@pytest.mark.server
def test_cli_dry_run_prints_and_writes_nothing(tmp_path: Path, endpoint: str) -> None:
    mappings = _registry(tmp_path)
    args = ["link", "--mappings", str(mappings), "--endpoint", endpoint, "--cache", str(tmp_path / "c")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "-> Q855" in result.output and "nobody: Nobody Atall (person)\n  no match" in result.output
    assert "wikidata:" not in (mappings / "persons.yaml").read_text(encoding="utf-8")


@pytest.mark.server
def test_cli_accept_asks_then_writes(tmp_path: Path, endpoint: str) -> None:
    mappings = _registry(tmp_path)
    args = [
        "link",
        "--mappings",
        str(mappings),
        "--endpoint",
        endpoint,
        "--entity",
        "stalin",
        "--accept",
        "--cache",
        str(tmp_path / "c"),
    ]
    result = CliRunner().invoke(main, args, input="y\n")
    assert result.exit_code == 0, result.output
    assert "accept Q855?" in result.output and f"wrote Q855 to {mappings / 'persons.yaml'}" in result.output
    assert load_registry(mappings).get("stalin").wikidata == "Q855"


def test_cli_names_the_unreachable_endpoint(tmp_path: Path) -> None:
    with scripted([(503, {}, 0)]) as (url, _script):
        pass  # closed: nothing listens on this port any more
    args = [
        "link",
        "--mappings",
        str(_registry(tmp_path)),
        "--endpoint",
        url,
        "--retries",
        "0",
        "--cache",
        str(tmp_path / "c"),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert f"Error: {url}: connection refused" in result.output
