"""Speaker and participant resolution: every name as written becomes one person, or an office.

In order: `I` and `we` are the record's author; a registry name (its conditional aliases
included) is that person; an office (`The Secretary`, `the President`) is the one person the
record itself gives that title, else the holder of the office on the record's date
(mappings/offices.yaml) when the record was kept by that office's government, else it stays an
unresolved reference by office, never a person called "The Secretary". A surname alone
(`Mr. Merchant`) is the one person of the record with that surname (`Livingston T. Merchant`);
anyone else is a person known from records only: one person across the corpus when the full
name is written (`Chester Carter`), one per record when only a surname is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from parley.model import Document, Finding, Participant, Severity, StatedPerson
from parley.parse.dialogue import label_key
from parley.parse.document import attendance_name
from parley.parse.people import is_group_label
from parley.parse.vocabulary import (
    CALENDAR,
    CONNECTIVES,
    CONNECTORS,
    HONORIFICS,
    INSTITUTIONS,
    OFFICE_HEADS,
    PARTICLES,
    RECORD_WORDS,
    RUN_ON_OPENERS,
    fold,
    is_group_word,
    is_title_word,
)
from parley.registry import Entity, Registry, normalize_name, office_titles

FIRST_PERSON = {"i", "we"}
CONNECTIVE = re.compile(
    r"^(?:Therefore|However|Thus|Hence|Then|Finally|Accordingly|Moreover|Further|Furthermore|Also|Later"
    r"|Here|Now|So|Yet|Still|Again)\s+(?=(?:I|We|He|She)$)"
)
NOTE_MARKS = re.compile(r"^(?:\[\d{1,3}\]\s*)+")
# a pseudonym the editor glosses with the person's name: `Filippov [Stalin]` (Stalin's cables)
PSEUDONYM = re.compile(r"^[^\[\]]+?\s*\[(?P<person>[^\[\]]+)\]$")
OPENERS = frozenset(
    [
        "The",
        "In",
        "On",
        "At",
        "As",
        "From",
        "To",
        "For",
        "But",
        "And",
        "If",
        "When",
        "With",
        "By",
        "Of",
        "This",
        "That",
        "A",
        "An",
        "Both",
    ]
)
SENTENCE_ADVERB = re.compile(r"[a-z]{3,}(?:ally|ately|ently|ously|edly|ably|ibly|ntly|ainly|arly)")
# the last words of bodies' and papers' names, never a surname, besides INSTITUTIONS
BODY_ENDINGS = frozenset(
    [
        "group",
        "groups",
        "agreement",
        "agreements",
        "treaty",
        "communique",
        "communiqué",
        "committees",
        "departments",
        "conferences",
        "ministries",
        "commissions",
        "councils",
        "parties",
        "services",
    ]
)
PLACE_WORDS = frozenset({"new", "north", "south", "east", "west", "upper", "lower", "great", "central"})
# an office, after any honours (`the Rt. Hon. the Prime Minister`)
OFFICE = re.compile(
    r"^(?:the\s+)?(?:(?:rt\.?|right)\s+hon(?:\.|ourable|orable)?\s+(?:the\s+)?)?"
    r"(?P<office>(?:acting\s+|deputy\s+|under\s+|vice\s+|assistant\s+)*(?:secretary(?:\s+of\s+state)?|"
    r"ambassador|chairman|president|minister|prime\s+minister|foreign\s+minister|foreign\s+secretary|premier|"
    r"chancellor|generalissimo|marshal|shah|king|emperor|high\s+commissioner|administrator|governor|"
    r"director|secretary-general|under-secretary|general|admiral|treasurer"
    r"|secy|fonmin|primin|polcouns|emb\s+rep))$",  # a cable's abbreviations: `Secy`, `FonMin`, `PolCouns`
    re.I,
)


@dataclass(frozen=True)
class PersonRef:
    """A person a document refers to (a registry entity, or a person known only from records), or
    an office nobody could tell the holder of (`office`: no person node is published for it)."""

    key: str
    label: str
    entity_id: str = ""
    office: bool = False
    identifier: str = ""  # the publisher's identifier of the person (a FRUS persons-list address)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize_name(text)).strip("-") or "unnamed"


def _name_words(name: str) -> list[str]:
    return [
        w for w in re.sub(r"\[[^\]]*\]", " ", name).replace(",", " ").split() if w.lower() not in PARTICLES
    ]


def _has_label(name: str) -> bool:
    """Whether a capitalized phrase holds an office or organization word (`Secretary Rusk`)."""
    return any(is_title_word(w) or is_group_word(w) for w in name.split()[:-1])


def _only_labels(written: str) -> bool:
    """A body or an office without a name: `State`, `the Chinese side`, `Attorney General`, `The
    Finance Minister`, `Bandoeng Conference`."""
    text = re.sub(r"^the\s+", "", written.strip(" .:"), flags=re.I)
    words = text.split()
    if 1 < len(words) <= 4 and words[-1].lower() in OFFICE_HEADS:
        return True
    last = words[-1].split("-")[-1].lower() if words else ""  # `Cabinet Sub-Committee`
    if last in INSTITUTIONS or last in BODY_ENDINGS:
        return True  # `Bandoeng Conference`, `Commonwealth Governments`, `Working Group`
    return (
        is_group_label(text)
        or bool(words)
        and all(is_title_word(w) or is_group_word(w) or w.lower() in CONNECTORS for w in words)
    )


def _same_given(one: str, other: str) -> bool:
    """Two given names that may be one: equal, or an initial and a name it begins."""
    return one == other or (len(one) == 1 or len(other) == 1) and one[:1] == other[:1]


def _holds_title(description: str, title: str) -> bool:
    """Whether a persons list's description gives a title (`adm` or `admiral` in `Admiral, USN`)."""
    return any(word.startswith(title) for word in re.findall(r"[a-z]+", description.lower()))


