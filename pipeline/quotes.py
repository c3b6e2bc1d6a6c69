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

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .contacts import is_title_word, looks_like_name, names_organization
from .language import LanguageData, all_languages

MIN_QUOTE_WORDS = 5
"""Fewer quoted words than this are scare quotes or titles (“organic”, «País Bitcoin»), not speech."""
_MAX_ROLE_WORDS = 16
"""A comma clause after the name is the role up to this length ("lead author and senior lecturer in
psychology at the University of X"); longer clauses are sentences of their own."""

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
    partner runs to the end of the block (a quote continued in the next paragraph). A block
    without double quotes may use British single quotes ‘…’ for speech.
    """
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    single = ("‘" in text or "'" in text) and not any(ch in text for ch in _DOUBLE_OPEN + "«»")
    while i < n:
        ch = text[i]
        if single and ch in "‘'" and (i == 0 or not text[i - 1].isalnum()) and text[i + 1 : i + 2].isalnum():
            # British single quotes (‘…,’ said X; plain text writes '…,'): the closing mark is the one
            # not between two letters ("don’t", "Acme's" are apostrophes)
            j = i + 1
            while j < n and not (text[j] in "’'" and not (text[j - 1].isalpha() and text[j + 1 : j + 2].isalpha())):
                j += 1
            spans.append((i + 1, j))
            i = j + 1
            continue
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
    """First (leftmost) whole-word occurrence of any phrase in text; at the same position the
    phrase listed first (the longest: the language data is ordered longest first) wins."""
    pattern = _phrase_pattern(tuple(phrases))
    return pattern.search(text) if pattern is not None else None


@functools.lru_cache(maxsize=256)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One compiled alternation per phrase list: a regex per phrase per call thrashes `re`'s cache."""
    bodies = [r"\s+".join(re.escape(p) for p in phrase.split()) for phrase in phrases if phrase.strip()]
    if not bodies:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(bodies) + r")(?!\w)", re.IGNORECASE)


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
    if inner[-1:] in ".,!?…" and not (inner[-1:] == "," and _title_like(inner)):
        return True
    before = text[: max(start - 1, 0)].rstrip()
    if before.endswith(":"):
        return True
    if _title_like(inner):
        # «El agua que falta 2024», "State of Caring in the UK 2024": a title in running text;
        # only a speech verb right next to it makes it speech
        after_words = text[end + 1 :].lstrip(" ,;–—-").split()[:3]
        verb_after = _has_phrase(language.speech_verbs, " ".join(after_words))
        verb_before = _has_phrase(language.speech_verbs, " ".join(before.split()[-2:]))
        return (verb_after is not None and verb_after.start() == 0) or (
            verb_before is not None and before.endswith((",", verb_before.group(0)))
        )
    after = text[end + 1 :].lstrip(" ,.;:–—-")
    head = " ".join(_first_sentence(after, language).split()[:10])
    if head and _has_phrase(language.speech_verbs, head):
        return True
    tail = " ".join(_last_sentence(before, language).split()[-4:])
    if tail and _has_phrase(language.speech_verbs, tail) is not None:
        return True
    # "Selon Marc Orsini, président du comité, « les pêcheurs … »": a clause opened by a
    # speech verb or "according to" and closed by a comma introduces the quote
    clause = _last_sentence(before, language).strip()
    if not before.endswith(",") or _word_count(clause) > 25:
        return False
    verb = _has_phrase(language.speech_verbs, clause)
    return (verb is not None and verb.start() == 0) or _opener(clause, language) is not None


def _title_like(inner: str) -> bool:
    """Quoted words that name a work rather than say something: no closing punctuation, at
    most ten words, and a year or number at the end or Title Case throughout."""
    words = inner.split()
    if words and inner.rstrip()[-1:] == "," and len(words) <= 16:
        # “High Court, Low Standards, and Dark Money: Flagging a … Crisis in America,” (American
        # commas go inside the marks): a long title is Title Case nearly throughout
        long = [w for w in words if len(w.strip(",:;")) >= 4 and w[:1].isalpha()]
        return len(long) >= 3 and sum(1 for w in long if w[:1].isupper()) * 5 >= len(long) * 4
    if not words or len(words) > 10 or inner.rstrip()[-1:] in ".,!?…;:":
        return False
    if any(ch.isdigit() for ch in words[-1]):
        return True
    alpha = [w for w in words if w[:1].isalpha()]
    return len(alpha) >= 2 and sum(1 for w in alpha if w[:1].isupper()) * 5 >= len(alpha) * 3


