"""Reported speech: `Dr. Soong replied that ...`, `The Secretary stated ...`, `I said ...`.

A paragraph is cut into sentences; a sentence whose subject is a person followed by a verb of
speaking starts a statement of that person, and the sentences after it stay with that statement
until another speaker is named. Sentences before any speaker are narration.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from parley.model import Paragraph, Span
from parley.parse.sentences import sentence_spans
from parley.parse.vocabulary import (
    CALENDAR,
    INSTITUTIONS,
    ORGANIZATION_WORDS,
    RUN_ON_OPENERS,
    fold,
    is_abbreviation,
    is_title_word,
)

TITLES = (
    r"(?:Marshal|Generalissimo|Dr\.|Mr\.|Mrs\.|Ambassador|General|President|Chairman|Premier|"
    r"Comrade|comrade|comr\.|Secretary|Minister|Foreign Minister|Prime Minister)"
)
NAME = r"(?:\[[^\]\n]{1,30}\]\s*+)?(?<![\w'’])[A-Z][\w'’]*+(?:-[\w'’]*+){0,4}(?:\.(?=\s?[A-Z]))?"
# an office as the subject: `The Secretary`, `the Prime Minister`, `The British Ambassador`
OFFICE_SUBJECT = (
    r"[Tt]he\s+(?:[A-Z][a-z]+\s+){0,2}?(?:Secretary|Ambassador|Chairman|President|Minister|Generalissimo|"
    r"Marshal|Premier|Chancellor|High\s+Commissioner|Treasurer)(?:\s+of\s+State)?(?![\w-])"
)
SUBJECT = rf"(?P<subject>{OFFICE_SUBJECT}|(?:{TITLES}\s+){{0,4}}{NAME}(?:\s+{NAME}){{0,2}}|I|He|She|We)"
VERBS = (
    r"said|says|asked|asks|replied|answered|stated|agreed|added|suggested|argued|told|reiterated|"
    r"emphasized|emphasised|remarked|admitted|asserted|proposed|insisted|noted|declared|explained|"
    r"expressed|referred|repeated|opened|mentioned|denied|objected|assured|lectured|warned|urged|"
    r"responded|observed|pointed out|promised|pledged|requested|raised|inquired|enquired|"
    r"confirmed|indicated|commented|continued(?=\s*+(?:[,:;.]|that\b|to\b|by\b|with\b|saying\b|$))|"
    r"concluded|countered|maintained|claimed|accused|"
    r"protested|recalled|complained|acknowledged|conceded|refused|rejected|accepted|demanded|"
    r"made it (?:very )?(?:plain|clear)|went on|reported|thanked|hoped|wished|considered|believed|"
    r"gave no direct reply|gave long tirade|followed with|closed saying|closed by|began|"
    r"recommended|opposed|doubted|cautioned|stressed|rejoined|interjected|retorted|opined"
)
ADVERBS = r"(?:\s+(?:first|then|also|again|further|thereupon|finally|later|once more|\w+ly|at length)){0,3}"
SPEECH = re.compile(rf"{SUBJECT}{ADVERBS}\s+(?:{VERBS})\b(?P<colon>:)?")
LEAD_IN = re.compile(r"^(?:\(\d+\)\s*|\d+\.\s+)?(?:[^,.;:]{0,60},\s+)?")
NOT_NAMES = {
    "there",
    "this",
    "that",
    "it",
    "these",
    "those",
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "after",
    "before",
    "when",
    "if",
    "but",
    "and",
    "then",
    "both",
    "all",
    "mention",
    "what",
    "which",
    "who",
    "they",
    "you",
    "our",
    "their",
    "his",
    "her",
    "its",
    "some",
    "many",
    "one",
    "no",
    "nobody",
    "everyone",
    "people",
    "government",
    "reference",
    "as",
    "since",
    "so",
    "also",
    "such",
    "today",
    "now",
    "again",  # telegraphese that drops `I`: `Again raised failure ...`, `Have emphasized desire ...`
    "have",
    "has",
    "had",
    "ask",
}
# a word run on before the subject's name: `Yesterday Cadogan said` is Cadogan, and so are
# `According Pyman said`, `Commenting Bajpai said`, `February Latham said`
LEAD_ADVERB = re.compile(
    rf"^(?:{'|'.join(sorted(w.title() for w in RUN_ON_OPENERS | CALENDAR))})\s+(?=[A-Z])"
)
POSSESSIVE = re.compile(r"['’]s$")  # `It also reported Allison's recommended procedure`: no speaker
PRONOUNS = {"he", "she"}
# words after which a capitalized word is no subject: `at Geneva made it clear`, `the Chicoms accepted`
NOT_BEFORE_SUBJECT = re.compile(
    r"(?:^|\W)(?:the|a|an|of|at|in|on|to|from|by|for|with|into|about|against|upon|between|whether|which)\s+$",
    re.I,
)


@dataclass(frozen=True)
class Statement:
    """A run of sentences by one speaker ('' for narration) inside a paragraph."""

    speaker: str
    span: Span


def sentences(paragraph: Paragraph) -> list[Span]:
    """Sentence spans of a paragraph, in the document's offsets (see `parley.parse.sentences`)."""
    base = paragraph.span.start
    return [Span(base + s.start, base + s.end) for s in sentence_spans(paragraph.text)]


