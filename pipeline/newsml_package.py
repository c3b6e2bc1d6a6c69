"""Release with pictures → NewsML-G2 `newsMessage`: a `packageItem` grouping the text and the photos.

Agencies ingest a press photo as its own item, linked to the text: a `newsItem` of class
`ninat:picture` per photo (one `remoteContent` per rendition, with size, width, height and
type; caption as `description role="drol:caption"`, `creditline`, `rightsInfo`), and a
`packageItem` (`ninat:composite`) whose group refers to the text item and to each picture
by guid and version. All travel together in one `newsMessage` (`release.package.xml`),
which is what Superdesk's NewsML-G2 parser reads item by item. The text item is the very
same `release.xml` (pipeline/newsml.py) — receivers that want only text keep using that.

Pure, like the text writer: same release and arguments → same bytes; no clock is read.
"""

from __future__ import annotations

import hashlib

from lxml import etree

from . import __version__
from .errors import PressroomError
from .model import Picture, Release
from .newsml import (
    DESCRIPTION_ROLE_ALIAS,
    IPTC_CATALOG,
    NAR_NS,
    STANDARD_VERSION,
    USAGE_TERMS,
    _party,
    _sub,
    copyright_notice,
    item_guid,
    item_times,
    language_tag,
    provider_identity,
)
from .validate import safe_parser
from .xmltext import line, safe_uri

NEWSITEM_TYPE = "application/vnd.iptc.g2.newsitem+xml"
GROUP_ROLE_ALIAS = "prgrprole"
ALT_ROLE = f"{DESCRIPTION_ROLE_ALIAS}:alternativeText"
"""IPTC's description roles have no alt text; an own role, declared in the item's catalog."""
RENDITION_CODES = {"print": "rnd:print", "web": "rnd:web", "thumb": "rnd:thumbnail"}


def picture_guid(release: Release, picture: Picture, domain: str) -> str:
    """The text item's guid plus a short hash of the picture's name: stable across re-renders."""
    text = item_guid(release, domain)
    return f"{text}-p{hashlib.sha256(picture.file.encode('utf-8')).hexdigest()[:8]}"


def render_package(release: Release, text_item: bytes, *, version: int = 1, provider: str | None = None,
                   guid_authority: str | None = None, provider_name: str | None = None,
                   version_created: object = None, media_base: str = "") -> bytes:
    """The newsMessage holding the package, `text_item` (release.xml's bytes) and one item per picture.

    `media_base` is prefixed to each rendition's href (empty: relative to the package file).
    """
    if not release.pictures:
        raise PressroomError("newsml", "a package needs at least one picture", "use release.xml for text only")
    literal, domain = provider_identity(provider, guid_authority)
    first, current = item_times(release, version_created)  # type: ignore[arg-type]
    text = etree.fromstring(text_item, safe_parser())
    message = etree.Element(_q("newsMessage"), nsmap={None: NAR_NS})
    header = _sub(message, "header")
    _sub(header, "sent", text=current)
    item_set = _sub(message, "itemSet")
    pictures = [_picture_item(release, p, version, literal, provider_name, domain, first, current, media_base)
                for p in release.pictures]
    item_set.append(_package_item(release, text, pictures, version, literal, provider_name, domain, first, current))
    item_set.append(text)
    for item in pictures:
        item_set.append(item)
    etree.indent(header, space="  ")
    for item in (item_set[0], *pictures):
        etree.indent(item, space="  ")  # not the text item: indenting its XHTML body would change its text
    message.text = header.tail = item_set.text = "\n"
    for child in item_set:
        child.tail = "\n"
    return etree.tostring(message, xml_declaration=True, encoding="UTF-8") + b"\n"


def _q(name: str) -> str:
    return f"{{{NAR_NS}}}{name}"


def _root(tag: str, guid: str, version: int, lang: str | None) -> etree._Element:
    root = etree.Element(_q(tag), nsmap={None: NAR_NS})
    for key, value in (("guid", guid), ("version", str(version)), ("standard", "NewsML-G2"),
                       ("standardversion", STANDARD_VERSION), ("conformance", "power")):
        root.set(key, value)
    if lang:
        root.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    _sub(root, "catalogRef", href=IPTC_CATALOG)
    return root


