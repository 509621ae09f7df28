"""`parley serve`: the generated site with content negotiation, and a read-only SPARQL endpoint."""

from parley.server.app import App, ServeSettings, serve

__all__ = ["App", "ServeSettings", "serve"]
