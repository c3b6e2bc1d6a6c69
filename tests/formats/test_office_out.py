"""`--formats docx,odt`: word-processor files from the structured HTML, styled by the brand."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from pipeline.brand import load_brand
from pipeline.formats.office_out import brand_reference_docx, reference_doc, render_office
from pipeline.formats.pandoc import pandoc_path
from pipeline.htmlwriter import render_html
from pipeline.reader import read_release

from .conftest import EN_TXT


@pytest.fixture(scope="module")
def release_html() -> tuple[str, object]:
    release = read_release(EN_TXT.encode(), "release.txt")
    brand = load_brand("default")
    return render_html(release, brand), brand


def _member(docx: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read(name).decode("utf-8")


def test_docx_has_named_styles_for_the_release_parts(release_html: tuple[str, object]):
    html, brand = release_html
    docx = render_office(html, "docx", brand, "en")
    document = _member(docx, "word/document.xml")
    for style in ("Heading1", "Lead", "Quote", "Contact", "Boilerplate", "Organization"):
        assert f'w:val="{style}"' in document, style
    assert "<svg" not in document and "application/ld+json" not in document
    assert "Northwind Energy opens Europe" in document


def test_odt_is_an_opendocument_text(release_html: tuple[str, object]):
    html, brand = release_html
    odt = render_office(html, "odt", brand, "en")
    assert _member(odt, "mimetype") == "application/vnd.oasis.opendocument.text"


def test_the_generated_reference_carries_the_brand_fonts_and_colours(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch):
    import subprocess

    default = subprocess.run([pandoc_path(), "--print-default-data-file", "reference.docx"],
                             capture_output=True, check=True).stdout
    branded = brand_reference_docx(default, {"body": "Carlito", "heading": "Lato"}, {"heading": "#14202b"})
    styles = _member(branded, "word/styles.xml")
    assert 'w:ascii="Carlito"' in styles and 'w:ascii="Lato"' in styles and 'w:val="14202B"' in styles
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = reference_doc("docx", load_brand("default"))
    assert path is not None and path.parent == tmp_path / "pressroom"


def test_a_brand_may_ship_its_own_reference_document(tmp_path: Path):
    styles = tmp_path / "styles"
    shutil.copytree(Path(__file__).resolve().parents[2] / "styles" / "default", styles / "default")
    (styles / "default" / "reference.odt").write_bytes(b"made in LibreOffice")
    brand = load_brand("default", styles_dir=styles)
    assert reference_doc("odt", brand) == styles / "default" / "reference.odt"
    assert reference_doc("odt", None) is None
