"""Picture file names: taken from hostile input, so reduced to one safe path segment."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

MEDIA_DIR = "media"
"""The folder beside the outputs that holds the renditions (`media/<stem>.<rendition>.jpg`)."""

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str) -> str:
    """The last path segment, ASCII letters, digits, `._-` only, no leading dot, at most 80 characters.

    Names come from a folder listing, an e-mail attachment header, a .docx part or an edited
    HTML `src`, so none is trusted as a path.
    """
    base = PurePosixPath(name.replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).lstrip("._")[:80]
    return cleaned or "picture"


def stem(name: str) -> str:
    """The safe name without its suffix: the renditions are named after it."""
    safe = safe_name(name)
    return safe.rsplit(".", 1)[0] if "." in safe else safe


def media_href(name: str, rendition: str) -> str:
    return f"{MEDIA_DIR}/{stem(name)}.{rendition}.jpg"


def is_media_href(href: str) -> bool:
    """True for exactly `media/<safe segment>`: what the writer makes and the PDF fetcher may serve."""
    parts = href.split("/")
    return len(parts) == 2 and parts[0] == MEDIA_DIR and bool(parts[1]) and parts[1] == safe_name(parts[1])
