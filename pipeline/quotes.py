"""Direct speech in a body block: the spoken words, the speaker and the speaker's role.

Press releases quote people in a handful of stable shapes, whatever the language:

* marks around the words, attribution after them:
  “…,” said Jane Doe, CEO of X.  /  "…", sanoo yhdistyksen puheenjohtaja Lauri K.
* attribution before them: Jane Doe, CEO, said: “…”  /  Says Nerren, "…"
* a Nordic speech dash: – …, säger landshövding Mats Hellström som …

So instead of one regex per layout, a block is cut into quoted spans and the text around
them; the attribution is the piece next to a speech verb (cue words from the language
data) or a piece that ends in a colon, and it is read as "role + name" or
"name, role". Names are capitalized word runs without honorifics or ranks; a lone surname
("said Sanders") is expanded to the full name used elsewhere in the release. Cue words
come from `LanguageData`, never from code branches per language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .language import LanguageData

MIN_QUOTE_WORDS = 5
"""Fewer quoted words than this are scare quotes or titles (“organic”, «País Bitcoin»), not speech."""

_DOUBLE_OPEN = '"“”„‟'
_DOUBLE_CLOSE = '"”“'
_DASHES = "-–—"
_SPEECH_DASH = re.compile(r"^[-–—]\s+(?=\S)")
_INITIAL = re.compile(r"^[A-ZÀ-ÞŁŚŽ]\.$")
_ABBREV = re.compile(r"^(?:[A-Za-z]\.){2,}$")  # U.S. C.E.O.
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class QuoteInfo:
    """What `find_quote` learned about one block."""

    quote: str
    speaker: str | None = None
    role: str | None = None
    dash: bool = False
    """True for a speech-dash block (– …); the classifier treats a following dash block
    without attribution as the same speaker's continuation."""
    pronoun: bool = False
    """The attribution named the speaker by a pronoun ("she said"): same speaker as before."""


