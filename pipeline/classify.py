"""Stage 4: segments → labelled blocks (headline, type/date line, lead, quote, contacts …).

A release has two regions with different grammars:

* the **header**, everything before the lead: short lines, where one blank-line block may
  hold several things (a headline and its date line, an instruction and a contact card),
  so it is classified line by line;
* the **body and tail**, from the lead on: blocks of running text, classified block by
  block by an ordered list of rules (end mark, contact heading, boilerplate heading,
  source line, list, quote, subheading, paragraph: the last always matches), with a small
  state (body → contacts/boilerplate → after the end mark) because the same short line
  means a subheading in the body and a card line after "Media Contact".

Cue words (type words, instructions, contact headings, "About {org}", end marks) come from
the language data; the merged data of all languages is used for headings because wire
cards print "Contact Details" under a Spanish release.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .contacts import find_emails, find_phones
from .dates import DateMatch, find_date
from .language import LanguageData, all_languages
from .quotes import (
    QuoteInfo,
    attribution_before,
    find_quote,
    is_speech_dash,
    parse_attribution_line,
)
from .segment import Segment
from .urls import find_urls

# Kinds of labelled blocks, in the order a release usually prints them.
ORGANIZATION = "organization"
HEADLINE = "headline"
SUBHEADLINE = "subheadline"
RELEASE_TYPE = "release_type"
DATE = "date"
INSTRUCTION = "instruction"
EMBARGO = "embargo"
DATELINE = "dateline"
LEAD = "lead"
PARAGRAPH = "paragraph"
SUBHEADING = "subheading"
QUOTE = "quote"
LIST = "list"
CONTACTS_HEADING = "contacts_heading"
CONTACTS = "contacts"
BOILERPLATE_HEADING = "boilerplate_heading"
BOILERPLATE = "boilerplate"
SOURCE = "source"
END_MARK = "end_mark"
WEBSITE = "website"
ATTRIBUTION = "attribution"

_BULLET = re.compile(r"^(?:[*•·▪‣◦○■□➢►✓✔→]|[-–—](?=\s)|\(?\d{1,2}[.)]|[a-z][.)](?=\s))\s*")
_ORDERED = re.compile(r"^\(?\d{1,2}[.)]")
_SENTENCE_END = '.!?…"”»’)'
_DISTRIBUTOR_LINE = re.compile(r"^(?:-{2,3}|[(\[])\s*(?P<d>[^()\[\]\-][^()\[\]]{1,40}?)\s*(?:-{2,3}|[)\]])$")
_SEP = re.compile(r"\s*--\s*|\s+[-–—]{1,2}\s+|\s*[–—]\s+|\s+[–—]\s*")
_DIST_IN_HEAD = re.compile(r"\(\s*(?P<p>[^()]{2,40})\s*\)|/\s*(?P<s>[^/]{2,40}?)\s*/")
_WORDS = re.compile(r"\w+")
_SOURCE = re.compile(r"^SOURCE:?\s+(?P<org>\S.{1,120})$")


@dataclass
class Labelled:
    """One classified piece of the release: a whole segment or some of its lines.

    `data` carries what the classifier already parsed (a date, a dateline, a quote's
    speaker, list items, the organization named in an "About X" heading) so the assembler
    never re-reads the text.
    """

    kind: str
    text: str
    lines: tuple[str, ...]
    line: int
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DatelineInfo:
    """A parsed dateline: its text as written, the place, the wire, the date, and the
    paragraph text after it (empty for a dateline-only line or a wire header)."""

    text: str
    city: str | None
    distributor: str | None
    date: DateMatch | None
    rest: str


def _words(text: str) -> int:
    return len(_WORDS.findall(text))


# --- small predicates ------------------------------------------------------------------


def end_mark(line: str, mul: LanguageData) -> str | None:
    """The end mark a line consists of ("###", "-30-", "- ende -"), as written."""
    stripped = line.strip()
    if not stripped or len(stripped) > 20:
        return None
    if re.fullmatch(r"#(?:\s*#){2,}|\*(?:\s*\*){2,}|[-–—]\s*30\s*[-–—]", stripped):
        return stripped
    squash = re.sub(r"\s+", "", stripped).casefold()
    core = squash.strip("-–—#*/")
    bare = core.isalpha() and squash == core
    for mark in mul.end_marks:
        m = re.sub(r"\s+", "", mark).casefold()
        if bare and squash == m and stripped.isupper():
            return stripped  # a bare word counts only in capitals: "ENDS", not "Ende"
        if not bare and (squash == m or (core.isalpha() and core == m.strip("-–—#*/"))):
            return stripped
    return None


def contact_heading(line: str, mul: LanguageData, lang: LanguageData) -> tuple[str, str] | None:
    """(heading, rest) when a line is a contact heading: the phrase alone, or followed by
    ':' or a dash and the first contact ("Media Contact: Jess Block Nerren – …")."""
    found = [f for f in (lang.match("contact_headings", line), mul.match("contact_headings", line)) if f]
    if not found:
        return None
    heading = max(found, key=len)
    after = line.strip()[len(heading) :].strip()
    if not after or not after.strip(":：.").strip():
        return heading, ""
    if after[:1] in ":：–—-":
        return heading, after.lstrip(":：–—- ").strip()
    return None


def boilerplate_heading(line: str, mul: LanguageData, lang: LanguageData) -> tuple[str, str | None, str] | None:
    """(heading, organization or None, inline text) for "About X", "Om X:", "Über X." and
    trailing sections ("Forward-Looking Statements"); inline "About X: text" is split."""
    stripped = line.strip()
    candidates = [(stripped, "")]
    colon = re.search(r":\s+", stripped)
    if colon:
        candidates.insert(0, (stripped[: colon.start()], stripped[colon.end() :]))
    for head, rest in candidates:
        if not head or _words(head) > 10 or (head[-1:] in "!?"):
            continue
        if head.endswith(".") and _words(head) > 5 and not rest:
            continue
        for data in (lang, mul):
            m = data.boilerplate_match(head)
            if m is not None:
                org = m.groupdict().get("org")
                if org is not None:
                    org = org.strip().rstrip(":").strip()
                    if not org or org[0].isdigit() or _words(org) > 8:
                        continue
                return head.strip(), org, rest
        trailing = [f for f in (lang.match("trailing_sections", head), mul.match("trailing_sections", head)) if f]
        if trailing and len(max(trailing, key=len)) >= len(head.rstrip(":. ")) - 1:
            return head.strip(), None, rest
    return None


def release_type(line: str, mul: LanguageData, lang: LanguageData) -> tuple[str, str] | None:
    """(type word as written, the rest of the line) for "Pressmeddelande • Nov 07, 2006",
    "Lehdistötiedote - vapaa julkaistavaksi heti", "NEWS: headline", "Press Release"."""
    found = [f for f in (lang.match("release_types", line), mul.match("release_types", line)) if f]
    if not found:
        return None
    word = max(found, key=len)
    rest = line.strip()[len(word) :]
    if not rest.strip():
        return word, ""
    tight = rest.lstrip()
    if rest[:1] in ":|•·/–—-," or (tight[:1] in "|•·/–—-" and tight[1:2] == " "):
        return word, tight.lstrip(":|•·/–—-,").strip()
    if rest[:1] == " " and tight[:1].islower():
        return word, tight  # "Pressmeddelande från …"
    return None


def sender_rest(rest: str, mul: LanguageData, lang: LanguageData) -> str | None:
    """ "från Benjamin Dousa, Utrikesdepartementet" → the senders after the preposition."""
    preps = (*getattr(lang, "sender_prepositions", ()), *getattr(mul, "sender_prepositions", ()))
    for prep in preps:
        m = re.match(r"\s*" + re.escape(prep) + r"\s+(?P<s>\S.*)$", rest, re.IGNORECASE)
        if m:
            return m.group("s").strip()
    return None


def date_line(line: str, lang: LanguageData) -> DateMatch | None:
    """A line that is a date and little else ("2025-01-10", "Date: May 23, 2026", "5.4.2024")."""
    if _words(line) > 12:
        return None
    match = find_date(line, lang)
    if match is None:
        return None
    rest = (line[: match.start] + " " + line[match.end :]).strip(" ,.:-–—|•/()")
    return match if _words(rest) <= 2 else None


def is_instruction(line: str, mul: LanguageData, lang: LanguageData) -> bool:
    found = [f for f in (lang.match("release_instructions", line), mul.match("release_instructions", line)) if f]
    if not found:
        return False
    rest = line.strip()[len(max(found, key=len)) :].strip(" .:-–—")
    return _words(rest) <= 3


def embargo_line(line: str, mul: LanguageData, lang: LanguageData) -> DateMatch | bool | None:
    """The embargo date of an "EMBARGOED UNTIL …" line; True when the line is one but has no date."""
    found = [f for f in (lang.match("embargo_cues", line), mul.match("embargo_cues", line)) if f]
    if not found or _words(line) > 20:
        return None
    return find_date(line, lang) or True


def _phones(text: str, lang: LanguageData) -> list[str]:
    try:
        return find_phones(text, lang.default_region)
    except Exception:  # a field parser must not take the classifier down
        return []


def contact_data(text: str, lang: LanguageData) -> bool:
    """True when the text holds an e-mail address or a phone number."""
    return bool(find_emails(text)) or bool(_phones(text, lang))


def _is_cardish(lines: Sequence[str], lang: LanguageData) -> bool:
    """Lines of a contact card: each short once e-mails, phones and URLs are removed."""
    for line in lines:
        rest = line
        for found in (*find_emails(line), *_phones(line, lang), *find_urls(line)):
            rest = rest.replace(found, " ")
        if _words(rest) > 7 or rest.rstrip().endswith(("!", "?")):
            return False
    return True


# --- dateline ---------------------------------------------------------------------------


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
    window = text[:160]
    for sep in _SEP.finditer(window):
        head = text[: sep.start()].strip()
        if not head or _words(head) > 14:
            return None
        after = text[sep.end() :].strip()
        only_date = find_date(after, lang) if _words(after) <= 6 else None
        if only_date is not None and _words(after.replace(only_date.text, " ")) == 0:
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
        nxt = _SEP.search(text, end, min(len(text), end + 80))
        if nxt:
            chunk = text[end : nxt.start()].strip()
            d2 = find_date(chunk, lang)
            dist2 = _DIST_IN_HEAD.search(chunk)
            rest_chunk = chunk
            if d2:
                rest_chunk = rest_chunk.replace(d2.text, " ")
            if dist2:
                rest_chunk = rest_chunk.replace(dist2.group(0), " ")
            if (d2 or dist2) and _words(rest_chunk) == 0:
                date = date or d2
                distributor = distributor or (dist2.group("p") or dist2.group("s")).strip() if dist2 else distributor
                end = nxt.end()
        rest = text[end:]
        if _words(rest) < 1:
            return DatelineInfo(text.strip(), city, distributor, date, "")
        return DatelineInfo(text[:end].strip(), city, distributor, date, rest)
    return None


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
        if date is None or any(_words(p) > 6 for p in head):
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
    if not (1 <= len(tokens) <= 4) or any(ch.isdigit() for ch in city):
        return None
    if not all(t[:1].isupper() for t in tokens):
        return None
    for extra in parts[1:]:
        # region or country ("ON", "Calif.", "Sweden", "SV"); a clause means this is prose
        if _words(extra) > 3 or not extra[:1].isupper():
            return None
    caps = city.replace(" ", "").replace("-", "").replace(".", "").isupper()
    if date is None and distributor is None and not caps:
        return None
    if date is None and len(parts) > 3:
        return None
    return city.strip(" ."), distributor, date


def wire_header(line: str, lang: LanguageData) -> DatelineInfo | None:
    """ "BURLINGTON, ON / PR Karma / February 11, 2025 15:20": place / distributor / date."""
    parts = [p.strip() for p in line.split(" / ")]
    if len(parts) < 2 or _words(line) > 16:
        return None
    date = find_date(line, lang)
    if date is None:
        return None
    city, distributor = None, None
    for part in parts:
        if date.text in part or find_date(part, lang):
            continue
        if city is None and "," in part:
            city = part.split(",")[0].strip()
        elif distributor is None:
            distributor = part
        elif city is None:
            city = part
    if city is None and distributor is not None and distributor.isupper():
        city, distributor = distributor, None
    return DatelineInfo(line.strip(), city, distributor, date, "")


# --- header -----------------------------------------------------------------------------


def is_running_text(seg: Segment, lang: LanguageData) -> bool:
    """True for a block of prose (the lead and what follows), false for title-like lines."""
    text = seg.text
    words = _words(text)
    if words < 6:
        return False
    if contact_data(text, lang) and _is_cardish(seg.lines, lang):
        return False
    info = parse_dateline(text, lang)
    if info is not None and _words(info.rest) >= 5:
        return True
    if words >= 40:
        return True
    if len(seg.lines) > 1 and max(len(line) for line in seg.lines) < 50:
        # short lines: a card or an address, unless they are prose wrapped at a narrow width
        continued = sum(1 for line in seg.lines[1:] if line[:1].islower())
        return words >= 25 and continued * 2 >= len(seg.lines) - 1
    return text.rstrip()[-1:] in _SENTENCE_END and words >= 8


def _header_line(line: str, mul: LanguageData, lang: LanguageData) -> Labelled | None:
    """Label one header line, or None for a title candidate."""
    mark = end_mark(line, mul)
    if mark:
        return Labelled(END_MARK, mark, (line,), 0)
    emb = embargo_line(line, mul, lang)
    if emb is not None:
        return Labelled(EMBARGO, line, (line,), 0, {"date": emb if isinstance(emb, DateMatch) else None})
    typ = release_type(line, mul, lang)
    if typ is not None:
        word, rest = typ
        data: dict[str, Any] = {"type": word}
        if rest:
            senders = sender_rest(rest, mul, lang)
            date = find_date(rest, lang)
            if senders is not None:
                data["senders"] = senders
            elif is_instruction(rest, mul, lang):
                data["instruction"] = rest
            elif date is not None and _words(rest.replace(date.text, " ")) <= 3:
                data["date"] = date
            elif _words(rest) >= 3 and rest[:1] != "-":
                data["headline"] = rest
            else:
                return None
        return Labelled(RELEASE_TYPE, line, (line,), 0, data)
    if is_instruction(line, mul, lang):
        return Labelled(INSTRUCTION, line, (line,), 0)
    wire = wire_header(line, lang)
    if wire is not None:
        return Labelled(DATELINE, line, (line,), 0, {"dateline": wire, "header": True})
    info = parse_dateline(line, lang)
    if info is not None and not info.rest and info.city:
        return Labelled(DATELINE, line, (line,), 0, {"dateline": info})
    dm = date_line(line, lang)
    if dm is not None:
        return Labelled(DATE, line, (line,), 0, {"date": dm})
    dist = _DISTRIBUTOR_LINE.match(line.strip())
    if dist and line.strip()[:1] in "-" and _words(dist.group("d")) <= 4:
        info = DatelineInfo(line.strip(), None, dist.group("d").strip(), None, "")
        return Labelled(DATELINE, line, (line,), 0, {"dateline": info, "header": True})
    head = contact_heading(line, mul, lang)
    if head is not None:
        return Labelled(CONTACTS_HEADING, head[0], (line,), 0, {"rest": head[1]})
    return None


def _classify_header(
    segments: Sequence[Segment], mul: LanguageData, lang: LanguageData, document: str
) -> list[Labelled]:
    out: list[Labelled] = []
    titles: list[Labelled] = []
    for seg in segments:
        labels: list[Labelled | None] = []
        for offset, line in enumerate(seg.lines):
            lab = _header_line(line, mul, lang)
            if lab is not None:
                lab.line = seg.start + offset
            labels.append(lab)
        in_contacts = any(lab is not None and lab.kind == CONTACTS_HEADING for lab in labels)
        cardish = any(contact_data(line, lang) for line, lab in zip(seg.lines, labels, strict=True) if lab is None)
        pending: list[tuple[int, str]] = []

        def flush_title(pending: list[tuple[int, str]] = pending, start: int = seg.start) -> None:
            if pending:
                lines = tuple(t for _i, t in pending)
                titles.append(Labelled(HEADLINE, " ".join(lines), lines, start + pending[0][0]))
                out.append(titles[-1])
                pending.clear()

        contact_lines: list[tuple[int, str]] = []
        for offset, (line, lab) in enumerate(zip(seg.lines, labels, strict=True)):
            if lab is None and (in_contacts or cardish):
                contact_lines.append((offset, line))
                continue
            if lab is None:
                if any(ch.isalnum() for ch in line):  # "----" rules are layout, not titles
                    pending.append((offset, line))
                continue
            flush_title()
            if lab.kind == CONTACTS_HEADING:
                out.append(lab)
                if lab.data.get("rest"):
                    contact_lines.append((offset, lab.data["rest"]))
                continue
            out.append(lab)
            if lab.kind == RELEASE_TYPE and lab.data.get("headline"):
                titles.append(
                    Labelled(HEADLINE, lab.data["headline"], (lab.data["headline"],), lab.line, {"from_type": True})
                )
                out.append(titles[-1])
        flush_title()
        if contact_lines:
            lines = tuple(t for _i, t in contact_lines)
            out.append(Labelled(CONTACTS, "\n".join(lines), lines, seg.start + contact_lines[0][0]))
    _assign_titles(out, titles, lang, document)
    return out


def _looks_like_org(title: Labelled, following: Labelled, structured: bool, document: str, lang: LanguageData) -> bool:
    """A short name-like line above the headline ("Länsstyrelsen i Stockholms län").

    Title-case headlines look like names too, so the line must also be backed by the
    layout (a type/date line: Mynewsdesk and agency headers) or by the text (the name
    recurs below, or ends in a legal form such as AB or Inc.).
    """
    text = title.text.strip()
    if _is_banner(text) and not _is_banner(following.text):
        return len(text.split()) <= 6 and not any(ch.isdigit() for ch in text)
    legal = {f.casefold() for f in getattr(lang, "legal_forms", ())}
    recurs = document.casefold().count(text.casefold()) > 1
    if not (structured or recurs or text.split()[-1].casefold() in legal):
        return False
    words = text.split()
    if not (1 <= len(words) <= 6) or len(text) > 60 or any(ch.isdigit() for ch in text):
        return False
    abbreviated = text.endswith(".") and (words[-1].casefold() in legal or len(words[-1]) <= 4)
    if (text[-1:] in ".!?:;," and not abbreviated) or len(following.text.split()) < len(words):
        return False
    capital = [w for w in words if w[:1].isupper()]
    lower_long = [w for w in words if w[:1].islower() and len(w) > 3]
    return bool(capital) and words[0][:1].isupper() and not lower_long


def _is_banner(text: str) -> bool:
    """An all-capitals line ("THE WHITE HOUSE", "OFFICE OF THE GOVERNOR")."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _assign_titles(out: list[Labelled], titles: list[Labelled], lang: LanguageData, document: str) -> None:
    """First title-like line is the headline; a short name above it is the organization; the
    next one is the subheadline. A "Statement from X" type line with no other title is the
    headline itself."""
    types = [lab for lab in out if lab.kind == RELEASE_TYPE and lab.data.get("senders")]
    banners = [t for t in titles if _is_banner(t.text) and len(t.text.split()) <= 6]
    if types and titles and not banners and all(t.line < types[0].line for t in titles):
        # "Acme Inc." / "Notice of Annual Meeting": a type-from line below the only titles is a title
        lab = types[0]
        lab.kind = HEADLINE
        lab.data = {}
        titles.append(lab)
        types = []
    if types and (not titles or (len(titles) == 1 and banners)):
        # "Statement from X on Y" with no other title line is the headline itself
        lab = types[0]
        lab.kind = HEADLINE
        lab.data = {}
        for banner in banners:
            banner.kind = ORGANIZATION
        if banners:
            return
        titles.append(lab)
    if not titles:
        return
    rest = list(titles)
    structured = any(lab.kind in (RELEASE_TYPE, DATE) for lab in out)
    if (
        len(rest) >= 2
        and not rest[0].data.get("from_type")
        and _looks_like_org(rest[0], rest[1], structured, document, lang)
    ):
        rest[0].kind = ORGANIZATION
        rest = rest[1:]
    rest[0].kind = HEADLINE
    for extra in rest[1:2]:
        extra.kind = SUBHEADLINE
    for extra in rest[2:]:
        extra.kind = PARAGRAPH
        extra.data["header_extra"] = True


