"""Brands: one folder per house style, validated completely before any release is rendered.

A brand is `styles/<name>/` with `brand.toml` (names, colours, fonts, paper, address and
footer lines, the organizations it belongs to), `brand.css` (print and screen rules
against the class names of docs/html-classes.md), `logo.svg`, and optionally
`template.html.j2` (a Jinja2 override for the HTML writer) and font files.

Everything that could make a PDF look subtly wrong is checked here, up front, and
reported as a `BrandError`: a missing file, a colour CSS cannot parse, a font family that
neither fontconfig nor the brand folder provides. WeasyPrint itself would silently fall
back to another font or drop an image; a press office would only notice on paper.

The colours and fonts of `brand.toml` are the single source of truth: `css_text` starts
with a generated `:root { --pr-... }` block and an `@page { size: ... }` rule, so
`brand.css` refers to `var(--pr-color-accent)` instead of repeating hex values.
"""

from __future__ import annotations

import fnmatch
import functools
import logging
import os
import re
import shutil
import subprocess
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .errors import BrandError

log = logging.getLogger(__name__)

DEFAULT_BRAND = "default"
SVG_NS = "http://www.w3.org/2000/svg"

#: Colour roles every brand must define; brand.css may rely on each `--pr-color-<role>`.
REQUIRED_COLORS = ("text", "muted", "accent", "rule", "background", "panel")
#: Font roles every brand must define; brand.css may rely on each `--pr-font-<role>`.
REQUIRED_FONTS = ("body", "heading")
#: Paper sizes WeasyPrint knows by name (CSS Paged Media `size` keywords).
PAPER_SIZES = {"a3", "a4", "a5", "b4", "b5", "letter", "legal", "ledger", "jis-b4", "jis-b5"}
FONT_SUFFIXES = {".ttf", ".otf", ".woff", ".woff2"}


@dataclass
class Brand:
    """A validated house style. Immutable in practice: build a new one to change it."""

    name: str
    path: Path
    display_name: str
    organizations: list[str] = field(default_factory=list)
    colors: dict[str, str] = field(default_factory=dict)
    fonts: dict[str, str] = field(default_factory=dict)
    logo_svg: str | None = None
    logo_alt: str = ""
    logo_path: Path | None = None
    address_lines: list[str] = field(default_factory=list)
    footer_lines: list[str] = field(default_factory=list)
    paper_size: str = "A4"
    locale: str = "en"
    css_text: str = ""
    css_path: Path | None = None
    template: Path | None = None
    font_files: list[Path] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        """The URL relative references in `css_text` resolve against (the brand folder)."""
        return self.path.resolve().as_uri() + "/"


# --------------------------------------------------------------------------- locating


def default_styles_dir() -> Path:
    """`$PRESSROOM_STYLES`, else the `styles/` folder next to the `pipeline` package.

    Looked up at call time (not import time) so tests and the CLI can switch it.
    """
    env = os.environ.get("PRESSROOM_STYLES")
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parent.parent / "styles"


def _styles_dir(styles_dir: Path | str | None) -> Path:
    directory = Path(styles_dir) if styles_dir is not None else default_styles_dir()
    if not directory.is_dir():
        raise BrandError(f"styles folder {directory} does not exist",
                         hint="set PRESSROOM_STYLES or pass styles_dir")
    return directory


_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def load_brand(name: str = DEFAULT_BRAND, styles_dir: Path | str | None = None) -> Brand:
    """Load and validate `styles/<name>/`; raise `BrandError` on the first problem."""
    if not _NAME_RE.match(name or ""):
        raise BrandError(f"invalid brand name {name!r}", hint="lower-case letters, digits, '-' and '_'")
    directory = _styles_dir(styles_dir)
    folder = directory / name
    if not folder.is_dir():
        known = ", ".join(sorted(p.name for p in directory.iterdir() if (p / "brand.toml").is_file()))
        raise BrandError(f"unknown brand {name!r}: no folder {folder}",
                         hint=f"known brands: {known or 'none'}")
    return _load_folder(folder)


