"""`--formats docx,odt`: the release as a word-processor file, for editors who keep working on it.

Rendered by pandoc (`--sandbox`) from the structured HTML the HTML writer produced — not
from the source — so the Word/ODT file has exactly the structure of release.html and the
PDF: Heading 1 headline, Heading 2 subheadings, real lists, and named paragraph styles an
editor (or a corporate template) can restyle: "Organization", "Release Meta", "Embargo",
"Subtitle", "Lead", "Quote", "Contact", "Boilerplate", "End Mark".

Styles come from a reference document, first match wins:

1. `styles/<brand>/reference.docx` / `reference.odt` shipped by the brand (made in Word or
   LibreOffice from pandoc's default, see docs/formats.md);
2. for .docx only: pandoc's own default reference.docx with the brand's fonts and colours
   written into its styles (body font, heading font and colour), generated at runtime and
   cached in `$XDG_CACHE_HOME/pressroom/` — no binary is committed to the repository;
3. pandoc's default.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from pathlib import Path
from typing import Any

from ..errors import PressroomError
from .pandoc import pandoc_path, pandoc_version, run_pandoc

OFFICE_FORMATS = ("docx", "odt")

STYLE_OF_CLASS = {
    "pr-organization": "Organization",
    "pr-meta": "Release Meta",
    "pr-embargo": "Embargo",
    "pr-subheadline": "Subtitle",
    "pr-lead": "Lead",
    "pr-quote": "Quote",
    "pr-contacts": "Contact",
    "pr-boilerplate": "Boilerplate",
    "pr-end-mark": "End Mark",
}
"""Pressroom's HTML classes (docs/html-classes.md) → named paragraph styles in the office file."""

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def render_office(html: str, fmt: str, brand: Any = None, language: str | None = None) -> bytes:
    """The release as .docx or .odt bytes, or `PressroomError("office", ...)`."""
    if fmt not in OFFICE_FORMATS:
        raise PressroomError("office", f"unknown office format {fmt!r}", f"choose from {', '.join(OFFICE_FORMATS)}")
    extra: list[str] = []
    reference = reference_doc(fmt, brand)
    if reference is not None:
        extra.append(f"--reference-doc={reference}")
    if language:
        extra += ["--metadata", f"lang={language}"]
    return run_pandoc(prepare_html(html), "html", fmt, extra, stage="office")


def prepare_html(html: str) -> bytes:
    """Release HTML → what pandoc should see: no logo/CSS/JSON-LD, classes as custom styles."""
    from lxml import etree
    from lxml import html as lhtml

    parser = lhtml.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, encoding="utf-8")
    root = lhtml.document_fromstring(html.encode("utf-8"), parser=parser)
    for element in list(root.iter("script", "style", "svg", "head", "img", "nav")):
        if element.getparent() is not None:
            element.drop_tree()
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        classes = (element.get("class") or "").split()
        if "pr-logo" in classes:
            element.drop_tree()
            continue
        style = next((STYLE_OF_CLASS[c] for c in classes if c in STYLE_OF_CLASS), None)
        if style is None:
            continue
        if element.tag == "figure":  # a quote: its paragraphs as one styled div
            element.tag = "div"
            spoken = " ".join(q.text_content() for q in element.findall("blockquote"))
            for caption in element.findall("figcaption"):
                speaker = " ".join(caption.xpath(".//cite//text()")).strip()
                if speaker and speaker in spoken:
                    caption.drop_tree()  # the attribution is already in the quote's own words
                else:
                    caption.tag = "p"
                    caption.text = "— " + (caption.text or "")
            for quote in element.findall("blockquote"):
                quote.drop_tag()
        if element.tag in ("p", "h1", "h2", "h3", "address"):
            wrapper = etree.Element("div")
            wrapper.set("data-custom-style", style)
            element.addprevious(wrapper)
            wrapper.append(element)
            if element.tag == "address":
                element.tag = "p"
        elif element.tag in ("div", "section", "header"):
            element.tag = "div"
            element.set("data-custom-style", style)
    for address in root.iter("address"):
        address.tag = "p"
    body = root.find("body")
    node = body if body is not None else root
    node.tag = "div"
    return b"<!DOCTYPE html><html><body>" + etree.tostring(node, encoding="utf-8", method="html") + b"</body></html>"