def find_lead(segments: Sequence[Segment], lang: LanguageData) -> int:
    """Index of the lead: the first prose block after a title; a block whose dateline opens
    it wins over a prose-like subheadline just above it."""
    for i, seg in enumerate(segments):
        if i == 0 and len(segments) > 1:
            continue
        if not is_running_text(seg, lang):
            continue
        info = parse_dateline(seg.text, lang)
        if info is None and len(seg.lines) == 1 and _words(seg.text) < 40:
            for j in range(i + 1, min(i + 3, len(segments))):
                nxt = parse_dateline(segments[j].text, lang)
                between = segments[i:j]
                if (
                    nxt is not None
                    and _words(nxt.rest) >= 5
                    and nxt.city
                    and all(not is_running_text(s, lang) or len(s.lines) == 1 for s in between)
                ):
                    return j
        return i
    return min(1, len(segments))


# --- body -------------------------------------------------------------------------------


def _list_items(seg: Segment) -> list[str] | None:
    """Items of a bulleted or numbered block; an unbulleted line continues the item above
    (a wrapped bullet), so the block must open with a bullet."""
    if not seg.lines or not _BULLET.match(seg.first):
        return None
    items: list[str] = []
    for line in seg.lines:
        if _BULLET.match(line):
            items.append(_BULLET.sub("", line, count=1).strip())
        else:
            items[-1] = f"{items[-1]} {line}".strip()
    return items


