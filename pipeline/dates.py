"""Find and parse the dates press releases are written with, in every bundled language.

The gold convention (corpus README) decides the type of the result: a calendar `date`
unless the text gives a time *and* a zone, then an aware `datetime`. A time without a zone
("February 11, 2025 15:20") is kept inside the match span (so the caller can cut the
whole date off a line) but not in the value: a naive time is ambiguous for every consumer.

Recognised (each with an optional weekday before it, "den"/"le"/"el"/"am" and the like):

* month names, day first: "7 november 2006", "7. November 2006", "29 de mayo de 2024",
  "1er mars 2024", "5. huhtikuuta 2024", "7th of November 2006"
* month names, month first: "Nov 07, 2006", "November 7, 2006", "Nov. 7th, 2006"
* ISO: "2006-11-07", "2025-02-11 15:20", "2025-02-11T15:20:00+01:00"
* numeric: "07.11.2006" (always day first), "7/11/2006" and "7-11-2006" in the language's
  order (`date_order`); without a language only when one part is over 12
* times after the date: "11:58", "kl. 11.58", "klo 10.00", "3:45 p.m.", "10 a.m.", "14.30 Uhr", "9h30"
* zones after the time: CET/CEST, EET/EEST, WET/WEST, GMT/UTC/Z, BST, MEZ/MESZ, US zones
  (EST/EDT/CST/CDT/MST/MDT/PST/PDT fixed; ET/CT/MT/PT resolved by the date through zoneinfo),
  explicit offsets "+01:00", "+0100", "UTC+1", "GMT-05:00"

Dates without a year ("July 31") and impossible dates give no match: None rather than a guess.
Every function takes any string and never raises.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from pipeline.language import LanguageData, all_languages, load_language

try:  # zoneinfo needs the system tz database; fall back to the US rule when it is missing
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover
    ZoneInfo = None  # type: ignore[assignment,misc]


@dataclass
class DateMatch:
    """One date found in a text: its value and where it was written (`text[start:end]`)."""

    value: dt.date | dt.datetime
    start: int
    end: int
    text: str


# Fixed-offset abbreviations (hours). Taken literally: "CET" in July is still +01:00,
# because the writer chose the abbreviation.
_FIXED_ZONES: dict[str, float] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "UT": 0,
    "WET": 0,
    "WEZ": 0,
    "WEST": 1,
    "WESZ": 1,
    "BST": 1,
    "IST": 1,
    "CET": 1,
    "MEZ": 1,
    "CEST": 2,
    "MESZ": 2,
    "EET": 2,
    "OEZ": 2,
    "EEST": 3,
    "OESZ": 3,
    "MSK": 3,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
    "AST": -4,
    "ADT": -3,
    "NST": -3.5,
    "NDT": -2.5,
    "JST": 9,
    "KST": 9,
    "HKT": 8,
    "SGT": 8,
    "AWST": 8,
    "ACST": 9.5,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
}
# Generic US zones: the offset depends on daylight saving time on that date.
_DST_ZONES: dict[str, tuple[str, int]] = {
    "ET": ("America/New_York", -5),
    "CT": ("America/Chicago", -6),
    "MT": ("America/Denver", -7),
    "PT": ("America/Los_Angeles", -8),
}

# Zones spelled out, as wire services print them ("08:00 AM Eastern Daylight Time"): the abbreviation they stand for.
_SPELLED_ZONES: dict[str, str] = {
    "Eastern Standard Time": "EST",
    "Eastern Daylight Time": "EDT",
    "Central Standard Time": "CST",
    "Central Daylight Time": "CDT",
    "Mountain Standard Time": "MST",
    "Mountain Daylight Time": "MDT",
    "Pacific Standard Time": "PST",
    "Pacific Daylight Time": "PDT",
    "Eastern Time": "ET",
    "Central Time": "CT",
    "Mountain Time": "MT",
    "Pacific Time": "PT",
    "Central European Time": "CET",
    "Central European Summer Time": "CEST",
    "Eastern European Time": "EET",
    "Eastern European Summer Time": "EEST",
    "Greenwich Mean Time": "GMT",
    "British Summer Time": "BST",
    "Coordinated Universal Time": "UTC",
}

_ZONE_NAMES = sorted([*_FIXED_ZONES, *_DST_ZONES], key=len, reverse=True)
_SPELLED = "|".join(r"\s+".join(map(re.escape, n.split())) for n in sorted(_SPELLED_ZONES, key=len, reverse=True))
_OFFSET = r"[+\-−]\d{1,2}(?::?\d{2})?"
# Zone abbreviations are matched case-sensitively: "et" is French for "and".
_ZONE = (
    r"(?:\(\s*)?(?P<tz>(?-i:(?:UTC|GMT)\s?" + _OFFSET + r"|" + _SPELLED + r"|" + r"|".join(_ZONE_NAMES) + r")(?![\w+-])"
    r"|[+\-−]\d{2}:?\d{2}(?!\d))(?:\s*\))?"
)
_AMPM = r"(?P<ampm>[ap]\.\s?m\.|[ap]m(?![a-z])|[AP]M(?![A-Z]))"
_TIME = (
    r"(?P<H>[01]?\d|2[0-3])(?:[:.](?P<M>[0-5]\d)(?::(?P<S>[0-5]\d)(?:[.,]\d{1,6})?)?|\s?h\s?(?P<M2>[0-5]\d)?(?!\w)"
    r"|(?=\s?[ap]\.?\s?m\b))"
    r"(?:\s?" + _AMPM + r")?(?:\s?(?:Uhr|uur|hrs?|horas|hs)\b)?"
)

_DIGIT = re.compile(r"\d")
_ORDINAL = r"(?:st|nd|rd|th|er|re|e|º|°|ª|\.)?"
_YEAR = r"(?P<y>(?:1[89]|20|21)\d{2})(?!\d)"


def _alternation(words: list[str]) -> str:
    """A regex alternation of `words` as a trie ("nov|november|no" → "no(?:v(?:ember)?)?"), so the
    engine reads each letter once instead of trying sixty month names at every position."""
    trie: dict[str, dict] = {}
    for word in {w.lower() for w in words if w}:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


@functools.lru_cache(maxsize=32)
def _patterns(code: str) -> tuple[re.Pattern[str], ...]:
    lang = _lang_for(code)
    months = _alternation(list(lang.months))
    markers = _alternation([m for m in lang.time_markers if m.strip()])
    lead = r"(?<![\w.])"
    month = rf"(?P<mon>{months})(?![^\W\d_])\.?"
    day = rf"(?P<d>[0-3]?\d){_ORDINAL}"
    mark = rf"(?:(?:{markers})\s*)?" if markers else ""
    time_tail = rf"(?:(?:\s*[,@|•·–-]\s*|\s+){mark}{_TIME}(?:\s*{_ZONE})?)?"
    iso_tail = rf"(?:(?:[T ]|\s+{mark}){_TIME}(?:\s*{_ZONE})?)?"
    flags = re.IGNORECASE
    return (
        # 7 november 2006, 7. November 2006, 29 de mayo de 2024, 1er mars 2024, 7th of November 2006
        re.compile(rf"{lead}{day}\s*(?:de\s+|of\s+)?{month}(?:\s*,)?\s*(?:de\s+|del\s+)?{_YEAR}{time_tail}", flags),
        # Nov 07, 2006 / November 7, 2006 / Nov. 7th, 2006
        re.compile(rf"{lead}{month}\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)\s*,?\s*{_YEAR}{time_tail}", flags),
        # 2006-11-07, 2025-02-11 15:20, 2025-02-11T15:20:00+01:00, 2006/11/07, 2006.11.07
        re.compile(
            rf"(?<![\w.-])(?P<y>(?:1[89]|20|21)\d{{2}})(?P<isep>[-/.])(?P<m>[01]?\d)(?P=isep)(?P<d>[0-3]?\d)(?!\d)"
            rf"{iso_tail}",
            flags,
        ),
        # 07.11.2006 (day first everywhere it is used)
        re.compile(rf"{lead}(?P<d>[0-3]?\d)\.\s?(?P<m>[01]?\d)\.\s?{_YEAR}{time_tail}", flags),
        # 7/11/2006, 7-11-2006: order from the language
        re.compile(rf"{lead}(?P<a>[0-3]?\d)(?P<sep>[/-])(?P<b>[0-3]?\d)(?P=sep){_YEAR}{time_tail}", flags),
    )


@functools.lru_cache(maxsize=32)
def _lead_pattern(code: str) -> re.Pattern[str]:
    """A weekday and/or a word like "den", "le", "on" written just before a date; matched
    backwards from the date so the main patterns stay cheap."""
    lang = _lang_for(code)
    weekdays = _alternation(list(lang.weekdays))
    prefixes = _alternation([p for p in lang.date_prefixes if p.strip()])
    wd = rf"(?:(?<![\w.])(?:{weekdays})\.?,?\s+)?" if weekdays else ""
    pre = rf"(?:(?<![\w.])(?:{prefixes})\s+)?" if prefixes else ""
    return re.compile(rf"{wd}{pre}$", re.IGNORECASE)


def _lead_start(text: str, start: int, code: str) -> int:
    """Where a date really begins once its weekday/prefix is included."""
    window_start = max(0, start - 32)
    m = _lead_pattern(code).search(text, window_start, start)
    return m.start() if m and m.start() < start else start


@functools.lru_cache(maxsize=32)
def _lang_for(code: str) -> LanguageData:
    """The month/weekday tables to search with: the language's own plus English (wire
    headers like Mynewsdesk's "Nov 07, 2006" appear in every language), or all languages."""
    if code == "mul":
        return all_languages()
    from dataclasses import replace
    from types import MappingProxyType

    lang = load_language(code)
    english = load_language("en")
    months = dict(english.months)
    months.update(lang.months)  # the language wins where names collide ("mar", "dec")
    return replace(
        lang,
        months=MappingProxyType(months),
        weekdays=tuple(dict.fromkeys((*lang.weekdays, *english.weekdays))),
        date_prefixes=tuple(dict.fromkeys((*lang.date_prefixes, *english.date_prefixes))),
        time_markers=tuple(dict.fromkeys((*lang.time_markers, *english.time_markers))),
    )