SUBJECTLESS = re.compile(rf"^(?:\(\d+\)\s*)?(?:{VERBS.replace('|', '|').title()})\b")
OFFICE = re.compile(rf"^{OFFICE_SUBJECT}$")


def _is_subject(subject: str) -> bool:
    if POSSESSIVE.search(subject):
        return False
    return OFFICE.match(subject) is not None or subject.split()[0].lower() not in NOT_NAMES


INSERTION = re.compile(r"^\[[^\]\n]{1,30}\]\s*+")  # an editor's insertion before the subject: `[Page 610] He`
FOOTNOTE = re.compile(r"(?<=[a-z])\d{1,3}$")  # a footnote number glued to the name: `Hagerty10`


def _subject(subject: str) -> str:
    """The subject as its speaker's name: a page marker before it and a footnote number after it
    are the editor's, not the name (`[Page 610] He` is `He`, `Hagerty10` is `Hagerty`), nor is an
    adverb run on before it (`Yesterday Cadogan` is `Cadogan`); a
    capitalized word before `I` or `He` ends what comes before, not a name (`the House of Assembly I
    asked` is `I`, `made in the U.S. He pointed out` is `He`)."""
    bare = LEAD_ADVERB.sub("", INSERTION.sub("", subject))
    last = bare.rsplit(" ", 1)[-1]
    if last in ("I", "He", "She", "We") and last != bare:
        return last
    return bare if bare.lower() in PRONOUNS else FOOTNOTE.sub("", LEAD_ADVERB.sub("", subject))


def speaker_of(sentence: str) -> str:
    """The subject of a verb of speaking in `sentence`, as written; '' when there is none.

    A telegraphic sentence that opens with the verb (`Said he thought ...`) returns `He`:
    it continues the current speaker.
    """
    if SUBJECTLESS.match(sentence):
        return "He"
    lead = LEAD_IN.match(sentence)
    start = lead.end() if lead else 0
    for offset in (start, 0):
        match = SPEECH.match(sentence, offset)
        if match and _is_subject(match["subject"]):
            subject = _subject(_after_run_on(_from_title(match["subject"])))
            if _is_subject(subject):
                return subject
    for match in SPEECH.finditer(sentence):
        subject = _subject(_after_run_on(_from_title(match["subject"])))
        trimmed = not match["subject"].startswith(subject)  # what came before it ended a clause
        after_article = NOT_BEFORE_SUBJECT.search(sentence[max(0, match.start() - 12) : match.start()])
        if (
            (trimmed or not after_article)
            and _is_subject(subject)
            and subject.lower() not in {*PRONOUNS, "we"}
        ):
            return subject
    return ""


def _from_title(subject: str) -> str:
    """A subject from the title that opens a name after other capitalized words: a clause before it
    ran on without a comma (`As regards Hungary President Chiang stated` is `President Chiang`,
    `Again Admiral Radford` is `Admiral Radford`)."""
    words = list(re.finditer(r"\S+", subject))
    first = next((word.start() for word in words if is_title_word(word[0])), 0)
    return subject if words[0][0].lower() == "the" else subject[first:]


def _after_run_on(subject: str) -> str:
    """A subject without a heading or a body's name run on before a person's name without a stop:
    `RUNNING THE MILITARY DISTRICTS Mao Zedong said` is `Mao Zedong`, `Speaking of the Japanese
    Communist Party Mao Zedong said` is `Mao Zedong`; what is left must be a name of no body's words
    (`Embassy Rangoon` stays whole, and no speaker)."""
    words = list(re.finditer(r"\S+", subject))
    start = 0
    for word, following in itertools.pairwise(words):
        rest = subject[following.start() :].split()
        if any(fold(w).rstrip(".") in ORGANIZATION_WORDS for w in rest):
            continue
        bare = re.sub(r"[^\w]", "", word[0])
        heading = (
            len(bare) > 1
            and bare.isupper()
            and not following[0].isupper()
            and not is_title_word(word[0])
            and (len(rest) > 1 or not is_abbreviation(word[0]))
        )
        body = bare.lower() in INSTITUTIONS and not is_title_word(following[0]) and len(rest) > 1
        if heading or body:
            start = following.start()
    return subject[start:]


def has_reported_speech(paragraph: Paragraph) -> bool:
    """Whether any sentence of the paragraph reports someone speaking."""
    return any(
        speaker_of(paragraph.text[s.start - paragraph.span.start : s.end - paragraph.span.start])
        for s in sentences(paragraph)
    )


def statements(paragraph: Paragraph) -> list[Statement]:
    """Cut a paragraph into statements by speaker.

    `He`/`She` continue the speaker of the same paragraph; with none yet, the sentence stays
    narration rather than being guessed onto someone.
    """
    result: list[Statement] = []
    current = ""
    for span in sentences(paragraph):
        local = paragraph.text[span.start - paragraph.span.start : span.end - paragraph.span.start]
        subject = speaker_of(local)
        if subject.lower() in PRONOUNS:
            subject = current
        if subject and subject != current or not result:
            result.append(Statement(subject, span))
            current = subject
        else:
            result[-1] = Statement(result[-1].speaker, Span(result[-1].span.start, span.end))
    return result
