"""The README's commands for each store users run, run here on 127.0.0.1 on free ports: Oxigraph (pip
package oxigraph), OpenLink Virtuoso 7.2 (Debian virtuoso-opensource) and Apache Jena TDB2 4.5 (Debian
libapache-jena-java). Then every canned query must give the embedded store's rows in the same order.

A store whose package is missing is skipped with the reason; `.ci/run` installs them all. Cost on
2 cores: Oxigraph about 4 s, Virtuoso about 9 s (5 of them starting it), Jena about 34 s (a JVM per query).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from helpers import ROOT
from oxiserver import free_port, oxigraph_command
from parley.canned import Runner, Table, catalogue, query, query_text
from parley.errors import EndpointError
from parley.load import FINGERPRINT, Loaded, Tally, check_content, write_nquads
from parley.remote import Auth, Connection
from parley.store import graph_files, open_store

pytestmark = pytest.mark.stores

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
PARAMS = {
    "meeting": "meeting:1945-07-02_soong-stalin",
    "issue": "issue:outer-mongolia-status",
    "text": "Mongolia",
    "person": "Q855",
    "entity": "Q855",
    "status": "reviewed",
    "min-confidence": "0.6",
}


def _cases() -> list[tuple[str, dict[str, str]]]:
    """Each local canned query with no parameters (where it allows that) and with all its examples."""
    cases = []
    for q in catalogue(ROOT / "queries"):
        if q.network:
            continue
        if not any(p.required for p in q.params):
            cases.append((q.name, {}))
        if q.params:
            cases.append((q.name, {p.name: PARAMS[p.name] for p in q.params}))
    return cases


CASES = _cases()
IDS = [name + ("-params" if params else "") for name, params in CASES]


def _section(title: str) -> str:
    start = README.index(f"\n### {title}\n")
    end = min(i for i in (README.find("\n### ", start + 1), README.find("\n## ", start + 1)) if i > 0)
    return README[start:end]


def _block(section: str, language: str) -> str:
    found = re.findall(rf"```{language}\n(.*?)```", section, re.S)
    assert len(found) == 1, f"expected one ```{language} block"
    return str(found[0])


def _install_line(commands: list[str], installer: str) -> list[str]:
    """The packages of the README's install line, checked against what CI installs; the other lines."""
    first, *rest = commands
    assert first.startswith(installer + " "), first
    for package in first.split()[2:]:
        assert re.search(rf"\b{re.escape(package)}\b", CI if installer == "apt-get install" else _pyproject())
    return rest


