"""Cue-word predicates for one line or block: end mark, contact heading, "About X" heading,
release type, instruction, embargo, date line, header metadata, contact card.

Each answers "is this line such a thing, and what does it carry?" from the language data
(the release's language first, then all languages merged, because an English "Contact
Details" card is printed under a Spanish release); none of them knows where in the
release the line stands: that is the job of `header.py` and `classify.py`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .contacts import find_emails, find_phones
from .dates import DateMatch, find_date
from .labels import DATE, METADATA, ORGANIZATION, Labelled, word_count
from .language import LanguageData
from .segment import Segment
from .urls import find_urls

BULLET = re.compile(r"^(?:[*•·▪‣◦○■□➢►✓✔→]|[-–—](?=\s)|\(?\d{1,2}[.)]|[a-z][.)](?=\s))\s*")
ORDERED = re.compile(r"^\(?\d{1,2}[.)]")
"""A list item's bullet or number ("•", "- ", "1.", "a)"), and a numbered one."""

_NUMBERED = re.compile(r"(?:[^\W\d]{1,3}\.?|n[°º]|#)\s*\d{1,4}(?:\s*[/.-]\s*\d{2,4})?$|\d{1,4}\s*/\s*\d{2,4}$")
"""The number after a type word: "Nr. 14/2024", "023/24", "#12", "n° 12", "No. 24-017"; a bare year
("Bokslutskommuniké 2023") is part of a title, not a number."""

_SYMBOL_END = re.compile(r"[-–—/\s]*(?:#(?:\s*#){2,}|\*(?:\s*\*){2,}|o[0O]o|O[0o]O)[-–—/\s]*|[-–—/]+\s*30\s*[-–—/]+")
"""End marks made of symbols, dashes around them allowed: "###", "-###-", "- # # # -", "***", "-30-", "—30—",
and the "-o0o-" / "---oOo---" of Latin-American government releases."""


def end_mark(line: str, mul: LanguageData) -> str | None:
    """The end mark a line consists of ("###", "-30-", "- ende -"), as written."""
    stripped = line.strip()
    if not stripped or len(stripped) > 20:
        return None
    if _SYMBOL_END.fullmatch(stripped):
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
        return _contact_request(line, mul)
    heading = max(found, key=len)
    after = line.strip()[len(heading) :].strip()
    if not after or not after.strip(":：.").strip():
        return heading, ""
    if after[:1] in ":：–—-":
        return heading, after.lstrip(":：–—- ").strip()
    if after[:1] == "," and mul.is_phrase("contact_headings", after[1:].strip()):
        return line.strip().rstrip(":：").strip(), ""  # "Noot voor de redactie, niet voor publicatie"
    # the colon of "https://" is part of a URL, never the end of a heading
    qualified = re.match(r"^(?P<q>[^:：@\d]{1,40})[:：](?!//)\s*(?P<rest>.*)$", after)
    if qualified and word_count(qualified.group("q")) <= 4 and qualified.group("q").strip()[:1].islower():
        # "Kontakt für Medienvertreter:", "Contact for media: Jane Doe, …"
        return f"{heading} {qualified.group('q').strip()}", qualified.group("rest").strip()
    return _contact_request(line, mul)


def _contact_request(line: str, mul: LanguageData) -> tuple[str, str] | None:
    """ "For further information or to request an interview, please contact:": a short line
    ending in a colon whose last words are a contact phrase is a contact heading too."""
    text = line.strip()
    if not text.endswith((":", "：")) or word_count(text) > 16:
        return None
    words = text.rstrip(":： ").split()
    for n in range(1, min(4, len(words)) + 1):
        if mul.is_phrase("contact_headings", " ".join(words[-n:])):
            return text.rstrip(":： "), ""
    return None


def boilerplate_heading(line: str, mul: LanguageData, lang: LanguageData) -> tuple[str, str | None, str] | None:
    """(heading, organization or None, inline text) for "About X", "Om X:", "Über X." and
    trailing sections ("Forward-Looking Statements"); inline "About X: text" is split."""
    stripped = line.strip()
    candidates = [(stripped, "")]
    colon = next((m for m in re.finditer(r":\s+", stripped) if _balanced(stripped[: m.start()])), None)
    if colon:
        candidates.insert(0, (stripped[: colon.start()], stripped[colon.end() :]))
    for head, rest in candidates:
        if not head or word_count(head) > 10 or (head[-1:] in "!?"):
            continue
        if head.endswith(".") and word_count(head) > 5 and not rest:
            continue
        for data in (lang, mul):
            m = data.boilerplate_match(head)
            if m is not None:
                org = m.groupdict().get("org")
                if org is not None:
                    org = org.strip().rstrip(":").strip()
                    if not org or org[0].isdigit() or word_count(org) > 8:
                        continue
                return head.strip(), org, rest
        trailing = [f for f in (lang.match("trailing_sections", head), mul.match("trailing_sections", head)) if f]
        if trailing and len(max(trailing, key=len)) >= len(head.rstrip(":. ")) - 1:
            return head.strip(), None, rest
    return None


