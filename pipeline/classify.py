"""Stage 4: segments → labelled blocks (headline, type/date line, lead, quote, contacts …).

A release has two regions with different grammars:

* the **header**, everything before the lead, classified line by line (`header.py`, with
  the cue predicates of `cues.py` and the dateline parser of `dateline.py`);
* the **body and tail**, from the lead on, classified here block by block by an ordered
  list of rules (end mark, contact heading, boilerplate heading, source line, list, quote,
  subheading, paragraph: the last always matches), with a small state (body →
  contacts/boilerplate → after the end mark) because the same short line means a
  subheading in the body and a card line after "Media Contact".

`classify` runs both and is the only entry point the reader uses. Cue words come from the
language data; the merged data of all languages is used for headings because wire cards
print "Contact Details" under a Spanish release.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .contacts import find_emails, looks_like_name, names_organization
from .cues import BULLET, ORDERED, boilerplate_heading, contact_data, contact_heading, end_mark, is_cardish, list_items
from .dateline import parse_dateline
from .glue import split_glued, split_space_runs
from .header import classify_header, find_lead
from .labels import (
    ATTRIBUTION,
    BOILERPLATE,
    BOILERPLATE_HEADING,
    CONTACTS,
    CONTACTS_HEADING,
    END_MARK,
    HEADLINE,
    LIST,
    METADATA,
    PARAGRAPH,
    QUOTE,
    RULE,
    SOURCE,
    SUBHEADING,
    WEBSITE,
    Labelled,
    word_count,
)
from .language import LanguageData, all_languages
from .quotes import (
    QuoteInfo,
    attribution_before,
    closing_block,
    find_quote,
    is_speech_dash,
    opens_unclosed,
    parse_attribution_line,
    person_in,
    person_titled,
)
from .segment import Segment
from .urls import find_urls

_SOURCE = re.compile(r"^SOURCE:?\s+(?P<org>\S.{1,120})$")
_SIGN_OFF = re.compile(r"[A-ZÀ-Þ][a-zà-ÿ]{0,2}\.|/[a-zA-Z]{1,4}|\([a-z]{1,4}\)|[A-Z]{1,3}/[A-Za-z]{1,3}")
"""The editor's initials closing a police or agency release: "Ka.", "/js", "(mk)", "JS/ab"."""
_SENTENCE_SPLIT = re.compile(r"(?<=[a-zà-ÿ]{2}[.!?])\s+(?=[A-ZÀ-Þ])")


def _intro_and_list(seg: Segment) -> tuple[Segment, Segment] | None:
    """ "Among the findings:" followed by bullets in one block: the intro and the list."""
    if len(seg.lines) < 3 or BULLET.match(seg.first):
        return None
    for i in range(1, len(seg.lines)):
        if BULLET.match(seg.lines[i]):
            rest = seg.lines[i:]
            if sum(1 for x in rest if BULLET.match(x)) >= 2 and seg.lines[i - 1].rstrip().endswith(":"):
                return Segment(seg.lines[:i], seg.start), Segment(rest, seg.start + i)
            return None
    return None


def _heading_and_rest(seg: Segment, lang: LanguageData, mul: LanguageData) -> tuple[Segment, Segment] | None:
    """ "Conference Call" / "Brightline will host a call today …" in one block: a short heading
    line printed right above its paragraph or bullets (no blank line between them)."""
    if len(seg.lines) < 2:
        return None
    head, rest = Segment(seg.lines[:1], seg.start), Segment(seg.lines[1:], seg.start + 1)
    if not is_subheading(head, lang, mul) or word_count(head.text) > 8 or is_speech_dash(head.text):
        return None
    if list_items(rest) is not None and len(rest.lines) >= 2:
        return head, rest
    body = rest.text
    wrapped = len(seg.first) < 0.6 * max(len(line) for line in rest.lines)
    if wrapped and rest.first[:1].isupper() and word_count(body) >= 8 and body.rstrip()[-1:] in '.!?…"”»':
        return head, rest
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
    words = word_count(text)
    if words == 0 or words > 14 or len(text) > 120 or BULLET.match(text):
        return False
    if find_urls(text) or find_emails(text):
        return False
    if text[:1].islower() or re.search(r"[a-zà-ÿ]{2}[.!?]\s+[A-ZÀ-Þ]", text):
        return False  # a wrapped line of a paragraph ("divided into numerous …", "… obligations. The …")
    tail = re.findall(r"\w+", text)[-1:]
    if (
        words >= 6
        and tail
        and tail[0].islower()
        and tail[0] in (lang.stopwords | mul.stopwords)
        and text[-1:].isalpha()
    ):
        return False  # "… wherein an asset is": a line cut in the middle of a sentence
    last = text[-1:]
    upper = text.upper() == text and any(c.isalpha() for c in text)
    question = last == "?" and title_case(text)  # "Why Does Your Diet Matter for Heart Health?"
    if last in ",;:" or (last in ".!?…" and not upper and not question) or last in '"”»':
        return False
    return not _link_line(text, lang, mul) or (title_case(text) and _only_link(text, lang, mul))


