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
* a ZIP with **two readings** — a sequential reader (pandoc's) follows the local headers,
  zipfile the central directory; if they disagree about a member's sizes, or bytes sit
  between members, the two see different documents. Every member is inflated from its own
  local header to the real end of its deflate stream, and the archive must be exactly the
  listed members back to back, each agreeing with its directory entry.

Every XML part is parsed with lxml (no entities resolved, no DTD loaded, no network) after
being inflated in full, so no spelling of a reference gets past the check: a prefixed
`Relationship`, a character reference in `TargetMode`, a DOCTYPE anywhere.

Every refusal is a `PressroomError("document", ...)` saying what is wrong and how to fix it.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

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

_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|/|\\\\|\.\./)", re.IGNORECASE)
_LOCAL = struct.Struct("<4s5H3L2H")  # local file header (APPNOTE 4.3.7)
_CHUNK = 256 * 1024


def _xml_parser(*, recover: bool = False) -> etree.XMLParser:
    """lxml without entity expansion, DTD loading or network: a DOCTYPE is seen, never obeyed."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True, recover=recover)


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
        expected = 0  # the next member starts where the previous one ended
        for info in sorted(infos, key=lambda i: i.header_offset):
            is_xml = info.filename.endswith((".xml", ".rels")) or info.filename == "mimetype"
            body, expected = _inflate_local(data, info, expected, total, xml_total if is_xml else None)
            total += len(body)
            if is_xml:
                xml_total += len(body)
                _check_xml_part(info.filename, body, fmt)
        if expected != archive.start_dir:
            raise _two_readings("bytes between the last member and the directory")
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


def _two_readings(what: str) -> PressroomError:
    return _refuse(f"the document's ZIP structure is inconsistent ({what}); a ZIP that reads "
                   "differently in different programs is refused", "save the release again from the word processor")


def _inflate_local(data: bytes, info: zipfile.ZipInfo, expected: int, total: int,
                   xml_total: int | None) -> tuple[bytes, int]:
    """Inflate one member from its local header, to the real end of its stream, with caps.

    Returns the body and the offset where the next member must start. The local header
    must be at `expected` and agree with the central directory (name, method, sizes, CRC;
    sizes may be zero when a data descriptor follows, which must then agree); the deflate
    stream's own end, found by zlib, must be where both say the data ends. Only inflated
    bytes count against the limits, never a size someone wrote into a header.
    """
    name = info.filename
    if info.header_offset != expected:
        raise _two_readings(f"{info.header_offset - expected:+d} unlisted bytes before {name[:80]}")
    if len(data) < expected + _LOCAL.size:
        raise _refuse(f"the document is corrupt ({name}: truncated)", "open it in the word processor and save it again")
    sig, _ver, flags, method, _t, _d, crc, csize, usize, nlen, xlen = _LOCAL.unpack_from(data, expected)
    raw_name = data[expected + _LOCAL.size:expected + _LOCAL.size + nlen]
    want_name = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437", "replace")
    if sig != b"PK\x03\x04" or raw_name != want_name or method != info.compress_type:
        raise _two_readings(f"the local header of {name[:80]} does not match the directory")
    if flags & 0x1:
        raise _password_protected()
    descriptor = bool(flags & 0x8)
    if not descriptor and (csize, usize, crc) != (info.compress_size, info.file_size, info.CRC):
        raise _two_readings(f"the local header of {name[:80]} states other sizes than the directory")
    start = expected + _LOCAL.size + nlen + xlen
    if method == zipfile.ZIP_STORED:
        body = data[start:start + info.compress_size]
        consumed = len(body)
        _cap(name, len(body), total, xml_total, info.compress_size)
    elif method == zipfile.ZIP_DEFLATED:
        body, consumed = _inflate_stream(data, start, name, total, xml_total, info.compress_size)
    else:
        raise _refuse(f"the document is corrupt ({name}: compression method {method})",
                      "open it in the word processor and save it again")
    if consumed != info.compress_size or len(body) != info.file_size:
        raise _two_readings(f"{name[:80]} is {consumed} bytes compressed / {len(body)} inflated, "
                            f"the directory says {info.compress_size} / {info.file_size}")
    if zlib.crc32(body) != info.CRC:
        raise _refuse(f"the document is corrupt ({name}: bad CRC)", "open it in the word processor and save it again")
    end = start + consumed
    if descriptor:
        end = _skip_descriptor(data, end, info)
    return body, end


def _inflate_stream(data: bytes, start: int, name: str, total: int, xml_total: int | None,
                    stored: int) -> tuple[bytes, int]:
    """Raw-inflate from `start` until the deflate stream ends by itself; returns (body, bytes read)."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    chunks: list[bytes] = []
    size, pos = 0, start
    try:
        while not inflater.eof:
            if inflater.unconsumed_tail:
                feed = inflater.unconsumed_tail
            elif pos < len(data):
                feed, pos = data[pos:pos + _CHUNK], min(pos + _CHUNK, len(data))
            else:
                raise _refuse(f"the document is corrupt ({name}: truncated)",
                              "open it in the word processor and save it again")
            chunk = inflater.decompress(feed, _CHUNK)
            size += len(chunk)
            chunks.append(chunk)
            _cap(name, size, total, xml_total, stored)
    except zlib.error as exc:
        raise _refuse(f"the document is corrupt ({name}: {exc})",
                      "open it in the word processor and save it again") from None
    consumed = pos - start - len(inflater.unused_data) - len(inflater.unconsumed_tail)
    return b"".join(chunks), consumed


