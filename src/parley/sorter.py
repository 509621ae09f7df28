"""Sort and de-duplicate the triples of one graph in bounded memory.

A graph's triples are held in memory up to a limit; past it, each batch is sorted and spilled to an
N-Triples file, and the files are merged line by line at the end. An N-Triples line is the three
terms' `str()` joined by spaces (and ` .`), and no term's text is a prefix of another's followed by
a character below the space, so the lines sort as the triples do under `write.sort_key`: the merged
files give exactly what `write.canonical` gives.
"""

from __future__ import annotations

import heapq
import itertools
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType

from pyoxigraph import RdfFormat, Triple, parse, serialize

from parley.bytestream import reader
from parley.write import canonical

SPILL_AT = 400_000  # triples held before a batch goes to disk (about 150 MB of Python objects)


class TripleSorter:
    """Collects triples (`add`), then gives them back de-duplicated and in canonical order (`sorted`).
    Use it as a context manager: the spilled files are removed on exit."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit or SPILL_AT
        self._batch: list[Triple] = []
        self._runs: list[Path] = []
        self._stack = ExitStack()
        self._folder: Path | None = None

    def __enter__(self) -> TripleSorter:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._stack.close()

    @property
    def spilled(self) -> bool:
        return bool(self._runs)

    def add(self, triples: Iterable[Triple]) -> None:
        self._batch.extend(triples)
        if len(self._batch) >= self.limit:
            self._spill()

    def sorted(self) -> Iterator[Triple]:
        """Every triple added, once, in canonical order (the sorter is emptied)."""
        if not self._runs:
            batch, self._batch = self._batch, []
            yield from canonical(batch)
            return
        if self._batch:
            self._spill()
        files = [self._stack.enter_context(run.open("rb")) for run in self._runs]
        lines = (line for line, _ in itertools.groupby(heapq.merge(*files)))
        yield from (quad.triple for quad in parse(reader(lines), format=RdfFormat.N_TRIPLES))

    def _spill(self) -> None:
        if self._folder is None:
            self._folder = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="parley-sort-")))
        run = self._folder / f"{len(self._runs)}.nt"
        batch, self._batch = self._batch, []
        with run.open("wb") as out:
            serialize(canonical(batch), out, format=RdfFormat.N_TRIPLES)
        self._runs.append(run)
