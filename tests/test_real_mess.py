# ruff: noqa: E501  (the releases below copy real one-line paragraphs; wrapping them would change their shape)
"""The parser on the mess real releases carry when they are pasted from web pages: wire lines,
agency tags, glued headings and cards, statements over several paragraphs, slogans in quotes,
numbered headings, footers. Every text below is invented but copies a shape seen in real copy
(not the tidy layout of a template); each test checks the rule that reads that shape and, via
`Labelled.rule`, that the rule is named."""

from __future__ import annotations

import datetime as dt

from classify_support import EN

from pipeline import classify as c
from pipeline import labels as lb
from pipeline.contacts import parse_contacts, unglue_card_line
from pipeline.dateline import parse_dateline, place_wire_line, wire_header
from pipeline.glue import split_glued, unglue_headings
from pipeline.language import all_languages, load_language
from pipeline.normalize import normalize
from pipeline.reader import read_release
from pipeline.segment import Segment, segment

DE = load_language("de")
DA = load_language("da")
FI = load_language("fi")


def _parse(text: str, name: str = "x.txt"):
    return read_release(text.encode("utf-8"), name)


def _labelled(text: str, language=EN):
    return c.classify(segment(normalize(text)), language)


POLICE = """Polizei Nordstadt

POL-NS: 240517-3. Infostand zur Fahrradsicherheit am Marktplatz - Einladung für Medienvertreter

Nordstadt (ots)

Zeit: 17.05.2024, 10:00 Uhr Ort: Marktplatz Nordstadt, Am Brunnen 2, 12345 Nordstadt

Die Polizei informiert am Freitag über sichere Fahrradschlösser und die Registrierung von Rädern. Unter dem Motto "Abschließen lohnt sich!" berät die Fahrradstaffel alle Interessierten.

Es gilt: "Lieber einmal zu viel als einmal zu wenig!" Die Beamten codieren Räder kostenlos vor Ort.

Fr.

Rückfragen bitte an:

Polizei Nordstadt

Jana Beispiel

Telefon: 0301 2345-678

E-Mail: pressestelle@polizei.nordstadt.example

Original-Content von: Polizei Nordstadt, übermittelt durch news aktuell
"""


def test_agency_tag_line_is_the_dateline_and_the_block_under_it_the_lead():
    release = _parse(POLICE)
    assert release.headline.startswith("POL-NS: 240517-3.")
    assert release.dateline is not None and release.dateline.city == "Nordstadt"
    lead = next(b for b in release.body if getattr(b, "lead", False))
    assert lead.text.startswith("Zeit: 17.05.2024")


def test_slogans_sign_off_and_agency_footer_are_not_body():
    release = _parse(POLICE)
    texts = [getattr(b, "text", "") for b in release.body]
    assert not any(type(b).__name__ == "Quote" for b in release.body)  # motto and "Es gilt:" slogan
    assert "Fr." not in texts
    assert not any(t.startswith("Original-Content") for t in texts)
    assert [c.name for c in release.contacts] == ["Jana Beispiel"]
    assert release.contacts[0].organization == "Polizei Nordstadt"
    rules = {lab.rule for lab in _labelled(POLICE, DE)}
    assert {"body.sign_off", "body.footer_line", "header.place_date"} <= rules


def test_place_wire_line_needs_a_place_and_a_short_tag():
    assert place_wire_line("Hamburg (ots)", DE).city == "Hamburg"
    assert place_wire_line("Acme Corp (NASDAQ: ACME)", EN) is None
    assert place_wire_line("Results (unaudited) for the quarter and more", EN) is None


