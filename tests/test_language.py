"""Language data files and detection: every bundled language loads, carries the cues the
classifier needs, and is told apart from its close neighbours (sv/nb/da, de/nl)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.language import (
    DEFAULT_LANGUAGE,
    LanguageData,
    all_languages,
    available_languages,
    detect_language,
    language_scores,
    load_language,
    match_any_language,
    resolve_code,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
LANGUAGES = ["da", "de", "en", "es", "fi", "fr", "nb", "nl", "sv"]

# Short release-like texts written for these tests (not taken from any source).
SAMPLES: dict[str, list[str]] = {
    "sv": [
        "Kommunen bygger ny skola i centrum. Byggstarten sker i vår och skolan ska stå klar till "
        "höstterminen "
        "2027. – Vi är glada att äntligen kunna ge barnen en modern skola, säger kommunalrådet Anna Berg.",
        "Företaget redovisar ett starkt resultat för det tredje kvartalet. Omsättningen ökade med tolv "
        "procent "
        "jämfört med samma period förra året.",
        "Regeringen har i dag beslutat att ge Trafikverket i uppdrag att utreda en ny järnväg mellan "
        "Göteborg och Oslo.",
        "Nu öppnar vi vår nya butik i Malmö, och vi ser fram emot att träffa alla kunder.",
    ],
    "nb": [
        "Kommunen bygger ny skole i sentrum. Byggestart skjer til våren, og skolen skal stå ferdig til "
        "høsten "
        "2027. – Vi er glade for endelig å kunne gi barna en moderne skole, sier ordfører Anne Berg.",
        "Selskapet legger fram et sterkt resultat for tredje kvartal. Omsetningen økte med tolv prosent "
        "sammenlignet med samme periode i fjor.",
        "Regjeringen har i dag besluttet å gi Jernbanedirektoratet i oppdrag å utrede en ny jernbane "
        "mellom Oslo og "
        "Göteborg.",
        "Nå åpner vi vår nye butikk i Bergen, og vi gleder oss til å møte alle kundene våre.",
    ],
    "da": [
        "Kommunen bygger ny skole i centrum. Byggeriet starter til foråret, og skolen skal stå færdig til "
        "efteråret 2027. – Vi er glade for endelig at kunne give børnene en moderne skole, siger "
        "borgmester Anne Berg.",
        "Selskabet fremlægger et stærkt resultat for tredje kvartal. Omsætningen steg med tolv procent "
        "sammenlignet med samme periode sidste år.",
        "Regeringen har i dag besluttet at give Banedanmark til opgave at undersøge en ny jernbane mellem "
        "København og Hamborg.",
        "Nu åbner vi vores nye butik i Aarhus, og vi glæder os til at møde alle vores kunder.",
    ],
    "fi": [
        "Kaupunki rakentaa uuden koulun keskustaan. Rakentaminen alkaa keväällä ja koulu valmistuu "
        "syksyllä 2027. "
        "– Olemme iloisia, että voimme vihdoin tarjota lapsille modernin koulun, sanoo pormestari Anna "
        "Virtanen.",
        "Yhtiön liikevaihto kasvoi kolmannella neljänneksellä kaksitoista prosenttia edellisvuoden "
        "vastaavaan "
        "jaksoon verrattuna.",
    ],
    "de": [
        "Die Stadt baut eine neue Schule im Zentrum. Baubeginn ist im Frühjahr, die Schule soll zum "
        "Herbst 2027 "
        "fertig sein. „Wir freuen uns, den Kindern endlich eine moderne Schule bieten zu können“, sagt "
        "Bürgermeisterin Anna Berg.",
        "Das Unternehmen meldet ein starkes Ergebnis für das dritte Quartal. Der Umsatz stieg im "
        "Vergleich zum "
        "Vorjahreszeitraum um zwölf Prozent.",
        "Die Bundesregierung hat heute beschlossen, eine neue Bahnstrecke zwischen Berlin und Prag prüfen zu lassen.",
        "Heute eröffnen wir unser neues Geschäft in Bremen und freuen uns auf alle Kunden.",
    ],
    "nl": [
        "De gemeente bouwt een nieuwe school in het centrum. De bouw begint in het voorjaar en de school "
        "moet in "
        "het najaar van 2027 klaar zijn. “We zijn blij dat we de kinderen eindelijk een moderne school "
        "kunnen "
        "bieden”, zegt burgemeester Anna Berg.",
        "Het bedrijf meldt een sterk resultaat over het derde kwartaal. De omzet steeg met twaalf "
        "procent ten "
        "opzichte van dezelfde periode vorig jaar.",
        "Het kabinet heeft vandaag besloten om een nieuwe spoorlijn tussen Amsterdam en Berlijn te laten onderzoeken.",
        "Vandaag openen wij onze nieuwe winkel in Bremen en we kijken uit naar alle klanten.",
    ],
    "en": [
        "The city is building a new school downtown. Construction starts in the spring and the school "
        "will open "
        "in the fall of 2027. “We are delighted to finally give the children a modern school,” said "
        "Mayor Anna Berg.",
        "The company reported strong results for the third quarter. Revenue rose twelve percent compared "
        "with "
        "the same period last year.",
    ],
    "fr": [
        "La ville construit une nouvelle école dans le centre. Les travaux commencent au printemps et "
        "l’école "
        "ouvrira à l’automne 2027. « Nous sommes ravis d’offrir enfin une école moderne aux enfants », a "
        "déclaré "
        "la maire Anna Berg.",
        "L’entreprise annonce un résultat solide pour le troisième trimestre. Le chiffre d’affaires a "
        "progressé "
        "de douze pour cent par rapport à la même période de l’année dernière.",
    ],
    "es": [
        "La ciudad construye una nueva escuela en el centro. Las obras comienzan en primavera y la "
        "escuela abrirá "
        "en otoño de 2027. «Estamos encantados de ofrecer por fin una escuela moderna a los niños», dijo la "
        "alcaldesa Ana Berg.",
        "La empresa presenta un resultado sólido en el tercer trimestre. La facturación aumentó un doce por "
        "ciento en comparación con el mismo periodo del año pasado.",
    ],
}


# --- data files -----------------------------------------------------------------------------


def test_every_language_has_a_file() -> None:
    assert available_languages() == LANGUAGES


@pytest.mark.parametrize("code", LANGUAGES)
def test_language_file_is_complete(code: str) -> None:
    lang = load_language(code)
    assert lang.code == code and not lang.fallback
    assert sorted(set(lang.months.values())) == list(range(1, 13)), "every month needs a name"
    for kind in (
        "weekdays",
        "release_types",
        "release_instructions",
        "embargo_cues",
        "contact_headings",
        "phone_labels",
        "email_labels",
        "boilerplate_headings",
        "trailing_sections",
        "speech_verbs",
        "honorifics",
        "end_marks",
        "legal_forms",
        "link_words",
    ):
        assert getattr(lang, kind), f"{code}: {kind} is empty"
    assert len(lang.stopwords) >= 60
    assert lang.date_order in ("dmy", "mdy", "ymd")
    assert re.fullmatch(r"[A-Z]{2}", lang.default_region)
    assert lang.phone_regions[0] == lang.default_region
    assert all(len(pair) == 2 for pair in lang.quote_marks)
    assert all("{org}" in p or p.split()[0] for p in lang.boilerplate_headings)


@pytest.mark.parametrize("code", LANGUAGES)
def test_phrase_tuples_are_longest_first(code: str) -> None:
    """Callers take the first phrase that matches, so the longest must come first."""
    lang = load_language(code)
    for kind in ("contact_headings", "release_types", "speech_verbs", "honorifics"):
        lengths = [len(p) for p in getattr(lang, kind)]
        assert lengths == sorted(lengths, reverse=True)


@pytest.mark.parametrize(
    ("code", "word", "month"),
    [
        ("sv", "november", 11),
        ("sv", "Nov.", 11),
        ("sv", "maj", 5),
        ("en", "Sept.", 9),
        ("en", "May", 5),
        ("nb", "desember", 12),
        ("nb", "des", 12),
        ("da", "marts", 3),
        ("fi", "huhtikuuta", 4),
        ("fi", "joulukuu", 12),
        ("de", "März", 3),
        ("de", "Dez.", 12),
        ("nl", "mrt", 3),
        ("nl", "mei", 5),
        ("fr", "août", 8),
        ("fr", "févr.", 2),
        ("es", "setiembre", 9),
        ("es", "dic.", 12),
    ],
)
def test_month_names(code: str, word: str, month: int) -> None:
    assert load_language(code).month(word) == month


def test_months_agree_across_languages() -> None:
    """A name two languages share must mean the same month, or the merged table lies."""
    seen: dict[str, tuple[str, int]] = {}
    for code in LANGUAGES:
        for name, number in load_language(code).months.items():
            if name in seen:
                assert seen[name][1] == number, (name, seen[name], code)
            seen[name] = (code, number)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("no", "nb"),
        ("nn", "nb"),
        ("NB", "nb"),
        ("en-GB", "en"),
        ("en_US", "en"),
        ("de-AT", "de"),
        ("sv", "sv"),
        ("xx", None),
        ("", None),
        (None, None),
    ],
)
def test_resolve_code(code: str | None, expected: str | None) -> None:
    assert resolve_code(code) == expected


def test_unknown_language_falls_back_to_english() -> None:
    lang = load_language("tlh")
    assert lang.code == DEFAULT_LANGUAGE and lang.fallback
    assert load_language("en").fallback is False
    assert load_language("no") is load_language("nb"), "cached and aliased"


@pytest.mark.parametrize(
    ("code", "kind", "phrase"),
    [
        ("sv", "release_types", "Pressmeddelande"),
        ("en", "release_types", "Press release"),
        ("en", "release_types", "News release"),
        ("en", "release_types", "Media advisory"),
        ("de", "release_types", "Pressemitteilung"),
        ("nb", "release_types", "Pressemelding"),
        ("da", "release_types", "Pressemeddelelse"),
        ("fi", "release_types", "Lehdistötiedote"),
        ("fi", "release_types", "Tiedote"),
        ("nl", "release_types", "Persbericht"),
        ("fr", "release_types", "Communiqué de presse"),
        ("es", "release_types", "Comunicado de prensa"),
        ("es", "release_types", "Nota de prensa"),
        ("en", "release_types", "Statement"),
        ("en", "release_types", "NEWS"),
        ("en", "release_instructions", "FOR IMMEDIATE RELEASE"),
        ("de", "release_instructions", "Sofort zur Veröffentlichung"),
        ("fi", "release_instructions", "vapaa julkaistavaksi heti"),
        ("en", "embargo_cues", "EMBARGO"),
        ("en", "embargo_cues", "Under embargo until"),
        ("de", "embargo_cues", "Sperrfrist"),
        ("fr", "embargo_cues", "Embargo jusqu'au"),
        ("sv", "contact_headings", "För mer information kontakta"),
        ("en", "contact_headings", "Media Contact"),
        ("en", "contact_headings", "Investor Contact"),
        ("en", "contact_headings", "Contact Details"),
        ("de", "contact_headings", "Pressekontakt"),
        ("sv", "contact_headings", "Kontakt"),
        ("fi", "contact_headings", "Lisätietoja"),
        ("fi", "contact_headings", "Haastattelypyynnöt ja lisätiedot"),
        ("es", "contact_headings", "Contacto de prensa"),
        ("fr", "contact_headings", "Contact presse"),
        ("nl", "contact_headings", "Perscontact"),
        ("en", "contact_headings", "For more information, contact"),
        ("en", "trailing_sections", "Forward-Looking Statements"),
        ("en", "trailing_sections", "Safe Harbor"),
        ("en", "trailing_sections", "Disclaimer"),
        ("en", "end_marks", "###"),
        ("en", "end_marks", "-30-"),
        ("en", "end_marks", "ENDS"),
        ("en", "end_marks", "# # #"),
        ("en", "end_marks", "- END -"),
        ("de", "end_marks", "- ende -"),
        ("sv", "end_marks", "Slut"),
        ("fi", "end_marks", "Loppu"),
    ],
)
def test_required_cues_present(code: str, kind: str, phrase: str) -> None:
    assert load_language(code).is_phrase(kind, phrase)


@pytest.mark.parametrize(
    ("code", "verb"),
    [
        ("sv", "säger"),
        ("sv", "sa"),
        ("en", "said"),
        ("en", "says"),
        ("en", "added"),
        ("de", "sagt"),
        ("de", "erklärt"),
        ("nl", "zegt"),
        ("fr", "dit"),
        ("fr", "a déclaré"),
        ("fi", "sanoo"),
        ("da", "siger"),
        ("nb", "sier"),
        ("es", "dijo"),
        ("es", "afirmó"),
    ],
)
def test_speech_verbs(code: str, verb: str) -> None:
    assert verb in load_language(code).speech_verbs


@pytest.mark.parametrize(
    ("code", "word"),
    [
        ("en", "Dr."),
        ("en", "Prof."),
        ("en", "Lieutenant General"),
        ("en", "Mr."),
        ("en", "Ms."),
        ("de", "Herr"),
        ("de", "Frau"),
    ],
)
def test_honorifics(code: str, word: str) -> None:
    assert word in load_language(code).honorifics


def test_match_needs_a_word_boundary() -> None:
    sv = load_language("sv")
    assert sv.match("contact_headings", "Kontakt: Anna Berg") == "Kontakt"
    assert sv.match("contact_headings", "Kontaktperson Anna") == "Kontaktperson"
    assert sv.match("contact_headings", "Kontaktade kunder") is None
    assert sv.match("contact_headings", "  För mer   information kontakta:") == "För mer   information kontakta"
    assert load_language("en").match("end_marks", "###") == "###"


def test_is_phrase_requires_the_whole_line() -> None:
    en = load_language("en")
    assert en.is_phrase("contact_headings", "Media Contact:")
    assert not en.is_phrase("contact_headings", "Media Contact: Jane Doe")
    assert en.is_phrase("release_instructions", "for immediate release")


@pytest.mark.parametrize(
    ("code", "line", "org"),
    [
        ("en", "About Acme Corp.", "Acme Corp"),
        ("en", "About the Canadian RV Association", "Canadian RV Association"),
        ("sv", "Om Länsstyrelsen i Stockholms län", "Länsstyrelsen i Stockholms län"),
        ("de", "Über kevin.", "kevin"),
        ("fi", "Tietoa Elonvaalijoista", "Elonvaalijoista"),
        ("es", "Acerca de OCEAN:", "OCEAN"),
        ("fr", "À propos de Keep A Breast", "Keep A Breast"),
        ("nl", "Over Philips", "Philips"),
    ],
)
def test_boilerplate_headings(code: str, line: str, org: str) -> None:
    m = load_language(code).boilerplate_match(line)
    assert m is not None and m.group("org").rstrip(".") == org.rstrip(".")


def test_boilerplate_heading_is_not_any_sentence() -> None:
    assert load_language("sv").boilerplate_match("Omsättningen ökade kraftigt") is None


def test_all_languages_merges_every_cue() -> None:
    merged = all_languages()
    assert merged.code == "mul" and load_language("mul") is merged
    assert merged.is_phrase("release_types", "Pressemitteilung")
    assert merged.is_phrase("contact_headings", "Contacto de prensa")
    assert merged.month("huhtikuuta") == 4 and merged.month("Nov.") == 11
    for code in LANGUAGES:
        assert load_language(code).stopwords <= merged.stopwords


def test_match_any_language_finds_a_foreign_cue() -> None:
    assert match_any_language("release_types", "Pressemitteilung – Berlin") == ("Pressemitteilung", "de")
    assert match_any_language("contact_headings", "Haastattelypyynnöt ja lisätiedot") == (
        "Haastattelypyynnöt ja lisätiedot",
        "fi",
    )
    assert match_any_language("release_types", "Weather is fine") is None


# --- detection ------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "text"), [(c, t) for c, ts in SAMPLES.items() for t in ts])
def test_detects_written_samples(code: str, text: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("pair", [("sv", "nb"), ("sv", "da"), ("nb", "da"), ("de", "nl")])
def test_close_languages_have_a_clear_margin(pair: tuple[str, str]) -> None:
    """Whole (short) releases must win by a margin, not by a hair."""
    a, b = pair
    for code, other in ((a, b), (b, a)):
        text = "\n\n".join(SAMPLES[code])
        scores = language_scores(text)
        assert scores[code] > 1.3 * scores[other], (code, other, scores)


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available")
def test_detects_every_dev_corpus_file() -> None:
    files = sorted(CORPUS.glob("*.txt"))
    assert files
    for path in files:
        expected = path.name.split("-")[1]
        assert detect_language(path.read_text(encoding="utf-8")) == expected, path.name


def test_no_evidence_gives_english() -> None:
    assert detect_language("") == "en"
    assert detect_language("12345 67 89 — 2024-01-01") == "en"


def test_detection_ignores_case_and_punctuation() -> None:
    assert detect_language("OCH DET ÄR INTE SÅ ATT VI KAN GÖRA DET, SÄGER HON.") == "sv"
    assert detect_language("«Le projet est prêt», a-t-il dit. C'est l'avenir.") == "fr"


@given(st.text(max_size=2000))
@settings(max_examples=300, deadline=None)
def test_detect_never_crashes(text: str) -> None:
    assert detect_language(text) in available_languages()


def test_language_data_is_frozen() -> None:
    lang = load_language("sv")
    assert isinstance(lang, LanguageData)
    with pytest.raises(AttributeError):
        lang.code = "xx"  # type: ignore[misc]
    with pytest.raises(TypeError):
        lang.months["x"] = 1  # type: ignore[index]


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("sv", "Pressmeddelande 2024-05-01: Ny VD utsedd"),
        ("nb", "Pressemelding: Ny direktør"),
        ("da", "Pressemeddelelse: Ny direktør"),
        ("fi", "Lehdistötiedote: Uusi toimitusjohtaja"),
        ("nl", "Persbericht: Nieuwe directeur"),
        ("de", "Pressemitteilung: Neuer Vorstand"),
    ],
)
def test_a_release_type_word_decides_a_short_text(code: str, text: str) -> None:
    assert detect_language(text) == code


def test_language_data_is_hashable() -> None:
    """Callers key caches on it (functools.lru_cache)."""
    assert hash(load_language("sv")) == hash(load_language("sv"))
    assert {load_language("sv"): 1, load_language("nb"): 2, all_languages(): 3}[load_language("nb")] == 2


def test_forms_of_address_are_not_offices() -> None:
    en, da = load_language("en"), load_language("da")
    assert en.only_address_forms(["Dr."])
    assert en.only_address_forms(["Lieutenant", "General"])
    assert en.only_address_forms(["Sen."])  # an abbreviated honorific is a form of address
    assert not en.only_address_forms(["Mayor"])
    assert not en.only_address_forms(["Floods", "Minister"])
    assert not da.only_address_forms(["Borgmester"])
    assert not en.only_address_forms([])


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_has_the_name_and_header_lists(code: str) -> None:
    data = load_language(code)
    for field in (
        "address_forms",
        "name_particles",
        "metadata_labels",
        "sender_labels",
        "org_connectors",
        "publication_cues",
        "departments",
    ):
        assert getattr(data, field), (code, field)
    # every form of address is also an honorific: it is cut from names
    honorifics = {h.casefold() for h in data.honorifics}
    assert {a.casefold() for a in data.address_forms} <= honorifics
