"""The header of a release, everything before the lead, classified line by line.

Header blocks are short lines where one blank-line block may hold several things (a
headline and its date line, an instruction and a contact card), so every line gets a label
from the cue predicates (`cues.py`) or the dateline parser (`dateline.py`), and the lines
left over are title candidates: the first is the headline, a short name above it the
organization, the next one the subheadline. `find_lead` decides where the header ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .contacts import org_name_line
from .cues import (
    BULLET,
    ORDERED,
    bar_date_line,
    contact_data,
    contact_heading,
    date_line,
    embargo_line,
    end_mark,
    is_cardish,
    is_instruction,
    is_metadata_block,
    list_items,
    metadata_line,
    metadata_lines,
    release_type,
    sender_rest,
)
from .dateline import DISTRIBUTOR_LINE, DatelineInfo, parse_dateline, place_date_line, place_wire_line, wire_header
from .dates import DateMatch, find_date
from .labels import (
    CONTACTS,
    CONTACTS_HEADING,
    DATE,
    DATELINE,
    EMBARGO,
    END_MARK,
    HEADLINE,
    INSTRUCTION,
    LIST,
    METADATA,
    ORGANIZATION,
    PARAGRAPH,
    RELEASE_TYPE,
    SUBHEADLINE,
    Labelled,
    word_count,
)
from .language import LanguageData, all_languages
from .segment import Segment

_SENTENCE_END = '.!?…"”»’)'


def is_running_text(seg: Segment, lang: LanguageData) -> bool:
    """True for a block of prose (the lead and what follows), false for title-like lines."""
    text = seg.text
    words = word_count(text)
    if words < 6:
        return False
    if contact_data(text, lang) and is_cardish(seg.lines, lang):
        return False
    info = parse_dateline(text, lang)
    if info is not None and word_count(info.rest) >= 5:
        return True
    if words >= 40:
        return True
    if words >= 30 and len(seg.lines) == 1 and sum(text.count(c) for c in ",;:") >= 2:
        return True  # a long clause-rich line is prose even when cut off ("… una planta de pirolización de")
    if len(seg.lines) > 1 and max(len(line) for line in seg.lines) < 50:
        # short lines: a card or an address, unless they are prose wrapped at a narrow width
        continued = sum(1 for line in seg.lines[1:] if line[:1].islower())
        return words >= 25 and continued * 2 >= len(seg.lines) - 1
    return text.rstrip()[-1:] in _SENTENCE_END and words >= 8


def header_line(line: str, mul: LanguageData, lang: LanguageData) -> Labelled | None:
    """Label one header line, or None for a title candidate."""
    mark = end_mark(line, mul)
    if mark:
        return Labelled(END_MARK, mark, (line,), 0, rule="header.end_mark")
    if _preface_note(line, mul, lang):
        return Labelled(METADATA, line, (line,), 0, {"label": "preface"}, rule="header.preface_note")
    emb = embargo_line(line, mul, lang)
    if emb is not None:
        return Labelled(
            EMBARGO, line, (line,), 0, {"date": emb if isinstance(emb, DateMatch) else None}, rule="header.embargo"
        )
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
            elif date is not None and word_count(rest.replace(date.text, " ")) <= 3:
                data["date"] = date
            elif word_count(rest) >= 3 and rest[:1] != "-":
                data["headline"] = rest
            else:
                return None
        return Labelled(RELEASE_TYPE, line, (line,), 0, data, rule="header.release_type")
    if is_instruction(line, mul, lang):
        dm = find_date(line, lang)  # "FOR IMMEDIATE RELEASE - JUNE 15, 2026": the instruction dates the release
        return Labelled(INSTRUCTION, line, (line,), 0, {"date": dm} if dm else {}, rule="header.instruction")
    meta = metadata_line(line, mul, lang) or bar_date_line(line, mul, lang)
    if meta is not None:
        return meta
    wire = wire_header(line, lang)
    if wire is not None:
        return Labelled(DATELINE, line, (line,), 0, {"dateline": wire, "header": True}, rule="header.wire_line")
    info = parse_dateline(line, lang)
    if info is not None and not info.rest and info.city:
        return Labelled(DATELINE, line, (line,), 0, {"dateline": info}, rule="header.dateline_only")
    place = place_date_line(line, lang) or place_wire_line(line, lang)
    if place is not None:
        return Labelled(DATELINE, line, (line,), 0, {"dateline": place}, rule="header.place_date")
    dm = date_line(line, lang)
    if dm is not None:
        return Labelled(DATE, line, (line,), 0, {"date": dm}, rule="header.date_line")
    dist = DISTRIBUTOR_LINE.match(line.strip())
    if dist and line.strip()[:1] in "-" and word_count(dist.group("d")) <= 4:
        info = DatelineInfo(line.strip(), None, dist.group("d").strip(), None, "")
        return Labelled(DATELINE, line, (line,), 0, {"dateline": info, "header": True}, rule="header.distributor_line")
    head = contact_heading(line, mul, lang)
    if head is not None:
        return Labelled(CONTACTS_HEADING, head[0], (line,), 0, {"rest": head[1]}, rule="header.contact_heading")
    return None


def classify_header(
    segments: Sequence[Segment], mul: LanguageData, lang: LanguageData, document: str
) -> list[Labelled]:
    """Label the lines of the header blocks (everything before the lead), then pick the titles:
    organization line, headline, subheadline; the rest of a title-like line is a paragraph."""
    out: list[Labelled] = []
    titles: list[Labelled] = []
    for seg in segments:
        items = list_items(seg)
        if items is not None and len(seg.lines) >= 2 and all(BULLET.match(line) for line in seg.lines):
            # highlights printed as bullets under the headline: a list, not titles
            data = {"items": items, "ordered": bool(ORDERED.match(seg.first))}
            out.append(Labelled(LIST, seg.text, seg.lines, seg.start, data, rule="header.bullets"))
            continue
        labels: list[Labelled | None] = []
        meta = metadata_lines(seg.lines, mul, lang)
        for offset, line in enumerate(seg.lines):
            lab = header_line(line, mul, lang)
            if lab is None and meta[offset] is not None:
                lab = meta[offset]  # "From:" / "Department for X" printed on two lines
            if lab is not None:
                lab.line = seg.start + offset
            labels.append(lab)
        _letterhead_lines(seg.lines, labels)
        in_contacts = any(lab is not None and lab.kind == CONTACTS_HEADING for lab in labels)
        cardish = any(
            contact_data(line, lang) and is_cardish([line], lang)  # "POL-NS: 240517-3. Infostand …" is a title
            for line, lab in zip(seg.lines, labels, strict=True)
            if lab is None
        )
        heading_at = next((i for i, lab in enumerate(labels) if lab is not None and lab.kind == CONTACTS_HEADING), 0)
        letterhead = {i for i in range(heading_at) if labels[i] is None and org_name_line(seg.lines[i])}
        pending: list[tuple[int, str]] = []

        def flush_title(pending: list[tuple[int, str]] = pending, start: int = seg.start) -> None:
            if len(pending) >= 2 and all(org_name_line(t) for _i, t in pending):
                # "Lakeshore State University" / "Office of University Communications": a
                # letterhead of names, one title per line, not one wrapped headline
                for i, t in pending:
                    titles.append(Labelled(HEADLINE, t, (t,), start + i, rule="header.letterhead"))
                    out.append(titles[-1])
                pending.clear()
            while len(pending) >= 2 and org_name_line(pending[0][1]) and _sentence_case(pending[1][1]):
                # "Saimaan yliopisto" / "Uusi tutkimus: järvien …": a name line over a sentence-case
                # title in one block is the organization, not the start of a wrapped headline
                i, t = pending.pop(0)
                titles.append(Labelled(HEADLINE, t, (t,), start + i, rule="header.name_over_title"))
                out.append(titles[-1])
            cut = _subheadline_break([t for _i, t in pending], mul, lang)
            if cut:
                lines = tuple(t for _i, t in pending[:cut])
                titles.append(Labelled(HEADLINE, " ".join(lines), lines, start + pending[0][0], rule="header.title"))
                out.append(titles[-1])
                del pending[:cut]
            if pending:
                lines = tuple(t for _i, t in pending)
                titles.append(Labelled(HEADLINE, " ".join(lines), lines, start + pending[0][0], rule="header.title"))
                out.append(titles[-1])
                pending.clear()

        contact_lines: list[tuple[int, str]] = []
        for offset, (line, lab) in enumerate(zip(seg.lines, labels, strict=True)):
            if lab is None and (in_contacts or cardish) and offset not in letterhead:
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
                    Labelled(
                        HEADLINE,
                        lab.data["headline"],
                        (lab.data["headline"],),
                        lab.line,
                        {"from_type": True},
                        rule="header.type_headline",
                    )
                )
                out.append(titles[-1])
        flush_title()
        if contact_lines:
            lines = tuple(t for _i, t in contact_lines)
            out.append(
                Labelled(CONTACTS, "\n".join(lines), lines, seg.start + contact_lines[0][0], rule="header.contact_card")
            )
    _assign_titles(out, titles, lang, document)
    return out


def _letterhead_lines(lines: Sequence[str], labels: list[Labelled | None]) -> None:
    """ "Universität Beispielstadt" / "Pressestelle": a contact-heading word that is also a
    department, closing a block of organization names with no contact after it, is the
    letterhead's department line, not a contact heading (the label is dropped in place)."""
    last = labels[-1] if labels else None
    if last is None or last.kind != CONTACTS_HEADING or last.data.get("rest") or len(lines) < 2:
        return
    if not org_name_line(lines[-1]):
        return
    if all(lab is None and org_name_line(line) for line, lab in zip(lines[:-1], labels[:-1], strict=True)):
        labels[-1] = None


