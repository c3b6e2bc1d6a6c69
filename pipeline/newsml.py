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
from urllib.parse import SplitResult, quote, urlsplit, urlunsplit

from lxml import etree

from . import __version__
from .errors import PressroomError
from .model import (
    BoilerplateSection,
    Contact,
    ListBlock,
    Paragraph,
    Quote,
    Release,
    Subheading,
)
from .urls import URL_RE

NAR_NS = "http://iptc.org/std/nar/2006-10-01/"
XHTML_NS = "http://www.w3.org/1999/xhtml"
XML_NS = "http://www.w3.org/XML/1998/namespace"

STANDARD_VERSION = "2.35"
IPTC_CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml"
DEFAULT_PROVIDER = "pressroom.invalid"
"""Provider domain used when the caller names none. `.invalid` is reserved (RFC 2606), so an
unconfigured installation is recognisable in every guid instead of posing as someone else."""

PROFILE_VERSION = "1"
"""Bumped whenever the structure of the emitted item changes, so consumers can tell."""

HEADLINE_ROLE_ALIAS = "prhlrole"
CONTRIBUTOR_ROLE_ALIAS = "prctrrole"
SUBHEADLINE_ROLE = f"{HEADLINE_ROLE_ALIAS}:subheadline"
PRESS_CONTACT_ROLE = f"{CONTRIBUTOR_ROLE_ALIAS}:pressContact"

IPTC_ALIASES_USED = frozenset({"ninat", "stat", "genre", "drol", "irel", "loctyp"})
"""The IPTC catalog aliases this writer emits (the tests check each exists in catalog v41)."""

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_XML_SPACE = re.compile("[ \t\n\r]+")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})+$")
_LANG_TAG = re.compile(r"^[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*$")
_URL_TRAILING = ".,;:!?)]}'\"»”’"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "ug", "ur",
                            "yi"})
_SLUG_WORDS = 4
_SLUG_MAX = 40


# --------------------------------------------------------------------------- public API


def render_newsml(release: Release, *, pdf_href: str | None = "release.pdf", pdf_pages: int | None = None,
                  version: int = 1, provider: str | None = None,
                  version_created: dt.datetime | None = None) -> bytes:
    """The release as one NewsML-G2 2.35 `newsItem`, UTF-8 bytes with an XML declaration.

    `pdf_href` names the PDF rendition (relative to the XML; None: no PDF rendition) and
    `pdf_pages` its page count. `version` is the item version (>= 1; bump it for an edit).
    `provider` is the provider's domain name (it goes into the guid). `version_created` is
    when this version was made; by default the release's own issue time, so that output is
    reproducible (see `item_times`).
    """
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise PressroomError("newsml", f"item version must be a whole number >= 1, not {version!r}")
    if pdf_pages is not None and (isinstance(pdf_pages, bool) or not isinstance(pdf_pages, int)
                                  or pdf_pages < 0):
        raise PressroomError("newsml", f"PDF page count must be a whole number >= 0, not {pdf_pages!r}")
    domain = provider_domain(provider)
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

    _rights_info(root, release)
    _item_meta(root, release, domain, first, current)
    _content_meta(root, release, lang)

    content_set = _sub(root, "contentSet")
    inline = _sub(content_set, "inlineXML", contenttype="application/xhtml+xml")
    if pdf_href is not None:
        href = safe_uri(pdf_href)
        if href is None:
            raise PressroomError("newsml", f"the PDF location {pdf_href!r} is not a usable URI")
        remote = _sub(content_set, "remoteContent", href=href, contenttype="application/pdf")
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


def provider_domain(provider: str | None) -> str:
    """The provider as a lower-case ASCII domain name (IDNA for non-ASCII), as RFC 3085 wants."""
    if provider is None:
        return DEFAULT_PROVIDER
    text = provider.strip().rstrip(".")
    try:
        text = text.encode("idna").decode("ascii").lower()
    except UnicodeError:
        text = ""
    if not _DOMAIN.match(text):
        raise PressroomError("newsml", f"provider {provider!r} is not a domain name",
                             "pass the provider's domain, e.g. example.org")
    return text


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
    year = release.issued.year if release.issued else None
    if org:
        notice = f"Copyright {year} {org}. " if year else f"Copyright {org}. "
        notice += f"Press release; {org} is solely responsible for its content."
    else:
        notice = "Press release; the issuer is solely responsible for its content."
    _sub(rights, "copyrightNotice", text=notice)
    _sub(rights, "usageTerms", text="Press release: free for editorial use.")


