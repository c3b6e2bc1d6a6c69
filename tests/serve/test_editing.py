"""The editor form ↔ Release (pure functions), the token rules, and the overview's data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.errors import PressroomError
from pipeline.model import ListBlock, Paragraph, Quote, Subheading
from pipeline.reader import read_release
from pipeline.serve.editing import FormError, field_marks, form_values, release_from_form
from pipeline.serve.settings import TOKEN_ENV, access_token, check_bind, is_loopback

from .conftest import SEED


def _form(release, **changes):
    values = form_values(release)
    form = {k: v for k, v in values.items() if isinstance(v, str)}
    form["body-count"] = str(len(values["body"]))
    for i, b in enumerate(values["body"]):
        form[f"body-{i}-type"] = b["type"]
        form[f"body-{i}-text"] = b["text"]
        if b["type"] == "quote":
            form[f"body-{i}-speaker"], form[f"body-{i}-role"] = b["speaker"], b["role"]
    form["contact-count"] = str(len(values["contacts"]))
    for i, c in enumerate(values["contacts"]):
        for k in ("name", "title", "organization", "phone", "email"):
            form[f"contact-{i}-{k}"] = c[k] or ""
    form["about-count"] = str(len(values["boilerplate"]))
    for i, a in enumerate(values["boilerplate"]):
        form[f"about-{i}-heading"], form[f"about-{i}-text"] = a["heading"] or "", a["text"]
    form.update(changes)
    return form


@pytest.fixture(scope="module")
def seed():
    return read_release(SEED.read_bytes(), SEED.name)


def test_an_unchanged_form_gives_the_same_release(seed) -> None:
    assert release_from_form(seed, _form(seed)) == seed


def test_edits_reach_the_model(seed) -> None:
    quote = [i for i, b in enumerate(seed.body) if isinstance(b, Quote)][-1]
    para = next(i for i, b in enumerate(seed.body) if isinstance(b, Paragraph) and i not in (0, quote))
    edited = release_from_form(seed, _form(
        seed, organization="  Acme\u202eAB  ", issued="2026-12-04T09:30:00+01:00", embargo="2026-12-05",
        **{"body-0-delete": "1", f"body-{quote}-speaker": "Ada Lind", f"body-{quote}-role": "CEO",
           f"body-{len(seed.body)}-type": "list", f"body-{len(seed.body)}-text": "one\ntwo\n",
           f"body-{para}-type": "subheading"}))
    assert edited.organization == "AcmeAB"  # the bidi control removed, as both readers do
    assert edited.issued == dt.datetime(2026, 12, 4, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert edited.embargo == dt.date(2026, 12, 5)
    assert len(edited.body) == len(seed.body)  # one removed, one added
    assert isinstance(edited.body[-1], ListBlock) and edited.body[-1].items == ["one", "two"]
    assert isinstance(edited.body[para - 1], Subheading)
    assert edited.body[para - 1].text == " ".join(seed.body[para].text.split())
    edited_quote = edited.body[quote - 1]
    assert isinstance(edited_quote, Quote) and (edited_quote.speaker, edited_quote.role) == ("Ada Lind", "CEO")
    assert edited_quote.quote == seed.body[quote].quote
    assert edited.source == seed.source and edited.review == seed.review


def test_a_new_quote_block_with_its_speaker(seed) -> None:
    n = len(seed.body)
    edited = release_from_form(seed, _form(seed, **{f"body-{n}-type": "quote", f"body-{n}-text": "“Yes,” says Ada.",
                                                    f"body-{n}-speaker": "Ada Lind", f"body-{n}-role": "CEO"}))
    assert edited.body[-1] == Quote(text="“Yes,” says Ada.", quote="“Yes,” says Ada.", speaker="Ada Lind", role="CEO")


def test_new_contact_gets_its_e164_and_urls_are_collected(seed) -> None:
    n = len(seed.contacts)
    edited = release_from_form(seed, _form(seed, **{f"contact-{n}-name": "Ada Lind",
                                                    f"contact-{n}-phone": "+46 70 123 45 67",
                                                    "body-0-text": seed.body[0].text + " See https://acme.example/x."}))
    assert edited.contacts[-1].phone_e164 == "+46701234567"
    assert "https://acme.example/x" in edited.urls


@pytest.mark.parametrize(("changes", "words"), [
    ({"headline": "   "}, "headline is empty"),
    ({"issued": "yesterday"}, "not a date"),
    ({"embargo": "2026-12-05T10:00:00"}, "no zone"),
])
def test_unusable_fields_are_refused_in_words(seed, changes, words) -> None:
    with pytest.raises(FormError, match=words):
        release_from_form(seed, _form(seed, **changes))


def test_removing_every_paragraph_is_refused(seed) -> None:
    form = _form(seed, **{f"body-{i}-delete": "1" for i in range(len(seed.body))})
    with pytest.raises(FormError, match="no paragraph"):
        release_from_form(seed, form)


def test_confirm_marks_the_review(seed) -> None:
    seed.review.reasons = ["issuer uncertain: 'A' 0.41 vs 'B' 0.38"]
    try:
        assert release_from_form(seed, _form(seed)).review.needs_review
        assert release_from_form(seed, _form(seed, action="confirm")).review.confirmed
    finally:
        seed.review.reasons = []


def test_field_marks_take_confidence_and_reasons(seed) -> None:
    import dataclasses

    release = dataclasses.replace(seed, review=dataclasses.replace(
        seed.review, confidence={"organization": 0.41, "headline": 0.95, "issued": 0.3, "contacts": 0.5},
        reasons=["The issuer is uncertain: “Update AB” (score 2) or “B” (score 1.5).",
                 "No release date was found in the text; set the date by hand."]))
    marks = field_marks(release)
    assert marks["organization"].confidence == 0.41 and marks["organization"].reasons == (release.review.reasons[0],)
    assert marks["issued"].reasons == (release.review.reasons[1],) and marks["issued"].confidence == 0.3
    assert marks["contacts"].confidence == 0.5 and marks["contacts"].reasons == ()
    assert "dateline" not in marks  # "date" as a whole word only
    assert "headline" not in marks
    assert field_marks(seed) == {}


def test_paragraph_lead_flag_survives(seed) -> None:
    edited = release_from_form(seed, _form(seed, **{"body-0-text": "A new lead."}))
    assert isinstance(edited.body[0], Paragraph) and edited.body[0].lead == getattr(seed.body[0], "lead", False)


def test_token_rules(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    monkeypatch.delenv("PRESSROOM_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    assert access_token(None) is None
    check_bind("127.0.0.1", None)
    check_bind("::1", None)
    with pytest.raises(PressroomError, match="without an access token"):
        check_bind("0.0.0.0", None)
    check_bind("0.0.0.0", "a-long-enough-token")
    monkeypatch.setenv(TOKEN_ENV, "short")
    with pytest.raises(PressroomError, match="shorter"):
        access_token(None)
    monkeypatch.delenv(TOKEN_ENV)
    config = tmp_path / "pressroom.toml"
    config.write_text('[serve]\ntoken = "${MY_SERVE_TOKEN}"\n', encoding="utf-8")
    with pytest.raises(PressroomError, match="not set"):
        access_token(config)
    monkeypatch.setenv("MY_SERVE_TOKEN", "from-the-environment-1")
    assert access_token(config) == "from-the-environment-1"
    assert is_loopback("127.8.0.1") and is_loopback("localhost") and not is_loopback("10.0.0.1")


def test_the_explain_evidence_is_shown() -> None:
    """The editor shows `parse --explain`: every block's label and the rule that claimed it, and the evidence."""
    from pipeline.labels import Labelled
    from pipeline.serve import mapping

    data = SEED.read_bytes()
    blocks = mapping.labelled_blocks(data, SEED.name)
    assert blocks and all(isinstance(b, Labelled) for b in blocks)
    text = mapping.evidence(data, SEED.name)
    assert text and "## issuer candidates" in text
    assert all(b.rule for b in blocks) and all(b.rule in text for b in blocks)