def list_brands(styles_dir: Path | str | None = None) -> list[Brand]:
    """Every brand folder (one with a brand.toml), validated, sorted by name.

    A broken brand raises rather than being skipped: `pressroom brands` is how a
    designer finds out that their folder is broken.
    """
    directory = _styles_dir(styles_dir)
    return [_load_folder(p) for p in sorted(directory.iterdir()) if (p / "brand.toml").is_file()]


def _norm_org(text: str) -> str:
    return " ".join(text.casefold().split())


def match_brand(organization: str | None, styles_dir: Path | str | None = None,
                brands: Sequence[Brand] | None = None) -> Brand:
    """The brand whose `organizations` list names this organization, else the default.

    Entries are case- and whitespace-insensitive names or shell-style globs
    (`Länsstyrelsen *`). An exact name beats a glob; among globs the longest pattern
    (the most specific) wins; ties go to the alphabetically first brand, so the choice
    never depends on directory order. A long-lived caller passes `brands` (loaded once)
    so that matching does not read every brand folder again for each release.
    """
    candidates = list_brands(styles_dir) if brands is None else brands
    if organization and organization.strip():
        wanted = _norm_org(organization)
        best: tuple[int, int, str] | None = None
        best_brand: Brand | None = None
        for brand in candidates:
            for pattern in brand.organizations:
                pat = _norm_org(pattern)
                if pat == wanted:
                    score = (0, -len(pat), brand.name)
                elif any(c in pat for c in "*?[") and fnmatch.fnmatchcase(wanted, pat):
                    score = (1, -len(pat), brand.name)
                else:
                    continue
                if best is None or score < best:
                    best, best_brand = score, brand
        if best_brand is not None:
            log.debug("organization %r matched brand %s", organization, best_brand.name)
            return best_brand
    default = next((b for b in candidates if b.name == DEFAULT_BRAND), None)
    return default or load_brand(DEFAULT_BRAND, styles_dir)


# --------------------------------------------------------------------------- loading


def _load_folder(folder: Path) -> Brand:
    name = folder.name
    toml_path = folder / "brand.toml"
    if not toml_path.is_file():
        raise BrandError(f"brand {name!r}: missing {toml_path}")
    try:
        with toml_path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise BrandError(f"brand {name!r}: {toml_path} is not valid TOML: {exc}") from None

    def text(key: str, default: str | None = None, table: dict | None = None) -> str:
        value = (data if table is None else table).get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise BrandError(f"brand {name!r}: {key!r} in brand.toml must be a non-empty string")
        return value.strip()

    def str_list(value: object, key: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise BrandError(f"brand {name!r}: {key!r} in brand.toml must be a list of strings")
        return list(value)

    display_name = text("display_name", name)
    paper_size = text("paper_size", "A4")
    _check_paper_size(name, paper_size)
    locale = text("locale", "en")

    colors_table = data.get("colors")
    if not isinstance(colors_table, dict):
        raise BrandError(f"brand {name!r}: brand.toml has no [colors] table")
    colors = {k: _check_color(name, k, v) for k, v in colors_table.items()}
    missing = [c for c in REQUIRED_COLORS if c not in colors]
    if missing:
        raise BrandError(f"brand {name!r}: [colors] lacks {', '.join(missing)}")

    fonts_table = data.get("fonts")
    if not isinstance(fonts_table, dict):
        raise BrandError(f"brand {name!r}: brand.toml has no [fonts] table")
    fonts = {k: text(k, table=fonts_table) for k in fonts_table}
    missing = [f for f in REQUIRED_FONTS if f not in fonts]
    if missing:
        raise BrandError(f"brand {name!r}: [fonts] lacks {', '.join(missing)}")

    css_path = _inside(folder, text("css", "brand.css"), name, "css")
    if not css_path.is_file():
        raise BrandError(f"brand {name!r}: missing stylesheet {css_path}")
    try:
        css_body = css_path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BrandError(f"brand {name!r}: {css_path.name} is not UTF-8 ({exc.reason} at byte {exc.start})",
                         hint="save the stylesheet as UTF-8") from None

    _check_css_references(name, folder, css_body)

    font_files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES and p.is_file())
    shipped = _font_face_families(css_body)
    for role, family in fonts.items():
        _check_font(name, role, family, shipped)

    logo = data.get("logo") or {}
    if not isinstance(logo, dict):
        raise BrandError(f"brand {name!r}: [logo] must be a table with file and alt")
    logo_file = logo.get("file", "logo.svg")
    logo_alt = logo.get("alt") or display_name
    logo_path = _inside(folder, logo_file, name, "logo")
    if not logo_path.is_file():
        raise BrandError(f"brand {name!r}: missing logo file {logo_path}")
    logo_svg = sanitize_svg(logo_path.read_bytes(), logo_alt, brand=name)

    template = folder / "template.html.j2"
    if template.is_file():
        _inside(folder, template.name, name, "template")  # a symlink to a file elsewhere is not the brand's
    brand = Brand(
        name=name,
        path=folder.resolve(),
        display_name=display_name,
        organizations=str_list(data.get("organizations"), "organizations"),
        colors=colors,
        fonts=fonts,
        logo_svg=logo_svg,
        logo_alt=logo_alt,
        logo_path=logo_path,
        address_lines=str_list(data.get("address_lines"), "address_lines"),
        footer_lines=str_list(data.get("footer_lines"), "footer_lines"),
        paper_size=paper_size,
        locale=locale,
        css_path=css_path,
        template=template if template.is_file() else None,
        font_files=font_files,
    )
    brand.css_text = _prelude(brand) + _resolve_vars(name, css_body, colors, fonts)
    return brand


