"""Releases written in Word, OpenDocument, RTF, Markdown, HTML or e-mail → the text layout.

The parser has one input language: plain text in blank-line blocks (pipeline/segment.py).
Rather than a second parser per format, every other format is turned into exactly that
layout by a converter that *knows* the structure (pandoc's AST for documents, the stdlib
e-mail parser for messages), so headings, lists, quotes and tables arrive as the blocks a
careful typist would have written — and the Release equals the one from the .txt twin.

    bytes ─sniff.detect_format─▶ format
          ─safety (docx/odt) ─▶ pandoc --sandbox → JSON AST ─▶ text layout
          ─email (eml)        ─▶ attachment | text/plain | text/html ─▶ text layout
          ─▶ SourceText(text, format, label) ─▶ the text reader (normalize → … → assemble)

Entry points:
* `to_release_text(data, filename) -> SourceText` — the layout and where it came from;
* `decode_any(data, filename) -> Decoded` — drop-in for `decode.decode` in the reader
  (plain text is passed to `decode` untouched; other formats carry their label, e.g. "docx",
  as the "encoding"), so `reader.read_release` reads every format;
* `source_mime(data, filename)` — the MIME type of the original, for the PDF attachment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..decode import Decoded, decode
from ..errors import PressroomError
from .sniff import DOCX, EML, FORMATS, HTML, MARKDOWN, MIME_TYPES, ODT, RTF, SUFFIXES, TEXT, detect_format

if TYPE_CHECKING:
    from email.message import EmailMessage

__all__ = ["FORMATS", "SUFFIXES", "SourceText", "decode_any", "detect_format", "source_mime",
           "to_release_text"]

PANDOC_READERS = {DOCX: "docx", ODT: "odt", RTF: "rtf", MARKDOWN: "markdown-smart", HTML: "html"}
"""pandoc reader per format. Markdown without `smart`: straight quotes, "--" and "..." stay as
the author typed them, exactly as in the .txt twin."""

MAX_NESTING = 2
"""An e-mail may carry a release attachment; an e-mail in an e-mail in an e-mail is not a release."""


@dataclass(frozen=True)
class SourceText:
    """A release as the text reader wants it, and what it was made from.

    `label` goes into `Release.source.encoding`: the text encoding for plain text ("utf-8",
    "cp1252"), the format for everything else ("docx", "eml/docx" for a mailed attachment).
    `headline_hint` is the e-mail subject (already placed in `text` when it was missing).
    """

    text: str
    format: str
    label: str
    headline_hint: str | None = None
    replaced: int = 0
    """Damaged byte sequences of a mostly-UTF-8 text shown as U+FFFD (`decode.Decoded.replaced`)."""


def to_release_text(data: bytes, filename: str, _depth: int = 0) -> SourceText:
    """Convert any accepted release file into the plain-text layout, or raise `PressroomError`."""
    try:
        return _to_release_text(data, filename, _depth)
    except RecursionError:
        # Thousands of nested quotes, lists, <div>s or MIME parts: pandoc's AST, the JSON
        # decoder and the e-mail parser recurse; a crafted file must not crash a batch.
        raise PressroomError("format", "the document is nested too deeply to read (thousands of levels of "
                             "quotes, lists, sections or message parts)",
                             "save the release again as plain text or .docx") from None


def _to_release_text(data: bytes, filename: str, _depth: int) -> SourceText:
    fmt = detect_format(data, filename)
    if fmt == TEXT:
        decoded = decode(data, filename)
        return SourceText(decoded.text, TEXT, decoded.encoding, replaced=decoded.replaced)
    if fmt == EML:
        return _from_email(data, _depth)
    if not data.strip():
        raise PressroomError("decode", "the file is empty", "the release text is missing")
    from .safety import MAX_INPUT_BYTES

    if len(data) > MAX_INPUT_BYTES:  # RTF/HTML with embedded pictures can be big, but not this big
        raise PressroomError("document", f"the document is {len(data) / 1024 / 1024:.0f} MB; at most "
                             f"{MAX_INPUT_BYTES // 1024 // 1024} MB is accepted",
                             "remove or compress large pictures, or send the text alone")
    from .pandoc import ast_to_text, to_ast

    if fmt in (DOCX, ODT):
        from .safety import check_container

        check_container(data, fmt)
        source = data
    elif fmt == HTML:
        from .html import clean_html, html_text

        source = clean_html(html_text(data))
    elif fmt == MARKDOWN:
        source = decode(data, filename).text.encode("utf-8")
    else:  # RTF: 7-bit with escapes; pandoc reads it as bytes
        source = rtf_fallbacks_as_hex(data)
    ast = to_ast(source, PANDOC_READERS[fmt])
    text = ast_to_text(ast, meta_blocks=fmt in (DOCX, ODT, RTF, MARKDOWN), soft_breaks=fmt == MARKDOWN)
    if not text.strip():
        raise PressroomError(fmt, "the document contains no text",
                             "check that the release text is in the document body, not in a picture or text box")
    return SourceText(text, fmt, fmt)


_RTF_UNICODE_FALLBACK = re.compile(rb"(\\u-?\d+)(?!\d) ?([\x21-\x5b\x5d-\x7a\x7c\x7e])")


def rtf_fallbacks_as_hex(data: bytes) -> bytes:
    r"""Write the ASCII fallback after `\uN` as a hex escape: `\u8211- Det` → `\u8211\'2d Det`.

    pandoc's RTF reader (3.x) mis-skips after a *literal* fallback character: "– Det" (as
    pandoc's own writer and some converters write it) reads as "–Det", "d’animation"
    (`\u8217'animation`) as "d’nimation", "35–40" as "35–0". Word and LibreOffice write the fallback as
    `\'96`, which pandoc reads correctly; the hex form means the same character under any
    `\ucN`, so the rewrite changes nothing else.
    """
    return _RTF_UNICODE_FALLBACK.sub(lambda m: m.group(1) + b"\\'" + f"{m.group(2)[0]:02x}".encode(), data)


def _from_email(data: bytes, depth: int) -> SourceText:
    from .email import parse_message

    if depth >= MAX_NESTING:
        raise PressroomError("email", "the message is nested too deeply", "send the release itself")
    return _from_message(parse_message(data), depth)


def _from_message(message: EmailMessage, depth: int) -> SourceText:
    """One parsed message: its release attachment, else a forwarded message in it, else its text."""
    from .email import (
        body_part,
        clean_subject,
        forwarded_message,
        part_text,
        release_attachment,
        strip_mail_furniture,
        unflow,
        with_subject,
    )

    if depth >= MAX_NESTING:
        raise PressroomError("email", "the message is nested too deeply", "send the release itself")
    subject = clean_subject(message["subject"])
    inner_message = forwarded_message(message)
    if inner_message is not None:
        return _from_message(inner_message, depth + 1)
    attachment = release_attachment(message)
    if attachment is not None:
        name, payload = attachment
        try:
            inner = to_release_text(payload, name, depth + 1)
        except PressroomError as exc:
            raise PressroomError("email", f"the attached release {name} cannot be read: {exc.reason}",
                                 exc.hint) from None
        return SourceText(inner.text, EML, f"eml/{inner.label if inner.format == TEXT else inner.format}", subject)
    part = body_part(message)
    if part is None:
        raise PressroomError("email", "the e-mail has no text part and no attached release (.docx/.odt/.txt)",
                             "put the release in the message text or attach it as .docx, .odt or .txt")
    raw = part_text(part)
    if part.get_content_subtype() == "html":
        from .html import clean_html
        from .pandoc import ast_to_text, to_ast

        text = ast_to_text(to_ast(clean_html(raw), "html"), meta_blocks=False)
        label = "eml/html"
    else:
        if (part.get_param("format") or "").lower() == "flowed":
            raw = unflow(raw, (part.get_param("delsp") or "").lower() == "yes")
        text = raw
        label = "eml"
    text = strip_mail_furniture(text)
    if not text.strip():
        raise PressroomError("email", "the e-mail's text is empty and no release is attached",
                             "put the release in the message text or attach it as .docx, .odt or .txt")
    return SourceText(with_subject(text, subject), EML, label, subject)


def decode_any(data: bytes, filename: str = "") -> Decoded:
    """Drop-in for `decode.decode` that accepts every release format (see the module docstring)."""
    source = to_release_text(data, filename)
    return Decoded(source.text, source.label, source.replaced)


def source_mime(data: bytes, filename: str) -> str:
    """MIME type of the original file, for the PDF/A-3 "Source" attachment."""
    try:
        return MIME_TYPES[detect_format(data, filename)]
    except PressroomError:
        return "application/octet-stream"
