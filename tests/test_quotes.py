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


def test_a_bare_rank_is_not_a_role_but_a_lowercase_title_is():
    q = find_quote(
        "“This bill will end a practice that hurts families,” said Senator Doe.",
        EN,
        document="U.S. Senator Jane Doe (D-Calif.) introduced the bill.",
    )
    assert (q.speaker, q.role) == ("Jane Doe", None)
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
