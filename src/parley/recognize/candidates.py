"""Name-like phrases that no registry entity covers: the curator's to-do list."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from parley.model import Span
from parley.registry import Registry

_WORD = r"(?:[A-Z]\.(?:\s?[A-Z]\.)*|[A-Z][\w'’]*(?:-\w[\w'’]*)*)"
NAME = re.compile(rf"(?<![\w'’-]){_WORD}(?:[ ](?:(?:of|de|du|da|la|van|von|and|the)[ ])?{_WORD})*")
WORDS = re.compile(r"[\w'’.-]+")
_STOP_WORDS = """a about after again all also although an and any are as at be because been before both but by
    can cannot could did do does during each either even every first for from further had has have he
    her here his how however i if in into is it its let let's many may me meanwhile might more most
    much must my neither no nor not now o.k ok of on once one only or other our own perhaps please
    same second she should since so some still such than thank thanks that the their them then there
    therefore these they third this those though three through thus to today too two under until
    very was we well were what whatever when where whereas whether which while who whom whose why
    will with without would yes yet you your
    mr mrs dr doctor sir madame general marshal president ambassador secretary chairman minister
    premier comrade comrades comr comrs interpreter generalissimo acting prime foreign vice deputy
    government party committee council commission conference treaty agreement agreements article
    declaration document documents record records memorandum telegram cable note notes meeting talks
    paraphrase reference present date subject participants original language english transcript
    transcription summary citation credits contents source page ibid part vol volume box folder
    collection secret confidential priority limdis uncleared never distributed drafted
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    chinese soviet soviets russian russians japanese japs american americans british korean koreans
    mongol mongols mongolian mongolians tibetans finns czarist czar czars tsar communist communists
    manchurian siberian sino western eastern northern southern north south east west central
    national international people's peoples state states god re russo anti pro german french polish
    vietnamese file files embassy message office information archive digital uploaded associated
    places conversation conversations id high affairs friendship alliance radio far chief
    administration manager members leaders reception diary regard making nuclear detonation inner
    pol def chicom"""
STOP = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class Candidate:
    """A name-like phrase outside every known mention, with its surroundings.

    `reason` is `unregistered` (no registry name has these words) or `unresolved` (a registry
    name, but its rules chose no entity here: a short name or a period alias without context).
    """

    surface: str
    span: Span
    context: str
    reason: str


def _masked(text: str, offset: int, known_spans: Iterable[Span]) -> str:
    chars = list(text)
    for span in known_spans:
        for i in range(max(span.start - offset, 0), min(span.end - offset, len(text))):
            chars[i] = "\x00"
    return "".join(chars)


def _is_stop(word: str) -> bool:
    """A stop word, or a compound of them such as `Sino-Soviet`; possessives ignored."""
    word = re.sub(r"(?:['’]s|['’])$", "", word.lower().strip("."))
    return all(part in STOP for part in word.split("-"))


def _sentence_start(text: str, start: int) -> bool:
    """Whether `start` opens a text, a line or a sentence (or follows a list number)."""
    window = text[max(start - 20, 0) : start]
    before = re.sub(r"[\s\"“(\[]+$", "", window)
    return not before or before[-1] in ".!?:;)" or "\n" in window[len(before) :]


def _trimmed(text: str, start: int, end: int, lowercase_words: set[str]) -> tuple[int, int] | None:
    """The phrase without stop words at either end, a sentence-opening common word or a possessive."""
    words = list(WORDS.finditer(text, start, end))
    if len(words) > 1 and _sentence_start(text, start) and words[0].group().lower() in lowercase_words:
        words.pop(0)
    while words and words[0].group().lower().strip(".") in STOP:
        words.pop(0)
    while words and words[-1].group().lower().strip(".") in STOP:
        words.pop()
    if all(_is_stop(word.group()) for word in words):
        return None
    start = words[0].start()
    end = start + len(re.sub(r"(?:['’]s?)?\.?$", "", text[start : words[-1].end()]))
    return (start, end) if end > start else None


def _is_common_word(text: str, start: int, end: int, lowercase_words: set[str]) -> bool:
    """A lone word that is capitalized only because it opens a sentence, or is also used in lowercase."""
    word = text[start:end]
    if len(word) < 2:
        return True
    if " " in word or word[1:].isupper():
        return False
    return word.lower() in lowercase_words or _sentence_start(text, start)


def find_candidates(
    text: str, offset: int, registry: Registry, known_spans: Iterable[Span]
) -> list[Candidate]:
    """Capitalized, name-like phrases of `text` that lie outside `known_spans` (absolute spans)."""
    masked = _masked(text, offset, known_spans)
    lowercase_words = set(re.findall(r"(?<![\w'’-])[a-z][\w'’]*", text))
    found = []
    for match in NAME.finditer(masked):
        trimmed = _trimmed(masked, match.start(), match.end(), lowercase_words)
        if trimmed is None or _is_common_word(masked, *trimmed, lowercase_words):
            continue
        start, end = trimmed
        surface = text[start:end]
        snippet = " ".join(text[max(start - 50, 0) : end + 50].split())
        reason = "unresolved" if registry.lookup(surface) else "unregistered"
        found.append(Candidate(surface, Span(offset + start, offset + end), snippet, reason))
    return found