def title_case(text: str) -> bool:
    """Most words of four letters or more start with a capital, and the first word does: a
    heading written in Title Case ("Progress Matters More Than Perfection", "Learn More")."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text)]
    long = [w for w in words if len(w) >= 4]
    if not words or not words[0][:1].isupper() or not long:
        return False
    return sum(1 for w in long if w[:1].isupper()) * 4 >= len(long) * 3


def _only_link(text: str, lang: LanguageData, mul: LanguageData) -> bool:
    """The line is the link phrase itself ("Learn More"), not a sentence ending in one."""
    links = {w.casefold() for w in (*getattr(lang, "link_words", ()), *getattr(mul, "link_words", ()))}
    words = text.split()
    if len(words) < 2 or not all(w.isalpha() for w in words):
        return False  # "Read More>>", "Website": web-page link leftovers
    return " ".join(words).casefold() in links


@dataclass
class _State:
    mode: str = "body"  # body | contacts | boilerplate | after_end
    known: list[str] = field(default_factory=list)
    last_quote: Labelled | None = None
    last_text: str = ""
    """Text of the previous body block: "Jane Doe, CEO, said:" introduces the next block's quote."""
    last_label: Labelled | None = None
    """The previous body block's label, relabelled as an attribution when it only introduces a quote."""
    statement: list[Labelled] = field(default_factory=list)
    """Quote blocks of a statement still open (an opening mark no mark has closed yet)."""
    previous: Labelled | None = None
    """The last label of the previous block (a name line above a bare e-mail line is the card's name)."""
    next_first: str = ""
    """First line of the next block: a numbered line followed by prose is a heading, not a list."""
    recent: list[str] = field(default_factory=list)
    """Texts of the last few body paragraphs, newest last: "says she" points back at the person
    the nearest of them names, which need not be the block right before."""


def classify(segments: Sequence[Segment], language: LanguageData) -> list[Labelled]:
    """Label every segment (or header line) of a release, in order. Total: never raises on
    any list of segments; unknown blocks are paragraphs."""
    if not segments:
        return []
    mul = all_languages()
    segments = [piece for seg in segments for piece in split_space_runs(seg)]
    lead_index = find_lead(segments, language)
    document = "\n".join(s.text for s in segments)
    out = classify_header(segments[:lead_index], mul, language, document)
    state = _State()
    first_body = True
    body = [piece for seg in segments[lead_index:] for piece in split_glued(seg, language, mul)]
    for k, seg in enumerate(body):
        state.next_first = body[k + 1].first if k + 1 < len(body) else ""
        if not any(ch.isalnum() for ch in seg.text) and not end_mark(seg.text, mul):
            out.append(
                Labelled(RULE, seg.text, seg.lines, seg.start, rule="body.layout_rule")
            )  # "-----": layout, not text
            continue
        seg = _strip_rules(seg, mul)
        labs = _classify_body(seg, state, language, mul, document, first_body)
        if labs and labs[-1].kind not in (PARAGRAPH, QUOTE):
            state.last_text = ""
            state.last_label = None
        state.previous = labs[-1] if labs else None
        for lab in labs:
            if first_body and lab.kind in (PARAGRAPH, QUOTE):
                lab.data["lead"] = True
                first_body = False
        out.extend(labs)
    _tail_boilerplate(out, language)
    _closing_about(out, language)
    return out


def _strip_rules(seg: Segment, mul: LanguageData) -> Segment:
    """The block without the separator lines ("-----", "=====") above or below its text, so
    "-----" / "Noot voor de redactie:" / … is read from its heading."""
    lines = list(seg.lines)
    start = seg.start
    while len(lines) > 1 and not any(ch.isalnum() for ch in lines[0]) and not end_mark(lines[0], mul):
        lines.pop(0)
        start += 1
    while len(lines) > 1 and not any(ch.isalnum() for ch in lines[-1]) and not end_mark(lines[-1], mul):
        lines.pop()
    return seg if len(lines) == len(seg.lines) else Segment(tuple(lines), start)


