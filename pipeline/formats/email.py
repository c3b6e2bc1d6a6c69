"""E-mailed releases (.eml): the standard library's parser, then the right part as the release.

Press offices mail releases in three shapes, and we take them in this order:

1. a release **attached** as .docx/.odt/.rtf/.md/.txt (the body is a cover note:
   "Please find attached…") — the attachment wins, read through its own format route;
2. a **text/plain** body — the release itself (format=flowed is un-flowed, the signature
   after "-- " is cut, a forwarded-message header block is removed);
3. only a **text/html** body — read through the HTML route (lxml clean-up, then pandoc).

A release **forwarded as an attachment** (a message/rfc822 part) is read from the inner
message, as if it had been sent directly: its attachment, text and subject, not the
outer cover note. The message is bounded before the standard library parses it (size,
and a linear count of MIME part boundaries), because the parser's time grows with the
number of parts: 50,000 empty parts took 10 s.

The subject is a headline candidate: when it is not among the first blocks of the body we
put it in front, so a mail whose body starts straight with the lead still has a headline.
"Re:/Fwd:/VB:/AW:"-style prefixes are removed first. A message with neither a text part
nor a release attachment is refused (`PressroomError("email", ...)`).

Outlook's binary .msg is not read (it is an OLE2 container; the sniffer refuses it with
a hint to save as .eml) — see docs/formats.md.
"""

from __future__ import annotations

import email
import re
from email import policy
from email.message import EmailMessage, Message
from pathlib import PurePath

from ..errors import PressroomError

ATTACHMENT_SUFFIXES = (".docx", ".odt", ".rtf", ".md", ".markdown", ".txt", ".text")
"""Attachments that can be the release itself, in order of preference."""
MAX_EMAIL_BYTES = 30 * 1024 * 1024
MAX_MIME_PARTS = 500
"""A release mail has a body, an alternative and a few attachments; hundreds of parts is an attack."""
_BOUNDARY = re.compile(rb'boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))', re.IGNORECASE)

_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|fw|vb|vs|sv|aw|wg|tr|rv|doorst|ant|odp|pd)\s*(?:\[\d+\])?\s*:\s*)+",
                     re.IGNORECASE)
_FORWARD_MARK = re.compile(r"^-{2,}\s*(?:forwarded message|original message|vidarebefordrat meddelande|"
                           r"weitergeleitete nachricht|message transféré|mensaje reenviado|"
                           r"välitetty viesti|videresendt melding|videresendt meddelelse)\s*-*\s*$",
                           re.IGNORECASE)
_DATED = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}[:.]\d{2}\b")
_HEADERISH = re.compile(r"^(?:from|to|cc|date|sent|subject|från|till|datum|ämne|skickat|von|an|datum|betreff|"
                        r"de|à|objet|date|envoyé|asunto|para|enviado|lähettäjä|vastaanottaja|aihe)\s*:",
                        re.IGNORECASE)


def parse_message(data: bytes) -> EmailMessage:
    if len(data) > MAX_EMAIL_BYTES:
        raise PressroomError("email", f"the message is {len(data) / 1024 / 1024:.0f} MB; at most "
                             f"{MAX_EMAIL_BYTES // 1024 // 1024} MB is accepted", "send the release alone")
    parts = count_mime_parts(data)
    if parts > MAX_MIME_PARTS:
        raise PressroomError("email", f"the message has more than {MAX_MIME_PARTS} MIME parts ({parts}); "
                             "a release mail has a few", "send the release alone, as text or one attachment")
    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def count_mime_parts(data: bytes) -> int:
    """How many part delimiter lines the message has, counted without parsing it (linear).

    Every `boundary=` parameter anywhere in the bytes is a candidate (nested multiparts,
    forwarded messages), and a line `--<boundary>` opens a part (RFC 2046 5.1.1). An
    over-count (a boundary string quoted in a text body) only makes the bound stricter.
    """
    boundaries = {m.group(1) or m.group(2) for m in _BOUNDARY.finditer(data)}
    if not boundaries:
        return 0
    count = 0
    for line in data.split(b"\n"):
        if line.startswith(b"--") and line[2:].rstrip(b" \t\r") in boundaries:
            count += 1
    return count


