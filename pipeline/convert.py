"""One release from source to delivered artefacts: the orchestration, and nothing else.

The `Converter` is long-lived (one per CLI run or per watcher worker) because the
expensive things — WeasyPrint's font configuration and each brand's parsed CSS — are
worth loading once and reusing for every release. Each stage's wall time is recorded so
the benchmark and the watcher's log lines can say where the time went.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from . import budget
from .errors import PressroomError
from .files import SpecialFileError, read_regular
from .model import Release
from .outputs import OUTPUT_FILES

ALL_FORMATS = ("html", "pdf", "xml", "json")
OPTIONAL_FORMATS = ("docx", "odt", "ninjs", "nitf")
"""Opt-in outputs (`--formats ...,docx,odt,ninjs,nitf`): word-processor files for editors (pandoc),
ninjs 3.1 JSON and NITF 3.6 XML for agencies that ingest those instead of NewsML-G2."""
MAX_SOURCE_BYTES = 50 * 1024 * 1024
"""The largest source any format accepts (formats/safety.py); a bigger file is refused by its
size, before it is read into memory (a multi-GB drop would otherwise exhaust it)."""
T = TypeVar("T")


@dataclass
class ConvertResult:
    source: str
    folder: Path
    outputs: list[Path]
    release: Release
    brand: str
    timings: dict[str, float] = field(default_factory=dict)


def parse_formats(text: str) -> tuple[str, ...]:
    formats = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    unknown = [f for f in formats if f not in ALL_FORMATS + OPTIONAL_FORMATS]
    if unknown or not formats:
        raise PressroomError("options", f"unknown output format(s): {', '.join(unknown) or '(none)'}",
                             f"choose from {','.join(ALL_FORMATS + OPTIONAL_FORMATS)}")
    return formats


def release_json(release: Release) -> bytes:
    return (json.dumps(release.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class Converter:
    def __init__(self, output_dir: Path, formats: tuple[str, ...] = ALL_FORMATS, brand: str | None = None,
                 pdf_variant: str = "pdf/a-3b", styles_dir: Path | None = None,
                 config_path: Path | str | None = None):
        self.output_dir = Path(output_dir)
        self.formats = formats
        self.brand_name = brand
        self.pdf_variant = pdf_variant
        self.styles_dir = styles_dir
        self._renderers: dict[str, Any] = {}
        self._brands: dict[str, Any] = {}
        self._brand_list: list[Any] | None = None
        from .feed_identity import installation_identity

        self.identity = installation_identity(config_path)  # pressroom.toml [newsml]; reported before any release
        self._identities: dict[str, Any] = {}
        if brand is not None:
            self._brand(brand)  # a broken brand is reported before any release is touched

    def _brand(self, name: str) -> Any:
        from .brand import load_brand

        if name not in self._brands:
            self._brands[name] = load_brand(name, styles_dir=self.styles_dir)
        return self._brands[name]

    def brand_for(self, release: Release) -> Any:
        if self.brand_name is not None:
            return self._brand(self.brand_name)
        from .brand import list_brands, match_brand

        if self._brand_list is None:
            self._brand_list = list_brands(self.styles_dir)
        brand = match_brand(release.organization, styles_dir=self.styles_dir, brands=self._brand_list)
        self._brands.setdefault(brand.name, brand)
        return self._brands[brand.name]

    def feed_options(self, brand: Any) -> dict[str, str | None]:
        """Provider and guid authority for the agency formats: brand.toml [newsml] over pressroom.toml's."""
        from .feed_identity import brand_identity

        if brand.name not in self._identities:
            self._identities[brand.name] = brand_identity(getattr(brand, "path", None)).over(self.identity)
        return self._identities[brand.name].render_options()

    def renderer(self, brand: Any) -> Any:
        from .pdf import PdfRenderer

        if brand.name not in self._renderers:
            self._renderers[brand.name] = PdfRenderer(brand, variant=self.pdf_variant)
        return self._renderers[brand.name]

    def convert_file(self, path: Path) -> ConvertResult:
        path = Path(path)
        if path.is_dir():
            return self.convert_folder(path)
        data = read_source(path)
        try:
            return self.convert_bytes(data, path.name)
        except PressroomError as exc:
            raise exc.with_path(str(path)) from None

    def convert_bytes(self, data: bytes, filename: str, pictures: Any = None) -> ConvertResult:
        """`pictures`: a `pipeline.pictures.prepare.Prepared` for the photos that came with the text."""
        from .formats import source_mime
        from .reader import read_release  # .txt as before; .docx/.odt/.rtf/.md/.html/.eml converted first

        timings: dict[str, float] = {}
        release = _timed(timings, "parse", lambda: read_release(data, filename))
        media = None
        if pictures is not None:  # --- pictures (issue 17): the photos of a release folder
            media = _attach(release, pictures)
        return self.convert_release(release, data, filename, source_mime=source_mime(data, filename),
                                    timings=timings, media=media)

    def convert_folder(self, path: Path) -> ConvertResult:
        """A release folder: one release file plus its photos (pipeline/pictures/folder.py)."""
        from .pictures.folder import read_folder
        from .pictures.prepare import prepare

        try:
            folder = read_folder(path, MAX_SOURCE_BYTES)
            pictures = prepare(folder.images, folder.media_toml, folder.sidecars)
            return self.convert_bytes(folder.data, folder.source.name, pictures=pictures)
        except PressroomError as exc:
            raise exc.with_path(str(path)) from None

    def convert_release(self, release: Release, source_bytes: bytes, source_name: str, *,
                        source_mime: str | None = None, version: int | None = None,
                        folder: Path | None = None, timings: dict[str, float] | None = None,
                        media: list[tuple[str, bytes]] | None = None) -> ConvertResult:
        """Render every requested format and deliver them together; nothing is written on failure.

        `media`: (href, bytes) of the picture renditions, delivered under `media/` with the rest;
        when None and `folder` is given, the renditions already there are used (a re-render).
        """
        from .deliver import Artefact, deliver, folder_name, prepare_output, replace_contents, write_new
        from .htmlwriter import render_html
        from .newsml import render_newsml

        timings = {} if timings is None else timings
        brand = _timed(timings, "brand", lambda: self.brand_for(release))
        artefacts: list[Artefact] = []
        if media is None and release.pictures and folder is not None:  # --- pictures (issue 17): a re-render
            from .pictures.stored import stored_renditions

            media = stored_renditions(folder, release)
        elif media is None and not release.pictures:  # embedded in a .docx/.odt, attached to an .eml
            from .pictures.documents import embedded_pictures

            found = _timed(timings, "media", lambda: embedded_pictures(source_bytes, source_name))
            media = _attach(release, found) if found is not None else None
        html = _timed(timings, "html", lambda: render_html(release, brand))
        artefacts.extend(Artefact(href, data) for href, data in media or [])
        if "html" in self.formats:
            artefacts.append(Artefact("release.html", html.encode("utf-8")))
        pages = None
        document = None
        if "pdf" in self.formats:
            renderer = self.renderer(brand)
            print_html = render_html(release, brand, rendition="print") if release.pictures else html
            document = _timed(timings, "pdf_layout", lambda: renderer.layout(print_html, release,
                                                                              media=dict(media or [])))
            pages = len(document.pages)
        version = version if version is not None else _next_version(folder, release)
        feed = {**self.feed_options(brand), "version": version,
                "version_created": _version_created(release, version)}
        pdf_href = OUTPUT_FILES["pdf"] if "pdf" in self.formats else None
        xml = _timed(timings, "newsml", lambda: render_newsml(release, pdf_href=pdf_href, pdf_pages=pages, **feed))
        if "xml" in self.formats:
            artefacts.append(Artefact("release.xml", xml))
            if release.pictures:  # --- pictures (issue 17): text + photos as one NewsML-G2 package
                from .newsml_package import render_package

                artefacts.append(Artefact(OUTPUT_FILES["package"], _timed(
                    timings, "newsml", lambda: render_package(release, xml, **feed))))
        if document is not None:
            from .pdf import Attachment

            attachments = [
                Attachment("release.xml", xml, "application/xml", "Alternative"),
                Attachment(_safe_attachment_name(source_name), source_bytes,
                           source_mime or _source_mime(release), "Source"),
            ]
            pdf = _timed(timings, "pdf_write", lambda: self.renderer(brand).write(document, release, attachments))
            artefacts.append(Artefact("release.pdf", pdf))
        if "json" in self.formats:
            artefacts.append(Artefact("release.json", release_json(release)))
        if "ninjs" in self.formats:
            from .ninjs import render_ninjs

            artefacts.append(Artefact(OUTPUT_FILES["ninjs"], _timed(
                timings, "ninjs", lambda: render_ninjs(release, pdf_href=pdf_href, **feed))))
        if "nitf" in self.formats:
            from .nitf import render_nitf

            artefacts.append(Artefact(OUTPUT_FILES["nitf"], _timed(
                timings, "nitf", lambda: render_nitf(release, **feed))))
        for office in (f for f in ("docx", "odt") if f in self.formats):
            from .formats.office_out import render_office

            artefacts.append(Artefact(f"release.{office}", _timed(
                timings, office, lambda office=office: render_office(html, office, brand, release.language))))
        sha = release.source.sha256 or hashlib.sha256(source_bytes).hexdigest()
        start = time.perf_counter()
        if folder is not None and not os.path.lexists(folder):
            prepare_output(folder)
        if folder is not None and _is_empty_dir(folder):
            write_new(folder, artefacts)  # a fresh staging folder nobody sees yet
            target = folder
        elif folder is not None:
            replace_contents(folder, artefacts)  # the whole new version at once, or nothing
            target = folder
        else:
            target = deliver(self.output_dir, folder_name(release), artefacts, sha)
        timings["deliver"] = time.perf_counter() - start
        return ConvertResult(source_name, target, [target / a.filename for a in artefacts], release,
                             brand.name, timings)