def test_type_word_as_a_field_of_a_bar_line_with_time_and_zone():
    text = """Miljøministeriet

Ny pulje til renere havne

3.2.2023 09:15:00 CET | Miljøministeriet | Pressemeddelelse

Miljøministeren åbner i dag en pulje på 40 mio. kr. til havne, der vil skære ned på udledningerne fra skibe.

For yderligere kontakt: presse@mim.example

Information om Miljøministeriet

Miljøministeriet
Slotsholmsgade 1
1216 København K
"""
    release = _parse(text)
    assert release.release_type == "Pressemeddelelse"
    assert release.issued == dt.datetime(2023, 2, 3, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert [c.email for c in release.contacts] == ["presse@mim.example"]
    assert release.boilerplate and release.boilerplate[0].heading == "Information om Miljøministeriet"


def test_wire_name_chunk_before_the_date_and_wire_footer_lines():
    text = """Harbour Lights Festival Returns With Forty Installations

SINGAPORE – Media OutReach Newswire – 5 March 2026 – The Harbour Lights Festival returns this spring with forty light installations along the bay, the organisers announced.

The festival runs for three weeks and is free to visit.

Hashtag: #HarbourLights

https://www.harbourlights.example/

The issuer is solely responsible for the content of this announcement.
"""
    release = _parse(text)
    assert release.issued == dt.date(2026, 3, 5)
    assert release.dateline.city == "SINGAPORE"
    paragraphs = [b for b in release.body if type(b).__name__ in ("Paragraph", "Quote")]
    assert len(paragraphs) == 2
    assert "https://www.harbourlights.example/" in release.urls


def test_slashed_wire_line_with_the_place_before_the_date():
    info = wire_header("Tulsa, United States - May 2, 2025 / Prairie Dental /", EN)
    assert info is not None and info.city == "Tulsa" and info.distributor == "Prairie Dental"


def test_district_letters_glued_to_an_em_dash():
    info = parse_dateline("Washington D.C.—Today, Senator Jane Roe introduced a bill to fund rural clinics.", EN)
    assert info is not None and info.city == "Washington"
    assert info.rest.startswith("Today")


NEWSUSA = """Five Habits for a Stronger Back

(NewsUSA) - Why Does Back Pain Start So Early?

Back pain affects most adults at some point, and habits formed early make a large difference.

1. Keep Moving Through the Day

Sitting for hours stiffens the muscles that support the spine.

2. Lift With Your Legs

Bend the knees and keep the load close to the body.

Gentle exercises include:

* Walking
* Swimming
* Yoga

Learn More

For more guidance, visit:

www.backhealth.example
"""


def test_numbered_and_question_headings_and_bare_url_lines():
    release = _parse(NEWSUSA)
    heads = [b.text for b in release.body if type(b).__name__ == "Subheading"]
    assert heads == ["1. Keep Moving Through the Day", "2. Lift With Your Legs", "Learn More"]
    lists = [b for b in release.body if type(b).__name__ == "ListBlock"]
    assert [x.items for x in lists] == [["Walking", "Swimming", "Yoga"]]
    paragraphs = [b.text for b in release.body if type(b).__name__ in ("Paragraph", "Quote")]
    assert "www.backhealth.example" not in paragraphs
    assert "www.backhealth.example" in release.urls


def test_loose_numbered_items_stay_a_list():
    text = "Title Of The Release\n\nThe council met today and agreed on the following points for the coming year.\n\n1. Budget\n\n2. Roads\n"
    kinds = [lab.kind for lab in _labelled(text)]
    assert lb.SUBHEADING not in kinds[2:3]  # "1. Budget" is followed by the next item


def test_title_case_question_line_is_a_subheading():
    text = "Acme Opens A New Plant\n\nAcme opened a new plant in Riverton today, creating 200 jobs in the region.\n\nWhat Does the Plant Make?\n\nThe plant makes bicycle frames from recycled aluminium for the European market.\n"
    labs = _labelled(text)
    assert (lb.SUBHEADING, "What Does the Plant Make?") in [(lab.kind, lab.text) for lab in labs]


def test_unbulleted_name_list_under_a_colon_intro():
    text = """Mayor Names Members Of The Youth Council

Today, Mayor Ann Lee named the first members of the city's youth council.

The following residents have been appointed:

Maria Olsen
Tom Berg
Aisha Khan
Li Wei

The council meets for the first time in May.
"""
    release = _parse(text)
    lists = [b for b in release.body if type(b).__name__ == "ListBlock"]
    assert lists and lists[0].items == ["Maria Olsen", "Tom Berg", "Aisha Khan", "Li Wei"]


STATEMENT = """Roe Introduces Bill To Protect Rural Clinics
May 2, 2024

Washington D.C.—Today, May 2, 2024,Congresswoman Jane Roe (ST-01)introduced a bill to protect rural clinics from closure.

“Rural clinics are closing at a rate we have not seen in decades. Families now drive for hours to see a doctor, and the clinics that remain cannot hire the staff they need.

The federal government has a duty to keep these clinics open, and this bill gives them the funding and the staff to stay open for the next ten years,”said the Congresswoman.

“The clinics are the backbone of our rural communities and we cannot let them close one by one.

They deserve the same support that city hospitals have had for years, and this bill delivers it,”she continued.

On May 1, she hosted a roundtable entitled “Rural Health, Rural Futures, and the Road Ahead: Keeping America's Clinics Open,” with doctors and patients.
"""


def test_statement_over_several_paragraphs_is_one_speakers():
    release = _parse(STATEMENT)
    quotes = [b for b in release.body if type(b).__name__ == "Quote"]
    assert [q.speaker for q in quotes] == ["Jane Roe"] * 4
    assert [q.role for q in quotes] == [None, "Congresswoman", None, None]
    assert release.dateline.city == "Washington"
    rules = [lab.rule for lab in _labelled(STATEMENT) if lab.kind == lb.QUOTE]
    assert rules.count("body.statement_close") == 2


def test_attribution_line_without_a_dash_and_credentials_in_a_card():
    text = """Acme Robotics Opens Its First Training Centre

Boston, MA, May 2, 2025 – Acme Robotics, Inc. today opened its first training centre for surgeons in Boston.

“Surgeons can now train on the same system they will use in the operating room,” the company said in its statement today.

“This centre is the first of ten we will open this year across the country and abroad.”

Dr. Jane Roe, Chair and Chief Executive Officer of Acme Robotics

Investor Contact:
The Ledger Group
Kalle Berg, CFA
T: (303) 555-0199
kberg@ledger.example
"""
    release = _parse(text)
    quotes = [b for b in release.body if type(b).__name__ == "Quote"]
    assert quotes[-1].speaker == "Jane Roe"
    assert quotes[-1].role == "Chair and Chief Executive Officer of Acme Robotics"
    assert [(c.name, c.organization, c.email) for c in release.contacts] == [
        ("Kalle Berg", "The Ledger Group", "kberg@ledger.example")
    ]


def test_finnish_closing_verb_names_the_speaker():
    text = """Yhdistys vaatii selvitystä

Yhdistys vaatii poliisilta selvitystä keräyslupien käsittelystä, kertoo yhdistyksen hallitus tiedotteessaan.

"Päätös lähettää viestin koko kansalaisyhteiskunnalle ja siksi se on perusteltava huolellisesti", yhdistyksen hallituksen jäsen Maija Meikäläinen päättää.
"""
    release = _parse(text)
    quotes = [b for b in release.body if type(b).__name__ == "Quote"]
    assert quotes and quotes[-1].speaker == "Maija Meikäläinen"


def test_glued_about_and_contact_inside_one_paragraph():
    mul = all_languages()
    seg = Segment(
        (
            "The figures remain subject to audit and will be published in full on 31 March.About Flexon SE:"
            "The Flexon Group makes hose systems in nine countries.IR contact:Ann Weber, ann.weber@ir.example",
        ),
        7,
    )
    parts = split_glued(seg, EN, mul)
    assert [p.first.split(":")[0] for p in parts] == [
        "The figures remain subject to audit and will be published in full on 31 March.",
        "About Flexon SE",
        "IR contact",
    ]
    assert parts[1].first.startswith("About Flexon SE: The Flexon")


def test_heading_glued_to_its_first_line():
    mul = all_languages()
    seg = Segment(("ContactJane Roe Brightline PR Email Us Here",), 3)
    assert unglue_headings(seg, EN, mul).lines == ("Contact", "Jane Roe Brightline PR Email Us Here")
    about = Segment(("About NORDLICHTNORDLICHT builds solar parks.",), 9)
    assert unglue_headings(about, EN, mul).lines == ("About NORDLICHT", "NORDLICHT builds solar parks.")
    tidy = Segment(("Contact details are on the website.",), 1)
    assert unglue_headings(tidy, EN, mul) is tidy


def test_card_line_run_together_is_parsed_per_field():
    line = "Investor RelationsDana StoneE: dana@board.example T: 403-555-0176"
    assert unglue_card_line(line, EN) == "Investor Relations | Dana Stone | E: dana@board.example | T: 403-555-0176"
    people = parse_contacts([line], EN)
    assert [(p.name, p.email, p.phone) for p in people] == [("Dana Stone", "dana@board.example", "403-555-0176")]


def test_contact_request_in_a_paragraph_gives_the_first_phone_and_email():
    text = """Harbour Hotel Lights Up The Square

San Francisco, June 3, 2025 – The Harbour Hotel will light up the square every night this summer.

Media please note: For interviews and photos, please contact Ann Lee at (415) 555-0142 or ann@harbourpr.example.

Contact Details
Harbour PR Inc.

Ann Lee

+1 415-555-0199

hotel@harbourpr.example
"""
    release = _parse(text)
    assert [(c.name, c.phone, c.email) for c in release.contacts] == [
        ("Ann Lee", "(415) 555-0142", "ann@harbourpr.example")
    ]


def test_call_to_action_without_a_name_is_no_contact():
    text = """Library Extends Opening Hours

Riverton, May 5, 2025 – The city library will open until 10 p.m. on weekdays from June.

For questions, please contact our office at (555) 555-0100 or info@library.example.
"""
    assert _parse(text).contacts == []


def test_long_clause_line_under_the_headline_is_the_lead_not_a_subheadline():
    text = """Hilltop Town Becomes Carbon Neutral

En esta línea, se implementaron cuatro procesos para reutilizar residuos: una planta compactadora de plástico y cartón; una planta de biodiésel para aceite usado de restaurantes y hoteles; una planta de pirólisis de

Hoy, en el aniversario de su fundación, el pueblo recibió la certificación de carbono neutral por sus medidas.
"""
    release = _parse(text)
    assert release.subheadline is None
    lead = next(b for b in release.body if getattr(b, "lead", False))
    assert lead.text.startswith("En esta línea")


def test_every_block_names_its_rule():
    for text in (POLICE, NEWSUSA, STATEMENT):
        assert all(lab.rule for lab in _labelled(text))


WIRE_PAGE = """EMBARGOED UNTIL 00:01 GMT, Tuesday 3 March 2026

March 3, 2026 07:00 ET | Source: Nordlicht Systems Inc.

Nordlicht Systems Reports Record Fourth Quarter Revenue

OSLO, Norway, March 3, 2026 (GLOBE NEWSWIRE) -- Nordlicht Systems Inc. (NASDAQ: NRDL) today reported record revenue of $48 million for the fourth quarter, up 31% from a year earlier.

"We closed the year with our strongest quarter ever," said Kari Nordmann, Chief Executive Officer of Nordlicht Systems.

For more details visit: About Nordlicht Systems: Nordlicht Systems Inc. builds grid software for utilities in 14 countries. Media Contact: Jane Roe, JRoe@brightline.example

Tom Ek
Brightline PR
+1 212 555 0188
"""


def test_wire_page_header_line_embargo_and_a_card_glued_into_the_last_paragraph():
    release = _parse(WIRE_PAGE)
    assert release.headline == "Nordlicht Systems Reports Record Fourth Quarter Revenue"
    assert release.subheadline is None
    assert release.issued == dt.datetime(2026, 3, 3, 7, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert release.embargo == dt.datetime(2026, 3, 3, 0, 1, tzinfo=dt.UTC)
    assert release.boilerplate[0].heading == "About Nordlicht Systems"
    assert [(c.name, c.email) for c in release.contacts][:1] == [("Jane Roe", "JRoe@brightline.example")]
    assert ("Tom Ek", "Brightline PR") in [(c.name, c.organization) for c in release.contacts]
    header = [lab for lab in _labelled(WIRE_PAGE) if lab.rule == "header.bar_date_line"]
    assert header and header[0].data["sender"] == "Nordlicht Systems Inc."


def test_paragraphs_joined_by_runs_of_spaces_are_split_but_two_space_typing_is_not():
    from pipeline.glue import split_space_runs

    joined = Segment(
        ("BOISE, ID, May 1, 2025 /24-7PressRelease/ -- Acme opened a store. It has ten staff.   Launched in May, the store sells tools.  Acme was founded in 1990.",),
        3,
    )
    parts = [p.first for p in split_space_runs(joined)]
    assert parts[1:] == ["Launched in May, the store sells tools.", "Acme was founded in 1990."]
    typist = Segment(("Acme opened a store.  It has ten staff.  The store sells tools.",), 3)
    assert split_space_runs(typist) == [typist]


def test_about_name_glued_to_a_paragraph_that_repeats_part_of_it():
    mul = all_languages()
    seg = Segment(("About Beijing Lotus HallLotus Hall was founded in 1890 and runs 40 shops.",), 1)
    assert unglue_headings(seg, EN, mul).lines == ("About Beijing Lotus Hall", "Lotus Hall was founded in 1890 and runs 40 shops.")
    camel = Segment(("About VinDynamics Robotics builds arms for factories.",), 1)
    assert unglue_headings(camel, EN, mul) is camel


def test_more_dateline_shapes_from_wire_copy():
    glued = parse_dateline("COLOMBO, SRI LANKA- Media OutReach Newswire - 9 July 2026 - On July 4 the fair opened in the port.", EN)
    assert (glued.city, glued.distributor, glued.date.value) == ("COLOMBO", "Media OutReach Newswire", dt.date(2026, 7, 9))
    comma = parse_dateline("HONG KONG, 01 Nov, 2024, Hong Kong Design Centre is pleased to announce the laureates of its awards.", EN)
    assert comma.city == "HONG KONG" and comma.rest.startswith("Hong Kong Design Centre")
    two = parse_dateline("DALLAS and ITASCA, IL - October 23, 2025 (NEWMEDIAWIRE) - The academies released new guidelines today.", EN)
    assert two.city == "DALLAS and ITASCA" and two.date.value == dt.date(2025, 10, 23)
    after = parse_dateline("August 19, 2026 – Miami, Florida: KeyCrew Media announced a partnership with a realty network today.", EN)
    assert after.city == "Miami" and after.rest.startswith("KeyCrew Media")
    prose = parse_dateline("Smith, the new chair, said the vote - held on Monday - went well for the members.", EN)
    assert prose is None or prose.city is None


def test_instruction_line_with_a_date_dates_the_release():
    text = "Gas Main Upgrades Begin In Sellersville\n\nFOR IMMEDIATE RELEASE - JUNE 15, 2026\n\nThe utility began upgrading gas mains in the borough this week, the company said in a statement.\n"
    assert _parse(text).issued == dt.date(2026, 6, 15)


def test_wrapped_paragraph_lines_are_no_subheadings():
    mul = all_languages()
    for line in (
        "divided into numerous digital tokens, each of which stands for the underlying",
        "Acme builds tokenization, pertaining to the process wherein an asset is",
        "rights and obligations. The purpose of smart",
    ):
        assert not c.is_subheading(Segment((line,), 1), EN, mul), line
    assert c.is_subheading(Segment(("Expanding Global Reach with International Top-Up",), 1), EN, mul)


def test_about_heading_run_into_its_text_with_one_space():
    text = """Dayfold Launches An Assistant For Clinics

SINGAPORE - Media OutReach Newswire - 18 June 2026 - Dayfold today launched an assistant that books appointments for small clinics.

The assistant answers calls in four languages.

About Dayfold Dayfold is an AI platform company headquartered in Singapore. Its products serve 900 clinics.
"""
    release = _parse(text)
    assert [(s.heading, s.text[:9]) for s in release.boilerplate] == [("About Dayfold", "Dayfold i")]
    assert len([b for b in release.body if type(b).__name__ == "Paragraph"]) == 2


def test_closing_paragraph_about_the_company_is_its_unheaded_about():
    text = """Lendra Group Opens Its Baltic Office

TALLINN, Estonia - May 5, 2025 (NEWMEDIAWIRE) - Lendra Group has opened an office in Riga to serve small businesses in Latvia.

The office employs twelve people.

Lendra Group is a fintech company established in 2008 in Estonia. The Group lends to small firms in four countries.

www.lendra.example
"""
    release = _parse(text)
    assert release.boilerplate and release.boilerplate[0].text.startswith("Lendra Group is a fintech company")
    bio = text.replace("Lendra Group is a fintech company established in 2008 in Estonia.", "Mark Gordon is the partner of the firm.")
    assert not any(s.text.startswith("Mark Gordon") for s in _parse(bio).boilerplate)
    pronoun = text.replace("Lendra Group is a fintech company", "This is a fintech company")
    assert not any(s.text.startswith("This is") for s in _parse(pronoun).boilerplate)


def test_title_case_heading_glued_to_its_paragraph():
    mul = all_languages()
    seg = Segment(("How It WorksThe exchange keeps fees low for its users.",), 1)
    assert unglue_headings(seg, EN, mul).lines == ("How It Works", "The exchange keeps fees low for its users.")
    brand = Segment(("Quick & Easy Sign-Up CouldSee lets members join in a minute.",), 1)
    assert unglue_headings(brand, EN, mul) is brand
    caps = Segment(("Contact DetailsJTC Team, LLC",), 1)
    assert unglue_headings(caps, EN, mul).lines == ("Contact Details", "JTC Team, LLC")


def test_republication_note_above_the_lead_is_not_body():
    text = """Harbour Council Approves New Ferry Route

Republished with permission from the Harbour Gazette.

The harbour council approved a new ferry route between the two islands on Monday, starting in June.

The route will run every hour.
"""
    release = _parse(text)
    assert release.subheadline is None
    assert next(b for b in release.body if getattr(b, "lead", False)).text.startswith("The harbour council")
    assert not any(getattr(b, "text", "").startswith("Republished") for b in release.body)


def test_agency_card_naming_two_people_gives_two_contacts():
    people = parse_contacts(["Media inquiries:", "Brightline PR, c/o Ann Lee or Tom Ek", "press@brightline.example"], EN)
    assert [(p.name, p.organization, p.email) for p in people] == [
        ("Ann Lee", "Brightline PR", "press@brightline.example"),
        ("Tom Ek", "Brightline PR", "press@brightline.example"),
    ]
    heading = parse_contacts(["Media Contact:", "Forward Looking Statements and Safe Harbor"], EN)
    assert all(p.name != "Forward Looking Statements" for p in heading)


def test_one_line_contact_sentence_is_a_contact_not_a_paragraph():
    text = """Acme Opens New Plant In Riverton

RIVERTON, May 2, 2025 – Acme Corp. opened a new plant in Riverton today, creating 200 jobs in the region.

The plant makes bicycle frames.

For more information, contact Jane Doe at jane@acme.example or 555-123-4567.
"""
    release = _parse(text)
    assert [(c.name, c.email, c.phone) for c in release.contacts] == [("Jane Doe", "jane@acme.example", "555-123-4567")]
    assert len([b for b in release.body if type(b).__name__ == "Paragraph"]) == 2


def test_about_heading_with_a_ticker_keeps_its_colon():
    from pipeline.cues import boilerplate_heading

    mul = all_languages()
    assert boilerplate_heading("About Acme Corp. (NASDAQ: ACME)", mul, EN)[:2] == ("About Acme Corp. (NASDAQ: ACME)", "Acme Corp. (NASDAQ: ACME)")
    heading, _org, inline = boilerplate_heading("About Acme Corp. (OTC: ACME): Acme makes bicycles.", mul, EN)
    assert heading == "About Acme Corp. (OTC: ACME)" and inline == "Acme makes bicycles."
    assert boilerplate_heading("Acme in Brief", mul, EN)[1] == "Acme"


def test_headless_card_printed_one_field_per_paragraph():
    text = """BlastPad Opens Its Launch Platform To New Chains

BlastPad today opened its launch platform to three more blockchains, the company said in a statement on Monday.

The platform now supports nine chains.

Jay Wheeler

team@blastpad.example

Disclaimer: The information provided in this press release is not a solicitation for investment.
"""
    release = _parse(text)
    assert [(c.name, c.email) for c in release.contacts] == [("Jay Wheeler", "team@blastpad.example")]
    assert not any(getattr(b, "text", "") == "Jay Wheeler" for b in release.body)