def _zone_offset(name: str | None, local: dt.datetime) -> dt.timezone | None:
    if not name:
        return None
    name = name.replace("−", "-").strip()
    name = _SPELLED_ZONES.get(" ".join(name.split()), name)
    if name in _FIXED_ZONES:
        return dt.timezone(dt.timedelta(hours=_FIXED_ZONES[name]))
    if name in _DST_ZONES:
        zone, standard = _DST_ZONES[name]
        offset = None
        if ZoneInfo is not None:
            try:
                offset = local.replace(tzinfo=ZoneInfo(zone)).utcoffset()
            except Exception:  # no tz database: use the US rule below
                offset = None
        if offset is None:
            offset = dt.timedelta(hours=standard + (1 if _us_dst(local) else 0))
        return dt.timezone(offset)
    m = re.fullmatch(r"(?:UTC|GMT)?\s?([+-])(\d{1,2})(?::?(\d{2}))?", name)
    if m:
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes >= 60:
            return None
        delta = dt.timedelta(hours=hours, minutes=minutes)
        return dt.timezone(-delta if m.group(1) == "-" else delta)
    return None


def _us_dst(local: dt.datetime) -> bool:
    """US daylight saving time (rules since 2007): from the second Sunday of March 02:00
    to the first Sunday of November 02:00."""

    def nth_sunday(month: int, n: int) -> dt.datetime:
        first = dt.datetime(local.year, month, 1, 2)
        return first + dt.timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))

    return nth_sunday(3, 2) <= local < nth_sunday(11, 1)


