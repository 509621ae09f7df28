"""The values the claims stage reads from mappings/ and the claims it returns."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from parley.model import Span

STANCES = ("asserts", "proposes", "demands", "accepts", "rejects", "concedes", "asks")
# Where a rule may look for the issue of a cue: its sentence, its utterance, or the turns before.
SCOPES = ("sentence", "utterance", "context")
SCOPE_WEIGHT = {"sentence": 1.0, "utterance": 0.8, "context": 0.6}


@dataclass(frozen=True)
class Issue:
    """A question under negotiation, the registry entities it concerns and the terms that name it."""

    id: str
    label: str
    entities: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    note: str = ""

    @functools.cached_property
    def term_pattern(self) -> re.Pattern[str] | None:
        """The terms as one case-insensitive whole-word pattern, or None without terms."""
        if not self.terms:
            return None
        alternatives = "|".join(re.escape(t) for t in sorted(self.terms, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I)


@dataclass(frozen=True)
class ClaimRule:
    """A cue pattern that signals `stance` in a sentence; earlier rules win over later ones."""

    id: str
    stance: str
    pattern: re.Pattern[str]
    confidence: float
    scope: str = "context"
    note: str = ""


@dataclass(frozen=True)
class CuratedClaim:
    """A claim a curator wrote down: it cites its utterance and an exact quote from it."""

    doc_id: str
    utterance: int
    claimant: str
    stance: str
    issue: str
    quote: str
    where: str
    note: str = ""


@dataclass(frozen=True)
class ClaimRules:
    """Everything the claims stage reads from mappings/."""

    issues: tuple[Issue, ...]
    rules: tuple[ClaimRule, ...]
    curated: tuple[CuratedClaim, ...] = ()


@dataclass(frozen=True)
class ClaimFact:
    """A position taken in an utterance, with the verbatim span that shows it.

    `claimant_written` is the utterance's speaker as written (resolve it with `SpeakerResolver`);
    `claimant_id` is set only when a curated claim names the registry person.
    """

    utterance_position: int
    claimant_written: str
    stance: str
    issue_id: str
    quote_span: Span
    quote: str
    method: str
    confidence: float
    claimant_id: str = ""
