"""The HTML writer: valid, self-contained, safely escaped HTML5 under the stable class names."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from lxml import etree
from lxml import html as lxml_html
from strategies import kitchen_sink, reference_release, releases

from pipeline.errors import PressroomError
from pipeline.htmlreader import read_html
from pipeline.htmlwriter import GENERATOR, human_date, linkify, render_html, script_json, style_css
from pipeline.model import (
    Contact,
    Paragraph,
    Release,
    Subheading,
)

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden" / "reference.html"
CLASSES_DOC = ROOT / "docs" / "html-classes.md"

try:  # html5lib is optional: a strict WHATWG parse where installed, lxml otherwise
    import html5lib
except ImportError:  # pragma: no cover - depends on the environment
    html5lib = None


# --------------------------------------------------------------------------- helpers


def assert_well_formed(html: str) -> BeautifulSoup:
    """Parse strictly (html5lib) where possible, then check what a validator would."""
    if html5lib is not None:
        html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)
    else:
        tree = lxml_html.document_fromstring(html)
        assert tree.tag == "html"
    assert html.startswith("<!DOCTYPE html>\n")
    soup = BeautifulSoup(html, "lxml")
    assert soup.html.get("lang"), "lang must be set"
    assert soup.find("meta", attrs={"charset": "utf-8"}) is not None
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), f"duplicate ids: {ids}"
    for ref in soup.find_all(attrs={"aria-labelledby": True}):
        assert soup.find(id=ref["aria-labelledby"]) is not None
    assert len(soup.find_all("h1")) == 1
    for tag in soup.find_all(
        [
            "link",
            "script",
            "img",
            "iframe",
            "source",
            "object",
            "embed",
            "video",
            "audio",
            "image",
            "use",
            "input",
            "frame",
        ]
    ):
        for attr in ("src", "href", "xlink:href", "data", "srcset", "poster"):
            value = tag.get(attr)
            if tag.name == "img" and attr == "src" and "pr-picture" in (tag.parent.get("class") or []):
                # a picture: only ever a rendition beside the file, never a URL or a path out
                assert re.fullmatch(r"media/[A-Za-z0-9][A-Za-z0-9._-]*", value or ""), value
                continue
            assert value is None or value.startswith("#"), f"external resource {tag.name} {attr}={value!r}"
    for tag in soup.find_all("a", href=True):
        assert tag["href"].split(":", 1)[0].lower() in ("http", "https", "mailto", "tel"), tag["href"]
    for style in soup.find_all("style"):
        assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//|@import", style.get_text(), re.I)
    scripts = soup.find_all("script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    return soup


def json_ld_of(soup: BeautifulSoup) -> dict:
    return json.loads(soup.find("script", type="application/ld+json").string)


def documented_classes() -> set[str]:
    return set(re.findall(r"`\.?(pr-[a-z0-9-]+)", CLASSES_DOC.read_text(encoding="utf-8")))


# --------------------------------------------------------------------------- properties


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(releases())
def test_any_release_renders_valid_self_contained_html(release: Release) -> None:
    html = render_html(release)
    soup = assert_well_formed(html)
    assert soup.html["lang"] == (release.language or "und")
    data = json_ld_of(soup)
    assert data["@type"] == "NewsArticle" and data["@context"] == "https://schema.org"
    assert data["headline"] == release.headline
    assert soup.title.get_text() == release.headline
    assert soup.find("h1", class_="pr-headline").get_text() == release.headline
    undocumented = {
        c
        for tag in soup.find_all(class_=True)
        for c in tag["class"]
        if c.startswith("pr-") and not c.startswith("pr-brand-")
    } - documented_classes()
    assert not undocumented, f"classes missing from docs/html-classes.md: {undocumented}"


@settings(max_examples=100, deadline=None)
@given(releases())
def test_links_are_live_and_only_http(release: Release) -> None:
    soup = BeautifulSoup(render_html(release), "lxml")
    linked = [a.get_text() for a in soup.select("a.pr-url-link")]
    # every URL of the release is linked somewhere (headline/dateline/contact names are plain)
    for url in linked:
        assert url in release.urls
    for a in soup.select("a.pr-url-link"):
        assert a["href"].startswith(("http://", "https://", "HTTP://", "HTTPS://"))


# --------------------------------------------------------------------------- examples


def test_reference_release_structure() -> None:
    html = render_html(reference_release())
    soup = assert_well_formed(html)
    assert soup.html["lang"] == "sv"
    assert soup.body["class"] == ["pr-brand-none"]
    issued = soup.find("time", class_="pr-issued")
    assert issued["datetime"] == "2006-11-07T11:58:00+01:00"
    assert issued.get_text() == "7 november 2006 kl. 11.58 CET"
    figure = soup.find("figure", class_="pr-quote")
    assert figure.find("blockquote").get_text().startswith("- Genom att bygga")
    assert figure.find("cite", class_="pr-speaker").get_text() == "Mats Hellström"
    assert figure.find("span", class_="pr-role").get_text() == "landshövding"
    assert figure.figcaption.get_text() == "Mats Hellström, landshövding"
    phones = [a["href"] for a in soup.select("address.pr-contact a.pr-contact-phone")]
    assert phones == ["tel:+46703424700", "tel:+46702303208", "tel:+4687854432"]
    assert soup.select_one("a.pr-contact-email")["href"] == "mailto:maria.gasste@ab.lst.se"
    data = json_ld_of(soup)
    assert data["publisher"] == {"@type": "Organization", "name": "Länsstyrelsen i Stockholms län"}
    assert data["datePublished"] == "2006-11-07T11:58:00+01:00"
    assert data["description"].startswith("Den 7 november")
    source = soup.find("meta", attrs={"name": "pressroom:source-filename"})
    assert source["content"] == "000-sv-hallbara-stader.txt"
    assert soup.find("meta", attrs={"name": "generator"})["content"] == GENERATOR


def test_reading_order() -> None:
    html = render_html(kitchen_sink())
    order = [
        "pr-organization",
        "pr-headline",
        "pr-subheadline",
        "pr-meta",
        "pr-embargo",
        "pr-lead",
        "pr-dateline",
        "pr-subheading",
        "pr-quote",
        "pr-list",
        "pr-contacts",
        "pr-boilerplate",
        "pr-end-mark",
    ]
    positions = [html.index(f'class="{name}') for name in order]
    assert positions == sorted(positions)


def test_golden_reference_html() -> None:
    """tests/golden/reference.html; regenerate with PRESSROOM_UPDATE_GOLDEN=1 and review by eye."""
    html = render_html(reference_release())
    if os.environ.get("PRESSROOM_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(html, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    unversioned = re.compile(r'content="Pressroom [^"]*"')
    assert unversioned.sub("", html) == unversioned.sub("", expected)


def test_hostile_text_is_escaped_everywhere() -> None:
    html = render_html(kitchen_sink())
    soup = assert_well_formed(html)
    assert "<script>alert(1)" not in html
    assert len(soup.find_all("script")) == 1
    assert "</script><script>" not in soup.find("script").string
    assert json_ld_of(soup)["headline"] == kitchen_sink().headline
    assert soup.find("p", class_="pr-organization").get_text() == "ACME <Corp> & Sons"


def test_json_ld_fields() -> None:
    data = json_ld_of(BeautifulSoup(render_html(kitchen_sink()), "lxml"))
    assert data["alternativeHeadline"].startswith("See www.example.com")
    assert data["datePublished"] == "2024-02-29"
    assert data["inLanguage"] == "en"
    assert data["author"]["name"] == data["publisher"]["name"] == "ACME <Corp> & Sons"
    assert data["dateline"] == "NEW YORK, Feb. 29, 2024 /PRNewswire/ --"
    assert data["locationCreated"] == {"@type": "Place", "name": "NEW YORK"}
    assert data["description"] == "ACME today announced https://acme.example/x. Mail press@acme.example."


def test_script_json_cannot_close_the_script() -> None:
    text = script_json({"a": "</script><!-- & -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & -->"}


def test_dateline_opens_the_lead_or_stands_alone() -> None:
    release = kitchen_sink()
    soup = BeautifulSoup(render_html(release), "lxml")
    lead = soup.find("p", class_="pr-lead")
    span = lead.contents[0]
    assert span["class"] == ["pr-dateline"] and span["data-city"] == "NEW YORK"
    assert span["data-distributor"] == "PRNewswire"
    release.body = [Subheading("First a heading"), Paragraph("Then text.")]
    soup = BeautifulSoup(render_html(release), "lxml")
    assert soup.select_one(".pr-body > p.pr-dateline-line > span.pr-dateline") is not None


def test_linkify() -> None:
    out = str(linkify("Go to www.a.se/x, or https://b.com/?q=1&r=<2>. Mail me@c.org!"))
    assert '<a class="pr-url-link" href="https://www.a.se/x">www.a.se/x</a>,' in out
    assert (
        '<a class="pr-url-link" href="https://b.com/?q=1&amp;r=">https://b.com/?q=1&amp;r=</a>&lt;2&gt;'
    ) in out
    assert '<a class="pr-email-link" href="mailto:me@c.org">me@c.org</a>!' in out
    assert "javascript" not in str(linkify("javascript:alert(1)")).replace("javascript:alert(1)", "")
    assert str(linkify("info@www.example.com")) == (
        '<a class="pr-email-link" href="mailto:info@www.example.com">info@www.example.com</a>'
    )
    assert str(linkify("https://u@h.example/x")).count("<a ") == 1
    assert str(linkify("javascript://www.x.se")).count("<a ") == 1  # only the www part, as https


def test_phone_links() -> None:
    def phone_anchor(contact: Contact) -> str:
        release = Release(headline="h", contacts=[contact])
        return str(BeautifulSoup(render_html(release), "lxml").select_one(".pr-contact-phone"))

    resolved = Contact(phone="070-342 47 00", phone_e164="+46703424700")
    assert 'href="tel:+46703424700"' in phone_anchor(resolved)
    assert 'href="tel:0703424700"' in phone_anchor(Contact(phone="070-342 47 00"))
    assert 'href="tel:081"' in phone_anchor(Contact(phone="tfn 08#1"))
    # looks like E.164 but was not resolved: no link, or the reader would invent phone_e164
    assert phone_anchor(Contact(phone="+1 2")).startswith("<span")
    assert phone_anchor(Contact(phone="n/a")).startswith("<span")


def test_human_dates() -> None:
    assert human_date(dt.date(2006, 11, 7), "sv") == "7 november 2006"
    assert human_date(dt.date(2006, 11, 7), "de-DE") == "7. November 2006"
    assert human_date(dt.date(2006, 11, 7), "en") == "November 7, 2006"
    assert human_date(dt.date(2006, 11, 7), "xx") == "2006-11-07"
    assert human_date(dt.date(2006, 11, 7), None) == "2006-11-07"
    when = dt.datetime(2024, 3, 1, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5, minutes=-30)))
    assert human_date(when, "fi") == "1. maaliskuuta 2024 klo 09.05 UTC-05:30"
    assert human_date(when.astimezone(dt.UTC), "en").endswith("14:35 GMT")
    cet = dt.datetime(2006, 11, 7, 11, 58, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert human_date(cet, "sv") == "7 november 2006 kl. 11.58 CET"
    assert human_date(cet, "de") == "7. November 2006 11:58 Uhr MEZ"


def test_style_css_is_offline_and_cannot_escape() -> None:
    css = str(
        style_css(
            '@import url("https://evil.example/x.css");\n'
            "a { background: url(//evil.example/x.png) } </style><script>x</script>"
            '@font-face { src: url("fonts/Lato.woff2") }'
        )
    )
    assert "evil" not in css
    assert "</style" not in css.lower()
    assert 'url("fonts/Lato.woff2")' in css


# --------------------------------------------------------------------------- brands


def fake_brand(tmp_path: Path, template: str | None = None) -> SimpleNamespace:
    template_path = None
    if template is not None:
        template_path = tmp_path / "template.html.j2"
        template_path.write_text(template, encoding="utf-8")
    return SimpleNamespace(
        name="Acme Blue",
        path=tmp_path,
        display_name="ACME",
        logo_alt="ACME logo",
        css_text=".pr-headline { color: navy } a > b { x: y } </STYLE><script>alert(1)</script>",
        logo_svg='<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" '
        'role="img" aria-label="ACME logo"><title>ACME logo</title>'
        '<rect width="1" height="1"/></svg>',
        template=template_path,
        address_lines=["Box 1", "111 11 Stockholm"],
        footer_lines=["acme.example"],
    )


def test_brand_css_and_logo_are_inlined(tmp_path: Path) -> None:
    html = render_html(kitchen_sink(), fake_brand(tmp_path))
    soup = assert_well_formed(html)
    assert soup.body["class"] == ["pr-brand-acme-blue"]
    style = soup.find("style").string
    assert ".pr-headline { color: navy }" in style and "a > b" in style
    assert len(soup.find_all("script")) == 1
    svg = soup.select_one(".pr-header > .pr-logo > svg")
    assert svg is not None and svg["aria-label"] == "ACME logo"
    assert "<?xml" not in html
    assert soup.select_one(".pr-brand-address").get_text("|") == "Box 1|111 11 Stockholm"
    assert soup.select_one("footer.pr-brand-footer").get_text(strip=True) == "acme.example"
    assert read_html(html) == kitchen_sink()  # brand furniture is not read as content


def test_brand_template_override_extends_the_base(tmp_path: Path) -> None:
    template = (
        '{% extends "release.html.j2" %}\n'
        '{% block head_extra %}<meta name="x-brand" content="{{ brand.display_name }}">'
        "{% endblock %}\n"
        '{% block masthead %}<div class="acme-masthead">{{ super() }}</div>{% endblock %}\n'
        '{% block footer %}{{ super() }}<p class="acme-legal">© ACME</p>{% endblock %}\n'
    )
    html = render_html(kitchen_sink(), fake_brand(tmp_path, template))
    soup = assert_well_formed(html)
    assert soup.find("meta", attrs={"name": "x-brand"})["content"] == "ACME"
    assert soup.select_one(".acme-masthead > .pr-logo > svg") is not None
    assert soup.select_one(".acme-masthead > .pr-organization") is not None
    assert soup.select_one(".acme-legal").get_text() == "© ACME"
    assert read_html(html) == kitchen_sink()


def test_broken_brand_template_is_a_pressroom_error(tmp_path: Path) -> None:
    brand = fake_brand(tmp_path, '{% extends "release.html.j2" %}{% block body %}{{ nope.x }}{% endblock %}')
    with pytest.raises(PressroomError) as info:
        render_html(kitchen_sink(), brand)
    assert info.value.stage == "html"
    sandboxed = fake_brand(
        tmp_path,
        '{% extends "release.html.j2" %}{% block body %}{{ release.__class__.__mro__ }}{% endblock %}',
    )
    with pytest.raises(PressroomError):
        render_html(kitchen_sink(), sandboxed)


def test_real_default_brand() -> None:
    brand_module = pytest.importorskip("pipeline.brand")
    try:
        brand = brand_module.load_brand("default")
    except PressroomError as exc:  # e.g. fonts not installed on this machine
        pytest.skip(f"default brand not loadable here: {exc}")
    html = render_html(reference_release(), brand)
    soup = assert_well_formed(html)
    assert soup.select_one(".pr-logo svg") is not None
    assert read_html(html) == reference_release()


def test_empty_headline_is_a_pressroom_error() -> None:
    with pytest.raises(PressroomError):
        render_html(Release(headline="  "))


def test_unknown_block_is_a_pressroom_error() -> None:
    release = Release(headline="h", body=["not a block"])  # type: ignore[list-item]
    with pytest.raises(PressroomError):
        render_html(release)


def test_xhtml_free_of_parse_errors_in_lxml() -> None:
    """libxml2's HTML parser (the reader's) reports no errors on the writer's output."""
    parser = etree.HTMLParser(recover=False)
    for release in (reference_release(), kitchen_sink()):
        etree.fromstring(render_html(release).encode("utf-8"), parser)
