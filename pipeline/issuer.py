"""Which organization issues a release (`Release.organization`), by weighed evidence.

A wrong issuer is the worst error the reader can make (it heads the PDF, picks the brand and
becomes the NewsML-G2 creator), and the first name a release mentions is often a partner, a
customer, a PR agency or the wire service. So no single position decides. Every *evidence
rule* of the ordered registry `RULES` names candidates from one signal: the letterhead or
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
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Any

from . import labels as lb
from . import orgnames as on
from .contacts import names_organization, parse_contacts, split_fields
from .language import LanguageData, all_languages
from .model import Quote, Release
from .quotes import honorific_at

# ---------------------------------------------------------------- data


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


# ---------------------------------------------------------------- what the rules see and say


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
            text = _home_text(self) if part == "home" else getattr(self, part)
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


# ---------------------------------------------------------------- the rules


def _organization_line(ctx: Context) -> Iterable[Hit]:
    for lab in ctx.labelled:
        if lab.kind == lb.ORGANIZATION and not lab.data.get("label"):
            yield Hit(lab.text.strip(), f"line {lab.line}")
            return


def _sender_line(ctx: Context) -> Iterable[Hit]:
    for lab in ctx.labelled:
        if lab.kind == lb.ORGANIZATION and lab.data.get("label"):
            yield Hit(lab.text.strip(), f"line {lab.line} ({lab.data['label']}:)")
            return


def _type_senders(ctx: Context) -> Iterable[Hit]:
    for lab in ctx.labelled:
        if lab.kind == lb.RELEASE_TYPE and lab.data.get("senders"):
            parts = [p.strip() for p in lab.data["senders"].split(",") if p.strip()]
            # "från Benjamin Dousa, Utrikesdepartementet": the department, not the minister
            bodies = [p for p in parts if not on.looks_personal(p)] or parts
            if bodies:
                yield Hit(bodies[0], f"line {lab.line}")
            return


def _source_line(ctx: Context) -> Iterable[Hit]:
    labels = _phrases(ctx.language, "source_labels")
    pattern = _label_regex(labels)
    for lab in ctx.labelled:
        if lab.kind == lb.SOURCE and lab.data.get("organization"):
            yield Hit(_clip_name(lab.data["organization"], ctx.language), f"line {lab.line}")
            continue
        if pattern is None or (lab.kind in (lb.PARAGRAPH, lb.QUOTE) and len(lab.lines) > 1):
            continue
        for offset, line in enumerate(lab.lines):
            for m in pattern.finditer(line):
                value = _clip_name(m.group("v"), ctx.language)
                if value and lb.word_count(value) <= 10:
                    yield Hit(value, f"line {lab.line + offset} ({m.group('l')})")


def _dateline_sender(ctx: Context) -> Iterable[Hit]:
    """ "Frederiksted, VI - December 15, 2024 / Prospect Hill Recovery & Wellness Center /": the
    name a wire writes in its dateline where a distributor would stand, when it is none of the
    distributors of the data (press-service layouts put the client there)."""
    dateline = ctx.release.dateline
    name = (dateline.distributor or "").strip(" /|–-") if dateline else ""
    if not name or is_distributor(_folded_name(name, ctx.language)) or _wire_name(name):
        return
    if any(ch.isdigit() for ch in name) and not any(ch.isalpha() and ch.isupper() for ch in name[:1]):
        return
    yield Hit(name, f"dateline “{dateline.text[:50]}”")


def _folded_name(name: str, language: LanguageData) -> str:
    return on.fold(name).replace(" ", "")


def _statement_headline(ctx: Context) -> Iterable[Hit]:
    headline = ctx.release.headline or ""
    opener = _match_phrase(_phrases(ctx.language, "statement_openers"), headline)
    if opener is None:
        return
    words = on.strip_article(headline[len(opener) :].strip(), ctx.language).split()
    if not words or honorific_at(words, 0, ctx.language):
        return  # "Statement from President Joe Biden on …": a person, not an organization
    run = [w.rstrip(",;:") for w in on.name_run(words)]
    titles = {t.casefold() for t in (*ctx.language.title_words, *all_languages().title_words)}
    cut = next((k for k, w in enumerate(run) if w.casefold() in titles or w.casefold().rstrip("s") in titles), None)
    if cut is not None:
        run = run[:cut]  # "the Council Spokesperson [Jane Roe]" → the Council
    name = " ".join(run)
    # what is left must be an organization ("Harbour Council", "NSC"), not "Press" of "Press Secretary …"
    if not run or honorific_at(run, 0, ctx.language):
        return
    if cut is not None and not (names_organization(name) or name.isupper()):
        return
    body = ctx.document.replace(headline, " ")
    if cut is not None and len(run) == 1 and not on.mentions(name, body):
        return  # "Statement from Press Secretary …": a one-word rest the body never names is part of a title
    yield Hit(name, "headline")


def _legislator(ctx: Context) -> Iterable[Hit]:
    titles = _phrases(ctx.language, "legislator_titles")
    for text, where in [*_lead_texts(ctx)[:1], (ctx.release.headline or "", "headline")]:
        words = _spaced(text).split()[:20]
        for i in range(len(words)):
            title = _phrase_at(titles, words, i)
            if not title:
                # a legislator *opens* the sentence: only names, dates and time words before the title
                if not (on.is_cap(words[i]) or _datey(words[i]) or words[i].casefold().strip(",") in _time_words(
                    ctx.language
                )):
                    break
                continue
            name: list[str] = []
            for w in words[i + title :]:
                head = w.rstrip(",;:")
                if not on.is_cap(w) or w[:1] in "([" or not head:
                    break
                name.append(re.split(r"[(\[]", head)[0])
                if w[-1:] in ",;:" or "(" in w:
                    break
            if 2 <= len(name) <= 4:
                yield Hit(" ".join(name), where, person=True)
                return


def _announce_subject(ctx: Context) -> Iterable[Hit]:
    verbs = _phrases(ctx.language, "announce_verbs")
    if not verbs:
        return
    rx = re.compile(
        r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, v.split())) for v in verbs) + r")(?!\w)", re.IGNORECASE
    )
    for text, where in _lead_texts(ctx):
        head = " ".join(text.split()[:70])
        for m in rx.finditer(head):
            if not m.group(0)[:1].islower():
                continue
            subject = _clause_subject(head[: m.start()], ctx.language, ctx.document)
            if subject:
                name, person = subject
                if not person:
                    yield Hit(name, f"{where}: “… {m.group(0)}”")
                return
        # only the lead and its continuation sentence; a later paragraph reports others' news


def _about_heading(ctx: Context) -> Iterable[Hit]:
    for lab in ctx.labelled:
        if lab.kind == lb.BOILERPLATE_HEADING and lab.data.get("organization"):
            name = on.strip_article(lab.data["organization"], ctx.language)
            if not on.generic(name, ctx.document, ctx.language):
                yield Hit(on.full_name(name, ctx.document, ctx.language), f"line {lab.line}: {lab.text.strip()[:40]}")


def _about_inline(ctx: Context) -> Iterable[Hit]:
    prefixes = [p.partition("{org}")[0].strip() for p in ctx.language.boilerplate_headings if "{org}" in p]
    prefixes = [p for p in dict.fromkeys(prefixes) if p]
    if not prefixes:
        return
    joins = "|".join(sorted(map(re.escape, connectors_of(ctx.language)), key=len, reverse=True))
    word = r"[A-ZÀ-ÖØ-Þ0-9&][\w&.'’-]*"
    name = rf"(?P<org>[A-ZÀ-ÖØ-Þ0-9][\w&.'’-]*(?:\s+(?:{word}|{joins})){{0,6}})"
    opener = "|".join(r"\s+".join(map(re.escape, p.split())) for p in prefixes)
    rx = re.compile(r"(?<=[\s:.])(?:" + opener + r")\s+" + name + r"(?:\s*:|\s+(?P=org)(?!\w))")
    for lab in ctx.labelled:
        if lab.kind not in (lb.PARAGRAPH, lb.QUOTE, lb.BOILERPLATE, lb.CONTACTS, lb.WEBSITE):
            continue
        for m in rx.finditer(" " + lab.text):
            org = on.strip_article(m.group("org").strip(" .:"), ctx.language)
            if org and not on.generic(org, ctx.document, ctx.language):
                yield Hit(org, f"line {lab.line}: “{m.group(0).strip()[:40]}”")


def connectors_of(language: LanguageData) -> tuple[str, ...]:
    """Lower-case words inside names ("of", "för", "de"), of the language and every language."""
    return tuple(w for w in dict.fromkeys((*language.org_connectors, *all_languages().org_connectors)) if w.isalpha())


def _about_paragraph(ctx: Context) -> Iterable[Hit]:
    copulas = _phrases(ctx.language, "about_copulas")
    rx = _label_regex(copulas, colon=False)
    if rx is None:
        return
    paragraphs = [lab for lab in ctx.labelled if lab.kind == lb.PARAGRAPH]
    marks = [lab.line for lab in ctx.labelled if lab.kind == lb.END_MARK]
    for lab in ctx.labelled:
        # a boilerplate block, or an unheaded paragraph after the end mark or closing the body
        tail = lab.kind == lb.PARAGRAPH and ((marks and lab.line > marks[0]) or lab is paragraphs[-1])
        if lab.kind != lb.BOILERPLATE and not tail:
            continue
        words = lab.text.split()[:14]
        run = [w.rstrip(",;:") for w in on.name_run(on.strip_article(" ".join(words), ctx.language).split())]
        rest = " ".join(words[len(run) :]) if run else ""
        if run and run[-1] and rx.match(rest) and on.first_honorific(run, ctx.language) != 0:
            yield Hit(" ".join(run), f"line {lab.line}")
            return


def _lead_subject(ctx: Context) -> Iterable[Hit]:
    lead = ctx.release.lead
    if lead is None:
        return
    found = _opening_name(_strip_wire(lead.text, ctx), ctx.language)
    if found and not found[1]:
        yield Hit(found[0], "lead")


def _headline_subject(ctx: Context) -> Iterable[Hit]:
    subject = on.headline_subject(ctx.release.headline or "", ctx.language)
    if subject and not _titled(subject, ctx.language):
        yield Hit(subject, "headline")


def _headline_announce(ctx: Context) -> Iterable[Hit]:
    """ "Acme Corp. Announces …", "innoscripta SE Reports …": the name before an announcing verb
    that a Title Case headline writes capitalized."""
    headline = ctx.release.headline or ""
    verbs = _phrases(ctx.language, "announce_verbs")
    words = headline.split()
    for i in range(1, min(len(words), 8)):
        n = _phrase_at(tuple(v.title() for v in verbs) + verbs, words, i)
        if not n:
            continue
        if any(w.endswith(":") for w in words[:i]):
            return  # "State Roundup: Thousands Of Suits Filed …": a rubric, not a subject
        agents = {w.casefold() for w in ctx.language.sender_prepositions}
        if i + n >= len(words) or words[i + n].casefold() in agents:
            return  # "Rail Safety Act Introduced (by …)": a passive headline names the thing, not its issuer
        subject = [w.rstrip(",;:") for w in words[:i]]
        caps = all(on.is_cap(w) or _legal(w) or w in ("&", "and", "of") for w in subject)
        legal = _legal(subject[-1])
        if (caps or legal) and not (len(subject) == 1 and subject[0].casefold() in _time_words(ctx.language)):
            yield Hit(" ".join(subject), f"headline: “… {' '.join(words[i : i + n])}”")
        return


def _headline_possessive(ctx: Context) -> Iterable[Hit]:
    """ "HeartBeam Inc.’s VALID-ECG Study Confirms …": the owner opening the headline."""
    words = (ctx.release.headline or "").split()
    for i, w in enumerate(words[:6]):
        if re.search(r"[’']s?$", w) and i + 1 < len(words):
            owner = [*words[:i], re.sub(r"[’']s?$", "", w)]
            verbs = {v.casefold() for v in _phrases(ctx.language, "announce_verbs") if " " not in v}
            if any(x.casefold() in verbs for x in owner) or len(owner) > 3:
                return  # "Acme Study Reveals America’s …": the possessive is the object's
            if all(on.is_cap(x) or _legal(x) for x in owner):
                yield Hit(" ".join(owner), "headline (possessive)")
            return
        if not (on.is_cap(w) or _legal(w)):
            return


def _quote_affiliation(ctx: Context) -> Iterable[Hit]:
    for block in ctx.release.body:
        if isinstance(block, Quote) and block.role:
            owner = on.role_owner(block.role, ctx.language) or _genitive_owner(block.role, ctx.language)
            if owner:
                yield Hit(owner, f"role of {block.speaker or 'the speaker'}: {block.role[:40]}")
            return


def _genitive_owner(role: str, language: LanguageData) -> str | None:
    """ "Elonvaalijat ry:n puheenjohtaja", "Acme's CEO" → the organization that opens the role
    in the genitive (capitalized words and a legal form, the case ending cut)."""
    words = role.split()
    run: list[str] = []
    for w in words:
        base = re.sub(r"(?::n|’s|'s|:s)$", "", w)
        if on.is_cap(base) or (run and _legal(base)):
            run.append(base)
            if base != w:
                break
            continue
        break
    if not run or len(run) >= len(words) or re.sub(r"(?::n|’s|'s|:s)$", "", words[len(run) - 1]) == words[len(run) - 1]:
        return None
    return " ".join(run)


def _contact_org(ctx: Context) -> Iterable[Hit]:
    lines = [line for lab in ctx.labelled if lab.kind in (lb.CONTACTS, lb.CONTACTS_HEADING) for line in lab.lines]
    if not lines:
        return
    for contact in parse_contacts(lines, ctx.language):
        if not contact.organization:
            continue
        departments = {d.casefold() for d in (*ctx.language.departments, *all_languages().departments)}
        parts = [p.strip() for p in split_fields(contact.organization) if p.strip()]
        parts = [p for p in parts if p.casefold() not in departments] or parts[:0]
        # "Office of the Mayor, City of Ridgeport": the body, the last part ("Press Office" is a department)
        for part in reversed(parts) if len(parts) > 1 else parts:
            who = contact.name or contact.email or "no name"
            yield Hit(_without_department(part, ctx.language), f"contact card ({who})")
            break


def _official_card(ctx: Context) -> Iterable[Hit]:
    """ "Mayor Nora Halloway today announced …" with a card from "Office of the Mayor, City of
    Brookvale": an official opening the lead speaks for the body the contact card names."""
    lead = ctx.release.lead
    found = on.lead_subject(_strip_wire(lead.text, ctx), ctx.language) if lead is not None else None
    if not found or not found[1]:
        return
    for hit in _contact_org(ctx):
        yield Hit(hit.name, f"{hit.where}; the lead opens with the official {found[0]}")


