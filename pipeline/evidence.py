"""The issuer evidence every rule shares: the weights of `evidence.toml`, what a rule reads
(`Context`) and says (`Hit`), the registry entry (`EvidenceRule`), and the small tests of names
and phrases the rules and the scoring both use (distributors, domain spellings, legal forms,
titled people, phrase lists of the language data).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Any

from . import labels as lb
from . import orgnames as on
from .language import LanguageData, all_languages
from .model import Release
from .quotes import honorific_at


@dataclass(frozen=True)
class Evidence:
    """The contents of `evidence.toml`: rule weights, scoring constants, review thresholds."""

    weights: MappingProxyType
    scoring: MappingProxyType
    review: MappingProxyType
    confidence: MappingProxyType
    distributors: frozenset[str]
    generic_domains: frozenset[str]
    wire_suffixes: tuple[str, ...] = ()


@functools.lru_cache(maxsize=1)
def load_evidence() -> Evidence:
    """Read `pipeline/evidence.toml` once (the weights are data, see its header)."""
    raw = tomllib.loads(resources.files("pipeline").joinpath("evidence.toml").read_text(encoding="utf-8"))
    agencies = raw.get("agencies") or {}
    return Evidence(
        weights=MappingProxyType({k: float(v) for k, v in raw["weights"].items()}),
        scoring=MappingProxyType(dict(raw.get("scoring") or {})),
        review=MappingProxyType(dict(raw.get("review") or {})),
        confidence=MappingProxyType(dict(raw.get("confidence") or {})),
        distributors=frozenset(on.fold(d).replace(" ", "") for d in agencies.get("distributors") or []),
        generic_domains=frozenset(str(d).casefold() for d in agencies.get("generic_domains") or []),
        wire_suffixes=tuple(on.fold(x).replace(" ", "") for x in agencies.get("wire_suffixes") or []),
    )


@dataclass
class Context:
    """Everything an evidence rule may read: the classified blocks, the assembled release
    (headline, lead, quotes, contacts not yet), the language, and the names earlier rules found
    (so that a supporting rule such as `domain` can match a domain to a name already named)."""

    labelled: Sequence[lb.Labelled]
    release: Release
    language: LanguageData
    document: str
    outside: str
    """The text outside contact blocks: a name or domain written only there is the contact card's."""
    card: str = ""
    """The text of the contact blocks."""
    named: list[str] = field(default_factory=list)
    named_by: dict[str, set[str]] = field(default_factory=dict)
    """The rules that named each name in `named`."""
    cache: dict[str, Any] = field(default_factory=dict)
    """Values several rules need (hosts of the text parts, addressed names), computed once."""

    def host_labels(self, part: str) -> list[str]:
        """Host labels of the e-mail addresses and URLs of one part of the text ("document",
        "outside", "card", "home"), in order, computed once per release."""
        key = f"hosts:{part}"
        if key not in self.cache:
            text = home_text(self) if part == "home" else getattr(self, part)
            self.cache[key] = [x for x in (on.host_label(h) for h in on.hosts(text)) if x]
        return self.cache[key]


@dataclass(frozen=True)
class Hit:
    """One rule naming one candidate: the name as written and where the rule saw it."""

    name: str
    where: str
    share: float = 1.0
    """The share of the rule's weight this hit earns (a partial domain match earns less)."""
    person: bool = False
    """The rule names a person who issues in their own name (a legislator)."""
    at: int = -1
    """Where in the text an About section names it (line × 10000 + offset), -1 for other rules:
    the first About section is the issuer's, a later one a partner's."""


@dataclass(frozen=True)
class EvidenceRule:
    """A named evidence rule: `collect` reads the context and yields hits; the weight is data."""

    name: str
    doc: str
    collect: Callable[[Context], Iterable[Hit]]
    full_name: bool = True
    """The rule copies the name as the text writes it (a spelling to print); the headline merely
    mentioning a candidate is no spelling of its own."""
    support: bool = False
    """The rule only supports: a candidate named by support rules alone (a product the body
    repeats and the headline names) is no issuer, whatever its score."""


def connectors_of(language: LanguageData) -> tuple[str, ...]:
    """Lower-case words inside names ("of", "för", "de"), of the language and every language."""
    return tuple(w for w in dict.fromkeys((*language.org_connectors, *all_languages().org_connectors)) if w.isalpha())


