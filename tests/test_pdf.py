"""The PDF, checked with independent tools (pikepdf, qpdf, poppler), not with WeasyPrint's word.

Every PDF here is rendered from HTML made by `pipeline.htmlwriter.render_html` and written
with the same two attachments `convert.py` uses: the NewsML-G2 twin and the source text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pikepdf
import pytest
from pdf_support import long_release, short_release
from strategies import reference_release

from pipeline.brand import load_brand
from pipeline.errors import PressroomError
from pipeline.htmlwriter import render_html
from pipeline.model import Release
from pipeline.pdf import Attachment, PdfRenderer, extract_attachments

pytestmark = pytest.mark.slow

BRANDS = ("default", "authority", "corporate")
XML = b'<?xml version="1.0" encoding="UTF-8"?>\n<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"/>\n'
SOURCE = Path(__file__).resolve().parents[1] / "seeds" / "000-sv-hallbara-stader.txt"


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (poppler-utils / qpdf)")
    return path


@cache
def renderer(brand: str, variant: str = "pdf/a-3b") -> PdfRenderer:
    return PdfRenderer(load_brand(brand), variant=variant)


def attachments_for(release: Release) -> list[Attachment]:
    return [
        Attachment("release.xml", XML, "application/xml", "Alternative"),
        Attachment("000-sv-hallbara-stader.txt", SOURCE.read_bytes(), "text/plain", "Source"),
    ]


def render(release: Release, brand: str = "default", variant: str = "pdf/a-3b") -> bytes:
    r = renderer(brand, variant)
    html = render_html(release, r.brand)
    return r.write(r.layout(html, release), release, attachments_for(release))


@cache
def sv_pdf(brand: str = "default") -> bytes:
    return render(reference_release(), brand)


@cache
def long_pdf(brand: str = "default") -> bytes:
    return render(long_release(), brand)


def pdftotext(pdf: bytes, *args: str) -> str:
    tool = need("pdftotext")
    return subprocess.run(
        [tool, "-enc", "UTF-8", *args, "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")


def flat(text: str) -> str:
    """pdftotext output as one line, hyphenation at line ends undone."""
    text = re.sub(r"-\n(?=\w)", "", text)
    return " ".join(text.split())


# ---------------------------------------------------------------------- PDF/A-3b


@pytest.mark.parametrize("brand", BRANDS)
def test_pdfa3b_identification_and_output_intent(brand: str) -> None:
    with pikepdf.open(io.BytesIO(sv_pdf(brand))) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "3"
        assert meta["pdfaid:conformance"] == "B"
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1
        intent = intents[0]
        assert intent.S == "/GTS_PDFA1"
        assert "srgb" in str(intent.OutputConditionIdentifier).lower()
        profile = intent.DestOutputProfile
        assert int(profile.N) == 3
        icc = profile.read_bytes()
        assert icc[36:40] == b"acsp" and icc[16:20] == b"RGB "  # an ICC profile for RGB data
        assert pdf.pdf_version == "1.7"


@pytest.mark.parametrize("brand", BRANDS)
def test_pikepdf_pdfa_validator_finds_no_violation(brand: str) -> None:
    """pikepdf's allow-list validator (veraPDF rules): no violations ('unsupported' is not a failure)."""
    pdfa = pytest.importorskip("pikepdf.pdfa")
    report = pdfa.validate_written(io.BytesIO(sv_pdf(brand)), "3b")
    violations = [f for f in report.findings if f.kind == "violation"]
    assert not violations, "\n".join(f"{f.rule} {f.where}: {f.message}" for f in violations)


def test_metadata_comes_from_the_release() -> None:
    release = reference_release()
    with pikepdf.open(io.BytesIO(sv_pdf())) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == release.headline
        assert str(info.Author) == release.organization
        assert str(info.Subject).startswith("Den 7 november går startskottet")
        keywords = str(info.Keywords)
        for word in ("Pressmeddelande", "Länsstyrelsen i Stockholms län", "sv"):
            assert word in keywords
        assert str(info.CreationDate) == "D:20061107115800+01'00"
        assert str(info.ModDate) == "D:20061107115800+01'00"
        meta = pdf.open_metadata()
        assert meta["dc:title"] == release.headline
        assert meta["dc:creator"] == [release.organization]
        assert meta["xmp:CreateDate"] == "2006-11-07T11:58:00+01:00"
        assert meta["xmp:ModifyDate"] == "2006-11-07T11:58:00+01:00"
        assert str(pdf.Root.Lang) == "sv"


