"""What runs in a worker process: one warm `Converter` per brand, one settled file per job.

The pool is spawned, so `_init_worker` and `process_job` are found by this module's
path; WeasyPrint and the parser are imported inside the functions, never by the parent.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import signal
import tempfile
import time
import traceback
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..deliver import _fsync_dir, plain_mode
from ..journal import Journal
from .config import KEY_LOCK_STRIPES, MAX_ATTEMPTS, STAGING_PREFIX, WatchConfig, _display, processed_folder
from .events import emit
from .moves import _open_regular, _same_stat, free_name, move_to_failed, move_to_processed


@contextlib.contextmanager
def _file_lock(path: Path, blocking: bool = True) -> Iterator[bool]:
    """An flock on `path` (created if missing); yields whether it was acquired. Dies with its process."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this worker when the watcher dies, so no orphan races the next watcher."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


@dataclass
class _Worker:
    cfg: WatchConfig
    journal: Journal
    converters: dict[str | None, Any] = field(default_factory=dict)
    distribution: Any = None

    def distribution_config(self) -> Any:
        """The pressroom.toml channels, loaded once; the delivery log lives beside the journal."""
        if self.distribution is None:
            self.distribution = load_distribution(self.cfg)
        return self.distribution

    def converter(self, brand: str | None) -> Any:
        """One `Converter` per brand, kept for the worker's life (fonts and CSS parsed once)."""
        from ..convert import Converter

        if brand not in self.converters:
            self.converters[brand] = Converter(
                self.cfg.output_dir,
                self.cfg.formats,
                brand=brand or self.cfg.brand,
                pdf_variant=self.cfg.pdf_variant,
                styles_dir=self.cfg.styles_dir,
                config_path=self.cfg.config_path,  # its [newsml] provider and guid authority
            )
        return self.converters[brand]


_W: _Worker | None = None


WARM_UP_RELEASE = """Pressroom

Warm-up release for a new worker

Press release   •   Nov 07, 2006 11:58 CET

STOCKHOLM - This release is converted once when a worker starts and thrown away,
so that the first real release does not pay for loading the parser's language
data, fonts, brand CSS and the PDF writer.

- A warm worker answers in well under a second, says the watcher.

###
"""


def _warm_up(converter: Any) -> None:
    """Run one whole conversion into a throw-away folder: parser, HTML, layout, NewsML and PDF writing."""
    from ..reader import read_release

    data = WARM_UP_RELEASE.encode("utf-8")
    release = read_release(data, "warm-up.txt")
    with tempfile.TemporaryDirectory(prefix="pressroom-warm-up-") as tmp:
        converter.convert_release(release, data, "warm-up.txt", version=1, folder=Path(tmp))


def _init_worker(cfg_data: dict[str, Any], parent: int, board: Any = None) -> None:
    """Pool initializer: ignore Ctrl-C (the watcher decides when to stop), die with the parent, warm up."""
    global _W
    from .. import budget

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    budget.attach(board)
    cfg = WatchConfig.from_dict(cfg_data)
    start = time.perf_counter()
    _W = _Worker(cfg, Journal(cfg.journal_path))
    warm_error = None
    if cfg.warm:
        # Every brand, not just the default: a release's brand is only known after parsing, and the
        # first release of each brand should not pay WeasyPrint's font and CSS loading (~0.5 s).
        try:
            from ..brand import list_brands

            names = [cfg.brand] if cfg.brand else [b.name for b in list_brands(cfg.styles_dir)]
            for name in names:
                _warm_up(_W.converter(name))
        except Exception as exc:  # a broken brand is reported per file, in failed/, with its reason
            warm_error = f"{type(exc).__name__}: {exc}"
    emit(
        "worker-ready",
        cfg.log_json,
        pid=os.getpid(),
        warm_s=round(time.perf_counter() - start, 3),
        warm_error=warm_error,
    )


def _ping() -> int:
    return os.getpid()