def home_text(ctx: Context) -> str:
    """Where a release writes its own web address: cards, website lines, About text, source and
    header lines, the last body paragraph (a "Learn more at …" line)."""
    kinds = (lb.CONTACTS, lb.CONTACTS_HEADING, lb.WEBSITE, lb.BOILERPLATE, lb.BOILERPLATE_HEADING, lb.SOURCE,
             lb.ORGANIZATION, lb.METADATA, lb.END_MARK)  # fmt: skip
    paragraphs = [lab for lab in ctx.labelled if lab.kind in (lb.PARAGRAPH, lb.QUOTE)]
    tail = paragraphs[-2:] if paragraphs else []
    return "\n".join(lab.text for lab in ctx.labelled if lab.kind in kinds or any(lab is t for t in tail))


def name_words(name: str, language: LanguageData, keep_legal: bool = False) -> list[str]:
    words = on.fold(on.strip_article(name.replace("’s", "").replace("'s", ""), language)).split()
    if keep_legal:
        return words
    legal = on.legal_words()
    while len(words) > 1 and words[-1] in legal:
        words.pop()
    return words


def is_distributor(folded: str) -> bool:
    """A distributor of the data, legal form aside ("Reportable, Inc." is Reportable)."""
    if not folded:
        return False
    names = load_evidence().distributors
    if folded in names:
        return True
    for word in sorted(on.legal_words(), key=len, reverse=True):
        if len(word) >= 2 and folded.endswith(word) and folded[: -len(word)] in names:
            return True
    return False


def wire_name(name: str) -> bool:
    """ "InvestorWire", "MiningNewsWire", "NetworkNewsBreaks": a wire service by its name's ending (data)."""
    folded = on.fold(name).replace(" ", "")
    return any(folded.endswith(x) and folded != x for x in load_evidence().wire_suffixes)


def spells(target: str, name: str, language: LanguageData) -> str | None:
    """How a domain label spells a name: "words" ("farmforward" → Farm Forward), "initials"
    ("csusb"), "opening words" ("ssinnovations" → SS Innovations International), "mixed"
    ("hybridps" → Hybrid Power Solutions: whole words and initials in order), "one word"
    ("heart" → American Heart Association: partial), else None."""
    words = name_words(name.replace("&", " and "), language)
    if not words:
        return None
    joined = "".join(words)
    if target == joined or (len(target) >= 6 and target.rstrip("s") == joined.rstrip("s")):
        return "words"  # "denvercabinets" spells "Denver Cabinet Co." too; "rocksandstocks" Rocks & Stocks
    if target.replace("and", "") == joined.replace("and", "") and len(target) >= 6:
        return "words"
    if len(joined) >= 5 and target.startswith(joined) and len(target) - len(joined) <= 6:
        return "words and a suffix"  # "rotorooterutah", "datavaultsite", "acmeusa"
    prefix = target[: len(target) - len(joined)]
    if len(joined) >= 6 and len(words) >= 2 and target.endswith(joined) and prefix in _domain_prefixes():
        return "a prefix and words"  # "joinmoreperfect" (More Perfect), "getacmetools", "theriverbend"
    caps = [w for w in words if w not in on.connectors()]
    if len(caps) >= 2 and target in ("".join(w[0] for w in caps), "".join(w[0] for w in words)):
        return "initials"
    for k in range(1, len(words)):
        if target == "".join(words[:k]) and len(target) >= 4:
            return "opening words"
    if len(words) >= 2 and len(target) >= 4 and _mixed(target, caps):
        return "mixed"
    if len(words) >= 2 and len(target) >= 4 and target in words:
        return "one word"
    return None


@functools.lru_cache(maxsize=1)
def _domain_prefixes() -> frozenset[str]:
    raw = tomllib.loads(resources.files("pipeline").joinpath("evidence.toml").read_text(encoding="utf-8"))
    return frozenset(str(x).casefold() for x in (raw.get("agencies") or {}).get("domain_prefixes") or [])


def _mixed(target: str, words: Sequence[str]) -> bool:
    """True when `target` is spelled by all of `words` in order, each as itself or its initial,
    the first whole ("hybridps" → hybrid, power, solutions)."""
    if not words or not target.startswith(words[0]):
        return False
    stack = [(len(words[0]), 1)]
    while stack:
        pos, k = stack.pop()
        if k == len(words):
            if pos == len(target):
                return True
            continue
        word = words[k]
        if target.startswith(word, pos):
            stack.append((pos + len(word), k + 1))
        if pos < len(target) and target[pos] == word[0]:
            stack.append((pos + 1, k + 1))
    return False