def _sentence_case(text: str) -> bool:
    """A title written like a sentence: most words after the first start in lower case
    ("Gemeente Vallby opent nieuw zwembad in het centrum")."""
    words = [w for w in text.split()[1:] if w[:1].isalpha()]
    return len(words) >= 3 and sum(1 for w in words if w[:1].islower()) * 2 > len(words)


def _subheadline_break(lines: Sequence[str], mul: LanguageData, lang: LanguageData) -> int:
    """Where a sentence-case headline ends and a subheadline printed on the next line (no blank
    line between) starts, or 0. A wrapped headline goes on in lower case or after a function
    word ("… in het" / "centrum"); a new capitalized sentence after a complete sentence-case
    line is the subheadline. Title-case headlines are never split: every wrapped line there
    starts with a capital too."""
    function_words = lang.stopwords | mul.stopwords
    for k in range(1, len(lines)):
        head = " ".join(lines[:k])
        nxt = lines[k]
        last = lines[k - 1].split()[-1]
        if (
            _sentence_case(head)
            and nxt[:1].isupper()
            and len(nxt.split()) >= 3
            and last[-1:] not in ",;-–—&"
            and last.casefold() not in function_words
        ):
            return k
    return 0


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
    # "Saimaan yliopisto": a sentence-case name whose lower-case word is an org word
    lower_long = [] if org_name_line(text) else [w for w in words if w[:1].islower() and len(w) > 3]
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
        lab.rule = "header.type_from_title"
        lab.data = {}
        titles.append(lab)
        types = []
    if types and (not titles or (len(titles) == 1 and banners)):
        # "Statement from X on Y" with no other title line is the headline itself
        lab = types[0]
        lab.kind = HEADLINE
        lab.rule = "header.statement_type"
        lab.data = {}
        for banner in banners:
            banner.kind = ORGANIZATION
            banner.rule = "header.banner_org"
        if banners:
            return
        titles.append(lab)
    if not titles:
        return
    rest = list(titles)
    structured = any(lab.kind in (RELEASE_TYPE, DATE) for lab in out)
    # "Northfield College" / "Office of Communications" above the headline: two name lines
    # in a row and a title after them are a letterhead, whether or not the name recurs
    letterhead = len(rest) >= 3 and all(len(t.lines) == 1 and org_name_line(t.text) for t in rest[:2])
    if (
        len(rest) >= 2
        and not rest[0].data.get("from_type")
        and (letterhead or _looks_like_org(rest[0], rest[1], structured, document, lang))
    ):
        rest[0].kind = ORGANIZATION
        rest[0].rule = "header.org_above_headline"
        rest = rest[1:]
        while len(rest) >= 2 and org_name_line(rest[0].text) and len(rest[0].lines) == 1:
            # a department line under the organization ("Office of University Communications")
            # is letterhead, not the headline
            rest[0].kind = METADATA
            rest[0].rule = "header.department_line"
            rest = rest[1:]
    rest[0].kind = HEADLINE
    rest[0].rule = "header.headline"
    for extra in rest[1:2]:
        extra.kind = SUBHEADLINE
        extra.rule = "header.subheadline"
    for extra in rest[2:]:
        extra.kind = PARAGRAPH
        extra.rule = "header.extra_title"
        extra.data["header_extra"] = True


