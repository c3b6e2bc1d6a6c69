"""A release folder: one release file, its photos, and optionally what a person wrote about them.

    my-release/
      release.docx          (any format `convert` reads)
      ceo.jpg  plant.png
      media.toml            (optional; or ceo.jpg.toml beside each photo)

The folder is read once, here, into bytes; everything after is pure. Names are listed, never
trusted: symbolic links, hidden files and subfolders are not followed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PressroomError
from .images import SUFFIXES
from .sidecar import SIDECAR

MAX_PICTURES = 50


@dataclass
class ReleaseFolder:
    source: Path
    data: bytes
    images: list[tuple[str, bytes]] = field(default_factory=list)
    media_toml: bytes | None = None
    sidecars: dict[str, bytes] = field(default_factory=dict)


def _files(path: Path) -> list[Path]:
    return [p for p in sorted(path.iterdir()) if not p.name.startswith((".", "~")) and not p.is_symlink()
            and p.is_file()]


def _split(files: list[Path]) -> tuple[list[Path], list[Path], list[Path]]:
    """(pictures, sidecars, release-file candidates) of a folder listing."""
    images = [p for p in files if p.suffix.lower() in SUFFIXES]
    sidecars = [p for p in files if p.suffix.lower() == ".toml"]
    texts = [p for p in files if p not in images and p not in sidecars and not p.name.upper().startswith("README")]
    return images, sidecars, texts


def is_release_folder(path: Path) -> bool:
    """A folder holding pictures beside exactly one release file and no subfolders.

    A drop folder with many releases and a stray image in it is not one: it is walked as before.
    """
    try:
        if not path.is_dir() or any(p.is_dir() for p in path.iterdir() if not p.name.startswith(".")):
            return False
        images, _sidecars, texts = _split(_files(path))
    except OSError:
        return False
    return bool(images) and len(texts) == 1


def read_folder(path: Path, max_source_bytes: int) -> ReleaseFolder:
    """The release file, the pictures and the sidecars, or one clear error for the folder."""
    try:
        files = _files(path)
    except OSError as exc:
        raise PressroomError("read", f"cannot list the folder: {exc.strerror or exc}") from None
    images, sidecars, texts = _split(files)
    if len(texts) != 1:
        found = ", ".join(p.name for p in texts) or "none"
        raise PressroomError("read", f"a release folder holds exactly one release file besides its pictures "
                             f"(found: {found})", "put one release file and its photos in the folder")
    if len(images) > MAX_PICTURES:
        raise PressroomError("media", f"{len(images)} pictures, more than {MAX_PICTURES}",
                             "send a selection; link the rest")
    try:
        if texts[0].stat().st_size > max_source_bytes:
            raise PressroomError("read", f"{texts[0].name} is larger than {max_source_bytes // 2**20} MB")
        folder = ReleaseFolder(source=texts[0], data=texts[0].read_bytes())
        from .images import MAX_IMAGE_BYTES

        for image in images:
            if image.stat().st_size > MAX_IMAGE_BYTES:
                raise PressroomError("media", f"picture {image.name} is larger than {MAX_IMAGE_BYTES // 2**20} MB",
                                     "send a smaller export of the photo")
            folder.images.append((image.name, image.read_bytes()))
        for sidecar in sidecars:
            data = sidecar.read_bytes()[:2_000_000]
            if sidecar.name == SIDECAR:
                folder.media_toml = data
            else:
                folder.sidecars[sidecar.name[: -len(".toml")]] = data
    except OSError as exc:
        raise PressroomError("read", f"cannot read the folder: {exc.strerror or exc}") from None
    return folder
