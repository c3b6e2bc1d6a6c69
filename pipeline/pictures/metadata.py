"""Caption, credit, rights and alt text from a photo's own embedded metadata.

Agencies and photographers write them into the file: IPTC IIM (the Photoshop APP13 block),
XMP (dc:description, dc:rights, photoshop:Credit, and IPTC's 2021 Iptc4xmpCore:AltTextAccessibility)
and EXIF (ImageDescription, Artist, Copyright). Pillow reads all three containers (its
`IptcImagePlugin`, `info["xmp"]` and `getexif`); the XMP packet itself is XML, parsed here
by lxml with entities, DTDs and network off. XMP wins over IIM, IIM over EXIF: that is the
order in which IPTC's own guidance says readers should trust them.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from lxml import etree
from PIL import Image, IptcImagePlugin

NS = {"x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "dc": "http://purl.org/dc/elements/1.1/", "photoshop": "http://ns.adobe.com/photoshop/1.0/",
      "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
      "xmpRights": "http://ns.adobe.com/xap/1.0/rights/"}
IIM = {"caption": (2, 120), "credit": (2, 110), "rights": (2, 116), "byline": (2, 80)}
EXIF = {"caption": 0x010E, "byline": 0x013B, "rights": 0x8298}
MAX_FIELD = 2000
"""Longer than any caption; a field beyond it is cut (metadata is hostile input too)."""
MAX_XMP = 1_000_000


@dataclass
class Embedded:
    """What the file says about itself; any field may be missing."""

    caption: str | None = None
    credit: str | None = None
    rights: str | None = None
    alt: str | None = None


def _clean(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")  # IIM text: UTF-8 in practice (CodedCharacterSet ESC % G)
    if not isinstance(value, str):
        return None
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())[:MAX_FIELD]
    return text or None


def _xmp_bytes(image: Image.Image) -> bytes | None:
    raw = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    if raw is None and hasattr(image, "tag_v2"):
        raw = image.tag_v2.get(700)
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    return raw if isinstance(raw, bytes) and len(raw) <= MAX_XMP else None


def _xmp(image: Image.Image) -> dict[str, str]:
    raw = _xmp_bytes(image)
    if not raw:
        return {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(raw.strip(b"\x00 \r\n\t"), parser)
    except etree.XMLSyntaxError:
        return {}
    found: dict[str, str] = {}

    def first(*paths: str) -> str | None:
        for path in paths:
            for value in root.xpath(path, namespaces=NS):
                text = _clean(str(value))
                if text:
                    return text
        return None

    for key, prop in (("caption", "dc:description"), ("rights", "dc:rights"),
                      ("alt", "Iptc4xmpCore:AltTextAccessibility")):
        value = first(f"//{prop}//rdf:li/text()", f"//rdf:Description/@{prop}")
        if value:
            found[key] = value
    credit = first("//photoshop:Credit/text()", "//rdf:Description/@photoshop:Credit")
    byline = first("//dc:creator//rdf:li/text()")
    if credit or byline:
        found["credit"] = credit or byline  # type: ignore[assignment]
    return found


def _iim(image: Image.Image) -> dict[str, str]:
    info = None
    with contextlib.suppress(Exception):  # a malformed APP13 block is only missing metadata
        info = IptcImagePlugin.getiptcinfo(image)
    found = {}
    for key, dataset in IIM.items():
        value = (info or {}).get(dataset)
        if isinstance(value, list):
            value = value[0] if value else None
        text = _clean(value)
        if text:
            found[key] = text
    return found


def _exif(image: Image.Image) -> dict[str, str]:
    try:
        exif = image.getexif()
    except Exception:  # a broken EXIF block is only missing metadata
        return {}
    return {key: text for key, tag in EXIF.items() if (text := _clean(exif.get(tag)))}


def embedded(image: Image.Image) -> Embedded:
    """The picture's own caption, credit, rights and alt text (XMP over IPTC IIM over EXIF)."""
    merged: dict[str, str] = {}
    for source in (_exif(image), _iim(image), _xmp(image)):
        merged.update(source)
    if "credit" not in merged and "byline" in merged:
        merged["credit"] = merged["byline"]
    return Embedded(caption=merged.get("caption"), credit=merged.get("credit"), rights=merged.get("rights"),
                    alt=merged.get("alt"))
