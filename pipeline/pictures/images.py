"""Opening a picture file as hostile input: the type by its magic bytes, the size before decoding.

A press photo comes from anyone who can drop a folder or send a mail, so it may be a
decompression bomb (a few KB of PNG that decode to gigapixels), a file of one type named as
another, an SVG with scripts or external references, or garbage. Pillow does the decoding
(it is the imaging library WeasyPrint already depends on); this module decides what Pillow
is allowed to see and turns every refusal into one `PressroomError` line.
"""

from __future__ import annotations

import io
import re
import warnings

from PIL import Image, UnidentifiedImageError

from ..errors import PressroomError

MAX_IMAGE_BYTES = 40 * 1024 * 1024
"""A press photo straight from a camera is 5–25 MB; larger is not a photo for a release."""
MAX_PIXELS = 60_000_000
"""About 9500 × 6300: every current camera fits; a decompression bomb does not."""

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "TIFF": "image/tiff"}
"""What a picture may be (Pillow format name → MIME type)."""

SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".svg")
"""Names that make a file in a release folder a picture (the content still decides the type)."""


def sniff(data: bytes) -> str | None:
    """The Pillow format the magic bytes announce, or None for anything else."""
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    return None


def _looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096].lower()


def open_image(data: bytes, name: str) -> Image.Image:
    """The decoded first frame, or a `PressroomError("media", ...)` saying why not.

    The pixel count is checked from the header before any pixel is decoded; Pillow's own
    bomb warning is made an error too, as a second line of defence.
    """
    if len(data) > MAX_IMAGE_BYTES:
        raise PressroomError("media", f"picture {name} is {len(data) // (1024 * 1024)} MB, more than "
                             f"{MAX_IMAGE_BYTES // (1024 * 1024)} MB", "send a smaller export of the photo")
    kind = sniff(data)
    if kind is None:
        if _looks_like_svg(data):
            raise PressroomError("media", f"picture {name} is SVG, which is not accepted for photos "
                                 "(it can carry scripts and external references)", "export it as PNG")
        raise PressroomError("media", f"picture {name} is not a JPEG, PNG, WebP or TIFF image",
                             "export the photo as JPEG or PNG")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind])
            width, height = image.size
            if width < 1 or height < 1 or width * height > MAX_PIXELS:
                raise PressroomError("media", f"picture {name} is {width} × {height} pixels, more than "
                                     f"{MAX_PIXELS // 1_000_000} megapixels (refused as a possible decompression bomb)",
                                     "resize the photo before sending it")
            image.seek(0)
            image.load()
    except PressroomError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PressroomError("media", f"picture {name} is refused as a possible decompression bomb: {exc}",
                             "resize the photo") from None
    except UnidentifiedImageError:
        raise PressroomError("media", f"picture {name} starts like {kind} but is not a readable {kind} image "
                             "(damaged or crafted)", "open it in an image editor and save it again") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        reason = re.sub(r"\s*<[^>]*object at 0x[0-9a-f]+>", "", str(exc))[:200]  # no Python reprs in the line
        raise PressroomError("media", f"picture {name} cannot be decoded as {kind}: {reason}",
                             "open it in an image editor and save it again") from None
    return image
