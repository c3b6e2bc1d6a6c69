"""The issuer evidence rules, one function per signal, and their ordered registry `RULES`.

Each rule reads the classified blocks and the assembled release (`evidence.Context`) and
yields `Hit`s: names the text gives for the issuer from one signal (the letterhead, a "Source:"
line, the subject of an announcing verb, an About heading, the contact card, a domain …).
A rule decides nothing; `issuer.decide` weighs what all of them say. The weights are data
(`evidence.toml`); the order matters only in that a supporting rule (a domain, the headline
mention) may match the names the rules before it found.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from . import labels as lb
from . import orgnames as on
from .contacts import names_organization, parse_contacts, split_fields
from .evidence import (
    Context,
    EvidenceRule,
    Hit,
    connectors_of,
    datey,
    is_distributor,
    label_regex,
    lang_phrases,
    legal_form,
    load_evidence,
    match_phrase,
    phrase_at,
    spaced,
    spells,
    time_words,
    titled,
    wire_name,
)
from .language import LanguageData, all_languages
from .model import Quote
from .quotes import honorific_at


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
    labels = lang_phrases(ctx.language, "source_labels")
    pattern = label_regex(labels)
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
    if not name or is_distributor(_folded_name(name, ctx.language)) or wire_name(name):
        return
    if any(ch.isdigit() for ch in name) and not any(ch.isalpha() and ch.isupper() for ch in name[:1]):
        return
    yield Hit(name, f"dateline “{dateline.text[:50]}”")


def _folded_name(name: str, language: LanguageData) -> str:
    return on.fold(name).replace(" ", "")


def _statement_headline(ctx: Context) -> Iterable[Hit]:
    headline = ctx.release.headline or ""
    opener = match_phrase(lang_phrases(ctx.language, "statement_openers"), headline)
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
    titles = lang_phrases(ctx.language, "legislator_titles")
    for text, where in [*_lead_texts(ctx)[:1], (ctx.release.headline or "", "headline")]:
        words = spaced(text).split()[:20]
        for i in range(len(words)):
            title = phrase_at(titles, words, i)
            if not title:
                # a legislator *opens* the sentence: only names, dates and time words before the title
                if not (on.is_cap(words[i]) or datey(words[i]) or words[i].casefold().strip(",") in time_words(
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
    verbs = lang_phrases(ctx.language, "announce_verbs")
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
            inverted = _verb_second_subject(head[: m.start()], head[m.end() :], ctx.language)
            if inverted:
                yield Hit(inverted, f"{where}: “… {m.group(0)} {inverted}” (verb second)")
                return
            subject = _clause_subject(head[: m.start()], ctx.language, ctx.document)
            if subject:
                name, person = subject
                if not person:
                    yield Hit(name, f"{where}: “… {m.group(0)}”")
                return


def _verb_second_subject(before: str, after: str, language: LanguageData) -> str | None:
    """ "Ab April öffnet die Stadtbibliothek Lindenau …", "I dag meddelar Kustverket …": in a
    verb-second language an adverbial opening (words of the language data, a date) puts the
    subject after the verb; the capitalized name there, article dropped, is the subject."""
    openers = {w.casefold() for w in language.verb_second_openers}
    clause = before.strip()
    words = clause.split()
    # only an adverbial that opens the paragraph: "I augusti meddelade Ryssland …" deep in a lead is reported speech
    if not openers or not words or len(words) > 6 or "," in clause or re.search(r"[.!?:]\s", clause):
        return None
    first = words[0].casefold()
    two = " ".join(words[:2]).casefold()
    if first not in openers and two not in openers:
        return None
    rest = on.strip_article(after.strip(), language).split()
    run = [w.rstrip(",;:.") for w in on.name_run(rest)]
    while run and not on.is_cap(run[-1]):
        run.pop()
    return " ".join(run) if run else None


def _about_heading(ctx: Context) -> Iterable[Hit]:
    for lab in ctx.labelled:
        if lab.kind == lb.BOILERPLATE_HEADING and lab.data.get("organization"):
            name = on.strip_article(lab.data["organization"], ctx.language)
            if not on.generic(name, ctx.document, ctx.language):
                full = _with_name_article(on.full_name(name, ctx.document, ctx.language), lab.text, ctx.language)
                yield Hit(full, f"line {lab.line}: {lab.text.strip()[:40]}", at=lab.line * 10000)


def _with_name_article(name: str, heading: str, language: LanguageData) -> str:
    """ "About A Minivela Production, LLC": a capitalized indefinite article the heading writes
    before the name is part of the name (nobody writes "About a company"); "the" is dropped."""
    for article in lang_phrases(language, "name_articles"):
        if re.search(r"(?<!\w)" + re.escape(f"{article} {name}"), heading) and not name.startswith(article + " "):
            return f"{article} {name}"
    return name


def _about_inline(ctx: Context) -> Iterable[Hit]:
    prefixes = [p.partition("{org}")[0].strip() for p in ctx.language.boilerplate_headings if "{org}" in p]
    prefixes = [p for p in dict.fromkeys(prefixes) if p]
    if not prefixes:
        return
    joins = "|".join(sorted(map(re.escape, connectors_of(ctx.language)), key=len, reverse=True))
    word = r"[A-ZÀ-ÖØ-Þ0-9&][\w&.'’-]*"
    name = rf"(?P<org>[A-ZÀ-ÖØ-Þ0-9][\w&.'’-]*(?:\s+(?:{word}|{joins})){{0,6}})"
    # "About 1win1win is …", "About DATAGROUPDATAGROUP SE": the heading glued to its paragraph,
    # which repeats the name with no space; such a name may open with a digit or lower case
    glued = r"(?P<g>[\w&.'’-]{2,40}?(?:\s+[\w&.'’-]+){0,4}?)(?P=g)(?=\s|[,.:]|$)"
    opener = "|".join(r"\s+".join(map(re.escape, p.split())) for p in prefixes)
    rx = re.compile(r"(?<=[\s:.])(?:" + opener + r")\s+(?:" + name + r"(?:\s*:|\s+(?P=org)(?!\w))|" + glued + ")")
    for lab in ctx.labelled:
        if lab.kind not in (lb.PARAGRAPH, lb.QUOTE, lb.BOILERPLATE, lb.CONTACTS, lb.WEBSITE):
            continue
        for m in rx.finditer(" " + lab.text):
            org = on.strip_article((m.group("org") or m.group("g") or "").strip(" .:"), ctx.language)
            if org and any(ch.isalpha() for ch in org) and not on.generic(org, ctx.document, ctx.language):
                at = lab.line * 10000 + min(m.start(), 9999)
                yield Hit(org, f"line {lab.line}: “{m.group(0).strip()[:40]}”", at=at)


def _about_paragraph(ctx: Context) -> Iterable[Hit]:
    copulas = lang_phrases(ctx.language, "about_copulas")
    rx = label_regex(copulas, colon=False)
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
            yield Hit(" ".join(run), f"line {lab.line}", at=lab.line * 10000)
            return


def _sponsor(ctx: Context) -> Iterable[Hit]:
    """ "A survey sponsored by More Perfect and the Daniels Fund finds …": a poll or report a
    release presents is issued by its first named sponsor (the cues are language data)."""
    cues = lang_phrases(ctx.language, "sponsor_cues")
    if not cues:
        return
    rx = re.compile(r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, c.split())) for c in cues) + r")\s+", re.I)
    for text, where in _lead_texts(ctx):
        head = " ".join(text.split()[:80])
        m = rx.search(head)
        if not m or not _after_study_word(head[: m.start()], ctx.language):
            continue
        rest = on.strip_article(head[m.end() :], ctx.language)
        run = [w.rstrip(",;:") for w in on.name_run(rest.split())]
        while run and not on.is_cap(run[-1]):
            run.pop()
        if run and not titled(" ".join(run), ctx.language):
            yield Hit(" ".join(run), f"{where}: “{m.group(0).strip()} …”")
            return


def _after_study_word(before: str, language: LanguageData) -> bool:
    """ "A survey sponsored by …", "The poll, conducted by X and sponsored by …": a study noun
    within the eight words before the cue ("a gala presented by …" is no study)."""
    nouns = {w.casefold() for w in lang_phrases(language, "study_words")}
    return any(w.strip(",;:()").casefold() in nouns for w in before.split()[-8:])


def _lead_subject(ctx: Context) -> Iterable[Hit]:
    lead = ctx.release.lead
    if lead is None:
        return
    found = _opening_name(_strip_wire(lead.text, ctx), ctx.language)
    if found and not found[1]:
        yield Hit(found[0], "lead")


def _headline_subject(ctx: Context) -> Iterable[Hit]:
    subject = on.headline_subject(ctx.release.headline or "", ctx.language)
    if subject and not titled(subject, ctx.language):
        yield Hit(subject, "headline")


def _headline_announce(ctx: Context) -> Iterable[Hit]:
    """ "Acme Corp. Announces …", "innoscripta SE Reports …": the name before an announcing verb
    that a Title Case headline writes capitalized."""
    headline = ctx.release.headline or ""
    verbs = lang_phrases(ctx.language, "announce_verbs")
    words = headline.split()
    for i in range(1, min(len(words), 8)):
        n = phrase_at(tuple(v.title() for v in verbs) + verbs, words, i)
        if not n:
            continue
        if any(w.endswith(":") for w in words[:i]):
            return  # "State Roundup: Thousands Of Suits Filed …": a rubric, not a subject
        agents = {w.casefold() for w in ctx.language.sender_prepositions}
        if i + n >= len(words) or words[i + n].casefold() in agents:
            return  # "Rail Safety Act Introduced (by …)": a passive headline names the thing, not its issuer
        subject = [w.rstrip(",;:") for w in words[:i]]
        caps = all(on.is_cap(w) or legal_form(w) or w in ("&", "and", "of") for w in subject)
        legal = legal_form(subject[-1])
        if (caps or legal) and not (len(subject) == 1 and subject[0].casefold() in time_words(ctx.language)):
            yield Hit(" ".join(subject), f"headline: “… {' '.join(words[i : i + n])}”")
        return


def _headline_possessive(ctx: Context) -> Iterable[Hit]:
    """ "HeartBeam Inc.’s VALID-ECG Study Confirms …": the owner opening the headline."""
    words = (ctx.release.headline or "").split()
    for i, w in enumerate(words[:6]):
        if re.search(r"[’']s?$", w) and i + 1 < len(words):
            owner = [*words[:i], re.sub(r"[’']s?$", "", w)]
            verbs = {v.casefold() for v in lang_phrases(ctx.language, "announce_verbs") if " " not in v}
            if any(x.casefold() in verbs for x in owner) or len(owner) > 3:
                return  # "Acme Study Reveals America’s …": the possessive is the object's
            if all(on.is_cap(x) or legal_form(x) for x in owner):
                yield Hit(" ".join(owner), "headline (possessive)")
            return
        if not (on.is_cap(w) or legal_form(w)):
            return


def _quote_affiliation(ctx: Context) -> Iterable[Hit]:
    for block in ctx.release.body:
        if isinstance(block, Quote) and block.role:
            owner = (on.role_owner(block.role, ctx.language) or _genitive_owner(block.role, ctx.language)
                     or _brand_after_preposition(block.role, ctx.language))
            if owner:
                yield Hit(owner, f"role of {block.speaker or 'the speaker'}: {block.role[:40]}")
            return


def _brand_after_preposition(role: str, language: LanguageData) -> str | None:
    """ "Oscar Bang fra CasinoUdenMitID.co", "CTO at NordVolt": one word shaped like a brand
    (an inner capital or a domain ending) after the role's last preposition (language data)."""
    words = role.split()
    preps = {p.casefold() for p in (*language.sender_prepositions, *on.connectors(), "at", "bei", "hos", "chez")}
    if len(words) < 2 or words[-2].casefold() not in preps:
        return None
    last = words[-1].strip(",;:")
    if re.fullmatch(r"[A-Za-z0-9][\w-]*[a-z][A-Z][\w-]*(?:\.[a-z]{2,6})?|[A-Za-z0-9][\w-]+\.[a-z]{2,6}", last):
        return last
    return None


