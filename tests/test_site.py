"""`parley site` on the built graph/: pages, data files, links, pictures and determinism."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from parley.cli import main
from parley.config import DEFAULT_BASE as BASE
from parley.errors import InputError
from parley.site import data as graph_data
from parley.site import generate, generate_site, markup, render

GRAPH = Path("graph")
STALIN_MAO = "meeting/1950-01-22_stalin-mao"
PREFIX = "PREFIX parley: <https://w3id.org/parley/ontology#>\n"


class Page(HTMLParser):
    """The links, ids, element names and a few element texts of one HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        for name in ("href", "src"):
            if found.get(name):
                self.links.append(str(found[name]))
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag not in ("meta", "link", "input", "br", "img", "line", "circle", "rect", "polygon"):
            self.stack.append(f"{tag}.{found.get('class') or ''}")

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1].split(".")[0] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for key in set(self.stack):
            self.texts.setdefault(key, []).append(data)

    def text(self, key: str) -> str:
        return "".join(self.texts.get(key, []))

    def has(self, tag: str, **attrs: str) -> bool:
        return any(t == tag and all(a.get(k) == v for k, v in attrs.items()) for t, a in self.tags)


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.load(path=str(GRAPH / "parley.trig"), format=ox.RdfFormat.TRIG)
    return s