def test_date_only_and_missing_dates() -> None:
    with pikepdf.open(io.BytesIO(render(short_release()))) as pdf:
        assert str(pdf.docinfo.CreationDate) == "D:20260601"
        assert str(pdf.Root.Lang) == "en"
    undated = short_release()
    undated.issued = None
    with pikepdf.open(io.BytesIO(render(undated))) as pdf:
        assert "/CreationDate" not in pdf.docinfo
        spec = pdf.Root.AF[0]
        assert str(spec.EF.F.Params.ModDate) == "D:19700101000000Z"  # fixed, not the clock


# ---------------------------------------------------------------------- tagged PDF


def _struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    out, stack, seen = [], [pdf.Root.StructTreeRoot], set()
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary):
            key = node.objgen
            if key != (0, 0):
                if key in seen:
                    continue
                seen.add(key)
            if node.get("/Type") == "/StructElem":
                out.append(node)
            kids = node.get("/K")
            if isinstance(kids, pikepdf.Array):
                stack.extend(reversed(list(kids)))
            elif isinstance(kids, pikepdf.Dictionary):
                stack.append(kids)
    return out


@pytest.mark.parametrize("brand", BRANDS)
def test_tagged_structure_lang_and_logo_alt(brand: str) -> None:
    with pikepdf.open(io.BytesIO(sv_pdf(brand))) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert str(pdf.Root.Lang) == "sv"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        elements = _struct_elements(pdf)
        tags = [str(e.S) for e in elements]
        for tag in ("/Document", "/Art", "/H1", "/P", "/BlockQuote", "/Caption", "/Sect", "/H2", "/Figure"):
            assert tag in tags, f"{tag} missing from the structure tree"
        figures = [e for e in elements if e.S == "/Figure"]
        assert [str(f.get("/Alt")) for f in figures] == [load_brand(brand).logo_alt]
        for page in pdf.pages:
            assert page.Tabs == "/S"


@pytest.mark.parametrize("brand", BRANDS)
def test_every_mcid_is_reachable_and_page_furniture_is_artifact(brand: str) -> None:
    """PDF/UA 7.1: content is either in the structure tree or an artifact, never neither."""
    with pikepdf.open(io.BytesIO(long_pdf(brand))) as pdf:
        reachable = {e.objgen for e in _struct_elements(pdf)}
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for number, page in enumerate(pdf.pages):
            mcids, pagination = [], 0
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                    if "/MCID" in operands[1]:
                        mcids.append(int(operands[1].MCID))
                    elif operands[0] == "/Artifact" and operands[1].get("/Type") == "/Pagination":
                        pagination += 1
            assert mcids
            for mcid in mcids:
                parent = parents[number][mcid]
                assert parent is not None and parent.objgen in reachable, f"page {number + 1} MCID {mcid}"
            assert pagination >= 3, f"page {number + 1}: header/footer text is not a pagination artifact"


def test_headings_are_in_order_h1_then_h2() -> None:
    with pikepdf.open(io.BytesIO(long_pdf())) as pdf:
        tags = [str(e.S) for e in _struct_elements(pdf)]
        for tag in ("/L", "/LI", "/Lbl", "/LBody", "/Link"):
            assert tag in tags, tag
        heads = [t for t in tags if t in ("/H1", "/H2", "/H3")]
        assert heads[0] == "/H1" and heads.count("/H1") == 1
        assert "/H3" not in heads


# ---------------------------------------------------------------------- attachments


def test_embedded_files_are_pdfa3_associated_files() -> None:
    with pikepdf.open(io.BytesIO(sv_pdf())) as pdf:
        names = dict(pdf.attachments.items())
        assert set(names) == {"release.xml", "000-sv-hallbara-stader.txt"}
        af = list(pdf.Root.AF)
        assert len(af) == 2, "each file exactly once in the catalog /AF"
        by_name = {str(spec.UF): spec for spec in af}
        assert by_name["release.xml"].AFRelationship == "/Alternative"
        assert by_name["000-sv-hallbara-stader.txt"].AFRelationship == "/Source"
        assert by_name["release.xml"].EF.F.Subtype == "/application/xml"
        assert by_name["000-sv-hallbara-stader.txt"].EF.F.Subtype == "/text/plain"
        for spec in af:
            assert str(spec.F) == str(spec.UF)
            params = spec.EF.F.Params
            assert str(params.ModDate) == "D:20061107105800Z"  # 11:58 CET in UTC
            assert int(params.Size) == len(spec.EF.F.read_bytes())


