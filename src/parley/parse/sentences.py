"""The one sentence splitter: reported speech in the parser and cue sentences in the claims use it.

A sentence ends at a run of `.`, `!` or `?` (with the closing quotes and brackets after it) that is
followed by white space and then a capital, a digit or an opening quote or bracket, unless the
word before the stop is an abbreviation, a title or an initial (`Mr.`, `i.e.`, `T.`), or the
sentence so far is only an enumeration (`1.`, `(2)`); a footnote number glued to the stop belongs
to the sentence it ends (`... from Nasser.4 The Secretary said`). It also ends at a blank line when the line
before ends a phrase and the next starts with a capital (`Term` / `Principles of operations`); a
phrase cut by a page's line break (`the Sino-Soviet` / `relations.`, `those of` / `Great
Britain.`) is not split.

Every expression here is linear: a stop is looked for only at the start of a run of stops, and
the abbreviation test reads a bounded window before the stop, so no input takes more than time
proportional to its length.
"""

from __future__ import annotations

import re

from parley.model import Span

# a run of stops (matched from its first stop only), closers, the white space, what may open the next
STOP = re.compile(r"(?<![.!?])[.!?]++(?P<closers>[\"”’)\]]*+)\s++(?=[\"“(\[]?[A-Z0-9(])")
# a stop after a word with a footnote number glued to it (`confirmed by Nasser.4 The Secretary`)
FOOTNOTE_STOP = re.compile(r"(?<=[^\W\d_])[.!?](?P<closers>[\"”’)\]]*+\d{1,2})\s++(?=[\"“(\[]?[A-Z])")
# a blank line (matched from the end of the text before it) and what may open the next sentence
BLANK_LINE = re.compile(r"(?<=\S)[^\S\n]*+\n[^\S\n]*+\n\s*+(?=[\"“(\[]?[A-Z0-9(])")
ABBREVIATION = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|St|Gen|Vol|Col|Lt|Sen|Amb|Messrs|Jr|Sr|vs|i\.e|e\.g|[Cc]omrs?|Cdes?|Com)"
    r"|\b[A-Z])$"
)
NUMBER_SIGN = re.compile(r"\bNos?$")  # `No. 307`: an abbreviation only before a number
WINDOW = 8  # characters before a stop that the abbreviation test reads (`Messrs` is the longest)
ENUMERATION = re.compile(r"\(?\d{1,3}[.)]")
# words after which a line break never ends a sentence: the phrase goes on on the next line
OPEN_ENDS = frozenset(
    re.findall(r"\w+", "a an the of to in on at by for from with and or but as that than into onto upon")
    + ["between", "which", "who", "whose", "whom", "whether", "if"]
)
LAST_WORD = re.compile(r"[\w’'-]+$")


def sentence_spans(text: str) -> list[Span]:
    """The sentences of `text` as spans of `text`, from their first character to their stop and the
    closing quotes and brackets after it (white space between sentences belongs to none)."""
    stops = [m for m in STOP.finditer(text) if _ends(text, m.start(), m.end())]
    stops += [m for m in FOOTNOTE_STOP.finditer(text) if _ends(text, m.start(), m.end())]
    lines = [m for m in BLANK_LINE.finditer(text) if _ends_line(text, m.start())]
    ends = sorted(
        [(m.start("closers"), m.end("closers"), m.end()) for m in stops]
        + [(m.start(), m.start(), m.end()) for m in lines]
    )
    spans: list[Span] = []
    start = 0
    for stop, end, following in ends:
        if stop < start or ENUMERATION.fullmatch(text, start, stop):
            continue
        spans.append(Span(start, end))
        start = following
    spans.append(Span(start, len(text)))
    return [_stripped(text, s) for s in spans if text[s.start : s.end].strip()]


def _ends(text: str, stop: int, following: int) -> bool:
    """Whether the stops from `stop` end a sentence (the next would start at `following`): the word
    before them is no abbreviation."""
    if NUMBER_SIGN.search(text, max(0, stop - 3), stop):
        return not text[following : following + 1].isdigit()
    return ABBREVIATION.search(text, max(0, stop - WINDOW), stop) is None


def _ends_line(text: str, at: int) -> bool:
    """Whether a blank line at `at` ends a sentence: the line before has text and ends no open phrase."""
    before = text[max(0, at - 40) : at].rstrip()
    if not before or before[-1] in ".!?:;,-–—([“\"'":
        return False
    word = LAST_WORD.search(before)
    return word is None or word[0].lower() not in OPEN_ENDS


def _stripped(text: str, span: Span) -> Span:
    piece = text[span.start : span.end]
    lead = len(piece) - len(piece.lstrip())
    return Span(span.start + lead, span.start + len(piece.rstrip()))
