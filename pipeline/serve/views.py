"""Read-only views for the pages: the releases in output/, the watcher's queue, channels, deliveries.

Everything here reads what the pipeline already keeps — release.json files, the watcher's
journal (`status_report`), pressroom.toml and the delivery log — and turns it into plain
values for the templates. Nothing is written.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PressroomError
from ..model import Paragraph, Quote, Release, iso
from .settings import ServeSettings
from .workspace import RELEASE_NAME


@dataclass(frozen=True)
class ReleaseRow:
    name: str
    headline: str
    organization: str
    language: str
    brand: str
    date: str
    needs_review: bool
    embargo: str
    text: str  # lower-cased searchable text


def list_releases(output_dir: Path) -> list[ReleaseRow]:
    """Every release folder of output/, newest first (a folder that cannot be read is left out)."""
    from ..distribute.channels import ReleaseBundle
    from ..distribute.pressroom_site import SITE_DIRS

    rows = []
    if not output_dir.is_dir():
        return rows
    for folder in output_dir.iterdir():
        if folder.name in SITE_DIRS or not RELEASE_NAME.match(folder.name) or folder.is_symlink():
            continue
        try:
            bundle = ReleaseBundle.load(folder)
        except PressroomError:
            continue
        release = bundle.release
        words = [release.headline, release.organization or "", release.subheadline or ""]
        words += [b.text for b in release.body if isinstance(b, (Paragraph, Quote))]
        rows.append(ReleaseRow(folder.name, release.headline, release.organization or "",
                               release.language or "", bundle.brand() or "", (iso(release.issued) or "")[:10],
                               release.review.needs_review, iso(release.embargo) or "",
                               " ".join(words).lower()))
    rows.sort(key=lambda r: (r.date, r.name), reverse=True)
    return rows


def filter_releases(rows: list[ReleaseRow], query: dict[str, str]) -> list[ReleaseRow]:
    """The overview's filters: words (all must occur), language, brand, a date range (YYYY-MM-DD)."""
    words = query.get("q", "").lower().split()
    out = []
    for row in rows:
        if words and not all(w in row.text for w in words):
            continue
        if query.get("language") and row.language != query["language"]:
            continue
        if query.get("brand") and row.brand != query["brand"]:
            continue
        if query.get("from") and (not row.date or row.date < query["from"]):
            continue
        if query.get("to") and (not row.date or row.date > query["to"]):
            continue
        out.append(row)
    return out


def watcher_status(settings: ServeSettings) -> dict[str, Any] | None:
    """The watcher's queue, work in hand and failures with reasons; None when it never ran here."""
    from ..watch.status import status_report

    if not (settings.state_dir / "journal.sqlite").exists() and not settings.input_dir.is_dir():
        return None
    try:
        return status_report(settings.input_dir, settings.state_dir, limit=20)
    except (sqlite3.Error, OSError, RuntimeError) as exc:
        return {"error": str(exc)}


@dataclass
class ChannelView:
    name: str
    type: str
    target: str
    recipients: list[str] = field(default_factory=list)
    recipient_count: int = 0
    holds_for_embargo: bool = False
    skip: str | None = None
    problem: str | None = None


def load_distribution(settings: ServeSettings) -> tuple[Any | None, str | None]:
    """pressroom.toml's distribution config, or the one line that says why there is none."""
    from ..distribute.config import find_config, load_config

    if find_config(settings.config_path) is None:
        return None, "no pressroom.toml: copy pressroom.example.toml and restart with --config"
    try:
        return load_config(settings.config_path), None
    except PressroomError as exc:
        return None, exc.one_line()


def channel_views(config: Any, folder: Path) -> list[ChannelView]:
    """What a send would do on each channel: the recipients or drop folder, the embargo hold, a skip."""
    from ..distribute.channels import ReleaseBundle
    from ..distribute.kinds import make_channel

    bundle = ReleaseBundle.load(folder)
    views = []
    for name, cfg in config.channels.items():
        view = ChannelView(name, cfg.type, "", holds_for_embargo=cfg.hold_until_embargo)
        try:
            channel = make_channel(cfg, config.base_dir)
            view.skip = channel.applies_to(bundle)
            if cfg.type == "email":
                from ..distribute.email import read_list

                port = cfg.get("port")
                view.target = f"SMTP {cfg.get('host')}" + (f":{port}" if port else "")
                path = channel.list_path(bundle)  # type: ignore[attr-defined]
                if path is not None:
                    addresses = read_list(path)
                    view.recipients, view.recipient_count = addresses[:50], len(addresses)
            else:
                view.target = f"{cfg.type.upper()} {cfg.get('host')}:{cfg.get('remote_dir') or '/'}"
        except PressroomError as exc:
            view.problem = exc.reason
        views.append(view)
    return views


def embargo_instant(config: Any, release: Release) -> dt.datetime | None:
    return config.embargo_instant(release.embargo) if config is not None else None


def deliveries(config: Any, release_name: str) -> list[dict[str, Any]]:
    """The delivery log's rows for one release, each with its attempts (read-only; [] before any send)."""
    path: Path = config.log_path
    if not path.exists():
        return []
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    db.row_factory = sqlite3.Row
    try:
        rows = [dict(r) for r in db.execute(
            "SELECT channel, status, attempts, reason, warning, detail, not_before, updated, sent_at "
            "FROM deliveries WHERE release = ? ORDER BY channel", (release_name,))]
        for row in rows:
            row["history"] = [dict(h) for h in db.execute(
                "SELECT at, outcome, reason FROM attempts WHERE release = ? AND channel = ? ORDER BY id",
                (release_name, row["channel"]))]
    except sqlite3.OperationalError:
        return []
    finally:
        db.close()
    return rows
