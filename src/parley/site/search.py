"""The client-side search: an index of every page as a script that sets a global array (so it loads
from file:// too), read by the small `search.js`."""

from __future__ import annotations

import json

from parley.site.links import Site
from parley.vocab import PARLEY

SNIPPET = 300


def index_script(site: Site) -> str:
    """`search-index.js`: one entry per page with its path, kind, label and (for turns) text."""
    entries = []
    for path, kind in sorted(site.pages.items()):
        iri = site.iri(path)
        entry = {"p": path, "k": kind, "l": site.label(iri)}
        if kind == "utterance":
            entry["t"] = (site.data.text(iri, PARLEY + "text") or "")[:SNIPPET]
        elif kind == "claim":
            entry["t"] = site.data.text(iri, PARLEY + "quote") or ""
        entries.append(entry)
    body = json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"window.PARLEY_SEARCH = {body};\n"
