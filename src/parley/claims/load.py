"""Reading issues.yaml, claim-rules.yaml and curated-claims.yaml; mistakes raise MappingError."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from parley.claims.model import (
    DECISIONS,
    PLACES,
    PROPOSED,
    SCOPES,
    STANCES,
    ClaimRule,
    ClaimRules,
    Condition,
    CuratedClaim,
    Issue,
    Review,
    Term,
)
from parley.errors import MappingError
from parley.registry import SLUG, Registry, load_registry, parse_date
from parley.yamlfile import read_yaml_list

ISSUE_KEYS = ("id", "label", "entities", "terms", "note", "from", "to", "with")
TERM_KEYS = ("term", "from", "to", "with", "note")
RULE_KEYS = ("id", "stance", "pattern", "confidence", "scope", "note", "negated", "in_question", "hedged")
PLACE_KEYS = ("place", "confidence", "note")
CURATED_KEYS = ("doc", "utterance", "claimant", "stance", "issue", "quote", "note", "reviewer", "date")
REVIEW_KEYS = (
    "doc",
    "utterance",
    "quote",
    "rule",
    "proposed_stance",
    "proposed_issue",
    "decision",
    "stance",
    "issue",
    "reviewer",
    "date",
    "note",
)
RULE_SCOPES = (*SCOPES, "reply")


REVIEWS = "claim-reviews.yaml"


def _entries(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """The file's entries, each with a `file, entry N (id)` label for messages."""
    entries = []
    for position, raw in enumerate(read_yaml_list(path), start=1):
        if not isinstance(raw, dict):
            raise MappingError(f"{path}, entry {position}: expected a mapping")
        label = f" ({raw['id']})" if raw.get("id") else ""
        entries.append((f"{path}, entry {position}{label}", raw))
    return entries


def _check_keys(where: str, raw: dict[str, Any], allowed: tuple[str, ...], required: tuple[str, ...]) -> None:
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        raise MappingError(f"{where}: unknown key(s) {unknown}; allowed: {', '.join(allowed)}")
    for key in required:
        if raw.get(key) in (None, ""):
            raise MappingError(f"{where}: missing {key!r}")


