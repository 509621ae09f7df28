"""Claims: who took which position on which issue, with the sentence that shows it."""

from parley.claims.extract import Extraction, extract, extract_claims, voiced
from parley.claims.load import load_claim_rules
from parley.claims.model import (
    STANCES,
    ClaimFact,
    ClaimRule,
    ClaimRules,
    CuratedClaim,
    Issue,
    Review,
)

__all__ = [
    "STANCES",
    "ClaimFact",
    "ClaimRule",
    "ClaimRules",
    "CuratedClaim",
    "Extraction",
    "Issue",
    "Review",
    "extract",
    "extract_claims",
    "load_claim_rules",
    "voiced",
]
