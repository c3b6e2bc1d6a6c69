"""`pressroom watch`: real observers on temporary folders, real worker processes, real signals.

Nothing here mocks the file system. The integration tests start `python -m pipeline watch`
as a subprocess, drop files the way people do (copy, slow write, rename into place), and
poll the folders and the journal with timeouts; no sleep is ever an assertion.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import stat
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path, PurePath

import pytest

from pipeline.journal import Journal
from pipeline.watch import Tracker, finish_move, is_candidate, move_no_replace

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000-sv-hallbara-stader.txt"
HEADLINE = "Hållbara städer - Stockholmsregionens nästa exportprodukt"


# --------------------------------------------------------------------------- helpers


def wait_for(
    predicate: Callable[[], object],
    timeout: float,
    what: str,
    interval: float = 0.05,
    context: Callable[[], str] | None = None,
) -> object:
    """Poll until `predicate()` is truthy; else fail after `timeout` s with `what` and `context()` (a log)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            extra = f"\n--- context ---\n{context()[-6000:]}" if context else ""
            raise AssertionError(f"timed out after {timeout} s waiting for {what}{extra}")
        time.sleep(interval)


def release_text(n: int, body_note: str = "") -> bytes:
    """A real one-page release (the seed) with its own headline, so each is a distinct release."""
    text = SEED.read_text(encoding="utf-8").replace(HEADLINE, f"Release {n:03d} om hållbara städer")
    if body_note:
        text = text.replace("Femtio viktiga", f"{body_note} viktiga")
    return text.encode("utf-8")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def drop(path: Path, data: bytes) -> Path:
    """Write the way a careful tool does: a hidden temporary name, then a rename into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    os.rename(tmp, path)
    return path


def release_folders(out: Path) -> list[Path]:
    from pipeline.distribute.pressroom_site import SITE_DIRS  # the press room's own folders

    return (
        sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name not in SITE_DIRS)
        if out.exists() else []
    )


def output_shas(out: Path) -> list[str]:
    return [
        json.loads((f / "release.json").read_text(encoding="utf-8"))["source"]["sha256"]
        for f in release_folders(out)
    ]


def waiting_files(inp: Path) -> list[Path]:
    return [p for p in inp.rglob("*") if p.is_file() and is_candidate(p.relative_to(inp))]


def processed_files(inp: Path) -> list[Path]:
    return (
        sorted(p for p in (inp / "processed").rglob("*") if p.is_file())
        if (inp / "processed").exists()
        else []
    )


class WatchProcess:
    """`python -m pipeline watch` in a subprocess, its log in a file, parsed on demand."""

    def __init__(self, inp: Path, out: Path, *args: str, workers: int = 2):
        self.log_path = inp.parent / f"watch-{time.monotonic_ns()}.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.workers = workers
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pipeline",
                "watch",
                str(inp),
                "-o",
                str(out),
                "--workers",
                str(workers),
                *args,
            ],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def lines(self, event: str) -> list[str]:
        return [line for line in self.text().splitlines() if f" {event} " in f"{line} "]

    def file_results(self) -> list[dict[str, str]]:
        """The per-file log lines as dicts (simple logfmt: key=value or key="quoted value")."""
        found = []
        for line in self.lines("file"):
            fields = {
                m.group(1): (json.loads(m.group(2)) if m.group(2).startswith('"') else m.group(2))
                for m in re.finditer(r'(\w+)=("(?:[^"\\]|\\.)*"|\S+)', line)
            }
            found.append(fields)
        return found

    def wait_ready(self, timeout: float = 60) -> None:
        wait_for(
            lambda: (
                self.proc.poll() is not None
                or (self.lines("watching") and len(self.lines("worker-ready")) >= self.workers)
            ),
            timeout,
            "the watcher and its workers to start",
            context=self.text,
        )
        assert self.proc.poll() is None, self.text()

    def worker_pids(self) -> list[int]:
        return [int(re.search(r"pid=(\d+)", line).group(1)) for line in self.lines("worker-ready")]

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self.log.close()
        return code


def journal_counts(path: Path) -> dict[str, int]:
    if not path.exists():
        return {}
    with Journal(path) as journal:
        return journal.counts()


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purposes
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z"
    except OSError:
        return False


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    inp, out = tmp_path / "input", tmp_path / "output"
    inp.mkdir()
    return inp, out


# --------------------------------------------------------------------------- unit: the rules


@pytest.mark.parametrize(
    ("rel", "taken"),
    [
        ("release.txt", True),
        ("corporate/release.txt", True),
        ("notes", True),
        ("release.txt.part", False),
        ("x.tmp", False),
        ("film.crdownload", False),
        ("~$report.txt", False),
        (".~lock.release.txt#", False),
        (".release.txt.swp", False),
        ("release.txt.swp", False),
        (".hidden", False),
        ("processed/2024-01-01/a.txt", False),
        ("failed/a.txt", False),
        ("failed/a.txt.error.txt", False),
        (".pressroom/journal.sqlite", False),
        ("corporate/.x.txt", False),
        ("README.md", False),
        ("Thumbs.db", False),
        ("backup.txt~", False),
    ],
)
def test_temporary_lock_and_hidden_files_are_never_taken(rel: str, taken: bool) -> None:
    assert is_candidate(PurePath(rel)) is taken


def test_move_never_overwrites_and_suffixes_a_clash(tmp_path: Path) -> None:
    dest = tmp_path / "processed"
    dest.mkdir()
    (dest / "a.txt").write_text("earlier release")
    src = tmp_path / "a.txt"
    src.write_text("later release")
    moved = move_no_replace(src, dest / "a.txt")
    assert moved == dest / "a-2.txt"
    assert (dest / "a.txt").read_text() == "earlier release"
    assert moved.read_text() == "later release"
    assert not src.exists()


def test_a_move_interrupted_after_the_link_is_finished_without_a_second_copy(tmp_path: Path) -> None:
    dest = tmp_path / "processed"
    dest.mkdir()
    src = tmp_path / "a.txt"
    src.write_text("x")
    os.link(src, dest / "a.txt")  # the crash came between link and unlink
    assert finish_move(src, dest / "a.txt", dest) == dest / "a.txt"
    assert not src.exists()
    assert [p.name for p in dest.iterdir()] == ["a.txt"]


def test_tracker_waits_for_a_growing_file_and_takes_a_renamed_one_at_once(tmp_path: Path) -> None:
    tracker = Tracker(settle=0.3)
    growing, renamed = tmp_path / "growing.txt", tmp_path / "renamed.txt"
    growing.write_bytes(b"a")
    renamed.write_bytes(b"b")
    tracker.touch(growing)
    tracker.touch(renamed, renamed=True)
    assert tracker.due()[0] == [renamed]
    stop = time.monotonic() + 1.0
    while time.monotonic() < stop:  # keep writing for 1 s: never due meanwhile
        with open(growing, "ab") as fh:
            fh.write(b"more")
        assert growing not in tracker.due()[0]
        time.sleep(0.05)
    wait_for(lambda: growing in tracker.due()[0], 3, "the file to settle once the writes stopped")


# --------------------------------------------------------------------------- integration


def test_hundred_files_dropped_at_once_good_converted_once_bad_failed_nothing_left(
    folders: tuple[Path, Path],
) -> None:
    inp, out = folders
    watcher = WatchProcess(inp, out, "--formats", "json,xml")
    try:
        watcher.wait_ready()
        good: dict[Path, bytes] = {}
        for n in range(84):
            sub = "corporate/" if n % 10 == 0 else "unknownbrand/" if n % 10 == 1 else ""
            good[inp / f"{sub}release-{n:03d}.txt"] = release_text(n)
        good[inp / "copied-in-utf16.txt"] = release_text(200).decode("utf-8").encode("utf-16")
        bad: dict[Path, bytes] = {
            inp / "empty.txt": b"",
            inp / "photo.txt": b"\x89PNG\r\n\x1a\n" + os.urandom(4000),
            inp / "undecodable.txt": bytes(range(0x80, 0xA0)) * 200,
            inp / "huge.txt": b"This is not a release, it is a log line.\n" * (20 * 1024 * 1024 // 42),
            inp / "noise.txt": bytes([0, 1, 2, 3, 0xFF, 0xFE, 0x10]) * 500,
        }
        ignored = {inp / "draft.txt.part": b"x", inp / "~$draft.txt": b"x", inp / ".notes.txt.swp": b"x"}
        for path, data in {**ignored, **bad}.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)  # plain writes: the settle rule must cope
        for path, data in good.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        slow_path, slow_data = inp / "slow-copy.txt", release_text(300)
        good[slow_path] = slow_data

        def slow_writer() -> None:  # one open file, chunks over ~2 s, like a slow network copy
            with open(slow_path, "wb") as fh:
                for i in range(0, len(slow_data), len(slow_data) // 10 + 1):
                    fh.write(slow_data[i : i + len(slow_data) // 10 + 1])
                    fh.flush()
                    time.sleep(0.2)

        writer = threading.Thread(target=slow_writer)
        writer.start()
        writer.join()
        wait_for(
            lambda: len(watcher.file_results()) >= len(good) + len(bad),
            150,
            "one log line per dropped release",
            context=watcher.text,
        )
        assert watcher.stop() == 0
    finally:
        if watcher.proc.poll() is None:
            watcher.stop(signal.SIGKILL)

    # every good release converted exactly once: one folder per content, no more
    assert sorted(output_shas(out)) == sorted(sha(d) for d in good.values())
    slow_json = [f for f in release_folders(out) if "release-300" in f.name]
    assert len(slow_json) == 1, "the slowly written file must be taken once, complete"
    # sources: the good ones in processed/<date>/, the bad ones in failed/ with their reason
    assert sorted(sha(p.read_bytes()) for p in processed_files(inp)) == sorted(sha(d) for d in good.values())
    for path, data in bad.items():
        moved = inp / "failed" / path.name
        assert moved.read_bytes() == data
        explanation = (inp / "failed" / f"{path.name}.error.txt").read_text(encoding="utf-8")
        assert "What went wrong (stage: decode)" in explanation and "How to fix it" in explanation
    assert sorted(p.name for p in (inp / "failed").iterdir()) == sorted(
        [p.name for p in bad] + [f"{p.name}.error.txt" for p in bad]
    )
    # nothing left behind: only the ignored temp files remain, untouched
    assert waiting_files(inp) == []
    for path, data in ignored.items():
        assert path.read_bytes() == data
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no staging folder may be left"
    umask = os.umask(0o022)
    os.umask(umask)
    modes = {stat.S_IMODE(p.stat().st_mode) for f in release_folders(out) for p in f.iterdir()}
    assert modes == {0o666 & ~umask}, "outputs must be readable like any file the user writes (not 0600)"
    # one structured line per file, with result, outputs and duration
    results = watcher.file_results()
    assert Counter(r["result"] for r in results) == {"done": len(good), "failed": len(bad)}
    assert all(r.get("duration") for r in results)
    assert all(r["outputs"] == "release.xml,release.json" for r in results if r["result"] == "done")
    brands = {r["source"].split("/")[-2]: r["brand"] for r in results if r["result"] == "done"}
    assert brands["corporate"] == "corporate"
    assert brands["unknownbrand"] != "unknownbrand"
    assert "no brand 'unknownbrand'" in watcher.text()
    with Journal(inp / ".pressroom" / "journal.sqlite") as journal:
        assert journal.counts() == {"queued": 0, "working": 0, "done": len(good), "failed": len(bad)}


@pytest.mark.slow
def test_sigkill_mid_batch_then_restart_reaches_the_same_end_state_with_pdfs(
    folders: tuple[Path, Path],
) -> None:
    inp, out = folders
    sources = {inp / f"r{n:02d}.txt": release_text(n) for n in range(14)}
    first = WatchProcess(inp, out)
    try:
        first.wait_ready()
        for path, data in sources.items():
            drop(path, data)
        wait_for(lambda: len(release_folders(out)) >= 3, 120, "a few releases", context=first.text)
        first.proc.send_signal(signal.SIGKILL)
        first.proc.wait(timeout=10)
    finally:
        first.stop(signal.SIGKILL)
    done_at_kill = len(processed_files(inp))
    assert done_at_kill < len(sources), "the kill must land mid-batch for this test to mean anything"
    for pid in first.worker_pids():  # workers die with the watcher: none may race the restart
        wait_for(lambda pid=pid: not pid_alive(pid), 10, f"worker {pid} to die", context=first.text)
    for folder in release_folders(out):  # nothing half-written is visible, even right after SIGKILL
        assert sorted(p.name for p in folder.iterdir()) == [
            "release.html",
            "release.json",
            "release.pdf",
            "release.xml",
        ]

    second = WatchProcess(inp, out)
    try:
        second.wait_ready()
        wait_for(
            lambda: not waiting_files(inp) and len(processed_files(inp)) == len(sources),
            180,
            "the restart to finish the batch",
            context=second.text,
        )
        assert second.stop() == 0
    finally:
        if second.proc.poll() is None:
            second.stop(signal.SIGKILL)
    assert sorted(output_shas(out)) == sorted(sha(d) for d in sources.values())  # once each, no "-2"
    for folder in release_folders(out):
        xml = (folder / "release.xml").read_bytes()
        assert b' version="1"' in xml, f"{folder.name} was converted twice"
        assert (folder / "release.pdf").read_bytes().startswith(b"%PDF-")
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    assert sorted(sha(p.read_bytes()) for p in processed_files(inp)) == sorted(
        sha(d) for d in sources.values()
    )
    with Journal(inp / ".pressroom" / "journal.sqlite") as journal:
        assert journal.counts()["done"] == len(sources)
        assert journal.counts()["working"] == journal.counts()["queued"] == 0
    status = subprocess.run(
        [sys.executable, "-m", "pipeline", "status", str(inp), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(status.stdout)
    assert report["counts"]["done"] == len(sources) and report["waiting"] == []


def test_duplicate_drop_is_skipped_and_an_edit_becomes_the_next_version(folders: tuple[Path, Path]) -> None:
    inp, out = folders
    watcher = WatchProcess(inp, out, "--formats", "xml,json", workers=1)
    try:
        watcher.wait_ready()
        original = release_text(7)
        drop(inp / "pm.txt", original)
        wait_for(
            lambda: len(processed_files(inp)) == 1, 60, "the first drop to be converted", context=watcher.text
        )
        (folder,) = release_folders(out)
        guid = re.search(rb'guid="([^"]+)"', (folder / "release.xml").read_bytes()).group(1)
        assert b' version="1"' in (folder / "release.xml").read_bytes()

        drop(inp / "pm (copy).txt", original)  # the same content again
        wait_for(
            lambda: len(processed_files(inp)) == 2, 60, "the duplicate to be handled", context=watcher.text
        )
        assert release_folders(out) == [folder]
        dup = [r for r in watcher.file_results() if r["source"].endswith("pm (copy).txt")]
        assert [r["result"] for r in dup] == ["duplicate"]

        edited = release_text(7, body_note="Sextio")  # same headline and date, changed body
        drop(inp / "pm.txt", edited)
        wait_for(lambda: len(processed_files(inp)) == 3, 60, "the edit to be converted", context=watcher.text)
        assert release_folders(out) == [folder], "an edit is a new version of the same item, not a new folder"
        xml = (folder / "release.xml").read_bytes()
        assert b' version="2"' in xml
        umask = os.umask(0o022)
        os.umask(umask)
        assert stat.S_IMODE((folder / "release.xml").stat().st_mode) == 0o666 & ~umask
        assert re.search(rb'guid="([^"]+)"', xml).group(1) == guid
        assert output_shas(out) == [sha(edited)]
        # the clashing source name got a suffix; nothing was overwritten
        assert sorted(p.read_bytes() for p in processed_files(inp)) == sorted([original, original, edited])
        assert watcher.stop() == 0
    finally:
        if watcher.proc.poll() is None:
            watcher.stop(signal.SIGKILL)

    # --reprocess converts known content again, into the same folder, as the same version
    drop(inp / "pm.txt", edited)
    rerun = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "watch",
            str(inp),
            "-o",
            str(out),
            "--once",
            "--reprocess",
            "--workers",
            "1",
            "--formats",
            "xml,json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert "result=done" in rerun.stderr
    assert release_folders(out) == [folder]
    assert b' version="2"' in (folder / "release.xml").read_bytes()
    with Journal(inp / ".pressroom" / "journal.sqlite") as journal:
        identity = journal.get(sha(edited)).release_key
        assert identity == guid.decode() and journal.release(identity).version == 2
        assert journal.duplicates() == 1


def test_sigterm_finishes_the_conversion_in_hand_and_exits_cleanly(folders: tuple[Path, Path]) -> None:
    inp, out = folders
    watcher = WatchProcess(inp, out, "--formats", "html,pdf", workers=1)
    try:
        watcher.wait_ready()
        sources = {inp / f"t{n}.txt": release_text(n) for n in range(5)}
        for path, data in sources.items():
            drop(path, data)
        journal_path = inp / ".pressroom" / "journal.sqlite"
        wait_for(
            lambda: journal_counts(journal_path).get("working") == 1,
            60,
            "a conversion in hand",
            context=watcher.text,
        )
        assert watcher.stop(signal.SIGTERM) == 0
    finally:
        if watcher.proc.poll() is None:
            watcher.stop(signal.SIGKILL)
    assert "stopped" in watcher.text()
    with Journal(journal_path) as journal:
        counts = journal.counts()
    assert counts["working"] == 0 and counts["done"] >= 1, counts
    assert len(processed_files(inp)) == counts["done"]
    assert len(waiting_files(inp)) == len(sources) - counts["done"]  # the rest waits, untouched
    for folder in release_folders(out):
        assert sorted(p.name for p in folder.iterdir()) == ["release.html", "release.pdf"]


def test_polling_observer_for_network_shares(folders: tuple[Path, Path]) -> None:
    inp, out = folders
    watcher = WatchProcess(inp, out, "--poll", "0.2", "--settle", "0.5", "--formats", "json", workers=1)
    try:
        watcher.wait_ready()
        (inp / "share.txt").write_bytes(release_text(1))
        wait_for(lambda: len(processed_files(inp)) == 1, 60, "the polling observer", context=watcher.text)
        assert output_shas(out) == [sha(release_text(1))]
        assert "polling every 0.2 s" in watcher.text()
        assert watcher.stop() == 0
    finally:
        if watcher.proc.poll() is None:
            watcher.stop(signal.SIGKILL)


def test_one_watcher_per_folder(folders: tuple[Path, Path]) -> None:
    inp, out = folders
    watcher = WatchProcess(inp, out, "--formats", "json", workers=1)
    try:
        watcher.wait_ready()
        second = subprocess.run(
            [sys.executable, "-m", "pipeline", "watch", str(inp), "-o", str(out), "--formats", "json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 2
        assert "another watcher is already running" in second.stderr
        assert watcher.stop() == 0
    finally:
        if watcher.proc.poll() is None:
            watcher.stop(signal.SIGKILL)


def run_once(inp: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "watch",
            str(inp),
            "-o",
            str(out),
            "--once",
            "--workers",
            "1",
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_restart_after_a_crash_in_each_window_converts_nothing_twice(folders: tuple[Path, Path]) -> None:
    """Recreate, on disk and in the journal, what a SIGKILL leaves in each window, then restart.

    Formats without release.json on purpose: `deliver()` could not recognise its own folder
    then; the journal's planned folder must.
    """
    inp, out = folders
    data = {name: release_text(n) for n, name in enumerate(("a.txt", "b.txt", "c.txt"))}
    for name, content in data.items():
        drop(inp / name, content)
    first = run_once(inp, out, "--formats", "xml")
    assert first.returncode == 0, first.stderr
    folders_before = release_folders(out)
    assert len(folders_before) == 3
    day = next((inp / "processed").iterdir())
    journal_path = inp / ".pressroom" / "journal.sqlite"
    db = __import__("sqlite3").connect(journal_path)
    # a: outputs published, journal not yet `done`, source not moved
    os.rename(day / "a.txt", inp / "a.txt")
    db.execute(
        "UPDATE sources SET state = 'working', run = 'dead', moved_to = NULL WHERE sha = ?",
        (sha(data["a.txt"]),),
    )
    db.execute("DELETE FROM releases WHERE sha = ?", (sha(data["a.txt"]),))
    # b: `done`, the source linked into processed/ but not yet unlinked from input/
    os.link(day / "b.txt", inp / "b.txt")
    # c: `done` with its destination chosen, the move not started
    os.rename(day / "c.txt", inp / "c.txt")
    db.commit()
    db.close()

    second = run_once(inp, out, "--formats", "xml")
    assert second.returncode == 0, second.stderr
    assert release_folders(out) == folders_before, "no second folder (-2) for a retried release"
    for folder in folders_before:
        assert b' version="1"' in (folder / "release.xml").read_bytes()
    assert sorted(p.name for p in processed_files(inp)) == ["a.txt", "b.txt", "c.txt"]
    assert waiting_files(inp) == []
    log = second.stderr
    assert re.search(r"file result=done source=\S*a\.txt .* attempt=2", log), log
    assert log.count("finished after restart") == 2  # b and c: moved, not converted
    with Journal(journal_path) as journal:
        assert journal.counts()["done"] == 3


@pytest.mark.slow
def test_a_worker_killed_mid_conversion_is_replaced_and_the_file_retried(folders: tuple[Path, Path]) -> None:
    inp, out = folders
    watcher = WatchProcess(inp, out, "--formats", "pdf,json", workers=1)
    try:
        watcher.wait_ready()
        (victim,) = watcher.worker_pids()
        drop(inp / "retry.txt", release_text(42))
        journal_path = inp / ".pressroom" / "journal.sqlite"
        wait_for(
            lambda: journal_counts(journal_path).get("working") == 1,
            60,
            "the conversion to start",
            interval=0.005,
            context=watcher.text,
        )
        os.kill(victim, signal.SIGKILL)
        wait_for(
            lambda: any(r["result"] == "done" for r in watcher.file_results()),
            120,
            "the retry to finish",
            context=watcher.text,
        )
        assert [(r["result"], r.get("attempt")) for r in watcher.file_results()] == [
            ("retry", None),
            ("done", "2"),
        ]
        assert len(processed_files(inp)) == 1
        assert victim not in watcher.worker_pids()[1:], "a new worker replaced the killed one"
        assert output_shas(out) == [sha(release_text(42))]
        assert watcher.stop() == 0
    finally:
        if watcher.proc.poll() is None:
            watcher.stop(signal.SIGKILL)


def test_distribute_sends_each_converted_release_and_status_shows_the_delivery(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    """A delivery that fails (nobody listens on the port) is logged; the conversion still counts as done."""
    import socket

    inp, out = folders
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = tmp_path / "pressroom.toml"
    config.write_text(
        "[distribute]\nbackoff_seconds = 0.01\ntimeout_seconds = 5\n[site]\nenabled = true\n"
        f'[channels.agency]\ntype = "ftp"\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
        'username = "u"\npassword = "${PR_WATCH_FTP_PW}"\nmax_attempts = 1\n',
        encoding="utf-8",
    )
    drop(inp / "a.txt", release_text(1))
    env_args = ("--formats", "html,xml,json", "--distribute", "--config", str(config))
    os.environ["PR_WATCH_FTP_PW"] = "x"
    try:
        res = run_once(inp, out, *env_args)
    finally:
        del os.environ["PR_WATCH_FTP_PW"]
    assert res.returncode == 0, res.stderr + res.stdout
    logs = res.stdout + res.stderr
    assert "agency:failed" in logs
    assert len(release_folders(out)) == 1 and (out / "index.html").exists()
    status = subprocess.run([sys.executable, "-m", "pipeline", "status", str(inp), "--json"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    report = json.loads(status.stdout)
    assert [(d["channel"], d["status"]) for d in report["deliveries"]] == [("agency", "failed")]


# --------------------------------------------------------------------------- hostile drops


def test_a_symlink_dropped_into_input_is_never_read_or_converted(folders: tuple[Path, Path], tmp_path: Path) -> None:
    """A link in input/ pointing outside (a secret the watcher can read) must not end up in output/."""
    inp, out = folders
    secret = tmp_path / "secret.txt"
    secret.write_bytes(release_text(7, "Hemliga"))
    (inp / "link.txt").symlink_to(secret)
    sub = tmp_path / "elsewhere"
    sub.mkdir()
    (sub / "inner.txt").write_bytes(release_text(8))
    (inp / "linked-dir").symlink_to(sub, target_is_directory=True)
    result = run_once(inp, out, "--formats", "json")
    assert release_folders(out) == [], result.stderr
    assert "symbolic link" in result.stderr
    assert (inp / "link.txt").is_symlink(), "the link is left where it was dropped"
    assert secret.read_bytes() == release_text(7, "Hemliga")


def test_a_source_replaced_by_rename_during_its_conversion_is_not_moved_away_unconverted(tmp_path: Path) -> None:
    """Same size and mtime (cp -p, rsync -t) but a new file: the stat check must see the new inode."""
    from pipeline.watch import _same_stat

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"first content")
    b.write_bytes(b"other content")
    before = os.stat(a)
    os.utime(b, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.rename(b, a)
    after = os.stat(a)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert not _same_stat(before, after)
    assert _same_stat(before, os.stat(a)) is False
    assert _same_stat(after, os.stat(a))
    time.sleep(0.01)
    with open(a, "r+b") as fh:  # rewritten in place, mtime set back (touch -r): the ctime still moves
        fh.write(b"other")
    os.utime(a, ns=(after.st_atime_ns, after.st_mtime_ns))
    assert not _same_stat(after, os.stat(a))


def test_sources_are_opened_as_regular_files_only(tmp_path: Path) -> None:
    from pipeline.watch import _open_regular

    (tmp_path / "a.txt").write_bytes(b"release")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    os.mkfifo(tmp_path / "fifo.txt")
    with _open_regular(tmp_path / "a.txt") as fh:
        assert fh.read() == b"release"
    for name in ("link.txt", "fifo.txt"):  # a link: ELOOP; a FIFO: refused at once, never blocking
        with pytest.raises(OSError):
            _open_regular(tmp_path / name)


def test_log_lines_escape_control_characters_from_file_names() -> None:
    from pipeline.watch import format_line

    for as_json in (False, True):
        line = format_line("file", {"source": "a\rfake event\x1b[2J\u2028x.txt", "result": "done"}, as_json)
        assert line.isprintable(), line


def test_a_huge_drop_is_failed_without_being_read_into_memory(folders: tuple[Path, Path]) -> None:
    """A multi-GB file would be read whole by a worker; the size alone decides (sparse: no disk used)."""
    inp, out = folders
    huge = inp / "huge.txt"
    with open(huge, "wb") as fh:
        fh.truncate(51 * 1024 * 1024)
    result = run_once(inp, out)
    assert release_folders(out) == []
    [error] = list((inp / "failed").glob("*.error.txt"))
    assert "too large to be a press release" in error.read_text(encoding="utf-8"), result.stderr
