"""The last stage: put a release's artefacts into `output/` so nobody ever sees half of them.

A release folder is built under a hidden temporary name inside the output folder (same
file system, so the final `rename` is atomic), every file is fsynced, and only then is
the folder renamed to `<YYYY-MM-DD>-<slug>`. A watcher, a web server or a person looking
at `output/` therefore sees either no folder or a complete one. A new version of a
release that already has a folder (the same source again, `render` after an edit, the
watcher's versioned update) is written the same way: the complete new set goes into a
staging folder beside it, and the staging folder is swapped in with one rename
(`renameat2(RENAME_EXCHANGE)`, or two renames where the file system lacks it), so a reader
sees the old set or the new set, never release.xml at version 2 beside release.pdf at
version 1; a write that fails (a full disk) leaves the old set as it was. A different
release whose headline slugs the same gets a suffix and never overwrites another one.
Headlines are hostile input: they are slugged to ASCII and never used as paths.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import json
import os
import re
import shutil
import stat
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import PressroomError, environment_error, output_folder_error
from .model import Release

_FOLD = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "đ": "d", "Đ": "D", "ł": "l",
                       "Ł": "L", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "œ": "oe", "Œ": "OE", "ı": "i"})
SLUG_MAX = 60


def slugify(text: str, max_len: int = SLUG_MAX) -> str:
    """ASCII, lower case, hyphen-separated, cut at a word boundary; never empty, never a path."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_len:
        cut = slug[:max_len]
        if slug[max_len] != "-" and "-" in cut:
            cut = cut[: cut.rfind("-")]
        slug = cut.strip("-")
    return slug or "release"


def folder_name(release: Release) -> str:
    date = release.issued.isoformat()[:10] if release.issued else "undated"
    return f"{date}-{slugify(release.headline)}"


@dataclass(frozen=True)
class Artefact:
    filename: str
    data: bytes


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@functools.cache
def _umask() -> int:
    mask = os.umask(0o022)  # the umask can only be read by setting it
    os.umask(mask)
    return mask


def plain_mode(directory: bool = False) -> int:
    """The mode a plainly created file (0666) or folder (0777) gets under the process umask.

    mkstemp/mkdtemp create 0600/0700 entries; outputs must be readable like any other file
    (a web server, a colleague, the press-room page).
    """
    return (0o777 if directory else 0o666) & ~_umask()


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary sibling, fsync, rename: the file is old or new, never partial."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, plain_mode())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


STAGING_SUFFIX = ".partial"
SWAP_PREFIX = ".pressroom-swap-"
"""Hidden staging folders of `replace_contents` (a watcher sweeps those a crash left behind)."""
SWAP_MAX_ENTRIES = 200
"""A folder is swapped whole only when it is a release folder of reasonable size; `render`
may write beside an HTML file in any folder (a Desktop), which is never moved."""


def _write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(exist_ok=True)  # media/ (picture renditions) inside a release folder
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _link_or_copy(src: str, dst: str) -> None:
    """Carry an untouched file into the new set: a hard link (instant, no space), else a copy."""
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


@functools.cache
def _renameat2() -> Any:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux `renameat2(RENAME_EXCHANGE)`); False where unsupported."""
    fn = _renameat2()
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # the file system (some network shares) cannot exchange: the caller falls back
    raise OSError(err, os.strerror(err), str(a))


def _swappable(folder: Path) -> bool:
    """Whether `folder` is a release folder Pressroom may replace whole (see `SWAP_MAX_ENTRIES`)."""
    try:
        names = os.listdir(folder)
        if os.path.samefile(folder, os.getcwd()):
            return False  # the user's shell sits in it: swapping would leave them in a deleted folder
    except OSError:
        return False
    return len(names) <= SWAP_MAX_ENTRIES and any(n in ("release.json", "release.xml") for n in names)


def sweep_staging(folder: Path) -> None:
    """Remove the staging folders a killed process left in `folder` (never a release folder).

    A `.old` one is kept: on a file system without RENAME_EXCHANGE a kill between the two
    renames leaves the previous set only there, and it is a person's to put back."""
    with contextlib.suppress(OSError):
        for child in folder.iterdir():
            if child.name.startswith(SWAP_PREFIX) and child.name.endswith(STAGING_SUFFIX):
                shutil.rmtree(child, ignore_errors=True)


