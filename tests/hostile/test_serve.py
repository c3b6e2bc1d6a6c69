"""`pressroom serve` (the web press office) against hostile release folders and hostile requests.

One real server for the module (the command itself, on 127.0.0.1), started over an output
folder salted with hostile releases; every attack is one HTTP request and what the safe
answer is. Afterwards: the server never printed a traceback, fetched nothing and wrote
nothing outside its folders.
"""

from __future__ import annotations

import http.client
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from serve.conftest import Server, start_server, stop_server  # tests/ is on sys.path (rootdir packages)

from .conftest import SLUG, baseline, write

pytestmark = pytest.mark.slow

SECRET = "SECRET-CONTENT-7f3a"


def _deep(n: int) -> str:
    return "[" * n + "]" * n


@dataclass
class Salted:
    server: Server
    outside: Path
    before: dict[Path, int]


@pytest.fixture(scope="module")
def salted(tmp_path_factory: pytest.TempPathFactory, canary) -> Iterator[Salted]:
    root = tmp_path_factory.mktemp("serve-hostile")
    outside = root.parent / (root.name + "-outside")
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    data = json.loads(baseline()["release.json"])
    out = root / "output"
    for name, content in baseline().items():
        write(out / SLUG / name, content)
    write(out / "2026-01-01-types" / "release.json", json.dumps({**data, "review": {"confidence": 7}}))
    write(out / "2026-01-02-deep" / "release.json", _deep(100000))
    xss = {**data, "headline": '<script>alert(1)</script>Acme', "organization": '"><img src=x onerror=alert(1)>',
           "subheadline": "javascript:alert(1)"}
    write(out / "2026-01-03-xss" / "release.json", json.dumps(xss))
    write(out / "2026-01-03-xss" / "release.html", baseline()["release.html"])
    write(outside / "release.json", json.dumps({**data, "headline": SECRET}))
    os.symlink(outside, out / "2026-01-04-link")
    write(out / "2026-01-05-filelink" / "release.json", json.dumps(data))
    os.symlink(outside / "secret.txt", out / "2026-01-05-filelink" / "release.pdf")
    os.symlink(outside / "secret.txt", out / "index.html")
    (root / "input").mkdir()
    srv = start_server(root, "--max-upload", "1")
    before = {p: p.stat().st_mtime_ns for p in outside.rglob("*")}
    hits = len(canary.hits)
    try:
        yield Salted(srv, outside, before)
    finally:
        stop_server(srv)
        log = srv.process.stdout.read().decode("utf-8", "replace")  # type: ignore[union-attr]
        assert "Traceback" not in log, log[-3000:]
        assert {p: p.stat().st_mtime_ns for p in outside.rglob("*")} == before, "changed outside"
        assert len(canary.hits) == hits, canary.hits[hits:]


