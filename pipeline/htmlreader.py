"""Structured (possibly hand-edited) HTML → Release: the way back in for `pressroom render`.

The visible document is the truth: an editor fixes a typo in the headline, adds a
paragraph or a list item, deletes the subheadline, and the next render must show exactly
that. So the reader reads the elements and class names of docs/html-classes.md and
never the JSON-LD or `<title>` (which an editor will not think of updating). It is
forgiving about what an editor plausibly does (a `<p>` without class is a paragraph, a
bare `<h2>` a subheading, a `<div>` wrapper is looked into) and strict about what it
cannot guess (no headline, an unreadable date) with a `PressroomError("html", ...)`.

Security: the input is hostile until proven otherwise. It is parsed by BeautifulSoup's
"lxml" tree builder, i.e. libxml2's *HTML* parser, which never resolves entities
declared in a DOCTYPE internal subset (`<!ENTITY e SYSTEM "file:///etc/passwd">` stays
the literal text `&e;`), never loads a DTD and never touches the network; only the
predefined HTML character references are decoded. tests/test_htmlreader.py checks this
against a real file. Input larger than `MAX_HTML_BYTES` is refused before parsing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from collections.abc import Iterator

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from .errors import PressroomError
from .htmlwriter import E164_RE, UNKNOWN_LANGUAGE
from .model import (
    Block,
    BoilerplateSection,
    Contact,
    Dateline,
    ListBlock,
    Paragraph,
    Quote,
    Release,
    Review,
    Source,
    Subheading,
    parse_iso,
)
from .review_marks import REVIEW_CONFIRMED
from .singleline import LANGUAGE_TAG, clean_single_lines
from .urls import release_urls

#: A press release with an inlined logo and brand CSS (even with fonts as data: URIs)
#: is far below this; anything larger is not a release and would only cost memory.
MAX_HTML_BYTES = 20 * 1024 * 1024

_SKIP = {"script", "style", "template", "noscript", "head", "title", "svg", "math", "iframe", "object"}
_BLOCK = {"p", "div", "section", "article", "header", "footer", "aside", "main", "nav", "address",
          "blockquote", "figure", "figcaption", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr",
          "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "form", "fieldset", "details", "summary"}
_SPACE = re.compile(r"\s+")
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
_CONTAINERS = {"div", "section", "article", "main", "aside", "header", "footer", "details"}
_IGNORED_IN_BODY = {"table", "img", "picture", "video", "audio", "hr", "form", "iframe", "object", "embed",
                    "canvas", "svg", "math", "script", "style", "template", "noscript", "dl"}


def read_html(html: str | bytes) -> Release:
    """Rebuild the Release from its HTML (see the module docstring for what is tolerated)."""
    size = len(html)
    if isinstance(html, str) and size * 4 > MAX_HTML_BYTES and size <= MAX_HTML_BYTES:
        size = len(html.encode("utf-8", "surrogatepass"))  # exact only when it can matter
    if size > MAX_HTML_BYTES:
        raise PressroomError("html", f"HTML is too large ({size:,} bytes; limit {MAX_HTML_BYTES:,})",
                             hint="a press release HTML is a few hundred kilobytes at most")
    try:
        soup = _parse(html)
        return _read(soup)
    except RecursionError:
        raise PressroomError("html", "HTML is nested too deeply to read") from None


def _parse(html: str | bytes) -> BeautifulSoup:
    """The parsed document, with BeautifulSoup's advice to the programmer kept from the user.

    bs4 warns (several lines on stderr) about XHTML with an XML declaration
    (XMLParsedAsHTMLWarning) or input that looks like a file name or URL; both are parsed
    the same either way, and a person running `pressroom render` can do nothing with it.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # bs4's warnings are all UserWarning subclasses
        return BeautifulSoup(_as_text(html), "lxml")


def _as_text(html: str | bytes) -> str | bytes:
    """UTF-8 (what the writer emits, BOM or not) decoded here; anything else is left to
    BeautifulSoup's detection, which honours `<meta charset>`."""
    if isinstance(html, str):
        return html
    try:
        return html.decode("utf-8-sig")
    except UnicodeDecodeError:
        return html


