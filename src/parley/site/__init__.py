"""`parley site`: a static website of the graph, one page per resource with its Turtle and JSON-LD."""

from parley.site.generate import SiteSummary, generate_site

__all__ = ["SiteSummary", "generate_site"]