def _domains(ctx: Context, inside: bool) -> Iterable[Hit]:
    generic = load_evidence().generic_domains
    outside = set(ctx.host_labels("outside"))
    card = set(ctx.host_labels("card"))
    labels: list[str] = []
    for label in ctx.host_labels("document"):
        if label in generic or label in labels or is_distributor(label):
            continue
        if (label in outside) if not inside else (label in card):
            labels.append(label)
    partial = float(load_evidence().scoring.get("partial_domain", 0.5))
    body_only = float(load_evidence().scoring.get("body_link_domain", 0.5))
    home = set(ctx.host_labels("home"))
    for label in labels:
        # a link only inside running text ("buy it on amazon.com") is weaker than the release's own site
        where = 1.0 if inside or label in home else body_only
        target = re.sub(r"[^a-z0-9]", "", label)
        if len(target) < 3:
            continue
        matched = False
        for name in dict.fromkeys(ctx.named):
            how = spells(target, name, ctx.language)
            if how:
                matched = True
                share = (1.0 if how != "one word" else partial) * where
                yield Hit(name, f"domain “{label}” ({how})", share=share)
        if not matched:
            for name in on.domain_organizations(ctx.document, [label], ctx.language):
                yield Hit(name, f"domain “{label}” (spelled in the text)", share=where)


