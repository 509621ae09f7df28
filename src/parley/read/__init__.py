"""Reading source files, one module per format; the only stage that opens them.

`formats` picks the reader of a file; each reader hands the parser the text it renders (normalized:
LF line ends, no BOM; every offset counts its characters) and the facts its format states
(`StatedFacts`). Plain text (`plain`), Markdown with YAML front matter (`markdown`), TEI volumes of
FRUS (`tei`), PDF with a text layer (`pdf`), saved web pages (`html`).
"""

from parley.read.files import read_bytes
from parley.read.formats import EXTENSIONS, format_of, read_documents, read_source
from parley.read.ids import doc_id_for
from parley.read.text import decode, normalize

__all__ = [
    "EXTENSIONS",
    "decode",
    "doc_id_for",
    "format_of",
    "normalize",
    "read_bytes",
    "read_documents",
    "read_source",
]
