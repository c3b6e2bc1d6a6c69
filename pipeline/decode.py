"""Stage 1: bytes → text, refusing what is not a press release before anyone parses it.

Releases arrive from Windows word processors (cp1252), old Macs, Outlook exports
(UTF-16 with BOM) and web forms (UTF-8). We try the unambiguous encodings first (BOM,
strict UTF-8) and only then ask charset-normalizer, restricted to the encodings that
European releases actually use, so a cp1252 "Pressmeddelande" is never decoded as
something exotic. Binary files (a PNG renamed .txt, a .docx) are refused by their magic
bytes and by their share of control characters, not by their name.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .errors import PressroomError

MAX_BYTES = 10 * 1024 * 1024
"""A press release is a few kB; 10 MB of text is a mistake (a log, a dump), not a release."""

_MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (e.g. .docx/.odt)",
    b"\xd0\xcf\x11\xe0": "an old Office document (.doc/.msg)",
    b"{\\rtf": "an RTF document",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"MZ": "a Windows executable",
}

_CANDIDATES = ["iso8859_15", "latin_1", "cp1257", "iso8859_2", "mac_roman"]


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0
    """Invalid byte sequences of a mostly-UTF-8 file shown as U+FFFD: the text must be looked at."""


def _refuse(reason: str, hint: str) -> PressroomError:
    return PressroomError("decode", reason, hint)


def _sniff_binary(data: bytes) -> None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise _refuse(f"this is {what}, not a plain-text release",
                          "save the release as plain text (.txt, UTF-8) and drop it again")


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def _decode_bom(data: bytes) -> Decoded | None:
    boms = [
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    ]
    for bom, codec, label in boms:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(codec), label)
            except UnicodeDecodeError as exc:
                raise _refuse(f"the file starts with a {label} byte-order mark but is not valid {label} "
                              f"(byte {exc.start + len(bom)})", "re-save the file as UTF-8") from None
    return None


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte of ASCII-heavy text is NUL."""
    if len(data) < 4:
        return None
    sample = data[:4096]
    even = sample[0::2].count(0) / max(len(sample[0::2]), 1)
    odd = sample[1::2].count(0) / max(len(sample[1::2]), 1)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, filename: str = "") -> Decoded:
    """Decode a release's bytes, or explain in one sentence why it cannot be read."""
    if len(data) > MAX_BYTES:
        raise _refuse(f"the file is {len(data) / 1024 / 1024:.1f} MB; a press release is at most "
                      f"{MAX_BYTES // 1024 // 1024} MB of text", "check that this is the right file")
    if not data.strip():
        raise _refuse("the file is empty" if not data else "the file contains only whitespace",
                      "the release text is missing; was the file saved before it was copied?")
    decoded = _decode_bom(data)
    if decoded is None:
        _sniff_binary(data)
        utf16 = _looks_utf16(data)
        if utf16:
            try:
                decoded = Decoded(data.decode(utf16), "utf-16")
            except UnicodeDecodeError:
                decoded = None
    if decoded is None:
        try:
            decoded = Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            decoded = _mostly_utf8(data) or _guess_legacy(data)
    if "\x00" in decoded.text or _control_share(decoded.text) > 0.01:
        raise _refuse("the file contains binary data, not text",
                      "save the release as plain text (.txt, UTF-8) and drop it again")
    if not decoded.text.strip():
        raise _refuse("the file contains only whitespace", "the release text is missing")
    return decoded


_INVALID_RUN = re.compile("\ufffd+")
_NON_ASCII = re.compile(r"[^\x00-\x7f\ufffd]")


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few damaged bytes (a pasted Latin-1 line, a broken copy), or None.

    Decoding such a file whole as cp1252 turns every correct letter into mojibake
    ("GÃ¤vle") to save a couple of bad ones; when more of the non-ASCII text reads as UTF-8
    than not, and the damage is small, the bad bytes become U+FFFD and the release is held
    for review (`replaced`). A genuine cp1252 file has almost no valid multi-byte sequences.
    """
    text = data.decode("utf-8", "replace")
    damaged = len(_INVALID_RUN.findall(text)) - len(_INVALID_RUN.findall(data.decode("utf-8", "ignore")))
    good = len(_NON_ASCII.findall(text))
    if damaged <= 0 or good <= damaged or text.count("\ufffd") > max(4, len(data) // 50):
        return None
    return Decoded(text, "utf-8", replaced=damaged)


def _guess_legacy(data: bytes) -> Decoded:
    """Not UTF-8: cp1252 first, because it is what Western European word processors write
    and statistical guessers confuse it with Central European code pages on short texts."""
    try:
        return Decoded(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        return Decoded(str(best), codecs.lookup(best.encoding).name)
    raise _refuse("the bytes are not valid UTF-8, UTF-16 or a Western European 8-bit encoding",
                  "open the file in an editor and save it as UTF-8")
