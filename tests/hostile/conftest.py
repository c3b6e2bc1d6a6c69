"""The hostile-input harness: every attack runs the real `pressroom` command in a subprocess.

Each attack builds its input in a fresh temporary folder, runs one command there and is held
to the promises of README.md and docs/: bad input gets one clear line (`FILE: [stage] reason`)
and an exit code, never a traceback or a "bug" label; nothing is fetched (a canary HTTP server
on 127.0.0.1 records every connection, and every hostile URL points at it); nothing is written
outside the attack's folder; every run ends within a generous time bound.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
NEWSML_XSD = SHARED / "schemas" / "newsml-g2" / "NewsML-G2_2.35-spec-All-Power.xsd"

REFUSED, HANDLED, EITHER = "refused", "handled", "either"
"""The two safe outcomes: refused with a clear line on stderr and a non-zero exit code, or
handled (exit code 0, maybe with warnings) — plus whatever the attack's own check asserts.
EITHER accepts both, the check then applies only when it was handled."""


class _Canary(ThreadingHTTPServer):
    """Records every connection (HTTP or not) made to it: a hostile URL that is followed shows here."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: list[str] = []

    def verify_request(self, request: socket.socket, client_address: tuple) -> bool:  # type: ignore[override]
        self.hits.append(f"connection from {client_address}")
        return True


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.hits.append(f"GET {self.path}")  # type: ignore[attr-defined]
        body = b'<!ENTITY x "fetched">' if self.path.endswith(".dtd") else b"canary"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_HEAD = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def canary() -> Iterator[_Canary]:
    server = _Canary()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@dataclass
class Result:
    argv: list[str]
    code: int
    stdout: str
    stderr: str
    seconds: float

    def show(self) -> str:
        return (f"$ pressroom {' '.join(self.argv)}\nexit {self.code} after {self.seconds:.1f} s\n"
                f"--- stdout\n{self.stdout[-3000:]}\n--- stderr\n{self.stderr[-3000:]}")


@dataclass
class Attack:
    """One attack: `build(tmp, url)` makes the input under tmp and returns the command's arguments.

    `url` is the canary's base URL (http://127.0.0.1:PORT/): hostile references point there.
    `check(tmp, result)` asserts what the safe outcome means for this attack beyond the common rules.
    """

    id: str
    description: str
    build: Callable[[Path, str], list[str]]
    expect: str = HANDLED
    check: Callable[[Path, Result], None] | None = None
    timeout: float = 60.0
    env: dict[str, str] = field(default_factory=dict)
    max_error_lines: int = 1
    lines_on: str = "stderr"  # where a refusal's lines go: stderr, or "both" (validate reports on stdout)
    xfail: str | None = None
    slow: bool = False

    def param(self) -> object:
        marks = []
        if self.xfail:
            marks.append(pytest.mark.xfail(strict=True, reason=self.xfail))
        if self.slow:
            marks.append(pytest.mark.slow)
        return pytest.param(self, id=self.id, marks=marks)


def params(attacks: list[Attack]) -> list[object]:
    ids = [a.id for a in attacks]
    assert len(ids) == len(set(ids)), "attack ids must be unique"
    return [a.param() for a in attacks]


CLOSED_STDOUT_ENV = "HOSTILE_CLOSED_STDOUT"
"""An attack's env may set this: the command's stdout is a pipe whose reader has gone (`| head -0`)."""
RLIMIT_ENV = "HOSTILE_RLIMIT_AS"
"""An attack's env may set this (bytes): the command then runs under that address-space limit."""


