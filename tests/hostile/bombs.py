"""Compression bombs made in milliseconds: a zlib stream of N MiB of zeros without compressing N MiB."""

from __future__ import annotations

import struct
import zlib

MIB = 1 << 20


def zeros_zlib(mib: int) -> bytes:
    """A valid zlib stream that inflates to `mib` MiB of zero bytes (about 1 KB per MiB).

    After a full flush the compressor starts afresh, so every further MiB compresses to the
    same bytes: the stream is the first MiB, that piece repeated, an empty final block and the
    Adler-32 of the whole (right, so strict decoders accept it).
    """
    chunk = bytes(MIB)
    c = zlib.compressobj(9)
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    adler = ((mib * MIB) % 65521) << 16 | 1  # zeros leave Adler-32's sum A at 1, so B is just the length
    return first + again * (mib - 1) + b"\x03\x00" + struct.pack(">I", adler)


def raw_pdf_with_attachment(name: str, encoded: bytes, filters: str) -> bytes:
    """A PDF written byte by byte (no library re-encodes the stream): one page, one embedded file
    whose stream holds `encoded` under the filter array `filters`, e.g. "[/FlateDecode /FlateDecode]"."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(" + name.encode("latin-1")
        + b") 4 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        b"<< /Type /Filespec /F (" + name.encode("latin-1") + b") /EF << /F 5 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length " + str(len(encoded)).encode() + b" /Filter " + filters.encode()
        + b" >>\nstream\n" + encoded + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
