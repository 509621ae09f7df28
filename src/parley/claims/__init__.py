"""Claims: who took which position on which issue, with the sentence that shows it."""

from parley.claims.extract import extract_claims
from parley.claims.load import load_claim_rules
from parley.claims.model import STANCES, ClaimFact, ClaimRule, ClaimRules, CuratedClaim, Issue

__all__ = [
    "STANCES",
    "ClaimFact",
    "ClaimRule",
    "ClaimRules",
    "CuratedClaim",
    "Issue",
    "extract_claims",
    "load_claim_rules",
]
