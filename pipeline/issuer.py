"""Which organization issues a release (`Release.organization`), by weighed evidence.

A wrong issuer is the worst error the reader can make (it heads the PDF, picks the brand and
becomes the NewsML-G2 creator), and the first name a release mentions is often a partner, a
customer, a PR agency or the wire service. So no single position decides. Every *evidence
rule* of the ordered registry `issuer_rules.RULES` names candidates from one signal: the letterhead or
sender line, a "Source:" line, the subject of an announcing verb in the lead, an "About X"
heading, a legislator opening the lead, the contact card, the web and e-mail domains, a
quoted speaker's affiliation, the headline of a statement. Each rule has a weight in
`evidence.toml` (data, tuned on the labelled sets, never per file). Candidates that are one
organization (acronym and full name, with and without legal form or article) are merged and
their weights summed; a PR agency or wire service keeps only a small share of its score and
wins only when nothing else is named; people are no issuers unless a legislator speaks in
their own name. Below `min_score` the release names no issuer and `organization` is null.

`decide` returns the whole `Decision` (candidates, signals, winner, runner-up, confidence),
which `pressroom parse --explain` prints; `organization` returns only the name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import labels as lb
from . import orgnames as on
from .contacts import names_organization, parse_contacts
from .evidence import (
    Context,
    Evidence,
    EvidenceRule,
    Hit,
    connectors_of,
    is_distributor,
    lang_phrases,
    legal_form,
    load_evidence,
    name_words,
    titled,
    wire_name,
)
from .issuer_rules import HEADLINE_RULES, RULES
from .language import LanguageData, all_languages
from .model import Quote, Release


@dataclass(frozen=True)
class Signal:
    rule: str
    name: str
    where: str
    weight: float


@dataclass
class Candidate:
    """One organization after merging: the name to print, the signals that named it, the score."""

    name: str
    signals: list[Signal]
    score: float = 0.0
    raw: float = 0.0
    agency: bool = False
    person: bool = False
    first: int = 0
    mentions: int = 0
    primary: bool = True
    """Some rule that names issuers (not only support rules) named it."""

    @property
    def rules(self) -> list[str]:
        return list(dict.fromkeys(s.rule for s in self.signals))


@dataclass
class Decision:
    """What the evidence decided: the issuer (or None), the ranked candidates and a confidence."""

    organization: str | None
    confidence: float
    candidates: list[Candidate]
    dropped: list[tuple[str, str]] = field(default_factory=list)
    """Names a rule gave that are no issuer (people, generic nouns), with the reason, for --explain."""

    @property
    def winner(self) -> Candidate | None:
        return self.candidates[0] if self.organization is not None and self.candidates else None

    @property
    def runner_up(self) -> Candidate | None:
        rest = self.candidates[1:] if self.winner is not None else self.candidates
        return rest[0] if rest else None


def organization(labelled: Sequence[lb.Labelled], release: Release, language: LanguageData) -> str | None:
    """The issuer of the release (module docstring), or None when the text names none."""
    return decide(labelled, release, language).organization


def context(labelled: Sequence[lb.Labelled], release: Release, language: LanguageData) -> Context:
    """What the rules read, for one release."""
    document = "\n".join(lab.text for lab in labelled)
    outside = "\n".join(lab.text for lab in labelled if lab.kind not in (lb.CONTACTS, lb.CONTACTS_HEADING))
    card = "\n".join(lab.text for lab in labelled if lab.kind in (lb.CONTACTS, lb.CONTACTS_HEADING))
    return Context(labelled, release, language, document, outside, card)


def run_rule(name: str, labelled: Sequence[lb.Labelled], release: Release, language: LanguageData) -> list[str]:
    """The names one evidence rule gives for a release, run alone (for tests and debugging);
    a supporting rule sees the names of the rules before it in the registry."""
    ctx = context(labelled, release, language)
    for rule in RULES:
        hits = [h.name for h in rule.collect(ctx)]
        if rule.name == name:
            return hits
        ctx.named.extend(h for h in hits if rule.full_name and h not in ctx.named)
    raise KeyError(f"no evidence rule named {name!r}")


def decide(labelled: Sequence[lb.Labelled], release: Release, language: LanguageData) -> Decision:
    """Run every evidence rule, merge and score the candidates, and pick the issuer."""
    evidence = load_evidence()
    ctx = context(labelled, release, language)
    document = ctx.document
    people = _people(labelled, release, language)
    hits: list[tuple[EvidenceRule, Hit]] = []
    dropped: list[tuple[str, str]] = []
    later = float(evidence.scoring.get("conjoined_later", 0.5))
    for rule in RULES:
        for hit in rule.collect(ctx):
            cleaned = _clean(hit.name, language, rule.name in _SLOTS)
            if not cleaned:
                continue
            parts = [] if hit.person else _conjoined_parts(cleaned, document, language)
            for k, name in enumerate(parts or [cleaned]):
                person = (on.key(name) in people or _addressed(name, document, language)) and _personal_shape(name)
                slotted = rule.name in _NAMING_SLOTS or any(
                    _same(name, other, language) for other, by in ctx.named_by.items() if by & _NAMING_SLOTS
                )
                person = person or (not slotted and _spoken_of_as_person(name, document, language))
                person = person and not names_organization(name)
                if not hit.person and (person or titled(name, language)):
                    dropped.append((name, f"{rule.name}: a person"))
                    continue
                if rule.name not in _SLOTS and _place(name, document, release, language) and not any(
                    _same(name, other, language) for other, by in ctx.named_by.items() if by & _NAMING_SLOTS
                ):  # "in Minivela" is still the company its About heading names
                    dropped.append((name, f"{rule.name}: a place"))
                    continue
                share = hit.share * (later if k else 1.0)
                where = hit.where if not parts else f"{hit.where} (part {k + 1} of “{cleaned}”)"
                hits.append((rule, Hit(name, where, share, hit.person, hit.at)))
                if rule.full_name and name not in ctx.named:
                    ctx.named.append(name)
                ctx.named_by.setdefault(name, set()).add(rule.name)
    hits = _first_about(hits, evidence, language)
    candidates = _merge(hits, evidence, document, language, ctx.outside)
    min_score = float(evidence.scoring.get("min_score", 2.0))
    real = [c for c in candidates if not c.agency and c.score >= min_score and c.primary]
    ranked = sorted(candidates, key=lambda c: (-c.score, -c.mentions, c.first))
    if not real:
        # nothing but a PR agency or a wire service names itself: it is the issuer after all
        ranked = sorted(candidates, key=lambda c: (-c.raw, -c.mentions, c.first))
    if real:
        winner: Candidate | None = next(c for c in ranked if c in real)
        ranked = [winner, *[c for c in ranked if c is not winner]]
    else:
        fallback = [c for c in ranked if c.primary and c.raw >= min_score]
        winner = fallback[0] if fallback else None
        if winner is not None:
            ranked = [winner, *[c for c in ranked if c is not winner]]
    confidence = _confidence(winner, ranked, evidence)
    if winner is not None and not real:
        confidence = min(confidence, 0.4)  # an agency or distributor by default only
    return Decision(winner.name if winner else None, confidence, ranked, dropped)


_ABOUT_RULES = frozenset({"about_heading", "about_inline", "about_paragraph"})


def _first_about(
    hits: list[tuple[EvidenceRule, Hit]], evidence: Evidence, language: LanguageData
) -> list[tuple[EvidenceRule, Hit]]:
    """Several About sections (the issuer's and a partner's): the first one names the issuer, a
    later one about another organization keeps `later_about` of its weight."""
    about = [(h.at, h.name) for r, h in hits if r.name in _ABOUT_RULES and h.at >= 0]
    if len({on.key(n) for _a, n in about}) < 2:
        return hits
    first = min(about)[1]
    share = float(evidence.scoring.get("later_about", 0.3))
    out = []
    for rule, hit in hits:
        if rule.name in _ABOUT_RULES and hit.at >= 0 and not _same(hit.name, first, language):
            hit = Hit(hit.name, f"{hit.where} (a later About section)", hit.share * share, hit.person, hit.at)
        out.append((rule, hit))
    return out


def _conjoined_parts(name: str, document: str, language: LanguageData) -> list[str]:
    """ "Counterflow Coffee and Bay City Brewing" → both names, the first named first: a name
    joined by a conjunction (language data) is two organizations when the text also writes each
    part on its own. "Prospect Hill Recovery & Wellness Center" or "Department of Health and
    Human Services", whose parts never stand alone, stay one name. [] when not conjoined."""
    joins = {w.casefold() for w in lang_phrases(language, "conjunctions")}
    words = name.split()
    for k in range(1, len(words) - 1):
        if words[k].casefold() not in joins:
            continue
        left, right = " ".join(words[:k]).rstrip(","), on.strip_article(" ".join(words[k + 1 :]), language)
        if not (on.is_cap(left.split()[0]) and right and on.is_cap(right.split()[0])):
            continue
        if all(w.casefold().rstrip(".,") in on.legal_words() or on.fold(w) in _org_word_set(language)
               for w in right.split()):  # fmt: skip
            continue  # "Smith & Sons", "Acme and Co."
        if not (_distinct_part(left, language) and _distinct_part(right, language)):
            continue  # "Schonbrun Seplow Harris Hoffman & Zeldes, LLP", "Procter & Gamble": a firm of surnames
        rest = re.sub(re.escape(name), " ", document)
        if all(on.mentions(part, rest) for part in (left, right)):
            return [left, *(_conjoined_parts(right, document, language) or [right])]
    return []