def _preface_note(text: str, mul: LanguageData, lang: LanguageData) -> bool:
    """A republication or media note ("Republished with permission from …") of a few lines."""
    return word_count(text) <= 40 and bool(lang.match("preface_notes", text) or mul.match("preface_notes", text))


def _dateline_only(seg: Segment, lang: LanguageData) -> bool:
    """A one-line block that is a place with a date or a wire tag and nothing else."""
    if len(seg.lines) != 1:
        return False
    info = parse_dateline(seg.first, lang)
    if info is not None and not info.rest.strip() and info.city:
        return True
    return place_date_line(seg.first, lang) is not None or place_wire_line(seg.first, lang) is not None


def _titled(segments: Sequence[Segment], lang: LanguageData) -> bool:
    """Some line of the blocks is a title candidate (no type, date or instruction line)."""
    mul = all_languages()
    return any(header_line(line, mul, lang) is None for seg in segments for line in seg.lines)


def find_lead(segments: Sequence[Segment], lang: LanguageData) -> int:
    """Index of the lead: the first prose block after a title; a block whose dateline opens
    it wins over a prose-like subheadline just above it, and a summary sentence followed by
    a metadata block is part of the header."""
    mul = all_languages()
    for i, seg in enumerate(segments):
        if i == 0 and len(segments) > 1:
            continue
        if _preface_note(seg.text, mul, lang):
            continue  # "Republished with permission from …" above the lead is not the lead
        if (
            i >= 2
            and word_count(seg.text) >= 5
            and _dateline_only(segments[i - 1], lang)
            and _titled(segments[: i - 1], lang)
        ):
            # "Headline" / "Hamburg (ots)" / "Zeit: 06.12.2019, …": under the headline, the block after a
            # dateline-only line opens the body whatever its shape
            return i
        if not is_running_text(seg, lang):
            continue
        if i + 2 < len(segments) and i <= 3 and is_metadata_block(segments[i + 1], mul, lang):
            return i + 2  # GOV.UK: headline / summary sentence / "From: …" "Published …" / lead
        info = parse_dateline(seg.text, lang)
        if info is None and len(seg.lines) == 1 and word_count(seg.text) < 40:
            for j in range(i + 1, min(i + 3, len(segments))):
                nxt = parse_dateline(segments[j].text, lang)
                between = segments[i:j]
                if (
                    nxt is not None
                    and word_count(nxt.rest) >= 5
                    and (nxt.city or nxt.date)
                    and all(not is_running_text(s, lang) or len(s.lines) == 1 for s in between)
                ):
                    return j
        return i
    return min(1, len(segments))
