"""Datelines: the place, wire and date that open a lead ("STOCKHOLM, Nov. 7, 2006 /PRNewswire/ --"),
a dateline-only line ("Burlington, ON – February 11th, 2025", "Chur, 21. Mai 2024") and a
wire header line ("BURLINGTON, ON / PR Karma / February 11, 2025 15:20").

A dateline is recognised by its shape, not by cue words: a capitalized place of at most four
words, optionally a region, and a date and/or a distributor, before a separator dash; a
sentence that merely contains a dash is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .contacts import names_organization
from .dates import DateMatch, find_date
from .labels import word_count
from .language import LanguageData, all_languages

DISTRIBUTOR_LINE = re.compile(r"^(?:-{2,3}|[(\[])\s*(?P<d>[^()\[\]\-][^()\[\]]{1,40}?)\s*(?:-{2,3}|[)\]])$")
_SEP = re.compile(
    r"\s*--\s*|\s+[-–—]{1,2}\s+|\s*[–—]\s+|\s+[–—]\s*|(?<=[A-Z]\.)[–—](?=[A-ZÀ-Þ])|(?<=[A-Z]{2})[-–—]\s+(?=[A-ZÀ-Þ])"
)
_DIST_IN_HEAD = re.compile(r"\(\s*(?P<p>[^()]{2,40})\s*\)|/\s*(?P<s>[^/]{2,40}?)\s*/")


_DISTRICT = re.compile(r"(?:[A-Z]\.){2,3}")
"""Dotted district or state letters after a city ("D.C.", "N.Y."), the way US datelines print them."""


@dataclass(frozen=True)
class DatelineInfo:
    """A parsed dateline: its text as written, the place, the wire, the date, and the
    paragraph text after it (empty for a dateline-only line or a wire header)."""

    text: str
    city: str | None
    distributor: str | None
    date: DateMatch | None
    rest: str


def parse_dateline(text: str, lang: LanguageData) -> DatelineInfo | None:
    """The wire dateline at the start of a paragraph, e.g. "STOCKHOLM, Nov. 7, 2006
    /PRNewswire/ --", "LANCASTER, PA - August 20, 2026 (NEWMEDIAWIRE) -", "(NewsUSA) -",
    "San Salvador, SV, 29 de mayo de 2024 –", "NEW YORK--(BUSINESS WIRE)--".

    The head before the separator must start with a capitalized place and carry a date,
    a distributor or an all-caps place; otherwise a sentence with a dash is not a dateline.
    """
    m = re.match(r"^[(\[](?P<d>[^()\[\]]{2,40})[)\]]\s*(?:--|[-–—:])\s*(?=\S)", text)
    if m:
        return DatelineInfo(text[: m.end()].strip(), None, m.group("d").strip(), None, text[m.end() :])
    slashed = _slash_dateline(text, lang)
    if slashed is not None:
        return slashed
    stopped = _full_stop_dateline(text, lang)
    if stopped is not None:
        return stopped
    window = text[:160]
    for sep in _SEP.finditer(window):
        head = text[: sep.start()].strip()
        if not head or word_count(head) > 14:
            return None
        after = text[sep.end() :].strip()
        only_date = find_date(after, lang) if word_count(after) <= 6 else None
        if only_date is not None and word_count(after.replace(only_date.text, " ")) == 0:
            # a dateline-only line: "Burlington, ON – February 11th, 2025"
            found = _dateline_head(f"{head}, {after}", lang)
            if found is not None:
                return DatelineInfo(text.strip(), found[0], found[1], found[2], "")
        info = _dateline_head(head, lang)
        if info is None:
            continue
        city, distributor, date = info
        end = sep.end()
        # "LANCASTER, PA - August 20, 2026 (NEWMEDIAWIRE) - text": a date/distributor chunk
        # "TAIPEI, TAIWAN – Media OutReach Newswire – 17 August 2026 – text": a wire name in
        # Title Case is a chunk too when a date chunk follows it
        for _ in range(2):
            nxt = _SEP.search(text, end, min(len(text), end + 80))
            if not nxt:
                break
            chunk = text[end : nxt.start()].strip()
            d2 = find_date(chunk, lang)
            dist2 = _DIST_IN_HEAD.search(chunk)
            rest_chunk = chunk
            if d2:
                rest_chunk = rest_chunk.replace(d2.text, " ")
            if dist2:
                rest_chunk = rest_chunk.replace(dist2.group(0), " ")
            if (d2 or dist2) and word_count(rest_chunk) == 0:
                date = date or d2
                distributor = distributor or (dist2.group("p") or dist2.group("s")).strip() if dist2 else distributor
                end = nxt.end()
                continue
            if distributor is None and date is None and _wire_name(chunk):
                after = _SEP.search(text, nxt.end(), min(len(text), nxt.end() + 60))
                d3 = find_date(text[nxt.end() : after.start()], lang) if after else None
                if d3 is not None and word_count(text[nxt.end() : after.start()].replace(d3.text, " ")) == 0:
                    distributor = chunk
                    end = nxt.end()
                    continue
            break
        rest = text[end:]
        place = _PLACE_COLON.match(rest) if city is None and date is not None else None
        if place is not None:  # "August 19, 2026 – Miami, Florida: KeyCrew Media …"
            city, end = place.group("city"), end + place.end()
            rest = text[end:]
        if word_count(rest) < 1:
            return DatelineInfo(text.strip(), city, distributor, date, "")
        return DatelineInfo(text[:end].strip(), city, distributor, date, rest)
    return None


def _wire_name(chunk: str) -> bool:
    """A short name in Title Case with no digits: "Media OutReach Newswire", "PRNewswire"."""
    words = chunk.split()
    return 1 <= len(words) <= 4 and not any(ch.isdigit() for ch in chunk) and all(w[:1].isupper() for w in words)


_AFTER_DATE = re.compile(r"[.:]\s*[-–—]*\s*(?=[A-ZÀ-Þ\"„“«])")
"""A full stop or colon (or ".-", ".–") right after the date, then the text: "Felsbach, 22.02.2024. Die …",
"Oslo, 12. mars 2024: Selskapet …"."""


_PLACE_COLON = re.compile(
    r"(?P<city>[A-ZÀ-Þ][\w.'-]+(?: [A-ZÀ-Þ][\w.'-]+){0,2})(?:, [A-ZÀ-Þ][\w.'-]+(?: [A-ZÀ-Þ][\w.'-]+){0,2})?:\s+"
)
_CAPS_PLACE = re.compile(r"[A-ZÀ-Þ][A-ZÀ-Þ .'-]{1,40},")
_AFTER_DATE_COMMA = re.compile(r",\s+(?=[A-ZÀ-Þ])")


def _full_stop_dateline(text: str, lang: LanguageData) -> DatelineInfo | None:
    """ "München, 22. Februar 2024. Die Stadtwerke …", "Ciudad de México, a 12 de marzo de 2024.-El …",
    "(Helsinki, 12.3.2024) Yhtiö …": a place and a date closed by a full stop, a colon or a parenthesis
    instead of a dash (German, Spanish, Nordic copy)."""
    date = find_date(text[:120], lang)
    if date is None or date.start == 0 or date.start > 60:
        return None
    opened = text.startswith("(")
    after = re.compile(r"\)\s*[-–—:]*\s*(?=\S)").match(text, date.end) if opened else _AFTER_DATE.match(text, date.end)
    if after is None and not opened and _CAPS_PLACE.match(text):
        after = _AFTER_DATE_COMMA.match(text, date.end)  # "HONG KONG, 01 Nov, 2024, Hong Kong Design Centre …"
    if after is None:
        return None  # "(Helsinki, 12.3.2024) Yhtiö …" closes with the parenthesis
    found = _dateline_head(text[1 if opened else 0 : date.end], lang)
    if found is None or not found[0] or found[2] is None:
        return None
    city, distributor, when = found
    return DatelineInfo(text[: after.end()].strip(), city, distributor, when, text[after.end() :])


def _slash_dateline(text: str, lang: LanguageData) -> DatelineInfo | None:
    """ "NEW YORK, NY / ACCESSWIRE / February 11, 2025 / Acme today …": place / wire / date / text."""
    parts = text[:200].split(" / ")
    if len(parts) < 4 and not (len(parts) == 3 and find_date(parts[1], lang)):
        return None
    for n in (3, 2):
        if len(parts) <= n:
            continue
        head = parts[:n]
        date = next((find_date(p, lang) for p in head if find_date(p, lang)), None)
        if date is None or any(word_count(p) > 6 for p in head):
            continue
        city = head[0].split(",")[0].strip()
        if not city[:1].isupper() or any(ch.isdigit() for ch in city):
            return None
        distributor = next((p.strip() for p in head[1:] if not find_date(p, lang)), None)
        cut = len(" / ".join(head)) + len(" / ")
        return DatelineInfo(text[:cut].strip(), city, distributor, date, text[cut:])
    return None


def _dateline_head(head: str, lang: LanguageData) -> tuple[str | None, str | None, DateMatch | None] | None:
    distributor = None
    dm = _DIST_IN_HEAD.search(head)
    plain = head
    date = None
    if dm:
        distributor = (dm.group("p") or dm.group("s")).strip()
        plain = (head[: dm.start()] + " " + head[dm.end() :]).strip()
        inner = find_date(distributor, lang)  # "(Newsfile Corp. - March 5, 2024)"
        if inner is not None:
            date = inner
            distributor = distributor[: inner.start].strip(" -–—,") or None
    date = date or find_date(plain, lang)
    place = plain
    if date and date.text in plain:
        place = plain.replace(date.text, " ").strip()
    words = place.split()
    fillers = {w.casefold() for w in (*lang.date_prefixes, *lang.weekdays)}
    while len(words) > 1 and words[-1].casefold().strip(",") in fillers:
        words.pop()  # "Stockholm den 7 november 2006"
    place = " ".join(words)
    parts = [p.strip() for p in place.split(",") if p.strip(" .")]
    if not parts:
        return (None, distributor, date) if (distributor or date) else None
    city = parts[0]
    tokens = city.split()
    district = len(tokens) >= 2 and bool(_DISTRICT.fullmatch(tokens[-1]))
    if district:  # "Washington D.C.—Today, …": the district letters are no part of the city
        tokens = tokens[:-1]
        city = " ".join(tokens)
    if not (1 <= len(tokens) <= 4) or any(ch.isdigit() for ch in city) or ":" in city:
        return None  # "POL-HH: IHSMH -": a label before a colon is no place
    particles = {p.casefold() for p in (*lang.place_particles, *all_languages().place_particles)}
    if not (tokens[0][:1].isupper() and tokens[-1][:1].isupper()):
        return None
    if city.replace(" and ", " ").replace(" & ", " ").replace(" ", "").isupper():
        particles = particles | {"and", "&"}  # "DALLAS and ITASCA, IL": two places in capitals
    if not all(t[:1].isupper() or t.casefold() in particles for t in tokens):
        return None  # "Frankfurt am Main" and "Ciudad de México" are places; "Farm Forward, a nonprofit" is not
    for extra in parts[1:]:
        # region or country ("ON", "Calif.", "Sweden", "SV"); a clause means this is prose
        if word_count(extra) > 3 or not extra[:1].isupper():
            return None
    caps = city.replace(" ", "").replace("-", "").replace(".", "").isupper()
    if not caps and date is None and tokens[0].casefold() in {a.casefold() for a in lang.articles}:
        return None  # "The Example Trade Association (ETA) –": a name, not a place ("The Hague, May 2, 2024 –" is)
    if distributor and _acronym_of(distributor, tokens):
        return None  # "(ETA)" spells the words before it: an acronym, not a wire
    if date is None and distributor is None and not caps and not district:
        return None
    if date is None and len(parts) > 3:
        return None
    return city.strip(" ."), distributor, date


def place_date_line(line: str, lang: LanguageData) -> DatelineInfo | None:
    """A place-and-date line with no separator dash: "Chur, 21. Mai 2024", "Paris, le 14 mars
    2024", "Stockholm 2024-03-12". The place is one to three capitalized words and nothing but
    punctuation follows the date, so "Acme reports results for March 2024" is no dateline."""
    if word_count(line) > 10:
        return None
    date = find_date(line, lang)
    if date is None or line[date.end :].strip(" .,:;–—-"):
        return None
    head = line[: date.start].strip(" ,–—-")
    words = head.split()
    if not 1 <= len(words) <= 3 or any(ch.isdigit() for ch in head) or not all(w[:1].isupper() for w in words):
        return None
    if head.count(",") > 1 or names_organization(head):
        return None  # "Acme Corp, March 12, 2024": the issuer and the date, no place
    found = _dateline_head(line.strip(" ."), lang)
    if found is None or not found[0]:
        return None
    return DatelineInfo(line.strip(), found[0], None, date, "")


_PLACE_WIRE = re.compile(r"^(?P<place>[^\W\d][^()\[\]\d]{0,40}?)\s*[(\[](?P<d>[^()\[\]]{2,30})[)\]]$")


def place_wire_line(line: str, lang: LanguageData) -> DatelineInfo | None:
    """A dateline-only line of a place and a wire tag: "Hamburg (ots)", "BERLIN (dpa)" (the German
    agencies print it on its own line above the lead)."""
    m = _PLACE_WIRE.match(line.strip())
    if m is None or word_count(m.group("place")) > 3 or ":" in m.group("d") or word_count(m.group("d")) > 3:
        return None
    found = _dateline_head(line.strip(), lang)
    if found is None or not found[0] or not found[1] or found[2] is not None:
        return None
    return DatelineInfo(line.strip(), found[0], found[1], None, "")


def _acronym_of(short: str, words: list[str]) -> bool:
    """True when `short` ("ETA", "CRVA") is the initials of capitalized `words`."""
    letters = short.replace(".", "").replace(" ", "")
    initials = "".join(w[0] for w in words if w[:1].isupper())
    return len(letters) >= 2 and letters.isupper() and letters.isalpha() and initials.endswith(letters)


def wire_header(line: str, lang: LanguageData) -> DatelineInfo | None:
    """ "BURLINGTON, ON / PR Karma / February 11, 2025 15:20": place / distributor / date."""
    parts = [p.strip() for p in line.split(" / ")]
    if len(parts) < 2 or word_count(line) > 16:
        return None
    date = find_date(line, lang)
    if date is None:
        return None
    city, distributor = None, None
    for part in parts:
        if date.text in part or find_date(part, lang):
            found = find_date(part, lang)
            pre = part[: found.start].strip(" -–—,") if found is not None else ""
            place = pre.split(",")[0].strip()
            if city is None and place and _wire_name(place):
                city = place  # "Edmond, United States - April 12, 2025 / Acme /"
            continue
        if city is None and "," in part:
            city = part.split(",")[0].strip()
        elif distributor is None:
            distributor = part.strip(" /") or None
        elif city is None:
            city = part
    if city is None and distributor is not None and distributor.isupper():
        city, distributor = distributor, None
    return DatelineInfo(line.strip(), city, distributor, date, "")
