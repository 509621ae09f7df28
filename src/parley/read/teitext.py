"""One TEI document rendered to plain text, as its history.state.gov page reads, with the offsets of
what the markup says in it.

The text: the head, the dateline and the other opener lines, each list entry on a line of its own
(a list's head too), a table row a line with its cells separated by tabs, paragraphs separated by a
blank line, the closer. Footnotes and source notes are not in the running text (no marker is left
where they stood): they follow the document, one a line, as `N. text`, and their spans are the
document's notes. Page breaks (`pb`) print nothing; the pages go to the citation.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from parley.model import Participant, Span, StatedPerson
from parley.read.layout import Writer, trimmed

TEI = "{http://www.tei-c.org/ns/1.0}"
BLOCKS = {"p", "ab", "head", "dateline", "salute", "signed", "seg", "trailer", "byline", "closer", "opener"}
CONTAINERS = {"div", "opener", "closer", "postscript", "floatingText", "body", "quote", "lg", "attachment"}
SKIPPED = {"figure", "graphic", "figDesc", "del", "pb", "milestone", "anchor"}
PARTICIPANT_HEAD = re.compile(
    r"^(?:participants|present|persons present|also present|others present)\s*:", re.I
)
# `Assistant to Kuznetsov`, `members of President Frondizi's staff`: a person named as a relation
RELATION = re.compile(
    r"\b(?:to|of|for|from|by|with|representing|replacing|and\s+staff\s+of)\s+(?:(?:the|President|Secretary|"
    r"Ambassador|Minister|Prime|General|Mr\.|Mrs\.|Dr\.|Foreign|Vice|Deputy|Under|Assistant|Chairman|Governor|"
    r"Senator|King|Shah|Emperor|Premier|Chancellor|Generalissimo|Admiral|Marshal)\s+)*$",
    re.I,
)
POSSESSIVE = re.compile(r"['’]s\b")
Lookup = Callable[[str | None], StatedPerson | None]


def local(element: etree._Element) -> str:
    """An element's name without its namespace ('' for a comment or processing instruction)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def plain(element: etree._Element | None) -> str:
    """An element's words without its notes, whitespace collapsed."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if local(child) != "note":
            parts.append(plain(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


@dataclass
class Rendered:
    """A document's text and what its markup states, with spans into the text."""

    text: str = ""
    head: str = ""
    author: str = ""
    date: etree._Element | None = None
    time: etree._Element | None = None
    place: str = ""
    sources: list[str] = field(default_factory=list)
    participants: tuple[Participant, ...] = ()
    participants_block: Span | None = None
    persons: tuple[StatedPerson, ...] = ()
    notes: tuple[Span, ...] = ()


@dataclass(frozen=True)
class _Listed:
    """A listed participant as rendered: the printed name's span, the span of the words it stands
    among (its list item, or the participants paragraph), its group and its persons-list entry."""

    name: Span
    item: Span
    side: str
    person: StatedPerson | None


def render(div: etree._Element, lookup: Lookup) -> Rendered:
    """The text of one `div[@type="document"]` and its facts."""
    renderer = _Renderer(lookup, _participants_element(div))
    renderer.blocks(div)
    notes = renderer.write_notes()
    text = renderer.out.text()
    head = div.find(f"{TEI}head")
    dateline = _main_dateline(div)
    date = dateline.find(f".//{TEI}date") if dateline is not None else None
    return Rendered(
        text=text,
        head=plain(head),
        author=_author(head),
        date=date,
        time=dateline.find(f".//{TEI}time") if dateline is not None else None,
        place=", ".join(p for p in (plain(e) for e in dateline.iter(f"{TEI}placeName")) if p)
        if dateline is not None
        else "",
        sources=[plain(n) for n in div.iter(f"{TEI}note") if n.get("type") == "source"],
        participants=_participants(renderer.listed, text),
        participants_block=renderer.block_span,
        persons=tuple(renderer.persons.values()),
        notes=notes,
    )


