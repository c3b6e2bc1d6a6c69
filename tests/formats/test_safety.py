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