def _item_meta(root: etree._Element, release: Release, domain: str, first: str | None, current: str) -> None:
    meta = _sub(root, "itemMeta")
    _sub(meta, "itemClass", qcode="ninat:text")
    _sub(meta, "provider", literal=domain)
    _sub(meta, "versionCreated", text=current)
    if first:
        _sub(meta, "firstCreated", text=first)
    embargo = iso_timestamp(release.embargo)
    if embargo:
        _sub(meta, "embargoed", text=embargo)  # the XSD wants it before pubStatus
    _sub(meta, "pubStatus", qcode="stat:usable")
    _sub(meta, "generator", text="Pressroom", versioninfo=__version__)
    _sub(meta, "profile", text="pressroom-press-release", versioninfo=PROFILE_VERSION)
    if release.embargo is not None:
        note = f"EMBARGO: not for publication before {embargo}."
        if not isinstance(release.embargo, dt.datetime):
            note += " (The release gives a date only; read as 00:00 UTC.)"
        _sub(meta, "edNote", text=note).set(_xml("lang"), "en")
    if release.issued is None:
        _sub(meta, "edNote", text="The release states no issue date.").set(_xml("lang"), "en")
    first_url = next((u for u in (_absolute_url(u) for u in release.urls) if u), None)
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
    for index, contact in enumerate(_contacts_with_content(release), 1):
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


def _contacts_with_content(release: Release) -> list[Contact]:
    """Contacts with at least one visible field; an empty one would be an empty element."""
    return [c for c in release.contacts
            if any(_line(v or "") for v in (c.name, c.title, c.organization, c.phone, c.phone_e164, c.email))]


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


class _Body:
    """Builds the XHTML body and counts the words and characters it shows.

    Counting happens as text is added (per block, whitespace collapsed, no separators between
    blocks) — the reading of `charcount` in IPTC's CR00201 example (two 16-character lines,
    charcount 32).
    """

    def __init__(self) -> None:
        self.words = 0
        self.chars = 0

    def count(self, text: str) -> None:
        self.words += len(text.split())
        self.chars += len(text)

    def block(self, parent: etree._Element, tag: str, text: str = "", cls: str | None = None,
              links: bool = True) -> etree._Element:
        element = _xh(parent, tag, cls)
        element.tail = "\n"
        if text:
            self.inline(element, text, links)
        return element

    def inline(self, element: etree._Element, text: str, links: bool = True) -> None:
        """Append `text` to `element`, URLs and e-mail addresses as links (lxml escapes)."""
        text = _line(text)
        self.count(text)
        pos = 0
        for start, end, cls, href in (_links(text) if links else []):
            _append_text(element, text[pos:start])
            _xh(element, "a", cls, href=href).text = text[start:end]
            pos = end
        _append_text(element, text[pos:])