def _classify_body(
    seg: Segment, state: _State, lang: LanguageData, mul: LanguageData, document: str, first: bool
) -> list[Labelled]:
    text = seg.text
    here = seg.start
    if len(seg.lines) == 1:
        mark = end_mark(seg.first, mul)
        if mark:
            state.mode = "after_end"
            return [Labelled(END_MARK, mark, seg.lines, here, rule="body.end_mark")]
    if len(seg.lines) == 1 and not first and _SIGN_OFF.fullmatch(seg.first):
        return [Labelled(METADATA, seg.first, seg.lines, here, rule="body.sign_off")]
    if not first and _footer_line(seg, lang, mul):
        return [Labelled(METADATA, text, seg.lines, here, rule="body.footer_line")]
    if not first and state.mode == "body" and len(seg.lines) <= 3 and all(_url_line(line) for line in seg.lines):
        return [Labelled(WEBSITE, text, seg.lines, here, rule="body.url_line")]
    src = _SOURCE.match(seg.first) if len(seg.lines) == 1 else None
    if (src and state.mode != "body") or (src and word_count(seg.first) <= 8):
        return [
            Labelled(
                SOURCE, seg.first, seg.lines, here, {"organization": src.group("org").strip()}, rule="body.source_line"
            )
        ]
    if not first and state.mode == "body" and _bare_contact_line(seg, lang):
        # "Jay Wheeler" / "team@blastoff.example": a wire card printed one field per paragraph, with no heading
        state.mode = "contacts"
        out = []
        if state.previous is not None and _name_block(state.previous, lang):
            state.previous.kind = CONTACTS
            state.previous.rule = "tail.card_name"
        out.append(Labelled(CONTACTS, text, seg.lines, here, rule="tail.bare_contact_line"))
        return out
    sentence = _contact_sentence(seg, lang, mul) if not first else None
    if sentence is not None:
        # "For more information, contact Jane Doe at jane@acme.com or 555-123-4567.": a contact line
        state.mode = "contacts"
        heading, rest = sentence
        return [
            Labelled(CONTACTS_HEADING, heading, (seg.first,), here, rule="body.contact_sentence"),
            Labelled(CONTACTS, rest, (rest,), here, rule="body.contact_sentence"),
        ]
    head = contact_heading(seg.first, mul, lang)
    if head is not None and (state.mode != "body" or len(seg.lines) > 1 or head[1] or word_count(seg.first) <= 5):
        state.mode = "contacts"
        out = [Labelled(CONTACTS_HEADING, head[0], (seg.first,), here, rule="body.contact_heading")]
        lines = ([head[1]] if head[1] else []) + list(seg.lines[1:])
        out.extend(_contact_blocks(lines, here + 1, lang))
        return out
    if state.mode == "contacts" and _website_block(seg):
        # "Company Website" / "https://www.promperu.gob.pe" under the card: the card's web address
        return [Labelled(WEBSITE, text, seg.lines, here, rule="contacts.website_block")]
    if not first or state.mode != "body":
        bp = boilerplate_heading(seg.first, mul, lang)
        if bp is not None and (len(seg.lines) == 1 or bp[2] or word_count(seg.first) <= 10):
            heading, org, inline = bp
            state.mode = "boilerplate"
            out = [
                Labelled(
                    BOILERPLATE_HEADING,
                    heading,
                    (seg.first,),
                    here,
                    {"organization": org},
                    rule="body.boilerplate_heading",
                )
            ]
            body_lines = ([inline] if inline else []) + list(seg.lines[1:])
            if body_lines:
                out.extend(_boilerplate_lines(body_lines, here, lang))
            return out
    if state.mode != "body":
        inline = _inline_contact(seg.first, mul, lang)
        if inline is not None and contact_data(text, lang):
            state.mode = "contacts"
            return _contact_blocks([inline, *seg.lines[1:]], here, lang)
        if contact_data(text, lang) and is_cardish(seg.lines, lang):
            state.mode = "contacts"
            return _contact_blocks(list(seg.lines), here, lang)
        if state.mode == "contacts" and is_cardish(seg.lines, lang) and not find_urls(text):
            return _contact_blocks(list(seg.lines), here, lang)
        if state.mode == "contacts" and all(find_urls(line) and word_count(line) <= 4 for line in seg.lines):
            return [Labelled(WEBSITE, text, seg.lines, here, rule="tail.website")]
        state.mode = "boilerplate"
        if is_subheading(seg, lang, mul) and word_count(text) <= 8:
            return [
                Labelled(BOILERPLATE_HEADING, text, seg.lines, here, {"organization": None}, rule="tail.short_heading")
            ]
        about = Labelled(
            BOILERPLATE, "\n".join(seg.lines) if list_items(seg) else text, seg.lines, here, rule="tail.boilerplate"
        )
        request = _contact_request(text, lang)
        if request is not None:
            about.data["contact_lines"] = [request]  # "Media please note: … please contact Robin Carr at …"
        return [about]
    if not first and contact_data(text, lang) and is_cardish(seg.lines, lang) and len(seg.lines) > 1:
        state.mode = "contacts"
        return _contact_blocks(list(seg.lines), here, lang)
    split = _intro_and_list(seg) or (None if first else _heading_and_rest(seg, lang, mul))
    if split is not None:
        return [_body_block(part, state, lang, mul, document, first and k == 0) for k, part in enumerate(split)]
    return [_body_block(seg, state, lang, mul, document, first)]


