"""The web interface's guards, all in one place: who may talk to it, and what a page may do.

* **Host**: without an access token the server answers only to a loopback name in `Host:`
  (127.0.0.1, localhost, ::1), so a web page elsewhere cannot reach it by DNS rebinding.
* **Access**: with a token every page but /login and /static needs the session cookie the
  login form sets (or `Authorization: Bearer TOKEN` for scripts); the token never travels
  in a URL, where logs and browser history would keep it.
* **CSRF**: a random token in a SameSite=Strict cookie, repeated in every form; a POST
  whose form does not carry it (or whose Origin is another site) is refused with 403.
  Every state-changing route is a POST built with `post_route`, which checks it first.
* **Headers**: a strict Content-Security-Policy (scripts and styles from /static only, no
  inline script, no framing), nosniff, no referrer to other sites, no caching of pages.
* **Size**: a body larger than the upload limit is refused from its Content-Length, and
  the form parser is bounded too, for bodies without one.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import FormData
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from .settings import LOOPBACK_NAMES, ServeSettings

CSRF_COOKIE = "pressroom_csrf"
CSRF_FIELD = "csrf"
SESSION_COOKIE = "pressroom_session"
PUBLIC_PATHS = ("/login", "/static/")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SITE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox"
"""For the press room's own files (/site/…): their inline CSS may apply, nothing may run."""
SAFE_METHODS = frozenset({"GET", "HEAD"})
_HOST_PORT = re.compile(r"^(\[[0-9a-fA-F:.]+\]|[^:]+)(?::\d+)?$")


def host_name(header: str) -> str:
    """The host of a `Host:` header, without the port and IPv6 brackets, lower-cased."""
    match = _HOST_PORT.match(header.strip())
    return match.group(1).strip("[]").lower() if match else ""


class Guard(BaseHTTPMiddleware):
    """Host check, size limit, access control, the CSRF cookie and the security headers."""

    def __init__(self, app: Any, settings: ServeSettings, sessions: set[str]):
        super().__init__(app)
        self.settings = settings
        self.sessions = sessions

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        refusal = self.refuse(request)
        if refusal is not None:
            return secured(refusal, request.url.path)
        cookie = request.cookies.get(CSRF_COOKIE, "")
        fresh = not _valid_token(cookie)
        request.state.csrf = secrets.token_urlsafe(32) if fresh else cookie
        response = await call_next(request)
        if fresh:
            response.set_cookie(CSRF_COOKIE, request.state.csrf, httponly=True, samesite="strict", path="/")
        return secured(response, request.url.path)

    def refuse(self, request: Request) -> Response | None:
        if self.settings.loopback_only and host_name(request.headers.get("host", "")) not in LOOPBACK_NAMES:
            return PlainTextResponse("refused: this server answers only on 127.0.0.1/localhost; an access "
                                     "token is required for any other host\n", status_code=403)
        if request.method not in SAFE_METHODS and request.method != "POST":
            return PlainTextResponse("method not allowed\n", status_code=405)
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.settings.max_upload + 64 * 1024):
            return PlainTextResponse(f"refused: the upload is larger than "
                                     f"{self.settings.max_upload // 1024 // 1024} MB\n", status_code=413)
        if self.settings.token and not self.allowed(request):
            if request.method in SAFE_METHODS:
                return RedirectResponse("/login", status_code=303)
            return PlainTextResponse("log in first\n", status_code=401)
        return None

    def allowed(self, request: Request) -> bool:
        path = request.url.path
        if path == "/login" or path.startswith("/static/"):
            return True
        session = request.cookies.get(SESSION_COOKIE, "")
        if session and any(hmac.compare_digest(session, s) for s in list(self.sessions)):
            return True
        auth = request.headers.get("authorization", "")
        return bool(auth.startswith("Bearer ") and self.settings.token
                    and hmac.compare_digest(auth[7:].encode(), self.settings.token.encode()))


def _valid_token(value: str) -> bool:
    return 32 <= len(value) <= 64 and all(ch.isalnum() or ch in "-_" for ch in value)


def secured(response: Response, path: str) -> Response:
    """The security headers every response carries (the press room's files get a sandbox instead)."""
    if "content-security-policy" not in response.headers:  # a release file's own (sandbox) policy stays
        response.headers["Content-Security-Policy"] = SITE_CSP if path.startswith("/site/") else CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"  # no-referrer would make browsers send "Origin: null"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if not path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    return response


class CsrfRefused(Exception):
    """A state-changing request without the form's CSRF token (or from another origin)."""


async def checked_form(request: Request, settings: ServeSettings) -> FormData:
    """The POSTed form, after the CSRF check; raises `CsrfRefused` (→ 403) when it fails.

    The Origin check is belt and braces: SameSite=Strict already keeps the cookie off
    cross-site requests, and the token in the form is what a forged page cannot know.
    """
    origin = request.headers.get("origin")
    if origin is not None and (origin == "null" or host_name(origin.split("://", 1)[-1].split("/", 1)[0])
                               != host_name(request.headers.get("host", ""))):
        raise CsrfRefused("the request comes from another site")  # "null": a sandboxed or file:// page
    form = await request.form(max_files=2, max_fields=2000, max_part_size=settings.max_upload)
    sent = form.get(CSRF_FIELD)
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not isinstance(sent, str) or not cookie or not hmac.compare_digest(sent.encode(), cookie.encode()):
        await form.close()
        raise CsrfRefused("the form's security token is missing or stale")
    return form


PostHandler = Callable[[Request, FormData], Awaitable[Response]]


def post_route(settings: ServeSettings, handler: PostHandler) -> Callable[[Request], Awaitable[Response]]:
    """A POST endpoint that only runs with a valid CSRF token; every state change goes through one."""

    async def endpoint(request: Request) -> Response:
        try:
            form = await checked_form(request, settings)
        except CsrfRefused as exc:
            return PlainTextResponse(f"refused: {exc} (reload the page and try again)\n", status_code=403)
        try:
            return await handler(request, form)
        finally:
            await form.close()

    endpoint.csrf_checked = True  # type: ignore[attr-defined]  # the route test looks for it
    endpoint.__name__ = handler.__name__
    return endpoint
