"""Releases built by hand and contract-shaped HTML for the brand/PDF tests.

The PDF tests must not depend on the text parser, so the Swedish reference release is
written out here as a `Release`. HTML comes from `pipeline.htmlwriter.render_html` when
that module exists; otherwise from `fixture_html`, a small writer that follows the
structure in docs/architecture.md class for class.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from html import escape

from pipeline.brand import Brand
from pipeline.model import (
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

CET = dt.timezone(dt.timedelta(hours=1))


def _t(text: str) -> str:
    """A paragraph written across source lines, as one line of text."""
    return " ".join(text.split())


def swedish_release() -> Release:
    """The seed release (seeds/000-sv-hallbara-stader.txt), parsed by hand."""
    org = "Länsstyrelsen i Stockholm"
    return Release(
        headline="Hållbara städer - Stockholmsregionens nästa exportprodukt",
        language="sv",
        organization="Länsstyrelsen i Stockholms län",
        release_type="Pressmeddelande",
        issued=dt.datetime(2006, 11, 7, 11, 58, tzinfo=CET),
        body=[
            Paragraph(
                _t("""Den 7 november går startskottet för en fördjupad dialog om hur
                Stockholmsregionen ska bli en framgångsrik exportör av miljöteknik och hållbar
                stadsutveckling. Femtio viktiga företrädare för miljöteknikbranschen, forskning och
                offentlig sektor träffas för att staka ut en gemensam strategi."""),
                lead=True,
            ),
            Quote(
                _t("""- Genom att bygga hållbara städer möter vi de hotande klimatförändringarna
                samtidigt som vi skapar tillväxt och sysselsättning i regionen, säger landshövding Mats
                Hellström som är värd för mötet tillsammans med nätverket Stockholm Sustainable Region.
                Ambitionen med initiativet är att klargöra hur olika parter kan bidra till att regionen
                fortsätter bygga hållbart och kan använda sin kompetens för att göra avtryck på den
                internationella arenan."""),
                quote=_t("""Genom att bygga hållbara städer möter vi de hotande klimatförändringarna
                      samtidigt som vi skapar tillväxt och sysselsättning i regionen"""),
                speaker="Mats Hellström",
                role="landshövding",
            ),
            Paragraph(
                _t("""Hammarby sjöstad har under ett antal år varit regionens främsta exempel på hur
                offentliga upphandlingskrav kan leda till att en modern miljömässigt hållbar stadsdel
                utformas. Sjöstads-konceptet har gått på export till olika delar av världen. Nu gäller det
                att diskutera ihop sig om hur regionen kan följa upp framgångarna på hemmaplan. Tydligt
                är att beställarnas krav på sina leverantörer är avgörande för om företagen ska fortsätta
                ha möjlighet att leverera innovativa och hållbara lösningar.""")
            ),
            Quote(
                _t("""- Vi vill se en stadsutveckling som bidrar till förbättrad miljö och
                resursbesparingar samtidigt som den stärker regionens attraktion på en internationell
                marknad, säger koordinator Lena Kling på Länsstyrelsen. Miljöteknikbranschen tillhör en av
                de viktigaste framtidsbranscherna och för att snabba på utvecklingen krävs att relationen
                mellan beställare, producenter och finansiärer är tydlig."""),
                quote=_t("""Vi vill se en stadsutveckling som bidrar till förbättrad miljö och
                      resursbesparingar"""),
                speaker="Lena Kling",
                role="koordinator, Länsstyrelsen",
            ),
        ],
        contacts_heading="För mer information kontakta",
        contacts=[
            Contact(
                name="Lena Kling",
                title="koordinator",
                organization=org,
                phone="070-342 47 00",
                phone_e164="+46703424700",
            ),
            Contact(
                name="Berit Pettersson",
                title="utvecklingsledare",
                organization=org,
                phone="070-230 32 08",
                phone_e164="+46702303208",
            ),
            Contact(
                name="Maria Gåsste",
                title="Press- och informationschef",
                phone="08-785 44 32",
                phone_e164="+4687854432",
                email="maria.gasste@ab.lst.se",
            ),
        ],
        source=Source("000-sv-hallbara-stader.txt", hashlib.sha256(b"seed").hexdigest(), "utf-8"),
    )


_WORDS = (
    "The board approved the plan after a long consultation with residents, suppliers and the "
    "regional transport authority. Construction of the first phase starts in the spring and the "
    "new line is expected to carry forty thousand passengers a day once it is fully open. "
)


def long_release(paragraphs: int = 60) -> Release:
    """A 10+ page English release with every block type, an embargo and a dateline."""
    body: list = [
        Paragraph(
            "Nordvik Energi AB (publ) today announced a "
            "SEK 4.2 billion investment in offshore wind capacity in the Baltic Sea, "
            "doubling the company's renewable output by 2030.",
            lead=True,
        )
    ]
    for i in range(paragraphs):
        if i % 12 == 5:
            body.append(Subheading(f"Phase {i // 12 + 1}: grid connection and permits"))
        if i % 9 == 3:
            body.append(
                Quote(
                    f"“This is the largest single investment in our history,” says Anna Berg. "
                    f"“{_WORDS.strip()}”",
                    quote=_WORDS.strip(),
                    speaker="Anna Berg",
                    role="Chief Executive Officer",
                )
            )
        if i % 15 == 7:
            body.append(
                ListBlock(
                    [
                        "Two new substations on the east coast",
                        "A 220 kV export cable of 85 km",
                        "Service harbour in Nynäshamn, see https://nordvik.example/harbour",
                    ],
                    ordered=i % 2 == 1,
                )
            )
        body.append(
            Paragraph(
                f"{i + 1}. " + _WORDS * 2 + "More at https://nordvik.example/wind/phase-"
                f"{i}/a-rather-long-url-that-must-wrap-somewhere-sensible"
            )
        )
    return Release(
        headline="Nordvik doubles renewable capacity with SEK 4.2 billion Baltic offshore wind investment",
        subheadline="Largest investment in the company's history; first power expected in 2028",
        language="en",
        organization="Nordvik Energi AB (publ)",
        release_type="Press release",
        issued=dt.datetime(2026, 3, 3, 8, 0, tzinfo=CET),
        embargo=dt.datetime(2026, 3, 3, 8, 0, tzinfo=CET),
        dateline=Dateline("STOCKHOLM, 3 March 2026", city="Stockholm"),
        body=body,
        contacts_heading="Media contacts",
        contacts=[
            Contact(
                name="Johan Ek",
                title="Head of Communications",
                organization="Nordvik Energi AB",
                phone="+46 8 123 456 78",
                phone_e164="+46812345678",
                email="press@nordvik.example",
            ),
            Contact(
                name="Sara Lind",
                title="Investor Relations",
                phone="+46 70 555 12 34",
                phone_e164="+46705551234",
                email="ir@nordvik.example",
            ),
        ],
        boilerplate=[
            BoilerplateSection(
                "About Nordvik",
                "Nordvik Energi AB (publ) produces and sells "
                "electricity from wind, hydro and solar power in the Nordic region. "
                "The company has 1,900 employees and is listed on Nasdaq Stockholm."
                "\n\nFor more information, visit https://nordvik.example.",
            )
        ],
        end_mark="###",
        source=Source("long.txt", hashlib.sha256(b"long").hexdigest(), "utf-8"),
    )


def short_release() -> Release:
    """The smallest sensible release: a headline, one paragraph, a date only."""
    return Release(
        headline="Office closed on 6 June",
        language="en",
        organization="Pressroom Demo",
        issued=dt.date(2026, 6, 1),
        body=[Paragraph("Our office is closed on Sweden's National Day, 6 June.", lead=True)],
    )


# ---------------------------------------------------------------------- HTML


def _tel(contact: Contact) -> str:
    if not contact.phone:
        return ""
    href = contact.phone_e164 or contact.phone
    return f'<a class="pr-contact-phone" href="tel:{escape(href)}">{escape(contact.phone)}</a>'


def _linkify(text: str) -> str:
    import re

    out, pos = [], 0
    for m in re.finditer(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)]", text):
        out.append(escape(text[pos : m.start()]))
        out.append(f'<a href="{escape(m.group(0))}">{escape(m.group(0))}</a>')
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def fixture_html(release: Release, brand: Brand | None = None) -> str:
    """Contract-shaped HTML (docs/architecture.md) for when htmlwriter is not there."""
    lang = release.language or "en"
    parts = [
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">'
        f"<title>{escape(release.headline)}</title>"
        '<meta name="generator" content="Pressroom test fixture">'
    ]
    if brand is not None:
        parts.append(f"<style>{brand.css_text}</style>")
    body_class = f"pr-brand-{brand.name if brand else 'none'}"
    parts.append(
        f'</head>\n<body class="{body_class}">\n<article class="pr-release"><header class="pr-header">'
    )
    if brand is not None and brand.logo_svg:
        parts.append(f'<div class="pr-logo">{brand.logo_svg}</div>')
    if release.organization:
        parts.append(f'<p class="pr-organization">{escape(release.organization)}</p>')
    meta = []
    if release.release_type:
        meta.append(f'<span class="pr-type">{escape(release.release_type)}</span>')
    if release.issued:
        iso = release.issued.isoformat()
        shown = (
            release.issued.strftime("%Y-%m-%d %H:%M")
            if isinstance(release.issued, dt.datetime)
            else release.issued.isoformat()
        )
        meta.append(f'<time class="pr-issued" datetime="{iso}">{shown}</time>')
    if meta:
        parts.append(f'<p class="pr-meta">{" ".join(meta)}</p>')
    if release.embargo:
        parts.append(
            f'<p class="pr-embargo"><time datetime="{release.embargo.isoformat()}">Embargo until '
            f"{release.embargo.strftime('%Y-%m-%d %H:%M')}</time></p>"
        )
    parts.append(f'<h1 class="pr-headline">{escape(release.headline)}</h1>')
    if release.subheadline:
        parts.append(f'<p class="pr-subheadline">{escape(release.subheadline)}</p>')
    parts.append('</header>\n<div class="pr-body">')
    for block in release.body:
        if isinstance(block, Paragraph):
            cls = "pr-lead" if block.lead else "pr-paragraph"
            text = block.text
            dateline = ""
            if block.lead and release.dateline and text.startswith(release.dateline.text):
                dateline = (
                    f'<span class="pr-dateline" data-city="{escape(release.dateline.city or "")}">'
                    f"{escape(release.dateline.text)}</span>"
                )
                text = text[len(release.dateline.text) :]
            parts.append(f'<p class="{cls}">{dateline}{_linkify(text)}</p>')
        elif isinstance(block, Subheading):
            parts.append(f'<h2 class="pr-subheading">{escape(block.text)}</h2>')
        elif isinstance(block, Quote):
            cap = ""
            if block.speaker:
                role = f', <span class="pr-role">{escape(block.role)}</span>' if block.role else ""
                speaker = f'<cite class="pr-speaker">{escape(block.speaker)}</cite>'
                cap = f"<figcaption>{speaker}{role}</figcaption>"
            parts.append(
                f'<figure class="pr-quote"><blockquote><p>{_linkify(block.text)}</p></blockquote>'
                f"{cap}</figure>"
            )
        elif isinstance(block, ListBlock):
            tag = "ol" if block.ordered else "ul"
            items = "".join(f"<li>{_linkify(i)}</li>" for i in block.items)
            parts.append(f'<{tag} class="pr-list">{items}</{tag}>')
    parts.append("</div>")
    if release.contacts:
        heading = escape(release.contacts_heading or "Contacts")
        parts.append(f'<section class="pr-contacts"><h2>{heading}</h2>')
        for c in release.contacts:
            fields = (("name", c.name), ("title", c.title), ("organization", c.organization))
            spans = [
                f'<span class="pr-contact-{cls}">{escape(value)}</span>' for cls, value in fields if value
            ]
            lines = [", ".join(spans), _tel(c)]
            if c.email:
                mail = escape(c.email)
                lines.append(f'<a class="pr-contact-email" href="mailto:{mail}">{mail}</a>')
            parts.append('<address class="pr-contact">' + "<br>".join(x for x in lines if x) + "</address>")
        parts.append("</section>")
    if release.boilerplate:
        parts.append('<section class="pr-boilerplate">')
        for b in release.boilerplate:
            heading = f"<h2>{escape(b.heading)}</h2>" if b.heading else ""
            paras = "".join(f"<p>{_linkify(p)}</p>" for p in b.text.split("\n\n"))
            parts.append(f'<section class="pr-about">{heading}{paras}</section>')
        parts.append("</section>")
    if release.end_mark:
        parts.append(f'<p class="pr-end-mark">{escape(release.end_mark)}</p>')
    parts.append("</article>\n</body>\n</html>\n")
    return "\n".join(parts)


def html_for(release: Release, brand: Brand) -> str:
    """The real HTML writer's output if it exists, else the contract fixture."""
    try:
        from pipeline.htmlwriter import render_html
    except ImportError:
        return fixture_html(release, brand)
    return render_html(release, brand)
