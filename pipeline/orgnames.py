"""The shapes of organization names in running text, for the issuer evidence (`issuer.py`).

Pure string functions: where a name starts and ends in a lead or headline ("City of X",
"Sheriff's Office", "L'Hôpital du Lac"), which full name an acronym stands for ("… (CRVA)"),
which written name a web or e-mail domain spells ("csusb.edu" → California State University
San Bernardino), and folding for comparison. They decide nothing about *which* name is the
issuer; the weighed evidence in `issuer.py` does.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from .contacts import find_emails
from .language import LanguageData, all_languages
from .model import Paragraph, Quote, Release
from .quotes import honorific_at, split_name, titled_person
from .urls import find_urls


@functools.lru_cache(maxsize=1)
def connectors() -> frozenset[str]:
    """Lower-case words inside an organization name, of every language ("City of X", "Lumière des Mers")."""
    return frozenset(w.casefold() for w in all_languages().org_connectors)


def name_run(words: Sequence[str]) -> list[str]:
    """The leading run of capitalized words, with connectors between them ("City of X")."""
    run: list[str] = []
    for k, w in enumerate(words):
        head = core(w)
        if not head:
            break
        if head[0].isupper() or head[0].isdigit():
            run.append(w)
            nxt = words[k + 1] if k + 1 < len(words) else ""
            if w[-1:] in ",;:!?" or (w.endswith(("’s", "'s")) and not is_cap(nxt)):
                break  # "Sheriff's Office" goes on, "Acme's new plant" stops
            continue
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if run and head.casefold() in connectors() and is_cap(nxt):
            run.append(w)
            continue
        break
    return run


def headline_subject(headline: str, language: LanguageData) -> str | None:
    """ "City of Harrowgate launches free transit for seniors" → "City of Harrowgate": the
    capitalized run that opens a sentence-case headline (a Title Case headline gives none)."""
    words = strip_article(headline, language).split()
    run = name_run(words)
    if not 2 <= len(run) <= 7 or len(run) >= len(words) or not words[len(run)][:1].islower():
        return None
    if any(is_cap(w) for w in words[len(run) + 1 :]) and sum(is_cap(w) for w in words) * 2 > len(words):
        return None
    return " ".join(w.strip(",;:") for w in run)


def role_owner(role: str, language: LanguageData) -> str | None:
    """The organization a role names after its last preposition: "CEO of the Acme Foundation" → "Acme Foundation"."""
    words = role.split()
    arts = {a.casefold() for a in getattr(language, "articles", ())}
    for k in range(len(words) - 1):
        if words[k].casefold() not in connectors():
            continue
        rest = words[k + 1 :]
        if rest and rest[0].casefold() in arts:
            rest = rest[1:]
        run = name_run(rest)
        if any(w.casefold().strip(",") in _title_words(language) for w in run):
            continue  # "president and CEO of Acme", "Chairman of the Board and Chief Executive Officer of Acme"
        if len(run) >= 2 and len(run) == len(rest):  # the first preposition the name runs to the end from
            return " ".join(w.strip(",;:.") for w in run)
    return None


@functools.lru_cache(maxsize=16)
def _title_words(language: LanguageData) -> frozenset[str]:
    return frozenset(w.casefold() for w in (*language.title_words, *all_languages().title_words))


@functools.lru_cache(maxsize=1)
def legal_words() -> frozenset[str]:
    """Every word of every language's legal forms ("gmbh", "co", "kg", "ab", "publ", "s.a")."""
    return frozenset(
        w.strip("(),").casefold().rstrip(".") for form in all_languages().legal_forms for w in form.split()
    )


def generic(name: str, document: str, language: LanguageData) -> bool:
    """ "About the Company": a one-word name the text mostly writes in lower case is a noun."""
    words = strip_article(name, language).rstrip(".:").split()
    if len(words) != 1 or not words[0][:1].isupper():
        return False
    word = words[0]
    lower = len(re.findall(r"(?<!\w)" + re.escape(word.lower()) + r"(?!\w)", document))
    upper = len(re.findall(r"(?<!\w)" + re.escape(word) + r"(?!\w)", document))
    return lower >= upper - 1 and lower > 0


