"""Press photos: model, embedded metadata, sidecars, hostile images, renditions, the folder route.

Every picture is made here with Pillow (some with IPTC IIM, XMP or EXIF written in); PDFs are
checked with pikepdf, pdfimages and pdftotext, not with WeasyPrint's word.
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pikepdf
import pytest
from pictures_support import iim_app13, jpeg, photo, png, three_photo_folder, xmp_packet
from PIL import Image

from pipeline.convert import Converter
from pipeline.errors import PressroomError
from pipeline.htmlreader import read_html
from pipeline.model import Picture, Release, Rendition
from pipeline.pictures import metadata
from pipeline.pictures.folder import read_folder
from pipeline.pictures.images import open_image
from pipeline.pictures.names import is_media_href, safe_name
from pipeline.pictures.prepare import prepare
from pipeline.pictures.renditions import EXIF_COPYRIGHT, render


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (poppler-utils)")
    return path


# ---------------------------------------------------------------------- model


def test_pictures_survive_to_dict_and_from_dict() -> None:
    release = Release(headline="H", pictures=[
        Picture("a.jpg", alt="Alt", caption="Cap", credit="Foto: X", rights="© Y", role="lead",
                renditions=[Rendition("web", "media/a.web.jpg", 1200, 800, 1234)]),
        Picture("b.png")])
    back = Release.from_dict(release.to_dict())
    assert back == release
    assert back.lead_picture is back.pictures[0]
    assert Release.from_dict({"headline": "H", "pictures": [{"file": "x.jpg", "role": "boss"}]}).pictures[0].role \
        == "other"


def test_names_are_one_safe_segment() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\x\\Bild 1 (2).JPG") == "Bild_1_2_.JPG"
    assert safe_name(".hidden.jpg") == "hidden.jpg"
    assert safe_name("") == "picture"
    assert is_media_href("media/a.web.jpg")
    for bad in ("media/../x.jpg", "/etc/passwd", "media/a/b.jpg", "http://x/a.jpg", "file:///a.jpg", "media/"):
        assert not is_media_href(bad), bad


# ---------------------------------------------------------------------- embedded metadata


def test_iptc_iim_and_exif_are_read() -> None:
    data = jpeg(photo(200, 100), iim=iim_app13("Bildtext på svenska", "Foto: Åsa Öberg", "© Bolaget AB"),
                exif={0x010E: "exif description", 0x8298: "exif copyright"})
    found = metadata.embedded(open_image(data, "a.jpg"))
    assert (found.caption, found.credit, found.rights) == ("Bildtext på svenska", "Foto: Åsa Öberg", "© Bolaget AB")
    assert found.alt is None


def test_xmp_wins_and_carries_alt_text() -> None:
    data = jpeg(photo(200, 100), xmp=xmp_packet("XMP caption", "XMP credit", "XMP rights", alt="XMP alt"),
                iim=iim_app13("IIM caption", "IIM credit", "IIM rights"))
    found = metadata.embedded(open_image(data, "a.jpg"))
    assert (found.caption, found.credit, found.rights, found.alt) == ("XMP caption", "XMP credit", "XMP rights",
                                                                       "XMP alt")
    png_found = metadata.embedded(open_image(png(photo(80, 60), xmp=xmp_packet("PNG caption")), "a.png"))
    assert png_found.caption == "PNG caption"


def test_exif_only_and_no_metadata() -> None:
    found = metadata.embedded(open_image(jpeg(photo(80, 60), exif={0x010E: "Desc", 0x013B: "Artist"}), "a.jpg"))
    assert (found.caption, found.credit) == ("Desc", "Artist")
    assert metadata.embedded(open_image(png(photo(80, 60)), "a.png")) == metadata.Embedded()


def test_hostile_xmp_entities_are_not_expanded() -> None:
    evil = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>'
            b'<rdf:li>&e;</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>')
    found = metadata.embedded(open_image(jpeg(photo(80, 60), xmp=evil), "a.jpg"))
    assert found.caption is None or "root:" not in found.caption


# ---------------------------------------------------------------------- hostile images


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` × `height` (a decompression bomb's shape)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    idat = zlib.compress(b"\x00" * 64)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
            + struct.pack(">I", len(idat)) + b"IDAT" + idat + struct.pack(">I", zlib.crc32(b"IDAT" + idat))
            + b"\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.mark.parametrize(("data", "words"), [
    (_png_claiming(100_000, 100_000), "decompression bomb"),  # past Pillow's own limit
    (_png_claiming(9_000, 9_000), "60 megapixels"),  # past ours, below Pillow's
    (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://evil.example/x.png"/></svg>', "SVG"),
    (b"GIF89a" + b"\x00" * 40, "not a JPEG, PNG, WebP or TIFF"),
    (b"This is a text file named like a photo", "not a JPEG, PNG, WebP or TIFF"),
    (jpeg(photo(400, 300))[:300], "cannot be decoded"),
    (b"\x89PNG\r\n\x1a\n" + bytes(30), "not a readable PNG image"),
])
def test_hostile_images_are_refused_with_one_line(data: bytes, words: str) -> None:
    with pytest.raises(PressroomError) as caught:
        prepare([("evil.jpg", data)])
    line = caught.value.one_line()
    assert caught.value.stage == "media" and words in line and "evil.jpg" in line and "\n" not in line
    assert "object at 0x" not in line


def test_a_hostile_picture_in_a_folder_fails_the_release_and_writes_nothing(tmp_path: Path) -> None:
    folder = three_photo_folder(tmp_path / "in")
    (folder / "bomb.png").write_bytes(_png_claiming(50_000, 50_000))
    out = tmp_path / "out"
    with pytest.raises(PressroomError) as caught:
        Converter(out, ("html", "json")).convert_file(folder)
    assert "bomb.png" in caught.value.one_line() and str(folder) in caught.value.one_line()
    assert not out.exists() or not any(out.iterdir())


# ---------------------------------------------------------------------- renditions


def test_renditions_are_srgb_sized_stripped_and_deterministic() -> None:
    image = Image.new("CMYK", (3000, 2000), (0, 100, 200, 10))
    data = jpeg(image, xmp=xmp_packet("cap"), exif={0x010F: "SecretCam", 0x8298: "© X"})
    first = render(open_image(data, "p.jpg"), "p.jpg", "© X AB", "Foto: Y")
    second = render(open_image(data, "p.jpg"), "p.jpg", "© X AB", "Foto: Y")
    assert [d for _, d in first] == [d for _, d in second]
    sizes = {r.name: (r.width, r.height) for r, _ in first}
    assert sizes == {"print": (2000, 1333), "web": (1200, 800), "thumb": (320, 213)}
    for rendition, rendered in first:
        assert rendition.size == len(rendered) and rendition.href == f"media/p.{rendition.name}.jpg"
        out = Image.open(io.BytesIO(rendered))
        assert out.format == "JPEG" and out.mode == "RGB" and out.size == (rendition.width, rendition.height)
        exif = out.getexif()
        assert exif.get(EXIF_COPYRIGHT) == "(c) X AB" and 0x010F not in exif
        assert "xmp" not in out.info and b"Photoshop" not in rendered


def test_small_pictures_are_not_enlarged_and_alpha_is_flattened() -> None:
    image = Image.new("RGBA", (300, 200), (255, 0, 0, 0))
    rendered = render(open_image(png(image), "t.png"), "t.png", None, None)
    assert {(r.width, r.height) for r, _ in rendered} == {(300, 200)}
    pixel = Image.open(io.BytesIO(rendered[0][1])).getpixel((10, 10))
    assert all(c > 245 for c in pixel)  # transparent → white, not black


# ---------------------------------------------------------------------- sidecars and review


def test_sidecar_wins_over_embedded_and_orders_the_pictures() -> None:
    a = jpeg(photo(300, 200), iim=iim_app13("Embedded caption", "Embedded credit"))
    b = png(photo(300, 200))
    toml = b'[[picture]]\nfile = "b.png"\nalt = "B alt"\n\n[[picture]]\nfile = "a.jpg"\ncaption = "Written caption"\n' \
           b'alt = "A alt"\nrole = "lead"\n'
    prepared = prepare([("a.jpg", a), ("b.png", b)], toml)
    assert [p.file for p in prepared.pictures] == ["a.jpg", "b.png"]
    first = prepared.pictures[0]
    assert (first.role, first.caption, first.credit, first.alt) == ("lead", "Written caption", "Embedded credit",
                                                                    "A alt")
    assert prepared.pictures[1].role == "other" and not prepared.reasons
    assert len(prepared.files) == 6


def test_per_image_sidecar_and_missing_alt_is_a_review_reason() -> None:
    prepared = prepare([("x.jpg", jpeg(photo(300, 200))), ("y.jpg", jpeg(photo(300, 200)))],
                       sidecars={"x.jpg": b'alt = "X alt"\ncredit = "Foto: Z"\n'})
    assert prepared.pictures[0].alt == "X alt" and prepared.pictures[0].credit == "Foto: Z"
    assert len(prepared.reasons) == 1 and "y.jpg" in prepared.reasons[0] and "alt" in prepared.reasons[0]


@pytest.mark.parametrize("toml", [b'[[picture]]\nfile = "nope.jpg"\n', b"[[picture]]\nfile = 3\n",
                                  b'[[picture]]\nfile = "a.jpg"\ncolour = "red"\n', b"not = [toml"])
def test_bad_media_toml_is_one_clear_line(toml: bytes) -> None:
    with pytest.raises(PressroomError) as caught:
        prepare([("a.jpg", jpeg(photo(100, 100)))], toml)
    assert caught.value.stage == "media" and "media.toml" in caught.value.one_line()


def test_folder_needs_exactly_one_release_file(tmp_path: Path) -> None:
    folder = three_photo_folder(tmp_path)
    (folder / "other.txt").write_text("x", encoding="utf-8")
    with pytest.raises(PressroomError, match="exactly one release file"):
        read_folder(folder, 10**6)
    (folder / "other.txt").unlink()
    (folder / "link.jpg").symlink_to("/etc/passwd")
    assert "link.jpg" not in {name for name, _ in read_folder(folder, 10**6).images}


# ---------------------------------------------------------------------- the folder route, end to end


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pictures")
    folder = three_photo_folder(root / "in")
    result = Converter(root / "out", ("html", "pdf", "xml", "json")).convert_file(folder)
    return result.folder


def test_folder_converts_with_renditions_beside_the_outputs(converted: Path) -> None:
    release = Release.from_dict(__import__("json").loads((converted / "release.json").read_text(encoding="utf-8")))
    assert [p.file for p in release.pictures] == ["park.jpg", "anna-berg.jpg", "karta.png"]
    park, anna, karta = release.pictures
    assert park.role == "lead" and park.caption == "Vindkraftsparken vid Luleå i gryningen."  # from IPTC IIM
    assert park.credit == "Foto: Lisa Holm" and park.rights == "© Nordkraft AB"
    assert anna.alt == "Porträtt av Anna Berg" and anna.credit == "Foto: Per Lund"  # from XMP
    assert karta.caption == "Parken ligger 20 km norr om Luleå."  # from media.toml (the PNG has none)
    assert not release.review.reasons
    for picture in release.pictures:
        for rendition in picture.renditions:
            data = (converted / rendition.href).read_bytes()
            assert len(data) == rendition.size and Image.open(io.BytesIO(data)).size == (rendition.width,
                                                                                         rendition.height)


def test_html_shows_the_web_renditions_and_reads_back(converted: Path) -> None:
    html = (converted / "release.html").read_text(encoding="utf-8")
    back = read_html(html)
    assert [p.file for p in back.pictures] == ["park.jpg", "anna-berg.jpg", "karta.png"]
    assert 'src="media/park.web.jpg"' in html and 'alt="Vindkraftverk på en höjd vid Luleå"' in html
    assert html.index("pr-picture-lead") < html.index('class="pr-body"') < html.index("media/anna-berg.web.jpg")


def test_pdf_has_the_photos_tagged_with_alt_captions_credits_and_is_pdfa(converted: Path) -> None:
    pdf_path = converted / "release.pdf"
    listing = subprocess.run([need("pdfimages"), "-list", str(pdf_path)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert sorted((int(r.split()[3]), int(r.split()[4])) for r in listing) == [(900, 600), (1000, 1400),
                                                                                (2000, 1250)]
    text = " ".join(subprocess.run([need("pdftotext"), str(pdf_path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    for words in ("Vindkraftsparken vid Luleå i gryningen. Foto: Lisa Holm",
                  "Anna Berg, vd för Nordkraft. Foto: Per Lund", "Parken ligger 20 km norr om Luleå. Karta: Nordkraft"):
        assert words in text
    assert text.index("Foto: Lisa Holm") < text.index("LULEÅ")  # the lead photo is above the body
    with pikepdf.open(pdf_path) as pdf:
        alts = []
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    alts.append(str(node.get("/Alt")))
                kids = node.get("/K")
                stack.extend(list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else [])
        for alt in ("Vindkraftverk på en höjd vid Luleå", "Porträtt av Anna Berg",
                    "Karta över parkens läge norr om Luleå"):
            assert alt in alts
    pdfa = pytest.importorskip("pikepdf.pdfa")
    report = pdfa.validate_written(io.BytesIO(pdf_path.read_bytes()), "3b")
    assert not [f for f in report.findings if f.kind == "violation"]


def test_folder_route_writes_a_valid_package_beside_release_xml(converted: Path, xsd: Path) -> None:
    from lxml import etree

    from pipeline.validate import lint_newsml, safe_parser, validate_newsml

    package = (converted / "release.package.xml").read_bytes()
    assert validate_newsml(package, xsd) == [] and lint_newsml(package) == []
    root = etree.fromstring(package, safe_parser())
    n = {"n": "http://iptc.org/std/nar/2006-10-01/"}
    assert len(root.findall("n:itemSet/n:newsItem/n:itemMeta/n:itemClass[@qcode='ninat:picture']", n)) == 3
    assert len(root.findall(".//n:itemRef", n)) == 4
    assert b"ninat:picture" not in (converted / "release.xml").read_bytes()  # the text item stays text only


def test_same_folder_gives_the_same_renditions(converted: Path, tmp_path: Path) -> None:
    again = Converter(tmp_path, ("html", "json")).convert_file(three_photo_folder(tmp_path / "in"))
    for path in sorted((converted / "media").iterdir()):
        assert (again.folder / "media" / path.name).read_bytes() == path.read_bytes()


def test_rerender_from_edited_html_keeps_the_pictures(converted: Path, tmp_path: Path) -> None:
    work = tmp_path / "copy"
    shutil.copytree(converted, work)
    html = (work / "release.html").read_text(encoding="utf-8").replace("Foto: Per Lund", "Foto: Per Lund/TT")
    release = read_html(html)
    result = Converter(work, ("pdf", "json")).convert_release(release, html.encode(), "release.html", folder=work)
    data = __import__("json").loads((result.folder / "release.json").read_text(encoding="utf-8"))
    assert data["pictures"][1]["credit"] == "Foto: Per Lund/TT"
    text = subprocess.run([need("pdftotext"), str(work / "release.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Per Lund/TT" in text
    (work / "media" / "karta.print.jpg").unlink()
    with pytest.raises(PressroomError, match=r"karta\.print\.jpg"):
        Converter(work, ("pdf",)).convert_release(release, html.encode(), "release.html", folder=work)


def test_cli_convert_finds_release_folders_in_an_input_folder(tmp_path: Path) -> None:
    from pipeline.cli import iter_sources

    inbox = tmp_path / "input"
    three_photo_folder(inbox)
    (inbox / "plain.txt").write_text("x", encoding="utf-8")
    assert [p.name for p in iter_sources([inbox])] == ["plain.txt", "vindpark"]
    (inbox / "stray.png").write_bytes(png(photo(50, 50)))  # a drop folder with an image is still walked
    (inbox / "second.txt").write_text("y", encoding="utf-8")
    assert [p.name for p in iter_sources([inbox])] == ["plain.txt", "second.txt", "vindpark"]
    assert [p.name for p in iter_sources([inbox / "vindpark"])] == ["vindpark"]


# ---------------------------------------------------------------------- .docx / .eml routes


def test_docx_pictures_with_their_captions_and_alt_text(tmp_path: Path, xsd: Path) -> None:
    from pictures_support import docx_with_pictures

    from pipeline.validate import lint_newsml, validate_newsml

    data = docx_with_pictures(tmp_path / "doc")
    source = tmp_path / "release.docx"
    source.write_bytes(data)
    result = Converter(tmp_path / "out", ("html", "pdf", "xml", "json")).convert_file(source)
    pictures = result.release.pictures
    assert len(pictures) == 2
    park, karta = pictures
    assert park.caption == "Vindkraftsparken vid Luleå i gryningen." and park.alt  # the figure's caption
    assert park.credit == "Foto: Lisa Holm" and park.rights == "© Nordkraft AB"  # from the photo's IPTC IIM
    assert karta.alt == "Karta över parkens läge" and karta.caption is None
    assert all("Vindkraftsparken vid Luleå i gryningen" not in b.text for b in result.release.body
               if hasattr(b, "text"))  # the caption is not body text
    package = (result.folder / "release.package.xml").read_bytes()
    assert validate_newsml(package, xsd) == [] and lint_newsml(package) == []
    listing = subprocess.run([need("pdfimages"), "-list", str(result.folder / "release.pdf")], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    assert len(listing) == 2


def test_eml_image_attachments_become_pictures(tmp_path: Path, xsd: Path) -> None:
    from pictures_support import eml_with_pictures

    from pipeline.validate import lint_newsml, validate_newsml

    source = tmp_path / "release.eml"
    source.write_bytes(eml_with_pictures())
    result = Converter(tmp_path / "out", ("html", "pdf", "xml", "json")).convert_file(source)
    by_file = {p.file: p for p in result.release.pictures}
    assert set(by_file) == {"park.jpg", "anna_berg.jpg"}  # the hostile name is made safe
    assert by_file["park.jpg"].alt == "Vindkraftverk på en höjd"  # Content-Description
    assert by_file["park.jpg"].caption == "Parken i gryningen." and by_file["park.jpg"].credit == "Foto: Lisa Holm"
    assert any("anna_berg.jpg" in r and "alt" in r for r in result.release.review.reasons)
    assert result.release.review.needs_review
    assert (result.folder / "media" / "anna_berg.web.jpg").is_file()
    package = (result.folder / "release.package.xml").read_bytes()
    assert validate_newsml(package, xsd) == [] and lint_newsml(package) == []


def test_convert_release_as_the_watcher_calls_it_finds_the_eml_pictures(tmp_path: Path) -> None:
    """The watcher and `serve` call `convert_release` with the source bytes: the pictures come along."""
    from pictures_support import eml_with_pictures

    from pipeline.reader import read_release

    data = eml_with_pictures()
    release = read_release(data, "release.eml")
    assert release.pictures == []
    target = tmp_path / "out" / "folder"
    result = Converter(tmp_path / "out", ("html", "json")).convert_release(release, data, "release.eml",
                                                                           folder=target)
    assert {p.file for p in result.release.pictures} == {"park.jpg", "anna_berg.jpg"}
    assert (target / "media" / "park.print.jpg").is_file()
