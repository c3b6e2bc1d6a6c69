"""assemble: labelled blocks → Release (issue date, dateline, issuer, contacts, boilerplate, URLs)."""

from __future__ import annotations

import datetime as dt

from pipeline.assemble import assemble
from pipeline.classify import classify
from pipeline.language import load_language
from pipeline.model import ListBlock, Paragraph, Quote, Subheading
from pipeline.normalize import normalize
from pipeline.segment import segment

EN = load_language("en")


def build(text: str, code: str = "en"):
    language = load_language(code)
    return assemble(classify(segment(normalize(text)), language), language, code)


WIRE = """Acme Robotics Opens Nordic Office

New office will serve customers in four countries

STOCKHOLM, Nov. 7, 2006 /PRNewswire/ -- Acme Robotics, Inc. today announced the opening of its Nordic office.

"Scandinavia is one of our fastest-growing markets," said Jane Doe, chief executive officer of Acme Robotics.

OUR PLANS

* Hire 40 people
* Open a showroom

About Acme Robotics, Inc.

Acme Robotics designs warehouse robots. Learn more at https://www.acme.example.com.

Media Contact:
Jane Doe, +1 212-555-0100, press@acme.example.com

###
"""


def test_wire_release_fields():
    r = build(WIRE)
    assert r.headline == "Acme Robotics Opens Nordic Office"
    assert r.subheadline == "New office will serve customers in four countries"
    assert r.issued == dt.date(2006, 11, 7)
    assert r.dateline is not None and (r.dateline.city, r.dateline.distributor) == ("STOCKHOLM", "PRNewswire")
    assert r.organization == "Acme Robotics, Inc."
    assert r.end_mark == "###"
    assert r.urls == ["https://www.acme.example.com"]
    assert r.contacts_heading == "Media Contact"
    assert [(ct.name, ct.email) for ct in r.contacts] == [("Jane Doe", "press@acme.example.com")]
    assert r.boilerplate[0].heading == "About Acme Robotics, Inc."


def test_wire_release_body_order_and_lead():
    r = build(WIRE)
    assert [type(b) for b in r.body] == [Paragraph, Quote, Subheading, ListBlock]
    assert r.body[0].lead is True and r.body[0].text.startswith("Acme Robotics, Inc. today")
    quote = r.body[1]
    assert (quote.speaker, quote.role) == ("Jane Doe", "chief executive officer of Acme Robotics")
    assert r.body[3].items == ["Hire 40 people", "Open a showroom"]


