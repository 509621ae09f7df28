"""The root index (every resource by kind, the pictures, the search box) and the dataset page (the
VoID/DCAT description, the canned queries with their answers, the downloads)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pyoxigraph as ox

from parley import canned
from parley.errors import ParleyError
from parley.site import paths, pictures
from parley.site.links import Link, short
from parley.site.pages import Context, Entry, Pages
from parley.vocab import DCTERMS, PARLEY, VOID

SHOWN_ROWS = 100  # of a canned query's answer on the dataset page; `parley query` gives them all
KIND_TITLES = {
    "meeting": "Meetings",
    "person": "People",
    "issue": "Issues",
    "treaty": "Treaties",
    "place": "Places",
    "org": "Organizations and states",
    "event": "Events",
    "doc": "Records",
    "claim": "Claims",
    "utterance": "Turns and statements",
}


def index(pages: Pages, entries: list[Entry]) -> Context:
    """The root page: every resource by kind (from the `entries` read while the pages were written),
    the timeline and the network."""
    site, data = pages.site, pages.data
    here = ""
    by_kind: dict[str, list[Entry]] = {kind: [] for kind in KIND_TITLES}
    for entry in entries:
        by_kind.setdefault(entry.kind, []).append(entry)
    groups = []
    for kind, title in KIND_TITLES.items():
        found = by_kind[kind]
        if kind == "meeting":
            found.sort(key=lambda e: (e.date or "9999", e.name, site.iri(e.path)))
        else:
            found.sort(key=lambda e: (e.name.casefold(), site.iri(e.path)))
        items = [Link(e.label, site.target(here, site.iri(e.path))) for e in found]
        groups.append({"kind": kind, "title": title, "items": items})
    meetings = [
        pictures.Dated(e.name, e.date, site.target(here, site.iri(e.path))) for e in by_kind["meeting"]
    ]
    return {
        "here": here,
        "kind": "index",
        "title": data.label(site.iri("dataset")) if "dataset" in site.pages else "Parley",
        "description": data.text(site.iri("dataset"), DCTERMS + "description"),
        "groups": groups,
        "timeline": pictures.timeline(meetings),
        "network": network(pages, here),
    }


def network(pages: Pages, here: str) -> Any:
    site, data = pages.site, pages.data
    met: Counter[tuple[str, str]] = Counter()
    nodes: dict[str, pictures.Node] = {}
    for path in site.paths_of("meeting"):
        people = sorted(
            {
                person
                for p in data.iris(site.iri(path), PARLEY + "participation")
                if (person := data.text(p, PARLEY + "participant"))
            }
        )
        for person in people:
            nodes[person] = pictures.Node(person, data.label(person), site.target(here, person), "person")
        for i, a in enumerate(people):
            for b in people[i + 1 :]:
                met[(a, b)] += 1
    spoke: Counter[tuple[str, str]] = Counter()
    for c in pages.claims:
        if c.claimant and c.issue:
            spoke[(c.claimant, c.issue)] += 1
            nodes.setdefault(
                c.claimant,
                pictures.Node(c.claimant, data.label(c.claimant), site.target(here, c.claimant), "person"),
            )
            nodes.setdefault(
                c.issue, pictures.Node(c.issue, data.label(c.issue), site.target(here, c.issue), "issue")
            )
    edges = [
        pictures.Edge(a, b, "met", n, f"{data.label(a)} and {data.label(b)}: {n} meeting(s) together")
        for (a, b), n in met.items()
    ] + [
        pictures.Edge(a, b, "spoke", n, f"{data.label(a)} on {data.label(b)}: {n} claim(s)")
        for (a, b), n in spoke.items()
    ]
    return pictures.network(list(nodes.values()), edges)


def _example(description: str) -> str | None:
    match = re.search(r"example: (\S+)", description)
    return match[1] if match else None


def queries(store: ox.Store, folder: canned.Folders, pages: Pages, here: str) -> list[Context]:
    """Each canned query with its default parameters (examples for required ones) and its answer."""
    out = []
    for q in canned.catalogue(folder):
        params = {p.name: ex for p in q.params if p.required and (ex := _example(p.description))}
        entry: dict[str, Any] = {"name": q.name, "title": q.title, "question": q.question, "params": params}
        entry["text"] = q.text
        if q.network:
            entry["skipped"] = "needs the network (a federated query to Wikidata); not run at build time"
        else:
            try:
                runner = canned.Runner(store=store, base=pages.site.layout.base)
                table = canned.answer(q, canned.bind(q, params, runner), runner)
            except ParleyError as err:
                entry["skipped"] = str(err)
            else:
                entry["columns"] = table.columns
                entry["total"] = len(table.rows)
                entry["rows"] = [
                    [pages.site.term(here, t) if t is not None else None for t in row]
                    for row in table.rows[:SHOWN_ROWS]
                ]
        out.append(entry)
    return out


def dataset(pages: Pages, folder: canned.Folders) -> Context:
    here = "dataset"
    site, data = pages.site, pages.data
    iri = site.iri(here)
    ctx = pages.base(here, iri, "dataset")
    subsets = []
    for subset in data.iris(iri, VOID + "subset"):
        path = site.layout.path(subset) or subset
        subsets.append(
            {
                "id": "subset-" + path.split("/", 1)[-1],
                "label": path.split("/", 1)[-1],
                "facts": pages.facts(here, subset),
            }
        )
    ctx.update(
        description=data.text(iri, DCTERMS + "description"),
        subsets=subsets,
        queries=queries(pages.data.store, folder, pages, here),
        downloads=[
            {"name": path.name, "href": f"{paths.root(here)}download/{path.name}"} for path in data.downloads
        ],
        short=short,
    )
    return ctx
