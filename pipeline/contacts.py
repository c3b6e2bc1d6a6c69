"""Turn the lines of a press contact block into one `Contact` per person.

Contact blocks come in every shape: one person per line with comma-separated fields
("Lena Kling, koordinator, Länsstyrelsen i Stockholm, tfn 070-342 47 00"), one field per
line with the title above or below the name, wire-service cards split by blank lines
(organization / name / phone / e-mail), and a name glued to its organization
("Shane Devenish Canadian RV Association Email Us Here"). The parser therefore does not
rely on layout: it cuts the block into *parts* (e-mails and phones found by pattern, the
rest split at commas and dashes), gives each part a kind (name, title, organization,
phone, e-mail, noise), and starts a new person whenever a part would overwrite a field the
current person already has, or arrives after that person's phone/e-mail. Entries that
name the same person twice are merged (the gold convention: one entry per person).

Phones are kept as written (first number per person); `phone_e164` comes from
`phonenumbers` with the region of the number's own prefix, else the language's regions.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers

from pipeline.language import LanguageData, all_languages, available_languages, load_language
from pipeline.model import Contact

# --- e-mail --------------------------------------------------------------------------------

# Letters beyond ASCII are allowed (internationalized addresses: åsa.berg@exempel.se)
_LOCAL = r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*"
_DOMAIN = r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,24}"
_EMAIL_RE = re.compile(rf"(?<![\w.@-]){_LOCAL}@{_DOMAIN}(?![\w-])")
# Spam-proofed forms: name(at)org.se, name [at] org [dot] se, name (at) org dot se
_AT = r"\s*(?:\(at\)|\[at\]|\{at\}|<at>|\(a\)|\[a\])\s*"
_DOT = r"(?:\s*(?:\(dot\)|\[dot\]|\{dot\}|\(punkt\)|\[punkt\])\s*|\s+dot\s+|\.)"
_OBFUSCATED_RE = re.compile(
    rf"(?<![\w.@-])(?P<local>{_LOCAL}){_AT}(?P<domain>[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*{_DOT}[A-Za-z]{{2,24}})(?![\w-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Found:
    value: str
    start: int
    end: int
    e164: str | None = None


def _emails(text: str) -> list[_Found]:
    found = [_Found(m.group(0), m.start(), m.end()) for m in _EMAIL_RE.finditer(text)]
    for m in _OBFUSCATED_RE.finditer(text):
        if any(f.start < m.end() and m.start() < f.end for f in found):
            continue
        domain = re.sub(_DOT, ".", m.group("domain"), flags=re.IGNORECASE)
        found.append(_Found(f"{m.group('local')}@{domain}", m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def find_emails(text: str) -> list[str]:
    """E-mail addresses in `text`, in order, spam-proofed forms ("name(at)org.se",
    "name [at] org dot se") written back as plain addresses."""
    if not isinstance(text, str):
        return []
    return [f.value for f in _emails(text)]


# --- phones --------------------------------------------------------------------------------

# A run of digits with the separators people write in phone numbers; checked afterwards.
# " / " between two numbers separates them ("020 7946 0881 / 07700 900412"): a number never
# runs across a slash with a space on either side
_PHONE_RE = re.compile(r"(?<![\w@./+-])(?:\+|00)?\(?\d(?:[\d().\-–]|\s(?!/)|/(?!\s)){4,22}\d(?!\w|[.,]\d|-\d)")
_DATE_LIKE = re.compile(
    r"^\d{4}-\d{1,2}-\d{1,2}(?:$|[/T ])|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$|^(19|20)\d{2}\s*[-–]\s*(19|20)?\d{2}$"
)
"""Dates that look like phone numbers, also with a time glued on ("2024-05-14/10:15" of a wire trailer)."""
_EXTRA_REGIONS = {"US": ("US", "GB", "CA"), "GB": ("GB", "US", "IE")}


def _regions(region: str | Iterable[str] | None) -> tuple[str, ...]:
    if region is None:
        return ("US",)
    if isinstance(region, str):
        return _EXTRA_REGIONS.get(region.upper(), (region.upper(),))
    return tuple(r.upper() for r in region) or ("US",)


def _e164(raw: str, regions: tuple[str, ...]) -> str | None:
    text = raw.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    candidates = (None,) if text.startswith("+") else regions
    for region in candidates:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def _is_possible(raw: str, regions: tuple[str, ...]) -> bool:
    text = raw.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    for region in (None,) if text.startswith("+") else regions:
        try:
            if phonenumbers.is_possible_number(phonenumbers.parse(text, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


def _phone_matches(text: str) -> list[tuple[int, str]]:
    """(start, text) of the number-like runs; a run too long for one number that a slash
    splits ("020 7946 0881/07700 900412") is read as its parts."""
    out: list[tuple[int, str]] = []
    for m in _PHONE_RE.finditer(text):
        value = m.group(0)
        if "/" in value and len(re.sub(r"\D", "", value)) > 15:
            offset = m.start()
            for piece in value.split("/"):
                sub = _PHONE_RE.search(piece)
                if sub is not None:
                    out.append((offset + sub.start(), sub.group(0)))
                offset += len(piece) + 1
            continue
        out.append((m.start(), value))
    return out


def _phones(text: str, regions: tuple[str, ...], *, strict: bool) -> list[_Found]:
    found = []
    for m_start, m_text in _phone_matches(text):
        raw = m_text.rstrip(" -–/(").strip()
        if raw.count("(") != raw.count(")"):
            raw = raw.rstrip(")") if raw.count(")") > raw.count("(") else raw
        digits = re.sub(r"\D", "", raw)
        if not 6 <= len(digits) <= 15 or _DATE_LIKE.match(raw.strip("() ")):
            continue
        e164 = _e164(raw, regions)
        # Outside a contact block a number must be valid somewhere, or at least look dialled
        # (a "+", "0" or "(" in front) and be possible; "1 500 000 kronor" is neither.
        if strict and e164 is None and not (raw[:1] in "+0(" and _is_possible(raw, regions)):
            continue
        start = m_start + m_text.index(raw[0])
        found.append(_Found(raw, start, start + len(raw), e164))
    return found


def find_phones(text: str, region: str | Iterable[str] | None = "US") -> list[str]:
    """Phone numbers in `text` as written, in order. A number counts when phonenumbers finds
    it possible for its own "+" prefix or one of the regions (an English region also tries
    GB/US/CA), which keeps years, prices and dates out."""
    if not isinstance(text, str):
        return []
    return [f.value for f in _phones(text, _regions(region), strict=True)]


def phone_e164(raw: str, region: str | Iterable[str] | None = "US") -> str | None:
    """E.164 form of one written number ("070-342 47 00", "SE" → "+46703424700"), or None."""
    try:
        return _e164(raw, _regions(region))
    except Exception:  # phonenumbers raises only NumberParseException, but never let it escape
        return None


# --- classifying the parts of a contact block ------------------------------------------

# Title words that are never a name token ("Chief Executive Officer" is not a person);
# words that are also common surnames (Dean, Head, Partner) are left out.
_SURNAME_LIKE = frozenset(
    {
        "dean",
        "head",
        "lead",
        "owner",
        "partner",
        "agent",
        "principal",
        "associate",
        "editor",
        "chair",
        "vice",
        "expert",
        "leader",
        "counsel",
        "professor",
        "presse",
    }
)
_ADDRESS_RE = re.compile(
    r"^(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*,\s*[A-Z]{2}(?:\s+\d{5}(?:-\d{4})?)?|"
    r"\d+\s+\w.*(?:street|st\.|avenue|ave\.?|road|rd\.|boulevard|blvd\.?|suite|floor|gatan|vägen|straße|"
    r"strasse|weg|laan|straat|rue|calle|avenida|katu|tie|gate|vej)\b.*|"
    r"(?:box|postbox|p\.?o\.? box|postfach|bp)\s+\d+.*|"
    r"\d{3}\s?\d{2}\s+[A-ZÅÄÖ]\w+|\d{4,5}\s+[A-ZÅÄÖÆØÜ]\w+(?:\s+\w+)?|"
    r"Sweden|Sverige|Norway|Norge|Denmark|Danmark|Finland|Suomi|Germany|Deutschland|Netherlands|Nederland|"
    r"France|Spain|España|Canada|USA|United States|U\.S\.A\.|United Kingdom|UK|Mexico|México|Peru|Perú|"
    r"El Salvador)$",
    re.IGNORECASE,
)

# European street addresses and postcodes anywhere in a fragment: "Musterstraße 1", "Drottninggatan 12",
# "10115 Berlin", "111 22 Stockholm", "1012 AB Amsterdam", "SW1A 1AA"
_STREET_RE = re.compile(
    r"(?:straße|strasse|gatan|gata|vägen|väg|veien|vei|vej|gade|katu|tie|laan|straat|weg|plein|gracht|allee|"
    r"platz|torg|torget|plads|kuja|polku)\s+\d+\w?\b|"
    r"\b(?:rue|avenue|boulevard|calle|avenida|plaza|paseo|carrera|via|viale|piazza)\s+\w+|"
    r"\b\d+\s+(?:\w+\s+){1,3}(?:street|st\.|avenue|ave\.?|road|rd\.?|boulevard|blvd\.?|lane|ln\.?|drive|dr\.|way|"
    r"place|pl\.|court|ct\.|parkway|pkwy)(?!\w)|"
    r"\b(?:[A-Z]{1,2}-)?\d{3}\s\d{2}\s+[A-ZÅÄÖ][a-zåäö]+|\b(?:[A-Z]{1,2}-)?\d{4,5}\s+[A-ZÄÖÜÅÆØ][a-zäöüåæøß]+|"
    r"\b\d{4}\s?[A-Z]{2}\s+[A-Z][a-z]+|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|"
    r"\b(?:suite|floor|box|postfach|postbox|p\.?o\.?\s?box|apartado|boîte postale|bp)\s+\d+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Vocabulary:
    """Title and organization words of every bundled language, compiled once."""

    title_re: re.Pattern[str]
    org_re: re.Pattern[str]
    legal_re: re.Pattern[str]
    compound_title_re: re.Pattern[str]
    title_phrases: frozenset[str]
    audiences: frozenset[str]
    connectives: frozenset[str]
    title_tokens: frozenset[str]
    departments: frozenset[str]
    department_suffixes: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    """Contact blocks mix languages (an English "Contact Details" card under a Spanish
    release), so every language's words apply to every block."""
    merged = all_languages()
    titles = sorted({w.lower() for w in merged.title_words}, key=len, reverse=True)
    orgs = sorted({w.lower() for w in merged.org_words if not w.startswith("-")}, key=len, reverse=True)

    def alternation(words: Iterable[str]) -> str:
        return "|".join(map(re.escape, words)) or r"(?!)"  # no words: a pattern that never matches

    return _Vocabulary(
        # a title word starts a word, or ends a compound ("informationschef", "Pressesprecher")
        title_re=re.compile(
            r"(?:^|[\s(/-])(?:" + alternation(titles) + r")"
            r"|(?:" + alternation(t for t in titles if len(t) >= 4 and t not in _SURNAME_LIKE) + r")(?!\w)",
            re.IGNORECASE,
        ),
        org_re=re.compile(r"(?<![\w-])(?:" + alternation(orgs) + r")(?![\w-])", re.IGNORECASE),
        # legal forms are case-sensitive: "AS" is Norwegian for a company, "as" is English
        legal_re=re.compile(
            r"(?:^|\s|,)(?:" + alternation(sorted(_legal_forms(), key=len, reverse=True)) + r")(?=$|[\s,.)])"
        ),
        # a title word ending a longer word: "Presschef", "Pressesprecher", "viestintäpäällikkö"
        compound_title_re=re.compile(
            r"\w(?:" + alternation(t for t in titles if len(t) >= 4 and t not in _SURNAME_LIKE) + r")$",
            re.IGNORECASE,
        ),
        title_phrases=frozenset(titles),
        audiences=frozenset(w.casefold() for w in merged.contact_audiences),
        connectives=frozenset(w.casefold() for w in merged.connectives if " " not in w),
        title_tokens=frozenset(w for w in titles if " " not in w and w not in _SURNAME_LIKE),
        departments=frozenset(d.casefold() for d in merged.departments if not d.startswith("-")),
        department_suffixes=tuple(d[1:].casefold() for d in merged.departments if d.startswith("-") and len(d) > 3),
    )


