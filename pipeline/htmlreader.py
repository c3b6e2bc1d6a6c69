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

Nothing is lost silently. libxml2's parser predates HTML5 and reads `<embed>`, `<wbr>`,
`<source>`, `<track>` and `<keygen>` as containers, which swallowed every following block
into an element the reader skips; they are written self-closing before parsing, which
libxml2 honours. After reading, every word of the body's visible text must be in the
blocks; text the reader cannot place (a table, a definition list, a paragraph straight
inside a list) is a `PressroomError` naming the element, never a quiet omission.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
import warnings
from collections import Counter
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
    Picture,
    Quote,
    Release,
    Rendition,
    Review,
    Source,
    Subheading,
    parse_iso,
)
from .pictures.names import is_media_href, safe_name
from .review_marks import REVIEW_CONFIRMED
from .singleline import LANGUAGE_TAG, clean_single_lines
from .urls import release_urls

#: A press release with an inlined logo and brand CSS (even with fonts as data: URIs)
#: is far below this; anything larger is not a release and would only cost memory.
MAX_HTML_BYTES = 20 * 1024 * 1024
#: A release page has a few hundred tags (a few thousand with an intricate inline logo).
#: BeautifulSoup builds ~25,000 elements a second, so this bounds the parse to seconds.
MAX_TAGS = 100_000

