"""Time bombs: text shaped to make a stage super-linear (runs, nesting, repeated cues) — none of issue 13's.

Each is parsed at two sizes; the larger must finish within a generous bound and must not take
much more than its share (4× the size may take at most ~10× the time beyond start-up).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .conftest import BASE_RELEASE, run_cli, write

pytestmark = pytest.mark.slow

HEAD = "Acme opens a new plant in Gävle"

BOMBS = {
    "dots": ("a run of full stops", lambda n: "." * n),
    "hyphens": ("a run of hyphens (dashes, list marks, speech dashes)", lambda n: "-" * n),
    "underscores": ("a run of underscores", lambda n: "_" * n),
    "at-signs": ("a run of @ (e-mail cue)", lambda n: "@" * n),
    "digits": ("a run of digits (phone, date, number cues)", lambda n: "7" * n),
    "digit-groups": ("'12 ' repeated (phone-number grouping)", lambda n: "12 " * (n // 3)),
    "parens": ("nested parentheses", lambda n: "(" * (n // 2) + ")" * (n // 2)),
    "quote-pairs": ("alternating curly quotes", lambda n: "“a” " * (n // 4)),
    "tabs": ("a run of tabs", lambda n: "\t" * n),
    "url-chain": ("'http://' repeated without spaces (URL pattern)", lambda n: "http://" * (n // 7)),
    "email-chain": ("'a@b.' repeated without spaces (e-mail pattern)", lambda n: "a@b." * (n // 4)),
    "capital-words": ("capitalised words without punctuation (name and speaker heuristics)",
                      lambda n: "Anna Berg " * (n // 10)),
    "says-chain": ("'says Anna Berg, CEO' repeated (attribution heuristics)",
                   lambda n: "says Anna Berg, CEO of Acme AB " * (n // 31)),
    "tel-cues": ("'Tel: +46' repeated on one line (contact heuristics)", lambda n: "Tel: +46 " * (n // 9)),
    "month-names": ("month names back to back (date heuristics)", lambda n: "March " * (n // 6)),
    "colons": ("a run of colons (label cues)", lambda n: ":" * n),
}


def _parse_seconds(work: Path, text: str, name: str) -> float:
    write(work / name, text)
    start = time.monotonic()
    result = run_cli(["parse", name], work, timeout=90)
    seconds = time.monotonic() - start
    assert "Traceback" not in result.stderr, result.show()
    return seconds


@pytest.mark.parametrize("bomb", list(BOMBS), ids=list(BOMBS))
def test_timebomb(bomb: str, tmp_path: Path) -> None:
    description, make = BOMBS[bomb]
    base = _parse_seconds(tmp_path, BASE_RELEASE, "base.txt")  # start-up and a normal release, on this machine now
    small = _parse_seconds(tmp_path, BASE_RELEASE.replace("The plant will", make(5_000) + " The plant will"), "s.txt")
    large = _parse_seconds(tmp_path, BASE_RELEASE.replace("The plant will", make(20_000) + " The plant will"),
                           "l.txt")
    assert large < 30, f"{description}: 20,000 characters took {large:.1f} s"
    growth = (large - base) / max(small - base, 0.25)
    assert growth < 10, (f"{description}: 4× the text took {growth:.1f}× the time "
                         f"(base {base:.2f} s, 5k {small:.2f} s, 20k {large:.2f} s): super-linear")

