"""The one place that mints IRIs: deterministic, readable, under a configurable base."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from pyoxigraph import NamedNode

from parley.model import Span
from parley.vocab import CLAIM_STATUS, RECORD_TYPE, ROLE, STANCE, WD

SHARED_GRAPHS = ("registry", "statistics")  # graphs beside the documents', in `<name>.ttl` files


def _segment(text: str) -> str:
    """An IRI path segment: the path separator and unsafe characters percent-encoded."""
    return quote(text, safe="-._~")


def _path(key: str) -> str:
    """A key that may hold one `/` (a document-scoped id) as IRI path segments."""
    return "/".join(_segment(part) for part in key.split("/"))


@dataclass(frozen=True)
class Iris:
    """IRIs of a dataset published under `base`."""

    base: str

    def _iri(self, path: str) -> NamedNode:
        return NamedNode(self.base + path)

    def graph(self, doc_id: str) -> NamedNode:
        return self._iri(f"graph/{_segment(doc_id)}")

    def registry_graph(self) -> NamedNode:
        return self._iri("graph/registry")

    def statistics_graph(self) -> NamedNode:
        return self._iri("graph/statistics")

    def dataset(self) -> NamedNode:
        return self._iri("dataset")

    def document(self, doc_id: str) -> NamedNode:
        return self._iri(f"doc/{_segment(doc_id)}")

    def entry(self, doc_id: str, position: int) -> NamedNode:
        return self._iri(f"doc/{_segment(doc_id)}/entry/{position}")

    def meeting(self, doc_id: str) -> NamedNode:
        return self._iri(f"meeting/{_segment(doc_id)}")

    def utterance(self, doc_id: str, position: int) -> NamedNode:
        return self._iri(f"meeting/{_segment(doc_id)}/utterance/{position}")

    def passage(self, doc_id: str, position: int) -> NamedNode:
        """A passage of the text of a record of no meeting (a letter, a minute)."""
        return self._iri(f"doc/{_segment(doc_id)}/passage/{position}")

    def participation(self, doc_id: str, person_key: str, *, recounted: bool = False) -> NamedNode:
        meeting = f"meeting/{_segment(doc_id)}" + ("/recounted" if recounted else "")
        return self._iri(f"{meeting}/participant/{_segment(person_key.replace('/', '--'))}")

    def recounted(self, doc_id: str) -> NamedNode:
        """The earlier meeting a record recounts (a cable's `last night`)."""
        return self._iri(f"meeting/{_segment(doc_id)}/recounted")

    def person(self, key: str) -> NamedNode:
        return self._iri(f"person/{_path(key)}")

    def entity(self, kind: str, key: str) -> NamedNode:
        folder = {"person": "person", "place": "place", "treaty": "treaty", "event": "event"}.get(kind, "org")
        return self._iri(f"{folder}/{_path(key)}")

    def mention(self, container: NamedNode, span: Span) -> NamedNode:
        return NamedNode(f"{container.value}/mention/{span.start}-{span.end}")

    def issue(self, key: str) -> NamedNode:
        return self._iri(f"issue/{_segment(key)}")

    def claim(self, doc_id: str, number: int) -> NamedNode:
        return self._iri(f"claim/{_segment(doc_id)}/{number}")

    def mention_count(self, doc_id: str, entity: NamedNode) -> NamedNode:
        return self._iri(f"doc/{_segment(doc_id)}/mention-count/{self._local(entity)}")

    def co_mention(self, first: NamedNode, second: NamedNode) -> NamedNode:
        return self._iri(f"co-mention/{self._local(first)}/{self._local(second)}")

    def _local(self, entity: NamedNode) -> str:
        """An entity's path under the base, as one segment (`person/x` -> `person--x`)."""
        return entity.value.removeprefix(self.base).replace("/", "--")

    def source_file(self, name: str) -> NamedNode:
        return self._iri(f"source/{_path(name)}")


def role(name: str) -> NamedNode:
    return NamedNode(ROLE + _segment(name))


def stance(name: str) -> NamedNode:
    return NamedNode(STANCE + _segment(name))


def claim_status(name: str) -> NamedNode:
    return NamedNode(CLAIM_STATUS + _segment(name))


def record_type(name: str) -> NamedNode:
    return NamedNode(RECORD_TYPE + _segment(name))


def wikidata(qid: str) -> NamedNode:
    return NamedNode(WD + qid)
