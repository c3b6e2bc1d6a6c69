"""NewsML-G2 writer: schema validity (IPTC's XSD), element order, guid rules, XHTML body, determinism.

The XSD is IPTC's and lives in the shared folder beside the repository; without it the
schema tests skip (the structural tests below still run).
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline import __version__
from pipeline.errors import PressroomError
from pipeline.model import BoilerplateSection, Contact, Dateline, Paragraph, Quote, Release
from pipeline.newsml import (
    IPTC_ALIASES_USED,
    NAR_NS,
    XHTML_NS,
    item_guid,
    render_newsml,
    slugline,
)
from pipeline.validate import iptc_aliases, lint_newsml, safe_parser, validate_newsml
from tests.conftest import NEWSML_CATALOG as CATALOG
from tests.conftest import NEWSML_VALIDATOR as TOOL
from tests.conftest import NEWSML_XSD as XSD
from tests.conftest import ROOT
from tests.newsml_samples import CET, full_release, minimal_release
from tests.strategies import releases

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
N = {"g": NAR_NS, "h": XHTML_NS}


def parse(xml: bytes) -> etree._Element:
    return etree.fromstring(xml, safe_parser())


def children(element: etree._Element) -> list[str]:
    return [etree.QName(c).localname for c in element if isinstance(c.tag, str)]


def one(root: etree._Element, path: str) -> etree._Element:
    found = root.xpath(path, namespaces=N)
    assert len(found) == 1, f"{path}: {len(found)} matches"
    return found[0]


def assert_valid(xml: bytes, xsd: Path) -> None:
    errors = validate_newsml(xml, xsd) + lint_newsml(xml)
    assert errors == [], "\n".join(errors) + "\n" + xml.decode("utf-8", "replace")


# --------------------------------------------------------------------------- schema validity


def test_full_release_is_valid(xsd: Path) -> None:
    assert_valid(render_newsml(full_release(), pdf_pages=3), xsd)


def test_minimal_release_is_valid(xsd: Path) -> None:
    assert_valid(render_newsml(minimal_release()), xsd)
    assert_valid(render_newsml(minimal_release(), pdf_href=None), xsd)


@pytest.mark.slow
def test_shared_validator_tool_accepts_written_files(tmp_path: Path) -> None:
    if not TOOL.is_file() or not XSD.is_file():
        pytest.skip(f"shared validator {TOOL} or IPTC XSD {XSD} not found (shared, not in the project)")
    (tmp_path / "full.xml").write_bytes(render_newsml(full_release(), pdf_pages=2))
    (tmp_path / "minimal.xml").write_bytes(render_newsml(minimal_release(), pdf_href=None))
    done = subprocess.run(
        [sys.executable, str(TOOL), str(tmp_path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("OK  ") == 2


def test_schema_rejects_what_it_should(xsd: Path) -> None:
    """Guard against a validator that passes everything: a swapped pair must fail."""
    root = parse(render_newsml(full_release()))
    meta = one(root, "g:itemMeta")
    embargoed, status = one(meta, "g:embargoed"), one(meta, "g:pubStatus")
    meta.remove(embargoed)
    status.addnext(embargoed)
    errors = validate_newsml(etree.tostring(root), xsd)
    assert errors and any("embargoed" in e for e in errors)


# --------------------------------------------------------------------------- item envelope


def test_root_attributes_and_catalogs() -> None:
    root = parse(render_newsml(full_release(), version=4))
    assert root.tag == f"{{{NAR_NS}}}newsItem"
    assert (root.get("standard"), root.get("standardversion"), root.get("conformance")) == (
        "NewsML-G2",
        "2.35",
        "power",
    )
    assert root.get("version") == "4"
    assert root.get(XML_LANG) == "sv"
    assert children(root)[:5] == ["catalogRef", "catalog", "rightsInfo", "itemMeta", "contentMeta"]
    assert children(root)[-1] == "contentSet"
    assert one(root, "g:catalogRef").get("href").endswith("catalog.IPTC-G2-Standards_41.xml")
    aliases = {s.get("alias") for s in root.iterfind("g:catalog/g:scheme", N)}
    assert {"prhlrole", "prctrrole", "prdescrole"} <= aliases


def test_item_meta_order_embargo_before_pubstatus() -> None:
    meta = one(parse(render_newsml(full_release())), "g:itemMeta")
    assert children(meta) == [
        "itemClass",
        "provider",
        "versionCreated",
        "firstCreated",
        "embargoed",
        "pubStatus",
        "generator",
        "profile",
        "edNote",
        "link",
    ]
    assert one(meta, "g:itemClass").get("qcode") == "ninat:text"
    assert one(meta, "g:pubStatus").get("qcode") == "stat:usable"
    assert one(meta, "g:generator").get("versioninfo") == __version__
    assert one(meta, "g:embargoed").text == "2006-11-08T06:00:00+01:00"
    assert "2006-11-08T06:00:00+01:00" in one(meta, "g:edNote").text
    link = one(meta, "g:link")
    assert (link.get("rel"), link.get("href")) == ("irel:seeAlso", "https://www.lansstyrelsen.se/ab")


def test_content_meta_order_admin_then_descriptive() -> None:
    meta = one(parse(render_newsml(full_release())), "g:contentMeta")
    assert children(meta) == [
        "contentCreated",
        "located",
        "infoSource",
        "creator",
        "contributor",
        "contributor",
        "contributor",
        "language",
        "genre",
        "slugline",
        "headline",
        "headline",
        "dateline",
        "creditline",
        "description",
        "description",
        "description",
    ]


def test_rights_info_names_the_issuer() -> None:
    rights = one(parse(render_newsml(full_release())), "g:rightsInfo")
    assert children(rights) == ["copyrightHolder", "copyrightNotice", "usageTerms"]
    assert one(rights, "g:copyrightHolder/g:name").text == "Länsstyrelsen i Stockholms län"
    assert "Länsstyrelsen i Stockholms län" in one(rights, "g:copyrightNotice").text


def test_content_meta_values() -> None:
    meta = one(parse(render_newsml(full_release())), "g:contentMeta")
    assert one(meta, "g:contentCreated").text == "2006-11-07T11:58:00+01:00"
    assert one(meta, "g:located/g:name").text == "Stockholm"
    assert one(meta, "g:infoSource/g:name").text == "Länsstyrelsen i Stockholms län"
    assert one(meta, "g:creator/g:name").text == "Länsstyrelsen i Stockholms län"
    assert one(meta, "g:language").get("tag") == "sv"
    genre = one(meta, "g:genre")
    assert genre.get("qcode") == "genre:Press_Release"
    assert [n.text for n in genre] == ["Press Release", "Pressmeddelande"]
    headlines = meta.findall("g:headline", N)
    assert headlines[0].text == "Hållbara städer – Stockholmsregionens nästa exportprodukt"
    assert headlines[0].get("role") is None
    assert (headlines[1].get("role"), headlines[1].text) == (
        "prhlrole:subheadline",
        "Femtio företrädare staka ut en gemensam strategi",
    )
    assert one(meta, "g:dateline").text == "STOCKHOLM, 7 november 2006"
    assert one(meta, "g:slugline").text == "Hållbara-städer-Stockholmsregionens"
    summary, *about = meta.findall("g:description", N)
    assert summary.get("role") == "drol:summary"
    assert summary.text == full_release().body[0].text
    assert [a.get("role") for a in about] == ["prdescrole:about", "prdescrole:about"]
    assert about[0].text.startswith("Om Länsstyrelsen ")  # heading, then the section's text on one line
    assert "\n" not in about[0].text


def test_contacts_become_contributors_with_contact_info() -> None:
    meta = one(parse(render_newsml(full_release())), "g:contentMeta")
    contributors = meta.findall("g:contributor", N)
    assert len(contributors) == 3
    kling, gasste, anonymous = contributors
    assert one(kling, "g:name").text == "Lena Kling"
    assert one(kling, "g:note").text == "koordinator, Länsstyrelsen i Stockholm"
    assert one(kling, "g:personDetails/g:contactInfo/g:phone").text == "+46703424700"  # E.164 preferred
    assert one(kling, "g:personDetails/g:affiliation/g:name").text == "Länsstyrelsen i Stockholm"
    assert one(gasste, "g:personDetails/g:contactInfo/g:email").text == "maria.gasste@ab.lst.se"
    assert anonymous.find("g:name", N) is None
    assert one(anonymous, "g:personDetails/g:contactInfo/g:email").text == "press@ab.lst.se"
    assert {c.get("role") for c in contributors} == {"prctrrole:pressContact"}


def test_empty_contacts_are_left_out() -> None:
    release = full_release()
    release.contacts.insert(1, Contact(name=" ", email="\x00"))
    root = parse(render_newsml(release))
    assert len(root.findall("g:contentMeta/g:contributor", N)) == 3
    body = [b.text for b in root.find(".//h:body", N)]
    contacts = body[body.index("För mer information kontakta:") + 1:body.index("Om Länsstyrelsen")]
    assert len(contacts) == 3 and not any("\x00" in c for c in contacts)
    assert [c.get("literal") for c in root.iterfind("g:contentMeta/g:contributor", N)] == [
        "lena-kling",
        "maria-gasste",
        "contact-3",
    ]


def test_content_set_renditions() -> None:
    xml = render_newsml(full_release(), pdf_href="out/release.pdf", pdf_pages=2)
    content = one(parse(xml), "g:contentSet")
    assert children(content) == ["inlineXML", "remoteContent"]
    remote = one(content, "g:remoteContent")
    assert remote.attrib == {"href": "out/release.pdf", "rendition": "rnd:print", "contenttype": "application/pdf",
                             "pagecount": "2"}
    assert "size" not in remote.attrib  # the PDF embeds this XML: its size cannot be known here
    without = one(parse(render_newsml(full_release(), pdf_href=None)), "g:contentSet")
    assert children(without) == ["inlineXML"]
    no_pages = one(parse(render_newsml(full_release())), "g:contentSet/g:remoteContent")
    assert "pagecount" not in no_pages.attrib


def test_minimal_release_has_only_what_it_knows() -> None:
    root = parse(render_newsml(minimal_release()))
    assert root.get(XML_LANG) is None
    assert root.find("g:rightsInfo/g:copyrightHolder", N) is None
    meta = one(root, "g:itemMeta")
    assert one(meta, "g:versionCreated").text == "1970-01-01T00:00:00+00:00"
    assert meta.find("g:firstCreated", N) is None and meta.find("g:embargoed", N) is None
    assert "no issue date" in one(meta, "g:edNote").text
    assert children(one(root, "g:contentMeta")) == ["genre", "slugline", "headline"]
    assert re.fullmatch(r"urn:newsml:pressroom\.invalid:19700101:[0-9a-f]{12}", root.get("guid"))


# --------------------------------------------------------------------------- dates


def test_date_only_values_use_midnight_utc() -> None:
    release = full_release()
    release.issued = dt.date(2026, 11, 28)
    release.embargo = dt.date(2026, 12, 1)
    root = parse(render_newsml(release))
    assert one(root, "g:itemMeta/g:versionCreated").text == "2026-11-28T00:00:00+00:00"
    assert one(root, "g:itemMeta/g:firstCreated").text == "2026-11-28T00:00:00+00:00"
    assert one(root, "g:itemMeta/g:embargoed").text == "2026-12-01T00:00:00+00:00"
    assert "date only" in one(root, "g:itemMeta/g:edNote").text
    assert one(root, "g:contentMeta/g:contentCreated").text == "2026-11-28"  # truncated, honest precision
    assert ":20261128:" in root.get("guid")


def test_version_created_overrides_and_guid_date_is_the_local_day() -> None:
    release = full_release()
    release.issued = dt.datetime(2026, 11, 28, 23, 30, tzinfo=CET)  # 22:30 UTC, still the 28th locally
    edited = dt.datetime(2026, 11, 29, 9, 15, tzinfo=dt.UTC)
    root = parse(render_newsml(release, version=2, version_created=edited))
    assert one(root, "g:itemMeta/g:versionCreated").text == "2026-11-29T09:15:00+00:00"
    assert one(root, "g:itemMeta/g:firstCreated").text == "2026-11-28T23:30:00+01:00"
    assert ":20261128:" in root.get("guid")


def test_offset_with_seconds_is_converted_to_utc(xsd: Path) -> None:
    release = minimal_release()
    release.issued = dt.datetime(1900, 1, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(minutes=53, seconds=28)))
    xml = render_newsml(release)
    assert one(parse(xml), "g:itemMeta/g:versionCreated").text == "1900-01-01T11:06:32+00:00"
    assert_valid(xml, xsd)


def test_naive_datetime_is_refused() -> None:
    release = minimal_release()
    release.issued = dt.datetime(2026, 11, 28, 12, 0)
    with pytest.raises(PressroomError) as info:
        render_newsml(release)
    assert info.value.stage == "newsml" and "offset" in info.value.reason


@pytest.mark.parametrize(
    "kwargs",
    [
        {"version": 0},
        {"version": True},
        {"version": 1.5},
        {"pdf_pages": -1},
        {"guid_authority": "not a domain"},
        {"guid_authority": "localhost"},
        {"pdf_href": "https://[::1"},
    ],
)
def test_bad_arguments_are_refused(kwargs: dict) -> None:
    with pytest.raises(PressroomError):
        render_newsml(minimal_release(), **kwargs)


# --------------------------------------------------------------------------- guid and versions


def test_guid_shape_and_provider() -> None:
    guid = parse(render_newsml(full_release(), provider="Press.Example.ORG.")).get("guid")
    assert re.fullmatch(r"urn:newsml:press\.example\.org:20061107:[0-9a-f]{12}", guid)
    idn = parse(render_newsml(full_release(), provider="bücher.de")).get("guid")
    assert idn.startswith("urn:newsml:xn--bcher-kva.de:")
    xml = render_newsml(full_release(), provider="press.example.org")
    provider = one(parse(xml), "g:itemMeta/g:provider")
    assert provider.get("literal") == "press.example.org"
    assert provider.find("g:name", N) is None


def test_provider_name_and_separate_guid_authority(xsd: Path) -> None:
    xml = render_newsml(full_release(), provider="Acme Press Desk", guid_authority="acme.example",
                        provider_name="Acme AB, press office")
    root = parse(xml)
    assert root.get("guid").startswith("urn:newsml:acme.example:20061107:")
    provider = one(root, "g:itemMeta/g:provider")
    assert (provider.get("literal"), one(provider, "g:name").text) == ("Acme Press Desk", "Acme AB, press office")
    assert {s.get("uri") for s in root.iterfind("g:catalog/g:scheme", N)} == {
        "https://acme.example/newsml/cv/headlinerole/", "https://acme.example/newsml/cv/contributorrole/",
        "https://acme.example/newsml/cv/descriptionrole/"}
    assert_valid(xml, xsd)
    unconfigured = parse(render_newsml(full_release(), provider="Acme Press Desk"))
    assert ":pressroom.invalid:" in unconfigured.get("guid")  # a name is no authority: the "configure me" default


def test_copyright_notice_has_one_period_after_a_name_ending_in_one() -> None:
    release = full_release()
    release.organization = "UNLOCKD Inc."
    notice = one(parse(render_newsml(release)), "g:rightsInfo/g:copyrightNotice").text
    assert notice == "Copyright 2006 UNLOCKD Inc. Press release; UNLOCKD Inc. is solely responsible for its content."
    assert ".." not in notice


def test_guid_survives_body_edits_and_version_bumps() -> None:
    original = full_release()
    edited = copy.deepcopy(original)
    edited.body[0] = Paragraph("Rättad ingress med ny text.", lead=True)
    edited.body.pop()
    edited.contacts.pop()
    edited.boilerplate = []
    edited.subheadline = "Ny underrubrik"
    edited.urls = []
    first = parse(render_newsml(original, version=1))
    second = parse(render_newsml(edited, version=2))
    assert first.get("guid") == second.get("guid")
    assert (first.get("version"), second.get("version")) == ("1", "2")
    assert etree.tostring(one(first, "g:contentSet")) != etree.tostring(one(second, "g:contentSet"))


def test_guid_ignores_case_and_spacing_but_not_identity() -> None:
    base = full_release()
    retyped = copy.deepcopy(base)
    retyped.headline = "  HÅLLBARA städer –  Stockholmsregionens nästa exportprodukt "
    assert item_guid(retyped) == item_guid(base)
    for change in (
        {"headline": "En helt annan rubrik"},
        {"organization": "Annan myndighet"},
        {"issued": dt.datetime(2006, 11, 8, 11, 58, tzinfo=CET)},
    ):
        other = copy.deepcopy(base)
        for key, value in change.items():
            setattr(other, key, value)
        assert item_guid(other) != item_guid(base), change


# --------------------------------------------------------------------------- determinism


def test_same_release_same_bytes() -> None:
    release = full_release()
    first = render_newsml(release, pdf_pages=2)
    assert render_newsml(release, pdf_pages=2) == first
    assert render_newsml(copy.deepcopy(release), pdf_pages=2) == first
    assert render_newsml(Release.from_dict(release.to_dict()), pdf_pages=2) == first
    assert first.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<newsItem ")


@pytest.mark.slow
def test_same_bytes_in_another_process() -> None:
    """No hash-seed, locale or clock dependence: a fresh interpreter writes identical bytes."""
    script = (
        "import sys; from tests.newsml_samples import full_release; from pipeline.newsml import "
        "render_newsml; sys.stdout.buffer.write(render_newsml(full_release(), pdf_pages=2))"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345", TZ="America/New_York", LC_ALL="C")
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, timeout=60, check=True
    )
    assert done.stdout == render_newsml(full_release(), pdf_pages=2)


# --------------------------------------------------------------------------- XHTML body


def body_of(xml: bytes) -> etree._Element:
    return one(parse(xml), "g:contentSet/g:inlineXML/h:html")


def test_inline_body_is_xhtml_throughout() -> None:
    inline = one(parse(render_newsml(full_release())), "g:contentSet/g:inlineXML")
    assert inline.get("contenttype") == "application/xhtml+xml"
    html = [c for c in inline if isinstance(c.tag, str)]
    assert len(html) == 1 and html[0].tag == f"{{{XHTML_NS}}}html"
    namespaces = {etree.QName(e).namespace for e in html[0].iter() if isinstance(e.tag, str)}
    assert namespaces == {XHTML_NS}
    assert html[0].get("lang") == "sv"


def test_inline_body_structure() -> None:
    """Flat blocks only: every child of <body> holds text and no element (what Superdesk keeps)."""
    html = body_of(render_newsml(full_release()))
    assert one(html, "h:head/h:title").text == full_release().headline
    body = one(html, "h:body")
    assert all(len(block) == 0 and block.text for block in body)
    assert not body.xpath(".//h:span | .//h:figure | .//h:section | .//h:a | .//h:h1 | .//@class", namespaces=N)
    texts = [(etree.QName(b).localname, b.text) for b in body]
    assert texts == [
        ("h2", "Femtio företrädare staka ut en gemensam strategi"),
        ("p", "STOCKHOLM, 7 november 2006 – Den 7 november går startskottet för en fördjupad dialog om miljöteknik."),
        ("blockquote", "– Genom att bygga hållbara städer möter vi klimatförändringarna, säger Mats Hellström."),
        ("h2", "Hammarby sjöstad som förebild"),
        ("p", "Sjöstads-konceptet har gått på export. Läs mer på www.lansstyrelsen.se/ab."),
        ("p", "• Miljöteknik"),
        ("p", "• Hållbar stadsutveckling"),
        ("p", "• Offentlig upphandling"),
        ("p", "1. Anmäl dig"),
        ("p", "2. Kom till mötet"),
        ("blockquote", "”Relationen mellan beställare och producenter måste vara tydlig.” — Lena Kling"),
        ("h2", "För mer information kontakta:"),
        ("p", "Lena Kling, koordinator, Länsstyrelsen i Stockholm, 070-342 47 00"),
        ("p", "Maria Gåsste, Press- och informationschef, 08-785 44 32, maria.gasste@ab.lst.se"),
        ("p", "press@ab.lst.se"),
        ("h2", "Om Länsstyrelsen"),
        ("p", "Länsstyrelsen är statens företrädare i länet."),
        ("p", "Mer på https://www.lansstyrelsen.se/stockholm."),
        ("p", "Stockholm Sustainable Region är ett nätverk."),
    ]
    assert "###" not in "".join(body.itertext())  # the plain-text end mark is not content


def test_dateline_not_repeated_when_the_lead_starts_with_it() -> None:
    release = full_release()
    release.body[0] = Paragraph("STOCKHOLM, 7 november 2006 – Den 7 november går startskottet.", lead=True)
    body = one(body_of(render_newsml(release)), "h:body")
    assert "".join(body.itertext()).count("STOCKHOLM, 7 november 2006") == 1


def test_dateline_ending_in_a_dash_is_followed_by_a_space() -> None:
    release = full_release()
    release.dateline = Dateline("WASHINGTON, July 31 –")
    body = one(body_of(render_newsml(release)), "h:body")
    assert body[1].text.startswith("WASHINGTON, July 31 – Den 7 november")


def test_dateline_without_lead_paragraph_gets_its_own_line() -> None:
    release = Release(
        headline="H", dateline=Dateline("GÖTEBORG, 1 maj"), body=[Quote("– Hej, säger X.", "Hej", lead=True)]
    )
    body = one(body_of(render_newsml(release)), "h:body")
    assert [(etree.QName(b).localname, b.text) for b in body] == [("p", "GÖTEBORG, 1 maj"),
                                                                   ("blockquote", "– Hej, säger X.")]


def test_running_text_keeps_links_and_address_lines_as_text() -> None:
    about = BoilerplateSection("Om ACME", "ACME AB\nBox 1\nStockholm\n\nSista stycket.")
    release = Release(
        headline="H",
        body=[Paragraph("Mejla info@acme.se eller se www.acme.se/info, tack.")],
        boilerplate=[about],
    )
    body = one(body_of(render_newsml(release)), "h:body")
    assert not list(body.iter(f"{{{XHTML_NS}}}a"))
    assert [b.text for b in body] == ["Mejla info@acme.se eller se www.acme.se/info, tack.", "Om ACME", "ACME AB",
                                      "Box 1", "Stockholm", "Sista stycket."]


def test_word_and_char_counts_follow_iptc_example() -> None:
    """IPTC CR00201: two 16-character lines → wordcount 8, charcount 32 (no separators)."""
    release = Release(headline="H", body=[Paragraph("Line one of two."), Paragraph("Line two of two.")])
    inline = one(parse(render_newsml(release)), "g:contentSet/g:inlineXML")
    assert (inline.get("wordcount"), inline.get("charcount")) == ("8", "32")


def test_wordcount_matches_the_visible_body_text() -> None:
    html = body_of(render_newsml(full_release()))
    body = one(html, "h:body")
    for br in body.iter(f"{{{XHTML_NS}}}br"):
        br.tail = " " + (br.tail or "")
    words = len("".join(body.itertext()).split())
    inline = html.getparent()
    assert int(inline.get("wordcount")) == words


# --------------------------------------------------------------------------- hostile text


def hostile_release() -> Release:
    release = full_release()
    release.headline = "Rubrik ]]> <script>alert('x')</script> &amp; \x00\x1b\x7f\ud800 😀"
    release.subheadline = "Tab\there\r\nnew line \x0c form feed"
    release.body[0] = Paragraph("مرحبا بالعالم — שלום ]]> <![CDATA[ x ]]> \u202e reversed \ufffe", lead=True)
    release.contacts[0].name = "Ann\x08a <b>"
    release.boilerplate[0].text = "Om oss\x01\n\n<?xml version='1.0'?> <!DOCTYPE x> &e;"
    release.dateline = Dateline("STOCKHOLM\x0b", city="Stock\x02holm")
    release.urls = ["https://ex.se/50%rabatt#a#b", "www.ex.se/<x>"]
    return release


def test_hostile_text_stays_valid_and_inert(xsd: Path) -> None:
    xml = render_newsml(hostile_release())
    assert_valid(xml, xsd)
    root = parse(xml)
    assert not root.xpath("//h:script", namespaces=N)
    assert not root.xpath("//processing-instruction()")
    headline = one(root, "g:contentMeta/g:headline[not(@role)]").text
    assert headline == "Rubrik ]]> <script>alert('x')</script> &amp; 😀"
    assert one(root, "g:contentMeta/g:headline[@role]").text == "Tab here new line form feed"
    assert one(root, "g:contentMeta/g:located/g:name").text == "Stockholm"
    assert one(root, "g:itemMeta/g:link").get("href") == "https://ex.se/50%25rabatt#a%23b"
    text = "".join(root.itertext())
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    assert "مرحبا بالعالم" in text and "😀" in text


def test_right_to_left_language_marks_the_body(xsd: Path) -> None:
    release = Release(headline="مرحبا بالعالم", language="ar", body=[Paragraph("نص البيان الصحفي")])
    xml = render_newsml(release)
    assert_valid(xml, xsd)
    html = body_of(xml)
    assert (html.get("lang"), html.get("dir")) == ("ar", "rtl")


def test_unusable_language_is_dropped_not_fatal(xsd: Path) -> None:
    release = minimal_release()
    release.language = "svenska språket"
    xml = render_newsml(release)
    assert_valid(xml, xsd)
    assert parse(xml).get(XML_LANG) is None
    release.language = "sv_SE"
    assert parse(render_newsml(release)).get(XML_LANG) == "sv-SE"


def test_slugline() -> None:
    assert slugline("Hållbara städer – Stockholmsregionens nästa exportprodukt") == (
        "Hållbara-städer-Stockholmsregionens"
    )
    assert slugline("ACME steigert Umsatz um 12 Prozent") == "ACME-steigert-Umsatz-um"
    assert slugline("— !!! —") is None
    assert len(slugline("Donaudampfschifffahrtsgesellschaftskapitänsmützenhersteller")) == 40


# --------------------------------------------------------------------------- vocabularies


def test_iptc_aliases_used_exist_in_catalog_v41() -> None:
    if not CATALOG.is_file():
        pytest.skip(f"IPTC catalog v41 not found at {CATALOG}; it is IPTC's and not shipped with the project")
    declared = iptc_aliases(CATALOG)
    assert declared >= IPTC_ALIASES_USED
    assert not {"prhlrole", "prctrrole", "prdescrole"} & declared  # own aliases must not shadow IPTC's
    root = parse(render_newsml(full_release()))
    used = {
        v.split(":")[0]
        for e in root.iter()
        for k, v in e.attrib.items()
        if k in ("qcode", "role", "rel", "type") and etree.QName(e).namespace == NAR_NS
    }
    assert used - {"prhlrole", "prctrrole", "prdescrole"} <= IPTC_ALIASES_USED


# --------------------------------------------------------------------------- properties


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(release=releases(), version=st.integers(1, 10_000), pages=st.none() | st.integers(0, 500))
def test_every_release_is_valid_newsml(xsd: Path, release: Release, version: int, pages: int | None) -> None:
    xml = render_newsml(release, version=version, pdf_pages=pages)
    assert_valid(xml, xsd)
    assert render_newsml(release, version=version, pdf_pages=pages) == xml
    bumped = parse(render_newsml(release, version=version + 1, pdf_pages=pages))
    assert bumped.get("guid") == parse(xml).get("guid")


_DIRT = st.sampled_from(
    [
        "\x00",
        "\x01",
        "\x08",
        "\x0b",
        "\x1b",
        "\x7f",
        "\x85",
        "\ud800",
        "\udfff",
        "\ufffe",
        "\t",
        "\r\n",
        "]]>",
        "<![CDATA[",
        "\u202e",
        "\U0001f600",
    ]
)


@st.composite
def dirty_releases(draw: st.DrawFn) -> Release:
    """Canonical releases with characters XML 1.0 cannot carry spliced into their text fields."""
    release = draw(releases())
    dirt = draw(st.lists(_DIRT, min_size=1, max_size=4)).__iter__()

    def soil(text: str | None) -> str | None:
        piece = next(dirt, None)
        if text is None or piece is None:
            return text
        return text[: len(text) // 2] + piece + text[len(text) // 2 :]

    release.headline = soil(release.headline) or ""
    release.organization = soil(release.organization)
    release.subheadline = soil(release.subheadline)
    for block in release.body:
        if isinstance(block, (Paragraph, Quote)):
            block.text = soil(block.text) or ""
    for contact in release.contacts:
        contact.name, contact.email = soil(contact.name), soil(contact.email)
    return release


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(release=dirty_releases())
def test_releases_with_illegal_characters_still_valid(xsd: Path, release: Release) -> None:
    assert_valid(render_newsml(release), xsd)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tail=st.text(max_size=30), href=st.text(max_size=20))
def test_any_url_text_gives_a_valid_href_or_none(xsd: Path, tail: str, href: str) -> None:
    """URLs come from free text; whatever survives into an href must be a valid xs:anyURI."""
    release = Release(headline="H", urls=["https://" + tail, "www." + tail])
    try:
        xml = render_newsml(release, pdf_href=href)
    except PressroomError as exc:
        assert "PDF location" in exc.reason
        return
    assert_valid(xml, xsd)
