"""Format detection: content first, name second; unreadable containers refused with a reason."""

from __future__ import annotations

import io
import zipfile

import pytest

from pipeline.errors import PressroomError
from pipeline.formats.sniff import OLE2_MAGIC, detect_format

from .conftest import EN_MD, EN_TXT, make_email


def test_documents_are_recognised_by_content_whatever_their_name(en_docx: bytes, en_odt: bytes):
    for name in ("release.docx", "release.txt", "release", "release.odt"):
        assert detect_format(en_docx, name) == "docx"
        assert detect_format(en_odt, name) == "odt"
    assert detect_format(b"{\\rtf1\\ansi hello}", "release.txt") == "rtf"
    assert detect_format(b"\xef\xbb\xbf{\\rtf1 x}", "x") == "rtf"
    assert detect_format(b"<!DOCTYPE html><html><body><p>x</p></body></html>", "release.txt") == "html"
    assert detect_format(b"  <html lang='en'><p>x</p></html>", "x") == "html"
    assert detect_format(make_email("Subject", "Body"), "release.txt") == "eml"


def test_text_formats_without_a_signature_follow_the_name():
    data = EN_MD.encode()
    assert detect_format(data, "release.md") == "markdown"
    assert detect_format(data, "release.markdown") == "markdown"
    assert detect_format(data, "release.txt") == "txt"
    assert detect_format(EN_TXT.encode(), "") == "txt"
    assert detect_format(b"<p>a fragment</p>", "page.htm") == "html"


def test_a_text_release_that_starts_like_headers_is_still_text():
    """'Contact: …' or even 'From: …' at the top of a .txt is not proof of an e-mail."""
    text = b"From: Northwind Energy\nSubject: New park\n\nNorthwind opens a park.\n"
    assert detect_format(text, "release.txt") == "txt"
    assert detect_format(text, "release.eml") == "eml"  # named .eml: the headers are enough


@pytest.mark.parametrize(("data", "name", "words"), [
    (OLE2_MAGIC + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le"), "release.docx", "password-protected"),
    (OLE2_MAGIC + b"\0" * 64 + "WordDocument".encode("utf-16-le"), "release.doc", "Word 97-2003"),
    (OLE2_MAGIC + b"\0" * 64 + "__substg1.0_0037001F".encode("utf-16-le"), "mail.msg", ".msg files are not"),
    (b"PK\x03\x04" + b"\0" * 40, "release.docx", "corrupt"),
    (b"this is not a zip", "release.docx", "not a Word document"),
    (b"plain words", "release.eml", "no e-mail headers"),
])
def test_unreadable_files_are_refused_with_a_reason(data: bytes, name: str, words: str):
    with pytest.raises(PressroomError) as err:
        detect_format(data, name)
    assert words in err.value.one_line()
    assert err.value.hint


def test_a_plain_zip_is_not_a_release():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    with pytest.raises(PressroomError, match=r"ZIP archive, not a \.docx"):
        detect_format(buffer.getvalue(), "release.txt")


def test_an_opendocument_spreadsheet_is_not_a_text_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(PressroomError, match="not a text document"):
        detect_format(buffer.getvalue(), "release.odt")
