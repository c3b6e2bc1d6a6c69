"""Where the web interface keeps releases, and the one way it renders them.

Two kinds of place, both plain release folders the rest of Pressroom already reads:

* a **draft** — `WORKDIR/drafts/<32 hex>/` — a pasted or uploaded release, stored under a
  generated name (`source`, the original bytes; `meta.json`, its display name), rendered
  into the same folder by the same `Converter` as `pressroom convert`, so the preview is
  exactly what will go out;
* a **release** — `output/<YYYY-MM-DD>-<slug>/` — saved from a draft (`deliver`, as the
  converter does for any source) or converted by the CLI or the watcher.

Every name that arrives in a URL goes through `draft_folder`/`release_folder`, which accept
only the shapes Pressroom itself generates and a real folder directly inside its parent:
no `..`, no symbolic link, nothing outside output/ and the work folder.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..convert import ALL_FORMATS, Converter, ConvertResult
from ..errors import PressroomError
from ..model import Release
from ..outputs import OUTPUT_FILES
from .settings import ServeSettings

DRAFT_ID = re.compile(r"^[0-9a-f]{32}$")
RELEASE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")
PREVIEW_NAME = re.compile(r"^[0-9a-f]{64}\.png$")
_MIME = {".pdf": "application/pdf", ".xml": "application/xml", ".json": "application/json", ".html": "text/html",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".odt": "application/vnd.oasis.opendocument.text"}
RELEASE_FILES = {name: _MIME[Path(name).suffix] for name in OUTPUT_FILES.values()}
"""The only files of a release folder the server hands out (the source bytes never leave a draft)."""
PREVIEW_WIDTH = 800
MAX_PREVIEWS = 500
SOURCE_FILE = "source"
META_FILE = "meta.json"


@dataclass(frozen=True)
class Place:
    """A draft or a release: where it is, what it is called in URLs, and its source."""

    kind: str  # "draft" | "release"
    name: str
    folder: Path

    @property
    def url(self) -> str:
        return f"/{self.kind}s/{self.name}"


def _inside(parent: Path, name: str, pattern: re.Pattern[str]) -> Path | None:
    if not pattern.match(name) or name in (".", ".."):
        return None
    folder = parent / name
    if folder.is_symlink() or not folder.is_dir():
        return None
    if folder.resolve().parent != parent.resolve():
        return None
    return folder


def draft_folder(settings: ServeSettings, draft_id: str) -> Place | None:
    folder = _inside(settings.workdir / "drafts", draft_id, DRAFT_ID)
    return Place("draft", draft_id, folder) if folder and (folder / SOURCE_FILE).is_file() else None


def release_folder(settings: ServeSettings, name: str) -> Place | None:
    from ..distribute.pressroom_site import SITE_DIRS

    if name in SITE_DIRS:
        return None
    folder = _inside(settings.output_dir, name, RELEASE_NAME)
    return Place("release", name, folder) if folder and (folder / "release.json").is_file() else None


def load_release(place: Place) -> Release:
    try:
        return Release.from_dict(json.loads((place.folder / "release.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PressroomError("serve", f"{place.name}: release.json cannot be read: {exc}") from None


def used_brand(place: Place) -> str | None:
    """The brand the folder was last rendered with (as the channels read it)."""
    from ..distribute.channels import ReleaseBundle

    try:
        return ReleaseBundle.load(place.folder).brand()
    except PressroomError:
        return None


def safe_display_name(name: str) -> str:
    """An uploaded file's name, for display and the PDF's Source attachment only (never a path here)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(ch if ch.isalnum() or ch in "._- " else "_" for ch in base).strip(" .")[:100]
    return clean or "release.txt"


