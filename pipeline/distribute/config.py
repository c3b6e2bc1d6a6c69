"""`pressroom.toml`: which channels a release goes out on, and how.

The file is meant to be committed next to the brands, so it must never hold a secret.
Every key that names a secret (`password`, `passphrase`, ...) must therefore be written
as `"${ENV_VAR}"`; a plain-text value is refused when the file is loaded, before anything
is sent. The variables themselves are read only when a channel connects, so a missing
variable fails that one channel (clearly, as a permanent error) and not the others.

Relative paths in the file (distribution lists, key files, the delivery log) are resolved
against the folder holding `pressroom.toml`, so the same file works from any working
directory — the CLI, the watcher service and cron all see the same lists.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PressroomError
from .failures import PermanentError

CONFIG_ENV = "PRESSROOM_CONFIG"
DEFAULT_CONFIG = Path("pressroom.toml")
LOG_NAME = "deliveries.sqlite3"
DEFAULT_LOG = Path("input/.pressroom") / LOG_NAME
CHANNEL_TYPES = ("email", "sftp", "ftp")
#: Keys whose value is a secret: only `${ENV}` references are accepted for them.
SECRET_KEYS = frozenset({"password", "passphrase", "secret", "token", "api_key"})
_ENV_REF = re.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$")
_ENV_ANY = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def _config_error(reason: str, hint: str | None = None) -> PressroomError:
    return PressroomError("config", reason, hint)


@dataclass(frozen=True)
class Secret:
    """A reference to an environment variable, resolved only at connect time.

    Kept as a reference (not the value) so a config object can be printed, logged or
    pickled into a worker without ever carrying the password itself.
    """

    env: str

    def value(self) -> str:
        try:
            return os.environ[self.env]
        except KeyError:
            raise PermanentError(f"environment variable {self.env} is not set",
                                 hint="export it in the service's environment; "
                                      "pressroom.toml only names it") from None

    def __repr__(self) -> str:
        return f"Secret(${{{self.env}}})"


@dataclass
class ChannelConfig:
    """One `[channels.NAME]` table. `options` keeps the type-specific keys for the channel class."""

    name: str
    type: str
    options: dict[str, Any]
    hold_until_embargo: bool
    brands: tuple[str, ...] | None = None
    max_attempts: int = 4
    backoff_seconds: float = 2.0
    timeout_seconds: float = 60.0

    def get(self, key: str, default: Any = None) -> Any:
        """An option with `${ENV}` references inside plain strings expanded (hosts, user names)."""
        value = self.options.get(key, default)
        if isinstance(value, str):
            return expand_env(value, f"channels.{self.name}.{key}")
        return value

    def secret(self, key: str) -> str | None:
        """The secret named by `key`, read from the environment now; None when not configured."""
        value = self.options.get(key)
        if value is None:
            return None
        assert isinstance(value, Secret)
        return value.value()


@dataclass
class SiteConfig:
    """The static press room (`index.html`, `feed.atom`) written into the output folder."""

    enabled: bool = True
    title: str = "Press releases"
    base_url: str | None = None
    author: str = "Pressroom"
    show_embargoed: bool = False
    language: str = "en"  # of the page's own words; each release keeps its own lang attribute
    #: IANA zone of the issuer: a date-only release is published (and a date-only embargo
    #: lifts) at 00:00 here. Default: `[distribute] embargo_date_timezone`, itself UTC by default.
    timezone: str = "UTC"


@dataclass
class DistributeConfig:
    path: Path | None
    base_dir: Path
    log_path: Path
    channels: dict[str, ChannelConfig] = field(default_factory=dict)
    site: SiteConfig = field(default_factory=SiteConfig)
    embargo_date_timezone: str = "UTC"
    #: False when `[distribute] log` is not set: a watcher with its own state folder may then
    #: put the log beside its journal (`config.log_path = state_dir / LOG_NAME`).
    log_configured: bool = False

    def resolve(self, value: str | Path) -> Path:
        """A configured path: `~` expanded, relative ones taken from the config file's folder."""
        path = Path(os.path.expanduser(str(value)))
        return path if path.is_absolute() else self.base_dir / path

    def embargo_instant(self, embargo: dt.date | dt.datetime | None) -> dt.datetime | None:
        """The moment an embargo lifts, as an aware datetime.

        A date-only embargo lifts at midnight in `embargo_date_timezone` (default UTC):
        holding a little long is harmless, sending early breaks the embargo.
        """
        if embargo is None:
            return None
        if isinstance(embargo, dt.datetime):
            return embargo if embargo.tzinfo else embargo.replace(tzinfo=dt.UTC)
        zone = zoneinfo.ZoneInfo(self.embargo_date_timezone)
        return dt.datetime.combine(embargo, dt.time(0, 0), tzinfo=zone)


