"""Releases built by hand for the brand/PDF tests (the PDF tests must not depend on the text parser).

The Swedish reference release is `strategies.reference_release`; these are the other two
shapes the PDF tests need: a long release with every block type and a minimal one.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from strategies import CET

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
