"""header: the lines before the lead get their labels (type, date, dateline, metadata, titles)."""

from __future__ import annotations

from classify_support import kinds, labels

from pipeline import classify as c
from pipeline import header as h
from pipeline import labels as lb
from pipeline.language import load_language
from pipeline.normalize import normalize
from pipeline.segment import segment

EN = load_language("en")
SV = load_language("sv")
FI = load_language("fi")
DE = load_language("de")


MYNEWSDESK = """Exempelkommunen

Ny simhall öppnar i centrum

Pressmeddelande   •   Mar 14, 2024 09:00 CET

Den nya simhallen i centrum öppnar för allmänheten i april. Hallen har en 50-metersbassäng.
"""


def test_type_line_carries_the_date():
    labs = c.classify(segment(normalize(MYNEWSDESK)), SV)
    typ = next(lab for lab in labs if lab.kind == lb.RELEASE_TYPE)
    assert typ.data["type"] == "Pressmeddelande"
    assert typ.data["date"].value.isoformat() == "2024-03-14T09:00:00+01:00"


def test_embargo_line_is_not_body():
    text = (
        "EMBARGOED UNTIL 14 March 2024\n\nHeadline of the day\n\n"
        "Berlin, 14 March 2024 – The company presented its new product to the press today.\n"
    )
    got = kinds(text)
    assert got[0] == lb.EMBARGO
    assert got.count(lb.PARAGRAPH) == 1


def test_all_caps_banner_above_statement_is_the_organization():
    text = (
        "THE WHITE HOUSE\n\nStatement from the Press Secretary on the Visit\n\n"
        "The President will welcome the Prime Minister to the White House next week.\n"
    )
    got = labels(text)
    assert got[0] == (lb.ORGANIZATION, "THE WHITE HOUSE")
    assert got[1] == (lb.HEADLINE, "Statement from the Press Secretary on the Visit")


def test_type_word_line_below_the_only_title_is_the_headline():
    text = (
        "Acme Inc.\n\nNotice of Annual Meeting\n\n"
        "Acme Inc. will hold its annual meeting of shareholders on May 5, 2025 in Boston.\n"
    )
    assert labels(text)[:2] == [(lb.ORGANIZATION, "Acme Inc."), (lb.HEADLINE, "Notice of Annual Meeting")]


def test_prose_wrapped_at_a_narrow_width_is_still_the_lead():
    text = (
        "Short Wrapped Release\n\nThe city council voted on Monday to\napprove a new budget for the coming\n"
        "year that includes funding for parks,\nroads and a new library in the north\nof the city, the mayor said.\n"
    )
    assert kinds(text) == [lb.HEADLINE, lb.PARAGRAPH]


def test_type_word_and_date_on_one_line_give_both():
    text = (
        "Esimerkin kaupunki\n\nUusi uimahalli avataan keskustaan\n\nTiedote 14.3.2024 klo 9.00\n\n"
        "Uusi uimahalli avataan yleisölle huhtikuussa, ja hallissa on viisikymmentä metriä pitkä allas.\n"
    )
    labs = c.classify(segment(normalize(text)), FI)
    typ = next(lab for lab in labs if lab.kind == lb.RELEASE_TYPE)
    assert typ.data["type"] == "Tiedote"
    assert typ.data["date"].value.isoformat() == "2024-03-14"


def test_place_and_date_line_between_headline_and_lead_is_a_dateline():
    text = (
        "Neue Züge für die Bergstrecke\n\nThusis, 3. Juni 2024\n\n"
        "Die Bergbahn hat heute sechs neue Triebzüge bestellt, die ab dem Jahr 2027 verkehren sollen.\n"
    )
    labs = c.classify(segment(normalize(text)), DE)
    assert [lab.kind for lab in labs] == [lb.HEADLINE, lb.DATELINE, lb.PARAGRAPH]
    info = labs[1].data["dateline"]
    assert (info.city, info.date.value.isoformat()) == ("Thusis", "2024-06-03")


