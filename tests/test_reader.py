"""reader: the whole text chain, per layout and language, plus never-crash and schema properties."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import PressroomError
from pipeline.model import Quote
from pipeline.reader import read_release

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000-sv-hallbara-stader.txt"
SEED_GOLD = ROOT.parent / "shared" / "corpus" / "dev" / "000-sv-hallbara-stader.gold.json"
SCHEMA = ROOT.parent / "shared" / "schemas" / "release.schema.json"


def read(text: str, name: str = "release.txt"):
    return read_release(text.encode("utf-8"), name)


def test_source_is_filename_hash_and_encoding():
    data = "Rubrik\n\nEn mening om något som hände i går i Umeå och som är viktig.\n".encode("cp1252")
    r = read_release(data, "x.txt")
    assert r.source.filename == "x.txt"
    assert r.source.sha256 == hashlib.sha256(data).hexdigest()
    assert r.source.encoding == "cp1252"


def test_norwegian_release():
    r = read(
        "Eksempel AS\n\nNy fabrikk åpner i Bergen\n\nPressemelding • 14. mars 2024\n\n"
        "Eksempel AS åpner en ny fabrikk i Bergen som skal gi 50 nye arbeidsplasser i regionen.\n\n"
        "– Vi er veldig glade for å kunne åpne fabrikken nå, sier administrerende direktør Ola Nordmann.\n\n"
        "Kontakt:\nOla Nordmann, tlf. 912 34 567\n"
    )
    assert r.language in ("no", "nb")
    assert r.organization == "Eksempel AS"
    assert r.release_type == "Pressemelding"
    assert r.issued == dt.date(2024, 3, 14)
    quote = next(b for b in r.body if isinstance(b, Quote))
    assert quote.speaker == "Ola Nordmann"
    assert [c.name for c in r.contacts] == ["Ola Nordmann"]


def test_danish_release():
    r = read(
        "Ny vindmøllepark ved Esbjerg\n\n"
        "Esbjerg, 5. april 2024 – Eksempel A/S har i dag fået lov til at bygge en ny vindmøllepark.\n\n"
        "– Det er en stor dag for os og for hele byen, siger direktør Mette Hansen.\n\n"
        "Om Eksempel A/S\nEksempel A/S udvikler vindmølleparker i hele Danmark.\n"
    )
    assert r.language == "da"
    assert r.dateline is not None and r.dateline.city == "Esbjerg"
    assert r.issued == dt.date(2024, 4, 5)
    quote = next(b for b in r.body if isinstance(b, Quote))
    assert (quote.speaker, quote.role) == ("Mette Hansen", "direktør")
    assert r.boilerplate and r.boilerplate[0].heading == "Om Eksempel A/S"


def test_finnish_release():
    r = read(
        "5.4.2024\n\nLehdistötiedote - vapaa julkaistavaksi heti\n\nYhdistys voitti oikeudenkäynnin\n\n"
        "Helsingin käräjäoikeus hylkäsi yhdistykseen kohdistuneet syytteet kokonaisuudessaan.\n\n"
        '"Olemme erittäin iloisia päätöksestä ja jatkamme toimintaamme", sanoo yhdistyksen puheenjohtaja '
        "Liisa Virtanen.\n\nLisätietoja\ninfo@yhdistys.example.fi\n"
    )
    assert r.language == "fi"
    assert r.release_type == "Lehdistötiedote"
    assert r.headline == "Yhdistys voitti oikeudenkäynnin"
    assert r.issued == dt.date(2024, 4, 5)
    assert [c.email for c in r.contacts] == ["info@yhdistys.example.fi"]


def test_german_release_with_end_mark_and_boilerplate_after_it():
    r = read(
        "Beispiel GmbH startet neues Produkt\n\n"
        "Berlin, 14. März 2024 – Die Beispiel GmbH hat heute ein neues Produkt vorgestellt.\n\n"
        "„Wir sind stolz auf dieses Produkt und freuen uns auf Kunden“, sagt Max Weber, Geschäftsführer.\n\n"
        "- ende -\n\nÜber Beispiel GmbH\n\nDie Beispiel GmbH entwickelt Roboter für den Haushalt.\n"
    )
    assert r.language == "de"
    assert r.end_mark == "- ende -"
    assert r.organization == "Beispiel GmbH"
    assert len([b for b in r.body if not isinstance(b, Quote)]) == 1
    assert r.boilerplate[0].text.startswith("Die Beispiel GmbH entwickelt")


def test_dutch_release():
    r = read(
        "Persbericht\n\nVoorbeeld B.V. opent nieuw kantoor in Utrecht\n\n"
        "UTRECHT, 3 juni 2024 – Voorbeeld B.V. heeft vandaag een nieuw kantoor geopend in Utrecht.\n\n"
        "“We zijn erg blij met deze nieuwe stap voor ons bedrijf”, zegt directeur Jan de Vries.\n\n"
        "Over Voorbeeld B.V.\nVoorbeeld B.V. maakt software voor de logistiek.\n"
    )
    assert r.language == "nl"
    assert r.release_type == "Persbericht"
    assert r.dateline.city == "UTRECHT"
    assert r.issued == dt.date(2024, 6, 3)
    assert r.boilerplate and r.boilerplate[0].heading.startswith("Over Voorbeeld")


def test_french_release():
    r = read(
        "Communiqué de presse\n\nExemple lance une nouvelle application\n\n"
        "PARIS, le 8 mars 2025 – Exemple SA lance aujourd’hui une application de prévention.\n\n"
        "« Cette application permet à chacun de mieux prendre soin de sa santé », déclare Claire Martin, "
        "directrice générale d’Exemple.\n\n"
        "À propos d’Exemple\nExemple SA développe des applications de santé.\n"
    )
    assert r.language == "fr"
    assert r.release_type == "Communiqué de presse"
    assert r.dateline.city == "PARIS"
    quote = next(b for b in r.body if isinstance(b, Quote))
    assert quote.speaker == "Claire Martin"
    assert quote.role == "directrice générale d’Exemple"
    assert r.boilerplate[0].heading.startswith("À propos")


def test_empty_and_binary_input_raise_pressroom_error():
    with pytest.raises(PressroomError):
        read_release(b"", "empty.txt")
    with pytest.raises(PressroomError):
        read_release(b"%PDF-1.7 binary", "x.txt")


def test_seed_parses_to_its_gold():
    if not SEED.exists() or not SEED_GOLD.exists():
        pytest.skip("seed or its gold file is not available (gold lives in ../shared/corpus/dev)")
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    r = read_release(SEED.read_bytes(), SEED.name)
    assert r.language == gold["language"]
    assert r.organization == gold["organization"]
    assert r.release_type == gold["release_type"]
    assert r.headline == gold["headline"]
    assert r.issued.isoformat() == gold["date"]
    assert r.lead.text.startswith(gold["lead_starts_with"])
    assert sum(1 for b in r.body if b.__class__.__name__ in ("Paragraph", "Quote")) == gold["body_paragraph_count"]
    quotes = [(q.speaker, q.role) for q in r.body if isinstance(q, Quote)]
    assert quotes == [(g["speaker"], g["role"]) for g in gold["quotes"]]
    got = [(c.name, c.title, c.organization, c.phone, c.email) for c in r.contacts]
    assert got == [(g["name"], g["title"], g["organization"], g["phone"], g["email"]) for g in gold["contacts"]]


# --- properties ----------------------------------------------------------------------------

_PIECES = [
    "FOR IMMEDIATE RELEASE",
    "Pressmeddelande • Nov 07, 2006 11:58 CET",
    "###",
    "-30-",
    "- END -",
    "STOCKHOLM, Nov. 7, 2006 /PRNewswire/ -- Acme today said things.",
    "NEW YORK--(BUSINESS WIRE)--",
    "“We are proud,” said Jane Doe, CEO of Acme.",
    "– Vi är glada, säger vd Anna Ek.",
    "About Acme Inc.",
    "Media Contact:",
    "Jane Doe, +1 212-555-0100, jane@acme.com",
    "* item",
    "1. first",
    "www.acme.com",
    "EMBARGOED UNTIL 10:00 CET, 14 March 2024",
    "Om Acme AB",
    "„Zitat“, sagt er.",
    "« citation »",
    "(NewsUSA) -",
    "Contact Details",
    "said",
    "säger",
    "—",
    "-",
    "“",
    '"',
    ":",
    "(",
    "Dr.",
    "About",
    "SOURCE Acme",
]

_text = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.text(max_size=40), st.sampled_from(["", "\n", "\n\n"])),
    max_size=30,
).map(lambda parts: "\n".join(parts))


def _validator():
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.exists():
        pytest.skip(f"release schema not found at {SCHEMA}")
    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_text)
def test_read_release_never_crashes_and_output_matches_schema(text):
    validator = _validator()
    try:
        release = read(text)
    except PressroomError:
        return
    data = release.to_dict()
    errors = sorted(validator.iter_errors(data), key=str)
    assert not errors, errors[0].message
    assert data["headline"].strip()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_seed_never_crashes(data):
    if not SEED.exists():
        pytest.skip("seed release not available")
    validator = _validator()
    lines = SEED.read_text(encoding="utf-8").split("\n")
    ops = data.draw(
        st.lists(
            st.tuples(
                st.integers(0, len(lines) - 1),
                st.sampled_from(["drop", "dup", "junk", "swap"]),
                st.text(max_size=20),
            ),
            max_size=8,
        )
    )
    for index, op, junk in ops:
        index %= max(len(lines), 1)
        if not lines:
            break
        if op == "drop":
            lines.pop(index)
        elif op == "dup":
            lines.insert(index, lines[index])
        elif op == "junk":
            lines[index] = lines[index][: len(junk)] + junk
        else:
            lines[index], lines[0] = lines[0], lines[index]
    try:
        release = read("\n".join(lines))
    except PressroomError:
        return
    assert not list(validator.iter_errors(release.to_dict()))


@pytest.mark.parametrize(
    "data",
    [b"----\n\n....\n\n***\n", b"2024-05-01\n\n12345\n", b"www.example.com\n\ninfo@example.com\n", b"   \n\n"],
)
def test_no_headline_in_words_is_refused_by_the_classifier(data: bytes) -> None:
    with pytest.raises(PressroomError) as err:
        read_release(data, "noheadline.txt")
    assert err.value.stage in ("classify", "decode")
    if err.value.stage == "classify":
        assert "no headline found" in str(err.value)
