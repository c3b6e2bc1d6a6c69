"""The watcher's journal: the state machine per source content, versions per release, many writers."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from pipeline.journal import Journal

SHA = "a" * 64


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    with Journal(tmp_path / "state" / "journal.sqlite") as j:
        yield j


def test_a_source_goes_queued_working_done(journal: Journal) -> None:
    journal.enqueue(SHA, "/in/a.txt", "a.txt", None, "run1")
    assert journal.get(SHA).state == "queued"
    assert journal.start(SHA, "run1") == 1
    assert journal.get(SHA).state == "working"
    journal.mark_done(
        SHA,
        release_key="2024-01-01-a",
        folder="/out/a",
        outputs=["/out/a/release.json"],
        version=1,
        guid="urn:x",
        duration=0.5,
        moved_to="/in/processed/a.txt",
    )
    row = journal.get(SHA)
    assert (row.state, row.folder, row.outputs, row.version, row.guid, row.moved_to) == (
        "done",
        "/out/a",
        ["/out/a/release.json"],
        1,
        "urn:x",
        "/in/processed/a.txt",
    )
    assert journal.counts() == {"queued": 0, "working": 0, "done": 1, "failed": 0}


def test_failure_keeps_stage_reason_and_hint(journal: Journal) -> None:
    journal.enqueue(SHA, "/in/a.txt", "a.txt", "corporate", "run1")
    journal.start(SHA, "run1")
    journal.mark_failed(
        SHA,
        stage="decode",
        reason="the file is empty",
        hint="save it again",
        duration=0.0,
        moved_to="/in/failed/a.txt",
    )
    row = journal.get(SHA)
    assert (row.state, row.stage, row.reason, row.hint, row.brand) == (
        "failed",
        "decode",
        "the file is empty",
        "save it again",
        "corporate",
    )
    assert [r.sha for r in journal.rows("failed")] == [SHA]


def test_a_dead_runs_claims_are_reset_but_not_the_current_runs(journal: Journal) -> None:
    journal.enqueue("1" * 64, "/in/1.txt", "1.txt", None, "old")
    journal.start("1" * 64, "old")
    journal.enqueue("2" * 64, "/in/2.txt", "2.txt", None, "new")
    journal.start("2" * 64, "new")
    reset = journal.reset_interrupted("new")
    assert [r.sha for r in reset] == ["1" * 64]
    assert journal.get("1" * 64).state == "queued"
    assert journal.get("2" * 64).state == "working"


def test_attempts_survive_a_retry_of_the_same_file_but_not_a_new_drop(journal: Journal) -> None:
    journal.enqueue(SHA, "/in/a.txt", "a.txt", None, "run1")
    journal.start(SHA, "run1")
    journal.enqueue(SHA, "/in/a.txt", "a.txt", None, "run2")  # the watcher died; same file retried
    assert journal.start(SHA, "run2") == 2
    journal.mark_failed(SHA, stage="x", reason="y", hint=None, duration=0, moved_to=None)
    journal.enqueue(SHA, "/in/again.txt", "again.txt", None, "run3")  # dropped again later
    row = journal.get(SHA)
    assert (row.state, row.attempts, row.reason) == ("queued", 0, None)


def test_withdraw_forgets_a_fresh_claim_and_fails_one_with_history(journal: Journal) -> None:
    journal.enqueue("1" * 64, "/in/1.txt", "1.txt", None, "run")
    journal.withdraw("1" * 64)
    assert journal.get("1" * 64) is None
    journal.enqueue("2" * 64, "/in/2.txt", "2.txt", None, "run")
    journal.start("2" * 64, "run")
    journal.requeue("2" * 64)
    journal.withdraw("2" * 64, "gone")
    row = journal.get("2" * 64)
    assert (row.state, row.stage, row.reason) == ("failed", "watch", "gone")


def test_release_versions_are_upserted_and_keep_their_guid(journal: Journal) -> None:
    assert journal.release("k") is None
    journal.record_release("k", folder="/out/k", guid="urn:g", version=1, sha="1" * 64)
    journal.record_release("k", folder="/out/k", guid=None, version=2, sha="2" * 64)
    row = journal.release("k")
    assert (row.folder, row.guid, row.version, row.sha) == ("/out/k", "urn:g", 2, "2" * 64)


def test_journal_uses_wal_and_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    Journal(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.execute("UPDATE meta SET value = '999' WHERE key = 'schema'")
    db.commit()
    db.close()
    with pytest.raises(RuntimeError, match="newer Pressroom"):
        Journal(path)


def _hammer(path: str, n: int) -> None:
    with Journal(Path(path)) as j:
        for _ in range(n):
            j.start(SHA, "run")


def test_concurrent_writers_from_several_processes_lose_no_update(tmp_path: Path) -> None:
    """Workers and the watcher write at once; BEGIN IMMEDIATE + busy timeout must serialise them."""
    path = tmp_path / "j.sqlite"
    with Journal(path) as j:
        j.enqueue(SHA, "/in/a.txt", "a.txt", None, "run")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_hammer, args=(str(path), 50)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    with Journal(path) as j:
        assert j.get(SHA).attempts == 200
