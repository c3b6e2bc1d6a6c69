"""Press photos after conversion: the press room's gallery and Atom enclosures, the mail's inline lead photo.

Releases are converted from a real release folder (three photos); mail goes to a real SMTP
server on 127.0.0.1 (aiosmtpd) and is parsed as received; the feed is read by feedparser.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html as lxml_html
from pictures_support import three_photo_folder

from pipeline.convert import Converter
from pipeline.distribute import distribute_folder
from pipeline.distribute.config import SiteConfig
from pipeline.distribute.pressroom_site import rebuild_site

from .test_email import SmtpRecorder, SmtpServer, _start, email_channel

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def converted(tmp_path: Path) -> Path:
    source = three_photo_folder(tmp_path / "in")
    return Converter(tmp_path / "output", ("html", "pdf", "xml", "json")).convert_file(source).folder


def test_press_room_gallery_links_thumbnails_and_full_size_photos(converted: Path) -> None:
    output = converted.parent
    rebuild_site(output, SiteConfig(base_url="https://press.example.org/"), now=NOW)
    index = lxml_html.fromstring((output / "index.html").read_bytes())
    gallery = index.xpath("//ul[@class='pr-gallery']/li")
    assert len(gallery) == 3
    for item in gallery:
        [link] = item.xpath("a")
        [img] = item.xpath("a/img")
        assert (output / unquote(link.get("href"))).is_file() and link.get("href").endswith(".print.jpg")
        assert (output / unquote(img.get("src"))).is_file() and img.get("src").endswith(".thumb.jpg")
        assert img.get("alt")
    assert "Foto: Per Lund" in lxml_html.tostring(index, encoding="unicode")
    [page] = (output / "pages").glob("*.html")
    srcs = lxml_html.fromstring(page.read_bytes()).xpath("//img[contains(@class, 'pr-picture-image')]/@src")
    assert len(srcs) == 3 and all((page.parent / unquote(s)).resolve().is_file() for s in srcs)


def test_feed_carries_the_photos_as_enclosures(converted: Path) -> None:
    feedparser = pytest.importorskip("feedparser")
    output = converted.parent
    rebuild_site(output, SiteConfig(base_url="https://press.example.org/"), now=NOW)
    feed = feedparser.parse((output / "feed.atom").read_bytes())
    assert not feed.bozo
    [entry] = feed.entries
    photos = [e for e in entry.enclosures if e.type == "image/jpeg"]
    assert len(photos) == 3
    for photo in photos:
        path = output / unquote(urlsplit(photo.href).path.lstrip("/"))
        assert photo.href.startswith("https://press.example.org/") and path.is_file()
        assert int(photo.length) == path.stat().st_size
    assert [e.type for e in entry.enclosures].count("application/pdf") == 1


@pytest.fixture
def smtp_server(certs: Any) -> Iterator[SmtpServer]:
    recorder = SmtpRecorder()
    controller = _start(recorder, certs, "starttls")
    try:
        yield SmtpServer(recorder, controller.port)
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def smtp_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "s3cret-Pässword")


def test_mail_has_the_lead_photo_inline_and_links_the_rest(
    converted: Path, smtp_server: SmtpServer, certs: Any, make_config: Callable[..., Any], tmp_path: Path,
) -> None:
    pytest.importorskip("aiosmtpd")
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "press.txt").write_text("anna@news.example\n", encoding="utf-8")
    config = make_config({"press": email_channel(smtp_server.port, certs, media_url="https://press.example.org/")})
    [result] = distribute_folder(converted, config)
    assert result.status == "sent", result
    [(_, _, raw)] = smtp_server.recorder.messages
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    html = msg.get_body(("html",)).get_content()
    images = [p for p in msg.walk() if p.get_content_maintype() == "image"]
    assert len(images) == 1  # the lead photo only, not every image attached
    [lead] = images
    assert lead["Content-ID"] == "<park.web.jpg@pressroom>" and 'src="cid:park.web.jpg@pressroom"' in html
    assert lead.get_content() == (converted / "media" / "park.web.jpg").read_bytes()
    folder = converted.name
    for other in ("anna-berg", "karta"):
        url = f"https://press.example.org/{folder}/media/{other}.print.jpg"
        assert f'href="{url}"' in html and url in msg.get_body(("plain",)).get_content()
    assert 'src="media/' not in html  # no relative image a mail client could not find
    assert [p.get_filename() for p in msg.iter_attachments() if p.get_content_type() == "application/pdf"]
