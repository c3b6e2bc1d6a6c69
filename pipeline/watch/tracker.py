"""Files seen but not yet taken: the settle rule (the read lock) and the watchdog event handler."""

from __future__ import annotations

import os
import stat
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .events import emit


class EventSink(Protocol):
    """What the event handler needs of the watcher it feeds (the watcher is one; tests may pass others)."""

    running: bool
    tracker: Tracker
    cfg: Any

    def request_scan(self, folder: Path) -> None: ...

    def consider(self, path: Path, *, renamed: bool = False) -> None: ...


@dataclass
class _Pending:
    sig: tuple[int, int] | None
    changed: float
    renamed: bool = False
    not_before: float = 0.0
    checked: float = 0.0
    first_seen: float = field(default_factory=time.monotonic)


class Tracker:
    """Files seen but not yet taken, with the read-lock rule: stable for `settle` s, or renamed in.

    Fed by observer threads and scans, drained by the watcher's main loop. Holding only a
    stat signature per path, it is the unbounded-but-cheap part of the queue; the bounded
    part is the set of jobs handed to workers.
    """

    def __init__(self, settle: float):
        self.settle = settle
        # Stat each pending file at most this often: the main loop spins fast while workers are
        # busy, and on a network share every stat is a round trip.
        self.recheck = max(0.05, min(settle / 5, 0.5))
        self._items: dict[Path, _Pending] = {}
        self._lock = threading.Lock()
        self.wake = threading.Event()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __contains__(self, path: Path) -> bool:
        with self._lock:
            return path in self._items

    def touch(self, path: Path, *, renamed: bool = False, delay: float = 0.0) -> None:
        now = time.monotonic()
        with self._lock:
            item = self._items.get(path)
            if item is None:
                item = self._items[path] = _Pending(sig=None, changed=now)
            if renamed:
                item.renamed = True
            if delay:
                item.not_before = max(item.not_before, now + delay)
        self.wake.set()

    def forget(self, path: Path) -> None:
        with self._lock:
            self._items.pop(path, None)

    def due(self, busy: set[Path] | frozenset[Path] = frozenset()) -> tuple[list[Path], float]:
        """Settled paths, oldest first, and how long until the next one might settle."""
        now = time.monotonic()
        ready: list[tuple[float, Path]] = []
        next_in = 1.0
        with self._lock:
            items = list(self._items.items())
        for path, item in items:
            if path in busy:
                continue
            if now < item.not_before:
                next_in = min(next_in, item.not_before - now)
                continue
            if not item.renamed and item.sig is not None and now - item.checked < self.recheck:
                next_in = min(next_in, self.recheck - (now - item.checked))
                continue
            item.checked = now
            try:
                st = os.stat(path)
            except OSError:
                self.forget(path)
                continue
            if not stat.S_ISREG(st.st_mode):
                self.forget(path)
                continue
            sig = (st.st_size, st.st_mtime_ns)
            if sig != item.sig:
                if item.sig is not None:
                    item.renamed = False  # written to after the rename: wait for it like any other file
                item.sig, item.changed = sig, now
            if item.renamed or now - item.changed >= self.settle:
                ready.append((item.first_seen, path))
            else:
                next_in = min(next_in, self.settle - (now - item.changed))
        ready.sort()
        return [p for _, p in ready], max(next_in, 0.01)


class EventHandler:
    """watchdog event handler: turn events into tracker touches; never block the observer thread."""

    def __init__(self, watcher: EventSink):
        self.watcher = watcher

    def dispatch(self, event: Any) -> None:
        try:
            kind = event.event_type
            if event.is_directory:
                if kind in ("created", "moved") and self.watcher.running:
                    dest = getattr(event, "dest_path", "") or event.src_path
                    self.watcher.request_scan(Path(os.fsdecode(dest)))
                return
            src = Path(os.fsdecode(event.src_path)) if event.src_path else None
            if kind == "moved":
                if src is not None:
                    self.watcher.tracker.forget(src)
                dest = os.fsdecode(event.dest_path) if event.dest_path else ""
                if dest:
                    self.watcher.consider(Path(dest), renamed=True)
            elif kind == "deleted":
                if src is not None:
                    self.watcher.tracker.forget(src)
            elif kind in ("created", "modified", "closed") and src is not None:
                self.watcher.consider(src)
        except Exception:  # an observer thread that dies silently would lose every later file
            emit("handler-error", self.watcher.cfg.log_json, text=traceback.format_exc())
