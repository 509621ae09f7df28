"""`parley list`: the ids, labels and counts of the persons, issues, meetings, treaties, places,
organizations or documents of a graph, to find what to give a query."""

from __future__ import annotations

from parley.canned import Runner, Table

PREFIXES = """PREFIX parley: <https://w3id.org/parley/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
MENTIONED = """
SELECT ?id ?label ?documents ?mentions {extra_columns}
WHERE {{
  {{
    SELECT ?id (SAMPLE(?name) AS ?label) (COUNT(DISTINCT ?document) AS ?documents)
           (SUM(COALESCE(?n, 0)) AS ?mentions)
    WHERE {{
      ?id a {classes} .
      OPTIONAL {{ ?id rdfs:label ?name }}
      OPTIONAL {{ ?tally a parley:MentionCount ; parley:countOf ?id ; parley:countedIn ?document ;
                         parley:count ?n }}
    }}
    GROUP BY ?id
  }}
  {extra}
}}
ORDER BY LCASE(STR(?label)) STR(?id)
"""
TURNS = """OPTIONAL {
    SELECT ?id (COUNT(DISTINCT ?passage) AS ?spoke) WHERE { ?passage parley:speaker ?id } GROUP BY ?id
  }"""
LISTS = {
    "persons": MENTIONED.format(
        classes="parley:Person", extra_columns="(COALESCE(?spoke, 0) AS ?turns)", extra=TURNS
    ),
    "places": MENTIONED.format(classes="parley:Place", extra_columns="", extra=""),
    "treaties": MENTIONED.format(classes="parley:Treaty", extra_columns="", extra=""),
    "organizations": MENTIONED.format(
        classes="?class . VALUES ?class { parley:Organization parley:State }", extra_columns="", extra=""
    ),
    "issues": """
SELECT ?id (SAMPLE(?name) AS ?label) (COUNT(DISTINCT ?claim) AS ?claims)
WHERE {
  ?id a parley:Issue .
  OPTIONAL { ?id rdfs:label ?name }
  OPTIONAL { ?claim parley:onIssue ?id }
}
GROUP BY ?id
ORDER BY LCASE(STR(?label)) STR(?id)
""",
    "meetings": """
SELECT ?id (SAMPLE(?name) AS ?label) (SAMPLE(?day) AS ?date) (COUNT(DISTINCT ?passage) AS ?turns)
       (COUNT(DISTINCT ?person) AS ?participants)
WHERE {
  ?id a parley:Meeting .
  OPTIONAL { ?id rdfs:label ?name }
  OPTIONAL { ?id dcterms:date ?day }
  OPTIONAL { ?passage parley:inMeeting ?id }
  OPTIONAL { ?id parley:participation/parley:participant ?person }
}
GROUP BY ?id
ORDER BY STR(?date) STR(?id)
""",
    "documents": """
SELECT ?id (SAMPLE(?name) AS ?title) (SAMPLE(?day) AS ?date) (SAMPLE(?file) AS ?source)
       (COUNT(DISTINCT ?meeting) AS ?meetings)
WHERE {
  ?id a parley:Document .
  OPTIONAL { ?id dcterms:title ?name }
  OPTIONAL { ?id dcterms:date ?day }
  OPTIONAL { ?id parley:sourceFile ?file }
  OPTIONAL { ?id parley:recordsMeeting ?meeting }
}
GROUP BY ?id
ORDER BY STR(?id)
""",
}
KINDS = tuple(LISTS)


def listing(kind: str, runner: Runner) -> Table:
    """The `kind` (one of KINDS) of the graph `runner` queries, with their counts."""
    return runner.select(PREFIXES + LISTS[kind])
