"""Files written from parts (bytes, and byte ranges copied from an older file) hold exactly those bytes,
whether the file they replace was larger or smaller, with its blocks reserved up front or not."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley import write


@pytest.mark.parametrize("reserve_from", [1, 1 << 40])  # blocks reserved up front, or not
@pytest.mark.parametrize("old_size", [0, 10, 100_000])
def test_parts_copied_from_the_old_file_make_exactly_the_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reserve_from: int, old_size: int
) -> None:
    monkeypatch.setattr(write, "RESERVE_FROM", reserve_from)
    source = tmp_path / "source.bin"
    source.write_bytes(bytes(range(256)) * 400)
    target = tmp_path / "report.json"
    target.write_bytes(b"x" * old_size)
    parts: list[write.Part] = [b"head,", (source, 5, 300), b",middle,", (source, 90_000, 12_000), b",tail"]
    write.write_parts(target, parts)
    data = source.read_bytes()
    assert target.read_bytes() == b"head," + data[5:305] + b",middle," + data[90_000:102_000] + b",tail"
    assert not write.temporary(target).exists()
