"""The last stage: put a release's artefacts into `output/` so nobody ever sees half of them.

A release folder is built under a hidden temporary name inside the output folder (same
file system, so the final `rename` is atomic), every file is fsynced, and only then is
the folder renamed to `<YYYY-MM-DD>-<slug>`. A watcher, a web server or a person looking
at `output/` therefore sees either no folder or a complete one. Re-converting the same
source replaces its own folder file by file (each an atomic `os.replace`); a different
release whose headline slugs the same gets a suffix and never overwrites another one.
Headlines are hostile input: they are slugged to ASCII and never used as paths.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import PressroomError
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


def _owner_sha(folder: Path) -> str | None:
    """The source hash recorded in a release folder, to tell 'same release again' from 'another one'."""
    try:
        data = json.loads((folder / "release.json").read_text(encoding="utf-8"))
        return (data.get("source") or {}).get("sha256")
    except (OSError, ValueError, AttributeError):
        return None


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
    output_dir.mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        target = output_dir / (name if n == 1 else f"{name}-{n}")
        if target.exists():
            if source_sha256 and _owner_sha(target) == source_sha256:
                for artefact in artefacts:
                    _check_artefact_name(artefact.filename)
                    write_atomic(target / artefact.filename, artefact.data)
                return target
            continue
        staging = Path(tempfile.mkdtemp(prefix=f".{name[:40]}.", suffix=".partial", dir=output_dir))
        try:
            for artefact in artefacts:
                _check_artefact_name(artefact.filename)
                (staging / artefact.filename).parent.mkdir(exist_ok=True)  # media/ (pictures)
                with open(staging / artefact.filename, "wb") as fh:
                    fh.write(artefact.data)
                    fh.flush()
                    os.fsync(fh.fileno())
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
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    raise PressroomError("deliver", f"more than 999 releases are named {name!r} in {output_dir}")