# --- quoted spans --------------------------------------------------------------------


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside each pair of quotation marks, marks excluded.

    Double quotes are paired in order of appearance, whatever their shape, because real
    copy mixes them ("…” is common); « » and » » pair separately. An opening mark with no
    partner runs to the end of the block (a quote continued in the next paragraph).
    """
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _DOUBLE_OPEN or ch in "«»":
            closers = "»«" if ch == "»" else ("»" if ch == "«" else _DOUBLE_CLOSE)
            j = i + 1
            while j < n and text[j] not in closers:
                j += 1
            spans.append((i + 1, j))
            i = j + 1
            continue
        i += 1
    return spans


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _has_phrase(phrases: Sequence[str], text: str) -> re.Match[str] | None:
    """First (leftmost) whole-word occurrence of any phrase in text."""
    best: re.Match[str] | None = None
    for phrase in phrases:
        if not phrase:
            continue
        body = r"\s+".join(re.escape(p) for p in phrase.split())
        m = re.search(r"(?<!\w)" + body + r"(?!\w)", text, re.IGNORECASE)
        if m and (best is None or m.start() < best.start()):
            best = m
    return best


def real_quote_spans(text: str, language: LanguageData) -> list[tuple[int, int]]:
    """Quoted spans that are direct speech rather than scare quotes or titles.

    Speech is long enough (MIN_QUOTE_WORDS) and sits next to its attribution: it ends in
    punctuation inside the marks (“…,” said), a colon or a nearby speech verb introduces
    it, a speech verb follows it closely, or it is most of the block. A title in quotes
    in a sentence that "announced" something three clauses earlier is not speech.
    """
    every = quoted_spans(text)
    long = [s for s in every if _word_count(text[s[0] : s[1]]) >= MIN_QUOTE_WORDS]
    if not long:
        return []
    most = sum(e - s for s, e in long) >= 0.6 * len(text)
    speech = [s for s in long if most or _speechlike(text, s, language)]
    if not speech:
        return []
    # once a block holds speech, a short quoted sentence in it is speech too: “Safety first,” said …
    return [
        s
        for s in every
        if s in speech or (text[s[0] : s[1]].rstrip()[-1:] in ",.!?…" and _speechlike(text, s, language))
    ]


def _speechlike(text: str, span: tuple[int, int], language: LanguageData) -> bool:
    start, end = span
    inner = text[start:end].rstrip()
    if inner[-1:] in ".,!?…":
        return True
    before = text[: max(start - 1, 0)].rstrip()
    if before.endswith(":"):
        return True
    after = text[end + 1 :].lstrip(" ,.;:–—-")
    head = " ".join(_first_sentence(after).split()[:10])
    if head and _has_phrase(language.speech_verbs, head):
        return True
    tail = " ".join(_last_sentence(before).split()[-4:])
    return bool(tail) and _has_phrase(language.speech_verbs, tail) is not None


def _outside(text: str, spans: Sequence[tuple[int, int]]) -> str:
    parts, pos = [], 0
    for s, e in spans:
        parts.append(text[pos : max(s - 1, pos)])
        pos = e + 1
    parts.append(text[pos:])
    return " … ".join(parts)


# --- names -----------------------------------------------------------------------------


def _core(token: str) -> str:
    core = token.strip(",.;:!?()[]\"“”„«»'’")
    for suffix in ("’s", "'s"):
        if core.endswith(suffix):
            core = core[: -len(suffix)]
    return core


def _is_name_token(token: str) -> bool:
    core = _core(token)
    if not core or token[:1] in "([" or not core[0].isalpha():
        return False
    if core[0].isupper():
        return True
    # deCoriolis, van der Berg's particles are not handled; mixed case is a name.
    return any(c.isupper() for c in core[1:])


def _ends_run(token: str, language: LanguageData) -> bool:
    """A token ending in punctuation closes a name run, unless it is an initial or honorific."""
    if token[-1:] not in ",.;:!?)":
        return False
    if _INITIAL.match(token) or _ABBREV.match(token):
        return False
    return not (token.endswith(".") and _is_honorific_token(token, language))


def _is_honorific_token(token: str, language: LanguageData) -> bool:
    low = token.casefold()
    return any(low == h.casefold() for h in language.honorifics if " " not in h)


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(0), m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def _runs(tokens: Sequence[_Tok], language: LanguageData) -> list[tuple[int, int]]:
    """Index ranges [i, j) of capitalized-word runs (names, titles, organizations)."""
    runs, i = [], 0
    while i < len(tokens):
        if not _is_name_token(tokens[i].text):
            i += 1
            continue
        j = i
        while j < len(tokens) and _is_name_token(tokens[j].text):
            j += 1
            if _ends_run(tokens[j - 1].text, language):
                break
        runs.append((i, j))
        i = j
    return runs


def honorific_end(words: Sequence[str], language: LanguageData) -> int:
    """Number of leading words (of a name run) that are the end of the last honorific/rank."""
    end = 0
    folded = [_core(w).casefold() for w in words]
    raw = [w.casefold().rstrip(",") for w in words]
    for phrase in language.honorifics:
        parts = phrase.casefold().split()
        k = len(parts)
        for i in range(len(words) - k + 1):
            if all(raw[i + x] == parts[x] or folded[i + x] == parts[x].rstrip(".") for x in range(k)):
                end = max(end, i + k)
    return end


def honorific_at(words: Sequence[str], i: int, language: LanguageData) -> int:
    """Length of the longest honorific phrase starting at words[i] (0 when none)."""
    folded = [_core(w).casefold() for w in words]
    best = 0
    for phrase in language.honorifics:
        parts = [p.rstrip(".") for p in phrase.casefold().split()]
        k = len(parts)
        if k > best and folded[i : i + k] == parts:
            best = k
    return best


def split_name(words: Sequence[str], language: LanguageData) -> tuple[list[str], list[str]]:
    """(title words, name words) of a capitalized run such as
    "Farm Forward Executive Director Andrew deCoriolis" or "Lieutenant General Jim Laster".

    Honorifics and ranks are cut off; of a long run only the last two words (three with a
    middle initial) are the name, because a person's name rarely has more.
    """
    cut = honorific_end(words, language)
    if cut >= len(words):  # "President" alone is not a name
        return list(words), []
    title, name = list(words[:cut]), list(words[cut:])
    if len(name) > 3:
        keep = 3 if _INITIAL.match(name[-2].rstrip(",")) else 2
        title, name = title + name[:-keep], name[-keep:]
    return title, name


def _clean_name(words: Sequence[str]) -> str:
    out = [w.strip(',;:()"“”«»') for w in words]
    name = " ".join(w for w in out if w)
    name = re.sub(r"(['’]s)$", "", name)
    return name.rstrip(".") if not _INITIAL.match(name.split()[-1] if name.split() else "") else name


def expand_name(surname: str, known: Sequence[str], document: str, language: LanguageData) -> str:
    """The full name behind a lone surname ("Sanders" → "Bernie Sanders").

    Speakers already named in the release win; otherwise the first capitalized run in
    the document that ends with the surname and has a first name is used.
    """
    key = surname.casefold()
    for name in known:
        parts = name.split()
        if len(parts) > 1 and parts[-1].casefold() == key:
            return name
    tokens = _tokens(document)
    for i, j in _runs(tokens, language):
        words = [t.text for t in tokens[i:j]]
        cores = [_core(w) for w in words]
        for k in range(1, len(cores)):
            if cores[k].casefold() == key:
                _title, name = split_name(words[: k + 1], language)
                if len(name) >= 2:
                    return _clean_name(name)
                break
    return surname


# --- attribution -----------------------------------------------------------------------


def _articles(language: LanguageData) -> set[str]:
    return {a.casefold() for a in getattr(language, "articles", ())}


def _function_words(language: LanguageData) -> set[str]:
    words = _articles(language) | {p.casefold() for p in getattr(language, "sender_prepositions", ())}
    return words


def _clean_role(role: str, language: LanguageData) -> str | None:
    role = role.strip().strip(",;:–—-").strip()
    words = role.split()
    skip = _function_words(language)
    while len(words) > 1 and words[0].casefold() in skip:
        words = words[1:]
    role = " ".join(words)
    if role.endswith(".") and words:
        last = words[-1]
        legal = {f.casefold() for f in getattr(language, "legal_forms", ())}
        if not (_ABBREV.match(last) or _INITIAL.match(last) or last.casefold() in legal):
            role = role[:-1]
    return role or None


def _appositive_role(text: str, language: LanguageData) -> str | None:
    """ ", CEO of Acme, a leading provider of X." → "CEO of Acme": a trailing clause that
    opens with an article describes the company, not the speaker."""
    parts = _split_commas(text.strip())
    if not parts:
        return None
    first = parts[0].split()[0]
    if first[:1].islower() and first.casefold() in language.stopwords - _function_words(language):
        return None  # ", who leads the program": a relative clause, not a title
    articles = _articles(language)
    while len(parts) > 1 and parts[-1].split()[0].casefold() in articles:
        parts.pop()
    return _clean_role(", ".join(parts), language)


def _title_role(pre: str, language: LanguageData) -> str | None:
    """The words before a name as its role, unless they are only a rank or honorific
    ("Senator Doe", "Dr. Nair"): the gold keeps ranks out of both name and role."""
    role = _clean_role(pre, language)
    if role is None:
        return None
    words = role.split()
    return None if _only_honorifics(words, language) else role


def _only_honorifics(words: Sequence[str], language: LanguageData) -> bool:
    """True when capitalized words are nothing but honorific phrases ("Senator", "Lt. Gen.").
    A lowercase title ("landshövding", "vd") is a role as Nordic copy writes it."""
    if not words or not all(w[:1].isupper() for w in words):
        return False
    phrases = [h.casefold().split() for h in language.honorifics]
    folded = [w.casefold() for w in words]
    reach = [True] + [False] * len(words)
    for i in range(len(words)):
        if not reach[i]:
            continue
        for parts in phrases:
            k = len(parts)
            if folded[i : i + k] == parts or [x.rstrip(".") for x in folded[i : i + k]] == [
                p.rstrip(".") for p in parts
            ]:
                reach[i + k] = True
    return reach[len(words)]


def _split_commas(text: str) -> list[str]:
    """Split at commas outside parentheses."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(depth - 1, 0)
        if ch == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur).strip())
    return [p for p in parts if p]


