"""quotes: the quoted words, the speaker without honorifics and the role as written."""

from __future__ import annotations

import pytest

from pipeline.language import load_language
from pipeline.quotes import find_quote, parse_attribution_line, quoted_spans, split_name

EN = load_language("en")
SV = load_language("sv")
DE = load_language("de")
ES = load_language("es")
FI = load_language("fi")
FR = load_language("fr")


def test_said_after_with_role_after_comma():
    q = find_quote("“We are opening three new stores this spring,” said Jane Doe, CEO of Northwind Ltd.", EN)
    assert q is not None
    assert q.speaker == "Jane Doe"
    assert q.role == "CEO of Northwind Ltd."
    assert q.quote.startswith("We are opening three new stores")


def test_role_before_name_and_rank_is_not_part_of_the_name():
    q = find_quote("“Every volunteer made a real difference this year,” says Lieutenant General Tom Berg.", EN)
    assert q.speaker == "Tom Berg"
    q = find_quote("“The harbor will be dredged before winter starts,” said Harbor Commission Chair Lisa Wong.", EN)
    assert q.speaker == "Lisa Wong"
    assert q.role == "Harbor Commission Chair"


def test_attribution_before_with_colon():
    q = find_quote("Jane Doe, CEO, said: “We will double our staff in the next two years.”", EN)
    assert q.speaker == "Jane Doe"
    assert q.role == "CEO"


def test_verb_first_before_quote():
    q = find_quote('Says Larsen, "This is the best season we have had in ten years."', EN)
    assert q.speaker == "Larsen"


def test_surname_is_expanded_from_the_document():
    doc = "Dr. Maria Larsen leads the lab. “The samples arrived on time and in good shape,” Larsen said."
    q = find_quote("“The samples arrived on time and in good shape,” Larsen said.", EN, document=doc)
    assert q.speaker == "Maria Larsen"
    assert q.role is None


def test_known_speaker_wins_for_a_surname():
    q = find_quote("“We will keep going until the job is done,” Berg said.", EN, known=["Tom Berg"])
    assert q.speaker == "Tom Berg"


def test_swedish_speech_dash_with_role_before_name():
    q = find_quote(
        "– Vi ser fram emot att öppna kontoret i höst, säger vd Karin Ek som leder bolaget. "
        "Det blir ett lyft för regionen.",
        SV,
    )
    assert q is not None and q.dash
    assert q.speaker == "Karin Ek"
    assert q.role == "vd"
    assert q.quote.startswith("Vi ser fram emot")


def test_hyphen_speech_dash_is_accepted_too():
    q = find_quote("- Det här är en viktig dag för oss, säger kommunalråd Per Holm.", SV)
    assert (q.speaker, q.role) == ("Per Holm", "kommunalråd")


def test_german_low_high_quotes():
    q = find_quote(
        "„Wir sind stolz auf das neue Werk in Leipzig“, sagt Max Weber, Geschäftsführer der Beispiel AG.", DE
    )
    assert q.speaker == "Max Weber"
    assert q.role == "Geschäftsführer der Beispiel AG"


def test_guillemets_and_article_before_role():
    q = find_quote(
        "El presidente de Acme, Luis Gómez, agregó: «Queremos crecer en toda la región andina este año».", ES
    )
    assert q.speaker == "Luis Gómez"
    assert q.role == "presidente de Acme"


def test_finnish_name_before_verb():
    q = find_quote(
        '"Olemme erittäin tyytyväisiä päätökseen ja jatkamme työtä", yhdistyksen puheenjohtaja Liisa Virtanen toteaa.',
        FI,
    )
    assert q.speaker == "Liisa Virtanen"
    assert q.role == "yhdistyksen puheenjohtaja"


def test_unnamed_speaker_keeps_role():
    q = find_quote("“The new books made our library feel brand new again,” said a school librarian.", EN)
    assert q.speaker is None
    assert q.role == "school librarian"


def test_scare_quotes_are_not_speech():
    assert find_quote("The farm was certified “organic” and sold as “humane” in many stores.", EN) is None
    assert find_quote("Le produit offre une expérience « Tap and Go » à tous.", FR) is None


def test_quoted_spans_pair_mixed_marks():
    text = '"One two three,” she said. “Four five.'
    assert [text[s:e] for s, e in quoted_spans(text)] == ["One two three,", "Four five."]


def test_signature_line_under_a_quote():
    att = parse_attribution_line("-Claire Martin, Directrice générale - Exemple SA", FR)
    assert att is not None
    assert (att.speaker, att.role) == ("Claire Martin", "Directrice générale - Exemple SA")
    assert parse_attribution_line("- a bullet point that says nothing", FR) is None


