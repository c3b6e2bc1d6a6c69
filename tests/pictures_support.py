"""Press photos made in the test, with and without embedded IPTC IIM / XMP / EXIF metadata.

The IIM block is assembled here byte by byte because no maintained library writes it
(that is a test fixture writer; reading goes through Pillow in pipeline/pictures/metadata.py).
"""

from __future__ import annotations

import io
import struct
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, PngImagePlugin


def photo(width: int = 1600, height: int = 1000, colour: tuple[int, int, int] = (40, 90, 160),
          label: str = "") -> Image.Image:
    """A picture with structure (gradient, shapes, a label) so scaling and encoding do real work."""
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    for x in range(0, width, max(1, width // 40)):
        draw.line([(x, 0), (x, height)], fill=(colour[0], (x * 255) // width, colour[2]), width=max(1, width // 80))
    draw.ellipse([width // 4, height // 4, 3 * width // 4, 3 * height // 4], fill=(240, 200, 60))
    if label:
        draw.text((width // 10, height // 10), label, fill=(255, 255, 255))
    return image


def xmp_packet(caption: str | None = None, credit: str | None = None, rights: str | None = None,
               alt: str | None = None) -> bytes:
    def alt_lang(tag: str, text: str | None) -> str:
        return f"<{tag}><rdf:Alt><rdf:li xml:lang=\"x-default\">{text}</rdf:li></rdf:Alt></{tag}>" if text else ""

    body = (alt_lang("dc:description", caption) + alt_lang("dc:rights", rights)
            + alt_lang("Iptc4xmpCore:AltTextAccessibility", alt)
            + (f"<photoshop:Credit>{credit}</photoshop:Credit>" if credit else ""))
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        ' xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/">'
        f"{body}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
    ).encode()


def iim_app13(caption: str | None = None, credit: str | None = None, rights: str | None = None) -> bytes:
    """A JPEG APP13 segment: Photoshop 3.0 image resource 0x0404 holding IPTC IIM datasets (UTF-8)."""
    datasets = b"\x1c\x01\x5a\x00\x03\x1b\x25\x47"  # 1:90 coded character set = UTF-8
    for number, text in ((120, caption), (110, credit), (116, rights)):
        if text:
            value = text.encode("utf-8")
            datasets += b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(value)) + value
    if len(datasets) % 2:
        datasets += b"\x00"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(datasets)) + datasets
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def jpeg(image: Image.Image, *, xmp: bytes | None = None, iim: bytes | None = None,
         exif: dict[int, str] | None = None, quality: int = 92) -> bytes:
    buffer = io.BytesIO()
    options: dict = {"quality": quality}
    if xmp:
        options["xmp"] = xmp
    if exif:
        data = Image.Exif()
        for tag, value in exif.items():
            data[tag] = value
        options["exif"] = data.tobytes()
    image.save(buffer, "JPEG", **options)
    data = buffer.getvalue()
    if iim:
        data = data[:2] + iim + data[2:]  # right after SOI; readers scan every APPn
    return data


def png(image: Image.Image, *, xmp: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    if xmp:
        info.add_itxt("XML:com.adobe.xmp", xmp.decode("utf-8"))
    image.save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


RELEASE_TEXT = """PRESSMEDDELANDE
2026-03-02

Nordkraft öppnar ny vindkraftspark i Luleå

LULEÅ – Nordkraft AB öppnar i dag sin största vindkraftspark hittills, med 40 verk som ska ge el till 60 000 hushåll.

– Det här är en milstolpe för oss, säger Anna Berg, vd för Nordkraft.

Parken byggdes på två år och invigs av landshövdingen.

För mer information kontakta:
Jon Ek, presschef, 070-123 45 67, jon.ek@nordkraft.example

Om Nordkraft
Nordkraft AB producerar förnybar el i norra Sverige.
"""


def three_photo_folder(root: Path, *, media_toml: bool = True) -> Path:
    """A release folder: text, one JPEG with IPTC IIM + EXIF, one JPEG with XMP, one PNG with none."""
    folder = root / "vindpark"
    folder.mkdir(parents=True)
    (folder / "release.txt").write_text(RELEASE_TEXT, encoding="utf-8")
    (folder / "park.jpg").write_bytes(jpeg(photo(2400, 1500, (30, 80, 150), "park"),
                                           iim=iim_app13("Vindkraftsparken vid Luleå i gryningen.",
                                                         "Foto: Lisa Holm", "© Nordkraft AB"),
                                           exif={0x8298: "Nordkraft AB", 0x010F: "CameraMaker"}))
    (folder / "anna-berg.jpg").write_bytes(jpeg(photo(1000, 1400, (120, 60, 60), "portrait"),
                                                xmp=xmp_packet("Anna Berg, vd för Nordkraft.", "Foto: Per Lund",
                                                               "© Per Lund", alt="Porträtt av Anna Berg")))
    (folder / "karta.png").write_bytes(png(photo(900, 600, (60, 120, 60), "map")))
    if media_toml:
        (folder / "media.toml").write_text(
            '[[picture]]\nfile = "park.jpg"\nalt = "Vindkraftverk på en höjd vid Luleå"\nrole = "lead"\n\n'
            '[[picture]]\nfile = "anna-berg.jpg"\n\n'
            '[[picture]]\nfile = "karta.png"\nalt = "Karta över parkens läge norr om Luleå"\n'
            'caption = "Parken ligger 20 km norr om Luleå."\ncredit = "Karta: Nordkraft"\n', encoding="utf-8")
    return folder


def docx_with_pictures(folder: Path) -> bytes:
    """RELEASE_TEXT as a .docx (pandoc, outside the sandbox, from Markdown) with two pictures:
    one a figure with a caption and alt text (Word's descr), one inline with alt text only."""
    from pipeline.formats.pandoc import pandoc_path

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "park.jpg").write_bytes(jpeg(photo(1800, 1200, (30, 80, 150)),
                                           iim=iim_app13(None, "Foto: Lisa Holm", "© Nordkraft AB")))
    (folder / "karta.png").write_bytes(png(photo(600, 400, (60, 120, 60))))
    body = RELEASE_TEXT.replace(
        "Parken byggdes på två år",
        "![Vindkraftsparken vid Luleå i gryningen.](park.jpg)\n\n"
        "Kartan visar läget: ![Karta över parkens läge](karta.png)\n\nParken byggdes på två år")
    (folder / "release.md").write_text(body, encoding="utf-8")
    subprocess.run([pandoc_path(), "-f", "markdown", "release.md", "-o", "release.docx"], cwd=folder, check=True)
    return (folder / "release.docx").read_bytes()


def eml_with_pictures() -> bytes:
    """RELEASE_TEXT as a text/plain mail with two photo attachments (one with Content-Description)."""
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"] = "Nordkraft öppnar ny vindkraftspark i Luleå"
    message["From"] = "press@nordkraft.example"
    message["To"] = "desk@news.example"
    message.set_content(RELEASE_TEXT)
    message.add_attachment(jpeg(photo(1600, 1000), xmp=xmp_packet("Parken i gryningen.", "Foto: Lisa Holm")),
                           maintype="image", subtype="jpeg", filename="park.jpg")
    message.add_attachment(jpeg(photo(800, 1000, (120, 60, 60))), maintype="image", subtype="jpeg",
                           filename="../../anna berg.jpg")
    message.get_payload()[1]["Content-Description"] = "Vindkraftverk på en höjd"
    return message.as_bytes()
