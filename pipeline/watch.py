"""Drop folder → converted releases: `pressroom watch` and `pressroom status`.

People save or copy releases into `input/` (often over a network share, often slowly,
sometimes twice) and expect the PDF and NewsML-G2 in `output/` a second later. This
module turns the `Converter` into a service one can leave running for months:

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

The parent never imports WeasyPrint; rendering lives in the workers.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
import traceback
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from .deliver import _fsync_dir, plain_mode, write_atomic
from .journal import Journal

if TYPE_CHECKING:  # the pool machinery is imported when a watcher starts, not for `pressroom --help`
    from concurrent.futures import Future, ProcessPoolExecutor


STATE_DIRNAME = ".pressroom"
PROCESSED_DIRNAME = "processed"
FAILED_DIRNAME = "failed"
RESERVED_DIRS = frozenset({PROCESSED_DIRNAME, FAILED_DIRNAME})
IGNORED_SUFFIXES = frozenset(
    {
        ".part",
        ".partial",
        ".tmp",
        ".temp",
        ".crdownload",
        ".download",
        ".swp",
        ".swx",
        ".swo",
        ".lock",
        ".filepart",
        ".error.txt",
    }
)
IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini", "icon\r"})
STAGING_PREFIX = ".pressroom-watch-"
MAX_ATTEMPTS = 3
"""A file whose conversion was interrupted this often (worker crash, watcher killed) is failed."""
DEFAULT_SETTLE = 0.5
DEFAULT_POLL_SETTLE = 2.0
"""Network shares often store mtimes with 1–2 s granularity; settle over at least one such step."""
KEY_LOCK_STRIPES = 64


# --------------------------------------------------------------------------- what is a release file


def is_candidate(rel: PurePath) -> bool:
    """Whether a path (relative to the input folder) is a release to take, not a temp/lock/hidden file.

    Editors, browsers, Office and copy tools write to names like `x.part`, `~$x.docx`,
    `.~lock.x#`, `.x.swp` and rename at the end; taking those would convert half a file.
    """
    parts = rel.parts
    if not parts or parts[0] in RESERVED_DIRS:
        return False
    if any(part.startswith(".") for part in parts):
        return False  # dot-files, .~lock*, the state folder, rsync's .name.XXXXXX
    name = parts[-1]
    lower = name.lower()
    if lower.startswith(("~$", "~")) or lower.endswith("~"):
        return False
    if lower in IGNORED_NAMES or lower.startswith("readme"):
        return False
    return not any(lower.endswith(suffix) for suffix in IGNORED_SUFFIXES)


def brand_folder(rel: PurePath) -> str | None:
    """`input/<brand>/file.txt` → `<brand>`; a file directly in `input/` has none."""
    return rel.parts[0] if len(rel.parts) > 1 else None


# --------------------------------------------------------------------------- configuration


@dataclass
class WatchConfig:
    """Everything a watcher and its workers need; plain data so it pickles to spawned workers."""

    input_dir: Path
    output_dir: Path
    state_dir: Path
    formats: tuple[str, ...] = ("html", "pdf", "xml", "json")
    brand: str | None = None
    pdf_variant: str = "pdf/a-3b"
    styles_dir: Path | None = None
    workers: int = 1
    poll: float | None = None
    settle: float = DEFAULT_SETTLE
    rescan: float = 30.0
    reprocess: bool = False
    once: bool = False
    log_json: bool = False
    warm: bool = True
    distribute: bool = False
    config_path: str | None = None

    @property
    def journal_path(self) -> Path:
        return self.state_dir / "journal.sqlite"

    def to_dict(self) -> dict[str, Any]:
        return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WatchConfig:
        data = dict(data)
        for key in ("input_dir", "output_dir", "state_dir", "styles_dir"):
            if data.get(key) is not None:
                data[key] = Path(data[key])
        data["formats"] = tuple(data["formats"])
        return cls(**data)


# --------------------------------------------------------------------------- log lines


def _fmt_value(value: Any) -> str:
    text = ",".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
    if not text.isprintable():  # a file name with CR, ESC or U+2028 must not forge or hide log lines
        return json.dumps(text)
    if text == "" or any(ch in text for ch in ' "=\t\n'):
        return json.dumps(text, ensure_ascii=False)
    return text


def format_line(event: str, fields: dict[str, Any], as_json: bool) -> str:
    """One structured line: logfmt for people and grep, JSON lines for log shippers."""
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    fields = {k: v for k, v in fields.items() if v is not None}
    if as_json:
        line = json.dumps({"ts": stamp, "event": event, **fields}, ensure_ascii=False, default=str)
        # U+2028, DEL, C1 controls stay raw with ensure_ascii=False: escape what is not printable
        return "".join(ch if ch.isprintable() else json.dumps(ch)[1:-1] if ord(ch) > 0xFFFF
                       else f"\\u{ord(ch):04x}" for ch in line)
    return " ".join([stamp, event, *(f"{k}={_fmt_value(v)}" for k, v in fields.items())])


def emit(event: str, as_json: bool = False, **fields: Any) -> None:
    """Write one log line to stderr (unbuffered, one write, so lines of several processes never mix)."""
    line = format_line(event, fields, as_json) + "\n"
    with contextlib.suppress(OSError, ValueError):
        os.write(2, line.encode("utf-8", "replace"))


# --------------------------------------------------------------------------- moving sources safely


def _candidates(name: str) -> Iterator[str]:
    """`a.txt`, `a-2.txt`, `a-3.txt`, …: the names a clashing source may take."""
    yield name
    p = PurePath(name)
    stem, suffix = (p.stem, p.suffix) if p.stem else (name, "")
    for n in range(2, 100000):
        yield f"{stem}-{n}{suffix}"


def free_name(folder: Path, name: str, *, with_error_file: bool = False) -> Path:
    """The first name in `folder` not taken (and, for failed/, whose `.error.txt` is not taken)."""
    for candidate in _candidates(name):
        target = folder / candidate
        if target.exists() or target.is_symlink():
            continue
        if with_error_file and error_file(target).exists():
            continue
        return target
    raise OSError(errno.EEXIST, f"no free name for {name} in {folder}")


def error_file(moved_source: Path) -> Path:
    return moved_source.with_name(moved_source.name + ".error.txt")


def move_no_replace(src: Path, dest: Path, *, with_error_file: bool = False) -> Path:
    """Move `src` to `dest` (or `dest-N` if taken) without ever replacing a file; return where it went.

    `link` + `unlink` is atomic against a clash (link fails with EEXIST, rename would
    silently overwrite). A crash between the two leaves the same file under both names,
    which the next start recognises (same inode) and finishes. File systems without hard
    links (some SMB mounts) fall back to a rename guarded by an existence check.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(1000):
        try:
            os.link(src, dest)
        except FileExistsError:
            dest = free_name(dest.parent, dest.name, with_error_file=with_error_file)
            continue
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV):
                raise
            if dest.exists():
                dest = free_name(dest.parent, dest.name, with_error_file=with_error_file)
                continue
            os.rename(src, dest)
            break
        os.unlink(src)
        break
    else:  # pragma: no cover - 1000 races in a row
        raise OSError(errno.EEXIST, f"could not find a free name for {src.name} in {dest.parent}")
    _fsync_dir(dest.parent)
    _fsync_dir(src.parent)
    return dest