def test_wire_header_date_with_a_spelled_out_zone_is_no_paragraph():
    text = (
        "Acme Agrees to Acquire Globex for Cash\n\nDeal adds twelve plants\n\n"
        "May 6, 2024 09:30 AM Central Daylight Time\n\n"
        "CHICAGO--(BUSINESS WIRE)--Acme Inc. today announced that it will acquire Globex for cash.\n"
    )
    labs = c.classify(segment(normalize(text)), EN)
    assert [lab.kind for lab in labs] == [lb.HEADLINE, lb.SUBHEADLINE, lb.DATE, lb.PARAGRAPH]
    assert labs[2].data["date"].value.isoformat() == "2024-05-06T09:30:00-05:00"


GOVUK = """Press release

New cycle bridge opens over the River Wend

The bridge links the two halves of the town for people walking and cycling.

From: Department for Example Transport
Published 2 May 2024

A new cycle and footbridge over the River Wend opened today, the department announced.
"""


def test_summary_sentence_above_a_metadata_block_is_the_subheadline():
    got = labels(GOVUK)
    expected = [lb.RELEASE_TYPE, lb.HEADLINE, lb.SUBHEADLINE, lb.ORGANIZATION, lb.DATE, lb.PARAGRAPH]
    assert [k for k, _t in got] == expected
    assert got[3] == (lb.ORGANIZATION, "Department for Example Transport")
    segments = segment(normalize(GOVUK))
    assert h.find_lead(segments, EN) == 4


def test_headline_opening_with_a_label_word_is_still_a_title():
    text = "From Farm to Table in One Day\n\nThe cooperative opened a new dairy in the valley on Monday morning.\n"
    assert kinds(text) == [lb.HEADLINE, lb.PARAGRAPH]


def test_metadata_labels_and_values_on_separate_lines():
    text = (
        "Press release\n\nNew cycle bridge opens over the River Wend\n\n"
        "The bridge links the two halves of the town for people walking and cycling.\n\n"
        "From:\nDepartment for Example Transport\nPublished\n12 March 2024\n\n"
        "A new cycle and footbridge over the River Wend opened today, the department announced.\n"
    )
    got = labels(text)
    assert (lb.ORGANIZATION, "Department for Example Transport") in got
    date = next(lab for lab in c.classify(segment(normalize(text)), EN) if lab.kind == lb.DATE)
    assert date.data["date"].value.isoformat() == "2024-03-12"
    assert [k for k, _t in got].count(lb.PARAGRAPH) == 1


def test_highlight_bullets_under_the_headline_are_a_list():
    text = (
        "Acme Reports Record Fourth Quarter Results\n\n- Revenue up 38 percent\n- Margin up to 41 percent\n\n"
        "BOSTON, Feb. 12, 2025 (GLOBE NEWSWIRE) -- Acme Inc. today reported results for the fourth quarter.\n"
    )
    labs = c.classify(segment(normalize(text)), EN)
    assert [lab.kind for lab in labs] == [lb.HEADLINE, lb.LIST, lb.PARAGRAPH]
    assert labs[1].data["items"] == ["Revenue up 38 percent", "Margin up to 41 percent"]


def _titles(text: str, language=EN) -> dict[str, str]:
    return {k: t for k, t in labels(text, language) if k in (lb.ORGANIZATION, lb.HEADLINE, lb.SUBHEADLINE)}


def test_sentence_case_org_line_under_the_type_line_is_no_headline():
    text = (
        "TIEDOTE 3.3.2025 klo 10.00\n\nSaimaan yliopisto\n\n"
        "Uusi tutkimus: järvien happitilanne on heikentynyt\n\n"
        "Lappeenranta – Saimaan yliopiston tutkijat ovat havainneet, että järvien happitilanne on "
        "heikentynyt merkittävästi viime vuosikymmenen aikana.\n"
    )
    titles = _titles(text, FI)
    assert titles[lb.ORGANIZATION] == "Saimaan yliopisto"
    assert titles[lb.HEADLINE] == "Uusi tutkimus: järvien happitilanne on heikentynyt"