def _genitive_owner(role: str, language: LanguageData) -> str | None:
    """ "Elonvaalijat ry:n puheenjohtaja", "Acme's CEO" → the organization that opens the role
    in the genitive (capitalized words and a legal form, the case ending cut)."""
    words = role.split()
    run: list[str] = []
    for w in words:
        base = re.sub(r"(?::n|’s|'s|:s)$", "", w)
        if on.is_cap(base) or (run and legal_form(base)):
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
    if not inside:
        bare = [x for x in _bare_labels(ctx) if x not in generic and not is_distributor(x)]
        home |= set(bare)  # "To learn more, visit joinmoreperfect.us": the release's own site
        labels += [x for x in bare if x not in labels]
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
                # "nathanmacintosh" spelled by "Nathan Macintosh's Hilarious …": the owner before the possessive
                owner = re.split(r"(?<=\w)[’']s\s", name)[0]
                if owner != name and spells(target, owner, ctx.language) == "words":
                    name = owner
                yield Hit(name, f"domain “{label}” (spelled in the text)", share=where)


def _bare_labels(ctx: Context) -> list[str]:
    """Host labels of bare web addresses, written without http or www after a cue of the language
    data ("visit joinmoreperfect.us", "learn more at acme.com"), outside the contact card."""
    cues = lang_phrases(ctx.language, "site_cues")
    if not cues:
        return []
    alt = "|".join(r"\s+".join(map(re.escape, c.split())) for c in sorted(cues, key=len, reverse=True))
    rx = re.compile(r"(?<!\w)(?:" + alt + r")\s+((?:[a-z0-9][a-z0-9-]*\.)+[a-z]{2,6})(?![\w@/-]|\.\w)", re.I)
    out = []
    for m in rx.finditer(ctx.outside):
        label = on.host_label(m.group(1))
        if label and label not in out:
            out.append(label)
    return out


