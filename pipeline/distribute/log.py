"""The delivery log: one SQLite row per release × channel, the memory behind "never twice".

It lives beside the watcher's journal (`input/.pressroom/deliveries.sqlite3` by default)
and is shared by every process that distributes: the CLI, the watcher, cron. A delivery
is *claimed* in an immediate transaction before anything is sent (status `sending`, with
the claimant's host:pid and a lease), so two processes handed the same release at the
same moment cannot both send it. A claim whose process has died (same host, pid gone) or
whose lease ran out is taken over — for idempotent channels (uploads to fixed names) the
delivery simply resumes; for e-mail, where the server may already have accepted the
message, it is reported as interrupted and left for a person to `--resend`.

Every attempt is also appended to `attempts`, so "why did the agency not get it?" has an
answer with timestamps long after the fact.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PressroomError
from ..sqlite_store import open_store

SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    release       TEXT NOT NULL,
    channel       TEXT NOT NULL,
    folder        TEXT NOT NULL,
    source_sha256 TEXT,
    status        TEXT NOT NULL,      -- sending | sent | failed | held (embargo or review) | skipped
    attempts      INTEGER NOT NULL DEFAULT 0,
    permanent     INTEGER,            -- 1 when the last failure cannot be cured by retrying
    reason        TEXT,               -- last error, hold ('needs review: …') or skip reason
    warning       TEXT,               -- e.g. recipients rejected while the rest got it
    detail        TEXT,               -- message id, remote names
    progress      TEXT NOT NULL DEFAULT '{}',
    not_before    TEXT,               -- embargo: held until then (UTC ISO 8601)
    claimed_by    TEXT,
    lease_until   TEXT,
    created       TEXT NOT NULL,
    updated       TEXT NOT NULL,
    sent_at       TEXT,
    PRIMARY KEY (release, channel)
);
CREATE TABLE IF NOT EXISTS attempts (
    id        INTEGER PRIMARY KEY,
    release   TEXT NOT NULL,
    channel   TEXT NOT NULL,
    at        TEXT NOT NULL,
    outcome   TEXT NOT NULL,          -- sent | transient | permanent
    reason    TEXT
);
CREATE INDEX IF NOT EXISTS deliveries_status ON deliveries (status, not_before);
"""

STATUSES = ("sending", "sent", "failed", "held", "skipped")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds") if value else None


def _me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _claim_is_dead(claimed_by: str | None, lease_until: str | None, now: dt.datetime) -> bool:
    """A `sending` row whose claimant can no longer finish it."""
    if not claimed_by:
        return True
    host, _, pid = claimed_by.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        if int(pid) == os.getpid():
            return False
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
    return bool(lease_until) and dt.datetime.fromisoformat(lease_until) < now


@dataclass
class Decision:
    """What the log says to do with one release × channel before anything is sent."""

    action: str  # send | already-sent | in-progress | interrupted
    progress: dict[str, Any]
    row: dict[str, Any] | None