_SKIP = {"script", "style", "template", "noscript", "head", "title", "svg", "math", "iframe", "object"}
_BLOCK = {"p", "div", "section", "article", "header", "footer", "aside", "main", "nav", "address",
          "blockquote", "figure", "figcaption", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr",
          "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "form", "fieldset", "details", "summary"}
_SPACE = re.compile(r"\s+")
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
_CONTAINERS = {"div", "section", "article", "main", "aside", "header", "footer", "details"}
#: HTML5 void elements libxml2's HTML parser does not know as void (it knows area, col, param,
#: img, input, br, hr, meta, link, base).
_UNKNOWN_VOIDS = re.compile(r"<(?:embed|wbr|source|track|keygen)(?=[\s/>])", re.IGNORECASE)
_UNKNOWN_VOIDS_B = re.compile(_UNKNOWN_VOIDS.pattern.encode(), re.IGNORECASE)
_TAG_END = re.compile(r"""(?:[^>"']++|"[^"]*+"|'[^']*+')*+>""")
_TAG_END_B = re.compile(_TAG_END.pattern.encode())
#: Not content: skipped in the body without a word (and without the no-loss check).
_NOT_CONTENT = {"script", "style", "template", "noscript"}
_INK = re.compile(r"\w")  # letters and digits: the writer's own ", " between speaker and role is not text
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
    text = _as_text(html)
    tags = text.count(b"<" if isinstance(text, bytes) else "<")
    if tags > MAX_TAGS:
        raise PressroomError("html", f"HTML has too many tags (up to {tags:,}; limit {MAX_TAGS:,})",
                             hint="a press release page has a few hundred elements")
    try:
        soup = _parse(close_html5_voids(text))
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
        return BeautifulSoup(html, "lxml")


def _as_text(html: str | bytes) -> str | bytes:
    """UTF-8 (what the writer emits, BOM or not) decoded here; anything else is left to
    BeautifulSoup's detection, which honours `<meta charset>`."""
    if isinstance(html, str):
        return html
    try:
        return html.decode("utf-8-sig")
    except UnicodeDecodeError:
        return html


def close_html5_voids(html: str | bytes) -> str | bytes:
    """Write `<embed ...>`, `<wbr>`, `<source ...>`, `<track ...>`, `<keygen ...>` as `<x .../>`.

    Linear: the tag's end is matched with possessive quantifiers (no backtracking), stepping
    over quoted attribute values (which may hold a `>`). " /" rather than "/": after an
    unquoted value (`src=x/>`) the slash would be read as part of the value. A tag that
    never ends (an unterminated quote swallows the rest of the page) is a `PressroomError`.
    """
    is_bytes = isinstance(html, bytes)
    start_re, end_re = (_UNKNOWN_VOIDS_B, _TAG_END_B) if is_bytes else (_UNKNOWN_VOIDS, _TAG_END)
    out: list = []
    pos = 0
    for match in start_re.finditer(html):
        if match.start() < pos:
            continue  # inside the previous tag's attributes
        end = end_re.match(html, match.end())
        if end is None:
            tag = html[match.start():match.start() + 40]
            tag = tag.decode("ascii", "replace") if isinstance(tag, bytes) else tag
            raise PressroomError("html", f"a tag never ends ({tag!r}…, at character {match.start()}): "
                                 "the rest of the page would be lost", hint="close the tag's quotes and its >")
        stop = end.end()
        out.append(html[pos:stop - 1])
        if html[stop - 2:stop - 1] not in ("/", b"/"):
            out.append(b" /" if is_bytes else " /")
        out.append(html[stop - 1:stop])
        pos = stop
    out.append(html[pos:])
    return (b"" if is_bytes else "").join(out)


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


_SIMPLE_SELECTOR = re.compile(r"^\s*([a-z][a-z0-9]*)?(?:\.([\w-]+))?\s*$")


class _Index:
    """Every tag of the document by name, class and name.class, in document order.

    soupsieve's `select_one` costs ~50 µs per element, and the reader asks ~20 questions of
    the whole page: a page of 200,000 `<wbr>`s took 40 s. One pass here, then each
    "first `.pr-x` under this element" is a binary search.
    """

    def __init__(self, soup: BeautifulSoup) -> None:
        self.position: dict[int, int] = {}
        self.tags: list[Tag] = []
        self.by_key: dict[str, list[int]] = {}
        for tag in soup.find_all(True):
            at = len(self.tags)
            self.position[id(tag)] = at
            self.tags.append(tag)
            name = tag.name.lower()
            keys = {name}
            for cls in _classes(tag):
                keys.update((f".{cls}", f"{name}.{cls}"))
            for key in keys:
                self.by_key.setdefault(key, []).append(at)

    def first(self, root: Tag, keys: list[str]) -> Tag | None:
        """The first tag strictly inside `root` (still attached there) with any of `keys`."""
        start = self.position.get(id(root), -1)
        end = self._last_position(root)
        best: Tag | None = None
        best_at = end + 1
        for key in keys:
            found = self.by_key.get(key, [])
            i = bisect.bisect_right(found, start)
            while i < len(found) and found[i] < best_at:
                tag = self.tags[found[i]]
                if not tag.decomposed and _inside(tag, root):
                    best, best_at = tag, found[i]
                    break
                i += 1
        return best

    def _last_position(self, root: Tag) -> int:
        """Position of the last tag in `root`'s subtree (following last children)."""
        node: Tag = root
        while True:
            last = next((c for c in reversed(node.contents) if isinstance(c, Tag)), None)
            if last is None:
                return self.position.get(id(node), len(self.tags))
            node = last


def _inside(tag: Tag, root: Tag) -> bool:
    parent = tag.parent
    while parent is not None:
        if parent is root:
            return True
        parent = parent.parent
    return False


def _first(root: Tag, selector: str) -> Tag | None:
    """`root.select_one(selector)`, answered from the document's `_Index` for plain selectors."""
    index = _index_of(root)
    parts = [_SIMPLE_SELECTOR.match(part) for part in selector.split(",")]
    if index is not None and all(parts):
        keys = [(m.group(1) or "") + (f".{m.group(2)}" if m.group(2) else "") for m in parts if m]
        if all(keys):
            return index.first(root, keys)
    found = root.select_one(selector)
    return found if isinstance(found, Tag) else None


def _index_of(node: Tag) -> _Index | None:
    top: Tag = node
    while top.parent is not None:
        top = top.parent
    index = getattr(top, "_pressroom_index", None)
    return index if isinstance(index, _Index) else None


def _attr(tag: Tag, name: str) -> str | None:
    value = tag.get(name)
    if value is None:
        return None
    return " ".join(value) if isinstance(value, list) else str(value)


# --------------------------------------------------------------------------- the release


def _read(soup: BeautifulSoup) -> Release:
    soup._pressroom_index = _Index(soup)  # type: ignore[attr-defined]
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
        body=_read_body_whole(body_tag) if body_tag is not None else [],
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
    release.pictures = _read_pictures(root)
    return release


def _read_pictures(root: Tag) -> list[Picture]:
    """Every `figure.pr-picture`, or an editor's plain `<figure><img src="media/...">` outside the body.

    Only `media/<name>` sources are pictures: a `src` pointing anywhere else (a URL, `file:`,
    `../`) is not something this release owns, so it is left out rather than fetched.
    """
    pictures: list[Picture] = []
    seen: set[str] = set()
    for figure in root.find_all("figure"):
        img = figure.find("img")
        if "pr-picture" not in _classes(figure) and img is None:
            continue
        src = _attr(img, "src") if img is not None else None
        name = _attr(figure, "data-file") or (src.split("/", 1)[1] if src and is_media_href(src) else None)
        if not name or safe_name(name) in seen:
            continue
        name = safe_name(name)
        seen.add(name)
        pictures.append(Picture(
            file=name, alt=(_attr(img, "alt") or None) if img is not None else None,
            caption=_line(_first(figure, ".pr-caption")) or (None if _first(figure, ".pr-credit") else
                                                              _line(figure.find("figcaption"))),
            credit=_line(_first(figure, ".pr-credit")), rights=_attr(figure, "data-rights"),
            role="lead" if "pr-picture-lead" in _classes(figure) else "other",
            renditions=_read_renditions(_attr(figure, "data-renditions"))))
    for extra in [p for p in pictures if p.role == "lead"][1:]:
        extra.role = "other"  # one photo goes under the headline
    return pictures


def _read_renditions(text: str | None) -> list[Rendition]:
    """The `data-renditions` JSON, keeping only well-formed entries under `media/`."""
    try:
        items = json.loads(text) if text else []
    except ValueError:
        return []
    out = []
    for item in items if isinstance(items, list) else []:
        try:
            rendition = Rendition(name=str(item["name"]), href=str(item["href"]), width=int(item["width"]),
                                  height=int(item["height"]), size=int(item["size"]), mime=str(item["mime"]))
        except (KeyError, TypeError, ValueError):
            continue
        if is_media_href(rendition.href):
            out.append(rendition)
    return out


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


def _read_body_whole(body: Tag) -> list[Block]:
    """The body's blocks, or a `PressroomError` naming the first element whose text they lack."""
    blocks = _read_body(body)
    # Blocks only ever hold text taken from the body, so if the body's visible letters and
    # digits are not all in the blocks, something was dropped. Counted per character, not
    # per word: a <wbr> or an <em> splits a word over two text nodes.
    kept: Counter[str] = Counter()
    for block in blocks:
        kept.update(_INK.findall(_block_text(block)))
    for node in _visible_strings(body):
        ink = Counter(_INK.findall(node))
        if ink - kept:
            raise _not_kept(node, body)
        kept.subtract(ink)
    return blocks


def _visible_strings(root: Tag) -> Iterator[NavigableString]:
    """Text nodes in document order, without recursion, outside skipped elements and comments."""
    stack: list[object] = list(reversed(root.contents))
    while stack:
        item = stack.pop()
        if isinstance(item, Tag):
            name = item.name.lower()
            if name not in _SKIP and name not in _NOT_CONTENT:
                stack.extend(reversed(item.contents))
        elif isinstance(item, NavigableString) and not isinstance(item, PreformattedString):
            yield item


def _block_text(block: Block) -> str:
    if isinstance(block, ListBlock):
        return "\n".join(block.items)
    if isinstance(block, Quote):
        return " ".join(x for x in (block.text, block.speaker, block.role) if x)
    return block.text


def _not_kept(node: NavigableString, body: Tag) -> PressroomError:
    """The error for text that no block holds, naming the outermost element it sits in below the body."""
    element = node.parent
    for parent in node.parents:
        if parent is body or not isinstance(parent, Tag):
            break
        element = parent
    name = element.name.lower() if isinstance(element, Tag) else "text"
    snippet = normalize(str(node))[:60]
    return PressroomError(
        "html", f"the body's <{name}> holds text that was not kept ({snippet!r})",
        hint="a release body is paragraphs, headings, quotes and lists: turn the table/definition list/"
             "form into those, and put list text inside <li>")


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
        if isinstance(node, Tag) and node.name.lower() in _NOT_CONTENT:
            continue
        if isinstance(node, Tag) and (node.name.lower() in _BLOCK or node.name.lower() in _IGNORED_IN_BODY):
            flush()
            name = node.name.lower()
            if name in _CONTAINERS and not ({"pr-quote"} & _classes(node)):
                stack.extend(reversed(node.contents))
                continue
            if name in _IGNORED_IN_BODY and name not in _SKIP and node.get_text().strip():
                raise _not_kept(next(t for t in node.find_all(string=True) if t.strip()), body)
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