def test_extract_attachments_round_trip() -> None:
    files = extract_attachments(sv_pdf())
    assert files == {"release.xml": XML, "000-sv-hallbara-stader.txt": SOURCE.read_bytes()}


def test_extract_attachments_rejects_garbage() -> None:
    with pytest.raises(PressroomError, match="not a readable PDF"):
        extract_attachments(b"this is not a pdf")


def test_attachment_validation() -> None:
    r = renderer("default")
    release = short_release()
    doc = r.layout(render_html(release, r.brand), release)
    with pytest.raises(PressroomError, match="unknown relationship"):
        r.write(doc, release, [Attachment("a.txt", b"a", "text/plain", "Original")])
    with pytest.raises(PressroomError, match="duplicate"):
        r.write(doc, release, [Attachment("a.txt", b"a", "text/plain", "Source")] * 2)


# ---------------------------------------------------------------------- tools


@pytest.mark.parametrize("brand", BRANDS)
def test_qpdf_check_is_clean(brand: str, tmp_path: Path) -> None:
    qpdf = need("qpdf")
    for name, data in (("sv", sv_pdf(brand)), ("long", long_pdf(brand))):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors" in result.stdout
        assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.parametrize("brand", BRANDS)
def test_pdffonts_all_embedded_and_only_brand_fonts(brand: str) -> None:
    """Every font embedded, and no silent fallback: only the families brand.toml names."""
    tool = need("pdffonts")
    families = {f.replace(" ", "").lower() for f in load_brand(brand).fonts.values()}
    families.add("pressroom")  # "Pressroom-Hyphen": the body font's own hyphen glyph (pipeline/pdfhyphen.py)
    for data in (sv_pdf(brand), long_pdf(brand)):
        out = subprocess.run([tool, "-"], input=data, capture_output=True, check=True).stdout.decode()
        rows = out.splitlines()[2:]
        assert rows, out
        for row in rows:
            cols = row.split()
            name, emb = cols[0], cols[-5]
            assert emb == "yes", f"not embedded: {row}"
            base = name.split("+", 1)[-1].split("-")[0].lower()
            assert any(base.startswith(f) or f.startswith(base) for f in families), f"fallback font: {row}"


def test_reading_order_headline_lead_paragraphs_quotes_contacts() -> None:
    text = flat(pdftotext(sv_pdf()))
    marks = [
        "Hållbara städer - Stockholmsregionens nästa exportprodukt",
        "Den 7 november går startskottet",
        "Genom att bygga hållbara städer",
        "Mats Hellström",
        "Hammarby sjöstad har under",
        "Vi vill se en stadsutveckling",
        "Lena Kling",
        "För mer information kontakta",
        "Berit Pettersson",
        "maria.gasste@ab.lst.se",
    ]
    folded = text.casefold()  # CSS upper-cases some labels (text-transform changes the PDF text)
    positions = [folded.find(m.casefold()) for m in marks]
    assert all(p >= 0 for p in positions), dict(zip(marks, positions, strict=True))
    assert positions == sorted(positions), dict(zip(marks, positions, strict=True))


def test_long_release_pages_headers_and_footers() -> None:
    data = long_pdf()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
    assert pages >= 10
    first = pdftotext(data, "-f", "1", "-l", "1")
    assert re.search(rf"\b1 ?/ ?{pages}\b", first)
    for n in (2, pages):
        page = flat(pdftotext(data, "-f", str(n), "-l", str(n)))
        assert re.search(rf"\b{n} ?/ ?{pages}\b", page)
        assert "Nordvik Energi AB (publ)" in page  # running header from page 2 on
        assert "Embargo" in page  # the embargo notice on every page
        assert "2026" in page  # the release date in the header


def test_first_page_has_no_running_header() -> None:
    first = pdftotext(sv_pdf(), "-f", "1", "-l", "1")
    # the organization appears in the masthead and the footer, but not a third time in a header
    assert first.count("Länsstyrelsen i Stockholms län") == 2


def test_links_are_live() -> None:
    with pikepdf.open(io.BytesIO(long_pdf())) as pdf:
        uris = {
            str(a.A.URI)
            for page in pdf.pages
            for a in page.get("/Annots", [])
            if a.get("/Subtype") == "/Link" and "/URI" in a.get("/A", {})
        }
    assert "https://nordvik.example/harbour" in uris
    assert "mailto:press@nordvik.example" in uris
    assert any(u.startswith("tel:+46") for u in uris)


# ---------------------------------------------------------------------- determinism