def opens_a_clause(word: str) -> bool:
    """A word that opens a sentence or a clause, never a name's first word: a connective (`Although`,
    `Neither`, `Whether`), a sentence adverb (`Incidentally`, `Apparently`, `Presumably`), a word run
    on before a name (`According`, `Yesterday`) or a month or a day (`February Latham`)."""
    folded = fold(word).rstrip(".,")
    if folded == "so":  # a name too (`So Phim`)
        return False
    return (
        folded in CONNECTIVES | RUN_ON_OPENERS | CALENDAR  # `According Pyman`, `February Latham`
        or folded == "whether"
        or SENTENCE_ADVERB.fullmatch(folded) is not None
    )


def _without_opening_word(written: str) -> str:
    """A written name without a clause's opening word before it (`Whether Dalai` is `Dalai`)."""
    first, _, rest = written.partition(" ")
    return rest if rest and opens_a_clause(first) else written


def _names_of_places_and_bodies(registry: Registry) -> frozenset[str]:
    """The registry's names of everything but persons, normalized; kept in the registry's cache."""
    known = registry.cache.get("names of places and bodies")
    if isinstance(known, frozenset):
        return known
    names = frozenset(
        normalize_name(name) for e in registry.entities.values() if e.kind != "person" for name in e.names
    )
    registry.cache["names of places and bodies"] = names
    return names


def is_full_name(name: str) -> bool:
    """A given name (or initials) and a surname: `Chester Carter`, `W. Averell Harriman`."""
    return len(_name_words(name)) >= 2


