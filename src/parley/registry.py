"""The curated entity registry in mappings/: loading it and resolving names against it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from parley.errors import MappingError

KINDS = ("person", "place", "organization", "state", "treaty", "event")
REGISTRY_FILES = ("persons.yaml", "places.yaml", "organizations.yaml", "treaties.yaml")
QID = re.compile(r"Q[1-9][0-9]*")

TITLES = (
    "ambassador", "chairman", "comrade", "comrades", "comr", "comrs", "dr", "doctor",
    "general", "generalissimo", "interpreter", "marshal", "minister", "mr", "mrs", "president",
    "premier", "secretary", "foreign minister", "acting secretary", "madame", "sir",
)
_TITLE_RE = re.compile(r"^(?:(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")\.?\s+)+", re.I)


def normalize_name(name: str) -> str:
    """A lookup key: brackets dropped (content kept), initials joined, case and spacing folded."""
    text = name.replace("[", "").replace("]", "").replace("’", "'")
    text = re.sub(r"\s+", " ", text).strip(" ,.;:")
    text = re.sub(r"\b([A-Z])\.\s*(?=[A-Z]\b\.?)", r"\1.", text)  # "T. V." -> "T.V."
    text = re.sub(r"\b([A-Z])\.(?=[A-Z])", r"\1.", text)
    text = re.sub(r"'s$", "", text)
    return text.casefold()


def strip_titles(name: str) -> str:
    """The name without leading titles such as `Dr.`, `Marshal` or `comrade`."""
    return _TITLE_RE.sub("", name.strip()).strip()


@dataclass(frozen=True)
class Entity:
    """A canonical entity of the registry."""

    id: str
    kind: str
    label: str
    aliases: tuple[str, ...] = ()
    member_of: str = ""
    wikidata: str = ""
    wikidata_source: str = ""
    note: str = ""
    source_file: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass
class Registry:
    """All entities, with an index from normalized names to entity ids."""

    entities: dict[str, Entity] = field(default_factory=dict)
    index: dict[str, set[str]] = field(default_factory=dict)

    def add(self, entity: Entity) -> None:
        if entity.id in self.entities:
            raise MappingError(f"{entity.source_file}: entity id {entity.id!r} is defined twice")
        self.entities[entity.id] = entity
        for name in entity.names:
            for key in {normalize_name(name), normalize_name(strip_titles(name))}:
                if key:
                    self.index.setdefault(key, set()).add(entity.id)

    def get(self, entity_id: str) -> Entity:
        return self.entities[entity_id]

    def lookup(self, name: str, kinds: Iterable[str] | None = None) -> list[Entity]:
        """Entities whose label or alias matches `name` (with or without its titles)."""
        wanted = set(kinds) if kinds else None
        ids: set[str] = set()
        for key in (normalize_name(name), normalize_name(strip_titles(name))):
            ids |= self.index.get(key, set())
        found = [self.entities[i] for i in sorted(ids)]
        return [e for e in found if wanted is None or e.kind in wanted]

    def resolve_person(
        self, name: str, *, date: dt.date | None = None, context: Iterable[str] = ()
    ) -> Entity | None:
        """The one person `name` refers to, or None when it is unknown or stays ambiguous.

        `context` holds the other names of the same document: a short name that fits several
        persons resolves only when exactly one of them is named in full in that context.
        """
        del date  # reserved for period-dependent aliases
        candidates = self.lookup(name, kinds=("person",))
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            return None
        context_ids = {e.id for other in context if other != name for e in self.lookup(other, ("person",))}
        in_context = [e for e in candidates if e.id in context_ids]
        return in_context[0] if len(in_context) == 1 else None


def _entity_from(raw: object, kind: str, source: str, position: int) -> Entity:
    where = f"{source}, entry {position}"
    if not isinstance(raw, dict):
        raise MappingError(f"{where}: expected a mapping with id, label, aliases ...")
    for required in ("id", "label"):
        if not raw.get(required):
            raise MappingError(f"{where}: missing {required!r}")
    entity_kind = str(raw.get("kind", kind))
    if entity_kind not in KINDS:
        raise MappingError(f"{where}: kind must be one of: {', '.join(KINDS)}")
    wikidata = str(raw.get("wikidata") or "")
    if wikidata and not QID.fullmatch(wikidata):
        raise MappingError(f"{where}: wikidata must look like Q123, not {wikidata!r}")
    if wikidata and not raw.get("wikidata_source"):
        raise MappingError(f"{where}: wikidata {wikidata} needs a wikidata_source")
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list):
        raise MappingError(f"{where}: aliases must be a list")
    return Entity(
        id=str(raw["id"]),
        kind=entity_kind,
        label=str(raw["label"]),
        aliases=tuple(str(a) for a in aliases),
        member_of=str(raw.get("member_of") or ""),
        wikidata=wikidata,
        wikidata_source=str(raw.get("wikidata_source") or ""),
        note=str(raw.get("note") or ""),
        source_file=source,
    )


def load_registry(mappings: Path) -> Registry:
    """Read every registry file in `mappings`; a malformed entry raises MappingError."""
    registry = Registry()
    for name in REGISTRY_FILES:
        path = mappings / name
        if not path.exists():
            continue
        kind = {"persons.yaml": "person", "places.yaml": "place", "treaties.yaml": "treaty"}.get(
            name, "organization"
        )
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as err:
            raise MappingError(f"{path}: not valid YAML: {err}") from err
        if not isinstance(data, list):
            raise MappingError(f"{path}: expected a list of entities")
        for position, raw in enumerate(data, start=1):
            registry.add(_entity_from(raw, kind, str(path), position))
    for entity in registry.entities.values():
        if entity.member_of and entity.member_of not in registry.entities:
            raise MappingError(
                f"{entity.source_file}: {entity.id}: member_of {entity.member_of!r} is not in the registry"
            )
    return registry
