"""Where each resource of the graph lands in the site, and relative links between pages.

The layout contract (shared with `parley serve`): the IRI `{base}{path}` is described by the HTML page
`{path}/index.html`, the Turtle file `{path}.ttl` and the JSON-LD file `{path}.jsonld`. Mentions,
participations and collection entries get no page: they are anchors on their parent's page, with the id
`{kind}-{key}` (for example `meeting/X/utterance/2/mention/544-548` is `#mention-544-548` on the page of
`meeting/X/utterance/2`). Paths are percent-decoded on disk; links are percent-encoded again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

TOP_KINDS = ("meeting", "person", "place", "org", "event", "treaty", "issue", "doc", "claim")
ANCHOR = re.compile(r"(?P<parent>.+)/(?P<kind>mention|participant|entry)/(?P<key>[^/]+)")
UTTERANCE = re.compile(
    r"(?:meeting/[^/]+/utterance|doc/[^/]+/passage)/[^/]+"
)  # a passage of a record of no meeting too
RECOUNTED = re.compile(r"meeting/[^/]+/recounted")  # the earlier meeting a record recounts


@dataclass(frozen=True)
class Layout:
    """Maps IRIs under `base` to site paths (the part of the IRI after the base)."""

    base: str

    def path(self, iri: str) -> str | None:
        """The site path of `iri`, or None when it is not under the base."""
        if not iri.startswith(self.base) or iri == self.base:
            return None
        return iri[len(self.base) :]

    def iri(self, path: str) -> str:
        return self.base + path


def kind(path: str) -> str | None:
    """The kind of page `path` gets (meeting, utterance, person, ..., dataset), or None (no page)."""
    if path == "dataset":
        return "dataset"
    if ANCHOR.fullmatch(path):
        return None
    if UTTERANCE.fullmatch(path):
        return "utterance"
    top = path.split("/", 1)[0]
    if top not in TOP_KINDS or "/" not in path:
        return None
    if top in ("meeting", "doc", "issue") and path.count("/") > 1 and not RECOUNTED.fullmatch(path):
        return None
    return top


def anchor(path: str) -> tuple[str, str] | None:
    """(parent path, element id) of an anchored sub-resource, or None."""
    if match := ANCHOR.fullmatch(path):
        return match["parent"], f"{match['kind']}-{match['key']}"
    return None


def file_path(path: str) -> str:
    """The page's folder relative to the site root, as written on disk."""
    return unquote(path)


def outside(path: str) -> str:
    """Why the files of `path` would not land inside the site folder ('' when they would): once
    percent-decoded, every step of it must be a plain name (no `..`, `.`, empty step, absolute path,
    backslash or NUL)."""
    folder = file_path(path)
    if "\x00" in folder or "\\" in folder:
        return "it holds a NUL or a backslash"
    if any(step in ("", ".", "..") for step in folder.split("/")):
        return "it climbs out of its folder (a `..`, `.` or empty step, or an absolute path)"
    return ""


def root(here: str) -> str:
    """The relative link from the page of `here` to the site root ('' for the root page)."""
    return "../" * (here.count("/") + 1) if here else ""


def href(here: str, target: str, suffix: str = "/index.html", fragment: str = "") -> str:
    """A relative link from the page of `here` to `target` + `suffix` (+ `#fragment`)."""
    link = root(here) + quote(file_path(target)) + suffix
    return link + (f"#{fragment}" if fragment else "")