def titled(name: str, language: LanguageData) -> bool:
    """ "President Donald J. Trump", "Utanriksminister Brende", "Mayor Nora Halloway": an office
    or honorific before a name is a person speaking for a body, not the body."""
    words = name.split()
    if not words:
        return False
    if phrase_at(lang_phrases(language, "legislator_titles"), words, 0):
        return True  # "U.S. Senators Jane Roe and John Doe": the legislator rule names them one by one
    if honorific_at(words, 0, language) and not words[0].endswith(("'s", "’s")):
        return len(words) <= 4
    first = words[0].casefold()
    titles = [t.casefold() for t in (*language.title_words, *language.honorifics) if len(t) >= 5]
    return len(words) <= 3 and any(first.endswith(t) and first != t for t in titles) and words[0][:1].isupper()


@functools.lru_cache(maxsize=16)
def time_words(language: LanguageData) -> frozenset[str]:
    """Words that open a lead before its subject: "Today, Acme …", "On Monday, …" (weekdays and
    the language's date prefixes from the data)."""
    words = {w.casefold() for w in (*language.weekdays, *language.date_prefixes, *language.time_markers)}
    return frozenset(words | {"today", "yesterday", "heute", "idag", "i dag", "hoy", "aujourd'hui", "tänään"})


def datey(word: str) -> bool:
    return bool(re.fullmatch(r"[\d.,/:-]+|\w{3,9}\.?", word)) and any(ch.isdigit() for ch in word)


def spaced(text: str) -> str:
    """ "2024,Congresswoman Jane" → "2024, Congresswoman Jane": glued link anchors split at punctuation."""
    return re.sub(r"(?<=[,;])(?=[^\s\d])", " ", text)


@functools.lru_cache(maxsize=1)
def _legal_spellings() -> frozenset[str]:
    forms = {f.strip() for f in all_languages().legal_forms}
    return frozenset(forms | {f.rstrip(".") for f in forms} | {f + "." for f in forms if not f.endswith(".")})


def legal_form(token: str) -> bool:
    """A legal form of any language as written ("Inc.", "SE", "AS", "ry"); case counts, so the
    English word "as" is none."""
    return token.strip(",;:()") in _legal_spellings()


@functools.lru_cache(maxsize=256)
def lang_phrases(language: LanguageData, kind: str) -> tuple[str, ...]:
    """The release's language first, then every language's (a release quoting an English wire
    header in a Swedish text still has "Source:")."""
    return tuple(dict.fromkeys((*getattr(language, kind), *getattr(all_languages(), kind))))


def match_phrase(phrases: Sequence[str], text: str) -> str | None:
    low = text.casefold()
    for p in sorted(phrases, key=len, reverse=True):
        if low.startswith(p.casefold()) and (len(text) == len(p) or not text[len(p)].isalnum()):
            return text[: len(p)]
    return None


def phrase_at(phrases: Sequence[str], words: Sequence[str], i: int) -> int:
    """Number of words of the longest phrase that starts at words[i] (0 if none)."""
    if i >= len(words):
        return 0
    best = 0
    for parts in _phrase_index(tuple(phrases)).get(words[i].rstrip(",;:"), ()):
        got = [w.rstrip(",;:") for w in words[i : i + len(parts)]]
        if len(got) == len(parts) and all(g == q for g, q in zip(got, parts, strict=True)):
            best = max(best, len(parts))
    return best


@functools.lru_cache(maxsize=64)
def _phrase_index(phrases: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases by their first word, so a lookup at one position tries only the phrases that can match."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        parts = tuple(p.split())
        if parts:
            index.setdefault(parts[0], []).append(parts)
    return {k: tuple(v) for k, v in index.items()}


@functools.lru_cache(maxsize=64)
def label_regex(labels: tuple[str, ...], colon: bool = True) -> re.Pattern[str] | None:
    if not labels:
        return None
    alt = "|".join(r"\s+".join(map(re.escape, x.rstrip(":").split())) for x in sorted(labels, key=len, reverse=True))
    if colon:
        return re.compile(r"(?:^|\|\s*)(?P<l>" + alt + r")\s*:\s*(?P<v>[^|]{2,160}?)\s*(?=\||$)")
    return re.compile(r"(?:" + alt + r")(?!\w)", re.IGNORECASE)