def _spoken_of_as_person(name: str, document: str, language: LanguageData) -> bool:
    """ "Alexandra Rydmark är idag ambassadör … var hon": a name of two or three plain capitalized
    words (no organization word, legal form or brand shape) that a title word follows within a few
    words and that a personal pronoun (language data) takes up right after, is a person — unless an
    About heading, letterhead, source line or card names it (a firm of surnames, "Gibson Dunn")."""
    words = name.split()
    if not 2 <= len(words) <= 3 or not all(re.fullmatch(r"[A-ZÀ-Þ][a-zß-ÿ'’-]+", w) for w in words):
        return False
    if any(on.fold(w) in _org_word_set(language) for w in words):
        return False
    titles = {t.casefold() for t in (*language.title_words, *all_languages().title_words)}
    pronouns = {p.casefold() for p in language.person_pronouns}
    for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?![\w’'])", document):
        after = re.findall(r"[\w’'-]+", document[m.end() : m.end() + 160])
        if document[m.end() : m.end() + 2] in ("’s", "'s"):
            continue
        # both: a title right after ("… är idag ambassadör") and a pronoun taking the name up ("… var hon")
        if any(w.casefold() in titles for w in after[:5]) and any(w.casefold() in pronouns for w in after[:16]):
            return True
    return False


def _place(name: str, document: str, release: Release, language: LanguageData) -> bool:
    """ "United States prepares …", "Sverige satsar …", "Hong Kong" repeated: a name that is the
    dateline's place, or that the text writes after a place preposition ("in the United States",
    "i Sverige"; language data) and that has no organization word, is a place, not an issuer."""
    words = name.split()
    if any(on.fold(w) in _org_word_set(language) or legal_form(w) for w in words) or _agency_name(name, language):
        return False
    city = release.dateline.city if release.dateline is not None else None
    if city and on.fold(city) == on.fold(name):
        return True
    preps = lang_phrases(language, "place_prepositions")
    if not preps:
        return False
    return _after_place_preposition(name, document, preps, _article_set(language))


@functools.lru_cache(maxsize=256)
def _after_place_preposition(name: str, document: str, preps: tuple[str, ...], articles: frozenset[str]) -> bool:
    alt = "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(preps, key=len, reverse=True))
    arts = "|".join(map(re.escape, sorted(articles, key=len, reverse=True)))
    rx = rf"(?<!\w)(?:{alt})\s+(?:(?:{arts})\s+)?{re.escape(name)}(?![\w’'-]|\s+[A-ZÀ-Þ])"
    return re.search(rx, document) is not None


def _distinct_part(part: str, language: LanguageData) -> bool:
    """A part of a conjoined name that is a name of its own: two words or more ("Bay City
    Brewing"), or one word shaped like a brand ("VinDynamics", "DATAGROUP"), not a surname."""
    words = name_words(part, language)
    return len(words) >= 2 or (len(words) == 1 and bool(re.search(r"[a-z][A-Z]|^[A-Z0-9]{2,}$", part.split()[0])))


def _confidence(winner: Candidate | None, ranked: Sequence[Candidate], evidence: Evidence) -> float:
    """How sure the issuer is: the winner's strength (its score against `strong_score`) times the
    margin over the runner-up; for no issuer, how far the best candidate stayed below `min_score`."""
    scoring = evidence.scoring
    min_score = float(scoring.get("min_score", 2.0))
    if winner is None:
        best = max((c.score for c in ranked), default=0.0)
        if best <= 0:
            return float(evidence.confidence.get("organization_none", 0.9))
        return round(max(0.1, 1.0 - best / min_score) * float(evidence.confidence.get("organization_none", 0.9)), 2)
    strong = float(scoring.get("strong_score", 9.0))
    runner = next((c.score for c in ranked if c is not winner), 0.0)
    score = winner.score if not winner.agency else winner.raw
    strength = min(1.0, score / strong)
    margin = (score - runner) / score if score > 0 else 0.0
    floor = float(scoring.get("margin_floor", 0.25))
    value = strength * (floor + (1.0 - floor) * max(0.0, margin))
    # one signal alone (a lead subject, one About heading) is a guess unless it is a slot that
    # names nothing else (letterhead, sender or source line): uncorroborated evidence asks a person
    kinds = {s.rule for s in winner.signals if s.weight > 0}
    if len(kinds) < 2 and max((s.weight for s in winner.signals), default=0.0) < float(
        scoring.get("single_signal_strong", 8.0)
    ):
        value = min(value, float(scoring.get("single_signal_cap", 0.35)))
    return round(max(0.0, min(1.0, value)), 2)


def _merge(
    hits: Sequence[tuple[EvidenceRule, Hit]], evidence: Evidence, document: str, language: LanguageData,
    outside: str = "",
) -> list[Candidate]:
    """Group the hits that name one organization and sum the weights (each rule once per group)."""
    groups: list[list[tuple[EvidenceRule, Hit]]] = []
    for rule, hit in hits:
        for group in groups:
            if any(_same(hit.name, other.name, language) for _r, other in group):
                group.append((rule, hit))
                break
        else:
            groups.append([(rule, hit)])
    out: list[Candidate] = []
    factor = float(evidence.scoring.get("agency_factor", 0.1))
    for group in groups:
        best: dict[str, float] = {}
        signals = []
        for rule, hit in group:
            weight = evidence.weights.get(rule.name, 0.0) * hit.share
            signals.append(Signal(rule.name, hit.name, hit.where, weight))
            best[rule.name] = max(best.get(rule.name, 0.0), weight)
        written = [(rule, hit.name) for rule, hit in group if rule.full_name] or [(r, h.name) for r, h in group]
        # a headline spelling often runs on into the subject ("Farm Forward Investigation Reveals …")
        names = [n for rule, n in written if rule.name not in HEADLINE_RULES] or [n for _r, n in written]
        # a legal form written in the running text or About, not a card's glued "Acme Inc Email"
        name = _with_written_form(_display(names, language), outside or document, language)
        raw = sum(best.values())
        strong = {"organization_line", "sender_line", "type_senders", "source_line", "about_heading"}
        agency = any(is_distributor(on.fold(n).replace(" ", "")) or wire_name(n) for n in names) or (
            _agency_name(name, language) and not strong & set(best)
        )
        person = any(hit.person for _r, hit in group)
        first = min((document.find(n) for n in names if document.find(n) >= 0), default=len(document))
        primary = any(not rule.support for rule, _hit in group)
        out.append(Candidate(name, signals, round(raw * (factor if agency else 1.0), 3), round(raw, 3), agency,
                             person, first, on.mentions(name, document), primary))  # fmt: skip
    return out


def _display(names: Sequence[str], language: LanguageData) -> str:
    """The spelling to print for a merged candidate: the fullest written form (most words, a
    legal form kept), the earliest of equals; not a run so long it is a sentence."""
    fit = [n for n in names if lb.word_count(n) <= 9] or list(names)
    # "Fjord Energy and Nordlicht Systems Inc." is two names: a spelling without the conjunction wins
    joins = {w.casefold() for w in lang_phrases(language, "conjunctions") if w.isalpha()}
    single = [n for n in fit if not _joins_names(n, joins)] or fit
    return max(single, key=lambda n: (len(name_words(n, language, keep_legal=True)), -names.index(n)))


@functools.lru_cache(maxsize=16)
def _org_word_set(language: LanguageData) -> frozenset[str]:
    return frozenset(on.fold(w) for w in (*language.org_words, *all_languages().org_words) if not w.startswith("-"))


def _joins_names(name: str, joins: set[str]) -> bool:
    words = name.split()
    return any(w.casefold() in joins and on.is_cap(words[k + 1]) for k, w in enumerate(words[:-1]) if k)


def _with_written_form(name: str, document: str, language: LanguageData) -> str:
    """ "Arvena Medical AB" → "Arvena Medical AB (publ)": the legal form the text writes after
    the chosen name (up to two words, "(publ)", ", Inc.") belongs to it."""
    # the first place that writes a legal form after the name ("About AAA Biotech  AAA Biotech, Inc. is …")
    for m in re.finditer(re.escape(name) + r"(?=((?:,?\s+\(?[\w.&]+\)?(?![\w-])){1,4}))", document):
        kept = ""
        for part in re.findall(r",?\s+\(?[\w.&]+\)?", m.group(1)):
            token = part.strip(" ,()")
            bracketed = part.strip(" ,").startswith("(") and token.casefold() in on.legal_words()
            if token != "&" and not legal_form(token) and not bracketed:
                break  # case counts: "AS" is a legal form, the English "as" is none; "(publ)" is one
            kept += part
        if kept.strip(" ,&") and lb.word_count(name + kept) <= 10:
            return name + kept.rstrip(" ,&")
    return name


def _same(a: str, b: str, language: LanguageData) -> bool:
    """True when two names are one organization: equal when folded (article, legal form and
    possessive ignored), an acronym and the name its initials spell, or a name and a longer
    name it opens ("SS Innovations" and "SS Innovations International, Inc.")."""
    wa, wb = name_words(a, language), name_words(b, language)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(short) == 1 and len(long) >= 2 and len(short[0]) >= 2:
        initials = "".join(w[0] for w in long if w not in on.connectors())
        if short[0] == initials or short[0] == "".join(w[0] for w in long):
            return True
    longer = a if len(wa) > len(wb) else b
    if len(short) == 1 and len(long) >= 2 and long[-1] == short[0] and len(short[0]) >= 3:
        # "Roe" / "Jane Roe" (a surname), "Bellerive" / "Groupe Bellerive" (an org word before the name)
        if _personal_shape(longer) and len(long) <= 3:
            return True
        if all(on.fold(w) in _org_word_set(language) for w in longer.split()[:-1]):
            return True
    upper = len(short) == 1 and a.split()[0].isupper() and b.split()[0].isupper() and len(short[0]) >= 2
    if long[: len(short)] == short and (len(short) >= 2 or len(short[0]) >= 4 or upper):
        return True  # "SS Innovations" / "SS Innovations International"; "UGI" / "UGI Utilities"
    # "Toys for Tots" inside "Marine Toys for Tots Foundation": a run of two words or more
    n = len(short)
    return n >= 2 and any(long[i : i + n] == short for i in range(1, len(long) - n + 1))


def _agency_name(name: str, language: LanguageData) -> bool:
    """ "Brightline PR", "Acme Public Relations", "Media OutReach Newswire": a word of the
    language data's agency words as a whole word run of the name."""
    words = on.fold(name).split()
    for phrase in lang_phrases(language, "agency_words"):
        p = on.fold(phrase).split()
        if p and any(words[i : i + len(p)] == p for i in range(len(words) - len(p) + 1)):
            return True
    return False


def _people(labelled: Sequence[lb.Labelled], release: Release, language: LanguageData) -> set[str]:
    """Keys of the people the release names as speakers or titled contacts: a candidate that is
    one of them is a person, not an organization."""
    people = {on.key(b.speaker) for b in release.body if isinstance(b, Quote) and b.speaker}
    lines = [line for lab in labelled if lab.kind in (lb.CONTACTS, lb.CONTACTS_HEADING) for line in lab.lines]
    if lines:
        # a card's "name" may be the organization ("Contact Details / Farm Forward"); one with a title is a person
        people |= {on.key(c.name) for c in parse_contacts(lines, language) if c.name and c.title}
    people.discard("")
    return people


def _addressed(name: str, document: str, language: LanguageData) -> bool:
    """ "Dr. Philip Kierl", "Mayor Nora Halloway": the text writes an honorific before the name."""
    if len(name.split()) < 2:
        return False
    return any(f" {name}" in f" {found}" and found.startswith(name) for found in _addressed_names(document, language))


@functools.lru_cache(maxsize=8)
def _addressed_names(document: str, language: LanguageData) -> frozenset[str]:
    """Every run of capitalized words the text writes after an honorific, once per document."""
    forms = [h for h in (*language.honorifics, *language.address_forms) if h[:1].isupper()]
    if not forms:
        return frozenset()
    rx = _honorific_regex(tuple(sorted(set(forms), key=len, reverse=True)))
    return frozenset(m.group(1) for m in rx.finditer(document))


@functools.lru_cache(maxsize=16)
def _honorific_regex(forms: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(map(re.escape, forms))
    return re.compile(rf"(?<!\w)(?:{alt})\s+([A-ZÀ-Þ][\w'’.-]*(?:\s+[A-ZÀ-Þ][\w'’.-]*){{0,3}})")


def _personal_shape(name: str) -> bool:
    """ "Jane Roe", "J. Chad Sweeney", "María de la Cruz": words a personal name is made of (a
    quoted "speaker" may be a misread company, "ORGANA International")."""
    words = name.split()
    return 1 <= len(words) <= 5 and all(
        re.fullmatch(r"[A-ZÀ-Þ][a-zß-ÿ'’-]+|[A-ZÀ-Þ]\.|[a-zß-ÿ]{1,4}", w) for w in words
    )


_NAMING_SLOTS = frozenset({"organization_line", "sender_line", "type_senders", "source_line", "about_heading",
                           "about_inline", "about_paragraph", "contact_org"})  # fmt: skip
"""Rules whose name is an organization by where it stands: a candidate they name is no place."""

_SLOTS = frozenset({"organization_line", "sender_line", "type_senders", "source_line", "dateline_sender",
                    "about_heading", "contact_org", "sponsor", "quote_affiliation", "domain"})  # fmt: skip
"""Rules that read a name from a slot that holds nothing else (a line, "sponsored by …", "CEO of …",
a name a domain spells): a name opening with a common word there ("More Perfect") is still a name."""


def _clean(name: str, language: LanguageData, slot: bool = False) -> str:
    name = re.sub(r"\s+", " ", name).strip().strip(",;:&–- ")
    name = _unglue_legal(name)
    if name.count("(") > name.count(")"):
        name = name[: name.rfind("(")].strip(" ,")  # "NxGen Brands, Inc. (OTC": the ticker aside, cut
    words = name.split()
    joins = {w.casefold() for w in connectors_of(language)} | {"&"}
    for k in range(1, len(words) - 1):
        if legal_form(words[k - 1]) and words[k].casefold() in joins:
            name = " ".join(words[:k])  # "Renewal Fuels, Inc. and American Fusion": the first issuer
            break
    name = re.sub(r"\s*\([“\"]?[\w&.-]{1,12}[”\"]?\)$", "", name)  # "Rocks & Stocks (“R&S”)": the acronym it defines
    name = re.sub(r"\s+,", ",", name)
    if name.endswith(".") and not legal_form(name.split()[-1]) and not re.search(r"\b\w\.$", name):
        name = name[:-1]
    if not name or not any(ch.isalpha() for ch in name) or lb.word_count(name) > 12 or name[-1:] in "?!":
        return ""
    if all(w.casefold().rstrip(".,") in on.legal_words() for w in name.split()):
        return ""  # "Inc." (inc.com): a legal form alone names no one
    if any(language.month(w) or w.casefold() in language.weekdays for w in name.split()):
        return ""  # "Ab April öffnet …": a date phrase, not a name
    if re.search(r":\s*\S|\(\d|\d\)|@|\b\d{4,}|\B\d[A-Za-z]{3,}", name):
        return ""  # "RooneyPartners LLCKate BarretteT: (212", "Acme: Lisa Robinson": glued card fields, no name
    words = name.split()
    acronym = len(words[0]) > 1 and words[0].isupper()
    first = words[0].casefold()
    if first in language.stopwords and not acronym and first not in _article_set(language) and not slot:
        return ""  # "With National Homeless Animals Day", "This", "Is Sugar Land": a phrase, not a name
    letters = [w for w in words if any(ch.isalpha() for ch in w)]
    if len(letters) >= 4 and all(w.upper() == w for w in letters):
        return ""  # "LAWSUITS FILED UNDER CHILD VICTIMS ACT": a shouted sentence
    name = re.sub(r"(?<=\w)[’']s$", "", name)  # "BCH Miner's" → "BCH Miner"
    if name[:1] in "\"“”„«»‘'":
        return ""  # "“Day of Wrath”": a title in quotation marks
    words = name.split()
    for k in range(1, len(words) // 2 + 1):
        if words[:k] == words[k : 2 * k]:
            return _clean(" ".join(words[:k]), language, slot)  # "About Acme Inc. Acme Inc. was …" glued
    titles = {t.casefold() for t in (*language.title_words, *all_languages().title_words)}
    while len(words) > 1 and words[-1].casefold() in titles:
        words.pop()  # "MetaWin Founder", "Acme CEO"
    name = " ".join(words)

    return name


@functools.lru_cache(maxsize=1)
def _glued_legal() -> re.Pattern[str]:
    forms = sorted({f.rstrip(".") for f in all_languages().legal_forms if f[:1].isupper() and " " not in f}, key=len)
    alt = "|".join(map(re.escape, reversed(forms)))
    return re.compile(r"(?<=\s)(?:" + alt + r")\.?(?=[A-Z][a-z])")


def _unglue_legal(name: str) -> str:
    """ "REalloys Inc.Angela GormanCommunications" → "REalloys Inc.": a legal form glued to the
    next card field (copied from a web page) ends the name."""
    m = _glued_legal().search(f" {name}")
    return name[: m.end() - 1] if m else name


@functools.lru_cache(maxsize=16)
def _article_set(language: LanguageData) -> frozenset[str]:
    return frozenset(a.casefold() for a in (*language.articles, *all_languages().articles))


def explain_rules() -> list[tuple[str, float, str]]:
    """(name, weight, description) of every evidence rule, in registry order, for --list-rules."""
    weights = load_evidence().weights
    return [(r.name, weights.get(r.name, 0.0), r.doc) for r in RULES]


def describe(decision: Decision) -> dict[str, Any]:
    """The decision as plain data (for tests and --explain)."""
    return {
        "organization": decision.organization,
        "confidence": decision.confidence,
        "candidates": [
            {"name": c.name, "score": c.score, "agency": c.agency,
             "signals": [(s.rule, s.weight, s.name, s.where) for s in c.signals]}
            for c in decision.candidates
        ],
    }  # fmt: skip
