from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize import normalize


def test_no_break_and_odd_spaces_become_spaces():
    assert normalize("Pressmeddelande\u00a0\u00a0•\u2009Nov 07\u202f2006") == "Pressmeddelande  • Nov 07 2006\n"


def test_line_ends_tabs_trailing_spaces_and_blank_runs():
    assert normalize("A\r\nB  \rC\t!\n\n\n\n\nD") == "A\nB\nC !\n\nD\n"


def test_nfc_and_invisible_characters():
    assert normalize("Ga\u0308vle\u00ad\u200bstad") == "Gävlestad\n"


def test_keeps_typographic_quotes_and_dashes():
    assert normalize("– ”Ja”, säger hon — „gut“ « oui »") == "– ”Ja”, säger hon — „gut“ « oui »\n"


@given(st.text())
def test_idempotent_and_clean(text):
    once = normalize(text)
    assert normalize(once) == once
    assert "\r" not in once and "\t" not in once and "\u00a0" not in once
    assert all(not line.endswith(" ") for line in once.split("\n"))
