"""Stage 5: labelled blocks → `Release`.

The classifier decided what each block is; the assembler decides what the release *says*:
which date is the issue date (the type/date line before a dateline's), which of the names
is the issuer, which quote continues which speaker's words, and which lines go to the
contact parser together. URLs are computed last from the finished release with
`urls.release_urls`, so the text reader and the HTML reader agree on them.

The issuer is taken from the most explicit evidence first: an organization line above the
headline, the senders of a "Pressmeddelande från …" line, a PR-wire "SOURCE" line, the
name that the release's own web/e-mail domain spells ("csusb.edu" → California State
University San Bernardino), an "About X" heading, the subject of the lead, and finally a
name the release repeats.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from . import classify as c
from .contacts import find_emails, parse_contacts
from .language import LanguageData
from .model import (
    BoilerplateSection,
    Contact,
    Dateline,
    ListBlock,
    Paragraph,
    Quote,
    Release,
    Source,
    Subheading,
)
from .quotes import QuoteInfo, honorific_at, split_name, titled_person
from .urls import find_urls, release_urls

# Domains that name a mail or social-media provider, never the issuer.
_GENERIC_DOMAINS = frozenset(
    {
        "gmail",
        "googlemail",
        "hotmail",
        "outlook",
        "live",
        "yahoo",
        "icloud",
        "me",
        "aol",
        "gmx",
        "proton",
        "protonmail",
        "linkedin",
        "twitter",
        "x",
        "facebook",
        "instagram",
        "youtube",
        "youtu",
        "tiktok",
        "bit",
        "mynewsdesk",
        "cision",
        "prnewswire",
        "businesswire",
        "globenewswire",
        "newsdirect",
        "google",
        "apple",
    }
)


def assemble(
    labelled: Sequence[c.Labelled],
    language: LanguageData,
    language_code: str | None = None,
    source: Source | None = None,
) -> Release:
    """Build the `Release` from classified blocks (see module docstring)."""
    headline = _first_text(labelled, c.HEADLINE) or _fallback_headline(labelled)
    release = Release(headline=headline, language=language_code or language.code)
    release.subheadline = _first_text(labelled, c.SUBHEADLINE)
    types = [lab for lab in labelled if lab.kind == c.RELEASE_TYPE]
    release.release_type = types[0].data.get("type") if types else None
    release.issued = _issued(labelled)
    release.embargo = next(
        (lab.data["date"].value for lab in labelled if lab.kind == c.EMBARGO and lab.data.get("date")), None
    )
    release.dateline = _dateline(labelled)
    release.body = _body(labelled)
    release.boilerplate = _boilerplate(labelled)
    marks = [lab.text for lab in labelled if lab.kind == c.END_MARK]
    release.end_mark = marks[0] if marks else None
    release.organization = _organization(labelled, release, language)
    release.contacts, release.contacts_heading = _contacts(labelled, language, release.organization)
    release.source = source or Source("", "", "utf-8")
    release.urls = release_urls(release)
    return release


def _first_text(labelled: Sequence[c.Labelled], kind: str) -> str | None:
    for lab in labelled:
        if lab.kind == kind and lab.text.strip():
            return lab.text.strip()
    return None


def _fallback_headline(labelled: Sequence[c.Labelled]) -> str:
    """No title line was found: the first line with words, preferring prose over contact cards."""
    ordered = [lab for lab in labelled if lab.kind not in (c.CONTACTS, c.CONTACTS_HEADING, c.WEBSITE)]
    ordered += [lab for lab in labelled if lab not in ordered]
    for lab in ordered:
        for line in lab.text.split("\n"):
            if any(ch.isalnum() for ch in line):
                return line.strip()[:200]
    return "Untitled"


def _issued(labelled: Sequence[c.Labelled]):  # -> dt.date | dt.datetime | None
    """The date of the header (type/date line, date line, wire header) before the lead's dateline."""
    for lab in labelled:
        if lab.kind in (c.RELEASE_TYPE, c.DATE) and lab.data.get("date"):
            return lab.data["date"].value
        if lab.kind == c.DATELINE and lab.data["dateline"].date:
            return lab.data["dateline"].date.value
    for lab in labelled:
        info = lab.data.get("dateline") if lab.kind in (c.PARAGRAPH, c.QUOTE) else None
        if info is not None and info.date:
            return info.date.value
    return None


