"""Checks on Office/OpenDocument containers, done by us before pandoc ever opens them.

A .docx or .odt is a ZIP archive of XML, so a hostile or broken one can hurt the
converter in ways a text file cannot:

* a **zip bomb** — a few kB that inflate to gigabytes; the sizes in the ZIP directory are
  written by whoever made the file, so we also *inflate* every member with a hard cap and
  stop at the first byte over the limit (a legitimate release inflates to a few MB);
* an **encrypted** document — Word stores it as an OLE2 `EncryptedPackage` (caught by the
  sniffer), LibreOffice as a ZIP whose manifest lists `encryption-data`;
* **external references** — images, OLE objects or an attached template that live on a
  server (`TargetMode="External"` in `*.rels`, `xlink:href="http://…"` in ODF). Pandoc in
  `--sandbox` would not fetch them, but a document that depends on remote content is not
  the document the sender sees, and opening it elsewhere would phone home; we refuse it
  with the address so the sender can embed the picture. Hyperlinks are ordinary text and
  are allowed.
* XML with a DOCTYPE/ENTITY declaration — Office never writes one, and it is how entity
  expansion attacks start, so it is refused outright.

Every refusal is a `PressroomError("document", ...)` saying what is wrong and how to fix it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from ..errors import PressroomError

MAX_INPUT_BYTES = 50 * 1024 * 1024
"""A release with a few embedded photos is a few MB; 50 MB is a mistake or an attack."""
MAX_MEMBERS = 2000
"""Word writes ~15 members plus one per image; thousands of entries is not a release."""
MAX_UNCOMPRESSED = 200 * 1024 * 1024
"""Total inflated size we are willing to produce (images included)."""
MAX_XML_UNCOMPRESSED = 50 * 1024 * 1024
"""Inflated size of the XML parts pandoc actually parses; document.xml of a long release is < 1 MB."""
MAX_RATIO = 200
"""Inflated/compressed ratio above which a member is a bomb (XML compresses 5-20×)."""
RATIO_FLOOR = 1024 * 1024
"""The ratio test only applies to members that inflate beyond 1 MB (tiny files compress oddly)."""

_EXTERNAL_REL = re.compile(rb"<Relationship\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(rb'(\w+)\s*=\s*"([^"]*)"|(\w+)\s*=\s*\'([^\']*)\'')
_ODF_HREF = re.compile(rb"<(?:draw|table|text|office):(\w+)\b[^>]*\bxlink:href\s*=\s*[\"']([^\"']*)[\"']")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_REMOTE = re.compile(rb"^(?:[a-z][a-z0-9+.-]*:|//|/|\\\\|\.\./)", re.IGNORECASE)


@dataclass(frozen=True)
class ContainerReport:
    """What the check saw; kept for tests and logs."""

    members: int
    uncompressed: int


def _refuse(reason: str, hint: str) -> PressroomError:
    return PressroomError("document", reason, hint)


def check_container(data: bytes, fmt: str) -> ContainerReport:
    """Raise `PressroomError` unless `data` is a ZIP-based document pandoc may safely read.

    `fmt` is "docx" or "odt" (as sniffed). Cost: one inflate of every member, capped; for a
    normal release that is a few milliseconds.
    """
    if len(data) > MAX_INPUT_BYTES:
        raise _refuse(f"the document is {len(data) / 1024 / 1024:.0f} MB; at most "
                      f"{MAX_INPUT_BYTES // 1024 // 1024} MB is accepted",
                      "remove or compress large pictures, or send the text alone")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise _refuse(f"the document is corrupt (broken ZIP container: {exc})",
                      "open it in the word processor and save it again") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _refuse(f"the document holds {len(infos)} parts (at most {MAX_MEMBERS}); this looks like a "
                          "zip bomb, not a release", "save the release again from the word processor")
        declared = sum(i.file_size for i in infos)
        if declared > MAX_UNCOMPRESSED:
            raise _refuse(f"the document would inflate to {declared / 1024 / 1024:.0f} MB (at most "
                          f"{MAX_UNCOMPRESSED // 1024 // 1024} MB); this looks like a zip bomb",
                          "save the release again from the word processor, without huge embedded files")
        if any(i.flag_bits & 0x1 for i in infos):
            raise _password_protected()
        total = 0
        xml_total = 0
        for info in infos:
            is_xml = info.filename.endswith((".xml", ".rels")) or info.filename == "mimetype"
            body = _inflate(archive, info, total, xml_total if is_xml else None)
            total += len(body)
            if is_xml:
                xml_total += len(body)
                _check_xml_part(info.filename, body, fmt)
        if fmt == "docx" and "word/document.xml" not in archive.namelist():
            raise _refuse("the document is corrupt (word/document.xml is missing)",
                          "open it in Word and save it again")
        if fmt == "odt" and "content.xml" not in archive.namelist():
            raise _refuse("the document is corrupt (content.xml is missing)",
                          "open it in LibreOffice and save it again")
    return ContainerReport(len(infos), total)


def _password_protected() -> PressroomError:
    return _refuse("the document is password-protected (encrypted)",
                   "remove the password in the word processor and save it again")


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, total: int, xml_total: int | None) -> bytes:
    """Inflate one member in chunks, stopping as soon as any limit is crossed.

    The directory's `file_size` is attacker-controlled; only the bytes we actually get out
    of the decompressor count.
    """
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(1024 * 1024)
                if not chunk:
                    break
                size += len(chunk)
                chunks.append(chunk)
                if total + size > MAX_UNCOMPRESSED or (
                        xml_total is not None and xml_total + size > MAX_XML_UNCOMPRESSED):
                    raise _refuse(f"{info.filename} inflates beyond the size limit; this looks like a zip bomb",
                                  "save the release again from the word processor")
                if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
                    raise _refuse(f"{info.filename} inflates more than {MAX_RATIO}× its stored size; "
                                  "this looks like a zip bomb", "save the release again from the word processor")
    except PressroomError:
        raise
    except RuntimeError as exc:  # zipfile: "File is encrypted, password required"
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise _password_protected() from None
        raise _refuse(f"the document is corrupt ({info.filename}: {exc})", "save it again") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise _refuse(f"the document is corrupt ({info.filename}: {exc})",
                      "open it in the word processor and save it again") from None
    except Exception as exc:  # zlib.error (not an OSError) and friends: a damaged member
        raise _refuse(f"the document is corrupt ({info.filename}: {type(exc).__name__}: {exc})",
                      "open it in the word processor and save it again") from None
    return b"".join(chunks)


def _check_xml_part(name: str, body: bytes, fmt: str) -> None:
    if _DTD.search(body[:4096]) or b"<!ENTITY" in body:
        raise _refuse(f"{name} declares a DOCTYPE/ENTITY, which word processors never write",
                      "the file was not made by a word processor; save the release again from one")
    if name.endswith(".rels"):
        for rel in _EXTERNAL_REL.finditer(body):
            attrs = _attrs(rel.group(0))
            if attrs.get("targetmode", "").lower() != "external":
                continue
            kind = attrs.get("type", "").rsplit("/", 1)[-1]
            if kind == "hyperlink":
                continue  # a link in the text: harmless, kept as "text (url)"
            target = attrs.get("target", "")
            what = {"image": "an external picture", "attachedTemplate": "a remote template",
                    "oleObject": "an external embedded object", "subDocument": "an external sub-document",
                    "frame": "an external frame", "video": "an external video",
                    "audio": "an external audio file"}.get(kind, f"an external {kind or 'resource'}")
            raise _refuse(f"the document refers to {what} ({target[:120]}) instead of containing it",
                          "embed the picture/template in the document (or remove it) and save again")
        return
    if fmt == "odt" and name == "META-INF/manifest.xml" and b"encryption-data" in body:
        raise _password_protected()
    if fmt == "odt" and name in ("content.xml", "styles.xml"):
        for match in _ODF_HREF.finditer(body):
            element, href = match.group(1), match.group(2)
            if element == b"a" or not href:
                continue  # text:a / draw:a hyperlinks are ordinary links
            if _REMOTE.match(href) and not href.lower().startswith(b"#"):
                raise _refuse(f"the document refers to an external {element.decode()} "
                              f"({href[:120].decode('utf-8', 'replace')}) instead of containing it",
                              "embed the picture in the document (or remove it) and save again")


def _attrs(tag: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(tag):
        key = (m.group(1) or m.group(3)).decode("ascii", "replace").lower()
        value = (m.group(2) if m.group(1) else m.group(4)).decode("utf-8", "replace")
        out[key] = value
    return out
