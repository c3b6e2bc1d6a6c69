"""The pages and what each form does. Endpoints only route: the work is the pipeline's.

Heavy work (parsing, rendering, sending) runs in the thread pool so the event loop keeps
answering; the `Workspace` lock serialises the renders. Every POST is wrapped by
`security.post_route` (CSRF first); every name in a URL is validated by the workspace.
"""

from __future__ import annotations

import hmac
import secrets
import shutil
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..errors import PressroomError
from ..model import Release
from . import views
from .editing import FormError, field_marks, form_values, release_from_form
from .mapping import block_views, evidence, source_text
from .security import CSRF_FIELD, SESSION_COOKIE, SITE_CSP, post_route
from .settings import ServeSettings
from .workspace import (
    RELEASE_FILES,
    Place,
    Workspace,
    draft_folder,
    load_release,
    ninjs_text,
    pretty_xml,
    release_folder,
    safe_display_name,
    used_brand,
)

HERE = Path(__file__).resolve().parent
MESSAGES = {"saved": "Saved; the preview below is the new rendering.",
            "confirmed": "Saved and confirmed: the release may now be sent.",
            "created": "Read and rendered. Check the fields beside the source, then save it to output/.",
            "published": "Saved to output/. Check the channels, then send it."}
"""Notices after a redirect, chosen by key: nothing from the URL is ever shown as text."""
SITE_FILE_SHAPES = ("index.html", "feed.atom")


