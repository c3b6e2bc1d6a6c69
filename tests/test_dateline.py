"""dateline: wire datelines, dateline-only lines and place-and-date lines."""

from __future__ import annotations

import pytest

from pipeline import classify as c
from pipeline import labels as lb
from pipeline.dateline import parse_dateline, place_date_line
from pipeline.language import load_language
from pipeline.normalize import normalize
from pipeline.segment import segment

EN = load_language("en")


def kinds(text: str, language=EN) -> list[str]:
    return [lab.kind for lab in c.classify(segment(normalize(text)), language)]


def test_business_wire_dateline():
    info = parse_dateline("NEW YORK--(BUSINESS WIRE)--Globex Corporation today reported record revenue.", EN)
    assert (info.city, info.distributor) == ("NEW YORK", "BUSINESS WIRE")
    assert info.rest.startswith("Globex")


def test_sentence_with_a_dash_is_not_a_dateline():
    assert parse_dateline("In 2013, the group – along with partners – built a new campground.", EN) is None
    assert parse_dateline("Farm Forward, a nonprofit – said today that it will sue.", EN) is None


def test_slash_separated_wire_dateline():
    info = parse_dateline("NEW YORK, NY / ACCESSWIRE / February 11, 2025 / Acme Inc. today said it grew.", EN)
    assert (info.city, info.distributor) == ("NEW YORK", "ACCESSWIRE")
    assert info.date.value.isoformat() == "2025-02-11"
    assert info.rest.startswith("Acme Inc.")


def test_dateline_only_line_above_the_lead():
    info = parse_dateline("Burlington, ON – February 11th, 2025", EN)
    assert info is not None and info.rest == ""
    assert info.city == "Burlington"
    assert info.date.value.isoformat() == "2025-02-11"
    text = (
        "Headline Of The Day\n\nBurlington, ON – February 11th, 2025\n\n"
        "The association marks its 50th anniversary this year with events across the country.\n"
    )
    assert kinds(text) == [lb.HEADLINE, lb.DATELINE, lb.PARAGRAPH]


@pytest.mark.parametrize(
    ("line", "code", "city", "iso"),
    [
        ("Thusis, 3. Juni 2024", "de", "Thusis", "2024-06-03"),
        ("Lyon, le 2 avril 2024", "fr", "Lyon", "2024-04-02"),
        ("Malmö 2024-04-02", "sv", "Malmö", "2024-04-02"),
        ("Bergen, 2. april 2024", "nb", "Bergen", "2024-04-02"),
        ("Cádiz, 4 de abril de 2024", "es", "Cádiz", "2024-04-04"),
        ("Den Haag, 2 april 2024", "nl", "Den Haag", "2024-04-02"),
    ],
)
def test_place_and_date_line(line, code, city, iso):
    info = place_date_line(line, load_language(code))
    assert info is not None and info.rest == ""
    assert (info.city, info.date.value.isoformat()) == (city, iso)


@pytest.mark.parametrize(
    "line",
    [
        "Acme reports record results for the first quarter on 2 April 2024",
        "2 April 2024",
        "Published 2 April 2024 by the city",
        "The City of Example, 2 April 2024",
        "Acme Corp, 2 April 2024",
    ],
)
def test_not_a_place_and_date_line(line):
    assert place_date_line(line, EN) is None


@pytest.mark.parametrize(
    ("text", "code", "city", "iso", "rest"),
    [
        (
            "Lindau, 04.03.2024. Die Stadtwerke bauen ein neues Wärmenetz im Westen.",
            "de",
            "Lindau",
            "2024-03-04",
            "Die",
        ),
        (
            "Köln, 4. März 2024. Die Messe meldet einen neuen Rekord bei den Besuchern.",
            "de",
            "Köln",
            "2024-03-04",
            "Die",
        ),
        (
            "Ciudad de Panamá, a 5 de junio de 2024.-El ministerio presentó hoy su nuevo plan.",
            "es",
            "Ciudad de Panamá",
            "2024-06-05",
            "El",
        ),
        (
            "Sevilla, a 5 de junio de 2024.– La cooperativa abrió hoy su nueva planta.",
            "es",
            "Sevilla",
            "2024-06-05",
            "La",
        ),
        (
            "Frankfurt am Main, 4. März 2024 – Die Bank legte heute ihre Zahlen vor.",
            "de",
            "Frankfurt am Main",
            "2024-03-04",
            "Die",
        ),
    ],
)
def test_place_and_date_closed_by_a_full_stop_or_with_particles(text, code, city, iso, rest):
    info = parse_dateline(text, load_language(code))
    assert info is not None
    assert (info.city, info.date.value.isoformat()) == (city, iso)
    assert info.rest.split()[0] == rest


def test_a_sentence_ending_in_a_date_is_not_a_dateline():
    assert parse_dateline("The company said it would report on March 4, 2024. It expects growth.", EN) is None
    assert parse_dateline("Am 4. März 2024. Die Bank hat heute ihre Zahlen vorgelegt.", load_language("de")) is None


def test_name_with_its_acronym_before_a_dash_is_not_a_dateline():
    assert (
        parse_dateline("The Example Trade Association (ETA) – www.eta.example.org – serves 20,000 members.", EN) is None
    )
    assert parse_dateline("Example Trade Association (ETA) – the group serves 20,000 members in the trade.", EN) is None
    info = parse_dateline("The Hague, May 2, 2024 – The court ruled today on the case.", EN)
    assert info is not None and info.city == "The Hague"


@pytest.mark.parametrize(
    ("text", "code", "city"),
    [
        ("Bergen, 2. april 2024: Selskapet bygger en ny fabrikk ved havna, melder konsernsjefen.", "nb", "Bergen"),
        ("(Turku, 2.4.2024) Yhtiö ilmoitti tänään uudesta tehtaasta Ouluun.", "fi", "Turku"),
    ],
)
def test_place_and_date_closed_by_a_colon_or_a_parenthesis(text, code, city):
    info = parse_dateline(text, load_language(code))
    assert info is not None and info.city == city and info.date.value.isoformat() == "2024-04-02"


def test_danish_dateline_closed_by_a_colon():
    info = parse_dateline("Aalborg, 2. maj 2024: Aalborg Kommune anlægger en ny park ved havnen.", load_language("da"))
    assert info is not None and info.city == "Aalborg" and info.rest.startswith("Aalborg Kommune")