@pytest.mark.parametrize(
    ("words", "name"),
    [
        (["Farm", "Forward", "Executive", "Director", "Anna", "Berg"], ["Anna", "Berg"]),
        (["Dr.", "Jordan", "P.", "Smith"], ["Jordan", "P.", "Smith"]),
        (["Sen.", "Bernie", "Sanders"], ["Bernie", "Sanders"]),
    ],
)
def test_split_name_drops_titles(words, name):
    assert split_name(words, EN)[1] == name


def test_a_form_of_address_or_rank_is_not_a_role_but_an_office_or_lowercase_title_is():
    q = find_quote(
        "“This bill will end a practice that hurts families,” said Sen. Doe.",
        EN,
        document="U.S. Senator Jane Doe (D-Calif.) introduced the bill.",
    )
    assert (q.speaker, q.role) == ("Jane Doe", None)
    q = find_quote("“Every volunteer made a real difference this year,” said Lieutenant General Tom Berg.", EN)
    assert (q.speaker, q.role) == ("Tom Berg", None)
    q = find_quote("“Every volunteer made a real difference this year,” said Dr. Anna Nair.", EN)
    assert (q.speaker, q.role) == ("Anna Nair", None)
    # an office written before the name is the role the attribution gives
    q = find_quote("“Too many residents stay home because the fare adds up,” said Mayor Ada Lund.", EN)
    assert (q.speaker, q.role) == ("Ada Lund", "Mayor")
    q = find_quote("„Wir brauchen Netze wie dieses in vielen Stadtteilen“, sagt Oberbürgermeisterin Eva Roth.", DE)
    assert (q.speaker, q.role) == ("Eva Roth", "Oberbürgermeisterin")
    q = find_quote("– Vi ser fram emot samarbetet med kommunen, säger landshövding Eva Berg.", SV)
    assert (q.speaker, q.role) == ("Eva Berg", "landshövding")


def test_pronoun_attribution_is_flagged():
    q = find_quote("„Wir haben lange auf diesen Tag gewartet und freuen uns sehr“, sagt er.", DE)
    assert q is not None and q.speaker is None and q.pronoun


def test_statement_introduced_by_a_titled_person():
    from pipeline.quotes import attribution_before

    att = attribution_before(
        "WASHINGTON, D.C. – Today, U.S. Representative Mark Doe (WI-02) released the following statement "
        "after the vote in the House of Representatives on the annual defense bill:",
        EN,
    )
    assert att is not None and att.speaker == "Mark Doe"


def test_award_title_in_quotes_far_from_a_verb_is_not_speech():
    text = (
        "Acme today announced that it has been selected as winner of the “Data Warehouse Solution "
        "Provider of the Year” award in the annual awards program run by an independent organization."
    )
    assert find_quote(text, EN) is None


def test_descriptive_clause_after_the_role_is_dropped():
    q = find_quote(
        "“We are thrilled to bring our platform to more customers,” said John Smith, president of Acme, "
        "a leading provider of cloud software.",
        EN,
    )
    assert (q.speaker, q.role) == ("John Smith", "president of Acme")


NL = load_language("nl")


def test_title_word_before_a_name_in_a_colon_attribution_is_the_role():
    q = find_quote('Projectleider Anne Bos: "We meten het hele jaar door hoe het water zich gedraagt."', NL)
    assert (q.speaker, q.role) == ("Anne Bos", "Projectleider")
    q = find_quote(
        "«Die Wagen sind für steile Strecken und tiefe Temperaturen gebaut», sagt Abteilungsleiterin Eva Roth.", DE
    )
    assert (q.speaker, q.role) == ("Eva Roth", "Abteilungsleiterin")


def test_company_title_before_the_name_with_a_colon():
    q = find_quote('Acme Chief Financial Officer Jane Roe said: "The numbers show steady growth in every region."', EN)
    assert (q.speaker, q.role) == ("Jane Roe", "Acme Chief Financial Officer")


def test_office_before_the_name_in_a_colon_introduction_without_a_speech_verb():
    q = find_quote(
        "Bürgermeisterin Eva Roth sieht darin einen wichtigen Schritt: „Wir bauen die Stadt von morgen.“", DE
    )
    assert (q.speaker, q.role) == ("Eva Roth", "Bürgermeisterin")


