"""The nearest known names to a mistyped one, for "did you mean" messages (rapidfuzz's WRatio on
lower-cased, punctuation-free forms)."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process, utils

CUTOFF = 60.0  # below this score a name is no suggestion


def nearest(name: str, known: Iterable[str], *, limit: int = 3) -> list[str]:
    """Up to `limit` of `known` most like `name`, best first (ties in name order)."""
    choices = sorted(set(known))
    found = process.extract(
        name,
        choices,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=None,
        score_cutoff=CUTOFF,
    )
    ranked = sorted(found, key=lambda hit: (-hit[1], hit[0]))
    return [choice for choice, _, _ in ranked[:limit]]


def did_you_mean(name: str, known: Iterable[str], *, limit: int = 3) -> str:
    """'; did you mean A, B or C?' for the nearest of `known`, or '' when none is near."""
    close = nearest(name, known, limit=limit)
    if not close:
        return ""
    listed = ", ".join(close[:-1]) + (" or " if len(close) > 1 else "") + close[-1]
    return f"; did you mean {listed}?"