def _intro_and_list(seg: Segment) -> tuple[Segment, Segment] | None:
    """ "Among the findings:" followed by bullets in one block: the intro and the list."""
    if len(seg.lines) < 3 or _BULLET.match(seg.first):
        return None
    for i in range(1, len(seg.lines)):
        if _BULLET.match(seg.lines[i]):
            rest = seg.lines[i:]
            if sum(1 for x in rest if _BULLET.match(x)) >= 2 and seg.lines[i - 1].rstrip().endswith(":"):
                return Segment(seg.lines[:i], seg.start), Segment(rest, seg.start + i)
            return None
    return None


def _link_line(text: str, lang: LanguageData, mul: LanguageData) -> bool:
    words = re.findall(r"\w+", text.casefold())
    if not words:
        return False
    links = {w.casefold() for w in (*getattr(lang, "link_words", ()), *getattr(mul, "link_words", ()))}
    return words[-1] in links or " ".join(words[-2:]) in links


def is_subheading(seg: Segment, lang: LanguageData, mul: LanguageData) -> bool:
    """A one-line block short enough to be a heading and not shaped like a sentence."""
    if len(seg.lines) != 1:
        return False
    text = seg.first
    words = _words(text)
    if words == 0 or words > 14 or len(text) > 120 or _BULLET.match(text):
        return False
    if find_urls(text) or find_emails(text):
        return False
    last = text[-1:]
    upper = text.upper() == text and any(c.isalpha() for c in text)
    if last in ",;:" or (last in ".!?…" and not upper) or last in '"”»':
        return False
    return not _link_line(text, lang, mul)


