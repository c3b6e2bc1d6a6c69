"""Photos plus what is known about them → `Picture`s, their rendition files and review reasons.

Pure: bytes in, model and bytes out. The sidecar (a person) wins over the file's embedded
metadata (the camera or the agency); a photo without alt text still goes out, but the
release waits for a person (`Release.review.reasons`), because a screen-reader user would
otherwise get nothing for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import PressroomError
from ..model import Picture
from . import metadata, renditions, sidecar
from .images import open_image
from .names import safe_name, stem


@dataclass
class Prepared:
    pictures: list[Picture] = field(default_factory=list)
    files: list[tuple[str, bytes]] = field(default_factory=list)
    """(href under the release folder, bytes) of every rendition."""
    reasons: list[str] = field(default_factory=list)


def _order(names: list[str], entries: dict[str, sidecar.Entry], listed: list[str]) -> list[str]:
    """media.toml order first, the rest by name; the lead photo (marked, else the first) in front."""
    ordered = [n for n in listed if n in names] + sorted(n for n in names if n not in listed)
    lead = next((n for n in ordered if (entries.get(n) and entries[n].role == "lead")), None)
    return [lead, *[n for n in ordered if n != lead]] if lead else ordered


def prepare(images: list[tuple[str, bytes]], media_toml: bytes | None = None,
            sidecars: dict[str, bytes] | None = None, entries: dict[str, sidecar.Entry] | None = None) -> Prepared:
    """Read, describe and render every photo; the first hostile one stops the release with its reason.

    `entries`: what the document itself says of its pictures (alt text, captions; documents.py),
    in document order; media.toml and per-image sidecars still win over them.
    """
    given = entries or {}
    entries = {safe_name(n): e for n, e in given.items()}
    listed: list[str] = [safe_name(n) for n in given]
    if media_toml is not None:
        for entry in sidecar.parse(media_toml, sidecar.SIDECAR):
            entries[entry.file] = entry
            listed.append(entry.file)
    for name, data in (sidecars or {}).items():
        entries[safe_name(name)] = sidecar.parse(data, f"{name}.toml", file=name)[0]
    by_name: dict[str, bytes] = {}
    for name, data in images:
        safe = safe_name(name)
        if safe in by_name or stem(safe) in {stem(n) for n in by_name}:
            raise PressroomError("media", f"two pictures are both named {stem(safe)!r} once made safe",
                                 "rename one of them")
        by_name[safe] = data
    unknown = [n for n in listed if n not in by_name and n not in {safe_name(g) for g in given}]
    if unknown:
        raise PressroomError("media", f"media.toml describes {', '.join(unknown)}, which is not in the folder",
                             "check the file names")
    result = Prepared()
    order = _order(list(by_name), entries, listed)
    for index, name in enumerate(order):
        image = open_image(by_name[name], name)
        own = metadata.embedded(image)
        entry = entries.get(name) or sidecar.Entry(file=name)
        picture = Picture(file=name, alt=entry.alt or own.alt, caption=entry.caption or own.caption,
                          credit=entry.credit or own.credit, rights=entry.rights or own.rights,
                          role="lead" if index == 0 and entry.role != "other" else "other")
        for rendition, data in renditions.render(image, name, picture.rights, picture.credit):
            picture.renditions.append(rendition)
            result.files.append((rendition.href, data))
        if not picture.alt:
            result.reasons.append(f"picture {name} has no alt text (add alt = \"...\" for it in media.toml)")
        result.pictures.append(picture)
    return result
