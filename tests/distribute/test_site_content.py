"""The press room shows only what the model says: pages rendered from release.json, a feed that a
real feed parser reads with absolute links and the issuer's local dates."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree, html

from pipeline.distribute.config import SiteConfig, parse_config
from pipeline.distribute.pressroom_site import rebuild_site

from .conftest import sample_release
from .test_email_content import FORBIDDEN, HOSTILE_HTML

feedparser = pytest.importorskip("feedparser")

ATOM = "{http://www.w3.org/2005/Atom}"
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def hostile_output(make_release: Callable[..., Path], tmp_path: Path) -> Path:
    folder = make_release("2026-11-28-acme", release=sample_release(issued=dt.date(2026, 11, 28)))
    (folder / "release.html").write_text(HOSTILE_HTML, encoding="utf-8")
    return tmp_path / "output"


def test_no_hand_edit_reaches_the_index_the_pages_or_the_feed(hostile_output: Path) -> None:
    rebuild_site(hostile_output, SiteConfig(base_url="https://press.acme.example/"), now=NOW)
    index = (hostile_output / "index.html").read_text(encoding="utf-8")
    feed = (hostile_output / "feed.atom").read_text(encoding="utf-8")
    [page] = list((hostile_output / "pages").glob("*.html"))
    for name, text in (("index", index), ("feed", feed), ("page", page.read_text(encoding="utf-8"))):
        for needle in FORBIDDEN:
            if not (name == "index" and needle == "<img"):  # the index shows its own thumbnails
                assert needle not in text.lower(), (name, needle)
    assert "release.html" not in index and "release.html" not in feed  # the editable file is never linked
    doc = html.fromstring(index)
    assert doc.xpath("//img/@src") == ["thumbnails/2026-11-28-acme.png"]
    [link] = doc.xpath("//a[@class='pr-html']/@href")
    assert link == "pages/2026-11-28-acme.html" and (hostile_output / link) == page
    assert "Production starts in March." in page.read_text(encoding="utf-8")  # the model's body
    scripts = html.fromstring(page.read_bytes()).xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]  # only the writer's own metadata


def test_pages_follow_release_json_and_disappear_with_the_folder(make_release: Callable[..., Path],
                                                                 tmp_path: Path) -> None:
    import json
    import shutil

    folder = make_release("2026-11-28-acme")
    output = tmp_path / "output"
    rebuild_site(output, now=NOW)
    page = output / "pages" / "2026-11-28-acme.html"
    assert "Acme opens a new plant" in page.read_text(encoding="utf-8")
    data = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    data["headline"] = "Acme opens two plants"
    (folder / "release.json").write_text(json.dumps(data), encoding="utf-8")
    later = time.time() + 5
    os.utime(folder / "release.json", (later, later))
    rebuild_site(output, now=NOW)
    assert "Acme opens two plants" in page.read_text(encoding="utf-8")
    shutil.rmtree(folder)
    rebuild_site(output, now=NOW)
    assert not page.exists()


def test_an_embargoed_release_has_no_public_page(make_release: Callable[..., Path], tmp_path: Path) -> None:
    make_release("2026-12-05-secret", release=sample_release("Secret", embargo=dt.date(2026, 12, 5)))
    rebuild_site(tmp_path / "output", now=NOW)
    assert list((tmp_path / "output").glob("pages/*.html")) == []


def test_a_release_json_with_a_lone_surrogate_does_not_stop_the_rebuild(make_release: Callable[..., Path],
                                                                        tmp_path: Path) -> None:
    folder = make_release("2026-11-28-odd")
    make_release("2026-11-27-fine", release=sample_release("Fine news"))
    data = (folder / "release.json").read_text(encoding="utf-8")
    (folder / "release.json").write_text(data.replace("Acme opens", "Acme \\ud800 opens", 1), encoding="utf-8")
    result = rebuild_site(tmp_path / "output", now=NOW)
    assert result.entries == 2
    assert "Fine news" in result.index.read_text(encoding="utf-8")
    assert len(feedparser.parse(result.feed.read_bytes()).entries) == 2


def absolute(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme == "file")


@pytest.mark.parametrize("base_url", ["https://press.acme.example/news", None])
def test_feedparser_reads_the_feed_with_absolute_links_only(make_release: Callable[..., Path],
                                                            tmp_path: Path, base_url: str | None) -> None:
    make_release("2026-11-02-older", release=sample_release("Older news", issued=dt.date(2026, 11, 2)))
    make_release("2026-11-28-newer", release=sample_release("Newer news"), files=("pdf", "xml"))
    output = tmp_path / "output"
    result = rebuild_site(output, SiteConfig(base_url=base_url), now=NOW)
    parsed = feedparser.parse(result.feed.read_bytes())  # bytes: no retrieval URL to resolve against
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    base = (base_url + "/") if base_url else output.resolve().as_uri() + "/"
    hrefs = [link.href for link in parsed.feed.links]
    for entry in parsed.entries:
        hrefs += [link.href for link in entry.links]
    assert len(hrefs) == 2 + 3 + 2  # feed: self, alternate; entries: page+pdf+xml, pdf+xml
    assert all(absolute(h) for h in hrefs), hrefs
    if base_url:  # (feedparser rewrites file:///x as file://x, so compare the file:// case on the XML)
        assert [link.href for link in parsed.feed.links if link.rel == "self"] == [base + "feed.atom"]
        assert all(h.startswith(base) for h in hrefs), hrefs
    raw = etree.fromstring(result.feed.read_bytes())
    raw_hrefs = raw.xpath("//a:link/@href", namespaces={"a": ATOM[1:-1]})
    assert len(raw_hrefs) == len(hrefs) and all(absolute(h) and h.startswith(base) for h in raw_hrefs)
    assert raw.xpath("/a:feed/a:link[@rel='self']/@href", namespaces={"a": ATOM[1:-1]}) == [base + "feed.atom"]
    assert raw.get("{http://www.w3.org/XML/1998/namespace}base") == base


@pytest.mark.parametrize(("zone", "published", "utc"), [
    ("Europe/Stockholm", "2026-11-20T00:00:00+01:00", (2026, 11, 19, 23)),
    ("America/New_York", "2026-11-20T00:00:00-05:00", (2026, 11, 20, 5)),
    ("UTC", "2026-11-20T00:00:00Z", (2026, 11, 20, 0)),
])
def test_a_date_only_release_is_published_at_the_issuers_midnight(
    make_release: Callable[..., Path], tmp_path: Path, zone: str, published: str, utc: tuple[int, ...],
) -> None:
    make_release("2026-11-20-day", release=sample_release("A day", issued=dt.date(2026, 11, 20)))
    result = rebuild_site(tmp_path / "output", SiteConfig(timezone=zone), now=NOW)
    feed = etree.fromstring(result.feed.read_bytes())
    assert feed.findtext(f"{ATOM}entry/{ATOM}published") == published
    entry = feedparser.parse(result.feed.read_bytes()).entries[0]
    assert tuple(entry.published_parsed[:4]) == utc


def test_a_timed_release_keeps_its_own_offset(make_release: Callable[..., Path], tmp_path: Path) -> None:
    issued = dt.datetime(2006, 11, 7, 11, 58, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    make_release("2006-11-07-timed", release=sample_release("Timed", issued=issued))
    result = rebuild_site(tmp_path / "output", SiteConfig(timezone="America/New_York"), now=NOW)
    feed = etree.fromstring(result.feed.read_bytes())
    assert feed.findtext(f"{ATOM}entry/{ATOM}published") == "2006-11-07T11:58:00+01:00"


def test_the_site_timezone_defaults_to_the_embargo_timezone(tmp_path: Path) -> None:
    config = parse_config({"distribute": {"embargo_date_timezone": "Europe/Helsinki"}}, tmp_path)
    assert config.site.timezone == "Europe/Helsinki"
    assert parse_config({}, tmp_path).site.timezone == "UTC"
    assert parse_config({"site": {"timezone": "Asia/Tokyo"}}, tmp_path).site.timezone == "Asia/Tokyo"
    from pipeline.errors import PressroomError

    with pytest.raises(PressroomError, match=r"site\.timezone"):
        parse_config({"site": {"timezone": "Mars/Olympus"}}, tmp_path)


def test_a_date_only_embargo_lifts_at_the_issuers_midnight(make_release: Callable[..., Path],
                                                           tmp_path: Path) -> None:
    make_release("2026-12-05-held", release=sample_release("Held", embargo=dt.date(2026, 12, 5)))
    site = SiteConfig(timezone="Europe/Stockholm")  # 2026-12-05 00:00 +01:00 = 2026-12-04 23:00Z
    before = rebuild_site(tmp_path / "output", site, now=dt.datetime(2026, 12, 4, 22, 59, tzinfo=dt.UTC))
    after = rebuild_site(tmp_path / "output", site, now=dt.datetime(2026, 12, 4, 23, 0, 1, tzinfo=dt.UTC))
    assert (before.entries, after.entries) == (0, 1)


def test_the_index_shows_the_localized_date(make_release: Callable[..., Path], tmp_path: Path) -> None:
    from pipeline.htmlwriter import human_date

    release = sample_release("Svensk nyhet", issued=dt.date(2026, 11, 20))
    release.language = "sv"
    make_release("2026-11-20-sv", release=release)
    result = rebuild_site(tmp_path / "output", now=NOW)
    doc = html.fromstring(result.index.read_bytes())
    [time_el] = doc.xpath("//time")
    assert time_el.text == human_date(dt.date(2026, 11, 20), "sv") != "2026-11-20"
    assert time_el.get("datetime") == "2026-11-20"


@pytest.mark.parametrize("bad", ["press.acme.example", "/news/", "ftp://x.example/", "https://", "https://a b/",
                                 "javascript:alert(1)", 5])
def test_base_url_must_be_an_absolute_http_url(tmp_path: Path, bad: object) -> None:
    from pipeline.errors import PressroomError

    with pytest.raises(PressroomError, match=r"site\.base_url"):
        parse_config({"site": {"base_url": bad}}, tmp_path)
    assert parse_config({"site": {"base_url": "https://press.acme.example/news"}}, tmp_path).site.base_url
