"""`generate_site`: the whole static site from a built graph, deterministically."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.canned import Folders
from parley.config import DEFAULT_BASE
from parley.errors import InputError
from parley.site import data as graph_data
from parley.site import describe, overview, paths, pictures, render, search
from parley.site.links import Site
from parley.site.pages import Entry, Pages

STATIC = ("style.css", "search.js")
TEMPLATES = {
    "meeting": "meeting.html",
    "utterance": "utterance.html",
    "person": "person.html",
    "place": "entity.html",
    "org": "entity.html",
    "event": "entity.html",
    "treaty": "entity.html",
    "issue": "issue.html",
    "doc": "doc.html",
    "claim": "claim.html",
}


@dataclass(frozen=True)
class SiteSummary:
    """What `generate_site` wrote: pages by kind and the number of files."""

    out: Path
    pages: dict[str, int] = field(default_factory=dict)
    files: int = 0

    def __str__(self) -> str:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.pages.items()))
        return f"wrote {self.files} files to {self.out}/: {kinds}"


def _write(out: Path, relative: str, content: str | bytes) -> None:
    if paths.outside(relative):  # `_refuse_escapes` stops these before; `out` was made empty
        raise InputError(f"{relative}: would be written outside {out}; refused")
    target = out / relative
    data = content.encode() if isinstance(content, str) else content
    try:
        target.write_bytes(data)
    except FileNotFoundError:  # its folder is made only then: a page's three files share one
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _refuse_escapes(site: Site, graph: Path, out: Path) -> None:
    """InputError, before anything is written, if a resource's files would land outside `out`."""
    for path in sorted(site.pages):
        if reason := paths.outside(path):
            raise InputError(
                f"{graph}: the resource {site.iri(path)} would be written outside {out} ({reason}); "
                "refused, nothing written"
            )


def _prepare(out: Path) -> None:
    """Empty `out` if it holds an earlier site; refuse a non-empty folder that is no site."""
    if out.exists():
        if not out.is_dir() or (any(out.iterdir()) and not (out / "resources.json").is_file()):
            raise InputError(
                f"{out}: exists and is not a site written by `parley site`; choose another --out"
            )
        shutil.rmtree(out)
    out.mkdir(parents=True)


def _context(pages: Pages, kind: str, path: str, queries: Folders) -> dict[str, Any]:
    iri = pages.site.iri(path)
    if kind == "dataset":
        return overview.dataset(pages, queries)
    if kind in ("place", "org", "event", "treaty"):
        return pages.entity(path, iri, kind)
    builder = getattr(pages, kind)
    context: dict[str, Any] = builder(path, iri)
    return context


def generate_site(
    graph: Path, out: Path, base: str = DEFAULT_BASE, *, queries: Folders = Path("queries"), jobs: int = 1
) -> SiteSummary:
    """Write the static site of the built `graph` (folder or .trig) to `out`, for IRIs under `base`;
    with `jobs` > 1 the pages are written by that many worker processes (0: one per core)."""
    with graph_data.load(graph) as data:
        site = Site(data, base)
        if not site.pages:
            raise InputError(f"{graph}: no resources under the base {base}; give the base it was built with")
        pages = Pages(site)
        _refuse_escapes(site, graph, out)
        _prepare(out)
        files, entries = _write_all(pages, Job(str(out), base, queries), jobs or os.cpu_count() or 1)
        front = overview.index(pages, entries)
        for name in ("timeline", "network"):  # files of their own, embedded: the index's text stays short
            if front[name]:
                _write(out, f"{name}.svg", pictures.standalone(front[name]))
                files += 1
        _write(out, "index.html", render.page("index.html", front))
        resources = [{"path": e.path, "types": list(e.types)} for e in entries]
        _write(out, "resources.json", json.dumps(resources, indent=1, ensure_ascii=False) + "\n")
        _write(out, "search-index.js", search.index_script(entries))
        for name in STATIC:
            _write(out, name, render.static(name))
        for download in data.downloads:
            _write(out, f"download/{download.name}", download.read_bytes())
            files += 1
        return SiteSummary(out, dict(Counter(site.pages.values())), files + 4 + len(STATIC))


@dataclass(frozen=True)
class Job:
    """What a worker needs to write pages: where, for which base, with which canned queries."""

    out: str
    base: str
    queries: Folders


def _write_all(pages: Pages, job: Job, jobs: int) -> tuple[int, list[Entry]]:
    """Write every page's HTML, Turtle and JSON-LD; the number of files and each page's entry, in
    path order. Runs of neighbouring pages go to worker processes (each reading the store on its own)
    when there are enough pages for it."""
    todo = sorted(pages.site.pages.items())
    if jobs == 1 or len(todo) < PAGES_PER_WORKER:
        return _write_pages(pages, todo, job)
    runs = [todo[i : i + RUN] for i in range(0, len(todo), RUN)]
    context = multiprocessing.get_context("spawn")  # a forked store would share its files' handles
    data = pages.data
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_open, initargs=(data.folder, data.downloads, job.base)
    ) as pool:
        done = list(pool.map(_write_run, runs, [job] * len(runs)))
    return sum(files for files, _ in done), [entry for _, entries in done for entry in entries]


PAGES_PER_WORKER = 2_000  # fewer pages are written in this process: a worker takes a second to start
RUN = 500  # pages a worker takes at a time, in path order (neighbours share what they read)
_worker: Pages | None = None


def _open(folder: str, downloads: tuple[Path, ...], base: str) -> None:
    global _worker
    _worker = Pages(Site(graph_data.GraphData(folder, downloads), base))


def _write_run(pages: list[tuple[str, str]], job: Job) -> tuple[int, list[Entry]]:
    assert _worker is not None
    return _write_pages(_worker, pages, job)


def _write_pages(pages: Pages, paths_and_kinds: list[tuple[str, str]], job: Job) -> tuple[int, list[Entry]]:
    out, files, entries = Path(job.out), 0, []
    for path, kind in paths_and_kinds:
        entries.append(pages.entry(path, kind))
        context = _context(pages, kind, path, job.queries)
        folder = paths.file_path(path)
        described = pages.data.described(pages.site.iri(path))
        _write(out, f"{folder}/index.html", render.page(TEMPLATES.get(kind, "dataset.html"), context))
        _write(out, f"{folder}.ttl", describe.turtle(described, job.base))
        _write(out, f"{folder}.jsonld", describe.jsonld(described))
        files += 3
    return files, entries
