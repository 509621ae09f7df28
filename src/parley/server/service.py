"""Whether a SPARQL query calls another server (a federated `SERVICE` clause), read from its parse.

pyoxigraph exposes no parser of its own, so the query is parsed with rdflib (a dependency already) and
its parse tree searched for a `ServiceGraphPattern` at any depth: subqueries, OPTIONAL, MINUS, UNION,
FILTER EXISTS. A string, an IRI or a comment that merely contains the word is no SERVICE. Should rdflib
fail to parse a query that the store would run, the query counts as federated when the word SERVICE
occurs in it at all (after SPARQL's \\u escapes are decoded): a difference between the two parsers can
refuse a query but never let a SERVICE through.
"""

from __future__ import annotations

import re

from pyparsing import ParseResults
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
WORD = re.compile(r"service", re.IGNORECASE)


def uses_service(query: str) -> bool:
    """True when `query` has a SERVICE clause (or might, if rdflib cannot parse it)."""
    try:
        tree = parseQuery(query)
    except Exception:  # noqa: BLE001 - pyparsing raises several kinds; any failure is judged by the text
        return WORD.search(ESCAPE.sub(_unescape, query)) is not None
    return _has_service(tree)


def _unescape(match: re.Match[str]) -> str:
    code = int(match[1] or match[2], 16)
    return chr(code) if code < 0x110000 else ""


def _has_service(node: object) -> bool:
    if isinstance(node, CompValue):
        return node.name == "ServiceGraphPattern" or any(_has_service(value) for value in node.values())
    if isinstance(node, dict):
        return any(_has_service(value) for value in node.values())
    if isinstance(node, list | tuple | ParseResults):
        return any(_has_service(value) for value in node)
    return False
