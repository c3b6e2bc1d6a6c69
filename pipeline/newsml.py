"""Release → NewsML-G2 2.35 `newsItem` (power conformance), the format news agencies ingest.

One item carries the metadata agencies route on (guid, version, provider, embargo, genre,
headline, dateline, contacts) and the content twice, as alternative renditions: the text as
inline XHTML and the branded PDF as a `remoteContent` reference. The mapping from each
`Release` field to its element is documented in docs/newsml.md.

Design rules, each for a reason:

* The output is a pure function of its arguments: same `Release` → same bytes. The item is
  embedded in the PDF *and* written beside it as release.xml; both copies must be
  byte-identical, and re-running a conversion must not produce a spurious new version. So
  no clock is read: every timestamp is derived from the release (or passed in).
* The guid depends only on organization + headline + issue date (never on the body), so an
  edited release is a new *version* of the same item, which is how agencies replace stories.
* Elements are emitted in the strict order of the 2.35 XSD sequences (e.g. `embargoed`
  before `pubStatus`, the administrative group of contentMeta before the descriptive one).
* Every element of the inline body is created in the XHTML namespace; a body built from bare
  tag names would silently land in the NewsML-G2 namespace and still pass the XSD
  (docs: ../shared/docs/newsml-g2.md, pitfall 3).
* Text goes through lxml only (never hand-escaped) after characters XML 1.0 cannot carry are
  removed; single-line fields have their whitespace collapsed, because the XSD's
  `g2normalizedString` forbids tabs and line breaks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

from lxml import etree

from . import __version__
from .errors import PressroomError
from .model import Contact, Release
from .plainbody import about_paragraphs, contacts_with_content, counts, plain_body
from .xmltext import absolute_url, clean, line, safe_uri

NAR_NS = "http://iptc.org/std/nar/2006-10-01/"
XHTML_NS = "http://www.w3.org/1999/xhtml"
XML_NS = "http://www.w3.org/XML/1998/namespace"

STANDARD_VERSION = "2.35"
IPTC_CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml"
DEFAULT_PROVIDER = "pressroom.invalid"
"""Provider and guid authority used when none is configured ("configure me": pressroom.toml
`[newsml]`). `.invalid` is reserved (RFC 2606), so an unconfigured installation is
recognisable in every guid instead of posing as someone else."""
PDF_RENDITION = "rnd:print"
"""IPTC rendition NewsCode of the branded PDF: the print-ready rendition. Superdesk refuses a
`remoteContent` without a rendition (it keys the item's renditions by it)."""

PROFILE_VERSION = "1"
"""Bumped whenever the structure of the emitted item changes, so consumers can tell."""

HEADLINE_ROLE_ALIAS = "prhlrole"
CONTRIBUTOR_ROLE_ALIAS = "prctrrole"
DESCRIPTION_ROLE_ALIAS = "prdescrole"
ABOUT_ROLE = f"{DESCRIPTION_ROLE_ALIAS}:about"
SUBHEADLINE_ROLE = f"{HEADLINE_ROLE_ALIAS}:subheadline"
PRESS_CONTACT_ROLE = f"{CONTRIBUTOR_ROLE_ALIAS}:pressContact"

IPTC_ALIASES_USED = frozenset({"ninat", "stat", "genre", "drol", "irel", "loctyp", "rnd"})
"""The IPTC catalog aliases this writer emits (the tests check each exists in catalog v41)."""

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})+$")
_LANG_TAG = re.compile(r"^[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*$")
_RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "ug", "ur",
                            "yi"})
_SLUG_WORDS = 4
_SLUG_MAX = 40


# --------------------------------------------------------------------------- public API