def _item_meta(root: etree._Element, item_class: str, literal: str, provider_name: str | None,
               first: str | None, current: str) -> etree._Element:
    meta = _sub(root, "itemMeta")
    _sub(meta, "itemClass", qcode=item_class)
    element = _sub(meta, "provider", literal=literal)
    if line(provider_name):
        _sub(element, "name", text=line(provider_name))
    _sub(meta, "versionCreated", text=current)
    if first:
        _sub(meta, "firstCreated", text=first)
    _sub(meta, "pubStatus", qcode="stat:usable")
    _sub(meta, "generator", text="Pressroom", versioninfo=__version__)
    return meta


def _picture_item(release: Release, picture: Picture, version: int, literal: str, provider_name: str | None,
                  domain: str, first: str | None, current: str, media_base: str) -> etree._Element:
    lang = language_tag(release.language)
    root = _root("newsItem", picture_guid(release, picture, domain), version, lang)
    catalog = _sub(root, "catalog")
    _sub(catalog, "scheme", alias=DESCRIPTION_ROLE_ALIAS, uri=f"https://{domain}/newsml/cv/descriptionrole/")
    rights = _sub(root, "rightsInfo")
    org = line(release.organization or "")
    if org and not line(picture.rights):  # the photo's own rights may name someone else (the photographer)
        _party(rights, "copyrightHolder", org)
    _sub(rights, "copyrightNotice", text=line(picture.rights) or copyright_notice(release))
    _sub(rights, "usageTerms", text=USAGE_TERMS)
    meta = _item_meta(root, "ninat:picture", literal, provider_name, first, current)
    _sub(meta, "fileName", text=picture.file)
    meta.insert(list(meta).index(meta.find(_q("pubStatus"))) + 1, meta[-1])  # fileName follows pubStatus
    content = _sub(root, "contentMeta")
    if lang:
        _sub(content, "language", tag=lang)
    title = line(picture.caption) or line(release.headline)
    _sub(content, "headline", text=title)
    if line(picture.credit):  # `by` too: Superdesk's ingest reads the byline, not creditline
        _sub(content, "by", text=line(picture.credit))
        _sub(content, "creditline", text=line(picture.credit))
    if line(picture.caption):
        _sub(content, "description", text=line(picture.caption), role="drol:caption")
    if line(picture.alt):
        _sub(content, "description", text=line(picture.alt), role=ALT_ROLE)
    content_set = _sub(root, "contentSet")
    for rendition in picture.renditions:
        href = safe_uri(media_base + rendition.href)
        if href is None:
            raise PressroomError("newsml", f"rendition location {rendition.href!r} is not a usable URI")
        _sub(content_set, "remoteContent", href=href, rendition=RENDITION_CODES.get(rendition.name, "rnd:web"),
             contenttype=rendition.mime, size=str(rendition.size), width=str(rendition.width),
             height=str(rendition.height))
    return root


def _package_item(release: Release, text: etree._Element, pictures: list[etree._Element], version: int,
                  literal: str, provider_name: str | None, domain: str, first: str | None,
                  current: str) -> etree._Element:
    lang = language_tag(release.language)
    root = _root("packageItem", f"{item_guid(release, domain)}-package", version, lang)
    catalog = _sub(root, "catalog")
    _sub(catalog, "scheme", alias=GROUP_ROLE_ALIAS, uri=f"https://{domain}/newsml/cv/grouprole/")
    rights = _sub(root, "rightsInfo")
    _sub(rights, "copyrightNotice", text=copyright_notice(release))
    _item_meta(root, "ninat:composite", literal, provider_name, first, current)
    content = _sub(root, "contentMeta")
    _sub(content, "headline", text=line(release.headline))
    group_set = _sub(root, "groupSet", root="G1")
    group = _sub(group_set, "group", id="G1", role=f"{GROUP_ROLE_ALIAS}:main")
    for item, item_class in ((text, "ninat:text"), *((p, "ninat:picture") for p in pictures)):
        ref = _sub(group, "itemRef", residref=item.get("guid"), version=item.get("version"),
                   contenttype=NEWSITEM_TYPE)
        _sub(ref, "itemClass", qcode=item_class)
        _sub(ref, "provider", literal=literal)
        _sub(ref, "pubStatus", qcode="stat:usable")
        headline = item.find(f"{_q('contentMeta')}/{_q('headline')}")
        _sub(ref, "title", text=headline.text if headline is not None and headline.text else release.headline)
    return root
