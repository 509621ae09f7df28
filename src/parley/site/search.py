"""The client-side search: an index of every page as a script that sets a global array (so it loads
from file:// too), read by the small `search.js`."""

from __future__ import annotations

import json

from parley.site.pages import Entry


def index_script(entries: list[Entry]) -> str:
    """`search-index.js`: one entry per page with its path, kind, label and (for turns and claims) text."""
    found = []
    for e in sorted(entries, key=lambda e: e.path):
        entry = {"p": e.path, "k": e.kind, "l": e.label}
        if e.snippet is not None:
            entry["t"] = e.snippet
        found.append(entry)
    body = json.dumps(found, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"window.PARLEY_SEARCH = {body};\n"
