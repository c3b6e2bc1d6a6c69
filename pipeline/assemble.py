"""Stage 5: labelled blocks → `Release`.

The classifier decided what each block is; the assembler decides what the release *says*:
which date is the issue date (the type/date line before a dateline's), which of the names
is the issuer, which quote continues which speaker's words, and which lines go to the
contact parser together. URLs are computed last from the finished release with
`urls.release_urls`, so the text reader and the HTML reader agree on them.

Which name is the issuer is decided by weighed evidence in `issuer.py`; how sure each field
is (`Release.review`) in `confidence.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from . import labels as lb
from .confidence import review
from .contacts import merge_contacts, parse_contacts
from .dates import find_date
from .issuer import decide
from .language import LanguageData, all_languages
from .model import (
    BoilerplateSection,
    Contact,
    Dateline,
    ListBlock,
    Paragraph,
    Quote,
    Release,
    Source,
    Subheading,
)
from .quotes import QuoteInfo
from .urls import find_urls, release_urls


def assemble(
    labelled: Sequence[lb.Labelled],
    language: LanguageData,
    language_code: str | None = None,
    source: Source | None = None,
) -> Release:
    """Build the `Release` from classified blocks (see module docstring)."""
    headline = _first_text(labelled, lb.HEADLINE) or _fallback_headline(labelled)
    release = Release(headline=headline, language=language_code or language.code)
    release.subheadline = _first_text(labelled, lb.SUBHEADLINE)
    types = [lab for lab in labelled if lab.kind == lb.RELEASE_TYPE]
    release.release_type = types[0].data.get("type") if types else None
    release.issued = _with_publication_time(_issued(labelled), labelled, language)
    release.embargo = next(
        (lab.data["date"].value for lab in labelled if lab.kind == lb.EMBARGO and lab.data.get("date")), None
    )
    if release.issued is None and release.embargo is not None:
        # the embargo is the only date the text gives: the release is issued when it lifts
        release.issued = release.embargo
    release.dateline = _dateline(labelled)
    release.body = _body(labelled)
    release.boilerplate = _boilerplate(labelled)
    marks = [lab.text for lab in labelled if lab.kind == lb.END_MARK]
    release.end_mark = marks[0] if marks else None
    decision = decide(labelled, release, language)
    release.organization = decision.organization
    release.contacts, release.contacts_heading = _contacts(labelled, language, release.organization)
    release.source = source or Source("", "", "utf-8")
    release.urls = _with_card_urls(release_urls(release), labelled)
    release.review = review(labelled, release, decision)
    return release


def _first_text(labelled: Sequence[lb.Labelled], kind: str) -> str | None:
    for lab in labelled:
        if lab.kind == kind and lab.text.strip():
            return lab.text.strip()
    return None


def _fallback_headline(labelled: Sequence[lb.Labelled]) -> str:
    """No title line was found: the first line with words, preferring prose over contact cards."""
    ordered = [lab for lab in labelled if lab.kind not in (lb.CONTACTS, lb.CONTACTS_HEADING, lb.WEBSITE)]
    ordered += [lab for lab in labelled if lab not in ordered]
    for lab in ordered:
        for line in lab.text.split("\n"):
            if any(ch.isalnum() for ch in line):
                return line.strip()[:200]
    return "Untitled"


def _issued(labelled: Sequence[lb.Labelled]):  # -> dt.date | dt.datetime | None
    """The date of the header (type/date line, date line, wire header) before the lead's dateline."""
    for lab in labelled:
        if lab.kind in (lb.RELEASE_TYPE, lb.DATE, lb.INSTRUCTION) and lab.data.get("date"):
            return lab.data["date"].value
        if lab.kind == lb.DATELINE and lab.data["dateline"].date:
            return lab.data["dateline"].date.value
    for lab in labelled:
        info = lab.data.get("dateline") if lab.kind in (lb.PARAGRAPH, lb.QUOTE) else None
        if info is not None and info.date:
            return info.date.value
    return None


def _with_publication_time(
    issued: dt.date | None, labelled: Sequence[lb.Labelled], language: LanguageData
) -> dt.date | None:
    """A date-only issue date gets the time and zone of a disclosure sentence for the same day
    ("Informationen lämnades … för offentliggörande den 12 mars 2024 kl. 08.00 CET")."""
    if issued is None or isinstance(issued, dt.datetime):
        return issued
    cues = [q for q in (*language.publication_cues, *all_languages().publication_cues) if q]
    if not cues:
        return issued
    pattern = re.compile("|".join(r"\s+".join(map(re.escape, q.split())) for q in cues), re.IGNORECASE)
    for lab in labelled:
        for m in pattern.finditer(lab.text):
            found = find_date(lab.text[m.end() : m.end() + 160], language)
            value = found.value if found is not None else None
            if isinstance(value, dt.datetime) and value.tzinfo is not None and value.date() == issued:
                return value
    return issued


def _dateline(labelled: Sequence[lb.Labelled]) -> Dateline | None:
    """The dateline opening the lead, else a dateline-only line, else the wire header line;
    city and distributor are filled from whichever of them has one."""
    inline = [
        lab.data["dateline"] for lab in labelled if lab.kind in (lb.PARAGRAPH, lb.QUOTE) and "dateline" in lab.data
    ]
    alone = [lab.data["dateline"] for lab in labelled if lab.kind == lb.DATELINE and not lab.data.get("header")]
    header = [lab.data["dateline"] for lab in labelled if lab.kind == lb.DATELINE and lab.data.get("header")]
    ordered = inline + alone + header
    if not ordered:
        return None
    main = ordered[0]
    # the wire header spells the place the way the wire does ("ST. LOUIS, MO / PR Karma / …")
    city = next((d.city for d in header + inline + alone if d.city), None)
    distributor = next((d.distributor for d in ordered if d.distributor), None)
    return Dateline(text=main.text, city=city, distributor=distributor)


