"""Speaker and participant resolution: every name as written becomes one person."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from parley.model import Document, Finding, Severity
from parley.parse.dialogue import label_key
from parley.parse.document import attendance_name
from parley.registry import Entity, Registry, normalize_name

FIRST_PERSON = {"i", "we"}
OFFICE = re.compile(
    r"^the\s+(?P<office>secretary|ambassador|chairman|president|minister|generalissimo|marshal)$", re.I
)


@dataclass(frozen=True)
class PersonRef:
    """A person a document refers to: a registry entity, or a person known only in this document."""

    key: str
    label: str
    entity_id: str = ""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize_name(text)).strip("-") or "unnamed"


class SpeakerResolver:
    """Resolves the names of one document; remembers what stayed unresolved."""

    def __init__(self, document: Document, registry: Registry, named: Iterable[str] = ()) -> None:
        self.document = document
        self.registry = registry
        meeting = document.meeting
        written = [p.name for p in meeting.participants] if meeting else []
        written += [u.speaker for u in meeting.utterances if u.speaker] if meeting else []
        self.context = [attendance_name(n) for n in written] + ([document.author] if document.author else [])
        self.context += sorted(named)
        self.findings: list[Finding] = []
        self._cache: dict[str, PersonRef] = {}

    def resolve(self, written: str, line: int = 1) -> PersonRef:
        """The person behind a speaker label or attendance name as written."""
        if written not in self._cache:
            self._cache[written] = self._resolve(written, line)
        return self._cache[written]

    def _resolve(self, written: str, line: int) -> PersonRef:
        name = attendance_name(written)
        if normalize_name(name) in FIRST_PERSON:
            if self.document.author:
                return self.resolve(self.document.author, line)
            return PersonRef(f"{self.document.doc_id}/author", "author of " + self.document.doc_id)
        entity = self.registry.resolve_person(name, date=self.document.date, context=self.context)
        if entity is None and (office := OFFICE.match(name)):
            entity = self._by_office(office["office"])
        if entity:
            return PersonRef(entity.id, entity.label, entity.id)
        key = label_key(name)
        self.findings.append(
            Finding(
                self.document.path, line, Severity.WARNING, f"person {name!r} is not in the registry", written
            )
        )
        return PersonRef(f"{self.document.doc_id}/{_slug(key)}", re.sub(r"[\[\]]", "", name).strip())

    def _by_office(self, office: str) -> Entity | None:
        """`the Ambassador`: the one registry person this document writes with that title."""
        meeting = self.document.meeting
        written = (
            [p.name for p in meeting.participants] + [u.speaker for u in meeting.utterances]
            if meeting
            else []
        )
        titled = [n for n in written if re.match(rf"^{office}\s+[A-Z]", n, re.I)]
        found = {
            entity.id: entity
            for name in titled
            if (entity := self.registry.resolve_person(name, date=self.document.date, context=self.context))
        }
        return next(iter(found.values())) if len(found) == 1 else None