def is_title_word(word: str) -> bool:
    """True for one word that is a job title in some bundled language, as a word of its own
    ("Onderzoeker", "directeur") or ending a compound ("Projektleiterin", "Liikennesuunnittelija").
    Words that are also common surnames (Dean, Head, Partner) do not count."""
    token = word.strip(",.;:()").casefold()
    if not token or not token.replace("-", "").isalpha():
        return False
    vocabulary = _vocabulary()
    return token in vocabulary.title_tokens or vocabulary.compound_title_re.search(token) is not None


def _legal_forms() -> set[str]:
    """Legal forms of every language with their case: the merged data keeps one spelling per
    casefolded form ("Ab" of Finland-Swedish would hide Sweden's "AB")."""
    forms: set[str] = set()
    for code in available_languages():
        forms.update(load_language(code).legal_forms)
    return forms


def names_organization(text: str) -> bool:
    """True when a short text carries an organization word or a legal form of any bundled
    language ("Acme Corp", "Region Skåne", "Stadtwerke Lindau GmbH"): a name, not a person or a place."""
    vocabulary = _vocabulary()
    return bool(vocabulary.org_re.search(text) or vocabulary.legal_re.search(text))


def org_name_line(text: str) -> bool:
    """True for a short line that is only an organization or department name ("Lakeshore State
    University", "Office of University Communications", "Saimaan yliopisto"): the lines a header
    prints above the headline. Every word is capitalized, a connector or an organization word,
    and an organization word (or a department) heads or ends it, so a headline, which has a verb
    or other lower-case words, never qualifies."""
    stripped = text.strip()
    words = stripped.split()
    if not (1 <= len(words) <= 6) or len(stripped) > 60 or any(ch.isdigit() for ch in stripped):
        return False
    if stripped[-1:] in ".!?:;,\"”»'’" or not words[0][:1].isupper():
        return False
    vocabulary = _vocabulary()
    connectors = {w.casefold() for w in all_languages().org_connectors} | _NAME_PARTICLES
    for word in words:
        core = word.strip("(),")
        if core[:1].isupper() or core.casefold() in connectors or vocabulary.org_re.fullmatch(core):
            continue
        return False
    if _is_department(stripped, vocabulary):
        return True
    return bool(vocabulary.org_re.fullmatch(words[-1].strip("(),")) or vocabulary.org_re.fullmatch(words[0]))


