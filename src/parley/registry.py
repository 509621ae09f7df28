"""The curated entity registry in mappings/: loading it and resolving names against it.

A name refers to an entity through an `AliasRule`. Plain aliases always refer to their entity;
conditional aliases (written as mappings in the YAML, see mappings/README.md) refer to it only
within a date range (`from`/`to`), only when the document also names one of some entities
(`with`), or, with neither, only when the document names the entity itself by a plain alias.
When several entities still fit, the name resolves only if exactly one of them is named in the
document; otherwise it stays unresolved. Nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from parley.errors import MappingError
from parley.offices import Office, load_offices
from parley.yamlfile import read_yaml_list

KINDS = ("person", "place", "organization", "state", "treaty", "event")
REGISTRY_FILES = ("persons.yaml", "places.yaml", "organizations.yaml", "treaties.yaml")
FILE_KINDS = {"persons.yaml": "person", "places.yaml": "place", "treaties.yaml": "treaty"}
QID = re.compile(r"Q[1-9][0-9]*")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ENTRY_KEYS = ("id", "kind", "label", "aliases", "member_of", "wikidata", "wikidata_source", "note", "period")
ALIAS_KEYS = ("alias", "from", "to", "with", "note")

# titles of courtesy, which name no office: `Mr. Johnson` may be anyone called Johnson
HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "dr",
        "doctor",
        "sir",
        "lord",
        "lady",
        "madame",
        "comrade",
        "comrades",
        "comr",
        "comrs",
        "cde",
        "cdes",
        "com",
    ],
)
# words taken off the front of a name: titles of courtesy and of office
TITLES = (
    *sorted(HONORIFICS),
    "acting secretary",
    "admiral",
    "amb",  # a cable's abbreviations: `Amb Ali`, `FonMin Subardjo`, `Gen Phao`
    "ambassador",
    "assemblyman",
    "commodore",
    "congressman",
    "congresswoman",
    "fonmin",
    "gen",
    "chairman",
    "foreign minister",
    "general",
    "generalissimo",
    "interpreter",
    "marshal",
    "minister",
    "premier",
    "president",
    "secretary",
    "senator",
)
_TITLE_RE = re.compile(r"^(?:(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")\.?\s+)+", re.I)
_TITLES_BEFORE = re.compile(
    r"(?<![\w.])(?:(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")\.?\s+)+$", re.I
)


@functools.lru_cache(maxsize=1 << 16)
def normalize_name(name: str) -> str:
    """A lookup key: brackets dropped (content kept), initials joined, case and spacing folded."""
    text = name.replace("[", "").replace("]", "").replace("’", "'")
    text = re.sub(r"\s+", " ", text).strip(" ,.;:")
    text = re.sub(r"\b([A-Z])\b\.?", r"\1.", text)  # "T.V" and "T. V." -> "T.V."
    text = re.sub(r"\b([A-Z])\.\s*(?=[A-Z]\b\.?)", r"\1.", text)  # "T. V." -> "T.V."
    text = re.sub(r"'s$", "", text).strip(" ,.;:")
    return text.casefold()


@functools.lru_cache(maxsize=1 << 16)
def strip_titles(name: str) -> str:
    """The name without leading titles such as `Dr.`, `Marshal` or `comrade`."""
    return _TITLE_RE.sub("", name.strip()).strip()


def office_titles(name: str) -> frozenset[str]:
    """The words of the office titles `name` opens with (`secretary` of `Acting Secretary Johnson`);
    a title of courtesy (`Mr.`, `Dr.`) and `acting` name no office."""
    name = name.strip()
    prefix = name[: len(name) - len(strip_titles(name))].lower()
    return frozenset(w for w in re.findall(r"[a-z]+", prefix) if w not in HONORIFICS and w != "acting")


def office_titles_before(text: str, at: int) -> frozenset[str]:
    """The office titles written just before offset `at` of `text` (`Secretary` before `Johnson`)."""
    match = _TITLES_BEFORE.search(text, max(0, at - 60), at)
    return office_titles(f"{match[0]}x") if match else frozenset()


@dataclass(frozen=True)
class AliasRule:
    """A name of an entity and the conditions under which the name refers to it.

    `titles` is set on the rule made by taking the titles off a person's name (`Johnson` of
    `President Johnson`): the office titles the person's own names carry. A name written with the
    title of another office does not refer to the person by that rule (`Secretary Johnson`,
    `General Carter`).
    """

    name: str
    entity_id: str
    conditional: bool = False
    start: dt.date | None = None
    end: dt.date | None = None
    with_any: frozenset[str] = frozenset()
    titles: frozenset[str] | None = None

    def fits_titles(self, written: frozenset[str]) -> bool:
        """Whether a name written with the office titles `written` may refer to the entity by this rule."""
        return self.titles is None or written <= self.titles

    def in_period(self, date: dt.date | None) -> bool:
        """Whether `date` lies in the rule's period (an unknown date lies in no bounded period)."""
        if self.start is None and self.end is None:
            return True
        if date is None:
            return False
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)

    def applies(self, date: dt.date | None, named: Collection[str]) -> bool:
        """Whether the name refers to the entity in a text of `date` whose document names `named`."""
        if not self.conditional:
            return True
        if not self.in_period(date):
            return False
        if self.with_any:
            return not self.with_any.isdisjoint(named)
        return self.start is not None or self.end is not None or self.entity_id in named


