"""The delivery log: claims, dead claimants, status rows."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.distribute.log import DeliveryLog, format_status, status_rows


def claim(log: DeliveryLog, **kw: object):
    args = {"resend": False, "idempotent": False, "lease_seconds": 600.0}
    args.update(kw)
    return log.claim("2026-11-28-r", "press", "/out/2026-11-28-r", "ab", **args)  # type: ignore[arg-type]


def dead_pid() -> int:
    """The pid of a process that has certainly exited."""
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    return int(proc.stdout)


def test_a_live_claim_blocks_a_second_sender(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    with DeliveryLog(path) as a, DeliveryLog(path) as b:
        assert claim(a).action == "send"
        decision = claim(b)
        assert decision.action == "in-progress"
        assert decision.row["status"] == "sending"


def test_sent_is_final_unless_resend(tmp_path: Path) -> None:
    with DeliveryLog(tmp_path / "d.sqlite3") as log:
        claim(log)
        log.attempt("2026-11-28-r", "press", "sent", None, "sent", detail="<id@x>")
        assert claim(log).action == "already-sent"
        assert claim(log, hold_until=dt.datetime(2999, 1, 1, tzinfo=dt.UTC)).action == "already-sent"
        decision = claim(log, resend=True)
        assert decision.action == "send" and decision.progress == {}


def test_dead_claimant_of_an_email_is_reported_not_resent(tmp_path: Path) -> None:
    import socket

    with DeliveryLog(tmp_path / "d.sqlite3") as log:
        claim(log)
        log.save_progress("2026-11-28-r", "press", {"accepted": ["a@x.example"]}, 600)
        log.db.execute("UPDATE deliveries SET claimed_by = ?", (f"{socket.gethostname()}:{dead_pid()}",))
        decision = claim(log)
        assert decision.action == "interrupted"
        row = log.get("2026-11-28-r", "press")
        assert row["status"] == "failed" and "interrupted while sending" in row["reason"]
        assert "1 recipient(s) confirmed" in row["reason"]
        assert claim(log, resend=True).action == "send"


def test_dead_claimant_of_an_upload_is_resumed_with_its_progress(tmp_path: Path) -> None:
    with DeliveryLog(tmp_path / "d.sqlite3") as log:
        claim(log, idempotent=True)
        log.save_progress("2026-11-28-r", "press", {"uploaded": ["r.pdf"]}, 600)
        past = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)).isoformat()
        log.db.execute("UPDATE deliveries SET claimed_by = 'elsewhere:1', lease_until = ?", (past,))
        decision = claim(log, idempotent=True)
        assert decision.action == "send"
        assert decision.progress == {"uploaded": ["r.pdf"]}


def test_held_and_skipped_are_recorded(tmp_path: Path) -> None:
    until = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)
    with DeliveryLog(tmp_path / "d.sqlite3") as log:
        assert claim(log, hold_until=until, now=until - dt.timedelta(hours=1)).action == "held"
        assert log.due(until - dt.timedelta(seconds=1)) == []
        assert [r["release"] for r in log.due(until)] == ["2026-11-28-r"]
        assert claim(log, hold_until=until, now=until).action == "send"  # the embargo has passed
        log.attempt("2026-11-28-r", "press", "transient", "421 busy", "failed", permanent=False)
        assert claim(log, skip_reason="brand 'x' not taken").action == "skipped"


def test_status_rows_and_format(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    assert status_rows(path) == []
    assert not path.exists()  # asking for status never creates the log
    with DeliveryLog(path) as log:
        claim(log)
        log.attempt("2026-11-28-r", "press", "transient", "421 busy", None, permanent=False)
        log.attempt(
            "2026-11-28-r", "press", "sent", None, "sent", detail="<m@acme.example> to 3 recipient(s)"
        )
        assert [h["outcome"] for h in log.history("2026-11-28-r", "press")] == ["transient", "sent"]
    [row] = status_rows(path)
    assert row["status"] == "sent" and row["attempts"] == 2 and row["reason"] is None
    assert row["sent_at"] and "3 recipient(s)" in row["detail"]
    [line] = format_status([row])
    assert line.startswith("sent") and "attempts=2" in line and "2026-11-28-r" in line
    json.dumps(row)  # plain values, ready for `pressroom status --json`


def test_delivery_log_path_for_status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.distribute import delivery_log_path

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PRESSROOM_CONFIG", raising=False)
    assert delivery_log_path() == Path("input/.pressroom/deliveries.sqlite3")
    assert delivery_log_path(state_dir=tmp_path / "state") == tmp_path / "state" / "deliveries.sqlite3"
    (tmp_path / "pressroom.toml").write_text('[distribute]\nlog = "var/d.sqlite3"\n', encoding="utf-8")
    assert delivery_log_path(state_dir=tmp_path / "state") == tmp_path / "var" / "d.sqlite3"
    (tmp_path / "pressroom.toml").write_text("[broken\n", encoding="utf-8")
    assert delivery_log_path(state_dir=tmp_path / "s") == tmp_path / "s" / "deliveries.sqlite3"
