"""Generalization guard: the parser on the project's own test corpus (tests/corpus).

tests/corpus holds releases written for this project (invented organizations and people) in the
layouts and languages the real corpus has — Mynewsdesk/Cision, NTB, Ritzau, ANP, PR Newswire,
Business Wire, GlobeNewswire, CNW, GOV.UK, US agencies, embargoed releases — each with a gold file
that follows the gold conventions of ../shared/corpus/README.md. They are scored with the shared
scorer's own `score_doc`, so this test measures exactly what the official scoring measures.

This is a regression guard, not a tuning target: the threshold is deliberately below the current
score. Do not edit the gold to make it pass; if a gold value looks wrong, check it against the
conventions (see tests/corpus/README.md) and fix it only when it contradicts them.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from pipeline.errors import PressroomError
from pipeline.reader import read_release

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / "corpus"
SCORER = Path(os.environ.get("PRESSROOM_SCORER", ROOT.parent / "shared" / "tools" / "score_parse.py"))
THRESHOLD = 0.90


def _load_scorer():
    if not SCORER.is_file():
        pytest.skip(
            f"the shared scorer is not at {SCORER} (it lives in the shared folder next to the checkout; "
            "set PRESSROOM_SCORER=/path/to/score_parse.py to point at it)"
        )
    spec = importlib.util.spec_from_file_location("score_parse", SCORER)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    for name in ("score_doc", "FIELDS"):
        if not hasattr(module, name):
            pytest.skip(f"{SCORER} has no `{name}`; this test needs the scorer's own scoring function")
    return module


def _gold_files() -> list[Path]:
    return sorted(CORPUS.glob("*.gold.json"))


def _score_corpus(scorer) -> tuple[dict[str, float], float, list[tuple[str, float, dict[str, float]]]]:
    """Per-field means, the overall mean (mean of per-document means, as score_parse.py prints)
    and the per-document rows. A parse error scores 0 on every field, as in the scorer."""
    fields = list(scorer.FIELDS)
    per_field: dict[str, list[float]] = {f: [] for f in fields}
    rows = []
    for gold_path in _gold_files():
        src = gold_path.with_name(gold_path.name[: -len(".gold.json")] + ".txt")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        try:
            release = read_release(src.read_bytes(), src.name).to_dict()
            # the CLI prints JSON; round-trip so the scorer sees exactly what `parse --json` gives
            release = json.loads(json.dumps(release, ensure_ascii=False, default=str))
        except PressroomError:
            scores = {f: 0.0 for f in fields}
        else:
            scores = scorer.score_doc(release, gold)
        for f in fields:
            per_field[f].append(scores[f])
        rows.append((src.name, sum(scores.values()) / len(scores), scores))
    means = {f: sum(v) / len(v) for f, v in per_field.items()}
    overall = sum(r[1] for r in rows) / len(rows)
    return means, overall, rows


def _report(means: dict[str, float], overall: float, rows) -> str:
    lines = ["per field (mean over documents):"]
    lines += [f"  {f:16s} {v:.3f}" for f, v in means.items()]
    lines.append(f"  overall {overall:.3f} over {len(rows)} releases (threshold {THRESHOLD:.2f})")
    lines.append("per document (fields below 1):")
    for name, mean, scores in rows:
        bad = ", ".join(f"{k}={v:.2f}" for k, v in scores.items() if v < 1)
        lines.append(f"  {name:50s} {mean:.3f} {bad}")
    return "\n".join(lines)


def test_corpus_files_are_paired_and_valid():
    golds = _gold_files()
    assert len(golds) >= 15, f"expected the project test corpus in {CORPUS}"
    for gold_path in golds:
        src = gold_path.with_name(gold_path.name[: -len(".gold.json")] + ".txt")
        assert src.is_file(), f"{gold_path.name} has no text file beside it"
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for key in ("language", "headline", "lead_starts_with", "body_paragraph_count", "quotes", "contacts"):
            assert key in gold, f"{gold_path.name}: missing {key}"
        text = src.read_text(encoding="utf-8")
        assert "\r" not in text and not any(line != line.rstrip() for line in text.splitlines()), (
            f"{src.name}: the corpus convention is LF line ends without trailing spaces"
        )
    txts = sorted(CORPUS.glob("*.txt"))
    assert len(txts) == len(golds), "every .txt in tests/corpus needs a .gold.json"


def test_parser_generalizes_to_project_corpus():
    scorer = _load_scorer()
    means, overall, rows = _score_corpus(scorer)
    assert overall >= THRESHOLD, "parser score on tests/corpus fell below the guard\n" + _report(means, overall, rows)