def _cap(name: str, size: int, total: int, xml_total: int | None, stored: int) -> None:
    """Stop at the first inflated byte over a limit (total, XML total, inflation ratio)."""
    if total + size > MAX_UNCOMPRESSED or (xml_total is not None and xml_total + size > MAX_XML_UNCOMPRESSED):
        raise _refuse(f"{name} inflates beyond the size limit; this looks like a zip bomb",
                      "save the release again from the word processor")
    if size > RATIO_FLOOR and size > MAX_RATIO * max(stored, 1):
        raise _refuse(f"{name} inflates more than {MAX_RATIO}× its stored size; "
                      "this looks like a zip bomb", "save the release again from the word processor")


def _skip_descriptor(data: bytes, pos: int, info: zipfile.ZipInfo) -> int:
    """The offset after a data descriptor (APPNOTE 4.3.9), which must agree with the directory."""
    if data[pos:pos + 4] == b"PK\x07\x08":
        pos += 4
    for size_format in ("<3L", "<L2Q"):
        width = struct.calcsize(size_format)
        if len(data) >= pos + width and struct.unpack_from(size_format, data, pos) == (
                info.CRC, info.compress_size, info.file_size):
            return pos + width
    raise _two_readings(f"the data descriptor of {info.filename[:80]} does not match the directory")


def _check_xml_part(name: str, body: bytes, fmt: str) -> None:
    """Parse the whole part with lxml and look at what the XML means, not how it is spelled."""
    if name == "mimetype":
        return
    # A forgiving parse first, so that a DOCTYPE is named as such even in broken XML; then
    # the strict one: a part that is not well-formed is refused (readers disagree on it).
    lenient = etree.fromstring(body, _xml_parser(recover=True))
    info = lenient.getroottree().docinfo if lenient is not None else None
    if info is not None and (info.doctype or info.internalDTD is not None or info.system_url or info.public_id):
        raise _refuse(f"{name} declares a DOCTYPE/ENTITY, which word processors never write",
                      "the file was not made by a word processor; save the release again from one")
    try:
        root = etree.fromstring(body, _xml_parser())
    except etree.XMLSyntaxError as exc:
        raise _refuse(f"the document is corrupt ({name} is not well-formed XML: {exc})",
                      "open it in the word processor and save it again") from None
    if any(isinstance(node, etree._Entity) for node in root.iter()):
        raise _refuse(f"{name} uses an entity reference, which word processors never write",
                      "the file was not made by a word processor; save the release again from one")
    if name.endswith(".rels"):
        _check_relationships(root)
        return
    if fmt == "odt":
        if name == "META-INF/manifest.xml":
            if any(_local(el) == "encryption-data" for el in root.iter(etree.Element)):
                raise _password_protected()
            return
        _check_odf_links(root)


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname


def _check_relationships(root: etree._Element) -> None:
    for rel in root.iter(etree.Element):
        if _local(rel) != "Relationship":
            continue  # in any namespace, under any prefix
        attrs = {etree.QName(k).localname.lower(): v for k, v in rel.attrib.items()}
        if attrs.get("targetmode", "").strip().lower() != "external":
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


def _check_odf_links(root: etree._Element) -> None:
    """Any `href` attribute (xlink or otherwise) outside a hyperlink must point into the package."""
    for element in root.iter(etree.Element):
        if _local(element) == "a":
            continue  # text:a / draw:a hyperlinks are ordinary links
        for key, value in element.attrib.items():
            if etree.QName(key).localname != "href":
                continue
            href = value.strip()
            if href and not href.startswith("#") and _REMOTE.match(href):
                raise _refuse(f"the document refers to an external {_local(element)} "
                              f"({href[:120]}) instead of containing it",
                              "embed the picture in the document (or remove it) and save again")