def test_letterhead_and_top_contact_block_are_no_headline():
    text = (
        "Lakeshore State University\nOffice of University Communications\n\n"
        "Contact:\nDana Whitfield\ndana.whitfield@lakeshore.edu\n(555) 201-3344\n\n"
        "FOR IMMEDIATE RELEASE\n\n"
        "Lakeshore researchers map microplastics in lake sediment\n\n"
        "New survey finds particles at every sampling site\n\n"
        "MILLBROOK, Mich. (March 4, 2025) — Researchers at Lakeshore State University have mapped "
        "microplastic particles in sediment from five lakes, finding them at every site sampled.\n"
    )
    titles = _titles(text)
    assert titles[lb.ORGANIZATION] == "Lakeshore State University"
    assert titles[lb.HEADLINE] == "Lakeshore researchers map microplastics in lake sediment"
    assert titles[lb.SUBHEADLINE] == "New survey finds particles at every sampling site"


NL = load_language("nl")


def test_sentence_case_headline_and_subheadline_on_consecutive_lines_are_split():
    text = (
        "PERSBERICHT\n\nGemeente Vallby opent nieuw zwembad in het centrum\n"
        "Bewoners kunnen vanaf 1 juni gratis zwemmen\n\n"
        "Vallby, 3 maart 2025 – De gemeente Vallby opent op 1 juni een nieuw zwembad in het centrum "
        "van de stad. Het bad heeft een wedstrijdbad en een instructiebad.\n"
    )
    titles = _titles(text, NL)
    assert titles[lb.HEADLINE] == "Gemeente Vallby opent nieuw zwembad in het centrum"
    assert titles[lb.SUBHEADLINE] == "Bewoners kunnen vanaf 1 juni gratis zwemmen"


def test_wrapped_headlines_stay_one_headline():
    nl = h._subheadline_break(["Gemeente Vallby opent nieuw zwembad in het", "Centrum van de stad"], NL, NL)
    en = h._subheadline_break(["Acme Robotics Opens New Factory", "In Ohio With 500 Jobs"], EN, EN)
    assert nl == 0 and en == 0


def test_two_line_letterhead_is_the_organization_even_when_not_repeated():
    text = (
        "Northfield College\nOffice of Communications\n\n"
        "Students win national robotics title\n\n"
        "Six students built a rescue robot that beat 40 teams from across the country at the finals on Saturday.\n"
    )
    titles = _titles(text)
    assert titles[lb.ORGANIZATION] == "Northfield College"
    assert titles[lb.HEADLINE] == "Students win national robotics title"
    assert lb.SUBHEADLINE not in titles


def test_letterhead_above_a_contact_line_in_the_same_block():
    text = (
        "City of Westbury\nDepartment of Parks and Recreation\nContact: Jane Doe, (555) 123-4567\n\n"
        "Westbury opens three new neighborhood parks\n\n"
        "Residents can use the parks from Saturday, the city's parks department said on Monday in a statement.\n"
    )
    titles = _titles(text)
    assert titles[lb.ORGANIZATION] == "City of Westbury"
    assert titles[lb.HEADLINE] == "Westbury opens three new neighborhood parks"


def test_department_word_that_is_also_a_contact_heading_closes_a_letterhead():
    text = (
        "PRESSEMITTEILUNG\n\nUniversität Beispielstadt\nPressestelle\n\n"
        "Forschende entdecken neue Bakterienart im Bodensee\n\n"
        "Konstanz, 3. März 2025 – Forschende der Universität Beispielstadt haben im Bodensee eine bisher "
        "unbekannte Bakterienart entdeckt.\n"
    )
    titles = _titles(text, DE)
    assert titles[lb.ORGANIZATION] == "Universität Beispielstadt"
    assert titles[lb.HEADLINE] == "Forschende entdecken neue Bakterienart im Bodensee"


def test_org_line_over_a_sentence_case_headline_in_one_block():
    text = (
        "TIEDOTE 3.3.2025 klo 10.00\nSaimaan yliopisto\nUusi tutkimus: järvien happitilanne on heikentynyt\n\n"
        "Tutkijat ovat havainneet, että järvien happitilanne on heikentynyt merkittävästi viime vuosikymmenen "
        "aikana koko maassa.\n"
    )
    titles = _titles(text, FI)
    assert titles[lb.ORGANIZATION] == "Saimaan yliopisto"
    assert titles[lb.HEADLINE] == "Uusi tutkimus: järvien happitilanne on heikentynyt"