class DeliveryLog:
    def __init__(self, path: Path):
        self.path = path
        try:
            self.db = open_store(path, timeout=30)
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:  # OperationalError too: a locked or unwritable log
            raise _not_a_log(path, exc) from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> DeliveryLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def get(self, release: str, channel: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM deliveries WHERE release = ? AND channel = ?",
                              (release, channel)).fetchone()
        return dict(row) if row else None

    def _upsert(self, db: sqlite3.Connection, release: str, channel: str, folder: str, sha: str | None,
                **values: Any) -> None:
        now = _iso(_now())
        exists = db.execute("SELECT 1 FROM deliveries WHERE release = ? AND channel = ?",
                            (release, channel)).fetchone()
        if exists:
            sets = ", ".join(f"{k} = ?" for k in values)
            db.execute(f"UPDATE deliveries SET folder = ?, source_sha256 = ?, updated = ?, {sets} "
                       "WHERE release = ? AND channel = ?",
                       (folder, sha, now, *values.values(), release, channel))
        else:
            cols = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            db.execute(f"INSERT INTO deliveries (release, channel, folder, source_sha256, created, updated, "
                       f"{cols}) VALUES (?, ?, ?, ?, ?, ?, {marks})",
                       (release, channel, folder, sha, now, now, *values.values()))

    def claim(self, release: str, channel: str, folder: str, sha: str | None, *, resend: bool,
              idempotent: bool, lease_seconds: float, hold_until: dt.datetime | None = None,
              skip_reason: str | None = None, review_hold: str | None = None,
              now: dt.datetime | None = None) -> Decision:
        """Decide, atomically, whether this process sends now; mark the row `sending` if so.

        `hold_until` (an embargo in the future) records the delivery as `held` until then;
        `review_hold` (the release needs a person's review) as `held` with that reason and no
        time, even with `resend`; `skip_reason` (the channel does not take this release) as
        `skipped`. None of them touches a delivery that was already sent (unless `resend`).
        `now` is for tests and replays.
        """
        now = now or _now()
        with self._tx() as db:
            row = self.get(release, channel)
            status = row["status"] if row else None
            if status == "sent" and not resend:
                return Decision("already-sent", {}, row)
            if status == "sending":
                if not _claim_is_dead(row["claimed_by"], row["lease_until"], now):
                    return Decision("in-progress", {}, row)
                if not idempotent and not resend:
                    progress = json.loads(row["progress"] or "{}")
                    reason = (f"interrupted while sending (claimed by {row['claimed_by']}); the server may "
                              f"already have it ({len(progress.get('accepted', []))} recipient(s) confirmed)")
                    self._upsert(db, release, channel, folder, sha, status="failed", permanent=1,
                                 reason=reason, claimed_by=None, lease_until=None)
                    return Decision("interrupted", progress, self.get(release, channel))
            if skip_reason:
                self._upsert(db, release, channel, folder, sha, status="skipped", reason=skip_reason,
                             permanent=None)
                return Decision("skipped", {}, self.get(release, channel))
            if review_hold:
                self._upsert(db, release, channel, folder, sha, status="held", not_before=None,
                             reason=review_hold, permanent=None)
                return Decision("held", {}, self.get(release, channel))
            if hold_until and hold_until > now:
                self._upsert(db, release, channel, folder, sha, status="held", not_before=_iso(hold_until),
                             reason=f"embargoed until {_iso(hold_until)}", permanent=None)
                return Decision("held", {}, self.get(release, channel))
            progress = {} if resend or not row else json.loads(row["progress"] or "{}")
            if status == "sent":  # resend: a fresh delivery
                progress = {}
            self._upsert(db, release, channel, folder, sha, status="sending", claimed_by=_me(),
                         lease_until=_iso(now + dt.timedelta(seconds=lease_seconds)),
                         progress=json.dumps(progress), not_before=None, warning=None)
            return Decision("send", progress, self.get(release, channel))

    def save_progress(self, release: str, channel: str, progress: dict[str, Any],
                      lease_seconds: float) -> None:
        """Persist a step (a batch accepted, a file renamed) and extend the lease."""
        self.db.execute("UPDATE deliveries SET progress = ?, lease_until = ?, updated = ? "
                        "WHERE release = ? AND channel = ?",
                        (json.dumps(progress), _iso(_now() + dt.timedelta(seconds=lease_seconds)),
                         _iso(_now()), release, channel))

    def attempt(self, release: str, channel: str, outcome: str, reason: str | None,
                final_status: str | None, *, detail: str | None = None, warning: str | None = None,
                permanent: bool | None = None) -> None:
        """Record one attempt; with `final_status` also close the delivery (sent/failed)."""
        now = _iso(_now())
        with self._tx() as db:
            db.execute("INSERT INTO attempts (release, channel, at, outcome, reason) VALUES (?, ?, ?, ?, ?)",
                       (release, channel, now, outcome, reason))
            db.execute("UPDATE deliveries SET attempts = attempts + 1, updated = ?, reason = ?, "
                       "permanent = ? WHERE release = ? AND channel = ?",
                       (now, reason, None if permanent is None else int(permanent), release, channel))
            if final_status == "sent":
                db.execute("UPDATE deliveries SET status = 'sent', sent_at = ?, detail = ?, warning = ?, "
                           "reason = NULL, claimed_by = NULL, lease_until = NULL "
                           "WHERE release = ? AND channel = ?",
                           (now, detail, warning, release, channel))
            elif final_status == "failed":
                db.execute("UPDATE deliveries SET status = 'failed', claimed_by = NULL, lease_until = NULL "
                           "WHERE release = ? AND channel = ?", (release, channel))

    def release_claim(self, release: str, channel: str, reason: str) -> None:
        """Give a claim back after an unexpected crash inside this process, as a failure."""
        self.db.execute("UPDATE deliveries SET status = 'failed', reason = ?, claimed_by = NULL, "
                        "lease_until = NULL, updated = ? "
                        "WHERE release = ? AND channel = ? AND status = 'sending'",
                        (reason, _iso(_now()), release, channel))

    def due(self, now: dt.datetime | None = None) -> list[dict[str, Any]]:
        """Held deliveries whose embargo has passed."""
        rows = self.db.execute("SELECT * FROM deliveries WHERE status = 'held' AND not_before <= ? "
                               "ORDER BY not_before", (_iso(now or _now()),)).fetchall()
        return [dict(r) for r in rows]

    def held_for_review(self) -> list[dict[str, Any]]:
        """Deliveries held until a person confirms the release (a hold without a time)."""
        rows = self.db.execute("SELECT * FROM deliveries WHERE status = 'held' AND not_before IS NULL "
                               "ORDER BY updated").fetchall()
        return [dict(r) for r in rows]

    def rows(self) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM deliveries ORDER BY updated DESC, release, channel").fetchall()
        return [dict(r) for r in rows]

    def history(self, release: str, channel: str) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT at, outcome, reason FROM attempts WHERE release = ? AND channel = ? "
                               "ORDER BY id", (release, channel)).fetchall()
        return [dict(r) for r in rows]


