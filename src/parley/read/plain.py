"""Plain text records (`.txt`): the text as stored, decoded and normalized.

A text that opens with YAML front matter keeps it in its text (offsets count from the file's first
character, as ever, and the parser marks its lines as front matter); the facts it states are taken
as a Markdown page's are. A block that is not valid YAML states nothing (the parser reports it).
"""

from __future__ import annotations

from parley.model import SourceText, StatedFacts
from parley.read.frontmatter import read_front_matter
from parley.read.origin import Origin
from parley.read.text import sha256, text_of


def read_plain(data: bytes, origin: Origin) -> list[SourceText]:
    """The one document of a plain text file."""
    text, findings = text_of(data, origin.display)
    front = read_front_matter(text)
    facts = front.facts if front and not front.error else StatedFacts()
    return [SourceText(origin.doc_id, origin.display, text, sha256(text), tuple(findings), facts)]
