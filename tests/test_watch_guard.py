"""The watcher guards its folders: one watcher per input folder (whatever its --state), no output
or state folder inside the watched one. Real subprocesses, real folders."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from pipeline.watch.lock import LOCK_NAME, STALE_AFTER
from tests.test_watch import ROOT, WatchProcess, release_folders, release_text, run_once


def watch(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", "watch", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def test_a_second_watcher_with_another_state_folder_is_refused(tmp_path: Path) -> None:
    inp, out = tmp_path / "share", tmp_path / "output"
    inp.mkdir()
    first = WatchProcess(inp, out, "--formats", "json", "--state", str(tmp_path / "state-a"), workers=1)
    try:
        first.wait_ready()
        lock = json.loads((inp / LOCK_NAME).read_text(encoding="utf-8"))
        assert lock["pid"] == first.proc.pid and lock["host"] == socket.gethostname()
        second = watch(str(inp), "-o", str(tmp_path / "output-b"), "--state", str(tmp_path / "state-b"),
                       "--formats", "json", "--once", "--workers", "1", timeout=60)
        assert second.returncode == 2, second.stderr
        lines = [line for line in second.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, second.stderr
        assert "[watch] another watcher is already running on this input folder" in lines[0]
        assert f"pid {first.proc.pid}" in lines[0]
        assert not (tmp_path / "output-b").exists()
    finally:
        assert first.stop() == 0
    assert not (inp / LOCK_NAME).exists(), "a watcher that stops cleanly removes its lock"


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_stale_lock_of_a_dead_watcher_on_this_host_is_taken_over(tmp_path: Path) -> None:
    inp, out = tmp_path / "input", tmp_path / "output"
    inp.mkdir()
    (inp / LOCK_NAME).write_text(json.dumps({"host": socket.gethostname(), "pid": _dead_pid(), "started": 1.0}))
    (inp / "a.txt").write_bytes(release_text(1))
    res = run_once(inp, out, "--formats", "json")
    assert res.returncode == 0, res.stderr
    assert len(release_folders(out)) == 1


def test_a_fresh_lock_from_another_host_is_respected_and_an_old_one_is_not(tmp_path: Path) -> None:
    inp, out = tmp_path / "input", tmp_path / "output"
    inp.mkdir()
    lock = inp / LOCK_NAME
    lock.write_text(json.dumps({"host": "other-host.example", "pid": 4242, "started": time.time()}))
    (inp / "a.txt").write_bytes(release_text(1))
    res = run_once(inp, out, "--formats", "json")
    assert res.returncode == 2
    assert "host other-host.example, pid 4242" in res.stderr and not out.exists()
    old = time.time() - STALE_AFTER - 5
    os.utime(lock, (old, old))
    res = run_once(inp, out, "--formats", "json")
    assert res.returncode == 0, res.stderr
    assert len(release_folders(out)) == 1


def test_an_output_or_state_folder_inside_the_input_folder_is_refused(tmp_path: Path) -> None:
    inp = tmp_path / "input"
    inp.mkdir()
    (inp / "a.txt").write_bytes(release_text(1))
    for args, what in (((str(inp / "out"),), "output"), ((str(inp),), "output"),
                       ((str(tmp_path / "out"), "--state", str(inp / "state")), "state")):
        res = watch(str(inp), "-o", *args, "--once", "--workers", "1", "--formats", "json", timeout=60)
        assert res.returncode == 2, res.stderr
        lines = [line for line in res.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and f"[watch] the {what} folder is" in lines[0], res.stderr
        assert "converted again and again" in lines[0]
    assert (inp / "a.txt").exists() and not (inp / "out").exists() and not (inp / "processed").exists()


def test_the_default_hidden_state_folder_inside_the_input_is_fine(tmp_path: Path) -> None:
    inp, out = tmp_path / "input", tmp_path / "output"
    inp.mkdir()
    (inp / "a.txt").write_bytes(release_text(1))
    res = run_once(inp, out, "--formats", "json")
    assert res.returncode == 0, res.stderr
    assert (inp / ".pressroom" / "journal.sqlite").exists()


def test_sigkill_leaves_a_lock_the_next_watcher_takes_over(tmp_path: Path) -> None:
    inp, out = tmp_path / "input", tmp_path / "output"
    inp.mkdir()
    first = WatchProcess(inp, out, "--formats", "json", workers=1)
    try:
        first.wait_ready()
    finally:
        first.stop(signal.SIGKILL)
    assert (inp / LOCK_NAME).exists()
    (inp / "a.txt").write_bytes(release_text(2))
    res = run_once(inp, out, "--formats", "json")
    assert res.returncode == 0, res.stderr
