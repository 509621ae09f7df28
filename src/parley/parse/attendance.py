"""Attendance: `PARTICIPANTS` and `Present:` lists, and sentences such as `Present at the meeting
were ...` or `Mr. Cord Meyer was present for Item 1.`

A list runs from its heading over the lines that follow it: lines printed together (no blank line
between them, a `[Page N]` marker aside), or short lines of names each on its own paragraph. A
line naming a side (`United States`, `U.S.S.R.`, `Chinese side`) groups the lines after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parley.model import Paragraph, Participant, Span
from parley.parse import vocabulary as vocab
from parley.parse.dateline import parse_dateline
from parley.parse.narrative import present_in
from parley.parse.people import Named, is_group_label, people_in

BULLET = re.compile(r"^(?:[•·*▪◦]|-(?=\s))\s*")
BLOCK_HEADING = re.compile(
    # a side's officers (`Aust. Officers Present:`)
    r"^(?:(?:[A-Z][\w.’']*\s+){1,3}(?=(?:officers|members|delegates|representatives)\s+present\b))?"
    r"(?:(?:others|also|officers|members|delegates|representatives|those|principal|other|additional"
    r"|the\s+following\s+(?:were|was))\s+)?"
    r"(?:present|participants?|participating|participation|attendance|attendees|"
    r"in\s+attendance|attended\s+by|attending(?:\s+the\s+meeting)?(?:\s+were)?|present\s+for\s+parts?\s+of\s+"
    r"(?:the\s+)?(?:conversation|meeting|discussion|session)|those\s+attending(?:\s+the\s+meeting)?"
    r"(?:\s+were)?|those\s+present(?:\s+were)?)\b",
    re.I,
)
SENTENCE_ATTENDANCE = (
    r"(?:(?:also\s+)?present\s+(?:at\s+the\s+(?:meeting|conversation|talks?|dinner|luncheon)\s+)?(?:were|was)"
    r"|(?:the\s+)?(?:meeting|conversation|talks?) (?:was|were) attended by|also present were"
    r"|in the presence of|with the participation of)"
)
TRAILING = re.compile(rf"^{SENTENCE_ATTENDANCE}[\s:-]+(?:(?:comrs?|comrades|cdes?|messrs)\.?\s+)?", re.I)
WAS_PRESENT = re.compile(
    r"^(?P<names>[^.;:]{3,160}?)\s+(?:was|were)\s+(?:also\s+)?present\b"
    r"|^(?P<names2>[^.;:]{3,160}?)\s+(?:also\s+)?(?:took part|attended|participated)\b",
    re.I,
)
# an entry wrapped onto the next line: it ends with a small word or a title cut short (`Asst.`)
DANGLING = re.compile(r"(?:\b(?:of|the|and|for|to)|&|\b(?:Asst|Dep|Dept|Sec|Amb|Spec)\.)\s*$", re.I)
PAGE = re.compile(r"^\[Page \d+\]$", re.I)
RUN_ON_PARAGRAPH = re.compile(r"\s+\d{1,2}\.\s+(?=(?:Mr|Mrs|Dr|Sir|The)\b)")  # a numbered paragraph run on
PRESENT_WORDS = re.compile(r"\b(?:was|were)\s+(?:also\s+)?present\b")
TABLE_RULE = re.compile(r"^[\s|:-]*-[\s|:-]*$")  # `---|---` under a Markdown table's head
ROLE_PATTERNS = (
    ("interpreter", r"\binterpret(?:er|ers|ing)\b|\btranslat(?:or|ing)\b"),
    ("note-taker", r"\b(?:rapporteur|note-?taker|notetaker|recorder)\b"),
    (
        "foreign-minister",
        r"\bforeign (?:minister|secretary)\b|\bminister (?:of|for) (?:foreign|external) affairs\b"
        r"|\bsecretary of state for foreign affairs\b|\bcommissar for foreign affairs\b",
    ),
    ("secretary-of-state", r"^the (?:acting )?secretary$|\bsecretary of state\b(?! for)"),
    ("head-of-government", r"\bprime minister\b|\bpremier\b|\bchancellor\b(?! of)"),
    ("head-of-state", r"\bpresident\b|\bking\b|\bshah\b|\bemperor\b|\bqueen\b"),
    ("ambassador", r"\bambassador\b|\bhigh commissioner\b"),
    ("chairman", r"\bchairman\b"),
    ("minister", r"\bminister\b|\bsecretary of state for\b"),
)
MODIFIER = re.compile(
    r"\b(?:assistant|deputy|under|vice|associate|parliamentary|executive|first|second|third|special|"
    r"alternate)[\s-]+(?:\w+[\s-]+)?$|\bto\s+the\s+$|\bof\s+the\s+$",
    re.I,
)


def role_for(title: str) -> str:
    """The role a stated title names (`Foreign Minister` -> foreign-minister); an assistant, deputy
    or vice holder of an office, or an office named after `to the`, is a plain participant."""
    lowered = " ".join(title.lower().replace("-", " ").split())
    for role, pattern in ROLE_PATTERNS:
        for match in re.finditer(pattern, lowered):
            before = lowered[: match.start()]
            if not MODIFIER.search(before) and not lowered[match.end() :].startswith(("'s", "’s")):
                return role
    return "participant"


def block_heading(paragraph: Paragraph) -> tuple[int, str] | None:
    """For a list heading (`PARTICIPANTS`, `Present:`, `• OTHERS PRESENT`, `PRESENT Neville
    Chamberlain, ...`), where in the paragraph the list goes on after it on the same line and
    that text ('' if none); else None."""
    text = BULLET.sub("", paragraph.text)
    text = re.sub(r"^#+\s*", "", text)
    match = BLOCK_HEADING.match(text)
    if not match:
        return None
    at = len(paragraph.text) - len(text) + match.end()
    rest = text[match.end() :].rstrip(" |")
    numbered = RUN_ON_PARAGRAPH.search(rest)  # `Present-Dr. H.C. Coombs, ... J.B. Wright 1. Mr. Wheeler`
    rest = rest[: numbered.start()] if numbered else rest
    separated = re.match(r"\s*[:\-–—]\s*|\s*$", rest)
    if separated:
        return at + separated.end(), rest[separated.end() :]
    if match.group().isupper() and rest[:1].isspace():
        return at + len(rest) - len(rest.lstrip()), rest.strip()
    return None


def _entry_start(paragraph: Paragraph, start: int) -> int:
    """Offset in the paragraph where an entry's words begin (bullets and tabs skipped)."""
    text = paragraph.text[start:]
    bullet = BULLET.match(text.lstrip())
    skipped = len(text) - len(text.lstrip())
    return start + skipped + (bullet.end() if bullet else 0)


