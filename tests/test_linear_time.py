"""Every reader stage is linear time on adversarial text (tests/linear_time_support.py).

For each stage and each generated text (long runs of every ASCII punctuation character,
spaces, digits, '@', quote marks, mixes), the stage is timed at N and 4N characters. A
linear stage takes about 4× as long on 4× the text; a quadratic one 16×. The test fails
when the growth is above `LIMIT` (a wide noise margin for a shared machine), measured as
the least of up to `REPEATS` runs (noise only ever adds time), unless the larger run is
too short to matter (`FLOOR`). It stops at a stage's first super-linear text, so on the
old quadratic patterns it fails within a minute rather than running for an hour. A growth
above the limit is confirmed one size up (16 N) before it fails, so a burst of load on a
shared machine does not fail the test, while a quadratic stage fails both steps.
"""

from __future__ import annotations

import pytest

from tests.linear_time_support import CASES, best_time, stages, time_in_child

N = 5_000
FACTOR = 4
LIMIT = 10.0
"""Growth allowed for 4× the input: linear is ~4, n·log n ~5, quadratic 16."""
FLOOR = 0.05
"""Seconds below which the larger run is too quick to be a problem (or to measure)."""
REPEATS = 5
CONFIRM_WITHIN = 60.0
"""The confirming run at 16 N is stopped after this long (a quadratic stage would take minutes)."""

STAGES = stages()


@pytest.mark.slow
@pytest.mark.parametrize("stage", sorted(STAGES))
def test_stage_grows_linearly_on_adversarial_text(stage: str) -> None:
    fn = STAGES[stage]
    for case, make in CASES.items():
        small, large = make(N), make(FACTOR * N)
        fn(small)  # warm caches (language data, compiled patterns)
        t_small = best_time(lambda: fn(small), 1)  # noqa: B023 - used at once, inside the loop
        patience = 5 + 4 * LIMIT * FACTOR * t_small  # far beyond linear: a pattern that never returns
        t_large = time_in_child(lambda: fn(large), patience)  # noqa: B023
        assert t_large is not None, (
            f"{stage} did not finish {case} ({len(large)} chars) in {patience:.0f} s "
            f"({len(small)} chars took {t_small:.4f} s): catastrophic backtracking?")
        tries = 1
        while t_large > FLOOR and t_large > LIMIT * max(t_small, 1e-4) and tries < REPEATS:
            t_small = min(t_small, best_time(lambda: fn(small), 1))  # noqa: B023
            t_large = min(t_large, best_time(lambda: fn(large), 1))  # noqa: B023
            tries += 1
        growth = t_large / max(t_small, 1e-4)
        if t_large <= FLOOR or growth <= LIMIT:
            continue
        # Suspicious: confirm one size up, so a burst of load on a shared machine is not a failure.
        # A linear stage takes ~4× as long again; a quadratic one 16× and is stopped at LIMIT×.
        huge = make(FACTOR * FACTOR * N)
        patience = min(5 + 2 * LIMIT * t_large, CONFIRM_WITHIN)  # two runs in the child; linear needs 8×
        t_huge = time_in_child(lambda: fn(huge), patience)  # noqa: B023
        assert t_huge is not None and t_huge / t_large <= LIMIT, (
            f"{stage} is super-linear on {case}: {len(small)} chars {t_small:.4f} s, "
            f"{len(large)} chars {t_large:.4f} s (×{growth:.1f} for ×{FACTOR}), {len(huge)} chars "
            + (f"{t_huge:.4f} s" if t_huge is not None else f"not done in {patience:.0f} s"))
