"""One error type that says where a release failed and what the user can do about it.

Every stage raises `PressroomError` for bad input instead of letting a library exception
escape, so the CLI and the watcher can print one clear line per file (file, stage,
reason) and the watcher can write the same words into `<name>.error.txt`.
"""

from __future__ import annotations

import errno
import os
import unicodedata

_UNSHOWN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Character classes a terminal would act on or hide (controls, bidi overrides, line breaks, unpaired surrogates)."""


def shown(path: object) -> str:
    """A file name as it may be printed on one line: controls, bidi marks and undecodable bytes escaped.

    File names are hostile input: a newline splits the one line a user or a script reads, an
    escape sequence drives the terminal, U+202E makes `exe.txt` read as `txt.exe`, and a byte
    that is not UTF-8 (kept by the OS as a surrogate) crashes a strict UTF-8 stdout. Letters of
    any script stay as they are.
    """
    text = os.fspath(path) if isinstance(path, os.PathLike) else str(path)
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif unicodedata.category(ch) in _UNSHOWN:
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
"""Exit codes of every `pressroom` command: all done, some input failed, the command line was wrong."""


class PressroomError(Exception):
    def __init__(self, stage: str, reason: str, hint: str | None = None, path: str | None = None):
        super().__init__(reason)
        self.stage = stage
        self.reason = reason
        self.hint = hint
        self.path = path
        self.errno: int | None = None
        """For a failure of the machine (`environment_error`): the OS error number, so the
        watcher can tell "disk full, try again later" from "this release is broken"."""

    def with_path(self, path: str) -> PressroomError:
        self.path = path
        return self

    def one_line(self) -> str:
        where = f"{shown(self.path)}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}[{self.stage}] {self.reason}{hint}"

    def __str__(self) -> str:
        return self.one_line()


class BrandError(PressroomError):
    """A brand folder that cannot produce a correctly styled PDF; reported before any work."""

    def __init__(self, reason: str, hint: str | None = None):
        super().__init__("brand", reason, hint)


RETRY_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.ESTALE, errno.EMFILE,
                          errno.ENFILE, errno.ENOMEM, errno.EBUSY, errno.EACCES, errno.EPERM, errno.EFBIG})
"""Of those, the ones that go away by themselves or by a fix elsewhere (space freed, share back)."""

_WHY = {
    errno.ENOSPC: ("the disk is full (no space left on the device)",
                   "free some space there; nothing half-written was left behind"),
    errno.EDQUOT: ("the disk quota is used up", "free some space or ask for a bigger quota"),
    errno.EFBIG: ("the file is larger than this process may write (file size limit)",
                  "raise the file size limit (ulimit -f) or free space"),
    errno.EROFS: ("the file system is mounted read-only", "write to another folder (-o DIR) or remount it read-write"),
    errno.EACCES: ("permission denied", "check the folder's owner and permissions, or choose another folder with -o"),
    errno.EPERM: ("operation not permitted", "check the folder's owner and permissions, or choose another folder"),
    errno.ENOTDIR: ("a part of the path is a file, not a folder", "choose an output folder whose parents are folders"),
    errno.EEXIST: ("the name exists and is not a folder", "remove the file or choose another output folder"),
    errno.ELOOP: ("the path goes through too many symbolic links", "point the output at a real folder"),
    errno.EIO: ("an input/output error (a failing disk or a dropped network share)", "check the disk or the share"),
    errno.ESTALE: ("the network share went away (stale file handle)", "remount the share"),
}


def environment_error(exc: OSError, target: object, stage: str = "write") -> PressroomError:
    """An `OSError` of the machine (disk full, read-only, not a folder…) as one clear line naming `target`.

    The stage is `write` (writing a release's files) or `output` (the output folder itself);
    the path stays unset so the caller can prefix the source file the way it always does —
    the reason names the path that could not be written, so the source is never the one blamed.
    """
    what, hint = _WHY.get(exc.errno or 0, (exc.strerror or str(exc), "check the output folder"))
    err = PressroomError(stage, f"cannot write {target}: {what}", hint)
    err.errno = exc.errno
    return err


def output_folder_error(folder: object, exc: OSError) -> PressroomError:
    """The output folder cannot be made or used: a file in its place, a dangling link, a read-only disk."""
    path = os.fspath(folder)  # type: ignore[arg-type]
    if os.path.islink(path) and not os.path.exists(path):
        err = PressroomError("output", f"the output folder {path} is a symbolic link to {os.readlink(path)}, "
                             "which does not exist", "create the folder it points to, or pass another -o DIR")
    elif os.path.exists(path) and not os.path.isdir(path):
        err = PressroomError("output", f"the output folder {path} is a file, not a folder",
                             "remove the file or pass another -o DIR")
    else:
        what, hint = _WHY.get(exc.errno or 0, (exc.strerror or str(exc), "pass another -o DIR"))
        err = PressroomError("output", f"cannot use the output folder {path}: {what}", hint)
    err.errno = exc.errno
    return err


def is_retryable(exc: BaseException) -> bool:
    """Whether a failure is the machine's and may pass (the watcher retries it with back-off)."""
    if isinstance(exc, PressroomError):
        return exc.stage in ("write", "output") and exc.errno in RETRY_ERRNOS
    return isinstance(exc, OSError) and exc.errno in RETRY_ERRNOS