def _participant(named: Named, paragraph: Paragraph, offset: int, side: str) -> Participant:
    base = paragraph.span.start + offset
    title_span = Span(base + named.title_span[0], base + named.title_span[1]) if named.title_span else None
    role = role_for(named.name if named.office else named.title)
    if role == "participant":
        role = role_for(" ".join(named.notes))  # a gloss: `(interpreter)`
    return Participant(
        name=named.name,
        span=Span(base + named.name_span[0], base + named.name_span[1]),
        line=paragraph.line,
        role=role,
        affiliation=named.affiliation,
        title=named.title,
        title_span=title_span,
        side=side,
        by_office=named.office,
    )


def entry_participants(
    paragraph: Paragraph, start: int = 0, side: str = "", end: int | None = None
) -> list[Participant]:
    """The persons (and offices) one list line names, from offset `start` of the paragraph (to
    `end`, else its end).

    A line may open with its side (`United States: The Secretary`, `Agriculture: Messrs. ...`)."""
    offset = _entry_start(paragraph, start)
    text = paragraph.text[offset:end]
    label = re.match(r"^(?P<label>[^:]{1,60}):\s*(?=\S)", text)
    if label and is_group_label(label["label"]):
        side, offset, text = label["label"].strip(), offset + label.end(), text[label.end() :]
    return [_participant(n, paragraph, offset, side) for n in people_in(text)]


