"""The sorted IRIs of the graph's subjects, found once by the store and written to a file that every
process of `parley site` maps: one copy in memory however many workers read it (an archive has
hundreds of thousands)."""

from __future__ import annotations

import mmap
from array import array
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path
from typing import overload

import pyoxigraph as ox

TEXT, STARTS = "subjects.txt", "subjects.starts"  # the IRIs a line each; where each line starts
ALL_SUBJECTS = "SELECT DISTINCT ?s WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } FILTER (isIRI(?s)) }"


def write_subjects(store: ox.Store, folder: Path) -> None:
    """Write the IRIs of the subjects of `store` (all its graphs), sorted, into `folder`."""
    solutions = store.query(ALL_SUBJECTS)
    assert isinstance(solutions, ox.QuerySolutions)
    lines = [f"{iri}\n".encode() for iri in sorted(row[0].value for row in solutions)]
    (folder / TEXT).write_bytes(b"".join(lines))
    (folder / STARTS).write_bytes(array("Q", accumulate((len(line) for line in lines), initial=0)).tobytes())


class Subjects(Sequence[str]):
    """The IRIs `write_subjects` wrote into a folder, as a sorted sequence read from the mapped files."""

    def __init__(self, folder: Path) -> None:
        self._text, self._starts = _mapped(folder / TEXT), _mapped(folder / STARTS).cast("Q")

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        index %= len(self)
        return str(self._text[self._starts[index] : self._starts[index + 1] - 1], "utf-8")


def _mapped(path: Path) -> memoryview:
    with path.open("rb") as file:
        if path.stat().st_size == 0:
            return memoryview(b"")
        return memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
