"""URLs as the scorer and agencies see them: tokens starting http://, https:// or www.

The Release keeps its URLs in reading order of the rendered document (headline, body,
contacts, boilerplate), so the text parser and the HTML reader compute the same list
from the same content and the Release → HTML → Release round trip is exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import ListBlock, Paragraph, Quote, Release, Subheading

URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'«»“”‘’()\[\]{}]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\"»”’"


def find_urls(text: str) -> list[str]:
    out = []
    for match in URL_RE.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        if len(url) > len("www.") and url.lower() not in ("http://", "https://"):
            out.append(url)
    return out


def release_texts(release: Release) -> Iterable[str]:
    """Every human-visible text of a release in rendering order."""
    yield release.headline
    if release.subheadline:
        yield release.subheadline
    if release.dateline:
        yield release.dateline.text
    for block in release.body:
        if isinstance(block, (Paragraph, Subheading, Quote)):
            yield block.text
        elif isinstance(block, ListBlock):
            yield from block.items
    for contact in release.contacts:
        for value in (contact.name, contact.title, contact.organization, contact.phone, contact.email):
            if value:
                yield value
    for section in release.boilerplate:
        if section.heading:
            yield section.heading
        yield section.text


def release_urls(release: Release) -> list[str]:
    seen: dict[str, None] = {}
    for text in release_texts(release):
        for url in find_urls(text):
            seen.setdefault(url, None)
    return list(seen)