class Workspace:
    """The server's one renderer and its folders. Rendering is serialised: WeasyPrint is not thread-safe."""

    def __init__(self, settings: ServeSettings):
        self.settings = settings
        self.lock = threading.Lock()
        self._converters: dict[str | None, Converter] = {}
        (settings.workdir / "drafts").mkdir(parents=True, exist_ok=True)
        (settings.workdir / "previews").mkdir(parents=True, exist_ok=True)
        settings.output_dir.mkdir(parents=True, exist_ok=True)

    def converter(self, brand: str | None) -> Converter:
        if brand not in self._converters:
            self._converters[brand] = Converter(self.settings.output_dir, ALL_FORMATS, brand=brand,
                                                styles_dir=self.settings.styles_dir,
                                                config_path=self.settings.config_path)
        return self._converters[brand]

    # --- sources -------------------------------------------------------------------------

    def source(self, place: Place) -> tuple[bytes, str] | None:
        """The original bytes and display name: the draft's stored file, or the PDF's Source attachment."""
        if place.kind == "draft":
            meta = self.meta(place)
            return (place.folder / SOURCE_FILE).read_bytes(), meta.get("filename", "release.txt")
        pdf = place.folder / "release.pdf"
        if not pdf.is_file():
            return None
        from ..pdf import extract_attachments

        try:
            files = extract_attachments(pdf.read_bytes())
        except (PressroomError, OSError):
            return None
        for name, data in files.items():
            if name != "release.xml":
                return data, safe_display_name(name)
        return None

    def meta(self, place: Place) -> dict[str, Any]:
        try:
            data = json.loads((place.folder / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def set_meta(self, place: Place, **values: Any) -> None:
        from ..deliver import write_atomic

        write_atomic(place.folder / META_FILE, json.dumps({**self.meta(place), **values}).encode("utf-8"))

    # --- the three things a person does --------------------------------------------------

    def new_draft(self, data: bytes, filename: str) -> Place:
        """Store a pasted or uploaded release under a generated name and render it; nothing kept on failure."""
        import shutil

        from ..reader import read_release

        release = read_release(data, filename)  # refuses bad input before anything is written
        draft_id = uuid.uuid4().hex
        folder = self.settings.workdir / "drafts" / draft_id
        folder.mkdir(parents=True)
        place = Place("draft", draft_id, folder)
        try:
            (folder / SOURCE_FILE).write_bytes(data)
            (folder / META_FILE).write_text(json.dumps({"filename": filename}), encoding="utf-8")
            self.render(place, release, data, filename, brand=None)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return place

    def render(self, place: Place, release: Release, source: bytes, filename: str,
               brand: str | None) -> ConvertResult:
        """Write every output into the place's own folder (a release: its next version)."""
        from ..formats import source_mime

        with self.lock:
            return self.converter(brand).convert_release(release, source, filename,
                                                         source_mime=source_mime(source, filename),
                                                         folder=place.folder)

    def save_to_output(self, draft: Place, brand: str | None) -> Place:
        """The draft, as it stands, delivered into output/<date>-<slug>/ like any converted release."""
        from ..formats import source_mime

        release = load_release(draft)
        source = self.source(draft)
        assert source is not None
        data, filename = source
        with self.lock:
            result = self.converter(brand).convert_release(release, data, filename,
                                                           source_mime=source_mime(data, filename))
        return Place("release", result.folder.name, result.folder)

    # --- previews ------------------------------------------------------------------------

    def preview_image(self, place: Place) -> str | None:
        """The first page as PNG (pdftoppm), cached by the PDF's hash; the file name, or None."""
        from ..distribute.pressroom_site import make_thumbnail

        pdf = place.folder / "release.pdf"
        if not pdf.is_file():
            return None
        name = hashlib.sha256(pdf.read_bytes()).hexdigest() + ".png"
        target = self.settings.workdir / "previews" / name
        if not target.exists():
            if not make_thumbnail(pdf, target, width=PREVIEW_WIDTH):
                return None
            self._prune_previews()
        return name

    def _prune_previews(self) -> None:
        """Keep the newest `MAX_PREVIEWS` page images: every save makes one, old ones are never shown again."""
        images = sorted((self.settings.workdir / "previews").glob("*.png"), key=lambda p: p.stat().st_mtime)
        for old in images[:-MAX_PREVIEWS]:
            old.unlink(missing_ok=True)

    def preview_path(self, name: str) -> Path | None:
        if not PREVIEW_NAME.match(name):
            return None
        path = self.settings.workdir / "previews" / name
        return path if path.is_file() and not path.is_symlink() else None


def pretty_xml(path: Path) -> str | None:
    """NewsML-G2 indented for reading (parsed without entities or network), or None."""
    from lxml import etree

    if not path.is_file():
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=True)
    try:
        root = etree.fromstring(path.read_bytes(), parser)
    except etree.XMLSyntaxError:
        return path.read_text(encoding="utf-8", errors="replace")
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def ninjs_text(release: Release, converter: Converter) -> str:
    """The release as ninjs 3.1, from the model, with the installation's provider identity."""
    from ..ninjs import render_ninjs

    try:
        options = converter.feed_options(converter.brand_for(release))
    except PressroomError:
        options = {}
    return render_ninjs(release, **options).decode("utf-8")
