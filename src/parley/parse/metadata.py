"""Archive web-page furniture: section headings, citation blocks, credits, rights and noise."""

from __future__ import annotations

import re

from parley.model import Citation

SECTION_HEADING = re.compile(
    r"^(?:#+\s*)?(?P<name>Citation|Summary|Credits|Original Language|Contents|Original Archive|"
    r"Document Information|Associated Places|Associated People|Related Documents|Subjects Discussed|"
    r"Original Uploaded Date|Record ID|Type|Language|Rights|Source|Keywords)\s*:?\s*$",
    re.I,
)
FOOTER_SECTIONS = {
    "document information",
    "associated places",
    "associated people",
    "original archive",
    "related documents",
    "subjects discussed",
    "original uploaded date",
    "record id",
    "keywords",
}
NOISE = re.compile(
    r"^(?:skip to (?:main )?content|print|share|download|english transcription|"
    r"-?\s*english transcription|transcript\s*-\s*\w+|english|russian|chinese|"
    r"this document was made possible with support from .*|"
    r"the history and public policy program welcomes reuse .*|"
    r"to enquire about this document's rights status .*|"
    r"some documents may be subject to copyright.*|"
    r"digital archive\s+digitalarchive\.wilsoncenter\.org|international history declassified|"
    r"(?:\d{4}\s+)?speeches/documents)$",
    re.I,
)
EDITORIAL = re.compile(r"^\[(?:page \d+|here follows [^\]]*|paraphrase|[^\]]{0,80})\]$", re.I)
URL_LINE = re.compile(r"^<?(?P<url>https?://[^\s<>]+)>?$")
RECORD_ID = re.compile(r"/document/(?P<id>\d+)\b")
# Bounded lengths (a collection's name, an archive, a contributor) keep the search linear on any text.
ARCHIVAL = re.compile(
    r"(?P<collection>[A-Z][^,\"“”]{0,150}?Collection),\s*+box\s++(?P<box>[\w-]++),\s*+folder\s++"
    r"(?P<folder>[\w-]++),\s*+(?P<archive>[^.]{1,300}+)\."
    r"(?:\s*+Contributed by (?P<contributor>[^.]{1,200}+)\.)?"
)
PUBLISHER = re.compile(
    r"(?P<publisher>(?:Wilson Center|History and Public Policy Program) Digital Archive)", re.I
)
FRUS_SOURCE = re.compile(r"^[01]\.\s+Source:\s+(?P<source>.+)$")
RECORD_TYPE_WORDS = {
    "meeting notes": "meeting-notes",
    "memorandum of conversation": "memorandum-of-conversation",
    "record of conversation": "record-of-conversation",
    "cable": "cable",
    "telegram": "telegram",
    "letter": "letter",
    "diary entry": "diary",
    "report": "other",
}


def section_name(text: str) -> str:
    """The lower-case name of a section heading line, or '' when the line is not one."""
    match = SECTION_HEADING.match(text)
    return match["name"].lower() if match else ""


def is_noise(text: str) -> bool:
    """Navigation, credits and rights boilerplate of an archive's web page."""
    return NOISE.match(text.strip()) is not None


def parse_citation(text: str, url: str = "") -> Citation:
    """Archive, collection, box, folder, contributor, publisher and source address of a citation."""
    archival = ARCHIVAL.search(text)
    publisher = PUBLISHER.search(text)
    record = RECORD_ID.search(url)
    return Citation(
        text=text.strip(),
        publisher=publisher["publisher"] if publisher else "",
        archive=archival["archive"].strip() if archival else "",
        collection=archival["collection"].strip() if archival else "",
        box=archival["box"] if archival else "",
        folder=archival["folder"] if archival else "",
        contributor=(archival["contributor"] or "").strip() if archival else "",
        source_address=url,
        record_id=record["id"] if record else "",
    )


def merge_citations(first: Citation, second: Citation) -> Citation:
    """Field-wise: keep what `first` has, fill its gaps from `second`."""
    return Citation(
        **{name: getattr(first, name) or getattr(second, name) for name in Citation.__dataclass_fields__}
    )
