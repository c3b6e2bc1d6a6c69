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


def test_senders_of_type_line_name_the_organization():
    text = (
        "Pressmeddelande från Anna Berg, Finansdepartementet\n2026-06-25\n\nNytt stöd till kommunerna\n\n"
        "Regeringen har beslutat om ett nytt stöd till kommunerna på två miljarder kronor.\n"
    )
    r = build(text, "sv")
    assert r.organization == "Finansdepartementet"
    assert r.headline == "Nytt stöd till kommunerna"
    assert r.issued == dt.date(2026, 6, 25)


def test_organization_from_web_domain_initials_and_full_name_before_acronym():
    text = (
        "A Fellow For Inclusion\n\nThe Northern Valley Arts Council (NVAC) named a new fellow today, "
        "it said in a statement.\n\nMedia Contact: Kim Lee – kim@nvac.org – 555-0100\n"
    )
    r = build(text)
    assert r.organization == "Northern Valley Arts Council"


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


def test_company_owning_a_title_at_the_start_of_the_lead_is_the_issuer():
    text = (
        "Trust Stamp Joins The Global Compact\n\n"
        "Trust Stamp Vice President Jonathan Smith joined a panel to unveil a milestone for the company.\n"
    )
    assert build(text).organization == "Trust Stamp"


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
    assert (quote.speaker, quote.role) == ("Jane Doe", None)


def test_most_named_about_section_wins_over_a_list_or_partner():
    text = (
        "Acme Ranks On The Fast List\n\n"
        "ATLANTA, GA, August 18, 2025 /24-7PressRelease/ -- Acme Marketing joined the Fast 500 list.\n\n"
        "About the Fast 500 List: The list ranks private companies by growth.\n\n"
        "About Acme Marketing: Acme Marketing helps law firms grow. Acme Marketing was founded in 2010.\n"
    )
    assert build(text).organization == "Acme Marketing"


def test_about_the_company_is_not_an_organization_name():
    text = (
        "Acme Launches Widget\n\n"
        "NEW YORK, March 5, 2024 /PRNewswire/ -- Acme Inc. today launched a widget. The company is growing.\n\n"
        "About the Company\n\nAcme Inc. makes widgets. Visit www.acme.com.\n"
    )
    r = build(text)
    assert r.organization == "Acme Inc."
    assert r.boilerplate[0].heading == "About the Company"