def reference_doc(fmt: str, brand: Any = None) -> Path | None:
    """The reference document to style `fmt` with (see the module docstring), or None."""
    folder = getattr(brand, "path", None)
    if folder is not None:
        shipped = Path(folder) / f"reference.{fmt}"
        if shipped.is_file():
            return shipped
    if fmt != "docx" or brand is None:
        return None
    fonts = dict(getattr(brand, "fonts", {}) or {})
    colors = dict(getattr(brand, "colors", {}) or {})
    if not fonts and not colors:
        return None
    return _branded_reference(tuple(sorted(fonts.items())), tuple(sorted(colors.items())))


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pressroom"


def _branded_reference(fonts: tuple[tuple[str, str], ...], colors: tuple[tuple[str, str], ...]) -> Path:
    """pandoc's default reference.docx with the brand's fonts/colours, cached on disk by content.

    The cache key covers the fonts, colours and pandoc version, so a changed brand.toml or a
    pandoc upgrade makes a new file; a stat per render is all a cache hit costs.
    """
    key = hashlib.sha256(repr((fonts, colors, pandoc_version())).encode()).hexdigest()[:16]
    target = _cache_dir() / f"reference-{key}.docx"
    if target.is_file():
        return target
    import subprocess

    try:
        default = subprocess.run([pandoc_path(), "--print-default-data-file", "reference.docx"],
                                 capture_output=True, check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise PressroomError("office", f"pandoc could not print its default reference.docx ({exc})",
                             "check the pandoc installation") from None
    data = brand_reference_docx(default, dict(fonts), dict(colors))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return target


def brand_reference_docx(default: bytes, fonts: dict[str, str], colors: dict[str, str]) -> bytes:
    """Rewrite word/styles.xml of a reference.docx: body font everywhere, heading font and colour.

    Only attributes are changed, so the document stays exactly what pandoc expects.
    """
    from lxml import etree

    body_font = fonts.get("body")
    heading_font = fonts.get("heading") or body_font
    heading_color = _hex(colors.get("heading") or colors.get("accent"))
    text_color = _hex(colors.get("text"))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(default)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/styles.xml":
                parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
                root = etree.fromstring(data, parser)
                w = f"{{{_W}}}"
                defaults = root.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr")
                if defaults is not None and body_font:
                    _set_font(defaults, body_font)
                if defaults is not None and text_color:
                    _set_child(defaults, "color", text_color)
                for style in root.findall(f"{w}style"):
                    sid = style.get(f"{w}styleId") or ""
                    if re.fullmatch(r"Heading\d(Char)?|Title(Char)?|Subtitle(Char)?", sid):
                        rpr = style.find(f"{w}rPr")
                        if rpr is None:
                            rpr = etree.SubElement(style, f"{w}rPr")
                        if heading_font:
                            _set_font(rpr, heading_font)
                        if heading_color:
                            _set_child(rpr, "color", heading_color)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, data)
    return out.getvalue()


def _hex(value: str | None) -> str | None:
    if value and re.fullmatch(r"#?[0-9a-fA-F]{6}", value.strip()):
        return value.strip().lstrip("#").upper()
    return None


def _set_font(rpr: Any, family: str) -> None:
    from lxml import etree

    w = f"{{{_W}}}"
    fonts = rpr.find(f"{w}rFonts")
    if fonts is None:
        fonts = etree.Element(f"{w}rFonts")
        rpr.insert(0, fonts)
    fonts.attrib.clear()
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(f"{w}{attr}", family)


_AFTER_COLOR = ("spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd",
                "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
"""Children of w:rPr that the OOXML schema orders after w:color (Word rejects out-of-order styles)."""


def _set_child(rpr: Any, name: str, value: str) -> None:
    from lxml import etree

    w = f"{{{_W}}}"
    child = rpr.find(f"{w}{name}")
    if child is None:
        child = etree.Element(f"{w}{name}")
        later = next((c for c in rpr if isinstance(c.tag, str) and etree.QName(c).localname in _AFTER_COLOR), None)
        if later is not None:
            later.addprevious(child)
        else:
            rpr.append(child)
    child.attrib.clear()
    child.set(f"{w}val", value)
