"""Open the small SQLite files the watcher and the delivery log keep, the same way for both.

Both are written by several processes at once (watcher workers, a `pressroom distribute`
started by hand). WAL mode lets readers and one writer work side by side, and the busy
timeout makes writers queue instead of failing. Switching a fresh file to WAL needs an
exclusive lock for which SQLite does not call the busy handler, so two processes opening
a new file together can get "database is locked" at once: that one statement is retried.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path


def open_store(path: Path, timeout: float = 30.0) -> sqlite3.Connection:
    """A connection in autocommit mode (callers issue BEGIN IMMEDIATE), WAL, busy timeout set."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    deadline = time.monotonic() + timeout
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                db.close()
                raise
            time.sleep(0.05)
    return db