def _opener(clause: str, language: LanguageData) -> str | None:
    """The text after an attribution opener that a personal name follows ("Pour Anne Roux, adjointe,"
    → "Anne Roux, adjointe,"); None when the clause opens otherwise ("Pour la première fois,")."""
    found = _match_opener(clause, language)
    if found is None:
        return None
    rest = clause[found.end() :].strip()
    tokens = _tokens(rest)
    runs = _runs(tokens, language)
    if not runs or runs[0][0] != 0:
        return None
    name = split_name([t.text for t in tokens[runs[0][0] : runs[0][1]]], language)[1]
    return rest if len(name) >= 2 and looks_like_name(_clean_name(name)) else None


def _match_opener(clause: str, language: LanguageData) -> re.Match[str] | None:
    found = _has_phrase(language.attribution_openers, clause)
    return found if found is not None and found.start() == 0 else None


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


def _particles_at(tokens: Sequence[_Tok], j: int) -> int:
    """Number of name particles ("van", "von der", "de la") at tokens[j] that a capitalized
    word follows: "Hester van Dalen" is one name, not "Hester" and "Dalen"."""
    particles = _particle_phrases()
    for k in (3, 2, 1):
        words = [t.text.casefold() for t in tokens[j : j + k]]
        joined = len(words) == k and " ".join(words) in particles
        if joined and j + k < len(tokens) and _is_name_token(tokens[j + k].text):
            return k
    return 0


@functools.lru_cache(maxsize=1)
def _particle_phrases() -> frozenset[str]:
    """Particles of every language: a Dutch name is quoted in an English release too."""
    return frozenset(p.casefold() for p in all_languages().name_particles)


def _runs(tokens: Sequence[_Tok], language: LanguageData) -> list[tuple[int, int]]:
    """Index ranges [i, j) of capitalized-word runs (names, titles, organizations); name
    particles between two capitalized words stay inside the run."""
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
            head = tokens[i].text
            titled = j - i == 2 and (is_title_word(_core(head)) or honorific_at([head], 0, language) > 0)
            if j - i == 1 or titled:
                # "Hester van Dalen", "Onderzoeker Jan de Vries"; after two name words "von der
                # Universität" names a place of work
                j += _particles_at(tokens, j)
        runs.append((i, j))
        i = j
    return runs


def honorific_end(words: Sequence[str], language: LanguageData) -> int:
    """Number of leading words (of a name run) that are the end of the last honorific/rank."""
    end = 0
    folded = [_core(w).casefold() for w in words]
    raw = [w.casefold().rstrip(",") for w in words]
    by_first = _honorifics_by_first_word(language.honorifics)
    for i in range(len(words)):
        for parts in by_first.get(raw[i], ()) + by_first.get(folded[i], ()):
            k = len(parts)
            if i + k <= len(words) and all(
                raw[i + x] == parts[x] or folded[i + x] == parts[x].rstrip(".") for x in range(k)
            ):
                end = max(end, i + k)
    return end