@dataclass
class _State:
    mode: str = "body"  # body | contacts | boilerplate | after_end
    known: list[str] = field(default_factory=list)
    last_quote: Labelled | None = None
    last_text: str = ""
    """Text of the previous body block: "Jane Doe, CEO, said:" introduces the next block's quote."""


def classify(segments: Sequence[Segment], language: LanguageData) -> list[Labelled]:
    """Label every segment (or header line) of a release, in order. Total: never raises on
    any list of segments; unknown blocks are paragraphs."""
    if not segments:
        return []
    mul = all_languages()
    lead_index = find_lead(segments, language)
    document = "\n".join(s.text for s in segments)
    out = _classify_header(segments[:lead_index], mul, language, document)
    state = _State()
    first_body = True
    for seg in segments[lead_index:]:
        labs = _classify_body(seg, state, language, mul, document, first_body)
        if labs and labs[-1].kind not in (PARAGRAPH, QUOTE):
            state.last_text = ""
        for lab in labs:
            if first_body and lab.kind in (PARAGRAPH, QUOTE):
                lab.data["lead"] = True
                first_body = False
        out.extend(labs)
    _tail_boilerplate(out, language)
    return out


def _classify_body(
    seg: Segment, state: _State, lang: LanguageData, mul: LanguageData, document: str, first: bool
) -> list[Labelled]:
    text = seg.text
    here = seg.start
    if len(seg.lines) == 1:
        mark = end_mark(seg.first, mul)
        if mark:
            state.mode = "after_end"
            return [Labelled(END_MARK, mark, seg.lines, here)]
    src = _SOURCE.match(seg.first) if len(seg.lines) == 1 else None
    if (src and state.mode != "body") or (src and _words(seg.first) <= 8):
        return [Labelled(SOURCE, seg.first, seg.lines, here, {"organization": src.group("org").strip()})]
    head = contact_heading(seg.first, mul, lang)
    if head is not None and (state.mode != "body" or len(seg.lines) > 1 or head[1] or _words(seg.first) <= 5):
        state.mode = "contacts"
        out = [Labelled(CONTACTS_HEADING, head[0], (seg.first,), here)]
        lines = ([head[1]] if head[1] else []) + list(seg.lines[1:])
        out.extend(_contact_blocks(lines, here + 1, lang))
        return out
    if not first or state.mode != "body":
        bp = boilerplate_heading(seg.first, mul, lang)
        if bp is not None and (len(seg.lines) == 1 or bp[2] or _words(seg.first) <= 10):
            heading, org, inline = bp
            state.mode = "boilerplate"
            out = [Labelled(BOILERPLATE_HEADING, heading, (seg.first,), here, {"organization": org})]
            body_lines = ([inline] if inline else []) + list(seg.lines[1:])
            if body_lines:
                out.extend(_boilerplate_lines(body_lines, here, lang))
            return out
    if state.mode != "body":
        inline = _inline_contact(seg.first, mul, lang)
        if inline is not None and contact_data(text, lang):
            state.mode = "contacts"
            return _contact_blocks([inline, *seg.lines[1:]], here, lang)
        if contact_data(text, lang) and _is_cardish(seg.lines, lang):
            state.mode = "contacts"
            return _contact_blocks(list(seg.lines), here, lang)
        if state.mode == "contacts" and _is_cardish(seg.lines, lang) and not find_urls(text):
            return _contact_blocks(list(seg.lines), here, lang)
        if state.mode == "contacts" and all(find_urls(line) and _words(line) <= 4 for line in seg.lines):
            return [Labelled(WEBSITE, text, seg.lines, here)]
        state.mode = "boilerplate"
        if is_subheading(seg, lang, mul) and _words(text) <= 8:
            return [Labelled(BOILERPLATE_HEADING, text, seg.lines, here, {"organization": None})]
        return [Labelled(BOILERPLATE, "\n".join(seg.lines) if _list_items(seg) else text, seg.lines, here)]
    if not first and contact_data(text, lang) and _is_cardish(seg.lines, lang) and len(seg.lines) > 1:
        state.mode = "contacts"
        return _contact_blocks(list(seg.lines), here, lang)
    split = _intro_and_list(seg)
    if split is not None:
        return [_body_block(part, state, lang, mul, document, first and k == 0) for k, part in enumerate(split)]
    return [_body_block(seg, state, lang, mul, document, first)]


