"""classify: each block (or header line) gets the right label, from the language's cue words."""

from __future__ import annotations

from pipeline import classify as c
from pipeline.language import load_language
from pipeline.normalize import normalize
from pipeline.segment import segment

EN = load_language("en")
SV = load_language("sv")


def labels(text: str, language=EN) -> list[tuple[str, str]]:
    return [(lab.kind, lab.text) for lab in c.classify(segment(normalize(text)), language)]


def kinds(text: str, language=EN) -> list[str]:
    return [k for k, _t in labels(text, language)]


MYNEWSDESK = """Exempelkommunen

Ny simhall öppnar i centrum

Pressmeddelande   •   Mar 14, 2024 09:00 CET

Den nya simhallen i centrum öppnar för allmänheten i april. Hallen har en 50-metersbassäng.

– Vi har väntat länge på den här dagen och nu kan alla simma året runt, säger kommunalråd Eva Lund.

Simhallen har kostat 400 miljoner kronor.

Om Exempelkommunen
Exempelkommunen har 40 000 invånare.

För mer information kontakta:
Eva Lund, kommunalråd, tel 070-111 22 33
"""


def test_mynewsdesk_layout():
    got = labels(MYNEWSDESK, SV)
    assert got[0] == (c.ORGANIZATION, "Exempelkommunen")
    assert got[1] == (c.HEADLINE, "Ny simhall öppnar i centrum")
    assert got[2][0] == c.RELEASE_TYPE
    assert [k for k, _ in got[3:]] == [
        c.PARAGRAPH,
        c.QUOTE,
        c.PARAGRAPH,
        c.BOILERPLATE_HEADING,
        c.BOILERPLATE,
        c.CONTACTS_HEADING,
        c.CONTACTS,
    ]


def test_type_line_carries_the_date():
    labs = c.classify(segment(normalize(MYNEWSDESK)), SV)
    typ = next(lab for lab in labs if lab.kind == c.RELEASE_TYPE)
    assert typ.data["type"] == "Pressmeddelande"
    assert typ.data["date"].value.isoformat() == "2024-03-14T09:00:00+01:00"


WIRE = """FOR IMMEDIATE RELEASE

Acme Robotics Opens Nordic Office

New office will serve customers in four countries

STOCKHOLM, Nov. 7, 2006 /PRNewswire/ -- Acme Robotics, Inc. today announced the opening of its Nordic office.

Key facts:

* 40 employees by 2007
* Support in Swedish, Norwegian and Danish

A LARGE MARKET

The Nordic market for warehouse robots grew 30 percent last year.

About Acme Robotics

Acme Robotics designs warehouse robots.

Media Contact:
John Smith
press@acme.example.com

###

This line comes after the end mark.
"""


def test_wire_layout():
    got = kinds(WIRE)
    assert got == [
        c.INSTRUCTION,
        c.HEADLINE,
        c.SUBHEADLINE,
        c.PARAGRAPH,
        c.PARAGRAPH,
        c.LIST,
        c.SUBHEADING,
        c.PARAGRAPH,
        c.BOILERPLATE_HEADING,
        c.BOILERPLATE,
        c.CONTACTS_HEADING,
        c.CONTACTS,
        c.END_MARK,
        c.BOILERPLATE,
    ]


def test_wire_dateline_is_split_off_the_lead():
    labs = c.classify(segment(normalize(WIRE)), EN)
    lead = next(lab for lab in labs if lab.data.get("lead"))
    info = lead.data["dateline"]
    assert (info.city, info.distributor) == ("STOCKHOLM", "PRNewswire")
    assert info.date.value.isoformat() == "2006-11-07"
    assert lead.text.startswith("Acme Robotics, Inc. today announced")


def test_business_wire_dateline():
    info = c.parse_dateline("NEW YORK--(BUSINESS WIRE)--Globex Corporation today reported record revenue.", EN)
    assert (info.city, info.distributor) == ("NEW YORK", "BUSINESS WIRE")
    assert info.rest.startswith("Globex")


def test_sentence_with_a_dash_is_not_a_dateline():
    assert c.parse_dateline("In 2013, the group – along with partners – built a new campground.", EN) is None
    assert c.parse_dateline("Farm Forward, a nonprofit – said today that it will sue.", EN) is None


GOVERNMENT = """Department of Roads
News release

Contact: Pat Jones, 555-0142, pat.jones@roads.example.gov

New bridge inspection rules take effect

WASHINGTON, March 3, 2025 - The Department of Roads today issued new rules for the inspection of bridges.

The rules require inspections every two years.

- END -
"""


def test_government_layout_with_contact_at_top_and_end_mark():
    got = labels(GOVERNMENT)
    assert got[0] == (c.ORGANIZATION, "Department of Roads")
    assert got[1][0] == c.RELEASE_TYPE
    assert (c.CONTACTS_HEADING, "Contact") in got
    assert (c.HEADLINE, "New bridge inspection rules take effect") in got
    assert got[-1] == (c.END_MARK, "- END -")


def test_embargo_line_is_not_body():
    text = (
        "EMBARGOED UNTIL 14 March 2024\n\nHeadline of the day\n\n"
        "Berlin, 14 March 2024 – The company presented its new product to the press today.\n"
    )
    got = kinds(text)
    assert got[0] == c.EMBARGO
    assert got.count(c.PARAGRAPH) == 1


