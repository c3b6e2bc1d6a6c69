"""Split body blocks that copy-paste glued together: "… since 2000.About Masterflex SE:The Group …
IR contact:Susan Hoffmeister …" in one paragraph.

Text pasted from a web page loses the line breaks between the last paragraph, the About section
and the contact card. The blank line is the classifier's only structural signal, so before it
labels the body this pass cuts a block where, right after a sentence end (or a colon), an
"About X:" heading or a contact heading with a colon begins — the same cue words the classifier
reads from the language data — and restores the space after the heading's colon. A block with no
such cue is returned unchanged, so tidy releases are untouched.
"""

from __future__ import annotations

import functools
import re

from .cues import boilerplate_heading, contact_heading
from .labels import word_count
from .language import LanguageData
from .segment import Segment

_BOUNDARY = re.compile(r"(?<=[.!?:)”\"])\s{0,2}(?=[A-ZÀ-Þ])")
"""A sentence end (or a colon) and a capital, with at most a couple of spaces between (often none)."""

_MAX_CUTS = 4

_RUN = re.compile(r"(?:(?<=[.!?…:”\"’)])( {2,})|(?<=\S)( {3,}))(?=[\"“‘(\w])")
"""A run of two or more spaces after a sentence end (three after anything else, such as a URL):
where web copy joined two paragraphs."""
_SINGLE = re.compile(r"(?<=[a-zà-ÿ)][.!?]) (?=[A-ZÀ-Þ])")
"""A sentence end followed by one space and a capital: the text's own sentence spacing."""


def split_space_runs(seg: Segment) -> list[Segment]:
    """ "… in France.   Launched on September 30, …": paragraphs that a web page joined with runs
    of spaces, split back. A typist who puts two spaces after every sentence is left alone: the
    runs must stand apart from the text's one-space sentence ends."""
    if len(seg.lines) != 1 or "  " not in seg.first:
        return [seg]
    text = seg.first
    runs = list(_RUN.finditer(text))
    if not runs or not _SINGLE.search(text):
        return [seg]
    pieces, start = [], 0
    for m in runs:
        pieces.append(text[start : m.start()].strip())
        start = m.end()
    pieces.append(text[start:].strip())
    return [Segment((p,), seg.start) for p in pieces if p]


def split_glued(seg: Segment, lang: LanguageData, mul: LanguageData) -> list[Segment]:
    """The block cut before each glued About or contact heading (see module docstring)."""
    seg = unglue_headings(seg, lang, mul)
    if len(seg.lines) != 1 or len(seg.first) < 60:
        return [seg]
    text = seg.first
    cuts: list[int] = []
    for m in _BOUNDARY.finditer(text):
        if m.start() == 0 or len(cuts) >= _MAX_CUTS:
            continue
        rest = _spaced(text[m.end() : m.end() + 200])
        if _heading_here(rest, lang, mul):
            cuts.append(m.end())
    if not cuts:
        return [seg]
    pieces = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return [Segment((_spaced(p),), seg.start) for p in pieces if p]


def _spaced(text: str) -> str:
    """ "About Masterflex SE:The Group" → "About Masterflex SE: The Group" (a colon glued to the
    next word; "https://" keeps its colon)."""
    return re.sub(r"(?<=[^\W\d_])[:：](?=[A-ZÀ-Þ])", ": ", text, count=1)


def _heading_here(rest: str, lang: LanguageData, mul: LanguageData) -> bool:
    """An "About X: text" heading or a "Media contact: Name" heading opens `rest`."""
    colon = re.search(r"[:：]\s", rest[:80])
    if colon is None:
        return False
    bp = boilerplate_heading(rest, mul, lang)
    if bp is not None and bp[2] and bp[1]:
        return True  # "About Masterflex SE: The Masterflex Group …"
    head = contact_heading(rest, mul, lang)
    return head is not None and bool(head[1]) and len(head[0]) >= 5


def unglue_headings(seg: Segment, lang: LanguageData, mul: LanguageData) -> Segment:
    """A heading glued to the first line under it, split back onto two lines: "Contact DetailsJane
    Roe" → "Contact Details" / "Jane Roe", "ContactGeoff Davis …", "About DATAGROUPDATAGROUP is …"
    → "About DATAGROUP" / "DATAGROUP is …" (the name repeated as the paragraph's first word)."""
    lines: list[str] = []
    for line in seg.lines:
        lines.extend(_unglue_line(line, lang, mul))
    return seg if len(lines) == len(seg.lines) else Segment(tuple(lines), seg.start)