def _home_text(ctx: Context) -> str:
    """Where a release writes its own web address: cards, website lines, About text, source and
    header lines, the last body paragraph (a "Learn more at …" line)."""
    kinds = (lb.CONTACTS, lb.CONTACTS_HEADING, lb.WEBSITE, lb.BOILERPLATE, lb.BOILERPLATE_HEADING, lb.SOURCE,
             lb.ORGANIZATION, lb.METADATA, lb.END_MARK)  # fmt: skip
    paragraphs = [lab for lab in ctx.labelled if lab.kind in (lb.PARAGRAPH, lb.QUOTE)]
    tail = paragraphs[-2:] if paragraphs else []
    return "\n".join(lab.text for lab in ctx.labelled if lab.kind in kinds or any(lab is t for t in tail))


def _domain(ctx: Context) -> Iterable[Hit]:
    return _domains(ctx, inside=False)


def _contact_domain(ctx: Context) -> Iterable[Hit]:
    return _domains(ctx, inside=True)


_HEADLINE_RULES = frozenset({"statement_headline", "headline_subject", "headline_announce", "headline_possessive"})


def _headline_names(ctx: Context) -> Iterable[Hit]:
    headline = ctx.release.headline or ""
    for name in dict.fromkeys(ctx.named):
        if ctx.named_by.get(name, set()) <= _HEADLINE_RULES:
            continue  # the headline rules have counted the headline already
        if on.headline_score(name, headline, ctx.language):
            yield Hit(name, "headline")


