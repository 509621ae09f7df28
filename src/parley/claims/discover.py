"""Issues a record raises that mappings/issues.yaml does not hold: proposed issues, with evidence.

A record proposes an issue for
- each part of its subject line (`SUBJECT: Berlin; Laos`), the topic of the whole record;
- each topic heading in its body (an all-capitals line such as `SINGAPORE: DATE OF COMPLETION`),
  the topic of what follows it up to the next heading;
- each name its summary gives (`Formosa`, `Portuguese Timor`) that its turns use too;
- each name of two words or more, or two-word phrase, that the turns of at least two speakers use
  (`Free City`, `wheat prices`, `test ban`); a one-word name only when the summary gives it too.
A phrase already naming a registered issue, a person, a speaker or a word of every record
(`Government`, `Mr`) proposes nothing. Every record also has an `unnamed` issue: a cue sentence
whose issue no place names is a candidate on it, for the reviewer to set, never dropped.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from parley.claims.model import PROPOSED, Issue, Term
from parley.model import Document, ParagraphRole, Span, Utterance, UtteranceKind
from parley.parse import vocabulary as vocab
from parley.parse.paragraphs import split_paragraphs
from parley.registry import Registry

NAME = re.compile(r"(?<![\w’'-])[A-Z][a-z]+(?:[- ](?:of |de |the )?[A-Z][a-z]+){0,3}(?![\w’'-])")
PAIR = re.compile(r"(?<![\w’'-])([a-z]{4,}) ([a-z]{4,})(?![\w’'-])")
DEMONYM = re.compile(r"(?:ans|ese|ish|ians)$")
HEADING = re.compile(r"^[A-Z][A-Z0-9 ,;:&()'’./-]{3,79}$")
SUBJECT_LABEL = re.compile(r"^(?:[•·*]\s*)?(?:SUBJECTS?|Subjects?)\s*:?\s*")
PARTS = re.compile(r"\s*(?:;|\(\d+\)|\b\d+\.\s)\s*")
BRACKETS = re.compile(r"\[[^\]\n]{0,80}\]")  # an editor's insertion: `[Page 91]`, `[name not declassified]`
# a subject that names the meeting itself (`Conversation at Chequers, August 29, 1959`, `NSC Meeting`)
# proposes only what it says the meeting was about (`Dinner Meeting on the Information Problem`)
MEETING = re.compile(
    r"\b(?:meeting|conversation|dinner|luncheon|lunch|breakfast|discussion|session|plenary)s?(?![a-z])", re.I
)
ABOUT = re.compile(r"\b(?:on|about|regarding|concerning)\s+(?:the\s+)?(\S.*)", re.I)
OF = re.compile(r"\s*of\s+(?:the\s+)?(\S.*)", re.I)
MIN_SPEAKERS = 2
MAX_PROPOSED = 8  # recurring phrases a record proposes at most (the most used)
# words of every record, which name no issue
COMMON = frozenset(
    [
        "mr",
        "mrs",
        "dr",
        "sir",
        "lord",
        "the",
        "this",
        "that",
        "these",
        "those",
        "there",
        "then",
        "when",
        "what",
        "which",
        "while",
        "where",
        "why",
        "how",
        "government",
        "governments",
        "president",
        "secretary",
        "minister",
        "ambassador",
        "prime",
        "foreign",
        "affairs",
        "state",
        "states",
        "department",
        "embassy",
        "chairman",
        "comrade",
        "comrades",
        "premier",
        "marshal",
        "general",
        "generalissimo",
        "question",
        "questions",
        "point",
        "points",
        "matter",
        "matters",
        "position",
        "view",
        "views",
        "time",
        "meeting",
        "conversation",
        "talks",
        "united",
        "soviet",
        "union",
        "kingdom",
        "british",
        "american",
        "chinese",
        "russian",
        "french",
        "german",
        "yes",
        "no",
        "however",
        "also",
        "therefore",
        "moreover",
        "would",
        "should",
        "could",
        "might",
        "must",
        "shall",
        "will",
        "have",
        "been",
        "being",
        "here",
        "they",
        "their",
        "them",
        "with",
        "from",
        "into",
        "about",
        "after",
        "before",
        "other",
        "another",
        "some",
        "many",
        "more",
        "most",
        "such",
        "only",
        "very",
        "well",
        "said",
        "says",
        "think",
        "believe",
        "know",
        "want",
        "like",
        "make",
        "made",
        "take",
        "taken",
        "give",
        "given",
        "come",
        "going",
        "done",
        "does",
        "doing",
        "fact",
        "thing",
        "things",
        "something",
        "nothing",
        "anything",
        "people",
        "country",
        "countries",
        "side",
        "sides",
        "part",
        "case",
        "course",
        "order",
        "sort",
        "kind",
        "number",
        "years",
        "year",
        "months",
        "days",
        "week",
        "today",
        "tomorrow",
        "yesterday",
        "he",
        "she",
        "we",
        "it",
        "you",
        "his",
        "her",
        "our",
        "its",
        "your",
        "my",
        "i",
    ]
).union(vocab.CALENDAR)
# titles: a phrase that opens with one names a person (`Ambassador Unger`)
TITLE_WORDS = frozenset(
    [
        "ambassador",
        "president",
        "minister",
        "secretary",
        "senator",
        "congressman",
        "general",
        "admiral",
        "colonel",
        "chancellor",
        "king",
        "queen",
        "prince",
        "emperor",
        "shah",
        "premier",
        "chairman",
        "marshal",
        "foreign",
        "prime",
        "mr",
        "mrs",
        "dr",
        "sir",
        "lord",
        "governor",
        "comrade",
        "director",
    ]
)
# words that make no issue of a two-word phrase (`link between`, `ever accepted`)
FUNCTION_WORDS = frozenset(
    [
        "between",
        "against",
        "among",
        "within",
        "without",
        "towards",
        "toward",
        "through",
        "during",
        "under",
        "over",
        "upon",
        "above",
        "below",
        "across",
        "since",
        "until",
        "ever",
        "never",
        "already",
        "still",
        "even",
        "just",
        "much",
        "less",
        "least",
        "quite",
        "rather",
        "both",
        "each",
        "every",
        "either",
        "neither",
        "than",
        "whose",
        "whether",
        "unless",
        "though",
        "although",
        "because",
        "may",
        "can",
        "not",
        "does",
        "did",
        "had",
        "has",
        "be",
        "were",
        "was",
        "are",
        "is",
    ]
)


@dataclass(frozen=True)
class Proposals:
    """A record's proposed issues and the topics they give its sentences."""

    issues: tuple[Issue, ...]
    subject: str  # the issue of the record's subject line ('' if none)
    headings: tuple[tuple[int, str], ...]  # (offset of a heading, its issue), in order
    unnamed: Issue

    def topic_at(self, offset: int) -> str:
        """The topic of the text at `offset`: its section's heading, else the record's subject."""
        at = bisect.bisect_right([start for start, _ in self.headings], offset)
        return self.headings[at - 1][1] if at else self.subject