_NOISE_RE = re.compile(
    r"^(?:email us here|e-mail us here|visit our website|visit us online|company website|website|web|"
    r"follow us.*|click here|here|view (?:all|more).*|logo|contact us|send (?:an )?e-?mail|"
    r"visit us on social media:?|facebook|x|twitter|linkedin|instagram|youtube|tiktok|threads|bluesky|mastodon|"
    r"[A-Z]{2,10}:\s*[A-Z]{1,6}|(?:OTC|OTCQB|OTCID|NASDAQ|NYSE|TSX|CSE|ASX)\s*:.*)$",
    re.IGNORECASE,
)
_NOISE_INLINE = re.compile(
    r"\b(?:Email Us Here|E-mail Us Here|Visit Our Website|Visit Website|Visit Our Blog)\b", re.IGNORECASE
)
_REGISTRY_RE = re.compile(
    r"(?:org\.?\s?nr|organisationsnummer|org\.?\s?no|vat(?:\s?no)?|moms(?:reg)?\.?\s?nr|y-tunnus|cvr(?:-nr)?|kvk|"
    r"siret|siren|nif|cif|rut|hrb|ust-?idnr|isin|ein|tax id)\.?\s*:?\s*$",
    re.IGNORECASE,
)
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_NAME_PARTICLES = {
    "de",
    "del",
    "della",
    "der",
    "den",
    "van",
    "von",
    "zu",
    "af",
    "av",
    "da",
    "das",
    "do",
    "dos",
    "di",
    "du",
    "la",
    "le",
    "ten",
    "ter",
    "y",
    "e",
    "bin",
    "ibn",
    "al",
    "el",
    "st.",
    "mac",
    "van der",
    "van den",
}
_NAME_TOKEN = re.compile(
    r"^(?:[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃŠŽČŘ][a-zà-öø-ÿłśżźćńšžčřő'’-]+"
    r"(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+)?|"
    r"[A-Z]\.(?:-?[A-Z]\.)?|[A-Z][a-z]*[A-Z][a-z]+|O['’][A-Z][a-z]+)$"
)
_DASH_SPLIT_RE = re.compile(r"\s[–—-]\s|\s[|/]\s")
_SPLIT_RE = re.compile(r"\s*(?:[,;|•·]|\s[–—-]\s|\s/\s|\t)\s*")