def _hour(m: re.Match[str]) -> tuple[int, int, int] | None:
    if m.group("H") is None:
        return None
    hour = int(m.group("H"))
    minute = int(m.group("M") or m.group("M2") or 0)
    second = int(m.group("S") or 0)
    ampm = (m.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    return hour, minute, second


def _value(
    m: re.Match[str], lang: LanguageData, order: str | None, before: re.Match[str] | None = None
) -> dt.date | dt.datetime | None:
    """The value of a date match; `before` is a time (and zone) written in front of the date
    ("10:00 CET, 14 March 2024"), used when the date has no time of its own."""
    groups = m.groupdict()
    year = int(groups["y"])
    if groups.get("mon"):
        month = lang.month(groups["mon"])
        if month is None:
            return None
        day = int(groups["d"])
    elif groups.get("a"):
        a, b = int(groups["a"]), int(groups["b"])
        if order is None:  # no language: only an order that cannot be read two ways
            if a > 12 >= b:
                order = "dmy"
            elif b > 12 >= a:
                order = "mdy"
            elif a == b:
                order = "dmy"
            else:
                return None
        day, month = (a, b) if order != "mdy" else (b, a)
    else:
        month, day = int(groups["m"]), int(groups["d"])
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    hms = _hour(m)
    tz_name = groups.get("tz")
    if hms is None and before is not None:
        hms, tz_name = _hour(before), before.group("tz")
    if hms is None or not tz_name:
        return date
    try:
        local = dt.datetime(year, month, day, *hms)
    except ValueError:
        return date
    tz = _zone_offset(tz_name, local)
    if tz is None:
        return date
    return local.replace(tzinfo=tz)


@functools.lru_cache(maxsize=32)
def _time_before_pattern(code: str) -> re.Pattern[str]:
    """A time written just before a date: "10:00 CET, 14 March 2024", "kl. 10.00 den 14 mars"."""
    lang = _lang_for(code)
    markers = _alternation([m for m in lang.time_markers if m.strip()])
    mark = rf"(?:(?:{markers})\s*)?" if markers else ""
    return re.compile(
        rf"(?<![\w.:]){mark}{_TIME}(?:\s*{_ZONE})?\s*(?:,|\bon\b|\bthe\b|\bdu\b|\bdel\b)?\s*$", re.IGNORECASE
    )


def _time_before(text: str, start: int, code: str) -> re.Match[str] | None:
    """The time in front of a date at `start`, when it has a zone or a time marker/am-pm
    (a bare "2.10" before a date is too likely a version or a score to read as a time)."""
    window_start = max(0, start - 40)
    m = _time_before_pattern(code).search(text[window_start:start])
    if m is None:
        return None
    if not (m.group("tz") or m.group("ampm") or re.match(r"\D", m.group(0))):
        return None
    return m


def _trim_span(m: re.Match[str], text: str) -> tuple[int, int]:
    """The whole written date-time (time and zone included), minus trailing separators."""
    start, end = m.start(), m.end()
    while end > start and text[end - 1] in " ,":
        end -= 1
    return start, end


def find_dates(text: str, language: LanguageData | None = None) -> list[DateMatch]:
    """Every date in `text`, in order of position, overlapping readings resolved to the
    longest one. Numeric slash dates follow `language.date_order` (US month-first for
    English); with no language they count only when unambiguous."""
    if not isinstance(text, str) or not _DIGIT.search(text):
        return []  # every written date has a digit: most lines are done here
    code = language.code if language is not None else "mul"
    # merged data ("mul") has no order of its own: read d/m/y only when it cannot be m/d/y
    order = language.date_order if language is not None and language.code != "mul" else None
    try:
        lang = _lang_for(code)
        found: list[DateMatch] = []
        for pattern in _patterns(code):
            for m in pattern.finditer(text):
                lead = _lead_start(text, m.start(), code)
                before = _time_before(text, lead, code) if m.group("H") is None else None
                value = _value(m, lang, order, before)
                if value is None:
                    continue
                start, end = _trim_span(m, text)
                start = max(0, lead - 40) + before.start() if before is not None else lead
                found.append(DateMatch(value, start, end, text[start:end]))
    except (ValueError, OverflowError, RecursionError):  # pragma: no cover - defensive
        return []
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    result: list[DateMatch] = []
    for d in found:
        if result and d.start < result[-1].end:
            continue
        result.append(d)
    return result


def find_date(text: str, language: LanguageData | None = None) -> DateMatch | None:
    """The first date in `text`, or None."""
    dates = find_dates(text, language)
    return dates[0] if dates else None


def parse_date(text: str, language: LanguageData | None = None) -> dt.date | dt.datetime | None:
    """The value of the first date in `text` (a date, or an aware datetime when a time and a
    zone are given), or None."""
    match = find_date(text, language)
    return match.value if match else None


__all__ = ["DateMatch", "find_date", "find_dates", "parse_date"]
