"""The release body in the plain XHTML subset that news ingesters keep: one vocabulary for every feed.

NewsML-G2's inline XHTML, NITF's `body.content` and ninjs' HTML body all come from
`plain_body`, so a fix to how a quote or a contact travels is made once. The subset is what
agency systems map without loss: `p`, `h2`, `blockquote`, `ul`/`ol`/`li`, `a`, `br` and
`cite` (for a quote's attribution); no classes, no spans, no figures, no sections.

Two shapes, because the best-known ingester is cruder than the format:

* `flat=True` — every block is one element whose *only* content is its text: no child
  elements at all. Superdesk's NewsML-G2 parser (superdesk-core 2.5.3,
  `parse_inline_content`) rebuilds the body from `<tag>elem.text</tag>` of each child of
  `<body>`, so any inline element (a link, a span opening the lead, a `<p>` inside a
  `<blockquote>`, the `<li>`s of a list) cuts or empties the block. Flat blocks therefore
  keep URLs and e-mail addresses as text, carry a quote's attribution inside the quote's
  text, give every list item its own paragraph with its bullet or number, and put each
  contact and each line of an About address on a paragraph of its own. Used for NewsML-G2.
* `flat=False` — the same blocks with real structure: `ul`/`ol` > `li`, links as `<a>`,
  `blockquote` > `p` + `cite`, address lines joined by `<br/>`. Used for NITF and ninjs,
  whose consumers read nested markup.

The elements come without a namespace; each writer puts them in its own (XHTML, NITF).
The dateline is never a separate inline element: it opens the lead's text, unless the lead
already starts with it (see `dateline_joiner`).
"""

from __future__ import annotations

import re

from lxml import etree

from .language import load_language
from .model import BoilerplateSection, Contact, ListBlock, Paragraph, Quote, Release, Subheading
from .xmltext import clean, line, links, safe_uri

BULLET = "•"
_SEPARATE = frozenset({"br", "p", "li", "cite", "block", "credit"})
_DASH_END = re.compile(r"[-–—:/|]\s*$")


def plain_body(release: Release, *, flat: bool) -> list[etree._Element]:
    """The visible content of `release` (not the headline: every feed carries it as metadata).

    Order: subheadline, dateline (when the body does not open with a paragraph), the body
    blocks, the contacts under their heading, the About sections.
    """
    out: list[etree._Element] = []
    if line(release.subheadline):
        out.append(_block("h2", release.subheadline or "", flat))
    dateline = line(release.dateline.text) if release.dateline else ""
    if dateline and not (release.body and isinstance(release.body[0], Paragraph)):
        out.append(_block("p", dateline, flat=True))
        dateline = ""
    for block in release.body:
        if isinstance(block, Paragraph):
            text = line(block.text)
            if dateline:
                text = dateline_joiner(dateline, text)
                dateline = ""
            if text:
                out.append(_block("p", text, flat))
        elif isinstance(block, Subheading) and line(block.text):
            out.append(_block("h2", block.text, flat))
        elif isinstance(block, Quote) and line(block.text):
            out.append(_quote(block, flat))
        elif isinstance(block, ListBlock):
            out.extend(_list(block, flat))
    out.extend(_contacts(release, flat))
    for section in release.boilerplate:
        out.extend(_about(section, flat))
    return out


def dateline_joiner(dateline: str, text: str) -> str:
    """The lead's text opened by the dateline, as the wire writes it ("CITY, date – Lead").

    A lead that already starts with the dateline is left alone; a dateline that ends in a
    dash, colon or slash ("WASHINGTON, July 31 –", "/24-7PressRelease/ --") is followed by a space.
    """
    if not dateline or text.startswith(dateline):
        return text
    return f"{dateline} {text}" if _DASH_END.search(dateline) else f"{dateline} – {text}"


def counts(blocks: list[etree._Element]) -> tuple[int, int]:
    """(words, characters) of the visible text, block by block with no separators (IPTC CR00201)."""
    texts = [block_text(block) for block in blocks]
    return sum(len(t.split()) for t in texts), sum(len(t) for t in texts)


def block_text(block: etree._Element) -> str:
    """A block's text on one line, as a reader sees it: `<br/>` and nested blocks count as a space."""
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        parts.append(element.text or "")
        for child in element:
            separate = etree.QName(child).localname in _SEPARATE
            parts.append(" " if separate else "")
            walk(child)
            parts.append(" " if separate else "")
            parts.append(child.tail or "")

    walk(block)
    return line("".join(parts))


def quote_with_attribution(quote: Quote) -> str:
    """The quote as written, followed by "— speaker, role" when the text does not name the speaker."""
    text = line(quote.text)
    speaker, role = line(quote.speaker), line(quote.role)
    credit = ", ".join(v for v in (speaker, role) if v)
    if credit and not (speaker and speaker in text):
        return f"{text} — {credit}"
    return text


