"""The server's own HTML: the SPARQL form with its results, and error pages (Jinja2, autoescaped)."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import ChoiceLoader, DictLoader, Environment, PackageLoader, select_autoescape

LAYOUT = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{% endblock %} · Parley</title>
<link rel="stylesheet" href="{{ root }}style.css">
<style>
textarea { width: 100%; font: 14px/1.4 ui-monospace, monospace; box-sizing: border-box; }
button { font-size: 1rem; padding: .3rem 1.2rem; margin-top: .4rem; }
table#results { width: auto; }
.lang, .dt { color: #777; font-size: .8rem; }
.error { background: #fdecea; border-left: 4px solid #c62828; padding: .6rem 1rem; white-space: pre-wrap; }
.examples li { margin: .2rem 0; }
</style>
</head>
<body>
<header>
{% with sparql = true %}{% include "_nav.html" %}{% endwith %}
</header>
<main>{% block main %}{% endblock %}</main>
</body>
</html>
"""

ERROR = """{% extends "layout" %}
{% block title %}{{ status }}{% endblock %}
{% block main %}
<h1>{{ status }}</h1>
<p class="error" id="message">{{ message }}</p>
<p><a href="{{ root }}">Back to the start page</a> or <a href="{{ root }}sparql">query the graph</a>.</p>
{% endblock %}
"""

SPARQL = """{% extends "layout" %}
{% block title %}SPARQL{% endblock %}
{% block main %}
<h1>Query the graph</h1>
<p>SPARQL 1.1 queries (read-only) on the whole graph; the default graph is the union of the named
graphs. Each query may run for {{ timeout }} s.</p>
<form method="get" action="{{ root }}sparql" id="query-form">
<label for="query">Query</label>
<textarea name="query" id="query" rows="14" spellcheck="false">{{ query }}</textarea>
<button type="submit" id="run">Run query</button>
</form>
{% if error %}<p class="error" id="message">{{ error }}</p>{% endif %}
{{ results }}
<h2>Examples</h2>
<ul class="examples">
{% for q in examples %}<li><a href="{{ root }}sparql?example={{ q.name | urlencode }}">{{ q.name }}</a>:
{{ q.question }}{% if q.network %} (needs the network){% endif %}</li>
{% endfor %}</ul>
{% endblock %}
"""

RESULTS = """{% if table %}
<p id="count">{{ table.count }} {{ "result" if table.count == 1 else "results" }}{%
  if table.cut %} (showing the first {{ table.rows | length }}){% endif %}</p>
<table id="results">
<thead><tr>{% for column in table.columns %}<th>{{ column }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in table.rows %}<tr>{% for c in row %}<td>{%
  if c is none %}{% elif c.href %}<a href="{{ c.href }}" title="{{ c.title }}">{{ c.text }}</a>{%
  else %}{{ c.text }}{% if c.note %} <span class="{{ c.note_class }}">{{ c.note }}</span>{% endif %}{%
  endif %}</td>{% endfor %}</tr>
{% endfor %}</tbody>
</table>
{% endif %}
{% if boolean is not none %}
<p id="results" class="boolean">Answer: <strong>{{ boolean }}</strong></p>
{% endif %}
"""

ENV = Environment(  # the site's templates too: one navigation bar for the site and the server
    loader=ChoiceLoader(
        [
            DictLoader({"layout": LAYOUT, "error": ERROR, "sparql": SPARQL, "results": RESULTS}),
            PackageLoader("parley.site", "templates"),
        ]
    ),
    autoescape=select_autoescape(default=True, default_for_string=True),
)


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, a link and its title (IRIs), a note (language or datatype)."""

    text: str
    href: str = ""
    title: str = ""
    note: str = ""
    note_class: str = ""


@dataclass(frozen=True)
class HtmlTable:
    """The first rows of an answer as a table, and the number of rows of the whole answer."""

    columns: tuple[str, ...]
    rows: list[tuple[Cell | None, ...]]
    count: int

    @property
    def cut(self) -> bool:
        return self.count > len(self.rows)


def render(template: str, **context: object) -> str:
    """The HTML of `template` ("error", "sparql" or "results") with `context`."""
    return ENV.get_template(template).render(**context)