def _participants_element(div: etree._Element) -> etree._Element | None:
    """The document's list of participants, else a paragraph opening `Participants:` or `Present:`
    that marks persons up, before the body."""
    for found in div.iter(f"{TEI}list"):
        if found.get("type") == "participants" and not any(local(a) == "note" for a in found.iterancestors()):
            return found
    for child in div:
        if local(child) == "p":
            if PARTICIPANT_HEAD.match(plain(child)) and child.find(f".//{TEI}persName") is not None:
                return child
            return None
    return None


def _main_dateline(div: etree._Element) -> etree._Element | None:
    """The document's own dateline: a child of the div or of its opener, before the first paragraph."""
    for child in div:
        tag = local(child)
        if tag == "dateline":
            return child
        if tag == "opener" and (found := child.find(f"{TEI}dateline")) is not None:
            return found
        if tag == "p":
            return None
    return None


def _author(head: etree._Element | None) -> str:
    """The sender the head names (`Telegram From Ambassador <persName type="from">...`), as it writes
    the name: a persName of type `from` after the word `From` (in `Conversation Between X and Y` it
    names a party)."""
    if head is None:
        return ""
    before: list[str] = [head.text or ""]
    for element in head.iter():
        if element is head:
            continue
        if local(element) == "persName" and element.get("type") == "from":
            if not re.search(r"\bfrom\b", " ".join(before), re.I):
                return ""
            return plain(element).strip("[]")  # as the head writes it; its persName resolves it
        if local(element) != "note":
            before.append(element.text or "")
        before.append(element.tail or "")
    return ""


def _participants(listed: list[_Listed], text: str) -> tuple[Participant, ...]:
    """The listed persons as participants: the printed name, and as its title the words after it in
    its entry (up to the next name there)."""
    newlines = [i for i, c in enumerate(text) if c == "\n"]
    found = []
    for i, entry in enumerate(listed):
        name = trimmed(text, entry.name.start, entry.name.end)
        if name is None:
            continue
        after = listed[i + 1] if i + 1 < len(listed) else None
        title = trimmed(
            text, name.end, after.name.start if after and after.item == entry.item else entry.item.end
        )
        found.append(
            Participant(
                name=text[name.start : name.end],
                span=name,
                line=bisect.bisect_left(newlines, name.start) + 1,
                title=text[title.start : title.end] if title else "",
                title_span=title,
                side=entry.side,
                identifier=entry.person.identifier if entry.person else "",
            )
        )
    return tuple(found)