def contact_parts(contact: Contact) -> list[tuple[str, str | None]]:
    """(text, href) of a contact's visible parts: name, title, organization, phone, e-mail.

    The phone links to `tel:` only with a known E.164 form: a target guessed from free text
    ("ext. 12", "n/a") would dial the wrong number.
    """
    parts: list[tuple[str, str | None]] = [(line(v), None) for v in (contact.name, contact.title, contact.organization)
                                           if line(v)]
    phone = line(contact.phone or contact.phone_e164)
    if phone:
        tel = safe_uri("tel:" + line(contact.phone_e164).replace(" ", "")) if contact.phone_e164 else None
        parts.append((phone, tel))
    email = line(contact.email)
    if email:
        parts.append((email, safe_uri(f"mailto:{email}")))
    return parts


def contacts_with_content(release: Release) -> list[Contact]:
    """Contacts with at least one visible field; an empty one would be an empty block."""
    return [c for c in release.contacts if contact_parts(c)]


def contacts_heading(release: Release) -> str:
    """The release's own heading for its contacts, else its language's (none for an unknown language).

    Without a heading the contact lines would read as body text in an agency's editor.
    """
    heading = line(release.contacts_heading)
    if heading:
        return heading
    language = load_language(release.language)
    return line(language.contact_headings[0]) if language.contact_headings and not language.fallback else ""


def about_paragraphs(section: BoilerplateSection) -> list[list[str]]:
    """Paragraphs (blank-line separated, see model.BoilerplateSection), each as its visible lines."""
    paragraphs = re.split(r"\n[ \t\r]*\n", clean(section.text).replace("\r\n", "\n"))
    out = [[line(x) for x in p.split("\n") if line(x)] for p in paragraphs]
    return [p for p in out if p]


# --------------------------------------------------------------------------- blocks


def _block(tag: str, text: str, flat: bool) -> etree._Element:
    element = etree.Element(tag)
    _inline(element, line(text), flat)
    return element


def _inline(element: etree._Element, text: str, flat: bool) -> None:
    """Text into `element`; unless flat, URLs and e-mail addresses become `<a>` (lxml escapes)."""
    if flat:
        _append(element, text)
        return
    pos = 0
    for start, end, _kind, href in links(text):
        _append(element, text[pos:start])
        anchor = etree.SubElement(element, "a", href=href)
        anchor.text = text[start:end]
        pos = end
    _append(element, text[pos:])


def _quote(quote: Quote, flat: bool) -> etree._Element:
    blockquote = etree.Element("blockquote")
    if flat:
        blockquote.text = quote_with_attribution(quote)
        return blockquote
    _inline(etree.SubElement(blockquote, "p"), line(quote.text), flat)
    credit = ", ".join(v for v in (line(quote.speaker), line(quote.role)) if v)
    if credit:
        etree.SubElement(blockquote, "cite").text = credit
    return blockquote


def _list(block: ListBlock, flat: bool) -> list[etree._Element]:
    items = [line(item) for item in block.items if line(item)]
    if not items:
        return []
    if flat:
        return [_block("p", f"{index}. {item}" if block.ordered else f"{BULLET} {item}", flat)
                for index, item in enumerate(items, 1)]
    lst = etree.Element("ol" if block.ordered else "ul")
    for item in items:
        _inline(etree.SubElement(lst, "li"), item, flat)
    return [lst]


def _contacts(release: Release, flat: bool) -> list[etree._Element]:
    contacts = contacts_with_content(release)
    if not contacts:
        return []
    heading = contacts_heading(release)
    out = [_block("h2", heading, flat)] if heading else []
    for contact in contacts:
        p = etree.Element("p")
        for index, (text, href) in enumerate(contact_parts(contact)):
            if index:
                _append(p, ", ")
            if href and not flat:
                anchor = etree.SubElement(p, "a", href=href)
                anchor.text = text
            else:
                _append(p, text)
        out.append(p)
    return out


def _about(section: BoilerplateSection, flat: bool) -> list[etree._Element]:
    paragraphs = about_paragraphs(section)
    out = [_block("h2", section.heading or "", flat)] if line(section.heading) else []
    if not paragraphs:
        return out
    for lines in paragraphs:
        if flat:
            out.extend(_block("p", text, flat) for text in lines)
            continue
        p = etree.Element("p")
        for index, text in enumerate(lines):
            if index:
                etree.SubElement(p, "br")
            _inline(p, text, flat)
        out.append(p)
    return out


def _append(element: etree._Element, text: str) -> None:
    """Append text after the element's last child (as its tail) or to its text."""
    if not text:
        return
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text