# --------------------------------------------------------------------------- text


def normalize(text: str) -> str:
    return " ".join(text.split())


def _walk(node: Tag) -> Iterator[str]:
    """Text pieces of `node`, depth-first without recursion: `<br>` and block-element
    boundaries become newlines; comments, scripts and styles contribute nothing."""
    stack: list[object] = list(reversed(node.contents))
    while stack:
        item = stack.pop()
        if isinstance(item, str) and not isinstance(item, NavigableString):
            yield item  # an end-of-block marker pushed below
        elif isinstance(item, PreformattedString):
            continue  # comments, CDATA, processing instructions, doctypes
        elif isinstance(item, NavigableString):
            yield _SPACE.sub(" ", item)  # a source line break is a space; only <br> breaks a line
        elif isinstance(item, Tag):
            name = item.name.lower()
            if name in _SKIP:
                continue
            if name == "br":
                yield "\n"
                continue
            if name in _BLOCK:
                yield "\n"
                stack.append("\n")
            stack.extend(reversed(item.contents))


def text_of(node: Tag | None) -> str:
    """Visible text, each line whitespace-normalized, empty lines dropped, joined by "\\n"."""
    if node is None:
        return ""
    lines = (normalize(line) for line in "".join(_walk(node)).split("\n"))
    return "\n".join(line for line in lines if line)


def _line(node: Tag | None) -> str | None:
    """Single-line text (headline, names…): all whitespace, line breaks included, to one space."""
    text = normalize(text_of(node)) if node is not None else ""
    return text or None


def _classes(tag: Tag) -> set[str]:
    value = tag.get("class") or []
    return set(value.split() if isinstance(value, str) else value)


def _first(root: Tag, selector: str) -> Tag | None:
    found = root.select_one(selector)
    return found if isinstance(found, Tag) else None


def _attr(tag: Tag, name: str) -> str | None:
    value = tag.get(name)
    if value is None:
        return None
    return " ".join(value) if isinstance(value, list) else str(value)


# --------------------------------------------------------------------------- the release


def _read(soup: BeautifulSoup) -> Release:
    root = _first(soup, "article.pr-release") or _first(soup, "article") or soup.body or soup
    headline_tag = _first(root, "h1.pr-headline") or _first(root, ".pr-headline") or _first(root, "h1")
    headline = _line(headline_tag)
    if not headline:
        raise PressroomError("html", "no headline: the HTML has no non-empty <h1 class=\"pr-headline\">",
                             hint="every release needs a headline; restore the <h1>")
    language = _read_language(soup)

    body_tag = _first(root, ".pr-body")
    dateline = _read_dateline(root)
    contacts_heading, contacts = _read_contacts(root)

    release = clean_single_lines(Release(
        headline=headline,
        language=None if language.lower() in ("", UNKNOWN_LANGUAGE) else language,
        organization=_line(_first(root, ".pr-organization")),
        release_type=_line(_first(root, ".pr-type")),
        subheadline=_line(_first(root, ".pr-subheadline")),
        issued=_read_time(_first(root, ".pr-issued"), "issued"),
        embargo=_read_time(_first(root, ".pr-embargo"), "embargo"),
        dateline=dateline,
        body=_read_body(body_tag) if body_tag is not None else [],
        contacts=contacts,
        contacts_heading=contacts_heading,
        boilerplate=_read_boilerplate(root),
        end_mark=_line(_first(root, ".pr-end-mark")),
        source=_read_source(soup),
    ))
    if not release.headline:
        raise PressroomError("html", "no headline: the <h1 class=\"pr-headline\"> holds only control characters",
                             hint="write the headline in words")
    release.urls = release_urls(release)
    release.review = _read_review(soup)
    return release


def _read_language(soup: BeautifulSoup) -> str:
    """`<html lang>`, refused unless it is a language tag: it becomes the e-mail's
    Content-Language header, where a line break would start a header of its own."""
    html_tag = soup.find("html")
    language = (_attr(html_tag, "lang") or "").strip() if isinstance(html_tag, Tag) else ""
    if language and not LANGUAGE_TAG.fullmatch(language):
        raise PressroomError("html", f"<html lang={language[:40]!r}> is not a language tag",
                             hint='write a BCP 47 tag such as lang="en" or lang="sv-SE"')
    return language


