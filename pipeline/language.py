"""Per-language cue words and a cheap language detector.

Every language the text reader understands is one TOML file in `pipeline/languages/`
(`sv.toml`, `en.toml`, ...): adding a language is adding a file, no code. `load_language`
turns a file into an immutable `LanguageData`; the classifier, the date parser and the
contact parser read cue words from it instead of hard-coding Swedish or English.

Detection is deliberately simple and offline: every word of the text that is a stopword
of a language scores for that language, weighted by 1/(number of bundled languages that
share the word), so the words that tell close languages apart ("af"/"av", "ble"/"blev",
"och"/"og") count most; one-word release types, speech verbs, weekdays and month names
count double ("Pressemelding", "sier"). Only when the two best languages are still close
are characteristic letters and letter groups (æ ø vs ä ö, "øy" nb vs "øj" da, "ij" nl, ß)
and word endings scored. No models, no network, no state: deterministic, safe per file.

Accuracy: all 15 dev corpus files (en, de, es, fr, sv, fi) and every written sample in
`tests/test_language.py` (sv/nb/da/fi/de/nl/en/fr/es, sentences to short releases, with
sv/nb/da and de/nl winning by a 1.3× margin on release-sized text).

Cost, median per release over the dev corpus (15 files, 1.3–6.8 kB): ~95 µs (45–190 µs
per file; a release is scored on its first 6000 characters), measured on the dev box with

    .venv/bin/python -m pipeline.language --bench /work/shared/corpus/dev

(`--bench` reads every `*.txt`, runs `detect_language` 200 times per file and prints the
median µs per call and the detected code next to the code in the file name.)
"""

from __future__ import annotations

import functools
import re
import sys
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType

DEFAULT_LANGUAGE = "en"
"""Used when the text gives no evidence and when a caller asks for a language with no file."""

# Only the first part of a long text is scored: a release declares its language in the
# first few paragraphs, and a cap keeps the cost flat for huge inputs.
_DETECT_CHARS = 6000

# A suffix hit is worth a fraction of a stopword: endings are shared far more than words.
_SUFFIX_WEIGHT = 0.3
# A release-type word, speech verb, weekday or month name outweighs a stopword.
_CUE_WEIGHT = 2.0
# Letters count per occurrence up to this many, so a long text with many names cannot win on letters alone.
_MAX_LETTER_COUNT = 40

_PUNCT = "\"'“”„‘’«»‹›()[]{}<>.,;:!?¿¡–—-…/\\*#•·|_+=&%$€£@0123456789"

# Fields of a TOML file that are lists of phrases; they become tuples on LanguageData.
_PHRASE_FIELDS = (
    "weekdays", "release_types", "release_instructions", "embargo_cues", "contact_headings",
    "phone_labels", "email_labels", "fax_labels", "boilerplate_headings", "trailing_sections",
    "speech_verbs", "honorifics", "end_marks", "time_markers", "date_prefixes", "aliases",
    "articles", "link_words", "sender_prepositions", "legal_forms", "title_words", "org_words",
    "contact_audiences", "connectives", "address_forms", "postnominals", "name_particles", "departments",
    "publication_cues", "metadata_labels", "sender_labels", "org_connectors", "place_particles",
    "relative_pronouns", "attribution_openers", "footer_lines", "contact_requests", "regions", "about_copulas",
    "preface_notes",
)  # fmt: skip

# Fields of the `[issuer]` table of a file (issuer evidence, `issuer.py`); also tuples on LanguageData.
_ISSUER_FIELDS = ("announce_verbs", "legislator_titles", "agency_words", "source_labels", "statement_openers",
                  "about_copulas", "conjunctions", "name_articles", "sponsor_cues", "study_words", "site_cues",
                  "verb_second_openers", "place_prepositions", "person_pronouns")  # fmt: skip


@dataclass(frozen=True)
class Display:
    """How writers print dates and labels in this language (the `[display]` table of a file).

    Readers accept many spellings (`months` above); writers need exactly one, plus the zone
    names readers of that language expect ("CET" rather than "UTC+01:00" in Stockholm).
    """

    months: tuple[str, ...] = (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )
    date_format: str = "{d} {m} {y}"
    time_format: str = "{H}:{M}"
    embargo_label: str = "Embargoed until"
    zones: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({"+00:00": "UTC"}))