def test_name_particles_do_not_end_the_name():
    q = find_quote(
        '"We zetten de komende jaren vol in op schoon water en droge voeten", zegt dijkgraaf Jan van der Berg.', NL
    )
    assert (q.speaker, q.role) == ("Jan van der Berg", "dijkgraaf")
    q = find_quote("“The results were better than we had expected at the start,” said Anna von Stein.", EN)
    assert q.speaker == "Anna von Stein"


def test_role_then_name_in_apposition():
    q = find_quote(
        "«Nuestros socios querían una planta moderna y ya la tienen», ha declarado el gerente de la empresa, "
        "Luis Gómez Prieto.",
        ES,
    )
    assert (q.speaker, q.role) == ("Luis Gómez Prieto", "gerente de la empresa")
    q = find_quote("“We are proud of what the team built this year,” said the founder of Acme, Jane Roe.", EN)
    assert (q.speaker, q.role) == ("Jane Roe", "founder of Acme")


def test_postnominal_letters_are_neither_name_nor_role():
    q = find_quote("“The data speak for themselves,” said Ann Lee, Ph.D., Chief Scientific Officer of Acme.", EN)
    assert (q.speaker, q.role) == ("Ann Lee", "Chief Scientific Officer of Acme")
    q = find_quote("“The data speak for themselves,” said Tom Berg, U.S. Army (Ret.), President of Acme.", EN)
    assert (q.speaker, q.role) == ("Tom Berg", "President of Acme")


def test_long_lowercase_role_with_a_preposition():
    q = find_quote(
        "Dr Ann Lee, senior lecturer in marine biology and head of the coastal group at the University of X, "
        'said: "The seagrass came back faster than any of us had hoped."',
        EN,
    )
    assert (q.speaker, q.role) == (
        "Ann Lee",
        "senior lecturer in marine biology and head of the coastal group at the University of X",
    )


def test_quote_after_a_prose_sentence_introduced_by_according_to():
    text = (
        "Les plongeurs suivront les herbiers chaque printemps. Selon Paul Morel, directeur du parc marin, "
        "« les herbiers reviennent partout où les ancres ne passent plus »."
    )
    q = find_quote(text, FR)
    assert (q.speaker, q.role) == ("Paul Morel", "directeur du parc marin")
    assert q.quote.startswith("les herbiers reviennent")


def test_genitive_organization_before_the_title_belongs_to_the_role():
    q = find_quote(
        "”Uudet asemat palvelevat erityisesti esikaupunkeja”, sanoo Esimerkki Oy:n toimitusjohtaja Matti Virtanen.",
        FI,
    )
    assert (q.speaker, q.role) == ("Matti Virtanen", "Esimerkki Oy:n toimitusjohtaja")


def test_surname_resolved_to_a_titled_mention_keeps_the_name_only():
    document = "Liikennesuunnittelija Liisa Koski Esimerkin kaupungilta muistuttaa asiasta."
    q = find_quote("”Aamut voivat olla vielä liukkaita koko huhtikuun ajan”, Koski sanoo.", FI, document=document)
    assert q.speaker == "Liisa Koski"


def test_name_run_after_of_keeps_only_the_name():
    q = find_quote('Acme Vice President of Marketing Ann Holm said: "Our customers asked for this for years."', EN)
    assert (q.speaker, q.role) == ("Ann Holm", "Acme Vice President of Marketing")
    q = find_quote('"Our customers asked for this for years," said Acme Vice President of Marketing Ann Holm.', EN)
    assert (q.speaker, q.role) == ("Ann Holm", "Acme Vice President of Marketing")


def test_attribution_opener_needs_a_name():
    q = find_quote(
        "Le musée rouvre en juin. D'après Paul Morel, conservateur en chef, "
        "« les visiteurs verront enfin la collection entière ».",
        FR,
    )
    assert (q.speaker, q.role) == ("Paul Morel", "conservateur en chef")
    q = find_quote('In the words of Ann Holm, "this is the best season the club has had in twenty years."', EN)
    assert q.speaker == "Ann Holm"
    assert find_quote("Pour la première fois, « la Nuit des Musées de la ville de Lyon » aura lieu en mai.", FR) is None


def test_degree_between_title_and_name_is_neither():
    q = find_quote("«Das neue Becken ist ab Juni für alle Schulen offen», sagt Bäderchefin Mag. Eva Roth.", DE)
    assert (q.speaker, q.role) == ("Eva Roth", "Bäderchefin")


def test_article_before_an_abbreviated_french_title():
    q = find_quote(
        "« Les patients pourront être suivis à domicile dès cet automne », "
        "souligne la Pre Anne Roux, cheffe du service.",
        FR,
    )
    assert (q.speaker, q.role) == ("Anne Roux", "cheffe du service")


