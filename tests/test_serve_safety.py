"""`parley serve` against hostile queries and pages (issue 21, item 9): no federated fetches unless
allowed, no answers to other sites' pages unless allowed, memory capped per query worker, the HTML
table made within the query's limits, conversions made once, only http(s) IRIs as links."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pyoxigraph as ox
import pytest
from werkzeug.test import Client

from parley.config import DEFAULT_BASE as BASE
from parley.server import App, ServeSettings
from test_serve import MEETING, ROOT, TRIG, write_site


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> ServeSettings:
    folder = tmp_path_factory.mktemp("serve-safety")
    graph = folder / "parley.trig"
    graph.write_text(TRIG, encoding="utf-8")
    dataset = ox.Store()
    dataset.load(path=str(graph), format=ox.RdfFormat.TRIG)
    write_site(folder / "site", dataset)
    return ServeSettings(
        site=folder / "site", graph=graph, cache=folder / "cache", queries=ROOT / "queries", workers=1
    )


@pytest.fixture
def app_of(settings: ServeSettings) -> Iterator[object]:
    apps: list[App] = []

    def make(**changes: object) -> Client:
        app = App(replace(settings, **changes))  # type: ignore[arg-type]
        apps.append(app)
        return Client(app)

    yield make
    for app in apps:
        app.close()


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.requests.append(self.path)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server on 127.0.0.1 that records what it is asked."""
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", _Recorder.requests
    finally:
        server.shutdown()
        server.server_close()


FEDERATED = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "select * where { service silent <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{url}> { ?a ?b ?c } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { OPTIONAL { SERVICE <{url}> { ?s ?p ?o } } } } }",
    "ASK { SERVIC\\u0045 <{url}> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("template", FEDERATED)
def test_a_federated_query_is_refused_and_fetches_nothing(
    app_of: object, listener: tuple[str, list[str]], template: str
) -> None:
    url, requests = listener
    client = app_of()  # type: ignore[operator]
    response = client.get("/sparql", query_string={"query": template.replace("{url}", url)})
    assert response.status_code == 400
    assert "federated queries (SERVICE) are refused" in response.get_data(as_text=True)
    assert requests == []


def test_the_operator_can_allow_federated_queries(app_of: object, listener: tuple[str, list[str]]) -> None:
    url, requests = listener
    client = app_of(allow_service=True)  # type: ignore[operator]
    response = client.get(
        "/sparql", query_string={"query": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?x ?y ?z }} }}"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert len(requests) == 1


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?s WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> { }" }',
        "SELECT ?service WHERE { ?service ?p ?o } # SERVICE <http://127.0.0.1:9/>",
    ],
)
def test_the_word_service_outside_a_service_clause_is_no_refusal(app_of: object, query: str) -> None:
    client = app_of()  # type: ignore[operator]
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200, response.get_data(as_text=True)


def test_no_cross_origin_reading_by_default(app_of: object) -> None:
    client = app_of()  # type: ignore[operator]
    headers = {"Origin": "https://evil.example"}
    for path in ("/sparql?query=ASK%7B%7D", f"/{MEETING}.ttl", "/index.html"):
        response = client.get(path, headers=headers)
        assert response.status_code == 200
        assert "Access-Control-Allow-Origin" not in response.headers