def expand_env(text: str, where: str) -> str:
    """Replace `${VAR}` inside a non-secret string; an unset variable is a config error."""

    def sub(match: re.Match[str]) -> str:
        try:
            return os.environ[match.group(1)]
        except KeyError:
            raise _config_error(f"{where} refers to ${{{match.group(1)}}}, which is not set") from None

    return _ENV_ANY.sub(sub, text)


def _secrets(table: dict[str, Any], where: str) -> dict[str, Any]:
    """Replace secret values by `Secret` references; refuse any secret written in clear."""
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key in SECRET_KEYS:
            match = _ENV_REF.match(value) if isinstance(value, str) else None
            if not match:
                raise _config_error(
                    f"{where}.{key} holds a secret in plain text",
                    hint=f'write {key} = "${{SOME_ENV_VAR}}" and set that variable in the environment')
            out[key] = Secret(match.group(1))
        else:
            out[key] = value
    return out


def _number(table: dict[str, Any], key: str, default: float, where: str, minimum: float = 0) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise _config_error(f"{where}.{key} must be a number >= {minimum}, not {value!r}")
    return float(value)


def _channel(name: str, table: Any, defaults: dict[str, Any]) -> ChannelConfig:
    where = f"channels.{name}"
    if not _NAME.match(name):
        raise _config_error(f"channel name {name!r} must be letters, digits, '-', '_' or '.'")
    if not isinstance(table, dict):
        raise _config_error(f"{where} must be a table")
    kind = table.get("type")
    if kind not in CHANNEL_TYPES:
        raise _config_error(f"{where}.type must be one of {', '.join(CHANNEL_TYPES)}, not {kind!r}")
    if not table.get("host"):
        raise _config_error(f"{where}.host is required")
    merged = {**defaults, **table}
    brands = table.get("brands")
    if brands is not None and (not isinstance(brands, list) or not all(isinstance(b, str) for b in brands)):
        raise _config_error(f"{where}.brands must be a list of brand names")
    reserved = {"type", "brands", "hold_until_embargo", "max_attempts", "backoff_seconds", "timeout_seconds"}
    options = _secrets({k: v for k, v in table.items() if k not in reserved}, where)
    if kind == "email":
        if not options.get("from"):
            raise _config_error(f"{where}.from is required (the sender address)")
        if not options.get("list") and not options.get("lists"):
            raise _config_error(f"{where} needs `list` (a file of addresses) "
                                f"or a [{where}.lists] table by brand")
        if options.get("lists") is not None and not isinstance(options["lists"], dict):
            raise _config_error(f"{where}.lists must map brand names to address files")
    attempts = int(_number(merged, "max_attempts", 4, where, minimum=1))
    return ChannelConfig(
        name=name, type=kind, options=options,
        hold_until_embargo=bool(table.get("hold_until_embargo", kind == "email")),
        brands=tuple(brands) if brands is not None else None,
        max_attempts=min(attempts, 20),
        backoff_seconds=_number(merged, "backoff_seconds", 2.0, where),
        timeout_seconds=_number(merged, "timeout_seconds", 60.0, where, minimum=0.1),
    )


