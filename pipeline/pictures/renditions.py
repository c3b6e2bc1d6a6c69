"""Print, web and thumbnail renditions of a photo: sRGB JPEGs, upright, rights kept, nothing else.

The print rendition is what the PDF embeds (PDF/A-3b declares an sRGB output intent, so
every picture is converted to sRGB from its own ICC profile); the web one is for the HTML,
the press room and mail; the thumbnail for galleries and feeds. Camera and editor metadata
(GPS position, serial numbers, edit history) is dropped; only the copyright and the credit
travel on, as EXIF Copyright and Artist. The same input gives the same bytes: Pillow's
encoder is deterministic for fixed settings, and nothing here reads the clock.
"""

from __future__ import annotations

import io

from PIL import Image, ImageCms, ImageOps

from ..model import Rendition
from .names import media_href

SIZES = (("print", 2000), ("web", 1200), ("thumb", 320))
"""Longest side in pixels: print fits a full text column at 300 dpi; the brand CSS sets the shown size."""
QUALITY = {"print": 90, "web": 85, "thumb": 80}
EXIF_COPYRIGHT, EXIF_ARTIST = 0x8298, 0x013B


def to_srgb(image: Image.Image) -> Image.Image:
    """An upright RGB image in sRGB: from its ICC profile when it has one, alpha flattened on white."""
    image = ImageOps.exif_transpose(image) or image
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to the plain conversion below
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _exif_text(value: str) -> str:
    """EXIF ASCII tags hold 7-bit text; © and letters outside ASCII become their nearest form."""
    return value.replace("©", "(c)").encode("ascii", "replace").decode("ascii")


def render(image: Image.Image, name: str, rights: str | None, credit: str | None) -> list[tuple[Rendition, bytes]]:
    """Every rendition of `image` as (its model entry, its bytes), largest first."""
    base = to_srgb(image)
    exif = Image.Exif()
    if rights:
        exif[EXIF_COPYRIGHT] = _exif_text(rights)
    if credit:
        exif[EXIF_ARTIST] = _exif_text(credit)
    out = []
    for rendition, longest in SIZES:
        scaled = base.copy()
        if max(scaled.size) > longest:
            scaled.thumbnail((longest, longest), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        scaled.save(buffer, "JPEG", quality=QUALITY[rendition], optimize=False, progressive=False,
                    exif=exif.tobytes() if len(exif) else b"", subsampling=0 if rendition == "print" else 2)
        data = buffer.getvalue()
        out.append((Rendition(rendition, media_href(name, rendition), scaled.width, scaled.height, len(data)), data))
    return out
