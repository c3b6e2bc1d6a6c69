"""Issuer evidence rules, one at a time, on small invented texts that copy the mess of real
releases (glued lines, wire tags left in the lead, agencies in the card, runs of spaces), and
the decision they add up to (agencies demoted, people excluded, null when nothing is strong)."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from pipeline import issuer
from pipeline import labels as lb
from pipeline.assemble import assemble
from pipeline.classify import classify
from pipeline.language import load_language
from pipeline.normalize import normalize
from pipeline.segment import segment


def parts(text: str, code: str = "en"):
    language = load_language(code)
    labelled = classify(segment(normalize(text)), language)
    return labelled, assemble(labelled, language, code), language


def rule(name: str, text: str, code: str = "en") -> list[str]:
    labelled, release, language = parts(text, code)
    return issuer.run_rule(name, labelled, release, language)


def decide(text: str, code: str = "en") -> issuer.Decision:
    labelled, release, language = parts(text, code)
    return issuer.decide(labelled, release, language)


def test_every_rule_has_a_weight_in_the_data_file_and_no_weight_lacks_a_rule():
    raw = tomllib.loads(resources.files("pipeline").joinpath("evidence.toml").read_text(encoding="utf-8"))
    names = [r.name for r in issuer.RULES]
    assert sorted(raw["weights"]) == sorted(names)
    assert len(set(names)) == len(names)
    assert all(w > 0 for w in raw["weights"].values())


def test_organization_line_above_the_headline():
    # the rule alone, on blocks as the classifier labels a letterhead (no classifier involved)
    language = load_language("de")
    labelled = [
        lb.Labelled(lb.ORGANIZATION, "Polizei Nordstadt", ("Polizei Nordstadt",), 1),
        lb.Labelled(lb.HEADLINE, "Einbruch in Apotheke", ("Einbruch in Apotheke",), 3),
        lb.Labelled(lb.PARAGRAPH, "In der Nacht brachen Unbekannte ein.", ("In der Nacht brachen Unbekannte ein.",), 5),
    ]
    release = assemble(labelled, language, "de")
    assert issuer.run_rule("organization_line", labelled, release, language) == ["Polizei Nordstadt"]
    assert release.organization == "Polizei Nordstadt"
    assert release.review.confidence["organization"] >= 0.9


def test_type_senders_take_the_body_not_the_minister():
    text = (
        "Pressmeddelande från Johan Lind, Näringsdepartementet\n2025-03-02\n\nNytt stöd till glesbygden\n\n"
        "Regeringen har i dag beslutat om ett nytt stöd.\n"
    )
    assert rule("type_senders", text, "sv") == ["Näringsdepartementet"]


def test_source_line_in_a_wire_header_and_at_the_end():
    text = (
        "March 3, 2026 07:00 ET | Source: Nordlicht Systems Inc.\n\nNordlicht Opens Plant In Ohio\n\n"
        "COLUMBUS, Ohio -- The new plant employs 200 people and opened on Monday.\n\n"
        "Source: Nordlicht Systems Inc.\n"
    )
    assert "Nordlicht Systems Inc." in rule("source_line", text)
    d = decide(text)
    assert d.organization == "Nordlicht Systems Inc."


def test_source_line_of_a_german_portal_is_cut_before_the_distributor():
    text = (
        "Stadtwerke Ebersfeld erhöhen Preise nicht\n\nEbersfeld (ots) - Die Preise bleiben 2026 stabil.\n\n"
        "Original-Content von: Stadtwerke Ebersfeld, übermittelt durch news aktuell\n"
    )
    assert rule("source_line", text, "de") == ["Stadtwerke Ebersfeld"]


def test_statement_headline_names_the_body_not_the_spokesperson_title():
    text = "Statement from the Harbour Council Spokesperson on the Ferry Strike\n\nThe council regrets the strike.\n"
    assert rule("statement_headline", text) == ["Harbour Council"]
    # a statement from a person names no organization
    assert rule("statement_headline", "Statement from President Jane Roe on the Budget\n\nThe budget is good.\n") == []
    text = "Statement from Press Secretary Jane Roe on the Budget\n\nThe budget is good for families.\n"
    assert rule("statement_headline", text) == []
    assert decide(text).organization is None


def test_legislator_opening_a_glued_lead_issues_in_their_own_name():
    text = (
        "Doe Introduces Bill On Rail Safety\nJuly 2, 2025\n\n"
        "Washington D.C.—Today, July 2, 2025,Congresswoman Maria Doe (CA-99)introduced the Rail Safety Act.\n"
    )
    assert rule("legislator", text) == ["Maria Doe"]
    assert decide(text).organization == "Maria Doe"


def test_legislator_named_later_in_the_lead_is_not_the_issuer():
    text = "Acme Hosts Roundtable\n\nAcme Corp. today hosted a roundtable with Senator Jane Roe on rail jobs.\n"
    assert rule("legislator", text) == []


def test_announce_subject_after_a_distributor_tag_with_appositive_and_legal_form():
    text = (
        "Partner Program Grows\n\n"
        "Fort Myers, FL, May 2, 2026 – PRISM MediaWire (Press Release Service – Press Release Distribution) – "
        "Quillon Robotics International, Inc. (the “Company”) (Nasdaq: QRI), a developer of surgical robots, "
        "today announced that Brightside Clinic joined its partner program.\n"
    )
    assert rule("announce_subject", text) == ["Quillon Robotics International, Inc."]


def test_announce_subject_after_a_comma_phrase_and_in_other_languages():
    text = "Report Finds Abuse\n\nIn an investigation released today, Harvest Watch revealed abuse at two farms.\n"
    assert rule("announce_subject", text) == ["Harvest Watch"]
    text_es = "Nuevo centro\n\nLIMA, 3 de mayo de 2025. Andes Minerales se enorgullece de abrir un centro.\n"
    assert rule("announce_subject", text_es, "es") == ["Andes Minerales"]
    text_de = "Neues Werk\n\nMünchen, 4. Mai 2025 – Die Krautwerk GmbH gibt heute bekannt, dass sie baut.\n"
    assert rule("announce_subject", text_de, "de") == ["Krautwerk GmbH"]


def test_announce_subject_of_a_titled_official_is_no_organization():
    text = "New Council\n\nToday, President Donald Roe announced the first members of his council.\n"
    assert rule("announce_subject", text) == []


def test_about_glued_into_a_paragraph_becomes_an_about_heading():
    """The glue pass cuts "… visit: About Acme Lending: …" out of the paragraph, so the heading rule names it."""
    text = (
        "Acme Lending Cuts Rates\n\nAcme Lending cut its rates on Monday.\n\n"
        "For details, visit: About Acme Lending: Acme Lending is a lender in Ohio. Media Contact: Jane Roe, "
        "JRoe@agency.example\n"
    )
    assert rule("about_heading", text) == ["Acme Lending"]


def test_about_inline_glued_into_a_contact_card():
    """Inside a card line the glue pass leaves alone, only the inline rule sees the About name."""
    text = (
        "Acme Lending Cuts Rates\n\nAcme Lending cut its rates on Monday.\n\nMedia Contact\n"
        "Jane Roe, JRoe@agency.example, www.acmelending.example About Acme Lending: Acme Lending is a lender in Ohio.\n"
    )
    assert "Acme Lending" in rule("about_inline", text)


def test_about_paragraph_without_heading():
    text = (
        "New Depot Opens\n\nThe depot opened on Monday in Tulsa.\n\n###\n\n"
        "Brindle Freight is a trucking company based in Tulsa, Oklahoma.\n"
    )
    assert rule("about_paragraph", text) == ["Brindle Freight"]


def test_quote_affiliation_skips_the_title_and_reads_a_finnish_genitive():
    text = (
        "Acme expands\n\nThe plant will open in May. It will employ 300 people.\n\n"
        "The plant is the company's third in Ohio and cost $40 million.\n\n"
        "“We are ready to serve our customers in the region with fresh food every day,” said Jane Roe, "
        "Chairman of the Board and Chief Executive Officer of Norvale Foods.\n"
    )
    assert rule("quote_affiliation", text) == ["Norvale Foods"]
    text_fi = (
        "Syytteet kaatuivat\n\nHelsingin käräjäoikeus hylkäsi yhdistyksen syytteet torstaina.\n\n"
        "Yhdistystä oli syytetty rahankeräysrikoksesta vuonna 2021.\n\n"
        '"Mahtavaa, että syytteet kaatuivat! Olisimme toki toivoneet, että syyttäjä olisi luopunut asiasta", '
        "sanoo Metsänvartijat ry:n puheenjohtaja Liisa Koski.\n"
    )
    assert rule("quote_affiliation", text_fi, "fi") == ["Metsänvartijat ry"]


def test_contact_org_and_domains_of_the_card():
    text = (
        "Ridge Brewing Opens Taproom\n\nThe taproom opens on Friday.\n\n"
        "Media Contact:\nSam Reed\nRidge Brewing Company\nsam@ridgebrewing.com\n"
    )
    assert rule("contact_org", text) == ["Ridge Brewing Company"]
    assert rule("contact_domain", text) == ["Ridge Brewing Company"]


def test_domain_outside_the_card_spells_a_name_in_words_or_initials():
    text = (
        "A New Fellow\n\nThe fellow starts on Monday at Western Plains State University.\n\n"
        "More at https://www.wpsu.edu/fellows\n"
    )
    assert rule("domain", text) == ["Western Plains State University"]


def test_repeated_name_keeps_the_longest_run():
    text = (
        "Grants Announced\n\nThe Lake County Arts Fund gave 12 grants. The Lake County Arts Fund was founded in 1990. "
        "Each year the Lake County Arts Fund reviews 300 applications.\n"
    )
    assert rule("repeated_name", text) == ["Lake County Arts Fund"]


def test_pr_agency_in_the_card_is_never_the_issuer_while_the_lead_names_the_company():
    text = (
        "Greenfield Bakery Opens Second Shop\n\n"
        "AUSTIN, Texas, May 6, 2024 /PRNewswire/ -- Greenfield Bakery today opened its second shop.\n\n"
        "Media Contact:\nBrightline PR, c/o Ann Lee or Tom Ek\npress@brightlinepr.example\n"
    )
    d = decide(text)
    assert d.organization == "Greenfield Bakery"
    assert all(c.name != "Brightline PR" or c.agency for c in d.candidates)


def test_agency_alone_is_the_issuer_but_uncertain():
    text = (
        "Weekly Roundup\n\nHere are this week's releases.\n\n"
        "About Northstar Newswire\nNorthstar Newswire distributes press releases.\n"
    )
    d = decide(text)
    assert d.organization == "Northstar Newswire"
    assert d.winner is not None and d.winner.agency
    assert d.confidence <= 0.4


def test_wire_service_in_the_dateline_is_not_the_issuer():
    text = (
        "2026 Spring Festival Launches\n\n"
        "TAIPEI, TAIWAN – Media OutReach Newswire – 17 August 2026 – The Lakeside Scenic Area Office , "
        "Tourism Administration announced the launch of the spring campaign.\n"
    )
    assert decide(text).organization == "Lakeside Scenic Area Office"


def test_no_issuer_named_gives_null():
    text = (
        "Presseinformasjon\n\nMinister til Helsingør 5. mai\n\n"
        "Utanriksminister Brende deltek på nordisk utanriksministermøte i Helsingør.\n\n"
        "Pressekontakt: Kommunikasjonsrådgjevar Rune Bjåstad, 957 85 536.\n"
    )
    d = decide(text, "nb")
    assert d.organization is None


def test_support_only_signals_name_no_issuer():
    # a product the body repeats and the headline names is no issuer
    text = (
        "Why The Zephyr Bike Wins\n\nRiders say it is light. Many like the Zephyr Bike. "
        "Shops stock the Zephyr Bike. Reviews praise the Zephyr Bike.\n"
    )
    assert decide(text).organization is None


def test_acronym_and_full_name_merge_and_the_full_name_is_printed():
    text = (
        "CRSA Marks 50 Years\n\nThe Canadian Road Safety Association (CRSA) marks its 50th year.\n\n"
        "About CRSA\nCRSA speaks for road safety groups.\n"
    )
    d = decide(text)
    assert d.organization == "Canadian Road Safety Association"
    assert {"about_heading", "lead_subject"} <= set(d.winner.rules)


def test_the_runner_up_lowers_the_confidence():
    clear = decide(
        "Acme Opens Plant\n\nAcme Corp. today announced a plant.\n\nAbout Acme Corp.\nAcme Corp. makes parts.\n"
    )
    close = decide(
        "Two Firms Partner\n\nAbout Acme Corp.\nAcme Corp. makes parts.\n\nAbout Bolt Ltd.\nBolt Ltd. makes bolts.\n"
    )
    assert clear.confidence > close.confidence
    assert close.runner_up is not None


@pytest.mark.parametrize("name", [r.name for r in issuer.RULES])
def test_each_rule_runs_alone_on_an_empty_release(name):
    assert isinstance(rule(name, "Headline only\n\nOne sentence here.\n"), list)


def test_official_speaks_for_the_body_of_a_one_line_card_not_its_press_office():
    text = (
        "Governor Signs Bill Backed by Clean Water Alliance\n\n"
        "SACRAMENTO – Governor Ana Ruiz today signed SB 12, a bill that protects rivers, at a ceremony.\n\n"
        '"Clean water is a right," said Governor Ruiz.\n\n'
        "Contact: Office of the Governor, Press Office, press@gov.example\n"
    )
    assert decide(text).organization == "Office of the Governor"


def test_source_line_beats_a_joint_subject_and_the_printed_name_is_one_name():
    text = (
        "March 3, 2026 07:00 ET | Source: Nordlicht Systems Inc.\n\nNordlicht Systems Partners With Fjord Energy\n\n"
        "OSLO, Norway, March 3, 2026 (GLOBE NEWSWIRE) -- Fjord Energy and Nordlicht Systems Inc. today announced "
        "a partnership to build a grid battery.\n"
    )
    assert decide(text).organization == "Nordlicht Systems Inc."


def test_a_date_phrase_opening_the_lead_is_no_name():
    text = (
        "Stadtbibliothek Lindau öffnet sonntags\n\n"
        "Lindau, 3. März 2026 – Ab April öffnet die Stadtbibliothek Lindau auch sonntags.\n\n"
        "Pressekontakt:\nEva Huber\nAgentur Wortwerk PR\nhuber@wortwerk-pr.example\n"
    )
    d = decide(text, "de")
    assert d.organization != "Ab April"
    assert all("April" not in c.name for c in d.candidates)


def test_short_subject_with_lower_case_words_before_the_verb():
    text = (
        "Ny rapport om hamnarna\n\n"
        "Stockholm den 3 mars 2026 – Sveriges båtklubbar meddelar i dag att hamnavgifterna höjs.\n"
    )
    assert rule("announce_subject", text, "sv") == ["Sveriges båtklubbar"]


def test_plural_domain_spells_the_card_organization():
    text = (
        "Updated Guide to Cabinets Released\n\n"
        "Homeowners in Denver can now read a new guide. The guide covers costs and styles. "
        "Visit www.denvercabinets.example for more.\n\n"
        "Contact Details\nJane Roe\nDenver Cabinet Co.\njane@denvercabinets.example\n"
    )
    assert decide(text).organization == "Denver Cabinet Co."


def test_legislators_merge_with_their_surname_and_a_passive_headline_names_no_issuer():
    text = (
        "Roe Introduces Rail Safety Act\n\n"
        "WASHINGTON – U.S. Senator Jane Roe (D-Ohio) today introduced the Rail Safety Act, legislation to protect "
        'rail workers.\n\n"Rail workers deserve to come home safe every night," said Roe.\n'
    )
    d = decide(text)
    assert d.organization == "Jane Roe" and len(d.candidates) == 1
    text = (
        "Rail Safety Act Introduced\n\n"
        "WASHINGTON, D.C. – Today, Rep. John Doe (R-Texas) and Rep. Ann Lee (D-Calif.) introduced the act.\n"
    )
    d = decide(text)
    assert d.organization == "John Doe"
    assert all(c.name != "Rail Safety Act" for c in d.candidates)


def test_org_word_before_the_name_merges_with_the_name():
    text = (
        "Nouvelle usine à Lyon\n\n"
        "Lyon, le 3 mars 2026 – Le groupe Bellerive annonce l'ouverture d'une usine de 200 emplois.\n\n"
        "À propos de Bellerive\nBellerive est un groupe industriel français.\n\n"
        "Contact presse : Agence Lumen RP, marie@lumen-rp.example\n"
    )
    d = decide(text, "fr")
    assert d.organization in ("Groupe Bellerive", "Bellerive")
    assert d.runner_up is None or d.runner_up.agency


def test_a_person_opening_the_lead_speaks_for_the_organization_of_her_title():
    text = (
        "Acme Opens New Plant in Ohio\n\n"
        "Jane Roe, chief executive officer of Acme Tools, today announced that the company will open a plant.\n\n"
        "Media Contact: Tom Ek, Brightline PR, tom@brightlinepr.example\n"
    )
    d = decide(text)
    assert d.organization == "Acme Tools"
    assert all(c.name != "Jane Roe" for c in d.candidates)


def test_plural_legislator_title_names_the_first_legislator():
    text = (
        "Senators Introduce Rail Bill\n\n"
        "WASHINGTON – Today, U.S. Senators Jane Roe (D-Ohio) and John Doe (R-Texas) introduced the Rail Safety Act.\n"
    )
    assert decide(text).organization == "Jane Roe"


def test_press_service_dateline_names_the_client_and_a_place_before_a_dash_is_no_subject():
    text = (
        "Prospect Ridge Unveils New Website\n\n"
        " Frederiksted, Virgin Islands, U.S. - December 15, 2024 / Prospect Ridge Recovery Center /\n\n"
        " St. Croix - Prospect Ridge Recovery, a treatment center, has launched its new website for clients.\n\n"
        "   Contact Information:\n\n Prospect Ridge Recovery Center\n\n"
        "5A Prospect Ridge  Frederiksted, VI 00840Virgin Islands, U.S.\n\n"
        " Kim Cole +1tel:866-607-3268 https://www.prospectridgerecovery.example\n"
    )
    assert rule("dateline_sender", text) == ["Prospect Ridge Recovery Center"]
    d = decide(text)
    assert d.organization == "Prospect Ridge Recovery Center"
    assert all("00840" not in c.name for c in d.candidates)


def test_brand_opening_with_a_stopword_is_a_name_in_a_slot_only():
    text = (
        "Atlanta HVAC Experts Offer Guide\n\n"
        " Atlanta, GA - May 2, 2025 / My Aire Heating and Cooling /\n\n"
        " Homeowners can now read a guide to choosing a contractor in Atlanta.\n"
    )
    assert decide(text).organization == "My Aire Heating and Cooling"


def test_one_word_subject_of_an_announcing_verb_but_not_a_common_noun():
    text = (
        "Celonis Opens Office in Tokyo\n\n"
        "MUNICH, March 3, 2026 /PRNewswire/ -- Celonis today announced the opening of its first office in Japan.\n\n"
        "Media contact: press@celonis.example\n"
    )
    assert rule("announce_subject", text) == ["Celonis"]
    text = "New Rules for Drivers\n\nOfficials announced new rules on Monday. The officials said they start in May.\n"
    assert rule("announce_subject", text) == []
    assert decide(text).organization is None


# --- rules that generalize from the hold-out errors: small invented texts with the mess of real ones ---


def test_the_first_about_section_names_the_issuer_not_a_later_partner():
    text = (
        "Harbor Lights Festival Returns With New Sponsor\n\n"
        "PORTLAND, OR / PR Karma / May 2, 2026 - The Harbor Lights Festival returns for a third year.  It runs "
        "for four nights.\n\nAbout Lumen Parade Works\n\nLumen Parade Works is a lighting company in Portland.\n\n"
        "About Ferro Bank\n\nFerro Bank is a regional bank.  It sponsors the festival.\n"
    )
    d = decide(text)
    assert d.organization == "Lumen Parade Works"
    bank = next(c for c in d.candidates if c.name == "Ferro Bank")
    assert any("later About" in s.where for s in bank.signals)
    # the order decides, not the names: swapped sections, swapped issuer
    swapped = text.replace("About Lumen Parade Works\n\nLumen Parade Works is a lighting company in Portland.\n\n", "")
    swapped += "\nAbout Lumen Parade Works\n\nLumen Parade Works is a lighting company in Portland.\n"
    assert decide(swapped).organization == "Ferro Bank"


def test_a_conjoined_subject_is_split_and_the_first_named_wins():
    text = (
        "Counterpoint Tea and Riverside Bakehouse Release a Winter Loaf\n\n"
        "SALEM, OR / PR Karma / 11/02/2026 - Counterpoint Tea and Riverside Bakehouse today released a loaf.  "
        "The loaf uses Counterpoint Tea leaves baked by Riverside Bakehouse.\n\n"
        "About Counterpoint Tea Counterpoint Tea is a tea house in Salem.\n\n"
        "About Riverside Bakehouse Riverside Bakehouse is a bakery.\n"
    )
    d = decide(text)
    assert d.organization == "Counterpoint Tea"
    names = [c.name for c in d.candidates]
    assert "Riverside Bakehouse" in names and not any(" and " in n for n in names)


def test_a_firm_of_surnames_joined_by_an_ampersand_stays_one_name():
    text = (
        "Law Firm Files Suit\n\nLOS ANGELES, CA, May 2, 2026 /24-7PressRelease/ -- Keller Brandt Ames & Zoller, "
        "LLP today announced a lawsuit.  Zoller said the case is strong.\n\n"
        "About Keller Brandt Ames & Zoller, LLP\n\nKeller Brandt Ames & Zoller, LLP is a law firm.\n"
    )
    assert decide(text).organization.startswith("Keller Brandt Ames & Zoller")


def test_a_glued_about_heading_repeating_a_name_with_no_space():
    for name in ("7seas", "NORDVIK", "eLumo"):
        text = (
            f"{name} Signs Football Star\n\nLIMA, PERU - Media OutReach Newswire - 3 May 2026 - The star joined the "
            f"{name} club on Monday.   He will play in June.   Hashtag: #{name}The issuer is solely responsible.\n\n"
            f"About {name}{name} is an international entertainment platform.\n"
        )
        d = decide(text)
        assert d.organization == name, (name, issuer.describe(d))


def test_the_first_sponsor_of_a_survey_issues_it():
    text = (
        "New Poll: Most Adults Want More Music In Schools\n\n"
        "(NewsUSA) - A survey sponsored by Open Score and the Halvard Fund finds that 70% of adults want more "
        "music lessons.\n\nThe poll asked 2,000 adults in May.\n\nTo learn more, visit joinopenscore.org.\n"
    )
    assert rule("sponsor", text) == ["Open Score"]
    d = decide(text)
    assert d.organization == "Open Score"
    signals = {s.rule for s in d.winner.signals}
    assert {"sponsor", "domain"} <= signals  # the bare domain "joinopenscore.org" spells it after a prefix
    # a gala "presented by" someone is no study: the cue counts only after a study noun
    assert rule("sponsor", text.replace("A survey sponsored by", "A gala presented by")) == []


def test_a_bare_domain_after_a_site_cue_is_domain_evidence():
    text = (
        "Bright Lane Opens Second Store\n\nBright Lane opened its second store in Reno on Monday.\n\n"
        "The store sells lamps.\n\nLearn more at brightlane.shop.\n"
    )
    d = decide(text)
    assert d.organization == "Bright Lane"
    assert any(s.rule == "domain" and "brightlane" in s.where for s in d.winner.signals)


def test_an_indefinite_article_of_an_about_heading_belongs_to_the_name_the_definite_is_dropped():
    text = (
        "New Telenovela Starts In June\n\nMIAMI, FL - The series starts in June.\n\n"
        "About A Sunfield Production, LLC\n\nA Sunfield Production, LLC is a studio in Miami.\n"
    )
    assert decide(text).organization == "A Sunfield Production, LLC"
    the = text.replace("About A Sunfield Production, LLC", "About The Sunfield Studio, LLC")
    assert decide(the).organization == "Sunfield Studio, LLC"


def test_a_legal_form_written_later_in_the_about_text_completes_the_name():
    text = (
        "Corvid Labs Announces New Antibodies\n\nSAN DIEGO, CA, May 2, 2026 /24-7PressRelease/ -- Corvid Labs is "
        "the leader in reagents.   About Corvid Labs  Corvid Labs, Inc. is a provider of reagents.  Visit "
        "https://www.corvidlabs.com/ for more.\n"
    )
    assert decide(text).organization == "Corvid Labs, Inc."
    # "as" is no legal form in English (case counts), even though "AS" is one in Norwegian
    plain = text.replace("Corvid Labs, Inc. is", "Corvid Labs as a company is")
    assert decide(plain).organization == "Corvid Labs"


def test_a_place_opening_the_lead_is_no_issuer():
    text = (
        "United States Marks Civics Week\n\nUnited States schools mark civics week in May.  Teachers in the "
        "United States will hold lessons.\n"
    )
    d = decide(text)
    assert d.organization is None
    assert any(name == "United States" and why.endswith("a place") for name, why in d.dropped)


def test_a_german_verb_second_lead_names_the_subject_after_the_verb():
    text = (
        "Neue Öffnungszeiten\n\nAb April öffnet die Stadtbibliothek Lindenau auch sonntags.  "
        "Die Stadtbibliothek Lindenau erweitert damit ihr Angebot.\n"
    )
    assert rule("announce_subject", text, "de") == ["Stadtbibliothek Lindenau"]
    # deep in a paragraph, an inverted clause is reported speech, not the issuer
    deep = "Neue Regeln\n\nDie Regeln gelten ab Mai. Im April öffnet Polen die Grenze.\n"
    assert rule("announce_subject", deep, "de") != ["Polen"]


def test_a_lone_weak_signal_is_flagged_and_corroborated_evidence_is_not():
    lone = "A New Plant For Ohio\n\nRidge Tools opened a plant in Ohio on Monday.\n"
    r = parts(lone)[1]
    assert r.organization == "Ridge Tools"
    assert r.review.confidence["organization"] < 0.4
    assert any("Ridge Tools" in x for x in r.review.reasons)
    strong = (
        "Ridge Tools Opens Plant\n\nRidge Tools today announced a plant in Ohio.\n\n"
        "About Ridge Tools\n\nRidge Tools makes tools.  Visit https://www.ridgetools.com\n"
    )
    r = parts(strong)[1]
    assert r.organization == "Ridge Tools" and not r.review.reasons


def test_a_brand_shaped_affiliation_after_a_preposition_is_the_speakers_organization():
    from pipeline.issuer_rules import _brand_after_preposition

    da = load_language("da")
    assert _brand_after_preposition("Oscar Bang fra CasinoUdenMitID.co", da) == "CasinoUdenMitID.co"
    assert _brand_after_preposition("CTO at NordVolt", load_language("en")) == "NordVolt"
    # a plain word after the preposition is a department or a place, not a brand
    assert _brand_after_preposition("head of Marketing", load_language("en")) is None
    assert _brand_after_preposition("Oscar Bang fra Danmark", da) is None


def test_a_name_an_about_heading_gives_is_no_place_even_after_in():
    text = (
        "Solvela Launches New Series\n\nMIAMI, FL - The stories are live in Solvela and on YouTube.\n\n"
        "About Solvela Studios\n\nSolvela Studios is a studio in Miami.\n"
    )
    d = decide(text)
    assert d.organization == "Solvela Studios"
    assert not any(why.endswith("a place") and name == "Solvela" for name, why in d.dropped)


def test_a_full_name_with_a_title_and_a_pronoun_after_it_is_a_person_not_an_issuer():
    text = (
        "New Director For The Museum\n\nMaria Lindqvist becomes director of the museum in May.  Before that she "
        "led a gallery in Oslo.  Maria Lindqvist starts on 2 May.\n"
    )
    d = decide(text)
    assert d.organization is None
    assert any(name == "Maria Lindqvist" and why.endswith("a person") for name, why in d.dropped)
    # a firm of surnames its About heading names stays an organization
    about = "\nAbout Brandt Kessler\n\nBrandt Kessler is a law firm.\n"
    firm = text.replace("Maria Lindqvist", "Brandt Kessler") + about
    assert decide(firm).organization == "Brandt Kessler"
