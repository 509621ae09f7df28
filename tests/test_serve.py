"""`parley serve` in-process: content negotiation, sub-resources, traversal, and the SPARQL endpoint.

The site is a small hand-made folder in the layout of `parley site` (page `{path}/index.html`,
`{path}.ttl`, `{path}.jsonld`), built in code from a small TriG dataset.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from werkzeug.test import Client, TestResponse
from werkzeug.wrappers import Request

from parley.config import DEFAULT_BASE as BASE
from parley.server import App, ServeSettings

ROOT = Path(__file__).resolve().parents[1]
MEETING = "meeting/1950-01-22_stalin-mao"
UTTERANCE = f"{MEETING}/utterance/2"
MENTION = f"{UTTERANCE}/mention/3-9"
PARTICIPANT = f"{MEETING}/participant/joseph-stalin"
PERSON = "person/joseph-stalin"
PAGES = (MEETING, UTTERANCE, PERSON)
TRIG = f"""
@prefix parley: <https://w3id.org/parley/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@base <{BASE}> .
<graph/1950-01-22_stalin-mao> {{
  <{MEETING}> a parley:Meeting ; rdfs:label "Stalin and Mao, 22 January 1950"@en ;
    parley:participation <{PARTICIPANT}> .
  <{PARTICIPANT}> a parley:Participation ; parley:participant <{PERSON}> .
  <{UTTERANCE}> a parley:Turn ; parley:inMeeting <{MEETING}> ; parley:speaker <{PERSON}> ;
    parley:text "We must change the treaty."@en .
  <{MENTION}> a parley:Mention ; parley:beginIndex 3 ; parley:endIndex 9 ; parley:refersTo <{PERSON}> .
}}
<graph/registry> {{ <{PERSON}> a foaf:Person ; rdfs:label "Joseph Stalin"@en . }}
"""
RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
EXPENSIVE = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"
)


def write_site(folder: Path, dataset: ox.Store) -> None:
    """Pages of PAGES: each describes its subject and the sub-resources below it that have no page."""
    (folder / "index.html").parent.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text("<h1>Parley</h1>", encoding="utf-8")
    triples = [q.triple for q in dataset]
    for path in PAGES:
        iri = BASE + path
        own = [
            t
            for t in triples
            if t.subject.value == iri
            or (t.subject.value.startswith(iri + "/") and not any(t.subject.value == BASE + p for p in PAGES))
        ]
        page = folder / path
        page.mkdir(parents=True, exist_ok=True)
        (page / "index.html").write_text(f"<h1>{path}</h1><p id='mention-3-9'>…</p>", encoding="utf-8")
        for suffix, fmt in ((".ttl", ox.RdfFormat.TURTLE), (".jsonld", ox.RdfFormat.JSON_LD)):
            page.with_name(page.name + suffix).write_bytes(ox.serialize(own, format=fmt) or b"")


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> ServeSettings:
    folder = tmp_path_factory.mktemp("serve")
    graph = folder / "parley.trig"
    graph.write_text(TRIG, encoding="utf-8")
    dataset = ox.Store()
    dataset.load(path=str(graph), format=ox.RdfFormat.TRIG)
    write_site(folder / "site", dataset)
    (folder / "secret.txt").write_text("do not serve", encoding="utf-8")
    return ServeSettings(
        site=folder / "site", graph=graph, cache=folder / "cache", queries=ROOT / "queries", workers=1
    )


@pytest.fixture(scope="module")
def client(settings: ServeSettings) -> Iterator[Client]:
    app = App(settings)
    try:
        yield Client(app)
    finally:
        app.close()


def parsed(response: TestResponse) -> set[ox.Triple]:
    media = str(response.mimetype)
    return {q.triple for q in ox.parse(response.get_data(), format=RDF_TYPES[media])}


# ---------------------------------------------------------------- content negotiation


@pytest.mark.parametrize(
    ("accept", "location"),
    [
        ("text/html", f"/{MEETING}/"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", f"/{MEETING}/"),
        ("text/turtle", f"/{MEETING}.ttl"),
        ("application/ld+json", f"/{MEETING}.jsonld"),
        ("application/n-triples", f"/{MEETING}.nt"),
        ("application/rdf+xml;q=0.9, text/turtle;q=0.5", f"/{MEETING}.rdf"),
        (None, f"/{MEETING}/"),
    ],
)
def test_resource_redirects_by_accept(client: Client, accept: str | None, location: str) -> None:
    response = client.get(f"/{MEETING}", headers={"Accept": accept} if accept else {})
    assert response.status_code == 303
    assert response.headers["Location"] == location
    assert response.headers["Vary"] == "Accept"


@pytest.mark.parametrize("accept", list(RDF_TYPES))
def test_negotiated_rdf_parses_and_describes_the_resource(client: Client, accept: str) -> None:
    response = client.get(f"/{MEETING}", headers={"Accept": accept}, follow_redirects=True)
    assert response.status_code == 200
    assert response.mimetype == accept
    triples = parsed(response)
    meeting = ox.NamedNode(BASE + MEETING)
    label = ox.Literal("Stalin and Mao, 22 January 1950", language="en")
    assert ox.Triple(meeting, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), label) in triples
    participant = ox.NamedNode(BASE + PARTICIPANT)
    assert any(t.subject == participant for t in triples), "a participation is described on its meeting"


def test_html_is_the_page(client: Client) -> None:
    response = client.get(f"/{PERSON}", headers={"Accept": "text/html"}, follow_redirects=True)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert f"<h1>{PERSON}</h1>" in response.get_data(as_text=True)


def test_files_are_served_with_their_media_type(client: Client) -> None:
    assert client.get(f"/{PERSON}.ttl").mimetype == "text/turtle"
    assert client.get(f"/{PERSON}.jsonld").mimetype == "application/ld+json"
    assert client.get("/").mimetype == "text/html"


def test_unsupported_accept_is_406(client: Client) -> None:
    response = client.get(f"/{MEETING}", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.get_data(as_text=True)
    assert response.headers["Vary"] == "Accept"


@pytest.mark.parametrize(
    ("path", "accept", "location"),
    [
        (MENTION, "text/html", f"/{UTTERANCE}/#mention-3-9"),
        (MENTION, "text/turtle", f"/{UTTERANCE}.ttl"),
        (PARTICIPANT, "text/html", f"/{MEETING}/#participant-joseph-stalin"),
        (PARTICIPANT, "application/ld+json", f"/{MEETING}.jsonld"),
    ],
)
def test_sub_resources_go_to_their_parent(client: Client, path: str, accept: str, location: str) -> None:
    response = client.get(f"/{path}", headers={"Accept": accept})
    assert response.status_code == 303
    assert response.headers["Location"] == location


@pytest.mark.parametrize(
    ("path", "page", "anchor"),
    [
        ("meeting/X/utterance/2/mention/3-9", "meeting/X/utterance/2", "mention-3-9"),
        ("doc/X/mention/446-451", "doc/X", "mention-446-451"),
        ("doc/X/entry/9", "doc/X", "entry-9"),
        ("doc/X/entry/9/mention/4663-4670", "doc/X", "entry-9"),
        ("meeting/X/participant/joseph-stalin", "meeting/X", "participant-joseph-stalin"),
        ("meeting/X/utterance/2", "meeting/X", ""),
    ],
)
def test_anchor_of_a_sub_resource(path: str, page: str, anchor: str) -> None:
    from parley.server.resources import fragment

    assert fragment(path, page) == anchor


def test_sub_resource_triples_are_in_the_parent_description(client: Client) -> None:
    response = client.get(f"/{MENTION}", headers={"Accept": "text/turtle"}, follow_redirects=True)
    assert any(t.subject == ox.NamedNode(BASE + MENTION) for t in parsed(response))


@pytest.mark.parametrize(
    "path",
    [
        "/person/nobody",
        f"/{MEETING}/utterance/2/mention/1-2",  # looks like a mention, but is not in the graph
        f"/{MEETING}/participant/nobody",
        "/nothing.ttl",
    ],
)
def test_unknown_paths_are_404_pages(client: Client, path: str) -> None:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "There is no page" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/person/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/person/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/..\\secret.txt",
        "/%2e%2e%5csecret.txt",
    ],
)
def test_no_path_traversal(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "do not serve" not in body and "root:" not in body


def test_the_site_is_read_only(client: Client) -> None:
    assert client.post(f"/{MEETING}.ttl", data="x").status_code == 405


# ---------------------------------------------------------------- SPARQL

SELECT = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s"""