def looks_personal(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words)


def mentions(name: str, document: str) -> int:
    core = name.strip().rstrip(".:")
    return len(re.findall(r"(?<!\w)" + re.escape(core) + r"(?!\w)", document, re.IGNORECASE)) if core else 0


def strip_article(name: str, language: LanguageData) -> str:
    words = name.split()
    arts = {a.casefold() for a in getattr(language, "articles", ())}
    if len(words) > 1 and words[0].casefold() in arts:
        words = words[1:]
    return " ".join(words).strip()


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


def _tokens(document: str) -> list[str]:
    return document.split()


@functools.lru_cache(maxsize=8192)
def core(token: str) -> str:
    core = token.strip(',.;:!?()[]"“”„«»')
    for suffix in ("’s", "'s", ":n", "’", "'"):
        if core.endswith(suffix):
            core = core[: -len(suffix)]
    return core


def is_cap(token: str) -> bool:
    head = core(token)
    return bool(head) and head[0].isupper()


def host_label(host: str) -> str | None:
    """The label of a host that names its owner: "news.acme.co.uk" → "acme", "help.senate.gov" → "senate"."""
    labels = [x for x in host.casefold().split(".") if x]
    if len(labels) < 2:
        return None
    label = labels[-2]
    if len(labels) >= 3 and labels[-2] in ("co", "com", "gob", "gov", "org", "ac", "net", "edu"):
        label = labels[-3]
    return label or None


def hosts(text: str) -> list[str]:
    """The hosts of every e-mail address and URL in the text, in order."""
    found = [e.split("@", 1)[1] for e in find_emails(text)]
    found += [
        re.sub(r"^(?:https?://)?(?:www\.)?", "", u, flags=re.IGNORECASE).split("/")[0] for u in find_urls(text)
    ]
    return found


def headline_score(name: str, headline: str, language: LanguageData) -> int:
    """2 when the headline opens with the name ("RapidFire Safety & Security Acquires …"),
    1 when it names it, else 0. Legal forms and a leading article are ignored."""
    legal = {f.casefold().rstrip(".") for f in getattr(language, "legal_forms", ())}
    words = [w for w in fold(strip_article(name, language)).split() if w not in legal]
    head = fold(strip_article(headline, language)).split()
    if not words:
        return 0
    if head[: len(words)] == words:
        return 2
    n = len(words)
    return int(any(head[i : i + n] == words for i in range(len(head) - n + 1)))


def domain_organizations(document: str, labels: Sequence[str], language: LanguageData) -> list[str]:
    """The names in the text that the release's web or e-mail domains spell, by whole
    words or initials ("farmforward" → Farm Forward, "csusb" → California State University
    San Bernardino, "ocdistrictattorney" → Orange County District Attorney's Office),
    in the order of `labels`."""
    tokens = _tokens(document)
    folded = [fold(core(t)).replace(" ", "") for t in tokens]
    found: list[str] = []
    for label in labels:
        target = re.sub(r"[^a-z0-9]", "", label)
        if len(target) < 3:
            continue
        matches: list[tuple[int, int]] = []
        for i in range(len(tokens)):
            if folded[i][:1] != target[:1]:
                continue  # a spelling starts with the first letter of its first word
            end = _spell(target, tokens, folded, i)
            if end is not None:
                matches.append((i, end))
        if not matches:
            continue
        longest = max(j - i for i, j in matches)
        names = [_matched_name(tokens, i, j, language) for i, j in matches if j - i == longest]
        extended = [n for n in names if n[1]]
        name = full_name((extended or names)[0][0], document, language)
        if name not in found:
            found.append(name)
    return found


