"""How sure the reader is of each field (`Release.review`), and why a person must look.

The issuer's confidence comes from its weighed evidence (`issuer.Decision`: how strong the
winner is, how close the runner-up came). The other fields get simple confidences from *how*
they were found: a headline from a title line or from the fallback "first line with words", a
date from a type/date line, the dateline, only the embargo, or nowhere. The values and the
review thresholds are data (`evidence.toml`, tables `[confidence]` and `[review]`).

A release with no date at all is normal (the date is added at publication and the converter dates
it): that alone is no reason. A date is uncertain when the header gives several that disagree,
when it comes only from the embargo or only from the body. A release whose issuer, headline or
date is uncertain gets a short sentence in
`Review.reasons`; the review workflow (hold, confirm) is built on top of that list elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import labels as lb
from .evidence import load_evidence
from .issuer import Decision
from .model import Release, Review


def review(labelled: Sequence[lb.Labelled], release: Release, decision: Decision) -> Review:
    """Per-field confidence and the reasons for a person to look (module docstring)."""
    conf = load_evidence().confidence
    thresholds = load_evidence().review
    out: dict[str, float] = {}
    reasons: list[str] = []

    out["organization"] = decision.confidence
    if out["organization"] < float(thresholds.get("organization", 0.5)):
        reasons.append(_issuer_reason(decision))

    has_title = any(lab.kind == lb.HEADLINE and lab.text.strip() for lab in labelled)
    if not has_title:
        out["headline"] = float(conf.get("headline_fallback", 0.3))
    elif lb.word_count(release.headline) > int(conf.get("long_headline_words", 30)):
        out["headline"] = float(conf.get("headline_long", 0.6))
    elif lb.word_count(release.headline) <= int(conf.get("short_headline_words", 2)):
        out["headline"] = float(conf.get("headline_short", 0.45))
    else:
        out["headline"] = float(conf.get("headline_title_line", 0.95))
    if out["headline"] < float(thresholds.get("headline", 0.5)):
        shown = release.headline[:60]
        if has_title:
            reasons.append(f"The headline “{shown}” is very short; it may be a letterhead or a type line.")
        else:
            reasons.append(f"No title line was found; the headline is the first line with words: “{shown}”")

    out["issued"] = _issued_confidence(labelled, release, conf)
    # no date at all is normal (the date is added at publication, the converter dates it): only an
    # uncertain date asks a person to look
    if release.issued is not None and out["issued"] < float(thresholds.get("issued", 0.5)):
        dates = _header_dates(labelled)
        if len(dates) > 1:
            shown = ", ".join(d.isoformat() for d in sorted(dates))
            reasons.append(f"The header gives several dates ({shown}); check the release date.")
        elif release.embargo is not None and release.issued == release.embargo:
            reasons.append(f"The release date {release.issued.isoformat()} comes from the embargo line only.")
        else:
            reasons.append(f"The release date {release.issued.isoformat()} comes from the body only.")

    out["dateline"] = _dateline_confidence(labelled, release, conf)
    kinds = {lab.kind for lab in labelled}
    if release.contacts:
        key = "contacts_heading" if lb.CONTACTS_HEADING in kinds else "contacts_headless"
    else:
        key = "contacts_none"
    out["contacts"] = float(conf.get(key, 0.8))
    if release.boilerplate:
        key = "boilerplate_heading" if any(s.heading for s in release.boilerplate) else "boilerplate_unheaded"
    else:
        key = "boilerplate_none"
    out["boilerplate"] = float(conf.get(key, 0.8))
    return Review(confidence={k: round(v, 2) for k, v in out.items()}, reasons=reasons)


def _issuer_reason(decision: Decision) -> str:
    """One sentence on why the issuer is uncertain, naming the candidates a person chooses from."""
    winner, runner = decision.winner, decision.runner_up
    if winner is None:
        if runner is None:
            return "No issuer is named; set the organization by hand."
        return f"No issuer is named clearly; the best guess “{runner.name}” (score {runner.score:g}) was too weak."
    if winner.agency:
        return f"The issuer “{winner.name}” looks like a PR agency or wire service; nothing else is named."
    if runner is not None and runner.score > 0:
        return (
            f"The issuer is uncertain: “{winner.name}” (score {winner.score:g}) "
            f"or “{runner.name}” (score {runner.score:g})."
        )
    return f"The issuer “{winner.name}” rests on weak evidence (score {winner.score:g})."


def _header_dates(labelled: Sequence[lb.Labelled]) -> set:
    """The distinct days the header and the lead's dateline give (type/date lines, date lines,
    datelines): more than one means the release date is uncertain."""
    found = set()
    for lab in labelled:
        value = None
        if lab.kind in (lb.RELEASE_TYPE, lb.DATE) and lab.data.get("date"):
            value = lab.data["date"].value
        else:
            info = lab.data.get("dateline") if lab.kind in (lb.DATELINE, lb.PARAGRAPH, lb.QUOTE) else None
            value = info.date.value if info is not None and getattr(info, "date", None) else None
        if value is not None:
            found.add(value.date() if hasattr(value, "date") and callable(value.date) else value)
    return found


def _issued_confidence(labelled: Sequence[lb.Labelled], release: Release, conf) -> float:
    if release.issued is None:
        return float(conf.get("issued_none", 0.8))
    if len(_header_dates(labelled)) > 1:
        return float(conf.get("issued_conflict", 0.4))
    for lab in labelled:
        if lab.kind in (lb.RELEASE_TYPE, lb.DATE) and lab.data.get("date"):
            return float(conf.get("issued_header", 0.95))
    for lab in labelled:
        info = lab.data.get("dateline")
        if info is not None and getattr(info, "date", None):
            return float(conf.get("issued_dateline", 0.85))
    if release.embargo is not None and release.issued == release.embargo:
        return float(conf.get("issued_embargo", 0.6))
    return float(conf.get("issued_body", 0.4))


def _dateline_confidence(labelled: Sequence[lb.Labelled], release: Release, conf) -> float:
    if release.dateline is None:
        return float(conf.get("dateline_none", 0.8))
    if any(lab.kind in (lb.PARAGRAPH, lb.QUOTE) and "dateline" in lab.data for lab in labelled):
        return float(conf.get("dateline_inline", 0.9))
    if any(lab.kind == lb.DATELINE and not lab.data.get("header") for lab in labelled):
        return float(conf.get("dateline_alone", 0.85))
    return float(conf.get("dateline_header", 0.8))