_GLUED_HEADING = re.compile(r"(?P<head>[A-ZÀ-Þ0-9][^.!?:;\n]{3,100}?[a-zà-ÿ])(?P<word>[A-ZÀ-Þ][a-zà-ÿ]*)\s+(?=\S)")


def _glued_subheading(line: str, lang: LanguageData) -> list[str] | None:
    """ "How It WorksMany are wondering …", "Key HighlightsThe new plant …": a Title-Case heading glued to
    its paragraph, whose first word is a capitalized function word ("The", "Many", "In", "Our")."""
    m = _GLUED_HEADING.match(line)
    if m is None or m.group("word").casefold() not in lang.stopwords:
        return None
    head = m.group("head")
    words = head.split()
    long = [w for w in words if len(w) >= 4]
    if not 2 <= len(words) <= 10 or not long or any(not w[:1].isupper() for w in long) or not words[0][:1].isupper():
        return None
    if words[-1].casefold() in lang.stopwords:
        return None  # "Sign-Up CouldSee …": a brand in camel case, not a heading and a sentence
    return [head, line[m.start("word") :]]


def _unglue_line(line: str, lang: LanguageData, mul: LanguageData) -> list[str]:
    heading = _glued_subheading(line, lang)
    if heading is not None:
        return heading
    glued = _heading_regex(lang, mul).match(line)
    if glued is not None and len(line) > glued.end() + 1:
        cut = glued.end()
        nxt = line[cut : cut + 2]
        if line[:1].isupper() and nxt[:1].isupper() and (nxt[1:].islower() or nxt[1:].isupper()):
            return [line[:cut], line[cut:]]
    about = _about_regex(lang, mul).match(line)
    if about is None:
        return [line]
    prefix = about.group(0)
    name = r"\s+(?P<n>[A-ZÀ-Þ0-9][^\s:]{2,40}?(?: [^\s:]{1,30}){0,3}?)(?P<gap> ?)(?P=n)(?!\w)"
    m = re.match(re.escape(prefix) + name, line)
    if m and (not m.group("gap") or word_count(line) > 6):  # "About Duran Duran" alone is a heading
        # "About DATAGROUPDATAGROUP …", and "About Dayos Dayos is an …" (the name repeated after one space)
        return [line[: m.end("n")], line[m.end("n") :].lstrip()]
    # "About Beijing Tong Ren TangTong Ren Tang was founded …": the paragraph opens with a word
    # of the name, glued to it; "About VinDynamics" or "About RapidFire" are names, not glue
    camel = re.match(
        re.escape(prefix)
        + r"\s+(?P<n>(?:[A-ZÀ-Þ0-9][\w&.'’-]*\s+){1,5}[A-ZÀ-Þ][\w&'’-]+?[a-zà-ÿ]{2})(?P<w>[A-ZÀ-Þ][a-zà-ÿ]+)\s",
        line,
    )
    if camel and camel.group("w") in camel.group("n").split():
        return [line[: camel.end("n")], line[camel.end("n") :]]
    return [line]


@functools.lru_cache(maxsize=32)
def _heading_regex(lang: LanguageData, mul: LanguageData) -> re.Pattern[str]:
    """Contact headings of seven letters or more at the start of a line, longest first (so
    "Contact Details" before "Contact"), as one pattern: a line is tested once, not per phrase."""
    phrases = sorted({p for p in (*lang.contact_headings, *mul.contact_headings) if len(p) >= 7}, key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in phrases) or "(?!)", re.IGNORECASE)


@functools.lru_cache(maxsize=32)
def _about_regex(lang: LanguageData, mul: LanguageData) -> re.Pattern[str]:
    """The words before "{org}" in the About heading patterns ("About", "Über", "Acerca de"), followed by a space."""
    out = {
        p.partition("{org}")[0].strip() for p in (*lang.boilerplate_headings, *mul.boilerplate_headings) if "{org}" in p
    }
    prefixes = sorted((p for p in out if p), key=len, reverse=True)
    return re.compile("|".join(re.escape(p) + r"(?=\s)" for p in prefixes) or "(?!)")