def _matched_name(tokens: Sequence[str], i: int, j: int, language: LanguageData) -> tuple[str, bool]:
    """(name, extended) for tokens[i:j]; "X’s Office" and a legal form after it are kept."""
    words = [_clean_token(t, language) for t in tokens[i:j]]
    last = tokens[j - 1]
    if last.endswith(("’s", "'s")) and j < len(tokens) and is_cap(tokens[j]):
        return " ".join([*words[:-1], last.strip(',.;:()[]"“”'), core(tokens[j])]), True
    if j < len(tokens) and is_legal(tokens[j].split(":")[0], language):
        return f"{' '.join(words)} {tokens[j].split(':')[0].rstrip(',;')}", True
    return " ".join(words), False


def _clean_token(token: str, language: LanguageData) -> str:
    if is_legal(token, language):
        return token.strip(',;:()[]"“”')
    core = token.strip(',.;:!?()[]"“”„«»')
    return core.rstrip("’'") if not core.endswith(("’s", "'s")) else core


def is_legal(token: str, language: LanguageData) -> bool:
    forms = {f.casefold().rstrip(".") for f in getattr(language, "legal_forms", ())}
    return token.casefold().rstrip(".,;:") in forms


def _spell(target: str, tokens: Sequence[str], folded: Sequence[str], i: int) -> int | None:
    """End index when tokens[i:] spell `target` by whole words or capital initials."""
    if not is_cap(tokens[i]):
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
        if used and not is_cap(tokens[k]) and len(word) <= 4:
            stack.append((k + 1, pos, used))  # "for", "de": skipped between capitalized words
        if is_cap(tokens[k]) and target[pos] == word[0]:
            stack.append((k + 1, pos + 1, used + 1))
        if target.startswith(word, pos):
            stack.append((k + 1, pos + len(word), used + 1))
    return None


def full_name(name: str, document: str, language: LanguageData) -> str:
    """The full name where the text writes it before an acronym: "… Association (CRVA)"."""
    acronym = name.strip().rstrip(".")
    if not acronym or " " in acronym:
        return name
    before = _before_acronym(acronym, document)
    if before is None:
        return name
    words = before.split()
    picked: list[str] = []
    for w in reversed(words):
        if w[:1].isupper() or (w.isalpha() and w.islower() and len(w) <= 4 and picked):
            picked.append(w)
            continue
        break
    while picked and not picked[-1][:1].isupper():
        picked.pop()
    picked.reverse()
    full = strip_article(" ".join(picked), language)
    if len(full.split()) >= 2:
        return full
    return initials_name(acronym, words) or name


def _before_acronym(acronym: str, document: str) -> str | None:
    """The text (up to 160 characters, within its line and outside parentheses) written just
    before the first "(ACRONYM)" that has at least three characters in front of it."""
    for m in re.finditer(r"\(" + re.escape(acronym) + r"\)", document, re.IGNORECASE):
        start = max(0, m.start() - 160)
        window = document[start : m.start()]
        cut = max(window.rfind("\n"), window.rfind("("), window.rfind(")"))
        text = window[cut + 1 :].rstrip()
        if len(text) >= 3:
            return text
    return None