def side_label(paragraph: Paragraph) -> str | None:
    """The side a list line names (`United States`, `U.S.S.R.`), or None for a line of persons."""
    text = BULLET.sub("", paragraph.text.strip()).strip()
    return text.rstrip(":").strip() if is_group_label(text) else None


def is_list_line(paragraph: Paragraph, previous: Paragraph) -> bool:
    """Whether `paragraph` goes on the list whose last line is `previous`: printed on the next line,
    or a short line of names (at most eight words, not a sentence, not a dateline)."""
    text = paragraph.text
    if (
        not re.search(r"[^\W\d_]", text)
        or parse_dateline(text)
        or re.match(r"^(?:[•·*]\s*)?SUBJECTS?\b", text, re.I)
    ):
        return False
    sentence = _is_sentence(text) and not WAS_PRESENT.match(text)
    if paragraph.line == previous.line + 1:
        return len(text.split()) <= 150 and not sentence
    words = text.split()
    shouting = text.isupper() and side_label(paragraph) is None
    return (
        0 < len(words) <= 8
        and not sentence
        and not shouting
        and not text.startswith(("(", "["))
        and not _topic_heading(words)
    )


TOPIC_LINKS = {"in", "on", "at", "for", "with", "to", "from", "about", "against", "toward", "towards"}


def _topic_heading(words: list[str]) -> bool:
    """A topic's heading after a list (`Political Situation in Indonesia`): capitalized words linked
    by a preposition no person's name has, naming no office (`Assistant Secretary for ...`)."""
    return (
        not any(w.lower() in vocab.OFFICE_HEADS for w in words)
        and "," not in " ".join(words)
        and any(w in TOPIC_LINKS for w in words[1:-1])
        and all(w[:1].isupper() or w in TOPIC_LINKS | vocab.CONNECTORS for w in words)
    )


def narrative_participants(paragraph: Paragraph) -> list[Participant]:
    """The persons a sentence of the list says took part (`President Johnson, Secretary Rusk ...
    were accompanied by 8 U.S. officials`)."""
    found = []
    for present in present_in(paragraph.text, paragraph.span.start):
        named = present.named
        found.append(
            Participant(
                name=named.name,
                span=present.span,
                line=paragraph.line,
                role=role_for(named.title),
            )
        )
    return found


def _is_sentence(text: str) -> bool:
    """Running text rather than a list entry: it ends like a sentence and has three words in lower
    case that are not small words (`The Ambassador [Dobrynin] made the following statement:`)."""
    return bool(re.search(r"[.!?:]$", text)) and len(_lower_words(text)) >= 3


def _lower_words(text: str) -> list[str]:
    """The words in lower case that are not the small words of names (`of`, `de`)."""
    return [w for w in re.findall(r"\b[a-z][a-z'’-]+\b", text) if w not in vocab.CONNECTORS | vocab.PARTICLES]


def trailing_attendance(paragraph: Paragraph) -> list[Participant]:
    """Participants of a sentence such as `Present at the meeting were comrs. Molotov, ...` or
    `Admiral Taylor was present for all items.`"""
    text = paragraph.text
    match = TRAILING.match(text)
    if match:
        end = re.search(r"[.;](?:\s|$)", text[match.end() :])
        names = text[match.end() : match.end() + end.start()] if end else text[match.end() :]
        return [p for p in _names_in(paragraph, match.end(), names) if not p.by_office or p.name]
    present = WAS_PRESENT.match(text)
    if present:
        group = "names" if present["names"] else "names2"
        return _names_in(paragraph, present.start(group), present[group])
    return []


def _names_in(paragraph: Paragraph, offset: int, names: str) -> list[Participant]:
    """The persons a sentence's subject names; none where the subject is a clause rather than names
    (`In 1924 a manifesto was adopted at the Congress, which ... in which Communists participated`)."""
    if len(_lower_words(names)) >= 3:
        return []
    found = [_participant(n, paragraph, offset, "") for n in people_in(names)]
    return [p for p in found if _looks_like_a_person(p)]


