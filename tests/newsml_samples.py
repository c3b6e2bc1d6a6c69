"""Hand-built releases for the NewsML-G2 tests (the text parser is not needed to test the writer)."""

from __future__ import annotations

import datetime as dt

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


def full_release() -> Release:
    """Every field set: embargo, dateline, several contacts, quotes, lists, boilerplate, URLs."""
    return Release(
        headline="Hållbara städer – Stockholmsregionens nästa exportprodukt",
        language="sv",
        organization="Länsstyrelsen i Stockholms län",
        release_type="Pressmeddelande",
        subheadline="Femtio företrädare staka ut en gemensam strategi",
        issued=dt.datetime(2006, 11, 7, 11, 58, tzinfo=CET),
        embargo=dt.datetime(2006, 11, 8, 6, 0, tzinfo=CET),
        dateline=Dateline(text="STOCKHOLM, 7 november 2006", city="Stockholm", distributor=None),
        body=[
            Paragraph("Den 7 november går startskottet för en fördjupad dialog om miljöteknik.", lead=True),
            Quote(
                text="– Genom att bygga hållbara städer möter vi klimatförändringarna, säger Mats Hellström.",
                quote="Genom att bygga hållbara städer möter vi klimatförändringarna",
                speaker="Mats Hellström",
                role="landshövding",
            ),
            Subheading("Hammarby sjöstad som förebild"),
            Paragraph("Sjöstads-konceptet har gått på export. Läs mer på www.lansstyrelsen.se/ab."),
            ListBlock(items=["Miljöteknik", "Hållbar stadsutveckling", "Offentlig upphandling"]),
            ListBlock(items=["Anmäl dig", "Kom till mötet"], ordered=True),
            Quote(
                text="”Relationen mellan beställare och producenter måste vara tydlig.”",
                quote="Relationen mellan beställare och producenter måste vara tydlig.",
                speaker="Lena Kling",
                role=None,
            ),
        ],
        contacts=[
            Contact(
                name="Lena Kling",
                title="koordinator",
                organization="Länsstyrelsen i Stockholm",
                phone="070-342 47 00",
                phone_e164="+46703424700",
                email=None,
            ),
            Contact(
                name="Maria Gåsste",
                title="Press- och informationschef",
                organization=None,
                phone="08-785 44 32",
                phone_e164="+4687854432",
                email="maria.gasste@ab.lst.se",
            ),
            Contact(
                name=None, title=None, organization=None, phone=None, phone_e164=None, email="press@ab.lst.se"
            ),
        ],
        contacts_heading="För mer information kontakta:",
        boilerplate=[
            BoilerplateSection(
                heading="Om Länsstyrelsen",
                text="Länsstyrelsen är statens företrädare i länet.\n\n"
                "Mer på https://www.lansstyrelsen.se/stockholm.",
            ),
            BoilerplateSection(heading=None, text="Stockholm Sustainable Region är ett nätverk."),
        ],
        urls=["www.lansstyrelsen.se/ab", "https://www.lansstyrelsen.se/stockholm"],
        end_mark="###",
        source=Source(filename="000-sv-hallbara-stader.txt", sha256="0" * 64, encoding="utf-8"),
    )


def minimal_release() -> Release:
    """A headline and nothing else: the least a reader can produce."""
    return Release(headline="Kort besked")
