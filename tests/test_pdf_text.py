"""The PDF's text layer, read back by two independent extractors (poppler's pdftotext and
pdfminer.six), for every brand and every dev/dev2 corpus release.

What a search engine, an agency's ingest or a copy-paste gets out of the PDF must be the
release's own words: none split at a line end (hyphenation), none garbled by a ligature,
and the headline read before the masthead's logo lettering.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from functools import cache
from pathlib import Path

import pikepdf
import pytest
from pdf_support import long_release

from pipeline.brand import load_brand
from pipeline.contacts import find_emails
from pipeline.htmlwriter import render_html
from pipeline.model import ListBlock, Paragraph, Quote, Release, Subheading
from pipeline.pdf import PdfRenderer
from pipeline.reader import read_release
from pipeline.urls import find_urls

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT.parent / "shared" / "corpus").glob("dev*/*.txt"))
BRANDS = tuple(sorted(p.parent.name for p in (ROOT / "styles").glob("*/brand.css")))
#: A word: a run of letters (a hyphen, digit or apostrophe ends it). Two or more letters, so
#: that a line break inside a word always removes at least one whole word from the text.
WORD = re.compile(r"[^\W\d_]{2,}")


@cache
def renderer(brand: str) -> PdfRenderer:
    return PdfRenderer(load_brand(brand))


def render(release: Release, brand: str) -> bytes:
    r = renderer(brand)
    return r.render(render_html(release, r.brand), release)


def pdftotext(pdf: bytes) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is not installed (poppler-utils)")
    return subprocess.run([tool, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")


def pdfminer_text(pdf: bytes) -> str:
    high_level = pytest.importorskip("pdfminer.high_level")
    return high_level.extract_text(io.BytesIO(pdf))


def body_texts(release: Release) -> list[str]:
    """The running text of the release as the model has it (what the PDF must carry)."""
    texts = [release.headline, release.subheadline or ""]
    for block in release.body:
        if isinstance(block, (Paragraph, Subheading, Quote)):
            texts.append(block.text)
        elif isinstance(block, ListBlock):
            texts.extend(block.items)
    texts.extend(section.text for section in release.boilerplate)
    return texts


def source_words(release: Release) -> Counter[str]:
    """Words of the body, URLs and e-mail addresses left out (those may wrap anywhere)."""
    words: Counter[str] = Counter()
    for text in body_texts(release):
        for address in find_urls(text) + find_emails(text):
            text = text.replace(address, " ")
        words.update(WORD.findall(text))
    return words


def split_words(release: Release, extracted: str) -> list[str]:
    """Source words that do not come out whole as often as the source has them.

    A word broken at a line end, with a hard hyphen ("an-" / "onymous") or without, loses
    both halves as words, so it is missing here. A soft hyphen (U+00AD) at the break is
    what PDF/UA and ISO 32000 14.8.2.2.3 intend for hyphenation points: an extractor or
    reader drops it together with the line break, and so do we.
    """
    extracted = re.sub(r"\u00ad\s*", "", extracted)
    found = Counter(WORD.findall(extracted))
    return sorted(w for w, n in source_words(release).items() if found[w] < n)


@cache
def corpus_release(path: Path) -> Release:
    return read_release(path.read_bytes(), path.name)


@pytest.mark.parametrize("brand", BRANDS)
def test_no_word_comes_out_split_from_any_corpus_release(brand: str) -> None:
    if not CORPUS:
        pytest.skip("the shared corpus is not next to the repository")
    failures = {}
    for path in CORPUS:
        release = corpus_release(path)
        pdf = render(release, brand)
        for tool, extract in (("pdftotext", pdftotext), ("pdfminer", pdfminer_text)):
            missing = split_words(release, extract(pdf))
            if missing:
                failures[f"{path.parent.name}/{path.name} {tool}"] = missing[:8]
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())


@pytest.mark.parametrize("brand", BRANDS)
def test_long_release_words_whole(brand: str) -> None:
    """The hand-made 10-page release: long paragraphs, lists, quotes, wrapped URLs."""
    release = long_release(12)
    pdf = render(release, brand)
    assert not split_words(release, pdftotext(pdf))
    assert not split_words(release, pdfminer_text(pdf))


def _to_unicode_maps(pdf: bytes) -> list[dict[int, str]]:
    maps = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for font in page.Resources.get("/Font", {}).values():
                if "/ToUnicode" not in font:
                    continue
                cmap = font.ToUnicode.read_bytes().decode("latin-1")
                mapping = {}
                for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                    for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                        mapping[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
                maps.append(mapping)
    return maps


@pytest.mark.parametrize("brand", BRANDS)
def test_every_glyph_maps_to_one_character(brand: str) -> None:
    """No ligature glyphs: a glyph standing for "fi" or "ffl" is what Ghostscript's text
    extraction (and some search indexers) garble; every glyph maps to one code point."""
    release = long_release(6)
    release.body.append(Paragraph("Officials affirm the fjord offers fluffy waffles, fifty "
                                  "efficient staff and The Theatre of Thessaloniki."))
    maps = _to_unicode_maps(render(release, brand))
    assert maps
    multi = sorted({t for m in maps for t in m.values() if len(t) != 1})
    assert not multi, f"ligature glyphs in the text layer: {multi}"


def logo_lettering(brand: str) -> list[str]:
    """The words a brand's SVG logo draws as text (its wordmark)."""
    svg = load_brand(brand).logo_svg or ""
    return [w for text in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg) for w in text.split()]


