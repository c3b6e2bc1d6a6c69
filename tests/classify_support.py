"""Helpers shared by the classifier tests: run a whole text through `classify` and read the labels."""

from __future__ import annotations

from pipeline import classify as c
from pipeline.language import LanguageData, load_language
from pipeline.normalize import normalize
from pipeline.segment import segment

EN = load_language("en")


def labels(text: str, language: LanguageData = EN) -> list[tuple[str, str]]:
    return [(lab.kind, lab.text) for lab in c.classify(segment(normalize(text)), language)]


def kinds(text: str, language: LanguageData = EN) -> list[str]:
    return [k for k, _t in labels(text, language)]
