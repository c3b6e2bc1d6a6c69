"""Date parsing: every written form, every zone (with daylight saving), the gold rule
"date only unless time and zone", and None instead of a guess."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dates import DateMatch, find_date, find_dates, parse_date
from pipeline.language import available_languages, load_language


def tz(hours: float) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=hours))


D = dt.date(2006, 11, 7)


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        (
            "Pressmeddelande   •   Nov 07, 2006 11:58 CET",
            "sv",
            dt.datetime(2006, 11, 7, 11, 58, tzinfo=tz(1)),
        ),
        ("7 november 2006 kl. 11.58", "sv", D),
        ("7 november 2006 kl. 11.58 CET", "sv", dt.datetime(2006, 11, 7, 11, 58, tzinfo=tz(1))),
        ("den 7 november 2006", "sv", D),
        ("tisdag den 7 november 2006", "sv", D),
        ("7. November 2006", "de", D),
        ("Dienstag, 7. November 2006, 14.30 Uhr MEZ", "de", dt.datetime(2006, 11, 7, 14, 30, tzinfo=tz(1))),
        ("November 7, 2006", "en", D),
        ("Nov. 7, 2006", "en", D),
        ("Nov 7th, 2006", "en", D),
        ("Tuesday, November 7, 2006", "en", D),
        ("7th of November 2006", "en", D),
        ("2006-11-07", "en", D),
        ("07.11.2006", "de", D),
        ("7.11.2006", "fi", D),
        ("7/11/2006", "sv", D),
        ("11/7/2006", "en", D),
        ("7-11-2006", "nl", D),
        ("7 november 2006", "nl", D),
        ("7 novembre 2006", "fr", D),
        ("mardi 7 novembre 2006", "fr", D),
        ("1er mars 2024 à 9h30 CET", "fr", dt.datetime(2024, 3, 1, 9, 30, tzinfo=tz(1))),
        ("7 de noviembre de 2006", "es", D),
        ("martes, 7 de noviembre de 2006", "es", D),
        ("7. marraskuuta 2006", "fi", D),
        ("7 november 2006", "da", D),
        ("7. november 2006 kl. 10.00 CET", "da", dt.datetime(2006, 11, 7, 10, 0, tzinfo=tz(1))),
        ("7. desember 2006", "nb", dt.date(2006, 12, 7)),
        ("2025-02-11 15:20", "en", dt.date(2025, 2, 11)),
        ("2025-02-11T15:20:00+01:00", "en", dt.datetime(2025, 2, 11, 15, 20, tzinfo=tz(1))),
        ("2025-02-11T15:20:00Z", None, dt.datetime(2025, 2, 11, 15, 20, tzinfo=tz(0))),
        ("BURLINGTON, ON / PR Karma / February 11, 2025 15:20", "en", dt.date(2025, 2, 11)),
        ("SAN BERNARDINO, CA, August 18, 2025 /24-7PressRelease/ --", "en", dt.date(2025, 8, 18)),
        ("San Salvador, SV, 29 de mayo de 2024 – OCEAN", "es", dt.date(2024, 5, 29)),
        ("Date: May 23, 2026", "en", dt.date(2026, 5, 23)),
        ("July 10, 2025, 3:45 p.m. EDT", "en", dt.datetime(2025, 7, 10, 15, 45, tzinfo=tz(-4))),
        ("July 10, 2025 12 a.m. UTC", "en", dt.datetime(2025, 7, 10, 0, 0, tzinfo=tz(0))),
        ("7 Nov 2006 11:58 (CET)", "en", dt.datetime(2006, 11, 7, 11, 58, tzinfo=tz(1))),
    ],
)
def test_forms(text: str, code: str | None, expected: dt.date) -> None:
    got = parse_date(text, load_language(code) if code else None)
    assert got == expected
    assert type(got) is type(expected)
    if isinstance(expected, dt.datetime):
        assert got.utcoffset() == expected.utcoffset()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("zone", "hours"),
    [
        ("CET", 1),
        ("CEST", 2),
        ("EET", 2),
        ("EEST", 3),
        ("GMT", 0),
        ("UTC", 0),
        ("Z", 0),
        ("BST", 1),
        ("WET", 0),
        ("WEST", 1),
        ("EST", -5),
        ("EDT", -4),
        ("CST", -6),
        ("CDT", -5),
        ("MST", -7),
        ("MDT", -6),
        ("PST", -8),
        ("PDT", -7),
        ("+01:00", 1),
        ("+0100", 1),
        ("-05:00", -5),
        ("+05:30", 5.5),
        ("UTC+1", 1),
        ("UTC+01:00", 1),
        ("GMT-5", -5),
        ("UTC−3", -3),
    ],
)
def test_zones(zone: str, hours: float) -> None:
    got = parse_date(f"March 1, 2024 10:00 {zone}", load_language("en"))
    assert got == dt.datetime(2024, 3, 1, 10, 0, tzinfo=tz(hours))
    assert got.utcoffset() == dt.timedelta(hours=hours)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("January 15, 2025 10:00 a.m. ET", -5),
        ("July 15, 2025 10:00 a.m. ET", -4),
        ("January 15, 2025 10:00 PT", -8),
        ("July 15, 2025 10:00 PT", -7),
        ("January 15, 2025 10:00 CT", -6),
        ("July 15, 2025 10:00 CT", -5),
        ("January 15, 2025 10:00 MT", -7),
        ("July 15, 2025 10:00 MT", -6),
        # the days of the switch: DST starts 9 March 2025, ends 2 November 2025 (02:00 local)
        ("March 8, 2025 12:00 ET", -5),
        ("March 9, 2025 12:00 ET", -4),
        ("November 1, 2025 12:00 ET", -4),
        ("November 2, 2025 12:00 ET", -5),
    ],
)
def test_generic_us_zones_follow_daylight_saving(text: str, hours: int) -> None:
    got = parse_date(text, load_language("en"))
    assert isinstance(got, dt.datetime)
    assert got.utcoffset() == dt.timedelta(hours=hours)


def test_time_without_zone_is_a_date_but_stays_in_the_span() -> None:
    text = "Stockholm 7 november 2006 kl. 11.58 – Länsstyrelsen"
    m = find_date(text, load_language("sv"))
    assert m is not None and m.value == D and not isinstance(m.value, dt.datetime)
    assert m.text == "7 november 2006 kl. 11.58"
    assert text[m.start : m.end] == m.text


def test_zone_without_time_is_a_date() -> None:
    assert parse_date("November 7, 2006 CET", load_language("en")) == D


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("WASHINGTON, July 31 – Sen. Bernie Sanders", "en"),  # no year
        ("Den 7 november går startskottet", "sv"),
        ("31.02.2024", None),  # no such day
        ("February 30, 2024", "en"),
        ("7/11/2006", None),  # day-month or month-day: no language, no guess
        ("It costs 12.50 and 2006 was a good year", "en"),
        ("Version 1.2.3 released", "en"),
        ("", None),
        ("13/13/2006", "en"),
    ],
)
def test_no_date(text: str, code: str | None) -> None:
    assert find_date(text, load_language(code) if code else None) is None


def test_unambiguous_slash_date_without_language() -> None:
    assert parse_date("13/11/2006") == dt.date(2006, 11, 13)
    assert parse_date("11/13/2006") == dt.date(2006, 11, 13)


def test_lowercase_et_is_not_a_zone() -> None:
    """French "et" (and) after a time must not become US Eastern time."""
    got = parse_date("le 7 novembre 2006 à 10h00 et demain", load_language("fr"))
    assert got == D


def test_english_header_in_another_language() -> None:
    """Mynewsdesk prints English month abbreviations above Swedish text."""
    assert parse_date("Nov 07, 2006", load_language("sv")) == D
    assert parse_date("Mar 3, 2024", load_language("fi")) == dt.date(2024, 3, 3)


def test_find_dates_in_order_without_overlap() -> None:
    text = "Issued 2024-05-29; event on 3 June 2024 at 10:00 CEST and again 4 June 2024."
    found = find_dates(text, load_language("en"))
    assert [d.value for d in found] == [
        dt.date(2024, 5, 29),
        dt.datetime(2024, 6, 3, 10, 0, tzinfo=tz(2)),
        dt.date(2024, 6, 4),
    ]
    assert all(text[d.start : d.end] == d.text for d in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_first_date_wins() -> None:
    m = find_date("5.4.2024\n\nLehdistötiedote\n\nKokous 12.5.2024", load_language("fi"))
    assert isinstance(m, DateMatch) and m.value == dt.date(2024, 4, 5) and m.start == 0


def test_bad_inputs_do_not_raise() -> None:
    assert find_dates(None) == []  # type: ignore[arg-type]
    assert parse_date("9" * 10000) is None
    assert parse_date("2024-99-99 99:99 XYZ") is None


# --- properties ----------------------------------------------------------------------------

LANGS = available_languages()


@given(st.text(max_size=400), st.sampled_from([None, *LANGS]))
@settings(max_examples=400, deadline=None)
def test_find_date_never_crashes(text: str, code: str | None) -> None:
    lang = load_language(code) if code else None
    for m in find_dates(text, lang):
        assert text[m.start : m.end] == m.text
        assert isinstance(m.value, dt.date)
        if isinstance(m.value, dt.datetime):
            assert m.value.tzinfo is not None


def _full_month(code: str, month: int) -> str:
    """The longest name of the month in a language file (the full name)."""
    names = [n for n, v in load_language(code).months.items() if v == month]
    return max(names, key=len)


def _render(code: str, day: dt.date, style: int) -> str:
    lang = load_language(code)
    month = _full_month(code, day.month)
    if style == 0:  # the language's way of writing a date in words
        if code == "en":
            return f"{month.title()} {day.day}, {day.year}"
        if code in ("de", "fi", "da", "nb"):
            return f"{day.day}. {month} {day.year}"
        if code == "es":
            return f"{day.day} de {month} de {day.year}"
        return f"{day.day} {month} {day.year}"
    if style == 1:  # all-numeric with the language's order
        if lang.date_order == "mdy":
            return f"{day.month}/{day.day}/{day.year}"
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    return day.isoformat()


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.sampled_from(LANGS),
    st.integers(0, 2),
)
@settings(max_examples=600, deadline=None)
def test_rendered_date_parses_back(day: dt.date, code: str, style: int) -> None:
    text = _render(code, day, style)
    lang = load_language(code)
    assert parse_date(text, lang) == day
    assert parse_date(f"Pressroom — {text} — news", lang) == day


@given(
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2090, 12, 31)),
    st.sampled_from(LANGS),
    st.sampled_from(["CET", "CEST", "UTC", "EST", "+02:00", "-0330"]),
)
@settings(max_examples=300, deadline=None)
def test_rendered_datetime_with_zone_parses_back(when: dt.datetime, code: str, zone: str) -> None:
    when = when.replace(second=0, microsecond=0)
    text = f"{_render(code, when.date(), 0)} {when:%H:%M} {zone}"
    got = parse_date(text, load_language(code))
    assert isinstance(got, dt.datetime)
    assert got.replace(tzinfo=None) == when
    expected = {"CET": 1, "CEST": 2, "UTC": 0, "EST": -5, "+02:00": 2, "-0330": -3.5}[zone]
    assert got.utcoffset() == dt.timedelta(hours=expected)


@pytest.mark.parametrize(
    ("text", "code", "expected", "written"),
    [
        (
            "EMBARGOED UNTIL 10:00 CET, 14 March 2024",
            "en",
            dt.datetime(2024, 3, 14, 10, 0, tzinfo=tz(1)),
            "10:00 CET, 14 March 2024",
        ),
        (
            "10:00 a.m. ET on March 14, 2024",
            "en",
            dt.datetime(2024, 3, 14, 10, 0, tzinfo=tz(-4)),
            "10:00 a.m. ET on March 14, 2024",
        ),
        (
            "Sperrfrist: 10.00 Uhr MEZ am 14. März 2024",
            "de",
            dt.datetime(2024, 3, 14, 10, 0, tzinfo=tz(1)),
            "10.00 Uhr MEZ am 14. März 2024",
        ),
        ("Embargo: kl. 10.00 den 14 mars 2024", "sv", dt.date(2024, 3, 14), "kl. 10.00 den 14 mars 2024"),
        ("Version 2.10 14 March 2024", "en", dt.date(2024, 3, 14), "14 March 2024"),
    ],
)
def test_time_written_before_the_date(text: str, code: str, expected: dt.date, written: str) -> None:
    m = find_date(text, load_language(code))
    assert m is not None and m.value == expected and m.text == written
    assert type(m.value) is type(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2006/11/07", D),
        ("2006.11.07", D),
        ("Nov 07 2006", D),
        ("2025-02-11T15:20:00.123Z", dt.datetime(2025, 2, 11, 15, 20, tzinfo=tz(0))),
        ("11th February 2025 | 15:20 GMT", dt.datetime(2025, 2, 11, 15, 20, tzinfo=tz(0))),
        ("7 november 2006 om 11.58 uur CET", dt.datetime(2006, 11, 7, 11, 58, tzinfo=tz(1))),
    ],
)
def test_more_forms_without_language(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


def test_merged_language_data_does_not_guess_the_order() -> None:
    from pipeline.language import all_languages

    assert parse_date("7/11/2006", all_languages()) is None
    assert parse_date("25/11/2006", all_languages()) == dt.date(2006, 11, 25)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("March 12, 2024 08:00 AM Eastern Daylight Time", "2024-03-12T08:00:00-04:00"),
        ("Nov. 5, 2024 8:00 a.m. Eastern Standard Time", "2024-11-05T08:00:00-05:00"),
        ("May 6, 2024 09:30 AM Central Daylight Time", "2024-05-06T09:30:00-05:00"),
        ("Jan 9, 2024 6:00 PM Pacific Standard Time", "2024-01-09T18:00:00-08:00"),
        ("July 1, 2024 10:00 AM Pacific Time", "2024-07-01T10:00:00-07:00"),
        ("12 March 2024 09:00 Central European Time", "2024-03-12T09:00:00+01:00"),
    ],
)
def test_spelled_out_zones(text: str, iso: str) -> None:
    found = find_date(text, load_language("en"))
    assert found is not None and found.value.isoformat() == iso and found.text == text
