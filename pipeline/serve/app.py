"""`create_app(settings)`: the ASGI application `pressroom serve` runs under uvicorn."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware

from .routes import App, routes
from .security import Guard
from .settings import ServeSettings


def create_app(settings: ServeSettings) -> Starlette:
    sessions: set[str] = set()
    state = App(settings, sessions)
    app = Starlette(routes=routes(state), middleware=[Middleware(Guard, settings=settings, sessions=sessions)])
    app.state.pressroom = state
    return app