def _repeated_name(ctx: Context) -> Iterable[Hit]:
    least = int(load_evidence().scoring.get("repeats", 3))
    for name, count in on.repeated_names(ctx.release, least)[:3]:
        yield Hit(name, f"{count} times in the body")


RULES: tuple[EvidenceRule, ...] = (
    EvidenceRule("organization_line", "an organization line above the headline (letterhead)", _organization_line),
    EvidenceRule("sender_line", "a From:/Issued by: sender line in the header", _sender_line),
    EvidenceRule("type_senders", "the first body among the senders of a type line (“Pressmeddelande från …”)",
                 _type_senders),
    EvidenceRule("source_line", "a SOURCE / Source: / Original-Content von: line", _source_line),
    EvidenceRule("dateline_sender", "a name in the dateline where a distributor would stand, no distributor",
                 _dateline_sender),
    EvidenceRule("statement_headline", "the sender of a statement headline (“Statement from the Council …”)",
                 _statement_headline),
    EvidenceRule("legislator", "a legislator opening the lead speaks in their own name", _legislator),
    EvidenceRule("announce_subject", "the subject of an announcing verb in the lead", _announce_subject),
    EvidenceRule("about_heading", "an About heading (“About Acme”)", _about_heading),
    EvidenceRule("about_inline", "an About heading glued into another block", _about_inline),
    EvidenceRule("about_paragraph", "an unheaded About paragraph (“Acme is a …”)", _about_paragraph),
    EvidenceRule("lead_subject", "the name opening the lead", _lead_subject),
    EvidenceRule("headline_subject", "the name opening a sentence-case headline", _headline_subject),
    EvidenceRule("headline_announce", "the name before an announcing verb in the headline (“Acme Announces …”)",
                 _headline_announce, full_name=False),
    EvidenceRule("headline_possessive", "the owner opening the headline (“Acme’s new study …”)",
                 _headline_possessive, full_name=False),
    EvidenceRule("quote_affiliation", "the organization in the first quoted speaker's role", _quote_affiliation),
    EvidenceRule("contact_org", "the organization of the contact card", _contact_org),
    EvidenceRule("official_card", "an official opens the lead: the body of the contact card", _official_card),
    EvidenceRule("repeated_name", "a name the body repeats (support only)", _repeated_name, support=True),
    EvidenceRule("domain", "a web/e-mail domain outside the contact card spells a name", _domain),
    EvidenceRule("contact_domain", "an e-mail domain of the contact card spells a name (support only)",
                 _contact_domain, support=True),
    EvidenceRule("headline_names", "the headline names a candidate (support only)", _headline_names,
                 full_name=False, support=True),
)  # fmt: skip
"""The evidence rules in the order they run (later rules may support names earlier ones found)."""


