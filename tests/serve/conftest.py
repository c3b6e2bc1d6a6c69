"""Fixtures for the web interface: a real `pressroom serve` on 127.0.0.1, a real SMTP server, Chromium.

The server is the command itself (`python -m pipeline serve`) in a subprocess, so the tests
drive exactly what a person starts. Mail goes to an aiosmtpd server started here; the
browser is Debian's Chromium driven by Playwright (never a downloaded browser).
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000-sv-hallbara-stader.txt"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SUBSCRIBERS = ["anna@news.example", "Bo Berg <bo@tidning.example>"]
TOKEN = "correct-horse-battery-staple-42"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Mailbox:
    """aiosmtpd handler: every message the server accepted."""

    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 queued"

    def wait(self, count: int, timeout: float = 30.0) -> list[tuple[str, list[str], bytes]]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.messages


@pytest.fixture(scope="module")
def smtp() -> Iterator[tuple[Mailbox, int]]:
    from aiosmtpd.controller import Controller

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield box, controller.port
    finally:
        controller.stop()


@dataclass
class Server:
    url: str
    port: int
    root: Path
    output: Path
    workdir: Path
    process: subprocess.Popen

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request(method, path, body=body, headers={"Host": f"127.0.0.1:{self.port}", **(headers or {})})
        response = conn.getresponse()
        response.body = response.read()  # type: ignore[attr-defined]
        conn.close()
        return response


def write_config(root: Path, smtp_port: int, extra: str = "") -> Path:
    (root / "lists").mkdir(exist_ok=True)
    (root / "lists" / "press.txt").write_text("\n".join(SUBSCRIBERS) + "\n", encoding="utf-8")
    config = root / "pressroom.toml"
    config.write_text(f"""
[distribute]
log = "state/deliveries.sqlite3"
max_attempts = 1
timeout_seconds = 10

[site]
title = "Test press room"

[channels.press-list]
type = "email"
host = "127.0.0.1"
port = {smtp_port}
security = "none"
from = "Press Office <press@pressroom.example>"
list = "lists/press.txt"
{extra}
""", encoding="utf-8")
    return config


def start_server(root: Path, *args: str, env: dict[str, str] | None = None) -> Server:
    """`pressroom serve` on a free loopback port, once it answers; stopped by `stop_server`."""
    port = free_port()
    output, workdir = root / "output", root / "work"
    cmd = [sys.executable, "-m", "pipeline", "serve", "--host", "127.0.0.1", "--port", str(port),
           "-o", str(output), "--workdir", str(workdir), "--input", str(root / "input"), *args]
    environment = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
                   **(env or {})}
    environment.pop("PRESSROOM_CONFIG", None)
    process = subprocess.Popen(cmd, cwd=root, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"pressroom serve exited: {process.stdout.read().decode()}")  # type: ignore[union-attr]
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        raise AssertionError("pressroom serve did not start within 60 s")
    return Server(f"http://127.0.0.1:{port}", port, root, output, workdir, process)


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, smtp: tuple[Mailbox, int]) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("serve")
    config = write_config(root, smtp[1])
    srv = start_server(root, "--config", str(config), "--max-upload", "2")
    try:
        yield srv
    finally:
        stop_server(srv)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (scripts/setup.sh --test installs Debian's chromium)")
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context per test; any page error (a script that ran and failed) is collected."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    try:
        yield pg
    finally:
        context.close()


def screenshot(page: Any, name: str, full_page: bool = False) -> None:
    """Into $PRESSROOM_SCREENSHOTS (docs/images when refreshing the docs); otherwise nowhere."""
    folder = os.environ.get("PRESSROOM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"serve-{name}.png"), full_page=full_page)