@pytest.mark.parametrize("brand", BRANDS)
def test_headline_read_before_logo_lettering_without_organization(brand: str) -> None:
    """pdftotext's reading order with no organization: the headline is read in one piece,
    the subheadline right after it, and no logo lettering comes before them."""
    release = long_release(2)
    release.organization = None
    text = " ".join(pdftotext(render(release, brand)).split())
    headline = " ".join(release.headline.split())
    assert headline in text, text[:300]
    start = text.index(headline)
    assert text[start + len(headline):].startswith(" " + (release.subheadline or "")), text[:300]
    for word in logo_lettering(brand):
        assert word not in text[:start + len(headline)], (word, text[:300])


@pytest.mark.parametrize("brand", BRANDS)
def test_logo_keeps_its_alt_text(brand: str) -> None:
    """The lettering leaves the text layer, not the structure: the /Figure keeps its /Alt."""
    b = load_brand(brand)
    with pikepdf.open(io.BytesIO(render(long_release(1), brand))) as doc:
        alts = [str(e.Alt) for e in _struct_elements(doc.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
    assert b.logo_alt in alts


def _struct_elements(node: object) -> list:
    out, stack = [], [node]
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Array):
            stack.extend(item)
        elif isinstance(item, pikepdf.Dictionary) and "/K" in item:
            out.append(item)
            stack.append(item.K)
    return out


@pytest.mark.parametrize("brand", BRANDS)
def test_ghostscript_reads_the_words(brand: str) -> None:
    """Ghostscript's txtwrite, the extractor that garbled ligature glyphs, gets the words."""
    tool = shutil.which("gs")
    if tool is None:
        pytest.skip("ghostscript is not installed")
    release = long_release(2)
    release.body.append(Paragraph("Officials affirm the fjord offers fluffy waffles, fifty "
                                  "efficient staff and certified nonprofit coffee."))
    pdf = render(release, brand)
    text = subprocess.run([tool, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=txtwrite",
                           "-sOutputFile=-", "-"], input=pdf, capture_output=True, check=True).stdout
    assert not split_words(release, text.decode("utf-8"))


def test_hyphen_guard_touches_text_only() -> None:
    from pipeline.pdf import keep_hyphenated_words_whole

    html = ('<style>.pr-a-b { x: y }</style><p class="pr-x-y" data-k="a-b">Asia-Pacific, '
            'ilmoitus- ja 2024-2025</p><!-- a-b --><script>var a-b;</script>')
    out = keep_hyphenated_words_whole(html)
    assert out.replace("\u2060", "").replace("\u00a0", " ") == html
    assert keep_hyphenated_words_whole("<p>pre-\n  and post</p>") == "<p>pre-\u2060\u00a0and post</p>"
    assert keep_hyphenated_words_whole("<p>a \ue000b</p>") == "<p>a b</p>"
    assert "Asia-\u2060Pacific" in out and "ilmoitus-\u2060\u00a0ja" in out and "2024-\u20602025" in out
    assert '<style>.pr-a-b { x: y }</style><p class="pr-x-y" data-k="a-b">' in out
    assert out.endswith("<!-- a-b --><script>var a-b;</script>")


@pytest.mark.parametrize("brand", BRANDS)
def test_hyphenation_points_are_soft_hyphens(brand: str) -> None:
    """The PDF is hyphenated, and each hyphenation point reads back as U+00AD before a line
    break, in both extractors (what ISO 32000-1 14.8.2.2.3 asks for)."""
    if renderer(brand).hyphen_css is None:
        pytest.skip(f"fontconfig has no face of {load_brand(brand).fonts['body']!r} to make the hyphen from")
    release = long_release(6)
    pdf = render(release, brand)
    words = set(source_words(release))
    for extract in (pdftotext, pdfminer_text):
        text = extract(pdf)
        soft = re.findall(r"([^\W\d_]+)\u00ad\s+([^\W\d_]+)", text)
        assert soft, "no hyphenation point in a 6-page release"
        assert all(a + b in words for a, b in soft), [a + b for a, b in soft if a + b not in words]
        hard = [a + b for a, b in re.findall(r"([^\W\d_]+)-\n([^\W\d_]+)", text) if a + b in words]
        assert not hard, hard
        assert "\ue000" not in text and "\u2060" not in text  # stand-in and joiner draw no text
