"""What the build keeps of a document's graph besides its file, counted in one pass over its triples
in canonical order (subject by subject) on their way to the writer."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from pyoxigraph import Triple

from parley.rdf.statistics import Pair, passage_pairs
from parley.vocab import S

Skeleton = Callable[[Sequence[Triple]], list[Triple]]  # what one subject's triples give the skeleton


@dataclass
class GraphTally:
    """Counts of triples, subjects and types, the co-mentions of the passages, and the skeleton."""

    skeleton_of: Skeleton | None = None
    triples: int = 0
    subjects: int = 0
    types: Counter[object] = field(default_factory=Counter)
    co_mentions: Counter[Pair] = field(default_factory=Counter)
    skeleton: list[Triple] = field(default_factory=list)

    def through(self, canonical: Iterable[Triple]) -> Iterator[Triple]:
        """The triples, unchanged, counted as they pass; they must come subject by subject."""
        for _, group in itertools.groupby(canonical, key=attrgetter("subject")):
            items = list(group)
            self.triples += len(items)
            self.subjects += 1
            self.types.update(t.object for t in items if t.predicate == S.type)
            self.co_mentions.update(passage_pairs(items))
            if self.skeleton_of:
                self.skeleton += self.skeleton_of(items)
            yield from items
