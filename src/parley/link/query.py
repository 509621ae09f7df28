"""The one candidate query: fixed SPARQL text plus a VALUES block of rdflib-serialized names."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal

CANDIDATES = """\
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
SELECT ?item ?name ?via (SAMPLE(?enLabel) AS ?label)
  (GROUP_CONCAT(DISTINCT STR(?class); separator=" ") AS ?classes)
  (GROUP_CONCAT(DISTINCT STR(?start); separator=" ") AS ?starts)
  (GROUP_CONCAT(DISTINCT STR(?end); separator=" ") AS ?ends)
  (GROUP_CONCAT(DISTINCT STR(?country); separator=" ") AS ?countries)
WHERE {
  VALUES ?name { %s }
  { ?item rdfs:label ?name . BIND("label" AS ?via) }
  UNION { ?item skos:altLabel ?name . BIND("alias" AS ?via) }
  OPTIONAL { ?item wdt:P31/wdt:P279? ?class }
  OPTIONAL { ?item wdt:P569|wdt:P571 ?start FILTER(isLiteral(?start)) }
  OPTIONAL { ?item wdt:P570|wdt:P576 ?end FILTER(isLiteral(?end)) }
  OPTIONAL { ?item wdt:P27|wdt:P17 ?country }
  OPTIONAL { ?item rdfs:label ?enLabel FILTER(LANG(?enLabel) = "en") }
}
GROUP BY ?item ?name ?via
LIMIT 500
"""


def case_variants(name: str) -> list[str]:
    """The spellings looked up for `name`: as written, Title Case, lower case, first letter up.

    Labels are matched exactly (the index on WDQS makes that cheap, while a LCASE filter would
    scan every label), so case-insensitive matching means asking for the usual case variants.
    """
    variants = [name, name.title(), name.lower(), name[:1].upper() + name[1:]]
    return list(dict.fromkeys(v for v in variants if v))


def candidate_query(names: Iterable[str], *, lang: str = "en") -> str:
    """The SELECT query for items whose label or alias is one of `names` (and their variants).

    Safe against injection: the query text is a constant, and the only inserted part is the VALUES
    block, each value produced by rdflib's `Literal(name, lang=...).n3()`, which writes a quoted
    string literal with quotes, backslashes and line breaks escaped. Whatever a name holds (`"`,
    `}`, `; DROP ALL`, newlines) it stays inside one literal; a query endpoint cannot run updates
    anyway. Names are sorted so equal inputs give the same text (and the same cache key).
    """
    spellings = sorted({variant for name in names for variant in case_variants(name.strip())})
    values = " ".join(Literal(spelling, lang=lang).n3() for spelling in spellings)
    return CANDIDATES % values
