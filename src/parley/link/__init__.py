"""Reconciling registry entities with Wikidata (`parley link`); the only stage that goes online."""

from parley.link.client import USER_AGENT, WIKIDATA_SPARQL, SparqlClient
from parley.link.query import candidate_query
from parley.link.reconcile import Reconciliation, describe, link
from parley.link.score import Candidate, Scored

__all__ = [
    "USER_AGENT",
    "WIKIDATA_SPARQL",
    "Candidate",
    "Reconciliation",
    "Scored",
    "SparqlClient",
    "candidate_query",
    "describe",
    "link",
]
