"""classify: body and tail blocks get the right label (whole releases run through `classify`, the entry point)."""

from __future__ import annotations

from classify_support import kinds, labels

from pipeline import classify as c
from pipeline import labels as lb
from pipeline.language import load_language
from pipeline.normalize import normalize
from pipeline.segment import segment

EN = load_language("en")
SV = load_language("sv")


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
    assert got[0] == (lb.ORGANIZATION, "Exempelkommunen")
    assert got[1] == (lb.HEADLINE, "Ny simhall öppnar i centrum")
    assert got[2][0] == lb.RELEASE_TYPE
    assert [k for k, _ in got[3:]] == [
        lb.PARAGRAPH,
        lb.QUOTE,
        lb.PARAGRAPH,
        lb.BOILERPLATE_HEADING,
        lb.BOILERPLATE,
        lb.CONTACTS_HEADING,
        lb.CONTACTS,
    ]


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
        lb.INSTRUCTION,
        lb.HEADLINE,
        lb.SUBHEADLINE,
        lb.PARAGRAPH,
        lb.SUBHEADING,  # "Key facts:" over the bullets: a label heading (rule body.list_label)
        lb.LIST,
        lb.SUBHEADING,
        lb.PARAGRAPH,
        lb.BOILERPLATE_HEADING,
        lb.BOILERPLATE,
        lb.CONTACTS_HEADING,
        lb.CONTACTS,
        lb.END_MARK,
        lb.BOILERPLATE,
    ]


def test_wire_dateline_is_split_off_the_lead():
    labs = c.classify(segment(normalize(WIRE)), EN)
    lead = next(lab for lab in labs if lab.data.get("lead"))
    info = lead.data["dateline"]
    assert (info.city, info.distributor) == ("STOCKHOLM", "PRNewswire")
    assert info.date.value.isoformat() == "2006-11-07"
    assert lead.text.startswith("Acme Robotics, Inc. today announced")


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
    assert got[0] == (lb.ORGANIZATION, "Department of Roads")
    assert got[1][0] == lb.RELEASE_TYPE
    assert (lb.CONTACTS_HEADING, "Contact") in got
    assert (lb.HEADLINE, "New bridge inspection rules take effect") in got
    assert got[-1] == (lb.END_MARK, "- END -")


def test_call_to_action_line_is_a_paragraph_not_a_subheading():
    text = (
        "Headline\n\nThe lead paragraph of the release tells the whole story in one go.\n\n"
        "READ THE FULL REPORT HERE\n\nMore text follows in this paragraph of the release.\n"
    )
    assert kinds(text)[2] == lb.PARAGRAPH


def test_dash_block_without_speaker_after_dash_quote_continues_the_quote():
    text = (
        "Rubrik\n\nIngressen berättar vad som har hänt och varför det spelar roll för alla.\n\n"
        "– Det här är en stor dag för oss, säger vd Karin Ek.\n\n– Vi ska fortsätta växa.\n"
    )
    got = kinds(text, SV)
    assert got[-2:] == [lb.QUOTE, lb.QUOTE]


def test_unheaded_about_paragraph_before_contacts_is_boilerplate():
    text = (
        "Headline\n\nThe lead paragraph explains what happened to the program this week.\n\n"
        "Second paragraph of the body with more facts about the program.\n\n"
        "Agencia Nacional de Turismo (ANT). Somos la agencia que promueve el país.\n\n"
        "Contact Details\nAna Ruiz\n\nana@ant.example.org\n"
    )
    got = kinds(text)
    assert got[3] == lb.BOILERPLATE


def test_quote_introduced_by_previous_paragraph():
    text = (
        "Headline\n\nThe lead paragraph of the release says what happened this week.\n\n"
        "Jane Doe, the press secretary, said:\n\n"
        "“The visit will deepen our partnership across many areas of shared interest.”\n"
    )
    labs = c.classify(segment(normalize(text)), EN)
    quote = labs[-1]
    assert quote.kind == lb.QUOTE
    assert (quote.data["quote"].speaker, quote.data["quote"].role) == ("Jane Doe", "press secretary")


def test_intro_sentence_and_bullets_in_one_block_are_a_paragraph_and_a_list():
    text = (
        "Headline\n\nThe lead paragraph of the release says what happened this week.\n\n"
        "The report lists three findings:\n* first finding\n* second finding that wraps\n  onto a second line\n"
        "* third finding\n"
    )
    labs = c.classify(segment(normalize(text)), EN)
    assert [lab.kind for lab in labs] == [lb.HEADLINE, lb.PARAGRAPH, lb.PARAGRAPH, lb.LIST]
    assert labs[-1].data["items"][1] == "second finding that wraps onto a second line"