def finish_move(src: Path, planned: Path | None, folder: Path, *, with_error_file: bool = False) -> Path:
    """Complete a move a crash interrupted: unlink if already linked, else move (to a free name)."""
    if planned is not None and planned.exists():
        with contextlib.suppress(OSError):
            if os.path.samefile(src, planned):
                os.unlink(src)
                _fsync_dir(src.parent)
                return planned
        planned = None
    target = planned or free_name(folder, src.name, with_error_file=with_error_file)
    return move_no_replace(src, target, with_error_file=with_error_file)


def error_text(
    name: str,
    dropped: str,
    stage: str,
    reason: str,
    hint: str | None,
    sha: str,
    size: int | None,
    attempt: int | None = None,
) -> str:
    """The `<name>.error.txt` a person reads in failed/: what went wrong, in plain words, and what to do."""
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
    fix = hint or "correct the file and drop it into the input folder again"
    lines = [
        f'Pressroom could not convert "{name}".',
        "",
        f"What went wrong (stage: {stage}):",
        f"  {reason}",
        "",
        "How to fix it:",
        f"  {fix[0].upper() + fix[1:]}" + ("" if fix.rstrip()[-1:] in ".!?" else "."),
        "  Then drop the corrected file into the input folder again (a changed file is always converted).",
        "",
        f"Dropped as:  {dropped}",
        f"Size:        {size if size is not None else '?'} bytes",
        f"SHA-256:     {sha}",
        f"Failed at:   {when}" + (f" (attempt {attempt})" if attempt else ""),
        "",
    ]
    return "\n".join(lines)