@dataclass(frozen=True)
class LanguageData:
    """The cue words of one language (or of all of them merged, code "mul").

    Tuples are ordered longest phrase first, so a caller that takes the first phrase that
    matches gets "For more information, contact" rather than "Contact".
    """

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    default_region: str = "US"
    date_order: str = "dmy"
    months: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    weekdays: tuple[str, ...] = ()
    release_types: tuple[str, ...] = ()
    release_instructions: tuple[str, ...] = ()
    embargo_cues: tuple[str, ...] = ()
    contact_headings: tuple[str, ...] = ()
    phone_labels: tuple[str, ...] = ()
    email_labels: tuple[str, ...] = ()
    fax_labels: tuple[str, ...] = ()
    boilerplate_headings: tuple[str, ...] = ()
    trailing_sections: tuple[str, ...] = ()
    speech_verbs: tuple[str, ...] = ()
    honorifics: tuple[str, ...] = ()
    end_marks: tuple[str, ...] = ()
    time_markers: tuple[str, ...] = ()
    date_prefixes: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    """Articles, for unnamed speakers ("said a teacher") and roles ("El presidente de OCEAN")."""
    link_words: tuple[str, ...] = ()
    """Anchor words that end call-to-action lines ("click here", "här", "aquí")."""
    sender_prepositions: tuple[str, ...] = ()
    """The word between a type word and its senders ("Pressmeddelande från ...")."""
    legal_forms: tuple[str, ...] = ()
    """Company-form suffixes ("AB", "GmbH", "S.A. de C.V.")."""
    title_words: tuple[str, ...] = ()
    """Words that make a contact-block fragment a job title ("chef", "Director", "tiedottaja")."""
    org_words: tuple[str, ...] = ()
    """Words that make a contact-block fragment an organization ("Association", "kommun", "Stiftung")."""
    contact_audiences: tuple[str, ...] = ()
    """Audience prefixes in contact blocks ("Media: Jane Doe", "Investerare: ...") that are no field."""
    connectives: tuple[str, ...] = ()
    """Joining words around contact fields ("via", "or", "eller") that are no field either."""
    address_forms: tuple[str, ...] = ()
    """The honorifics that are forms of address, academic degrees or ranks ("Dr.", "Herr",
    "Lieutenant General"): cut from a name and never a role. The other honorifics are offices
    ("Mayor", "Minister", "Borgmester"): cut from the name too, but kept as the person's role."""
    postnominals: tuple[str, ...] = ()
    """Degrees and letters written after a name ("M.D.", "Ph.D.", "MBA", "OBE"): neither name nor role."""
    org_connectors: tuple[str, ...] = ()
    """Lower-case words inside organization names ("City of Harrowgate", "Lumière des Mers");
    a role's organization starts after one of them ("Direktor der Alpenbahn AG")."""
    relative_pronouns: tuple[str, ...] = ()
    """Words that open a relative clause after a role (", who will join the board"), which is not the role."""
    attribution_openers: tuple[str, ...] = ()
    """Words that open an attribution before a quote when a name follows them ("Pour Anne Roux, …, « … »",
    "In the words of Jane Doe, "…""); unlike speech verbs they need the name."""
    place_particles: tuple[str, ...] = ()
    """Lower-case words inside a place name of a dateline ("Frankfurt am Main", "Ciudad de México")."""
    metadata_labels: tuple[str, ...] = ()
    """Labels of header metadata lines ("From: …", "Published 5 June 2024", "Last updated …"):
    header, never a title or a body paragraph."""
    sender_labels: tuple[str, ...] = ()
    """The metadata labels whose value names the issuer ("From: Northern Waterways Agency")."""
    publication_cues: tuple[str, ...] = ()
    """Words of a regulatory disclosure sentence before the exact time of publication
    ("för offentliggörande den 12 mars 2024 kl. 08.00 CET"), which upgrades a date-only issue date."""
    preface_notes: tuple[str, ...] = ()
    """Openings of a republication or media note above the lead ("Republished with permission from …",
    "A video accompanying this announcement is available at: …"): header, not body."""
    about_copulas: tuple[str, ...] = ()
    """ "is a", "är en", "ist ein": after an organization's name they open an unheaded About paragraph."""
    regions: tuple[str, ...] = ()
    """States, provinces and countries written after a city on an address line ("Los Angeles,
    California"): such a line in a contact card is an address, not a name and an organization."""
    contact_requests: tuple[str, ...] = ()
    """Words inside a sentence that hand over to a named contact ("please contact Robin Carr at …"):
    with a personal name and a phone or e-mail after them the sentence carries a contact."""
    footer_lines: tuple[str, ...] = ()
    """Openings of the wire's or page's own footer lines inside a release ("Hashtag: #…", "The issuer is
    solely responsible …", "Original-Content von: …"): neither body nor boilerplate."""
    departments: tuple[str, ...] = ()
    """Departments written after a title on a contact line ("Vice President, Investor Relations"):
    part of the title, not the person's organization."""
    name_particles: tuple[str, ...] = ()
    """Lower-case words inside a personal name ("van", "von der", "af", "de la") that do not end it."""
    phone_regions: tuple[str, ...] = ()
    """Regions to resolve national phone numbers with, most likely first (file order kept)."""
    speech_dash: bool = False
    quote_marks: tuple[tuple[str, str], ...] = ()
    letters: str = ""
    ngrams: tuple[str, ...] = ()
    """Letter groups typical of the language ("øy" nb, "øj" da, "ij" nl); weak detection signal."""
    announce_verbs: tuple[str, ...] = ()
    """Verbs whose subject in the lead is the issuer ("today announced", "meddelar", "gibt bekannt")."""
    legislator_titles: tuple[str, ...] = ()
    """Titles of members of a legislature, who issue releases in their own name ("Sen.", "Congresswoman")."""
    agency_words: tuple[str, ...] = ()
    """Words that make a name a PR agency or wire service ("Public Relations", "Newswire"), never the issuer."""
    source_labels: tuple[str, ...] = ()
    """Labels of a line naming the issuer at the top or the end ("Source: Acme Inc.", "Original-Content von: …")."""
    statement_openers: tuple[str, ...] = ()
    """Headline openings of a statement whose sender is the issuer ("Statement from the Council Spokesperson on …")."""
    about_copulas: tuple[str, ...] = ()
    """Words after the name that opens an unheaded About paragraph ("Acme is a …", "Acme är ett …")."""
    conjunctions: tuple[str, ...] = ()
    """Words joining two names ("and", "och", "und", "&"): "Counterflow Coffee and Bay City Brewing" is two issuers."""
    name_articles: tuple[str, ...] = ()
    """Capitalized articles an About heading writes as part of the name ("About A Minivela Production, LLC")."""
    sponsor_cues: tuple[str, ...] = ()
    """Words before the sponsor of a survey or report ("a survey sponsored by More Perfect and …")."""
    study_words: tuple[str, ...] = ()
    """Nouns of a survey, poll or report: a sponsor cue counts only close after one ("survey sponsored by")."""
    site_cues: tuple[str, ...] = ()
    """Words before a bare web address ("visit joinmoreperfect.us", "learn more at acme.com")."""
    verb_second_openers: tuple[str, ...] = ()
    """Words opening an adverbial before a verb-second verb ("Ab April öffnet die Stadtbibliothek …"):
    the subject follows the verb."""
    person_pronouns: tuple[str, ...] = ()
    """Third-person pronouns of a person ("she", "hon"): a two-word name the next words refer to so is a person."""
    place_prepositions: tuple[str, ...] = ()
    """Prepositions before a place ("in the United States", "i Sverige"): a candidate the text writes
    after one, with no organization word, is a place, not an issuer."""
    stopwords: frozenset[str] = frozenset()
    suffixes: frozenset[str] = frozenset()
    """Typical word endings; a weak detection signal for texts with few stopwords."""
    display: Display = field(default_factory=Display)
    fallback: bool = False
    """True when this data stands in for a language that has no file (the English data)."""

    def __hash__(self) -> int:
        # the month table is a mappingproxy (unhashable); code, name and fallback identify the data,
        # and callers key caches on a LanguageData
        return hash((self.code, self.name, self.fallback))

    @property
    def contact_labels(self) -> tuple[str, ...]:
        """Every field label a contact line may start with (phone, e-mail, fax)."""
        return _longest_first((*self.phone_labels, *self.email_labels, *self.fax_labels))

    def match(self, kind: str, line: str) -> str | None:
        """The phrase of `kind` ("release_types", "contact_headings", ...) that `line` starts
        with, as written in the line, or None.

        A phrase matches at the start of the line case-insensitively and must end at a word
        boundary, so "Contact" does not match "Contacts" twice and "Om" does not match "Omsättning".
        """
        phrases: tuple[str, ...] = getattr(self, kind)
        return _match_start(phrases, line)

    def is_phrase(self, kind: str, line: str) -> bool:
        """True when the whole line (punctuation such as ':' and dashes aside) is one phrase of `kind`."""
        phrases = getattr(self, kind)
        for candidate in (line.strip(), line.strip().rstrip(":："), _strip_line(line)):
            found = _match_start(phrases, candidate)
            if found is not None and len(found) == len(candidate):
                return True
        return False

    def boilerplate_match(self, line: str) -> re.Match[str] | None:
        """Match `line` against the "About {org}" heading patterns; group "org" holds the name
        when the pattern has one. Headings may end with ':'; "About X: text" matches the
        heading part only when the caller passes the part before the colon."""
        line = _strip_line(line)
        for pattern in _boilerplate_regexes(self.boilerplate_headings):
            m = pattern.fullmatch(line)
            if m:
                return m
        return None

    def only_address_forms(self, words: Sequence[str]) -> bool:
        """True when `words` are nothing but forms of address, degrees or ranks ("Dr.", "Herr",
        "Lt. Gen.", and any abbreviated honorific such as "Sen."): words that are cut from a
        name and are no role either. An empty list is not."""
        if not words:
            return False
        phrases = _address_phrases(self.address_forms, self.honorifics)
        folded = [w.casefold().rstrip(".,") for w in words]
        reach = [True] + [False] * len(words)
        for i in range(len(words)):
            if reach[i]:
                for parts in phrases:
                    if tuple(folded[i : i + len(parts)]) == parts:
                        reach[i + len(parts)] = True
        return reach[len(words)]

    def month(self, word: str) -> int | None:
        """Month number of a month name or abbreviation ("Nov." → 11), else None."""
        return self.months.get(word.lower().rstrip("."))