def _footer_line(seg: Segment, lang: LanguageData, mul: LanguageData) -> bool:
    """ "Hashtag: #TaiwanSprings", "The issuer is solely responsible for the content of this
    announcement.", "Original-Content von: Polizei Hamburg, übermittelt durch news aktuell": one
    short line of the wire's or page's own footer."""
    if len(seg.lines) > 2 or word_count(seg.text) > 25:
        return False
    return bool(lang.match("footer_lines", seg.first) or mul.match("footer_lines", seg.first))


@functools.lru_cache(maxsize=32)
def _heading_starts(lang: LanguageData, mul: LanguageData) -> tuple[str, ...]:
    """Contact headings of five letters or more, case-folded, for a cheap prefix test."""
    return tuple({p.casefold() for p in (*lang.contact_headings, *mul.contact_headings) if len(p) >= 5})


def _starts_with_any(line: str, lang: LanguageData, mul: LanguageData) -> bool:
    return line.casefold().startswith(_heading_starts(lang, mul))


def _inline_contact(line: str, mul: LanguageData, lang: LanguageData) -> str | None:
    """The contact after a heading run into the text: "Media Inquiries / Interview Requests
    Contact Melissa Sánchez, …" → "Melissa Sánchez, …" (tail blocks only)."""
    if not _starts_with_any(line, lang, mul):
        return None
    phrases = {p for p in (*lang.contact_headings, *mul.contact_headings) if len(p) >= 5}
    end = 0
    for phrase in phrases:
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in phrase.split()) + r"(?!\w)"
        for m in re.finditer(pattern, line[:80], re.IGNORECASE):
            end = max(end, m.end())
    rest = line[end:].lstrip(" :：–—-/").strip()
    return rest or None


def _contact_blocks(lines: list[str], line: int, lang: LanguageData) -> list[Labelled]:
    """Contact lines; URL-only lines are split off as a website block so no URL is lost."""
    card = [ln for ln in lines if not _website_line(ln)]
    web = [ln for ln in lines if ln not in card]
    out = []
    if card:
        out.append(Labelled(CONTACTS, "\n".join(card), tuple(card), line, rule="contacts.card"))
    if web:
        out.append(Labelled(WEBSITE, " ".join(web), tuple(web), line, rule="contacts.website_line"))
    return out


def _website_line(line: str) -> bool:
    """A URL alone or after a short label ("Website: https://www.example.at", "Web www.x.se")."""
    urls = find_urls(line)
    if not urls or find_emails(line):
        return False
    rest = line
    for url in urls:
        rest = rest.replace(url, " ")
    return word_count(rest) <= 2


def _website_block(seg: Segment) -> bool:
    """URL lines, possibly under a short label line ("Company Website" / "https://…")."""
    lines = list(seg.lines)
    if len(lines) >= 2 and not find_urls(lines[0]) and word_count(lines[0]) <= 3 and lines[0][-1:] not in ".!?":
        lines = lines[1:]
    return len(lines) <= 3 and all(_url_line(line) for line in lines)