def test_sparql_form_lists_the_canned_queries(client: Client) -> None:
    response = client.get("/sparql")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<textarea" in html and 'id="run"' in html
    assert "sparql?example=meetings" in html
    assert "Which meetings do the records describe" in html


def test_sparql_example_fills_the_form(client: Client) -> None:
    html = client.get("/sparql?example=meetings").get_data(as_text=True)
    assert "SELECT DISTINCT ?meeting" in html


def test_sparql_json(client: Client) -> None:
    response = client.get(
        "/sparql", query_string={"query": SELECT}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    data = json.loads(response.get_data())
    assert data["head"]["vars"] == ["s", "label"]
    labels = [b["label"]["value"] for b in data["results"]["bindings"]]
    assert labels == ["Stalin and Mao, 22 January 1950", "Joseph Stalin"]


def test_sparql_json_by_default_and_by_post(client: Client) -> None:
    by_form = client.post("/sparql", data={"query": SELECT}, headers={"Accept": "*/*"})
    by_body = client.post("/sparql", data=SELECT, content_type="application/sparql-query")
    for response in (by_form, by_body):
        assert response.status_code == 200, response.get_data(as_text=True)
        assert len(json.loads(response.get_data())["results"]["bindings"]) == 2


def test_sparql_xml(client: Client) -> None:
    response = client.get(
        "/sparql", query_string={"query": SELECT}, headers={"Accept": "application/sparql-results+xml"}
    )
    answer = ox.parse_query_results(response.get_data(), format=ox.QueryResultsFormat.XML)
    assert isinstance(answer, ox.QuerySolutions)
    assert len(list(answer)) == 2


def test_sparql_csv(client: Client) -> None:
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "text/csv"})
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows == [
        ["s", "label"],
        [BASE + MEETING, "Stalin and Mao, 22 January 1950"],
        [BASE + PERSON, "Joseph Stalin"],
    ]