def _balanced(text: str) -> bool:
    """No parenthesis left open: the colon of "About Acme Corp. (NASDAQ: ACME)" ends no heading."""
    return text.count("(") <= text.count(")")


def release_type(line: str, mul: LanguageData, lang: LanguageData) -> tuple[str, str] | None:
    """(type word as written, the rest of the line) for "Pressmeddelande • Nov 07, 2006",
    "Lehdistötiedote - vapaa julkaistavaksi heti", "NEWS: headline", "Press Release"."""
    found = [f for f in (lang.match("release_types", line), mul.match("release_types", line)) if f]
    if not found:
        return _type_field(line, mul, lang)
    word = max(found, key=len)
    rest = line.strip()[len(word) :]
    if not rest.strip():
        return word, ""
    tight = rest.lstrip()
    if rest[:1] in ":|•·/–—-," or (tight[:1] in "|•·/–—-" and tight[1:2] == " "):
        return word, tight.lstrip(":|•·/–—-,").strip()
    if rest[:1] == " " and _NUMBERED.match(tight):
        return word, ""  # "Pressemitteilung Nr. 14/2024", "News Release #12": the number is no part of the type
    if rest[:1] == " " and tight[:1].islower():
        return word, tight  # "Pressmeddelande från …"
    if rest[:1] == " " and tight[:1].isdigit():
        date = find_date(tight, lang)
        if date is not None and date.start == 0:
            return word, tight  # "Tiedote 14.3.2024 klo 9.00"
    return None


_FIELD_BAR = re.compile(r"\s[|•·]\s")


def _type_field(line: str, mul: LanguageData, lang: LanguageData) -> tuple[str, str] | None:
    """ "26.1.2022 16:58:50 CET | Udenrigsministeriet | Pressemeddelelse": newsroom pages print
    the type as one field of a bar-separated date line, not always the first; the other fields
    are the rest."""
    fields = [f.strip() for f in _FIELD_BAR.split(line.strip())]
    if len(fields) < 2:
        return None
    for i, f in enumerate(fields):
        if i and (lang.is_phrase("release_types", f) or mul.is_phrase("release_types", f)):
            return f, " | ".join(fields[:i] + fields[i + 1 :])
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
    if word_count(line) > 12:
        return None
    match = find_date(line, lang)
    if match is None:
        return None
    rest = (line[: match.start] + " " + line[match.end :]).strip(" ,.:-–—|•/()")
    return match if word_count(rest) <= 2 else None


def metadata_line(line: str, mul: LanguageData, lang: LanguageData) -> Labelled | None:
    """A header metadata line: "From: Northern Waterways Agency" (the issuer), "Published
    5 June 2024" / "Last updated: …" (a date), "Part of: …" (neither). The value of a sender
    label needs a colon, so a headline opening with "From" or "De" is not metadata."""
    found = [f for f in (lang.match("metadata_labels", line), mul.match("metadata_labels", line)) if f]
    if not found or word_count(line) > 16:
        return None
    label = max(found, key=len)
    after = line.strip()[len(label) :]
    colon = after.lstrip()[:1] in (":", "：")
    value = after.lstrip().lstrip(":：").strip()
    if not value:
        return None
    date = find_date(value, lang)
    if date is not None and word_count(value[: date.start]) <= 1 and not value[date.end :].strip(" .,"):
        return Labelled(DATE, line, (line,), 0, {"date": date, "label": label}, rule="header.metadata_date")
    if not colon:
        return None
    senders = {f.casefold() for f in (*lang.sender_labels, *mul.sender_labels)}
    if label.casefold() in senders:
        value = first_issuer(value, mul, lang)
    if label.casefold() in senders and word_count(value) <= 12:
        return Labelled(ORGANIZATION, value, (line,), 0, {"label": label}, rule="header.sender_line")
    return Labelled(METADATA, line, (line,), 0, {"label": label}, rule="header.metadata")


def first_issuer(value: str, mul: LanguageData, lang: LanguageData) -> str:
    """The first of several issuers in a "From:" value: "Department for Environment, Food &
    Rural Affairs and The Rt Hon Emma Reynolds MP" → the department. A joining word ("and",
    "och") starts the next issuer only when an article or honorific follows it, so "Department
    of Health and Social Care" stays whole."""
    joins = {w.casefold() for w in (*lang.org_connectors, *mul.org_connectors) if w.isalpha()}
    openers = {a.casefold() for a in (*lang.articles, *mul.articles)}
    words = value.split()
    for k in range(1, len(words) - 1):
        nxt = words[k + 1]
        if not words[k].islower() or words[k] not in joins or not nxt[:1].isupper():
            continue
        if nxt.casefold() in openers or lang.match("honorifics", " ".join(words[k + 1 :])):
            return " ".join(words[:k]).rstrip(",")
    return value


