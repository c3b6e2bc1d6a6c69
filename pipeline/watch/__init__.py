"""Drop folder → converted releases: `pressroom watch` and `pressroom status`.

People save or copy releases into `input/` (often over a network share, often slowly,
sometimes twice) and expect the PDF and NewsML-G2 in `output/` a second later. This
package turns the `Converter` into a service one can leave running for months:

* **Seeing files.** watchdog's inotify observer by default (its "full events" mode, so a
  rename into the folder is told apart from a file being written), a polling observer
  with `--poll` for network shares where events never arrive, an initial scan for what
  was waiting before the start, and a periodic rescan as a safety net for lost events.
* **Read lock.** A file is taken once its size and mtime have not changed for a settle
  interval, or at once when it was renamed into the folder (the safe way to publish a
  file). Temporary, lock and hidden files are never touched.
* **Exactly once.** Every decision goes through the SQLite journal (`journal.py`), keyed
  by the SHA-256 of the content: a duplicate drop is recognised and not converted again,
  an edited release with the same headline and date becomes the next NewsML-G2 version
  of the same item (same folder, same guid). The output folder is chosen and recorded in
  the journal *before* it appears, so a conversion interrupted by SIGKILL at any instant
  is finished on restart into the same folder with the same version — never a second one.
* **Order of effects.** Outputs are staged under a hidden name in `output/` and renamed
  into place; only then does the journal say `done`; only then is the source moved to
  `input/processed/<YYYY-MM-DD>/` (or `input/failed/` beside a `<name>.error.txt` saying
  what was wrong and how to fix it). Sources are moved with `link` + `unlink`, which
  refuses to overwrite: a source is never deleted or replaced, clashing names get `-2`.
* **Workers.** A process pool (spawned, not forked: the parent runs watchdog threads),
  each worker with one warm `Converter` per brand (WeasyPrint, fonts and brand CSS loaded
  once). Workers die with the watcher (PR_SET_PDEATHSIG), so a killed watcher never leaves
  a stray worker racing its successor. At most `2 × workers` files are handed out at a
  time; the rest wait in the (cheap) settle tracker.
* **Stopping.** SIGTERM/SIGINT finish the conversions in hand and exit 0; the files not
  yet started stay in `input/` and are taken on the next start.

How the modules fit, from the bottom up:

* `config.py` — which files are releases (`is_candidate`), `WatchConfig` (plain data,
  pickled to the workers), where processed/ and failed/ are.
* `events.py` — the log lines (`emit`), written by the parent and the workers alike.
* `moves.py` — moving sources without ever replacing a file, finishable after a crash.
* `worker.py` — everything that runs in a worker process: `_init_worker`, `process_job`
  (journal, render, publish, move the source), delivery with `--distribute`.
* `tracker.py` — the settle tracker and the watchdog event handler feeding it.
* `watcher.py` — `Watcher`, the parent: scan, recovery, taking files via the journal,
  the spawned pool (which finds `worker.process_job` by its module path), the main loop.
* `status.py` — `pressroom status`.
* `cli.py` — `register_cli`, plugged into `pipeline/cli.py`.

The parent never imports WeasyPrint; rendering lives in the workers.
"""

from __future__ import annotations

import importlib
from typing import Any

# Names are resolved on first use, so `pressroom --help` (which only needs `register_cli`)
# does not import the watcher, the tracker and the worker code.
_HOME = {
    "cmd_status": "cli", "cmd_watch": "cli", "default_workers": "cli", "register_cli": "cli",
    "WatchConfig": "config", "brand_folder": "config", "is_candidate": "config",
    "emit": "events", "format_line": "events",
    "_open_regular": "moves", "_same_file": "moves", "_same_stat": "moves", "_through_symlink": "moves",
    "error_file": "moves", "error_text": "moves", "finish_move": "moves", "free_name": "moves",
    "move_no_replace": "moves", "move_to_failed": "moves", "move_to_processed": "moves",
    "status_report": "status", "Tracker": "tracker", "Watcher": "watcher",
    "load_distribution": "worker", "process_job": "worker",
}  # fmt: skip

__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