def _dateline(labelled: Sequence[c.Labelled]) -> Dateline | None:
    """The dateline opening the lead, else a dateline-only line, else the wire header line;
    city and distributor are filled from whichever of them has one."""
    inline = [lab.data["dateline"] for lab in labelled if lab.kind in (c.PARAGRAPH, c.QUOTE) and "dateline" in lab.data]
    alone = [lab.data["dateline"] for lab in labelled if lab.kind == c.DATELINE and not lab.data.get("header")]
    header = [lab.data["dateline"] for lab in labelled if lab.kind == c.DATELINE and lab.data.get("header")]
    ordered = inline + alone + header
    if not ordered:
        return None
    main = ordered[0]
    # the wire header spells the place the way the wire does ("ST. LOUIS, MO / PR Karma / …")
    city = next((d.city for d in header + inline + alone if d.city), None)
    distributor = next((d.distributor for d in ordered if d.distributor), None)
    return Dateline(text=main.text, city=city, distributor=distributor)


def _body(labelled: Sequence[c.Labelled]) -> list:
    body: list = []
    for lab in labelled:
        lead = bool(lab.data.get("lead"))
        if lab.kind == c.PARAGRAPH:
            body.append(Paragraph(text=lab.text, lead=lead))
        elif lab.kind == c.QUOTE:
            info: QuoteInfo = lab.data["quote"]
            text = lab.text
            if lab.data.get("attribution"):
                text = f"{text}\n{lab.data['attribution']}"
            body.append(Quote(text=text, quote=info.quote or lab.text, speaker=info.speaker, role=info.role, lead=lead))
        elif lab.kind == c.SUBHEADING:
            body.append(Subheading(text=lab.text))
        elif lab.kind == c.LIST:
            items = [i for i in lab.data.get("items", []) if i]
            if items:
                body.append(ListBlock(items=items, ordered=bool(lab.data.get("ordered"))))
    if body and not any(getattr(b, "lead", False) for b in body):
        for b in body:
            if isinstance(b, (Paragraph, Quote)):
                b.lead = True
                break
    return body


def _contacts(
    labelled: Sequence[c.Labelled], language: LanguageData, organization: str | None = None
) -> tuple[list[Contact], str | None]:
    """Parse each contact region (a heading and the card blocks after it) on its own, then
    merge the same person named in two regions."""
    regions: list[list[str]] = []
    heading: str | None = None
    current: list[str] | None = None
    previous = None
    for lab in labelled:
        if lab.kind == c.CONTACTS_HEADING:
            heading = heading or lab.text.strip().rstrip(":").strip()
            current = []
            regions.append(current)
        elif lab.kind == c.CONTACTS:
            if current is None or previous not in (c.CONTACTS, c.CONTACTS_HEADING):
                current = []
                regions.append(current)
            if current:
                current.append("")
            current.extend(lab.lines)
        if lab.kind not in (c.WEBSITE,):
            previous = lab.kind
    people: list[Contact] = []
    for lines in regions:
        if not any(x.strip() for x in lines):
            continue
        for person in parse_contacts(lines, language, organization):
            key = _key(person.name)
            twin = next((p for p in people if key and _key(p.name) == key), None)
            if twin is None:
                people.append(person)
                continue
            for name in ("title", "organization", "phone", "phone_e164", "email"):
                if getattr(twin, name) is None and getattr(person, name) is not None:
                    setattr(twin, name, getattr(person, name))
    return people, heading


def _key(name: str | None) -> str:
    return " ".join(re.findall(r"\w+", (name or "").casefold()))