def _pyproject() -> str:
    return (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def _folder(tmp: Path) -> Path:
    """A folder to run a store's commands in, holding (links to) the built graph and the queries."""
    for name in ("graph", "queries"):
        (tmp / name).symlink_to(ROOT / name)
    return tmp


def _environment() -> dict[str, str]:
    """This environment with the `parley` of this Python first on the PATH."""
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def _run(command: str, folder: Path, **env: str) -> str:
    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", command],
        cwd=folder,
        env={**_environment(), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, f"{command}\n{run.stdout}\n{run.stderr}"
    return run.stdout


def _background(command: str, folder: Path, log: Path) -> subprocess.Popen[bytes]:
    assert command.endswith(" &"), command
    with log.open("wb") as out:
        return subprocess.Popen(
            ["bash", "-c", "exec " + command[:-2]], cwd=folder, env=_environment(), stdout=out, stderr=out
        )


def _wait(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 90) -> None:
    """Wait until `url` answers 200, or fail with the server's log."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the server exited with {process.returncode}: {log.read_text(errors='replace')}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError(f"no answer from {url} within {seconds} s: {log.read_text(errors='replace')}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    return open_store(ROOT / "graph", cache=tmp_path_factory.mktemp("embedded") / "store")


def _expected(embedded: ox.Store, name: str, params: dict[str, str]) -> Table:
    table = query(name, params=params, store=embedded, queries=ROOT / "queries")
    assert table.rows, f"{name} {params}: no rows to compare"
    return table


def _assert_same(there: Table, here: Table) -> None:
    assert there.columns == here.columns
    assert [list(map(str, row)) for row in there.rows] == [list(map(str, row)) for row in here.rows]
    assert there.warnings == ()


# Oxigraph


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """The README's Oxigraph commands: start the server, load, query; the endpoint and the outputs."""
    if oxigraph_command() is None:
        pytest.skip("the `oxigraph` server (pip package oxigraph, in the test extra) is not installed")
    folder = _folder(tmp_path_factory.mktemp("oxigraph"))
    port = str(free_port())
    commands = _block(_section("Oxigraph"), "sh").replace("7878", port).strip().splitlines()
    start, *rest = _install_line(commands, "pip install")
    server = _background(start, folder, folder / "server.log")
    try:
        _wait(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", server, folder / "server.log")
        yield f"http://127.0.0.1:{port}/query", [_run(command, folder) for command in rest]
    finally:
        _stop(server)


def test_oxigraph_readme_commands(oxigraph: tuple[str, list[str]]) -> None:
    _, (loaded, meetings) = oxigraph
    assert loaded.startswith(f"loaded {len(graph_files(ROOT / 'graph') or {})} graphs")
    assert meetings.rstrip().endswith("(9 rows)")  # 8 recorded, 1 recounted


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_oxigraph_same_rows(
    oxigraph: tuple[str, list[str]], embedded: ox.Store, name: str, params: dict[str, str]
) -> None:
    here = _expected(embedded, name, params)
    _assert_same(query(name, params=params, endpoint=oxigraph[0], queries=ROOT / "queries"), here)


# Virtuoso


@dataclass(frozen=True)
class Virtuoso:
    """A Virtuoso started and loaded by the README's commands."""

    folder: Path
    sql: str  # host:port of its SQL server, for isql-vt
    endpoint: str
    graph_store: str
    outputs: list[str]

    def sql_exec(self, statements: str) -> str:
        return _run(f"isql-vt {self.sql} dba dba exec={_quote(statements)}", self.folder)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        pytest.skip("Virtuoso (Debian package virtuoso-opensource, installed by .ci/run) is not installed")
    folder = _folder(tmp_path_factory.mktemp("virtuoso"))
    sql, http = str(free_port()), str(free_port())
    section = _section("OpenLink Virtuoso 7.2").replace(":1111", f":{sql}").replace(":8890", f":{http}")
    (folder / "virtuoso.ini").write_text(_block(section, "ini"), encoding="utf-8")
    commands = _install_line(_block(section, "sh").strip().splitlines(), "apt-get install")
    start, *rest = commands
    server = _background(start, folder, folder / "server.log")
    base = f"http://127.0.0.1:{http}"
    try:
        _wait(f"{base}/sparql?query=ASK%7B%7D", server, folder / "server.log")
        outputs = [_run(command, folder) for command in rest]
        yield Virtuoso(
            folder, f"127.0.0.1:{sql}", f"{base}/sparql", f"{base}/sparql-graph-crud-auth", outputs
        )
    finally:
        _stop(server)


def test_virtuoso_readme_commands(virtuoso: Virtuoso) -> None:
    _, loaded, meetings = virtuoso.outputs
    assert loaded.startswith(f"loaded {len(graph_files(ROOT / 'graph') or {})} graphs")
    assert meetings.rstrip().endswith("(9 rows)")  # 8 recorded, 1 recounted


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_virtuoso_same_rows(
    virtuoso: Virtuoso, embedded: ox.Store, name: str, params: dict[str, str]
) -> None:
    here = _expected(embedded, name, params)
    _assert_same(query(name, params=params, endpoint=virtuoso.endpoint, queries=ROOT / "queries"), here)


def _load(virtuoso: Virtuoso, *options: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["parley", "load", "--endpoint", virtuoso.endpoint, "--graph-store", virtuoso.graph_store, *options],
        cwd=virtuoso.folder,
        env={**_environment(), **env},
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def test_virtuoso_says_why_it_refuses(virtuoso: Virtuoso) -> None:
    virtuoso.sql_exec("DB.DBA.USER_CREATE('reader', 'reader-secret');")
    refused = _load(virtuoso, "--user", "reader", "--digest", PARLEY_PASSWORD="reader-secret")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "access refused (HTTP 403)" in refused.stderr
    assert "SQ110:SECURITY: Permission denied" in refused.stderr  # Virtuoso's own words

    basic = _load(virtuoso, "--user", "parley", PARLEY_PASSWORD="parley-secret")
    assert basic.returncode == 1 and "authentication failed (HTTP 401)" in basic.stderr
    assert "needs --digest" in basic.stderr


def test_virtuoso_turtle_upload_is_caught_by_content(virtuoso: Virtuoso) -> None:
    """What Parley sent before: Turtle with escaped local names. Virtuoso keeps the backslashes; the
    triple count agrees, the content check does not."""
    path = ROOT / "graph" / "documents" / "1945-06-30_stalin-soong.ttl"
    assert "\\/" in path.read_text(encoding="utf-8")
    name = "urn:parley-test:turtle"
    tally = Tally()
    for triple in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
        tally.add(triple)
    auth = Auth("parley", "parley-secret", digest=True)
    try:
        with Connection(auth=auth, retries=0) as http:
            http.put(f"{virtuoso.graph_store}?graph={urllib.parse.quote(name, safe='')}", path, "text/turtle")
            runner = Runner(endpoint=virtuoso.endpoint, connection=http)
            count = runner.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
            assert count.rows[0][0] == ox.Literal(tally.counts[0])  # the count check of old would pass
            with pytest.raises(EndpointError, match=f"{name}: characters of IRIs sent"):
                check_content(
                    [Loaded(name, tally.counts[0], tally.fingerprint())],
                    endpoint=virtuoso.endpoint,
                    runner=runner,
                )
    finally:
        virtuoso.sql_exec(f"SPARQL CLEAR GRAPH <{name}>;")


def test_virtuoso_cut_answer_warns(virtuoso: Virtuoso) -> None:
    with Connection() as http:
        table = Runner(endpoint=virtuoso.endpoint, connection=http).select("SELECT * WHERE { ?s ?p ?o }")
    assert len(table.rows) == 10000
    assert len(table.warnings) == 1 and "cut the answer at 10000 rows (X-SPARQL-MaxRows)" in table.warnings[0]


# Jena TDB2


FAST_START = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]  # a JVM per query: 0.8 s instead of 1.3 s


@dataclass(frozen=True)
class Jena:
    """A TDB2 database loaded by the README's commands, and the class path they set up."""

    folder: Path
    classpath: str
    output: str
    written: list[Loaded]

    def select(self, sparql: str, *, union: bool = True) -> Table:
        (self.folder / "q.rq").write_text(sparql, encoding="utf-8")
        command = [
            "java",
            *FAST_START,
            "-cp",
            self.classpath,
            "tdb2.tdbquery",
            "--loc",
            str(self.folder / "parley-tdb2"),
        ]
        command += ["--set", "tdb:unionDefaultGraph=true"] if union else []
        run = subprocess.run(
            [*command, "--results=json", "--query", str(self.folder / "q.rq")],
            capture_output=True,
            timeout=120,
            check=True,
        )
        answer = ox.parse_query_results(run.stdout, format=ox.QueryResultsFormat.JSON)
        assert isinstance(answer, ox.QuerySolutions)
        columns = tuple(v.value for v in answer.variables)
        return Table(columns, tuple(tuple(row[c] for c in columns) for row in answer))


@pytest.fixture(scope="module")
def jena(tmp_path_factory: pytest.TempPathFactory) -> Jena:
    if not Path("/usr/share/java/jena-tdb2.jar").exists():
        pytest.skip("Jena (Debian package libapache-jena-java, installed by .ci/run) is not installed")
    for tool in ("java", "unzip"):
        if shutil.which(tool) is None:
            pytest.skip(f"`{tool}` is not installed (.ci/run installs it)")
    folder = _folder(tmp_path_factory.mktemp("jena"))
    commands = _install_line(
        _block(_section("Apache Jena TDB2 4.5"), "sh").strip().splitlines(), "apt-get install"
    )
    output = _run("\n".join([*commands, 'printf %s "$JENA" > classpath']), folder)
    written = write_nquads(ROOT / "graph", folder / "again.nq")
    return Jena(folder, (folder / "classpath").read_text(encoding="utf-8"), output, written)


def test_jena_readme_commands(jena: Jena, embedded: ox.Store) -> None:
    meetings = _expected(embedded, "meetings", {})
    for row in meetings.rows:
        assert f"<{row[0]}>" in jena.output or str(row[0]) in jena.output
    assert (jena.folder / "parley.nq").read_bytes() == (jena.folder / "again.nq").read_bytes()


def test_jena_holds_what_was_written(jena: Jena) -> None:
    """The fingerprint query on TDB2 gives the numbers `parley load` computes while writing."""
    table = jena.select(FINGERPRINT, union=False)
    found = {
        row[0].value: tuple(int(t.value) for t in row[1:] if t is not None) for row in table.rows if row[0]
    }
    assert found == {item.graph: item.fingerprint for item in jena.written}


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_jena_same_rows(jena: Jena, embedded: ox.Store, name: str, params: dict[str, str]) -> None:
    here = _expected(embedded, name, params)
    there = jena.select(query_text(name, params=params, queries=ROOT / "queries", store=embedded))
    _assert_same(there, here)


FIRST = {name: (name, params) for name, params in reversed(CASES)}  # each query once


@pytest.mark.parametrize(("name", "params"), sorted(FIRST.values()), ids=sorted(FIRST))
def test_jena_without_the_union_default_graph(
    jena: Jena, embedded: ox.Store, name: str, params: dict[str, str]
) -> None:
    """What the README says: without it every canned query but `unlinked` (which names the
    registry's graph) answers nothing."""
    here = _expected(embedded, name, params)
    there = jena.select(
        query_text(name, params=params, queries=ROOT / "queries", store=embedded), union=False
    )
    if name == "unlinked":
        _assert_same(there, here)
    else:
        assert there.columns == here.columns and there.rows == ()


def test_sparql_option_prints_the_bound_query(embedded: ox.Store) -> None:
    text = _run("parley query claims --param person=Q855 --sparql", ROOT)
    assert "VALUES (?claimant) { (<https://w3id.org/parley/person/joseph-stalin>) }" in text
    answer = embedded.query(text, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    assert len(list(answer)) == len(_expected(embedded, "claims", {"person": "Q855"}).rows)
