"""Mentions of registry entities in a text, with absolute character spans."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from parley.model import Span
from parley.recognize.matcher import matcher_for
from parley.registry import AliasRule, Registry, choose


@dataclass(frozen=True)
class MentionMatch:
    """A registry entity named in a text: `surface` is exactly the text under `span`."""

    entity_id: str
    span: Span
    surface: str


def _plain(rules: list[AliasRule]) -> str | None:
    ids = {rule.entity_id for rule in rules if not rule.conditional}
    return ids.pop() if len(ids) == 1 else None


def document_context(texts: Iterable[str], registry: Registry) -> frozenset[str]:
    """Ids of the entities the texts name in full: by a plain alias that fits one entity only.

    Pass the result as `context` to `find_mentions` for every text of the same document, so that
    a short or conditional name (`Chang`, `the Ambassador`, `Wang`) can be resolved by it.
    """
    matcher = matcher_for(registry)
    return frozenset(hit.entity_id for text in texts for hit in matcher.scan(text, _plain))


def find_mentions(
    text: str,
    offset: int,
    registry: Registry,
    *,
    date: dt.date | None = None,
    context: Collection[str] = (),
) -> list[MentionMatch]:
    """Non-overlapping mentions in `text`, longest name first, spans shifted by `offset`.

    `date` is the date of the text (of the record, or of the listing entry): it chooses between
    period aliases such as `China`. `context` holds entity ids the document names in full (see
    `document_context`); the entities this text names in full are added to it.
    """
    matcher = matcher_for(registry)
    named = set(context) | {hit.entity_id for hit in matcher.scan(text, _plain)}
    return [
        MentionMatch(hit.entity_id, Span(offset + hit.start, offset + hit.end), text[hit.start : hit.end])
        for hit in matcher.scan(text, lambda rules: choose(rules, date, named))
    ]


@functools.cache
def _office_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b(?!\s+(?:of|for|to|General)\b)", re.I)


def office_phrases(registry: Registry) -> re.Pattern[str]:
    """Names of the offices of mappings/offices.yaml as a text writes them (`the Secretary`), not
    followed by what makes them another office (`the Secretary of Defense`)."""
    names = tuple(n for office in registry.offices for n in office.names)
    return _office_pattern(names) if names else re.compile(r"(?!)")