@functools.lru_cache(maxsize=16)
def _honorific_re(honorifics: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted({h.strip() for h in honorifics if h.strip()}, key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words) or r"(?!)"
    return re.compile(rf"^(?:(?:{alt})\s+)+(?=\S)", re.IGNORECASE)


def _strip_honorifics(name: str, honorifics: Iterable[str]) -> str:
    """The name without leading honorifics and ranks ("Dr. Anna Weber" → "Anna Weber"),
    as the gold convention wants names bare; several in a row are all removed."""
    return _honorific_re(tuple(honorifics)).sub("", name, count=1)


def looks_like_name(text: str, honorifics: Iterable[str] = ()) -> bool:
    """True for a personal name: 2–5 capitalised words (initials and particles such as
    "van", "de", "af" allowed), no digits, no organization word, not all capitals."""
    text = _strip_honorifics(text.strip(), honorifics)
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or any(ch.isdigit() for ch in text):
        return False
    vocabulary = _vocabulary()
    if text.isupper() or vocabulary.org_re.search(text) or vocabulary.legal_re.search(text):
        return False
    if any(
        tok.lower().strip(".,") in vocabulary.title_tokens or vocabulary.compound_title_re.search(tok) for tok in tokens
    ):
        return False
    caps = 0
    for i, tok in enumerate(tokens):
        if tok.lower() in _NAME_PARTICLES and 0 < i < len(tokens) - 1:
            continue
        if not _NAME_TOKEN.match(tok):
            return False
        caps += 1
    return caps >= 2 and _NAME_TOKEN.match(tokens[-1]) is not None and not tokens[-1].endswith(".")


@functools.lru_cache(maxsize=32)
def _label_re(language: LanguageData) -> re.Pattern[str]:
    """Field labels ("tel:", "tfn", "e-post:", "Phone:", "puh.") at the start or end of a fragment."""
    labels = sorted({*language.contact_labels, *all_languages().contact_labels}, key=len, reverse=True)
    alt = "|".join(re.escape(lab.rstrip(".:")) for lab in labels if lab.strip(".:"))
    return re.compile(rf"^(?:(?:{alt})\.?\s*(?:[:.]\s*|\s+|$))+|(?:\s+(?:{alt})\.?\s*:?)$", re.IGNORECASE)


@dataclass
class _Part:
    kind: str  # name, title, org, phone, email, noise
    value: str
    e164: str | None = None
    line: int = 0
    joined: bool = False  # a name cut off the end of a title ("Presschef Anna Berg")
    department: bool = False  # a department ("Corporate Communications"): title under a name, org above it
    pair: bool = False  # the second of "Ann Lee or Tom Ek": shares the first one's card


def _is_sentence(text: str) -> bool:
    """Running text ("OCEAN.SV is owned and operated by ..."), not a contact field: more than
    seven words, at least four of them lower-case, ending like a sentence."""
    words = text.split()
    if len(words) <= 7 or not text.rstrip().endswith((".", "!", "?")):
        return False
    return sum(1 for w in words if w.isalpha() and w.islower()) >= 4


def _dangling(head: str) -> bool:
    """True when a title ends in a short lower-case word ("Director of", "Head of", "Leiterin für"):
    the following words belong to the title, not to a name."""
    last = head.split()[-1] if head.split() else ""
    return last.islower() and len(last) <= 4


def _org_key(name: str | None) -> str:
    """An organization name without legal form and punctuation, for comparing
    "Acme Robotics" with "Acme Robotics, Inc."."""
    if not name:
        return ""
    text = _vocabulary().legal_re.sub(" ", name)
    return " ".join(re.findall(r"\w+", text.casefold()))


def _is_department(text: str, vocabulary: _Vocabulary) -> bool:
    """ "Marketing & Kommunikation", "Investor Relations", "Kommunikationsavdelningen": a department."""
    folded = text.casefold()
    if folded in vocabulary.departments:
        return True
    joins = "|".join(re.escape(w.casefold()) for w in all_languages().org_connectors)
    parts = [p.strip() for p in re.split(rf"\s+(?:{joins})\s+|\s*/\s*", folded) if p.strip()]
    if len(parts) >= 2 and all(
        p in vocabulary.departments or p.rstrip("s") in vocabulary.departments or f"{p}s" in vocabulary.departments
        for p in parts
    ):
        return True  # "Investor Relations & Corporate Communication": departments joined
    return " " not in folded and folded.isalpha() and folded.endswith(vocabulary.department_suffixes)


def _agency(text: str, vocabulary: _Vocabulary) -> bool:
    """ "Larkspur Communications", "Nordic PR Partners": a capitalized name ending in an
    organization word, with no job-title word that is not also an organization word
    ("Communications Director" and "Head of PR" stay titles)."""
    words = text.split()
    if len(words) < 2 or not words[0][:1].isupper():
        return False
    # the head noun ends an English/Nordic/German name and starts a French/Spanish/Dutch one
    # ("Service de communication de l'Hôpital du Lac", "Dienst Communicatie")
    if not (vocabulary.org_re.fullmatch(words[-1]) or vocabulary.org_re.fullmatch(words[0])):
        return False
    titles = [m.group(0).strip(" (/-") for m in vocabulary.title_re.finditer(text)]
    return all(vocabulary.org_re.fullmatch(t) for t in titles)


def _trim(text: str) -> str:
    """Separators and stray parentheses cut from a fragment's ends; a balanced pair stays
    ("IBN (InvestorBrandNetwork)")."""
    out = text.strip(" :;,–—-|()").strip()
    if text.rstrip(" :;,–—-|").endswith(")") and out.count("(") == out.count(")") + 1:
        out += ")"
    return out


def _two_names(text: str, vocabulary: _Vocabulary) -> tuple[str, str] | None:
    """ "Ann Lee or Tom Ek", "Jane Roe and John Doe": two people joined by a lower-case connective."""
    words = text.split()
    while words and words[0].islower() and words[0] in vocabulary.connectives:
        words = words[1:]  # "c/o Ann Lee or Tom Ek"
    if len(words) > 7 or all_languages().match("trailing_sections", text):
        return None  # "Forward Looking Statements and Safe Harbor" is a section heading
    for k in range(2, len(words) - 2):
        if words[k].islower() and words[k] in vocabulary.connectives:
            left, right = " ".join(words[:k]), " ".join(words[k + 1 :])
            if looks_like_name(left) and looks_like_name(right) and not names_organization(text):
                return left, right
    return None


def _classify(
    text: str, language: LanguageData, organization: str | None, known: set[str], domains: frozenset[str] = frozenset()
) -> list[_Part]:
    """Kinds for one non-detail fragment of a line (e-mails and phones are already cut out)."""
    vocabulary = _vocabulary()
    unlabelled = _trim(_label_re(language).sub("", text))
    lead = (unlabelled.split() or [""])[0]
    if lead.islower() and lead in vocabulary.connectives and unlabelled != text.strip():
        # "Office of the Mayor": a label word ("Office") joined to the rest by "of" is part of the name
        unlabelled = _trim(text)
    text = re.sub(r"\s{2,}", " ", unlabelled)
    prefix = re.match(r"^([^\W\d][\w .&'’-]{0,40}?)\s*:\s*(\S.*)$", text)
    if prefix and (
        prefix.group(1).casefold() in vocabulary.audiences
        or all_languages().is_phrase("contact_headings", prefix.group(1))
    ):
        text = prefix.group(2)  # "Media: Jane Doe" → "Jane Doe"
    words = text.split()  # joining words are written in lower case; "Per" is a name, "per" is not
    while words and words[0].islower() and words[0] in vocabulary.connectives:
        words.pop(0)
    while words and words[-1].islower() and words[-1].rstrip(".:") in vocabulary.connectives:
        words.pop()
    text = " ".join(words)
    if not vocabulary.legal_re.search(text):  # keep the period of "Inc." and "S.A."
        text = text.rstrip(".").strip()
    if not text or _NOISE_RE.match(text) or _URL_RE.fullmatch(text):
        return []
    pair = _two_names(text, vocabulary)
    if pair is not None:  # "Ann Lee or Tom Ek": one contact per person
        return [_Part("name", pair[0]), _Part("name", pair[1], pair=True)]
    if text in (*language.postnominals, *all_languages().postnominals):
        return []  # "Kalle Ahl, CFA": a credential after the name is neither a title nor an organization
    if _ADDRESS_RE.match(text) or _STREET_RE.search(text):
        return [_Part("noise", text)]
    if _is_sentence(text):
        return [_Part("noise", text)]
    honorifics = (*language.honorifics, *all_languages().honorifics)
    stripped = _strip_honorifics(text, honorifics)
    if domains and re.sub(r"[^a-z0-9]", "", _fold(stripped)) in domains:
        return [_Part("org", text)]  # "Acme Widgets" next to jane@acmewidgets.com: the company, not a person
    titled = _title_then_org(text, vocabulary, organization, domains)
    if titled is not None:
        return titled
    org_key, text_key = _org_key(organization), _org_key(text)
    if (
        org_key
        and text_key
        and (text_key == org_key or (len(org_key) > 3 and org_key in text_key and not looks_like_name(stripped)))
    ):
        return [_Part("org", text)]
    office = text[: len(text) - len(stripped)].strip()
    if office and looks_like_name(stripped) and not all_languages().only_address_forms(office.split()):
        # "Borgmester Anders Kjær", "Mayor Linda Doe": an office before the name is the title
        return [_Part("title", office), _Part("name", stripped, joined=True)]
    # "Presschef Anna Berg", "toimitusjohtaja Matti Meikäläinen", "Head of Communications Jane Q. Doe"
    written = text.split()
    for k in (3, 2):
        if len(written) > k:
            head, tail = " ".join(written[:-k]), " ".join(written[-k:])
            if (
                looks_like_name(tail)
                and vocabulary.title_re.search(head)
                and not looks_like_name(head)
                and not vocabulary.title_re.search(tail)
                and not _dangling(head)
            ):
                return [_Part("title", head), _Part("name", tail, joined=True)]
    if stripped.casefold() in known:
        return [_Part("name", stripped)]
    # "Shane Devenish Canadian RV Association": a known or name-like head, an organization tail
    tokens = stripped.split()
    for k in (3, 2):
        head, tail = " ".join(tokens[:k]), " ".join(tokens[k:])
        if tail and head.casefold() in known:
            return [_Part("name", head), *_classify(tail, language, organization, known, domains)]
    tail_text = " ".join(tokens[2:])
    if len(tokens) >= 4 and (vocabulary.org_re.search(tail_text) or vocabulary.legal_re.search(tail_text)):
        k = 3 if re.fullmatch(r"[A-Z]\.", tokens[1]) or tokens[1].lower() in _NAME_PARTICLES else 2
        head, tail = " ".join(tokens[:k]), " ".join(tokens[k:])
        if looks_like_name(head) and not vocabulary.title_re.search(head):
            return [_Part("name", head), _Part("org", tail)]
    if vocabulary.legal_re.search(text):
        return [_Part("org", text)]
    if _is_department(text, vocabulary):
        return [_Part("title", text, department=True)]  # "Marketing & Kommunikation" under a name: the function
    if _agency(text, vocabulary):
        return [_Part("org", text)]
    if vocabulary.title_re.search(text) and not looks_like_name(stripped):
        return [_Part("title", text)]
    if vocabulary.org_re.search(text):
        return [_Part("org", text)]
    if looks_like_name(stripped):
        return [_Part("name", stripped)]
    if text[0].islower():
        return [_Part("title", text)]
    words = text.split()
    if len(words) >= 2 and sum(w[0].isupper() for w in words if w[0].isalpha()) >= 1 and len(words) <= 8:
        return [_Part("org", text)]
    if len(words) == 1 and _strip_honorifics(f"{text} X", honorifics) == "X":
        return [_Part("title", text)]  # "Mayor", "Bürgermeister" alone under a name: the office is the title
    if len(words) == 1 and words[0][:1].isupper() and words[0].rstrip(".").replace("-", "").replace("&", "").isalnum():
        return [_Part("org", text)]  # "Acme" / "IKEA" on its own line in a card: a one-word company name
    return [_Part("noise", text)]


def _title_then_org(
    text: str, vocabulary: _Vocabulary, organization: str | None, domains: frozenset[str]
) -> list[_Part] | None:
    """ "woordvoerder Stadsbank Lokaal", "persvoorlichter Gemeente Utrecht": a lower-case job
    title run straight into a capitalized name (no "of"/"bij" between) is the title and the
    organization. Titles with a preposition ("directora de la Fundación …") stay whole."""
    words = text.split()
    k = 0
    while k < len(words) and words[k][:1].islower():
        k += 1
    if k == 0 or k >= len(words) or not words[k][:1].isupper():
        return None
    head, tail = " ".join(words[:k]), " ".join(words[k:])
    offices = {h.casefold() for h in all_languages().honorifics}  # "ordfører", "borgmästare"
    if not all(is_title_word(w) or w.casefold() in offices for w in words[:k]):
        return None
    # a name-like tail is an organization only when something says so: an org word or legal
    # form, the release's organization, or the block's e-mail domain ("Stadsbank Lokaal")
    said = (
        names_organization(tail)
        or (bool(organization) and _org_key(tail) == _org_key(organization))
        or re.sub(r"[^a-z0-9]", "", _fold(tail)) in domains
    )
    if looks_like_name(tail) and not said:
        return None
    return [_Part("title", head), _Part("org", tail)]


def _line_parts(
    line: str,
    index: int,
    language: LanguageData,
    organization: str | None,
    regions: tuple[str, ...],
    known: set[str],
    domains: frozenset[str] = frozenset(),
) -> list[_Part]:
    """Parts of one line in written order."""
    card = _NOISE_INLINE.search(line)
    if card and line[: card.start()].strip():
        # PR Karma card: "Shane Devenish Canadian RV Association Email Us Here"
        head = _card_parts(line[: card.start()].strip(), index, organization, known)
        if head:
            return head + _line_parts(line[card.end() :], index, language, organization, regions, known, domains)
    line = _NOISE_INLINE.sub(" ", line)
    line = _URL_RE.sub(" ", line)
    spans: list[tuple[int, int, _Part]] = []
    for f in _emails(line):
        spans.append((f.start, f.end, _Part("email", f.value, line=index)))
    for f in _phones(line, regions, strict=False):
        if any(s < f.end and f.start < e for s, e, _ in spans):
            continue
        before = line[max(0, f.start - 12) : f.start].lower()
        registry = _REGISTRY_RE.search(before)
        if registry:  # an organization number is no phone at all: drop it with its label
            label_start = max(0, f.start - 12) + registry.start()
            spans.append((label_start, f.end, _Part("noise", f.value, line=index)))
            continue
        # a fax number is not the phone to call
        fax_labels = (re.escape(lab.rstrip(".")) for lab in language.fax_labels)
        if any(re.search(rf"\b{lab}\b\.?\s*:?\s*$", before) for lab in fax_labels):
            spans.append((f.start, f.end, _Part("noise", f.value, line=index)))
            continue
        spans.append((f.start, f.end, _Part("phone", f.value, f.e164, line=index)))
    spans.sort(key=lambda s: s[0])
    parts: list[_Part] = []
    cursor = 0
    for start, end, part in [*spans, (len(line), len(line), None)]:
        gap = line[cursor:start]
        # Split free text at commas and dashes only when the line has more than one field, so an
        # organization written "OCEAN MINING, Sociedad Anónima de Capital Variable" stays whole.
        if _place_line(gap, language):
            parts.append(_Part("noise", gap.strip(), line=index))  # "Los Angeles, California": an address
            pieces = []
        else:
            pieces = split_fields(gap) if (spans or _splittable(gap, language)) else [gap]
        for piece in pieces:
            if piece.strip():
                for p in _classify(piece, language, organization, known, domains):
                    p.line = index
                    parts.append(p)
        if part is not None:
            parts.append(part)
        cursor = end
    return _join_departments(parts)


def _place_line(text: str, language: LanguageData) -> bool:
    """ "Los Angeles, California", "San Diego, California, United States": a city and regions."""
    fields = [f.strip() for f in text.strip(" ,;|").split(",")]
    if len(fields) < 2 or not fields[0][:1].isupper() or len(fields[0].split()) > 3:
        return False
    regions = {r.casefold() for r in (*language.regions, *all_languages().regions)}
    return all(f.casefold() in regions for f in fields[1:])


def split_fields(text: str) -> list[str]:
    """Split free text at commas and dashes, keeping a legal form after a comma with the name
    it belongs to ("Halvorsen Biotherapeutics, Inc." is one organization)."""
    pieces = _SPLIT_RE.split(text)
    separators = _SPLIT_RE.findall(text)
    forms = _legal_forms()
    out: list[str] = []
    for i, piece in enumerate(pieces):
        if i and out and out[-1].strip() and "," in separators[i - 1] and piece.strip() in forms:
            out[-1] = f"{out[-1]}, {piece.strip()}"
            continue
        out.append(piece)
    return out


def _join_departments(parts: list[_Part]) -> list[_Part]:
    """ "Vice President" + "Investor Relations" on one line: a department after a title is
    part of the title, not the person's organization."""
    out: list[_Part] = []
    for part in parts:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "title"
            and part.kind in ("org", "title")
            and part.line == prev.line
            and _is_department(part.value, _vocabulary())
        ):
            prev.value = f"{prev.value}, {part.value}"
            continue
        if prev is not None and prev.kind == "org" and part.department and part.line == prev.line:
            # "Sparkasse Ostheide, Unternehmenskommunikation": the department of that organization
            prev.value = f"{prev.value}, {part.value}"
            continue
        if prev is not None and prev.department and part.kind == "org" and part.line == prev.line:
            # "Corporate Communications, Acme Widgets": a department of the organization that follows
            prev.kind, prev.value, prev.department = "org", f"{prev.value}, {part.value}", False
            continue
        out.append(part)
    return out