def choose(rules: Iterable[AliasRule], date: dt.date | None, named: Collection[str]) -> str | None:
    """The one entity id the rules allow, preferring entities the document names; else None."""
    fits = sorted({rule.entity_id for rule in rules if rule.applies(date, named)})
    if len(fits) > 1:
        fits = [entity_id for entity_id in fits if entity_id in named]
    return fits[0] if len(fits) == 1 else None


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
    conditional: tuple[AliasRule, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The label and the plain aliases (conditional aliases are in `conditional`)."""
        return (self.label, *self.aliases)

    def rules(self) -> list[AliasRule]:
        """Every alias rule of the entity; persons also under their names without titles.

        A name that is also a conditional alias (a label such as `Japan`) follows its conditions.
        """
        conditional = {normalize_name(r.name) for r in self.conditional}
        plain = [AliasRule(n, self.id) for n in self.names if normalize_name(n) not in conditional]
        rules = plain + list(self.conditional)
        if self.kind == "person":
            own = frozenset(w for r in rules for w in office_titles(r.name))
            rules += [
                AliasRule(bare, r.entity_id, r.conditional, r.start, r.end, r.with_any, own)
                for r in list(rules)
                if (bare := strip_titles(r.name)) and bare != r.name
            ]
        return rules


@dataclass
class Registry:
    """All entities, with an index from normalized names to the rules that carry them."""

    entities: dict[str, Entity] = field(default_factory=dict)
    index: dict[str, list[AliasRule]] = field(default_factory=dict)
    offices: tuple[Office, ...] = ()
    cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def add(self, entity: Entity) -> None:
        if entity.id in self.entities:
            raise MappingError(f"{entity.source_file}: entity id {entity.id!r} is defined twice")
        self.entities[entity.id] = entity
        self.cache.clear()
        for rule in entity.rules():
            rules = self.index.setdefault(normalize_name(rule.name), [])
            if rule not in rules:
                rules.append(rule)

    def get(self, entity_id: str) -> Entity:
        return self.entities[entity_id]

    def rules_for(
        self, name: str, kinds: Iterable[str] | None = None, titles: frozenset[str] = frozenset()
    ) -> list[AliasRule]:
        """The rules for `name` as written, else without its titles, else without its glosses; not a
        rule made by taking titles off a person's name when `name` (or `titles`, the office titles
        written with it) carries another office's title.

        A gloss is an editor's addition in brackets or slashes: `[CCP CC member] Chen Boda`,
        `Shi Zhe /Karskii/`.
        """
        wanted = set(kinds) if kinds else None
        unglossed = re.sub(r"\[[^\]]*\]|/[^/]*/", " ", name)
        written = office_titles(name) | office_titles(unglossed) | titles
        for key in (normalize_name(n) for n in (name, strip_titles(name), strip_titles(unglossed))):
            rules = self.index.get(key, [])
            rules = [
                r
                for r in rules
                if (wanted is None or self.entities[r.entity_id].kind in wanted) and r.fits_titles(written)
            ]
            if rules:
                return rules
        return []

    def lookup(
        self, name: str, kinds: Iterable[str] | None = None, *, date: dt.date | None = None
    ) -> list[Entity]:
        """Entities `name` may refer to (at `date`, when given), whatever the document context."""
        rules = self.rules_for(name, kinds)
        ids = {r.entity_id for r in rules if date is None or r.in_period(date)}
        return [self.entities[i] for i in sorted(ids)]

    def named(self, names: Iterable[str]) -> set[str]:
        """Ids of the entities that `names` name unconditionally and unambiguously.

        An entity id among `names` (from `recognize.document_context`) counts as named.
        """
        found: set[str] = set()
        for name in names:
            if name in self.entities:
                found.add(name)
                continue
            ids = {r.entity_id for r in self.rules_for(name) if not r.conditional}
            if len(ids) == 1:
                found |= ids
        return found

    def resolve(
        self,
        name: str,
        *,
        date: dt.date | None = None,
        context: Iterable[str] = (),
        kinds: Iterable[str] | None = None,
        titles: frozenset[str] = frozenset(),
    ) -> Entity | None:
        """The one entity `name` (written with the office `titles`) refers to in a document of `date`
        that also names `context`."""
        rules = self.rules_for(name, kinds, titles)
        if not rules:
            return None
        entity_id = choose(rules, date, self.named(n for n in context if n != name))
        return self.entities[entity_id] if entity_id else None

    def resolve_person(
        self,
        name: str,
        *,
        date: dt.date | None = None,
        context: Iterable[str] = (),
        titles: frozenset[str] = frozenset(),
    ) -> Entity | None:
        """The one person `name` refers to, or None when it is unknown or stays ambiguous.

        `context` holds the other names of the same document: a short name that fits several
        persons resolves only when exactly one of them is named in full in that context.
        """
        return self.resolve(name, date=date, context=context, kinds=("person",), titles=titles)


def parse_date(value: object, *, end: bool, where: str) -> dt.date:
    """A year (`1945`: its first or, with `end`, last day) or a day of the mappings."""
    if isinstance(value, dt.date):
        return value
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        message = f"{where}: dates must be a year (1945) or a day (1945-08-14), not {text!r}"
        raise MappingError(message) from None


def _alias_rule(raw: object, entity_id: str, where: str) -> AliasRule:
    if isinstance(raw, bool):
        raise MappingError(f"{where}: alias {raw!r} was read as yes/no: put the name in quotes")
    if isinstance(raw, str | int | float):
        return AliasRule(str(raw), entity_id)
    if not isinstance(raw, dict) or not raw.get("alias"):
        raise MappingError(f"{where}: an alias is a name or a mapping with 'alias' and from/to/with")
    unknown = sorted(set(raw) - set(ALIAS_KEYS))
    if unknown:
        allowed = ", ".join(ALIAS_KEYS)
        raise MappingError(f"{where}: alias {raw['alias']!r}: unknown key(s) {unknown}; allowed: {allowed}")
    with_any = raw.get("with") or []
    if not isinstance(with_any, list):
        raise MappingError(f"{where}: alias {raw['alias']!r}: 'with' must be a list of entity ids")
    return AliasRule(
        name=str(raw["alias"]),
        entity_id=entity_id,
        conditional=True,
        start=parse_date(raw["from"], end=False, where=where) if raw.get("from") else None,
        end=parse_date(raw["to"], end=True, where=where) if raw.get("to") else None,
        with_any=frozenset(str(i) for i in with_any),
    )


def _entity_from(raw: object, kind: str, source: str, position: int) -> Entity:
    where = f"{source}, entry {position}"
    if not isinstance(raw, dict):
        raise MappingError(f"{where}: expected a mapping with id, label, aliases ...")
    for required in ("id", "label"):
        if not raw.get(required):
            raise MappingError(f"{where}: missing {required!r}")
    where = f"{source}, entry {position} ({raw['id']})"
    unknown = sorted(set(raw) - set(ENTRY_KEYS))
    if unknown:
        raise MappingError(f"{where}: unknown key(s) {unknown}; allowed: {', '.join(ENTRY_KEYS)}")
    if not SLUG.fullmatch(str(raw["id"])):
        raise MappingError(f"{where}: id must be lowercase ascii words joined by hyphens")
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
    rules = [_alias_rule(a, str(raw["id"]), where) for a in aliases]
    return Entity(
        id=str(raw["id"]),
        kind=entity_kind,
        label=str(raw["label"]),
        aliases=tuple(r.name for r in rules if not r.conditional),
        member_of=str(raw.get("member_of") or ""),
        wikidata=wikidata,
        wikidata_source=str(raw.get("wikidata_source") or ""),
        note=str(raw.get("note") or ""),
        source_file=source,
        conditional=tuple(r for r in rules if r.conditional),
    )


def _check_references(registry: Registry) -> None:
    for entity in registry.entities.values():
        if entity.member_of and entity.member_of not in registry.entities:
            raise MappingError(
                f"{entity.source_file}: {entity.id}: member_of {entity.member_of!r} is not in the registry"
            )
        for rule in entity.conditional:
            for other in sorted(rule.with_any - set(registry.entities)):
                raise MappingError(
                    f"{entity.source_file}: {entity.id}: alias {rule.name!r}: 'with' names {other!r},"
                    " which is not in the registry"
                )
    for office in registry.offices:
        for holder in office.holders:
            if registry.entities.get(holder.person, None) is None:
                raise MappingError(
                    f"offices.yaml: {office.id}: holder {holder.person!r} is not in the registry"
                )
        if office.state not in registry.entities:
            raise MappingError(f"offices.yaml: {office.id}: state {office.state!r} is not in the registry")


def load_registry(mappings: Path) -> Registry:
    """Read every registry file in `mappings`; a malformed entry raises MappingError."""
    registry = Registry()
    for name in REGISTRY_FILES:
        path = mappings / name
        for position, raw in enumerate(read_yaml_list(path), start=1):
            registry.add(_entity_from(raw, FILE_KINDS.get(name, "organization"), str(path), position))
    registry.offices = load_offices(mappings / "offices.yaml")
    _check_references(registry)
    return registry