def _links(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, class, href) of URLs and e-mail addresses in `text`, in order, not overlapping."""
    found = []
    for match in _EMAIL.finditer(text):
        address = match.group(0).rstrip(_URL_TRAILING)
        href = safe_uri(f"mailto:{address}")
        if href:
            found.append((match.start(), match.start() + len(address), "pr-email-link", href))
    for match in URL_RE.finditer(text):
        url = match.group(0).rstrip(_URL_TRAILING)
        href = _absolute_url(url)
        if href:
            found.append((match.start(), match.start() + len(url), "pr-url-link", href))
    out: list[tuple[int, int, str, str]] = []
    for link in sorted(found):
        if not out or link[0] >= out[-1][1]:
            out.append(link)
    return out


def _xhtml(release: Release, lang: str | None) -> tuple[etree._Element, int, int]:
    """The body in the structure and class names of docs/html-classes.md, as XHTML.

    Only content travels: no logo, brand lines, meta line or end mark, which are print
    furniture (the metadata carries type, dates and embargo in NewsML-G2 elements).
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
    out = _Body()

    out.block(body, "h1", release.headline, "pr-headline")
    if release.subheadline and _line(release.subheadline):
        out.block(body, "h2", release.subheadline, "pr-subheadline")

    dateline = _line(release.dateline.text) if release.dateline else ""
    if dateline and not (release.body and isinstance(release.body[0], Paragraph)):
        line = out.block(body, "p", "", "pr-dateline-line")
        out.inline(_xh(line, "span", "pr-dateline"), dateline, links=False)
        dateline = ""
    for block in release.body:
        if isinstance(block, Paragraph):
            p = out.block(body, "p", "", "pr-lead" if block.lead else "pr-paragraph")
            if dateline:
                if not _line(block.text).startswith(dateline):
                    span = _xh(p, "span", "pr-dateline")
                    out.inline(span, dateline, links=False)
                    span.tail = " "
                dateline = ""
            out.inline(p, block.text)
        elif isinstance(block, Subheading):
            out.block(body, "h2", block.text, "pr-subheading")
        elif isinstance(block, Quote):
            _quote(out, body, block, lead=block.lead)
        elif isinstance(block, ListBlock):
            items = [item for item in block.items if _line(item)]
            if items:
                lst = out.block(body, "ol" if block.ordered else "ul", "", "pr-list")
                lst.text = "\n"
                for item in items:
                    out.block(lst, "li", item)
    if _contacts_with_content(release):
        _contacts(out, body, release)
    sections = [s for s in release.boilerplate if _line(s.heading or "") or _paragraphs(s)]
    if sections:
        wrapper = out.block(body, "section", "", "pr-boilerplate")
        wrapper.text = "\n"
        for section in sections:
            _about(out, wrapper, section)
    return html, out.words, out.chars


def _quote(out: _Body, body: etree._Element, quote: Quote, lead: bool) -> None:
    """figure > blockquote (the whole text as written) + figcaption > cite, as in the HTML."""
    figure = out.block(body, "figure", "", "pr-quote pr-lead" if lead else "pr-quote")
    blockquote = _xh(figure, "blockquote", "pr-quote-text")
    out.block(blockquote, "p", quote.text)
    speaker, role = _line(quote.speaker or ""), _line(quote.role or "")
    if speaker or role:
        caption = _xh(figure, "figcaption", "pr-attribution")
        if speaker:
            out.inline(_xh(caption, "cite", "pr-speaker"), speaker, links=False)
        if speaker and role:
            _append_text(caption, ", ")
        if role:
            out.inline(_xh(caption, "span", "pr-role"), role, links=False)


def _contacts(out: _Body, body: etree._Element, release: Release) -> None:
    section = out.block(body, "section", "", "pr-contacts")
    section.text = "\n"
    heading = _line(release.contacts_heading or "")
    if heading:
        out.block(section, "h2", heading, "pr-contacts-heading", links=False)
    for contact in _contacts_with_content(release):
        address = out.block(section, "address", "", "pr-contact")
        for index, line in enumerate(_contact_lines(contact)):
            if index:
                _xh(address, "br")
            for position, (tag, cls, text, href) in enumerate(line):
                if position:
                    _append_text(address, ", ")
                element = _xh(address, tag, cls, href=href) if href else _xh(address, tag, cls)
                out.inline(element, text, links=False)


_Part = tuple[str, str, str, str | None]


def _contact_lines(contact: Contact) -> list[list[_Part]]:
    """Visible lines of (tag, class, text, href): "name, title, organization", phone, e-mail.

    The phone shows as written and links to its E.164 form only when that is known; a guessed
    `tel:` target from free text ("ext. 12", "n/a") would dial the wrong number.
    """
    first: list[_Part] = [("span", cls, _line(value), None)
                          for value, cls in ((contact.name, "pr-contact-name"),
                                             (contact.title, "pr-contact-title"),
                                             (contact.organization, "pr-contact-organization"))
                          if value and _line(value)]
    lines = [first] if first else []
    phone = _line(contact.phone or contact.phone_e164 or "")
    tel = safe_uri("tel:" + _line(contact.phone_e164 or "").replace(" ", "")) if contact.phone_e164 else None
    if phone:
        lines.append([("a" if tel else "span", "pr-contact-phone", phone, tel)])
    email = _line(contact.email or "")
    if email:
        href = safe_uri(f"mailto:{email}")
        lines.append([("a" if href else "span", "pr-contact-email", email, href)])
    return lines


