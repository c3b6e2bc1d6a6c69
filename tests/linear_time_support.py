"""Adversarial texts and the reader's stages, for the linear-time test (tests/test_linear_time.py).

A backtracking regex that is quadratic on a long run of one character is invisible on
real releases and fatal on a hostile one (8,000 '#' took 2.7 s, 20,000 took 15 s). The
cure is patterns that cannot backtrack by construction; the proof is timing every stage
on the inputs that make them backtrack, at two sizes, and comparing the growth.

Run `python tests/linear_time_support.py N` to print the growth of every case at N and 4N.
"""

from __future__ import annotations

import contextlib
import string
import time
from collections.abc import Callable
from functools import cache

from pipeline.contacts import find_emails, find_phones, looks_like_name, parse_contacts, split_fields
from pipeline.cues import (
    boilerplate_heading,
    contact_heading,
    date_line,
    embargo_line,
    end_mark,
    metadata_line,
    release_type,
)
from pipeline.dateline import parse_dateline, place_date_line, wire_header
from pipeline.dates import find_dates
from pipeline.decode import decode
from pipeline.errors import PressroomError
from pipeline.header import header_line
from pipeline.language import LanguageData, all_languages, detect_language, load_language
from pipeline.normalize import normalize
from pipeline.quotes import (
    attribution_after,
    attribution_before,
    find_quote,
    parse_attribution_line,
    person_in,
    quoted_spans,
    real_quote_spans,
)
from pipeline.reader import read_release
from pipeline.segment import segment
from pipeline.urls import find_urls

HEAD = "Acme opens a new factory in Springfield\n\n"


