"""Hostile and broken Office/OpenDocument files are refused before pandoc reads them."""

from __future__ import annotations

import io
import zipfile

import pytest

from pipeline.errors import PressroomError
from pipeline.formats import safety
from pipeline.formats.safety import check_container


def _rewrite(docx: bytes, changes: dict[str, bytes | None], extra: dict[str, bytes] | None = None) -> bytes:
    """A copy of a .docx with some members replaced (None = removed) or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in changes:
                if changes[info.filename] is not None:
                    dst.writestr(info.filename, changes[info.filename])
                continue
            dst.writestr(info, src.read(info))
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def _refusal(data: bytes, fmt: str = "docx") -> str:
    with pytest.raises(PressroomError) as err:
        check_container(data, fmt)
    assert err.value.hint
    return err.value.one_line()


def test_a_normal_document_passes(en_docx: bytes, en_odt: bytes):
    assert check_container(en_docx, "docx").members > 5
    assert check_container(en_odt, "odt").uncompressed > 0


def test_a_zip_bomb_is_refused_by_its_inflation_ratio(en_docx: bytes):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (20 * 1024 * 1024) + b"</w:document>")
    assert len(bomb.getvalue()) < 100_000
    assert "zip bomb" in _refusal(bomb.getvalue())


def test_a_zip_bomb_is_refused_by_its_total_size(en_docx: bytes, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED", 1024 * 1024)  # the real limit is 200 MB; same code path
    big = _rewrite(en_docx, {}, {"word/media/big.bin": bytes(range(256)) * 8192})
    assert "zip bomb" in _refusal(big)


def test_too_many_members_is_refused(en_docx: bytes):
    many = _rewrite(en_docx, {}, {f"word/media/{i}.xml": b"<a/>" for i in range(safety.MAX_MEMBERS)})
    assert "parts" in _refusal(many)


def test_a_truncated_document_is_corrupt(en_docx: bytes):
    assert "corrupt" in _refusal(en_docx[: len(en_docx) // 2])


def test_a_document_without_its_body_is_corrupt(en_docx: bytes):
    assert "document.xml is missing" in _refusal(_rewrite(en_docx, {"word/document.xml": None}))


def test_an_encrypted_odt_is_password_protected(en_odt: bytes):
    with zipfile.ZipFile(io.BytesIO(en_odt)) as archive:
        manifest = archive.read("META-INF/manifest.xml")
    locked = manifest.replace(b"</manifest:manifest>",
                              b'<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
                              b"</manifest:file-entry></manifest:manifest>")
    assert "password-protected" in _refusal(_rewrite(en_odt, {"META-INF/manifest.xml": locked}), "odt")


def test_an_external_image_is_refused(en_docx: bytes):
    with zipfile.ZipFile(io.BytesIO(en_docx)) as archive:
        rels = archive.read("word/_rels/document.xml.rels")
    remote = rels.replace(b"</Relationships>", b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/'
                          b'officeDocument/2006/relationships/image" Target="http://tracker.example/pixel.png" '
                          b'TargetMode="External"/></Relationships>')
    message = _refusal(_rewrite(en_docx, {"word/_rels/document.xml.rels": remote}))
    assert "external picture" in message and "tracker.example" in message


def test_a_remote_template_is_refused(en_docx: bytes):
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/attachedTemplate" Target="https://evil.example/t.dotm" '
            b'TargetMode="External"/></Relationships>')
    message = _refusal(_rewrite(en_docx, {}, {"word/_rels/settings.xml.rels": rels}))
    assert "remote template" in message


def test_external_hyperlinks_are_fine(en_docx: bytes):
    with zipfile.ZipFile(io.BytesIO(en_docx)) as archive:
        rels = archive.read("word/_rels/document.xml.rels")
    assert b'TargetMode="External"' in rels  # pandoc wrote the release's links this way
    check_container(en_docx, "docx")


def test_an_external_odt_image_is_refused(en_odt: bytes):
    with zipfile.ZipFile(io.BytesIO(en_odt)) as archive:
        content = archive.read("content.xml")
    linked = content.replace(b"</office:text>", b'<text:p><draw:frame><draw:image xlink:href="http://x.example/a.png"/>'
                             b"</draw:frame></text:p></office:text>")
    assert "external image" in _refusal(_rewrite(en_odt, {"content.xml": linked}), "odt")


def test_a_doctype_in_a_part_is_refused(en_docx: bytes):
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:document/>'
    assert "DOCTYPE" in _refusal(_rewrite(en_docx, {"word/document.xml": evil}))


# ---- issue 13 (9): every spelling of an external reference or DOCTYPE, and lying ZIP headers

_IMAGE = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def _with_rels(en_docx: bytes, rels: bytes) -> bytes:
    return _rewrite(en_docx, {"word/_rels/document.xml.rels": rels})


def test_a_namespace_prefixed_relationship_is_refused(en_docx: bytes):
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><r:Relationships xmlns:r="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><r:Relationship Id="rIdX" Type="' + _IMAGE + b'" '
            b'Target="http://tracker.example/pixel.png" TargetMode="External"/></r:Relationships>')
    assert "tracker.example" in _refusal(_with_rels(en_docx, rels))


def test_an_entity_encoded_target_mode_is_refused(en_docx: bytes):
    with zipfile.ZipFile(io.BytesIO(en_docx)) as archive:
        rels = archive.read("word/_rels/document.xml.rels")
    remote = rels.replace(b"</Relationships>", b'<Relationship Id="rIdX" Type="' + _IMAGE + b'" '
                          b'Target="http://tracker.example/p.png" TargetMode="&#69;xtern&#x61;l"/></Relationships>')
    assert "tracker.example" in _refusal(_with_rels(en_docx, remote))


def test_an_entity_encoded_odt_href_is_refused(en_odt: bytes):
    with zipfile.ZipFile(io.BytesIO(en_odt)) as archive:
        content = archive.read("content.xml")
    linked = content.replace(b"</office:text>", b'<text:p><draw:frame><draw:image xlink:href="&#104;ttp://x.example/a.png"/>'
                             b"</draw:frame></text:p></office:text>")
    assert "x.example" in _refusal(_rewrite(en_odt, {"content.xml": linked}), "odt")


def test_an_odt_href_under_another_prefix_is_refused(en_odt: bytes):
    with zipfile.ZipFile(io.BytesIO(en_odt)) as archive:
        content = archive.read("content.xml")
    linked = content.replace(b"</office:text>", b'<text:p><d:frame xmlns:d="urn:oasis:names:tc:opendocument:'
                             b'xmlns:drawing:1.0" xmlns:l="http://www.w3.org/1999/xlink">'
                             b'<d:image l:href="//x.example/a.png"/>'
                             b"</d:frame></text:p></office:text>")
    assert "x.example" in _refusal(_rewrite(en_odt, {"content.xml": linked}), "odt")


def test_a_doctype_after_the_first_4_kb_is_refused(en_docx: bytes):
    evil = (b'<?xml version="1.0"?>' + b"<!-- " + b"x" * 8192 + b" -->"
            b'<!DOCTYPE w:document SYSTEM "http://dtd.example/x.dtd"><w:document/>')
    assert "DOCTYPE" in _refusal(_rewrite(en_docx, {"word/document.xml": evil}))


def _lying_local_header(en_docx: bytes) -> bytes:
    """word/document.xml whose central directory entry describes a harmless stored body,
    while its local header claims a larger entry: the two views a sequential reader
    (local headers) and zipfile (central directory) get of the file differ."""
    data = bytearray(en_docx)
    with zipfile.ZipFile(io.BytesIO(en_docx)) as archive:
        info = archive.getinfo("word/document.xml")
    offset = info.header_offset
    assert data[offset:offset + 4] == b"PK\x03\x04"
    # compressed size (offset 18) and uncompressed size (offset 22) in the local header
    data[offset + 18:offset + 22] = (info.compress_size + 4096).to_bytes(4, "little")
    data[offset + 22:offset + 26] = (info.file_size * 1000).to_bytes(4, "little")
    return bytes(data)


def test_a_zip_whose_local_headers_lie_about_sizes_is_refused(en_docx: bytes):
    lying = _lying_local_header(en_docx)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:  # zipfile alone is fooled
        assert archive.read("word/document.xml")
    assert "ZIP structure is inconsistent" in _refusal(lying)


def test_hidden_bytes_between_members_are_refused(en_docx: bytes):
    """A local entry the central directory does not list (seen only by a sequential reader)."""
    hidden = io.BytesIO()
    with zipfile.ZipFile(hidden, "w") as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
    raw = hidden.getvalue()
    entry = raw[:raw.index(b"PK\x01\x02")]  # just the local header and data
    with zipfile.ZipFile(io.BytesIO(en_docx)) as archive:
        first = sorted(archive.infolist(), key=lambda i: i.header_offset)[1].header_offset
    # zipfile finds members by the central directory's offsets (kept valid by shifting them)
    spliced = _shift_central_directory(en_docx[:first] + entry + en_docx[first:], first, len(entry))
    with zipfile.ZipFile(io.BytesIO(spliced)) as archive:
        assert archive.testzip() is None
    assert "unlisted bytes" in _refusal(spliced)


def test_members_with_data_descriptors_pass(en_docx: bytes):
    """A ZIP written to a pipe (sizes in a data descriptor after each member) is still fine."""
    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self.data = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, b) -> int:  # type: ignore[override]
            self.data += b
            return len(b)

    pipe = Pipe()
    with zipfile.ZipFile(io.BytesIO(en_docx)) as src, zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
    streamed = bytes(pipe.data)
    with zipfile.ZipFile(io.BytesIO(streamed)) as archive:
        assert all(i.flag_bits & 0x8 for i in archive.infolist())
    assert check_container(streamed, "docx").members > 5


def _shift_central_directory(data: bytes, at: int, by: int) -> bytes:
    """Fix the central directory's offsets of members at or after `at`, and its own offset."""
    out = bytearray(data)
    end = out.rindex(b"PK\x05\x06")
    cd_offset = int.from_bytes(out[end + 16:end + 20], "little") + by
    out[end + 16:end + 20] = cd_offset.to_bytes(4, "little")
    pos = cd_offset
    while out[pos:pos + 4] == b"PK\x01\x02":
        local = int.from_bytes(out[pos + 42:pos + 46], "little")
        if local >= at:
            out[pos + 42:pos + 46] = (local + by).to_bytes(4, "little")
        n, m, k = (int.from_bytes(out[pos + o:pos + o + 2], "little") for o in (28, 30, 32))
        pos += 46 + n + m + k
    return bytes(out)