STATUS_COLUMNS = ("release", "channel", "status", "attempts", "updated", "sent_at", "not_before", "reason",
                  "warning", "detail")


def _not_a_log(path: Path, exc: sqlite3.DatabaseError) -> PressroomError:
    return PressroomError("log", f"the delivery log {path} cannot be used: {exc}",
                          hint="move the file aside (a new log is started) or restore it from a backup")


def status_rows(log_path: Path) -> list[dict[str, Any]]:
    """Deliveries for `pressroom status`, newest first; [] when nothing was ever distributed.

    Opens the database read-only so a status query never creates the file or waits on a
    writer's lock longer than the busy timeout.
    """
    if not log_path.exists():
        return []
    db = sqlite3.connect(f"file:{log_path}?mode=ro", uri=True, timeout=10)
    db.row_factory = sqlite3.Row
    try:
        rows = db.execute(f"SELECT {', '.join(STATUS_COLUMNS)} FROM deliveries "
                          "ORDER BY updated DESC, release, channel").fetchall()
    except sqlite3.OperationalError:
        return []
    except sqlite3.DatabaseError as exc:  # "file is not a database": overwritten or truncated
        raise _not_a_log(log_path, exc) from None
    finally:
        db.close()
    return [dict(r) for r in rows]


def format_status(rows: list[dict[str, Any]]) -> list[str]:
    """Human lines for `pressroom status`: release, channel, status, attempts, why."""
    lines = []
    for r in rows:
        why = r.get("reason") or r.get("warning") or r.get("detail") or ""
        when = r.get("sent_at") or r.get("not_before") or r.get("updated") or ""
        line = f"{r['status']:8s} {r['channel']:16s} {r['release']}  attempts={r['attempts']}  {when}  {why}"
        lines.append(line.rstrip())
    return lines
