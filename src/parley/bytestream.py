"""A readable binary stream over an iterator of byte strings, for parsers that read files."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any


class _Chunks(io.RawIOBase):
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks, self._chunk, self._at = chunks, memoryview(b""), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self._at == len(self._chunk):
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._chunk, self._at = memoryview(chunk), 0
        n = min(len(buffer), len(self._chunk) - self._at)
        buffer[:n] = self._chunk[self._at : self._at + n]
        self._at += n
        return n


def reader(chunks: Iterable[bytes]) -> io.BufferedReader:
    """The byte strings of `chunks`, one after the other, as a buffered binary file."""
    return io.BufferedReader(_Chunks(iter(chunks)), 1 << 20)