def _card_parts(text: str, index: int, organization: str | None, known: set[str]) -> list[_Part]:
    """Split "Name Organization" written without a separator: at a known name, at the release's
    organization, else after two words (three with a middle initial or particle)."""
    tokens = text.split()
    if len(tokens) < 3:
        return []
    cut = None
    for k in (3, 2):
        if " ".join(tokens[:k]).casefold() in known:
            cut = k
            break
    org_key = _org_key(organization)
    if cut is None and org_key:
        for k in (2, 3):
            if _org_key(" ".join(tokens[k:])) == org_key:
                cut = k
                break
    if cut is None:
        cut = 3 if re.fullmatch(r"[A-Z]\.", tokens[1]) or tokens[1].lower() in _NAME_PARTICLES else 2
    name, org = " ".join(tokens[:cut]), " ".join(tokens[cut:])
    if not org or not looks_like_name(name):
        return []
    return [_Part("name", name, line=index), _Part("org", org, line=index)]


def _splittable(text: str, language: LanguageData) -> bool:
    pieces = [p for p in split_fields(text) if p.strip()]
    if len(pieces) < 2:
        return False
    honorifics = (*language.honorifics, *all_languages().honorifics)
    first = _strip_honorifics(pieces[0].strip(), honorifics)
    if looks_like_name(first) or _vocabulary().title_re.search(pieces[0]) is not None:
        return True
    if any(_two_names(_trim(p), _vocabulary()) for p in pieces[1:]):
        return True  # "Brightline PR, c/o Ann Lee or Tom Ek"
    # "Agence Rivage – Julie Marchand": an organization and a name joined by a dash or bar
    dashed = [p for p in _DASH_SPLIT_RE.split(text) if p.strip()]
    return len(dashed) >= 2 and any(looks_like_name(_strip_honorifics(p.strip(), honorifics)) for p in dashed)


