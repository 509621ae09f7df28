"""Citations of a claim, a turn, a meeting or a record: gathered from the graph (`gather`), written
as text a historian pastes, RIS, CSL-JSON or BibTeX (`formats`)."""

from parley.cite.formats import FORMATS, render
from parley.cite.gather import Citation, Facts, StoreFacts, gather

__all__ = ["FORMATS", "Citation", "Facts", "StoreFacts", "gather", "render"]