def select(store: ox.Store, sparql: str) -> list[ox.QuerySolution]:
    answer = store.query(PREFIX + sparql, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    return list(answer)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    summary = generate_site(GRAPH, out)
    assert summary.pages["meeting"] >= 1 and summary.files > 0
    return out


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[Path, Page]:
    return {path: Page(path.read_text(encoding="utf-8")) for path in sorted(site.rglob("*.html"))}


def page(site: Path, path: str) -> Page:
    return Page((site / path / "index.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "cls",
    [
        "Meeting",
        "Person",
        "Issue",
        "Document",
        "Claim",
        "Utterance",
        "Place",
        "Treaty",
        "Organization",
        "Event",
    ],
)
def test_a_page_and_data_files_for_every_resource(site: Path, store: ox.Store, cls: str) -> None:
    rows = select(store, f"SELECT DISTINCT ?r WHERE {{ ?r a parley:{cls} }}")
    iris = {r["r"].value for r in rows} - {i for i in (r["r"].value for r in rows) if "/entry/" in i}
    assert iris, cls
    for iri in iris:
        path = unquote(iri.removeprefix(BASE))
        for name in (f"{path}/index.html", f"{path}.ttl", f"{path}.jsonld"):
            assert (site / name).is_file(), name


def test_collection_entries_are_anchors_on_the_collection_page(site: Path, store: ox.Store) -> None:
    rows = select(store, "SELECT ?e WHERE { ?e parley:inCollection ?c FILTER(CONTAINS(STR(?e), '/entry/')) }")
    assert rows
    for row in rows:
        parent, _, n = row["e"].value.removeprefix(BASE).rpartition("/entry/")
        assert f"entry-{n}" in page(site, parent).ids


def test_meeting_page_stalin_mao(site: Path, store: ox.Store) -> None:
    html = page(site, STALIN_MAO)
    participants = html.text("table.participants")
    for name in ("Joseph Stalin", "Mao Zedong", "Zhou Enlai"):
        assert name in participants
    assert "participant" in participants and "Soviet Union" in participants
    positions = [
        int(a["value"] or 0) for t, a in html.tags if t == "li" and "passage" in (a.get("class") or "")
    ]
    expected = select(
        store, f"SELECT (COUNT(?u) AS ?n) WHERE {{ ?u parley:inMeeting <{BASE}{STALIN_MAO}> }}"
    )[0]["n"].value
    assert positions == sorted(positions) and len(positions) == int(expected)
    speakers = html.text("p.speaker")
    assert speakers.index("Joseph Stalin") < speakers.index("Mao Zedong")
    mentions = [a["href"] for t, a in html.tags if t == "a" and a.get("class") == "mention"]
    assert mentions and all((site / STALIN_MAO / urlsplit(str(h)).path).resolve().is_file() for h in mentions)
    assert any("/org/soviet-union/index.html" in str(h) for h in mentions)
    quotes = select(
        store,
        f"SELECT ?q WHERE {{ ?c parley:quote ?q ; parley:evidence/parley:inMeeting <{BASE}{STALIN_MAO}> }}",
    )
    marked = html.text("mark.claim")
    assert quotes and all(row["q"].value in marked for row in quotes)
    refs = [a["href"] for t, a in html.tags if t == "a" and a.get("class") == "claim-ref"]
    assert len(refs) == len(quotes)
    assert "Wilson Center Digital Archive" in html.text("cite.")


def test_meeting_page_links_to_the_original_record(site: Path) -> None:
    html = page(site, "meeting/1945-06-30_stalin-soong")
    assert html.has("a", href="http://digitalarchive.wilsoncenter.org/document/123400", rel="external")


def test_person_page_stalin(site: Path, store: ox.Store) -> None:
    html = page(site, "person/joseph-stalin")
    assert html.has("a", href="http://www.wikidata.org/entity/Q855", rel="external")
    assert any(link.endswith(f"{STALIN_MAO}/index.html") for link in html.links)
    quotes = select(
        store, f"SELECT ?q WHERE {{ ?c parley:claimant <{BASE}person/joseph-stalin> ; parley:quote ?q }}"
    )
    text = html.text("q.")
    assert quotes and all(row["q"].value in text for row in quotes)
    confidences = select(
        store,
        f"SELECT ?k WHERE {{ ?c parley:claimant <{BASE}person/joseph-stalin> ; parley:confidence ?k ;"
        " parley:status ?s FILTER(STRENDS(STR(?s), 'candidate')) }",
    )
    status = html.text("td.status-candidate")
    assert confidences and all(f"candidate {row['k'].value}" in status for row in confidences)


def test_missing_data_is_shown_plainly(site: Path) -> None:
    context = {
        "here": "meeting/x",
        "title": "A meeting",
        "date": None,
        "participants": [
            {
                "id": "participant-x",
                "person": None,
                "role": "secretary-of-state",
                "for": None,
                "as_written": "The Secretary",
                "title": "",
            }
        ],
    }
    html = render.page("meeting.html", context)
    assert "not recorded" in html and "not identified" in html and "The Secretary" in html
    silent = page(site, "person/chen-boda")
    assert "No claims recorded." in silent.text("section.")


def test_issue_page_has_a_marker_per_claim(site: Path, store: ox.Store) -> None:
    rows = select(store, "SELECT ?i (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c parley:onIssue ?i } GROUP BY ?i")
    assert rows
    for row in rows:
        text = (site / row["i"].value.removeprefix(BASE) / "index.html").read_text(encoding="utf-8")
        svg = text[text.index("<svg") : text.index("</svg>")]
        assert "<title" in svg and "<desc" in svg
        assert svg.count('class="claim-marker') == int(row["n"].value)


def test_index_pictures_and_search(site: Path) -> None:
    html = page(site, "").text("main.")
    root = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="picture timeline"' in root and 'class="picture network"' in root
    assert "Joseph Stalin" in html and 'role="search"' in root
    script = (site / "search-index.js").read_text(encoding="utf-8")
    assert script.startswith("window.PARLEY_SEARCH = ")
    entries = json.loads(script.removeprefix("window.PARLEY_SEARCH = ").rstrip().rstrip(";"))
    resources = json.loads((site / "resources.json").read_text(encoding="utf-8"))
    assert [e["p"] for e in entries] == [r["path"] for r in resources]


def test_dataset_page_runs_the_canned_queries(site: Path) -> None:
    html = page(site, "dataset")
    for name in Path("queries").glob("*.rq"):
        assert f"query-{name.stem}" in html.ids
    assert "subset-registry" in html.ids
    assert sum(1 for t, _ in html.tags if t == "table") >= 10
    captions = " ".join(html.text("caption.").split())  # the shipped graph's 326 claims: 100 of them shown
    assert "326 rows, the first 100 shown (parley query claims gives them all)" in captions
    for name in ("parley.trig", "parley.ttl", "void.ttl"):
        assert (site / "download" / name).read_bytes() == (GRAPH / name).read_bytes()


def test_resources_json_lists_every_page(site: Path) -> None:
    resources = json.loads((site / "resources.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in resources] == sorted(r["path"] for r in resources)
    assert {str(p.parent.relative_to(site)) for p in site.rglob("index.html")} - {"."} == {
        r["path"] for r in resources
    }
    stalin = next(r for r in resources if r["path"] == "person/joseph-stalin")
    assert "https://w3id.org/parley/ontology#Person" in stalin["types"]


def test_data_files_parse_and_hold_the_resource(site: Path, store: ox.Store) -> None:
    own: dict[str, set[ox.Triple]] = {}
    for q in store.quads_for_pattern(None, None, None, None):
        if isinstance(q.subject, ox.NamedNode):
            own.setdefault(q.subject.value, set()).add(q.triple)
    resources = json.loads((site / "resources.json").read_text(encoding="utf-8"))
    for resource in resources:
        iri = BASE + resource["path"]
        for suffix, fmt in ((".ttl", ox.RdfFormat.TURTLE), (".jsonld", ox.RdfFormat.JSON_LD)):
            parsed = {q.triple for q in ox.parse(path=str(site / (resource["path"] + suffix)), format=fmt)}
            assert own.get(iri, set()) <= parsed, resource["path"] + suffix
            assert all(t.subject.value == iri or t.subject.value.startswith(iri + "/") for t in parsed)
    meeting = rdflib.Graph().parse(site / f"{STALIN_MAO}.jsonld", format="json-ld")
    assert (rdflib.URIRef(BASE + STALIN_MAO), None, None) in meeting
    assert (rdflib.URIRef(f"{BASE}{STALIN_MAO}/utterance/2"), None, None) in meeting


def test_every_relative_link_resolves(site: Path, pages: dict[Path, Page]) -> None:
    broken = []
    for path, html in pages.items():
        for link in html.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_file():
                broken.append(f"{path.relative_to(site)}: {link}")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if parts.fragment not in ids:
                    broken.append(f"{path.relative_to(site)}: {link} (no such id)")
    assert not broken, broken[:20]


def test_html_is_semantic(pages: dict[Path, Page]) -> None:
    for path, html in pages.items():
        names = [t for t, _ in html.tags]
        assert html.tags[0] == ("html", {"lang": "en"}), path
        assert names.count("main") == 1 and names.count("h1") == 1 and "nav" in names, path


def test_mentions_link_and_claims_mark_the_right_characters() -> None:
    text = "We discussed Port Arthur. We reject it."
    mentions = [
        markup.Span(113, 124, "Port Arthur", "p.html", "mention-113-124", "Port Arthur"),
        markup.Span(115, 118, "rt ", "x.html", "mention-115-118", "overlapping"),
    ]
    claims = [markup.Span(0, 0, "We reject it.", "c.html", "claim-1", "rejects", "rejects")]
    html = markup.marked(text, 100, mentions, claims)
    assert '<a class="mention" id="mention-113-124" href="p.html" title="Port Arthur">Port Arthur</a>' in html
    assert "mention-115-118" not in html
    assert '<mark class="claim" id="claim-1" title="rejects">We reject it.</mark>' in html
    assert markup.marked("<b>", 0, [], []) == "&lt;b&gt;"


def test_cli_is_deterministic_and_refuses_foreign_folders(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    result = CliRunner().invoke(main, ["site", "--graph", str(GRAPH), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "meeting" in result.output
    first = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    second = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert first == second
    assert all((site / p).read_bytes() == (out / p).read_bytes() for p in first)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not a site"):
        generate_site(GRAPH, foreign)
    assert (foreign / "notes.txt").is_file()
    with pytest.raises(InputError, match="no resources under the base"):
        generate_site(GRAPH, tmp_path / "elsewhere", "https://example.org/other/")


def test_worker_processes_and_a_store_filled_apart_write_the_same_site(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generate, "PAGES_PER_WORKER", 0)  # the shipped graph's pages, in runs of 500
    monkeypatch.setattr(graph_data, "LOAD_APART_FROM", 0)  # the store filled in a process of its own
    out = tmp_path / "by-workers"
    generate_site(GRAPH, out, jobs=2)
    first = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert first == sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert all((site / p).read_bytes() == (out / p).read_bytes() for p in first)


@pytest.mark.parametrize(
    "path",
    ["person/..%2F..%2F..%2Fescaped", "person/%2E%2E/%2E%2E/escaped", "person/a%2F..%2F..%2F..%2Fescaped"],
)
def test_a_crafted_iri_cannot_write_outside_the_site(tmp_path: Path, path: str) -> None:
    graph = tmp_path / "crafted.trig"
    graph.write_text(
        f"<{BASE}graph/x> {{ <{BASE}{path}> a <http://xmlns.com/foaf/0.1/Person> ; "
        f'<http://www.w3.org/2000/01/rdf-schema#label> "Crafted" . '
        f"<{BASE}person/plain> a <http://xmlns.com/foaf/0.1/Person> . }}\n",
        encoding="utf-8",
    )
    out = tmp_path / "deep" / "er" / "site"
    with pytest.raises(InputError, match="would be written outside"):
        generate_site(graph, out, BASE, queries=tmp_path / "no-queries")
    assert not out.exists()
    assert [p for p in tmp_path.rglob("*") if "escaped" in p.name] == []