def _is_heading(line: str, language: LanguageData) -> str | None:
    """The contact heading a line starts with ("Media Contact", "För mer information kontakta"),
    in the release's language or any other (wire cards say "Contact Details" everywhere)."""
    found = [language.match("contact_headings", line), all_languages().match("contact_headings", line)]
    found = [f for f in found if f]
    return max(found, key=len) if found else None


def _strip_heading(line: str, language: LanguageData) -> tuple[bool, str]:
    """(is a heading line, the rest after it). A heading needs nothing after it or a colon or
    dash: "Contact Shane Devenish" is content, "Media Contact: Jess Block Nerren" is both."""
    stripped = line.strip()
    heading = _is_heading(stripped, language)
    if heading is None:
        return False, stripped
    after = stripped[len(heading) :].strip()
    if not after or after.strip(":：.") == "":
        return True, ""
    if after[:1] in (":", "：", "–", "—", "-"):
        return True, after.lstrip(":：–—- ").strip()
    if after.endswith((":", "：")) and not _emails(after) and not _PHONE_RE.search(after):
        # "För ytterligare information, vänligen kontakta:" — a heading phrase with more words
        return True, ""
    if len(heading.split()) >= 3 and after[:1].isupper():
        # "Voor meer informatie kunt u contact opnemen met Pieter Jansen, ..." has no colon
        return True, after
    return False, stripped


def _name_key(name: str | None) -> str:
    return " ".join(re.findall(r"\w+", (name or "").casefold()))


def merge_contacts(contacts: list[Contact]) -> list[Contact]:
    """The same person listed twice (top and bottom, two cards) becomes one contact with every field found."""
    out: list[Contact] = []
    for c in contacts:
        key = _name_key(c.name)
        twin = next((o for o in out if key and _name_key(o.name) == key), None)
        if twin is None:
            out.append(c)
            continue
        for field in ("title", "organization", "phone", "phone_e164", "email"):
            if getattr(twin, field) is None and getattr(c, field) is not None:
                if field == "phone_e164" and twin.phone is not None and twin.phone != c.phone:
                    continue
                setattr(twin, field, getattr(c, field))
    return out


def parse_contacts(lines: list[str], language: LanguageData, organization: str | None = None) -> list[Contact]:
    """One `Contact` per person in the lines of a contact region.

    `lines` may include the heading ("Media Contact:") and "" for blank lines; a blank line
    or a heading can end a person but need not (wire cards put every field in its own
    paragraph). Entries with neither a name, an e-mail nor a phone are dropped; the same
    name twice is merged into one entry. Never raises on odd input.
    """
    try:
        return _parse(lines, language, organization)
    except Exception:  # a field parser must not take the release down with it
        return []


def unglue_card_line(line: str, language: LanguageData) -> str:
    """A card line that copy-paste ran together, spaced at its glue points: a field label glued
    to the word before it ("Hybrid Power SolutionsE: invest@…caT: 866-549-2743www.x.com"), a web
    address glued to a number, a department glued to the name around it ("Susan
    HoffmeisterInvestor RelationsTel.: …", "Investor RelationsDean Stuart")."""
    labels = sorted({lab for lab in language.contact_labels if lab[:1].isalpha()}, key=len, reverse=True)
    if labels:
        alternation = "|".join(re.escape(lab[:1].upper() + lab[1:]) for lab in labels)
        line = re.sub(rf"(?<=[A-Za-z\d)])\s*(?=(?:{alternation})\.?\s?[:：]\s*[\w+(])", " | ", line)
    line = re.sub(r"(?<=[\w)])(?=(?:https?://|www\.))", " | ", line)
    line = re.sub(r"(?<=[^\W\d_])(?=\(\+?\d)", " ", line)  # "Todd Waltz(408) 213-0940"
    line = re.sub(r"(?<=\d)(?=[^\W\d_][\w.+-]*@)", " | ", line)  # "213-0940investors@aemetis.com"
    ends = _org_ends(language)
    if ends is not None:
        # "The Equity GroupKalle Ahl", "RooneyPartners LLCKate Barrette"
        line = ends.sub(lambda m: f"{m.group(0)} | ", line)
    for dept in _departments(language):
        low = dept.casefold()
        for m in reversed(list(re.finditer(re.escape(dept), line, re.IGNORECASE))):
            a, b = m.start(), m.end()
            if m.group(0).casefold() != low or not m.group(0)[:1].isupper():
                continue
            if b < len(line) and line[b].isupper() and line[b - 1].islower():
                line = line[:b] + " | " + line[b:]
            if a >= 3 and line[a - 3 : a].isalpha() and line[a - 3 : a].islower():
                line = line[:a] + " | " + line[a:]
    return line


