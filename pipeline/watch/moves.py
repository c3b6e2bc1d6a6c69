"""Moving sources out of input/ safely: never replacing a file, and finishable after a crash.

Holds no watcher state: the parent (duplicates, finishing after a restart) and the
workers (done, failed) move files with the same functions.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Any

from ..deliver import _fsync_dir, write_atomic
from ..journal import Journal
from .config import WatchConfig, _display, failed_folder, processed_folder


def _candidates(name: str) -> Iterator[str]:
    """`a.txt`, `a-2.txt`, `a-3.txt`, …: the names a clashing source may take."""
    yield name
    p = PurePath(name)
    stem, suffix = (p.stem, p.suffix) if p.stem else (name, "")
    for n in range(2, 100000):
        yield f"{stem}-{n}{suffix}"


def free_name(folder: Path, name: str, *, with_error_file: bool = False) -> Path:
    """The first name in `folder` not taken (and, for failed/, whose `.error.txt` is not taken)."""
    for candidate in _candidates(name):
        target = folder / candidate
        if target.exists() or target.is_symlink():
            continue
        if with_error_file and error_file(target).exists():
            continue
        return target
    raise OSError(errno.EEXIST, f"no free name for {name} in {folder}")


def error_file(moved_source: Path) -> Path:
    return moved_source.with_name(moved_source.name + ".error.txt")


def move_no_replace(src: Path, dest: Path, *, with_error_file: bool = False) -> Path:
    """Move `src` to `dest` (or `dest-N` if taken) without ever replacing a file; return where it went.

    `link` + `unlink` is atomic against a clash (link fails with EEXIST, rename would
    silently overwrite). A crash between the two leaves the same file under both names,
    which the next start recognises (same inode) and finishes. File systems without hard
    links (some SMB mounts) fall back to a rename guarded by an existence check.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(1000):
        try:
            os.link(src, dest)
        except FileExistsError:
            dest = free_name(dest.parent, dest.name, with_error_file=with_error_file)
            continue
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV):
                raise
            if dest.exists():
                dest = free_name(dest.parent, dest.name, with_error_file=with_error_file)
                continue
            os.rename(src, dest)
            break
        os.unlink(src)
        break
    else:  # pragma: no cover - 1000 races in a row
        raise OSError(errno.EEXIST, f"could not find a free name for {src.name} in {dest.parent}")
    _fsync_dir(dest.parent)
    _fsync_dir(src.parent)
    return dest


def finish_move(src: Path, planned: Path | None, folder: Path, *, with_error_file: bool = False) -> Path:
    """Complete a move a crash interrupted: unlink if already linked, else move (to a free name)."""
    if planned is not None and planned.exists():
        with contextlib.suppress(OSError):
            if os.path.samefile(src, planned):
                os.unlink(src)
                _fsync_dir(src.parent)
                return planned
        planned = None
    target = planned or free_name(folder, src.name, with_error_file=with_error_file)
    return move_no_replace(src, target, with_error_file=with_error_file)


def error_text(
    name: str,
    dropped: str,
    stage: str,
    reason: str,
    hint: str | None,
    sha: str,
    size: int | None,
    attempt: int | None = None,
) -> str:
    """The `<name>.error.txt` a person reads in failed/: what went wrong, in plain words, and what to do."""
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
    fix = hint or "correct the file and drop it into the input folder again"
    lines = [
        f'Pressroom could not convert "{name}".',
        "",
        f"What went wrong (stage: {stage}):",
        f"  {reason}",
        "",
        "How to fix it:",
        f"  {fix[0].upper() + fix[1:]}" + ("" if fix.rstrip()[-1:] in ".!?" else "."),
        "  Then drop the corrected file into the input folder again (a changed file is always converted).",
        "",
        f"Dropped as:  {dropped}",
        f"Size:        {size if size is not None else '?'} bytes",
        f"SHA-256:     {sha}",
        f"Failed at:   {when}" + (f" (attempt {attempt})" if attempt else ""),
        "",
    ]
    return "\n".join(lines)



def move_to_failed(
    cfg: WatchConfig,
    journal: Journal,
    src: Path,
    sha: str,
    *,
    stage: str,
    reason: str,
    hint: str | None,
    duration: float,
    size: int | None,
    attempt: int | None = None,
    planned: Path | None = None,
) -> Path:
    """Journal first, then the explanation, then the source: each step is safe to repeat after a crash."""
    folder = failed_folder(cfg)
    folder.mkdir(parents=True, exist_ok=True)
    if planned is None or (planned.exists() and not _same_file(src, planned)):
        planned = free_name(folder, src.name, with_error_file=True)
    journal.mark_failed(sha, stage=stage, reason=reason, hint=hint, duration=duration, moved_to=str(planned))
    rel = _display(cfg, src)
    text = error_text(src.name, rel, stage, reason, hint, sha, size, attempt)
    write_atomic(error_file(planned), text.encode("utf-8"))
    moved = finish_move(src, planned, folder, with_error_file=True)
    if moved != planned:  # the name was taken between our check and the link
        write_atomic(error_file(moved), text.encode("utf-8"))
        with contextlib.suppress(OSError):
            error_file(planned).unlink()
        journal.set_moved(sha, str(moved))
    return moved


def move_to_processed(cfg: WatchConfig, journal: Journal, src: Path, sha: str, planned: Path | None = None) -> Path:
    folder = processed_folder(cfg)
    moved = finish_move(src, planned, folder)
    if planned is None or moved != planned:
        journal.set_moved(sha, str(moved))
    return moved


def _through_symlink(path: Path) -> bool:
    """Whether `path` (absolute, under the resolved input folder) is a symbolic link or lies
    in a linked folder: its real path then differs from the path itself."""
    return os.path.islink(path) or os.path.realpath(path) != str(path)


def _open_regular(path: Path) -> Any:
    """Open a regular file for reading, not through a symbolic link (ELOOP) and not a FIFO or
    device swapped in after the stat (which would block or never end)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, f"{path.name} is not a regular file")
    return open(fd, "rb")


def _same_stat(before: os.stat_result, after: os.stat_result) -> bool:
    """The same file, unchanged: same inode (a file renamed over it is another file, even with
    the same size and mtime, as `cp -p` or `rsync -t` leave it), same size and mtime, and the
    same ctime (a write in place with the mtime set back still moves the ctime, which no
    tool can set)."""
    return (before.st_dev, before.st_ino, before.st_size, before.st_mtime_ns, before.st_ctime_ns) == (
        after.st_dev, after.st_ino, after.st_size, after.st_mtime_ns, after.st_ctime_ns)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
