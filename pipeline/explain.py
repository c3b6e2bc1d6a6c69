"""Text views of the reader for people: `pressroom parse --explain`, `--list-rules`, `--dump`.

A person fixing one misread release needs to see which rule labelled each block and which
evidence decided each field, without a debugger. Everything here is a pure function from
the reader's stages (`reader.Stages`) to text; the CLI prints it.
"""

from __future__ import annotations

import importlib

from . import issuer
from .evidence import load_evidence
from .labels import Labelled
from .model import SCHEMA_VERSION, dump, iso, pformat
from .reader import Stages

DUMPS = ("segments", "labelled", "model")


def explain(stages: Stages) -> str:
    """Every block with its label and rule, then every field with the evidence that decided it."""
    release = stages.release
    out = [f"# {release.source.filename or '-'}  language={release.language}"]
    out.append("## blocks (line  label  rule  text)")
    for lab in stages.labelled:
        out.append(f"{lab.line:4d}  {lab.kind:19s} {(lab.rule or '-'):24s} {_short(lab.text)}")
    decision = issuer.decide(stages.labelled, release, stages.language)
    conf = release.review.confidence
    out.append("## fields (confidence  value  evidence)")
    headline_rule = _rule_of(stages.labelled, "headline")
    out.append(_field("headline", conf, release.headline, f"rule {headline_rule}" if headline_rule else "fallback"))
    out.append(_field("issued", conf, iso(release.issued), _date_source(stages.labelled, release)))
    dateline = release.dateline
    out.append(_field("dateline", conf, dateline.text if dateline else None,
                      f"city={dateline.city!r}" if dateline else "none"))  # fmt: skip
    heading = release.contacts_heading or "no heading"
    out.append(_field("contacts", conf, f"{len(release.contacts)} contact(s)", heading))
    about = release.boilerplate[0] if release.boilerplate else None
    out.append(_field("boilerplate", conf, _short(about.heading or about.text) if about else None,
                      f"{len(release.boilerplate)} section(s)"))  # fmt: skip
    out.append(_field("organization", conf, release.organization, _winner_line(decision)))
    out.append("## issuer candidates (score  raw  name  [agency])")
    for cand in decision.candidates:
        flag = "  [agency/wire: kept at a share of its score]" if cand.agency else ""
        out.append(f"  {cand.score:6.2f} {cand.raw:6.2f}  {cand.name}{flag}")
        for sig in cand.signals:
            out.append(f"           +{sig.weight:<5g} {sig.rule:18s} {sig.name!r} @ {sig.where}")
    for name, why in decision.dropped:
        out.append(f"  dropped  {name!r} ({why})")
    if not decision.candidates:
        out.append("  (no candidates)")
    runner = decision.runner_up
    out.append(f"  winner: {decision.organization!r}; runner-up: {runner.name if runner else None!r}; "
               f"confidence {decision.confidence:g}")  # fmt: skip
    if release.review.reasons:
        out.append("## review reasons")
        out.extend(f"  - {r}" for r in release.review.reasons)
    return "\n".join(out) + "\n"


def list_rules() -> str:
    """The issuer evidence rules in registry order with their weights, and the classification
    rules when the classifier exposes a registry (a `RULES` sequence of named rules)."""
    out = ["# issuer evidence rules (pipeline/issuer_rules.py, weights in pipeline/evidence.toml)"]
    for k, (name, weight, doc) in enumerate(issuer.explain_rules(), 1):
        out.append(f"{k:2d}. {name:20s} {weight:5g}  {doc}")
    scoring = load_evidence().scoring
    out.append("   scoring: " + ", ".join(f"{k}={v:g}" for k, v in scoring.items()))
    found = False
    for module in ("pipeline.classify", "pipeline.header"):
        rules = getattr(importlib.import_module(module), "RULES", None)
        if rules:
            found = True
            out.append(f"# classification rules ({module}, in order)")
            for k, rule in enumerate(rules, 1):
                name = getattr(rule, "name", None) or getattr(rule, "__name__", None) or str(rule)
                doc = (getattr(rule, "doc", None) or getattr(rule, "__doc__", None) or "").strip().split("\n")[0]
                out.append(f"{k:2d}. {name:28s} {doc}")
    if not found:
        out.append("# classification rules: no registry is exposed yet (Labelled.rule names the rule per block;"
                   " see --explain)")  # fmt: skip
    return "\n".join(out) + "\n"


def dump_stage(stages: Stages, which: str) -> str:
    """One stage's value as stable text: the segments, the labelled blocks or the Release model."""
    if which == "model":
        return dump(stages.release)
    if which == "segments":
        body = pformat(stages.segments)
    elif which == "labelled":
        body = pformat(stages.labelled)
    else:
        raise ValueError(f"unknown stage {which!r} (choose from {', '.join(DUMPS)})")
    return f"# pressroom {which}, schema version {SCHEMA_VERSION}\n{body}\n"


def _short(text: str | None, width: int = 70) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _field(name: str, conf: dict[str, float], value: object, evidence: str) -> str:
    c = conf.get(name)
    shown = f"{c:.2f}" if c is not None else "  - "
    return f"  {name:13s} {shown}  {_short(str(value)) if value else '-'}  ({evidence})"


def _rule_of(labelled: list[Labelled], kind: str) -> str | None:
    for lab in labelled:
        if lab.kind == kind:
            return lab.rule or "-"
    return None


def _date_source(labelled: list[Labelled], release) -> str:
    if release.issued is None:
        return "no date found"
    for lab in labelled:
        if lab.kind in ("release_type", "date") and lab.data.get("date"):
            return f"{lab.kind} line {lab.line} (rule {lab.rule or '-'})"
    for lab in labelled:
        if lab.data.get("dateline") is not None and getattr(lab.data["dateline"], "date", None):
            return f"dateline of line {lab.line}"
    return "embargo" if release.embargo else "-"


def _winner_line(decision: issuer.Decision) -> str:
    win = decision.winner
    if win is None:
        return "no candidate reached min_score"
    return f"score {win.score:g} from " + ", ".join(win.rules)
