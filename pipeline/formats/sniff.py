"""Which format a release file really is, decided by its bytes first and its name second.

Press offices rename files, mail gateways strip extensions and drop folders receive
`release.txt` that is a Word document saved with the wrong name. Routing by extension
alone would send a .docx renamed .txt into the text decoder (which refuses it as
"binary") and a plain-text .docx into pandoc (which fails obscurely). So the content
decides whenever it can: ZIP member names for Office/OpenDocument, `{\\rtf` for RTF,
RFC 822 headers for e-mail, a doctype or `<html` for HTML. Only formats that have no
signature (Markdown, plain text) fall back to the extension.

Formats we cannot read safely or at all (old binary .doc/.msg, PDF, images, unknown
ZIP archives) are refused here with a sentence that tells the sender what to do.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from ..errors import PressroomError

TEXT = "txt"
DOCX = "docx"
ODT = "odt"
RTF = "rtf"
MARKDOWN = "markdown"
HTML = "html"
EML = "eml"

FORMATS = (TEXT, DOCX, ODT, RTF, MARKDOWN, HTML, EML)

MIME_TYPES = {
    TEXT: "text/plain",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ODT: "application/vnd.oasis.opendocument.text",
    RTF: "application/rtf",
    MARKDOWN: "text/markdown",
    HTML: "text/html",
    EML: "message/rfc822",
}
"""MIME type of each source format, for the PDF/A-3 "Source" attachment."""

SUFFIXES = {
    ".txt": TEXT, ".text": TEXT, "": TEXT,
    ".docx": DOCX, ".odt": ODT, ".rtf": RTF,
    ".md": MARKDOWN, ".markdown": MARKDOWN,
    ".html": HTML, ".htm": HTML, ".xhtml": HTML,
    ".eml": EML,
}
"""Every suffix the pipeline accepts, and the format it suggests when the content has no signature."""

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_MSG_STREAM = "__substg1.0_".encode("utf-16-le")
_WORD_STREAM = "WordDocument".encode("utf-16-le")

_HEADER_LINE = re.compile(rb"^([A-Za-z][A-Za-z0-9-]{1,60}):[ \t]?(.*)$")
_MAIL_HEADERS = {b"from", b"to", b"cc", b"subject", b"date", b"message-id", b"mime-version", b"received",
                 b"return-path", b"reply-to", b"content-type", b"x-mailer", b"delivered-to", b"sender"}
_STRONG_MAIL_HEADERS = {b"message-id", b"mime-version", b"received", b"return-path", b"delivered-to"}
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])",
                         re.IGNORECASE | re.DOTALL)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _refuse(reason: str, hint: str) -> PressroomError:
    return PressroomError("format", reason, hint)


def suffix_format(filename: str) -> str | None:
    """The format a file name suggests, or None for a suffix the pipeline does not take."""
    return SUFFIXES.get(PurePath(filename).suffix.lower())


def detect_format(data: bytes, filename: str = "") -> str:
    """Return one of `FORMATS` for `data`, or raise `PressroomError("format", ...)`.

    Content wins over the name: a .docx renamed .txt is a docx, an HTML page saved as
    .txt is HTML. A file whose content has no signature is what its name says (Markdown or
    text); whether "text" is really text is then the decoder's call (it refuses binary).
    """
    head = data[:8]
    if head.startswith(OLE2_MAGIC[:4]):
        raise _ole2_refusal(data, filename)
    if head.startswith(ZIP_MAGIC):
        return _zip_format(data, filename)
    stripped = data[:4096]
    for bom in _BOMS:
        if stripped.startswith(bom):
            stripped = stripped[len(bom):]
            break
    if stripped.lstrip()[:5] == b"{\\rtf":
        return RTF
    by_name = suffix_format(filename)
    if _looks_like_email(data, strict=by_name != EML):
        return EML
    if _looks_like_html(stripped):
        return HTML
    if by_name in (DOCX, ODT):
        raise _refuse(f"the file is named {PurePath(filename).suffix} but is not a "
                      f"{'Word' if by_name == DOCX else 'OpenDocument'} document (no ZIP container)",
                      "the file may be truncated or mis-named; save it again from the word processor")
    if by_name == RTF:
        raise _refuse("the file is named .rtf but does not start with {\\rtf", "save it again as RTF or as .docx")
    if by_name == EML:
        raise _refuse("the file is named .eml but has no e-mail headers (From:, Subject:, …)",
                      "save the message from the mail program as .eml (File → Save As)")
    if by_name in (MARKDOWN, HTML):
        return by_name
    return TEXT


def _ole2_refusal(data: bytes, filename: str) -> PressroomError:
    """Old binary Office containers: say precisely which one, because the fix differs."""
    if _ENCRYPTED_PACKAGE in data:
        return _refuse("the document is password-protected (encrypted Office file)",
                       "remove the password in Word (File → Info → Protect Document) and save it again")
    if _MSG_STREAM in data or PurePath(filename).suffix.lower() == ".msg":
        return _refuse("Outlook .msg files are not supported",
                       "open the message in Outlook and save it as .eml (or forward it to the drop address), "
                       "or save the attached release itself")
    if _WORD_STREAM in data or PurePath(filename).suffix.lower() == ".doc":
        return _refuse("old Word 97-2003 .doc files are not supported",
                       "open the file in Word or LibreOffice and save it as .docx or .odt")
    return _refuse("this is an old binary Office file (OLE2), not a release Pressroom can read",
                   "save the release as .docx, .odt or plain text")


def _zip_format(data: bytes, filename: str) -> str:
    """DOCX and ODT are ZIP archives; their member names say which (never trust the suffix)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 200 and archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return ODT
                if info.file_size <= 200:
                    kind = archive.read("mimetype").decode("ascii", "replace").strip()
                    raise _refuse(f"this OpenDocument file is not a text document ({kind})",
                                  "save the release as an OpenDocument Text (.odt) or .docx")
            if "[Content_Types].xml" in names:
                raise _refuse("this Office file is not a Word document (no word/document.xml)",
                              "save the release from Word as .docx")
    except zipfile.BadZipFile as exc:
        raise _refuse(f"the document is corrupt (broken ZIP container: {exc})",
                      "open it in the word processor, check the text and save it again") from None
    except (OSError, ValueError, NotImplementedError, EOFError) as exc:
        raise _refuse(f"the document is corrupt ({type(exc).__name__}: {exc})",
                      "open it in the word processor, check the text and save it again") from None
    raise _refuse("this is a ZIP archive, not a .docx or .odt release",
                  "unpack it and drop the release file itself")