class App:
    """The routes' shared state: settings, the workspace, the templates, login sessions, last results."""

    def __init__(self, settings: ServeSettings, sessions: set[str]):
        self.settings = settings
        self.workspace = Workspace(settings)
        self.sessions = sessions
        self.results: dict[str, list[Any]] = {}
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.globals["csrf_field"] = CSRF_FIELD

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        context.setdefault("message", MESSAGES.get(request.query_params.get("msg", "")))
        context["csrf"] = request.state.csrf
        context["logged_in"] = bool(self.settings.token)
        return self.templates.TemplateResponse(request, name, context, status_code=status)

    def not_found(self, request: Request) -> Response:
        return self.page(request, "error.html", 404, title="Not found",
                         error="There is no such release (or the name is not one Pressroom makes).")

    # --- overview ------------------------------------------------------------------------

    async def overview(self, request: Request) -> Response:
        query = {k: request.query_params.get(k, "").strip() for k in ("q", "language", "brand", "from", "to")}
        rows = await run_in_threadpool(views.list_releases, self.settings.output_dir)
        shown = views.filter_releases(rows, query)
        watcher = await run_in_threadpool(views.watcher_status, self.settings)
        drafts = sorted((p for p in (self.settings.workdir / "drafts").iterdir() if p.is_dir()),
                        key=lambda p: p.stat().st_mtime, reverse=True)[:20]
        draft_rows = []
        for folder in drafts:
            place = draft_folder(self.settings, folder.name)
            if place is None:
                continue
            try:
                draft_rows.append((place, load_release(place)))
            except PressroomError:
                continue
        config, _ = views.load_distribution(self.settings)
        site = self.settings.output_dir / "index.html"
        return self.page(request, "overview.html", title="Releases", rows=shown, total=len(rows), query=query,
                         languages=sorted({r.language for r in rows if r.language}),
                         brands=sorted({r.brand for r in rows if r.brand}), watcher=watcher,
                         drafts=draft_rows, site=site.is_file(),
                         base_url=config.site.base_url if config is not None else None)

    # --- new release ---------------------------------------------------------------------

    async def new_form(self, request: Request) -> Response:
        return self.page(request, "new.html", title="New release",
                         max_mb=self.settings.max_upload // 1024 // 1024)

    async def new_post(self, request: Request, form: FormData) -> Response:
        upload = form.get("file")
        if isinstance(upload, UploadFile) and upload.filename:
            data = await upload.read(self.settings.max_upload + 1)
            filename = safe_display_name(upload.filename)
        else:
            text = form.get("text")
            data = text.replace("\r\n", "\n").encode("utf-8") if isinstance(text, str) else b""
            filename = "pasted.txt"
        if len(data) > self.settings.max_upload:
            return PlainTextResponse("refused: the upload is too large\n", status_code=413)
        if not data.strip():
            return self.page(request, "new.html", 400, title="New release", error="Paste a release or choose a file.",
                             max_mb=self.settings.max_upload // 1024 // 1024)
        try:
            place = await run_in_threadpool(self.workspace.new_draft, data, filename)
        except PressroomError as exc:
            return self.page(request, "new.html", 400, title="New release",
                             error=exc.with_path(filename).one_line(),
                             max_mb=self.settings.max_upload // 1024 // 1024)
        return RedirectResponse(f"{place.url}?msg=created", status_code=303)

    # --- the editor ----------------------------------------------------------------------

    def _place(self, request: Request) -> Place | None:
        if "draft_id" in request.path_params:
            return draft_folder(self.settings, request.path_params["draft_id"])
        return release_folder(self.settings, request.path_params["name"])

    def _brand_choice(self, place: Place, release: Release) -> str:
        """"" (automatic, by issuer) unless the folder was rendered with another brand than the issuer's."""
        if place.kind == "draft":
            return str(self.workspace.meta(place).get("brand") or "")
        used = used_brand(place)
        try:
            automatic = self.workspace.converter(None).brand_for(release).name
        except PressroomError:
            return ""
        return "" if used in (None, automatic) else used

    def _editor_context(self, place: Place, release: Release) -> dict[str, Any]:
        from ..brand import list_brands

        source = self.workspace.source(place)
        blocks, text, why = [], None, None
        if source is not None:
            blocks = block_views(source[0], source[1], release)
            why = evidence(source[0], source[1])
            try:
                text = source_text(*source)
            except PressroomError:
                text = None
        choice = self._brand_choice(place, release)
        context: dict[str, Any] = {
            "place": place, "release": release, "values": form_values(release), "marks": field_marks(release),
            "blocks": blocks, "source_text": text, "evidence": why, "source_name": source[1] if source else None,
            "preview": self.workspace.preview_image(place), "newsml": pretty_xml(place.folder / "release.xml"),
            "ninjs": ninjs_text(release, self.workspace.converter(choice or None)),
            "brands": list_brands(self.settings.styles_dir), "brand_choice": choice, "brand_used": used_brand(place),
            "files": [n for n in RELEASE_FILES if (place.folder / n).is_file()],
        }
        if place.kind == "release":
            config, problem = views.load_distribution(self.settings)
            context.update(config=config, config_problem=problem,
                           deliveries=views.deliveries(config, place.name) if config is not None else [],
                           results=self.results.get(place.name, []))
        return context

    async def editor(self, request: Request) -> Response:
        place = self._place(request)
        if place is None:
            return self.not_found(request)
        try:
            release = load_release(place)
        except PressroomError as exc:
            return self.page(request, "error.html", 500, title="Cannot read", error=exc.one_line())
        context = await run_in_threadpool(self._editor_context, place, release)
        return self.page(request, "editor.html", title=release.headline, **context)

    async def _apply(self, request: Request, place: Place, form: FormData) -> Response | None:
        """Apply the posted fields and re-render; the editor with the error in words, or None when saved."""
        old = load_release(place)
        brand = form.get("brand")
        brand = brand if isinstance(brand, str) else ""
        known = {b.name for b in await run_in_threadpool(_brands, self.settings)}
        try:
            if brand and brand not in known:
                raise FormError(f"there is no brand {brand!r}")
            release = release_from_form(old, form)
        except FormError as exc:
            context = await run_in_threadpool(self._editor_context, place, old)
            return self.page(request, "editor.html", 400, title=old.headline, error=str(exc), **context)
        source = self.workspace.source(place) or (b"", "release.txt")
        if place.kind == "draft":
            self.workspace.set_meta(place, brand=brand)
        try:
            await run_in_threadpool(self.workspace.render, place, release, source[0], source[1], brand or None)
        except PressroomError as exc:
            context = await run_in_threadpool(self._editor_context, place, old)
            return self.page(request, "editor.html", 400, title=old.headline, error=exc.one_line(), **context)
        return None

    async def save(self, request: Request, form: FormData) -> Response:
        place = self._place(request)
        if place is None:
            return self.not_found(request)
        refused = await self._apply(request, place, form)
        if refused is not None:
            return refused
        if place.kind == "release":
            await run_in_threadpool(self._after_change, place)
        confirmed = form.get("action") == "confirm"
        return RedirectResponse(f"{place.url}?msg={'confirmed' if confirmed else 'saved'}", status_code=303)

    def _after_change(self, place: Place) -> None:
        """A release in output/ changed: the press room is rebuilt (when pressroom.toml asks for one)."""
        from ..distribute import after_conversion

        after_conversion([place.folder], self.settings.output_dir, config_path=self.settings.config_path,
                         quiet=True)

    async def publish(self, request: Request, form: FormData) -> Response:
        place = self._place(request)
        if place is None or place.kind != "draft":
            return self.not_found(request)
        if "headline" in form:  # the editor's own button: what is in the fields is what is saved
            refused = await self._apply(request, place, form)
            if refused is not None:
                return refused
        brand = str(self.workspace.meta(place).get("brand") or "") or None
        try:
            saved = await run_in_threadpool(self.workspace.save_to_output, place, brand)
        except PressroomError as exc:
            return self.page(request, "error.html", 400, title="Not saved", error=exc.one_line())
        await run_in_threadpool(self._after_change, saved)
        await run_in_threadpool(shutil.rmtree, place.folder, True)
        return RedirectResponse(f"{saved.url}?msg=published", status_code=303)

    async def discard(self, request: Request, form: FormData) -> Response:
        place = self._place(request)
        if place is None or place.kind != "draft":
            return self.not_found(request)
        await run_in_threadpool(shutil.rmtree, place.folder, True)
        return RedirectResponse("/", status_code=303)

    # --- sending -------------------------------------------------------------------------

    async def send_form(self, request: Request) -> Response:
        place = self._place(request)
        if place is None:
            return self.not_found(request)
        release = load_release(place)
        config, problem = views.load_distribution(self.settings)
        channels = await run_in_threadpool(views.channel_views, config, place.folder) if config else []
        return self.page(request, "send.html", title=f"Send: {release.headline}", place=place, release=release,
                         config=config, config_problem=problem, channels=channels,
                         embargo=views.embargo_instant(config, release))

    async def send(self, request: Request, form: FormData) -> Response:
        place = self._place(request)
        if place is None:
            return self.not_found(request)
        release = load_release(place)
        if release.review.needs_review:
            return self.page(request, "error.html", 409, title="Needs review",
                             error="This release needs a person's review before it can be sent: check the "
                                   "marked fields and press “Save and confirm”.")
        config, problem = views.load_distribution(self.settings)
        if config is None:
            return self.page(request, "error.html", 400, title="No channels", error=problem)
        resend = request.url.path.endswith("/resend")
        names = [n for n in form.getlist("channel") if isinstance(n, str)]
        if not resend and form.get("checked") != "yes":
            return self.page(request, "error.html", 400, title="Not sent",
                             error="Tick “I have checked the channels, recipients and embargo” to send.")
        unknown = [n for n in names if n not in config.channels]
        if unknown or not names:
            return self.page(request, "error.html", 400, title="Not sent", error="Choose one or more channels.")
        from ..distribute import distribute_folder

        try:
            results = await run_in_threadpool(lambda: distribute_folder(place.folder, config, names, resend=resend))
        except PressroomError as exc:
            return self.page(request, "error.html", 400, title="Not sent", error=exc.one_line())
        self.results[place.name] = list(results)
        return RedirectResponse(f"{place.url}#deliveries", status_code=303)

    # --- files ---------------------------------------------------------------------------

    async def file(self, request: Request) -> Response:
        place = self._place(request)
        name = request.path_params["file"]
        if place is None or name not in RELEASE_FILES or not (place.folder / name).is_file():
            return self.not_found(request)
        path = place.folder / name
        if path.is_symlink():
            return self.not_found(request)
        download = name.endswith((".docx", ".odt"))
        return FileResponse(path, media_type=RELEASE_FILES[name],
                            content_disposition_type="attachment" if download else "inline",
                            filename=f"{place.name}-{name}" if place.kind == "release" else name,
                            # release.html's inline CSS applies, its JSON-LD block (and anything else) never runs;
                            # the PDF keeps the pages' policy, since browsers refuse to show a sandboxed PDF
                            headers=None if name == "release.pdf" else {"Content-Security-Policy": SITE_CSP})

    async def preview(self, request: Request) -> Response:
        path = self.workspace.preview_path(request.path_params["png"])
        if path is None:
            return PlainTextResponse("no such preview\n", status_code=404)
        return FileResponse(path, media_type="image/png")

    async def site(self, request: Request) -> Response:
        """The press room in output/: index.html, feed.atom, pages/, thumbnails/ and release files."""
        parts = request.path_params["path"].split("/")
        output = self.settings.output_dir
        from ..distribute.pressroom_site import PAGE_DIR, THUMB_DIR

        ok = (len(parts) == 1 and parts[0] in SITE_FILE_SHAPES) or (
            len(parts) == 2 and parts[0] in (PAGE_DIR, THUMB_DIR) and _plain(parts[1])) or (
            len(parts) == 2 and release_folder(self.settings, parts[0]) is not None and parts[1] in RELEASE_FILES)
        path = output.joinpath(*parts) if ok else None
        if path is None or path.is_symlink() or not path.is_file() or output.resolve() not in path.resolve().parents:
            return PlainTextResponse("not found\n", status_code=404)
        types = {".html": "text/html", ".atom": "application/atom+xml", ".png": "image/png"}
        return FileResponse(path, media_type=types.get(path.suffix) or RELEASE_FILES.get(path.name))

    # --- login ---------------------------------------------------------------------------

    async def login_form(self, request: Request) -> Response:
        return self.page(request, "login.html", title="Log in")

    async def login(self, request: Request, form: FormData) -> Response:
        import asyncio

        token = form.get("token")
        if not (self.settings.token and isinstance(token, str)
                and hmac.compare_digest(token.encode(), self.settings.token.encode())):
            await asyncio.sleep(1.0)  # a guess a second, not thousands
            return self.page(request, "login.html", 403, title="Log in", error="That is not the access token.")
        session = secrets.token_urlsafe(32)
        self.sessions.add(session)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict", path="/",
                            secure=request.url.scheme == "https")
        return response

    async def logout(self, request: Request, form: FormData) -> Response:
        self.sessions.discard(request.cookies.get(SESSION_COOKIE, ""))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response


def _brands(settings: ServeSettings) -> list[Any]:
    from ..brand import list_brands

    return list_brands(settings.styles_dir)


def _plain(name: str) -> bool:
    return bool(name) and not name.startswith(".") and all(ch.isalnum() or ch in "._-" for ch in name)


def routes(app: App) -> list[Route | Mount]:
    s = app.settings
    return [
        Route("/", app.overview),
        Route("/new", app.new_form, methods=["GET"]),
        Route("/new", post_route(s, app.new_post), methods=["POST"]),
        Route("/drafts/{draft_id}", app.editor, methods=["GET"]),
        Route("/drafts/{draft_id}", post_route(s, app.save), methods=["POST"]),
        Route("/drafts/{draft_id}/publish", post_route(s, app.publish), methods=["POST"]),
        Route("/drafts/{draft_id}/discard", post_route(s, app.discard), methods=["POST"]),
        Route("/drafts/{draft_id}/files/{file}", app.file),
        Route("/releases/{name}", app.editor, methods=["GET"]),
        Route("/releases/{name}", post_route(s, app.save), methods=["POST"]),
        Route("/releases/{name}/send", app.send_form, methods=["GET"]),
        Route("/releases/{name}/send", post_route(s, app.send), methods=["POST"]),
        Route("/releases/{name}/resend", post_route(s, app.send), methods=["POST"]),
        Route("/releases/{name}/files/{file}", app.file),
        Route("/previews/{png}", app.preview),
        Route("/site/{path:path}", app.site),
        Route("/login", app.login_form, methods=["GET"]),
        Route("/login", post_route(s, app.login), methods=["POST"]),
        Route("/logout", post_route(s, app.logout), methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