def _pure_name(part: str, language: LanguageData) -> list[str] | None:
    words = part.split()
    if not words or len(words) > 6 or not all(_is_name_token(w) for w in words):
        return None
    if any(w.endswith(("’s", "'s")) for w in words):
        return None
    _title, name = split_name(words, language)
    if not name or len(name) > 4:
        return None
    return name


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    role: str | None
    pronoun: bool = False
    surname_only: bool = False


def _unnamed(words: Sequence[str], language: LanguageData) -> Attribution | None:
    """ "a Freedom Trail Elementary teacher after …" → role "Freedom Trail Elementary teacher"."""
    if not words:
        return None
    if words[0].casefold() in _articles(language):
        words = words[1:]
    role_words: list[str] = []
    stop = language.stopwords | _function_words(language)
    for w in words[:6]:
        if role_words and _core(w).casefold() in stop:
            break
        role_words.append(w)
        if w[-1:] in ",.;:!?":
            break
    role = _clean_role(" ".join(role_words), language)
    return Attribution(None, role) if role else None


def _from_verb_first(phrase: str, language: LanguageData) -> Attribution | None:
    """Attribution text after the verb: "Gwynn Sullivan, Executive Director of X." or
    "landshövding Mats Hellström som är värd …"."""
    phrase = _first_sentence(phrase)
    tokens = _tokens(phrase)
    if not tokens:
        return None
    if tokens[0].text.casefold() in _articles(language):
        return _unnamed([t.text for t in tokens], language)
    runs = [r for r in _runs(tokens, language) if r[0] <= 8]
    if not runs:
        if len(tokens) == 1 and _core(tokens[0].text).casefold() in language.stopwords:
            return Attribution(None, None, pronoun=True)
        return _unnamed([t.text for t in tokens[:4]], language)
    chosen = next(
        (r for r in runs if len(split_name([t.text for t in tokens[r[0] : r[1]]], language)[1]) >= 2), runs[0]
    )
    i, j = chosen
    words = [t.text for t in tokens[i:j]]
    title, name = split_name(words, language)
    if not name:
        return None
    name_start = tokens[i + len(title)].start
    pre = phrase[:name_start].strip()
    role = None
    if tokens[j - 1].text.endswith(","):
        role = _appositive_role(phrase[tokens[j - 1].end :], language)
    if role is None and pre:
        role = _title_role(pre, language)
    return Attribution(_clean_name(name), role, surname_only=len(name) == 1)


