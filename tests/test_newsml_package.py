"""The NewsML-G2 package of a release with pictures: XSD-valid, linted, and read by Superdesk's parser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pictures_support import RELEASE_TEXT, iim_app13, jpeg, photo, png, xmp_packet

from pipeline.errors import PressroomError
from pipeline.model import Release
from pipeline.newsml import NAR_NS, render_newsml
from pipeline.newsml_package import picture_guid, render_package
from pipeline.pictures.prepare import prepare
from pipeline.reader import read_release
from pipeline.validate import lint_newsml, safe_parser, validate_newsml
from tests.superdesk_support import find_wheel, load_parser

N = {"n": NAR_NS}


def release_with_pictures() -> Release:
    release = read_release(RELEASE_TEXT.encode("utf-8"), "release.txt")
    prepared = prepare([("park.jpg", jpeg(photo(2400, 1500), iim=iim_app13("Parken i gryningen.", "Foto: Lisa Holm",
                                                                            "© Nordkraft AB"))),
                        ("anna.jpg", jpeg(photo(800, 1000), xmp=xmp_packet("Anna Berg, vd.", "Foto: Per Lund",
                                                                           "© Per Lund", alt="Porträtt"))),
                        ("karta.png", png(photo(600, 400)))])
    release.pictures = prepared.pictures
    return release


@pytest.fixture(scope="module")
def package() -> tuple[Release, bytes, bytes]:
    release = release_with_pictures()
    text = render_newsml(release, pdf_pages=2, provider="press.example.org")
    return release, text, render_package(release, text, provider="press.example.org")


def test_package_is_valid_and_lint_clean(package: tuple[Release, bytes, bytes], xsd: Path) -> None:
    _, _, xml = package
    assert validate_newsml(xml, xsd) == []
    assert lint_newsml(xml) == []


def test_package_groups_the_text_item_and_one_picture_item_per_photo(package: tuple[Release, bytes, bytes]) -> None:
    release, text, xml = package
    root = etree.fromstring(xml, safe_parser())
    assert etree.QName(root).localname == "newsMessage"
    items = root.findall("n:itemSet/*", N)
    assert [etree.QName(i).localname for i in items] == ["packageItem", "newsItem", "newsItem", "newsItem",
                                                         "newsItem"]
    package_item, text_item, *pictures = items
    assert package_item.find("n:itemMeta/n:itemClass", N).get("qcode") == "ninat:composite"
    # the text item is release.xml itself
    alone = etree.fromstring(etree.tostring(text_item), safe_parser())  # out of the message's context
    assert etree.tostring(alone, method="c14n") == etree.tostring(etree.fromstring(text, safe_parser()),
                                                                  method="c14n")
    refs = package_item.findall("n:groupSet/n:group/n:itemRef", N)
    assert [(r.get("residref"), r.get("version")) for r in refs] == [(i.get("guid"), i.get("version"))
                                                                     for i in items[1:]]
    assert [r.find("n:itemClass", N).get("qcode") for r in refs] == ["ninat:text"] + ["ninat:picture"] * 3
    for item, picture in zip(pictures, release.pictures, strict=True):
        assert item.get("guid") == picture_guid(release, picture, "press.example.org")
        assert item.find("n:itemMeta/n:itemClass", N).get("qcode") == "ninat:picture"
        remotes = item.findall("n:contentSet/n:remoteContent", N)
        assert [(r.get("href"), r.get("rendition"), int(r.get("size")), int(r.get("width")), int(r.get("height")),
                 r.get("contenttype")) for r in remotes] == [
            (r.href, {"print": "rnd:print", "web": "rnd:web", "thumb": "rnd:thumbnail"}[r.name], r.size, r.width,
             r.height, "image/jpeg") for r in picture.renditions]
        caption = item.find("n:contentMeta/n:description[@role='drol:caption']", N)
        assert (caption.text if caption is not None else None) == picture.caption
        credit = item.find("n:contentMeta/n:creditline", N)
        assert (credit.text if credit is not None else None) == picture.credit
        notice = item.find("n:rightsInfo/n:copyrightNotice", N).text
        assert notice == (picture.rights or notice) and notice
    by_file = {i.find("n:itemMeta/n:fileName", N).text: i for i in pictures}
    assert by_file["park.jpg"].find("n:contentMeta/n:description[@role='drol:caption']", N).text \
        == "Parken i gryningen."
    assert by_file["anna.jpg"].find("n:rightsInfo/n:copyrightNotice", N).text == "© Per Lund"
    assert by_file["anna.jpg"].find("n:rightsInfo/n:copyrightHolder", N) is None  # not the issuer's photo


def test_package_bytes_are_reproducible(package: tuple[Release, bytes, bytes]) -> None:
    release, text, xml = package
    assert render_package(release, text, provider="press.example.org") == xml


def test_no_pictures_no_package() -> None:
    release = read_release(RELEASE_TEXT.encode("utf-8"), "release.txt")
    with pytest.raises(PressroomError, match="at least one picture"):
        render_package(release, render_newsml(release))


def test_ninjs_associations_carry_the_pictures_and_renditions(package: tuple[Release, bytes, bytes]) -> None:
    import json

    from pipeline.ninjs import render_ninjs
    from tests.feed_schemas import ninjs_validator

    release, _, xml = package
    data = json.loads(render_ninjs(release, provider="press.example.org"))
    assert list(ninjs_validator().iter_errors(data)) == []
    guids = [i.get("guid") for i in etree.fromstring(xml, safe_parser()).findall("n:itemSet/n:newsItem", N)[1:]]
    associations = data["associations"]
    assert [a["uri"] for a in associations] == guids  # the same identity as the NewsML-G2 picture items
    assert [a["type"] for a in associations] == ["picture"] * 3
    for association, picture in zip(associations, release.pictures, strict=True):
        assert association.get("by") == picture.credit
        assert [(r["href"], r["width"], r["height"], r["sizeInBytes"]) for r in association["renditions"]] == [
            (r.href, r.width, r.height, r.size) for r in picture.renditions]
    assert sum(a["name"] == "featureimage" for a in associations) == 1


@pytest.fixture(scope="module")
def superdesk() -> Any:
    wheel = find_wheel()
    if wheel is None:
        pytest.skip("superdesk-core 2.5.3 wheel not cached; run scripts/setup.sh --test")
    pytest.importorskip("arrow", reason="Superdesk's parser needs arrow (test extra)")
    return load_parser(wheel)


def test_superdesk_ingests_the_package_text_and_pictures(package: tuple[Release, bytes, bytes],
                                                         superdesk: Any) -> None:
    release, _, xml = package
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    assert superdesk.can_parse(root)
    items = superdesk.parse(root)
    assert [i["type"] for i in items] == ["composite", "text", "picture", "picture", "picture"]
    refs = items[0]["groups"][0]["refs"]
    assert [r["residRef"] for r in refs] == [i["guid"] for i in items[1:]]
    assert "Nordkraft AB öppnar i dag" in items[1]["body_html"]
    for item, picture in zip(items[2:], release.pictures, strict=True):
        assert set(item["renditions"]) == {"print", "web", "thumbnail"}
        web = item["renditions"]["web"]
        assert web["href"] == picture.rendition("web").href and web["mimetype"] == "image/jpeg"
        assert web["sizeinbytes"] == picture.rendition("web").size
        if picture.caption:
            assert item.get("description_text") == picture.caption
        if picture.credit:
            assert item.get("byline") == picture.credit
