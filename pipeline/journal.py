"""The watcher's memory: which source contents were seen, what became of them, which version is current.

`pressroom watch` must survive being killed at any instant and must never convert the same
content twice, so every decision about a dropped file is taken against this small SQLite
database (WAL mode, one file in the watcher's state folder) rather than against the file
system alone. Two tables:

* `sources` — one row per source *content* (SHA-256 of the bytes), whatever its file name:
  state `queued` → `working` → `done` | `failed`, the number of attempts, where the outputs
  went, the NewsML-G2 guid/version, the error in plain words, and where the source file was
  moved to. A `queued`/`working` row left by a watcher that died is reset on restart and its
  file is converted again; the conversion is idempotent (same folder, same version).
* `releases` — one row per release identity (the NewsML-G2 item guid: organization,
  headline and issue time), pointing at its output folder and the current version. An edited release with the
  same headline and date becomes the next version of that item instead of a new folder.

Several processes use the journal at once (the watcher and its worker processes, and
`pressroom status`); each opens its own connection and every write is one short
transaction, so SQLite's own locking (with a generous busy timeout) is all the
coordination needed. Keep the database on a local disk: SQLite locking over NFS/SMB is
unreliable.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .sqlite_store import open_store

SCHEMA_VERSION = 1
STATES = ("queued", "working", "done", "failed")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    sha        TEXT PRIMARY KEY,
    state      TEXT NOT NULL CHECK (state IN ('queued', 'working', 'done', 'failed')),
    path       TEXT NOT NULL,
    name       TEXT NOT NULL,
    brand      TEXT,
    run        TEXT,
    attempts   INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    release_key TEXT,
    folder     TEXT,
    version    INTEGER,
    guid       TEXT,
    outputs    TEXT,
    stage      TEXT,
    reason     TEXT,
    hint       TEXT,
    moved_to   TEXT,
    duration   REAL,
    created    REAL NOT NULL,
    updated    REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sources_state ON sources (state, updated);
CREATE TABLE IF NOT EXISTS releases (
    key     TEXT PRIMARY KEY,
    folder  TEXT NOT NULL,
    guid    TEXT,
    version INTEGER NOT NULL,
    sha     TEXT NOT NULL,
    updated REAL NOT NULL
);
"""


@dataclass(frozen=True)
class SourceRow:
    """One source content as the journal knows it."""

    sha: str
    state: str
    path: str
    name: str
    brand: str | None
    run: str | None
    attempts: int
    duplicates: int
    release_key: str | None
    folder: str | None
    version: int | None
    guid: str | None
    outputs: list[str]
    stage: str | None
    reason: str | None
    hint: str | None
    moved_to: str | None
    duration: float | None
    created: float
    updated: float


@dataclass(frozen=True)
class ReleaseRow:
    """The current version of one release identity (same headline and date)."""

    key: str
    folder: str
    guid: str | None
    version: int
    sha: str
    updated: float


def _source(row: sqlite3.Row | None) -> SourceRow | None:
    if row is None:
        return None
    data = dict(row)
    data["outputs"] = json.loads(data["outputs"]) if data["outputs"] else []
    return SourceRow(**data)