def read_source(path: Path) -> bytes:
    """A source file's bytes, refused by type and size *before* reading (pipeline/files.py)."""
    path = Path(path)
    try:
        return read_regular(path, lambda size: check_source_size(size, path))
    except SpecialFileError as exc:
        raise PressroomError("read", f"this is {exc.kind}, not a release file",
                             "name the release file itself (a regular file)", path=str(path)) from None
    except OSError as exc:
        raise PressroomError("read", f"cannot read the file: {exc.strerror or exc}", path=str(path)) from None


def _attach(release: Release, pictures: Any) -> list[tuple[str, bytes]]:
    """Put prepared pictures (pipeline/pictures/prepare.py) on the release; their rendition files."""
    release.pictures = pictures.pictures
    release.review.reasons.extend(r for r in pictures.reasons if r not in release.review.reasons)
    return list(pictures.files)


def check_source_size(size: int, path: Path | str | None = None) -> None:
    """Refuse a source larger than `MAX_SOURCE_BYTES` without reading it."""
    if size > MAX_SOURCE_BYTES:
        raise PressroomError("read", f"the file is {size / 1024 / 1024:.0f} MB, too large to be a press release "
                             f"(at most {MAX_SOURCE_BYTES // 1024 // 1024} MB)",
                             "check that this is the right file; send large pictures separately",
                             path=str(path) if path is not None else None)