def _domain(ctx: Context) -> Iterable[Hit]:
    return _domains(ctx, inside=False)


def _contact_domain(ctx: Context) -> Iterable[Hit]:
    return _domains(ctx, inside=True)


HEADLINE_RULES = frozenset({"statement_headline", "headline_subject", "headline_announce", "headline_possessive"})


def _headline_names(ctx: Context) -> Iterable[Hit]:
    headline = ctx.release.headline or ""
    for name in dict.fromkeys(ctx.named):
        if ctx.named_by.get(name, set()) <= HEADLINE_RULES:
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
    EvidenceRule("sponsor", "the first sponsor of a survey or report the lead presents", _sponsor),
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


# a run of spaces is entered at its start only and never given back (linear time)
_DASH_SPLIT = re.compile(r"(?<!\s)\s++(?:--|–|—|-)\s++")


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


_PAREN_OR_DASH = re.compile(r"[()]|(?<!\s)\s++(?:--|–|—|-)\s++")


def _after_dashes(text: str, count: int) -> str | None:
    depth = 0
    seen = 0
    for m in _PAREN_OR_DASH.finditer(text):
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
                if part and not legal_form(part) and on.is_cap(part.split()[0]):
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
    if any(w.casefold() in time_words(language) or datey(w) for w in words):
        return None
    return " ".join(words), False