def initials_name(acronym: str, words: Sequence[str]) -> str | None:
    """ "Der Verband kommunaler Wasserversorger (VKW)" → "Verband kommunaler Wasserversorger":
    the shortest run of words before the acronym, opening with a capital, whose initials spell
    it (lower-case adjectives included, as German, French and Nordic names write them)."""
    letters = acronym.replace(".", "").casefold()
    if not (2 <= len(letters) <= 8 and letters.isalpha()):
        return None
    window: list[str] = []
    for w in reversed(words[-8:]):
        if w[-1:] in ".,;:!?":
            break
        window.insert(0, w)
    for start in range(len(window) - 1, -1, -1):
        run = window[start:]
        if len(run) < 2 or not run[0][:1].isupper():
            continue
        initials = "".join(w[0].casefold() for w in run if w[:1].isalpha())
        if initials == letters or (initials[0] == letters[0] and _subsequence(letters, initials)):
            return " ".join(run)
    return None


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def lead_subject(text: str, language: LanguageData) -> tuple[str, bool] | None:
    """(name, is_person) of the name opening the lead: "Sen. Bernie Sanders (I-Vt.), Chairman …" →
    ("Bernie Sanders", True); "Acme Corp. today …" → ("Acme Corp.", False)."""
    words = _unelide(text.split(), language)
    defined = _defined_subject(words, language)
    if defined:
        return defined, False  # "Sveriges kommuner och regioner (SKR) presenterar …"
    body = _article_org_name(words, language)
    if body:
        return body, False  # "De gemeente Vallby opent …", "La ville de Lyon lance …"
    run: list[str] = []
    joins = connectors()
    for k, w in enumerate(words[:8]):
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if run and w.casefold() in joins and is_cap(nxt) and nxt[:1] not in "([":
            run.append(w)  # "Hôpital du Lac", "City of Westbury"
            continue
        if not is_cap(w) or w[:1] in "([":
            break
        run.append(w)
        if w[-1:] in ",;:" or (w.endswith(".") and len(w) > 4):
            break
    if len(run) == 1 and len(words) > 1 and _is_org_word(words[1], language):
        run.append(words[1])  # "Oulun kaupunginkirjasto", "Stockholms stad", "Oslo kommune"
    if len(run) == 1 and _agency_word(run[0], language):
        return run[0].strip(",;:"), False  # "Skatteverket har beslutat …", "Jernbanedirektoratet har inngått …"
    if len(run) < 2:
        person = titled_person(words[:15], language)
        return (person, True) if person else None
    words = [w.rstrip(",;:") for w in run]
    first_title = first_honorific(words, language)
    if first_title == 0:  # "Sen. Bernie Sanders": a person issues the release
        _title, name = split_name(words, language)
        if 2 <= len(name) <= 3:
            return " ".join(name), True
    elif first_title is not None and first_title >= 1:
        # "Trust Stamp Vice President Jonathan Patscheider joined …": the company owns the title
        owner = words[:first_title]
        plain = all(re.fullmatch(r"[\w&'’-]+", w) for w in owner)
        if plain and (len(owner) > 1 or len(owner[0]) >= 4):
            owned = strip_article(" ".join(owner), language)
            return (owned, False) if owned else None
        person = titled_person(words, language)
        return (person, True) if person else None
    arts = {a.casefold() for a in getattr(language, "articles", ())}
    if run[0].casefold() in arts:
        run = run[1:]
    if len(run) < 2:
        return None
    return " ".join(w.rstrip(",;:") for w in run), False


def _article_org_name(words: Sequence[str], language: LanguageData) -> str | None:
    """ "De gemeente Vallby …" → "Gemeente Vallby": an article, a lower-case organization word
    and the capitalized name it governs (a connector may sit between: "ville de Lyon")."""
    arts = {a.casefold() for a in getattr(language, "articles", ())}
    if len(words) < 3 or words[0].casefold() not in arts or not _is_org_word(words[1], language):
        return None
    k = 2
    if words[k].casefold() in connectors() and words[k].islower():
        k += 1
    run = []
    for w in words[k : k + 4]:
        if not is_cap(w) or w[:1] in "([":
            break
        run.append(w.rstrip(",;:"))
        if w[-1:] in ",;:":
            break
    if not run:
        return None
    # the name is written with a capital when it stands alone ("Gemeente Vallby")
    return " ".join([words[1][:1].upper() + words[1][1:], *words[2:k], *run])


