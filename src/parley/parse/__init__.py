"""Text to the typed document model. Pure: no I/O."""

from parley.parse.document import parse_document

__all__ = ["parse_document"]
