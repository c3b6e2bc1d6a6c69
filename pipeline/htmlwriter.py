"""Release → structured HTML5: the canonical, hand-editable intermediate.

The HTML is what an editor may open, fix and feed back (`pressroom render`), what the
PDF renderer lays out, and what a browser shows from disk. Hence three rules:

* Every model field is visible or carried in an attribute, under the stable class names
  of docs/architecture.md (listed for brand-CSS authors in docs/html-classes.md), so
  `htmlreader.read_html` can rebuild the exact `Release` from the visible document.
* Everything is escaped (Jinja2 autoescape; JSON-LD and CSS have their own raw-text
  escaping below), and only http/https links are ever generated.
* The file is self-contained: brand CSS inlined in `<style>`, the logo inlined as SVG
  markup, no `<link>`, `<img src>` or `<script src>`; opening it needs no network.

The view model is computed in plain Python (`build_context`); the Jinja2 template only
arranges it. A brand may override the template (`Brand.template`) by extending
`release.html.j2` and replacing its blocks.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as url_quote

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from . import __version__
from .emails import EMAIL_RE  # the one e-mail pattern: what the parser calls an address is what gets linked
from .errors import PressroomError
from .language import Display, load_language, resolve_code
from .model import LOW_CONFIDENCE, Contact, ListBlock, Paragraph, Picture, Quote, Release, Review, Subheading, iso
from .pictures.names import MEDIA_DIR, is_media_href, safe_name
from .review_marks import REVIEW_CONFIRMED, REVIEW_NEEDED, REVIEW_STYLE
from .urls import URL_RE, find_urls

if TYPE_CHECKING:  # brand.py is written alongside; only attributes are used, via getattr
    from .brand import Brand

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
BASE_TEMPLATE = "release.html.j2"
MINIMAL_CSS = "minimal.css"
GENERATOR = f"Pressroom {__version__}"

#: `<html lang>` when the release's language is unknown (BCP 47 "undetermined"); the
#: reader maps it back to `None`.
UNKNOWN_LANGUAGE = "und"

#: An E.164 number as a tel: target. The reader takes `phone_e164` from a tel: link iff
#: its target has this shape, so the writer never links a non-E.164 phone that looks like one.
E164_RE = re.compile(r"\+[1-9][0-9]{1,14}")


META_SOURCE = ("filename", "sha256", "encoding")

# --------------------------------------------------------------------------- dates

def _display(language: str | None) -> Display | None:
    """The language file's display table, or None when no file covers the language."""
    if not language or resolve_code(language) is None:
        return None
    return load_language(language).display


def _zone(value: dt.datetime, display: Display | None) -> str:
    offset = value.utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    text = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    if display and text in display.zones:
        return display.zones[text]
    return "UTC" if not minutes else f"UTC{text}"


def human_date(value: dt.date | dt.datetime, language: str | None) -> str:
    """A reader-friendly date in the release's language; ISO where no language file exists.

    Only display text: the `datetime` attribute beside it carries the exact value, so
    the wording here may change freely without breaking the round trip. The words and
    formats come from the `[display]` table of the language's data file.
    """
    display = _display(language)
    if display:
        day = display.date_format.format(d=value.day, m=display.months[value.month - 1], y=value.year)
    else:
        day = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if not isinstance(value, dt.datetime):
        return day
    time_format = display.time_format if display else "{H}:{M}"
    clock = time_format.format(H=f"{value.hour:02d}", M=f"{value.minute:02d}")
    return f"{day} {clock} {_zone(value, display)}"


def embargo_label(language: str | None) -> str:
    display = _display(language)
    return display.embargo_label if display else "Embargo"


# --------------------------------------------------------------------------- text → markup


def _link(href: str, text: str, cls: str) -> Markup:
    return Markup('<a class="{}" href="{}">{}</a>').format(cls, href, text)