def _inline_contact(line: str, mul: LanguageData, lang: LanguageData) -> str | None:
    """The contact after a heading run into the text: "Media Inquiries / Interview Requests
    Contact Melissa Sánchez, …" → "Melissa Sánchez, …" (tail blocks only)."""
    phrases = {p for p in (*lang.contact_headings, *mul.contact_headings) if len(p) >= 5}
    if not any(line.casefold().startswith(p.casefold()) for p in phrases):
        return None
    end = 0
    for phrase in phrases:
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in phrase.split()) + r"(?!\w)"
        for m in re.finditer(pattern, line[:80], re.IGNORECASE):
            end = max(end, m.end())
    rest = line[end:].lstrip(" :：–—-/").strip()
    return rest or None


def _contact_blocks(lines: list[str], line: int, lang: LanguageData) -> list[Labelled]:
    """Contact lines; URL-only lines are split off as a website block so no URL is lost."""
    card = [ln for ln in lines if not (find_urls(ln) and _words(ln) <= 4 and not find_emails(ln))]
    web = [ln for ln in lines if ln not in card]
    out = []
    if card:
        out.append(Labelled(CONTACTS, "\n".join(card), tuple(card), line))
    if web:
        out.append(Labelled(WEBSITE, " ".join(web), tuple(web), line))
    return out