def _about(out: _Body, parent: etree._Element, section: BoilerplateSection) -> None:
    """One "About" section; line breaks inside a paragraph (addresses) stay `<br/>`."""
    element = out.block(parent, "section", "", "pr-about")
    element.text = "\n"
    if section.heading and _line(section.heading):
        out.block(element, "h2", section.heading, "pr-about-heading", links=False)
    for paragraph in _paragraphs(section):
        p = out.block(element, "p")
        for index, line in enumerate(x for x in paragraph.split("\n") if _line(x)):
            if index:
                _xh(p, "br")
            out.inline(p, line)


def _paragraphs(section: BoilerplateSection) -> list[str]:
    """Boilerplate paragraphs are separated by a blank line (see model.BoilerplateSection)."""
    return [p for p in re.split(r"\n[ \t\r]*\n", _clean(section.text).replace("\r\n", "\n")) if _line(p)]


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


def _append_text(element: etree._Element, text: str) -> None:
    """Append text after the element's last child (as its tail) or to its text."""
    if not text:
        return
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


def _clean(text: str) -> str:
    """Remove what XML 1.0 cannot carry (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/FFFF)
    and the C1 controls it discourages; they are never meaningful in a press release."""
    return _ILLEGAL_XML.sub("", text)


def _line(text: str) -> str:
    """One-line text: cleaned, XML whitespace runs collapsed (NBSP and friends are kept)."""
    return _XML_SPACE.sub(" ", _clean(text)).strip()


def _fold(text: str) -> str:
    return _line(unicodedata.normalize("NFC", text)).casefold()


def _slug(text: str) -> str:
    """ASCII-folded, hyphenated handle for `literal` attributes (stable ids for parties)."""
    decomposed = unicodedata.normalize("NFKD", _line(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.sub(r"[\W_]+", "-", stripped).strip("-")[:64].strip("-")


def _absolute_url(url: str) -> str | None:
    """`www.example.org/x` → `https://www.example.org/x`; anything that is not a web URL → None."""
    url = _line(url)
    lower = url.lower()
    if lower.startswith("www."):
        url = "https://" + url
    elif not lower.startswith(("http://", "https://")):
        return None
    return safe_uri(url)


_URI_SAFE = "!$&'()*+,;=:@-._~%"


def safe_uri(text: str) -> str | None:
    """`text` as a URI reference xs:anyURI accepts, or None when it cannot be one.

    Press-release text holds URLs like `example.org/50%rabatt` or `a#b#c`; one of them in an
    `href` would make the whole item schema-invalid, so stray `%`, a second `#` and anything
    outside RFC 3986 are percent-encoded (non-ASCII as UTF-8) instead.
    """
    text = _line(text)
    if not text or " " in text:
        return None
    text = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", text)
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return None
    if parts.scheme and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme):
        return None
    if (parts.netloc or parts.scheme.lower() in ("http", "https")) and not _valid_authority(parts):
        return None
    userinfo, at, hostport = parts.netloc.rpartition("@")
    sub_delims = _URI_SAFE.replace("@", "")
    netloc = (quote(userinfo, safe=sub_delims) + "@" if at else "") + quote(
        hostport.removesuffix(":"), safe=sub_delims + "[]")  # libxml2 refuses an empty port
    path = quote(parts.path, safe=_URI_SAFE + "/")
    if not parts.scheme and not netloc and ":" in path.split("/", 1)[0]:
        path = "./" + path  # RFC 3986 4.2: a colon in the first segment would read as a scheme
    if not netloc and path.startswith("//"):
        path = "/." + path  # RFC 3986 3.3: without an authority, "//" would start one
    query = quote(parts.query, safe=_URI_SAFE + "/?")
    fragment = quote(parts.fragment, safe=_URI_SAFE + "/?")
    return urlunsplit((parts.scheme, netloc, path, query, fragment)) or None


def _valid_authority(parts: SplitResult) -> bool:
    """A host (name, IPv4 or bracketed IPv6) and, if any, a numeric port: libxml2 insists."""
    try:
        parts.port  # noqa: B018 - raises ValueError for a non-numeric or out-of-range port
    except ValueError:
        return False
    host = parts.hostname or ""
    if "[" in parts.netloc:
        return bool(re.fullmatch(r"[0-9a-f:.]+", host)) and ":" in host
    return bool(re.fullmatch(r"[\w-]+(?:\.[\w-]+)*\.?", host))


def _local_date(value: dt.date | dt.datetime | None) -> dt.date | None:
    """The calendar day the release itself states (in its own zone, not converted to UTC)."""
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value

