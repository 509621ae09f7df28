"""One compiled regex over every registry alias, built as a trie of words.

Aliases are matched word by word: case-insensitively, with any short run of spaces, dots,
hyphens, slashes, apostrophes or brackets between words (so `T.V. Soong`, `T. V. Soong` and
`[T.V.] Soong` are one alias), whole words only, longest first. A hit is then checked against the
alias as written: a capital letter in the alias must be capital in the text (`US` is not `us`,
`China` is not `china`), lowercase letters match either case.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from parley.registry import AliasRule, Registry, office_titles_before

WORD = re.compile(r"\w+")
SEPARATOR = r"[ \t\u00a0.\-‐–/'’\[\]&]{1,4}"
Key = tuple[str, ...]
Chooser = Callable[[list[AliasRule]], str | None]
Trie = dict[str, "Trie"]
Option = tuple[int, list[AliasRule], bool]
MEMO_SIZE = 100_000


def word_key(name: str) -> Key:
    """The words of a name, lowercased: the matcher's key for an alias or a surface form."""
    return tuple(w.lower() for w in WORD.findall(name))


def case_fits(alias: str, surface: str) -> bool:
    """Whether every capital letter of `alias` is a capital in `surface` (same words assumed)."""
    a, s = "".join(WORD.findall(alias)), "".join(WORD.findall(surface))
    return len(a) == len(s) and all(sc.isupper() or not ac.isupper() for ac, sc in zip(a, s, strict=True))


def _trie_pattern(keys: list[Key]) -> str:
    """A regex branching one character at a time (a space stands for SEPARATOR), longest first."""
    trie: Trie = {}
    for key in keys:
        node = trie
        for char in " ".join(key):
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: Trie) -> str:
        alternatives = []
        for char in sorted(c for c in node if c):
            child, head = node[char], SEPARATOR if char == " " else re.escape(char)
            tail = pattern(child)
            alternatives.append(f"{head}(?:{tail})?" if tail and "" in child else head + tail)
        if len(alternatives) < 2:
            return "".join(alternatives)
        return "(?:" + "|".join(alternatives) + ")"

    return pattern(trie)


def _trim_brackets(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop an unbalanced bracket at either end, or brackets around the whole hit."""
    while start < end:
        surface = text[start:end]
        opened, closed = surface.count("["), surface.count("]")
        if surface[0] == "[" and (opened > closed or (surface[-1] == "]" and opened == closed == 1)):
            start, end = start + 1, end - (surface[-1] == "]" and opened == closed)
        elif surface[-1] == "]" and closed > opened:
            end -= 1
        else:
            break
    return start, end


@dataclass(frozen=True)
class Hit:
    """A stretch of text that names an entity."""

    start: int
    end: int
    entity_id: str


class Matcher:
    """The compiled alias regex of a registry and the rules behind each word key."""

    def __init__(self, registry: Registry) -> None:
        self.rules: dict[Key, list[AliasRule]] = {}
        for rules in registry.index.values():
            for rule in rules:
                bucket = self.rules.setdefault(word_key(rule.name), [])
                if rule not in bucket:
                    bucket.append(rule)
        self.rules.pop((), None)
        self._memo: dict[str, list[Option]] = {}
        body = _trie_pattern(sorted(self.rules))
        self.regex = re.compile(rf"(?<!\w)\[?(?:{body})(?!\w)\]?", re.IGNORECASE) if body else None

    def scan(self, text: str, choose: Chooser) -> Iterator[Hit]:
        """Non-overlapping hits, longest first; a hit `choose` rejects is retried shorter."""
        if self.regex is None:
            return
        position = 0
        while match := self.regex.search(text, position):
            start, end = _trim_brackets(text, match.start(), match.end())
            hit = self._longest_accepted(text, start, end, choose)
            if hit:
                yield hit
                position = hit.end
            else:
                first = WORD.search(text, start)
                position = first.end() if first else end

    def _longest_accepted(self, text: str, start: int, end: int, choose: Chooser) -> Hit | None:
        written = office_titles_before(text, start)
        for stop, rules, dotted in self._options(text[start:end]):
            if entity_id := choose([r for r in rules if r.fits_titles(written)]):
                begin, stop = _trim_brackets(text, start, start + stop)
                if dotted and text[stop : stop + 1] == ".":
                    stop += 1  # the final dot of an abbreviation such as `U.S.`
                return Hit(begin, stop, entity_id)
        return None

    def _options(self, surface: str) -> list[Option]:
        """Leading parts of a hit that are aliases as cased, longest first (memoized)."""
        if (options := self._memo.get(surface)) is not None:
            return options
        words = list(WORD.finditer(surface))
        options = []
        for count in range(len(words), 0, -1):
            stop = len(surface) if count == len(words) else words[count - 1].end()
            part = surface[:stop]
            rules = [r for r in self.rules.get(word_key(part), []) if case_fits(r.name, part)]
            if rules:
                options.append((stop, rules, any(r.name.endswith(".") for r in rules)))
        if len(self._memo) > MEMO_SIZE:
            self._memo.clear()
        self._memo[surface] = options
        return options


def matcher_for(registry: Registry) -> Matcher:
    """The registry's matcher, built once and kept in the registry's cache."""
    matcher = registry.cache.get("matcher")
    if not isinstance(matcher, Matcher):
        matcher = registry.cache["matcher"] = Matcher(registry)
    return matcher