def _boilerplate_lines(lines: list[str], line: int, lang: LanguageData) -> list[Labelled]:
    return [Labelled(BOILERPLATE, " ".join(lines), tuple(lines), line)]


def _body_block(
    seg: Segment, state: _State, lang: LanguageData, mul: LanguageData, document: str, first: bool
) -> Labelled:
    text = seg.text
    here = seg.start
    if first:
        info = parse_dateline(text, lang)
        if info is not None and info.rest.strip():
            lab = _paragraph_or_quote(info.rest.strip(), seg, state, lang, document)
            lab.data["dateline"] = info
            return lab
    items = _list_items(seg)
    if items is not None and is_speech_dash(seg.first) and _dash_speech(seg, state, lang, document):
        items = None
    if items is not None:
        state.last_quote = None
        return Labelled(LIST, text, seg.lines, here, {"items": items, "ordered": bool(_ORDERED.match(seg.first))})
    if state.last_quote is not None and not state.last_quote.data["quote"].speaker and len(seg.lines) == 1:
        att = parse_attribution_line(seg.first, lang)
        if att is not None:
            q: QuoteInfo = state.last_quote.data["quote"]
            state.last_quote.data["quote"] = QuoteInfo(q.quote, att.speaker, att.role, q.dash)
            state.last_quote.data["attribution"] = seg.first
            state.known.append(att.speaker or "")
            return Labelled(ATTRIBUTION, seg.first, seg.lines, here)
    if is_subheading(seg, lang, mul) and not is_speech_dash(seg.first):
        state.last_quote = None
        return Labelled(SUBHEADING, seg.first, seg.lines, here)
    return _paragraph_or_quote(text, seg, state, lang, document)


