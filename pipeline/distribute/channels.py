"""What every channel shares: the release it sends, the two kinds of failure, progress.

A channel's only job is to push one converted release somewhere. Everything about
reliability (retries, backoff, the delivery log, "never twice") lives in the orchestrator
in `__init__.py`, so each channel only has to say *how* it failed:

* `TransientError` — worth retrying (connection refused or dropped, timeouts, SMTP 4xx,
  FTP 4xx): the orchestrator retries with exponential backoff.
* `PermanentError` — retrying cannot help (bad password, unknown host key, rejected
  recipient, missing file): reported once, logged, never retried in the same run, so a
  wrong password never becomes a storm of failed logins on somebody else's server.

Channels also record *progress* (recipients accepted, files renamed into place) through
`Progress`, which the orchestrator persists in the log after every step. A retry after a
dropped connection therefore resumes where it stopped instead of sending the first half
again — that is what makes "nothing sent twice" hold within a delivery, not only across.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ..errors import PressroomError
from ..model import Release
from .config import ChannelConfig
from .failures import PermanentError

_BRAND_CLASS = re.compile(rb'<body[^>]*class="[^"]*\bpr-brand-([A-Za-z0-9_-]+)')


@dataclass
class ReleaseBundle:
    """A converted release folder, read-only: channels never write into it."""

    folder: Path
    release: Release
    raw_json: dict[str, Any]

    @property
    def key(self) -> str:
        """The release's identity in the delivery log: its folder name (unique in `output/`)."""
        return self.folder.name

    @property
    def source_sha256(self) -> str:
        return self.release.source.sha256

    def path(self, name: str) -> Path:
        return self.folder / name

    def require(self, name: str) -> Path:
        """A file of the release a channel cannot work without; its absence is permanent."""
        path = self.folder / name
        if not path.is_file():
            raise PermanentError(f"{self.folder.name} has no {name}",
                                 hint="convert it with that format (e.g. --formats html,pdf,xml,json)")
        return path

    def brand(self) -> str | None:
        """The brand the release was rendered with, read from `<body class="pr-brand-…">`.

        The HTML records the brand actually used (including a `--brand` override), which
        the organization alone cannot tell.
        """
        html = self.folder / "release.html"
        try:
            with open(html, "rb") as fh:
                head = fh.read(1 << 20)
        except OSError:
            head = b""
        match = _BRAND_CLASS.search(head)
        if match:
            return match.group(1).decode("ascii")
        try:
            from ..brand import match_brand

            return match_brand(self.release.organization).name
        except Exception:  # no styles folder, or no brand module: the default list applies
            return None

    @classmethod
    def load(cls, folder: Path) -> ReleaseBundle:
        json_path = folder / "release.json"
        try:
            data = json.loads(json_path.read_text(encoding="utf-8"))
            release = Release.from_dict(data)
        except FileNotFoundError:
            raise PressroomError("distribute", f"{folder} is not a release folder (no release.json)",
                                 hint="pass output/<YYYY-MM-DD>-<slug>/") from None
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise PressroomError("distribute", f"{json_path} cannot be read: {exc}") from None
        return cls(folder=folder.resolve(), release=release, raw_json=data)


@dataclass
class Progress:
    """Steps of one delivery already done, persisted after each step by the orchestrator."""

    data: dict[str, Any] = field(default_factory=dict)
    saver: Callable[[dict[str, Any]], None] | None = None

    def done(self, kind: str) -> list[str]:
        return list(self.data.get(kind, []))

    def mark(self, kind: str, items: list[str]) -> None:
        self.data.setdefault(kind, [])
        self.data[kind].extend(i for i in items if i not in self.data[kind])
        self.save()

    def set(self, key: str, value: Any) -> None:
        self.data[key] = value
        self.save()

    def save(self) -> None:
        if self.saver:
            self.saver(self.data)


class Channel:
    """Base class. Subclasses implement `send` and raise Transient/PermanentError."""

    type: ClassVar[str] = ""
    #: Re-running a half-done delivery is harmless (uploads overwrite the same names);
    #: a delivery interrupted by a crash may then be retried without `--resend`.
    idempotent: ClassVar[bool] = False

    def __init__(self, config: ChannelConfig, base_dir: Path):
        self.config = config
        self.base_dir = base_dir

    @property
    def name(self) -> str:
        return self.config.name

    def applies_to(self, bundle: ReleaseBundle) -> str | None:
        """None when the channel takes this release, else the reason it does not."""
        brands = self.config.brands
        if brands is not None:
            brand = bundle.brand() or "default"
            if brand not in brands:
                return f"brand {brand!r} is not among this channel's brands ({', '.join(brands)})"
        return None

    def send(self, bundle: ReleaseBundle, progress: Progress) -> str:
        """Deliver; return a short human detail (message id, remote names) for the log."""
        raise NotImplementedError

    def resolve(self, value: str) -> Path:
        import os

        path = Path(os.path.expanduser(value))
        return path if path.is_absolute() else self.base_dir / path


def remote_names(bundle: ReleaseBundle, files: list[str], template: str) -> list[tuple[Path, str]]:
    """(local file, remote file name) pairs from a name template, checked to be plain names.

    `{release}` is the folder name, `{name}` the local file name, `{stem}`/`{ext}` its
    parts, so `"{release}{ext}"` gives `2026-11-28-new-plant.xml`. `{ext}` is every suffix
    (`.nitf.xml`, `.ninjs.json`), so NITF and ninjs never take the NewsML-G2 or JSON name.
    """
    pairs = []
    for name in files:
        local = bundle.require(name)
        remote = template.format(release=bundle.key, name=name, stem=local.stem, ext="".join(local.suffixes))
        if not remote or "/" in remote or "\\" in remote or remote.startswith(".") or remote in ("..", "."):
            raise PermanentError(f"remote name {remote!r} (from template {template!r}) "
                                 "is not a plain file name")
        if any(remote == other for _, other in pairs):
            raise PermanentError(f"two files would be uploaded as {remote!r} (template {template!r})",
                                 hint="use {ext} or {name} in remote_name")
        pairs.append((local, remote))
    return pairs


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)

