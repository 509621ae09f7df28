"""Counts the build derives from the mentions, published so that corpus-wide questions read a few
rows instead of aggregating every mention: how often each document mentions each entity (in the
document's own graph), and in how many passages two entities are named together (the statistics
graph, summed over the documents)."""

from __future__ import annotations

import pickle
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import combinations

from pyoxigraph import NamedNode, Triple

from parley.rdf.iris import Iris
from parley.rdf.terms import Triples, integer
from parley.vocab import P, S

Pair = tuple[str, str]  # two entity IRIs, the smaller string first


def mention_counts(
    doc_id: str, counts: Mapping[NamedNode, int], firsts: Mapping[NamedNode, NamedNode], iris: Iris
) -> list[Triple]:
    """A parley:MentionCount per entity the document's mentions refer to (a graph holds one document),
    with the entity's first mention in the document (`firsts`)."""
    out, document = Triples(), iris.document(doc_id)
    for entity, n in counts.items():
        node = iris.mention_count(doc_id, entity)
        out.typed(node, P.MentionCount)
        out.add(node, P.countedIn, document)
        out.add(node, P.countOf, entity)
        out.add(node, P.count, integer(n))
        out.add(node, P.firstMention, firsts[entity])
    return out.items


def passage_pairs(subject_triples: Sequence[Triple]) -> Iterator[Pair]:
    """The pairs of entities one subject names, if it is a passage (a node in a document)."""
    if not any(t.predicate == P.inDocument for t in subject_triples):
        return iter(())
    named = {
        t.object.value
        for t in subject_triples
        if t.predicate == P.mentions and isinstance(t.object, NamedNode)
    }
    return combinations(sorted(named), 2)


def pack_pairs(counts: Mapping[Pair, int]) -> bytes:
    """A document's pair counts, pickled in pair order and compressed: a few bytes to keep per document
    (the same counts, the same bytes), unpacked only when the statistics are summed again."""
    return zlib.compress(pickle.dumps(dict(sorted(counts.items())), protocol=5))


def statistics_triples(per_document: Iterable[bytes], iris: Iris) -> list[Triple]:
    """The statistics graph: a parley:CoMention per pair, with its passages summed over the documents
    (each document's counts as `pack_pairs` wrote them)."""
    totals: Counter[Pair] = Counter()
    for packed in per_document:
        totals.update(pickle.loads(zlib.decompress(packed)))  # our own bytes, from the build cache
    out = Triples()
    for (first, second), n in totals.items():
        a, b = NamedNode(first), NamedNode(second)
        node = iris.co_mention(a, b)
        out.typed(node, P.CoMention)
        out.add(node, P.countOf, a)
        out.add(node, P.countOf, b)
        out.add(node, P.count, integer(n))
        out.add(node, S.wasDerivedFrom, iris.dataset())
    return out.items