_VAR_RE = re.compile(r"var\(\s*--pr-(color|font)-([A-Za-z0-9_-]+)\s*(?:,[^)]*)?\)")


def _resolve_vars(brand: str, css: str, colors: dict[str, str], fonts: dict[str, str]) -> str:
    """Replace `var(--pr-color-x)` / `var(--pr-font-x)` with the brand.toml values.

    Why not leave them to the CSS engine: a misspelt custom property is silently
    "invalid at computed-value time" (black text, the default font) in both WeasyPrint
    and browsers; substituting at load time turns it into a BrandError, and keeps the
    margin boxes of `@page` (whose inheritance from :root CSS leaves open) independent of
    custom-property support. The :root block stays for browsers and hand-written rules.
    """
    def sub(m: re.Match[str]) -> str:
        kind, key = m.group(1), m.group(2)
        table = colors if kind == "color" else fonts
        if key not in table:
            known = ", ".join(sorted(table))
            raise BrandError(f"brand {brand!r}: brand.css uses var(--pr-{kind}-{key}) but brand.toml defines "
                             f"no {kind} {key!r}", hint=f"defined: {known}")
        return table[key] if kind == "color" else _css_string(table[key])
    return _VAR_RE.sub(sub, css)


_CSS_COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)
_CSS_REF_RE = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""",
                         re.I)


def _check_css_references(brand: str, folder: Path, css: str) -> None:
    """Refuse a brand.css that loads anything but files of its own folder (or data: URLs).

    The PDF renderer's fetcher would refuse such a URL anyway, but silently, and release.html
    carries the brand's CSS: a browser opening it would fetch the remote sheet, font or image
    (a tracking pixel in every release). Better a broken brand reported at load time.
    """
    for match in _CSS_REF_RE.finditer(_CSS_COMMENT_RE.sub("", css)):
        ref = next((g for g in match.groups() if g is not None), "").strip()
        if not ref or ref.startswith("#") or ref.lower().startswith("data:"):
            continue
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|/|\\", ref) or "\\" in ref:
            raise BrandError(f"brand {brand!r}: brand.css refers to {ref[:80]!r}, outside the brand folder",
                             hint="ship the file in the brand folder and refer to it by a relative name")
        _inside(folder, ref.split("?", 1)[0].split("#", 1)[0], brand, "brand.css reference")


def _inside(folder: Path, relative: str, brand: str, what: str) -> Path:
    """Resolve a file named in brand.toml, refusing anything outside the brand folder."""
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise BrandError(f"brand {brand!r}: {what} {relative!r} points outside the brand folder")
    return path


def _prelude(brand: Brand) -> str:
    """CSS generated from brand.toml, prepended to brand.css (the single source of colours)."""
    lines = [f"/* generated from styles/{brand.name}/brand.toml */", ":root {"]
    lines += [f"  --pr-color-{k}: {v};" for k, v in brand.colors.items()]
    lines += [f"  --pr-font-{k}: {_css_string(v)};" for k, v in brand.fonts.items()]
    lines.append("}")
    # Brand texts for margin boxes: `content: string(pr-footer)` / `string(pr-address)`.
    footer = _css_string("\n".join(brand.footer_lines)).replace("\n", "\\A ")
    address = _css_string("\n".join(brand.address_lines)).replace("\n", "\\A ")
    lines.append(f"html {{ string-set: pr-footer {footer}, pr-address {address}; }}")
    lines.append(f"@page {{ size: {brand.paper_size}; }}")
    return "\n".join(lines) + "\n"


def _css_string(value: str) -> str:
    """A CSS string literal; `<` is escaped so the CSS can never close an inline <style>.

    Control characters are hex-escaped: CR and form feed are CSS newlines, which would end
    the string early and turn the rest of a brand text into CSS rules.
    """
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    escaped = re.sub(r"[\x00-\x09\x0b-\x1f\x7f]", lambda m: f"\\{ord(m.group()) or 0xFFFD:X} ", escaped)
    return f'"{escaped}"'


# --------------------------------------------------------------------------- checks


def _check_paper_size(brand: str, value: str) -> None:
    words = value.lower().split()
    named = [w for w in words if w not in ("portrait", "landscape")]
    if len(named) == 1 and named[0] in PAPER_SIZES:
        return
    if len(words) == 2 and all(re.fullmatch(r"\d+(\.\d+)?(mm|cm|in|pt)", w) for w in words):
        return
    raise BrandError(f"brand {brand!r}: paper_size {value!r} is not a known page size",
                     hint="use A4, A5, letter, legal, 'A4 landscape' or '210mm 297mm'")


def _check_color(brand: str, key: str, value: object) -> str:
    """Accept what CSS accepts (hex, rgb(), named colours), nothing else."""
    import tinycss2
    import tinycss2.color4

    if not isinstance(value, str) or not value.strip():
        raise BrandError(f"brand {brand!r}: colour {key!r} must be a string")
    tokens = [t for t in tinycss2.parse_component_value_list(value)
              if t.type not in ("whitespace", "comment")]
    parsed = tinycss2.color4.parse_color(tokens[0]) if len(tokens) == 1 else None
    if parsed is None or parsed == "currentcolor":
        raise BrandError(f"brand {brand!r}: colour {key!r} = {value!r} is not a CSS colour",
                         hint="use #rrggbb, rgb(r g b) or a CSS colour name")
    return value.strip()


_FONT_FACE_RE = re.compile(r"@font-face\s*{([^}]*)}", re.S | re.I)
_FAMILY_RE = re.compile(r"font-family\s*:\s*(['\"]?)([^;'\"]+)\1", re.I)


def _font_face_families(css: str) -> set[str]:
    """Families brand.css declares with @font-face (fonts shipped in the brand folder)."""
    families = set()
    for block in _FONT_FACE_RE.findall(css):
        m = _FAMILY_RE.search(block)
        if m:
            families.add(m.group(2).strip().casefold())
    return families


def _check_font(brand: str, role: str, family: str, shipped: set[str]) -> None:
    if family.casefold() in shipped:
        return
    if family.casefold() not in installed_font_families():
        raise BrandError(
            f"brand {brand!r}: font {role!r} = {family!r} is not installed (fontconfig does not know it)",
            hint="install the font, ship it in the brand folder with an @font-face rule, "
                 "or pick a family from `fc-list : family`")


@functools.cache
def installed_font_families() -> frozenset[str]:
    """Case-folded family names fontconfig knows (all aliases of each face).

    `fc-list` is the same fontconfig database Pango and WeasyPrint use, so a family that
    is absent here is a family WeasyPrint would silently replace.
    """
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise BrandError("cannot check fonts: fc-list (fontconfig) is not installed",
                         hint="install fontconfig; WeasyPrint needs it anyway")
    out = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, check=True).stdout
    return frozenset(f.strip().casefold() for line in out.splitlines() for f in line.split(",") if f.strip())


# --------------------------------------------------------------------------- SVG


_DANGEROUS = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video", "handler"}


def sanitize_svg(data: bytes, alt: str, brand: str = "?") -> str:
    """The logo as inline-SVG markup: no scripts, event handlers or external references.

    The SVG is inlined into every release's HTML, so a logo file must not be able to run
    code in a browser or make WeasyPrint fetch anything. Unsafe parts are removed (with a
    warning), not rejected, because logo exports from design tools routinely contain
    harmless cruft. A `<title>` carrying `alt` is put first: WeasyPrint turns an inline
    SVG into a /Figure structure element and takes its /Alt text from that title.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise BrandError(f"brand {brand!r}: logo is not well-formed SVG: {exc}") from None
    if etree.QName(root).localname != "svg" or etree.QName(root).namespace != SVG_NS:
        raise BrandError(f"brand {brand!r}: logo root element is not <svg> in the SVG namespace")
    if not root.get("viewBox"):
        raise BrandError(f"brand {brand!r}: logo has no viewBox", hint="needed to scale it in CSS")

    removed: list[str] = []
    for el in list(root.iter()):
        if el.tag is etree.Entity:  # an unresolved &entity; would reach the HTML as text
            removed.append(f"&{el.name};")
            parent = el.getparent()
            if el.tail:
                prev = el.getprevious()
                if prev is not None:
                    prev.tail = (prev.tail or "") + el.tail
                else:
                    parent.text = (parent.text or "") + el.tail
            parent.remove(el)
            continue
        if not isinstance(el.tag, str):
            continue
        local = etree.QName(el).localname
        if local in _DANGEROUS or etree.QName(el).namespace not in (SVG_NS, None):
            removed.append(f"<{local}>")
            el.getparent().remove(el)
            continue
        if local == "style" and el.text and re.search(r"@import|url\(\s*['\"]?(?!#)", el.text, re.I):
            removed.append("<style> with external url()")
            el.getparent().remove(el)
            continue
        if local == "title":
            el.getparent().remove(el)  # replaced by ours below
            continue
        for attr in list(el.attrib):
            attr_local = etree.QName(attr).localname
            value = el.attrib[attr]
            if attr_local.lower().startswith("on"):
                removed.append(f"{attr_local}=")
                del el.attrib[attr]
            elif attr_local == "href" and not value.strip().startswith("#"):
                removed.append(f"href={value[:40]!r}")
                del el.attrib[attr]
            elif re.search(r"url\(\s*['\"]?(?!#)", value, re.I):
                removed.append(f"{attr_local}=url(...)")
                del el.attrib[attr]
    if removed:
        log.warning("brand %s: removed unsafe parts from the logo: %s", brand, ", ".join(removed))

    for attr in ("width", "height"):  # the CSS decides the size; the viewBox keeps the ratio
        root.attrib.pop(attr, None)
    root.set("role", "img")
    root.set("aria-label", alt)
    root.set("focusable", "false")
    title = etree.Element(f"{{{SVG_NS}}}title")
    title.text = alt
    root.insert(0, title)
    etree.cleanup_namespaces(root)
    markup = etree.tostring(root, encoding="unicode")
    # Inline SVG in HTML5 needs no prefix on the SVG namespace; lxml keeps the default one.
    return markup
