"""The static press room: `output/index.html` and `output/feed.atom`, rebuilt from the folders.

Both files are derived entirely from what is in `output/` (each release folder's
`release.json` and which of html/pdf/xml it holds), never from a database, so deleting a
folder and rebuilding is all it takes to unpublish, and a rebuild after a crash is always
correct. Thumbnails of each PDF's first page go to `output/thumbnails/<folder>.png`
(pdftoppm, redone only when the PDF is newer) — outside the release folders, which the
press room never writes into.

A release still under embargo is left out until the embargo has passed (the `[site]`
option `show_embargoed` overrides this): the press room is public, and a page listing an
embargoed headline breaks the embargo as surely as an early e-mail. `send_due` (cron or
the watcher) rebuilds the site, so it appears once the embargo lifts.

The HTML a visitor reads is never the release folder's `release.html`: that file is the
editor's input and may hold anything (scripts, iframes, remote images). Each release is
rendered again from its `release.json` into `output/pages/<folder>.html` (see
model_html.py), and the index and the feed link that page; the PDF and NewsML-G2 are
linked where they are (Pressroom writes them from the model).

The index's links are relative (`pages/<folder>.html`), so the folder works from any web
server path and straight from disk. The feed's links are absolute, as feed readers and
validators want: from `[site] base_url`, else from the output folder's `file://` URI
(enough to read it from disk; set `base_url` before publishing), with the same base as
`xml:base`. A date-only release is published at 00:00 in `[site] timezone`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import uuid
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..deliver import write_atomic
from ..errors import PressroomError
from ..htmlwriter import human_date
from ..model import Paragraph, Quote, Release
from ..singleline import LANGUAGE_TAG
from .config import SiteConfig

log = logging.getLogger(__name__)

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
THUMB_DIR = "thumbnails"
PAGE_DIR = "pages"
#: Folders of `output/` that belong to the press room, not to a release.
SITE_DIRS = frozenset({THUMB_DIR, PAGE_DIR})
THUMB_WIDTH = 240
NEWSML_TYPE = "application/vnd.iptc.g2.newsitem+xml"
_ID_NAMESPACE = uuid.UUID("5b0f7f2c-4a55-4f43-9a0b-8d1c4f3b7e21")  # Pressroom's own, fixed forever

INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Pressroom">
<title>{{ site.title }}</title>
<link rel="alternate" type="application/atom+xml" title="{{ site.title }}" href="feed.atom">
<style>
body { font: 16px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1.5rem;
       color: #1d1d1f; }
h1 { font-size: 1.6rem; margin: 0 0 1.5rem; }
ol.pr-releases { list-style: none; margin: 0; padding: 0; }
li.pr-item { display: flex; gap: 1.25rem; padding: 1.25rem 0; border-top: 1px solid #ddd; }
.pr-thumb img { width: 120px; height: auto; border: 1px solid #ccc; background: #fff; display: block; }
.pr-thumb .pr-nothumb { width: 120px; height: 170px; border: 1px dashed #ccc; display: block; }
.pr-item h2 { font-size: 1.15rem; margin: 0 0 .3rem; }
.pr-meta { color: #555; margin: 0 0 .5rem; font-size: .9rem; }
.pr-links a { margin-right: .8rem; }
.pr-empty { color: #555; }
ul.pr-gallery { list-style: none; margin: .6rem 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: .8rem; }
ul.pr-gallery li { width: 160px; font-size: .8rem; color: #555; }
ul.pr-gallery img { width: 160px; height: auto; display: block; margin-bottom: .25rem; }
</style>
</head>
<body>
<h1>{{ site.title }}</h1>
{% if entries %}
<ol class="pr-releases">
{% for e in entries %}
<li class="pr-item" id="{{ e.key }}"{% if e.lang %} lang="{{ e.lang }}"{% endif %}>
  <a class="pr-thumb" href="{{ e.primary }}">
  {%- if e.thumbnail %}<img src="{{ e.thumbnail }}" width="120"
       alt="First page of the PDF: {{ e.release.headline }}">
  {%- else %}<span class="pr-nothumb"></span>{% endif %}</a>
  <div>
    <h2><a href="{{ e.primary }}">{{ e.release.headline }}</a></h2>
    <p class="pr-meta">
      {%- if e.date_text %}<time datetime="{{ e.date_iso }}">{{ e.date_text }}</time>{% endif %}
      {%- if e.release.organization %} · <span class="pr-organization">{{ e.release.organization }}</span>
      {%- endif %}</p>
    <p class="pr-links">
      {%- if "html" in e.links %}<a class="pr-html" href="{{ e.links.html }}">HTML</a>{% endif %}
      {%- if "pdf" in e.links %}<a class="pr-pdf" href="{{ e.links.pdf }}" type="application/pdf">PDF</a>
      {%- endif %}
      {%- if "xml" in e.links %}<a class="pr-xml" href="{{ e.links.xml }}" type="{{ newsml_type }}">
      {#- #}NewsML-G2</a>
      {%- endif %}
    </p>
    {% if e.gallery %}
    <ul class="pr-gallery">
    {% for p in e.gallery %}
      <li><a href="{{ p.full }}" download type="{{ p.full_type }}"><img src="{{ p.thumb }}" alt="{{ p.alt }}"></a>
      {%- if p.caption or p.credit %}<span>{{ p.caption or "" }}{% if p.caption and p.credit %} {% endif %}
      {%- if p.credit %}<em>{{ p.credit }}</em>{% endif %}</span>{% endif %}</li>
    {% endfor %}
    </ul>
    {% endif %}
  </div>
</li>
{% endfor %}
</ol>
{% else %}
<p class="pr-empty">No releases yet.</p>
{% endif %}
<p><a href="feed.atom">Atom feed</a></p>
</body>
</html>
"""