def _boilerplate(labelled: Sequence[c.Labelled]) -> list[BoilerplateSection]:
    sections: list[BoilerplateSection] = []
    current: BoilerplateSection | None = None
    for lab in labelled:
        if lab.kind == c.BOILERPLATE_HEADING:
            current = BoilerplateSection(heading=lab.text, text="")
            sections.append(current)
        elif lab.kind in (c.BOILERPLATE, c.WEBSITE):
            if lab.kind == c.WEBSITE or current is None:
                target = BoilerplateSection(heading=None, text="")
                sections.append(target)
                if lab.kind != c.WEBSITE:
                    current = target
            else:
                target = current
            target.text = f"{target.text}\n\n{lab.text}" if target.text else lab.text
        elif lab.kind in (c.CONTACTS, c.CONTACTS_HEADING, c.END_MARK):
            current = None
    return [s for s in sections if s.text or s.heading]


# --- organization ------------------------------------------------------------------------


def _organization(labelled: Sequence[c.Labelled], release: Release, language: LanguageData) -> str | None:
    for lab in labelled:
        if lab.kind == c.ORGANIZATION:
            return lab.text.strip()
    for lab in labelled:
        if lab.kind == c.RELEASE_TYPE and lab.data.get("senders"):
            parts = [p.strip() for p in lab.data["senders"].split(",") if p.strip()]
            # "från Benjamin Dousa, Utrikesdepartementet": the department, not the minister
            bodies = [p for p in parts if not _looks_personal(p)]
            if bodies or parts:
                return (bodies or parts)[0]
    for lab in labelled:
        if lab.kind == c.SOURCE:
            return lab.data["organization"]
    document = "\n".join(lab.text for lab in labelled)
    speakers = {_key(b.speaker) for b in release.body if isinstance(b, Quote) and b.speaker}
    about = [
        lab.data.get("organization")
        for lab in labelled
        if lab.kind == c.BOILERPLATE_HEADING and lab.data.get("organization")
    ]
    about = [a for a in about if not _is_person(a, speakers, language) and not _generic(a, document, language)]
    candidates = [_full_name(_strip_article(a, language), document, language) for a in about]
    domains = _domain_organizations(document, language)
    # a one-word domain name ("senate" in help.senate.gov) is weak evidence unless the headline names it
    weak = [d for d in domains if len(d.split()) == 1 and not _headline_score(d, release.headline, language)]
    candidates += [d for d in domains if d not in weak]
    if candidates:
        # several "About" sections or domains (a partner, an award, the PR agency): the issuer is
        # the one the headline leads with, else the one the release names most
        def rank(item: tuple[int, str]) -> tuple[int, int, int]:
            index, name = item
            return (_headline_score(name, release.headline, language), _mentions(name, document), -index)

        return max(enumerate(candidates), key=rank)[1]
    lead = release.lead
    if lead is not None:
        subject = _lead_subject(lead.text, language)
        if subject:
            return subject
    return weak[0] if weak else _repeated_name(release, language)


def _generic(name: str, document: str, language: LanguageData) -> bool:
    """ "About the Company": a one-word name the text mostly writes in lower case is a noun."""
    words = _strip_article(name, language).rstrip(".:").split()
    if len(words) != 1 or not words[0][:1].isupper():
        return False
    word = words[0]
    lower = len(re.findall(r"(?<!\w)" + re.escape(word.lower()) + r"(?!\w)", document))
    upper = len(re.findall(r"(?<!\w)" + re.escape(word) + r"(?!\w)", document))
    return lower >= upper - 1 and lower > 0


def _looks_personal(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words)


def _mentions(name: str, document: str) -> int:
    core = name.strip().rstrip(".:")
    return len(re.findall(r"(?<!\w)" + re.escape(core) + r"(?!\w)", document, re.IGNORECASE)) if core else 0


def _is_person(name: str, speakers: set[str], language: LanguageData) -> bool:
    words = name.split()
    title, rest = split_name(words, language)
    return (bool(title) and len(rest) >= 2) or _key(name) in speakers or _key(" ".join(rest)) in speakers


def _strip_article(name: str, language: LanguageData) -> str:
    words = name.split()
    arts = {a.casefold() for a in getattr(language, "articles", ())}
    if len(words) > 1 and words[0].casefold() in arts:
        words = words[1:]
    return " ".join(words).strip()


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


def _tokens(document: str) -> list[str]:
    return document.split()


def _core(token: str) -> str:
    core = token.strip(',.;:!?()[]"“”„«»')
    for suffix in ("’s", "'s", ":n", "’", "'"):
        if core.endswith(suffix):
            core = core[: -len(suffix)]
    return core