def render_newsml(release: Release, *, pdf_href: str | None = "release.pdf", pdf_pages: int | None = None,
                  version: int = 1, provider: str | None = None, guid_authority: str | None = None,
                  provider_name: str | None = None, version_created: dt.datetime | None = None) -> bytes:
    """The release as one NewsML-G2 2.35 `newsItem`, UTF-8 bytes with an XML declaration.

    `pdf_href` names the PDF rendition (relative to the XML; None: no PDF rendition) and
    `pdf_pages` its page count. `version` is the item version (>= 1; bump it for an edit).
    `provider` is who supplies the item (`itemMeta/provider/@literal`, a domain or short
    identifier; `provider_name` its display name) and `guid_authority` the domain that mints
    the guid (default: `provider` when that is a domain). `version_created` is when this
    version was made: the caller passes the conversion time for an undated release (this
    function reads no clock, so that its output is reproducible; see `item_times`).
    """
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise PressroomError("newsml", f"item version must be a whole number >= 1, not {version!r}")
    if pdf_pages is not None and (isinstance(pdf_pages, bool) or not isinstance(pdf_pages, int)
                                  or pdf_pages < 0):
        raise PressroomError("newsml", f"PDF page count must be a whole number >= 0, not {pdf_pages!r}")
    literal, domain = provider_identity(provider, guid_authority)
    lang = language_tag(release.language)
    first, current = item_times(release, version_created)

    root = etree.Element(_nar("newsItem"), nsmap={None: NAR_NS})
    root.set("guid", item_guid(release, domain))
    root.set("version", str(version))
    root.set("standard", "NewsML-G2")
    root.set("standardversion", STANDARD_VERSION)
    root.set("conformance", "power")
    if lang:
        root.set(_xml("lang"), lang)

    _sub(root, "catalogRef", href=IPTC_CATALOG)
    catalog = _sub(root, "catalog")
    _sub(catalog, "scheme", alias=HEADLINE_ROLE_ALIAS, uri=f"https://{domain}/newsml/cv/headlinerole/")
    _sub(catalog, "scheme", alias=CONTRIBUTOR_ROLE_ALIAS, uri=f"https://{domain}/newsml/cv/contributorrole/")
    _sub(catalog, "scheme", alias=DESCRIPTION_ROLE_ALIAS, uri=f"https://{domain}/newsml/cv/descriptionrole/")

    _rights_info(root, release)
    _item_meta(root, release, literal, line(provider_name), first, current)
    _content_meta(root, release, lang)

    content_set = _sub(root, "contentSet")
    inline = _sub(content_set, "inlineXML", contenttype="application/xhtml+xml")
    if pdf_href is not None:
        href = safe_uri(pdf_href)
        if href is None:
            raise PressroomError("newsml", f"the PDF location {pdf_href!r} is not a usable URI")
        remote = _sub(content_set, "remoteContent", href=href, rendition=PDF_RENDITION,
                      contenttype="application/pdf")
        if pdf_pages is not None:
            remote.set("pagecount", str(pdf_pages))

    # Indent the metadata only: whitespace added inside the XHTML body would change its text.
    etree.indent(root, space="  ")
    html, words, chars = _xhtml(release, lang)
    inline.set("wordcount", str(words))
    inline.set("charcount", str(chars))
    inline.text = "\n"
    inline.append(html)
    html.tail = "\n    "  # closes </inlineXML> at its indentation
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def item_guid(release: Release, domain: str = DEFAULT_PROVIDER) -> str:
    """`urn:newsml:<domain>:<YYYYMMDD>:<id>` (RFC 3085), stable across body edits.

    The id is a short hash of organization, headline and issue time only: fixing a typo in
    the body (or re-rendering) keeps the guid and lets `version` say which copy is newer.
    Case and whitespace are folded so trivial headline re-typing does not fork the item.
    """
    date = _local_date(release.issued)
    day = date.strftime("%Y%m%d") if date else EPOCH.strftime("%Y%m%d")
    parts = [_fold(release.organization or ""), _fold(release.headline), iso_timestamp(release.issued) or ""]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"urn:newsml:{domain}:{day}:{digest}"


def item_times(release: Release, version_created: dt.datetime | None = None) -> tuple[str | None, str]:
    """(firstCreated, versionCreated) as xs:dateTime text with an offset.

    Convention for a release that gives a date only: 00:00:00 UTC of that day. Without any
    issue date, firstCreated is omitted and versionCreated falls back to `version_created`
    or, failing that, 1970-01-01T00:00:00+00:00 — a visible "unknown" rather than the clock,
    which would make every run produce different bytes.
    """
    first = iso_timestamp(release.issued)
    current = iso_timestamp(version_created) or first or iso_timestamp(EPOCH)
    assert current is not None
    return first, current


