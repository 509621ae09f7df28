"""The `parley` command: a thin layer over the library; errors become one clean message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import click
from rich.progress import Progress

from parley import build as api
from parley.config import DEFAULT_BASE, Settings
from parley.corpus import source_files
from parley.errors import ParleyError, ValidationFailed
from parley.remote import Auth
from parley.validate import validate as validate_graph
from parley.validate import write_report


class ParleyGroup(click.Group):
    """A click group that turns any ParleyError into a one-line message and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ParleyError as err:
            raise click.ClickException(str(err)) from err


@click.group(cls=ParleyGroup)
@click.version_option(package_name="parley")
def main() -> None:
    """Parley: turn transcripts of diplomatic meetings into a validated RDF knowledge graph."""


@main.command()
@click.argument("corpus", default="corpus", type=click.Path(path_type=Path))
@click.option(
    "--out",
    default="graph",
    type=click.Path(path_type=Path),
    show_default=True,
    help="Folder the graph is written to.",
)
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the published resources.")
@click.option(
    "--mappings", default=None, type=click.Path(path_type=Path), help="Registry folder (default: mappings/)."
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
    default=".parley-cache",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the incremental build's cache (delete it for a full build).",
)
@click.option(
    "--dumps/--no-dumps",
    default=True,
    show_default=True,
    help="Write the whole-dataset files parley.trig and parley.ttl; --no-dumps removes them "
    "(republishing one record of a large archive then rewrites only that record's files).",
)
def build(
    corpus: Path,
    out: Path,
    base: str,
    mappings: Path | None,
    strict: bool,
    no_validate: bool,
    jobs: int,
    max_document_mb: float,
    max_document_seconds: float,
    cache: Path,
    dumps: bool,
) -> None:
    """Build the knowledge graph of CORPUS (default corpus/) into --out; unchanged documents come from
    the cache."""
    settings = Settings(
        base=base,
        corpus=corpus,
        out=out,
        strict=strict,
        validate=not no_validate,
        cache=cache,
        jobs=jobs,
        max_document_mb=max_document_mb,
        max_document_seconds=max_document_seconds,
        dumps=dumps,
        **({"mappings": mappings} if mappings else {}),
    )
    files = source_files(corpus)
    with Progress(transient=True, disable=len(files) < 50) as bar:
        task = bar.add_task("reading", total=2 * len(files))
        result = api.build(settings, progress=lambda name: bar.update(task, advance=1, description=name))
    for finding in result.warnings:
        click.echo(str(finding), err=True)
    summary = ", ".join(f"{n} {name}" for name, n in result.summary().items())
    click.echo(f"built {out}/: {summary}")
    if result.summary()["errors"]:
        raise click.ClickException("some documents could not be built; see the errors above")


@main.command("link")
@click.option(
    "--mappings",
    default="mappings",
    show_default=True,
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Registry folder.",
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
    default=".parley-cache/wikidata",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Folder caching the endpoint's answers.",
)
@click.option(
    "--retries",
    default=4,
    show_default=True,
    type=click.IntRange(0, 10),
    help="Retries (with backoff) on 429, 5xx, timeouts and refused connections.",
)
def link_command(
    mappings: Path,
    endpoint: str,
    entity_ids: tuple[str, ...],
    accept: bool,
    accept_above: float | None,
    at: dt.datetime | None,
    cache: Path,
    retries: int,
) -> None:
    """Reconcile registry entities that have no Wikidata id, and print ranked candidates."""
    from parley.link import Reconciliation, describe, link  # the network stack only when linking

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
@click.argument("graph", default="graph/", type=click.Path(path_type=Path))
@click.option("--report", type=click.Path(path_type=Path), help="Write the sh:ValidationReport here.")
@click.option(
    "--engine",
    type=click.Choice(["fast", "pyshacl"]),
    default="fast",
    show_default=True,
    help="The SHACL engine: Parley's compiled SPARQL checks, or pyshacl (the reference, much slower).",
)
def validate(graph: Path, report: Path | None, engine: Literal["fast", "pyshacl"]) -> None:
    """Validate a built GRAPH folder (or a .trig, .nq or .ttl file) against the SHACL shapes."""
    result = validate_graph(graph, engine=engine)
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


def _auth(user: str | None, password: str | None, digest: bool, token: str | None) -> Auth:
    """The credentials given, asking for the password of --user when none came with it."""
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
    default="graph",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Built graph folder or .trig/.nq file for the embedded store.",
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
    graph: Path,
    endpoint: str | None,
    user: str | None,
    password: str | None,
    digest: bool,
    token: str | None,
    text: bool,
    list_: bool,
) -> None:
    """Run the canned query NAME from queries/ (see --list)."""
    from parley import query as q
    from parley import results

    if list_ or name is None:
        for item in q.catalogue():
            args = " ".join(f"[{p.name}=…]" if not p.required else f"{p.name}=…" for p in item.params)
            network = " (needs the network)" if item.network else ""
            click.echo(f"{item.name:20} {item.title}{network}  {args}".rstrip())
        return
    pairs = dict(p.partition("=")[::2] for p in params)
    auth = _auth(user, password, digest, token) if endpoint else Auth()  # the embedded store needs none
    if text:
        click.echo(q.query_text(name, params=pairs, graph=graph, endpoint=endpoint, auth=auth), nl=False)
        return
    table = q.query(name, params=pairs, graph=graph, endpoint=endpoint, auth=auth)
    for warning in table.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(
        {"json": results.to_json, "csv": results.to_csv, "table": results.to_text}[fmt](table),
        nl=fmt != "csv",
    )