def _dash_speech(seg: Segment, state: _State, lang: LanguageData, document: str) -> bool:
    """A dash-led block is speech (not a one-item list) when it names its speaker or
    continues a dash quote; bullets on every line of a longer block make it a list."""
    if len(seg.lines) > 1 and all(_BULLET.match(x) for x in seg.lines[1:]):
        return False
    info = find_quote(seg.text, lang, known=state.known, document=document)
    if info is None or not info.dash:
        return False
    if info.speaker or info.role:
        return True
    prev = state.last_quote.data["quote"] if state.last_quote is not None else None
    return prev is not None and prev.dash and lang.speech_dash


def _paragraph_or_quote(text: str, seg: Segment, state: _State, lang: LanguageData, document: str) -> Labelled:
    info = find_quote(text, lang, known=state.known, document=document)
    prev = state.last_quote.data["quote"] if state.last_quote is not None else None
    if info is not None and info.dash and not info.speaker and (prev is None or not prev.dash or not lang.speech_dash):
        info = None  # a dash block without attribution is speech only after another dash quote
    introducer, state.last_text = state.last_text, text
    if info is None:
        state.last_quote = None
        return Labelled(PARAGRAPH, text, seg.lines, seg.start)
    if not info.speaker and not info.role and introducer.rstrip().endswith(":"):
        att = attribution_before(introducer, lang)
        if att is not None and att.speaker and not att.surname_only:
            info = QuoteInfo(info.quote, att.speaker, att.role, info.dash)
    if prev is not None and (info.pronoun or (not info.speaker and not info.role)):
        info = QuoteInfo(info.quote, prev.speaker, None, info.dash)
    if info.speaker:
        state.known.append(info.speaker)
    lab = Labelled(QUOTE, text, seg.lines, seg.start, {"quote": info})
    state.last_quote = lab
    return lab


def _tail_boilerplate(out: list[Labelled], lang: LanguageData) -> None:
    """An unheaded "about us" paragraph closing the body right before the contacts
    ("Comisión de Promoción del Perú … (PROMPERÚ). Somos …") belongs to the boilerplate
    when it opens with a bare name, not a sentence."""
    if any(lab.kind == END_MARK for lab in out):
        return
    for i, lab in enumerate(out):
        if lab.kind in (BOILERPLATE, BOILERPLATE_HEADING):
            return
        if lab.kind in (CONTACTS_HEADING, CONTACTS):
            j = i - 1
            if j >= 0 and out[j].kind == PARAGRAPH and not out[j].data.get("lead") and _name_sentence(out[j].text):
                out[j].kind = BOILERPLATE
            return


def _name_sentence(text: str) -> bool:
    m = re.match(r"^(?P<s>[^.!?]{3,160}?)(?:\s*\([^)]{1,30}\))?\.\s", text)
    if not m:
        return False
    words = m.group("s").split()
    if len(words) < 2 or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or (w.isalpha() and w.islower() and len(w) <= 4) for w in words)
