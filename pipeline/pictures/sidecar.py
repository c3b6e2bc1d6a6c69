"""Caption, credit, rights, alt text and role written by a person beside the photos.

Either one `media.toml` for the folder:

    [[picture]]
    file = "ceo.jpg"
    alt = "Anna Berg, CEO, in the new plant"
    caption = "Anna Berg opens the plant in Luleå."
    credit = "Photo: Jon Ek"
    rights = "© Example AB, free for editorial use"
    role = "lead"

or a `<image name>.toml` per photo (`ceo.jpg.toml`) holding the same keys without `file`.
What a person wrote wins over what the file embeds; `media.toml` order is the page order.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from ..errors import PressroomError
from .names import safe_name

KEYS = ("alt", "caption", "credit", "rights", "role")
SIDECAR = "media.toml"
MAX_SIDECAR_BYTES = 1_000_000


@dataclass
class Entry:
    file: str
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None
    rights: str | None = None
    role: str | None = None


def _entry(file: str, table: dict[str, object], where: str) -> Entry:
    unknown = sorted(set(table) - set(KEYS) - {"file"})
    if unknown:
        raise PressroomError("media", f"{where}: unknown key(s) {', '.join(unknown)}",
                             f"the keys are file, {', '.join(KEYS)}")
    values: dict[str, str | None] = {}
    for key in KEYS:
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            raise PressroomError("media", f"{where}: {key} must be text", f'write {key} = "..."')
        values[key] = " ".join(value.split()) or None if isinstance(value, str) else None
    if values["role"] not in (None, "lead", "other"):
        raise PressroomError("media", f"{where}: role must be \"lead\" or \"other\"", None)
    return Entry(file=safe_name(file), **values)


def parse(data: bytes, where: str, file: str | None = None) -> list[Entry]:
    """The entries of `media.toml` (file=None) or of one per-image sidecar (file given)."""
    if len(data) > MAX_SIDECAR_BYTES:
        raise PressroomError("media", f"{where} is larger than {MAX_SIDECAR_BYTES} bytes")
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PressroomError("media", f"{where} is not valid TOML: {exc}", "see docs/pictures.md") from None
    if file is not None:
        return [_entry(file, doc, where)]
    tables = doc.get("picture", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise PressroomError("media", f"{where}: pictures are [[picture]] tables", "see docs/pictures.md")
    entries = []
    for n, table in enumerate(tables, 1):
        if not isinstance(table.get("file"), str):
            raise PressroomError("media", f"{where}: [[picture]] {n} has no file = \"name\"")
        entries.append(_entry(table["file"], table, f"{where} [[picture]] {n}"))
    return entries