def _from_name_first(phrase: str, language: LanguageData, colon: bool) -> Attribution | None:
    """Attribution text before the verb (or before a colon): "Shane Devenish, CRVA’s President",
    "El presidente de OCEAN, Mark Artymko", "Elonvaalijoiden … puheenjohtaja Lotta Hyvärinen"."""
    phrase = phrase.strip().rstrip(":,").strip()
    if not phrase:
        return None
    parts = _split_commas(phrase)
    if colon and len(parts) >= 2 and _pure_name(parts[-1], language) is None:
        parts = parts[:-1]  # the clause carrying the (unknown) verb: "drückt … aus"
    words = phrase.split()
    for k, part in enumerate(parts):
        name = _pure_name(part, language)
        if name is None:
            continue
        role = None
        if k + 1 < len(parts) and _word_count(parts[k + 1]) <= 10:
            role = _clean_role(parts[k + 1], language)
        elif k > 0 and _word_count(parts[k - 1]) <= 10:
            role = _clean_role(parts[k - 1], language)
        return Attribution(_clean_name(name), role, surname_only=len(name) == 1)
    if words[0].casefold() in _articles(language) and not any(_is_name_token(w) for w in words[1:2]):
        return _unnamed(words, language)
    tokens = _tokens(parts[0] if colon else phrase)
    runs = _runs(tokens, language)
    if not runs:
        if len(tokens) == 1 and _core(tokens[0].text).casefold() in language.stopwords:
            return Attribution(None, None, pronoun=True)
        if len(tokens) <= 4 and not colon:
            return Attribution(None, _clean_role(" ".join(t.text for t in tokens), language))
        return None
    # A colon introduction names the speaker first; a verb comes right after the name.
    i, j = runs[0] if colon else runs[-1]
    if not colon and j != len(tokens):
        return None
    words = [t.text for t in tokens[i:j]]
    title, name = split_name(words, language)
    if not name:
        return None
    pre = phrase[: tokens[i + len(title)].start].strip() if not colon else ""
    role = _title_role(pre, language) if pre else None
    return Attribution(_clean_name(name), role, surname_only=len(name) == 1)


