"""Reading issues.yaml, claim-rules.yaml and curated-claims.yaml; mistakes raise MappingError."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from parley.claims.model import SCOPES, STANCES, ClaimRule, ClaimRules, CuratedClaim, Issue
from parley.errors import MappingError
from parley.registry import SLUG, Registry, load_registry
from parley.yamlfile import read_yaml_list

ISSUE_KEYS = ("id", "label", "entities", "terms", "note")
RULE_KEYS = ("id", "stance", "pattern", "confidence", "scope", "note")
CURATED_KEYS = ("doc", "utterance", "claimant", "stance", "issue", "quote", "note")


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


def _issue(where: str, raw: dict[str, Any], registry: Registry) -> Issue:
    _check_keys(where, raw, ISSUE_KEYS, ("id", "label"))
    if not SLUG.fullmatch(str(raw["id"])):
        raise MappingError(f"{where}: id must be lowercase ascii words joined by hyphens")
    entities = _strings(where, "entities", raw.get("entities"))
    for entity_id in entities:
        if entity_id not in registry.entities:
            raise MappingError(f"{where}: entity {entity_id!r} is not in the registry")
    terms = _strings(where, "terms", raw.get("terms"))
    if not entities and not terms:
        raise MappingError(f"{where}: an issue needs entities or terms to be recognized by")
    return Issue(str(raw["id"]), str(raw["label"]), entities, terms, str(raw.get("note") or ""))


def _rule(where: str, raw: dict[str, Any]) -> ClaimRule:
    _check_keys(where, raw, RULE_KEYS, ("id", "stance", "pattern", "confidence"))
    if not SLUG.fullmatch(str(raw["id"])):
        raise MappingError(f"{where}: id must be lowercase ascii words joined by hyphens")
    stance = _one_of(where, "stance", raw["stance"], STANCES)
    scope = _one_of(where, "scope", raw.get("scope", "context"), SCOPES)
    confidence = raw["confidence"]
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) or not 0 < confidence <= 1:
        raise MappingError(f"{where}: confidence must be a number above 0 and at most 1, not {confidence!r}")
    try:
        pattern = re.compile(str(raw["pattern"]), re.I)
    except re.error as err:
        raise MappingError(f"{where}: pattern is not a valid regular expression: {err}") from err
    return ClaimRule(str(raw["id"]), stance, pattern, float(confidence), scope, str(raw.get("note") or ""))


def _curated(where: str, raw: dict[str, Any], registry: Registry, issues: set[str]) -> CuratedClaim:
    _check_keys(where, raw, CURATED_KEYS, ("doc", "utterance", "claimant", "stance", "issue", "quote"))
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
    )


def _unique(kind: str, path: Path, ids: list[str]) -> None:
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        raise MappingError(f"{path}: {kind} id {duplicate!r} is defined twice")


def load_claim_rules(mappings: Path) -> ClaimRules:
    """Issues, claim rules and curated claims from `mappings`, checked against its registry."""
    registry = load_registry(mappings)
    issues = [_issue(w, raw, registry) for w, raw in _entries(mappings / "issues.yaml")]
    rules = [_rule(w, raw) for w, raw in _entries(mappings / "claim-rules.yaml")]
    _unique("issue", mappings / "issues.yaml", [i.id for i in issues])
    _unique("rule", mappings / "claim-rules.yaml", [r.id for r in rules])
    issue_ids = {i.id for i in issues}
    curated = [_curated(w, raw, registry, issue_ids) for w, raw in _entries(mappings / "curated-claims.yaml")]
    return ClaimRules(tuple(issues), tuple(rules), tuple(curated))
