"""The renditions already in a release folder, for a re-render from the edited release.html.

The editor's HTML names them (`data-renditions`, `<img src="media/...">`); only hrefs of
the form `media/<safe name>` are read, never through a symbolic link. A picture the editor
added by hand (`<figure><img src="media/new.jpg" alt="..."></figure>` with the photo copied
into `media/`) has no renditions yet: they are made from that file, as hostile as any input.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import PressroomError
from ..model import Release
from . import renditions
from .images import MAX_IMAGE_BYTES, open_image
from .names import MEDIA_DIR, is_media_href


def _read(folder: Path, href: str) -> bytes | None:
    if not is_media_href(href):
        return None
    path = folder / href
    if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_IMAGE_BYTES:
        return None
    return path.read_bytes()


def stored_renditions(folder: Path, release: Release) -> list[tuple[str, bytes]]:
    """(href, bytes) for every picture of `release`; a missing rendition is one clear error."""
    files: list[tuple[str, bytes]] = []
    for picture in release.pictures:
        if not picture.renditions:
            data = _read(folder, f"{MEDIA_DIR}/{picture.file}")
            if data is None:
                raise PressroomError("media", f"picture {picture.file} is not in {folder / MEDIA_DIR}",
                                     "copy the photo into the media folder beside release.html")
            for rendition, rendered in renditions.render(open_image(data, picture.file), picture.file,
                                                         picture.rights, picture.credit):
                picture.renditions.append(rendition)
                files.append((rendition.href, rendered))
            continue
        for rendition in picture.renditions:
            data = _read(folder, rendition.href)
            if data is None:
                raise PressroomError("media", f"rendition {rendition.href} of picture {picture.file} is missing",
                                     "convert the release folder again to recreate media/")
            files.append((rendition.href, data))
    return files
