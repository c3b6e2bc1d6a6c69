"""A time budget per file: a worker that spends too long on one release is killed and replaced.

Every stage is meant to be linear time, but a file must never hold a worker for 25
minutes should one not be (the red team's 200 KB of '#' did, through a quadratic regex).
A thread cannot stop a regex (C code holding the GIL), so the budget is enforced from
outside: each worker notes on a shared queue which file and stage it is on, and the
parent (the batch or the watcher) kills a worker whose current file is over budget, reports
that file in one line (`[parse] took longer than 60 s …`) and starts a new worker.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from dataclasses import dataclass
from typing import Any

DEFAULT_BUDGET = 60.0
"""Seconds one file may take in a worker (generous: a real release takes well under one)."""

_QUEUE: Any = None


def attach(queue: Any) -> None:
    """In a worker: report to this queue (the pool initializer's argument)."""
    global _QUEUE
    _QUEUE = queue


_KEY: Any = None


def note(key: object, stage: str | None) -> None:
    """In a worker: "I am on `key` (a file), in `stage`" — or, with `stage=None`, "done with it"."""
    if _QUEUE is not None:
        _QUEUE.put((os.getpid(), key, stage, time.time()))


def begin(key: object, stage: str = "read") -> None:
    """In a worker: a new file starts (its clock starts now)."""
    global _KEY
    _KEY = key
    note(key, stage)


CURRENT = "parse"
"""The stage the current file is in (in this process), for the over-budget line."""


def stage(name: str) -> None:
    """In a worker: the current file enters stage `name` (what the over-budget line will name)."""
    global CURRENT
    CURRENT = name
    if _KEY is not None:
        note(_KEY, name)


def end() -> None:
    global _KEY
    if _KEY is not None:
        note(_KEY, None)
    _KEY = None


@dataclass
class Overdue:
    pid: int
    key: Any
    stage: str
    seconds: float


def reason(budget: float, seconds: float) -> str:
    return (f"took longer than {budget:g} s (the time budget for one file; stopped after {seconds:.0f} s)")


HINT = ("the file may be built to slow the parser down (e.g. very long runs of one character); "
        "check it, or raise the budget with --time-budget")


class OverBudget(BaseException):
    """Raised by the in-process alarm (`alarm`) in the sequential `convert`; a BaseException, like
    KeyboardInterrupt, so that no stage's "any error is a parse error" handler swallows it."""


def alarm(seconds: float) -> Any:
    """Best effort for a conversion in this very process: SIGALRM after `seconds` raises
    `OverBudget` at the next Python instruction (the workers are stopped from outside instead)."""
    import contextlib

    @contextlib.contextmanager
    def armed() -> Any:
        if not seconds or seconds <= 0 or not hasattr(signal, "setitimer"):
            yield
            return

        def ring(signum: int, frame: Any) -> None:
            raise OverBudget()

        old = signal.signal(signal.SIGALRM, ring)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)

    return armed()


class Board:
    """Parent side: who works on what since when; `overdue()` names the workers to stop."""

    def __init__(self, context: Any, budget: float):
        self.queue = context.SimpleQueue()
        self.budget = budget
        self.running: dict[int, tuple[Any, str, float]] = {}
        self._started: dict[tuple[int, Any], float] = {}

    def drain(self) -> None:
        while not self.queue.empty():
            pid, key, stage, when = self.queue.get()
            if stage is None:
                self.running.pop(pid, None)
                self._started.pop((pid, key), None)
                continue
            start = self._started.setdefault((pid, key), when)
            self.running[pid] = (key, stage, start)

    def overdue(self) -> list[Overdue]:
        self.drain()
        if not self.budget or self.budget <= 0:
            return []
        now = time.time()
        return [Overdue(pid, key, stage, now - start) for pid, (key, stage, start) in self.running.items()
                if now - start > self.budget]

    def kill(self, job: Overdue) -> None:
        self.running.pop(job.pid, None)
        self._started.pop((job.pid, job.key), None)
        with contextlib.suppress(ProcessLookupError):
            os.kill(job.pid, signal.SIGKILL)