def forwarded_message(message: EmailMessage) -> EmailMessage | None:
    """The first message attached as message/rfc822 (a release forwarded as an attachment)."""
    for part in message.walk():
        if part is message or part.get_content_type() != "message/rfc822":
            continue
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        if isinstance(inner, EmailMessage):
            return inner
    return None


def clean_subject(subject: str | None) -> str | None:
    """The subject without reply/forward prefixes and folded whitespace, or None if empty."""
    if not subject:
        return None
    text = " ".join(_PREFIX.sub("", str(subject)).split())
    return text or None


def release_attachment(message: EmailMessage) -> tuple[str, bytes] | None:
    """The attached release file (name, bytes), preferring .docx over .odt over … over .txt."""
    found: list[tuple[int, int, str, bytes]] = []
    for position, part in enumerate(message.walk()):
        if part.is_multipart() or part.get_content_disposition() not in ("attachment", "inline"):
            continue
        name = part.get_filename()
        if not name:
            continue
        suffix = PurePath(name).suffix.lower()
        if suffix not in ATTACHMENT_SUFFIXES:
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload.strip():
            continue
        found.append((ATTACHMENT_SUFFIXES.index(suffix), position, PurePath(name).name, payload))
    if not found:
        return None
    _rank, _pos, name, payload = min(found, key=lambda f: (f[0], f[1]))
    return name, payload


def body_part(message: EmailMessage) -> Message | None:
    """The text/plain body, else the text/html one (attachments excluded)."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, LookupError):
        return None
    return part


def part_text(part: Message) -> str:
    """A text part as str: declared charset first, then the text decoder's guess."""
    from ..decode import decode

    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(payload or "")
    charset = part.get_content_charset()
    if charset:
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    if not payload.strip():
        return ""
    return decode(payload, "body.txt").text


def unflow(text: str, delsp: bool) -> str:
    """RFC 3676 format=flowed: a line ending in a space continues on the next one."""
    out: list[str] = []
    buffer = ""
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith(" "):
            line = line[1:]  # space-stuffing
        if line.endswith(" ") and line != "-- ":
            buffer += line[:-1] if delsp else line
            continue
        out.append(buffer + line)
        buffer = ""
    if buffer:
        out.append(buffer)
    return "\n".join(out)


def strip_mail_furniture(text: str) -> str:
    """Cut the signature ("-- " line) and a leading forwarded-message header block."""
    lines = text.replace("\r\n", "\n").split("\n")
    for i, line in enumerate(lines):
        if line == "-- " or line == "--":
            lines = lines[:i]
            break
    # a forwarded message: drop the marker and the From:/Date:/Subject:/To: lines after it
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and _FORWARD_MARK.match(lines[start].strip()):
        j = start + 1
        while j < len(lines) and (_HEADERISH.match(lines[j].strip()) or (j > start + 1 and lines[j].startswith(" "))):
            j += 1
        lines = lines[j:]
    return "\n".join(lines)


def with_subject(text: str, subject: str | None, lookahead: int = 5) -> str:
    """Put the subject in as the headline unless one of the first blocks already says it.

    It goes in front of the first block that is dated or long (the type/date line or the
    lead), so a body that opens with the sender's name ("Northwind Energy AB") keeps it
    above the headline, as in the .txt twin; otherwise it goes first.
    """
    if not subject:
        return text
    want = _canon(subject)
    blocks = [b.strip("\n") for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    for block in blocks[:lookahead]:
        for line in [block, *block.split("\n")]:
            have = _canon(line)
            # equal, or the subject is "<prefix>: <headline>" ("Press release: …", "Pressmeddelande: …")
            if have == want or (len(have) >= 15 and want.endswith(" " + have)):
                return text
    at = 0
    while at < min(len(blocks), 2) and _is_short_header(blocks[at]):
        at += 1
    if at == len(blocks):
        at = 0
    return "\n\n".join([*blocks[:at], subject, *blocks[at:]]) + "\n"


def _is_short_header(block: str) -> bool:
    """A one-line, undated, short block: a sender or kicker line, not the date line or the lead."""
    return "\n" not in block and len(block) <= 80 and not _DATED.search(block)


def _canon(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())