def iso_timestamp(value: dt.date | dt.datetime | None) -> str | None:
    """xs:dateTime with an explicit offset; a date alone becomes 00:00:00+00:00 of that day.

    Offsets with seconds (historic LMT zones) are not representable in xs:dateTime, so such
    values are converted to UTC; naive datetimes are refused because their instant is unknown.
    """
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    offset = value.utcoffset()
    if offset is None:
        raise PressroomError("newsml", f"timestamp {value.isoformat()} has no UTC offset",
                             "dates in a Release are a date alone or a datetime with a zone")
    if offset.total_seconds() % 60:
        value = value.astimezone(dt.UTC)
    return value.replace(microsecond=0).isoformat(timespec="seconds")


def provider_identity(provider: str | None, guid_authority: str | None = None) -> tuple[str, str]:
    """(provider literal, guid authority domain) from the configured values.

    The literal is any one-line text (a domain is usual); the authority must be a domain
    name. Without an authority the provider is used when it is a domain, else the
    "configure me" default.
    """
    literal = line(provider) or DEFAULT_PROVIDER
    if line(guid_authority):
        return literal, provider_domain(guid_authority)
    if _looks_like_domain(literal):
        domain = provider_domain(literal)
        return domain, domain
    return literal, DEFAULT_PROVIDER


def provider_domain(provider: str | None) -> str:
    """A domain name as a lower-case ASCII domain (IDNA for non-ASCII), as RFC 3085 wants."""
    if provider is None:
        return DEFAULT_PROVIDER
    text = provider.strip().rstrip(".")
    try:
        text = text.encode("idna").decode("ascii").lower()
    except UnicodeError:
        text = ""
    if not _DOMAIN.match(text):
        raise PressroomError("newsml", f"{provider!r} is not a domain name",
                             "the guid authority is the provider's domain, e.g. example.org")
    return text


def _looks_like_domain(text: str) -> bool:
    try:
        provider_domain(text)
    except PressroomError:
        return False
    return True


def copyright_notice(release: Release) -> str:
    """"Copyright 2006 X. Press release; X is solely responsible for its content." — one period only.

    Names that end in a period ("UNLOCKD Inc.") do not get a second one.
    """
    org = line(release.organization)
    if not org:
        return "Press release; the issuer is solely responsible for its content."
    year = release.issued.year if release.issued else None
    holder = f"Copyright {year} {org}" if year else f"Copyright {org}"
    stop = "" if holder.endswith(".") else "."
    return f"{holder}{stop} Press release; {org} is solely responsible for its content."


USAGE_TERMS = "Press release: free for editorial use."


def editor_notes(release: Release) -> list[str]:
    """Notes for the receiving editors only (NewsML-G2 edNote, NITF ed-msg, ninjs edNote), in English."""
    notes = []
    embargo = iso_timestamp(release.embargo)
    if embargo:
        note = f"EMBARGO: not for publication before {embargo}."
        if not isinstance(release.embargo, dt.datetime):
            note += " (The release gives a date only; read as 00:00 UTC.)"
        notes.append(note)
    if release.issued is None:
        notes.append("The release states no issue date; versionCreated is the time of conversion.")
    return notes


def about_text(release: Release) -> list[str]:
    """Each About section as one line of text: heading, then its paragraphs."""
    out = []
    for section in release.boilerplate:
        parts = [line(section.heading)] + [" ".join(p) for p in about_paragraphs(section)]
        text = " ".join(p for p in parts if p)
        if text:
            out.append(text)
    return out


def language_tag(language: str | None) -> str | None:
    """A BCP 47-shaped tag (sv, en-GB) or None; `sv_SE` is repaired, anything else dropped.

    xml:lang and language/@tag are xs:language; one bad value would make the whole item
    invalid, and an item without a language is more useful to an agency than no item.
    """
    if not language:
        return None
    tag = language.strip().replace("_", "-")
    return tag if _LANG_TAG.match(tag) else None