def test_identical_input_gives_identical_bytes() -> None:
    release = reference_release()
    first = render(release)
    fresh = PdfRenderer(load_brand("default"))  # a second renderer, as in another process
    document = fresh.layout(render_html(release, fresh.brand), release)
    second = fresh.write(document, release, attachments_for(release))
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    # Nothing from the clock: today's date appears nowhere in the uncompressed file.
    plain = io.BytesIO()
    with pikepdf.open(io.BytesIO(first)) as pdf:
        pdf.save(
            plain,
            compress_streams=False,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
            stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
            static_id=True,
        )
    text = plain.getvalue()
    assert b"WeasyPrint 70" in text and b"2006-11-07T11:58:00+01:00" in text
    now = dt.datetime.now(dt.UTC)
    for stamp in (now.strftime("D:%Y%m%d"), now.strftime("%Y-%m-%dT"), now.strftime("%Y%m%d")):
        assert stamp.encode() not in text, stamp


def test_file_id_depends_on_content() -> None:
    def file_id(data: bytes) -> bytes:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return bytes(pdf.trailer.ID[0])

    release = reference_release()
    changed = reference_release()
    changed.headline += "!"
    assert file_id(render(release)) == file_id(sv_pdf())
    assert file_id(render(changed)) != file_id(sv_pdf())


# ---------------------------------------------------------------------- variants


def test_pdf_ua_variant() -> None:
    data = render(reference_release(), variant="pdf/ua-1")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfuaid:part"] == "1"
        assert "/StructTreeRoot" in pdf.Root
        assert {str(s.AFRelationship) for s in pdf.Root.AF} == {"/Alternative", "/Source"}


def test_pdfa2b_drops_attachments_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    data = render(short_release(), variant="pdf/a-2b")
    assert "cannot carry release.xml" in caplog.text
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.open_metadata()["pdfaid:part"] == "2"
        assert "/AF" not in pdf.Root
    assert extract_attachments(data) == {}


def test_unknown_variant() -> None:
    with pytest.raises(PressroomError, match="unknown PDF variant"):
        PdfRenderer(load_brand("default"), variant="pdf/z-9")


def test_font_shipped_in_brand_folder_is_used(tmp_path: Path) -> None:
    """@font-face files are read through the brand-folder fetcher and embedded."""
    source = Path("/usr/share/fonts/truetype/ebgaramond/EBGaramond12-Regular.ttf")
    if not source.exists():
        candidates = sorted(Path("/usr/share/fonts").rglob("EBGaramond*Regular*.[ot]tf"))
        if not candidates:
            pytest.skip("no EB Garamond file to ship (fonts-ebgaramond)")
        source = candidates[0]
    styles = tmp_path / "styles"
    shutil.copytree(Path(__file__).resolve().parents[1] / "styles", styles)
    folder = styles / "default"
    (folder / "fonts").mkdir()
    shutil.copy(source, folder / "fonts" / f"house{source.suffix}")
    toml = folder / "brand.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('body = "Carlito"', 'body = "House Serif"'), encoding="utf-8"
    )
    css = folder / "brand.css"
    css.write_text(
        f'@font-face {{ font-family: "House Serif"; src: url("fonts/house{source.suffix}"); }}\n'
        + css.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    r = PdfRenderer(load_brand("default", styles_dir=styles))
    release = short_release()
    data = r.write(r.layout(render_html(release, r.brand), release), release, [])
    assert any(p.endswith(f"house{source.suffix}") for p in r.fetcher.served)
    out = subprocess.run([need("pdffonts"), "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "House-Serif" in out


def test_extract_refuses_an_attachment_that_inflates_beyond_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A hostile PDF's embedded file can be a flate bomb: stop inflating at the limit, not after."""
    import zlib

    import pipeline.pdf as pdf_module

    monkeypatch.setattr(pdf_module, "MAX_EXTRACT_BYTES", 1024 * 1024)
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.attachments["bomb.txt"] = pikepdf.AttachedFileSpec(pdf, b"x", filename="bomb.txt")
    stream = pdf.attachments["bomb.txt"].obj.EF.F
    stream.write(zlib.compress(b"\0" * (5 * 1024 * 1024)), filter=pikepdf.Name.FlateDecode)
    buffer = io.BytesIO()
    pdf.save(buffer)

    def no_full_decode(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("decoded whole")

    monkeypatch.setattr(pikepdf.Object, "read_bytes", no_full_decode)
    with pytest.raises(PressroomError, match="larger than"):
        extract_attachments(buffer.getvalue())
