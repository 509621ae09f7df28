"""The output folder of a build: held by one build at a time, written by renames inside it, and only
files a build wrote are ever removed from it.

Why `fcntl.flock` on a lock file of our own rather than the `filelock` package: filelock opens its
lock file with O_TRUNC, so a second build would wipe the first one's name before failing to lock, and
the message could not name the holder. The kernel releases a flock when its process dies, so a killed
build leaves no lock behind; the lock file itself exists only while a build runs (a killed build's is
taken over by the next one). Parley's machines are POSIX; on NFS, Linux maps flock to fcntl locks.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from parley.errors import BusyError, ParleyError

LOCK = ".parley-build.lock"
TEMPORARY = ".*.parley.tmp"  # how `write.temporary` names a file being written (see there)
OUTPUTS = ("parley.trig", "parley.ttl", "registry.ttl", "statistics.ttl", "void.ttl", "validation.ttl")


@contextlib.contextmanager
def exclusive(*folders: Path) -> Iterator[None]:
    """Hold each folder (created if missing) for this build; BusyError naming the holder when another
    build holds one of them."""
    with contextlib.ExitStack() as held:
        for folder in folders:
            held.enter_context(_locked(folder))
        yield


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    path = folder / LOCK
    while True:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as err:  # a file where the folder should be, no permission, a planted symlink
            raise ParleyError(f"{path}: cannot create the build's lock file: {err.strerror}") from err
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip() or "a build starting up"
            os.close(fd)
            raise BusyError(
                f"{folder}: another build is writing here ({holder}); wait for it to end, "
                "or give this build another --out and --cache"
            ) from None
        except OSError as err:
            os.close(fd)
            raise ParleyError(f"{path}: cannot lock: {err.strerror}") from err
        try:  # the holder before us may have removed the file between our open and our lock
            if os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False)):
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        holder = f"pid {os.getpid()} on {socket.gethostname()} since {time.strftime('%Y-%m-%d %H:%M:%S')}"
        os.write(fd, f"{holder}: {' '.join(sys.argv)[:300]}\n".encode())
        yield
    finally:
        path.unlink(missing_ok=True)  # before the lock is let go: a waiter sees the file is gone
        os.close(fd)


def clean_leftovers(out: Path) -> list[Path]:
    """Remove what a killed build left half-written in `out`: our temporary files (and those of
    earlier versions, `<output>.tmp`); returns them."""
    found = [*out.glob(TEMPORARY), *(out / "documents").glob(TEMPORARY)]
    found += [out / f"{name}.tmp" for name in (*OUTPUTS, "report.json") if (out / f"{name}.tmp").is_file()]
    for path in found:
        path.unlink(missing_ok=True)
    return found


DOCUMENTS = b'\n  "documents": ['  # report.json's list of documents, as `report.skeleton` indents it


def published_documents(out: Path) -> set[str]:
    """The ids of the documents the last build published in `out`, from its report.json (the manifest of
    what it wrote); empty when there is none or it cannot be read. Only the list of documents is
    parsed: the findings, most of a large corpus's report, would take gigabytes as Python objects."""
    try:
        data = (out / "report.json").read_bytes()
        start = data.index(DOCUMENTS) + len(DOCUMENTS) - 1
        end = data.index(b"\n  ]", start) + 4  # the list's closing line: its items are indented deeper
        return {str(item["id"]) for item in json.loads(data[start:end])}
    except (OSError, ValueError, KeyError, TypeError):
        return set()