def slugline(headline: str) -> str | None:
    """A short handle from the headline's first words, hyphen-joined (agency desks sort on it)."""
    words = re.findall(r"\w+", _line(headline))
    out = ""
    for word in words[:_SLUG_WORDS]:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > _SLUG_MAX:
            break
        out = candidate
    if not out and words:
        out = words[0][:_SLUG_MAX]
    return out or None


# --------------------------------------------------------------------------- metadata


def _rights_info(root: etree._Element, release: Release) -> None:
    """The issuer holds the copyright and answers for the content, as with APA-OTS releases."""
    org = _line(release.organization or "")
    rights = _sub(root, "rightsInfo")
    rights.set(_xml("lang"), "en")
    if org:
        _party(rights, "copyrightHolder", org)
    _sub(rights, "copyrightNotice", text=copyright_notice(release))
    _sub(rights, "usageTerms", text=USAGE_TERMS)


def _item_meta(root: etree._Element, release: Release, provider: str, provider_name: str, first: str | None,
               current: str) -> None:
    meta = _sub(root, "itemMeta")
    _sub(meta, "itemClass", qcode="ninat:text")
    element = _sub(meta, "provider", literal=provider)
    if provider_name:
        _sub(element, "name", text=provider_name)
    _sub(meta, "versionCreated", text=current)
    if first:
        _sub(meta, "firstCreated", text=first)
    embargo = iso_timestamp(release.embargo)
    if embargo:
        _sub(meta, "embargoed", text=embargo)  # the XSD wants it before pubStatus
    _sub(meta, "pubStatus", qcode="stat:usable")
    _sub(meta, "generator", text="Pressroom", versioninfo=__version__)
    _sub(meta, "profile", text="pressroom-press-release", versioninfo=PROFILE_VERSION)
    notes = editor_notes(release)
    if notes:  # one edNote: Superdesk reads only the first
        _sub(meta, "edNote", text=" ".join(notes)).set(_xml("lang"), "en")
    first_url = next((u for u in (absolute_url(u) for u in release.urls) if u), None)
    if first_url:
        _sub(meta, "link", rel="irel:seeAlso", href=first_url)


def _content_meta(root: etree._Element, release: Release, lang: str | None) -> None:
    meta = _sub(root, "contentMeta")
    # 1. administrative group
    if release.issued is not None:
        # TruncatedDateTime: a date-only release keeps its honest precision here.
        created = (iso_timestamp(release.issued) if isinstance(release.issued, dt.datetime)
                   else release.issued.isoformat())
        _sub(meta, "contentCreated", text=created)
    city = _line(release.dateline.city or "") if release.dateline else ""
    if city:
        located = _sub(meta, "located", type="loctyp:City")
        _sub(located, "name", text=city)
    org = _line(release.organization or "")
    if org:
        _party(meta, "infoSource", org)
        _party(meta, "creator", org)
    for index, contact in enumerate(contacts_with_content(release), 1):
        _contributor(meta, contact, index)
    # 2. descriptive group
    if lang:
        _sub(meta, "language", tag=lang)
    genre = _sub(meta, "genre", qcode="genre:Press_Release")
    _sub(genre, "name", text="Press Release").set(_xml("lang"), "en")
    release_type = _line(release.release_type or "")
    if release_type and lang:
        _sub(genre, "name", text=release_type).set(_xml("lang"), lang)
    slug = slugline(release.headline)
    if slug:
        _sub(meta, "slugline", text=slug, separator="-")
    _sub(meta, "headline", text=_line(release.headline))
    subheadline = _line(release.subheadline or "")
    if subheadline:
        _sub(meta, "headline", text=subheadline, role=SUBHEADLINE_ROLE)
    dateline = _line(release.dateline.text) if release.dateline else ""
    if dateline:
        _sub(meta, "dateline", text=dateline)
    if org:
        _sub(meta, "creditline", text=org)
    lead = release.lead
    summary = _line(lead.text) if lead else ""
    if summary:
        _sub(meta, "description", text=summary, role="drol:summary")
    for about in about_text(release):
        _sub(meta, "description", text=about, role=ABOUT_ROLE)