def _link_spans(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, href, class) of every URL and e-mail address, leftmost first, no overlaps.

    The leftmost match wins, so `info@www.example.com` is one e-mail link and
    `https://user@host.example/` one URL link.
    """
    spans = []
    for match in URL_RE.finditer(text):
        found = find_urls(match.group(0))
        if found:
            url = found[0]
            href = url if url.lower().startswith(("http://", "https://")) else "https://" + url
            spans.append((match.start(), match.start() + len(url), href, "pr-url-link"))
    for match in EMAIL_RE.finditer(text):
        href = "mailto:" + url_quote(match.group(0), safe="@.+-_")
        spans.append((match.start(), match.end(), href, "pr-email-link"))
    spans.sort(key=lambda s: (s[0], -s[1]))
    chosen: list[tuple[int, int, str, str]] = []
    for span in spans:
        if not chosen or span[0] >= chosen[-1][1]:
            chosen.append(span)
    return chosen


def linkify(text: str) -> Markup:
    """Escaped text with URLs (http, https, www.) and e-mail addresses as live links.

    URLs are found with the same rule as `pipeline.urls`, so the linked text is exactly
    what lands in `Release.urls`. Only http/https targets are generated (a bare `www.`
    becomes https://); the visible text is never changed, so reading it back is exact.
    """
    out = Markup()
    pos = 0
    for start, end, href, cls in _link_spans(text):
        out += escape(text[pos:start]) + _link(href, text[start:end], cls)
        pos = end
    return out + escape(text[pos:])


def rich_text(text: str, links: bool = True) -> Markup:
    """Text as inline HTML: line breaks as `<br>`, optionally with live links."""
    render = linkify if links else escape
    return Markup("<br>").join(render(line) for line in text.split("\n"))


def tel_target(contact: Contact) -> str | None:
    """The tel: target: the E.164 form when known, else the dialable characters as written.

    A non-E.164 phone whose digits happen to look like E.164 gets no link, because the
    reader takes an E.164-shaped tel: target to be `phone_e164`.
    """
    if contact.phone_e164:
        return contact.phone_e164
    if not contact.phone:
        return None
    first = re.search(r"[0-9+]", contact.phone)
    digits = re.sub(r"[^0-9]", "", contact.phone)
    dialable = ("+" if first is not None and first.group() == "+" else "") + digits
    if not digits or E164_RE.fullmatch(dialable):
        return None
    return dialable


# --------------------------------------------------------------------------- raw-text blocks


def json_ld(release: Release) -> dict[str, Any]:
    """schema.org NewsArticle metadata for search engines and news aggregators."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "NewsArticle",
                            "headline": release.headline}
    if release.subheadline:
        data["alternativeHeadline"] = release.subheadline
    if release.issued:
        data["datePublished"] = iso(release.issued)
    if release.language:
        data["inLanguage"] = release.language
    if release.release_type:
        data["genre"] = release.release_type
    if release.organization:
        org = {"@type": "Organization", "name": release.organization}
        data["publisher"] = org
        data["author"] = dict(org)
    lead = release.lead
    if lead is not None:
        data["description"] = lead.text
    if release.dateline:
        data["dateline"] = release.dateline.text
        if release.dateline.city:
            data["locationCreated"] = {"@type": "Place", "name": release.dateline.city}
    return data


