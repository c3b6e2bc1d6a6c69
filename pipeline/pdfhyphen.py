"""Hyphenation in the PDF whose hyphens extract as soft hyphens (U+00AD).

WeasyPrint 70 draws the hyphen at a hyphenation point (`hyphens: auto`) as the font's
ordinary hyphen glyph. A PDF maps each glyph of a font to one text (its ToUnicode
CMap), so that glyph reads back as "-" like every real hyphen: pdftotext, pdfminer and
copy-paste get "an-" + "onymous". ISO 32000-1 14.8.2.2.3 wants the hyphen of a
hyphenation point to be U+00AD in the text layer, which needs a glyph of its own.

So the PDF (never the HTML for browsers) hyphenates with a private-use character as
`hyphenate-character`, drawn by a tiny font made here from the body font's own hyphen
glyph (per weight and style, so it looks exactly the same), and after layout that one
font's ToUnicode entry is rewritten from the private-use code point to U+00AD. The
body font is found with fontconfig (`fc-match`); when the face is not installed as a
system font (a brand that ships its own font files) there is no hyphen font and the
PDF is simply not hyphenated: extraction is never wrong, only less compact.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import io
import logging
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pydyf

log = logging.getLogger(__name__)

PUA_HYPHEN = "\ue000"
"""The stand-in drawn at hyphenation points; stripped from release text before layout."""
FAMILY = "Pressroom Hyphen"
FACES = ((400, "normal", "regular"), (700, "normal", "bold"), (400, "italic", "italic"),
         (700, "italic", "bold:slant=italic"))


HEAD_DATE = 3_600_000_000  # 2018-01-29


@functools.cache
def hyphen_css(family: str) -> str | None:
    """The PDF-only stylesheet: @font-face rules for the hyphen font and `hyphens: auto`.

    None when fontconfig has no face of `family` (then the PDF is not hyphenated).
    """
    rules = []
    for weight, style, pattern in FACES:
        path = _fc_match(f"{family}:{pattern}", family)
        if path is None:
            continue
        try:
            with _quiet("fontTools"):
                data = _pua_hyphen_font(path)
        except Exception as exc:  # a font fontTools cannot subset: no hyphenation, no failure
            log.info("no hyphen font from %s: %s", path, exc)
            continue
        rules.append(f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; font-style: {style}; '
                     f"unicode-range: U+E000; src: url(data:font/sfnt;base64,{base64.b64encode(data).decode()}); }}")
    if not rules:
        return None
    return "\n".join([*rules, '.pr-release { hyphens: auto; hyphenate-character: "\\E000"; }'])


@contextlib.contextmanager
def _quiet(logger: str) -> Iterator[None]:
    """fontTools logs notes ("FFTM NOT subset") as warnings; they are not the user's business."""
    target = logging.getLogger(logger)
    level = target.level
    target.setLevel(logging.ERROR)
    try:
        yield
    finally:
        target.setLevel(level)


def _fc_match(pattern: str, family: str) -> str | None:
    """The font file fontconfig picks for `pattern`, if it really is `family` (not a fallback)."""
    tool = shutil.which("fc-match")
    if tool is None:
        return None
    result = subprocess.run([tool, "-f", "%{family}\n%{file}", pattern], capture_output=True, text=True,
                            timeout=30, check=False)
    families, _, path = result.stdout.partition("\n")
    if result.returncode != 0 or family.casefold() not in (f.strip().casefold() for f in families.split(",")):
        return None
    return path.strip() or None


def _pua_hyphen_font(path: str) -> bytes:
    """A font with one glyph, the hyphen of `path`, mapped from U+E000 only."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=0, lazy=False, recalcTimestamp=False)  # reproducible bytes
    glyph = font.getBestCmap()[ord("-")]
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "BASE", "JSTF", "MATH", "FFTM", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(glyphs=[glyph])
    subsetter.subset(font)
    for table in font["cmap"].tables:
        table.cmap = {ord(PUA_HYPHEN): glyph} if table.isUnicode() else {}
    # Fixed dates (seconds since 1904): reproducible bytes, and no "timestamp seems very low"
    # warning from fontTools when WeasyPrint reads the font again.
    font["head"].created = font["head"].modified = HEAD_DATE
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def soft_hyphens_in_text_layer(pdf: pydyf.PDF) -> int:
    """Rewrite the hyphen font's ToUnicode from U+E000 to U+00AD; returns entries changed."""
    changed = 0
    name = FAMILY.replace(" ", "-").encode()
    for obj in pdf.objects:
        if not isinstance(obj, pydyf.Dictionary) or obj.get("Type") != "/Font" or "ToUnicode" not in obj:
            continue
        base = obj.get("BaseFont")
        base = base.encode() if isinstance(base, str) else base
        if not isinstance(base, bytes) or b"+" + name not in base:
            continue
        cmap = pdf.objects[int(obj["ToUnicode"].split()[0])]
        cmap.stream, count = _retarget(cmap.stream)
        changed += count
    return changed


def _retarget(items: list[Any]) -> tuple[list[Any], int]:
    out, count = [], 0
    for item in items:
        if isinstance(item, bytes) and item.lower().endswith(b"<e000>"):
            item = item[:-6] + b"<00ad>"
            count += 1
        out.append(item)
    return out, count
