"""Who took part, as running text tells it: `in the presence of CCP CC Politburo members Zhou
Enlai, ... and interpreter Shi Zhe`, `Comrades I[van] Kovalev and E. Kovalev were present from
our side`, `We [Liu Shaoqi, Gao Gang, and Wang Jiaxiang] and Kovalev took part with Shi Zhe
translating`, `[Others present were] Stalin, Molotov, ...`, `a conversation with Mao Zedong on 7
January`, `I called on Soong`, `met with Stalin for two hours`, `I discussed this question with Mr
Nash`, `I have talked it over with Hankey`.

Every pattern reads across line breaks (`\\s` includes them) and is linear: the names a phrase
introduces are read by `people_in` up to the end of the clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parley.model import Span
from parley.parse import vocabulary as vocab
from parley.parse.dating import talk_held
from parley.parse.people import Named, people_in, plausible_name

PRESENCE = re.compile(
    r"(?:\bin\s+the\s+presence\s+of|\bat\s+which\s+(?:were\s+)?present(?:\s+were)?|"
    r"\b(?:also\s+|others\s+)?present\s+(?:at\s+the\s+(?:meeting|conversation|talks?)\s+)?were|"
    r"\[others\s+present\s+were\]|\bwith\s+the\s+participation\s+of)\s+",
    re.I,
)
MET = re.compile(
    r"\b(?:(?:conversations?|talks?|meetings?|discussions?|interviews?|audiences?)\s+with|(?:met|dined|lunched)\s+with|"
    r"received\s+(?:(?:last\s+night|yesterday|this\s+\w+)\s+)?by|"
    r"(?:I|we)\s+(?:called\s+on|called\s+upon|saw|visited|received|met|went\s+to\s+see)"
    r"|(?-i:(?:^|(?<=[.:]\s))(?:Part\s+\w+\.\s+)?(?:Called\s+on|Saw))"  # a cable drops its `I`
    r"|(?:I|we)\s+(?:have\s+|had\s+)?(?:[a-z]+ly\s+)?(?:discussed|talked)\s+(?:[\w'’-]+\s+){0,5}?with)\s+",
    re.I,
)
PRESENT_AFTER = re.compile(
    r"\s(?:were|was)\s+(?:also\s+)?(?:present|accompanied\s+by)\b|\s(?:also\s+)?took\s+part\b"
    # `with Molotov and the Soviet Ambassador to China present`; not `the Fleet at the present time`,
    # `These present discussions`, `With present export markets` (`present` before its noun)
    r"|(?<=[a-z])(?<!\bthe)(?<!\bat)(?<!\bour)(?<!\btheir)(?<!\bits)(?<!\bthis)\s+present\b"
    r"(?=\s*(?:[.,;:)\]]|$)|\s+(?:at|in|on|during|when|and|for|from|as|throughout|were|was|but|while|by)\b)"
)
TRANSLATING = re.compile(r"\bwith\s+(?=[A-Z])|\binterpreter\s+(?=[A-Z])")
NARRATOR = re.compile(
    r"\b(?:with|to)\s+(?:me|us)\b|\b(?:I|we)\s+(?:called|saw|visited|met|had|went)\b"
    # the writer as `the Ambassador`
    r"|\b(?:visited|called\s+on|came\s+to\s+see)\s+the\s+(?:Ambassador|Minister)\b",
    re.I,
)
TALK_WITH = re.compile(r"\b(?:conversations?|talks?|discussions?)\s+with\b", re.I)
WITH_US_ON = re.compile(
    r"(?:me|us)\s+on\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?(?:\s+and\s+\d{1,2}(?:st|nd|rd|th)?)?(?:\s+[A-Z][a-z]+)?"
    r"(?:,?\s+\d{4})?\s+"
)
WORD = re.compile(r"\[[^\]\n]{0,80}\][\w’'-]*|[\w’'-]+(?:\[[^\]\n]{0,20}\][\w’'-]*)?\.?|[^\w\s]")
# words that open a clause before a run of names, never a name's (`We`, `With Molotov present`)
LEADING_WORDS = frozenset(
    {"We", "I", "He", "She", "They", "It", "Others", "All", "With", "My", "Our", "Their", "His", "Her", "Its"}
    | {"This", "These", "Those", "Are", "Can", "Unless", "Consider", "Considering", "Re"}
)
ALLOWED_LOWER = vocab.CONNECTORS | vocab.PARTICLES | {"as", "well", "members", "member", "comrades", "cdes"}


@dataclass(frozen=True)
class Present:
    """A person running text says took part, with the span of the name."""

    named: Named
    span: Span


def _allowed(word: str) -> bool:
    """A word that can stand in a run of names: a name, an initial, a title, a small word."""
    if word.startswith("[") or word[:1].isupper() or word == ",":
        return True
    folded = vocab.fold(word).rstrip(".")
    return folded in ALLOWED_LOWER or folded in vocab.OFFICES or folded in {"comrade", "comrades"}


def _ends(word: str) -> bool:
    """A full stop ending a sentence (not that of an initial or an abbreviation, `Mr.`, `Cde.`,
    `Gen.`; but that of a word spelt out, `with the Dutch Ministers.`)."""
    return word in {".", ";", ":", "!", "?"} or (
        word.endswith(".")
        and len(word) > 3
        and word[:-1].isalpha()
        and vocab.fold(word) not in vocab.OFFICES | vocab.HONORIFICS
    )


def _names_after(text: str, start: int) -> tuple[int, int]:
    """The run of names that begins at `start` (`Cdes. Liu Shaoqi, Gao Gang, and Wang Jiaxiang`), up
    to a day or a month (`Mr Nash on Friday last`)."""
    end = start
    previous = ""
    for match in WORD.finditer(text, start):
        word = match.group()
        if word in {".", ";", ":", "!", "?", "(", ")"} or not _allowed(word):
            break
        if previous in {"on", "in", "of"} and vocab.fold(word).rstrip(".") in vocab.CALENDAR:
            break
        previous = word
        end = match.end()
        if _ends(word):
            end -= 1
            break
    return start, end


def _names_before(text: str, end: int) -> tuple[int, int]:
    """The run of names that ends at `end` (`Comrades I[van] Kovalev and E. Kovalev`)."""
    words = list(WORD.finditer(text, max(end - 300, 0), end))
    start = end
    for match in reversed(words):
        word = match.group()
        if word in {";", ":", "!", "?", "(", ")"} or _ends(word) or word == "." or not _allowed(word):
            break
        start = match.start()
    return start, end


def _trimmed(text: str, bounds: tuple[int, int]) -> tuple[int, int]:
    """A run of names without the small words and pronouns at its ends (`Stalin for`, `We [...]`)."""
    start, end = bounds
    words = list(WORD.finditer(text, start, end))
    while words and words[-1].group().lower() in ALLOWED_LOWER | {","}:
        words.pop()
    while words and words[0].group() in LEADING_WORDS:
        words.pop(0)
    return (words[0].start(), words[-1].end()) if words else (start, start)


def _of_an_office(named: Named) -> bool:
    """A place or a portfolio an office is of, read as a name: `the Governor of the Straits
    Settlements`, `the Minister of Public Works`."""
    return re.search(r"\bof(?:\s+the)?$", named.title) is not None or (
        re.search(r"\bof\s+\S+$", named.title) is not None and len(named.name.split()) == 1
    )


def _a_holder(office: str) -> bool:
    """An office one person holds, named in the singular (`the Foreign Secretary`, `Prime Minister`),
    not a body or several (`Australian Ministers`, `the Defence Committee`)."""
    words = re.sub(r"^the\s+", "", office.strip(), flags=re.I).split()
    return (
        0 < len(words) <= 5
        and words[0][:1].isupper()
        and words[-1].lower() in vocab.OFFICE_HEADS
        and not words[-1].endswith("s")
    )


def _persons(text: str, bounds: tuple[int, int], offices: bool) -> list[Present]:
    start, end = _trimmed(text, bounds)
    # a footnote mark ends a name: `Casey [3], Macgregor`, `J. H. Thomas [3] M.P.`
    words = re.sub(r"\[\d{1,3}\]", lambda m: "," + " " * (len(m[0]) - 1), text[start:end])
    if "[" in words:  # `We [Liu Shaoqi, Gao Gang, and Wang Jiaxiang]`: the names inside the gloss
        words = re.sub(r"\[([^\]]*,[^\]]*)\]", lambda m: " " + m[1] + " ", words)
    found = []
    for named in people_in(words, run_of_names=True):
        if named.office and not (offices and _a_holder(named.name)):
            continue
        if not named.office and (not plausible_name(named.name) or _of_an_office(named)):
            continue
        span = Span(start + named.name_span[0], start + named.name_span[1])
        found.append(Present(named, span))
    return found


def present_in(text: str, offset: int = 0, *, met: bool = False, offices: bool = False) -> list[Present]:
    """The persons a passage says were present (`in the presence of ...`, `... were present`,
    `... took part`, `with Shi Zhe translating`), and with `met` also those the narrator met or
    talked with, in order, with absolute spans (`offset` is where the passage starts); with
    `offices` also the one holder of an office named for a person (`the Foreign Secretary`)."""
    found: list[Present] = []
    for pattern in (PRESENCE, MET) if met else (PRESENCE,):
        for match in pattern.finditer(text):
            if pattern is MET and not talk_held(text, match.start(), match.end()):
                continue  # `my earlier cable re conversation with Dill`
            after = WITH_US_ON.match(text, match.end())
            found += _persons(text, _names_after(text, after.end() if after else match.end()), offices)
    for match in PRESENT_AFTER.finditer(text):
        found += _persons(text, _names_before(text, match.start()), offices)
        helper = TRANSLATING.search(text, match.end(), match.end() + 12)
        if helper:
            found += _persons(text, _names_after(text, helper.end()), offices)
    found.sort(key=lambda p: p.span.start)
    return [Present(p.named, Span(p.span.start + offset, p.span.end + offset)) for p in found]


def narrator_took_part(text: str, *, report: bool = False) -> bool:
    """Whether the narrator says they took part (`conversations with me`, `I called on ...`); in a
    report, also `a conversation with X took place` (the writer's own talk)."""
    return NARRATOR.search(text) is not None or report and TALK_WITH.search(text) is not None
