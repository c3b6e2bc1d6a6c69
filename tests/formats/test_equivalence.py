"""The same release as .txt and as .md/.docx/.odt/.rtf/.html/.eml parses to the same Release.

"Same" is the whole Release except `source` (file name, hash and format label differ by
construction): headline, organization, type, date, dateline, lead, every body block
(quotes with speaker and role, the list, the subheading), contacts, boilerplate, end mark.
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.formats import to_release_text
from pipeline.reader import read_release

from .conftest import EN_MD, EN_TXT, SEED, make_email, pandoc_build, seed_markdown

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADLINE = "Northwind Energy opens Europe's largest battery park in Västerås"


def _comparable(release: Any) -> dict[str, Any]:
    data = release.to_dict()
    data.pop("source")
    return data


@pytest.fixture(scope="module")
def en_txt_release() -> dict[str, Any]:
    return _comparable(read_release(EN_TXT.encode("utf-8"), "release.txt"))


def test_the_txt_twin_is_a_full_release(en_txt_release: dict[str, Any]):
    """Guard: the fixture exercises every part we compare (else equality proves little)."""
    r = en_txt_release
    assert r["headline"] == HEADLINE
    assert r["issued"] == "2024-03-14T09:00:00+01:00"
    kinds = [b["type"] for b in r["body"]]
    assert kinds[0] == "paragraph" and r["body"][0]["lead"]
    assert {"quote", "list", "subheading"} <= set(kinds)
    assert [b["speaker"] for b in r["body"] if b["type"] == "quote"] == ["Anna Lindqvist", "Erik Svensson"]
    assert any(c["email"] == "karin.berg@northwind.example" for c in r["contacts"])
    assert r["boilerplate"] and r["end_mark"] == "###"


@pytest.mark.parametrize("fmt", ["md", "docx", "odt", "rtf", "html"])
def test_document_formats_equal_the_txt(fmt: str, en_txt_release: dict[str, Any]):
    data = EN_MD.encode("utf-8") if fmt == "md" else pandoc_build(EN_MD, fmt)
    release = read_release(data, f"release.{fmt}")
    assert _comparable(release) == en_txt_release
    label = {"md": "markdown"}.get(fmt, fmt)
    assert release.source.encoding == label
    assert release.source.filename == f"release.{fmt}"


@pytest.mark.parametrize("fmt", ["md", "docx", "odt", "rtf", "html"])
def test_the_swedish_reference_release_in_every_format(fmt: str):
    """The seed (dash quotes, multi-line contact cards) survives every format too."""
    base = _comparable(read_release(SEED.read_bytes(), SEED.name))
    markdown = seed_markdown()
    data = markdown.encode("utf-8") if fmt == "md" else pandoc_build(markdown, fmt)
    assert _comparable(read_release(data, f"seed.{fmt}")) == base


@pytest.mark.parametrize("shape", ["plain", "plain+html", "html-only", "flowed", "subject-only-headline",
                                   "attached-docx", "attached-odt", "attached-txt"])
def test_email_shapes_equal_the_txt(shape: str, en_txt_release: dict[str, Any], en_docx: bytes, en_odt: bytes):
    html = pandoc_build(EN_MD, "html").decode("utf-8")
    note = "Hello,\n\nplease find our press release attached.\n\n-- \nKarin Berg\n"
    if shape == "plain":
        eml = make_email(HEADLINE, EN_TXT)
    elif shape == "plain+html":
        eml = make_email(HEADLINE, EN_TXT, html=html)
    elif shape == "html-only":
        eml = make_email(f"Fwd: {HEADLINE}", html=html)
    elif shape == "flowed":
        eml = make_email(HEADLINE, EN_TXT, flowed=True)
    elif shape == "subject-only-headline":  # the body lacks the headline: the subject supplies it
        eml = make_email(HEADLINE, EN_TXT.replace(HEADLINE + "\n\n", ""))
    elif shape == "attached-docx":
        eml = make_email("Press release", note, attachments=(("release.docx", en_docx, DOCX_MIME),))
    elif shape == "attached-odt":
        eml = make_email("Press release", note,
                         attachments=(("release.odt", en_odt, "application/vnd.oasis.opendocument.text"),))
    else:
        eml = make_email("Press release", note, attachments=(("release.txt", EN_TXT.encode(), "text/plain"),))
    release = read_release(eml, "release.eml")
    assert _comparable(release) == en_txt_release
    assert release.source.encoding.startswith("eml")


def test_attached_docx_wins_over_a_txt_attachment_and_the_body(en_docx: bytes):
    eml = make_email("Press release", "Cover note only.", attachments=(
        ("notes.txt", b"Some internal notes\n", "text/plain"), ("release.docx", en_docx, DOCX_MIME)))
    source = to_release_text(eml, "mail.eml")
    assert source.label == "eml/docx"
    assert HEADLINE in source.text and "Cover note" not in source.text


def test_a_word_release_renamed_txt_is_read_as_word(en_docx: bytes, en_txt_release: dict[str, Any]):
    release = read_release(en_docx, "release.txt")
    assert release.source.encoding == "docx"
    assert _comparable(release) == en_txt_release


def test_an_editors_docx_output_reads_back_to_the_same_release(tmp_path, en_txt_release: dict[str, Any]):
    """`--formats docx,odt` output dropped back into the input folder gives the same release."""
    from pipeline.convert import Converter

    result = Converter(tmp_path / "out", ("html", "docx", "odt")).convert_bytes(EN_TXT.encode(), "release.txt")
    for fmt in ("docx", "odt"):
        data = (result.folder / f"release.{fmt}").read_bytes()
        assert _comparable(read_release(data, f"edited.{fmt}")) == en_txt_release


def test_a_contact_card_typed_with_enter_instead_of_shift_enter(en_txt_release: dict[str, Any]):
    """Word users often end every card line with Enter: one paragraph per line, still one contact."""
    markdown = EN_MD.replace("\\\n", "\n\n")
    assert _comparable(read_release(pandoc_build(markdown, "docx"), "release.docx")) == en_txt_release