def test_attribution_alone_above_a_quote_belongs_to_the_quote():
    text = (
        "Headline\n\nThe lead paragraph of the release says what happened in the valley this week.\n\n"
        "Ruth Olsen, Regional Manager for the North at the River Board, said:\n\n"
        "\u201cWe have listened to the people who live here and changed the plans where they asked us to.\u201d\n"
    )
    labs = c.classify(segment(normalize(text)), EN)
    assert [lab.kind for lab in labs] == [lb.HEADLINE, lb.PARAGRAPH, lb.ATTRIBUTION, lb.QUOTE]
    info = labs[-1].data["quote"]
    assert (info.speaker, info.role) == ("Ruth Olsen", "Regional Manager for the North at the River Board")
    assert labs[-1].data["introduction"].startswith("Ruth Olsen")


def test_prose_ending_in_a_colon_stays_a_paragraph():
    text = (
        "Headline\n\nThe lead paragraph of the release says what happened in the valley this week.\n\n"
        "The board met twice in May. Ruth Olsen, who chairs it, said:\n\n"
        "\u201cWe have listened to the people who live here and changed the plans where they asked us to.\u201d\n"
    )
    assert kinds(text)[2] == lb.PARAGRAPH


def test_contact_request_sentence_after_the_end_mark_opens_the_contacts():
    text = (
        "Headline\n\nThe lead paragraph of the release says what happened in the valley this week.\n\nENDS\n\n"
        "For interviews or further information, please contact:\nAda Berg, Press Officer, River Board\n"
        "Tel: +44 20 7946 0321\nEmail: ada.berg@riverboard.example.org\n"
    )
    assert kinds(text)[-2:] == [lb.CONTACTS_HEADING, lb.CONTACTS]


def test_note_to_editors_heading_with_a_contact_sentence_is_a_contact_block():
    nl = load_language("nl")
    text = (
        "Kop van het bericht\n\nDe eerste alinea vertelt wat er deze week in de polder is gebeurd en waarom.\n\n"
        "Over Waterschap Voorbeeld\nHet waterschap zorgt voor schoon water.\n\n"
        "Noot voor de redactie, niet voor publicatie\n"
        "Voor meer informatie kunt u contact opnemen met Eva de Wit, woordvoerder, via 06-12345678.\n"
    )
    assert kinds(text, nl)[-2:] == [lb.CONTACTS_HEADING, lb.CONTACTS]


def test_second_card_after_a_blank_line_stays_in_the_contacts():
    text = (
        "Headline\n\nThe lead paragraph of the release says what happened in the valley this week.\n\n"
        "Media contacts:\nAda Berg, Press Officer, River Board\n555-201-0114 | ada@riverboard.example.org\n\n"
        "Tom Lind, Public Information Officer, Valley County Public Health\n555-201-0177 | tom@valley.example.gov\n"
    )
    assert kinds(text)[-3:] == [lb.CONTACTS_HEADING, lb.CONTACTS, lb.CONTACTS]


def test_dashed_end_mark_is_not_a_paragraph():
    text = "Headline\n\nThe lead paragraph of the release says what happened in the valley this week.\n\n-###-\n"
    assert labels(text)[-1] == (lb.END_MARK, "-###-")


def test_single_dash_block_of_running_text_is_not_a_list():
    text = (
        "Headline\n\nThe lead paragraph of the release says what happened in the valley this week.\n\n"
        "– The council will decide on the remaining two routes at its meeting in the second week of June.\n"
    )
    assert kinds(text)[-1] == lb.PARAGRAPH


def test_website_line_in_a_contact_card_keeps_its_url():
    text = (
        "Headline\n\nThe lead paragraph of the release says what happened in the valley this week.\n\n"
        "Media contact:\nEva Roth\nTel.: +43 1 234 5678\nWebsite: https://www.example.at\n"
    )
    labs = c.classify(segment(normalize(text)), EN)
    assert [lab.kind for lab in labs][-3:] == [lb.CONTACTS_HEADING, lb.CONTACTS, lb.WEBSITE]


def test_rule_line_above_a_note_to_editors_is_layout():
    nl = load_language("nl")
    text = (
        "Kop van het bericht\n\nDe eerste alinea vertelt wat er deze week in de polder is gebeurd en waarom.\n\n"
        "----------------------------------------\nNoot voor de redactie:\n"
        "Voor meer informatie kunt u contact opnemen met Eva de Wit, woordvoerder, via 06-12345678.\n\n"
        "==========\n"
    )
    got = kinds(text, nl)
    assert got == [lb.HEADLINE, lb.PARAGRAPH, lb.CONTACTS_HEADING, lb.CONTACTS, lb.RULE]


