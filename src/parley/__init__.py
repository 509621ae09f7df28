"""Parley: archival records of diplomatic meetings as a validated RDF knowledge graph."""

from parley.api import query

__all__ = ["query"]
__version__ = "0.1.0"
