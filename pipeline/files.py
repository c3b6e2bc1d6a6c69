"""Reading a file named by a user: only a regular file, and its size judged before it is read.

`/dev/zero` is read until memory runs out, opening a FIFO blocks forever, and a socket or a
device is no document; a sparse 3 GB file would be read whole before a size check after it.
So the type is checked before opening and again on the open descriptor (opened non-blocking,
so a FIFO swapped in between cannot hang), and the size from that descriptor goes to the
caller's own check before a byte is read. Sources, `pressroom validate` and `pressroom.toml`
all read through here; each says the refusal in its own words.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"))


class SpecialFileError(Exception):
    """The path is not a regular file; `kind` says what it is, in words."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def special_kind(mode: int) -> str | None:
    """What a non-regular file is, in words ("a named pipe (FIFO)"); None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def read_regular(path: Path | str, check_size: Callable[[int], None] | None = None) -> bytes:
    """The bytes of a regular file; `check_size(st_size)` may raise to refuse it before reading.

    Raises `SpecialFileError` for anything but a regular file, `OSError` as the system gives it.
    """
    kind = special_kind(os.stat(path).st_mode)
    if kind is not None:
        raise SpecialFileError(kind)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        st = os.fstat(fd)
        kind = special_kind(st.st_mode)
        if kind is not None:
            raise SpecialFileError(kind)
        if check_size is not None:
            check_size(st.st_size)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    finally:
        os.close(fd)