def _first_sentence(text: str) -> str:
    """Text up to the first sentence end that is not an initial, honorific or abbreviation."""
    for m in re.finditer(r"[.!?](?=\s+[A-ZÀ-Þ\"“”«»„–-])", text):
        before = text[: m.start() + 1].split()
        last = before[-1] if before else ""
        if _INITIAL.match(last) or _ABBREV.match(last) or len(last) <= 3:
            continue
        return text[: m.end()]
    return text


def _last_sentence(text: str) -> str:
    cut = 0
    for m in re.finditer(r"[.!?]\s+(?=\S)", text):
        before = text[: m.start() + 1].split()
        last = before[-1] if before else ""
        if _INITIAL.match(last) or _ABBREV.match(last) or len(last) <= 3:
            continue
        cut = m.end()
    return text[cut:]


def attribution_after(text: str, language: LanguageData) -> tuple[Attribution, int, int] | None:
    """Attribution that follows quoted words: ", said X …" / " X said." (first sentence only).

    Returns the attribution and the span of the attribution sentence in `text`.
    """
    lead = len(text) - len(text.lstrip(" ,.;:–—-"))
    body = text[lead:]
    sentence = _first_sentence(body)
    verb = _has_phrase(language.speech_verbs, sentence)
    if verb is None:
        return None
    if not sentence[: verb.start()].strip():
        att = _from_verb_first(sentence[verb.end() :], language)
    else:
        before = sentence[: verb.start()]
        if _word_count(before) > 14:
            return None
        att = _from_name_first(before, language, colon=False)
    if att is None:
        return None
    return att, lead, lead + len(sentence)


def attribution_before(text: str, language: LanguageData) -> Attribution | None:
    """Attribution that introduces quoted words: "Says Nerren," / "X, role, said:" / "X, role, …:"."""
    sentence = _last_sentence(text.rstrip()).strip()
    if not sentence:
        return None
    verb = _has_phrase(language.speech_verbs, sentence)
    if verb is not None and not sentence[: verb.start()].strip():
        return _from_verb_first(sentence[verb.end() :], language)
    if verb is not None:
        return _from_name_first(sentence[: verb.start()], language, colon=False)
    if not sentence.endswith(":"):
        return None
    att = _from_name_first(sentence, language, colon=True) if _word_count(sentence) <= 30 else None
    if att is None or att.surname_only or not att.speaker:
        # "U.S. Representative Mark Pocan (WI-02) released the following statement:"
        person = titled_person(sentence.split()[:20], language)
        if person:
            return Attribution(person, None)
    return att


