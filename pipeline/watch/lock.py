"""One watcher per input folder: an exclusive lock file *in the input folder itself*.

The journal's lock lives in the state folder, and the documented network-share setup
puts that folder on each host's local disk, so two hosts watching one share each got
their own journal and both converted every drop (20 drops → 24 folders; with
`--distribute` everything would go out twice). The lock therefore belongs to the folder
being watched: `INPUT/.pressroom-watch.lock` (a dot-file, never taken as a release),
holding the owner's host, PID and start time.

* `flock` on it: the kernel (and NFS's lock manager) releases it when the owner dies.
* The owner rewrites its heartbeat (the file's mtime) while it runs, because some SMB and
  NFS mounts grant flock locally without telling other hosts: a lock record from another
  host whose heartbeat is fresh is respected even when the flock was granted.
* A record left by a dead process is stale: on the same host that is a PID that no longer
  exists; from another host, a heartbeat older than `STALE_AFTER` seconds.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

LOCK_NAME = ".pressroom-watch.lock"
HEARTBEAT = 10.0
"""Seconds between heartbeats (the lock file's mtime)."""
STALE_AFTER = 6 * HEARTBEAT
"""A lock record from another host not refreshed for this long belongs to a watcher that died."""


class Locked(Exception):
    """Another live watcher holds the input folder; `str()` says who."""


@dataclass
class InputLock:
    path: Path
    fd: int
    last_beat: float = 0.0

    def heartbeat(self, now: float | None = None) -> None:
        """Refresh the mtime (cheap; at most every `HEARTBEAT` s) so other hosts see we are alive."""
        now = time.monotonic() if now is None else now
        if now - self.last_beat >= HEARTBEAT:
            self.last_beat = now
            with contextlib.suppress(OSError):
                os.utime(self.fd)

    def release(self) -> None:
        with contextlib.suppress(OSError):
            if os.path.samestat(os.fstat(self.fd), os.stat(self.path)):
                os.unlink(self.path)  # while still holding the flock: nobody can have taken it meanwhile
        os.close(self.fd)


def _describe(record: dict[str, object]) -> str:
    since = record.get("started")
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(since))) if isinstance(since, int | float) else "?"
    return f"host {record.get('host', '?')}, pid {record.get('pid', '?')}, since {when}"


def _read_record(fd: int) -> dict[str, object]:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    try:  # a zombie is dead for our purposes
        return Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[-1][:1] != "Z"
    except OSError:
        return True


def _record_alive(record: dict[str, object], mtime: float, host: str) -> bool:
    """Whether a lock record found in a file whose flock we could take still names a live watcher."""
    pid = record.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return False
    if record.get("host") == host:
        return pid != os.getpid() and _pid_alive(pid)
    return time.time() - mtime < STALE_AFTER


def acquire(input_dir: Path) -> InputLock:
    """Take the input folder's lock or raise `Locked` saying who holds it."""
    path = input_dir / LOCK_NAME
    host = socket.gethostname()
    for _ in range(10):
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise
                raise Locked(_describe(_read_record(fd))) from None
            st = os.fstat(fd)
            try:
                current = os.stat(path)
            except FileNotFoundError:
                current = None
            if current is None or not os.path.samestat(st, current):
                os.close(fd)  # the previous owner removed it as we opened it: open the new one
                continue
            record = _read_record(fd)
            if _record_alive(record, st.st_mtime, host):
                raise Locked(_describe(record))
            mine = json.dumps({"host": host, "pid": os.getpid(), "started": time.time()}).encode("utf-8")
            os.ftruncate(fd, 0)
            os.pwrite(fd, mine, 0)
            os.fsync(fd)
            return InputLock(path, fd, time.monotonic())
        except BaseException:
            with contextlib.suppress(OSError):
                os.close(fd)
            raise
    raise Locked(f"the lock file {path} keeps changing")  # pragma: no cover - ten removals in a row
