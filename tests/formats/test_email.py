"""E-mail specifics: subject handling, signatures, forwards, flowed text, bad messages."""

from __future__ import annotations

import pytest

from pipeline.errors import PressroomError
from pipeline.formats import to_release_text
from pipeline.formats.email import clean_subject, strip_mail_furniture, unflow, with_subject

from .conftest import make_email


def test_reply_and_forward_prefixes_are_removed_from_the_subject():
    assert clean_subject("Fwd: RE: VB: New park opens") == "New park opens"
    assert clean_subject("AW:  WG: Neuer Park\n eröffnet") == "Neuer Park eröffnet"
    assert clean_subject("") is None


def test_the_subject_is_added_only_when_the_body_lacks_it():
    body = "Northwind Energy AB\n\nPress release • March 14, 2024\n\nThe lead paragraph is here.\n"
    assert with_subject(body, "New park") == (
        "Northwind Energy AB\n\nNew park\n\nPress release • March 14, 2024\n\nThe lead paragraph is here.\n")
    assert with_subject("Lead paragraph that is long enough to be one.\n", "New park").startswith("New park\n\n")
    assert with_subject("Org\n\nNew park\n\nLead.\n", "New park") == "Org\n\nNew park\n\nLead.\n"
    body = "Org\n\nNorthwind opens a battery park\n\nLead.\n"
    assert with_subject(body, "Press release: Northwind opens a battery park") == body


def test_signature_and_forward_header_are_cut():
    text = ("---------- Forwarded message ---------\nFrom: A <a@x>\nDate: Thu, 14 Mar 2024\nSubject: X\n"
            "To: b@y\n\nHeadline\n\nLead.\n-- \nKarin\n+46 70 000 00 00\n")
    assert strip_mail_furniture(text).strip() == "Headline\n\nLead."


def test_format_flowed_lines_are_joined():
    assert unflow("one two \nthree\n\nnext", delsp=False) == "one two three\n\nnext"
    assert unflow("ab\ncd", delsp=False) == "ab\ncd"


def test_a_message_with_no_text_part_is_refused():
    eml = make_email("Photo", None, attachments=(("photo.png", b"\x89PNG\r\n\x1a\n", "image/png"),))
    with pytest.raises(PressroomError) as err:
        to_release_text(eml, "photo.eml")
    assert err.value.stage == "email"
    assert "no text part" in err.value.reason or "empty" in err.value.reason


def test_a_broken_attached_release_says_which_attachment():
    eml = make_email("Release", "See attachment.", attachments=(
        ("release.docx", b"PK\x03\x04 not really", "application/octet-stream"),))
    with pytest.raises(PressroomError, match=r"attached release release.docx cannot be read: .*corrupt"):
        to_release_text(eml, "mail.eml")


def test_an_encoded_subject_and_latin1_body_are_decoded():
    eml = ("From: a@x.example\nTo: b@y.example\nSubject: =?utf-8?q?V=C3=A4ster=C3=A5s_park?=\n"
           "Message-ID: <1@x>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=iso-8859-1\n"
           "Content-Transfer-Encoding: 8bit\n\nV\xe4ster\xe5s park opens.\n").encode("latin-1")
    source = to_release_text(eml, "m.eml")
    assert source.headline_hint == "Västerås park"
    assert source.text == "Västerås park\n\nVästerås park opens.\n"


# ---- issue 13 (12): bounded MIME parsing, forwarded-as-attachment releases


def _many_parts(count: int) -> bytes:
    head = (b"From: a@x.example\nTo: b@y.example\nSubject: Parts\nMIME-Version: 1.0\n"
            b'Content-Type: multipart/mixed; boundary="b"\n\n')
    part = b"--b\nContent-Type: text/plain\n\nx\n"
    return head + part * count + b"--b--\n"


def test_a_message_with_50000_parts_is_refused_quickly():
    import time

    eml = _many_parts(50_000)
    started = time.perf_counter()
    with pytest.raises(PressroomError) as err:
        to_release_text(eml, "parts.eml")
    elapsed = time.perf_counter() - started
    assert err.value.stage == "email" and "parts" in err.value.reason
    assert elapsed < 1.5, f"{elapsed:.1f} s to refuse"


def test_a_message_with_a_few_parts_still_reads():
    assert "x" in to_release_text(_many_parts(3), "parts.eml").text


def _forwarded(inner: bytes, cover: str | None = "FYI, see the forwarded release.") -> bytes:
    from email.message import EmailMessage
    from email.parser import BytesParser
    from email.policy import default

    outer = EmailMessage()
    outer["From"] = "Desk <desk@agency.example>"
    outer["To"] = "newsroom@pressroom.example"
    outer["Subject"] = "Fwd: something"
    if cover is not None:
        outer.set_content(cover)
    else:
        outer.make_mixed()
    outer.add_attachment(BytesParser(policy=default).parsebytes(inner))  # message/rfc822
    return bytes(outer)


def test_a_release_forwarded_as_an_attached_message_is_read_from_it():
    release = "Northwind opens battery park\n\nNorthwind Energy AB today opened its first battery park.\n"
    inner = make_email("Northwind opens battery park", release)
    for cover in ("FYI, see the forwarded release.", None):
        source = to_release_text(_forwarded(inner, cover), "fwd.eml")
        assert source.headline_hint == "Northwind opens battery park"
        assert "today opened its first battery park" in source.text
        assert "FYI" not in source.text


def test_forwards_nested_too_deep_are_refused():
    eml = make_email("Release", "Text of the release that is long enough.\n")
    for _ in range(6):
        eml = _forwarded(eml, None)
    with pytest.raises(PressroomError) as err:
        to_release_text(eml, "deep.eml")
    assert err.value.stage == "email" and "nested" in err.value.reason