def _guid_of(folder: Path) -> str | None:
    """The NewsML-G2 guid just written (read back rather than recomputed: newsml.py owns the rule)."""
    import re

    try:
        with open(folder / "release.xml", "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    match = re.search(rb'<newsItem\b[^>]*\bguid="([^"]+)"', head)
    return match.group(1).decode("utf-8", "replace") if match else None


def _publish(staging: Path, cfg: WatchConfig, journal: Journal, key: str, sha: str) -> Path:
    """Rename a complete staged folder to `<key>` (or `<key>-N`), recording the choice first.

    Same naming as `deliver()`; the difference is the journal entry written before the
    rename, which lets a retry after a crash find this folder instead of making `-2`.
    """
    for n in range(1, 1000):
        target = cfg.output_dir / (key if n == 1 else f"{key}-{n}")
        if target.exists():
            continue
        journal.plan_folder(sha, str(target))
        try:
            os.rename(staging, target)
        except OSError:
            if target.exists():  # someone (a `pressroom convert`) took the name meanwhile
                continue
            raise
        _fsync_dir(cfg.output_dir)
        return target
    from ..errors import PressroomError

    raise PressroomError("deliver", f"more than 999 releases are named {key!r} in {cfg.output_dir}")


def _continued(w: _Worker, src: Path, data: bytes, sha: str) -> str | None:
    """The release key of an earlier content of this very file that this content continues, if any.

    A writer that pauses longer than the settle time gets its first part converted and
    published. When the rest arrives — the same file still in place (it changed during its
    conversion, `done-changed`), or the file at the same name again starting with exactly
    the bytes converted before (the first part was moved to processed/ meanwhile) — it is
    the same release, complete now: it replaces its own folder as the next version instead
    of becoming a second release with a `-2` folder.
    """
    prev = w.journal.published_at(str(src), sha)
    if prev is None or not prev.release_key:
        return None
    if prev.moved_to is None:  # kept in place because it was being written to: this is its continuation
        return prev.release_key
    try:
        with _open_regular(Path(prev.moved_to)) as fh:
            before = fh.read(len(data) + 1)
    except OSError:
        return None
    return prev.release_key if before and len(before) < len(data) and data.startswith(before) else None


def _convert_versioned(
    w: _Worker, converter: Any, release: Any, data: bytes, name: str, sha: str, timings: dict[str, float],
    continues: str | None = None,
) -> tuple[str, Path, list[Path], int, str]:
    """Render into the right folder with the right version; idempotent for a retried content.

    * A release identity already in the journal: render into its folder, as the same
      version if this is the content it was made from (a retry or `--reprocess`), else as
      the next version (an edit). The identity is the NewsML-G2 item guid (organization,
      headline and issue time — the same headline and date, in practice), so versions
      are always counted within one guid: an edit that changed the issue time is a new
      item in a new folder (`-2`), as its new guid says.
    * A folder this content was already published to (we died before recording it): reuse it.
    * Otherwise: stage a new folder under a hidden name and rename it into place.
    Serialised per identity with a striped file lock, so two edits dropped together get
    versions 2 and 3, not 2 and 2.
    """
    from ..deliver import folder_name
    from ..newsml import item_guid

    key = item_guid(release)
    base = folder_name(release)
    stripe = zlib.crc32(key.encode("utf-8")) % KEY_LOCK_STRIPES
    with _file_lock(w.cfg.state_dir / "locks" / f"release-{stripe:02d}.lock"):
        row = w.journal.get(sha)
        planned = Path(row.folder) if row and row.folder else None
        rel = w.journal.release(key)
        if rel is None and continues is not None:  # the rest of a file published half-written: same folder
            rel = w.journal.release(continues)
        # same content as the current version (a retry, --reprocess): same version; an edit: the next one
        version = 1 if rel is None else rel.version if rel.sha == sha else rel.version + 1
        if rel is not None and Path(rel.folder).is_dir():
            target: Path | None = Path(rel.folder)
        elif planned is not None and planned.is_dir():
            target = planned
        else:
            target = None
        if target is not None:
            result = converter.convert_release(release, data, name, version=version, folder=target, timings=timings)
        else:
            w.cfg.output_dir.mkdir(parents=True, exist_ok=True)
            staging = Path(
                tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{base[:40]}.", suffix=".partial", dir=w.cfg.output_dir)
            )
            try:
                result = converter.convert_release(
                    release, data, name, version=version, folder=staging, timings=timings
                )
                os.chmod(staging, plain_mode(directory=True))
                _fsync_dir(staging)
                start = time.perf_counter()
                target = _publish(staging, w.cfg, w.journal, base, sha)
                timings["deliver"] = timings.get("deliver", 0.0) + time.perf_counter() - start
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        outputs = [target / Path(p).name for p in result.outputs]
        w.journal.record_release(key, folder=str(target), guid=_guid_of(target), version=version, sha=sha)
        if continues is not None and continues != key and rel is not None and rel.key == continues:
            w.journal.record_release(continues, folder=str(target), guid=None, version=version, sha=sha)
    return key, target, outputs, version, result.brand


def process_job(job: dict[str, Any]) -> dict[str, Any]:
    """Convert one settled file end to end in a worker: journal, render, deliver, move the source.

    Returns a small picklable record for the parent's log line. Never raises for a bad
    release (that is a `failed` result); an exception here is a bug or a full disk, and the
    parent puts the file back in the queue.
    """

    assert _W is not None, "process_job runs in a pool worker"
    from .. import budget

    budget.begin(job["sha"])  # the parent stops this worker should the file take longer than the budget
    try:
        return _process_job(job)
    finally:
        budget.end()


def _process_job(job: dict[str, Any]) -> dict[str, Any]:
    from .. import budget
    from ..errors import PressroomError, environment_error, is_retryable

    assert _W is not None
    w, cfg = _W, _W.cfg
    src, sha, name, brand = Path(job["path"]), job["sha"], job["name"], job["brand"]
    t0 = time.perf_counter()
    base = {"source": _display(cfg, src), "sha": sha[:12], "pid": os.getpid()}
    try:
        with _open_regular(src) as fh:  # never through a link, never a FIFO that blocks the worker
            before = os.fstat(fh.fileno())
            data = fh.read()
    except FileNotFoundError:
        w.journal.withdraw(sha, "the file disappeared from the input folder before it was converted")
        return {**base, "result": "vanished"}
    if hashlib.sha256(data).hexdigest() != sha:
        w.journal.withdraw(sha)
        return {**base, "result": "changed"}  # still being written; the parent lets it settle again
    attempt = w.journal.start(sha, job["run"])
    timings: dict[str, float] = {}
    try:
        if attempt > MAX_ATTEMPTS:
            raise PressroomError(
                "watch",
                f"the conversion of this file was interrupted {attempt - 1} times "
                "(a worker crashed or the watcher was killed while converting it)",
                "check that the file is a normal press release of reasonable size",
            )
        from ..reader import read_release

        start = time.perf_counter()
        budget.stage("parse")
        try:
            release = read_release(data, name)
        finally:
            timings["parse"] = time.perf_counter() - start
        if brand is None:  # no brand folder: --brand, else the one matched by organization, else default
            brand = w.converter(None).brand_for(release).name
        converter = w.converter(brand)  # one warm converter per brand, shared by both ways of choosing it
        key, folder, outputs, version, brand_used = _convert_versioned(
            w, converter, release, data, name, sha, timings, continues=_continued(w, src, data, sha))
    except Exception as exc:
        if is_retryable(exc):  # the machine's trouble (disk full, read-only, a share gone): not the file's
            w.journal.postpone(sha)
            err = exc if isinstance(exc, PressroomError) else environment_error(exc, exc.filename or cfg.output_dir)  # type: ignore[union-attr]
            return {**base, "result": "retry", "stage": err.stage, "reason": err.reason, "hint": err.hint,
                    "attempt": attempt}
        if isinstance(exc, PressroomError):
            stage, reason, hint = exc.stage, exc.reason, exc.hint
        else:  # a bug must fail one file, loudly, not the watcher
            stage, reason = "internal", f"{type(exc).__name__}: {exc}"
            hint = "this is a bug in Pressroom, not in the file: report it with the file attached"
            emit("traceback", cfg.log_json, source=base["source"], text=traceback.format_exc())
        duration = time.perf_counter() - t0
        moved = move_to_failed(
            cfg,
            w.journal,
            src,
            sha,
            stage=stage,
            reason=reason,
            hint=hint,
            duration=duration,
            size=len(data),
            attempt=attempt,
        )
        return {
            **base,
            "result": "failed",
            "stage": stage,
            "reason": reason,
            "hint": hint,
            "moved_to": _display(cfg, moved),
            "duration": round(duration, 3),
            "attempt": attempt,
        }
    duration = time.perf_counter() - t0
    try:
        after: os.stat_result | None = os.stat(src)
    except FileNotFoundError:  # taken away by a person meanwhile: the outputs stand, nothing to move
        after = None
    changed = after is not None and not _same_stat(before, after)
    planned = None if changed or after is None else free_name(processed_folder(cfg), src.name)
    w.journal.mark_done(
        sha,
        release_key=key,
        folder=str(folder),
        outputs=[str(p) for p in outputs],
        version=version,
        guid=_guid_of(folder),
        duration=duration,
        moved_to=str(planned) if planned else None,
    )
    record = {
        **base,
        "result": "done",
        "folder": _display(cfg, folder),
        "outputs": [p.name for p in outputs],
        "version": version,
        "brand": brand_used,
        "attempt": attempt,
        "duration": round(duration, 3),
        "timings": ",".join(f"{k}:{v:.3f}" for k, v in timings.items()),
    }
    if release.review.needs_review:  # held by every channel until `pressroom confirm` or a render (confirm.py)
        from ..confirm import reasons_text

        record["review"] = reasons_text(release)
    if changed:  # written to again while we converted: keep it here, the new content comes next
        return {**record, "result": "done-changed"}
    if after is None:
        return {**record, "note": "the source disappeared during its conversion"}
    moved = move_to_processed(cfg, w.journal, src, sha, planned)
    record["moved_to"] = _display(cfg, moved)
    if cfg.distribute:
        record["deliveries"] = _distribute(w, folder)
    return record


def load_distribution(cfg: WatchConfig) -> Any:
    from ..distribute import delivery_log_path, load_config

    config = load_config(cfg.config_path)
    if not config.log_configured:
        config.log_path = delivery_log_path(cfg.state_dir)
    return config


def _distribute(w: _Worker, folder: Path) -> str:
    """Send a delivered release on every channel; a failed delivery never undoes the conversion.

    Returns `channel:status` pairs for the log line; the delivery log has the details.
    """
    from ..distribute import distribute_folder
    from ..errors import PressroomError

    try:
        results = distribute_folder(folder, w.distribution_config())
    except (PressroomError, OSError) as exc:
        return f"error:{exc}"
    return ",".join(f"{r.channel}:{r.status}" for r in results)