# ---------------------------------------------------------------- deciding


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
    for rule in RULES:
        for hit in rule.collect(ctx):
            name = _clean(hit.name, language, rule.name in _SLOTS)
            if not name:
                continue
            person = (on.key(name) in people or _addressed(name, document, language)) and _personal_shape(name)
            person = person and not names_organization(name)
            if not hit.person and (person or _titled(name, language)):
                dropped.append((name, f"{rule.name}: a person"))
                continue
            hits.append((rule, Hit(name, hit.where, hit.share, hit.person)))
            if rule.full_name and name not in ctx.named:
                ctx.named.append(name)
            ctx.named_by.setdefault(name, set()).add(rule.name)
    candidates = _merge(hits, evidence, document, language)
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
    return round(max(0.0, min(1.0, strength * (0.4 + 0.6 * max(0.0, margin)))), 2)


def _merge(
    hits: Sequence[tuple[EvidenceRule, Hit]], evidence: Evidence, document: str, language: LanguageData
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
        names = [n for rule, n in written if rule.name not in _HEADLINE_RULES] or [n for _r, n in written]
        name = _with_written_form(_display(names, language), document, language)
        raw = sum(best.values())
        strong = {"organization_line", "sender_line", "type_senders", "source_line", "about_heading"}
        agency = any(is_distributor(on.fold(n).replace(" ", "")) or _wire_name(n) for n in names) or (
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
    joins = {w.casefold() for w in connectors_of(language) if w.casefold() in _conjunctions()}
    single = [n for n in fit if not _joins_names(n, joins)] or fit
    return max(single, key=lambda n: (len(_words(n, language, keep_legal=True)), -names.index(n)))


@functools.lru_cache(maxsize=16)
def _org_word_set(language: LanguageData) -> frozenset[str]:
    return frozenset(on.fold(w) for w in (*language.org_words, *all_languages().org_words) if not w.startswith("-"))


def _conjunctions() -> frozenset[str]:
    return frozenset({"and", "och", "og", "und", "et", "y", "e", "ja", "en"})


def _joins_names(name: str, joins: set[str]) -> bool:
    words = name.split()
    return any(w.casefold() in joins and on.is_cap(words[k + 1]) for k, w in enumerate(words[:-1]) if k)


def _with_written_form(name: str, document: str, language: LanguageData) -> str:
    """ "Arvena Medical AB" → "Arvena Medical AB (publ)": the legal form the text writes after
    the chosen name (up to two words, "(publ)", ", Inc.") belongs to it."""
    m = re.search(re.escape(name) + r"((?:,?\s+\(?[\w.&]+\)?(?![\w-])){1,4})", document)
    if not m:
        return name
    tail = m.group(1)
    kept = ""
    for part in re.findall(r",?\s+\(?[\w.&]+\)?", tail):
        token = part.strip(" ,()")
        if token != "&" and token.casefold().rstrip(".") not in on.legal_words():
            break
        kept += part
    return name + kept if kept and lb.word_count(name + kept) <= 10 else name


def _same(a: str, b: str, language: LanguageData) -> bool:
    """True when two names are one organization: equal when folded (article, legal form and
    possessive ignored), an acronym and the name its initials spell, or a name and a longer
    name it opens ("SS Innovations" and "SS Innovations International, Inc.")."""
    wa, wb = _words(a, language), _words(b, language)
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


def _words(name: str, language: LanguageData, keep_legal: bool = False) -> list[str]:
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


def _wire_name(name: str) -> bool:
    """ "InvestorWire", "MiningNewsWire", "NetworkNewsBreaks": a wire service by its name's ending (data)."""
    folded = on.fold(name).replace(" ", "")
    return any(folded.endswith(x) and folded != x for x in load_evidence().wire_suffixes)


def _agency_name(name: str, language: LanguageData) -> bool:
    """ "Brightline PR", "Acme Public Relations", "Media OutReach Newswire": a word of the
    language data's agency words as a whole word run of the name."""
    words = on.fold(name).split()
    for phrase in _phrases(language, "agency_words"):
        p = on.fold(phrase).split()
        if p and any(words[i : i + len(p)] == p for i in range(len(words) - len(p) + 1)):
            return True
    return False


def spells(target: str, name: str, language: LanguageData) -> str | None:
    """How a domain label spells a name: "words" ("farmforward" → Farm Forward), "initials"
    ("csusb"), "opening words" ("ssinnovations" → SS Innovations International), "mixed"
    ("hybridps" → Hybrid Power Solutions: whole words and initials in order), "one word"
    ("heart" → American Heart Association: partial), else None."""
    words = _words(name.replace("&", " and "), language)
    if not words:
        return None
    joined = "".join(words)
    if target == joined or (len(target) >= 6 and target.rstrip("s") == joined.rstrip("s")):
        return "words"  # "denvercabinets" spells "Denver Cabinet Co." too; "rocksandstocks" Rocks & Stocks
    if target.replace("and", "") == joined.replace("and", "") and len(target) >= 6:
        return "words"
    if len(joined) >= 5 and target.startswith(joined) and len(target) - len(joined) <= 6:
        return "words and a suffix"  # "rotorooterutah", "datavaultsite", "acmeusa"
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


# ---------------------------------------------------------------- helpers


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


def _titled(name: str, language: LanguageData) -> bool:
    """ "President Donald J. Trump", "Utanriksminister Brende", "Mayor Nora Halloway": an office
    or honorific before a name is a person speaking for a body, not the body."""
    words = name.split()
    if not words:
        return False
    if _phrase_at(_phrases(language, "legislator_titles"), words, 0):
        return True  # "U.S. Senators Jane Roe and John Doe": the legislator rule names them one by one
    if honorific_at(words, 0, language) and not words[0].endswith(("'s", "’s")):
        return len(words) <= 4
    first = words[0].casefold()
    titles = [t.casefold() for t in (*language.title_words, *language.honorifics) if len(t) >= 5]
    return len(words) <= 3 and any(first.endswith(t) and first != t for t in titles) and words[0][:1].isupper()


def _lead_texts(ctx: Context) -> list[tuple[str, str]]:
    """The lead and the paragraph after it (a preface note or a one-line dateline may come first),
    with the wire tag ("PRISM MediaWire (…) –", "/PRNewswire/ --") taken off."""
    out = []
    for block in ctx.release.body:
        if hasattr(block, "lead") and block.text.strip():
            out.append((_strip_wire(block.text, ctx), "lead" if not out else "second paragraph"))
        if len(out) == 2:
            break
    return out


_WIRE_TAG = re.compile(r"^(?:.{0,160}?/[^/\s][^/]{1,40}/\s*(?:--|–|—|-)\s*)")
# "DALLAS and ITASCA, Ill., Oct. 22, 2025 — …": a dateline the classifier left in the lead
_CAPS_DATELINE = re.compile(
    r"^[A-ZÀ-Þ][A-ZÀ-Þ.'’&-]+(?:\s+(?:and|&|[A-ZÀ-Þ][A-ZÀ-Þ.'’&-]+))*(?:,[^–—]{0,80}?)?\s*(?:--|–|—|-)\s+"
)
# "Washington D.C.—Today, …": a place of up to four words glued to the lead by an em dash
_GLUED_DATELINE = re.compile(r"^([^\s—,]+(?:[ ,]+[^\s—,]+){0,3})\s*—\s*")
# "NEW YORK–(BUSINESS WIRE)–Imprint …": a wire name in parentheses between dashes
_PAREN_WIRE = re.compile(r"^[^()]{0,100}?[-–—]+\s*\([^()]{2,40}\)\s*[-–—]+\s*")
_DASH_SPLIT = re.compile(r"\s+(?:--|–|—|-)\s+")


def _strip_wire(text: str, ctx: Context) -> str:
    """ "PRISM MediaWire (Press Release Service – …) – SS Innovations …" → "SS Innovations …":
    a leading distributor name (data), a "(NewsUSA) -" tag or a "/PRNewswire/ --" tag is no part
    of the lead's sentence."""
    text = _PAREN_WIRE.sub("", _CAPS_DATELINE.sub("", text.strip(), count=1), count=1)
    glued = _GLUED_DATELINE.match(text)
    if glued and all(on.is_cap(w) for w in glued.group(1).split()):
        text = text[glued.end() :]  # "Washington D.C.—Today, …": a place glued to the sentence by a dash
    if "/" in text[:200]:
        text = _WIRE_TAG.sub("", text, count=1)
    for _ in range(2):
        rest = _after_dashes(text, 1)
        if rest is None:
            break
        head = re.sub(r"\([^()]*\)", "", text[: len(text) - len(rest)])
        head = _DASH_SPLIT.sub(" ", f" {head} ").strip(" -–—")
        # "St. Croix - Prospect Hill Recovery, a …": a place of a few capitalized words before a dash
        place = 0 < len(head.split()) <= 3 and all(on.is_cap(w) for w in head.split()) and on.is_cap(rest[:20])
        if head and not is_distributor(on.fold(head).replace(" ", "")) and not (place and len(rest.split()) >= 8):
            break
        text = rest
    return text


def _after_dashes(text: str, count: int) -> str | None:
    depth = 0
    seen = 0
    for m in re.finditer(r"[()]|\s+(?:--|–|—|-)\s+", text):
        token = m.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            seen += 1
            if seen == count:
                return text[m.end() :]
    return None


def _clause_subject(before: str, language: LanguageData, document: str = "") -> tuple[str, bool] | None:
    """The subject of a verb from the text before it: the last dash- or sentence-separated
    clause, asides in parentheses and a leading time word ("Today,") dropped, then the name
    that opens it, with a legal form after a comma kept ("SS Innovations International, Inc.");
    when no name opens it ("In a report released today, Acme revealed …"), the last
    comma-separated part that is a name."""
    text = re.sub(r"\([^()]{0,120}\)", " ", before)
    # a sentence ends at ". X" after a word, not after "Rep." or "Inc."
    clauses = re.split(r"(?<=[a-zß-ÿ]{3}[.!?])\s+(?=[A-ZÀ-Þ])|\s+(?:--|–|—)\s+", text)
    for clause in reversed([c.strip() for c in clauses if c.strip()]):
        found = _opening_name(clause, language) or _short_subject(clause, language, document or clause)
        if found is None:
            parts = [p.strip() for p in clause.split(",")][1:]
            for part in reversed(parts):
                if part and not _legal(part) and on.is_cap(part.split()[0]):
                    found = _opening_name(part, language)
                    if found is not None and lb.word_count(part) <= lb.word_count(found[0]) + 1:
                        break
                    found = None
        if found is not None:
            return found
    return None


def _short_subject(clause: str, language: LanguageData, document: str) -> tuple[str, bool] | None:
    """ "Sveriges båtklubbar meddelar …", "Celonis today announced …": a clause of one to four words
    before the verb, opening with a capital and without a comma, is the subject even with
    lower-case words inside."""
    words = on.strip_article(clause.strip(), language).split()
    if not 1 <= len(words) <= 4 or "," in clause or not on.is_cap(words[0]):
        return None
    # "Officials announced …" is a noun the text also writes in lower case (addresses and URLs aside)
    prose = re.sub(r"\S+@\S+|\S*\w\.\w{2,}\S*", " ", document)
    if len(words) == 1 and (len(words[0]) < 3 or on.generic(words[0], prose, language)):
        return None
    if words[0].casefold() in language.stopwords:
        return None
    if any(w.casefold() in _time_words(language) or _datey(w) for w in words):
        return None
    return " ".join(words), False


def _opening_name(clause: str, language: LanguageData) -> tuple[str, bool] | None:
    words = _spaced(clause).split()
    while words and (words[0].rstrip(",").casefold() in _time_words(language) or _datey(words[0])):
        words = words[1:]
    if not words or not on.is_cap(words[0]):
        return None
    found = on.lead_subject(" ".join(words), language)
    if found is None:
        return None
    name, person = found
    joined = " ".join(words)
    after = joined[len(name) :] if joined.startswith(name) else ""
    m = re.match(r"^,?\s*([\w.&]+)(?![\w-])", after)
    if m and _legal(m.group(1)):
        return f"{name}, {m.group(1).rstrip(',')}", person
    # "Jane Roe, chief executive officer of Acme Tools, today announced …": she speaks for Acme Tools
    role = re.match(r"^,\s*(?P<role>[^,]{2,90}?)\s*(?:,|$)", after)
    if role and not person:
        titles = {t.casefold() for t in (*language.title_words, *all_languages().title_words)}
        if any(w.casefold().strip(".") in titles for w in role.group("role").split()[:4]):
            owner = on.role_owner(role.group("role"), language)
            return (owner, False) if owner else (name, True)
    return name, person


@functools.lru_cache(maxsize=16)
def _time_words(language: LanguageData) -> frozenset[str]:
    """Words that open a lead before its subject: "Today, Acme …", "On Monday, …" (weekdays and
    the language's date prefixes from the data)."""
    words = {w.casefold() for w in (*language.weekdays, *language.date_prefixes, *language.time_markers)}
    return frozenset(words | {"today", "yesterday", "heute", "idag", "i dag", "hoy", "aujourd'hui", "tänään"})


def _datey(word: str) -> bool:
    return bool(re.fullmatch(r"[\d.,/:-]+|\w{3,9}\.?", word)) and any(ch.isdigit() for ch in word)


def _spaced(text: str) -> str:
    """ "2024,Congresswoman Jane" → "2024, Congresswoman Jane": glued link anchors split at punctuation."""
    return re.sub(r"(?<=[,;])(?=[^\s\d])", " ", text)


_SLOTS = frozenset({"organization_line", "sender_line", "type_senders", "source_line", "dateline_sender",
                    "about_heading", "contact_org"})  # fmt: skip
"""Rules that read a name from a slot that holds nothing else: a phrase-shaped name there is still a name."""


def _clean(name: str, language: LanguageData, slot: bool = False) -> str:
    name = re.sub(r"\s+", " ", name).strip().strip(",;:&–- ")
    name = _unglue_legal(name)
    if name.count("(") > name.count(")"):
        name = name[: name.rfind("(")].strip(" ,")  # "NxGen Brands, Inc. (OTC": the ticker aside, cut
    words = name.split()
    joins = {w.casefold() for w in connectors_of(language)} | {"&"}
    for k in range(1, len(words) - 1):
        if _legal(words[k - 1]) and words[k].casefold() in joins:
            name = " ".join(words[:k])  # "Renewal Fuels, Inc. and American Fusion": the first issuer
            break
    name = re.sub(r"\s*\([“\"]?[\w&.-]{1,12}[”\"]?\)$", "", name)  # "Rocks & Stocks (“R&S”)": the acronym it defines
    name = re.sub(r"\s+,", ",", name)
    if name.endswith(".") and not _legal(name.split()[-1]) and not re.search(r"\b\w\.$", name):
        name = name[:-1]
    if not name or not any(ch.isalpha() for ch in name) or lb.word_count(name) > 12 or name[-1:] in "?!":
        return ""
    if all(w.casefold().rstrip(".,") in on.legal_words() for w in name.split()):
        return ""  # "Inc." (inc.com): a legal form alone names no one
    if any(language.month(w) or w.casefold() in language.weekdays for w in name.split()):
        return ""  # "Ab April öffnet …": a date phrase, not a name
    if re.search(r":\s*\S|\(\d|\d\)|@|\b\d{4,}|\d[A-Za-z]{3,}", name):
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
def _legal_spellings() -> frozenset[str]:
    forms = {f.strip() for f in all_languages().legal_forms}
    return frozenset(forms | {f.rstrip(".") for f in forms} | {f + "." for f in forms if not f.endswith(".")})


def _legal(token: str) -> bool:
    """A legal form of any language as written ("Inc.", "SE", "AS", "ry"); case counts, so the
    English word "as" is none."""
    return token.strip(",;:()") in _legal_spellings()


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


def _without_department(name: str, language: LanguageData) -> str:
    """ "Acme Corp. Investor Relations" on a card → "Acme Corp.": the department is no part of the name."""
    for dept in _departments(language):
        if name.casefold().endswith(" " + dept) and len(name) > len(dept) + 2:
            return name[: -len(dept)].strip(" ,-–")
    return name


@functools.lru_cache(maxsize=16)
def _departments(language: LanguageData) -> tuple[str, ...]:
    words = {d.casefold() for d in (*language.departments, *all_languages().departments)}
    return tuple(sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=16)
def _article_set(language: LanguageData) -> frozenset[str]:
    return frozenset(a.casefold() for a in (*language.articles, *all_languages().articles))


def _clip_name(value: str, language: LanguageData) -> str:
    """ "Polizei Hamburg, übermittelt durch news aktuell" → "Polizei Hamburg": a value ends at a
    comma before a lower-case word, a " | " or a URL; a legal form after a comma stays."""
    value = re.split(r"\s+\|\s+|\s+(?:https?://|www\.)|\s+\(", value.strip())[0]
    parts = [p.strip() for p in split_fields(value) if p.strip()] if "," in value else [value]
    value = (parts[0] if parts else value).strip(" ;:")
    return value


@functools.lru_cache(maxsize=256)
def _phrases(language: LanguageData, kind: str) -> tuple[str, ...]:
    """The release's language first, then every language's (a release quoting an English wire
    header in a Swedish text still has "Source:")."""
    return tuple(dict.fromkeys((*getattr(language, kind), *getattr(all_languages(), kind))))


def _match_phrase(phrases: Sequence[str], text: str) -> str | None:
    low = text.casefold()
    for p in sorted(phrases, key=len, reverse=True):
        if low.startswith(p.casefold()) and (len(text) == len(p) or not text[len(p)].isalnum()):
            return text[: len(p)]
    return None


def _phrase_at(phrases: Sequence[str], words: Sequence[str], i: int) -> int:
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
def _label_regex(labels: tuple[str, ...], colon: bool = True) -> re.Pattern[str] | None:
    if not labels:
        return None
    alt = "|".join(r"\s+".join(map(re.escape, x.rstrip(":").split())) for x in sorted(labels, key=len, reverse=True))
    if colon:
        return re.compile(r"(?:^|\|\s*)(?P<l>" + alt + r")\s*:\s*(?P<v>[^|]{2,160}?)\s*(?=\||$)")
    return re.compile(r"(?:" + alt + r")(?!\w)", re.IGNORECASE)


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
