"""Photos that arrive inside the release itself: embedded in a .docx/.odt, attached to an e-mail.

* Word / OpenDocument: pandoc (sandboxed, as for the text) gives the AST, which says where
  each image sits, its alt text (Word's "Alt Text", `descr`) and the caption of its figure;
  the image bytes are the package members the AST points at (`word/media/…`, `Pictures/…`),
  read with the standard library's zipfile under the same size caps as any picture. That is
  what `pandoc --extract-media` would write to disk, without a temporary folder.
* E-mail: every image/* part sent as attachment or inline, its `Content-Description` as the
  alt text; and the pictures inside an attached .docx/.odt that is the release.

Everything after the bytes (metadata, hostile-image checks, renditions) is `prepare`.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath
from typing import Any

from ..errors import PressroomError
from .images import MAX_IMAGE_BYTES, SUFFIXES
from .prepare import Prepared, prepare
from .sidecar import Entry

MAX_DOCUMENT_IMAGES = 50


def _text(inlines: list[Any]) -> str:
    out: list[str] = []
    for node in inlines:
        kind, c = node.get("t"), node.get("c")
        if kind == "Str":
            out.append(c)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Emph", "Strong", "Underline", "SmallCaps", "Strikeout", "Superscript", "Subscript"):
            out.append(_text(c))
        elif kind in ("Span", "Link", "Quoted"):
            out.append(_text(c[1]))
    return " ".join("".join(out).split())


def _images(node: Any, caption: str | None, found: list[tuple[str, str | None, str | None]]) -> None:
    """(target, alt, caption) of every Image, in document order; no recursion limit issues: AST depth is small."""
    stack: list[tuple[Any, str | None]] = [(node, caption)]
    while stack:
        item, cap = stack.pop()
        if isinstance(item, list):
            stack.extend((x, cap) for x in reversed(item))
        elif isinstance(item, dict):
            kind, c = item.get("t"), item.get("c")
            if kind == "Figure":
                text = _text([i for block in (c[1][1] or []) for i in (block.get("c") or [])
                              if isinstance(i, dict)])
                stack.append((c[2], text or None))
            elif kind == "Image":
                alt = _text(c[1]) or (c[2][1] or None)
                found.append((c[2][0], alt, cap))
            elif isinstance(c, list):
                stack.append((c, cap))


def _member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_IMAGE_BYTES:
        raise PressroomError("media", f"picture {PurePosixPath(name).name} in the document is larger than "
                             f"{MAX_IMAGE_BYTES // 2**20} MB", "insert a smaller export of the photo")
    with archive.open(info) as fh:
        data = fh.read(MAX_IMAGE_BYTES + 1)
    return data if len(data) <= MAX_IMAGE_BYTES else None


def office_images(data: bytes, fmt: str) -> tuple[list[tuple[str, bytes]], dict[str, Entry]]:
    """The images of a .docx/.odt in document order, with their alt text and figure captions."""
    from ..formats.pandoc import to_ast

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [], {}
    prefix = "word/" if fmt == "docx" else ""
    media = [n for n in archive.namelist() if n.startswith(("word/media/", "Pictures/"))]
    if not media:
        return [], {}  # no pictures: no second pandoc run
    found: list[tuple[str, str | None, str | None]] = []
    _images(to_ast(data, fmt)["blocks"], None, found)
    images: list[tuple[str, bytes]] = []
    entries: dict[str, Entry] = {}
    for target, alt, caption in found:
        if target.startswith(("/", "..")) or ":" in target or len(images) >= MAX_DOCUMENT_IMAGES:
            continue  # a linked (external) image is never fetched
        name = PurePosixPath(target).name
        if name in entries:
            continue
        member = _member(archive, prefix + target)
        if member is None:
            continue
        images.append((name, member))
        entries[name] = Entry(file=name, alt=alt, caption=caption)
    return images, entries


def email_images(data: bytes) -> tuple[list[tuple[str, bytes]], dict[str, Entry]]:
    """Image attachments of a mail (and the pictures in its attached .docx/.odt release)."""
    from ..formats.email import parse_message, release_attachment

    message = parse_message(data)
    images: list[tuple[str, bytes]] = []
    entries: dict[str, Entry] = {}
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() not in ("attachment", "inline"):
            continue
        name = part.get_filename() or ""
        if part.get_content_maintype() != "image" and PurePosixPath(name).suffix.lower() not in SUFFIXES:
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload:
            continue
        safe = PurePosixPath(name.replace("\\", "/")).name or f"picture-{len(images) + 1}.jpg"
        if safe in entries or len(images) >= MAX_DOCUMENT_IMAGES:
            continue
        images.append((safe, payload))
        description = part.get("Content-Description")
        entries[safe] = Entry(file=safe, alt=" ".join(str(description).split()) or None if description else None)
    attached = release_attachment(message)
    if attached is not None and attached[0].lower().endswith((".docx", ".odt")):
        more, more_entries = office_images(attached[1], "docx" if attached[0].lower().endswith(".docx") else "odt")
        images += [(n, d) for n, d in more if n not in entries]
        entries.update({n: e for n, e in more_entries.items() if n not in entries})
    return images, entries


def embedded_pictures(data: bytes, filename: str) -> Prepared | None:
    """The pictures a .docx/.odt/.eml release carries, prepared; None when it carries none."""
    from ..formats.sniff import DOCX, EML, ODT, detect_format

    fmt = detect_format(data, filename)
    if fmt in (DOCX, ODT):
        images, entries = office_images(data, fmt)
    elif fmt == EML:
        images, entries = email_images(data)
    else:
        return None
    if not images:
        return None
    return prepare(images, entries=entries)