def _is_cap(token: str) -> bool:
    core = _core(token)
    return bool(core) and core[0].isupper()


def _domain_labels(document: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    hosts = [e.split("@", 1)[1] for e in find_emails(document)]
    hosts += [
        re.sub(r"^(?:https?://)?(?:www\.)?", "", u, flags=re.IGNORECASE).split("/")[0] for u in find_urls(document)
    ]
    for host in hosts:
        labels = [x for x in host.casefold().split(".") if x]
        if len(labels) < 2:
            continue
        label = labels[-2]
        if len(labels) >= 3 and labels[-2] in ("co", "com", "gob", "gov", "org", "ac", "net", "edu"):
            label = labels[-3]
        if label and label not in _GENERIC_DOMAINS:
            counts[label] += 1
    return counts


def _headline_score(name: str, headline: str, language: LanguageData) -> int:
    """2 when the headline opens with the name ("RapidFire Safety & Security Acquires …"),
    1 when it names it, else 0. Legal forms and a leading article are ignored."""
    legal = {f.casefold().rstrip(".") for f in getattr(language, "legal_forms", ())}
    words = [w for w in _fold(_strip_article(name, language)).split() if w not in legal]
    head = _fold(_strip_article(headline, language)).split()
    if not words:
        return 0
    if head[: len(words)] == words:
        return 2
    n = len(words)
    return int(any(head[i : i + n] == words for i in range(len(head) - n + 1)))


def _domain_organizations(document: str, language: LanguageData) -> list[str]:
    """The names in the text that the release's web or e-mail domains spell, by whole
    words or initials ("farmforward" → Farm Forward, "csusb" → California State University
    San Bernardino, "ocdistrictattorney" → Orange County District Attorney's Office),
    most frequent domain first."""
    tokens = _tokens(document)
    folded = [_fold(_core(t)).replace(" ", "") for t in tokens]
    found: list[str] = []
    for label, _count in _domain_labels(document).most_common():
        target = re.sub(r"[^a-z0-9]", "", label)
        if len(target) < 3:
            continue
        matches: list[tuple[int, int]] = []
        for i in range(len(tokens)):
            end = _spell(target, tokens, folded, i)
            if end is not None:
                matches.append((i, end))
        if not matches:
            continue
        longest = max(j - i for i, j in matches)
        names = [_matched_name(tokens, i, j, language) for i, j in matches if j - i == longest]
        extended = [n for n in names if n[1]]
        name = _full_name((extended or names)[0][0], document, language)
        if name not in found:
            found.append(name)
    return found


def _matched_name(tokens: Sequence[str], i: int, j: int, language: LanguageData) -> tuple[str, bool]:
    """(name, extended) for tokens[i:j]; "X’s Office" and a legal form after it are kept."""
    words = [_clean_token(t, language) for t in tokens[i:j]]
    last = tokens[j - 1]
    if last.endswith(("’s", "'s")) and j < len(tokens) and _is_cap(tokens[j]):
        return " ".join([*words[:-1], last.strip(',.;:()[]"“”'), _core(tokens[j])]), True
    if j < len(tokens) and _is_legal(tokens[j].split(":")[0], language):
        return f"{' '.join(words)} {tokens[j].split(':')[0].rstrip(',;')}", True
    return " ".join(words), False


def _clean_token(token: str, language: LanguageData) -> str:
    if _is_legal(token, language):
        return token.strip(',;:()[]"“”')
    core = token.strip(',.;:!?()[]"“”„«»')
    return core.rstrip("’'") if not core.endswith(("’s", "'s")) else core


def _is_legal(token: str, language: LanguageData) -> bool:
    forms = {f.casefold().rstrip(".") for f in getattr(language, "legal_forms", ())}
    return token.casefold().rstrip(".,;:") in forms


def _spell(target: str, tokens: Sequence[str], folded: Sequence[str], i: int) -> int | None:
    """End index when tokens[i:] spell `target` by whole words or capital initials."""
    if not _is_cap(tokens[i]):
        return None
    stack = [(i, 0, 0)]  # token index, position in target, words used
    while stack:
        k, pos, used = stack.pop()
        if pos == len(target):
            return k if used else None
        if k >= len(tokens) or used > 8:
            continue
        word = folded[k]
        if not word:  # "&", "–": no letters to spell with
            if used:
                stack.append((k + 1, pos, used))
            continue
        if used and not _is_cap(tokens[k]) and len(word) <= 4:
            stack.append((k + 1, pos, used))  # "for", "de": skipped between capitalized words
        if _is_cap(tokens[k]) and target[pos] == word[0]:
            stack.append((k + 1, pos + 1, used + 1))
        if target.startswith(word, pos):
            stack.append((k + 1, pos + len(word), used + 1))
    return None


def _full_name(name: str, document: str, language: LanguageData) -> str:
    """The full name where the text writes it before an acronym: "… Association (CRVA)"."""
    acronym = name.strip().rstrip(".")
    if not acronym or " " in acronym:
        return name
    m = re.search(r"([^\n()]{3,160}?)\s*\(" + re.escape(acronym) + r"\)", document, re.IGNORECASE)
    if not m:
        return name
    words = m.group(1).split()
    picked: list[str] = []
    for w in reversed(words):
        if w[:1].isupper() or (w.isalpha() and w.islower() and len(w) <= 4 and picked):
            picked.append(w)
            continue
        break
    while picked and not picked[-1][:1].isupper():
        picked.pop()
    picked.reverse()
    full = _strip_article(" ".join(picked), language)
    return full if len(full.split()) >= 2 else name


def _lead_subject(text: str, language: LanguageData) -> str | None:
    """ "Sen. Bernie Sanders (I-Vt.), Chairman …" → "Bernie Sanders": a name opening the lead."""
    words = text.split()
    run: list[str] = []
    for w in words[:8]:
        if not _is_cap(w) or w[:1] in "([":
            break
        run.append(w)
        if w[-1:] in ",;:" or (w.endswith(".") and len(w) > 4):
            break
    if len(run) < 2:
        return titled_person(words[:15], language)
    words = [w.rstrip(",;:") for w in run]
    first_title = _first_honorific(words, language)
    if first_title == 0:  # "Sen. Bernie Sanders": a person issues the release
        _title, name = split_name(words, language)
        if 2 <= len(name) <= 3:
            return " ".join(name)
    elif first_title is not None and first_title >= 1:
        # "Trust Stamp Vice President Jonathan Patscheider joined …": the company owns the title
        owner = words[:first_title]
        plain = all(re.fullmatch(r"[\w&'’-]+", w) for w in owner)
        if plain and (len(owner) > 1 or len(owner[0]) >= 4):
            return _strip_article(" ".join(owner), language) or None
        return titled_person(words, language)
    arts = {a.casefold() for a in getattr(language, "articles", ())}
    if run[0].casefold() in arts:
        run = run[1:]
    if len(run) < 2:
        return None
    return " ".join(w.rstrip(",;:") for w in run)


def _first_honorific(words: Sequence[str], language: LanguageData) -> int | None:
    """Index of the first word that starts an honorific or rank, if any."""
    for i in range(len(words)):
        head = honorific_at(words, i, language)
        if head and all(w[:1].isupper() for w in words[i : i + head]):
            return i
    return None


def _repeated_name(release: Release, language: LanguageData) -> str | None:
    """A capitalized name of 2–5 words that the body repeats at least three times."""
    text = " ".join(b.text for b in release.body if isinstance(b, (Paragraph, Quote)))
    tokens = text.split()
    counts: Counter[str] = Counter()
    for i in range(len(tokens)):
        if i and tokens[i - 1][-1:] not in ".!?" and not _is_cap(tokens[i]):
            continue
        for n in range(2, 6):
            chunk = tokens[i : i + n]
            if len(chunk) < n or not all(_is_cap(t) or (len(t) <= 2 and t.isupper()) for t in chunk):
                break
            if any(t[-1:] in ",.;:!?" for t in chunk[:-1]):
                break
            counts[" ".join(_core(t) for t in chunk)] += 1
    if not counts:
        return None
    best = max(counts.items(), key=lambda kv: (kv[1], len(kv[0].split())))
    return best[0] if best[1] >= 3 else None