def test_sparql_html_table_links_local_resources(client: Client) -> None:
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "text/html"})
    html = response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert '<table id="results">' in html and "<th>label</th>" in html
    assert "Joseph Stalin" in html
    assert f'href="/{PERSON}"' in html
    assert "2 results" in html


def test_sparql_format_parameter_overrides_accept(client: Client) -> None:
    response = client.get("/sparql", query_string={"query": SELECT, "format": "csv"})
    assert response.mimetype == "text/csv"


def test_sparql_ask(client: Client) -> None:
    response = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert json.loads(response.get_data()) == {"head": {}, "boolean": True}


def test_sparql_construct_is_turtle(client: Client) -> None:
    query = f"CONSTRUCT {{ <{BASE}{PERSON}> ?p ?o }} WHERE {{ <{BASE}{PERSON}> ?p ?o }}"
    response = client.get("/sparql", query_string={"query": query})
    assert response.mimetype == "text/turtle"
    triples = {q.triple for q in ox.parse(response.get_data(), format=ox.RdfFormat.TURTLE)}
    assert len(triples) == 2


def test_sparql_construct_as_html_table(client: Client) -> None:
    query = f"DESCRIBE <{BASE}{PERSON}>"
    html = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/html"}).get_data(
        as_text=True
    )
    assert "<th>subject</th>" in html and "Joseph Stalin" in html


def test_sparql_unacceptable_is_406(client: Client) -> None:
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "image/png"})
    assert response.status_code == 406


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET", "query_string": {"update": "CLEAR ALL"}},
        {"method": "POST", "data": {"update": "DROP ALL"}},
        {
            "method": "POST",
            "data": "INSERT DATA { <a:s> <a:p> <a:o> }",
            "content_type": "application/sparql-update",
        },
        {"method": "GET", "query_string": {"query": "PREFIX a: <a:>\nDELETE WHERE { ?s ?p ?o }"}},
        {"method": "POST", "data": {"query": "# a comment\nLOAD <http://example.org/x.ttl>"}},
    ],
)
def test_updates_are_refused(client: Client, request_kwargs: dict[str, object]) -> None:
    response = client.open("/sparql", **request_kwargs)  # type: ignore[arg-type]
    assert response.status_code == 400
    assert "read-only" in response.get_data(as_text=True)
    count = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    assert json.loads(count.get_data())["results"]["bindings"][0]["n"]["value"] == "15"


def test_an_oversized_request_is_413(client: Client) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 2_000_000
    response = client.post("/sparql", data=query, content_type="application/sparql-query")
    assert response.status_code == 413


def test_malformed_query_is_400_with_the_parsers_message(client: Client) -> None:
    response = client.get("/sparql", query_string={"query": "SELEC ?x WHERE { ?x ?y ?z }"})
    assert response.status_code == 400
    assert "malformed query: error at 1:" in response.get_data(as_text=True)


def test_malformed_query_in_the_form_shows_the_message(client: Client) -> None:
    response = client.get(
        "/sparql", query_string={"query": "SELECT ?x WHERE {"}, headers={"Accept": "text/html"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'class="error"' in html and "malformed query" in html
    assert "SELECT ?x WHERE {</textarea>" in html


def test_an_expensive_query_is_stopped_at_the_time_limit(settings: ServeSettings) -> None:
    app = App(replace(settings, query_timeout=1))
    try:
        client = Client(app)
        client.get("/sparql", query_string={"query": "ASK {}"})  # a worker is up
        started = time.monotonic()
        response = client.get("/sparql", query_string={"query": EXPENSIVE})
        assert time.monotonic() - started < 5
        assert response.status_code == 503
        assert "longer than 1 s" in response.get_data(as_text=True)
        after = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
        assert json.loads(after.get_data())["boolean"] is True
    finally:
        app.close()


@pytest.mark.parametrize(
    "path", ["..", "../secret.txt", "person/../../secret.txt", "/etc/passwd", "..\\secret.txt", "a\x00b"]
)
def test_locate_refuses_paths_outside_the_site(settings: ServeSettings, path: str) -> None:
    from parley.server.resources import Site

    assert Site(settings.site, base=BASE).locate(path) is None


def test_symlinks_out_of_the_site_are_not_followed(settings: ServeSettings, tmp_path: Path) -> None:
    from parley.server.resources import Site

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<h1>x</h1>")
    (tmp_path / "site" / "leak.txt").symlink_to(settings.site.parent / "secret.txt")
    response = Client(Request.application(Site(tmp_path / "site", base=BASE))).get("/leak.txt")
    assert response.status_code == 404
