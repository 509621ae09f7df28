"""What compiled shapes are: checks as SPARQL patterns, kept apart from the compiler (which needs
rdflib and pyshacl) so that compiled shapes can be stored and run without either."""

from __future__ import annotations

from dataclasses import dataclass

FOCUS = "urn:parley:shacl:focus"


@dataclass(frozen=True)
class Check:
    """One constraint of one shape: a SPARQL group pattern over `?this` and `?value`, and how to report it.

    `messages` are the shape's (and the SPARQL constraint's) sh:message, with `{?value}` and `{$this}`
    replaced by the bound terms when `substitute`; when there are none, `generic` is pyshacl's default
    message, its `{$this}` and `{?value}` replaced by the terms as pyshacl writes them.
    """

    shape: str
    component: str
    severity: str
    path: str | None
    inverse: bool
    messages: tuple[str, ...]
    substitute: bool
    generic: str
    constraint: str | None
    pattern: str
    target: int  # the index of its node shape's target in Compiled.targets


@dataclass(frozen=True)
class Compiled:
    """All the checks of a shapes file, the SPARQL prefixes their queries declare, and the target of each
    node shape: a SELECT of its focus nodes `?this`, which the engine runs first and stores as
    `?this <urn:parley:shacl:focus> <urn:parley:shacl:focus/N>` triples that the checks start from."""

    checks: tuple[Check, ...]
    targets: tuple[str, ...]
    prefixes: tuple[tuple[str, str], ...]