def processed_folder(cfg: WatchConfig) -> Path:
    return cfg.input_dir / PROCESSED_DIRNAME / dt.date.today().isoformat()


def failed_folder(cfg: WatchConfig) -> Path:
    return cfg.input_dir / FAILED_DIRNAME


def move_to_failed(
    cfg: WatchConfig,
    journal: Journal,
    src: Path,
    sha: str,
    *,
    stage: str,
    reason: str,
    hint: str | None,
    duration: float,
    size: int | None,
    attempt: int | None = None,
    planned: Path | None = None,
) -> Path:
    """Journal first, then the explanation, then the source: each step is safe to repeat after a crash."""
    folder = failed_folder(cfg)
    folder.mkdir(parents=True, exist_ok=True)
    if planned is None or (planned.exists() and not _same_file(src, planned)):
        planned = free_name(folder, src.name, with_error_file=True)
    journal.mark_failed(sha, stage=stage, reason=reason, hint=hint, duration=duration, moved_to=str(planned))
    rel = _display(cfg, src)
    text = error_text(src.name, rel, stage, reason, hint, sha, size, attempt)
    write_atomic(error_file(planned), text.encode("utf-8"))
    moved = finish_move(src, planned, folder, with_error_file=True)
    if moved != planned:  # the name was taken between our check and the link
        write_atomic(error_file(moved), text.encode("utf-8"))
        with contextlib.suppress(OSError):
            error_file(planned).unlink()
        journal.set_moved(sha, str(moved))
    return moved


def move_to_processed(cfg: WatchConfig, journal: Journal, src: Path, sha: str, planned: Path | None = None) -> Path:
    folder = processed_folder(cfg)
    moved = finish_move(src, planned, folder)
    if planned is None or moved != planned:
        journal.set_moved(sha, str(moved))
    return moved


def _through_symlink(path: Path) -> bool:
    """Whether `path` (absolute, under the resolved input folder) is a symbolic link or lies
    in a linked folder: its real path then differs from the path itself."""
    return os.path.islink(path) or os.path.realpath(path) != str(path)


def _open_regular(path: Path) -> Any:
    """Open a regular file for reading, not through a symbolic link (ELOOP) and not a FIFO or
    device swapped in after the stat (which would block or never end)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, f"{path.name} is not a regular file")
    return open(fd, "rb")


def _same_stat(before: os.stat_result, after: os.stat_result) -> bool:
    """The same file, unchanged: same inode (a file renamed over it is another file, even with
    the same size and mtime, as `cp -p` or `rsync -t` leave it), same size and mtime, and the
    same ctime (a write in place with the mtime set back still moves the ctime, which no
    tool can set)."""
    return (before.st_dev, before.st_ino, before.st_size, before.st_mtime_ns, before.st_ctime_ns) == (
        after.st_dev, after.st_ino, after.st_size, after.st_mtime_ns, after.st_ctime_ns)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _display(cfg: WatchConfig, path: Path | str) -> str:
    """Paths in log lines and error files relative to the input folder's parent (`input/x.txt`)."""
    path = Path(path)
    for base in (cfg.input_dir.parent, cfg.output_dir.parent):
        with contextlib.suppress(ValueError):
            return str(path.relative_to(base))
    return str(path)