def replace_contents(folder: Path, artefacts: list[Artefact]) -> None:
    """Put a new version's files into an existing folder all at once; keep its other files.

    The new set is staged complete (every file written and fsynced) in a hidden sibling
    folder, with the folder's other files (an edited release.html, notes) linked in, and then
    swapped in. A failure before the swap (disk full) changes nothing. For a folder that is
    not a release folder (`_swappable`), the files are staged in a hidden folder inside it
    and renamed into place one after the other: a failed write still changes nothing.
    """
    folder = Path(folder)
    try:
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder))
    except OSError as exc:
        raise output_folder_error(folder, exc) from None
    whole = _swappable(folder)
    parent = folder.parent if whole else folder
    try:
        staging = Path(tempfile.mkdtemp(prefix=f"{SWAP_PREFIX}{folder.name[:40]}.", suffix=STAGING_SUFFIX,
                                        dir=parent))
    except OSError as exc:
        raise environment_error(exc, parent) from None
    current = ""
    try:
        names = {a.filename.split("/")[0] for a in artefacts}  # "media" for media/<name>: the new set's
        for artefact in artefacts:
            _check_artefact_name(artefact.filename)
            current = str(folder / artefact.filename)
            _write_file(staging / artefact.filename, artefact.data)
            os.chmod(staging / artefact.filename, plain_mode())
        if not whole:
            _fsync_dir(staging)
            for artefact in artefacts:
                current = str(folder / artefact.filename)
                (folder / artefact.filename).parent.mkdir(exist_ok=True)
                os.replace(staging / artefact.filename, folder / artefact.filename)
            _fsync_dir(folder)
            return
        for entry in os.scandir(folder):
            if entry.name in names or entry.name.startswith(SWAP_PREFIX):
                continue
            current = entry.path
            if entry.is_dir(follow_symlinks=False):
                shutil.copytree(entry.path, staging / entry.name, symlinks=True, copy_function=_link_or_copy)
            else:
                _link_or_copy(entry.path, str(staging / entry.name))
        os.chmod(staging, stat.S_IMODE(os.stat(folder).st_mode))
        _fsync_dir(staging)
        current = str(folder)
        if not exchange(staging, folder):
            old = staging.with_name(staging.name.replace(STAGING_SUFFIX, ".old"))
            os.rename(folder, old)
            try:
                os.rename(staging, folder)
            except OSError:
                os.rename(old, folder)
                raise
            staging = old
        _fsync_dir(parent)
    except OSError as exc:
        raise environment_error(exc, current or folder) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _owner_sha(folder: Path) -> str | None:
    """The source hash recorded in a release folder, to tell 'same release again' from 'another one'."""
    try:
        data = json.loads((folder / "release.json").read_text(encoding="utf-8"))
        return (data.get("source") or {}).get("sha256")
    except (OSError, ValueError, AttributeError):
        return None


def write_new(folder: Path, artefacts: list[Artefact]) -> None:
    """Write the files of a folder nobody reads yet (a staging folder), fsynced, as plain files."""
    hidden = folder.name.startswith(".")  # a staging folder: name the output folder people know, not it
    current = str(folder.parent if hidden else folder)
    try:
        for artefact in artefacts:
            _check_artefact_name(artefact.filename)
            current = str(folder.parent if hidden else folder / artefact.filename)
            _write_file(folder / artefact.filename, artefact.data)
            os.chmod(folder / artefact.filename, plain_mode())
    except OSError as exc:
        raise environment_error(exc, current) from None


def prepare_output(output_dir: Path) -> None:
    """Make the output folder (with its parents), or say in one line why it cannot be."""
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        if not output_dir.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(output_dir))
    except OSError as exc:
        raise output_folder_error(output_dir, exc) from None


def _check_artefact_name(name: str) -> None:
    """A file name, or `media/<name>` for a picture rendition: never a path out of the folder."""
    parts = name.split("/")
    if len(parts) > 2 or (len(parts) == 2 and parts[0] != "media") or any(
            not p or p.startswith(".") or "\\" in p for p in parts):
        raise PressroomError("deliver", f"refusing unsafe output file name {name!r}")


def deliver(output_dir: Path, name: str, artefacts: list[Artefact], source_sha256: str) -> Path:
    """Place the artefacts in `output_dir/name[-N]/` atomically and return that folder."""
    if not name or "/" in name or name.startswith("."):
        raise PressroomError("deliver", f"refusing unsafe output folder name {name!r}")
    prepare_output(output_dir)
    for n in range(1, 1000):
        target = output_dir / (name if n == 1 else f"{name}-{n}")
        if target.exists():
            if source_sha256 and _owner_sha(target) == source_sha256:
                replace_contents(target, artefacts)
                return target
            continue
        try:
            staging = Path(tempfile.mkdtemp(prefix=f".{name[:40]}.", suffix=STAGING_SUFFIX, dir=output_dir))
        except OSError as exc:
            raise environment_error(exc, output_dir) from None
        current = str(target)
        try:
            for artefact in artefacts:
                current = str(target / artefact.filename)
                _check_artefact_name(artefact.filename)
                _write_file(staging / artefact.filename, artefact.data)
            current = str(target)
            os.chmod(staging, plain_mode(directory=True))
            _fsync_dir(staging)
            try:
                os.rename(staging, target)
            except OSError:
                if target.exists():  # another worker took the name between our check and rename
                    shutil.rmtree(staging, ignore_errors=True)
                    continue
                raise
            _fsync_dir(output_dir)
            return target
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise environment_error(exc, current) from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    raise PressroomError("deliver", f"more than 999 releases are named {name!r} in {output_dir}")
