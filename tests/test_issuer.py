"""issuer: which name in a release is its organization (headline/lead subjects, About headings,
web/e-mail domains, acronyms, contact-only names)."""

from __future__ import annotations

import datetime as dt

from pipeline.assemble import assemble
from pipeline.classify import classify
from pipeline.language import load_language
from pipeline.normalize import normalize
from pipeline.segment import segment


def build(text: str, code: str = "en"):
    language = load_language(code)
    return assemble(classify(segment(normalize(text)), language), language, code)


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


def test_company_owning_a_title_at_the_start_of_the_lead_is_the_issuer():
    text = (
        "Trust Stamp Joins The Global Compact\n\n"
        "Trust Stamp Vice President Jonathan Smith joined a panel to unveil a milestone for the company.\n"
    )
    assert build(text).organization == "Trust Stamp"


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


def test_domain_name_is_extended_to_the_full_name_written_in_an_about_heading():
    text = (
        "Exempel bygger nytt lager\n\nExempel bygger ett nytt lager i Umeå som tas i bruk under hösten 2025.\n\n"
        "Om Exempel Logistik AB\nExempel Logistik AB är ett logistikföretag. www.exempel.se\n"
    )
    assert build(text, "sv").organization == "Exempel Logistik AB"


def test_domain_name_is_extended_to_the_subject_of_a_sentence_case_headline():
    text = (
        "Town of Westbury opens a new library\n\n"
        "The new library opened on Monday with 40,000 books and a children's floor. More at www.westbury.gov\n"
    )
    assert build(text).organization == "Town of Westbury"


def test_domain_name_is_extended_to_the_organization_in_a_quoted_role():
    text = (
        "Westbury Books For Kids Reaches A Million Readers\n\n"
        "The reading program sent its millionth book this week. See www.westburybooks.org\n\n"
        "“Every book is a door that opens for a child,” said Ann Lee, President of the Westbury Books Foundation.\n"
    )
    assert build(text).organization == "Westbury Books Foundation"


def test_possessive_office_stays_in_the_organization():
    text = (
        "Westbury County Sheriff's Office warns of phone scam\n\n"
        "The Westbury County Sheriff's Office is warning residents about callers who pretend to be deputies.\n\n"
        "Report scam calls at www.westburycounty.gov/sheriff.\n"
    )
    assert build(text).organization == "Westbury County Sheriff's Office"


def test_elided_article_and_connectors_in_the_lead_subject():
    text = (
        "Ouverture du nouveau centre\n\n"
        "L'Hôpital du Val ouvre le 8 avril un centre de rééducation de 40 lits pour les patients.\n"
    )
    assert build(text, "fr").organization == "Hôpital du Val"


def test_capitalized_genitive_and_lowercase_org_word_in_the_lead():
    text = (
        "Kirjasto lainaa pyöriä\n\n"
        "Porin kaupunginkirjasto alkaa lainata sähköpyöriä toukokuun alusta lähtien kolmeksi päiväksi.\n"
    )
    assert build(text, "fi").organization == "Porin kaupunginkirjasto"


def test_acronym_resolved_through_a_full_name_with_lowercase_words():
    text = (
        "Wasserversorger warnen vor Trockenheit\n\n"
        "Der Verband kommunaler Wasserbetriebe (VKW) rechnet in diesem Sommer mit Engpässen in mehreren Regionen.\n\n"
        "Über den VKW\nDer VKW vertritt 420 kommunale Wasserbetriebe.\n"
    )
    assert build(text, "de").organization == "Verband kommunaler Wasserbetriebe"


def test_agency_named_only_in_the_contact_card_is_not_the_issuer():
    text = (
        "Greenfield Bakery Opens Second Location\n\n"
        "AUSTIN, Texas, May 6, 2024 /PRNewswire/ -- Greenfield Bakery, a family-owned bakery, today opened a shop.\n\n"
        "Media Contact:\nSam Rivera\nBrightway Public Relations\nsam@brightwaypr.com\n"
    )
    assert build(text).organization == "Greenfield Bakery"


def test_headline_name_inside_a_compound_of_the_lead_name():
    text = (
        "Brauerei Tannbach investiert in neues Sudhaus\n\n"
        "Tannbach, 22.02.2024. Die Privatbrauerei Tannbach GmbH investiert fünf Millionen Euro "
        "in ein neues Sudhaus.\n\n"
        "Pressekontakt:\nJulia Meier\npresse@brauerei-tannbach.de\n"
    )
    assert build(text, "de").organization == "Privatbrauerei Tannbach GmbH"


def test_lead_subject_defined_with_an_acronym_and_lowercase_words():
    text = (
        "Nouveau programme pour les jeunes\n\n"
        "L'Office national pour la voile des jeunes (ONVJ) publie aujourd'hui son programme pour les clubs.\n\n"
        "Selon l'ONVJ, 4 000 jeunes en profiteront.\n"
    )
    assert build(text, "fr").organization == "Office national pour la voile des jeunes"
    text = (
        "Ny rapport om ekonomin\n\n"
        "Sveriges båtklubbar och hamnar (SBH) presenterar i dag en ny rapport om hamnarnas ekonomi.\n\n"
        "Enligt SBH behöver hamnarna investera mer.\n"
    )
    assert build(text, "sv").organization == "Sveriges båtklubbar och hamnar"


def test_about_name_gets_the_legal_form_the_lead_writes():
    text = (
        "Brauerei Tannbach investiert in neues Sudhaus\n\n"
        "Die Privatbrauerei Tannbach GmbH & Co. KG investiert fünf Millionen Euro in ein neues Sudhaus.\n\n"
        "Über die Privatbrauerei Tannbach\nDie Privatbrauerei Tannbach braut seit 1878 Bier.\n"
    )
    assert build(text, "de").organization == "Privatbrauerei Tannbach GmbH & Co. KG"


def test_one_word_agency_opening_the_lead():
    text = "Nya regler för avdrag\n\nTullverket har beslutat om nya regler som börjar gälla den 1 juli 2024.\n"
    assert build(text, "sv").organization == "Tullverket"
    text = (
        "Ny avtale om nattog\n\nBodø, 15. oktober 2024 – Vegdirektoratet har inngått en ny avtale om drift av veiene.\n"
    )
    assert build(text, "nb").organization == "Vegdirektoratet"


def test_article_and_lower_case_org_word_before_the_name_in_the_lead():
    text = (
        "Nieuw zwembad in het centrum\n\n"
        "De gemeente Vallby opent op 1 juni een nieuw zwembad in het centrum van de stad met een wedstrijdbad.\n"
    )
    assert build(text, "nl").organization == "Gemeente Vallby"


def test_official_opening_the_lead_speaks_for_the_body_in_the_contact_card():
    lead = (
        "Mayor Nora Halloway today announced the opening of the new Riverside Library, "
        "which will serve families across the east side.\n\n"
    )
    card = "Media contact:\nTom Ashby\nOffice of the Mayor, City of Brookvale\n(555) 201-3344\ntom.ashby@example.com\n"
    assert build("New Riverside Library Opens\n\n" + lead + card).organization == "City of Brookvale"
    assert build("City of Brookvale opens new library\n\n" + lead).organization == "City of Brookvale"
