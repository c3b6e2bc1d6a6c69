"""`pressroom watch` and `pressroom status`: arguments, usage errors, exit codes.

`register_cli` runs for every `pressroom` invocation (even `--help`): the commands
import their heavy parts when they run.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .config import DEFAULT_POLL_SETTLE, DEFAULT_SETTLE, STATE_DIRNAME, WatchConfig


def default_workers() -> int:
    """The cores this process may use, at most 8."""
    from ..batch import default_workers as cores

    return min(cores(), 8)


def cmd_watch(args: argparse.Namespace) -> int:
    from ..convert import parse_formats
    from ..errors import PressroomError
    from .watcher import Watcher
    from .worker import load_distribution

    input_dir = Path(args.input)
    if not input_dir.is_dir():
        print(
            f"pressroom: {input_dir}: [watch] no such folder (create it, or pass the folder to watch)",
            file=sys.stderr,
        )
        return 2
    try:
        formats = parse_formats(args.formats)
        if args.brand:
            from ..brand import load_brand

            load_brand(args.brand)  # a broken --brand is a usage error, not 100 failed files
    except PressroomError as exc:
        print(f"pressroom: {exc.one_line()}", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print("pressroom: --workers must be at least 1", file=sys.stderr)
        return 2
    settle = (
        args.settle
        if args.settle is not None
        else (max(DEFAULT_POLL_SETTLE, args.poll) if args.poll else DEFAULT_SETTLE)
    )
    cfg = WatchConfig(
        input_dir=input_dir,
        output_dir=Path(args.output),
        state_dir=Path(args.state) if args.state else input_dir / STATE_DIRNAME,
        formats=formats,
        brand=args.brand,
        pdf_variant=args.pdf_variant,
        workers=args.workers or default_workers(),
        poll=args.poll,
        settle=settle,
        rescan=args.rescan,
        reprocess=args.reprocess,
        once=args.once,
        log_json=args.log_json,
        distribute=args.distribute,
        config_path=args.config,
        time_budget=args.time_budget,
    )
    if cfg.distribute:
        try:
            load_distribution(cfg)  # a broken pressroom.toml is a usage error, reported before any work
        except PressroomError as exc:
            print(f"pressroom: {exc.one_line()}", file=sys.stderr)
            return 2
    return Watcher(cfg).run()


def cmd_status(args: argparse.Namespace) -> int:
    from .status import _print_status, status_report
    input_dir = Path(args.input)
    state_dir = Path(args.state) if args.state else input_dir / STATE_DIRNAME
    report = status_report(input_dir, state_dir, limit=args.limit)
    if args.json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_status(report)
    return 0


def register_cli(sub: Any, add_render_options: Any) -> None:
    """Add `watch` and `status` to the `pressroom` command (heavy imports stay inside the commands)."""
    p = sub.add_parser(
        "watch",
        help="convert every release dropped into input/, exactly once",
        description="Watch a drop folder and convert each release once it is completely written: outputs "
        "to OUTPUT/<YYYY-MM-DD>-<slug>/, the source to INPUT/processed/<date>/ (or INPUT/failed/ "
        "with <name>.error.txt). Files in INPUT/<brand>/ use styles/<brand>/. Stop with Ctrl-C or "
        "SIGTERM: the conversions in hand are finished first.",
    )
    p.add_argument("input", nargs="?", default="input", help="the drop folder (default: input/)")
    p.add_argument("-o", "--output", default="output", help="output folder (default: output/)")
    p.add_argument("--workers", type=int, help="converter processes (default: the cores available, at most 8)")
    p.add_argument(
        "--poll",
        type=float,
        metavar="SECONDS",
        help="poll the folder every SECONDS instead of using inotify (network shares: NFS, SMB)",
    )
    p.add_argument(
        "--settle",
        type=float,
        metavar="SECONDS",
        help=f"take a file once its size and mtime are unchanged this long (default: {DEFAULT_SETTLE}, "
        f"with --poll at least {DEFAULT_POLL_SETTLE}); files renamed into the folder are taken at once",
    )
    p.add_argument(
        "--state",
        metavar="DIR",
        help="folder for the journal (default: INPUT/.pressroom; put it on a local disk for shares)",
    )
    p.add_argument(
        "--reprocess",
        action="store_true",
        help="convert content again even if the journal says it was already converted",
    )
    p.add_argument("--once", action="store_true", help="convert what is waiting, then exit (1 if any failed)")
    p.add_argument(
        "--rescan",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="full rescan interval, a safety net for lost events (default: 30; 0 = never)",
    )
    p.add_argument("--log-json", action="store_true", help="log JSON lines instead of key=value lines")
    p.add_argument("--time-budget", type=float, default=60.0, metavar="SECONDS",
                   help="the longest one file may take: a slower one goes to failed/ with that reason and its "
                        "worker is replaced (default: 60; 0 = no limit)")
    p.add_argument("--distribute", action="store_true",
                   help="send each converted release on the channels of pressroom.toml; embargoed mail is "
                        "sent when its time comes")
    p.add_argument("--config", help="the distribution config (default: $PRESSROOM_CONFIG or ./pressroom.toml)")
    add_render_options(p)
    p.set_defaults(func=cmd_watch)

    p = sub.add_parser(
        "status",
        help="what the watcher has queued, done and failed",
        description="Show the watch journal: files waiting, queued, working, done and failed.",
    )
    p.add_argument("input", nargs="?", default="input", help="the drop folder (default: input/)")
    p.add_argument("--state", metavar="DIR", help="the watcher's state folder (default: INPUT/.pressroom)")
    p.add_argument("--limit", type=int, default=10, help="how many done/failed rows to list (default: 10)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_status)
