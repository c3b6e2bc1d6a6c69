"""Release → NITF 3.6 document (`release.nitf.xml`), for agencies and CMSs that still ingest NITF.

Same model, same identity and the same body vocabulary as the NewsML-G2 item: the guid,
dates, copyright and editor notes come from pipeline/newsml.py, the body from
pipeline/plainbody.py (structured form: lists, links and quote credits survive, because
NITF readers take nested markup). Elements follow the strict order of IPTC's NITF 3.6 XSD
(namespace `http://iptc.org/std/NITF/2006-10-18/`), which the tests validate every release
against. Like the NewsML-G2 writer it reads no clock: same arguments, same bytes.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from .model import Release
from .newsml import (
    copyright_notice,
    editor_notes,
    iso_timestamp,
    item_guid,
    item_times,
    language_tag,
    provider_identity,
)
from .plainbody import plain_body
from .xmltext import line

NITF_NS = "http://iptc.org/std/NITF/2006-10-18/"
NITF_VERSION = "-//IPTC//DTD NITF 3.6//EN"
XML_NS = "http://www.w3.org/XML/1998/namespace"

_TAGS = {"p": "p", "h2": "hl2", "ul": "ul", "ol": "ol", "li": "li", "a": "a", "br": "br"}
"""Plain-body tag → NITF tag; `blockquote` (→ bq/block + credit) is mapped by `_nitf_block`."""


def render_nitf(release: Release, *, version: int = 1, provider: str | None = None,
                guid_authority: str | None = None, provider_name: str | None = None,
                version_created: dt.datetime | None = None) -> bytes:
    """The release as one NITF 3.6 document, UTF-8 bytes with an XML declaration."""
    literal, domain = provider_identity(provider, guid_authority)
    lang = language_tag(release.language)
    first, current = item_times(release, version_created)

    root = etree.Element(_n("nitf"), nsmap={None: NITF_NS})
    root.set("version", NITF_VERSION)
    if lang:
        root.set("baselang", lang)
        root.set(f"{{{XML_NS}}}lang", lang)
    head = _sub(root, "head")
    _sub(head, "title", line(release.headline))
    docdata = _sub(head, "docdata", **{"management-status": "usable"})
    _sub(docdata, "doc-id", **{"regsrc": literal, "id-string": f"{item_guid(release, domain)}:{version}"})
    issued = _norm(first or current)
    if issued:
        _sub(docdata, "date.issue", norm=issued)
    embargo = _norm(iso_timestamp(release.embargo))
    if embargo:
        _sub(docdata, "date.release", norm=embargo)
    for note in editor_notes(release):
        _sub(docdata, "ed-msg", **{"msg-type": "editor", "info": note})
    org = line(release.organization)
    copyright_attrs = {"holder": org} if org else {}
    if release.issued is not None:
        copyright_attrs["year"] = str(release.issued.year)
    if copyright_attrs:
        _sub(docdata, "doc.copyright", **copyright_attrs)
    if provider_name:
        _sub(head, "pubdata", name=line(provider_name))

    body = _sub(root, "body")
    body_head = _sub(body, "body.head")
    hedline = _sub(body_head, "hedline")
    _sub(hedline, "hl1", line(release.headline))
    if line(release.subheadline):
        _sub(hedline, "hl2", line(release.subheadline))
    distributor = line(release.dateline.distributor) if release.dateline else ""
    if distributor:
        _sub(body_head, "distributor", distributor)
    dateline = line(release.dateline.text) if release.dateline else ""
    if dateline:
        _sub(body_head, "dateline", dateline)
    lead = release.lead
    if lead is not None and line(lead.text):
        _sub(_sub(body_head, "abstract"), "p", line(lead.text))

    content = _sub(body, "body.content")
    body_end = _sub(body, "body.end")
    _sub(body_end, "tagline", copyright_notice(release))
    # Indent the metadata only: whitespace added inside mixed body content would change its text.
    etree.indent(root, space="  ")
    blocks = plain_body(release, flat=False)
    if line(release.subheadline) and blocks and blocks[0].tag == "h2":
        blocks = blocks[1:]  # the subheadline is in hedline/hl2 already
    content.text = "\n"
    for block in blocks:
        content.append(_nitf_block(block))
        content[-1].tail = "\n"
    if len(content):
        content[-1].tail = "\n    "
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _nitf_block(element: etree._Element) -> etree._Element:
    """A plain-body element in NITF: h2 → hl2, blockquote → bq > block > p + credit."""
    if element.tag == "blockquote":
        bq = etree.Element(_n("bq"))
        block = etree.SubElement(bq, _n("block"))
        for child in element:
            if child.tag == "cite":
                credit = etree.SubElement(bq, _n("credit"))
                credit.text = child.text
            else:
                block.append(_nitf_block(child))
        return bq
    copy = etree.Element(_n(_TAGS[element.tag]), dict(element.attrib))
    copy.text = element.text
    for child in element:
        copy.append(_nitf_block(child))
    copy.tail = element.tail
    return copy


def _norm(timestamp: str | None) -> str | None:
    """xs:dateTime text → NITF's ISO 8601 basic form, `20061107T115800+0100`."""
    if not timestamp:
        return None
    value = dt.datetime.fromisoformat(timestamp)
    return value.strftime("%Y%m%dT%H%M%S%z")


def _n(tag: str) -> str:
    return f"{{{NITF_NS}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _n(tag))
    for key, value in attrs.items():
        element.set(key, value)
    if text is not None:
        element.text = text
    return element