def test_issue_date_with_zone_from_type_line():
    text = (
        "Exempel AB\n\nNy fabrik i Umeå\n\nPressmeddelande • Nov 07, 2006 11:58 CET\n\n"
        "Exempel AB bygger en ny fabrik i Umeå som ska stå klar nästa år.\n"
    )
    r = build(text, "sv")
    assert r.issued == dt.datetime(2006, 11, 7, 11, 58, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert r.release_type == "Pressmeddelande"
    assert r.organization == "Exempel AB"


def test_wire_header_time_without_zone_gives_date_only():
    text = (
        "Headline Of The Day\n\nBURLINGTON, ON / PR Karma / February 11, 2025 15:20\n\n"
        "The association marks its 50th anniversary this year with events across the country.\n"
    )
    r = build(text)
    assert r.issued == dt.date(2025, 2, 11)
    assert r.dateline.city == "BURLINGTON"


def test_embargo_goes_to_release_embargo_not_body():
    text = "EMBARGOED UNTIL 14 March 2024\n\nHeadline\n\nLONDON, 14 March 2024 - The company presented results.\n"
    r = build(text)
    assert r.embargo == dt.date(2024, 3, 14)
    assert all("EMBARGO" not in getattr(b, "text", "") for b in r.body)


def test_statement_from_line_alone_is_the_headline():
    text = (
        "Statement from Governor Ann Lee on the Jobs Report\n2025-01-10\n\n"
        "Today's report shows that our state added 20,000 jobs in December.\n"
    )
    r = build(text)
    assert r.headline == "Statement from Governor Ann Lee on the Jobs Report"
    assert r.release_type is None


def test_member_of_congress_is_the_issuer():
    text = (
        "Doe Introduces Bill to Lower Drug Prices\nMarch 5, 2024\n\n"
        "WASHINGTON, D.C. – Today, U.S. Senator Jane Doe (D-Calif.) introduced the Lower Drug Prices Act.\n\n"
        "“Too many families are forced to choose between medicine and food,” said Senator Doe.\n"
    )
    r = build(text)
    assert r.organization == "Jane Doe"
    assert r.dateline.city == "WASHINGTON"
    quote = next(b for b in r.body if isinstance(b, Quote))
    assert (quote.speaker, quote.role) == ("Jane Doe", "Senator")  # an office before the name is the role


def test_disclosure_sentence_gives_the_time_of_a_date_only_issue_date():
    text = (
        "Exempel AB förvärvar Test ApS\n\n"
        "Stockholm den 12 mars 2024 – Exempel AB har tecknat avtal om att förvärva samtliga aktier i Test ApS.\n\n"
        "Informationen lämnades för offentliggörande den 12 mars 2024 kl. 08.00 CET.\n"
    )
    issued = build(text, "sv").issued
    assert issued == dt.datetime(2024, 3, 12, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def test_disclosure_sentence_for_another_day_is_ignored():
    text = (
        "Exempel AB förvärvar Test ApS\n\n"
        "Stockholm den 12 mars 2024 – Exempel AB har tecknat avtal om att förvärva samtliga aktier i Test ApS.\n\n"
        "Informationen lämnades för offentliggörande den 13 mars 2024 kl. 08.00 CET.\n"
    )
    assert build(text, "sv").issued == dt.date(2024, 3, 12)


def test_attribution_line_above_a_quote_joins_the_quote():
    text = (
        "Headline\n\nThe lead paragraph of the release says what happened in the valley this week.\n\n"
        "Ruth Olsen, Regional Manager at the River Board, said:\n\n"
        "“We have listened to the people who live here and changed the plans where they asked us to.”\n"
    )
    body = build(text).body
    assert [type(b).__name__ for b in body] == ["Paragraph", "Quote"]
    assert body[1].text.startswith("Ruth Olsen, Regional Manager")
    assert (body[1].speaker, body[1].role) == ("Ruth Olsen", "Regional Manager at the River Board")


def test_from_line_names_the_issuer():
    text = (
        "Press release\n\nNew cycle bridge opens over the River Wend\n\n"
        "The bridge links the two halves of the town for people walking and cycling.\n\n"
        "From: Department for Example Transport\nPublished 2 May 2024\n\n"
        "A new cycle and footbridge over the River Wend opened today, the department announced.\n"
    )
    r = build(text)
    assert r.organization == "Department for Example Transport"
    assert r.subheadline == "The bridge links the two halves of the town for people walking and cycling."
    assert r.issued == dt.date(2024, 5, 2)


def test_english_disclosure_sentence_with_the_time_before_the_date():
    text = (
        "Acme Oyj acquires Beta AB\n\n"
        "Helsinki, 12 March 2024 – Acme Oyj has signed an agreement to acquire all shares in Beta AB.\n\n"
        "The information was submitted for publication, through the agency of the contact person set out above, "
        "at 08:00 CET on 12 March 2024.\n"
    )
    assert build(text).issued == dt.datetime(2024, 3, 12, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def test_website_line_of_a_card_is_no_boilerplate_section_of_its_own():
    text = (
        "Headline\n\nThe lead paragraph of the release says what happened, see www.acme.example.com.\n\n"
        "Media contact:\nEva Roth\nTel.: +43 1 234 5678\nWebsite: www.acme.example.com\n"
    )
    r = build(text)
    assert r.boilerplate == [] and r.urls == ["www.acme.example.com"]
    # the only mention, and no About section: no section of its own, but the text gives the URL
    r = build(text.replace("see www.acme.example.com", "see the plans"))
    assert r.boilerplate == [] and r.urls == ["www.acme.example.com"]
    # with an About section the address is kept in the boilerplate, so no URL is lost
    r = build(text.replace("see www.acme.example.com", "see the plans") + "\nAbout Acme\nAcme makes robots.\n")
    assert r.urls == ["www.acme.example.com"]


def test_embargo_is_the_issue_date_when_no_other_date_is_given():
    text = (
        "EMBARGOED UNTIL 00:01 GMT TUESDAY 11 MARCH 2025\n\n"
        "Carers charity warns of crisis in unpaid care\n\n"
        "The Carers Trust today warned that unpaid carers across the UK are at breaking point, with half "
        "saying they have had no break in a year.\n"
    )
    en = load_language("en")
    release = assemble(classify(segment(normalize(text)), en), en)
    assert release.issued == dt.datetime(2025, 3, 11, 0, 1, tzinfo=dt.UTC)
    assert release.embargo == release.issued