def script_json(data: Any) -> Markup:
    """JSON safe inside `<script>`: `<`, `>` and `&` as \\u escapes, so no text can end the
    script element or open a comment in it. Still valid JSON with identical values."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


_REMOTE_IMPORT = re.compile(r"@import\s+(?:url\(\s*)?['\"]?\s*(?:[a-z][a-z0-9+.-]*:)?//[^;]*;?", re.I)
_REMOTE_URL = re.compile(r"url\(\s*(['\"]?)\s*(?:https?:)?//[^)]*\)", re.I)


def style_css(css: str) -> Markup:
    """CSS safe inside `<style>` and offline.

    `</style` cannot appear (the raw-text element would end early), and remote
    `@import`/`url()` references are dropped: the HTML must open without network.
    brand.py already refuses such CSS; this is the writer's own guarantee.
    """
    css = _REMOTE_IMPORT.sub("", css)
    css = _REMOTE_URL.sub('url("data:,")', css)
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.I)
    return Markup(css)


def inline_svg(svg: str | None) -> Markup | None:
    """Logo markup (already sanitized by brand.py), minus an XML declaration or doctype."""
    if not svg or not svg.strip():
        return None
    svg = re.sub(r"^\s*<\?xml[^>]*\?>", "", svg)
    svg = re.sub(r"^\s*<!DOCTYPE[^>]*>", "", svg, flags=re.I)
    return Markup(svg.strip())


@functools.cache
def minimal_css() -> str:
    return (TEMPLATES_DIR / MINIMAL_CSS).read_text(encoding="utf-8")


def _css_class_name(name: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-") or "unnamed"


# --------------------------------------------------------------------------- view model


def _date_view(value: dt.date | dt.datetime | None, language: str | None) -> dict[str, str] | None:
    if value is None:
        return None
    return {"iso": iso(value) or "", "text": human_date(value, language)}


def _block_view(block: object, index: int) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "lead": block.lead, "html": rich_text(block.text)}
    if isinstance(block, Subheading):
        return {"kind": "subheading", "html": rich_text(block.text)}
    if isinstance(block, Quote):
        return {"kind": "quote", "lead": block.lead, "html": rich_text(block.text),
                "quote": None if block.quote == block.text else block.quote,
                "speaker": block.speaker, "role": block.role}
    if isinstance(block, ListBlock):
        return {"kind": "list", "ordered": block.ordered, "items": [rich_text(i) for i in block.items]}
    raise PressroomError("html", f"body block {index} is not a paragraph, subheading, quote or list: "
                         f"{type(block).__name__}")


def _contact_view(contact: Contact) -> dict[str, Any]:
    return {"name": contact.name, "title": contact.title, "organization": contact.organization,
            "phone": contact.phone, "tel": tel_target(contact), "email": contact.email,
            "mailto": ("mailto:" + url_quote(contact.email, safe="@.+-_")) if contact.email else None}


def review_view(review: Review) -> dict[str, Any]:
    """The review record as head metadata, and the low-confidence fields to mark.

    `confidence` is the whole map as JSON (exact floats, so `read_html` gets it back
    bit for bit); `low` maps each field below `LOW_CONFIDENCE` to the two-decimal text its
    element carries in `data-confidence`, a mark for editors and CSS, never read back.
    """
    state = REVIEW_NEEDED if review.needs_review else REVIEW_CONFIRMED if review.confirmed else None
    low = {name: f"{value:.2f}" for name, value in review.confidence.items() if value < LOW_CONFIDENCE}
    return {
        "state": state,
        "style": Markup(REVIEW_STYLE) if state == REVIEW_NEEDED and low else None,
        "reasons": list(review.reasons),
        "confidence": json.dumps(review.confidence, ensure_ascii=False) if review.confidence else None,
        "low": low,
    }


_MEDIA_BASE = re.compile(r"(?:\.\./[A-Za-z0-9._%-]+/)?")


def picture_src(href: str, media_base: str = "") -> str:
    """Where an `<img>` finds a rendition: beside the HTML (""), from a sibling folder
    ("../<folder>/", the press room's pages) or as a mail part ("cid:": `cid:<file>@pressroom`).

    `href` is already `media/<safe name>`; `media_base` is code-chosen, and checked anyway.
    """
    if media_base == "cid:":
        return f"cid:{href.split('/', 1)[1]}@pressroom"
    if not _MEDIA_BASE.fullmatch(media_base):
        raise PressroomError("html", f"unusable picture location {media_base!r}")
    return media_base + href


def picture_view(picture: Picture, rendition: str, media_base: str = "") -> dict[str, Any]:
    """A picture as a figure: the chosen rendition as `<img>`, caption and credit visible.

    The HTML for the browser points at the web rendition and the HTML the PDF is laid out
    from at the print one (both relative `media/...` paths beside the release). Everything
    else the model holds (rights, every rendition) rides in data attributes so
    `read_html` rebuilds the same `Picture`.
    """
    chosen = picture.rendition(rendition) or (picture.renditions[0] if picture.renditions else None)
    renditions = [{"name": r.name, "href": r.href, "width": r.width, "height": r.height, "size": r.size,
                   "mime": r.mime} for r in picture.renditions if is_media_href(r.href)]
    href = chosen.href if chosen and is_media_href(chosen.href) else f"{MEDIA_DIR}/{safe_name(picture.file)}"
    return {"file": picture.file, "role": picture.role, "alt": picture.alt or "", "caption": picture.caption,
            "credit": picture.credit, "rights": picture.rights, "src": picture_src(href, media_base),
            "width": chosen.width if chosen else None, "height": chosen.height if chosen else None,
            "renditions": json.dumps(renditions, ensure_ascii=False, separators=(",", ":")) if renditions else None}


def build_context(release: Release, brand: Brand | None = None, rendition: str = "web",
                  media_base: str = "") -> dict[str, Any]:
    """Everything the template needs, computed here so templates stay logic-free."""
    body = [_block_view(b, i) for i, b in enumerate(release.body)]
    dateline = None
    if release.dateline:
        dateline = {"text": release.dateline.text, "city": release.dateline.city,
                    "distributor": release.dateline.distributor,
                    "inline": bool(release.body) and isinstance(release.body[0], Paragraph)}
    css = getattr(brand, "css_text", None) if brand is not None else None
    brand_name = getattr(brand, "name", None) if brand is not None else None
    return {
        "release": release,
        "brand": brand,
        "brand_class": "pr-brand-" + _css_class_name(brand_name or "none"),
        "brand_name": getattr(brand, "display_name", None) if brand is not None else None,
        "brand_address": list(getattr(brand, "address_lines", None) or []) if brand is not None else [],
        "brand_footer": list(getattr(brand, "footer_lines", None) or []) if brand is not None else [],
        "lang": release.language or UNKNOWN_LANGUAGE,
        "generator": GENERATOR,
        "source": [(f"pressroom:source-{k}", getattr(release.source, k, "") or "") for k in META_SOURCE],
        "description": release.lead.text if release.lead is not None else None,
        "json_ld": script_json(json_ld(release)),
        "css": style_css(css if css is not None else minimal_css()),
        "logo": inline_svg(getattr(brand, "logo_svg", None) if brand is not None else None),
        "organization": release.organization,
        "release_type": release.release_type,
        "issued": _date_view(release.issued, release.language),
        "embargo": _date_view(release.embargo, release.language),
        "embargo_label": embargo_label(release.language),
        "headline": release.headline,
        "subheadline": release.subheadline,
        "dateline": dateline,
        "blocks": body,
        "contacts": [_contact_view(c) for c in release.contacts],
        "contacts_heading": release.contacts_heading,
        "boilerplate": [
            {"heading": s.heading,
             "paragraphs": [rich_text(p) for p in re.split(r"\n[ \t]*\n+", s.text) if p.strip()]}
            for s in release.boilerplate
        ],
        "end_mark": release.end_mark,
        "review": review_view(release.review),
        "lead_picture": picture_view(release.lead_picture, rendition, media_base) if release.lead_picture else None,
        "pictures": [picture_view(p, rendition, media_base) for p in release.pictures
                     if p is not release.lead_picture],
    }


# --------------------------------------------------------------------------- rendering


@functools.cache
def _environment(brand_dir: str | None) -> jinja2.Environment:
    """One sandboxed, autoescaping environment per template folder.

    Brand templates are configuration written by people outside the code base, so they
    run sandboxed; they are reached as `brand/<file>` and extend `release.html.j2`.
    """
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(TEMPLATES_DIR))]
    if brand_dir is not None:
        loaders.append(jinja2.PrefixLoader({"brand": jinja2.FileSystemLoader(brand_dir)}))
    env = SandboxedEnvironment(loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                               undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True)
    env.filters["rich"] = rich_text
    return env


def render_html(release: Release, brand: Brand | None = None, rendition: str = "web", media_base: str = "") -> str:
    """The release as one self-contained HTML5 document (see docs/html-classes.md).

    Pictures are the one exception to "self-contained": they are `<img src="media/...">`
    beside the file, `rendition` ("web" for the browser, "print" for the PDF) choosing which;
    `media_base` says where they are seen from (`picture_src`).
    """
    if not release.headline or not release.headline.strip():
        raise PressroomError("html", "the release has no headline", hint="every release needs a headline")
    template_path = getattr(brand, "template", None) if brand is not None else None
    try:
        if template_path is not None:
            template_path = Path(template_path)
            env = _environment(str(template_path.parent.resolve()))
            template = env.get_template(f"brand/{template_path.name}")
        else:
            template = _environment(None).get_template(BASE_TEMPLATE)
        return template.render(build_context(release, brand, rendition, media_base))
    except (jinja2.TemplateError, OverflowError, RecursionError) as exc:
        # OverflowError: the sandbox refusing a huge range(); RecursionError: a template including itself.
        where = f"brand template {template_path}" if template_path is not None else BASE_TEMPLATE
        raise PressroomError("html", f"{where} failed: {exc}",
                             hint="check the template against docs/html-classes.md") from None