@functools.lru_cache(maxsize=64)
def _honorifics_by_first_word(honorifics: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Honorific phrases indexed by their first word, written and without its full stop."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in honorifics:
        parts = tuple(phrase.casefold().split())
        if parts:
            for key in {parts[0], parts[0].rstrip(".")}:
                index.setdefault(key, []).append(parts)
    return {k: tuple(v) for k, v in index.items()}


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
    while len(name) >= 3 and is_title_word(_core(name[0])):
        # "Onderzoeker Thomas Brink", "Projektleiterin Seraina Janett": a job title, not a first name
        title, name = [*title, name[0]], name[1:]
    particles = _particle_phrases()
    inner = sum(1 for w in name[1:-1] if w.casefold() in particles)
    if len(name) - inner > 3:
        keep = 3 if _INITIAL.match(name[-2].rstrip(",")) else 2
        start = _tail_start(name, keep, particles)
        title, name = title + name[:start], name[start:]
    return title, name


def _tail_start(name: Sequence[str], keep: int, particles: frozenset[str]) -> int:
    """Index where the last `keep` words of a name begin, particles not counted, so that
    "… Hester van Dalen" keeps "van" with its surname."""
    i, count = len(name), 0
    while i > 0 and count < keep:
        i -= 1
        if name[i].casefold() not in particles:
            count += 1
    return i


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
    parts = _drop_postnominals(_split_commas(text.strip()), language)
    if not parts:
        return None
    first = parts[0].split()[0]
    if first[:1].islower() and first.casefold() in language.stopwords - _function_words(language):
        return None  # ", who leads the program": a relative clause, not a title
    relative = {w.casefold() for w in language.relative_pronouns}
    words = parts[0].split()
    if first.casefold() in relative and (len(words) < 2 or not words[1][:1].isupper()):
        # "ergänzt Schulz, die seit 2019 an der Spitze steht": a relative clause, even where the
        # pronoun is also an article ("die Leiterin des Projekts" is an apposition)
        return None
    for k in range(1, len(parts)):
        opener = parts[k].split()[0]
        if opener.casefold() in relative:
            parts = parts[:k]  # "partner at Acme, who will join the board": the clause describes, not names
            break
        if opener[:1].islower() and opener.casefold() in language.stopwords - _articles(language):
            # "directora de la Fundación Aguaviva, durante la presentación del informe": a clause
            # opened by a function word tells when or where, it is no part of the title
            parts = parts[:k]
            break
    articles = _articles(language)
    while len(parts) > 1 and parts[-1].split()[0].casefold() in articles:
        parts.pop()
    return _clean_role(", ".join(parts), language)


def _drop_postnominals(parts: list[str], language: LanguageData) -> list[str]:
    """Comma parts after a name without the leading degrees and service notes
    ("Priya Raman, M.D., Chief Medical Officer", "Jim Doe, U.S. Marines (Retired), CEO"):
    they qualify the name, the role is what follows."""
    marks = {p.casefold() for p in (*language.postnominals, *all_languages().postnominals)}
    out = list(parts)
    while len(out) > 1:
        words = out[0].split()
        degrees = all(w.casefold() in marks for w in words)
        service = words[-1].casefold() in marks and words[-1].startswith("(")
        if not (degrees or service):
            break
        out = out[1:]
    return out


def _title_role(pre: str, language: LanguageData) -> str | None:
    """The words before a name as its role, unless they are only a form of address, degree or
    rank ("Dr. Nair", "Lieutenant General Jim Laster"): the gold keeps those out of both
    name and role. An office written before the name ("Mayor Linda Doe", "Floods Minister
    Jane Doe", "Borgmester Anders Kjær") is the role."""
    role = _clean_role(pre, language)
    if role is None:
        return None
    words = pre.split()
    while len(words) > 1 and words[-1][:1].isupper() and language.only_address_forms(words[-1:]):
        # "Bäderchefin Mag. Sabine Kern": the degree belongs to neither; a lower-case title
        # ("tutkimusta johtanut professori Mikko Laine") is written as the role and stays
        words = words[:-1]
    role = _clean_role(" ".join(words), language) or role
    return None if _only_honorifics(role.split(), language) else role


def _only_honorifics(words: Sequence[str], language: LanguageData) -> bool:
    """True when capitalized words are nothing but forms of address or ranks ("Dr.", "Lt. Gen.",
    "Sen."). A lowercase title ("landshövding", "vd") is a role as Nordic copy writes it."""
    return bool(words) and all(w[:1].isupper() for w in words) and language.only_address_forms(words)


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
    first = words[0].casefold() if words else ""
    if len(words) >= 3 and len(first) <= 2 and first in language.stopwords and first not in _particle_phrases():
        # "As Rachel Okonkwo, head of policy, put it:": a short function word opening the
        # sentence is no part of the name (first names that are also stopwords, "Hans",
        # "Ben", "Will", are longer; particles such as "De" stay)
        words = words[1:]
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
    phrase = _first_sentence(phrase, language)
    tokens = _tokens(phrase)
    if not tokens:
        return None
    if (
        tokens[0].text.casefold() in _articles(language)
        and len(tokens) > 1
        and honorific_at([tokens[1].text], 0, language)
    ):
        phrase = phrase[tokens[1].start :]  # "souligne la Pre Isabelle Perrin": the article goes with the title
        tokens = _tokens(phrase)
    elif tokens[0].text.casefold() in _articles(language):
        titled = _article_title_name(phrase, tokens, language)
        if titled is not None:
            return titled
        return _role_then_name(phrase, language) or _unnamed([t.text for t in tokens], language)
    runs = [r for r in _runs(tokens, language) if r[0] <= 8]
    if not runs:
        if len(tokens) == 1 and _core(tokens[0].text).casefold() in language.stopwords:
            return Attribution(None, None, pronoun=True)
        return _unnamed([t.text for t in tokens[:4]], language)
    names = [split_name([t.text for t in tokens[a:b]], language)[1] for a, b in runs]
    # a person's name wins over an organization run before it ("Pirkan Kaupunkipyörä Oy:n
    # toimitusjohtaja Sari Lehtonen"); then any run of two or more name words
    chosen = next(
        (r for r, n in zip(runs, names, strict=True) if len(n) >= 2 and looks_like_name(_clean_name(n))),
        next((r for r, n in zip(runs, names, strict=True) if len(n) >= 2), runs[0]),
    )
    i, j = chosen
    words = [t.text for t in tokens[i:j]]
    title, name = _after_connector(*split_name(words, language), tokens, i, language)
    if not name and title and j == len(tokens):
        # "…,” said the Congresswoman.": a title with no name after it names the speaker by office
        return Attribution(None, _clean_role(" ".join(title), language))
    if not name or (len(name) == 1 and _core(name[0]).casefold() in language.stopwords):
        return None
    name_start = tokens[i + len(title)].start
    pre = phrase[:name_start].strip()
    role = None
    while j < len(tokens) and re.fullmatch(r"\([^()\s]{1,12}\)[,;]?", tokens[j].text):
        j += 1  # "Jonas Lindh (S), kommunstyrelsens ordförande": a party tag between name and role
    if tokens[j - 1].text.endswith(","):
        role = _appositive_role(phrase[tokens[j - 1].end :], language)
    if role is None and pre:
        role = _title_role(pre, language)
    return Attribution(_clean_name(name), role, surname_only=len(name) == 1)


def _article_title_name(phrase: str, tokens: Sequence[_Tok], language: LanguageData) -> Attribution | None:
    """ "la catedrática Ana Ruiz, de la Universidad de Sevilla": an article, one lower-case
    title word and the name right after it; the title is the role."""
    if len(tokens) < 4 or not tokens[1].text.islower() or not tokens[1].text.isalpha():
        return None
    runs = _runs(tokens, language)
    if not runs or runs[0][0] != 2:
        return None
    i, j = runs[0]
    name = [t.text for t in tokens[i:j]]
    if not 2 <= len(name) <= 3 or not looks_like_name(_clean_name(name)):
        return None
    role = tokens[1].text
    if tokens[j - 1].text.endswith(","):
        parts = _split_commas(_first_sentence(phrase[tokens[j - 1].end :], language).strip().rstrip("."))
        more = parts[0] if parts and _word_count(parts[0]) <= _MAX_ROLE_WORDS else ""
        connectors = {w.casefold() for w in (*language.org_connectors, *language.sender_prepositions)}
        if more and more.split()[0] in connectors:
            role = f"{role} {more}"  # ", de la Universidad de Sevilla" continues the title
    return Attribution(_clean_name(name), role)


def _after_connector(
    title: list[str], name: list[str], tokens: Sequence[_Tok], i: int, language: LanguageData
) -> tuple[list[str], list[str]]:
    """ "Vice President of Sales Tom Birch": a run right after "of"/"de"/"der" opens with the
    rest of the title, so only its last two words (three with a middle initial) are the name."""
    if len(name) < 3 or i == 0:
        return title, name
    before = tokens[i - 1].text.casefold()
    connectors = {w.casefold() for w in (*language.org_connectors, *language.sender_prepositions)}
    if not (before in connectors and before.isalpha() and before.islower()):
        return title, name
    keep = 3 if _INITIAL.match(name[-2].rstrip(",")) else 2
    return [*title, *name[:-keep]], name[-keep:]


def _role_then_name(phrase: str, language: LanguageData) -> Attribution | None:
    """ "the chief executive of Acme, Linda Doe." / "el presidente de la cooperativa, Antonio
    Ruiz Carmona": an article, the role, and the name in apposition at the end."""
    parts = _split_commas(phrase.strip().rstrip("."))
    if len(parts) < 2:
        return None
    name = _pure_name(parts[-1], language)
    if name is None or len(name) < 2:
        return None
    return Attribution(_clean_name(name), _clean_role(", ".join(parts[:-1]), language))


def _from_name_first(phrase: str, language: LanguageData, colon: bool) -> Attribution | None:
    """Attribution text before the verb (or before a colon): "Shane Devenish, CRVA’s President",
    "El presidente de OCEAN, Mark Artymko", "Elonvaalijoiden … puheenjohtaja Lotta Hyvärinen"."""
    phrase = phrase.strip().rstrip(":,").strip()
    if not phrase:
        return None
    parts = _split_commas(phrase)
    relative = {w.casefold() for w in language.relative_pronouns}
    cut = next((k for k in range(1, len(parts)) if parts[k].split()[0].casefold() in relative), None)
    if cut is not None and not colon:
        # "Studiens ledare Anna Berg, som har arbetat med frågan, varnar …": the relative clause
        # between the subject and the verb describes the speaker, the subject names them
        parts = parts[:cut]
        phrase = ", ".join(parts)
    last_is_role = len(parts) >= 2 and any(is_title_word(_core(w)) for w in parts[-1].split()[:3])
    if colon and len(parts) >= 2 and _pure_name(parts[-1], language) is None and not last_is_role:
        parts = parts[:-1]  # the clause carrying the (unknown) verb: "drückt … aus"
    words = phrase.split()
    for k, part in enumerate(parts):
        name = _pure_name(part, language)
        if name is None:
            continue
        role = None
        after = _drop_postnominals(parts[k + 1 :], language) if k + 1 < len(parts) else []
        relative = {w.casefold() for w in language.relative_pronouns}
        if after and after[0].split()[0].casefold() in relative:
            after = []  # "Anna Berg, die das Projekt leitet, …": a relative clause describes, it is no title
        if after and _word_count(after[0]) <= _MAX_ROLE_WORDS:
            role = _clean_role(after[0], language)
        elif k > 0 and _word_count(parts[k - 1]) <= _MAX_ROLE_WORDS:
            role = _clean_role(parts[k - 1], language)
        if role is None:
            # "Corvane Chief Executive Officer Thomas Reilly", "Onderzoeker Thomas Brink"
            title = part.split()[: len(part.split()) - len(name)]
            role = _title_role(" ".join(title), language) if title else None
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
        if len(tokens) <= 6 and tokens[-1].text.islower() and tokens[0].text.casefold() in language.stopwords:
            # "One carer told …", "Many residents say": an unnamed speaker, no name to inherit
            return _unnamed_phrase(phrase, language)
        return None
    words = [t.text for t in tokens[i:j]]
    title, name = _after_connector(*split_name(words, language), tokens, i, language)
    if not name or (len(name) == 1 and _core(name[0]).casefold() in language.stopwords):
        return None  # "Es gilt: „…“": a capitalized function word opening the sentence is no speaker
    if not colon and i > 0 and len(title) + len(name) < 3 and _place_word(tokens[i - 1].text, language):
        # "One carer from Sheffield told …": a name after "from"/"in" is a place or a body, the
        # speaker is unnamed (and must not inherit the previous quote's speaker)
        return _unnamed_phrase(phrase, language)
    if colon:
        # "Oberbürgermeister Jens Albrecht sieht …:": the title in (or just before) the opening run
        start = tokens[0].start if i <= 1 else tokens[i].start
        pre = (parts[0])[start : tokens[i + len(title)].start].strip()
    else:
        pre = phrase[: tokens[i + len(title)].start].strip()
    role = _title_role(pre, language) if pre else None
    return Attribution(_clean_name(name), role, surname_only=len(name) == 1)


def person_in(text: str, language: LanguageData) -> str | None:
    """The first person a block names ("Chief executive Maria Collins opened …" → "Maria
    Collins"): a run of two to four name words, honorifics and titles cut off, that is no
    organization and does not follow "from"/"in". A pronoun attribution in the next block
    ("»…«, siger han", "says she") points back at this person."""
    tokens = _tokens(text)
    for i, j in _runs(tokens, language):
        if i > 0 and _place_word(tokens[i - 1].text, language):
            continue
        run = [t.text for t in tokens[i:j]]
        _title, name = split_name(run, language)
        cleaned = _clean_name(name) if name else ""
        if any(_core(w).casefold() in language.stopwords for w in name):
            continue  # "Why This Role", "Stage The Space": a heading or a name with a function word is no person
        if 2 <= len(name) <= 4 and looks_like_name(cleaned) and not names_organization(" ".join(run)):
            return cleaned
    return None


def _named_subject(sentence: str, language: LanguageData) -> Attribution | None:
    """ "Directeur, Pieter de Vries, is blij met … . “…”": a sentence right before the quote
    whose subject is a name in apposition with a role ("Role, Name, …" or "Name, role, …")
    introduces the speaker even without a speech verb."""
    parts = _split_commas(sentence.strip())
    if len(parts) < 3:
        return None
    for k, other in ((0, 1), (1, 0)):
        name = parts[k].split()
        if len(name) < 2 or not looks_like_name(parts[k]) or looks_like_name(parts[other]):
            continue
        if names_organization(parts[k]) or any(ch.isdigit() for ch in parts[other]):
            return None  # "In 2024, Acme Corp, …": a date and a company, no speaker
        if not any(is_title_word(_core(w)) for w in parts[other].split()):
            return None  # "Stadsbank Lokaal, de bank voor ondernemers, …": no job title, no person
        if _word_count(parts[other]) > _MAX_ROLE_WORDS:
            return None
        return Attribution(_clean_name(name), _clean_role(parts[other], language))
    return None


def _place_word(word: str, language: LanguageData) -> bool:
    """A lower-case preposition that puts a place or a body after it ("from", "in", "från")."""
    preps = {w.casefold() for w in (*language.place_particles, *language.sender_prepositions, *language.org_connectors)}
    return word.islower() and word.isalpha() and word.casefold() in preps - _articles(language)


def _unnamed_phrase(phrase: str, language: LanguageData) -> Attribution | None:
    """An unnamed speaker described in a few words ("One carer from Sheffield", "a nurse from
    Leeds" → role "nurse from Leeds"); the role keeps an unnamed quote from taking the previous speaker."""
    words = phrase.split()
    while len(words) > 1 and words[0].casefold() in _articles(language):
        words = words[1:]
    if not words or len(words) > 8:
        return None
    role = _clean_role(" ".join(words), language)
    return Attribution(None, role) if role else None


def _first_sentence(text: str, language: LanguageData | None = None) -> str:
    """Text up to the first sentence end that is not an initial, honorific or abbreviation."""
    for m in re.finditer(r"[.!?](?=\s+[A-ZÀ-Þ\"“”«»„–-])", text):
        before = text[: m.start() + 1].split()
        if not _abbreviation(before[-1] if before else "", language):
            return text[: m.end()]
    return text


def _last_sentence(text: str, language: LanguageData | None = None) -> str:
    cut = 0
    for m in re.finditer(r"[.!?]\s+(?=\S)", text):
        before = text[: m.start() + 1].split()
        if not _abbreviation(before[-1] if before else "", language):
            cut = m.end()
    return text[cut:]


def _abbreviation(word: str, language: LanguageData | None) -> bool:
    """A word whose full stop does not end a sentence: an initial, "U.S.", a short word, or an
    abbreviated honorific ("Sen.", "Prof.") of the language."""
    if _INITIAL.match(word) or _ABBREV.match(word) or len(word) <= 3:
        return True
    return language is not None and _is_honorific_token(word, language)


def attribution_after(text: str, language: LanguageData) -> tuple[Attribution, int, int] | None:
    """Attribution that follows quoted words: ", said X …" / " X said." (first sentence only).

    Returns the attribution and the span of the attribution sentence in `text`.
    """
    lead = len(text) - len(text.lstrip(" ,.;:–—-"))
    body = text[lead:]
    sentence = _first_sentence(body, language)
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
    sentence = _last_sentence(text.rstrip(), language).strip()
    if not sentence:
        return None
    verb = _has_phrase(language.speech_verbs, sentence)
    if verb is not None and not sentence[: verb.start()].strip():
        return _from_verb_first(sentence[verb.end() :], language)
    opened = _opener(sentence, language) if sentence.endswith(",") else None
    if opened is not None:  # "Pour Anne Roux, adjointe à la culture, « … »"
        return _from_verb_first(opened, language)
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


# --- statements over several blocks ------------------------------------------------------


def opens_unclosed(text: str) -> bool:
    """The block opens with a double quotation mark that no mark closes: the first paragraph of a
    statement printed over several paragraphs (English copy closes only the last one)."""
    body = text.strip()
    if not body or body[0] not in '"“„«':
        return False
    spans = quoted_spans(body)
    return bool(spans) and spans[-1][1] >= len(body)


def closing_block(text: str, language: LanguageData) -> QuoteInfo | None:
    """ "The Constitution … Good Behavior,” said the Congresswoman.": a block that does not open
    with a quotation mark but closes one continues the quoted statement of the block before it;
    the quote is the words up to the mark, the attribution what follows it."""
    body = text.strip()
    if not body or body[0] in '"“„«»':
        return None
    close = max(body.rfind("”"), body.rfind("»"), body.rfind('"'))
    if close <= 0 or any(ch in body[:close] for ch in "“„«"):
        return None
    found = attribution_after(body[close + 1 :], language)
    att = found[0] if found is not None else None
    quote = body[:close].strip().rstrip(",")
    if att is None:
        return QuoteInfo(quote)
    return QuoteInfo(quote, att.speaker, att.role, pronoun=att.pronoun)


def person_titled(role: str, document: str, language: LanguageData) -> str | None:
    """The person the release names with this title ("the Congresswoman" → "Congresswoman
    Alexandria Ocasio-Cortez (NY-14) introduced …" → "Alexandria Ocasio-Cortez")."""
    if not role or _word_count(role) > 3:
        return None
    for m in re.finditer(r"(?<!\w)" + re.escape(role) + r"\s+(?=[A-ZÀ-Þ])", document[:20000]):
        person = person_in(document[m.end() : m.end() + 80], language)
        if person:
            return person
    return None


# --- the block -------------------------------------------------------------------------


def is_speech_dash(text: str) -> bool:
    """True when a block opens with a speech dash ("– Vi ser fram emot …")."""
    return bool(_SPEECH_DASH.match(text))


def find_quote(text: str, language: LanguageData, *, known: Sequence[str] = (), document: str = "") -> QuoteInfo | None:
    """Direct speech in one body block, or None when the block only reports.

    `known` are speakers named earlier (for "deCoriolis said"), `document` the whole
    release text (for "said Sanders" → "Bernie Sanders").
    """
    text = text.strip()
    if not text:
        return None
    if is_speech_dash(text):
        info = _dash_quote(text, language)
    else:
        info = _raya_quote(text, language) or _marked_quote(text, language)
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
            named = _name_then_verb(body[m.end() :], language)
            if named is not None:  # "…, Kärkkäinen jatkaa." / "…, Anna Berg säger."
                att, end = named
                words, rest = body[: m.start()].strip(), body[m.end() + end :].strip()
                quote = f"{words} {rest}".strip() if rest else words
                return QuoteInfo(quote, att.speaker, att.role, dash=True)
            continue  # the dash style reads "…, säger X": the verb right after the comma
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


def _name_then_verb(text: str, language: LanguageData) -> tuple[Attribution, int] | None:
    """ "Kärkkäinen jatkaa." at the start of `text`: a name run, then a speech verb that ends
    the sentence; returns the attribution and where that sentence ends."""
    tokens = _tokens(text[:120])
    runs = _runs(tokens, language)
    if not runs or runs[0][0] != 0 or runs[0][1] - runs[0][0] > 4:
        return None
    j = runs[0][1]
    if j >= len(tokens) or _ends_run(tokens[j - 1].text, language):
        return None
    after = text[tokens[j].start :]
    verb = _has_phrase(language.speech_verbs, after[:40])
    if verb is None or verb.start() != 0:
        return None
    tail = after[verb.end() :]
    if not re.match(r"\s*[.!?…]", tail):
        return None
    title, name = split_name([t.text for t in tokens[:j]], language)
    if not name:
        return None
    end = tokens[j].start + verb.end() + len(tail) - len(tail.lstrip()) + 1
    role = _title_role(" ".join(title), language) if title else None
    return Attribution(_clean_name(name), role, surname_only=len(name) == 1), end


_INCISO = re.compile(r"\s*—(?P<att>[^—]{3,160}?)(?:—|$)")
"""Spanish inciso: "… —explicó la directora, Carmen Ortega—, y …" (the attribution between two rayas)."""


def _inciso(text: str, language: LanguageData) -> tuple[Attribution, re.Match[str]] | None:
    """The first "—<speech verb> <role/name>—" in text, as an attribution."""
    for m in _INCISO.finditer(text):
        att_text = m.group("att").strip()
        verb = _has_phrase(language.speech_verbs, att_text[:40])
        if verb is None or verb.start() != 0:
            continue
        att = _from_verb_first(att_text[verb.end() :].strip(" ,."), language)
        if att is not None and (att.speaker or att.role or att.pronoun):
            return att, m
    return None


def _raya_quote(text: str, language: LanguageData) -> QuoteInfo | None:
    """Spanish dialogue: "—Será el pulmón verde de la zona norte —afirmó el alcalde, Juan Pérez." (a raya
    glued to the first word opens the speech; a raya before a speech verb opens the attribution)."""
    if not re.match(r"^—(?=\w)", text):
        return None
    found = _inciso(text[1:], language)
    if found is None:
        return None
    att, m = found
    quote = f"{text[1 : m.start() + 1]} {text[1 + m.end() :].lstrip(' ,.')}".strip(" ,.")
    return QuoteInfo(quote, att.speaker, att.role, dash=True, pronoun=att.pronoun)


def _marked_quote(text: str, language: LanguageData) -> QuoteInfo | None:
    spans = real_quote_spans(text, language)
    if not spans:
        return None
    inside = _inciso(text[spans[0][0] : spans[0][1]], language)
    if inside is not None:
        # «Cada año encontramos menos latas —explicó la directora, Carmen Ortega—, y eso nos obliga …»
        att, m = inside
        words = text[spans[0][0] : spans[0][1]]
        quote = (words[: m.start()] + " " + words[m.end() :].lstrip(" ,")).strip()
        more = " ".join(text[a:b].strip().rstrip(",;") for a, b in spans[1:])
        return QuoteInfo(f"{quote} {more}".strip(), att.speaker, att.role, pronoun=att.pronoun)
    quote = " ".join(text[s:e].strip().rstrip(",;") for s, e in spans)
    att: Attribution | None = None
    for k, (_s, e) in enumerate(spans):
        nxt = spans[k + 1][0] - 1 if k + 1 < len(spans) else len(text)
        found = attribution_after(text[e + 1 : nxt], language)
        if found and (found[0].speaker or found[0].role or found[0].pronoun):
            att = found[0]
            break
        signed = parse_attribution_line(text[e + 1 : nxt].strip(), language) if k == len(spans) - 1 else None
        if signed is not None:  # “…” – John Smith, CEO of Acme
            att = signed
            break
        if k == 0:
            before = attribution_before(text[: spans[0][0] - 1], language)
            if before is None or not (before.speaker or before.role):
                before = _named_subject(_last_sentence(text[: spans[0][0] - 1].rstrip(), language), language)
            if before and (before.speaker or before.role):
                att = before
                break
    if att is None:
        return QuoteInfo(quote)
    return QuoteInfo(quote, att.speaker, att.role, pronoun=att.pronoun)