def _base_url(value: Any) -> str | None:
    """`[site] base_url`: an absolute http(s) URL, since every feed link starts with it."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
        raise _config_error(f"site.base_url {value!r} is not an absolute http(s) URL",
                            hint='the address output/ is served at, e.g. "https://press.acme.example/"')
    return value


def _zone(name: Any, key: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise _config_error(f"{key} {name!r} is not a known time zone",
                            hint='an IANA name such as "Europe/Stockholm" or "UTC"') from None
    return str(name)


def parse_config(data: dict[str, Any], base_dir: Path, path: Path | None = None) -> DistributeConfig:
    """Validate a parsed `pressroom.toml` (its `[distribute]`, `[site]` and `[channels.*]` tables)."""
    general = data.get("distribute", {})
    if not isinstance(general, dict):
        raise _config_error("[distribute] must be a table")
    _secrets(general, "distribute")  # no secrets belong here, but refuse clear text all the same
    defaults = {k: general[k] for k in ("max_attempts", "backoff_seconds", "timeout_seconds") if k in general}
    tz = _zone(general.get("embargo_date_timezone", "UTC"), "distribute.embargo_date_timezone")
    site_table = data.get("site", {})
    if not isinstance(site_table, dict):
        raise _config_error("[site] must be a table")
    site = SiteConfig(
        enabled=bool(site_table.get("enabled", True)),
        title=str(site_table.get("title", SiteConfig.title)),
        base_url=_base_url(site_table.get("base_url")),
        author=str(site_table.get("author", SiteConfig.author)),
        show_embargoed=bool(site_table.get("show_embargoed", False)),
        language=str(site_table.get("language", "en")),
        timezone=_zone(site_table.get("timezone", tz), "site.timezone"),
    )
    channels_table = data.get("channels", {})
    if not isinstance(channels_table, dict):
        raise _config_error("[channels] must hold one table per channel, e.g. [channels.press-list]")
    config = DistributeConfig(path=path, base_dir=base_dir, log_path=base_dir / DEFAULT_LOG,
                              site=site, embargo_date_timezone=tz)
    if "log" in general:
        config.log_path = config.resolve(str(general["log"]))
        config.log_configured = True
    for name, table in channels_table.items():
        config.channels[name] = _channel(name, table, defaults)
    return config


def find_config(explicit: str | Path | None = None) -> Path | None:
    """`--config`, else $PRESSROOM_CONFIG, else ./pressroom.toml if it exists."""
    if explicit:
        return Path(explicit)
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    return DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None


MAX_CONFIG_BYTES = 1024 * 1024
"""pressroom.toml is a page of settings; anything bigger is not one (and /dev/zero never ends)."""


def _read_config_text(path: Path) -> str:
    """The config's text; a FIFO, device or folder is refused by its type before it is opened
    (opening a FIFO blocks, reading /dev/zero never ends) and a huge file by its size."""
    from ..files import SpecialFileError, read_regular

    def small_enough(size: int) -> None:
        if size > MAX_CONFIG_BYTES:
            raise _config_error(f"{path} is {size:,} bytes; a pressroom.toml is at most {MAX_CONFIG_BYTES:,}")

    try:
        return read_regular(path, small_enough).decode("utf-8")
    except SpecialFileError:
        raise _config_error(f"{path} is not a regular file", hint="pass --config PATH to a pressroom.toml") from None


def load_config(path: str | Path | None = None) -> DistributeConfig:
    """Read and validate the config; raises PressroomError('config', ...) with the offending key."""
    found = find_config(path)
    if found is None:
        raise _config_error("no pressroom.toml found",
                            hint=f"pass --config PATH or set {CONFIG_ENV}; see pressroom.example.toml")
    try:
        data = tomllib.loads(_read_config_text(found))
    except OSError as exc:
        raise _config_error(f"cannot read {found}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise _config_error(f"{found} is not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise _config_error(f"{found} is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except RecursionError:
        raise _config_error(f"{found} is nested too deeply to read") from None
    return parse_config(data, found.resolve().parent, found.resolve())