def _url_line(line: str) -> bool:
    """A URL alone or after a label ("https://www.x.gov.tw/", "Website: https://x.com",
    "Company Websitehttps://x.com"), not a sentence with a link ("Purchase at https://x.com.")."""
    if not _website_line(line):
        return False
    rest = line
    for url in find_urls(line):
        rest = rest.replace(url, " ")
    rest = rest.strip(" .,;")
    return not rest or rest.endswith((":", "：")) or all(w[:1].isupper() for w in rest.split())


def _boilerplate_lines(lines: list[str], line: int, lang: LanguageData) -> list[Labelled]:
    return [Labelled(BOILERPLATE, " ".join(lines), tuple(lines), line, rule="body.boilerplate_text")]


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
    items = list_items(seg)
    if items is not None and is_speech_dash(seg.first) and _dash_speech(seg, state, lang, document):
        items = None
    if items is not None and len(items) == 1 and is_speech_dash(seg.first) and _sentence_item(items[0]):
        items = None  # one "– " block of running text is a paragraph (or speech), not a one-item list
    if items is None and _plain_list(seg, state.last_text, lang):
        state.last_quote = None
        return Labelled(
            LIST, text, seg.lines, here, {"items": list(seg.lines), "ordered": False}, rule="body.plain_list"
        )
    if items is not None and _numbered_heading(seg, items, state.next_first):
        state.last_quote = None
        return Labelled(SUBHEADING, seg.first, seg.lines, here, rule="body.numbered_heading")
    if items is not None:
        state.last_quote = None
        return Labelled(
            LIST, text, seg.lines, here, {"items": items, "ordered": bool(ORDERED.match(seg.first))}, rule="body.list"
        )
    if state.last_quote is not None and not state.last_quote.data["quote"].speaker and len(seg.lines) == 1:
        att = parse_attribution_line(seg.first, lang)
        if att is None and "," in seg.first and seg.first.rstrip()[-1:] not in ".!?:;":
            # "Dr. Jane Roe, Chairman and CEO of Acme" under the quote, printed without the dash
            att = parse_attribution_line(f"– {seg.first}", lang)
        if att is not None:
            q: QuoteInfo = state.last_quote.data["quote"]
            state.last_quote.data["quote"] = QuoteInfo(q.quote, att.speaker, att.role, q.dash)
            state.last_quote.data["attribution"] = seg.first
            state.known.append(att.speaker or "")
            return Labelled(ATTRIBUTION, seg.first, seg.lines, here, rule="body.attribution_line")
    if is_subheading(seg, lang, mul) and not is_speech_dash(seg.first):
        state.last_quote = None
        return Labelled(SUBHEADING, seg.first, seg.lines, here, rule="body.subheading")
    return _paragraph_or_quote(text, seg, state, lang, document)


def _plain_list(seg: Segment, before: str, lang: LanguageData) -> bool:
    """An unbulleted list, one short item per line ("Marc Andreessen" / "Sergey Brin" / …, or
    items under "The following individuals have been appointed:"): three lines or more, each
    a few capitalized words with no sentence end, no card data; under a colon intro, or names."""
    if len(seg.lines) < 3 or contact_data(seg.text, lang) or find_urls(seg.text):
        return False
    for line in seg.lines:
        words = line.split()
        if not 1 <= len(words) <= 6 or not line[:1].isupper() or line.rstrip()[-1:] in ".,;:!?":
            return False
    if before.rstrip().endswith(":"):
        return True
    return all(2 <= len(line.split()) <= 4 and all(w[:1].isupper() for w in line.split()) for line in seg.lines)


def _numbered_heading(seg: Segment, items: list[str], next_first: str) -> bool:
    """ "1. Maintain a Healthy Balance Between Food and Activity" alone on its line, with a
    paragraph (not the next item) after it: a numbered section heading, not a one-item list."""
    if len(seg.lines) != 1 or len(items) != 1 or not ORDERED.match(seg.first):
        return False
    item = items[0]
    if not item or word_count(item) > 12 or item.rstrip()[-1:] in ".,;:!…" or not title_case(item):
        return False
    return bool(next_first) and not BULLET.match(next_first)


def _sentence_item(item: str) -> bool:
    """Running text: a dozen words or more ending like a sentence."""
    return word_count(item) >= 12 and item.rstrip()[-1:] in ".!?…"


