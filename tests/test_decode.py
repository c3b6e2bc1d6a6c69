import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.decode import MAX_BYTES, decode
from pipeline.errors import PressroomError

TEXT = "Pressmeddelande – Länsstyrelsen i Stockholms län\n\n”Vi säger åäö”, säger Åsa.\n"


@pytest.mark.parametrize("encoding,label", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-le", "utf-16"),
    ("utf-16-be", "utf-16"), ("cp1252", "cp1252"),
])
def test_decodes_common_encodings_and_reports_which(encoding, label):
    decoded = decode(TEXT.encode(encoding))
    assert decoded.text == TEXT
    assert decoded.encoding == label


def test_latin1_only_bytes_are_read_as_western_european():
    text = "Übersicht: Straße, Größe, Ökonomie\n"
    assert decode(text.encode("latin-1")).text == text


@pytest.mark.parametrize("data,words", [
    (b"", "empty"),
    (b"  \n\t\r\n ", "whitespace"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG"),
    (b"%PDF-1.7\n" + bytes(100), "PDF"),
    (b"PK\x03\x04" + bytes(100), "ZIP"),
    (bytes(range(256)) * 4, "not valid"),
    (b"Headline\n\n" + b"\x01\x02\x03\x04" * 100, "binary"),
])
def test_refuses_what_is_not_text_with_a_reason(data, words):
    with pytest.raises(PressroomError) as info:
        decode(data)
    assert info.value.stage == "decode"
    assert words.lower() in info.value.reason.lower()
    assert info.value.hint


def test_refuses_huge_files_without_decoding_them():
    with pytest.raises(PressroomError, match="MB"):
        decode(b"a" * (MAX_BYTES + 1))


def test_bad_utf8_after_bom_is_an_error_not_garbage():
    with pytest.raises(PressroomError, match="byte-order mark"):
        decode(codecs.BOM_UTF8 + b"ok \xff\xfe\xfd broken")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1))
def test_any_unicode_text_roundtrips_through_utf8(text):
    if not text.strip():
        return
    assert decode(text.encode("utf-8")).text == text


@given(st.binary(max_size=2000))
def test_never_crashes_on_arbitrary_bytes(data):
    try:
        decoded = decode(data)
    except PressroomError as exc:
        assert exc.reason
    else:
        assert decoded.text.strip()