def _body(labelled: Sequence[lb.Labelled]) -> list:
    body: list = []
    for lab in labelled:
        lead = bool(lab.data.get("lead"))
        if lab.kind == lb.PARAGRAPH:
            body.append(Paragraph(text=lab.text, lead=lead))
        elif lab.kind == lb.QUOTE:
            info: QuoteInfo = lab.data["quote"]
            text = lab.text
            if lab.data.get("attribution"):
                text = f"{text}\n{lab.data['attribution']}"
            if lab.data.get("introduction"):
                text = f"{lab.data['introduction']}\n{text}"
            body.append(Quote(text=text, quote=info.quote or lab.text, speaker=info.speaker, role=info.role, lead=lead))
        elif lab.kind == lb.SUBHEADING:
            body.append(Subheading(text=lab.text))
        elif lab.kind == lb.LIST:
            items = [i for i in lab.data.get("items", []) if i]
            if items:
                body.append(ListBlock(items=items, ordered=bool(lab.data.get("ordered"))))
    if body and not any(getattr(b, "lead", False) for b in body):
        for b in body:
            if isinstance(b, (Paragraph, Quote)):
                b.lead = True
                break
    return body


def _contacts(
    labelled: Sequence[lb.Labelled], language: LanguageData, organization: str | None = None
) -> tuple[list[Contact], str | None]:
    """Parse each contact region (a heading and the card blocks after it) on its own, then
    merge the same person named in two regions."""
    regions: list[list[str]] = []
    heading: str | None = None
    current: list[str] | None = None
    previous = None
    for lab in labelled:
        if lab.data.get("contact_lines"):  # "… please contact Robin Carr at …" inside a paragraph
            regions.append(list(lab.data["contact_lines"]))
        if lab.kind == lb.CONTACTS_HEADING:
            heading = heading or lab.text.strip().rstrip(":").strip()
            current = []
            regions.append(current)
        elif lab.kind == lb.CONTACTS:
            if current is None or previous not in (lb.CONTACTS, lb.CONTACTS_HEADING):
                current = []
                regions.append(current)
            if current:
                current.append("")
            current.extend(lab.lines)
        if lab.kind not in (lb.WEBSITE,):
            previous = lab.kind
    people: list[Contact] = []
    for lines in regions:
        if not any(x.strip() for x in lines):
            continue
        people = merge_contacts(people + parse_contacts(lines, language, organization))
    return people, heading


def _boilerplate(labelled: Sequence[lb.Labelled]) -> list[BoilerplateSection]:
    sections: list[BoilerplateSection] = []
    current: BoilerplateSection | None = None
    about = any(lab.kind in (lb.BOILERPLATE, lb.BOILERPLATE_HEADING) for lab in labelled)
    for lab in labelled:
        if lab.kind == lb.WEBSITE and (not about or _said_elsewhere(lab, labelled)):
            # "Website: www.acme.com" under a card belongs to the card: alone it would pose as an About
            # text; it joins the boilerplate only when the release has one (the model has no URL field)
            continue
        if lab.kind == lb.BOILERPLATE_HEADING:
            current = BoilerplateSection(heading=lab.text, text="")
            sections.append(current)
        elif lab.kind in (lb.BOILERPLATE, lb.WEBSITE):
            if lab.kind == lb.WEBSITE or current is None:
                target = BoilerplateSection(heading=None, text="")
                sections.append(target)
                if lab.kind != lb.WEBSITE:
                    current = target
            else:
                target = current
            target.text = f"{target.text}\n\n{lab.text}" if target.text else lab.text
        elif lab.kind in (lb.CONTACTS, lb.CONTACTS_HEADING, lb.END_MARK):
            current = None
    return [s for s in sections if s.text or s.heading]


def _with_card_urls(urls: list[str], labelled: Sequence[lb.Labelled]) -> list[str]:
    """The release's URLs plus those of website lines under a contact card that no section
    carries ("Internet: www.acme.de" with no About text): the text gives them, so `urls` keeps
    them, although the rendered release shows them nowhere (the model has no URL field on a contact)."""
    seen = {u.casefold() for u in urls}
    out = list(urls)
    for lab in labelled:
        if lab.kind in (lb.WEBSITE, lb.CONTACTS):  # "Dr. Jane Roe +1 405 583 7840 https://acme.com" on a card line
            for url in find_urls(lab.text):
                if url.casefold() not in seen:
                    seen.add(url.casefold())
                    out.append(url)
    return out


def _said_elsewhere(website: lb.Labelled, labelled: Sequence[lb.Labelled]) -> bool:
    """True when every URL of a website line also stands in another block: the line then adds
    nothing to the release, and as a section of its own it would pose as an About text."""
    mine = {u.rstrip("/").casefold() for u in find_urls(website.text)}
    if not mine:
        return False
    other = {u.rstrip("/").casefold() for lab in labelled if lab is not website for u in find_urls(lab.text)}
    return mine <= other