def _dash_speech(seg: Segment, state: _State, lang: LanguageData, document: str) -> bool:
    """A dash-led block is speech (not a one-item list) when it names its speaker or
    continues a dash quote; bullets on every line of a longer block make it a list."""
    if len(seg.lines) > 1 and all(BULLET.match(x) for x in seg.lines[1:]):
        return False
    info = find_quote(seg.text, lang, known=state.known, document=document)
    if info is None or not info.dash:
        return False
    if info.speaker or info.role:
        return True
    if info.pronoun and state.last_quote is None and _recent_person(state, lang):
        return True  # "– …, säger hon." after a paragraph that names her
    prev = state.last_quote.data["quote"] if state.last_quote is not None else None
    return prev is not None and prev.dash and lang.speech_dash


def _paragraph_or_quote(text: str, seg: Segment, state: _State, lang: LanguageData, document: str) -> Labelled:
    statement, state.statement = state.statement, []
    if statement:
        closing = closing_block(text, lang)
        if closing is not None:
            return _close_statement(closing, statement, seg, state, lang, document)
    info = find_quote(text, lang, known=state.known, document=document)
    prev = state.last_quote.data["quote"] if state.last_quote is not None else None
    if info is not None and info.pronoun and not info.speaker and prev is None:
        # "Borgmester Jens Holm glæder sig …" / "»…«, siger han" (or "– …, säger hon"): the
        # pronoun is the person the previous paragraph names
        person = _recent_person(state, lang)
        if person:
            info = QuoteInfo(info.quote, person, None, info.dash, info.pronoun)
    if info is not None and info.dash and not info.speaker and (prev is None or not prev.dash or not lang.speech_dash):
        info = None  # a dash block without attribution is speech only after another dash quote
    if info is not None and prev is None and _slogan(info, text, state.last_text):
        info = None
    introducer, state.last_text = state.last_text, text
    state.recent = [*state.recent[-2:], text]
    intro_label, state.last_label = state.last_label, None
    if info is None:
        state.last_quote = None
        state.last_label = Labelled(PARAGRAPH, text, seg.lines, seg.start, rule="body.paragraph")
        request = _contact_request(text, lang)
        if request is not None:
            state.last_label.data["contact_lines"] = [request]  # read with the contacts, still a paragraph
        return state.last_label
    introduction: str | None = None
    if not info.speaker and not info.role and introducer.rstrip().endswith(":"):
        att = attribution_before(introducer, lang)
        if att is not None and att.speaker and not att.surname_only:
            info = QuoteInfo(info.quote, att.speaker, att.role, info.dash)
            if intro_label is not None and _only_attribution(introducer, lang) and not intro_label.data.get("lead"):
                # "Helen Doe, Area Director at X, said:" on its own line belongs to the quote below
                intro_label.kind = ATTRIBUTION
                intro_label.rule = "body.quote_introduction"
                introduction = intro_label.text
    if prev is not None and (info.pronoun or (not info.speaker and not info.role)):
        info = QuoteInfo(info.quote, prev.speaker, None, info.dash)
    if info.speaker:
        state.known.append(info.speaker)
    lab = Labelled(QUOTE, text, seg.lines, seg.start, {"quote": info}, rule="body.quote")
    if introduction:
        lab.data["introduction"] = introduction
    state.last_quote = lab
    if not info.dash and opens_unclosed(text):
        state.statement = [*statement, lab] if statement and not info.speaker else [lab]
    return lab


def _close_statement(
    closing: QuoteInfo, statement: list[Labelled], seg: Segment, state: _State, lang: LanguageData, document: str
) -> Labelled:
    """The block closing a statement printed over several paragraphs ("“The unchecked …" /
    "The Constitution …,” said the Congresswoman."): a quote of the speaker its attribution
    names (a title alone is resolved to the person the release gives that title, a pronoun to
    the previous speaker); the opening blocks that named nobody get the same speaker."""
    first: QuoteInfo = statement[0].data["quote"]
    speaker = closing.speaker
    if not speaker and closing.role:
        speaker = person_titled(closing.role, document, lang)
    if not speaker:
        speaker = first.speaker or (state.known[-1] if closing.pronoun and state.known else None)
    info = QuoteInfo(closing.quote, speaker, closing.role if closing.speaker or speaker else None)
    if speaker:
        state.known.append(speaker)
        for lab in statement:
            q: QuoteInfo = lab.data["quote"]
            if not q.speaker:
                lab.data["quote"] = QuoteInfo(q.quote, speaker, None, q.dash, q.pronoun)
    state.last_text = seg.text
    state.recent = [*state.recent[-2:], seg.text]
    state.last_label = None
    lab = Labelled(QUOTE, seg.text, seg.lines, seg.start, {"quote": info}, rule="body.statement_close")
    state.last_quote = lab
    return lab