def test_dash_quote_ending_in_name_then_verb():
    q = find_quote(
        "– Toivomme, että moni kokeilee uusia asemia jo toukokuussa, Virtanen jatkaa.", FI, known=["Matti Virtanen"]
    )
    assert q is not None and q.dash and q.speaker == "Matti Virtanen"
    assert q.quote == "Toivomme, että moni kokeilee uusia asemia jo toukokuussa"


def test_relative_clause_after_the_role_is_cut():
    q = find_quote(
        '"This funding lets us hire twenty engineers this year," said Ann Holm, partner at Acme Ventures, '
        "who will join the company's board.",
        EN,
    )
    assert (q.speaker, q.role) == ("Ann Holm", "partner at Acme Ventures")


def test_dash_signature_after_the_quote_in_the_same_block():
    q = find_quote("“We are thrilled to open our doors to the whole community.” – Ann Holm, CEO of Acme", EN)
    assert (q.speaker, q.role) == ("Ann Holm", "CEO of Acme")


def test_colon_introduction_with_name_and_role():
    q = find_quote("Eva Roth, Geschäftsführerin der Stadtwerke: „Wir investieren in die Zukunft unserer Stadt.“", DE)
    assert (q.speaker, q.role) == ("Eva Roth", "Geschäftsführerin der Stadtwerke")


def test_relative_clause_before_the_verb_is_no_role():
    q = find_quote(
        "Eva Roth, die das Projekt seit Jahren leitet, drückt ihre Freude aus: „Wir investieren in die Zukunft.“", DE
    )
    assert (q.speaker, q.role) == ("Eva Roth", None)


def test_particle_after_a_full_name_starts_the_place_of_work():
    q = find_quote("„Die Ergebnisse haben uns alle sehr überrascht“, sagt Eva Roth von der Universität Lindau.", DE)
    assert q.speaker == "Eva Roth"
    q = find_quote('"De resultaten hebben ons allemaal erg verrast", zegt Jan de Wit van Rijkswaterstaat.', NL)
    assert q.speaker == "Jan de Wit"


def test_british_single_quotes_are_speech_marks():
    q = find_quote(
        "‘Until now, families have had to travel for hours to reach a hospice bed,’ said Ann Holm, "
        "chief executive of Valley Hospice. ‘This centre means they won’t have to.’",
        EN,
    )
    assert (q.speaker, q.role) == ("Ann Holm", "chief executive of Valley Hospice")
    assert q.quote.startswith("Until now, families")
    assert find_quote("The scheme will create 300 ‘green’ jobs in the region over the next two years.", EN) is None


def test_spanish_inciso_and_dialogue_raya():
    q = find_quote(
        "«Cada año encontramos menos latas y más plásticos —explicó la directora de la fundación, Eva Ruiz—, "
        "y eso nos obliga a cambiar.»",
        ES,
    )
    assert (q.speaker, q.role) == ("Eva Ruiz", "directora de la fundación")
    assert q.quote.startswith("Cada año encontramos")
    q = find_quote("—Será el pulmón verde de la zona norte —afirmó el alcalde, Luis Gil.", ES)
    assert (q.speaker, q.role, q.quote) == ("Luis Gil", "alcalde", "Será el pulmón verde de la zona norte")
    assert find_quote("El proyecto —que costará tres millones de euros— comenzará en junio.", ES) is None


def test_straight_single_quotes_in_plain_text():
    q = find_quote("'We are proud of our workers and of this town,' said Tom Lind, managing director.", EN)
    assert (q.speaker, q.role) == ("Tom Lind", "managing director")
    assert find_quote("The company's 'Made Here' campaign runs until May and covers all of its stores.", EN) is None
    assert find_quote("The workers' union said it would meet the company's managers next week.", EN) is None


def test_as_name_role_put_it_drops_the_as():
    text = "As Rachel Okonkwo, head of policy at the trust, put it: “Carers hold the whole system together.”"
    q = find_quote(text, EN)
    assert (q.speaker, q.role) == ("Rachel Okonkwo", "head of policy at the trust")


def test_an_unnamed_speaker_from_a_place_has_no_name():
    q = find_quote("One carer from Sheffield told the charity: “I did not know where to turn until I called.”", EN)
    assert q.speaker is None and q.role is not None


def test_party_tag_between_name_and_role():
    text = "– Det här är en viktig satsning för klimatet, säger Jonas Lindh (S), kommunstyrelsens ordförande."
    q = find_quote(text, SV)
    assert (q.speaker, q.role) == ("Jonas Lindh", "kommunstyrelsens ordförande")