@functools.lru_cache(maxsize=64)
def _address_phrases(address_forms: tuple[str, ...], honorifics: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Forms of address plus abbreviated honorifics, as casefolded word tuples without full stops."""
    abbreviated = [h for h in honorifics if h.endswith(".")]
    return tuple(
        tuple(w.rstrip(".") for w in h.casefold().split()) for h in dict.fromkeys((*address_forms, *abbreviated))
    )


def _longest_first(phrases: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for p in phrases:
        p = p.strip()
        if p and p.casefold() not in seen:
            seen[p.casefold()] = p
    return tuple(sorted(seen.values(), key=lambda p: (-len(p), p)))


def _strip_line(line: str) -> str:
    return line.strip().strip(":：-–—•*_ \t").strip()


@functools.lru_cache(maxsize=4096)
def _phrase_regex(phrase: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(part) for part in phrase.split())
    # A phrase ending in a word character must end at a word boundary; "###" need not.
    tail = r"(?!\w)" if phrase[-1:].isalnum() else ""
    return re.compile(body + tail, re.IGNORECASE)


def _match_start(phrases: Iterable[str], line: str) -> str | None:
    """The first phrase (in list order: longest first) that `line` starts with, as written."""
    pattern = _start_regex(tuple(phrases))
    if pattern is None:
        return None
    m = pattern.match(line.lstrip())
    return m.group(0) if m else None


@functools.lru_cache(maxsize=256)
def _start_regex(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """All phrases of a list in one alternation, in list order, so a line is matched in one pass
    (the classifier asks every header and tail line for several phrase lists)."""
    parts = [_phrase_regex(p).pattern for p in phrases if p.strip()]
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE) if parts else None


@functools.lru_cache(maxsize=64)
def _boilerplate_regexes(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    out = []
    for pattern in patterns:
        before, _, after = pattern.partition("{org}")
        rx = r"\s+".join(re.escape(w) for w in before.split())
        if "{org}" in pattern:
            # "About Acme" needs the space; "À propos de l'Acme" has none after the apostrophe.
            gap = "" if not before.strip() else r"\s*" if before.rstrip()[-1:] in ("'", "’") else r"\s+"
            # A multi-word org must start with a capital or digit, so "Om vi ser ..." is no heading.
            org = r"(?P<org>(?-i:[A-ZÀ-ÖØ-Þ0-9])\S*(?:\s+\S+){0,9}?|\S+?)"
            tail = r"\s+".join(re.escape(w) for w in after.split())
            rx += gap + org + ((r"\s+" if after[:1].isspace() else "") + tail if tail else "")
        out.append(re.compile(rx + r"\s*[:.]?", re.IGNORECASE))
    return tuple(out)


def _languages_dir() -> resources.abc.Traversable:
    return resources.files("pipeline").joinpath("languages")


@functools.lru_cache(maxsize=1)
def _alias_table() -> Mapping[str, str]:
    table: dict[str, str] = {}
    for code in available_languages():
        data = _load_file(code)
        table[code] = code
        for alias in data.aliases:
            table.setdefault(alias.lower(), code)
    return MappingProxyType(table)


@functools.lru_cache(maxsize=1)
def _codes() -> tuple[str, ...]:
    names = [p.name for p in _languages_dir().iterdir() if p.name.endswith(".toml")]
    return tuple(sorted(n[: -len(".toml")] for n in names))


def available_languages() -> list[str]:
    """Codes of the bundled language files, sorted (e.g. ['da', 'de', 'en', ...]); a fresh list."""
    return list(_codes())


@functools.lru_cache(maxsize=64)
def _load_file(code: str) -> LanguageData:
    raw = tomllib.loads(_languages_dir().joinpath(f"{code}.toml").read_text(encoding="utf-8"))
    return _from_toml(raw, code)


def _from_toml(raw: Mapping[str, object], code: str) -> LanguageData:
    months: dict[str, int] = {}
    for number, names in enumerate(raw.get("months") or [], start=1):  # type: ignore[arg-type]
        for name in names:
            months.setdefault(str(name).lower().rstrip("."), number)
    kwargs: dict[str, object] = {}
    for key in _PHRASE_FIELDS:
        kwargs[key] = _longest_first(str(x) for x in raw.get(key) or [])  # type: ignore[union-attr]
    issuer = raw.get("issuer") or {}
    for key in _ISSUER_FIELDS:
        kwargs[key] = _longest_first(str(x) for x in issuer.get(key) or [])  # type: ignore[union-attr]
    marks = tuple((str(a), str(b)) for a, b in raw.get("quote_marks") or [])  # type: ignore[misc]
    return LanguageData(
        display=_display(raw.get("display") or {}),  # type: ignore[arg-type]
        code=str(raw.get("code") or code),
        name=str(raw.get("name") or code),
        default_region=str(raw.get("default_region") or "US"),
        date_order=str(raw.get("date_order") or "dmy"),
        months=MappingProxyType(months),
        phone_regions=tuple(str(r).upper() for r in raw.get("phone_regions") or [raw.get("default_region") or "US"]),
        speech_dash=bool(raw.get("speech_dash", False)),
        quote_marks=marks,
        letters=str(raw.get("letters") or ""),
        ngrams=tuple(str(g).lower() for g in raw.get("ngrams") or []),  # type: ignore[union-attr]
        stopwords=frozenset(str(w).lower() for w in raw.get("stopwords") or []),  # type: ignore[union-attr]
        suffixes=frozenset(str(w).lower() for w in raw.get("suffixes") or []),  # type: ignore[union-attr]
        **kwargs,  # type: ignore[arg-type]
    )


def _display(raw: Mapping[str, object]) -> Display:
    default = Display()
    months = tuple(str(m) for m in raw.get("months") or default.months)  # type: ignore[union-attr]
    if len(months) != 12:
        raise ValueError(f"[display] months must name 12 months, got {len(months)}")
    zones = {str(k): str(v) for k, v in (raw.get("zones") or {}).items()}  # type: ignore[union-attr]
    return Display(
        months=months,
        date_format=str(raw.get("date_format") or default.date_format),
        time_format=str(raw.get("time_format") or default.time_format),
        embargo_label=str(raw.get("embargo_label") or default.embargo_label),
        zones=MappingProxyType(zones or dict(default.zones)),
    )


def resolve_code(code: str | None) -> str | None:
    """The bundled file code for `code` or one of its aliases ("no" → "nb", "en-GB" → "en"), else None."""
    if not code:
        return None
    key = code.strip().lower().replace("_", "-")
    table = _alias_table()
    if key in table:
        return table[key]
    base = key.split("-")[0]
    return table.get(base)


@functools.lru_cache(maxsize=64)
def load_language(code: str | None) -> LanguageData:
    """The cue words for `code` (ISO 639-1 or an alias such as "no").

    An unknown or empty code gives the English data with `fallback=True` rather than an
    error: an unusual language must still produce a release, just with fewer cues found.
    The special code "mul" gives all languages merged (see `all_languages`).
    """
    if code and code.strip().lower() in ("mul", "all", "*"):
        return all_languages()
    resolved = resolve_code(code)
    if resolved is None:
        english = _load_file(DEFAULT_LANGUAGE)
        return _replace(english, fallback=True)
    return _load_file(resolved)


def _replace(data: LanguageData, **changes: object) -> LanguageData:
    from dataclasses import replace

    return replace(data, **changes)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=1)
def all_languages() -> LanguageData:
    """Every bundled language merged into one `LanguageData` (code "mul").

    The classifier uses it to recognise a cue of another language in a text, e.g. a German
    "Pressemitteilung" line above an English release, or "Contact Details" under a Spanish
    one. Where month names collide ("mar" is March in English but Tuesday in French
    weekday lists), the month table wins; numeric date order and phone region stay English.
    """
    datas = [_load_file(c) for c in available_languages()]
    months: dict[str, int] = {}
    for d in datas:
        for k, v in d.months.items():
            months.setdefault(k, v)
    merged: dict[str, object] = {}
    for key in (*_PHRASE_FIELDS, *_ISSUER_FIELDS):
        if key == "aliases":
            continue
        merged[key] = _longest_first(p for d in datas for p in getattr(d, key))
    marks: list[tuple[str, str]] = []
    for d in datas:
        for pair in d.quote_marks:
            if pair not in marks:
                marks.append(pair)
    english = _load_file(DEFAULT_LANGUAGE)
    return LanguageData(
        code="mul",
        name="All languages",
        default_region=english.default_region,
        date_order=english.date_order,
        months=MappingProxyType(months),
        phone_regions=tuple(dict.fromkeys(r for d in datas for r in d.phone_regions)),
        speech_dash=any(d.speech_dash for d in datas),
        quote_marks=tuple(marks),
        letters="".join(sorted({ch for d in datas for ch in d.letters})),
        ngrams=tuple(dict.fromkeys(g for d in datas for g in d.ngrams)),
        stopwords=frozenset(w for d in datas for w in d.stopwords),
        suffixes=frozenset(w for d in datas for w in d.suffixes),
        **merged,  # type: ignore[arg-type]
    )


def match_any_language(kind: str, line: str) -> tuple[str, str] | None:
    """(phrase as written, language code) of the longest cue of `kind` that `line` starts
    with in any bundled language, or None. Ties go to the alphabetically first code."""
    best: tuple[str, str] | None = None
    for code in available_languages():
        found = _load_file(code).match(kind, line)
        if found and (best is None or len(found) > len(best[0])):
            best = (found, code)
    return best


# --- detection -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Model:
    word_weights: Mapping[str, tuple[tuple[str, float], ...]]
    letter_weights: Mapping[str, tuple[tuple[str, float], ...]]
    suffix_weights: Mapping[str, tuple[tuple[str, float], ...]]
    suffix_lengths: tuple[int, ...]
    codes: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def _model() -> _Model:
    datas = {c: _load_file(c) for c in available_languages()}
    word_langs: dict[str, list[str]] = {}
    letter_langs: dict[str, list[str]] = {}
    cue_langs: dict[str, list[str]] = {}
    for code, d in datas.items():
        for w in d.stopwords:
            word_langs.setdefault(w, []).append(code)
        # one-word cues are strong evidence: a "Pressmeddelande" or "sier" settles sv/nb/da
        phrases = (*d.release_types, *d.speech_verbs, *d.weekdays)
        cues = {p.lower() for p in phrases if " " not in p and len(p) > 3}
        cues |= {m for m in d.months if len(m) > 4}
        for w in cues - d.stopwords:
            cue_langs.setdefault(w, []).append(code)
        for ch in {*d.letters, *d.ngrams}:
            letter_langs.setdefault(ch, []).append(code)
    suffix_langs: dict[str, list[str]] = {}
    for code, d in datas.items():
        for suffix in d.suffixes:
            suffix_langs.setdefault(suffix, []).append(code)
    words = {w: tuple((c, 1.0 / len(cs)) for c in cs) for w, cs in word_langs.items()}
    for w, cs in cue_langs.items():
        if w not in words:
            words[w] = tuple((c, _CUE_WEIGHT / len(cs)) for c in cs)
    letters = {ch: tuple((c, 0.25 / len(cs)) for c in cs) for ch, cs in letter_langs.items()}
    suffixes = {s: tuple((c, _SUFFIX_WEIGHT / len(cs)) for c in cs) for s, cs in suffix_langs.items()}
    lengths = tuple(sorted({len(s) for s in suffixes}, reverse=True))
    return _Model(MappingProxyType(words), MappingProxyType(letters), MappingProxyType(suffixes), lengths, tuple(datas))


def language_scores(text: str) -> dict[str, float]:
    """Detection scores per bundled language (higher is likelier); exposed for tests and tuning.

    Stopwords decide almost every release. Only when they leave the two best languages
    close (Norwegian/Danish, short texts) are letters, letter groups and word endings
    scored too, which keeps the usual cost to one dictionary lookup per word.
    """
    model = _model()
    scores = dict.fromkeys(model.codes, 0.0)
    sample = text[:_DETECT_CHARS].lower().replace("’", "'")
    unknown: list[str] = []
    words = model.word_weights
    # str.split + strip is ~5x cheaper than a Unicode word regex and good enough for scoring
    for raw in sample.split():
        token = raw.strip(_PUNCT)
        hits = words.get(token)
        if hits is None and "'" in token:  # French elision: l'entreprise → l
            hits = words.get(token.split("'")[0])
        if hits is None:
            if len(token) >= 5 and token.isalpha():
                unknown.append(token)
            continue
        for code, weight in hits:
            scores[code] += weight
    first, second = sorted(scores.values(), reverse=True)[:2]
    if first >= 2 * second + 3:
        return scores  # decided by stopwords: the usual case for a release
    for gram, hits in model.letter_weights.items():
        n = sample.count(gram)
        if n:
            for code, weight in hits:
                scores[code] += weight * min(n, _MAX_LETTER_COUNT)
    first, second = sorted(scores.values(), reverse=True)[:2]
    if first < 2 * second + 3:
        for token in unknown:
            for n in model.suffix_lengths:
                hits = model.suffix_weights.get(token[-n:])
                if hits:
                    for code, weight in hits:
                        scores[code] += weight
                    break
    return scores


def detect_language(text: str) -> str:
    """ISO 639-1 code of the most likely bundled language ("nb" for Norwegian).

    Returns `DEFAULT_LANGUAGE` ("en") when the text has no stopword of any language
    (empty text, only numbers), because the English cues are the most common fallback in
    wire copy. Never raises.
    """
    if not text:
        return DEFAULT_LANGUAGE
    scores = language_scores(text)
    best = max(scores.items(), key=lambda kv: (kv[1], kv[0] == DEFAULT_LANGUAGE))
    return best[0] if best[1] > 0 else DEFAULT_LANGUAGE


def _bench(folder: str, rounds: int = 200) -> None:
    import statistics
    import time
    from pathlib import Path

    per_file = []
    for path in sorted(Path(folder).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            got = detect_language(text)
            times.append(time.perf_counter() - t0)
        med = statistics.median(times) * 1e6
        per_file.append(med)
        expected = path.name.split("-")[1] if path.name.count("-") >= 2 else "?"
        print(f"{path.name:55s} {len(text):6d} chars  {med:8.1f} µs  {got} (file says {expected})")
    if per_file:
        print(f"median over {len(per_file)} files: {statistics.median(per_file):.1f} µs per release")


if __name__ == "__main__":  # pragma: no cover - measurement helper
    if len(sys.argv) == 3 and sys.argv[1] == "--bench":
        _bench(sys.argv[2])
    else:
        print(detect_language(sys.stdin.read()))
