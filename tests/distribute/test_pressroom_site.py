"""The static press room: index.html, feed.atom, thumbnails — and a real browser loading them."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree, html

from pipeline.distribute.config import SiteConfig
from pipeline.distribute.pressroom_site import rebuild_site

from .conftest import sample_release, snapshot

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def three_releases(make_release: Callable[..., Path], tmp_path: Path) -> Path:
    make_release("2026-11-02-older", release=sample_release("Older news", issued=dt.date(2026, 11, 2)))
    make_release(
        "2026-11-28-newest",
        release=sample_release(
            "Newest <b>bold</b> & news", issued=dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
        ),
    )
    make_release(
        "2026-11-20-middle",
        release=sample_release("Middle news", organization="Nordic Bank", issued=dt.date(2026, 11, 20)),
        files=("pdf", "xml"),
    )
    return tmp_path / "output"


def test_index_lists_releases_newest_first_with_links_and_thumbnails(three_releases: Path) -> None:
    result = rebuild_site(three_releases, now=NOW)

    assert result.entries == 3
    doc = html.fromstring(result.index.read_bytes())
    items = doc.xpath("//li[@class='pr-item']")
    assert [i.get("id") for i in items] == ["2026-11-28-newest", "2026-11-20-middle", "2026-11-02-older"]
    assert [i.xpath(".//h2")[0].text_content() for i in items] == [
        "Newest <b>bold</b> & news",
        "Middle news",
        "Older news",
    ]  # escaped, shown literally
    assert items[1].xpath(".//*[@class='pr-organization']")[0].text == "Nordic Bank"
    assert items[1].xpath(".//time")[0].get("datetime") == "2026-11-20"
    assert [a.text for a in items[0].xpath(".//p[@class='pr-links']/a")] == ["HTML", "PDF", "NewsML-G2"]
    assert [a.text for a in items[1].xpath(".//p[@class='pr-links']/a")] == [
        "PDF",
        "NewsML-G2",
    ]  # no HTML was made
    for href in doc.xpath("//a/@href | //img/@src"):
        if href not in ("feed.atom",):
            assert (three_releases / href).is_file(), href
    thumbs = doc.xpath("//img/@src")
    assert len(thumbs) == 3
    for src in thumbs:
        assert (three_releases / src).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert doc.xpath("//link[@type='application/atom+xml']/@href") == ["feed.atom"]


def test_feed_is_valid_atom_1_0(three_releases: Path) -> None:
    result = rebuild_site(three_releases, SiteConfig(title="Acme press room", author="Acme"), now=NOW)
    feed = etree.fromstring(result.feed.read_bytes())

    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{tag}")) == 1, tag
    assert feed.findtext(f"{ATOM}title") == "Acme press room"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Acme"
    assert RFC3339.match(feed.findtext(f"{ATOM}updated"))
    base = three_releases.resolve().as_uri() + "/"  # no base_url: the folder's own file:// URI
    assert feed.get("{http://www.w3.org/XML/1998/namespace}base") == base
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == base + "feed.atom"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Newest <b>bold</b> & news",
        "Middle news",
        "Older news",
    ]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 3 and all(i.startswith("urn:uuid:") for i in ids)
    for entry in entries:
        for tag in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{tag}")) == 1, tag
        for tag in ("updated", "published"):
            assert RFC3339.match(entry.findtext(f"{ATOM}{tag}")), tag
        assert entry.findtext(f"{ATOM}summary")
        alternates = [
            (link.get("type"), link.get("hreflang"))
            for link in entry.findall(f"{ATOM}link[@rel='alternate']")
        ]
        assert len(alternates) == len(set(alternates)) >= 1  # RFC 4287 4.1.1: no two alternates alike
        for link in entry.findall(f"{ATOM}link"):
            assert link.get("href").startswith(base) and local(link.get("href")).is_file()
        enclosure = entry.find(f"{ATOM}link[@rel='enclosure']")
        assert enclosure.get("type") == "application/pdf"
        assert int(enclosure.get("length")) == local(enclosure.get("href")).stat().st_size
    assert entries[0].findtext(f"{ATOM}published") == "2026-11-28T09:00:00Z"
    # entry ids stay the same across rebuilds, so feed readers do not show a release twice
    again = etree.fromstring(rebuild_site(three_releases, now=NOW).feed.read_bytes())
    assert [e.findtext(f"{ATOM}id") for e in again.findall(f"{ATOM}entry")] == ids


def local(href: str) -> Path:
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(href)
    assert parts.scheme == "file", href
    return Path(unquote(parts.path))


def test_base_url_makes_feed_links_absolute(three_releases: Path) -> None:
    result = rebuild_site(three_releases, SiteConfig(base_url="https://press.acme.example/news"), now=NOW)
    feed = etree.fromstring(result.feed.read_bytes())
    assert feed.findtext(f"{ATOM}id") == "https://press.acme.example/news/feed.atom"
    hrefs = feed.xpath("//a:link/@href", namespaces={"a": ATOM[1:-1]})
    assert hrefs and all(h.startswith("https://press.acme.example/news/") for h in hrefs)


def test_embargoed_release_appears_only_after_the_embargo(
    make_release: Callable[..., Path], tmp_path: Path
) -> None:
    embargo = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
    make_release("2026-12-01-secret", release=sample_release("Secret merger", embargo=embargo))
    output = tmp_path / "output"

    before = rebuild_site(output, now=embargo - dt.timedelta(minutes=1))
    assert (before.entries, before.hidden) == (0, 1)
    assert "Secret merger" not in before.index.read_text(encoding="utf-8")
    assert b"Secret merger" not in before.feed.read_bytes()
    assert not (output / "thumbnails" / "2026-12-01-secret.png").exists()

    after = rebuild_site(output, now=embargo)
    assert (after.entries, after.hidden) == (1, 0)
    assert "Secret merger" in after.index.read_text(encoding="utf-8")


def test_thumbnails_are_cached_and_follow_the_pdf(three_releases: Path, pdf_bytes: bytes) -> None:
    rebuild_site(three_releases, now=NOW)
    thumb = three_releases / "thumbnails" / "2026-11-02-older.png"
    first = thumb.stat().st_mtime_ns
    rebuild_site(three_releases, now=NOW)
    assert thumb.stat().st_mtime_ns == first  # not re-rendered when nothing changed
    pdf = three_releases / "2026-11-02-older" / "release.pdf"
    pdf.write_bytes(pdf_bytes)
    os.utime(pdf, ns=(first + 10**9, first + 10**9))
    rebuild_site(three_releases, now=NOW)
    assert thumb.stat().st_mtime_ns != first


def test_deleted_folder_leaves_the_site_and_the_release_folders_are_untouched(three_releases: Path) -> None:
    rebuild_site(three_releases, now=NOW)
    kept = snapshot(three_releases / "2026-11-28-newest")
    shutil.rmtree(three_releases / "2026-11-20-middle")
    result = rebuild_site(three_releases, now=NOW)
    assert result.entries == 2
    assert "Middle news" not in result.index.read_text(encoding="utf-8")
    assert not (three_releases / "thumbnails" / "2026-11-20-middle.png").exists()
    assert snapshot(three_releases / "2026-11-28-newest") == kept  # the site never writes into a release


def test_without_pdftoppm_the_site_is_built_without_thumbnails(
    three_releases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pipeline.distribute.pressroom_site.shutil.which", lambda name: None)
    result = rebuild_site(three_releases, now=NOW)
    doc = html.fromstring(result.index.read_bytes())
    assert doc.xpath("//img") == []
    assert len(doc.xpath("//*[@class='pr-nothumb']")) == 3


def test_empty_output_gives_an_empty_but_valid_site(tmp_path: Path) -> None:
    result = rebuild_site(tmp_path / "output", now=NOW)
    assert "No releases yet" in result.index.read_text(encoding="utf-8")
    feed = etree.fromstring(result.feed.read_bytes())
    assert feed.findall(f"{ATOM}entry") == [] and feed.findtext(f"{ATOM}updated")


CHECK_PAGE = """<!DOCTYPE html><html><body><pre id="out">pending</pre>
<iframe id="f" width="900" height="700"></iframe>
<script>
async function run() {
  const frame = document.getElementById("f");
  await new Promise(resolve => { frame.onload = resolve; frame.src = "index.html"; });
  const doc = frame.contentDocument;
  const imgs = [...doc.querySelectorAll("img")];
  await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
  const links = [];
  for (const a of doc.querySelectorAll("a[href]")) {
    const response = await fetch(a.href);
    links.push([a.getAttribute("href"), response.status, response.headers.get("content-type")]);
  }
  document.getElementById("out").textContent = JSON.stringify({
    images: imgs.map(i => [i.getAttribute("src"), i.complete, i.naturalWidth, i.naturalHeight]), links});
}
run().catch(e => { document.getElementById("out").textContent = "ERROR " + e; });
</script></body></html>"""


def _chromium() -> str | None:
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)


@pytest.mark.slow
@pytest.mark.skipif(
    _chromium() is None,
    reason="headless Chromium is not installed (Debian: apt-get install "
    "chromium; scripts/setup.sh --test installs it)",
)
def test_index_in_headless_chromium_loads_links_and_thumbnails(three_releases: Path, tmp_path: Path) -> None:
    rebuild_site(three_releases, now=NOW)
    (three_releases / "check.html").write_text(CHECK_PAGE, encoding="utf-8")
    served: list[tuple[str, int]] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            served.append((self.path, int(code)))

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(three_releases))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/check.html"
        proc = subprocess.run(
            [
                _chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-extensions",
                f"--user-data-dir={tmp_path / 'chromium-profile'}",
                "--virtual-time-budget=15000",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        server.shutdown()
        thread.join(timeout=10)
    match = re.search(r'<pre id="out">(.*?)</pre>', proc.stdout, re.S)
    assert match, proc.stderr[-2000:]
    report = json.loads(html.fromstring(match.group(0)).text_content())
    assert len(report["images"]) == 3
    for src, complete, width, height in report["images"]:
        assert complete and width > 0 and height > width, src  # a decoded, portrait first page
    statuses = {href: (status, ctype) for href, status, ctype in report["links"]}
    assert statuses["2026-11-28-newest/release.pdf"] == (200, "application/pdf")
    assert statuses["pages/2026-11-28-newest.html"][0] == 200  # rendered from the model
    assert statuses["2026-11-20-middle/release.xml"][0] == 200
    assert statuses["feed.atom"][0] == 200
    assert all(status == 200 for status, _ in statuses.values()), statuses
    assert len(report["links"]) == 3 * 2 + 8 + 1  # thumbnail + headline per item, 3+2+3 file links, the feed
    assert len(statuses) == 3 + 2 + 3 + 1
    assert ("/thumbnails/2026-11-28-newest.png", 200) in served


def test_a_release_with_control_characters_does_not_break_the_feed(make_release: Callable[..., Path],
                                                                    tmp_path: Path) -> None:
    """Text from an edited release.html (`&#x1;`) or U+FFFF in a text file is not XML: left out of the feed."""
    release = sample_release("Evil \x01 news \uffff today", organization="Acme\x0b AB")
    make_release(release=release)
    result = rebuild_site(tmp_path / "output", now=NOW)
    feed = etree.fromstring(result.feed.read_bytes())
    titles = [t.text for t in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Evil  news  today" in titles