@dataclass
class GalleryPicture:
    """A press photo in the press room: its thumbnail, and the full-size rendition to download."""

    thumb: str
    full: str
    full_size: int
    full_type: str
    alt: str
    caption: str | None
    credit: str | None


def gallery(folder: Path, release: Release) -> list[GalleryPicture]:
    """The release's photos whose renditions are really in its folder (relative, quoted links).

    release.json may be edited: only `media/<safe name>` hrefs of regular files are linked.
    """
    from ..pictures.names import is_media_href

    out = []
    for picture in release.pictures:
        thumb, full = picture.rendition("thumb"), picture.rendition("print") or picture.rendition("web")
        if thumb is None or full is None:
            continue
        paths = [folder / r.href for r in (thumb, full) if is_media_href(r.href)]
        if len(paths) != 2 or not all(p.is_file() and not p.is_symlink() for p in paths):
            continue
        out.append(GalleryPicture(thumb=f"{quote(folder.name)}/{thumb.href}", full=f"{quote(folder.name)}/{full.href}",
                                  full_size=paths[1].stat().st_size, full_type=full.mime, alt=picture.alt or "",
                                  caption=picture.caption, credit=picture.credit))
    return out


@dataclass
class SiteEntry:
    key: str
    folder: Path
    release: Release
    sort_key: dt.datetime
    published: dt.datetime | None
    updated: dt.datetime
    links: dict[str, str]
    thumbnail: str | None = None
    gallery: list[GalleryPicture] = field(default_factory=list)

    @property
    def lang(self) -> str | None:
        """The release's language if it is a language tag (release.json may be edited)."""
        language = self.release.language or ""
        return language if LANGUAGE_TAG.fullmatch(language) else None

    @property
    def primary(self) -> str:
        return self.links.get("html") or self.links.get("pdf") or self.links.get("xml") or "#"

    @property
    def date_iso(self) -> str:
        issued = self.release.issued
        return issued.isoformat() if issued else ""

    @property
    def date_text(self) -> str:
        """The date as the release's HTML and PDF show it, in the release's language."""
        issued = self.release.issued
        return human_date(issued, self.release.language) if issued else ""


@dataclass
class SiteResult:
    index: Path
    feed: Path
    entries: int
    hidden: int  # still under embargo


