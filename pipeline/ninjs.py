"""Release → ninjs 3.1 JSON (`release.ninjs.json`), IPTC's news-in-JSON for web-era ingest APIs.

Same model, identity and body vocabulary as the NewsML-G2 item (guid = ninjs `uri`, dates,
copyright, editor notes from pipeline/newsml.py; the body from pipeline/plainbody.py in its
structured form, serialized as an HTML fragment). Property names and shapes follow IPTC's
ninjs 3.1 JSON Schema (camelCase, arrays of role/value objects), which the tests validate
every release against. No clock is read: same arguments, same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from lxml import etree

from .model import Picture, Release
from .newsml import (
    PROFILE_VERSION,
    USAGE_TERMS,
    about_text,
    copyright_notice,
    editor_notes,
    iso_timestamp,
    item_guid,
    item_times,
    language_tag,
    provider_identity,
    slugline,
)
from .newsml_package import picture_guid
from .pictures.names import stem
from .plainbody import contacts_with_content, counts, plain_body
from .xmltext import line

NINJS_VERSION = "3.1"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"
GENRE_URI = "http://cv.iptc.org/newscodes/genre/Press_Release"
PDF_RENDITION = "print"
"""IPTC rendition NewsCode (http://cv.iptc.org/newscodes/rendition/) of the branded PDF, as in NewsML-G2."""


def render_ninjs(release: Release, *, pdf_href: str | None = "release.pdf", version: int = 1,
                 provider: str | None = None, guid_authority: str | None = None,
                 provider_name: str | None = None, version_created: dt.datetime | None = None) -> bytes:
    """The release as one ninjs 3.1 news object, UTF-8 JSON (2-space indent, trailing newline)."""
    return (json.dumps(ninjs_object(release, pdf_href=pdf_href, version=version, provider=provider,
                                    guid_authority=guid_authority, provider_name=provider_name,
                                    version_created=version_created),
                       ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def ninjs_object(release: Release, *, pdf_href: str | None = "release.pdf", version: int = 1,
                 provider: str | None = None, guid_authority: str | None = None,
                 provider_name: str | None = None, version_created: dt.datetime | None = None) -> dict[str, Any]:
    """The ninjs object as a dict (see `render_ninjs`); empty values are left out, never null."""
    literal, domain = provider_identity(provider, guid_authority)
    first, current = item_times(release, version_created)
    org = line(release.organization)
    lang = language_tag(release.language)
    blocks = plain_body(release, flat=False)
    words, chars = counts(blocks)
    html = "\n".join(etree.tostring(b, encoding="unicode", method="html") for b in blocks)
    lead = release.lead
    headlines = [{"role": "main", "value": line(release.headline)}]
    if line(release.subheadline):
        headlines.append({"role": "sub", "value": line(release.subheadline)})
    descriptions = []
    if lead is not None and line(lead.text):
        descriptions.append({"role": "summary", "contentType": "text/plain", "value": line(lead.text)})
    descriptions += [{"role": "about", "contentType": "text/plain", "value": text} for text in about_text(release)]
    item: dict[str, Any] = {
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
        "uri": item_guid(release, domain),
        "type": "text",
        "representationType": "full",
        "profile": f"pressroom-press-release/{PROFILE_VERSION}",
        "version": str(version),
        "firstCreated": first,
        "versionCreated": current,
        "embargoedUntil": iso_timestamp(release.embargo),
        "pubStatus": "usable",
        "copyrightHolder": org or None,
        "copyrightNotice": copyright_notice(release),
        "usageTerms": USAGE_TERMS,
        "edNote": " ".join(editor_notes(release)) or None,
        "language": lang,
        "headlines": headlines,
        "descriptions": descriptions or None,
        "bodies": [{"role": "main", "contentType": "text/html", "charCount": chars, "wordCount": words,
                    "value": html}] if html else None,
        "organisations": [{"name": org, "rel": "issuer"}] if org else None,
        "people": [_person(c) for c in contacts_with_content(release)] or None,
        "infoSources": [{"name": line(provider_name) or literal, "literal": literal, "role": "provider"}],
        "slugline": slugline(release.headline),
        "located": line(release.dateline.city) if release.dateline and line(release.dateline.city) else None,
        "genres": [{"uri": GENRE_URI, "name": "Press Release"}],
        "renditions": [{"name": PDF_RENDITION, "href": pdf_href, "contentType": "application/pdf"}]
        if pdf_href else None,
        "associations": [_picture(release, p, domain, str(version), first, current) for p in release.pictures]
        or None,
    }
    return {key: value for key, value in item.items() if value not in (None, "", [])}


NINJS_RENDITIONS = {"print": "print", "web": "web", "thumb": "thumbnail"}
"""Rendition codes as in NewsML-G2's package (IPTC http://cv.iptc.org/newscodes/rendition/)."""


def _picture(release: Release, picture: Picture, domain: str, version: str, first: str | None,
             current: str) -> dict[str, Any]:
    """A photo as an associated ninjs object: same guid as its NewsML-G2 picture item, its renditions."""
    descriptions = [{"role": role, "contentType": "text/plain", "value": line(text)}
                    for role, text in (("caption", picture.caption), ("alternativeText", picture.alt)) if line(text)]
    item: dict[str, Any] = {
        "name": "featureimage" if picture.role == "lead" else stem(picture.file),
        "rel": "lead" if picture.role == "lead" else "other",
        "uri": picture_guid(release, picture, domain),
        "type": "picture",
        "version": version,
        "firstCreated": first,
        "versionCreated": current,
        "pubStatus": "usable",
        "copyrightNotice": line(picture.rights) or copyright_notice(release),
        "usageTerms": USAGE_TERMS,
        "headlines": [{"role": "main", "value": line(picture.caption)}] if line(picture.caption) else None,
        "descriptions": descriptions or None,
        "by": line(picture.credit) or None,
        "renditions": [{"name": NINJS_RENDITIONS.get(r.name, r.name), "href": r.href, "contentType": r.mime,
                        "width": r.width, "height": r.height, "sizeInBytes": r.size} for r in picture.renditions]
        or None,
    }
    return {key: value for key, value in item.items() if value not in (None, "", [])}


def _person(contact: Any) -> dict[str, Any]:
    """A press contact: name, and phone/e-mail as contactInfo; title and organization in `literal`.

    ninjs 3.1 people have no job-title property; the "title, organization" note travels as
    the literal so it is not lost (the body's contact line has everything as well).
    """
    person: dict[str, Any] = {"rel": "pressContact"}
    if line(contact.name):
        person["name"] = line(contact.name)
    note = ", ".join(v for v in (line(contact.title), line(contact.organization)) if v)
    if note:
        person["literal"] = note
    info = []
    phone = line(contact.phone_e164 or contact.phone)
    if phone:
        info.append({"type": "phone", "role": "office", "value": phone})
    if line(contact.email):
        info.append({"type": "email", "role": "office", "value": line(contact.email)})
    if info:
        person["contactInfo"] = info
    return person
