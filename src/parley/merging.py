"""Persons who may be one: a person the records name by a bare surname (`Wang`) and persons they
name in full with that surname (`Wang Bingnan`, `C. T. Wang`). A surname is many people, so they are
not merged (the registry, `mappings/`, says who is who); the build lists them for a curator."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from parley.docbuild import Built

HONORIFIC = frozenset({"mr", "mrs", "ms", "dr", "sir", "lord", "lady", "madame", "mme", "m", "herr"})


def _words(label: str) -> list[str]:
    """The words of a name, without honorifics (`Mr.`, `Sir`)."""
    return [w for w in label.replace(".", " ").split() if w.lower() not in HONORIFIC]


def mergeable_persons(documents: Iterable[Built]) -> list[dict[str, object]]:
    """Each surname written alone (`Wang`), with the persons so named (one a record, for a bare
    surname is never merged across records), their documents, and the full-named persons whose first
    or last name it is (`Wang Bingnan`), each with their documents."""
    labels: dict[str, str] = {}
    named_in: dict[str, set[str]] = defaultdict(set)
    for built in documents:
        for iri, label in built.persons:
            labels[iri] = label
            named_in[iri].add(built.doc_id)
    full: dict[str, list[str]] = defaultdict(list)  # a surname (first or last word) -> full-named persons
    for iri, label in labels.items():
        words = _words(label)
        if len(words) > 1:
            for surname in {words[0].lower(), words[-1].lower()}:
                full[surname].append(iri)
    bare: dict[str, list[str]] = defaultdict(list)  # a surname alone -> the persons so named (one a record)
    for iri, label in sorted(labels.items()):
        words = _words(label)
        if len(words) == 1 and words[0].lower() in full:
            bare[words[0]].append(iri)
    return [
        {
            "label": surname,
            "persons": persons,
            "documents": sorted({d for iri in persons for d in named_in[iri]}),
            "could_be": [
                {"person": o, "label": labels[o], "documents": sorted(named_in[o])}
                for o in sorted(full[surname.lower()])
            ],
        }
        for surname, persons in sorted(bare.items())
    ]
