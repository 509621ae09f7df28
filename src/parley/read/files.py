"""Opening source files: the only place that does.

Only regular files are read, never through a symbolic link, and only when the bytes read are as many
as the file's size says (a file of /proc or /sys says 0).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from parley.errors import InputError


def read_bytes(path: Path, where: str, max_bytes: int | None = None) -> bytes:
    """The bytes of the regular file `path`; InputError for a symbolic link (not followed), a special
    file (FIFO, device, socket), a file of a pseudo file system whose size is not its length (/proc),
    a file above `max_bytes`, or one that cannot be read."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)  # a FIFO must not hang
    try:
        fd = os.open(path, flags)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise InputError(
                f"{where}: a symbolic link; not followed (put the file itself in the corpus)"
            ) from err
        raise InputError(f"{where}: cannot read: {err.strerror}") from err
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{where}: not a regular file ({_kind(info.st_mode)}); not read")
        if max_bytes is not None and info.st_size > max_bytes:
            raise InputError(
                f"{where}: {info.st_size / 1e6:.1f} MB is more than the {max_bytes / 1e6:g} MB allowed per "
                "document (--max-document-mb); split the file into records, or raise the limit"
            )
        try:
            data = handle.read(info.st_size + 1)
        except OSError as err:
            raise InputError(f"{where}: cannot read: {err.strerror}") from err
    if len(data) != info.st_size:
        raise InputError(
            f"{where}: its size is {info.st_size} bytes but {len(data)} were read"
            ": a file of a pseudo file system (such as /proc) or one being written; not read"
        )
    return data


def _kind(mode: int) -> str:
    kinds = [(stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device")]
    kinds += [(stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder")]
    return next((name for test, name in kinds if test(mode)), "a special file")
