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
from .segment import GLUED_HEADING, Segment

_BOUNDARY = re.compile(r"(?<=[.!?:)”\"])\s{0,2}(?=[A-ZÀ-Þ])")
"""A sentence end (or a colon) and a capital, with at most a couple of spaces between (often none)."""

_MAX_CUTS = 4

_RUN = re.compile(r"(?:(?<=[.!?…:”\"’)])( {2,})|(?<=\S)( {3,}))(?=[\"“‘(\w])")
"""A run of two or more spaces after a sentence end (three after anything else, such as a URL):
where web copy joined two paragraphs."""
_ANY_RUN = re.compile(r"(?<=\S)( {2,})(?=[\"“‘(\w])")
"""Any run of two or more spaces before a word: in a block already shown to be web copy joined by
runs, the runs after a heading ("… the Experiment  AAA Biotech is …") or a card field
("Toll Free: +1-800-604-9114  Email: …") are joins too."""
_JOINED_BLOCK = 3
"""Runs after sentence ends it takes to call a one-line block a whole joined page."""
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
    if len(runs) >= _JOINED_BLOCK:
        runs = list(_ANY_RUN.finditer(text))  # a whole release on one line: every run is a join
    pieces, start = [], 0
    for m in runs:
        pieces.append(text[start : m.start()].strip())
        start = m.end()
    pieces.append(text[start:].strip())
    return [Segment((p,), seg.start) for p in pieces if p]


def split_glued(seg: Segment, lang: LanguageData, mul: LanguageData, document: str = "") -> list[Segment]:
    """The block cut before each glued About or contact heading (see module docstring)."""
    leftover = _leftover_cut(seg, lang, mul)
    if leftover is not None:
        return [leftover[0], *split_glued(leftover[1], lang, mul, document)]
    heading = _split_heading(seg, lang, mul, document)
    if heading is not None:
        return [heading[0], *split_glued(heading[1], lang, mul, document)]
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


_GLUE_POINT = re.compile(
    r"(?<=[a-zà-ÿ]{3})(?=[A-ZÀ-Þ][a-zà-ÿ]+[\s,'’])"
    r"|(?<=[a-zà-ÿ?])(?=[*•] \S)"
    r"|(?<=[a-zà-ÿ)]\?)(?=[A-ZÀ-Þ][a-zà-ÿ]+[\s,'’])"
)
"""Where a heading meets the text glued under it: a word of three lower-case letters or more
running into a capitalized word ("Unique ApproachThe new …", "SammanfattningSveriges …"), a
bullet right after a word ("Resurser* Spelpaus.se"), or a question mark right before a capital
("Hvem regulerer spil i Danmark?Spillemyndigheden er …"). Brands in camel case ("PayPal",
"YouTube", "HubSpot") have shorter lower-case runs before their inner capital."""
_HEAD_SENTENCE = re.compile(r"[a-zà-ÿ]{4}[.!?;]\s|[a-zà-ÿ0-9]{2}[.!;]$")
"""A sentence end inside a heading candidate ("St. Croix" has only two letters before its period)."""
_SENTENCE_END = '.!?…"”»)'


def _titled(words: list[str]) -> bool:
    """Most words of four letters or more start with a capital, and the first word does."""
    long = [w for w in words if sum(ch.isalpha() for ch in w) >= 4]
    if not words or not words[0][:1].isupper() or not long:
        return False
    return sum(1 for w in long if w[:1].isupper()) * 4 >= len(long) * 3