# --------------------------------------------------------------------------- worker side


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
        from .convert import Converter

        if brand not in self.converters:
            self.converters[brand] = Converter(
                self.cfg.output_dir,
                self.cfg.formats,
                brand=brand or self.cfg.brand,
                pdf_variant=self.cfg.pdf_variant,
                styles_dir=self.cfg.styles_dir,
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
    from .reader import read_release

    data = WARM_UP_RELEASE.encode("utf-8")
    release = read_release(data, "warm-up.txt")
    with tempfile.TemporaryDirectory(prefix="pressroom-warm-up-") as tmp:
        converter.convert_release(release, data, "warm-up.txt", version=1, folder=Path(tmp))


def _init_worker(cfg_data: dict[str, Any], parent: int) -> None:
    """Pool initializer: ignore Ctrl-C (the watcher decides when to stop), die with the parent, warm up."""
    global _W
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    cfg = WatchConfig.from_dict(cfg_data)
    start = time.perf_counter()
    _W = _Worker(cfg, Journal(cfg.journal_path))
    warm_error = None
    if cfg.warm:
        # Every brand, not just the default: a release's brand is only known after parsing, and the
        # first release of each brand should not pay WeasyPrint's font and CSS loading (~0.5 s).
        try:
            from .brand import list_brands

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
    from .errors import PressroomError

    raise PressroomError("deliver", f"more than 999 releases are named {key!r} in {cfg.output_dir}")


def _convert_versioned(
    w: _Worker, converter: Any, release: Any, data: bytes, name: str, sha: str, timings: dict[str, float]
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
    from .deliver import folder_name
    from .newsml import item_guid

    key = item_guid(release)
    base = folder_name(release)
    stripe = zlib.crc32(key.encode("utf-8")) % KEY_LOCK_STRIPES
    with _file_lock(w.cfg.state_dir / "locks" / f"release-{stripe:02d}.lock"):
        row = w.journal.get(sha)
        planned = Path(row.folder) if row and row.folder else None
        rel = w.journal.release(key)
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
    return key, target, outputs, version, result.brand


def process_job(job: dict[str, Any]) -> dict[str, Any]:
    """Convert one settled file end to end in a worker: journal, render, deliver, move the source.

    Returns a small picklable record for the parent's log line. Never raises for a bad
    release (that is a `failed` result); an exception here is a bug or a full disk, and the
    parent puts the file back in the queue.
    """
    from .errors import PressroomError

    assert _W is not None, "process_job runs in a pool worker"
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
        from .reader import read_release

        start = time.perf_counter()
        try:
            release = read_release(data, name)
        finally:
            timings["parse"] = time.perf_counter() - start
        if brand is None:  # no brand folder: --brand, else the one matched by organization, else default
            brand = w.converter(None).brand_for(release).name
        converter = w.converter(brand)  # one warm converter per brand, shared by both ways of choosing it
        key, folder, outputs, version, brand_used = _convert_versioned(w, converter, release, data, name, sha, timings)
    except Exception as exc:
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
    from .distribute import delivery_log_path, load_config

    config = load_config(cfg.config_path)
    if not config.log_configured:
        config.log_path = delivery_log_path(cfg.state_dir)
    return config


def _distribute(w: _Worker, folder: Path) -> str:
    """Send a delivered release on every channel; a failed delivery never undoes the conversion.

    Returns `channel:status` pairs for the log line; the delivery log has the details.
    """
    from .distribute import distribute_folder
    from .errors import PressroomError

    try:
        results = distribute_folder(folder, w.distribution_config())
    except (PressroomError, OSError) as exc:
        return f"error:{exc}"
    return ",".join(f"{r.channel}:{r.status}" for r in results)


# --------------------------------------------------------------------------- parent side: settling


@dataclass
class _Pending:
    sig: tuple[int, int] | None
    changed: float
    renamed: bool = False
    not_before: float = 0.0
    checked: float = 0.0
    first_seen: float = field(default_factory=time.monotonic)


class Tracker:
    """Files seen but not yet taken, with the read-lock rule: stable for `settle` s, or renamed in.

    Fed by observer threads and scans, drained by the watcher's main loop. Holding only a
    stat signature per path, it is the unbounded-but-cheap part of the queue; the bounded
    part is the set of jobs handed to workers.
    """

    def __init__(self, settle: float):
        self.settle = settle
        # Stat each pending file at most this often: the main loop spins fast while workers are
        # busy, and on a network share every stat is a round trip.
        self.recheck = max(0.05, min(settle / 5, 0.5))
        self._items: dict[Path, _Pending] = {}
        self._lock = threading.Lock()
        self.wake = threading.Event()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __contains__(self, path: Path) -> bool:
        with self._lock:
            return path in self._items

    def touch(self, path: Path, *, renamed: bool = False, delay: float = 0.0) -> None:
        now = time.monotonic()
        with self._lock:
            item = self._items.get(path)
            if item is None:
                item = self._items[path] = _Pending(sig=None, changed=now)
            if renamed:
                item.renamed = True
            if delay:
                item.not_before = max(item.not_before, now + delay)
        self.wake.set()

    def forget(self, path: Path) -> None:
        with self._lock:
            self._items.pop(path, None)

    def due(self, busy: set[Path] | frozenset[Path] = frozenset()) -> tuple[list[Path], float]:
        """Settled paths, oldest first, and how long until the next one might settle."""
        now = time.monotonic()
        ready: list[tuple[float, Path]] = []
        next_in = 1.0
        with self._lock:
            items = list(self._items.items())
        for path, item in items:
            if path in busy:
                continue
            if now < item.not_before:
                next_in = min(next_in, item.not_before - now)
                continue
            if not item.renamed and item.sig is not None and now - item.checked < self.recheck:
                next_in = min(next_in, self.recheck - (now - item.checked))
                continue
            item.checked = now
            try:
                st = os.stat(path)
            except OSError:
                self.forget(path)
                continue
            if not stat.S_ISREG(st.st_mode):
                self.forget(path)
                continue
            sig = (st.st_size, st.st_mtime_ns)
            if sig != item.sig:
                if item.sig is not None:
                    item.renamed = False  # written to after the rename: wait for it like any other file
                item.sig, item.changed = sig, now
            if item.renamed or now - item.changed >= self.settle:
                ready.append((item.first_seen, path))
            else:
                next_in = min(next_in, self.settle - (now - item.changed))
        ready.sort()
        return [p for _, p in ready], max(next_in, 0.01)


class _Handler:
    """watchdog event handler: turn events into tracker touches; never block the observer thread."""

    def __init__(self, watcher: Watcher):
        self.watcher = watcher

    def dispatch(self, event: Any) -> None:
        try:
            kind = event.event_type
            if event.is_directory:
                if kind in ("created", "moved") and self.watcher.running:
                    dest = getattr(event, "dest_path", "") or event.src_path
                    self.watcher.request_scan(Path(os.fsdecode(dest)))
                return
            src = Path(os.fsdecode(event.src_path)) if event.src_path else None
            if kind == "moved":
                if src is not None:
                    self.watcher.tracker.forget(src)
                dest = os.fsdecode(event.dest_path) if event.dest_path else ""
                if dest:
                    self.watcher.consider(Path(dest), renamed=True)
            elif kind == "deleted":
                if src is not None:
                    self.watcher.tracker.forget(src)
            elif kind in ("created", "modified", "closed") and src is not None:
                self.watcher.consider(src)
        except Exception:  # an observer thread that dies silently would lose every later file
            emit("handler-error", self.watcher.cfg.log_json, text=traceback.format_exc())


# --------------------------------------------------------------------------- parent side: the watcher


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

        pool = ProcessPoolExecutor(
            max_workers=self.cfg.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.cfg.to_dict(), os.getpid()),
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
        from .convert import check_source_size
        from .errors import PressroomError

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
        from .brand import default_styles_dir

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
            if result in ("changed", "done-changed"):
                self.tracker.touch(path)
            if result in ("done", "failed"):
                self.counts[result] += 1
            emit("file", self.cfg.log_json, result=result, **rec)
        if self._pool in broken and not self.stopping:  # not again for late futures of an old pool
            self._restart_pool()

    def _restart_pool(self) -> None:
        emit("pool", self.cfg.log_json, note="worker pool broken; starting a new one")
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._start_pool()

    # -- main loop

    def run(self) -> int:
        """Run until stopped by a signal (or, with `once`, until nothing is left); return the exit code."""
        cfg = self.cfg
        cfg.state_dir.mkdir(parents=True, exist_ok=True)
        with _file_lock(cfg.state_dir / "watch.lock", blocking=False) as locked:
            if not locked:
                emit("error", cfg.log_json, note=f"another watcher is already running on {cfg.state_dir}")
                return 2
            return self._run_locked()

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
        from .distribute import send_due

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
            with self._scan_lock:
                requests, self._scan_requests = self._scan_requests, []
            for folder in requests:
                self.scan(folder)
            if cfg.rescan and time.monotonic() - last_scan >= cfg.rescan and not cfg.once:
                self.scan()
                last_scan = time.monotonic()
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
        observer.schedule(_Handler(self), str(self.input_dir), recursive=True)
        observer.start()
        return observer


# --------------------------------------------------------------------------- status


SEND_DUE_EVERY = 60
"""Seconds between looks for embargoed deliveries that came due."""


def status_report(input_dir: Path, state_dir: Path, limit: int = 10) -> dict[str, Any]:
    """What the journal and the delivery log know, plus the files waiting in input/ not seen yet."""
    from .distribute import delivery_log_path, status_rows

    waiting = []
    if input_dir.is_dir():
        for path in sorted(input_dir.rglob("*")):
            rel = path.relative_to(input_dir)
            if path.is_file() and is_candidate(rel):
                waiting.append(str(rel))
    report: dict[str, Any] = {
        "input": str(input_dir),
        "journal": str(state_dir / "journal.sqlite"),
        "waiting": waiting,
        "counts": {},
        "duplicates": 0,
        "working": [],
        "queued": [],
        "failed": [],
        "done": [],
        "deliveries": status_rows(delivery_log_path(state_dir)),
    }
    journal_path = state_dir / "journal.sqlite"
    if not journal_path.exists():
        return report
    with Journal(journal_path) as journal:
        report["counts"] = journal.counts()
        report["duplicates"] = journal.duplicates()
        for state in ("working", "queued", "failed", "done"):
            report[state] = [
                {
                    "source": row.path,
                    "name": row.name,
                    "sha": row.sha,
                    "attempts": row.attempts,
                    "updated": dt.datetime.fromtimestamp(row.updated).astimezone().isoformat(timespec="seconds"),
                    "folder": row.folder,
                    "version": row.version,
                    "guid": row.guid,
                    "moved_to": row.moved_to,
                    "stage": row.stage,
                    "reason": row.reason,
                    "hint": row.hint,
                    "duration": row.duration,
                }
                for row in journal.rows(state, limit=None if state in ("working", "queued") else limit)
            ]
    return report


def _print_status(report: dict[str, Any]) -> None:
    counts = report["counts"]
    print(f"journal: {report['journal']}")
    print(f"waiting in {report['input']}: {len(report['waiting'])} file(s)")
    for name in report["waiting"][:20]:
        print(f"  {name}")
    print(
        "queued: {queued}  working: {working}  done: {done}  failed: {failed}".format(
            **{k: counts.get(k, 0) for k in ("queued", "working", "done", "failed")}
        )
        + f"  (duplicates skipped: {report['duplicates']})"
    )
    for row in report["working"]:
        print(f"  working  {row['source']}  (attempt {row['attempts']}, since {row['updated']})")
    for row in report["queued"]:
        print(f"  queued   {row['source']}")
    if report["failed"]:
        print("failed (latest first):")
        for row in report["failed"]:
            hint = f" — {row['hint']}" if row["hint"] else ""
            where = row["moved_to"] or row["source"]
            print(f"  {row['updated']}  {where}  [{row['stage']}] {row['reason']}{hint}")
    if report["done"]:
        print("done (latest first):")
        for row in report["done"]:
            print(f"  {row['updated']}  {row['name']} -> {row['folder']} (v{row['version']})")
    if report["deliveries"]:
        from .distribute import format_status

        print("deliveries:")
        for line in format_status(report["deliveries"]):
            print(f"  {line}")


# --------------------------------------------------------------------------- CLI


def default_workers() -> int:
    """The cores this process may use, at most 8."""
    from .batch import default_workers as cores

    return min(cores(), 8)


def cmd_watch(args: argparse.Namespace) -> int:
    from .convert import parse_formats
    from .errors import PressroomError

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
            from .brand import load_brand

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
    )
    if cfg.distribute:
        try:
            load_distribution(cfg)  # a broken pressroom.toml is a usage error, reported before any work
        except PressroomError as exc:
            print(f"pressroom: {exc.one_line()}", file=sys.stderr)
            return 2
    return Watcher(cfg).run()


def cmd_status(args: argparse.Namespace) -> int:
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