def _read_source(soup: BeautifulSoup) -> Source:
    values: dict[str, str] = {}
    for field in ("filename", "sha256", "encoding"):
        tag = soup.find("meta", attrs={"name": f"pressroom:source-{field}"})
        values[field] = (_attr(tag, "content") or "") if isinstance(tag, Tag) else ""
    return Source(filename=values["filename"], sha256=values["sha256"],
                  encoding=values["encoding"] or "utf-8")


def _read_review(soup: BeautifulSoup) -> Review:
    """The review record from the head metas (the `data-confidence` marks are derived, not read).

    An unreadable confidence map (hand-mangled JSON) is dropped rather than refused: the
    reasons and the state are what holding a release depends on, and they are plain text.
    """
    state = soup.find("meta", attrs={"name": "pressroom:review"})
    reasons = [_attr(tag, "content") or "" for tag in soup.find_all("meta", attrs={"name": "pressroom:review-reason"})
               if isinstance(tag, Tag)]
    confidence: dict[str, float] = {}
    tag = soup.find("meta", attrs={"name": "pressroom:confidence"})
    if isinstance(tag, Tag):
        try:
            data = json.loads(_attr(tag, "content") or "{}")
            confidence = {str(k): float(v) for k, v in data.items()} if isinstance(data, dict) else {}
        except (ValueError, TypeError):
            confidence = {}
    confirmed = isinstance(state, Tag) and (_attr(state, "content") or "").strip() == REVIEW_CONFIRMED
    return Review(confidence=confidence, reasons=[r for r in reasons if r], confirmed=confirmed)


def _read_time(tag: Tag | None, what: str) -> dt.date | dt.datetime | None:
    """The `datetime` attribute (the visible text is for people and may be localized)."""
    if tag is None:
        return None
    time_tag = tag if tag.name == "time" else tag.find("time")
    value = _attr(time_tag, "datetime") if isinstance(time_tag, Tag) else None
    if value is None:
        value = text_of(time_tag if isinstance(time_tag, Tag) else tag)
    value = value.strip()
    if not value:
        return None
    try:
        parsed = parse_iso(value)
    except ValueError:
        parsed = None
    if parsed is None or (isinstance(parsed, dt.datetime) and parsed.utcoffset() is None):
        raise PressroomError("html", f"{what} date {value!r} is not ISO 8601 (date, or date-time and offset)",
                             hint='write it as <time datetime="2006-11-07"> or "2006-11-07T11:58:00+01:00"')
    return parsed


def _read_dateline(scope: Tag) -> Dateline | None:
    """The dateline, removed from the tree so the lead paragraph reads without it."""
    tag = _first(scope, ".pr-dateline")
    if tag is None:
        return None
    text = _line(tag)
    city, distributor = _attr(tag, "data-city"), _attr(tag, "data-distributor")
    tag.decompose()
    if not text:
        return None
    return Dateline(text=text, city=city, distributor=distributor)