def test_call_to_action_line_is_a_paragraph_not_a_subheading():
    text = (
        "Headline\n\nThe lead paragraph of the release tells the whole story in one go.\n\n"
        "READ THE FULL REPORT HERE\n\nMore text follows in this paragraph of the release.\n"
    )
    assert kinds(text)[2] == c.PARAGRAPH


def test_end_marks():
    mul = c.all_languages()
    for mark in ("###", "# # #", "-30-", "- END -", "- ende -", "ENDS"):
        assert c.end_mark(mark, mul) == mark
    assert c.end_mark("The end of an era", mul) is None
    assert c.end_mark("Ende", mul) is None  # a bare word needs the form of a mark


def test_about_headings_in_several_languages():
    mul = c.all_languages()
    for line, org in [
        ("About Acme Inc.", "Acme Inc."),
        ("Om Exempel AB", "Exempel AB"),
        ("Über Beispiel GmbH", "Beispiel GmbH"),
        ("Acerca de OCEAN:", "OCEAN"),
        ("À propos de Exemple", "Exemple"),
        ("Tietoa Esimerkki Oy:stä", None),
    ]:
        found = c.boilerplate_heading(line, mul, mul)
        if org is None:
            continue
        assert found is not None and found[1] == org, line
    assert c.boilerplate_heading("About 200 people attended the opening.", mul, mul) is None


def test_dash_block_without_speaker_after_dash_quote_continues_the_quote():
    text = (
        "Rubrik\n\nIngressen berättar vad som har hänt och varför det spelar roll för alla.\n\n"
        "– Det här är en stor dag för oss, säger vd Karin Ek.\n\n– Vi ska fortsätta växa.\n"
    )
    got = kinds(text, SV)
    assert got[-2:] == [c.QUOTE, c.QUOTE]


def test_unheaded_about_paragraph_before_contacts_is_boilerplate():
    text = (
        "Headline\n\nThe lead paragraph explains what happened to the program this week.\n\n"
        "Second paragraph of the body with more facts about the program.\n\n"
        "Agencia Nacional de Turismo (ANT). Somos la agencia que promueve el país.\n\n"
        "Contact Details\nAna Ruiz\n\nana@ant.example.org\n"
    )
    got = kinds(text)
    assert got[3] == c.BOILERPLATE


def test_slash_separated_wire_dateline():
    info = c.parse_dateline("NEW YORK, NY / ACCESSWIRE / February 11, 2025 / Acme Inc. today said it grew.", EN)
    assert (info.city, info.distributor) == ("NEW YORK", "ACCESSWIRE")
    assert info.date.value.isoformat() == "2025-02-11"
    assert info.rest.startswith("Acme Inc.")


def test_all_caps_banner_above_statement_is_the_organization():
    text = (
        "THE WHITE HOUSE\n\nStatement from the Press Secretary on the Visit\n\n"
        "The President will welcome the Prime Minister to the White House next week.\n"
    )
    got = labels(text)
    assert got[0] == (c.ORGANIZATION, "THE WHITE HOUSE")
    assert got[1] == (c.HEADLINE, "Statement from the Press Secretary on the Visit")


def test_quote_introduced_by_previous_paragraph():
    text = (
        "Headline\n\nThe lead paragraph of the release says what happened this week.\n\n"
        "Jane Doe, the press secretary, said:\n\n"
        "“The visit will deepen our partnership across many areas of shared interest.”\n"
    )
    labs = c.classify(segment(normalize(text)), EN)
    quote = labs[-1]
    assert quote.kind == c.QUOTE
    assert (quote.data["quote"].speaker, quote.data["quote"].role) == ("Jane Doe", "press secretary")


def test_dateline_only_line_above_the_lead():
    info = c.parse_dateline("Burlington, ON – February 11th, 2025", EN)
    assert info is not None and info.rest == ""
    assert info.city == "Burlington"
    assert info.date.value.isoformat() == "2025-02-11"
    text = (
        "Headline Of The Day\n\nBurlington, ON – February 11th, 2025\n\n"
        "The association marks its 50th anniversary this year with events across the country.\n"
    )
    assert kinds(text) == [c.HEADLINE, c.DATELINE, c.PARAGRAPH]


def test_type_word_line_below_the_only_title_is_the_headline():
    text = (
        "Acme Inc.\n\nNotice of Annual Meeting\n\n"
        "Acme Inc. will hold its annual meeting of shareholders on May 5, 2025 in Boston.\n"
    )
    assert labels(text)[:2] == [(c.ORGANIZATION, "Acme Inc."), (c.HEADLINE, "Notice of Annual Meeting")]


def test_prose_wrapped_at_a_narrow_width_is_still_the_lead():
    text = (
        "Short Wrapped Release\n\nThe city council voted on Monday to\napprove a new budget for the coming\n"
        "year that includes funding for parks,\nroads and a new library in the north\nof the city, the mayor said.\n"
    )
    assert kinds(text) == [c.HEADLINE, c.PARAGRAPH]


def test_intro_sentence_and_bullets_in_one_block_are_a_paragraph_and_a_list():
    text = (
        "Headline\n\nThe lead paragraph of the release says what happened this week.\n\n"
        "The report lists three findings:\n* first finding\n* second finding that wraps\n  onto a second line\n"
        "* third finding\n"
    )
    labs = c.classify(segment(normalize(text)), EN)
    assert [lab.kind for lab in labs] == [c.HEADLINE, c.PARAGRAPH, c.PARAGRAPH, c.LIST]
    assert labs[-1].data["items"][1] == "second finding that wraps onto a second line"