def titled_person(words: Sequence[str], language: LanguageData) -> str | None:
    """The first "honorific + name" in words: "Today, U.S. Senator Jane Doe (D-Calif.) …" → "Jane Doe"."""
    i = 0
    while i < len(words):
        if not _is_name_token(words[i]):
            i += 1
            continue
        j = i
        while j < len(words) and _is_name_token(words[j]):
            j += 1
            if words[j - 1][-1:] in ",;:":
                break
        run = [w.rstrip(",;:") for w in words[i:j]]
        if any(honorific_at(run, k, language) for k in range(len(run))):
            _title, name = split_name(run, language)
            if 2 <= len(name) <= 3:
                return _clean_name(name)
        i = j
    return None


def parse_attribution_line(line: str, language: LanguageData) -> Attribution | None:
    """A one-line signature under a quote: "-Lorène Carpentier, Global C.E.O - Keep A Breast"."""
    m = re.match(r"^[-–—]+\s*(?=\S)", line)
    if not m or _word_count(line) > 16:
        return None
    rest = line[m.end() :].strip()
    if _has_phrase(language.speech_verbs, rest):
        return None
    parts = _split_commas(rest)
    name = _pure_name(parts[0], language)
    if name is None or len(name) < 2:
        return None
    role = _clean_role(", ".join(parts[1:]), language) if len(parts) > 1 else None
    return Attribution(_clean_name(name), role)


# --- the block -------------------------------------------------------------------------


def is_speech_dash(text: str) -> bool:
    return bool(_SPEECH_DASH.match(text))


def find_quote(text: str, language: LanguageData, *, known: Sequence[str] = (), document: str = "") -> QuoteInfo | None:
    """Direct speech in one body block, or None when the block only reports.

    `known` are speakers named earlier (for "deCoriolis said"), `document` the whole
    release text (for "said Sanders" → "Bernie Sanders").
    """
    text = text.strip()
    if not text:
        return None
    info = _dash_quote(text, language) if is_speech_dash(text) else _marked_quote(text, language)
    if info is None:
        return None
    return info if not info.speaker else _expand(info, known, document, language)


def _expand(info: QuoteInfo, known: Sequence[str], document: str, language: LanguageData) -> QuoteInfo:
    if info.speaker and len(info.speaker.split()) == 1 and (document or known):
        full = expand_name(info.speaker, known, document, language)
        return QuoteInfo(info.quote, full, info.role, info.dash, info.pronoun)
    return info


def _dash_quote(text: str, language: LanguageData) -> QuoteInfo | None:
    body = _SPEECH_DASH.sub("", text, count=1)
    for m in re.finditer(r",\s+", body):
        verb = _has_phrase(language.speech_verbs, body[m.end() : m.end() + 40])
        if verb is None or verb.start() != 0:
            continue  # the dash style always reads "…, säger X": the verb right after the comma
        found = attribution_after(body[m.start() :], language)
        if found is None:
            continue
        att, _s, end = found
        if att.speaker is None and att.role is None and not att.pronoun:
            continue
        words = body[: m.start()].strip()
        rest = body[m.start() + end :].strip()
        quote = f"{words} {rest}".strip() if rest else words
        return QuoteInfo(quote, att.speaker, att.role, dash=True, pronoun=att.pronoun)
    return QuoteInfo(body, None, None, dash=True)


def _marked_quote(text: str, language: LanguageData) -> QuoteInfo | None:
    spans = real_quote_spans(text, language)
    if not spans:
        return None
    quote = " ".join(text[s:e].strip().rstrip(",;") for s, e in spans)
    att: Attribution | None = None
    for k, (_s, e) in enumerate(spans):
        nxt = spans[k + 1][0] - 1 if k + 1 < len(spans) else len(text)
        found = attribution_after(text[e + 1 : nxt], language)
        if found and (found[0].speaker or found[0].role or found[0].pronoun):
            att = found[0]
            break
        if k == 0:
            before = attribution_before(text[: spans[0][0] - 1], language)
            if before and (before.speaker or before.role):
                att = before
                break
    if att is None:
        return QuoteInfo(quote)
    return QuoteInfo(quote, att.speaker, att.role, pronoun=att.pronoun)