def _read_body(body: Tag) -> list[Block]:
    blocks: list[Block] = []
    inline: list[object] = []

    def flush() -> None:
        text = "".join(_walk_all(inline)).strip()
        lines = [normalize(x) for x in text.split("\n")]
        text = "\n".join(x for x in lines if x)
        if text:
            blocks.append(Paragraph(text=text))
        inline.clear()

    # Explicit stack instead of recursion: an editor's nested <div>s are looked into.
    stack: list[object] = list(reversed(body.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, Tag) and (node.name.lower() in _BLOCK or node.name.lower() in _IGNORED_IN_BODY):
            flush()
            name = node.name.lower()
            if name in _CONTAINERS and not ({"pr-quote"} & _classes(node)):
                stack.extend(reversed(node.contents))
                continue
            block = _read_block(node)
            if block is not None:
                blocks.append(block)
        elif isinstance(node, PreformattedString):
            continue
        else:
            inline.append(node)
    flush()
    return blocks


def _walk_all(nodes: list[object]) -> Iterator[str]:
    for node in nodes:
        if isinstance(node, Tag):
            if node.name.lower() == "br":
                yield "\n"
            elif node.name.lower() not in _SKIP:
                yield from _walk(node)
        elif isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            yield _SPACE.sub(" ", node)


def _read_block(node: Tag) -> Block | None:
    name = node.name.lower()
    classes = _classes(node)
    if name == "figure" or "pr-quote" in classes:
        return _read_quote(node, node.find("blockquote"), lead="pr-lead" in classes)
    if name == "blockquote":
        return _read_quote(node, node, lead="pr-lead" in classes)
    if name in ("ul", "ol"):
        items = [text_of(li) for li in node.find_all("li", recursive=False)]
        return ListBlock(items=[i for i in items if i], ordered=name == "ol")
    if name in _HEADINGS or name == "h1":
        text = _line(node)
        return Subheading(text=text) if text else None
    if name in _IGNORED_IN_BODY:
        return None
    text = text_of(node)  # p, pre, address, figcaption… an editor's block of text
    if not text:
        return None
    return Paragraph(text=text, lead="pr-lead" in classes)


def _read_quote(figure: Tag, blockquote: Tag | None, lead: bool) -> Quote | None:
    if blockquote is None:  # a figure without blockquote: its text, minus the caption
        text = text_of(figure) if figure.find("figcaption") is None else None
        if not text:
            return None
        return Quote(text=text, quote=text, lead=lead)
    text = text_of(blockquote)
    if not text:
        return None
    spoken = _attr(figure, "data-quote")
    speaker = _line(_first(figure, ".pr-speaker") or _first(figure, "figcaption cite"))
    role = _line(_first(figure, ".pr-role"))
    return Quote(text=text, quote=normalize(spoken) if spoken and spoken.strip() else text,
                 speaker=speaker, role=role, lead=lead)


def _read_contacts(root: Tag) -> tuple[str | None, list[Contact]]:
    section = _first(root, ".pr-contacts")
    if section is None:
        return None, []
    heading = _first(section, ".pr-contacts-heading") or _first(section, "h2, h3, h4")
    contacts = []
    for address in section.select(".pr-contact") or section.find_all("address"):
        contacts.append(_read_contact(address))
    return _line(heading), contacts


def _read_contact(address: Tag) -> Contact:
    # pr-name/pr-phone/... are the NewsML-G2 body's names, accepted for pasted markup
    phone_tag = _first(address, ".pr-contact-phone, .pr-phone") or _first(address, 'a[href^="tel:"]')
    email_tag = _first(address, ".pr-contact-email, .pr-email") or _first(address, 'a[href^="mailto:"]')
    e164 = None
    if phone_tag is not None:
        href = (_attr(phone_tag, "href") or "").strip()
        target = href[4:] if href.lower().startswith("tel:") else ""
        e164 = target if E164_RE.fullmatch(target) else None
    return Contact(
        name=_line(_first(address, ".pr-contact-name, .pr-name")),
        title=_line(_first(address, ".pr-contact-title, .pr-title")),
        organization=_line(_first(address, ".pr-contact-organization, .pr-contact-org, .pr-org")),
        phone=_line(phone_tag),
        phone_e164=e164,
        email=_line(email_tag),
    )


def _read_boilerplate(root: Tag) -> list[BoilerplateSection]:
    container = _first(root, ".pr-boilerplate")
    if container is None:
        return []
    sections = container.select(".pr-about") or [container]
    out = []
    for section in sections:
        heading_tag = _first(section, ".pr-about-heading") or _first(section, "h2, h3, h4")
        heading = _line(heading_tag)
        if heading_tag is not None:
            heading_tag.extract()
        paragraphs = [text_of(p) for p in section.find_all("p")]
        if not section.find_all("p"):
            paragraphs = [text_of(section)]
        text = "\n\n".join(p for p in paragraphs if p)
        if text or heading:
            out.append(BoilerplateSection(heading=heading, text=text))
    return out