def _party(parent: etree._Element, tag: str, name: str) -> etree._Element:
    element = _sub(parent, tag)
    literal = _slug(name)
    if literal:
        element.set("literal", literal)
    _sub(element, "name", text=name)
    return element


def _contributor(parent: etree._Element, contact: Contact, index: int) -> None:
    """A press contact: who to call, as contributor with personDetails/contactInfo."""
    name = _line(contact.name or "")
    element = _sub(parent, "contributor", role=PRESS_CONTACT_ROLE)
    element.set("literal", _slug(name) or f"contact-{index}")
    if name:
        _sub(element, "name", text=name)
    title, org = _line(contact.title or ""), _line(contact.organization or "")
    note = ", ".join(v for v in (title, org) if v)
    if note:
        _sub(element, "note", text=note)
    phone = _line(contact.phone_e164 or contact.phone or "")
    email = _line(contact.email or "")
    if not (org or phone or email):
        return
    details = _sub(element, "personDetails")
    if org:
        affiliation = _sub(details, "affiliation")
        _sub(affiliation, "name", text=org)
    if phone or email:
        info = _sub(details, "contactInfo")
        if email:
            _sub(info, "email", text=email)
        if phone:
            _sub(info, "phone", text=phone)


# --------------------------------------------------------------------------- XHTML body


def _xhtml(release: Release, lang: str | None) -> tuple[etree._Element, int, int]:
    """`<html>` with the flat plain body (pipeline/plainbody.py), every element in the XHTML namespace.

    Flat because Superdesk keeps only the text of each child of `<body>` (see plainbody);
    no headline (it is metadata, and Superdesk would show it twice), no print furniture.
    """
    html = etree.Element(_xhtml_tag("html"), nsmap={None: XHTML_NS})
    if lang:
        html.set("lang", lang)
        html.set(_xml("lang"), lang)
        if lang.split("-")[0].lower() in _RTL_LANGUAGES:
            html.set("dir", "rtl")
    html.text = "\n"
    head = _xh(html, "head")
    head.tail = "\n"
    _xh(head, "title").text = _line(release.headline)
    body = _xh(html, "body")
    body.text = "\n"
    blocks = plain_body(release, flat=True)
    for block in blocks:
        body.append(_in_namespace(block, XHTML_NS))
        body[-1].tail = "\n"
    words, chars = counts(blocks)
    return html, words, chars


def _in_namespace(element: etree._Element, namespace: str) -> etree._Element:
    """A copy of an un-namespaced plain-body element with every tag in `namespace`."""
    copy = etree.Element(f"{{{namespace}}}{element.tag}", dict(element.attrib))
    copy.text = element.text
    for child in element:
        copy.append(_in_namespace(child, namespace))
    copy.tail = element.tail
    return copy


# --------------------------------------------------------------------------- helpers


def _nar(tag: str) -> str:
    return f"{{{NAR_NS}}}{tag}"


def _xml(name: str) -> str:
    return f"{{{XML_NS}}}{name}"


def _xhtml_tag(tag: str) -> str:
    return f"{{{XHTML_NS}}}{tag}"


def _sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _nar(name))
    for key, value in attrs.items():
        element.set(key, value)
    if text is not None:
        element.text = _clean(text)
    return element


def _xh(parent: etree._Element, tag: str, cls: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _xhtml_tag(tag))
    if cls:
        element.set("class", cls)
    for key, value in attrs.items():
        element.set(key, value)
    return element


def _clean(text: str) -> str:
    return clean(text)


def _line(text: str | None) -> str:
    return line(text)


def _fold(text: str) -> str:
    return _line(unicodedata.normalize("NFC", text)).casefold()


def _slug(text: str) -> str:
    """ASCII-folded, hyphenated handle for `literal` attributes (stable ids for parties)."""
    decomposed = unicodedata.normalize("NFKD", _line(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.sub(r"[\W_]+", "-", stripped).strip("-")[:64].strip("-")


def _local_date(value: dt.date | dt.datetime | None) -> dt.date | None:
    """The calendar day the release itself states (in its own zone, not converted to UTC)."""
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value

