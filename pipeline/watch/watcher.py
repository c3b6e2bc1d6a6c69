"""The long-running parent: observe, settle, take files via the journal, hand them to workers.

The parent runs watchdog threads, so the pool is spawned; it never imports WeasyPrint.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from ..journal import Journal
from .config import (
    RESERVED_DIRS,
    STAGING_PREFIX,
    WatchConfig,
    _display,
    brand_folder,
    folder_inside_input,
    folder_not_usable,
    is_candidate,
    processed_folder,
)
from .events import emit
from .lock import LOCK_NAME, InputLock, Locked
from .lock import acquire as acquire_input_lock
from .moves import _open_regular, _same_file, _through_symlink, finish_move, move_to_failed, move_to_processed
from .tracker import EventHandler, Tracker
from .worker import _file_lock, _init_worker, _ping, load_distribution, process_job

if TYPE_CHECKING:  # the pool machinery is imported when a watcher starts, not for `pressroom --help`
    from concurrent.futures import Future, ProcessPoolExecutor


SEND_DUE_EVERY = 60
EMPTY_PATIENCE = 15.0
"""Seconds an empty file is left alone (a writer that created it and paused) before it is failed."""
RETRY_FIRST, RETRY_MAX = 5.0, 300.0
"""Back-off for files the machine could not write (disk full, read-only): first wait, longest wait."""
"""Seconds between looks for embargoed deliveries that came due."""


class Watcher:
    """The long-running service: observe, settle, dispatch to workers, log, stop cleanly."""

    def __init__(self, cfg: WatchConfig):
        self.cfg = cfg
        self.input_dir = cfg.input_dir.resolve()
        self.cfg.input_dir = self.input_dir
        self.cfg.output_dir = cfg.output_dir.resolve()
        self.cfg.state_dir = cfg.state_dir.resolve()
        self.run_id = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.tracker = Tracker(cfg.settle)
        self.running = False
        self.stopping = False
        self._scan_requests: list[Path] = []
        self._scan_lock = threading.Lock()
        self._inflight: dict[Future[dict[str, Any]], tuple[Path, str]] = {}
        self._pool_of: dict[Future[dict[str, Any]], ProcessPoolExecutor] = {}
        self._pool: ProcessPoolExecutor | None = None
        self.counts = {"done": 0, "failed": 0, "duplicate": 0}
        self._signals = 0
        self._links_reported: set[Path] = set()
        self._input_lock: InputLock | None = None
        self._retries: dict[Path, int] = {}
        self._board: Any = None
        self._over_budget: set[str] = set()

    # -- events

    def consider(self, path: Path, *, renamed: bool = False) -> None:
        """A path was created/written/renamed: track it if it is a release file under input/."""
        try:
            rel = path.relative_to(self.input_dir)
        except ValueError:
            return
        if is_candidate(rel):
            self.tracker.touch(path, renamed=renamed)

    def request_scan(self, folder: Path) -> None:
        with self._scan_lock:
            self._scan_requests.append(folder)
        self.tracker.wake.set()

    def scan(self, folder: Path | None = None) -> int:
        """Track every candidate file under `folder` (default: the whole input folder)."""
        root = folder or self.input_dir
        found = 0
        busy = {p for p, _ in self._inflight.values()}
        for dirpath, dirnames, filenames in os.walk(root):
            here = Path(dirpath)
            try:
                rel_dir = here.relative_to(self.input_dir)
            except ValueError:
                return found
            dirnames[:] = sorted(
                d for d in dirnames if not d.startswith(".") and not (rel_dir == PurePath(".") and d in RESERVED_DIRS)
            )
            for name in sorted(filenames):
                path = here / name
                if path in busy or path in self.tracker:
                    continue
                if is_candidate(path.relative_to(self.input_dir)):
                    self.tracker.touch(path)
                    found += 1
        return found

    # -- signals

    def _on_signal(self, signum: int, frame: Any) -> None:
        self._signals += 1
        if self._signals > 1 and signum == signal.SIGINT:
            emit(
                "abort",
                self.cfg.log_json,
                signal=signal.Signals(signum).name,
                note="second interrupt: leaving now; the journal finishes the rest on the next start",
            )
            os._exit(130)
        if not self.stopping:
            emit("stopping", self.cfg.log_json, signal=signal.Signals(signum).name, in_hand=len(self._inflight))
        self.stopping = True
        self.tracker.wake.set()

    # -- the pool

    def _start_pool(self) -> ProcessPoolExecutor:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")
        if self._board is None:
            from ..budget import Board

            self._board = Board(context, self.cfg.time_budget)
        pool = ProcessPoolExecutor(
            max_workers=self.cfg.workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(self.cfg.to_dict(), os.getpid(), self._board.queue),
        )
        for _ in range(self.cfg.workers):  # start (and warm) every worker now, not on the first drop
            pool.submit(_ping)
        return pool

    # -- startup housekeeping

    def _recover(self, journal: Journal) -> None:
        """Reset work a dead predecessor left claimed and sweep its hidden staging folders."""
        for row in journal.reset_interrupted(self.run_id):
            emit(
                "recover",
                self.cfg.log_json,
                source=_display(self.cfg, row.path),
                sha=row.sha[:12],
                state=row.state,
                attempts=row.attempts,
            )
            if not Path(row.path).exists():  # moved away by a person meanwhile: nothing left to finish
                journal.withdraw(row.sha, "the file disappeared from the input folder before it was converted")
        if self.cfg.output_dir.is_dir():
            from ..deliver import sweep_staging

            sweep_staging(self.cfg.output_dir)  # a version swap a kill interrupted (the old set is in place)
            for child in self.cfg.output_dir.iterdir():
                if child.name.startswith(STAGING_PREFIX) and child.name.endswith(".partial"):
                    shutil.rmtree(child, ignore_errors=True)

    # -- dispatch

    def _take(self, journal: Journal, path: Path) -> None:
        """A settled file: decide from the journal whether to convert, skip or finish it."""
        cfg = self.cfg
        if _through_symlink(path):
            # A link could point anywhere the watcher can read (its config, a key, another
            # customer's files): its target would be converted, published and distributed.
            self.tracker.forget(path)
            if path not in self._links_reported:
                self._links_reported.add(path)
                emit("ignored", cfg.log_json, source=_display(cfg, path),
                     note="a symbolic link is never taken; copy the release file itself into the folder")
            return
        try:
            h = hashlib.sha256()
            size = 0
            with _open_regular(path) as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
                    size += len(chunk)
        except FileNotFoundError:
            self.tracker.forget(path)
            return
        except OSError as exc:  # e.g. a share that went away: try again later
            emit("unreadable", cfg.log_json, source=_display(cfg, path), error=exc.strerror or str(exc))
            self.tracker.touch(path, delay=5.0)
            return
        sha = h.hexdigest()
        if size == 0 and time.time() - os.stat(path).st_mtime < EMPTY_PATIENCE:
            # just created, the writer not started (or paused): an empty file is not failed at once
            self.tracker.touch(path, delay=1.0)
            return
        if any(s == sha for _, s in self._inflight.values()):
            # another copy of the same content is being converted right now: decide once it is done
            self.tracker.touch(path, delay=0.25)
            return
        row = journal.get(sha)
        self.tracker.forget(path)
        if row is not None and row.state == "done" and not cfg.reprocess:
            planned = Path(row.moved_to) if row.moved_to else None
            if row.path == str(path) and (planned is None or not planned.exists() or _same_file(path, planned)):
                moved = move_to_processed(cfg, journal, path, sha, planned)
                emit(
                    "file",
                    cfg.log_json,
                    source=_display(cfg, path),
                    result="done",
                    note="finished after restart",
                    folder=_display(cfg, row.folder or ""),
                    moved_to=_display(cfg, moved),
                )
                return
            journal.count_duplicate(sha)
            moved = finish_move(path, None, processed_folder(cfg))
            self.counts["duplicate"] += 1
            emit(
                "file",
                cfg.log_json,
                source=_display(cfg, path),
                result="duplicate",
                sha=sha[:12],
                same_as=_display(cfg, row.path),
                folder=_display(cfg, row.folder or ""),
                moved_to=_display(cfg, moved),
                note="same content already converted; --reprocess to force",
            )
            return
        if row is not None and row.state == "failed" and row.path == str(path) and row.moved_to:
            planned = Path(row.moved_to)
            if not planned.exists() or _same_file(path, planned):
                moved = move_to_failed(
                    cfg,
                    journal,
                    path,
                    sha,
                    stage=row.stage or "?",
                    reason=row.reason or "?",
                    hint=row.hint,
                    duration=row.duration or 0.0,
                    size=size,
                    planned=planned,
                )
                emit(
                    "file",
                    cfg.log_json,
                    source=_display(cfg, path),
                    result="failed",
                    stage=row.stage,
                    reason=row.reason,
                    moved_to=_display(cfg, moved),
                    note="finished after restart",
                )
                return
        rel = path.relative_to(self.input_dir)
        brand = brand_folder(rel)
        if brand is not None and not self._brand_exists(brand):
            emit(
                "warning",
                cfg.log_json,
                source=_display(cfg, path),
                brand=brand,
                note=f"no brand {brand!r} under styles/: using the default",
            )
            brand = None
        journal.enqueue(sha, str(path), path.name, brand, self.run_id)
        from ..convert import check_source_size
        from ..errors import PressroomError

        try:  # a worker would read it whole: a multi-GB drop must fail on its size alone
            check_source_size(size)
        except PressroomError as exc:
            moved = move_to_failed(cfg, journal, path, sha, stage=exc.stage, reason=exc.reason, hint=exc.hint,
                                   duration=0.0, size=size)
            self.counts["failed"] += 1
            emit("file", cfg.log_json, source=_display(cfg, path), result="failed", stage=exc.stage,
                 reason=exc.reason, hint=exc.hint, moved_to=_display(cfg, moved))
            return
        assert self._pool is not None
        job = {"path": str(path), "sha": sha, "name": path.name, "brand": brand, "run": self.run_id}
        from concurrent.futures.process import BrokenProcessPool

        try:
            future = self._pool.submit(process_job, job)
        except BrokenProcessPool:  # a worker died since the last collect: replace the pool, then submit
            self._restart_pool()
            future = self._pool.submit(process_job, job)
        self._inflight[future] = (path, sha)
        self._pool_of[future] = self._pool

    def _brand_exists(self, name: str) -> bool:
        from ..brand import default_styles_dir

        styles = self.cfg.styles_dir or default_styles_dir()
        return (styles / name / "brand.toml").is_file()

    def _collect(self, journal: Journal, futures: list[Future[dict[str, Any]]]) -> None:
        from concurrent.futures.process import BrokenProcessPool

        broken: set[ProcessPoolExecutor] = set()
        for fut in futures:
            path, sha = self._inflight.pop(fut)
            pool = self._pool_of.pop(fut, None)
            if fut.cancelled():
                journal.requeue(sha)
                continue
            try:
                rec = fut.result()
            except BrokenProcessPool:
                if pool is not None:
                    broken.add(pool)
                if sha in self._over_budget:  # we stopped it: already failed and logged
                    self._over_budget.discard(sha)
                    continue
                journal.requeue(sha)
                if not self.stopping:
                    self.tracker.touch(path, renamed=True)
                emit(
                    "file",
                    self.cfg.log_json,
                    source=_display(self.cfg, path),
                    result="retry",
                    note="a worker process died; converting again",
                )
                continue
            except Exception as exc:  # a bug or an environment problem (disk full): retry later, loudly
                journal.requeue(sha)
                self.tracker.touch(path, delay=5.0)
                emit(
                    "file",
                    self.cfg.log_json,
                    source=_display(self.cfg, path),
                    result="error",
                    error=f"{type(exc).__name__}: {exc}",
                    note="will retry in 5 s",
                )
                continue
            result = rec.pop("result")
            if result == "retry":  # disk full, read-only output…: try again later, with back-off
                delay = self._backoff(path)
                self.tracker.touch(path, delay=delay)
                emit("file", self.cfg.log_json, result=result, note=f"will retry in {delay:g} s", **rec)
                continue
            self._retries.pop(path, None)
            if result in ("changed", "done-changed"):
                self.tracker.touch(path)
            if result in ("done", "failed"):
                self.counts[result] += 1
            emit("file", self.cfg.log_json, result=result, **rec)
        if self._pool in broken and not self.stopping:  # not again for late futures of an old pool
            self._restart_pool()

    def _enforce_budget(self, journal: Journal) -> None:
        """Stop a worker whose file is over the time budget; fail that file; the pool is replaced."""
        if self._board is None:
            return
        from ..budget import HINT, reason

        for job in self._board.overdue():
            found = next(((p, s) for p, s in self._inflight.values() if s == job.key), None)
            self._board.kill(job)
            if found is None:
                continue
            path, sha = found
            self._over_budget.add(sha)
            why = reason(self.cfg.time_budget, job.seconds)
            try:
                size = path.stat().st_size
            except OSError:
                size = None
            moved = move_to_failed(self.cfg, journal, path, sha, stage=job.stage, reason=why, hint=HINT,
                                   duration=job.seconds, size=size)
            self.counts["failed"] += 1
            emit("file", self.cfg.log_json, source=_display(self.cfg, path), result="failed", stage=job.stage,
                 reason=why, hint=HINT, moved_to=_display(self.cfg, moved), duration=round(job.seconds, 3))

    def _backoff(self, path: Path) -> float:
        """5 s, 10 s, 20 s … at most `RETRY_MAX` s between tries of a file the machine could not write."""
        n = self._retries.get(path, 0)
        self._retries[path] = n + 1
        return float(min(RETRY_FIRST * 2**n, RETRY_MAX))

    def _restart_pool(self) -> None:
        emit("pool", self.cfg.log_json, note="worker pool broken; starting a new one")
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._start_pool()

    # -- main loop

    def run(self) -> int:
        """Run until stopped by a signal (or, with `once`, until nothing is left); return the exit code."""
        cfg = self.cfg
        problem = folder_inside_input(cfg) or folder_not_usable(cfg)
        if problem is not None:
            print(f"pressroom: {problem}", file=sys.stderr)
            return 2
        try:
            self._input_lock = acquire_input_lock(self.input_dir)
        except Locked as exc:
            print(f"pressroom: {self.input_dir}: [watch] another watcher is already running on this input folder "
                  f"({exc}; lock file {self.input_dir / LOCK_NAME}) (stop it first; one watcher per folder, "
                  "whatever its --state)", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"pressroom: {self.input_dir}: [watch] cannot lock the input folder: {exc.strerror or exc} "
                  "(the watcher needs write access to the folder it watches)", file=sys.stderr)
            return 2
        try:
            cfg.state_dir.mkdir(parents=True, exist_ok=True)
            with _file_lock(cfg.state_dir / "watch.lock", blocking=False) as locked:
                if not locked:
                    print(f"pressroom: {cfg.state_dir}: [watch] another watcher is already running on this state "
                          "folder (stop it first, or pass another --state)", file=sys.stderr)
                    return 2
                return self._run_locked()
        finally:
            self._input_lock.release()

    def _run_locked(self) -> int:
        cfg = self.cfg
        installed: dict[int, Any] = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                installed[sig] = signal.signal(sig, self._on_signal)
        journal = Journal(cfg.journal_path)
        observer = None
        try:
            self._recover(journal)
            self._pool = self._start_pool()
            if not cfg.once:
                observer = self._start_observer()
            self.running = True
            waiting = self.scan()
            emit(
                "watching",
                cfg.log_json,
                input=str(self.input_dir),
                output=str(cfg.output_dir),
                state=str(cfg.state_dir),
                observer=("none (--once)" if cfg.once else f"polling every {cfg.poll} s" if cfg.poll else "inotify"),
                workers=cfg.workers,
                settle=cfg.settle,
                formats=list(cfg.formats),
                waiting=waiting,
                pid=os.getpid(),
            )
            self._loop(journal)
        finally:
            self.running = False
            if observer is not None:
                observer.stop()
            if self._pool is not None:
                pending = [f for f in self._inflight if f.cancel()]
                self._collect(journal, pending)
                self._collect(journal, list(self._inflight))  # the conversions in hand: let them finish
                self._pool.shutdown(wait=True, cancel_futures=True)
            if observer is not None:
                observer.join(timeout=5)
            journal.close()
            for sig, old in installed.items():
                signal.signal(sig, old)
        emit(
            "stopped",
            cfg.log_json,
            done=self.counts["done"],
            failed=self.counts["failed"],
            duplicates=self.counts["duplicate"],
        )
        return 0 if not (cfg.once and self.counts["failed"]) else 1

    def _send_due_forever(self) -> None:
        """Embargoed e-mail waits in the delivery log; send what came due once a minute."""
        from ..distribute import send_due

        config = load_distribution(self.cfg)
        while not self.stopping:
            try:
                for result in send_due(config, [self.cfg.output_dir]):
                    emit("delivery", self.cfg.log_json, release=result.release, channel=result.channel,
                         result=result.status, reason=result.reason)
            except Exception as exc:  # a broken log or network must not stop the watcher
                emit("delivery", self.cfg.log_json, result="error", error=f"{type(exc).__name__}: {exc}")
            for _ in range(SEND_DUE_EVERY):
                if self.stopping:
                    return
                time.sleep(1.0)

    def _loop(self, journal: Journal) -> None:
        cfg = self.cfg
        if cfg.distribute and not cfg.once:
            threading.Thread(target=self._send_due_forever, name="send-due", daemon=True).start()
        limit = max(2 * cfg.workers, 2)
        last_scan = time.monotonic()
        while not self.stopping:
            if self._input_lock is not None:
                self._input_lock.heartbeat()
            with self._scan_lock:
                requests, self._scan_requests = self._scan_requests, []
            for folder in requests:
                self.scan(folder)
            if cfg.rescan and time.monotonic() - last_scan >= cfg.rescan and not cfg.once:
                self.scan()
                last_scan = time.monotonic()
            self._enforce_budget(journal)
            finished = [f for f in self._inflight if f.done()]
            if finished:
                self._collect(journal, finished)
            busy = {p for p, _ in self._inflight.values()}
            ready, next_in = self.tracker.due(busy)
            for path in ready:
                if len(self._inflight) >= limit or self.stopping:
                    break
                try:
                    self._take(journal, path)
                except Exception as exc:  # one file's trouble (a locked journal, a full disk) must not stop the rest
                    emit(
                        "file",
                        cfg.log_json,
                        source=_display(cfg, path),
                        result="error",
                        error=f"{type(exc).__name__}: {exc}",
                        note="will retry in 30 s",
                    )
                    self.tracker.touch(path, delay=30.0)
            if cfg.once and not self._inflight and not len(self.tracker):
                return
            if self._inflight:
                next_in = min(next_in, 0.02)  # poll futures often: a done file should be logged promptly
            self.tracker.wake.wait(timeout=next_in)
            self.tracker.wake.clear()

    def _start_observer(self) -> Any:
        import warnings

        cfg = self.cfg
        # watchdog warns when a folder it already watches is added again (processed/<date>/ made with its
        # parent in one go); the watch is fine, the warning would only clutter the per-file log.
        warnings.filterwarnings("ignore", message="Callback with id", category=RuntimeWarning)
        if cfg.poll:
            from watchdog.observers.polling import PollingObserverVFS

            # Each poll stats the whole tree; over months processed/ holds thousands of files on
            # the share, so the snapshot skips it (and failed/, and every dot-folder) altogether.
            root = str(self.input_dir)

            def listdir(path: str | None) -> Iterator[os.DirEntry[str]]:
                with os.scandir(path) as entries:
                    for entry in entries:
                        if entry.name.startswith(".") or (path == root and entry.name in RESERVED_DIRS):
                            continue
                        yield entry

            observer: Any = PollingObserverVFS(os.stat, listdir, polling_interval=cfg.poll)
        else:
            try:
                from watchdog.observers.inotify import InotifyObserver

                observer = InotifyObserver(generate_full_events=True)
            except Exception:  # not Linux: the platform's native observer
                from watchdog.observers import Observer

                observer = Observer()
        observer.schedule(EventHandler(self), str(self.input_dir), recursive=True)
        observer.start()
        return observer
