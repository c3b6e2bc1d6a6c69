"""Contact blocks in the shapes real releases use, in every bundled language."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.contacts import find_emails, find_phones, looks_like_name, parse_contacts, phone_e164
from pipeline.language import available_languages, load_language
from pipeline.model import Contact

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def parse(text: str, code: str, organization: str | None = None) -> list[Contact]:
    return parse_contacts(text.split("\n"), load_language(code), organization)


def fields(contacts: list[Contact]) -> list[tuple[str | None, ...]]:
    return [(c.name, c.title, c.organization, c.phone, c.email) for c in contacts]


# --- shapes -----------------------------------------------------------------------------------


def test_swedish_comma_lines_and_title_above_name() -> None:
    got = parse(
        "För mer information kontakta:\n"
        "Lena Kling, koordinator, Länsstyrelsen i Stockholm, tfn 070-342 47 00\n"
        "Berit Pettersson, utvecklingsledare, Länsstyrelsen i Stockholm, tfn 070-230 32 08\n"
        "\n"
        "Press- och informationschef\n"
        "Maria Gåsste\n"
        "tel: 08-785 44 32\n"
        "e-post: maria.gasste@ab.lst.se",
        "sv",
    )
    assert fields(got) == [
        ("Lena Kling", "koordinator", "Länsstyrelsen i Stockholm", "070-342 47 00", None),
        ("Berit Pettersson", "utvecklingsledare", "Länsstyrelsen i Stockholm", "070-230 32 08", None),
        ("Maria Gåsste", "Press- och informationschef", None, "08-785 44 32", "maria.gasste@ab.lst.se"),
    ]
    assert [c.phone_e164 for c in got] == ["+46703424700", "+46702303208", "+4687854432"]


def test_english_one_field_per_line_with_two_numbers() -> None:
    got = parse(
        "Jane Q. Miller\nDirector of Communications\nOffice: 212-555-0142, Cell: 917-555-0199\njmiller@example.org",
        "en",
    )
    assert fields(got) == [
        ("Jane Q. Miller", "Director of Communications", None, "212-555-0142", "jmiller@example.org")
    ]


def test_media_contact_line_with_dashes() -> None:
    got = parse("Media Contact: Tom Baker – tom.baker@uni.example.edu – 909-555-0101", "en")
    assert fields(got) == [("Tom Baker", None, None, "909-555-0101", "tom.baker@uni.example.edu")]


def test_card_with_blank_lines_and_organization_first() -> None:
    got = parse(
        "Contact Details\nBrightwave Public Relations\n\nNora Lind\n\n+1 415-555-0134\n\nnora@brightwave.example",
        "de",
    )
    assert fields(got) == [
        ("Nora Lind", None, "Brightwave Public Relations", "+1 415-555-0134", "nora@brightwave.example")
    ]
    assert got[0].phone_e164 == "+14155550134"


def test_nameless_entries() -> None:
    got = parse("Contact Details\nGreen Fields\n\npress@greenfields.example", "en", organization="Green Fields")
    assert fields(got) == [(None, None, "Green Fields", None, "press@greenfields.example")]
    got = parse("Haastattelypyynnöt ja lisätiedot\ninfo@yhdistys.example", "fi")
    assert fields(got) == [(None, None, None, None, "info@yhdistys.example")]


def test_heading_inside_block_separates_people() -> None:
    got = parse(
        "Contacto de prensa:\n\nprensa@mina.example\n\nContact Details\nMINA VERDE, Sociedad Anónima\n\n"
        "Carla Ruiz\n\n+503 2113 3127\n\nprensa@mina.example",
        "es",
    )
    assert fields(got) == [
        (None, None, None, None, "prensa@mina.example"),
        ("Carla Ruiz", None, "MINA VERDE, Sociedad Anónima", "+503 2113 3127", "prensa@mina.example"),
    ]


def test_same_person_twice_is_merged() -> None:
    got = parse(
        "For media inquiries, please contact: Sam Otter, sam@otters.example (905) 555-0156\n\nContact\n"
        "Sam Otter Canadian Otter Association Email Us Here\n\nBurlington, ON\n\nCanada\n\n9055550156",
        "en",
    )
    assert fields(got) == [("Sam Otter", None, "Canadian Otter Association", "(905) 555-0156", "sam@otters.example")]


def test_several_people_one_per_block() -> None:
    got = parse(
        "Pressekontakt:\nDr. Anna Weber\nLeiterin Unternehmenskommunikation\nTel.: +49 30 1234567\n"
        "E-Mail: anna.weber@firma.example\n\nJonas Klein\nPressesprecher\nTel.: 030 7654321\n"
        "E-Mail: jonas.klein@firma.example",
        "de",
    )
    assert fields(got) == [
        (
            "Anna Weber",
            "Leiterin Unternehmenskommunikation",
            None,
            "+49 30 1234567",
            "anna.weber@firma.example",
        ),
        ("Jonas Klein", "Pressesprecher", None, "030 7654321", "jonas.klein@firma.example"),
    ]
    assert got[1].phone_e164 == "+49307654321"


def test_investor_and_media_contact_block() -> None:
    got = parse(
        "Investor and Media Contact\n\nMary Poe\nChief Executive Officer\nACME Widgets Inc.\n"
        "IR@acme.example (223) 555-4898\nOTCID: ACMW",
        "en",
    )
    assert fields(got) == [
        ("Mary Poe", "Chief Executive Officer", "ACME Widgets Inc.", "(223) 555-4898", "IR@acme.example")
    ]


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        (
            "fi",
            "Lisätietoja:\nVirpi Laine, viestintäpäällikkö, puh. 040 123 4567, virpi.laine@kaupunki.example",
            ("Virpi Laine", "viestintäpäällikkö", None, "040 123 4567", "virpi.laine@kaupunki.example"),
        ),
        (
            "nb",
            "For mer informasjon, kontakt:\nKari Nordmann, kommunikasjonssjef, tlf. 922 33 444, "
            "e-post: kari@selskap.example",
            ("Kari Nordmann", "kommunikasjonssjef", None, "922 33 444", "kari@selskap.example"),
        ),
        (
            "da",
            "Yderligere information:\nMette Hansen, pressechef, tlf. 33 12 34 56, mette@firma.example",
            ("Mette Hansen", "pressechef", None, "33 12 34 56", "mette@firma.example"),
        ),
        (
            "nl",
            "Perscontact:\nJan de Vries, woordvoerder, tel. 06 12345678, jan.devries@bedrijf.example",
            ("Jan de Vries", "woordvoerder", None, "06 12345678", "jan.devries@bedrijf.example"),
        ),
        (
            "fr",
            "Contact presse :\nSophie Martin, attachée de presse, Tél. : 01 23 45 67 89, Courriel : "
            "sophie.martin@agence.example",
            ("Sophie Martin", "attachée de presse", None, "01 23 45 67 89", "sophie.martin@agence.example"),
        ),
        (
            "es",
            "Contacto de prensa:\nLucía Gómez, jefa de prensa, Tel.: 912 345 678, lucia.gomez@empresa.example",
            ("Lucía Gómez", "jefa de prensa", None, "912 345 678", "lucia.gomez@empresa.example"),
        ),
    ],
)
def test_one_line_contact_in_each_language(code: str, text: str, expected: tuple[str, ...]) -> None:
    got = parse(text, code)
    assert fields(got) == [expected]
    assert got[0].phone_e164 is not None and got[0].phone_e164.startswith("+")


def test_obfuscated_emails() -> None:
    assert find_emails("skriv till anna.berg(at)kommun.se eller per [at] firma [dot] se") == [
        "anna.berg@kommun.se",
        "per@firma.se",
    ]
    assert find_emails("mail: nils [at] org dot se") == ["nils@org.se"]
    got = parse("Anna Berg\nanna.berg(at)kommun.se", "sv")
    assert got[0].email == "anna.berg@kommun.se"


def test_fax_is_not_the_phone() -> None:
    got = parse("Hans Meier\nFax: 030 1111111\nTel. 030 2222222", "de")
    assert got[0].phone == "030 2222222"


def test_phone_e164() -> None:
    assert phone_e164("070-342 47 00", "SE") == "+46703424700"
    assert phone_e164("(905) 315-3156", "US") == "+19053153156"
    assert phone_e164("0046 8 785 44 32", "US") == "+4687854432"
    assert phone_e164("020 7946 0018", "US") == "+442079460018"  # English region tries GB too
    assert phone_e164("12", "SE") is None


def test_find_phones_skips_dates_and_amounts() -> None:
    text = "Den 2024-05-29 kostade det 1 500 000 kronor; ring 08-785 44 32 eller +46 70 123 45 67."
    assert find_phones(text, "SE") == ["08-785 44 32", "+46 70 123 45 67"]
    assert find_phones("In 2023 we grew 20 000 users, 12.05.2024.", "SE") == []


def test_looks_like_name() -> None:
    assert looks_like_name("Lena Kling")
    assert looks_like_name("John P. Gorst")
    assert looks_like_name("Jan de Vries")
    assert looks_like_name("Dr. Jess Block Nerren", ("Dr.",))
    assert not looks_like_name("Chief Executive Officer")
    assert not looks_like_name("Canadian RV Association")
    assert not looks_like_name("OCEAN MINING")
    assert not looks_like_name("Stockholm")
    assert not looks_like_name("UNLOCKD Inc.")


def test_empty_and_junk() -> None:
    assert parse_contacts([], load_language("en")) == []
    assert parse_contacts(["", "   ", "Company Website"], load_language("en")) == []
    assert parse_contacts(["Contact"], load_language("en")) == []


@given(
    st.lists(st.text(max_size=120), max_size=12),
    st.sampled_from(available_languages()),
    st.one_of(st.none(), st.text(max_size=30)),
)
@settings(max_examples=300, deadline=None)
def test_parse_contacts_never_crashes(lines: list[str], code: str, organization: str | None) -> None:
    for c in parse_contacts(lines, load_language(code), organization):
        assert isinstance(c, Contact)
        assert c.name or c.email or c.phone
        if c.phone_e164:
            assert re.fullmatch(r"\+\d{6,15}", c.phone_e164)
        if c.email:
            assert "@" in c.email


# --- the dev corpus's real contact blocks ----------------------------------------------------

# file prefix → (first line of the contact region, line that ends it or None)
REGIONS = {
    "000": ("För mer information kontakta", None),
    "001": ("Contact Details", None),
    "002": ("For media inquiries", None),
    "003": ("Investor and Media Contact", "Forward-Looking Statements"),
    "004": ("Media Contact", None),
    "006": ("Kimberly Edds", "Orange County District Attorney Anonymous"),
    "009": ("Contact Details", None),
    "010": ("Contact Details", None),
    "011": ("Contacto de prensa", None),
    "014": ("Haastattelypyynnöt", None),
}


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available")
@pytest.mark.parametrize("prefix", sorted(REGIONS))
def test_dev_corpus_contact_blocks(prefix: str) -> None:
    gold_path = next(CORPUS.glob(f"{prefix}-*.gold.json"))
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    lines = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8").split("\n")
    first, last = REGIONS[prefix]
    i = next(n for n, line in enumerate(lines) if line.startswith(first))
    j = next((n for n, line in enumerate(lines) if last and line.startswith(last)), len(lines))
    region = [line for line in lines[i:j] if not re.match(r"(https?://|www\.|Company Website)", line)]
    got = [asdict(c) for c in parse_contacts(region, load_language(gold["language"]), gold.get("organization"))]
    for c in got:
        del c["phone_e164"]
    assert got == gold["contacts"]


def test_name_then_organization_card() -> None:
    """A second name-like line before any phone or e-mail is the organization."""
    got = parse(
        "Media Contact:\nJohn Smith\nAcme Robotics\n+1 212-555-4567\npress@acme.example",
        "en",
        organization="Acme Robotics, Inc.",
    )
    assert fields(got) == [("John Smith", None, "Acme Robotics", "+1 212-555-4567", "press@acme.example")]


def test_department_first_then_person() -> None:
    got = parse("Contacts\nGlobex Investor Relations\nMary Major, 212-555-0100\nir@globex.example", "en")
    expected = ("Mary Major", None, "Globex Investor Relations", "212-555-0100", "ir@globex.example")
    assert fields(got) == [expected]


def test_organization_number_is_not_a_phone() -> None:
    got = parse("Acme AB, org.nr 556123-4567\nAnna Berg, vd, tel 08-123 456 78", "sv")
    assert [c.phone for c in got] == ["08-123 456 78"]
    assert "556123" not in (got[0].organization or "")


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        (
            "nb",
            "For mer informasjon, kontakt:\nKommunikasjonssjef Kari Nordmann, tlf. 922 33 444, "
            "e-post: kari.nordmann@selskap.example",
            [("Kari Nordmann", "Kommunikasjonssjef", None, "922 33 444", "kari.nordmann@selskap.example")],
        ),
        (
            "da",
            "Yderligere oplysninger:\nAdm. direktør Jens Jensen, tlf. 20 30 40 50, jens@firma.example",
            [("Jens Jensen", "Adm. direktør", None, "20 30 40 50", "jens@firma.example")],
        ),
        (
            "fi",
            "Lisätietoja:\ntoimitusjohtaja Matti Meikäläinen, puh. 040 123 4567, matti@yritys.example",
            [("Matti Meikäläinen", "toimitusjohtaja", None, "040 123 4567", "matti@yritys.example")],
        ),
        (
            "en",
            "CEO John Smith, Acme Corp., 212-555-0100, john@acme.example",
            [("John Smith", "CEO", "Acme Corp.", "212-555-0100", "john@acme.example")],
        ),
        (
            "en",
            "Media: Jane Doe, +1 212-555-0100, jane@acme.example\n"
            "Investors: John Roe, +1 212-555-0199, ir@acme.example",
            [
                ("Jane Doe", None, None, "+1 212-555-0100", "jane@acme.example"),
                ("John Roe", None, None, "+1 212-555-0199", "ir@acme.example"),
            ],
        ),
        (
            "sv",
            "Kontaktpersoner:\nAnna Svensson, projektledare, 070-123 45 67, anna@kommun.example\n"
            "Per Olsson, enhetschef, 070-765 43 21, per@kommun.example",
            [
                ("Anna Svensson", "projektledare", None, "070-123 45 67", "anna@kommun.example"),
                ("Per Olsson", "enhetschef", None, "070-765 43 21", "per@kommun.example"),
            ],
        ),
        (
            "nl",
            "Voor meer informatie kunt u contact opnemen met Pieter Jansen, woordvoerder, via 06-12345678 of "
            "pieter@gemeente.example.",
            [("Pieter Jansen", "woordvoerder", None, "06-12345678", "pieter@gemeente.example")],
        ),
        (
            "fr",
            "Contacts presse :\nAgence Relations Publiques – Claire Dubois – 06 12 34 56 78 – claire@agence.example",
            [
                (
                    "Claire Dubois",
                    None,
                    "Agence Relations Publiques",
                    "06 12 34 56 78",
                    "claire@agence.example",
                )
            ],
        ),
        (
            "de",
            "Ansprechpartner für die Presse:\nDr. Julia Schmidt\nLeiterin Kommunikation\nMusterfirma GmbH\n"
            "Musterstraße 1, 10115 Berlin\nTelefon: +49 30 1234 5678\n"
            "E-Mail: julia.schmidt@musterfirma.example",
            [
                (
                    "Julia Schmidt",
                    "Leiterin Kommunikation",
                    "Musterfirma GmbH",
                    "+49 30 1234 5678",
                    "julia.schmidt@musterfirma.example",
                )
            ],
        ),
    ],
)
def test_title_before_name_and_other_layouts(code: str, text: str, expected: list[tuple[str, ...]]) -> None:
    assert fields(parse(text, code)) == expected


def test_wire_card_organization_first_is_resolved_by_the_email() -> None:
    got = parse("Contact Details\nBright Star\n\nJohn Smith\n\n+1 212-555-0100\n\njohn@brightstar.example", "en")
    expected = ("John Smith", None, "Bright Star", "+1 212-555-0100", "john@brightstar.example")
    assert fields(got) == [expected]


def test_name_at_the_end_of_a_title_stays_in_the_title_when_the_person_is_named() -> None:
    got = parse("Kontakt\nAnna Andersson\nPressekreterare hos statsrådet Benjamin Dousa\nTelefon 072-123 45 67", "sv")
    assert fields(got) == [
        ("Anna Andersson", "Pressekreterare hos statsrådet Benjamin Dousa", None, "072-123 45 67", None)
    ]


def test_pr_karma_card_without_a_known_name() -> None:
    got = parse("Contact\nJane Doe Acme Widgets Email Us Here\n\nAustin, TX\n\nUnited States\n\n5125550100", "en")
    assert fields(got) == [("Jane Doe", None, "Acme Widgets", "5125550100", None)]
    assert got[0].phone_e164 == "+15125550100"


# --- property: a contact written in a usual layout reads back as itself ----------------------

FIRST_NAMES = [
    "Anna",
    "Lena",
    "Per",
    "Jens",
    "Kari",
    "Matti",
    "José",
    "Chloé",
    "Jan",
    "Åsa",
    "Øystein",
    "Jürgen",
    "Sam",
]
LAST_NAMES = [
    "Berg",
    "Kling",
    "Nordmann",
    "Jensen",
    "Meikäläinen",
    "Gómez",
    "Dubois",
    "de Vries",
    "Gåsste",
    "Müller",
    "O'Brien",
    "Lindqvist",
    "Smith",
]
TITLES = {
    "sv": ["presschef", "kommunikationschef", "vd", "projektledare"],
    "en": ["Director of Communications", "Press Officer", "CEO", "Media Relations Manager"],
    "de": ["Pressesprecherin", "Leiter Kommunikation"],
    "nb": ["kommunikasjonssjef", "daglig leder"],
    "da": ["pressechef", "kommunikationschef"],
    "fi": ["viestintäpäällikkö", "toimitusjohtaja"],
    "nl": ["woordvoerder", "persvoorlichter"],
    "fr": ["attachée de presse", "directeur de la communication"],
    "es": ["jefa de prensa", "director de comunicación"],
}
PHONES = {
    "sv": "070-342 47 00",
    "en": "(212) 555-0142",
    "de": "+49 30 1234567",
    "nb": "922 33 444",
    "da": "33 12 34 56",
    "fi": "040 123 4567",
    "nl": "06 12345678",
    "fr": "01 23 45 67 89",
    "es": "912 345 678",
}
LABELS = {
    "sv": ("tel", "e-post:"),
    "en": ("Phone:", "Email:"),
    "de": ("Tel.:", "E-Mail:"),
    "nb": ("tlf.", "e-post:"),
    "da": ("tlf.", "e-mail:"),
    "fi": ("puh.", "sähköposti:"),
    "nl": ("tel.", "e-mail:"),
    "fr": ("Tél. :", "Courriel :"),
    "es": ("Tel.:", "Correo:"),
}
ORGS = ["Acme AB", "Globex Inc.", "Länsstyrelsen i Stockholm", "Musterfirma GmbH", "Yritys Oy", "Initech Ltd"]


@st.composite
def written_contacts(draw: st.DrawFn) -> tuple[str, list[tuple[str | None, ...]], list[str]]:
    code = draw(st.sampled_from(sorted(TITLES)))
    people: list[tuple[str | None, ...]] = []
    lines: list[str] = []
    names = draw(
        st.lists(
            st.tuples(st.sampled_from(FIRST_NAMES), st.sampled_from(LAST_NAMES)),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    for first, last in names:
        name = f"{first} {last}"
        title = draw(st.one_of(st.none(), st.sampled_from(TITLES[code])))
        org = draw(st.one_of(st.none(), st.sampled_from(ORGS)))
        email = draw(st.one_of(st.none(), st.just(name.lower().replace(" ", ".").replace("'", "") + "@example.org")))
        phone = PHONES[code] if email is None or draw(st.booleans()) else None
        people.append((name, title, org, phone, email))
        tel, mail = LABELS[code]
        layout = draw(st.sampled_from(["comma", "lines", "title_above"]))
        if lines:
            lines.append("")
        if layout == "comma":
            fields_ = [x for x in (name, title, org) if x]
            lines.append(", ".join([*fields_, *([f"{tel} {phone}"] if phone else []), *([email] if email else [])]))
            continue
        head = [title, name, org] if layout == "title_above" else [name, title, org]
        lines += [x for x in head if x]
        lines += [f"{tel} {phone}"] if phone else []
        lines += [f"{mail} {email}"] if email else []
    return code, people, lines


@given(written_contacts())
@settings(max_examples=300, deadline=None)
def test_written_contacts_read_back(case: tuple[str, list[tuple[str | None, ...]], list[str]]) -> None:
    code, people, lines = case
    assert fields(parse_contacts(lines, load_language(code))) == people


def test_office_before_the_name_is_the_title() -> None:
    (person,) = parse_contacts(["Borgmester Anna Holm, tlf. 72 36 10 01"], load_language("da"))
    assert (person.name, person.title) == ("Anna Holm", "Borgmester")
    (person,) = parse_contacts(["Dr. Anna Weber, Tel. 030 1234567"], load_language("de"))
    assert (person.name, person.title) == ("Anna Weber", None)


def test_name_title_and_short_organization_on_one_line() -> None:
    lines = ["Eva Lund, vd, Exempel Energi", "Telefon: 070-512 34 56", "E-post: eva.lund@exempelenergi.se"]
    (person,) = parse_contacts(lines, load_language("sv"), "Exempel Energi AB")
    assert (person.name, person.title, person.organization) == ("Eva Lund", "vd", "Exempel Energi")
    assert person.email == "eva.lund@exempelenergi.se"


def test_lowercase_unknown_title_before_the_name() -> None:
    (person,) = parse_contacts(["tutkija Liisa Koski, Esimerkin yliopisto, puh. 050 987 6543"], load_language("fi"))
    assert (person.name, person.title) == ("Liisa Koski", "tutkija")


def test_organization_and_name_joined_by_a_dash() -> None:
    lines = ["Agence Exemple – Marie Petit", "Tél. : 06 12 34 56 78", "marie.petit@agence-exemple.fr"]
    (person,) = parse_contacts(lines, load_language("fr"))
    assert (person.name, person.organization) == ("Marie Petit", "Agence Exemple")


def test_audience_label_alone_opens_the_next_card() -> None:
    lines = [
        "Media:",
        "Ann Lee",
        "Acme Robotics",
        "+1 206-555-0187",
        "media@acme.example.com",
        "",
        "Investors:",
        "Tom Berg",
        "Vice President, Investor Relations",
        "+1 206-555-0120",
        "ir@acme.example.com",
    ]
    first, second = parse_contacts(lines, load_language("en"))
    assert (first.name, first.organization, first.email) == ("Ann Lee", "Acme Robotics", "media@acme.example.com")
    assert (second.name, second.title, second.organization) == ("Tom Berg", "Vice President, Investor Relations", None)


def test_agency_line_under_a_name_is_the_organization() -> None:
    lines = ["Ann Lee", "Bright Harbor Communications", "ann.lee@brightharbor.example.com", "(617) 555-0199"]
    (person,) = parse_contacts(lines, load_language("en"))
    assert (person.name, person.title, person.organization) == ("Ann Lee", None, "Bright Harbor Communications")
    (person,) = parse_contacts(["Ann Lee", "Communications Director", "(617) 555-0199"], load_language("en"))
    assert person.title == "Communications Director"


def test_swedish_legal_form_is_known_in_contact_blocks() -> None:
    (person,) = parse_contacts(["Eva Lund", "Exempel Energi AB", "070-512 34 56"], load_language("sv"))
    assert (person.name, person.organization) == ("Eva Lund", "Exempel Energi AB")


def test_third_part_after_name_and_title_is_the_organization() -> None:
    lines = [
        "Tom Lind, Public Information Officer, Brookfield Valley Wellness",
        "555-201-0177 | tom@valley.example.org",
    ]
    (person,) = parse_contacts(lines, load_language("en"), "Acme Inc.")
    assert (person.name, person.title, person.organization) == (
        "Tom Lind",
        "Public Information Officer",
        "Brookfield Valley Wellness",
    )
    assert person.email == "tom@valley.example.org"


def test_organization_line_before_the_person() -> None:
    lines = [
        "Service de presse de la Ville",
        "Marc Petit, chargé de communication",
        "Tél. 021 555 12 34",
        "m.petit@ville.example.ch",
    ]
    (person,) = parse_contacts(lines, load_language("fr"))
    assert (person.name, person.title, person.organization) == (
        "Marc Petit",
        "chargé de communication",
        "Service de presse de la Ville",
    )


def test_department_under_the_name_is_the_title() -> None:
    lines = ["Eva Roth", "Marketing & Kommunikation", "Tel.: +43 1 234 5678", "e.roth@example.at"]
    (person,) = parse_contacts(lines, load_language("de"))
    assert (person.name, person.title, person.organization) == ("Eva Roth", "Marketing & Kommunikation", None)


def test_wire_trailer_date_and_time_is_no_phone() -> None:
    assert find_phones("OTS0123    2024-05-14/10:15", "AT") == []
    assert parse_contacts(["OTS0123    2024-05-14/10:15"], load_language("de")) == []


def test_one_word_company_line_and_social_media_noise() -> None:
    lines = ["Ann Holm", "Director of Communications", "Acme", "(555) 201-0100", "ann@acme.example.com"]
    (person,) = parse_contacts(lines, load_language("en"))
    assert (person.name, person.title, person.organization) == ("Ann Holm", "Director of Communications", "Acme")
    lines = ["Ann Holm", "Acme Corp", "+1 555-201-0100", "email us here", "Visit us on social media:", "Facebook", "X"]
    (person,) = parse_contacts(lines, load_language("en"))
    assert (person.name, person.organization, person.phone) == ("Ann Holm", "Acme Corp", "+1 555-201-0100")


def test_department_and_company_line_above_the_person() -> None:
    lines = [
        "Corporate Communications, Bolt Widgets",
        "Ann Holm, Senior Manager",
        "+1 555-201-0100",
        "ann@boltwidgets.com",
    ]
    (person,) = parse_contacts(lines, load_language("en"))
    assert (person.name, person.title, person.organization) == (
        "Ann Holm",
        "Senior Manager",
        "Corporate Communications, Bolt Widgets",
    )


def test_name_like_line_spelled_by_the_email_domain_is_the_company() -> None:
    (person,) = parse_contacts(["Ann Holm", "Bolt Widgets", "ann@boltwidgets.com"], load_language("en"))
    assert (person.name, person.organization) == ("Ann Holm", "Bolt Widgets")


def test_one_word_title_line_in_a_card() -> None:
    lines = ["Eva Lund", "Rektor", "eva.lund@skola.example.se", "070-123 45 67"]
    (person,) = parse_contacts(lines, load_language("sv"))
    assert (person.name, person.title, person.organization) == ("Eva Lund", "Rektor", None)


def test_one_word_office_or_audience_word_under_a_name_is_the_title() -> None:
    for code, word in (("en", "Mayor"), ("de", "Bürgermeister"), ("en", "Spokesperson")):
        (person,) = parse_contacts(["Ann Holm", word, "ann@city.example.org", "555-201-0100"], load_language(code))
        assert (person.name, person.title, person.organization) == ("Ann Holm", word, None)


def test_nordic_department_compound_above_the_person() -> None:
    lines = [
        "Kommunikationsavdelningen, Vallby kommun",
        "Per Ek, presschef",
        "070-123 45 67",
        "per.ek@vallby.example.se",
    ]
    (person,) = parse_contacts(lines, load_language("sv"))
    assert (person.name, person.title, person.organization) == (
        "Per Ek",
        "presschef",
        "Kommunikationsavdelningen, Vallby kommun",
    )


def test_organization_and_its_department_on_one_line() -> None:
    lines = [
        "Sparkasse Lindau, Unternehmenskommunikation",
        "Julia Meier",
        "Tel. 04131 123-456",
        "julia.meier@example.de",
    ]
    (person,) = parse_contacts(lines, load_language("de"))
    assert (person.name, person.title, person.organization) == (
        "Julia Meier",
        None,
        "Sparkasse Lindau, Unternehmenskommunikation",
    )


def test_org_name_line_accepts_names_and_refuses_headlines():
    from pipeline.contacts import org_name_line

    assert org_name_line("Lakeshore State University")
    assert org_name_line("Office of University Communications")
    assert org_name_line("Saimaan yliopisto")
    assert not org_name_line("Uusi tutkimus: järvien happitilanne on heikentynyt")
    assert not org_name_line("Acme Group acquires Beta Bank")


def test_numbers_separated_by_a_slash_give_the_first_number():
    en = parse_contacts(["Sarah Hughes, Press Officer", "020 7946 0881 / 07700 900412"], load_language("en"))
    es = parse_contacts(["Lucía Gómez", "Tel.: 91 448 27 63 / 655 90 12 38"], load_language("es"))
    glued = parse_contacts(["Sarah Hughes", "Tel: 020 7946 0881/07700 900412"], load_language("en"))
    assert en[0].phone == "020 7946 0881" and glued[0].phone == "020 7946 0881"
    assert es[0].phone == "91 448 27 63"
    assert parse_contacts(["Anna Berg", "Tel.: 089/1234567"], load_language("de"))[0].phone == "089/1234567"


def test_a_labelled_second_number_is_no_second_contact():
    lines = ["Sarah Hughes, Press Officer", "020 7946 0881", "sarah.hughes@carers.example"]
    lines.append("Out of hours: 07700 900999")
    contacts = parse_contacts(lines, load_language("en"))
    assert [(c.name, c.phone) for c in contacts] == [("Sarah Hughes", "020 7946 0881")]


def test_a_name_printed_twice_is_one_name_not_an_organization():
    lines = ["Kontakter", "Anna Berg", "Anna Berg", "Presschef", "anna.berg@vallby.example", "070-123 45 67"]
    contacts = parse_contacts(lines, load_language("sv"))
    assert [(c.name, c.title, c.organization) for c in contacts] == [("Anna Berg", "Presschef", None)]


def test_a_mail_link_line_does_not_spill_into_the_next_contact():
    lines = ["Kontakt", "Anna Berg", "Pressekreterare hos ministern", "Telefon 070-123 45 67", "e-post till Anna Berg"]
    lines += ["Johan Ekström", "Presschef", "Telefon 08-405 10 00", "e-post till Johan Ekström"]
    contacts = parse_contacts(lines, load_language("sv"))
    assert [(c.name, c.title) for c in contacts] == [
        ("Anna Berg", "Pressekreterare hos ministern"),
        ("Johan Ekström", "Presschef"),
    ]


def test_title_then_organization_after_the_name():
    nl = parse_contacts(["Eva Jansen, woordvoerder Stadsbank Lokaal", "eva.jansen@stadsbanklokaal.example"],
                        load_language("nl"))
    en = parse_contacts(["Dana Whitfield", "Senior Science Writer, University Communications", "(555) 201-3344"],
                        load_language("en"))
    assert (nl[0].title, nl[0].organization) == ("woordvoerder", "Stadsbank Lokaal")
    assert (en[0].title, en[0].organization) == ("Senior Science Writer", "University Communications")


def test_lower_case_office_then_organization():
    contacts = parse_contacts(["Kari Holm, ordfører Vallby kommune", "Tlf: 912 34 567"], load_language("nb"))
    assert (contacts[0].title, contacts[0].organization) == ("ordfører", "Vallby kommune")


def test_comma_before_a_legal_form_keeps_the_organization_whole() -> None:
    got = parse(
        "Media Contact:\nJonas Whitfield\nDirector, Corporate Communications\nMarrowby Genomics, Inc.\n"
        "+1 617 555 0142\njonas@marrowby.example",
        "en",
    )
    assert fields(got) == [
        (
            "Jonas Whitfield",
            "Director, Corporate Communications",
            "Marrowby Genomics, Inc.",
            "+1 617 555 0142",
            "jonas@marrowby.example",
        )
    ]


def test_third_comma_part_after_name_and_title_is_the_organization() -> None:
    got = parse(
        "Kontakt:\nKarin Dahl, skolchef, kultur- och fritidsförvaltningen, 0612-555 10 99, karin.dahl@example.se",
        "sv",
    )
    assert fields(got) == [
        ("Karin Dahl", "skolchef", "kultur- och fritidsförvaltningen", "0612-555 10 99", "karin.dahl@example.se")
    ]


def test_heading_word_right_under_a_name_is_the_title() -> None:
    got = parse("Lina Berg\nPresskontakt\nlina.berg@example.se\n+46 70 987 65 43", "sv")
    assert fields(got) == [("Lina Berg", "Presskontakt", None, "+46 70 987 65 43", "lina.berg@example.se")]


def test_office_of_is_kept_in_the_organization() -> None:
    got = parse(
        "Media contact:\nTom Ashby\nOffice of the Mayor, City of Brookvale\n"
        "(555) 201-3344\ntom.ashby@brookvale.example",
        "en",
    )
    assert [c.organization for c in got] == ["Office of the Mayor, City of Brookvale"]