def bar_date_line(line: str, mul: LanguageData, lang: LanguageData) -> Labelled | None:
    """ "March 3, 2026 07:00 ET | Source: Nordlicht Systems Inc.": a wire page's header line of
    bar-separated fields, one a date and the others metadata ("Source: …", "From: …"); it is the
    issue date (and the sender as evidence), never a title."""
    fields = [f.strip() for f in _FIELD_BAR.split(line.strip())]
    if len(fields) < 2 or word_count(line) > 24:
        return None
    date = next((d for d in (date_line(f, lang) for f in fields) if d is not None), None)
    if date is None:
        return None
    sender = None
    for f in fields:
        if date_line(f, lang) is not None:
            continue
        meta = metadata_line(f, mul, lang)
        if meta is None:
            return None
        if meta.kind == ORGANIZATION:
            sender = meta.text
    data = {"date": date, "label": "bar"}
    if sender:
        data["sender"] = sender
    return Labelled(DATE, line, (line,), 0, data, rule="header.bar_date_line")


def metadata_lines(lines: Sequence[str], mul: LanguageData, lang: LanguageData) -> list[Labelled | None]:
    """The metadata label of each line, or None; a label alone on its line ("From:",
    "Published") takes the next line as its value, the way a copied GOV.UK page prints it,
    and that value line is labelled METADATA so it is neither a title nor body."""
    out: list[Labelled | None] = [metadata_line(line, mul, lang) for line in lines]
    for i in range(len(lines) - 1):
        if out[i] is not None or out[i + 1] is not None:
            continue
        label = lines[i].strip().rstrip(":： ")
        if not (lang.is_phrase("metadata_labels", label) or mul.is_phrase("metadata_labels", label)):
            continue
        joined = metadata_line(f"{label}: {lines[i + 1].strip()}", mul, lang)
        if joined is not None:
            out[i] = joined
            out[i + 1] = Labelled(
                METADATA, lines[i + 1], (lines[i + 1],), 0, {"value_of": label}, rule="header.metadata_value"
            )
    return out


def is_metadata_block(seg: Segment, mul: LanguageData, lang: LanguageData) -> bool:
    """Every line of the block is a metadata line ("From: …" / "Published …")."""
    return all(lab is not None for lab in metadata_lines(seg.lines, mul, lang))


def is_instruction(line: str, mul: LanguageData, lang: LanguageData) -> bool:
    """True for a release instruction ("FOR IMMEDIATE RELEASE") with at most a few words after it."""
    found = [f for f in (lang.match("release_instructions", line), mul.match("release_instructions", line)) if f]
    if not found:
        return False
    rest = line.strip()[len(max(found, key=len)) :].strip(" .:-–—")
    return word_count(rest) <= 3


def embargo_line(line: str, mul: LanguageData, lang: LanguageData) -> DateMatch | bool | None:
    """The embargo date of an "EMBARGOED UNTIL …" line; True when the line is one but has no date."""
    found = [f for f in (lang.match("embargo_cues", line), mul.match("embargo_cues", line)) if f]
    if not found or word_count(line) > 20:
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


def is_cardish(lines: Sequence[str], lang: LanguageData) -> bool:
    """Lines of a contact card: each short once e-mails, phones and URLs are removed, or a
    line of short comma-separated fields ("Kevin Doe, Public Information Officer, Riverbend
    County Public Health")."""
    for line in lines:
        rest = line
        for found in (*find_emails(line), *_phones(line, lang), *find_urls(line)):
            rest = rest.replace(found, " ")
        if rest.rstrip().endswith(("!", "?")):
            return False
        if word_count(rest) > 7 and not _field_line(rest):
            return False
    return True


def _field_line(text: str) -> bool:
    """Comma/bar-separated fields of at most five words each, no sentence: a card line."""
    if word_count(text) > 18 or text.rstrip().endswith("."):
        return False
    fields = [f for f in re.split(r"[,|;]", text) if f.strip()]
    return len(fields) >= 2 and all(word_count(f) <= 5 for f in fields)


def list_items(seg: Segment) -> list[str] | None:
    """Items of a bulleted or numbered block; an unbulleted line continues the item above
    (a wrapped bullet), so the block must open with a bullet."""
    if not seg.lines or not BULLET.match(seg.first):
        return None
    items: list[str] = []
    for line in seg.lines:
        if BULLET.match(line):
            items.append(BULLET.sub("", line, count=1).strip())
        else:
            items[-1] = f"{items[-1]} {line}".strip()
    return items