def _looks_like_a_person(participant: Participant) -> bool:
    """A name from running text: capitalized words, not a pronoun or a common noun phrase."""
    words = participant.name.split()
    return bool(words) and all(
        w[:1].isupper() or w.lower() in vocab.PARTICLES or w.startswith("[") for w in words
    )


def _titled_entry(paragraph: Paragraph) -> bool:
    """A line that opens with a title and names a person (`Mr. W. Randolph Burgess, Treasury
    Department`, `• Secretary John W. Snyder (Chairman), ...`)."""
    text = BULLET.sub("", paragraph.text)
    first = text.split(" ", 1)[0]
    return (
        vocab.is_title_word(first)
        and not _is_sentence(text)
        and len(text.split()) <= 25
        and any(not p.by_office for p in entry_participants(paragraph))
    )


def headless_lists(paragraphs: list[Paragraph], least: int = 3) -> set[int]:
    """Indices of paragraphs that open a list printed without a heading: at least `least` lines
    in a row, each opening with a title and naming a person."""
    starts: set[int] = set()
    run: list[Paragraph] = []
    for paragraph in [*paragraphs, None]:
        if (
            paragraph is not None
            and _titled_entry(paragraph)
            and (not run or paragraph.line == run[-1].line + 1)
        ):
            run.append(paragraph)
            continue
        if len(run) >= least:
            starts.add(run[0].index)
        run = [paragraph] if paragraph is not None and _titled_entry(paragraph) else []
    return starts


@dataclass(frozen=True)
class ListLine:
    """What a line of a participants list is: its heading, a side, an entry or a page marker."""

    kind: str  # "heading", "side", "entry", "continued" (the entry of the line before) or "page"
    participants: tuple[Participant, ...] = ()


@dataclass
class ListReader:
    """Reads participants lists line by line; `take` returns None at a line that is not on a list."""

    side: str = ""
    last: Paragraph | None = None
    first: bool = False
    headless: set[int] = field(default_factory=set)  # paragraphs that open a list without a heading

    def take(self, paragraph: Paragraph) -> ListLine | None:
        heading = block_heading(paragraph)
        if heading is not None:
            start, rest = heading
            # the line after a bare heading may be a whole list run on (`PRESENT` / `Sir Thomas ...`)
            self.side, self.last, self.first = "", paragraph, rest == ""
            found = entry_participants(paragraph, start, end=start + len(rest)) if rest else []
            return ListLine("heading", tuple(found))
        if paragraph.index in self.headless:
            self.side, self.last, self.first = "", paragraph, False
            return ListLine("entry", tuple(entry_participants(paragraph)))
        if self.last is None:
            return None
        if (
            PAGE.match(paragraph.text) or TABLE_RULE.match(paragraph.text)
        ) and paragraph.line == self.last.line + 1:
            self.last = paragraph
            return ListLine("page")
        first, self.first = self.first, False
        if not (first and not _is_sentence(paragraph.text) or is_list_line(paragraph, self.last)):
            self.last = None
            return None
        previous, self.last = self.last, paragraph
        if paragraph.line == previous.line + 1 and DANGLING.search(previous.text):
            return ListLine("continued")  # `Mr. William Dwight, President of the` / `Newspaper ...`
        side = side_label(paragraph)
        if side is not None:
            self.side = side
            return ListLine("side")
        if (
            paragraph.text.startswith("[")
            and paragraph.text.rstrip(".").endswith("]")
            or len(PRESENT_WORDS.findall(paragraph.text)) > 1
        ):  # `[Here follows a list ...]`, `Mr. Engle was present for Item 2 Mr. Martin ... were present`
            found = narrative_participants(paragraph)  # `[Here follows a list of participants. ...]`
        else:
            found = entry_participants(paragraph, 0, self.side) or trailing_attendance(paragraph)
        return ListLine("entry", tuple(found))