def run_cli(argv: list[str], cwd: Path, *, env: dict[str, str] | None = None, timeout: float = 60.0,
            stdin: bytes | None = None) -> Result:
    """`python -m pipeline ARGV` with this checkout first on the path, in cwd, bounded in time."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSROOM_")}
    full_env.update({"PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "", "LC_ALL": "C.UTF-8",
                     "NO_PROXY": "", "http_proxy": "", "https_proxy": ""})
    full_env.update(env or {})
    limit = full_env.pop(RLIMIT_ENV, None)
    if full_env.pop(CLOSED_STDOUT_ENV, None):
        return _run_closed_stdout(argv, cwd, full_env, timeout)

    def bounded() -> None:  # an attack on memory: the child's address space is capped, not the machine's
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (int(limit), int(limit)))

    start = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-m", "pipeline", *argv], cwd=cwd, env=full_env,
                              input=stdin if stdin is not None else b"", capture_output=True, timeout=timeout,
                              preexec_fn=bounded if limit else None)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"pressroom {' '.join(argv)} did not finish within {timeout} s "
                    f"(stderr so far: {(exc.stderr or b'')[-500:]!r})")
    return Result(argv, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                  proc.stderr.decode("utf-8", "replace"), time.monotonic() - start)


def _run_closed_stdout(argv: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Result:
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads: the first write gets EPIPE (SIGPIPE is ignored by Python)
    start = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-m", "pipeline", *argv], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                              stdout=write_end, stderr=subprocess.PIPE, timeout=timeout)
    finally:
        os.close(write_end)
    return Result(argv, proc.returncode, "", proc.stderr.decode("utf-8", "replace"), time.monotonic() - start)


def _tree(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def run_attack(attack: Attack, tmp: Path, canary: _Canary) -> Result:
    """Build, run and hold an attack to the common rules; then its own check."""
    url = f"http://127.0.0.1:{canary.server_address[1]}/"
    work = tmp / "work"
    outside = tmp / "outside"  # attacks aim here: nothing may ever appear in it
    work.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET-CONTENT-7f3a\n", encoding="utf-8")
    argv = attack.build(work, url)
    before_outside = {p: p.stat().st_mtime_ns for p in _tree(outside)}
    before_hits = len(canary.hits)
    env = {k: v.replace("{work}", str(work)).replace("{url}", url) for k, v in attack.env.items()}
    result = run_cli(argv, work, env=env, timeout=attack.timeout)
    info = f"{attack.id}: {attack.description}\n{result.show()}"
    assert "Traceback" not in result.stderr, f"traceback on stderr\n{info}"
    assert "[internal]" not in result.stderr, f"reported as a bug in Pressroom\n{info}"
    assert len(canary.hits) == before_hits, f"fetched {canary.hits[before_hits:]}\n{info}"
    after_outside = {p: p.stat().st_mtime_ns for p in _tree(outside) if not p.is_symlink()}
    assert after_outside == {p: t for p, t in before_outside.items() if not p.is_symlink()}, \
        f"something changed outside the attack's folder\n{info}"
    assert "SECRET-CONTENT-7f3a" not in result.stdout + result.stderr, f"a file outside leaked\n{info}"
    refused = attack.expect == REFUSED or (attack.expect == EITHER and result.code != 0)
    if refused:
        assert result.code != 0, f"expected a refusal (non-zero exit)\n{info}"
        said = result.stderr if attack.lines_on == "stderr" else result.stdout + result.stderr
        lines = [line for line in said.splitlines() if line.strip()]
        assert lines, f"refused without saying why\n{info}"
        assert len(lines) <= attack.max_error_lines, f"more than {attack.max_error_lines} error line(s)\n{info}"
    else:
        assert result.code == 0, f"expected it to be handled (exit 0)\n{info}"
    if attack.check and not (refused and attack.expect == EITHER):
        try:
            attack.check(work, result)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{info}") from None
    return result


# ----------------------------------------------------------------- shared builders and checks

BASE_RELEASE = """PRESS RELEASE

Acme opens a new plant in Gävle

Gävle, 3 March 2026 — Acme AB today opened its largest plant so far, with 300 new jobs in the region.

"We are proud of the people who built it," says Ada Lind, CEO of Acme AB.

The plant will make heat pumps for the Nordic market.

About Acme AB
Acme AB makes heat pumps. Founded in 1950, it employs 2,000 people.

Contact:
Ada Lind, press officer
+46 70 123 45 67
press@acme.example

###
"""


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def release_folders(out: Path) -> list[Path]:
    """The release folders in out/ (any folder holding a release.* file)."""
    if not out.exists():
        return []
    return sorted(p for p in out.iterdir() if p.is_dir() and any(p.glob("release.*")))


def one_release(work: Path, result: Result, out: str = "out") -> Path:
    folders = release_folders(work / out)
    assert len(folders) == 1, f"expected one release folder in {out}/, got {folders}"
    return folders[0]


def all_inside(root: Path) -> None:
    """Every file under root resolves inside root (no symlink or name led elsewhere)."""
    real = root.resolve()
    for p in root.rglob("*"):
        assert p.resolve().is_relative_to(real) or p.is_symlink(), f"{p} resolves outside {root}"


def convert_args(src: str, *extra: str, formats: str = "html,json") -> list[str]:
    return ["convert", src, "-o", "out", "--formats", formats, *extra]


_BASELINE: dict[str, dict[str, bytes]] = {}


def baseline(formats: str = "html,xml,json") -> dict[str, bytes]:
    """The files of BASE_RELEASE converted once per session (name → bytes), to edit into hostile copies."""
    if formats not in _BASELINE:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            write(work / "r.txt", BASE_RELEASE)
            result = run_cli(convert_args("r.txt", formats=formats), work, timeout=120)
            assert result.code == 0, result.show()
            folder = one_release(work, result)
            _BASELINE[formats] = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    return _BASELINE[formats]


SLUG = "2026-03-03-acme-opens-a-new-plant-in-gavle"


def release_folder(work: Path, formats: str = "html,xml,json", edit: dict[str, bytes | str] | None = None) -> Path:
    """out/<slug>/ with the baseline files, some replaced by `edit` (name → content)."""
    folder = work / "out" / SLUG
    for name, data in {**baseline(formats), **(edit or {})}.items():
        write(folder / name, data)
    return folder