def _contact_request(text: str, lang: LanguageData) -> str | None:
    """ "Media please note: … please contact Robin Carr at (415) 971-3991 or robin@x.com.": the
    words after a contact request that open with a personal name and give a phone or an e-mail
    are a contact; "please email our office at …" names nobody and is a call to action."""
    if not contact_data(text, lang):
        return None
    for phrase in lang.contact_requests:
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, phrase.split())) + r"(?!\w)"
        for m in re.finditer(pattern, text, re.IGNORECASE):
            rest = text[m.end() :].lstrip(" :")
            end = re.search(r"[.!?](?=\s+[A-ZÀ-Þ]|\s*$)", rest)
            rest = rest[: end.start() if end else 240].strip()
            person = person_in(" ".join(rest.split()[:4]), lang)
            if person and rest.startswith(person) and _data_soon(rest[len(person) :], lang):
                return rest
    return None


def _bare_contact_line(seg: Segment, lang: LanguageData) -> bool:
    """A one-line block that is an e-mail address or a phone number and at most a label
    ("team@blastoff.example", "Email: press@acme.example", "Tel. +46 8 123 45 67")."""
    if len(seg.lines) != 1 or not contact_data(seg.first, lang):
        return False
    rest = seg.first
    for found in (*find_emails(rest), *find_urls(rest)):
        rest = rest.replace(found, " ")
    rest = re.sub(r"[+(]?\d[\d ()./-]{5,}\d", " ", rest)
    return word_count(rest) <= 2


def _name_block(lab: Labelled, lang: LanguageData) -> bool:
    """The block before a bare contact line is the card's name: a short name-like line."""
    words = lab.text.split()
    if lab.kind not in (PARAGRAPH, SUBHEADING) or lab.data.get("lead") or len(lab.lines) != 1:
        return False
    return 2 <= len(words) <= 4 and looks_like_name(" ".join(w[:1].upper() + w[1:] for w in words))


def _contact_sentence(seg: Segment, lang: LanguageData, mul: LanguageData) -> tuple[str, str] | None:
    """(heading, contact) for a one-line block that opens with a contact heading phrase and hands
    over to a named person with a phone or an e-mail ("For more information, contact Jane Doe at …")."""
    if len(seg.lines) != 1 or word_count(seg.first) > 40:
        return None
    found = [f for f in (lang.match("contact_headings", seg.first), mul.match("contact_headings", seg.first)) if f]
    if not found:
        return None
    rest = _contact_request(seg.first, lang)
    return (max(found, key=len).rstrip(" ,:"), rest) if rest is not None else None


def _data_soon(text: str, lang: LanguageData) -> bool:
    """A phone or an e-mail within the next few words ("at (415) 971-3991 or robin@x.com"), not
    after an address ("Clear Street, Attn: …, 150 Greenwich Street, …, by email at …")."""
    words = text.split()
    return any(contact_data(" ".join(words[k : k + 4]), lang) for k in range(min(len(words), 5)))


def _slogan(info: QuoteInfo, text: str, before: str) -> bool:
    """ "Es gilt: „Lieber einmal zu viel als einmal zu wenig!“": a short quoted sentence that
    nobody says (no speaker, role or pronoun, no quote just before, no introduction ending in a
    colon) and that is a small part of its paragraph is a motto or a slogan, not speech."""
    if info.dash or info.speaker or info.role or info.pronoun or before.rstrip().endswith(":"):
        return False
    quoted = word_count(info.quote or "")
    inside = text.lstrip()[:1] not in "\"“”„«»'‘"  # the quote stands inside a sentence, not at its head
    return 0 < quoted <= 12 and (inside or quoted * 5 < word_count(text) * 2)


def _recent_person(state: _State, lang: LanguageData) -> str | None:
    """The person the nearest of the last paragraphs names, or None."""
    for text in reversed(state.recent):
        person = person_in(text, lang)
        if person:
            return person
    return None