def _runs() -> dict[str, Callable[[int], str]]:
    cases: dict[str, Callable[[int], str]] = {}
    for ch in string.punctuation:
        cases[f"run {ch!r}"] = lambda n, ch=ch: ch * n
        cases[f"word then run {ch!r}"] = lambda n, ch=ch: "anna" + ch * n + "x"
        cases[f"run {ch!r} and @"] = lambda n, ch=ch: (ch * 40 + "@") * (n // 41)
    cases.update({
        "spaces": lambda n: "a" + " " * n + "a",
        "trailing spaces": lambda n: "a" + " " * n + "\nb",
        "tabs and no-break spaces": lambda n: "a" + "\t\u00a0" * (n // 2) + "b",
        "digits": lambda n: "7" * n,
        "digits and spaces": lambda n: "12 " * (n // 3),
        "digits and dots": lambda n: "1." * (n // 2),
        "digits and dashes": lambda n: "1-" * (n // 2),
        "phone-like": lambda n: "+46 (0)8 " * (n // 9),
        "at signs": lambda n: "@" * n,
        "word and at": lambda n: "a@" * (n // 2),
        "address without end": lambda n: "anna@" + "a." * (n // 2),
        "dotted local part": lambda n: "a." * (n // 2) + "@",
        "hyphenated domain": lambda n: "anna@" + "a-" * (n // 2),
        "obfuscated": lambda n: "anna(at)" + "a dot " * (n // 6),
        "obfuscated at": lambda n: "a (at) " * (n // 7),
        "straight double quotes": lambda n: '"' * n,
        "quote word": lambda n: '"a ' * (n // 3),
        "typographic quotes": lambda n: "”" * n,
        "guillemets": lambda n: "« " * (n // 2),
        "low quotes": lambda n: "„a " * (n // 3),
        "apostrophes": lambda n: "’" * n,
        "letters": lambda n: "a" * n,
        "capitalised words": lambda n: "Anna " * (n // 5),
        "initials": lambda n: "A. " * (n // 3),
        "words": lambda n: "the word " * (n // 9),
        "url-like": lambda n: "www." + "a." * (n // 2),
        "url path": lambda n: "https://example.com/" + "a/" * (n // 2),
        "dash spaces": lambda n: "- " * (n // 2),
        "en dashes": lambda n: "–" * n,
        "slashes and spaces": lambda n: " / " * (n // 3),
        "colons": lambda n: "a: " * (n // 3),
        "commas and words": lambda n: "Anna, " * (n // 6),
        "date-like": lambda n: "12 May " * (n // 7),
        "dateline-like": lambda n: "STOCKHOLM, " * (n // 11),
        "mixed punctuation": lambda n: (string.punctuation * (n // len(string.punctuation) + 1))[:n],
        "short lines": lambda n: "Word\n" * (n // 5),
        "blank lines": lambda n: "a\n\n\n" * (n // 4),
    })
    return cases


CASES = _runs()


@cache
def _languages() -> tuple[LanguageData, LanguageData]:
    return load_language("en"), all_languages()


def _call(fn: Callable[[], object]) -> None:
    with contextlib.suppress(PressroomError):  # refusing the text is an answer too; only the time matters
        fn()


def _line_stages() -> dict[str, Callable[[str], None]]:
    def stage(text: str) -> None:
        lang, mul = _languages()
        line = text.replace("\n", " ")
        for fn in (
            lambda: end_mark(line, mul), lambda: contact_heading(line, mul, lang),
            lambda: boilerplate_heading(line, mul, lang), lambda: release_type(line, mul, lang),
            lambda: date_line(line, lang), lambda: metadata_line(line, mul, lang),
            lambda: embargo_line(line, mul, lang),
        ):
            _call(fn)

    return {"cues": stage}


def stages() -> dict[str, Callable[[str], None]]:
    """Every reader stage as a function of one text (each called the way the reader calls it)."""

    def lang() -> LanguageData:
        return _languages()[0]

    def mul() -> LanguageData:
        return _languages()[1]

    out: dict[str, Callable[[str], None]] = {
        "decode": lambda t: _call(lambda: decode((HEAD + t).encode("utf-8"), "x.txt")),
        "normalize": lambda t: normalize(t),
        "segment": lambda t: segment(normalize(HEAD + t)),
        "language": lambda t: detect_language(t),
        "header": lambda t: header_line(t.replace("\n", " "), mul(), lang()),
        "dateline": lambda t: (parse_dateline(t, lang()), place_date_line(t.replace("\n", " "), lang()),
                               wire_header(t.replace("\n", " "), lang())),
        "dates": lambda t: find_dates(t, lang()),
        "quotes": lambda t: (quoted_spans(t), real_quote_spans(t, lang()), find_quote(t, lang(), document=t),
                             person_in(t, lang()), attribution_after(t, lang()), attribution_before(t, lang()),
                             parse_attribution_line(t.replace("\n", " "), lang())),
        "contacts": lambda t: (find_emails(t), find_phones(t), split_fields(t), looks_like_name(t),
                               parse_contacts(t.split("\n"), lang())),
        "urls": lambda t: find_urls(t),
        "read_release": lambda t: _call(lambda: read_release((HEAD + t + "\n").encode("utf-8"), "x.txt")),
    }
    out.update(_line_stages())
    return out


def best_time(fn: Callable[[], object], repeats: int = 3) -> float:
    """The least of a few runs: the noise of a shared machine only ever adds time."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def time_in_child(fn: Callable[[], object], timeout: float) -> float | None:
    """Seconds `fn()` takes in a forked child, or None if it is not done within `timeout`.

    A catastrophic pattern (exponential backtracking) never returns, and a thread cannot stop
    a regex: the child is killed instead, so the test fails instead of hanging.
    """
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    reader, writer = ctx.Pipe(duplex=False)

    def child() -> None:
        writer.send(best_time(fn, 2))  # the first run pays the fork's copy-on-write page faults

    proc = ctx.Process(target=child, daemon=True)
    proc.start()
    try:
        if reader.poll(timeout):
            return float(reader.recv())
        return None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()


def growth(stage: Callable[[str], None], make: Callable[[int], str], n: int, factor: int = 4,
           repeats: int = 3) -> tuple[float, float]:
    """(seconds at n, seconds at factor × n) for one stage on one adversarial text."""
    small, large = make(n), make(factor * n)
    stage(small)  # warm caches (language data, compiled patterns)
    return best_time(lambda: stage(small), repeats), best_time(lambda: stage(large), repeats)


if __name__ == "__main__":  # pragma: no cover - exploration aid
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    only = sys.argv[2:] or None
    for sname, fn in stages().items():
        if only and sname not in only:
            continue
        for cname, make in CASES.items():
            t1, t4 = growth(fn, make, n, repeats=1)
            if t4 > 0.02 and t4 / max(t1, 1e-6) > 6:
                print(f"{sname:12s} {cname:30s} {t1:.4f} {t4:.4f} x{t4 / max(t1, 1e-6):.1f}", flush=True)