def _get(srv: Server, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    return srv.request("GET", path, headers=headers)


def _csrf(srv: Server) -> str:
    response = _get(srv, "/new")
    cookie = response.getheader("set-cookie") or ""
    match = re.search(r"pressroom_csrf=([^;]+)", cookie)
    assert match, cookie
    return match.group(1)


def _multipart(fields: dict[str, str], filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = "----hostile7f3a"
    parts = b""
    for key, value in fields.items():
        parts += (f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n').encode()
    parts += (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
              "Content-Type: text/plain\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return parts, f"multipart/form-data; boundary={boundary}"


def _post_new(srv: Server, filename: str, content: bytes, *, origin: str | None = None, csrf: bool = True):
    token = _csrf(srv)
    body, ctype = _multipart({"csrf": token} if csrf else {}, filename, content)
    headers = {"Content-Type": ctype, "Cookie": f"pressroom_csrf={token}"}
    if origin:
        headers["Origin"] = origin
    return srv.request("POST", "/new", body=body, headers=headers)


def _no_injected_markup(response: http.client.HTTPResponse) -> None:
    """Parsed, the page has no element or handler the release's text put there (escaped text is fine)."""
    import lxml.html

    root = lxml.html.document_fromstring(response.body)  # type: ignore[attr-defined]
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        handlers = [a for a in el.attrib if a.lower().startswith("on")]
        assert not handlers, (el.tag, handlers)
        if el.tag == "script":
            assert (el.get("src") or "").startswith("/static/") or el.get("type") == "application/ld+json", \
                lxml.html.tostring(el)[:200]
        assert el.tag != "img" or (el.get("src") or "").startswith(("/", "data:")), lxml.html.tostring(el)[:200]


def _said_clearly(response: http.client.HTTPResponse) -> None:
    """Handled, or the server's own error page naming what it could not read (never a bare 500)."""
    body = response.body.decode("utf-8", "replace")  # type: ignore[attr-defined]
    assert response.status < 500 or "release.json" in body, (response.status, body[:300])


def _not_500(response: http.client.HTTPResponse) -> None:
    assert response.status < 500, (response.status, response.body[:300])  # type: ignore[attr-defined]


def _absent(response: http.client.HTTPResponse, *needles: str) -> None:
    body = response.body.decode("utf-8", "replace")  # type: ignore[attr-defined]
    for needle in needles:
        assert needle not in body, needle


def _status(*codes: int):
    def check(response: http.client.HTTPResponse) -> None:
        assert response.status in codes, (response.status, response.body[:200])  # type: ignore[attr-defined]
        _absent(response, SECRET)
    return check



ATTACKS: list[tuple[str, str, Callable[[Salted], http.client.HTTPResponse], Callable, str | None]] = [
    ("serve-overview-hostile-folders", "the overview over odd-typed, deep, XSS and symlinked release folders",
     lambda s: _get(s.server, "/"), lambda r: (_status(200)(r), _no_injected_markup(r)), None),
    ("serve-release-odd-types", "a release whose review.confidence is a number",
     lambda s: _get(s.server, "/releases/2026-01-01-types"), _said_clearly, None),
    ("serve-release-deep-json", "a release.json nested 100,000 deep",
     lambda s: _get(s.server, "/releases/2026-01-02-deep"), _said_clearly, None),
    ("serve-release-xss", "a release whose headline and organization carry markup",
     lambda s: _get(s.server, "/releases/2026-01-03-xss"),
     lambda r: (_not_500(r), _no_injected_markup(r)), None),
    ("serve-release-symlinked-folder", "a release folder that is a symlink to a folder outside",
     lambda s: _get(s.server, "/releases/2026-01-04-link"), _status(404), None),
    ("serve-file-symlink", "release.pdf that is a symlink to a file outside",
     lambda s: _get(s.server, "/releases/2026-01-05-filelink/files/release.pdf"), _status(404), None),
    ("serve-site-index-symlink", "output/index.html that is a symlink to a file outside",
     lambda s: _get(s.server, "/site/index.html"), _status(404), None),
    ("serve-site-traversal", "/site/../../outside/secret.txt, encoded",
     lambda s: _get(s.server, "/site/..%2f..%2f" + s.outside.name + "%2fsecret.txt"), _status(404), None),
    ("serve-site-traversal-raw", "/site/ with raw ../ segments",
     lambda s: _get(s.server, "/site/../../" + s.outside.name + "/secret.txt"), _status(404), None),
    ("serve-release-traversal", "/releases/..%2F..%2Foutside/files/release.json",
     lambda s: _get(s.server, "/releases/..%2F..%2F" + s.outside.name + "/files/release.json"), _status(404), None),
    ("serve-preview-traversal", "/previews/..%2f..%2fsecret.png", lambda s: _get(s.server, "/previews/..%2f..%2fx.png"),
     _status(404), None),
    ("serve-host-rebinding", "Host: evil.example (DNS rebinding)",
     lambda s: _get(s.server, "/", {"Host": "evil.example"}), _status(403, 400, 421), None),
    ("serve-post-no-csrf", "POST /new without the CSRF token",
     lambda s: _post_new(s.server, "r.txt", b"Hello", csrf=False), _status(403), None),
    ("serve-post-other-origin", "POST /new from Origin http://evil.example",
     lambda s: _post_new(s.server, "r.txt", b"Hello", origin="http://evil.example"), _status(403), None),
    ("serve-post-null-origin", "POST /new from Origin null (a sandboxed page)",
     lambda s: _post_new(s.server, "r.txt", b"Hello", origin="null"), _status(403), None),
    ("serve-upload-traversal-name", "an upload named ../../outside/pwn.txt",
     lambda s: _post_new(s.server, "../../" + s.outside.name + "/pwn.txt", baseline()["release.json"][:0]
                         + b"Acme opens a plant\n\nGavle, 3 March 2026 - Acme AB opened a plant.\n"),
     _status(303, 400), None),
    ("serve-upload-too-large", "a Content-Length of 100 MB", lambda s: s.server.request(
        "POST", "/new", body=b"x", headers={"Content-Length": str(100 << 20), "Content-Type": "text/plain"}),
     _status(413, 400), None),
    ("serve-url-64k", "a 64 KB request path", lambda s: _get(s.server, "/releases/" + "a" * 65536), _not_500, None),
]


@pytest.mark.parametrize("attack", [pytest.param(a, id=a[0], marks=[pytest.mark.xfail(strict=True, reason=a[4])]
                                                 if a[4] else []) for a in ATTACKS])
def test_serve_attack(attack, salted: Salted) -> None:
    _id, _description, request, check, _xfail = attack
    response = request(salted)
    check(response)