def _slug(text: str, limit: int | None = 60) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-")


def _of_record(document: Document) -> str:
    """The start of the ids of a record's proposed issues: its whole id (cut short, the ids of records
    of one volume would be one issue's)."""
    return f"{PROPOSED}{_slug(document.doc_id, None)}-"


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z][A-Za-z’'-]+", text) if w.lower() not in COMMON and len(w) > 2]


class _Collector:
    """Proposed issues of one record, one per label."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.found: dict[str, tuple[str, list[Span], tuple[str, ...]]] = {}

    def add(self, label: str, evidence: Iterable[Span], terms: Sequence[str]) -> str:
        key = _slug(label)
        if not key or not terms:
            return ""
        issue_id = f"{_of_record(self.document)}{key}"
        _, spans, known = self.found.get(issue_id, (label, [], ()))
        self.found[issue_id] = (
            self.found.get(issue_id, (label,))[0],
            spans + list(evidence),
            known or tuple(terms),
        )
        return issue_id

    def issues(self) -> tuple[Issue, ...]:
        return tuple(
            Issue(issue_id, label, terms=tuple(Term(t) for t in terms), evidence=tuple(sorted(set(spans))))
            for issue_id, (label, spans, terms) in sorted(self.found.items())
        )


def propose_issues(
    document: Document,
    utterances: Sequence[Utterance],
    registry: Registry,
    registered: Sequence[Issue],
    named: frozenset[str],
) -> Proposals:
    """The record's proposed issues: from its subject line, headings, summary and recurring phrases
    of its `utterances` (a meeting's, or the passages of a record of no meeting as claims read them)."""
    collector = _Collector(document)
    taken = _taken(document, utterances, registry, registered, named)
    subject = _subject(document, collector, taken)
    headings = tuple(_headings(document, utterances, collector, taken))
    turns = _turn_phrases(utterances, taken)
    summary = set(_summary_names(document, taken))
    for phrase in summary:
        if phrase in turns:
            collector.add(phrase, turns[phrase][0], [phrase])
    # a single capitalized word that recurs (`Soviets`, `Nasser`, `Congress`) names a party, a person
    # or a place far more often than a question under negotiation
    recurring = [
        (p, spans)
        for p, (spans, speakers) in turns.items()
        if len(speakers) >= MIN_SPEAKERS and (" " in p or not p[:1].isupper() or p in summary)
    ]
    recurring.sort(key=lambda item: (-len(item[1]), item[0]))
    for phrase, spans in recurring[:MAX_PROPOSED]:
        collector.add(phrase, spans, [phrase])
    title = document.title or document.doc_id
    unnamed = Issue(f"{_of_record(document)}unnamed", f"An issue not named in {title}")
    return Proposals(collector.issues(), subject, headings, unnamed)


def _taken(
    document: Document,
    utterances: Sequence[Utterance],
    registry: Registry,
    registered: Sequence[Issue],
    named: frozenset[str],
) -> set[str]:
    """Lower-case words and phrases that propose nothing: persons, speakers, registered issues' names."""
    always, by_entity = _registry_words(registry)
    taken = set(COMMON) | always
    for entity_id in named:
        taken.update(by_entity.get(entity_id, ()))
    for issue in registered:
        taken.update(t.text.lower() for t in issue.terms)
        for entity_id in issue.entities:
            if entity_id in registry.entities:
                taken.update(n.lower() for n in registry.get(entity_id).names)
    for u in utterances:
        taken.update(w.lower().strip(".") for w in u.speaker.split())
    if document.meeting:
        for p in document.meeting.participants:
            taken.update(w.lower().strip(".,") for w in p.name.split())
    return taken


RegistryWords = tuple[frozenset[str], dict[str, frozenset[str]]]


def _registry_words(registry: Registry) -> RegistryWords:
    """The lower-case names (and persons' name words) that propose nothing: those of every person and
    state, and those of each other entity (taken where a record names it); kept in the registry's cache."""
    known = registry.cache.get("taken words")
    if isinstance(known, tuple):
        return known
    always: set[str] = set()
    by_entity: dict[str, frozenset[str]] = {}
    for entity in registry.entities.values():
        words = {rule.name.lower() for rule in entity.rules()}
        words.update(w.lower() for n in entity.names for w in n.split() if entity.kind == "person")
        if entity.kind in ("person", "state"):
            always |= words
        else:
            by_entity[entity.id] = frozenset(words)
    made: RegistryWords = (frozenset(always), by_entity)
    registry.cache["taken words"] = made
    return made


def _subject(document: Document, collector: _Collector, taken: set[str]) -> str:
    paragraphs = split_paragraphs(document.text)
    first = ""
    for paragraph, role in zip(paragraphs, document.paragraph_roles, strict=False):
        if role is not ParagraphRole.SUBJECT:
            continue
        text = (
            SUBJECT_LABEL.sub("", paragraph.text) if SUBJECT_LABEL.match(paragraph.text) else paragraph.text
        )
        at = paragraph.span.start + len(paragraph.text) - len(text)
        for part in PARTS.split(_unbracketed(text)):
            part = _topic_of(part.strip(" .;,•·*"))
            terms = [w for w in _words(part) if w.lower() not in taken]
            issue_id = collector.add(part, [Span(at, at + len(text))], terms) if part else ""
            first = first or issue_id
    return first


def _topic_of(part: str) -> str:
    """What a subject line part is about: itself, or, when it names the meeting, what follows `on`
    (or `of`) after the meeting's name, else nothing."""
    meetings = list(MEETING.finditer(part))
    if not meetings:
        return part
    rest = part[meetings[-1].end() :]
    about = ABOUT.search(rest) or OF.match(rest)
    return about[1].strip(" .;,") if about else ""


def _headings(
    document: Document, utterances: Sequence[Utterance], collector: _Collector, taken: set[str]
) -> Iterable[tuple[int, str]]:
    if not utterances:
        return
    body = utterances[0].span.start
    for paragraph in split_paragraphs(document.text):
        text = paragraph.text.strip()
        if paragraph.span.start < body or not HEADING.match(text) or len(_words(text)) == 0:
            continue
        label = text.rstrip(":. ").title()
        terms = [w for w in _words(text.title()) if w.lower() not in taken]
        if issue_id := collector.add(label, [paragraph.span], terms):
            yield paragraph.span.start, issue_id


def _phrases(text: str, taken: set[str]) -> Iterable[tuple[str, int, int]]:
    for match in NAME.finditer(text):
        phrase, start = match[0], match.start()
        if phrase.startswith("The "):  # `The Europeans`, `The Six`: the words after the article
            phrase, start = phrase[4:], start + 4
        words = phrase.lower().split()
        opens = start == 0 or text[max(0, start - 3) : start].rstrip()[-1:] in ".!?:;"
        if len(words) == 1 and (opens or DEMONYM.search(phrase)):
            continue  # a capital that only opens a sentence, or a people's name (Americans, Japanese)
        if words[0] in TITLE_WORDS and words[-1].removesuffix("s") not in TITLE_WORDS:
            continue  # a person named with a title (`Ambassador Unger`), not an office (`Prime Ministers`)
        if phrase.lower() not in taken and not all(w in taken for w in words):
            yield phrase, start, match.end()
    for match in PAIR.finditer(text):
        if any(w in taken or w in FUNCTION_WORDS or w.endswith("ed") for w in (match[1], match[2])):
            continue  # not two content words (`issues between`, `ever accepted`, `expressed doubt`)
        yield match[0], match.start(), match.end()


def _unbracketed(text: str) -> str:
    """`text` with each editor's insertion in brackets blanked (offsets kept)."""
    return BRACKETS.sub(lambda m: " " * len(m[0]), text)


def _turn_phrases(utterances: Sequence[Utterance], taken: set[str]) -> dict[str, tuple[list[Span], set[str]]]:
    """Each phrase of the speakers' turns, where it stands and who used it."""
    found: dict[str, tuple[list[Span], set[str]]] = defaultdict(lambda: ([], set()))
    for u in utterances:
        if u.kind is UtteranceKind.NARRATION or not u.speaker:
            continue
        for phrase, start, end in _phrases(_unbracketed(u.text), taken):
            spans, speakers = found[phrase]
            spans.append(Span(u.span.start + start, u.span.start + end))
            speakers.add(u.speaker.split()[-1].lower())
    return found


def _summary_names(document: Document, taken: set[str]) -> list[str]:
    return [m[0] for m in NAME.finditer(_unbracketed(document.summary)) if m[0].lower() not in taken]