def _is_empty_dir(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except OSError:
        return False


def _timed(timings: dict[str, float], stage: str, fn: Callable[[], T]) -> T:
    budget.stage(stage)  # a worker tells its parent where it is, for the per-file time budget
    start = time.perf_counter()
    try:
        return fn()
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def _source_mime(release: Release) -> str:
    """MIME type of the original from the reader's label ("docx", "eml/docx", or a text encoding)."""
    from .formats.sniff import MIME_TYPES

    return MIME_TYPES.get(release.source.encoding.split("/", 1)[0], "text/plain")


def _safe_attachment_name(name: str) -> str:
    base = Path(name).name or "source.txt"
    return "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in base)[:100] or "source.txt"


def _version_created(release: Release, version: int) -> dt.datetime | None:
    """The conversion time for an undated release or a later version, else None (the issue time).

    Read here, once, so the NewsML-G2 embedded in the PDF, release.xml, ninjs and NITF all
    carry the same instant; an undated item dated 1970 would be dropped by ingest filters
    that discard items older than a few days.
    """
    if release.issued is None or version > 1:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    return None


def _next_version(folder: Path | None, release: Release) -> int:
    """An edited release re-rendered into its own folder is the next version of the same item."""
    if folder is None or not (folder / "release.xml").exists():
        return 1
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.parse(str(folder / "release.xml"), parser).getroot()
        return int(root.get("version", "1")) + 1
    except (etree.XMLSyntaxError, OSError, ValueError):
        return 1
