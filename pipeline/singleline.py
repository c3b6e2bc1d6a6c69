"""Single-line fields (headline, organization, contact names …) made safe to show and to send.

These fields end up where one line is all there is: an e-mail `Subject`, `<title>`, a feed
entry's title, a PDF's metadata, a journalist's inbox list. Two kinds of character do harm
there and carry no meaning a press release needs:

* control characters and line breaks (CR, LF, U+2028 …): in a header they start a new
  header (injection); elsewhere they break the one-line layout. They become one space.
* bidirectional formatting controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069
  isolates, U+200E/U+200F marks, U+061C): an override makes "exe.fdp" display as "pdf.exe"
  (text spoofing, CVE-2021-42574 style). They are removed; the Unicode bidi algorithm
  still lays out Arabic or Hebrew text correctly without them.

Both readers (text and HTML) pass their `Release` through `clean_single_lines` as their
last step, so every writer and channel downstream sees clean fields; the mailer applies
`clean_line` once more to what it puts in headers, because a release.json may be edited.
"""

from __future__ import annotations

import dataclasses
import re

from .model import BoilerplateSection, Contact, Dateline, Quote, Release

#: The bidi formatting characters of Unicode's "Bidi_Control" property.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
#: C0 and C1 controls, DEL, line/paragraph separators, and a stray byte-order mark.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
#: Invisible or meaningless code points that carry hidden text or break the consumers of a
#: one-line field: the tag characters U+E0000–E007F ("ASCII smuggling": an invisible copy of
#: any ASCII text), Unicode's noncharacters (U+FDD0–FDEF and the last two of every plane, which
#: XML 1.0 and many mail clients refuse) and lone surrogates (a release.json's "\ud800", a
#: file name's undecodable byte). They are removed.
_INVISIBLE = re.compile("[\U000e0000-\U000e007f\ufdd0-\ufdef\ud800-\udfff]|[\ufffe\uffff]"
                        + "".join(f"|[\\U{p:04x}fffe\\U{p:04x}ffff]" for p in range(1, 17)))
_SPACES = re.compile(" {2,}")

#: A BCP 47 language tag in its general shape (`en`, `sv-SE`, `zh-Hant-TW`, `x-private`):
#: what `<html lang>` and `Content-Language` may hold; anything else is refused or dropped.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8}){0,15}", re.ASCII)


def clean_line(text: str) -> str:
    """`text` as one clean line: bidi controls removed, controls and runs of spaces → one space.

    Typographic spaces (no-break U+00A0, narrow no-break U+202F, ideographic U+3000) are
    text and stay.
    """
    return _SPACES.sub(" ", _CONTROL.sub(" ", _INVISIBLE.sub("", _BIDI.sub("", text)))).strip(" ")


def clean_filename(name: str) -> str:
    """A source file's name as one printable line: undecodable bytes (surrogate escapes of a
    non-UTF-8 name) become U+FFFD, then `clean_line`; the name is shown and recorded, never
    used as a path, so nothing is lost that matters."""
    readable = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return clean_line(readable)


def _opt(text: str | None) -> str | None:
    if text is None:
        return None
    return clean_line(text) or None


def clean_single_lines(release: Release) -> Release:
    """A copy of `release` with every single-line field cleaned by `clean_line`.

    Multi-line text (paragraphs, quotes, list items, About text) keeps its line breaks;
    only what must be one line is touched.
    """
    dateline = release.dateline
    if dateline is not None:
        dateline = Dateline(text=clean_line(dateline.text), city=_opt(dateline.city),
                            distributor=_opt(dateline.distributor))
    body = [dataclasses.replace(b, speaker=_opt(b.speaker), role=_opt(b.role)) if isinstance(b, Quote) else b
            for b in release.body]
    contacts = [Contact(name=_opt(c.name), title=_opt(c.title), organization=_opt(c.organization),
                        phone=_opt(c.phone), phone_e164=_opt(c.phone_e164), email=_opt(c.email))
                for c in release.contacts]
    boilerplate = [BoilerplateSection(heading=_opt(s.heading), text=s.text) for s in release.boilerplate]
    return dataclasses.replace(
        release,
        headline=clean_line(release.headline),
        language=_opt(release.language),
        organization=_opt(release.organization),
        release_type=_opt(release.release_type),
        subheadline=_opt(release.subheadline),
        dateline=dateline if dateline is None or dateline.text else None,
        body=body,
        contacts=contacts,
        contacts_heading=_opt(release.contacts_heading),
        boilerplate=boilerplate,
        end_mark=_opt(release.end_mark),
        source=dataclasses.replace(release.source, filename=clean_filename(release.source.filename))
        if release.source is not None else None,
    )
