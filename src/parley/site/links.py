"""The pages of the site and links between them, relative to the page being written."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from parley.site import paths
from parley.site.data import GraphData, Term
from parley.vocab import PARLEY, PREFIXES

SHORT = {**PREFIXES, "role": "https://w3id.org/parley/role/", "stance": "https://w3id.org/parley/stance/"}


@dataclass(frozen=True)
class Link:
    """A label and, if the target has a page (or is outside the site), where it points."""

    label: str
    href: str | None = None
    external: bool = False


class Site:
    """The resources that get a page (`pages`: path -> kind) and links between them."""

    def __init__(self, data: GraphData, base: str) -> None:
        self.data = data
        self.layout = paths.Layout(base)
        self.pages: dict[str, str] = {}
        for subject in data.subjects:
            path = self.layout.path(subject)
            if path is not None and (kind := paths.kind(path)) is not None:
                self.pages[path] = kind

    def paths_of(self, kind: str) -> list[str]:
        return sorted(path for path, k in self.pages.items() if k == kind)

    def iri(self, path: str) -> str:
        return self.layout.iri(path)

    def target(self, here: str, iri: str) -> str | None:
        """The relative href of `iri`'s page (or its anchor on its parent's page), if it has one."""
        path = self.layout.path(iri)
        if path is None:
            return None
        if path in self.pages:
            return paths.href(here, path)
        if (anchored := paths.anchor(path)) and anchored[0] in self.pages:
            return paths.href(here, anchored[0], fragment=anchored[1])
        if path.startswith("dataset/"):
            return paths.href(here, "dataset", fragment="subset-" + path.split("/", 1)[1])
        return None

    def label(self, iri: str) -> str:
        """The label of `iri`; turns and claims get one made of their speaker, stance and meeting."""
        d, path = self.data, self.layout.path(iri) or ""
        kind = self.pages.get(path)
        if kind == "utterance":
            speaker = d.text(iri, PARLEY + "speaker")
            who = d.label(speaker) if speaker else d.text(iri, PARLEY + "speakerLabel") or "Narration"
            meeting = d.text(iri, PARLEY + "inMeeting")
            word = "turn" if meeting else "passage"  # a passage of a record of no meeting
            return f"{who}, {word} {d.text(iri, PARLEY + 'position')}" + (
                f" ({d.label(meeting)})" if meeting else ""
            )
        if kind == "claim":
            who = d.label(d.text(iri, PARLEY + "claimant") or "")
            issue = d.label(d.text(iri, PARLEY + "onIssue") or "")
            return f"{who} {concept(d.text(iri, PARLEY + 'stance'))}: {issue} ({path.split('/', 1)[-1]})"
        return d.label(iri)

    def link(self, here: str, iri: str, label: str | None = None) -> Link:
        """A link to our page of `iri`, or an outside link for other web IRIs."""
        text = label if label is not None else self.label(iri)
        if (href := self.target(here, iri)) is not None:
            return Link(text, href)
        if self.layout.path(iri) is None and iri.startswith(("http://", "https://")):
            return Link(text, iri, external=True)
        return Link(text)

    def term(self, here: str, term: Term) -> Link:
        """Any RDF term as a link (IRIs) or plain text (literals)."""
        if isinstance(term, ox.NamedNode):
            if self.layout.path(term.value) is None and not self.data.has(term.value):
                return Link(short(term.value), term.value, external=True)
            return self.link(here, term.value)
        return Link(term.value)


def short(iri: str) -> str:
    """A prefixed name for a known namespace, else the IRI."""
    for prefix, namespace in SHORT.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def concept(iri: str | None) -> str:
    """The label of a role, stance or record type concept from its IRI ('foreign-minister' -> ...)."""
    return iri.rstrip("/").rsplit("/", 1)[-1].replace("-", " ") if iri else ""
