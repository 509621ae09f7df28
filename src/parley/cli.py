"""The `parley` command: a thin layer over the library; errors become one clean message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import click
from rich.progress import Progress

from parley import build as api
from parley.claims.model import SHOWN_CONFIDENCE
from parley.corpus import display_name, scan
from parley.errors import ParleyError, ValidationFailed
from parley.findings import shortened
from parley.model import Severity
from parley.project import Project, load_project

if TYPE_CHECKING:
    from parley.remote import Auth


class ParleyGroup(click.Group):
    """A click group that turns any ParleyError into a one-line message and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ParleyError as err:
            raise click.ClickException(str(err)) from err


@click.group(cls=ParleyGroup)
@click.version_option(package_name="parley")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Parley: turn transcripts of diplomatic meetings into a validated RDF knowledge graph.

    Every command works on the project found from the working folder upwards (the folder holding
    parley.toml; `parley init` makes one), and says which on its first line (on stderr)."""
    if ctx.invoked_subcommand == "init":
        return
    project = load_project()
    ctx.obj = project
    click.echo(project.describe(), err=True)
    for note in project.notes:
        click.echo(f"Warning: {note}", err=True)


def _project() -> Project:
    """The project the group found for this command."""
    project = click.get_current_context().find_root().obj
    assert isinstance(project, Project)
    return project


@main.command()
@click.argument("corpus", required=False, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Folder the graph is written to [default: the project's graph/].",
)
@click.option("--base", help="Base IRI of the published resources [default: parley.toml's base].")
@click.option(
    "--mappings", type=click.Path(path_type=Path), help="Registry folder [default: the project's mappings/]."
)
@click.option("--strict", is_flag=True, help="Fail on any warning.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@click.option(
    "--jobs", default=0, type=click.IntRange(0), help="Worker processes (default: one per core; 1: none)."
)
@click.option(
    "--max-document-mb",
    default=100.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Refuse (with an error, building the others) a source file larger than this.",
)
@click.option(
    "--max-document-seconds",
    default=60.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="CPU seconds per MB of a source file (and at least this) that reading and parsing it, or "
    "mapping and validating it, may take; an overrun is an error naming the file and the others "
    "build. 0: no limit.",
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the incremental build's cache (delete it for a full build) [default: the "
    "project's .parley-cache/].",
)
@click.option(
    "--dumps/--no-dumps",
    default=True,
    show_default=True,
    help="Write the whole-dataset files parley.trig and parley.ttl; --no-dumps removes them "
    "(republishing one record of a large archive then rewrites only that record's files).",
)
def build(
    corpus: Path | None,
    out: Path | None,
    base: str | None,
    mappings: Path | None,
    strict: bool,
    no_validate: bool,
    jobs: int,
    max_document_mb: float,
    max_document_seconds: float,
    cache: Path | None,
    dumps: bool,
) -> None:
    """Build the knowledge graph of CORPUS (default: the project's corpus/) into --out; unchanged
    documents come from the cache."""
    given = {"corpus": corpus, "out": out, "base": base, "mappings": mappings, "cache": cache}
    settings = _project().settings(
        **{key: value for key, value in given.items() if value is not None},
        strict=strict,
        validate=not no_validate,
        jobs=jobs,
        max_document_mb=max_document_mb,
        max_document_seconds=max_document_seconds,
        dumps=dumps,
    )
    scanned = scan(settings.corpus)
    with Progress(transient=True, disable=len(scanned[0]) < 50) as bar:
        task = bar.add_task("reading", total=None)  # a file is read once, and each of its documents built
        result = api.build(
            settings, progress=lambda name: bar.update(task, advance=1, description=name), scanned=scanned
        )
    sources = display_name(settings.corpus, settings.corpus / "sources.csv")
    shown = [f for f in result.findings if f.severity is not Severity.INFO or f.file == sources]
    one_by_one, kinds = shortened(shown)
    for finding in one_by_one:
        click.echo(str(finding), err=True)
    if kinds:
        where = f"{_shown(settings.out)}/report.json"
        total = sum(k.count for k in kinds)
        click.echo(f"{total:,} warnings, by kind (every one is listed in {where}):", err=True)
        for k in kinds:
            first = f"{k.first.file}:{k.first.line}" + (
                f": {k.first.message}" if k.first.message != k.kind else ""
            )
            click.echo(f"  {k.count:>7,} x {k.kind} ({k.files:,} files; the first: {first})", err=True)
    counts = result.summary()
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    click.echo(f"built {_shown(settings.out)}/: {summary}")
    if counts["errors"]:
        raise click.ClickException("some documents could not be built; see the errors above")


@main.command("link")
@click.option(
    "--mappings",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Registry folder [default: the project's mappings/].",
)
@click.option(
    "--endpoint",
    default="https://query.wikidata.org/sparql",
    show_default=True,
    help="SPARQL endpoint to reconcile against.",
)
@click.option("--entity", "entity_ids", multiple=True, help="Reconcile only this registry id (repeatable).")
@click.option(
    "--accept/--dry-run",
    default=False,
    help="Ask before writing each best candidate to mappings/ (default: print only).",
)
@click.option(
    "--accept-above",
    type=click.FloatRange(0, 1),
    metavar="SCORE",
    help="Without asking, write every best candidate scoring at least SCORE.",
)
@click.option("--at", type=click.DateTime(["%Y-%m-%d"]), help="Date of the records [default: link.yaml].")
@click.option(
    "--cache",
    type=click.Path(path_type=Path),
    help="Folder caching the endpoint's answers [default: the project's .parley-cache/wikidata/].",
)
@click.option(
    "--retries",
    default=4,
    show_default=True,
    type=click.IntRange(0, 10),
    help="Retries (with backoff) on 429, 5xx, timeouts and refused connections.",
)
def link_command(
    mappings: Path | None,
    endpoint: str,
    entity_ids: tuple[str, ...],
    accept: bool,
    accept_above: float | None,
    at: dt.datetime | None,
    cache: Path | None,
    retries: int,
) -> None:
    """Reconcile registry entities that have no Wikidata id, and print ranked candidates."""
    from parley.link import Reconciliation, describe, link  # the network stack only when linking

    project = _project()
    if mappings is None:
        mappings = project.own_mappings
        if not mappings.is_dir():
            raise click.UsageError(f"{mappings}: no such folder; `parley init` makes one, or give --mappings")
    cache = cache or project.cache / "wikidata"

    def ask(rec: Reconciliation) -> bool:
        click.echo(describe(rec))
        return click.confirm(f"  accept {rec.best.candidate.qid if rec.best else ''}?", default=False)

    asked = accept and accept_above is None
    results = link(
        mappings,
        endpoint=endpoint,
        entity_ids=entity_ids,
        accept_above=accept_above,
        confirm=ask if asked else None,
        at=at.date() if at else None,
        cache_dir=cache,
        retries=retries,
    )
    for rec in results:
        if asked and rec.best:
            if rec.accepted:
                click.echo(f"  wrote {rec.best.candidate.qid} to {rec.entity.source_file}")
            continue
        click.echo(describe(rec))


@main.command()
@click.argument("graph", required=False, type=click.Path(path_type=Path))
@click.option("--report", type=click.Path(path_type=Path), help="Write the sh:ValidationReport here.")
@click.option(
    "--engine",
    type=click.Choice(["fast", "pyshacl"]),
    default="fast",
    show_default=True,
    help="The SHACL engine: Parley's compiled SPARQL checks, or pyshacl (the reference, much slower).",
)
def validate(graph: Path | None, report: Path | None, engine: Literal["fast", "pyshacl"]) -> None:
    """Validate a built GRAPH folder (or a .trig, .nq or .ttl file; default: the project's graph/)
    against the SHACL shapes."""
    from parley.validate import validate as validate_graph
    from parley.validate import write_report

    project = _project()
    graph = graph or project.graph
    ontology = project.ontology
    result = validate_graph(
        graph,
        engine=engine,
        ontology=ontology / "parley.ttl",
        shapes=ontology / "shapes.ttl",
        corpus_shapes=ontology / "corpus-shapes.ttl",
    )
    if report is not None:
        write_report(result, report)
    click.echo(str(result))
    if not result.conforms:
        raise ValidationFailed(f"{graph} does not conform to the shapes")


def auth_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options that authenticate to an endpoint or graph store (shared by `query` and `load`)."""
    options = [
        click.option(
            "--user", help="User name (HTTP Basic, or Digest with --digest); the password is asked for."
        ),
        click.option(
            "--password",
            envvar="PARLEY_PASSWORD",
            show_envvar=True,
            help="Password for --user (better from the environment or the prompt: others see command lines).",
        ),
        click.option("--digest", is_flag=True, help="HTTP Digest instead of Basic (Virtuoso's graph store)."),
        click.option("--token", envvar="PARLEY_TOKEN", show_envvar=True, help="Bearer token."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _auth(
    user: str | None, password: str | None, digest: bool, token: str | None, *, endpoint: bool = True
) -> Auth:
    """The credentials given, asking for the password of --user when none came with it; none for the
    embedded store (no `endpoint`)."""
    from parley.remote import Auth

    if not endpoint:
        return Auth()
    if user is not None and password is None and not token:
        password = click.prompt(f"Password for {user}", hide_input=True, default="", show_default=False)
    return Auth(user, password, token, digest)


@main.command("query")
@click.argument("name", required=False)
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@click.option(
    "--graph",
    type=click.Path(path_type=Path),
    help="Built graph folder or .trig/.nq file for the embedded store [default: the project's graph/].",
)
@click.option("--endpoint", help="Query this SPARQL 1.1 endpoint instead of the embedded store.")
@auth_options
@click.option(
    "--sparql", "text", is_flag=True, help="Print the query with its parameters bound instead of running it."
)
@click.option("--list", "list_", is_flag=True, help="List the canned queries with their parameters.")
def query_command(
    name: str | None,
    params: tuple[str, ...],
    fmt: str,
    graph: Path | None,
    endpoint: str | None,
    user: str | None,
    password: str | None,
    digest: bool,
    token: str | None,
    text: bool,
    list_: bool,
) -> None:
    """Run the canned query NAME from queries/ (see --list). Where a parameter expects an entity, give
    its name (person=Stalin), its id (person:joseph-stalin), its IRI or its Wikidata QID."""
    from parley import canned as q
    from parley import results

    project = _project()
    if list_ or name is None:
        for item in q.catalogue(project.queries):
            args = " ".join(f"[{p.name}=…]" if not p.required else f"{p.name}=…" for p in item.params)
            network = " (needs the network)" if item.network else ""
            click.echo(f"{item.name:20} {item.title}{network}  {args}".rstrip())
        return
    pairs = dict(p.partition("=")[::2] for p in params)
    auth = _auth(user, password, digest, token, endpoint=bool(endpoint))
    run = q.query_text if text else q.query
    answer = run(
        name,
        params=pairs,
        graph=graph or project.graph,
        endpoint=endpoint,
        auth=auth,
        queries=project.queries,
        cache=project.cache / "store",
        base=project.base,
    )
    if isinstance(answer, str):
        click.echo(answer, nl=False)
        return
    table = answer
    for warning in table.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if fmt == "table":
        click.echo(results.to_text(table, base=project.base))
    else:
        click.echo({"json": results.to_json, "csv": results.to_csv}[fmt](table), nl=fmt != "csv")


@main.command("load")
@click.argument("graph", required=False, type=click.Path(path_type=Path))
@click.option("--endpoint", help="SPARQL query endpoint, used to check what the store holds after loading.")
@click.option(
    "--graph-store",
    help="Graph Store Protocol URL [default: /store beside an Oxigraph /query, else --endpoint].",
)
@auth_options
@click.option(
    "--timeout",
    default=60,
    show_default=True,
    type=click.IntRange(min=1),
    help="Seconds to wait for each answer of the server.",
)
@click.option(
    "--retries",
    default=3,
    show_default=True,
    type=click.IntRange(min=0),
    help="Retries of a request after a transient failure (5xx, timeout, dropped connection).",
)
@click.option(
    "--nquads",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the dataset to this N-Quads file instead (for a store loaded from files, e.g. Jena TDB2).",
)
def load_command(
    graph: Path | None,
    endpoint: str | None,
    graph_store: str | None,
    user: str | None,
    password: str | None,
    digest: bool,
    token: str | None,
    timeout: int,
    retries: int,
    nquads: Path | None,
) -> None:
    """Replace each named graph of GRAPH (default: the project's graph/) in a triplestore and check what
    it holds."""
    from parley.load import load, write_nquads

    graph = graph or _project().graph
    if nquads is not None:
        if endpoint or graph_store:
            raise click.UsageError("--nquads writes a file: give it without --endpoint and --graph-store")
        written = write_nquads(graph, nquads)
        click.echo(
            f"wrote {len(written)} graphs, {sum(item.triples for item in written)} triples to {nquads}"
        )
        return
    if endpoint is None:
        raise click.UsageError("give --endpoint (or --nquads FILE)")
    auth = _auth(user, password, digest, token)
    loaded = load(
        graph, endpoint=endpoint, graph_store=graph_store, auth=auth, retries=retries, timeout=timeout
    )
    click.echo(f"loaded {len(loaded)} graphs, {sum(item.triples for item in loaded)} triples into {endpoint}")


@main.command("claims")
@click.option("--issue", help="Only claims on this issue (its name, issue:ID or our IRI).")
@click.option(
    "--person", help="Only claims by this person (a name, person:ID, our IRI, a Wikidata IRI or a QID)."
)
@click.option(
    "--candidates",
    is_flag=True,
    help=f"Also the candidates the rules made, not yet reviewed, of confidence {SHOWN_CONFIDENCE} or more"
    " unless --min-confidence says otherwise.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    help="Only claims of at least this confidence (a candidate's: the measured precision of its rule"
    f" times that of the place its issue was found at; with --candidates, default {SHOWN_CONFIDENCE};"
    " 0 lists every candidate).",
)
@click.option(
    "--graph", type=click.Path(path_type=Path), help="Built graph folder [default: the project's graph/]."
)
def claims_command(
    issue: str | None, person: str | None, candidates: bool, min_confidence: float | None, graph: Path | None
) -> None:
    """Print the reviewed claims (with --candidates, the candidates too): claimant, stance, issue,
    quote, status and where the quote is (the `claims` query)."""
    from parley import canned as q
    from parley.results import short

    project = _project()
    params = {key: value for key, value in (("issue", issue), ("person", person)) if value}
    if not candidates:
        params["status"] = "reviewed"
    elif min_confidence is None:
        min_confidence = SHOWN_CONFIDENCE
    if min_confidence is not None:
        params["min-confidence"] = str(min_confidence)
    table = q.query(
        "claims",
        params=params,
        graph=graph or project.graph,
        queries=project.queries,
        cache=project.cache / "store",
        base=project.base,
    )
    for row in table.rows:
        cell = {column: short(term, project.base) for column, term in zip(table.columns, row, strict=True)}
        mark = f"{cell['status']} {cell['confidence']}" if cell["status"] == "candidate" else cell["status"]
        where = f"{cell['document']}, line {cell['line']}, characters {cell['begin']}-{cell['end']}"
        where = f"{cell['meeting']} ({where})" if cell["meeting"] else where  # none in a letter, a cable
        click.echo(
            f"{cell['date']}  {cell['name']} {cell['stance']} [{cell['issueLabel']}] ({mark})\n"
            f"    \u201c{cell['quote']}\u201d\n    {where}"
        )
    if not candidates:
        click.echo(f"{len(table.rows)} claims reviewed (--candidates for the rules' candidates too)")
    else:
        click.echo(
            f"{len(table.rows)} claims of confidence {min_confidence} or more (--min-confidence 0 for all)"
        )


@main.command("review")
@click.argument("corpus", default="corpus", type=click.Path(path_type=Path))
@click.option("--mappings", default="mappings", show_default=True, type=click.Path(path_type=Path))
@click.option("--issue", default="", help="Only candidates on this issue (ID or issue:ID).")
@click.option("--document", default="", help="Only candidates of this document (its id).")
@click.option("--person", default="", help="Only candidates of this claimant (any part of the name).")
@click.option("--reviewer", default="", help="Your name, saved with each decision (default: your login).")
@click.option(
    "--export",
    "export",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the candidates to this CSV.",
)
@click.option(
    "--import",
    "import_",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Take the decisions of this CSV.",
)
def review_command(
    corpus: Path,
    mappings: Path,
    issue: str,
    document: str,
    person: str,
    reviewer: str,
    export: Path | None,
    import_: Path | None,
) -> None:
    """Review the candidate claims of CORPUS one by one (keys: a accept, r reject, t stance, i issue,
    s skip, q quit); each decision is saved at once in mappings/claim-reviews.yaml and the next
    review resumes where this one stopped. Rebuild to publish the reviewed claims."""
    import getpass

    from rich.console import Console

    from parley.claims import load_claim_rules
    from parley.review.decisions import Decisions, export_csv, import_csv
    from parley.review.queue import Filters, candidates
    from parley.review.session import review, terminal_keys

    reviewer = reviewer or getpass.getuser()
    decisions = Decisions(mappings)
    if import_ is not None:
        issues = [i.id for i in load_claim_rules(mappings).issues]
        click.echo(
            f"{import_csv(import_, decisions, issues, reviewer)} decisions taken into {decisions.path}"
        )
        return
    items = list(candidates(corpus, mappings, Filters(issue, document, person)))
    items = [i for i in items if Filters(issue, document, person).keep(i)]
    if export is not None:
        click.echo(f"{export_csv(items, decisions, export)} candidates written to {export}")
        return
    console = Console(highlight=False)
    review(items, decisions, reviewer, terminal_keys(console), console)


@main.command("site")
@click.option(
    "--graph",
    type=click.Path(path_type=Path),
    help="Built graph folder (or .trig/.nq file) to publish [default: the project's graph/].",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder the site is written to (an earlier site there is replaced) [default: the project's site/].",
)
@click.option("--base", help="Base IRI of the published resources [default: parley.toml's base].")
@click.option(
    "--queries",
    type=click.Path(path_type=Path),
    help="Canned queries shown with their answers on the dataset page [default: the project's and Parley's].",
)
@click.option(
    "--jobs", default=0, type=click.IntRange(0), help="Worker processes (default: one per core; 1: none)."
)
def site_command(
    graph: Path | None, out: Path | None, base: str | None, queries: Path | None, jobs: int
) -> None:
    """Write a static website of the graph: a page, Turtle and JSON-LD for every resource."""
    from parley.site import generate_site

    project = _project()
    summary = generate_site(
        graph or project.graph,
        out or project.site,
        base or project.base,
        queries=queries or project.queries,
        jobs=jobs,
    )
    click.echo(str(summary))


@main.command("serve")
@click.option(
    "--site",
    type=click.Path(file_okay=False, path_type=Path),
    help="Generated site folder (generated from --graph first if missing) [default: the project's site/].",
)
@click.option(
    "--graph",
    type=click.Path(path_type=Path),
    help="Built graph folder or .trig/.nq file behind /sparql [default: the project's graph/].",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@click.option("--base", help="Base IRI of the published resources [default: parley.toml's base].")
@click.option(
    "--query-timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a SPARQL query may run before it is stopped (503).",
)
@click.option(
    "--queries",
    type=click.Path(path_type=Path),
    help="Canned queries offered as examples on the query form [default: the project's and Parley's].",
)
@click.option(
    "--cache",
    type=click.Path(path_type=Path),
    help="On-disk store of the graph (rebuilt when the graph changes); .nt and .rdf conversions "
    "are kept beside it, in served/ [default: the project's .parley-cache/store].",
)
@click.option(
    "--query-memory-mb",
    default=2048,
    show_default=True,
    type=click.IntRange(min=0),
    help="Memory (MiB) each query worker may use; a query that needs more is stopped (503). 0: no cap.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Run federated queries (SERVICE): the server then fetches any address a query names.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Let pages of ORIGIN (https://host[:port], or * for any) read the answers (repeatable; "
    "default: none).",
)
def serve_command(
    site: Path | None,
    graph: Path | None,
    host: str,
    port: int,
    base: str | None,
    query_timeout: float,
    queries: Path | None,
    cache: Path | None,
    query_memory_mb: int,
    allow_service: bool,
    cors_origins: tuple[str, ...],
) -> None:
    """Serve the site with content negotiation, and a read-only SPARQL endpoint at /sparql."""
    from parley.server import ServeSettings, serve

    project = _project()
    site, graph, base = site or project.site, graph or project.graph, base or project.base
    examples, cache = queries or project.queries, cache or project.cache / "store"
    if not site.exists():
        from parley.site import generate_site

        click.echo(f"generating {site}/ from {graph}/", err=True)
        generate_site(graph, site, base, queries=examples)
    click.echo(f"serving {site}/ on http://{host}:{port}/ (SPARQL at /sparql); Ctrl-C stops", err=True)
    settings = ServeSettings(
        site=site,
        graph=graph,
        base=base,
        queries=examples,
        cache=cache,
        query_timeout=query_timeout,
        query_memory_mb=query_memory_mb,
        allow_service=allow_service,
        cors_origins=cors_origins,
    )
    serve(settings, host=host, port=port)


def _shown(path: Path) -> Path:
    """`path` relative to the working folder when it lies inside it, for messages."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


@main.command("init")
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", help="The dataset's title [default: the folder's name].")
@click.option("--base", help="Base IRI of the published resources [default: https://example.org/FOLDER/].")
@click.option(
    "--license",
    "license_",
    default="https://creativecommons.org/licenses/by/4.0/",
    show_default=True,
    help="Licence of the graph's own statements, as an IRI.",
)
@click.option("--publisher", default="", help="Who publishes the dataset.")
def init_command(folder: Path, title: str | None, base: str | None, license_: str, publisher: str) -> None:
    """Make FOLDER (default: the working folder) a Parley project: parley.toml, corpus/ with a README
    and an empty sources.csv, mappings/ with a commented example in each registry file."""
    from parley.scaffold import init_project

    made = init_project(folder, title=title, base=base, license=license_, publisher=publisher)
    for path in made.written:
        click.echo(f"wrote {_shown(path)}")
    for path in made.kept:
        click.echo(f"kept {_shown(path)} (it was there)")
    click.echo(
        f"project {made.root}: put records in corpus/ (and a row each in corpus/sources.csv), then run "
        "`parley build`, `parley list meetings`, `parley query meetings`, `parley cite IRI`, `parley site`"
    )


def _runner(graph: Path | None, endpoint: str | None, auth: Auth) -> tuple[Project, object]:
    """The project and a Runner on its graph (or on `endpoint`)."""
    from parley.canned import Runner
    from parley.store import open_store

    project = _project()
    store = None if endpoint else open_store(graph or project.graph, cache=project.cache / "store")
    return project, Runner(store=store, endpoint=endpoint, auth=auth, base=project.base)


@main.command("list")
@click.argument(
    "kind",
    type=click.Choice(["persons", "issues", "meetings", "treaties", "places", "organizations", "documents"]),
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@click.option(
    "--graph", type=click.Path(path_type=Path), help="Built graph folder [default: the project's graph/]."
)
@click.option("--endpoint", help="List from this SPARQL 1.1 endpoint instead of the embedded store.")
@auth_options
def list_command(
    kind: str,
    fmt: str,
    graph: Path | None,
    endpoint: str | None,
    user: str | None,
    password: str | None,
    digest: bool,
    token: str | None,
) -> None:
    """List the persons, issues, meetings, treaties, places, organizations or documents of the graph:
    their ids (to give a query or `parley cite`), labels and counts."""
    from parley import results
    from parley.canned import Runner
    from parley.lists import listing

    project, runner = _runner(graph, endpoint, _auth(user, password, digest, token, endpoint=bool(endpoint)))
    assert isinstance(runner, Runner)
    try:
        table = listing(kind, runner)
    finally:
        runner.close()
    if fmt == "table":
        click.echo(results.to_text(table, base=project.base))
    else:
        click.echo({"json": results.to_json, "csv": results.to_csv}[fmt](table), nl=fmt != "csv")


@main.command("cite")
@click.argument("resource")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "ris", "csl-json", "bibtex"]),
    default="text",
    show_default=True,
    help="Text to paste, or a format reference managers (Zotero) import.",
)
@click.option(
    "--graph", type=click.Path(path_type=Path), help="Built graph folder [default: the project's graph/]."
)
@click.option("--endpoint", help="Read the graph from this SPARQL 1.1 endpoint instead.")
@auth_options
def cite_command(
    resource: str,
    fmt: str,
    graph: Path | None,
    endpoint: str | None,
    user: str | None,
    password: str | None,
    digest: bool,
    token: str | None,
) -> None:
    """Print a citation of RESOURCE, a claim, turn, meeting or record (its IRI, or a short name such as
    claim:1945-07-07_soong-stalin/10 or meeting:1945-07-07_soong-stalin): the record's archival
    citation, the date, the speaker, the quote, and its line and characters in the source file."""
    from parley.canned import Runner
    from parley.cite import StoreFacts, gather, render
    from parley.lookup import Lookup

    project, runner = _runner(graph, endpoint, _auth(user, password, digest, token, endpoint=bool(endpoint)))
    assert isinstance(runner, Runner)
    try:
        iri = Lookup(runner.rows, project.base).entity("resource", resource).value
        citation = gather(StoreFacts(runner.rows), iri, project.base)
    finally:
        runner.close()
    click.echo(render(citation, fmt), nl=False)
