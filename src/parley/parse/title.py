"""What a record's title or heading says of who wrote it and who met.

`Memorandum of Conversation, by Mr. W. L. S. Williams of the Division of South Asian Affairs`,
`Memorandum by the Officer in Charge of Philippine Affairs (Bell)`, `Note by Mr S.M. Bruce, High
Commissioner in London, of Conversation with Lord Halifax, U.K. Secretary of State for Foreign
Affairs, at the Foreign Office`, `Record of Conversation Between Whitlam, Surono and Her
Tasning`, `Calwell's discussion with Addison`, `Memorandum of conversation with Ambassador
Dobrynin, Friday, September 25, 1964`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parley.parse import vocabulary as vocab
from parley.parse.dateline import find_date_expression
from parley.parse.people import Named, people_in, plausible_name

_MEETING = (
    r"(?:conversations?|discussions?|meetings?|talks?|conferences?|interviews?|consultations?|calls?"
    r"|luncheon|dinner)"
)
# the author ends before a comma, a bracket or `on`, `for`, `to` ... (`by Emerton for ...`)
AUTHOR = re.compile(
    r"(?:^|[\s,])by\s+(?P<who>(?:the\s+)?[^,()]{2,120}?)\s*"
    rf"(?:\((?P<name>[^()]{{2,40}})\)|(?=,|\s+(?:of|on)\s+(?:a\s+|the\s+)?(?:\w+\s+)?{_MEETING}\b"
    r"|\s+of\s+the\s+[A-Z]|\s+(?:on|for|to|about|concerning|regarding)\s|$))",
    re.I,
)
# `by the Assistant Secretary for ... (Holbrooke)`; not a recipient's: `by Tyson to the Director (Young)`
BRACKETED_AUTHOR = re.compile(r"(?:^|[\s,])by\s+(?:(?!\sto\s)[^,()]){2,160}?\((?P<name>[^()]{2,40})\)", re.I)
SMALL_WORD = re.compile(r"(?<=\s)(?:Of|On|And|The|For|With|Between|In|At|To|By)\b")
SENDER = re.compile(
    r"^(?:\d+\.\s+)?(?:cable|telegram|report|letter|memorandum|note|message|minute)s?,\s*"
    r"(?P<who>[^,;]{2,60}?)\s+to\s+\S",
    re.I,
)
BETWEEN = re.compile(rf"\b{_MEETING}\b[^,;]{{0,60}}?\b(?P<kind>between|with)\s+(?P<names>.+)$", re.I)
POSSESSIVE = re.compile(
    rf"^(?P<owner>[A-Z][\w.'’ -]{{1,40}}?)['’]s\s+{_MEETING}\s+with\s+(?P<names>.+)$", re.I
)
STOP = re.compile(
    r",?\s+(?:at|in|on|during|concerning|regarding|about)\s+(?:the\s+)?"
    r"(?=[a-z0-9]|[A-Z][a-z]+\s+(?:Office|House|Ministry|Department|Hotel|Embassy))"
    r"|,\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|\[\d+\]|\s*\(\w+\s+\d+\s+of\s+\d+\)"
    r"|,\s*(?:[A-Z][\w'’]+\s+){1,3}(?:Hotel|Palace|Residence|Club|Restaurant)\b",  # `, Savoy Hotel, London`
)


@dataclass(frozen=True)
class TitleFacts:
    """The author and the persons met that a title names; offsets are local to the title."""

    author: Named | None
    met: tuple[Named, ...]
    author_took_part: bool  # `... of Conversation with X`: the author met X


def _names(text: str, offset: int) -> list[Named]:
    """The persons a title's `between ...` or `with ...` part names, offsets made title-local."""
    cut = STOP.search(text)
    text = text[: cut.start()] if cut else text
    date = find_date_expression(text)
    if date:
        text = text[: date.start()]
    text = re.sub(r"\bAnd\b", "and", text)
    found = people_in(text.rstrip(" ,.;:"))
    for named in found:
        named.name_span = (named.name_span[0] + offset, named.name_span[1] + offset)
        if named.title_span:
            named.title_span = (named.title_span[0] + offset, named.title_span[1] + offset)
    return found


def _author(title: str) -> Named | None:
    sender = SENDER.match(title)
    if sender:
        found = people_in(sender["who"])
        if found:
            named = found[0]
            start = sender.start("who")
            named.name_span = (named.name_span[0] + start, named.name_span[1] + start)
            return named
    named_after = BRACKETED_AUTHOR.search(title)  # `by the Assistant Secretary for ... (Holbrooke)`
    if named_after and _names_a_person(named_after["name"]):  # not `(my telegram No. 461)`
        return Named(named_after["name"].strip(), (named_after.start("name"), named_after.end("name")))
    match = AUTHOR.search(title)
    if not match:
        return None
    if _names_a_person(match["name"] or ""):
        return Named(match["name"].strip(), (match.start("name"), match.end("name")))
    who = match["who"].strip(" ,")
    found = people_in(who)
    if not found or any(word.lower() in vocab.INSTITUTIONS for word in re.findall(r"[\w'’]+", who)):
        return None  # `by New Weapons and Equipment Development Committee`: a body, no person
    named = found[0]
    start = match.start("who")
    named.name_span = (named.name_span[0] + start, named.name_span[1] + start)
    return named


def _names_a_person(text: str) -> bool:
    """A bracketed aside that is a name: capitalized, no figures, a plausible name."""
    text = text.strip()
    return text[:1].isupper() and not any(c.isdigit() for c in text) and plausible_name(text)


def read_title(title: str) -> TitleFacts:
    """The author (`by ...`) and the persons met (`between ...`, `with ...`) of a title."""
    text = title if not title.isupper() else SMALL_WORD.sub(lambda m: m[0].lower(), title.title())
    author = _author(text)
    owner = POSSESSIVE.match(text)
    if owner and plausible_name(owner["owner"]):
        met = people_in(owner["owner"]) + _names(owner["names"], owner.start("names"))
        return TitleFacts(author, tuple(met), False)
    between = BETWEEN.search(text)
    if not between:
        return TitleFacts(author, (), False)
    met = _names(between["names"], between.start("names"))
    return TitleFacts(author, tuple(met), between["kind"].lower() == "with")
