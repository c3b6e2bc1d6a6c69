"""NITF 3.6 and ninjs 3.1 writers on hand-built releases: structure, shared identity, hostile text.

The corpus-wide schema checks are in test_agency_feeds.py; these pin the mapping itself.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from lxml import etree

from pipeline.model import Release
from pipeline.newsml import NAR_NS, render_newsml
from pipeline.ninjs import render_ninjs
from pipeline.nitf import NITF_NS, render_nitf
from pipeline.validate import safe_parser
from tests.feed_schemas import NITF_XSD, ninjs_validator, nitf_schema
from tests.newsml_samples import full_release, minimal_release
from tests.test_newsml import hostile_release

N = {"n": NITF_NS}


def nitf(release: Release, **kwargs: object) -> etree._Element:
    return etree.fromstring(render_nitf(release, **kwargs), safe_parser())


def test_nitf_mapping() -> None:
    schema = nitf_schema()
    doc = nitf(full_release(), provider="press.example.org", version=3)
    assert schema.validate(doc), schema.error_log
    assert doc.get("version") == "-//IPTC//DTD NITF 3.6//EN" and doc.get("baselang") == "sv"
    docdata = doc.find("n:head/n:docdata", N)
    guid = etree.fromstring(render_newsml(full_release(), provider="press.example.org")).get("guid")
    assert docdata.find("n:doc-id", N).get("id-string") == f"{guid}:3"
    assert docdata.find("n:date.issue", N).get("norm") == "20061107T115800+0100"
    assert docdata.find("n:date.release", N).get("norm") == "20061108T060000+0100"  # the embargo
    assert "EMBARGO" in docdata.find("n:ed-msg", N).get("info")
    assert docdata.find("n:doc.copyright", N).attrib == {"holder": "Länsstyrelsen i Stockholms län", "year": "2006"}
    head = doc.find("n:body/n:body.head", N)
    assert head.findtext("n:hedline/n:hl2", namespaces=N) == "Femtio företrädare staka ut en gemensam strategi"
    assert head.findtext("n:dateline", namespaces=N) == "STOCKHOLM, 7 november 2006"
    content = doc.find("n:body/n:body.content", N)
    assert [etree.QName(c).localname for c in content][:3] == ["p", "bq", "hl2"]  # subheadline not repeated
    bq = content.find("n:bq", N)
    assert bq.findtext("n:credit", namespaces=N) == "Mats Hellström, landshövding"
    assert bq.findtext("n:block/n:p", namespaces=N).startswith("– Genom att bygga")
    assert [li.text for li in content.find("n:ul", N)] == ["Miljöteknik", "Hållbar stadsutveckling",
                                                         "Offentlig upphandling"]
    assert len(content.find("n:ol", N)) == 2
    links = [(a.get("href"), a.text) for a in content.iter(f"{{{NITF_NS}}}a")]
    assert ("https://www.lansstyrelsen.se/ab", "www.lansstyrelsen.se/ab") in links
    assert ("tel:+46703424700", "070-342 47 00") in links
    assert ("mailto:maria.gasste@ab.lst.se", "maria.gasste@ab.lst.se") in links
    assert doc.findtext("n:body/n:body.end/n:tagline", namespaces=N).startswith("Copyright 2006 Länsstyrelsen")


def test_nitf_minimal_and_hostile_stay_valid() -> None:
    schema = nitf_schema()
    for release in (minimal_release(), hostile_release()):
        doc = nitf(release, version_created=dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC))
        assert schema.validate(doc), schema.error_log
    assert nitf(minimal_release(), version_created=dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)).find(
        "n:head/n:docdata/n:date.issue", N).get("norm") == "20260102T030400+0000"
    assert not nitf(hostile_release()).xpath("//n:script", namespaces=N)


def test_ninjs_mapping() -> None:
    data = json.loads(render_ninjs(full_release(), provider="press.example.org", provider_name="Desk"))
    assert list(ninjs_validator().iter_errors(data)) == []
    guid = etree.fromstring(render_newsml(full_release(), provider="press.example.org")).get("guid")
    assert data["uri"] == guid
    assert data["embargoedUntil"] == "2006-11-08T06:00:00+01:00"
    assert data["headlines"] == [{"role": "main", "value": full_release().headline},
                                 {"role": "sub", "value": "Femtio företrädare staka ut en gemensam strategi"}]
    assert data["descriptions"][0]["role"] == "summary" and data["descriptions"][1]["role"] == "about"
    assert data["renditions"] == [{"name": "print", "href": "release.pdf", "contentType": "application/pdf"}]
    assert data["infoSources"] == [{"name": "Desk", "literal": "press.example.org", "role": "provider"}]
    kling = data["people"][0]
    assert kling == {"rel": "pressContact", "name": "Lena Kling", "literal": "koordinator, Länsstyrelsen i Stockholm",
                     "contactInfo": [{"type": "phone", "role": "office", "value": "+46703424700"}]}
    body = data["bodies"][0]
    assert body["contentType"] == "text/html" and "<ul><li>Miljöteknik</li>" in body["value"]
    assert '<a href="https://www.lansstyrelsen.se/ab">' in body["value"]
    assert None not in data.values()


def test_ninjs_minimal_and_hostile_stay_valid() -> None:
    for release in (minimal_release(), hostile_release()):
        data = json.loads(render_ninjs(release, pdf_href=None))
        assert list(ninjs_validator().iter_errors(data)) == []
        assert "renditions" not in data
    assert "<script>" not in json.loads(render_ninjs(hostile_release()))["bodies"][0]["value"]


def test_same_arguments_same_bytes() -> None:
    when = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
    assert render_nitf(full_release(), version_created=when) == render_nitf(full_release(), version_created=when)
    assert render_ninjs(full_release(), version_created=when) == render_ninjs(full_release(), version_created=when)


@pytest.mark.parametrize("render", [render_nitf, render_ninjs])
def test_bad_guid_authority_is_refused(render: object) -> None:
    from pipeline.errors import PressroomError

    with pytest.raises(PressroomError):
        render(full_release(), guid_authority="not a domain")  # type: ignore[operator]


def test_nar_namespace_constant_is_shared() -> None:
    assert NAR_NS == "http://iptc.org/std/nar/2006-10-01/" and NITF_XSD.name == "nitf-3-6.xsd"