def _aware(value: dt.date | dt.datetime, zone: str = "UTC") -> dt.datetime:
    """A date-only value is 00:00 in the issuer's zone (`[site] timezone`), not in UTC:
    "2026-11-20" published as 2026-11-20T00:00:00Z is the 19th for every reader west of UTC."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(value, dt.time(0, 0), tzinfo=zoneinfo.ZoneInfo(zone))


def _mtime(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(microsecond=0)


_LIST_FIELDS = frozenset({"body", "contacts", "boilerplate", "urls", "items", "pictures"})


def _checked(release: Release) -> Release:
    """The release, if every value the index, pages and feed print is text.

    release.json may be edited by hand; a number or a list where text belongs would stop
    every rebuild with a TypeError deep in lxml or Jinja2. Such a folder is skipped instead.
    """
    def walk(value: object, key: str | None = None) -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                if name not in ("review", "renditions"):  # confidences and pixel sizes are numbers by design
                    walk(item, name)
        elif isinstance(value, list) and key in _LIST_FIELDS:
            for item in value:
                walk(item)
        elif not isinstance(value, (str, bool, type(None))):
            raise ValueError(f"release.json: {key or 'a value'} is a {type(value).__name__}, not text")

    walk(release.to_dict())
    if not release.headline.strip():
        raise ValueError("release.json has no headline")
    return release


def collect(output_dir: Path, *, now: dt.datetime, show_embargoed: bool,
            timezone: str = "UTC") -> tuple[list[SiteEntry], int]:
    """Release folders of `output_dir`, newest first, and how many were hidden by an embargo."""
    entries: list[SiteEntry] = []
    hidden = 0
    for folder in sorted(output_dir.iterdir() if output_dir.is_dir() else []):
        data_path = folder / "release.json"
        if folder.name.startswith(".") or not data_path.is_file():
            continue
        if folder.is_symlink() or data_path.is_symlink():  # the press room publishes output/, nothing it links to
            log.warning("press room: skipping %s: a symbolic link", folder.name)
            continue
        try:
            release = _checked(Release.from_dict(json.loads(data_path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            log.warning("press room: skipping %s: %s", folder.name, exc)
            continue
        if release.embargo and not show_embargoed and _aware(release.embargo, timezone) > now:
            hidden += 1
            continue
        if release.review.needs_review:  # not public before a person confirmed it (pipeline/confirm.py)
            hidden += 1
            continue
        converted = _mtime(data_path)
        published = _aware(release.issued, timezone) if release.issued else None
        links = {kind: f"{quote(folder.name)}/release.{kind}" for kind in ("pdf", "xml")
                 if _plain_file(folder / f"release.{kind}")}
        if (folder / "release.html").is_file():  # HTML was asked for: the page rendered from the model
            links = {"html": f"{PAGE_DIR}/{quote(folder.name)}.html", **links}
        entries.append(SiteEntry(key=folder.name, folder=folder, release=release,
                                 sort_key=published or converted, published=published,
                                 updated=max(converted, published) if published else converted, links=links,
                                 gallery=gallery(folder, release)))
    entries.sort(key=lambda e: (e.sort_key, e.key), reverse=True)
    return entries, hidden


def _plain_file(path: Path) -> bool:
    """A regular file of the release folder itself (a symlink may lead anywhere the web server can read)."""
    return path.is_file() and not path.is_symlink()


def make_thumbnail(pdf: Path, target: Path, width: int = THUMB_WIDTH) -> bool:
    """PNG of the PDF's first page via poppler's pdftoppm; False (and no file) when it cannot."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        log.warning("press room: pdftoppm not found (Debian: poppler-utils); no thumbnails")
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".thumb.") as tmp:
        prefix = Path(tmp) / "page"
        try:
            subprocess.run([exe, "-png", "-singlefile", "-f", "1", "-l", "1", "-scale-to-x", str(width),
                            "-scale-to-y", "-1", str(pdf), str(prefix)],
                           check=True, capture_output=True, timeout=60)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            log.warning("press room: no thumbnail for %s: %s", pdf, exc)
            return False
        os.replace(prefix.with_suffix(".png"), target)
    return True


def _thumbnails(output_dir: Path, entries: list[SiteEntry]) -> None:
    thumbs = output_dir / THUMB_DIR
    wanted = set()
    for entry in entries:
        pdf = entry.folder / "release.pdf"
        if not _plain_file(pdf):
            continue
        target = thumbs / f"{entry.key}.png"
        wanted.add(target.name)
        fresh = target.is_file() and target.stat().st_mtime >= pdf.stat().st_mtime
        if fresh or make_thumbnail(pdf, target):
            entry.thumbnail = f"{THUMB_DIR}/{quote(target.name)}"
    if thumbs.is_dir():  # folders deleted from output/ lose their thumbnail too
        for old in thumbs.glob("*.png"):
            if old.name not in wanted:
                with contextlib.suppress(OSError):
                    old.unlink()


def _pages(output_dir: Path, entries: list[SiteEntry]) -> None:
    """`pages/<folder>.html` for each entry with HTML, rendered from its release.json.

    Redone when release.json is newer than the page (a re-conversion or `render`); pages of
    folders that are gone or back under embargo are removed, like thumbnails.
    """
    from .channels import ReleaseBundle
    from .model_html import release_page

    pages = output_dir / PAGE_DIR
    wanted = set()
    for entry in entries:
        if "html" not in entry.links:
            continue
        target = pages / f"{entry.key}.html"
        wanted.add(target.name)
        source = entry.folder / "release.json"
        if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        try:
            brand = ReleaseBundle(folder=entry.folder, release=entry.release, raw_json={}).brand()
            page = release_page(entry.release, brand, media_base=f"../{quote(entry.key)}/").encode(
                "utf-8", "replace")  # lone surrogates
        except (PressroomError, ValueError, TypeError, AttributeError) as exc:  # edited release.json
            log.warning("press room: no page for %s: %s", entry.key, exc)
            entry.links.pop("html")
            wanted.discard(target.name)  # nor an outdated one
            continue
        pages.mkdir(exist_ok=True)
        write_atomic(target, page)
    if pages.is_dir():
        for old in pages.glob("*.html"):
            if old.name not in wanted:
                with contextlib.suppress(OSError):
                    old.unlink()


