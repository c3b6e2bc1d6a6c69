"""cues: one-line predicates from the language's cue words (end marks, headings, type, metadata, cards)."""

from __future__ import annotations

import pytest

from pipeline import cues as c
from pipeline import labels as lb
from pipeline.language import all_languages, load_language

EN = load_language("en")
SV = load_language("sv")
FI = load_language("fi")
MUL = all_languages()


def test_end_marks():
    mul = all_languages()
    for mark in ("###", "# # #", "-30-", "- END -", "- ende -", "ENDS"):
        assert c.end_mark(mark, mul) == mark
    assert c.end_mark("The end of an era", mul) is None
    assert c.end_mark("Ende", mul) is None  # a bare word needs the form of a mark


def test_about_headings_in_several_languages():
    mul = all_languages()
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


@pytest.mark.parametrize(
    "mark", ["-###-", "- ### -", "# # #", "—30—", "- 30 -", "-ENDS-", "– ENDE –", "/ENDS", "---o0o---", "-oOo-", "oOo"]
)
def test_end_marks_with_dashes_around(mark):
    assert c.end_mark(mark, MUL) == mark


@pytest.mark.parametrize("line", ["30", "#1 in the market", "----", "- 30 days -", "Ooo", "Zoo"])
def test_not_end_marks(line):
    assert c.end_mark(line, MUL) is None


def test_contact_request_line_is_a_heading():
    assert c.contact_heading("For interviews or further information, please contact:", MUL, EN) is not None
    assert c.contact_heading("För frågor om projektet, kontakta:", MUL, SV) is not None
    assert c.contact_heading("The city will contact residents in May.", MUL, EN) is None


def test_heading_followed_by_a_second_heading_phrase():
    found = c.contact_heading("Noot voor de redactie, niet voor publicatie", MUL, load_language("nl"))
    assert found == ("Noot voor de redactie, niet voor publicatie", "")


def test_type_word_followed_by_a_date():
    assert c.release_type("Tiedote 14.3.2024 klo 9.00", MUL, FI) == ("Tiedote", "14.3.2024 klo 9.00")
    assert c.release_type("Pressmeddelande 2024 års rapport", MUL, SV) is None


def test_metadata_lines():
    lab = c.metadata_line("From: Department for Example Transport", MUL, EN)
    assert lab is not None and (lab.kind, lab.text) == (lb.ORGANIZATION, "Department for Example Transport")
    lab = c.metadata_line("Published 2 May 2024", MUL, EN)
    assert lab is not None and lab.kind == lb.DATE and lab.data["date"].value.isoformat() == "2024-05-02"
    lab = c.metadata_line("Last updated: 3 May 2024", MUL, EN)
    assert lab is not None and lab.kind == lb.DATE
    lab = c.metadata_line("Part of: Cycling and walking", MUL, EN)
    assert lab is not None and lab.kind == lb.METADATA
    assert c.metadata_line("From farm to table in one day", MUL, EN) is None


def test_comma_separated_card_line_is_cardish():
    lines = [
        "Tom Lind, Public Information Officer, Valley County Public Health",
        "555-201-0177 | tom@valley.example.gov",
    ]
    assert c.is_cardish(lines, EN)
    assert not c.is_cardish(["The county, which has 40,000 residents, opened two new clinics this spring."], EN)


def test_contact_heading_with_a_qualifier():
    de = load_language("de")
    assert c.contact_heading("Kontakt für Medienvertreter:", MUL, de) == ("Kontakt für Medienvertreter", "")
    found = c.contact_heading("Contact for media: Ann Holm, 555-201-0100", MUL, EN)
    assert found == ("Contact for media", "Ann Holm, 555-201-0100")
    assert c.contact_heading("Contact Ann Holm: she knows the details", MUL, EN) is None


@pytest.mark.parametrize(
    ("line", "code", "word"),
    [
        ("Pressemitteilung Nr. 14/2024", "de", "Pressemitteilung"),
        ("Presseinformation 023/24", "de", "Presseinformation"),
        ("Press Release No. 24-017", "en", "Press Release"),
        ("News Release #12", "en", "News Release"),
        ("Pressmeddelande nr 12/2024", "sv", "Pressmeddelande"),
        ("Tiedote nro 5/2024", "fi", "Tiedote"),
    ],
)
def test_numbered_type_line_gives_the_type_word(line, code, word):
    assert c.release_type(line, MUL, load_language(code)) == (word, "")


def test_type_word_with_a_year_is_a_title_not_a_numbered_type_line():
    assert c.release_type("Bokslutskommuniké 2023", MUL, SV) is None


def test_colon_of_a_url_does_not_end_a_contact_heading():
    from pipeline.cues import contact_heading
    from pipeline.language import all_languages, load_language

    de = load_language("de")
    line = "Weitere Informationen unter https://www.stadtwerke-beispielstadt.de/solarpark"
    assert contact_heading(line, all_languages(), de) is None


def test_first_of_several_issuers_in_a_from_line():
    mul = all_languages()
    value = "Department for Environment, Food & Rural Affairs and The Rt Hon Emma Reynolds MP"
    assert c.first_issuer(value, mul, EN) == "Department for Environment, Food & Rural Affairs"
    assert c.first_issuer("Department of Health and Social Care", mul, EN) == "Department of Health and Social Care"
    lab = c.metadata_line(f"From: {value}", mul, EN)
    assert lab is not None and lab.kind == lb.ORGANIZATION
    assert lab.text == "Department for Environment, Food & Rural Affairs"