def test_lower_case_title_before_the_name_stays_in_the_role():
    q = find_quote("– Tulokset ovat huolestuttavia, sanoo tutkimusta johtanut professori Mikko Laine.", FI)
    assert (q.speaker, q.role) == ("Mikko Laine", "tutkimusta johtanut professori")


def test_trailing_clause_after_the_role_is_cut():
    text = "«Necesitamos actuar ya, antes de que sea tarde», ha dicho Laura Gil, directora de la Fundación Aguaviva, "
    q = find_quote(text + "durante la presentación del informe.", ES)
    assert (q.speaker, q.role) == ("Laura Gil", "directora de la Fundación Aguaviva")


def test_quote_closing_an_indirect_speech_sentence():
    text = (
        "La directora del estudio, Carmen Ortega, que ha colaborado con varias universidades, ha advertido de que "
        "«la situación es cada vez más grave en el sur del país»."
    )
    q = find_quote(text, ES)
    assert q is not None and q.speaker == "Carmen Ortega"
    assert q.quote.startswith("la situación es cada vez")


NL = load_language("nl")


def test_speaker_named_before_the_quote_without_a_speech_verb():
    text = (
        "Directeur, Pieter de Vries, is blij met de nieuwe locatie. "
        "“Hier zitten we dicht bij onze klanten en dat vinden we belangrijk.”"
    )
    q = find_quote(text, NL)
    assert (q.speaker, q.role) == ("Pieter de Vries", "Directeur")


def test_titles_in_quote_marks_are_no_speech():
    es = "La Fundación Aguaviva ha presentado su informe anual «El agua que falta 2024», que advierte de la escasez."
    en = 'The charity said its report "State of Caring in the UK 2024" would be published in May.'
    assert find_quote(es, ES) is None
    assert find_quote(en, EN) is None
    q = find_quote("«Necesitamos actuar ya, antes de que sea tarde», ha dicho Laura Gil.", ES)
    assert q is not None and q.speaker == "Laura Gil"


def test_relative_clause_after_the_name_is_no_role():
    said = "„Wir wollen bis 2030 klimaneutral sein“, "
    q = find_quote(said + "ergänzt Anna Schulz, die seit 2019 an der Spitze steht.", DE)
    assert (q.speaker, q.role) == ("Anna Schulz", None)
    q = find_quote(said + "sagt Anna Schulz, die Leiterin des Projekts.", DE)
    assert (q.speaker, q.role) == ("Anna Schulz", "Leiterin des Projekts")


def test_unnamed_speaker_from_a_place_in_german_and_a_trailing_during_clause():
    q = find_quote("Eine Anwohnerin aus Nordstadt sagte der Zeitung: „Wir freuen uns sehr über den neuen Park.“", DE)
    assert q.speaker is None
    text = '"We waited ten years for this," said Tom Reed, chair of the Friends of Westbury Library, '
    text += "during the opening."
    q = find_quote(text, EN)
    assert (q.speaker, q.role) == ("Tom Reed", "chair of the Friends of Westbury Library")


def test_unnamed_speakers_keep_a_role_so_they_inherit_no_name():
    q = find_quote("One carer told the charity: “I did not know where to turn until I called.”", EN)
    assert q.speaker is None and q.role == "One carer"
    org = "Stadsbank Lokaal, de bank voor ondernemers, is blij met de locatie. “Hier zitten we dicht bij onze klanten.”"
    assert find_quote(org, NL).speaker is None


def test_article_lower_case_title_and_name_after_the_verb():
    said = "«Los resultados son muy preocupantes para toda la región», "
    q = find_quote(said + "ha advertido la catedrática Ana Ruiz, de la Universidad de Sevilla.", ES)
    assert (q.speaker, q.role) == ("Ana Ruiz", "catedrática de la Universidad de Sevilla")
    q = find_quote("“The results are worrying for the whole region,” said a teacher at Freedom Trail Elementary.", EN)
    assert q.speaker is None


def test_relative_clause_between_subject_and_verb():
    sv = "Studiens ledare Anna Berg, som har arbetat med frågan, varnar för att ”situationen blir värre för varje år”."
    q = find_quote(sv, SV)
    assert (q.speaker, q.role) == ("Anna Berg", "Studiens ledare")
    nl = "Onderzoeker Jan de Vries, die het onderzoek leidde, waarschuwt dat “de situatie elk jaar slechter wordt”."
    q = find_quote(nl, NL)
    assert (q.speaker, q.role) == ("Jan de Vries", "Onderzoeker")