def test_an_allowed_origin_may_read_the_answers(app_of: object) -> None:
    client = app_of(cors_origins=("https://historians.example",))  # type: ignore[operator]
    allowed = client.get("/sparql?query=ASK%7B%7D", headers={"Origin": "https://historians.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://historians.example"
    assert "Origin" in allowed.headers["Vary"]
    other = client.get("/sparql?query=ASK%7B%7D", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options(
        "/sparql", headers={"Origin": "https://historians.example", "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code == 204 and "POST" in preflight.headers["Access-Control-Allow-Methods"]


CARTESIAN = (
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o . ?p ?q ?r } "
    "ORDER BY ?c ?f ?i ?l ?o ?r"
)


def test_a_query_worker_is_stopped_at_its_memory_cap(app_of: object) -> None:
    client = app_of(query_memory_mb=300, query_timeout=60)  # type: ignore[operator]
    client.get("/sparql", query_string={"query": "ASK {}"})  # a worker is up
    started = time.monotonic()
    response = client.get("/sparql", query_string={"query": CARTESIAN})
    assert time.monotonic() - started < 60
    assert response.status_code == 503
    assert "more than the 300 MiB of memory a query may use" in response.get_data(as_text=True)
    after = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert json.loads(after.get_data())["boolean"] is True


def test_the_html_table_is_made_by_the_worker(app_of: object, monkeypatch: pytest.MonkeyPatch) -> None:
    client = app_of()  # type: ignore[operator]

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the server parsed an answer itself")

    monkeypatch.setattr(ox, "parse_query_results", refused)
    monkeypatch.setattr(ox, "parse", refused)
    query = "SELECT ?a ?b WHERE { ?a ?p ?o . ?b ?q ?r }"
    html = client.get("/sparql", query_string={"query": query, "format": "html"}).get_data(as_text=True)
    assert '<table id="results">' in html
    rows = json.loads(client.get("/sparql", query_string={"query": query}).get_data())["results"]["bindings"]
    assert f"{len(rows)} results" in html
    described = client.get("/sparql", query_string={"query": f"DESCRIBE <{BASE}{MEETING}>", "format": "html"})
    assert "<th>subject</th>" in described.get_data(as_text=True)


def test_a_long_html_answer_shows_its_first_rows_and_counts_all(app_of: object) -> None:
    client = app_of()  # type: ignore[operator]
    query = "SELECT ?n WHERE { VALUES ?n { " + " ".join(str(i) for i in range(2500)) + " } }"
    html = client.get("/sparql", query_string={"query": query, "format": "html"}).get_data(as_text=True)
    assert "2500 results (showing the first 2000)" in html
    assert html.count("<tr><td>") == 2000


def test_the_html_table_counts_against_the_time_limit(app_of: object) -> None:
    """50,625 rows: quick to run, slow to turn into cells; the answer (a table, or 503 once the limit
    is reached) comes within the limit, not after the server has made a cell of every row."""
    client = app_of(query_timeout=1.5)  # type: ignore[operator]
    client.get("/sparql", query_string={"query": "ASK {}"})
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    response = client.get("/sparql", query_string={"query": query, "format": "html"})
    assert time.monotonic() - started < 1.5 + 2
    assert response.status_code in (200, 503)
    if response.status_code == 200:
        assert "50625 results (showing the first 2000)" in response.get_data(as_text=True)


def test_only_http_iris_become_links(app_of: object) -> None:
    client = app_of()  # type: ignore[operator]
    query = (
        "SELECT ?x WHERE { VALUES ?x { <javascript:alert(document.domain)> <data:text/html,hi> "
        "<http://example.org/a> <https://example.org/b> } }"
    )
    html = client.get("/sparql", query_string={"query": query, "format": "html"}).get_data(as_text=True)
    assert 'href="javascript:' not in html and 'href="data:' not in html
    assert "javascript:alert(document.domain)" in html  # shown as text
    assert 'href="http://example.org/a"' in html and 'href="https://example.org/b"' in html


def test_a_conversion_is_made_once_and_served_from_its_file(
    app_of: object, settings: ServeSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parley.server import resources

    calls: list[object] = []
    serialize = resources.ox.serialize

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args)
        time.sleep(0.2)  # a slow conversion: the requests meanwhile wait for it
        return serialize(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(resources.ox, "serialize", counted)
    client = app_of()  # type: ignore[operator]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: client.get(f"/{MEETING}.rdf"), range(8)))
    assert {a.status_code for a in answers} == {200} and len({a.get_data() for a in answers}) == 1
    assert answers[0].mimetype == "application/rdf+xml"
    triples = set(ox.parse(answers[0].get_data(), format=ox.RdfFormat.RDF_XML))
    assert triples == set(ox.parse(path=settings.site / f"{MEETING}.ttl", format=ox.RdfFormat.TURTLE))
    client.get(f"/{MEETING}.rdf")
    assert len(calls) == 1
    assert [p.suffix for p in (settings.cache.parent / "served").iterdir()] == [".rdf"]
