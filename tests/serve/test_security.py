"""The web interface's guards against a real `pressroom serve` on 127.0.0.1 (no browser needed).

CSRF on every POST, the Host check without a token, the token/login when one is set (and
never in the URL), refusing a non-loopback bind without a token, the upload limit, the
security headers, and no path out of output/ and the server's own folder.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from .conftest import ROOT, SEED, TOKEN, Server, start_server, stop_server

pytestmark = pytest.mark.slow


def _cookie_and_token(server: Server, path: str = "/new") -> tuple[str, str]:
    response = server.request("GET", path)
    cookie = response.getheader("set-cookie").split(";", 1)[0]
    token = re.search(rb'name="csrf" value="([^"]+)"', response.body).group(1).decode()  # type: ignore[attr-defined]
    return cookie, token


def _post(server: Server, path: str, fields: dict[str, str], cookie: str | None,
          headers: dict[str, str] | None = None) -> object:
    head = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
    if cookie:
        head["Cookie"] = cookie
    return server.request("POST", path, urlencode(fields).encode(), head)


def test_csrf_every_post_without_the_token_is_refused(server: Server) -> None:
    cookie, token = _cookie_and_token(server)
    text = SEED.read_text(encoding="utf-8")
    before = set((server.workdir / "drafts").iterdir())
    assert _post(server, "/new", {"text": text}, cookie).status == 403  # no token in the form
    assert _post(server, "/new", {"text": text, "csrf": "x" * 43}, cookie).status == 403  # a wrong one
    assert _post(server, "/new", {"text": text, "csrf": token}, None).status == 403  # no cookie
    foreign = {"Origin": "http://evil.example"}
    assert _post(server, "/new", {"text": text, "csrf": token}, cookie, foreign).status == 403
    assert _post(server, "/new", {"text": text, "csrf": token}, cookie, {"Origin": "null"}).status == 403
    assert set((server.workdir / "drafts").iterdir()) == before  # nothing was stored
    ok = _post(server, "/new", {"text": text, "csrf": token}, cookie, {"Origin": server.url})
    assert ok.status == 303 and ok.getheader("location").startswith("/drafts/")
    assert len(set((server.workdir / "drafts").iterdir()) - before) == 1
    draft = ok.getheader("location").split("?")[0]
    for path in (draft, draft + "/publish", draft + "/discard", "/logout", "/login"):
        assert _post(server, path, {"headline": "Changed"}, cookie).status == 403, path


def test_every_post_route_checks_csrf() -> None:
    from pipeline.serve.app import create_app
    from pipeline.serve.settings import ServeSettings

    tmp = ROOT / ".pytest-serve-routes"
    try:
        app = create_app(ServeSettings(output_dir=tmp / "out", workdir=tmp / "work", input_dir=tmp / "in",
                                       state_dir=tmp / "state"))
        posts = [r for r in app.routes if "POST" in (getattr(r, "methods", None) or ())]
        assert len(posts) >= 9
        assert all(getattr(r.endpoint, "csrf_checked", False) for r in posts), [r.path for r in posts]
    finally:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


def test_other_host_names_are_refused_without_a_token(server: Server) -> None:
    for host in ("evil.example", "192.168.1.20", f"attacker.example:{server.port}"):
        response = server.request("GET", "/", headers={"Host": host})
        assert response.status == 403, host
        assert b"token" in response.body  # type: ignore[attr-defined]
    assert server.request("GET", "/", headers={"Host": f"localhost:{server.port}"}).status == 200


def test_security_headers(server: Server) -> None:
    response = server.request("GET", "/")
    csp = response.getheader("content-security-policy")
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.getheader("x-content-type-options") == "nosniff"
    assert "HttpOnly" in response.getheader("set-cookie") and "SameSite=strict" in response.getheader("set-cookie")
    assert not re.search(rb"<script(?![^>]*\bsrc=)", response.body)  # type: ignore[attr-defined]
    assert not re.search(rb"\son[a-z]+=", response.body)  # type: ignore[attr-defined]
    assert not re.search(rb'\sstyle="', response.body)  # type: ignore[attr-defined]


def test_upload_limit(server: Server) -> None:
    cookie, token = _cookie_and_token(server)
    big = "x" * (3 * 1024 * 1024)  # the fixture's server allows 2 MB
    response = _post(server, "/new", {"text": big, "csrf": token}, cookie)
    assert response.status == 413


@pytest.mark.parametrize("path", [
    "/releases/..%2F..%2Fpressroom.toml/files/release.json",
    "/releases/../pressroom.toml",
    "/releases/lists/files/press.txt",
    "/releases/thumbnails",
    "/drafts/..%2Fwork/files/release.pdf",
    "/drafts/0123/files/release.pdf",
    "/previews/..%2F..%2Fpressroom.toml",
    "/site/../pressroom.toml",
    "/site/..%2Fpressroom.toml",
    "/site/lists/press.txt",
    "/site/state/deliveries.sqlite3",
    "/static/../settings.py",
    "/static/..%2Fsettings.py",
])
def test_nothing_outside_output_and_the_work_folder(server: Server, path: str) -> None:
    response = server.request("GET", path)
    assert response.status == 404, path
    assert b"press@pressroom.example" not in response.body and b"token" not in response.body.lower()  # type: ignore[attr-defined]


def test_a_draft_source_is_never_served(server: Server) -> None:
    cookie, token = _cookie_and_token(server)
    draft = _post(server, "/new", {"text": SEED.read_text(encoding="utf-8"), "csrf": token}, cookie)
    base = draft.getheader("location").split("?")[0]
    assert server.request("GET", base + "/files/release.pdf").status == 200
    html = server.request("GET", base + "/files/release.html")
    assert html.status == 200 and "sandbox" in html.getheader("content-security-policy")
    for name in ("source", "meta.json", "..%2Fsource"):
        assert server.request("GET", f"{base}/files/{name}").status == 404


def test_binding_beyond_loopback_needs_a_token(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "pipeline", "serve", "--host", "0.0.0.0", "--port", "9", "-o", str(tmp_path / "o"),
           "--workdir", str(tmp_path / "w")]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "refusing to listen on 0.0.0.0 without an access token" in done.stderr
    (tmp_path / "pressroom.toml").write_text('[serve]\ntoken = "written-in-clear-text"\n', encoding="utf-8")
    loopback = [a if a != "0.0.0.0" else "127.0.0.1" for a in cmd]
    done = subprocess.run(loopback, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "serve.token holds a secret in plain text" in done.stderr


@pytest.fixture
def token_server(tmp_path: Path) -> Iterator[Server]:
    srv = start_server(tmp_path, env={"PRESSROOM_SERVE_TOKEN": TOKEN})
    try:
        yield srv
    finally:
        stop_server(srv)


def test_with_a_token_every_page_needs_the_login(token_server: Server) -> None:
    srv = token_server
    first = srv.request("GET", "/")
    assert first.status == 303 and first.getheader("location") == "/login"
    assert srv.request("GET", "/", headers={"Host": "press.example.org"}).status == 303  # any host, but log in
    assert srv.request("GET", "/static/app.css").status == 200
    assert srv.request("GET", "/?token=" + TOKEN).status == 303  # never accepted in the URL
    cookie, csrf = _cookie_and_token(srv, "/login")
    wrong = _post(srv, "/login", {"token": "guess-guess-guess", "csrf": csrf}, cookie)
    assert wrong.status == 403
    assert _post(srv, "/login", {"token": TOKEN}, cookie).status == 403  # the login form has CSRF too
    ok = _post(srv, "/login", {"token": TOKEN, "csrf": csrf}, cookie)
    assert ok.status == 303 and TOKEN not in (ok.getheader("location") or "")
    session = ok.getheader("set-cookie").split(";", 1)[0]
    assert TOKEN not in session and "HttpOnly" in ok.getheader("set-cookie")
    assert srv.request("GET", "/", headers={"Cookie": f"{cookie}; {session}"}).status == 200
    assert srv.request("GET", "/", headers={"Authorization": f"Bearer {TOKEN}"}).status == 200
    assert srv.request("GET", "/", headers={"Authorization": "Bearer nope-nope-nope"}).status == 303
    assert _post(srv, "/new", {"text": "x"}, None).status == 401


def test_a_bad_upload_gets_one_clear_line_and_nothing_is_kept(server: Server) -> None:
    cookie, token = _cookie_and_token(server)
    boundary = "----pressroomtest"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.docx\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + bytes(range(256)) * 64 + (
            f"\r\n--{boundary}--\r\n").encode()
    before = set((server.workdir / "drafts").iterdir())
    response = server.request("POST", "/new", body, {"Cookie": cookie,
                                                     "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert response.status == 400
    page = response.body.decode()  # type: ignore[attr-defined]
    assert re.search(r'role="alert">photo\.docx: \[[a-z]+\] ', page)
    assert set((server.workdir / "drafts").iterdir()) == before