class _Renderer:
    """Walks a document's elements, writing its text and noting what the markup says where."""

    def __init__(self, lookup: Lookup, participants: etree._Element | None) -> None:
        self.out = Writer()
        self.lookup = lookup
        self.participants = participants
        self.notes: list[etree._Element] = []
        self.persons: dict[str, StatedPerson] = {}
        self.listed: list[_Listed] = []
        self.side = ""
        self.block_span: Span | None = None  # where the participants list (or paragraph) is rendered
        self._names: list[tuple[Span, StatedPerson | None]] | None = None  # persNames of a listing entry
        self._since = 0  # where the words before the next listed name start

    def blocks(self, parent: etree._Element) -> None:
        self.out.words(parent.text)
        for child in parent:
            self.block(child)
            if (child.tail or "").strip():
                self.out.words(child.tail)
                self.out.block()

    def block(self, element: etree._Element) -> None:
        tag = local(element)
        if tag in SKIPPED or not tag:
            return
        if tag == "note":
            self.notes.append(element)
        elif tag == "list" and element is self.participants:
            start = self.out.at
            self.list(element, listing=True)
            self.block_span = Span(start, self.out.length)
            self.out.block()
        elif tag == "list":
            self.list(element, listing=False)
            self.out.block()
        elif tag == "table":
            self.table(element)
            self.out.block()
        elif tag in CONTAINERS and any(local(c) in BLOCKS | CONTAINERS | {"list", "table"} for c in element):
            self.blocks(element)
        elif element is self.participants:
            self.entry(element, lambda: self.inline(element))
            self.block_span = self.listed[-1].item if self.listed else None
            self.out.block()
        else:
            self.inline(element)
            self.out.block()

    def list(self, element: etree._Element, listing: bool) -> None:
        label = ""
        for child in element:
            tag = local(child)
            if tag == "head":
                self.inline(child)
                self.out.line()
            elif tag == "label":
                label = plain(child)
            elif tag == "item":
                self.item(child, label, listing)
                label = ""
            elif tag == "note":
                self.notes.append(child)

    def item(self, item: etree._Element, label: str, listing: bool) -> None:
        def words() -> None:
            if label:
                self.out.words(f"{label} ")
            self.out.words(item.text)
            for child in item:
                if local(child) != "list":
                    self.inline_child(child)
                self.out.words(child.tail)

        if listing:
            self.entry(item, words)
        else:
            words()
        self.out.line()
        for nested in (c for c in item if local(c) == "list"):
            side, self.side = self.side, plain(nested.find(f"{TEI}head")) or _label_of(item)
            self.list(nested, listing)
            self.side = side

    def entry(self, element: etree._Element, words: Callable[[], None]) -> None:
        """A participants entry (an item, or the participants paragraph): its persons are listed."""
        start = self.out.at
        self._names, self._since = [], start
        words()
        names, self._names = self._names, None
        item = Span(start, max(start, self.out.length))
        self.listed += [_Listed(name, item, self.side, person) for name, person in names]

    def table(self, element: etree._Element) -> None:
        for row in element.iter(f"{TEI}row"):
            cells = [c for c in row if local(c) == "cell"]
            while cells and not plain(cells[-1]):
                cells.pop()
            for position, cell in enumerate(cells):
                if position:
                    self.out.tab()
                self.inline(cell)
            self.out.line()

    def inline(self, element: etree._Element) -> None:
        self.out.words(element.text)
        for child in element:
            self.inline_child(child)
            self.out.words(child.tail)

    def inline_child(self, child: etree._Element) -> None:
        tag = local(child)
        if tag in SKIPPED or not tag:
            return
        if tag == "note":
            if child.get("rend") == "inline" and child.get("type") != "source":
                self.inline(child)
            else:
                self.notes.append(child)
        elif tag == "lb":
            self.out.line()
        elif tag in ("list", "table"):
            self.out.line()
            self.block(child)
        elif tag == "p" or tag in CONTAINERS:
            self.out.block()
            self.block(child)
        elif tag == "choice":
            picks = [child.find(f"{TEI}corr"), child.find(f"{TEI}reg"), child[0] if len(child) else None]
            picked = next((p for p in picks if p is not None), None)
            if picked is not None:
                self.inline(picked)
        elif tag == "persName":
            self.person(child)
        elif tag in ("label", "space"):
            self.out.space()
            self.inline(child)
            self.out.space()
        else:
            self.inline(child)

    def person(self, name: etree._Element) -> None:
        before = self.out.since(self._since) if self._names is not None else ""
        start = self.out.at
        self.inline(name)
        person = self.lookup(name.get("corresp"))
        if person is not None:
            self.persons.setdefault(person.identifier, person)
        if self._names is not None and self.out.length > start:
            owed = " ".join(before.split()) + " "  # with the space the name is owed
            if not RELATION.search(owed) and not POSSESSIVE.match(name.tail or ""):  # not `Kim’s associate`
                self._names.append((Span(start, self.out.length), person))
            self._since = self.out.length

    def write_notes(self) -> tuple[Span, ...]:
        """The notes after the text, one a line (`N. text`); notes inside them follow in turn."""
        spans = []
        self.out.block()
        for position, note in enumerate(self.notes, start=1):  # the list grows with nested notes
            start = self.out.at
            self.out.words(f"{note.get('n') or position}. ")
            self.inline(note)
            if self.out.length > start:
                spans.append(Span(start, self.out.length))
            self.out.line()
        return tuple(spans)


def _label_of(item: etree._Element) -> str:
    """The words of a list item outside its nested lists (a group label: `United States:`)."""
    parts = [item.text or ""]
    for child in item:
        if local(child) != "list":
            parts.append(plain(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split()).rstrip(":—–- ")