@functools.lru_cache(maxsize=16)
def _org_ends(language: LanguageData) -> re.Pattern[str] | None:
    """Capitalized organization words and legal forms glued to a capitalized name after them."""
    named = (*language.org_words, *language.legal_forms)
    legal = {w for w in named if w[:1].isupper() and w.replace(".", "").isalpha()}
    words = {w[:1].upper() + w[1:] for w in language.org_words if w.isalpha() and len(w) > 3}
    if not legal and not words:
        return None
    first = "|".join(re.escape(w) for w in sorted(legal, key=len, reverse=True)) or "(?!)"
    second = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"
    # after a legal form any capitalized word; after an org word only a two-word name
    # ("The Equity GroupKalle Ahl"), so "NetworkNewsWire" is no glue point
    return re.compile(
        rf"(?<![^\W\d_])({first})(?=[A-ZÀ-Þ][a-zà-ÿ])|(?<![^\W\d_])({second})(?=[A-ZÀ-Þ][a-zà-ÿ]+\s[A-ZÀ-Þ][a-zà-ÿ])"
    )


def _departments(language: LanguageData) -> tuple[str, ...]:
    """Multi-word departments, longest first: the only glue the card splitter trusts in a name."""
    return tuple(
        sorted({d for d in (*language.departments, *all_languages().departments) if " " in d}, key=len, reverse=True)
    )


def _parse(lines: list[str], language: LanguageData, organization: str | None) -> list[Contact]:
    lines = [unglue_card_line(line, language) if isinstance(line, str) else line for line in lines]
    regions = tuple(dict.fromkeys((*language.phone_regions, language.default_region)))
    honorifics = (*language.honorifics, *all_languages().honorifics)
    known: set[str] = set()
    domains = _domain_labels([line for line in lines if isinstance(line, str)])
    # first pass: names written on their own or before a comma, so a later "Name Org" card splits right
    for line in lines:
        if not isinstance(line, str):
            continue
        for piece in _SPLIT_RE.split(_strip_heading(line, language)[1]):
            piece = _strip_honorifics(_label_re(language).sub("", piece).strip(), honorifics)
            spelled = re.sub(r"[^a-z0-9]", "", _fold(piece)) in domains
            if looks_like_name(piece) and not _emails(piece) and not _ADDRESS_RE.match(piece) and not spelled:
                known.add(piece.casefold())
    people: list[dict[str, str | None]] = []
    current: dict[str, str | None] = {}
    heading = ""  # the contact heading the current lines stand under
    boundary = False  # a heading was seen since the current person got details

    def flush() -> None:
        nonlocal current
        if current.get("name") or current.get("email") or current.get("phone"):
            people.append(current)
        current = {}

    for index, raw in enumerate(lines):
        if not isinstance(raw, str):
            continue
        if not raw.strip():
            boundary = True
            continue
        is_heading, rest = _strip_heading(raw, language)
        bare = raw.strip().rstrip(":").strip()
        if is_heading and not rest and bare.casefold() in _vocabulary().title_phrases:
            # "Woordvoerder" / "Anna Berg": a heading word that is also a job title is the title
            is_heading, rest = False, bare
        if (
            is_heading
            and not rest
            and not raw.strip().endswith((":", "："))
            and current.get("name")
            and not any(current.get(k) for k in ("title", "email", "phone"))
            and current.get("_name_line") == str(index - 1)
        ):
            # "Sara Holm" / "Presskontakt" / e-mail (Mynewsdesk): a heading word right under the
            # name, with no colon, is that person's function, not the start of another card
            current["title"] = bare
            current["_title_line"] = str(index)
            continue
        if is_heading:
            heading = _is_heading(raw.strip(), language) or ""
            if any(current.values()):
                flush()
            if not rest:
                continue
        if _mail_link(rest, language):
            continue  # "e-post till Anna Berg": the text of an e-mail link, no address and no person
        if current.get("name") and _name_key(_strip_honorifics(rest, honorifics)) == _name_key(current["name"]):
            continue  # Mynewsdesk cards print the name twice (a line, then the link text)
        parts = _line_parts(rest, index, language, organization, regions, known, domains)
        if _labelled_number(rest, language, regions, honorifics):
            # "Out of hours: 07700 900999", "Switchboard: …": another number of the same card,
            # its label no organization of a nameless second contact
            parts = [p for p in parts if p.kind == "phone"]
        has_details = bool(current.get("email") or current.get("phone"))
        label = rest.strip().rstrip(":： ")
        if label.casefold() in _vocabulary().audiences:
            if current.get("name") and not (current.get("email") or current.get("phone")) and not current.get("title"):
                current["title"] = label  # "Anna Berg" / "Spokesperson": under a name the word is the function
                continue
            # "Media:" / "Investors:" alone on a line opens the next person's card
            if any(v for k, v in current.items() if not k.startswith("_")):
                flush()
            continue
        for part in parts:
            kind = part.kind
            if kind == "noise":
                continue
            has_details = bool(current.get("email") or current.get("phone"))
            if kind == "phone":
                if current.get("phone"):
                    if current.get("name") or not current.get("email"):
                        continue  # a second number of the same person
                    flush()
                current["phone"] = part.value
                current["phone_e164"] = part.e164
                continue
            if kind == "email":
                if current.get("email"):
                    flush()
                current["email"] = part.value
                continue
            if (
                kind == "name"
                and part.joined
                and current.get("name")
                and current.get("title")
                and current.get("_title_line") == str(part.line)
                and not has_details
            ):
                # "Anna Andersson" / "Pressekreterare hos statsrådet Benjamin Dousa": the person is
                # already named, so the name at the end of the title belongs to the title
                current["title"] = f"{current['title']} {part.value}"
                continue
            if kind == "title" and part.department and not current.get("name"):
                kind = "org"  # a department line above the person is where they work, not their title
            field = {"name": "name", "title": "title", "org": "organization"}[kind]
            if (
                kind == "name"
                and current.get("name")
                and current.get("title")
                and not current.get("organization")
                and current.get("_name_line") == str(part.line)
                and not has_details
            ):
                # "Kevin Doe, Public Information Officer, Valley County Health": the part after the
                # name and title on the same line is the organization, however name-like it looks
                field = "organization"
            if (
                kind == "title"
                and current.get("name")
                and current.get("title")
                and not current.get("organization")
                and current.get("_name_line") == current.get("_title_line") == str(part.line)
                and not has_details
            ):
                # "Peter Nyström, förvaltningschef, barn- och utbildningsförvaltningen, 0612-…": the
                # third part after the name and the title on one line is where the person works
                field = "organization"
            new_person = current.get(field) is not None
            if has_details and kind in ("name", "title") and not new_person:
                # a name or title after the phone/e-mail begins the next person...
                new_person = True
            if has_details and kind == "org" and not new_person:
                # ...an organization there begins one only across a blank line or on its own line
                new_person = boundary or part.line != _last_line(current)
            if (
                kind == "name"
                and new_person
                and not has_details
                and current.get("organization") is None
                and part.line != _last_line(current)
                and not _has_honorific(part.value, raw, honorifics)
            ):
                # "John Smith" / "Acme Robotics" / phone: a second name-like line before any phone
                # or e-mail is the first person's organization, not a second person
                field, new_person = "organization", False
                current["_ambiguous"] = "1"
            if new_person:
                flush()
            current[field] = part.value
            current["_line"] = str(part.line)
            if field == "title":
                current["_title_line"] = str(part.line)
            if field == "name":
                current["_name_line"] = str(part.line)
                if part.pair:
                    current["_pair"] = "1"
            if "_heading" not in current:
                current["_heading"] = heading
        if parts:
            current["_line"] = str(parts[-1].line)
            boundary = False
    flush()
    for person in people:
        if person.get("_ambiguous"):
            _resolve_name_org(person)
    for first, second in itertools.pairwise(people):
        if second.get("_pair"):  # "Brightline PR" / "Ann Lee or Tom Ek" / "press@…": one card, two people
            for key in ("organization", "email", "phone", "phone_e164"):
                value = first.get(key) or second.get(key)
                first[key], second[key] = first.get(key) or value, second.get(key) or value
    # A nameless entry with only a number already given to someone (a card's footer repeating
    # the phone without punctuation) is that person's number again, not another contact.
    digits = {re.sub(r"\D", "", p["phone"] or "") for p in people if p.get("name") and p.get("phone")}
    people = [
        p for p in people if p.get("name") or p.get("email") or re.sub(r"\D", "", p.get("phone") or "") not in digits
    ]
    contacts = [
        Contact(
            name=p.get("name"),
            title=p.get("title"),
            organization=p.get("organization"),
            phone=p.get("phone"),
            phone_e164=p.get("phone_e164"),
            email=p.get("email"),
        )
        for p in people
    ]
    return merge_contacts(contacts)