def render_index(entries: list[SiteEntry], site: SiteConfig) -> str:
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(INDEX_TEMPLATE)
    return template.render(entries=entries, site=site, lang=site.language, newsml_type=NEWSML_TYPE)


def _rfc3339(value: dt.datetime) -> str:
    """RFC 3339 with the value's own offset (the issuer's local time), `Z` for UTC."""
    return value.isoformat(timespec="seconds").replace("+00:00", "Z")


def feed_base(site: SiteConfig, output_dir: Path) -> str:
    """The absolute URL every feed link starts with (see the module docstring)."""
    if site.base_url:
        return site.base_url.rstrip("/") + "/"
    return output_dir.resolve().as_uri() + "/"


def _summary(release: Release) -> str | None:
    lead = release.lead
    if isinstance(lead, (Paragraph, Quote)):
        return lead.text
    return release.subheadline


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def render_feed(entries: list[SiteEntry], site: SiteConfig, output_dir: Path) -> bytes:
    """Atom 1.0 (RFC 4287): every entry with id, title, updated, author, links to all three files."""
    from lxml import etree

    base = feed_base(site, output_dir)

    def el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
        # Release text may hold characters XML cannot carry (`&#x1;` in an edited release.html,
        # U+FFFF in a text file); lxml would raise and one release would stop every rebuild.
        node = etree.SubElement(parent, f"{{{ATOM_NS}}}{tag}", {k: _xml_text(v) for k, v in attrs.items()})
        if text is not None:
            node.text = _xml_text(text)
        return node

    feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
    feed.set(f"{{{XML_NS}}}base", base)
    feed_id = f"{base}feed.atom" if site.base_url else \
        f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, 'feed:' + str(output_dir.resolve()))}"
    el(feed, "id", feed_id)
    el(feed, "title", site.title)
    newest = max((e.updated for e in entries), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    el(feed, "updated", _rfc3339(newest))
    el(feed, "link", rel="self", type="application/atom+xml", href=f"{base}feed.atom")
    el(feed, "link", rel="alternate", type="text/html", href=f"{base}index.html")
    author = el(feed, "author")
    el(author, "name", site.author)
    from .. import __version__

    el(feed, "generator", "Pressroom", version=__version__)
    for e in entries:
        entry = el(feed, "entry")
        if e.lang:
            entry.set(f"{{{XML_NS}}}lang", e.lang)
        el(entry, "id", f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, 'release:' + e.key)}")
        el(entry, "title", e.release.headline)
        el(entry, "updated", _rfc3339(e.updated))
        if e.published:
            el(entry, "published", _rfc3339(e.published))
        if e.release.organization:
            el(el(entry, "author"), "name", e.release.organization)
        if "html" in e.links:
            el(entry, "link", rel="alternate", type="text/html", href=base + e.links["html"])
        if "pdf" in e.links:
            el(entry, "link", rel="enclosure", type="application/pdf", href=base + e.links["pdf"],
               length=str((e.folder / "release.pdf").stat().st_size))
        if "xml" in e.links:
            el(entry, "link", rel="alternate" if "html" not in e.links else "related", type=NEWSML_TYPE,
               href=base + e.links["xml"])
        for picture in e.gallery:  # the photos, full size, as enclosures (RFC 4287 4.2.7.2)
            link = el(entry, "link", rel="enclosure", type=picture.full_type, href=base + picture.full,
                      length=str(picture.full_size))
            if picture.caption:
                link.set("title", _xml_text(picture.caption))
        if e.release.release_type:
            el(entry, "category", term=e.release.release_type)
        summary = _summary(e.release)
        if summary:
            el(entry, "summary", summary, type="text")
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)


def rebuild_site(output_dir: Path, site: SiteConfig | None = None, *,
                 now: dt.datetime | None = None) -> SiteResult:
    """Regenerate `index.html`, `feed.atom` and thumbnails of `output_dir`; safe to call any time.

    Serialized by a lock file so the watcher and a CLI run rebuilding at once cannot
    interleave; each file is replaced atomically, so readers see the old or the new one.
    """
    site = site or SiteConfig()
    now = now or dt.datetime.now(dt.UTC)
    output_dir.mkdir(parents=True, exist_ok=True)
    with open(output_dir / ".pressroom-site.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        entries, hidden = collect(output_dir, now=now, show_embargoed=site.show_embargoed,
                                  timezone=site.timezone)
        _thumbnails(output_dir, entries)
        _pages(output_dir, entries)
        index, feed = output_dir / "index.html", output_dir / "feed.atom"
        write_atomic(index, render_index(entries, site).encode("utf-8", "replace"))
        write_atomic(feed, render_feed(entries, site, output_dir))
    return SiteResult(index=index, feed=feed, entries=len(entries), hidden=hidden)