@main.command("load")
@click.argument("graph", default="graph", type=click.Path(path_type=Path))
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
    graph: Path,
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
    """Replace each named graph of GRAPH (default graph/) in a triplestore and check what it holds."""
    from parley.load import load, write_nquads

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
@click.option("--issue", help="Only claims on this issue (issue:ID, our IRI).")
@click.option("--person", help="Only claims by this person (person:ID, our IRI, a Wikidata IRI or a QID).")
@click.option("--candidates", is_flag=True, help="Also the candidates the rules made, not yet reviewed.")
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    help="Only claims of at least this confidence (a candidate's: the measured precision of its rule"
    " times that of the place its issue was found at).",
)
@click.option("--graph", default="graph", show_default=True, type=click.Path(path_type=Path))
def claims_command(
    issue: str | None, person: str | None, candidates: bool, min_confidence: float | None, graph: Path
) -> None:
    """Print the reviewed claims (with --candidates, the candidates too): claimant, stance, issue,
    quote, status and source (the `claims` query)."""
    from parley import query as q
    from parley.results import short

    params = {key: value for key, value in (("issue", issue), ("person", person)) if value}
    if not candidates:
        params["status"] = "reviewed"
    if min_confidence is not None:
        params["min-confidence"] = str(min_confidence)
    table = q.query("claims", params=params, graph=graph)
    for row in table.rows:
        cell = dict(zip(table.columns, row, strict=True))
        status = short(cell["status"])
        mark = f"{status} {short(cell['confidence'])}" if status == "candidate" else status
        click.echo(
            f"{short(cell['date'])}  {short(cell['name'])} {short(cell['stance'])} "
            f"[{short(cell['issueLabel'])}] ({mark})\n    \u201c{short(cell['quote'])}\u201d\n"
            f"    {short(cell['meeting'])}"
        )
    click.echo(f"{len(table.rows)} claims" + ("" if candidates else " reviewed (--candidates for all)"))


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
    default="graph",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Built graph folder (or .trig/.nq file) to publish.",
)
@click.option(
    "--out",
    default="site",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder the site is written to (an earlier site there is replaced).",
)
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the published resources.")
@click.option(
    "--queries",
    default="queries",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Canned queries shown with their answers on the dataset page.",
)
def site_command(graph: Path, out: Path, base: str, queries: Path) -> None:
    """Write a static website of the graph: a page, Turtle and JSON-LD for every resource."""
    from parley.site import generate_site

    summary = generate_site(graph, out, base, queries=queries)
    click.echo(str(summary))


@main.command("serve")
@click.option(
    "--site",
    default="site",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Generated site folder (generated from --graph first if missing).",
)
@click.option(
    "--graph",
    default="graph",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Built graph folder or .trig/.nq file behind /sparql.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the published resources.")
@click.option(
    "--query-timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a SPARQL query may run before it is stopped (503).",
)
@click.option(
    "--queries",
    default="queries",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Canned queries offered as examples on the query form.",
)
@click.option(
    "--cache",
    default=".parley-cache/store",
    show_default=True,
    type=click.Path(path_type=Path),
    help="On-disk store of the graph (rebuilt when the graph changes); .nt and .rdf conversions "
    "are kept beside it, in served/.",
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
    site: Path,
    graph: Path,
    host: str,
    port: int,
    base: str,
    query_timeout: float,
    queries: Path,
    cache: Path,
    query_memory_mb: int,
    allow_service: bool,
    cors_origins: tuple[str, ...],
) -> None:
    """Serve the site with content negotiation, and a read-only SPARQL endpoint at /sparql."""
    from parley.server import ServeSettings, serve

    if not site.exists():
        from parley.site import generate_site

        click.echo(f"generating {site}/ from {graph}/", err=True)
        generate_site(graph, site, base, queries=queries)
    click.echo(f"serving {site}/ on http://{host}:{port}/ (SPARQL at /sparql); Ctrl-C stops", err=True)
    settings = ServeSettings(
        site=site,
        graph=graph,
        base=base,
        queries=queries,
        cache=cache,
        query_timeout=query_timeout,
        query_memory_mb=query_memory_mb,
        allow_service=allow_service,
        cors_origins=cors_origins,
    )
    serve(settings, host=host, port=port)
