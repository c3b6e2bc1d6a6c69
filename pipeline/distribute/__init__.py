"""Distribution: send a converted release folder out on the channels of `pressroom.toml`.

The entry points, for the CLI, `convert --distribute` and the watcher alike:

    from pipeline.distribute import load_config, distribute_folder, send_due, rebuild_site
    config = load_config()                       # ./pressroom.toml, $PRESSROOM_CONFIG or a path
    results = distribute_folder(folder, config)  # after a release folder is complete
    results = send_due(config)                   # every minute or so: embargoed mail whose time came
    rebuild_site(output_dir, config.site)        # after every conversion (distribute_folder does it too)

`distribute_folder` never raises for a channel's failure — each channel's outcome is a
`DeliveryResult` (sent, failed with reason, held for an embargo, skipped, already sent)
and is recorded in the delivery log. It raises `PressroomError` only when the folder is
not a release or a channel name is unknown. It only *reads* the release folder: a failed
delivery cannot damage the converted outputs.

Reliability lives here, not in the channels: each channel raises `TransientError`
(retried with exponential backoff, up to `max_attempts`) or `PermanentError` (reported
once, never retried in the same run). The log claims a delivery before sending and keeps
per-step progress, so nothing is sent twice unless `resend=True`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..confirm import hold_reason
from ..errors import PressroomError
from .config import ChannelConfig, DistributeConfig, SiteConfig, load_config
from .log import DeliveryLog, format_status, status_rows

if TYPE_CHECKING:
    from .channels import ReleaseBundle
    from .pressroom_site import SiteResult

log = logging.getLogger(__name__)

BACKOFF_CAP_SECONDS = 300.0

__all__ = [
    "DeliveryResult",
    "DistributeConfig",
    "after_conversion",
    "delivery_log_path",
    "distribute_folder",
    "format_status",
    "load_config",
    "rebuild_site",
    "send_due",
    "status_rows",
]


@dataclass
class DeliveryResult:
    release: str
    channel: str
    status: str  # sent | failed | held | skipped | already-sent | in-progress
    attempts: int = 0  # made by this call
    reason: str | None = None
    detail: str | None = None
    warnings: list[str] = field(default_factory=list)
    not_before: dt.datetime | None = None
    permanent: bool | None = None

    @property
    def ok(self) -> bool:
        """True unless the delivery failed: held, skipped and already-sent are all fine outcomes."""
        return self.status != "failed"

    def one_line(self) -> str:
        text = f"{self.status:12s} {self.channel} {self.release}"
        if self.status == "failed":
            text += f" after {self.attempts} attempt(s): {self.reason}"
        elif self.status == "held" and self.not_before is None:
            text += f": {self.reason}"  # held for review: the reason says why
        elif self.status == "held":
            text += f" until {self.not_before.isoformat()} (embargo)"
        elif self.reason:
            text += f": {self.reason}"
        if self.detail and self.status == "sent":
            text += f" ({self.detail})"
        return text


def backoff(attempt: int, base: float) -> float:
    """Seconds to wait after failed attempt number `attempt` (1-based): base, 2×, 4×, … capped."""
    return min(BACKOFF_CAP_SECONDS, base * (2 ** (attempt - 1)))


def _lease(cfg: ChannelConfig) -> float:
    """How long a claim stays valid without a heartbeat: the longest a whole delivery can take."""
    waits = sum(backoff(n, cfg.backoff_seconds) for n in range(1, cfg.max_attempts))
    return cfg.max_attempts * cfg.timeout_seconds * 3 + waits + 60


def _deliver_one(bundle: ReleaseBundle, cfg: ChannelConfig, config: DistributeConfig, dlog: DeliveryLog, *,
                 resend: bool, sleep: Callable[[float], None], now: dt.datetime | None) -> DeliveryResult:
    from .channels import Progress
    from .failures import DeliveryError
    from .kinds import make_channel

    key, name = bundle.key, cfg.name
    lease = _lease(cfg)
    try:
        channel = make_channel(cfg, config.base_dir)
        skip = channel.applies_to(bundle)
    except PressroomError as exc:
        channel, skip = None, None
        setup_error: PressroomError | None = exc
    else:
        setup_error = None
    hold = config.embargo_instant(bundle.release.embargo) if cfg.hold_until_embargo else None
    review = hold_reason(bundle.release)  # a release a person has not confirmed goes nowhere, on no channel
    decision = dlog.claim(key, name, str(bundle.folder), bundle.source_sha256 or None, resend=resend,
                          idempotent=bool(channel and channel.idempotent), lease_seconds=lease,
                          hold_until=hold, skip_reason=skip, review_hold=review, now=now)
    row = decision.row or {}
    if decision.action == "already-sent":
        note = f"already sent {row.get('sent_at')}; --resend to send again"
        if bundle.source_sha256 and row.get("source_sha256") and row["source_sha256"] != bundle.source_sha256:
            note = (f"sent {row.get('sent_at')} from an earlier conversion; the release changed since "
                    "— --resend to send the new version")
        return DeliveryResult(key, name, "already-sent", reason=note, detail=row.get("detail"))
    if decision.action == "in-progress":
        return DeliveryResult(key, name, "in-progress", reason=f"being sent by {row.get('claimed_by')}")
    if decision.action == "interrupted":
        return DeliveryResult(key, name, "failed", reason=row.get("reason"), permanent=True)
    if decision.action == "skipped":
        return DeliveryResult(key, name, "skipped", reason=skip)
    if decision.action == "held":
        return DeliveryResult(key, name, "held", reason=row.get("reason"), not_before=None if review else hold)

    if setup_error is not None or channel is None:
        reason = setup_error.reason if setup_error else "channel could not be set up"
        dlog.attempt(key, name, "permanent", reason, "failed", permanent=True)
        return DeliveryResult(key, name, "failed", attempts=1, reason=reason, permanent=True)

    progress = Progress(dict(decision.progress),
                        saver=lambda data: dlog.save_progress(key, name, data, lease))
    attempts = 0
    try:
        for attempts in range(1, cfg.max_attempts + 1):
            try:
                detail = channel.send(bundle, progress)
            except PressroomError as exc:
                transient = isinstance(exc, DeliveryError) and exc.transient
                reason = exc.reason + (f" ({exc.hint})" if exc.hint else "")
                final = not transient or attempts >= cfg.max_attempts
                dlog.attempt(key, name, "transient" if transient else "permanent", reason,
                             "failed" if final else None, permanent=not transient)
                log.info("distribute %s → %s: attempt %d failed: %s", key, name, attempts, reason)
                if final:
                    return DeliveryResult(key, name, "failed", attempts=attempts, reason=reason,
                                          permanent=not transient)
                sleep(backoff(attempts, cfg.backoff_seconds))
                continue
            warn_fn = getattr(channel, "warnings", None)
            warnings = list(warn_fn(progress)) if warn_fn else []
            dlog.attempt(key, name, "sent", None, "sent", detail=detail, warning="; ".join(warnings) or None)
            return DeliveryResult(key, name, "sent", attempts=attempts, detail=detail, warnings=warnings)
    except Exception as exc:  # a bug, not a delivery problem: record it and go on with the other channels
        log.exception("distribute %s → %s crashed", key, name)
        reason = f"internal error: {exc.__class__.__name__}: {exc}"
        dlog.attempt(key, name, "permanent", reason, "failed", permanent=True)
        return DeliveryResult(key, name, "failed", attempts=max(attempts, 1), reason=reason, permanent=True)
    except BaseException:  # Ctrl-C, SystemExit: give the claim back so a later run can decide
        dlog.release_claim(key, name, "interrupted (Ctrl-C or shutdown) while sending")
        raise
    raise AssertionError("unreachable: max_attempts >= 1")


def distribute_folder(folder: Path, config: DistributeConfig, channels: Iterable[str] | None = None,
                      resend: bool = False, *, sleep: Callable[[float], None] = time.sleep,
                      site: bool = True, now: dt.datetime | None = None) -> list[DeliveryResult]:
    """Send one converted release folder on the given channels (default: all configured).

    Returns one `DeliveryResult` per channel, in config order. With `site=True` (and
    `[site] enabled`, the default) the press room of the folder's parent is rebuilt too.
    `sleep` and `now` are there so tests (and `send_due`) control time.
    """
    from .channels import ReleaseBundle

    bundle = ReleaseBundle.load(Path(folder))
    names = list(channels) if channels else list(config.channels)
    unknown = [n for n in names if n not in config.channels]
    if unknown:
        known = ", ".join(config.channels) or "none"
        raise PressroomError("distribute", f"no channel named {', '.join(map(repr, unknown))} in the config",
                             hint=f"configured channels: {known}")
    results = []
    with DeliveryLog(config.log_path) as dlog:
        for name in names:
            cfg = config.channels[name]
            results.append(_deliver_one(bundle, cfg, config, dlog, resend=resend, sleep=sleep, now=now))
    if site and config.site.enabled:
        _rebuild_quietly(bundle.folder.parent, config, now)
    return results


def send_due(config: DistributeConfig, output_dirs: Iterable[Path] = (), *, now: dt.datetime | None = None,
             sleep: Callable[[float], None] = time.sleep) -> list[DeliveryResult]:
    """Send every delivery held for an embargo that has now passed, or for a review a person has
    since confirmed, then rebuild the press rooms.

    Meant to run periodically (the watcher's loop, or cron: `pressroom distribute --due`).
    A release still waiting for its review gives no result (it is re-checked next time,
    without a log line a minute). The press rooms of `output_dirs` are always rebuilt, so a
    release whose embargo has just lifted appears there even when no channel was holding it.
    """
    due: list[dict] = []
    if config.log_path.exists():
        with DeliveryLog(config.log_path) as dlog:
            due = dlog.due(now) + [row for row in dlog.held_for_review() if _confirmed(Path(row["folder"]))]
    results: list[DeliveryResult] = []
    outputs: set[Path] = {Path(p).resolve() for p in output_dirs}
    for row in due:
        folder = Path(row["folder"])
        if row["channel"] not in config.channels:
            results.append(DeliveryResult(row["release"], row["channel"], "failed",
                                          reason="channel no longer in the config", permanent=True))
            continue
        try:
            results += distribute_folder(folder, config, [row["channel"]], sleep=sleep, site=False, now=now)
        except PressroomError as exc:
            results.append(DeliveryResult(row["release"], row["channel"], "failed", reason=exc.reason,
                                          permanent=True))
        outputs.add(folder.parent)
    if config.site.enabled:
        for output_dir in sorted(outputs):
            _rebuild_quietly(output_dir, config, now)
    return results


def _confirmed(folder: Path) -> bool:
    """Whether a release held for review has been confirmed since (an unreadable folder: not yet)."""
    from .channels import ReleaseBundle

    try:
        return not ReleaseBundle.load(folder).release.review.needs_review
    except PressroomError:
        return False


def rebuild_site(output_dir: Path, site: SiteConfig | None = None, *,
                 now: dt.datetime | None = None) -> SiteResult:
    """Regenerate `output_dir/index.html` and `feed.atom` (see pressroom_site.rebuild_site)."""
    from .pressroom_site import rebuild_site as _rebuild

    return _rebuild(Path(output_dir), site, now=now)


def delivery_log_path(state_dir: Path | None = None, config_path: str | Path | None = None) -> Path:
    """Where the delivery log is, for `pressroom status`: pressroom.toml's `[distribute] log` if set,
    else beside the watcher's journal in `state_dir`, else `input/.pressroom/deliveries.sqlite3`.

    Never raises: a status command must work even when the config is broken or absent.
    """
    from .config import DEFAULT_LOG, LOG_NAME

    try:
        config = load_config(config_path)
    except PressroomError:
        config = None
    if config is not None and config.log_configured:
        return config.log_path
    if state_dir is not None:
        return Path(state_dir) / LOG_NAME
    return config.log_path if config is not None else DEFAULT_LOG


def _rebuild_quietly(output_dir: Path, config: DistributeConfig, now: dt.datetime | None = None) -> None:
    """A press-room rebuild failing must not turn a successful delivery into a failure."""
    try:
        rebuild_site(output_dir, config.site, now=now)
    except (PressroomError, OSError) as exc:
        log.warning("press room in %s not rebuilt: %s", output_dir, exc)


def after_conversion(folders: Iterable[Path], output_dir: Path, *, distribute: bool = False,
                     config_path: str | Path | None = None, quiet: bool = False) -> int:
    """What `convert` and the watcher do once releases are in place: send them and refresh the press room.

    Without `--distribute` and without a pressroom.toml this does nothing, so a plain
    `pressroom convert` never needs a config. Returns an exit code: 2 for a broken config,
    1 when a delivery failed, else 0.
    """
    import sys

    from .config import find_config

    if not distribute and find_config(config_path) is None:
        return 0
    try:
        config = load_config(config_path)
    except PressroomError as exc:
        print(f"pressroom: {exc.one_line()}", file=sys.stderr)
        return 2
    failed = False
    if distribute:
        for folder in folders:
            try:
                results = distribute_folder(folder, config, site=False)
            except PressroomError as exc:
                print(f"pressroom: {exc.with_path(str(folder)).one_line()}", file=sys.stderr)
                failed = True
                continue
            _print_results(results, quiet)
            failed = failed or any(not r.ok for r in results)
    if config.site.enabled:
        _rebuild_quietly(Path(output_dir), config)
    return 1 if failed else 0


def _print_results(results: list[DeliveryResult], quiet: bool) -> None:
    import sys

    for r in results:
        if r.status == "failed":
            print(f"pressroom: {r.one_line()}", file=sys.stderr)
        elif not quiet:
            print(r.one_line())
        for warning in r.warnings:
            print(f"pressroom: warning: {r.channel} {r.release}: {warning}", file=sys.stderr)


def cmd_distribute(args: argparse.Namespace) -> int:
    """`pressroom distribute`: send folders, or (--due) what an embargo was holding."""
    import sys

    from ..errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE

    try:
        config = load_config(args.config)
    except PressroomError as exc:
        print(f"pressroom: {exc.one_line()}", file=sys.stderr)
        return EXIT_USAGE
    if args.show_log:
        try:
            rows = status_rows(config.log_path)
        except PressroomError as exc:
            print(f"pressroom: {exc.one_line()}", file=sys.stderr)
            return EXIT_FAILED
        for line in format_status(rows) or ["(no deliveries yet)"]:
            print(line)
        return EXIT_OK
    folders = [Path(f) for f in args.folders]
    if not folders and not args.due:
        print("pressroom: distribute: give release folders (output/<YYYY-MM-DD>-<slug>/) or --due",
              file=sys.stderr)
        return EXIT_USAGE
    results: list[DeliveryResult] = []
    failed_folders = 0
    for folder in folders:
        try:
            results += distribute_folder(folder, config, args.channel or None, resend=args.resend)
        except PressroomError as exc:
            failed_folders += 1
            print(f"pressroom: {exc.with_path(exc.path or str(folder)).one_line()}", file=sys.stderr)
    if args.due:
        try:
            results += send_due(config, [Path(args.output)])
        except PressroomError as exc:  # the delivery log itself cannot be used
            failed_folders += 1
            print(f"pressroom: {exc.one_line()}", file=sys.stderr)
    _print_results(results, args.quiet)
    failed = failed_folders + sum(1 for r in results if r.status == "failed")
    if not args.quiet:
        counts: dict[str, int] = {}
        for r in results:
            counts[r.status] = counts.get(r.status, 0) + 1
        print(", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "nothing to do")
    return EXIT_OK if failed == 0 else EXIT_FAILED


def cmd_site(args: argparse.Namespace) -> int:
    """`pressroom site`: rebuild index.html, feed.atom and thumbnails of an output folder."""
    import sys

    from ..errors import EXIT_FAILED, EXIT_OK
    site = SiteConfig()
    if args.config or Path("pressroom.toml").exists():
        try:
            site = load_config(args.config).site
        except PressroomError as exc:
            print(f"pressroom: {exc.one_line()}", file=sys.stderr)
            return EXIT_FAILED
    result = rebuild_site(Path(args.output), site)
    print(f"ok  {result.index} and {result.feed}: {result.entries} release(s)"
          + (f", {result.hidden} under embargo not shown" if result.hidden else ""))
    if not site.base_url:
        print("pressroom: note: [site] base_url is not set, so the feed's links are file:// URIs of this "
              "folder (set base_url in pressroom.toml before publishing it)", file=sys.stderr)
    return EXIT_OK


def register_cli(sub: argparse._SubParsersAction, add_render_options: Callable[..., None]) -> None:
    """Add `distribute` and `site` to the `pressroom` command (see PLUGGED_COMMANDS in pipeline/cli.py)."""
    p = sub.add_parser(
        "distribute", help="send converted releases by e-mail, SFTP/FTP and to the press room",
        description="Send each release folder on the channels of pressroom.toml (all, or --channel NAME). "
                    "Every release x channel is recorded in the delivery log; nothing is sent twice "
                    "unless --resend. E-mail under embargo is held; --due sends what is due (run it from "
                    "cron or let the watcher do it).")
    p.add_argument("folders", nargs="*", metavar="FOLDER", help="release folders (output/<date>-<slug>)")
    p.add_argument("--channel", action="append", metavar="NAME", help="only this channel (repeatable)")
    p.add_argument("--resend", action="store_true", help="send again even if the log says it was sent")
    p.add_argument("--due", action="store_true", help="send deliveries held for an embargo that has passed")
    p.add_argument("--config", help="path to pressroom.toml (default: $PRESSROOM_CONFIG or ./pressroom.toml)")
    p.add_argument("-o", "--output", default="output", help="output folder whose press room --due rebuilds")
    p.add_argument("--show-log", action="store_true", help="print the delivery log and exit")
    p.add_argument("-q", "--quiet", action="store_true", help="print failures only")
    p.set_defaults(func=cmd_distribute)

    p = sub.add_parser(
        "site", help="rebuild the press room (index.html, feed.atom) of an output folder",
        description="Regenerate output/index.html, output/feed.atom and the PDF thumbnails from the release "
                    "folders. Releases still under embargo are left out.")
    p.add_argument("-o", "--output", default="output", help="output folder (default: output/)")
    p.add_argument("--config", help="pressroom.toml for the [site] options (title, base_url, author)")
    p.set_defaults(func=cmd_site)
