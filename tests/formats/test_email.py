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