class SpeakerResolver:
    """Resolves the names of one document; remembers what stayed unresolved."""

    def __init__(self, document: Document, registry: Registry, named: Iterable[str] = ()) -> None:
        self.document = document
        self.registry = registry
        meeting = document.meeting
        self.listed: list[Participant] = list(meeting.participants) if meeting else []
        written = [p.name for p in self.listed if not p.by_office]
        written += [u.speaker for u in meeting.utterances if u.speaker] if meeting else []
        self.titled = [f"{p.title} {p.name}" for p in self.listed if p.title and not p.by_office] + written
        self.context = [attendance_name(n) for n in written] + ([document.author] if document.author else [])
        self.context += sorted(named)
        self.findings: list[Finding] = []
        self._cache: dict[str, PersonRef] = {}
        self.stated = {person.identifier: person for person in document.persons}

    def resolve(self, written: str, line: int = 1) -> PersonRef:
        """The person (or office) behind a speaker label or attendance name as written."""
        if written not in self._cache:
            self._cache[written] = self._resolve(written, line)
        return self._cache[written]

    def resolve_participant(self, participant: Participant) -> PersonRef:
        """A listed participant: an office when the list names one (`The Secretary`), else a name,
        even one that reads as an office (`Mr. Chancellor`)."""
        if participant.by_office:
            return self.resolve(participant.name, participant.line)
        if participant.identifier in self.stated:
            return self._identified(self.stated[participant.identifier])
        if participant.title:  # `Secretary Marshall`: the registry may know the name with its title
            titled = f"{participant.title} {participant.name}"
            entity = self.registry.resolve_person(titled, date=self.document.date, context=self.context)
            if entity:
                return PersonRef(entity.id, entity.label, entity.id)
        key = f"\x00{participant.title}\x00{participant.name}"  # a name, never an office
        if key not in self._cache:
            titles = office_titles(f"{participant.title} {participant.name}")
            self._cache[key] = self._resolve(participant.name, participant.line, as_name=True, titles=titles)
        return self._cache[key]

    def _resolve(
        self, written: str, line: int, as_name: bool = False, titles: frozenset[str] = frozenset()
    ) -> PersonRef:
        written = NOTE_MARKS.sub("", written)  # `[3] The Minister`: a footnote mark before the name
        written = CONNECTIVE.sub("", written)  # `Therefore I`: the sentence's first word is not a name
        written = _without_opening_word(written)  # `Whether Dalai`, `Although Nehru`
        name = attendance_name(written)
        if normalize_name(name) in FIRST_PERSON:
            if self.document.author:
                return self.resolve(self.document.author, line)
            return PersonRef(f"{self.document.doc_id}/office-author", "the author of the record", office=True)
        titles |= office_titles(re.sub(r"^\[[^\]]*\]\s*", "", written))  # `General` of `General Carter`
        entity = None
        if not (as_name and self._beside_a_full_name(name)):  # `Madame Chiang` beside `Chiang Kai-shek`
            entity = self.registry.resolve_person(
                name, date=self.document.date, context=self.context, titles=titles
            )
        if not entity and (pseudonym := PSEUDONYM.match(name)):  # the registry's person the editor names
            entity = self.registry.resolve_person(
                pseudonym["person"], date=self.document.date, context=self.context
            )
        if entity:
            return PersonRef(entity.id, entity.label, entity.id)
        office = None if as_name else OFFICE.match(re.sub(r"\s+", " ", written.strip(" .:")))
        if office:
            return self._by_office(office["office"], written, line)
        if not as_name and _only_labels(written):
            label = written.strip(" .:")
            return PersonRef(f"{self.document.doc_id}/office-{_slug(label)}", label, office=True)
        stated = None if as_name else self._stated_person(written)  # a name the markup left unidentified
        if stated:
            return self._identified(stated)
        listed = None if as_name else self._listed_as(name)  # two entries of a list are two persons
        if listed and _without_opening_word(listed) != written:  # `If Dean Acheson` listed: no loop
            return self.resolve(listed, line)
        full = self._full_name(name, listed=not as_name)
        if full and attendance_name(_without_opening_word(full)) != name:  # `Nixon` for `President Nixon`
            return self.resolve(full, line)
        label = " ".join(re.sub(r"[\[\]]", "", name).split())
        self.findings.append(
            Finding(
                self.document.path, line, Severity.WARNING, f"person {name!r} is not in the registry", written
            )
        )
        if is_full_name(label):
            return PersonRef(_slug(label_key(name)), label)
        return PersonRef(f"{self.document.doc_id}/{_slug(label_key(name))}", label)

    def _identified(self, person: StatedPerson) -> PersonRef:
        """A person the publisher identifies (a FRUS persons-list entry): the registry's person of
        that name, else one person across the corpus by the name the publisher gives, always with
        the publisher's identifier."""
        entity = self.registry.resolve_person(person.name, date=self.document.date, context=self.context)
        if entity:
            return PersonRef(entity.id, entity.label, entity.id, identifier=person.identifier)
        return PersonRef(_slug(label_key(person.name)), person.name, identifier=person.identifier)

    def _stated_person(self, name: str) -> StatedPerson | None:
        """The one person the record's markup identifies whose name holds every word of `name`
        (`Wang` or `Wang Ping-nan` for `Wang Ping-nan`); titles are no part of it (`SENATOR SPARKMAN`,
        `Governor Herter`) but tell apart two persons of one name by the offices the persons list
        gives them (`Secretary Johnson`, `Admiral Johnson`)."""
        words = _name_words(name)
        names = {normalize_name(w) for w in words if len(w.strip(".")) > 1 and not is_title_word(w)}
        if not names or not self.stated:
            return None
        found = [p for p in self.stated.values() if names <= {normalize_name(w) for w in _name_words(p.name)}]
        offices = [fold(w).rstrip(".") for w in words if is_title_word(w) and fold(w) not in HONORIFICS]
        if len(found) > 1 and offices:
            found = [p for p in found if all(_holds_title(p.description, office) for office in offices)]
        return found[0] if len(found) == 1 else None

    def _beside_a_full_name(self, name: str) -> bool:
        """Whether a surname alone stands in the same list as a full name of that surname (its first
        or last word: `Chiang Kai-shek`): two entries, two persons, so the surname alone is not the
        registry's person of that name (`Madame Chiang`)."""
        words = _name_words(name)
        if len(words) != 1:
            return False
        surname = normalize_name(words[0])
        return any(
            not p.by_office
            and is_full_name(p.name)
            and surname in {normalize_name(_name_words(p.name)[0]), normalize_name(_name_words(p.name)[-1])}
            for p in self.listed
        )

    def _listed_as(self, name: str) -> str | None:
        """For a name the list does not write so, the one listed name it is: written otherwise
        (`Chatfield` for `CHATFIELD`), or the full name of that surname whose given names agree,
        initials with words (`M. P. A. Hankey` for `MAURICE HANKEY`)."""
        words = _name_words(name)
        listed = [p.name for p in self.listed if not p.by_office]
        if not words or name in listed:  # `[1]`: no word of a name
            return None
        if len(words) == 1:
            same = {written for written in listed if normalize_name(written) == normalize_name(name)}
            return same.pop() if len(same) == 1 else None
        if is_title_word(words[0]):  # `Governor Williams`: no given name to agree
            return None
        surname, first = normalize_name(words[-1]), normalize_name(words[0]).rstrip(".")
        found = {
            written
            for written in listed
            if is_full_name(written)
            and normalize_name(_name_words(written)[-1]) == surname
            and any(_same_given(first, normalize_name(w).rstrip(".")) for w in _name_words(written)[:-1])
        }
        return found.pop() if len(found) == 1 else None

    def _full_name(self, name: str, *, listed: bool = True) -> str | None:
        """For a surname alone, the one full name of the record that ends with it: a listed person's
        (`Livingston T. Merchant` for `Mr. Merchant`; not for an entry of the list itself: `Madame
        Chiang` beside `Chiang Kai-shek` is another person), else the author's, else one the text
        writes (`Ivan B. White`)."""
        words = _name_words(name)
        if len(words) != 1 or not words[0][:1].isupper():
            return None
        surname = normalize_name(words[0])
        full = {
            p.name
            for p in self.listed
            if not p.by_office and is_full_name(p.name) and normalize_name(_name_words(p.name)[-1]) == surname
        }
        if full:
            return full.pop() if listed and len(full) == 1 else None
        author = self.document.author
        if is_full_name(author) and normalize_name(_name_words(author)[-1]) == surname:
            return author  # `Ambassador Sebald` listed in the record by W. J. Sebald
        given = r"(?:[A-Z][a-z]+|[A-Z][a-z]{0,3}\.)"  # `Ivan`, `B.`, `Wm.`; not a sentence's last word
        space = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # within a paragraph: never across a blank line
        pattern = rf"\b{given}(?:{space}{given}){{0,2}}{space}{re.escape(words[0])}\b"
        found = re.findall(pattern, self.document.text)
        written = {m for m in found if is_full_name(m) and not _has_label(m) and self._given(m.split()[0])}
        return written.pop() if len(written) == 1 else None

    def _given(self, word: str) -> bool:
        """Whether a capitalized word before a surname can be a given name: not a word that opens a
        sentence or a clause (`Neither Addison nor McNeil`, `Incidentally Bevin said`), a record's or
        a people's word, a month or a day (`on 18th July Addison mentioned`), a word of place names
        (`New`), nor a place or a body of the registry (`Moscow` in a dateline above a signature)."""
        folded = fold(word).rstrip(".")
        if word in OPENERS or opens_a_clause(word) or folded in PLACE_WORDS:  # months: a clause's opening
            return False
        if folded in RECORD_WORDS or is_group_word(word):  # `Conversation Smuts`, `Chinese Chou`
            return False
        return normalize_name(word) not in _names_of_places_and_bodies(self.registry)

    def _by_office(self, office: str, written: str, line: int) -> PersonRef:
        """`The Secretary`: the one person of the record titled so, else the office's holder."""
        entity = self._titled_in_record(office) or self._holder(office)
        if isinstance(entity, Entity):
            return PersonRef(entity.id, entity.label, entity.id)
        if isinstance(entity, Participant):
            return self.resolve(entity.name, line)
        message = f"{written!r} names an office, and nothing says who held it; kept as a reference by office"
        self.findings.append(Finding(self.document.path, line, Severity.INFO, message, written))
        label = written.strip(" .:")
        return PersonRef(f"{self.document.doc_id}/office-{_slug(label)}", label, office=True)

    def _titled_in_record(self, office: str) -> Entity | Participant | None:
        """The one person the record lists with this title (`President Mirza` for `the
        President`), or the one registry person it names with an alias of that title."""
        pattern = re.compile(rf"^(?:the\s+)?(?:acting\s+)?{re.escape(office)}(?:\s+of\s+state)?$", re.I)
        listed = {p.name: p for p in self.listed if not p.by_office and pattern.match(p.title.strip(" ,"))}
        if len(listed) == 1:
            return next(iter(listed.values()))
        if listed:
            return None
        titled = [n for n in self.titled if re.match(rf"^{re.escape(office)}\s+[A-Z]", n, re.I)]
        found = {
            entity.id: entity
            for name in titled
            if (entity := self.registry.resolve_person(name, date=self.document.date, context=self.context))
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def _holder(self, office: str) -> Entity | None:
        """The holder of an office of offices.yaml on the record's date, when the record was kept by
        that office's government."""
        day = self.document.meeting.date if self.document.meeting and self.document.meeting.date else None
        day = day or self.document.date
        citation = self.document.citation.text
        if day is None or not citation:
            return None
        wanted = normalize_name(f"the {office}")
        for candidate in self.registry.offices:
            names = {
                normalize_name(n if n.lower().startswith("the ") else f"the {n}") for n in candidate.names
            }
            if wanted in names and candidate.keeps(citation) and (person := candidate.holder(day)):
                return self.registry.get(person)
        return None
