"""A per-file time budget: a file that takes longer fails with that reason, its worker is
replaced, and the batch (or the watcher) goes on. The slow input is real: a large but valid
release (the seed's body repeated) under a budget far below its parse time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import SEED
from tests.test_watch import ROOT, release_folders, release_text

PYTHON = sys.executable


def big_release() -> bytes:
    text = SEED.read_text(encoding="utf-8")
    body = text.partition("\n\n")[2]
    return (text + ("\n\n" + body) * 2000).encode("utf-8")  # ~4 MB: about 20 s to parse


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PYTHON, "-m", "pipeline", *args], capture_output=True, text=True, timeout=300, cwd=ROOT)


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    big, good1, good2 = tmp_path / "big.txt", tmp_path / "good1.txt", tmp_path / "good2.txt"
    big.write_bytes(big_release())
    good1.write_bytes(release_text(1))
    good2.write_bytes(release_text(2))
    return big, good1, good2


def test_convert_workers_fail_the_slow_file_and_convert_the_rest(tmp_path: Path):
    big, good1, good2 = _files(tmp_path)
    out = tmp_path / "out"
    res = run("convert", "--workers", "2", "--time-budget", "5", "--formats", "json", "-o", str(out),
              str(big), str(good1), str(good2))
    assert res.returncode == 1
    errors = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, res.stderr
    assert errors[0].startswith(f"pressroom: {big}: [parse] took longer than 5 s"), errors[0]
    assert "--time-budget" in errors[0]
    assert len(release_folders(out)) == 2, res.stdout + res.stderr
    assert "2 converted, 1 failed" in res.stdout


def test_sequential_convert_fails_the_slow_file_and_goes_on(tmp_path: Path):
    big, good1, _ = _files(tmp_path)
    out = tmp_path / "out"
    res = run("convert", "--time-budget", "5", "--formats", "json", "-o", str(out), str(big), str(good1))
    assert res.returncode == 1
    assert f"{big}: [parse] took longer than 5 s" in res.stderr
    assert len(release_folders(out)) == 1


def test_the_watcher_fails_the_slow_file_replaces_the_worker_and_goes_on(tmp_path: Path):
    inp, out = tmp_path / "input", tmp_path / "output"
    inp.mkdir()
    _files(inp)
    res = subprocess.run([PYTHON, "-m", "pipeline", "watch", str(inp), "-o", str(out), "--once", "--workers", "1",
                          "--formats", "json", "--time-budget", "5"], capture_output=True, text=True,
                         timeout=300, cwd=ROOT)
    assert res.returncode == 1, res.stderr
    failed = inp / "failed" / "big.txt"
    assert failed.exists(), res.stderr
    explanation = (inp / "failed" / "big.txt.error.txt").read_text(encoding="utf-8")
    assert "(stage: parse)" in explanation and "took longer than 5 s" in explanation
    assert len(release_folders(out)) == 2, res.stderr
    assert sorted(p.name for p in (inp / "processed").rglob("*.txt")) == ["good1.txt", "good2.txt"]
    assert "worker pool broken; starting a new one" in res.stderr
    assert res.stderr.count("worker-ready") >= 2, "the stopped worker was replaced"
