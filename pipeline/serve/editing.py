"""The editor form ↔ `Release`: what the page shows in its fields, and the release a save makes.

Pure functions: `release_from_form` takes the release as it was and the posted fields and
returns the edited release (or the first error in words, shown above the form). The edit
goes through the same last step as both readers (`clean_single_lines`) and the same URL
collection, so a release edited in the browser is indistinguishable from one read from
text or from an edited release.html.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from ..contacts import phone_e164
from ..model import (
    LOW_CONFIDENCE,
    BoilerplateSection,
    Contact,
    Dateline,
    ListBlock,
    Paragraph,
    Quote,
    Release,
    Subheading,
    iso,
    parse_iso,
)
from ..singleline import clean_single_lines
from ..urls import release_urls

MAX_BLOCKS = 500
BLOCK_TYPES = ("paragraph", "subheading", "quote", "list")
REVIEW_FIELDS = {"organization": ("issuer", "organization"), "headline": ("headline", "title line"),
                 "issued": ("date", "issued"), "embargo": ("embargo",), "dateline": ("dateline",),
                 "language": ("language",), "contacts": ("contact", "contacts"),
                 "boilerplate": ("about", "boilerplate")}
"""Which reasons (by the whole words they use) belong to which editor field or section."""


class FormError(ValueError):
    """A field the person filled in cannot be used as it is (a date that is no date)."""


def _text(form: Mapping[str, Any], key: str) -> str:
    value = form.get(key)
    return value.replace("\r\n", "\n").replace("\r", "\n").strip() if isinstance(value, str) else ""


def _opt(form: Mapping[str, Any], key: str) -> str | None:
    return _text(form, key) or None


def _date(form: Mapping[str, Any], key: str, label: str) -> Any:
    text = _text(form, key)
    try:
        value = parse_iso(text)
    except ValueError:
        raise FormError(f"{label}: {text!r} is not a date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM+01:00)") from None
    if hasattr(value, "tzinfo") and getattr(value, "hour", None) is not None and value.tzinfo is None:
        raise FormError(f"{label}: {text!r} has a time but no zone; add one, e.g. +01:00 or Z")
    return value


def _block(form: Mapping[str, Any], i: int, old: Any) -> Any:
    kind = _text(form, f"body-{i}-type")
    text = _text(form, f"body-{i}-text")
    if not text or form.get(f"body-{i}-delete"):
        return None
    lead = bool(getattr(old, "lead", False))
    if kind == "subheading":
        return Subheading(" ".join(text.split()))
    if kind == "list":
        items = [line.strip() for line in text.split("\n") if line.strip()]
        return ListBlock(items, ordered=bool(getattr(old, "ordered", False)))
    if kind == "quote":
        # The spoken words the reader separated from the attribution stay while the block's text does.
        kept = isinstance(old, Quote) and bool(old.quote) and (old.text == text or old.quote in text)
        spoken = old.quote if kept else text
        return Quote(text=text, quote=spoken, speaker=_opt(form, f"body-{i}-speaker"),
                     role=_opt(form, f"body-{i}-role"), lead=lead)
    return Paragraph(text, lead=lead)


def release_from_form(old: Release, form: Mapping[str, Any]) -> Release:
    """The edited release; raises `FormError` with a sentence for the page when a field is unusable."""
    headline = " ".join(_text(form, "headline").split())
    if not headline:
        raise FormError("the headline is empty")
    count = min(int(_text(form, "body-count") or 0), MAX_BLOCKS)
    body = [b for i in range(count + 1)
            if (b := _block(form, i, old.body[i] if i < len(old.body) else None)) is not None]
    if not any(isinstance(b, (Paragraph, Quote)) for b in body):
        raise FormError("the release has no paragraph left")
    contacts = []
    for i in range(min(int(_text(form, "contact-count") or 0), MAX_BLOCKS) + 1):
        values = {k: _opt(form, f"contact-{i}-{k}") for k in ("name", "title", "organization", "phone", "email")}
        if form.get(f"contact-{i}-delete") or not any(values.values()):
            continue
        previous = old.contacts[i] if i < len(old.contacts) else None
        e164 = previous.phone_e164 if previous and previous.phone == values["phone"] else (
            phone_e164(values["phone"], None) if values["phone"] else None)
        contacts.append(Contact(**values, phone_e164=e164))
    boilerplate = []
    for i in range(min(int(_text(form, "about-count") or 0), MAX_BLOCKS) + 1):
        text = _text(form, f"about-{i}-text")
        if text and not form.get(f"about-{i}-delete"):
            boilerplate.append(BoilerplateSection(_opt(form, f"about-{i}-heading"), text))
    dateline_text = _opt(form, "dateline")
    dateline = None
    if dateline_text:
        same = old.dateline is not None and old.dateline.text == dateline_text
        dateline = old.dateline if same else Dateline(dateline_text)
    release = dataclasses.replace(
        old,
        headline=headline,
        subheadline=_opt(form, "subheadline"),
        organization=_opt(form, "organization"),
        release_type=_opt(form, "release_type"),
        language=_opt(form, "language") or old.language,
        issued=_date(form, "issued", "Date"),
        embargo=_date(form, "embargo", "Embargo"),
        dateline=dateline,
        body=body,
        contacts=contacts,
        contacts_heading=_opt(form, "contacts_heading"),
        boilerplate=boilerplate,
        end_mark=_opt(form, "end_mark"),
        review=dataclasses.replace(old.review, confirmed=old.review.confirmed or form.get("action") == "confirm"),
    )
    release = clean_single_lines(release)
    release.urls = release_urls(release)
    return release


@dataclasses.dataclass(frozen=True)
class FieldMark:
    """A field the reader was unsure of: its confidence (0–1, None if unknown) and the reasons."""

    confidence: float | None
    reasons: tuple[str, ...]


def field_marks(release: Release) -> dict[str, FieldMark]:
    """Per editor field: why it deserves a look (low confidence, a reason naming it)."""
    marks: dict[str, FieldMark] = {}
    review = release.review
    for field_name in {*review.confidence, *REVIEW_FIELDS}:
        value = review.confidence.get(field_name)
        words = REVIEW_FIELDS.get(field_name, (field_name,))
        reasons = tuple(r for r in review.reasons
                        if any(re.search(rf"\b{re.escape(w)}\b", r, re.IGNORECASE) for w in words))
        if reasons or (value is not None and value < LOW_CONFIDENCE):
            marks[field_name] = FieldMark(value, reasons)
    return marks


def form_values(release: Release) -> dict[str, Any]:
    """The release as the template's fields show it (dates in ISO 8601, as the form takes them back)."""
    return {
        "headline": release.headline, "subheadline": release.subheadline or "",
        "organization": release.organization or "", "release_type": release.release_type or "",
        "language": release.language or "", "issued": iso(release.issued) or "",
        "embargo": iso(release.embargo) or "", "dateline": release.dateline.text if release.dateline else "",
        "contacts_heading": release.contacts_heading or "", "end_mark": release.end_mark or "",
        "body": [_block_values(b) for b in release.body],
        "contacts": [dataclasses.asdict(c) for c in release.contacts],
        "boilerplate": [dataclasses.asdict(b) for b in release.boilerplate],
    }


def _block_values(block: Any) -> dict[str, Any]:
    if isinstance(block, ListBlock):
        return {"type": "list", "text": "\n".join(block.items), "lead": False}
    if isinstance(block, Quote):
        return {"type": "quote", "text": block.text, "speaker": block.speaker or "", "role": block.role or "",
                "lead": block.lead}
    if isinstance(block, Subheading):
        return {"type": "subheading", "text": block.text, "lead": False}
    return {"type": "paragraph", "text": block.text, "lead": block.lead}