def _one_of(where: str, key: str, value: object, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise MappingError(f"{where}: {key} must be one of: {', '.join(allowed)}; not {value!r}")
    return str(value)


def _strings(where: str, key: str, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise MappingError(f"{where}: {key} must be a list of strings (quote yes/no words)")
    return tuple(value)


def _condition(where: str, raw: dict[str, Any], registry: Registry) -> Condition:
    with_any = raw.get("with") or []
    if not isinstance(with_any, list) or not all(isinstance(i, str) for i in with_any):
        raise MappingError(f"{where}: 'with' must be a list of entity ids")
    for entity_id in with_any:
        if entity_id not in registry.entities:
            raise MappingError(f"{where}: 'with' names {entity_id!r}, which is not in the registry")
    return Condition(
        parse_date(raw["from"], end=False, where=where) if raw.get("from") else None,
        parse_date(raw["to"], end=True, where=where) if raw.get("to") else None,
        frozenset(with_any),
    )


def _terms(where: str, value: object, registry: Registry) -> tuple[Term, ...]:
    """Terms: words, or mappings `{term: ..., from:, to:, with:}` with the conditions of aliases."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise MappingError(f"{where}: terms must be a list")
    terms = []
    for raw in value:
        if isinstance(raw, str):
            terms.append(Term(raw))
        elif isinstance(raw, dict) and isinstance(raw.get("term"), str):
            _check_keys(f"{where}, term {raw['term']!r}", raw, TERM_KEYS, ("term",))
            terms.append(Term(raw["term"], _condition(f"{where}, term {raw['term']!r}", raw, registry)))
        else:
            raise MappingError(f"{where}: a term is a string (quote yes/no words) or a mapping with 'term'")
    return tuple(terms)


def _issue(where: str, raw: dict[str, Any], registry: Registry) -> Issue:
    _check_keys(where, raw, ISSUE_KEYS, ("id", "label"))
    if not SLUG.fullmatch(str(raw["id"])) or str(raw["id"]).startswith(PROPOSED):
        raise MappingError(
            f"{where}: id must be lowercase ascii words joined by hyphens, not starting with {PROPOSED!r}"
        )
    entities = _strings(where, "entities", raw.get("entities"))
    for entity_id in entities:
        if entity_id not in registry.entities:
            raise MappingError(f"{where}: entity {entity_id!r} is not in the registry")
    terms = _terms(where, raw.get("terms"), registry)
    if not entities and not terms:
        raise MappingError(f"{where}: an issue needs entities or terms to be recognized by")
    condition = _condition(where, raw, registry)
    return Issue(str(raw["id"]), str(raw["label"]), entities, terms, str(raw.get("note") or ""), condition)


def _confidence(where: str, raw: dict[str, Any]) -> float:
    confidence = raw["confidence"]
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) or not 0 < confidence <= 1:
        raise MappingError(f"{where}: confidence must be a number above 0 and at most 1, not {confidence!r}")
    return float(confidence)


def _rule(where: str, raw: dict[str, Any]) -> ClaimRule:
    _check_keys(where, raw, RULE_KEYS, ("id", "stance", "pattern", "confidence"))
    if not SLUG.fullmatch(str(raw["id"])):
        raise MappingError(f"{where}: id must be lowercase ascii words joined by hyphens")
    stance = _one_of(where, "stance", raw["stance"], STANCES)
    scope = _one_of(where, "scope", raw.get("scope", "context"), RULE_SCOPES)
    moods = {key: _one_of(where, key, raw[key], STANCES) if raw.get(key) else "" for key in RULE_KEYS[-3:]}
    try:
        pattern = re.compile(str(raw["pattern"]), re.I)
    except re.error as err:
        raise MappingError(f"{where}: pattern is not a valid regular expression: {err}") from err
    note = str(raw.get("note") or "")
    return ClaimRule(str(raw["id"]), stance, pattern, _confidence(where, raw), scope, note, **moods)


def _curated(where: str, raw: dict[str, Any], registry: Registry, issues: set[str]) -> CuratedClaim:
    required = ("doc", "utterance", "claimant", "stance", "issue", "quote", "reviewer", "date")
    _check_keys(where, raw, CURATED_KEYS, required)
    if isinstance(raw["utterance"], bool) or not isinstance(raw["utterance"], int):
        raise MappingError(f"{where}: utterance must be the utterance's position, a whole number")
    claimant = registry.entities.get(str(raw["claimant"]))
    if claimant is None or claimant.kind != "person":
        raise MappingError(f"{where}: claimant {raw['claimant']!r} is not a person in the registry")
    issue = _one_of(where, "issue", raw["issue"], tuple(sorted(issues)))
    return CuratedClaim(
        doc_id=str(raw["doc"]),
        utterance=raw["utterance"],
        claimant=claimant.id,
        stance=_one_of(where, "stance", raw["stance"], STANCES),
        issue=issue,
        quote=str(raw["quote"]),
        where=where,
        note=str(raw.get("note") or ""),
        reviewer=str(raw["reviewer"]),
        date=str(parse_date(raw["date"], end=False, where=where)),
    )


def _review(where: str, raw: dict[str, Any], issues: set[str]) -> Review:
    required = (
        "doc",
        "utterance",
        "quote",
        "proposed_stance",
        "proposed_issue",
        "decision",
        "reviewer",
        "date",
    )
    _check_keys(where, raw, REVIEW_KEYS, required)
    decision = _one_of(where, "decision", raw["decision"], DECISIONS)
    if isinstance(raw["utterance"], bool) or not isinstance(raw["utterance"], int):
        raise MappingError(f"{where}: utterance must be the utterance's position, a whole number")
    final = decision in ("accepted", "corrected")
    stance = _one_of(where, "stance", raw.get("stance") or raw["proposed_stance"], STANCES)
    issue = str(raw.get("issue") or raw["proposed_issue"])
    if final and issue not in issues and not issue.startswith(PROPOSED):
        raise MappingError(f"{where}: issue {issue!r} is neither in issues.yaml nor a proposed issue")
    return Review(
        doc_id=str(raw["doc"]),
        utterance=raw["utterance"],
        quote=str(raw["quote"]),
        proposed_stance=_one_of(where, "proposed_stance", raw["proposed_stance"], STANCES),
        proposed_issue=str(raw["proposed_issue"]),
        decision=decision,
        stance=stance,
        issue=issue,
        reviewer=str(raw["reviewer"]),
        date=str(parse_date(raw["date"], end=False, where=where)),
        where=where,
        rule=str(raw.get("rule") or ""),
        note=str(raw.get("note") or ""),
    )


def _unique(kind: str, path: Path, ids: list[str]) -> None:
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        raise MappingError(f"{path}: {kind} id {duplicate!r} is defined twice")


def load_claim_rules(mappings: Path) -> ClaimRules:
    """Issues, claim rules and curated claims from `mappings`, checked against its registry."""
    registry = load_registry(mappings)
    issues = [_issue(w, raw, registry) for w, raw in _entries(mappings / "issues.yaml")]
    entries = _entries(mappings / "claim-rules.yaml")
    rules = [_rule(w, raw) for w, raw in entries if "place" not in raw]
    places: dict[str, float] = {}
    for where, raw in (e for e in entries if "place" in e[1]):
        _check_keys(where, raw, PLACE_KEYS, ("place", "confidence"))
        places[_one_of(where, "place", raw["place"], PLACES)] = _confidence(where, raw)
    _unique("issue", mappings / "issues.yaml", [i.id for i in issues])
    _unique("rule", mappings / "claim-rules.yaml", [r.id for r in rules])
    issue_ids = {i.id for i in issues}
    curated = [_curated(w, raw, registry, issue_ids) for w, raw in _entries(mappings / "curated-claims.yaml")]
    reviews = [_review(w, raw, issue_ids) for w, raw in _entries(mappings / REVIEWS)]
    return ClaimRules(tuple(issues), tuple(rules), tuple(curated), tuple(reviews), places)
