"""Parley: archival records of diplomatic meetings as a validated RDF knowledge graph."""

__version__ = "0.1.0"
