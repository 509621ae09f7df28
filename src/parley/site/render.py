"""The Jinja2 environment of the site's templates (autoescaped HTML)."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from parley.site import paths


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("parley.site", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def page(template: str, context: dict[str, Any]) -> str:
    """Render `template` for the page at `context['here']`, with links to the root and its data files."""
    here = context["here"]
    extra = {
        "root": paths.root(here),
        "turtle": paths.href(here, here, ".ttl") if here else None,
        "jsonld": paths.href(here, here, ".jsonld") if here else None,
    }
    return environment().get_template(template).render({**context, **extra})


def static(name: str) -> str:
    """A static file of the templates folder (CSS, JavaScript) as text."""
    source = environment().loader.get_source(environment(), name)[0]  # type: ignore[union-attr]
    return source