def test_heading_printed_right_above_its_paragraph():
    text = (
        "Headline\n\nThe lead paragraph of the release says what happened in the valley this week.\n\n"
        "Conference Call\nAcme will host a conference call today at 5:00 p.m. ET to discuss the results in detail.\n\n"
        "Highlights\n- Revenue up 38 percent\n- Fourteen new customers\n"
    )
    assert labels(text)[2:] == [
        (lb.SUBHEADING, "Conference Call"),
        (lb.PARAGRAPH, "Acme will host a conference call today at 5:00 p.m. ET to discuss the results in detail."),
        (lb.SUBHEADING, "Highlights"),
        (lb.LIST, "- Revenue up 38 percent - Fourteen new customers"),
    ]


def test_hard_wrapped_paragraph_is_not_split_into_a_heading():
    text = (
        "Headline\n\nThe lead paragraph of the release says what happened in the valley this week.\n\n"
        "The council voted on Monday to approve\nthe new budget for the coming year.\n"
    )
    assert kinds(text)[2:] == [lb.PARAGRAPH]


def test_unheaded_about_paragraph_with_the_issuers_name_and_web_address_is_boilerplate():
    text = (
        "Headline\n\nThe Example Trade Association (ETA) today named a new board chair for the coming year.\n\n"
        "The new chair takes office on July 1.\n\n"
        "The Example Trade Association (ETA) – www.eta.example.org – serves 20,000 members in the trade.\n\n"
        "Contact Details\nAnn Holm\nann@eta.example.org\n"
    )
    assert kinds(text)[1:] == [lb.PARAGRAPH, lb.PARAGRAPH, lb.BOILERPLATE, lb.CONTACTS_HEADING, lb.CONTACTS]


def test_closing_paragraph_about_someone_else_stays_body():
    text = (
        "Headline\n\nThe Example Trade Association (ETA) today named a new board chair for the coming year.\n\n"
        "The city council will vote on the plan in May, see www.city.example.gov for the agenda.\n\n"
        "Contact Details\nAnn Holm\nann@eta.example.org\n"
    )
    assert kinds(text)[2] == lb.PARAGRAPH


def test_unnamed_quote_does_not_inherit_the_previous_speaker():
    from pipeline.segment import segment as seg

    text = (
        "Carers charity opens helpline\n\n"
        "LONDON, 3 March 2025 — The Carers Trust today opened a new national helpline for unpaid carers.\n\n"
        "“This helpline is a lifeline for people who care,” said Maria Collins, chief executive.\n\n"
        "One carer from Sheffield told the charity: “I did not know where to turn until I called.”\n"
    )
    quotes = [lab.data["quote"] for lab in c.classify(seg(normalize(text)), EN) if lab.kind == lb.QUOTE]
    assert [q.speaker for q in quotes] == ["Maria Collins", None]


def test_pronoun_attribution_points_at_the_person_of_the_previous_paragraph():
    from pipeline.segment import segment as seg

    text = (
        "Kommunen åbner ny svømmehal\n\n"
        "Vallby, 3. marts 2025 – Vallby Kommune åbner den 1. april en ny svømmehal i centrum med plads til 400.\n\n"
        "Borgmester Jens Holm glæder sig over den nye hal, som har kostet 120 millioner kroner.\n\n"
        "»Det er en stor dag for hele byen,« siger han.\n"
    )
    labelled = c.classify(seg(normalize(text)), load_language("da"))
    quotes = [lab.data["quote"] for lab in labelled if lab.kind == lb.QUOTE]
    assert [q.speaker for q in quotes] == ["Jens Holm"]


def test_dash_quote_with_a_pronoun_after_a_paragraph_naming_the_person():
    from pipeline.segment import segment as seg

    text = (
        "Regeringen ger 10 miljoner kronor till solenergi\n\n"
        "Regeringen har i dag beslutat att ge 10 miljoner kronor till forskning om solenergi under 2025.\n\n"
        "Klimatminister Anna Berg ser satsningen som en viktig del av omställningen.\n\n"
        "– Sverige ska vara ledande inom solenergi, säger hon.\n"
    )
    quotes = [lab.data["quote"] for lab in c.classify(seg(normalize(text)), SV) if lab.kind == lb.QUOTE]
    assert [q.speaker for q in quotes] == ["Anna Berg"]


def test_pronoun_attribution_reaches_back_past_a_paragraph_without_a_person():
    from pipeline.segment import segment as seg

    text = (
        "Carers charity opens new helpline\n\n"
        "LONDON, 3 March 2025 — The Carers Trust today opened a new national helpline for unpaid carers.\n\n"
        "Chief executive Maria Collins opened the line at an event on Monday morning.\n\n"
        "The helpline is staffed by forty trained volunteers seven days a week.\n\n"
        "“This helpline is a lifeline for people who care for someone every day,” says she.\n"
    )
    quotes = [lab.data["quote"] for lab in c.classify(seg(normalize(text)), EN) if lab.kind == lb.QUOTE]
    assert [q.speaker for q in quotes] == ["Maria Collins"]
