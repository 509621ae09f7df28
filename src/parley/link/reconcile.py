"""`link`: reconcile unlinked registry entities against a SPARQL endpoint and record accepted QIDs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from parley.errors import MappingError
from parley.link.client import WIKIDATA_SPARQL, SparqlClient
from parley.link.config import LinkConfig, load_link_config
from parley.link.query import candidate_query
from parley.link.score import Expectation, Scored, candidates, rank
from parley.link.writeback import read_period, write_qid
from parley.registry import Entity, Registry, load_registry, strip_titles


@dataclass(frozen=True)
class Reconciliation:
    """The ranked candidates for one entity, the one worth accepting (if any) and what was done."""

    entity: Entity
    ranked: tuple[Scored, ...]
    best: Scored | None
    source: str = ""  # the provenance written to mappings/ when accepted

    @property
    def accepted(self) -> bool:
        return bool(self.source)


def expectation(entity: Entity, registry: Registry, config: LinkConfig, at: dt.date | None) -> Expectation:
    """What the entity's Wikidata item must look like, from the registry and link.yaml."""
    names = [n for name in entity.names for n in (name, strip_titles(name)) if n]
    member = registry.entities.get(entity.member_of) if entity.member_of else None
    period = read_period(Path(entity.source_file), entity.id) if entity.source_file else None
    return Expectation(
        names=tuple(dict.fromkeys(names)),
        classes=config.classes.get(entity.kind, frozenset()),
        existed_by=at or config.records_date,
        period=period,
        country=member.wikidata if member and member.wikidata else None,
    )


def reconcile(
    entity: Entity, expected: Expectation, *, client: SparqlClient, config: LinkConfig
) -> Reconciliation:
    """Query, rank and pick: the best candidate must reach `min_score` and lead the next by `margin`."""
    ranked = rank(candidates(client.select(candidate_query(expected.names))), expected)
    fitting = [s for s in ranked if not s.rejected]
    best = fitting[0] if fitting and fitting[0].score >= config.min_score else None
    if best and len(fitting) > 1 and best.score - fitting[1].score < config.margin:
        best = None  # ambiguous: no guess
    return Reconciliation(entity, tuple(ranked), best)


def link(
    mappings: Path,
    *,
    endpoint: str = WIKIDATA_SPARQL,
    entity_ids: Sequence[str] = (),
    accept_above: float | None = None,
    confirm: Callable[[Reconciliation], bool] | None = None,
    at: dt.date | None = None,
    cache_dir: Path | None = Path(".parley-cache/wikidata"),
    retries: int = 4,
    client: SparqlClient | None = None,
    today: dt.date | None = None,
) -> list[Reconciliation]:
    """Reconcile the registry's entities without `wikidata` (or just `entity_ids`).

    Nothing is written unless `accept_above` is given (the best candidate is accepted when its
    score reaches it) or `confirm` is (called with each reconciliation that has a best candidate;
    True accepts). Accepted QIDs go into the entity's entry in mappings/ with their provenance.
    """
    registry = load_registry(mappings)
    config = load_link_config(mappings)
    client = client or SparqlClient(endpoint=endpoint, cache_dir=cache_dir, retries=retries)
    unknown = sorted(set(entity_ids) - set(registry.entities))
    if unknown:
        raise MappingError(f"{mappings}: no entity with id {', '.join(map(repr, unknown))}")
    chosen = (
        [registry.entities[i] for i in entity_ids]
        if entity_ids
        else [e for _, e in sorted(registry.entities.items()) if not e.wikidata]
    )
    day = (today or dt.date.today()).isoformat()
    results = []
    for entity in chosen:
        rec = reconcile(entity, expectation(entity, registry, config, at), client=client, config=config)
        if rec.best and _wanted(rec, accept_above, confirm):
            best = rec.best
            source = (
                f"parley link {client.endpoint} {day}, score {best.score:.2f}, "
                f"matched {best.match.via} '{best.match.name}'"
            )
            write_qid(Path(entity.source_file), entity.id, best.candidate.qid, source)
            rec = Reconciliation(entity, rec.ranked, best, source)
        results.append(rec)
    return results


def _wanted(
    rec: Reconciliation, accept_above: float | None, confirm: Callable[[Reconciliation], bool] | None
) -> bool:
    if accept_above is not None:
        return rec.best is not None and rec.best.score >= accept_above
    return confirm is not None and confirm(rec)


def describe(rec: Reconciliation, *, limit: int = 5) -> str:
    """The reconciliation as text: the entity, ranked candidates with scores, the verdict."""
    lines = [f"{rec.entity.id}: {rec.entity.label} ({rec.entity.kind})"]
    for scored in rec.ranked[:limit]:
        mark = "->" if scored is rec.best else "  "
        verdict = f"rejected: {scored.rejected}" if scored.rejected else f"{scored.score:.2f}"
        reasons = "; ".join(scored.reasons)
        lines.append(f"  {mark} {scored.candidate.qid:<11} {verdict}  {scored.candidate.label}  [{reasons}]")
    if rec.best is None:
        fitting = any(not s.rejected for s in rec.ranked)
        lines.append("  ambiguous or too weak: no match" if fitting else "  no match")
    if rec.accepted:
        lines.append(f"  wrote {rec.best.candidate.qid if rec.best else ''} to {rec.entity.source_file}")
    return "\n".join(lines)