def _defined_subject(words: Sequence[str], language: LanguageData) -> str | None:
    """A lead that opens with a name and its acronym ("L'Agence nationale pour le sport des jeunes
    (ANSJ) publie …"): the name, which may hold lower-case words, spelled by the acronym."""
    for k, w in enumerate(words[:14]):
        m = re.fullmatch(r"\((?P<a>[^\W\d_][\w.&-]{1,9})\)[,.;:]?", w)
        if m and k >= 2:
            before = list(words[:k])
            arts = {a.casefold() for a in getattr(language, "articles", ())}
            if before and before[0].casefold() in arts:
                before = before[1:]
            return initials_name(m.group("a"), before)
        if w[:1] == "(":
            return None
    return None


def first_honorific(words: Sequence[str], language: LanguageData) -> int | None:
    """Index of the first word that starts an honorific or rank, if any; a possessive one
    ("Sheriff's Office") names an organization, not a person's title."""
    for i in range(len(words)):
        head = honorific_at(words, i, language)
        if head and all(w[:1].isupper() for w in words[i : i + head]):
            if words[i + head - 1].endswith(("'s", "’s")):
                continue
            return i
    return None


def _unelide(words: list[str], language: LanguageData) -> list[str]:
    """ "L'Hôpital du Lac ouvre …" → "Hôpital du Lac ouvre …": an elided article glued to the
    first word is no part of the name."""
    if not words:
        return words
    m = re.match(r"^(\w[’'])(?=\w)", words[0])
    arts = {a.casefold() for a in getattr(language, "articles", ())}
    if m and m.group(1).casefold() in arts | {a.replace("'", "’") for a in arts}:
        return [words[0][m.end() :], *words[1:]]
    return words


def _agency_word(word: str, language: LanguageData) -> bool:
    """A one-word body name: a capitalized compound ending in an org suffix of the language data
    ("-verket", "-direktoratet", "-virasto"; the "-x" entries of `org_words`)."""
    core = word.strip(",;:").casefold()
    suffixes = _org_suffixes(language)
    return word[:1].isupper() and any(core.endswith(x) and len(core) > len(x) + 2 for x in suffixes)


@functools.lru_cache(maxsize=16)
def _org_suffixes(language: LanguageData) -> tuple[str, ...]:
    words = (*language.org_words, *all_languages().org_words)
    return tuple(dict.fromkeys(w[1:].casefold() for w in words if w.startswith("-") and len(w) > 3))


def _is_org_word(word: str, language: LanguageData) -> bool:
    """A lower-case word that names a body ("kommune", "stad", "kaupunginkirjasto")."""
    core = word.strip(",.;:").casefold()
    return bool(core) and word[:1].islower() and core in _org_words(language)


@functools.lru_cache(maxsize=16)
def _org_words(language: LanguageData) -> frozenset[str]:
    return frozenset(w.casefold() for w in (*language.org_words, *all_languages().org_words))


def repeated_names(release: Release, least: int) -> list[tuple[str, int]]:
    """Capitalized names of 2–5 words that the body repeats at least `least` times, most repeated first."""
    text = " ".join(b.text for b in release.body if isinstance(b, (Paragraph, Quote)))
    tokens = text.split()
    counts: Counter[str] = Counter()
    for i in range(len(tokens)):
        if i and tokens[i - 1][-1:] not in ".!?" and not is_cap(tokens[i]):
            continue
        for n in range(2, 6):
            chunk = tokens[i : i + n]
            if len(chunk) < n or not all(is_cap(t) or (len(t) <= 2 and t.isupper()) for t in chunk):
                break
            if any(t[-1:] in ",.;:!?" for t in chunk[:-1]):
                break
            counts[" ".join(core(t) for t in chunk)] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0].split())))
    kept: list[tuple[str, int]] = []
    for name, n in ranked:
        if n < least:
            continue
        # "California State" inside "California State University", as often: not a name of its own
        if any(n <= m and f" {name} " in f" {longer} " for longer, m in kept):
            continue
        kept.append((name, n))
    return kept


def key(name: str | None) -> str:
    return " ".join(re.findall(r"\w+", (name or "").casefold()))