def glued_heading(line: str, lang: LanguageData, document: str = "") -> list[str] | None:
    """ "Innovative Features Highlight Our Unique ApproachThe new website …", "Hvem regulerer spil
    i Danmark?Spillemyndigheden er …", "Resurser* Spelpaus.se": a heading that lost its line break,
    cut at the first glue point (see `_GLUE_POINT`). The heading must be short, carry no sentence
    end, and read as one (Title Case, a question, or one long word); the text after it must be a
    sentence of eight words or more, or the first item of a bullet list. A camel-case name that
    the `document` prints again ("HugeWin") is no glue."""
    m = _GLUE_POINT.search(line, 0, 130)
    if m is None:
        return None
    head, rest = line[: m.start()].strip(), line[m.start() :]
    glued = re.search(r"[\w'’-]*$", line[: m.start()]).group() + rest.split(None, 1)[0]
    camel = len(re.findall(r"[a-zà-ÿ][A-ZÀ-Þ]", glued))
    if camel > 1 or re.search(r"[a-zà-ÿ][A-ZÀ-Þ]", rest.split(None, 1)[0]) or document.count(glued.rstrip(",'’")) > 1:
        return None  # "BlastOff’s", "HugeWin … HugeWin": a name in camel case, not a glue point
    words = head.split()
    if not 1 <= len(words) <= 12 or not head[:1].isupper() or _HEAD_SENTENCE.search(head) or "," in head:
        return None
    if words[-1].casefold() in lang.stopwords:
        return None
    bullet = rest[:1] in "*•"
    if not bullet and (word_count(rest) < 8 or rest.rstrip()[-1:] not in _SENTENCE_END):
        return None
    if len(words) == 1:
        ok = sum(ch.isalpha() for ch in head) >= 8 and head[1:].islower()
    else:
        ok = head.endswith("?") or _titled(words)
    return [head, rest] if ok else None


_RUN_IN_QUOTES = "“\"„«"


def spaced_heading(line: str, lang: LanguageData) -> list[str] | None:
    """ "Market Timing The timing of the acquisition …", "Doubling Down on West Side “The
    acquisition …”": a Title-Case heading glued to its paragraph by a single space. The heading
    is two to ten capitalized words (short connectives such as "on" between them) ending in a
    capitalized word; what follows opens a sentence: an opening quotation mark, or a capitalized
    function word ("The", "In", "Our") followed by a lower-case word. The paragraph must be long."""
    tokens = line.split(" ")
    if len(tokens) < 12:
        return None
    for k in range(2, min(len(tokens) - 8, 11)):
        head = tokens[:k]
        word = tokens[k]
        if not all(t[:1].isupper() or t in lang.stopwords for t in head):
            return None
        if any(not re.fullmatch(r"[\w&'’()-]+", t) for t in head):
            return None
        if not head[-1][:1].isupper():
            continue
        nxt = tokens[k + 1]
        opens = word[:1] in _RUN_IN_QUOTES and word[1:2].isupper()
        function = word[:1].isupper() and word.casefold() in lang.stopwords and nxt[:1].islower()
        if opens or function:
            if not _titled(head) or sum(1 for t in head if len(t) >= 4) < 2:
                return None
            rest = " ".join(tokens[k:])
            return [" ".join(head), rest] if rest.rstrip()[-1:] in _SENTENCE_END else None
    return None


_LEFTOVER_END = re.compile(r"(?:[.!?]|>>|»)\s*(?=[A-ZÀ-Þ0-9])")


def _leftover_cut(seg: Segment, lang: LanguageData, mul: LanguageData) -> tuple[Segment, Segment] | None:
    """ "Click image above to view full announcement.UGI Utilities, Inc. is …": a web-page leftover
    (a `footer_lines` cue: image caption, "Read More>>", wire footer) glued before the next
    paragraph, cut off at the end of its sentence so the paragraph is read on its own."""
    first = seg.first
    if not (lang.match("footer_lines", first) or mul.match("footer_lines", first)):
        return None
    m = _LEFTOVER_END.search(first, 0, 200)
    if m is None or not first[m.end() :].strip():
        return None
    rest = (first[m.end() :].strip(), *seg.lines[1:])
    return Segment((first[: m.end()].strip(),), seg.start), Segment(rest, seg.start)


def _split_heading(
    seg: Segment, lang: LanguageData, mul: LanguageData, document: str
) -> tuple[Segment, Segment] | None:
    """The block's first line cut into a body heading (marked `GLUED_HEADING`) and the text run
    into it; About and contact headings are left to `unglue_headings`."""
    first = seg.first
    if _about_regex(lang, mul).match(first) or _heading_regex(lang, mul).match(first):
        return None
    cut = glued_heading(first, lang, document or first) or spaced_heading(first, lang)
    if cut is None:
        return None
    head, rest = cut
    return Segment((head,), seg.start, GLUED_HEADING), Segment((rest, *seg.lines[1:]), seg.start)


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
