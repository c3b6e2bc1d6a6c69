"""A half-written file: the rest of it replaces its own release (the next version), never a `-2` folder;
an empty file just created is not failed at once."""

from __future__ import annotations

import hashlib
import json
import re
import time
from pathlib import Path

from pipeline.journal import Journal
from tests.test_watch import WatchProcess, release_folders, release_text, run_once, wait_for


def _version(folder: Path) -> int:
    return int(re.search(rb'<newsItem\b[^>]*\bversion="(\d+)"', (folder / "release.xml").read_bytes()).group(1))


def test_the_rest_of_a_file_published_half_written_replaces_its_own_release(tmp_path: Path) -> None:
    inp, out = tmp_path / "input", tmp_path / "output"
    inp.mkdir()
    full = release_text(7)
    cut = full.index(b"Pressmeddelande")  # the first part: organization and headline, no date yet
    first = full[:cut] + "Den första delen av texten kom fram innan skrivaren pausade.\n".encode()
    src = inp / "release.txt"
    src.write_bytes(first)
    res = run_once(inp, out, "--formats", "json,xml")
    assert res.returncode == 0, res.stderr
    (truncated,) = release_folders(out)
    assert _version(truncated) == 1
    # the writer comes back and writes the whole file again under its name (the first part moved away meanwhile)
    src.write_bytes(first + full[cut:])
    res = run_once(inp, out, "--formats", "json,xml")
    assert res.returncode == 0, res.stderr
    assert release_folders(out) == [truncated], "no second release for the rest of the same file"
    assert _version(truncated) == 2
    data = json.loads((truncated / "release.json").read_text(encoding="utf-8"))
    assert data["issued"] and data["issued"].startswith("2006-11-07")
    assert data["source"]["sha256"] == hashlib.sha256(first + full[cut:]).hexdigest()


def test_another_file_under_the_same_name_is_another_release(tmp_path: Path) -> None:
    inp, out = tmp_path / "input", tmp_path / "output"
    inp.mkdir()
    (inp / "release.txt").write_bytes(release_text(1))
    assert run_once(inp, out, "--formats", "json,xml").returncode == 0
    (inp / "release.txt").write_bytes(release_text(2))
    assert run_once(inp, out, "--formats", "json,xml").returncode == 0
    assert len(release_folders(out)) == 2


def test_an_empty_file_just_created_waits_for_its_writer(tmp_path: Path) -> None:
    inp, out = tmp_path / "input", tmp_path / "output"
    inp.mkdir()
    watcher = WatchProcess(inp, out, "--formats", "json", workers=1)
    try:
        watcher.wait_ready()
        src = inp / "slow.txt"
        src.write_bytes(b"")  # created, then the writer pauses for longer than the settle time
        time.sleep(2.0)
        assert not (inp / "failed").exists(), watcher.text()
        src.write_bytes(release_text(3))
        wait_for(lambda: len(release_folders(out)) == 1, 60, "the completed file to be converted",
                 context=watcher.text)
        assert not (inp / "failed").exists()
    finally:
        assert watcher.stop() == 0
    with Journal(inp / ".pressroom" / "journal.sqlite") as journal:
        assert journal.counts()["failed"] == 0