def _looks_like_email(data: bytes, *, strict: bool) -> bool:
    """RFC 822: a block of `Name: value` lines (continuations allowed) ended by a blank line.

    A plain-text release may well start with "Contact: Jane" or "Subject: …", so unless the
    file is named .eml we want proof that a mail program wrote it: From: plus one header
    only a mail system writes (Message-ID, MIME-Version, Received, Return-Path …).
    """
    head = data[:65536]
    if head.startswith(b"From ") and b"\n" in head:  # mbox separator line
        head = head.split(b"\n", 1)[1]
    names: set[bytes] = set()
    for raw in head.splitlines():
        if not raw.strip():
            break
        if raw[:1] in (b" ", b"\t") and names:
            continue
        match = _HEADER_LINE.match(raw.rstrip(b"\r"))
        if not match:
            return False
        names.add(match.group(1).lower())
    else:
        return False  # no blank line after the headers: not a message
    known = names & _MAIL_HEADERS
    if strict:
        return b"from" in names and bool(names & _STRONG_MAIL_HEADERS) and len(known) >= 3
    return bool(known & {b"from", b"subject", b"to", b"date", b"content-type", b"mime-version"})


def _looks_like_html(head: bytes) -> bool:
    return bool(_HTML_START.match(head[:4096]))