class Journal:
    """A connection to the journal; one per process (SQLite connections are not fork-safe)."""

    def __init__(self, path: Path, timeout: float = 60.0):
        self.path = Path(path)
        # autocommit: we issue BEGIN IMMEDIATE ourselves, so a read-modify-write is one
        # transaction that holds the write lock from its first statement (no upgrade deadlock).
        self._db = open_store(self.path, timeout)
        # FULL: a transaction that returned is on disk, so "done" survives a power cut as the outputs do.
        self._db.execute("PRAGMA synchronous = FULL")
        with self._write() as db:
            # not executescript(): it would COMMIT our open transaction
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            found = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if found is None:
                db.execute("INSERT INTO meta (key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            elif int(found["value"]) > SCHEMA_VERSION:
                raise RuntimeError(
                    f"{self.path} was written by a newer Pressroom (journal schema "
                    f"{found['value']} > {SCHEMA_VERSION})"
                )

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the lock up front so concurrent writers queue instead of failing."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # ------------------------------------------------------------------ sources

    def get(self, sha: str) -> SourceRow | None:
        return _source(self._db.execute("SELECT * FROM sources WHERE sha = ?", (sha,)).fetchone())

    def enqueue(self, sha: str, path: str, name: str, brand: str | None, run: str) -> None:
        """Record that this content (at `path`) is about to be converted by watcher run `run`.

        A row in any earlier state is taken over: a failed content dropped again is tried
        again (the brand or the converter may have been fixed), a stale `working` row from a
        dead watcher is retried, a `done` row is only re-queued when the caller decided to
        reprocess. Attempts restart at zero for a new drop but are kept for a retry of the
        same file, so a file that kills the converter cannot loop forever.
        """
        now = time.time()
        with self._write() as db:
            row = db.execute("SELECT path, state FROM sources WHERE sha = ?", (sha,)).fetchone()
            if row is None:
                db.execute(
                    "INSERT INTO sources (sha, state, path, name, brand, run, created, updated) "
                    "VALUES (?, 'queued', ?, ?, ?, ?, ?, ?)",
                    (sha, path, name, brand, run, now, now),
                )
                return
            keep_attempts = row["path"] == path and row["state"] in ("queued", "working")
            db.execute(
                "UPDATE sources SET state = 'queued', path = ?, name = ?, brand = ?, run = ?, "
                "attempts = CASE WHEN ? THEN attempts ELSE 0 END, stage = NULL, reason = NULL, "
                "hint = NULL, moved_to = NULL, updated = ? WHERE sha = ?",
                (path, name, brand, run, keep_attempts, now, sha),
            )

    def start(self, sha: str, run: str) -> int:
        """Mark the content as being converted; return this attempt's number (1 for the first)."""
        with self._write() as db:
            db.execute(
                "UPDATE sources SET state = 'working', run = ?, attempts = attempts + 1, updated = ? "
                "WHERE sha = ?",
                (run, time.time(), sha),
            )
            row = db.execute("SELECT attempts FROM sources WHERE sha = ?", (sha,)).fetchone()
        return int(row["attempts"]) if row else 0

    def requeue(self, sha: str) -> None:
        """Put an interrupted conversion (its worker died) back in the queue, attempts kept."""
        with self._write() as db:
            db.execute(
                "UPDATE sources SET state = 'queued', updated = ? WHERE sha = ? AND state IN "
                "('queued', 'working')",
                (time.time(), sha),
            )

    def postpone(self, sha: str) -> None:
        """Back to the queue after a failure of the machine (disk full): this attempt does not count,
        so a file is never failed because the disk was full three times."""
        with self._write() as db:
            db.execute(
                "UPDATE sources SET state = 'queued', attempts = MAX(attempts - 1, 0), updated = ? "
                "WHERE sha = ? AND state IN ('queued', 'working')",
                (time.time(), sha),
            )

    def withdraw(self, sha: str, reason: str | None = None) -> None:
        """Take back a queued claim whose file changed or vanished before its conversion started.

        A row that never produced anything is deleted (it will be recorded again under its
        new content); one with history is marked failed with `reason`, so `status` does not
        show a ghost in the queue forever.
        """
        with self._write() as db:
            db.execute(
                "DELETE FROM sources WHERE sha = ? AND state IN ('queued', 'working') AND attempts = 0 "
                "AND folder IS NULL",
                (sha,),
            )
            db.execute(
                "UPDATE sources SET state = 'failed', stage = 'watch', reason = ?, hint = NULL, "
                "updated = ? WHERE sha = ? AND state IN ('queued', 'working')",
                (
                    reason or "the file changed or disappeared before its conversion finished",
                    time.time(),
                    sha,
                ),
            )

    def plan_folder(self, sha: str, folder: str) -> None:
        """Remember the output folder chosen for this content *before* it is created.

        If the process dies between creating the folder and recording the result, the retry
        finds its own folder here instead of creating a second one (`-2`) for the same source.
        """
        with self._write() as db:
            db.execute("UPDATE sources SET folder = ?, updated = ? WHERE sha = ?", (folder, time.time(), sha))

    def mark_done(
        self,
        sha: str,
        *,
        release_key: str,
        folder: str,
        outputs: list[str],
        version: int,
        guid: str | None,
        duration: float,
        moved_to: str | None,
    ) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE sources SET state = 'done', release_key = ?, folder = ?, outputs = ?, version = ?, "
                "guid = ?, duration = ?, moved_to = ?, stage = NULL, reason = NULL, hint = NULL, "
                "updated = ? WHERE sha = ?",
                (
                    release_key,
                    folder,
                    json.dumps(outputs),
                    version,
                    guid,
                    duration,
                    moved_to,
                    time.time(),
                    sha,
                ),
            )

    def mark_failed(
        self, sha: str, *, stage: str, reason: str, hint: str | None, duration: float, moved_to: str | None
    ) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE sources SET state = 'failed', stage = ?, reason = ?, hint = ?, duration = ?, "
                "moved_to = ?, updated = ? WHERE sha = ?",
                (stage, reason, hint, duration, moved_to, time.time(), sha),
            )

    def set_moved(self, sha: str, moved_to: str | None) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE sources SET moved_to = ?, updated = ? WHERE sha = ?", (moved_to, time.time(), sha)
            )

    def count_duplicate(self, sha: str) -> None:
        with self._write() as db:
            # `updated` is left alone: it says when the content was converted, not when it was seen again
            db.execute("UPDATE sources SET duplicates = duplicates + 1 WHERE sha = ?", (sha,))

    def reset_interrupted(self, run: str) -> list[SourceRow]:
        """Rows a previous watcher run left `queued`/`working`: back to `queued` for this run to retry."""
        with self._write() as db:
            rows = [
                _source(r)
                for r in db.execute(
                    "SELECT * FROM sources WHERE state IN ('queued', 'working') "
                    "AND (run IS NULL OR run != ?)",
                    (run,),
                ).fetchall()
            ]
            db.execute(
                "UPDATE sources SET state = 'queued' WHERE state = 'working' AND (run IS NULL OR run != ?)",
                (run,),
            )
        return [r for r in rows if r is not None]

    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(STATES, 0)
        for row in self._db.execute("SELECT state, COUNT(*) AS n FROM sources GROUP BY state"):
            found[row["state"]] = row["n"]
        return found

    def duplicates(self) -> int:
        row = self._db.execute("SELECT COALESCE(SUM(duplicates), 0) AS n FROM sources").fetchone()
        return int(row["n"])

    def rows(self, state: str | None = None, limit: int | None = None) -> list[SourceRow]:
        """Rows newest first, optionally of one state."""
        sql = "SELECT * FROM sources"
        params: list[Any] = []
        if state is not None:
            sql += " WHERE state = ?"
            params.append(state)
        sql += " ORDER BY updated DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [r for r in (_source(row) for row in self._db.execute(sql, params)) if r is not None]

    # ------------------------------------------------------------------ releases

    def published_at(self, path: str, sha: str) -> SourceRow | None:
        """The latest other content converted from the same path (to recognise a file written further)."""
        row = self._db.execute(
            "SELECT * FROM sources WHERE path = ? AND sha != ? AND state = 'done' AND release_key IS NOT NULL "
            "ORDER BY updated DESC LIMIT 1",
            (path, sha),
        ).fetchone()
        return _source(row)

    def release(self, key: str) -> ReleaseRow | None:
        row = self._db.execute("SELECT * FROM releases WHERE key = ?", (key,)).fetchone()
        return ReleaseRow(**dict(row)) if row else None

    def record_release(self, key: str, *, folder: str, guid: str | None, version: int, sha: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO releases (key, folder, guid, version, sha, updated) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET folder = excluded.folder, "
                "guid = COALESCE(excluded.guid, releases.guid), version = excluded.version, "
                "sha = excluded.sha, updated = excluded.updated",
                (key, folder, guid, version, sha, time.time()),
            )
