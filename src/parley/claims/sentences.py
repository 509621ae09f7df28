"""An utterance's sentences with absolute spans, by the parser's splitter (`parley.parse.sentences`)."""

from __future__ import annotations

from parley.model import Span
from parley.parse.sentences import sentence_spans


def sentences(text: str, offset: int) -> list[tuple[Span, str]]:
    """The sentences of `text`, with spans shifted by `offset`."""
    return [(Span(offset + s.start, offset + s.end), text[s.start : s.end]) for s in sentence_spans(text)]
