"""`pressroom serve`: a press office in the browser, on top of the same pipeline.

Paste or upload a release (any format the reader takes), see what the reader understood
beside the source — each field editable, the uncertain ones marked with their reasons,
each source block with the label and rule that claimed it — preview the branded PDF, the
NewsML-G2 and ninjs as they will go out, save it to output/, and send it on the channels of
pressroom.toml after an explicit confirmation. The overview lists output/, the watcher's
queue and failures (its journal) and links to the press room.

Modules: `settings` (folders, bind, token), `security` (host check, login, CSRF, CSP, size
limit), `workspace` (drafts and release folders, rendering, previews), `editing` (form ↔
Release), `mapping` (source blocks → labels and rules), `views` (read-only data for the
pages), `routes` (the pages), `app` (the ASGI app). Heavy imports stay inside `cmd_serve`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def cmd_serve(args: argparse.Namespace) -> int:
    from ..errors import PressroomError
    from ..watch.config import STATE_DIRNAME
    from .settings import DEFAULT_MAX_UPLOAD, ServeSettings, access_token, check_bind

    try:
        token = access_token(args.config)
        check_bind(args.host, token)
    except PressroomError as exc:
        print(f"pressroom: {exc.one_line()}", file=sys.stderr)
        return 2
    input_dir = Path(args.input)
    settings = ServeSettings(
        output_dir=Path(args.output), workdir=Path(args.workdir), input_dir=input_dir,
        state_dir=Path(args.state) if args.state else input_dir / STATE_DIRNAME,
        config_path=args.config, host=args.host, port=args.port, token=token,
        max_upload=int(args.max_upload * 1024 * 1024) if args.max_upload else DEFAULT_MAX_UPLOAD)
    import uvicorn

    from .app import create_app

    where = f"http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}/"
    print(f"pressroom serve: {where} (output {settings.output_dir}, Ctrl-C stops)"
          + ("; log in with the access token" if token else ""), file=sys.stderr, flush=True)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level=args.log_level,
                server_header=False, proxy_headers=False, forwarded_allow_ips="")
    return 0


def register_cli(sub: argparse._SubParsersAction, add_render_options: Callable[..., None]) -> None:
    """Add `serve` to the `pressroom` command (see PLUGGED_COMMANDS in pipeline/cli.py)."""
    p = sub.add_parser(
        "serve", help="the web interface: paste or upload, review, fix, preview and send releases",
        description="Serve the web interface on 127.0.0.1 (default). Any other --host needs an access token "
                    "($PRESSROOM_SERVE_TOKEN, or [serve] token = \"${VAR}\" in pressroom.toml).")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("-o", "--output", default="output", help="the output folder (default output/)")
    p.add_argument("--config", help="pressroom.toml (default: $PRESSROOM_CONFIG or ./pressroom.toml)")
    p.add_argument("--input", default="input", help="the watcher's drop folder, for its queue (default input/)")
    p.add_argument("--state", help="the watcher's state folder (default INPUT/.pressroom)")
    p.add_argument("--workdir", default=".pressroom-serve",
                   help="the server's own folder: drafts, uploads, previews (default .pressroom-serve/)")
    p.add_argument("--max-upload", type=float, default=None, metavar="MB", help="largest upload (default 10 MB)")
    p.add_argument("--log-level", default="warning", choices=("critical", "error", "warning", "info", "debug"))
    p.set_defaults(func=cmd_serve)
