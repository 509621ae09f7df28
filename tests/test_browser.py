"""`parley serve` in a real browser: headless Debian Chromium driven by Selenium.

The server runs as `parley serve` in a subprocess on a free loopback port, on the real graph/ with a
site it generates into a temporary folder. The tests read what a person sees (names, quotes, the
timeline picture) and save screenshots. The browser tests are skipped only when Debian's `chromium`
or `chromium-driver` is missing (the plain HTTP tests still run); Selenium Manager is never asked
to download a browser or a driver.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from parley.config import DEFAULT_BASE as BASE

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
MEETING = "meeting/1950-01-22_stalin-mao"
QUOTE = "There are two groups of questions which must be discussed"
PNG = b"\x89PNG\r\n\x1a\n"

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`parley serve` on the real graph, generating its site into a fresh folder; its URL."""
    folder = tmp_path_factory.mktemp("served")
    port = free_port()
    parley = Path(sys.executable).with_name("parley")
    command = [str(parley), "serve", "--site", str(folder / "site"), "--graph", str(ROOT / "graph")]
    command += ["--port", str(port), "--cache", str(folder / "store"), "--queries", str(ROOT / "queries")]
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"`parley serve` did not start:\n{(folder / 'server.log').read_text()}")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """Headless Chromium with a fresh profile, no network side traffic, no Selenium Manager."""
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        pytest.skip("needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(argument)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")  # Selenium Manager must not download anything
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def screenshot(driver: WebDriver, path: Path) -> None:
    """Save the page as a PNG and check it is one."""
    assert driver.save_screenshot(str(path))
    data = path.read_bytes()
    assert data.startswith(PNG) and len(data) > 5000, f"{path} is not a sensible PNG"


def wait(driver: WebDriver) -> WebDriverWait[WebDriver]:
    return WebDriverWait(driver, 20)


def test_from_a_meeting_to_a_person_to_an_issue(server: str, browser: WebDriver, tmp_path: Path) -> None:
    browser.get(server)
    assert "Parley" in browser.find_element(By.TAG_NAME, "h1").text
    screenshot(browser, tmp_path / "index.png")

    browser.find_element(By.PARTIAL_LINK_TEXT, "Meeting on 22 January 1950").click()
    wait(browser).until(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), "22 January 1950"))
    assert browser.current_url.startswith(f"{server}{MEETING}/")
    participants = browser.find_element(By.CSS_SELECTOR, "table.participants").text
    for name in ("Joseph Stalin", "Mao Zedong", "Andrey Vyshinsky"):
        assert name in participants
    assert QUOTE in browser.find_element(By.CSS_SELECTOR, ".transcript").text
    screenshot(browser, tmp_path / "meeting.png")

    browser.find_element(By.CSS_SELECTOR, "#participant-joseph-stalin a").click()
    wait(browser).until(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Joseph Stalin"))
    assert "/person/joseph-stalin/" in browser.current_url
    screenshot(browser, tmp_path / "person.png")

    issue_link = browser.find_element(By.CSS_SELECTOR, "main a[href*='issue/']")
    issue_name = issue_link.text
    assert issue_name
    issue_link.click()
    wait(browser).until(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), issue_name))
    assert "/issue/" in browser.current_url
    timeline = browser.find_element(By.CSS_SELECTOR, "svg.positions")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", timeline)
    assert timeline.is_displayed() and timeline.size["width"] > 200 and timeline.size["height"] > 50
    markers = timeline.find_elements(By.CSS_SELECTOR, ".claim-marker")
    assert markers and all(marker.is_displayed() for marker in markers)
    screenshot(browser, tmp_path / "issue.png")


def test_a_query_from_the_form(server: str, browser: WebDriver, tmp_path: Path) -> None:
    browser.get(server + "sparql")
    assert "meetings" in browser.find_element(By.CSS_SELECTOR, ".examples").text
    box = browser.find_element(By.ID, "query")
    box.clear()
    box.send_keys(
        "PREFIX parley: <https://w3id.org/parley/ontology#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?person ?name (COUNT(DISTINCT ?u) AS ?turns) WHERE {\n"
        f"  ?u a parley:Turn ; parley:inMeeting <{BASE}{MEETING}> ; parley:speaker ?person .\n"
        "  ?person rdfs:label ?name } GROUP BY ?person ?name ORDER BY DESC(?turns)"
    )
    browser.find_element(By.ID, "run").click()
    table = wait(browser).until(ec.visibility_of_element_located((By.ID, "results")))
    headers = [th.text for th in table.find_elements(By.TAG_NAME, "th")]
    assert headers == ["person", "name", "turns"]
    rows = [
        [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
        for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")
    ]
    names = [row[1] for row in rows]
    assert "Joseph Stalin" in names and "Mao Zedong" in names
    assert all(int(row[2]) > 0 for row in rows)
    assert "SELECT ?person ?name" in browser.find_element(By.ID, "query").get_attribute("value")  # type: ignore[operator]
    screenshot(browser, tmp_path / "sparql.png")

    table.find_element(By.LINK_TEXT, "person:joseph-stalin").click()  # the IRI, answered with 303
    wait(browser).until(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Joseph Stalin"))
    assert browser.current_url == f"{server}person/joseph-stalin/"


def test_a_mention_iri_opens_its_passage(server: str, browser: WebDriver) -> None:
    browser.get(f"{server}{MEETING}/utterance/2/mention/544-548")
    assert browser.current_url == f"{server}{MEETING}/utterance/2/#mention-544-548"
    mention = browser.find_element(By.ID, "mention-544-548")
    assert mention.is_displayed() and mention.text == "USSR"


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [("text/turtle", ox.RdfFormat.TURTLE), ("application/ld+json", ox.RdfFormat.JSON_LD)],
)
def test_content_negotiation_returns_parseable_rdf(server: str, accept: str, fmt: ox.RdfFormat) -> None:
    request = urllib.request.Request(server + MEETING, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers.get_content_type() == accept
        triples = {quad.triple for quad in ox.parse(response.read(), format=fmt)}
    meeting = ox.NamedNode(BASE + MEETING)
    stalin = ox.NamedNode(BASE + "person/joseph-stalin")
    assert any(t.subject == meeting for t in triples)
    assert stalin in {t.object for t in triples}


def test_sparql_json_over_http(server: str) -> None:
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    request = urllib.request.Request(
        f"{server}sparql?{query}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        count = json.load(response)["results"]["bindings"][0]["n"]["value"]
    assert int(count) > 10000
