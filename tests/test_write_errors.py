"""A release folder changes all at once, and the machine's failures are named as such.

* A new version of an existing folder is staged complete and swapped in: a reader sees the
  old set or the new one, and a failed write (a full disk) leaves the old set untouched.
* Disk full, read-only file system, `-o` under a regular file, a dangling symlink as the
  output folder: one line labelled `[write]`/`[output]` naming the path, with a hint —
  never `[internal] … a bug in Pressroom`, never `[read]`.

ENOSPC and EROFS are real: a 1 MB tmpfs mounted for the test (skipped where mounting is
not allowed); the file-size limit (RLIMIT_FSIZE → EFBIG) works without privileges.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.deliver import Artefact, deliver, replace_contents
from pipeline.errors import PressroomError
from tests.conftest import SEED

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def run(*args: str, fsize: int | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run([PYTHON, "-m", "pipeline", *args], capture_output=True, text=True, timeout=300,
                          preexec_fn=limit, cwd=cwd or ROOT)


@contextlib.contextmanager
def tmpfs(path: Path, size: str = "1m", options: str = "") -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    opts = f"size={size}" + (f",{options}" if options else "")
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(path)], capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({res.stderr.strip()})")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def fill(disk: Path) -> None:
    """Take every free byte of `disk`."""
    with open(disk / "filler", "wb", buffering=0) as fh, contextlib.suppress(OSError):
        while True:
            fh.write(b"\0" * 4096)


def one_line(res: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, res.stderr
    assert "Traceback" not in res.stderr and "[internal]" not in res.stderr and "bug in Pressroom" not in res.stderr
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def version_of(folder: Path) -> str:
    return re.search(rb'<newsItem\b[^>]*\bversion="(\d+)"', (folder / "release.xml").read_bytes()).group(1).decode()


def _edited_release(tmp_path: Path, out: Path) -> Path:
    res = run("convert", str(SEED), "-o", str(out), "--formats", "html,xml,json,pdf")
    assert res.returncode == 0, res.stderr
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    html = folder / "release.html"
    html.write_text(html.read_text(encoding="utf-8").replace("Hållbara städer", "Hållbara städer (rättad)"),
                    encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- all at once


def test_a_new_version_replaces_the_whole_set_at_once_and_keeps_the_other_files(tmp_path: Path):
    folder = deliver(tmp_path, "2006-11-07-x", [Artefact("release.json", b'{"v": 1}'),
                                                 Artefact("release.xml", b"<v1/>")], "a")
    (folder / "notes.txt").write_text("mine")
    seen: list[tuple[bytes, bytes]] = []
    stop = threading.Event()

    def read(name: str, dfd: int) -> bytes:
        fd = os.open(name, os.O_RDONLY, dir_fd=dfd)
        with os.fdopen(fd, "rb") as fh:
            return fh.read()

    def reader() -> None:  # a reader that opens the folder, then its files (as a web server resolving a path)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
                try:
                    seen.append((read("release.json", dfd), read("release.xml", dfd)))
                finally:
                    os.close(dfd)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for v in range(2, 40):
            replace_contents(folder, [Artefact("release.json", f'{{"v": {v}}}'.encode()),
                                      Artefact("release.xml", f"<v{v}/>".encode())])
    finally:
        stop.set()
        thread.join()
    mixed = [(j, x) for j, x in seen if json.loads(j)["v"] != int(x[2:-2])]
    assert seen and not mixed, f"{len(mixed)} mixed reads of {len(seen)}, e.g. {mixed[:1]}"
    assert (folder / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2006-11-07-x"], "no staging folder left behind"


def test_a_render_into_a_folder_that_is_not_a_release_folder_leaves_it_in_place(tmp_path: Path):
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "other.doc").write_bytes(b"x")
    inode = desk.stat().st_ino
    replace_contents(desk, [Artefact("release.json", b"{}")])
    assert desk.stat().st_ino == inode, "an arbitrary folder is never swapped"
    assert sorted(p.name for p in desk.iterdir()) == ["other.doc", "release.json"]


def test_a_failed_render_on_a_full_disk_is_a_write_error_and_keeps_the_old_set(tmp_path: Path):
    with tmpfs(tmp_path / "disk", "3m") as disk:
        folder = _edited_release(tmp_path, disk / "out")
        before = snapshot(folder)
        assert version_of(folder) == "1"
        fill(disk)
        res = run("render", str(folder / "release.html"))
        assert res.returncode == 1
        line = one_line(res)
        assert "[write]" in line and "the disk is full" in line and str(folder) in line, line
        after = snapshot(folder)
        assert after == before, "the old set is intact"
        os.unlink(disk / "filler")
        res = run("render", str(folder / "release.html"))
        assert res.returncode == 0, res.stderr
        assert version_of(folder) == "2"
        assert "(rättad)" in json.loads((folder / "release.json").read_text())["headline"]


def test_a_render_over_the_file_size_limit_keeps_the_old_set(tmp_path: Path):
    folder = _edited_release(tmp_path, tmp_path / "out")
    before = snapshot(folder)
    res = run("render", str(folder / "release.html"), fsize=20_000)
    assert res.returncode == 1
    line = one_line(res)
    assert "[write]" in line and "file size limit" in line and str(folder) in line, line
    assert snapshot(folder) == before
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]


# --------------------------------------------------------------------------- the machine's failures


def test_convert_to_a_full_disk_is_a_write_error_not_a_bug(tmp_path: Path):
    with tmpfs(tmp_path / "disk", "1m") as disk:
        fill(disk)
        res = run("convert", str(SEED), "-o", str(disk / "out"), "--formats", "html,xml,json")
        assert res.returncode == 1
        line = one_line(res)
        assert line.startswith(f"pressroom: {SEED}: [") and ("[write]" in line or "[output]" in line), line
        assert "the disk is full" in line and str(disk / "out") in line, line


def test_convert_to_a_read_only_file_system(tmp_path: Path):
    with tmpfs(tmp_path / "ro", "1m", "ro") as disk:
        res = run("convert", str(SEED), "-o", str(disk / "out"), "--formats", "json")
        assert res.returncode == 1
        line = one_line(res)
        assert "[output]" in line and "read-only" in line and str(disk / "out") in line, line


def test_output_under_a_regular_file(tmp_path: Path):
    (tmp_path / "file").write_text("x")
    res = run("convert", str(SEED), "-o", str(tmp_path / "file" / "out"), "--formats", "json")
    assert res.returncode == 1
    line = one_line(res)
    assert "[output]" in line and "a part of the path is a file, not a folder" in line, line
    assert str(tmp_path / "file") in line


def test_output_is_a_dangling_symlink(tmp_path: Path):
    (tmp_path / "out").symlink_to(tmp_path / "gone")
    second = tmp_path / "b.txt"
    second.write_bytes(SEED.read_bytes().replace(b"H\xc3\xa5llbara", b"Gr\xc3\xb6na"))
    for args in (["convert", str(SEED)], ["convert", "--workers", "2", str(SEED), str(second)]):
        res = run(*args, "-o", str(tmp_path / "out"), "--formats", "json")
        assert res.returncode == 1
        lines = [line for line in res.stderr.splitlines() if line.strip()]
        assert lines and all("[output]" in line and "symbolic link" in line and "does not exist" in line
                             for line in lines), res.stderr
        assert "[internal]" not in res.stderr
    assert not (tmp_path / "gone").exists()


def test_environment_errors_are_pressroom_errors_with_a_hint(tmp_path: Path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(PressroomError) as info:
        deliver(tmp_path / "file" / "out", "x", [Artefact("a", b"1")], "a")
    assert info.value.stage == "output" and info.value.hint


def test_the_watcher_retries_a_full_disk_with_back_off_instead_of_failing_the_file(tmp_path: Path):
    from tests.test_watch import WatchProcess, release_folders, release_text, wait_for

    inp = tmp_path / "input"
    inp.mkdir()
    with tmpfs(tmp_path / "disk", "1m") as disk:
        out = disk / "out"
        out.mkdir()
        watcher = WatchProcess(inp, out, "--formats", "json,xml", workers=1)
        try:
            watcher.wait_ready()
            fill(disk)
            (inp / "a.txt").write_bytes(release_text(5))
            wait_for(lambda: [r for r in watcher.file_results() if r.get("result") == "retry"], 60,
                     "a retry on the full disk", context=watcher.text)
            (retry,) = [r for r in watcher.file_results() if r.get("result") == "retry"][:1]
            assert retry["stage"] in ("write", "output") and "the disk is full" in retry["reason"], retry
            assert retry["note"].startswith("will retry in"), retry
            assert (inp / "a.txt").exists() and not (inp / "failed").exists()
            assert "bug in Pressroom" not in watcher.text() and "traceback" not in watcher.text()
            os.unlink(disk / "filler")
            wait_for(lambda: len(release_folders(out)) == 1, 90, "the conversion once space is back",
                     context=watcher.text)
            wait_for(lambda: not (inp / "a.txt").exists(), 30, "the source moved to processed/")
            assert not (inp / "failed").exists()
        finally:
            assert watcher.stop() == 0
