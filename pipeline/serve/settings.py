"""What `pressroom serve` runs with: folders, the bind address, the access token, limits.

Plain data, built once by the command (or a test) and handed to `create_app`; nothing in
here does I/O except `access_token`, which reads the environment and pressroom.toml once
at start-up so a missing or clear-text token is reported before the server binds.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import PressroomError

TOKEN_ENV = "PRESSROOM_SERVE_TOKEN"
"""The access token (or password) for the web interface, when it is not named in pressroom.toml."""
DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024
"""A press release with its pictures stripped is far below this; a bigger body is refused unread."""
MIN_TOKEN_LENGTH = 12
_ENV_REF = re.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$")
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


@dataclass(frozen=True)
class ServeSettings:
    output_dir: Path
    workdir: Path
    """The app's own folder: drafts (each upload under a generated name) and preview images."""
    input_dir: Path
    state_dir: Path
    """The watcher's journal folder, read for the overview's queue and failures."""
    config_path: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    max_upload: int = DEFAULT_MAX_UPLOAD
    styles_dir: Path | None = None

    @property
    def loopback_only(self) -> bool:
        """Without a token only this machine may talk to the server (and only by a loopback name)."""
        return self.token is None


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or "localhost": addresses only this machine can reach."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def access_token(config_path: str | Path | None) -> str | None:
    """The token from $PRESSROOM_SERVE_TOKEN, else pressroom.toml `[serve] token = "${VAR}"`.

    As for the channels' passwords, the file may only *name* the variable: a token written
    in clear in a file that is meant to be committed is refused.
    """
    value = os.environ.get(TOKEN_ENV)
    if not value:
        value = _token_from_config(config_path)
    if value is None:
        return None
    if len(value) < MIN_TOKEN_LENGTH:
        raise PressroomError("serve", f"the access token is shorter than {MIN_TOKEN_LENGTH} characters",
                             "use a long random one, e.g. `python -c 'import secrets; print(secrets.token_urlsafe())'`")
    return value


def _token_from_config(config_path: str | Path | None) -> str | None:
    from ..distribute.config import find_config

    found = find_config(config_path)
    if found is None or not found.exists():
        return None
    try:
        data = tomllib.loads(found.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PressroomError("config", f"cannot read {found}: {exc}") from None
    table = data.get("serve") or {}
    raw = table.get("token") if isinstance(table, dict) else None
    if raw is None:
        return None
    match = _ENV_REF.match(raw) if isinstance(raw, str) else None
    if not match:
        raise PressroomError("config", "serve.token holds a secret in plain text",
                             f'write token = "${{{TOKEN_ENV}}}" and set that variable in the environment')
    value = os.environ.get(match.group(1))
    if not value:
        raise PressroomError("config", f"serve.token refers to ${{{match.group(1)}}}, which is not set")
    return value


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a token: the interface can send releases out."""
    if token is None and not is_loopback(host):
        raise PressroomError("serve", f"refusing to listen on {host} without an access token",
                             f"set {TOKEN_ENV} (or [serve] token = \"${{VAR}}\" in pressroom.toml), "
                             "or keep the default --host 127.0.0.1")
