"""Special files named on the command line are refused by their type, before a byte is read.

`pressroom parse /dev/zero` used to allocate until MemoryError and `convert some.fifo` hung
for ever: a release is a regular file, and anything else gets one line saying what it is.
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
from pathlib import Path

import pytest

PYTHON = sys.executable


def _limit_memory() -> None:  # should the refusal regress, /dev/zero must not eat the machine
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", "pipeline", *args], capture_output=True, text=True, timeout=60,
                          preexec_fn=_limit_memory)


@pytest.fixture()
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "release.txt"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", ["parse", "convert", "render", "extract"])
def test_a_fifo_is_refused_without_blocking(tmp_path: Path, fifo: Path, command: str):
    args = [command, str(fifo)] + (["-o", str(tmp_path / "out")] if command in ("convert", "render") else [])
    try:
        res = run(*args)
    except subprocess.TimeoutExpired:
        pytest.fail(f"pressroom {command} blocked on a FIFO")
    assert res.returncode == 1, res.stderr
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, res.stderr
    assert f"{fifo}: [read] this is a named pipe (FIFO), not a release file" in lines[0]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused_by_its_type(device: str):
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    res = run("parse", device)
    assert res.returncode == 1
    assert f"{device}: [read] this is a character device, not a release file" in res.stderr
    assert "MemoryError" not in res.stderr and "Traceback" not in res.stderr


def test_a_socket_and_a_folder_are_refused(tmp_path: Path):
    sock_path = tmp_path / "release.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        res = run("parse", str(sock_path))
    assert res.returncode == 1 and "[read] this is a socket, not a release file" in res.stderr
    res = run("parse", str(tmp_path))
    assert res.returncode == 1 and "[read] this is a folder, not a release file" in res.stderr


def test_a_regular_file_is_still_read(tmp_path: Path):
    from pipeline.convert import read_source

    path = tmp_path / "a.txt"
    path.write_bytes(b"Headline\n\nBody text here.\n")
    assert read_source(path) == b"Headline\n\nBody text here.\n"