def _mail_link(line: str, language: LanguageData) -> bool:
    """ "e-post till Anna Berg", "Email to Jane Doe", "E-Mail an Anna Berg": the text of a
    mail link (Regeringskansliet cards) with no address in it; read as a line, its name would
    start a new person and its words a title. An e-mail label, one lower-case word, a name."""
    labels = {lab.rstrip(".:").casefold() for lab in (*language.email_labels, *all_languages().email_labels)}
    words = line.strip().split()
    if len(words) < 3 or _emails(line) or words[0].rstrip(".:").casefold() not in labels:
        return False
    return words[1].islower() and words[1].isalpha() and looks_like_name(" ".join(words[2:]))


def _labelled_number(line: str, language: LanguageData, regions: tuple[str, ...], honorifics: Iterable[str]) -> bool:
    """A line "label: number" whose label is a short phrase, not a person ("Out of hours:
    07700 900999"); the phone labels of the language data are cut off before this is asked."""
    m = re.match(r"^(?P<label>[^\W\d][^:：@,;|/–—]{0,30})[:：]\s*(?P<rest>\S.*)$", line.strip())
    if m is None:
        return False
    label, rest = _label_re(language).sub("", m.group("label")).strip(" .:"), m.group("rest")
    if not label or re.search(r"\w", label) is None:
        return False
    phones = _phones(rest, regions, strict=False)
    if len(phones) != 1 or rest[: phones[0].start].strip() or rest[phones[0].end :].strip(" .;,"):
        return False
    return not looks_like_name(_strip_honorifics(label, honorifics)) and not names_organization(label)


def _domain_labels(lines: list[str]) -> frozenset[str]:
    """The names the block's e-mail domains spell ("jane@acmewidgets.com" → "acmewidgets"), so a
    two-word line "Acme Widgets" is read as the company even though it looks like a name."""
    labels = set()
    for line in lines:
        for found in _emails(line):
            parts = found.value.split("@", 1)[1].casefold().split(".")
            if len(parts) >= 2 and len(parts[-2]) >= 4:
                labels.add(re.sub(r"[^a-z0-9]", "", parts[-2]))
    return frozenset(labels)


def _fold(text: str) -> str:
    """Lower case without accents, for comparing a name with an e-mail address."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() or ch.isspace())


def _person_score(candidate: str, local: str) -> int:
    """How well a name fits an e-mail's local part: "john.smith", "jsmith", "john"."""
    tokens = [t for t in _fold(candidate).split() if len(t) > 1]
    score = sum(2 for t in tokens if t in local)
    if len(tokens) >= 2 and (tokens[0][0] + tokens[-1]) in local:
        score += 2
    return score


def _resolve_name_org(person: dict[str, str | None]) -> None:
    """Two name-like lines in a row ("Bright Star" / "John Smith", or "John Smith" / "Acme
    Robotics") were read as name then organization. Swap them when the e-mail says so
    (john@brightstar.example), or, without an e-mail clue, under a wire "Contact Details"
    card, whose layout is organization first."""
    name, org = person.get("name") or "", person.get("organization") or ""
    email = (person.get("email") or "").casefold()
    local, _, domain = email.partition("@")
    local, domain = _fold(local), _fold(domain.replace(".", " ").replace("-", " ")).replace(" ", "")
    swap = False
    if email:
        as_person = _person_score(org, local) - _person_score(name, local)
        as_org = _person_score(name, domain) - _person_score(org, domain)
        swap = as_person > 0 or (as_person == 0 and as_org > 0)
        if as_person == 0 and as_org == 0 and (person.get("_heading") or "").casefold() == "contact details":
            swap = True
    elif (person.get("_heading") or "").casefold() == "contact details":
        swap = True
    if swap:
        person["name"], person["organization"] = org, name


def _has_honorific(name: str, line: str, honorifics: Iterable[str]) -> bool:
    """True when the line writes an honorific before the name ("Dr. Anna Weber"): a person."""
    before = line[: max(0, line.find(name))].strip().lower()
    return any(before.endswith(h.lower()) for h in honorifics)


def _last_line(current: dict[str, str | None]) -> int:
    try:
        return int(current.get("_line") or -1)
    except ValueError:
        return -1


__all__ = [
    "find_emails",
    "find_phones",
    "is_title_word",
    "looks_like_name",
    "names_organization",
    "parse_contacts",
    "phone_e164",
]