def _opening_name(clause: str, language: LanguageData) -> tuple[str, bool] | None:
    words = spaced(clause).split()
    while words and (words[0].rstrip(",").casefold() in time_words(language) or datey(words[0])):
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
    if m and legal_form(m.group(1)):
        return f"{name}, {m.group(1).rstrip(',')}", person
    # "Jane Roe, chief executive officer of Acme Tools, today announced …": she speaks for Acme Tools
    role = re.match(r"^,\s*(?P<role>[^,]{2,90}?)\s*(?:,|$)", after)
    if role and not person:
        titles = {t.casefold() for t in (*language.title_words, *all_languages().title_words)}
        if any(w.casefold().strip(".") in titles for w in role.group("role").split()[:4]):
            owner = on.role_owner(role.group("role"), language)
            return (owner, False) if owner else (name, True)
    return name, person


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


def _clip_name(value: str, language: LanguageData) -> str:
    """ "Polizei Hamburg, übermittelt durch news aktuell" → "Polizei Hamburg": a value ends at a
    comma before a lower-case word, a " | " or a URL; a legal form after a comma stays."""
    value = re.split(r"\s+\|\s+|\s+(?:https?://|www\.)|\s+\(", value.strip())[0]
    parts = [p.strip() for p in split_fields(value) if p.strip()] if "," in value else [value]
    value = (parts[0] if parts else value).strip(" ;:")
    return value