def _only_attribution(text: str, lang: LanguageData) -> bool:
    """True when a block is one short sentence that ends in a speech verb and a colon
    ("Jane Doe, Director of X, said:"), not prose that happens to end in a colon."""
    body = text.strip()
    if not body.endswith(":") or word_count(body) > 30 or len(_SENTENCE_SPLIT.findall(body.rstrip(":"))) > 0:
        return False
    tail = " ".join(body.rstrip(":").split()[-3:])
    return any(re.search(r"(?<!\w)" + re.escape(verb) + r"$", tail, re.IGNORECASE) for verb in lang.speech_verbs)


_TAIL_KINDS = (CONTACTS, CONTACTS_HEADING, WEBSITE, METADATA, END_MARK, RULE, SOURCE)


def _closing_about(out: list[Labelled], lang: LanguageData) -> None:
    """ "Iute Group is a fintech company established in 2008 …" as the last paragraph, with no
    About section in the release: the unheaded About paragraph. Its subject must be an
    organization (an organization word or legal form, a name in capitals, or the name the
    lead or headline gives), never a person ("Mark Gordon is the partner …" is a bio)."""
    if any(lab.kind in (BOILERPLATE, BOILERPLATE_HEADING) for lab in out):
        return
    j = len(out) - 1
    while j >= 0 and out[j].kind in _TAIL_KINDS:
        j -= 1
    if j < 0 or out[j].kind != PARAGRAPH or out[j].data.get("lead"):
        return
    text = out[j].text
    for copula in lang.about_copulas:
        m = re.match(
            r"^(?P<name>[A-ZÀ-Þ0-9][^.!?:;]{0,80}?)\s+" + r"\s+".join(map(re.escape, copula.split())) + r"\s", text
        )
        if m is None:
            continue
        name = re.sub(r"\s*\([^)]*\)", "", m.group("name")).strip(" ,")
        words = name.split()
        if words and words[0].casefold() in {a.casefold() for a in lang.articles}:
            words = words[1:]
            name = " ".join(words)
        if any(w.casefold() in lang.stopwords for w in words[:1]) and len(words) == 1:
            return  # "Detta är en förstärkning …", "This is a …": a pronoun, no name
        if not 1 <= len(words) <= 8 or not all(w[:1].isupper() or w[:1].isdigit() or len(w) <= 3 for w in words):
            return
        told = [lab.text for lab in out if lab.kind == HEADLINE or lab.data.get("lead")]
        said = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
        organization = names_organization(name) or name.isupper() or any(said.search(t) for t in told)
        if organization and not (looks_like_name(name) and not names_organization(name)):
            out[j].kind = BOILERPLATE
            out[j].rule = "tail.closing_about"
        return


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
            lead = next((x.text for x in out if x.data.get("lead")), "")
            if (
                j >= 0
                and out[j].kind == PARAGRAPH
                and not out[j].data.get("lead")
                and (_name_sentence(out[j].text) or _issuer_paragraph(out[j].text, lead, lang))
            ):
                out[j].kind = BOILERPLATE
                out[j].rule = "tail.unheaded_about"
            return


def _opening_name(text: str, lang: LanguageData) -> str:
    """The capitalized name a paragraph opens with, article dropped ("The National Contract
    Management Association (NCMA), …" → "national contract management association")."""
    words = text.split()
    if words and words[0].casefold() in {a.casefold() for a in lang.articles}:
        words = words[1:]
    run: list[str] = []
    for w in words[:10]:
        core = w.strip(",;:()")
        if not core or not (core[0].isupper() or (run and core.islower() and len(core) <= 3)):
            break
        run.append(core)
        if w[-1:] in ",;:)" or w[:1] == "(":
            break
    while run and not run[-1][:1].isupper():
        run.pop()
    return " ".join(run).casefold() if len(run) >= 2 else ""


def _issuer_paragraph(text: str, lead: str, lang: LanguageData) -> bool:
    """ "The National Contract Management Association (NCMA) – www.ncmahq.org – has grown as …"
    right before the contacts: a paragraph that opens with the name the lead opens with and
    gives the issuer's web address is the unheaded About paragraph."""
    name = _opening_name(text, lang)
    return bool(name) and name == _opening_name(lead, lang) and bool(find_urls(text))


def _name_sentence(text: str) -> bool:
    m = re.match(r"^(?P<s>[^.!?]{3,160}?)(?:\s*\([^)]{1,30}\))?\.\s", text)
    if not m:
        return False
    words = m.group("s").split()
    if len(words) < 2 or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or (w.isalpha() and w.islower() and len(w) <= 4) for w in words)
