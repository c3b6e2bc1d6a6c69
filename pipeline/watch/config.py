"""What the watcher takes and where it puts things: the folder rules and `WatchConfig`.

Shared by the parent and the spawned workers, so it is plain data and cheap to import.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import asdict, dataclass
from pathlib import Path, PurePath
from typing import Any

from ..errors import shown

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
    time_budget: float = 60.0
    """Seconds one file may take in a worker before the worker is stopped and the file failed."""

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


# --------------------------------------------------------------------------- where sources go


def processed_folder(cfg: WatchConfig) -> Path:
    return cfg.input_dir / PROCESSED_DIRNAME / dt.date.today().isoformat()


def failed_folder(cfg: WatchConfig) -> Path:
    return cfg.input_dir / FAILED_DIRNAME


def folder_inside_input(cfg: WatchConfig) -> str | None:
    """Why the output or state folder may not be where it is, or None when it is fine.

    A folder inside the watched one whose files the watcher sees (any but a hidden one, as
    the default `INPUT/.pressroom`) would have its own releases, journal and logs taken as
    new drops and converted again, for ever.
    """
    inp = cfg.input_dir.resolve()
    for what, folder, flag in (("output", cfg.output_dir, "-o DIR"), ("state", cfg.state_dir, "--state DIR")):
        path = folder.resolve()
        try:
            rel = path.relative_to(inp)
        except ValueError:
            continue
        if rel.parts and rel.parts[0].startswith("."):
            continue
        where = "is the watched folder" if not rel.parts else "is inside the watched folder"
        return (f"{folder}: [watch] the {what} folder {where} {cfg.input_dir}: its files would be taken as new "
                f"releases and converted again and again (pass {flag} outside {cfg.input_dir})")
    return None


def folder_not_usable(cfg: WatchConfig) -> str | None:
    """Why a folder the watcher writes into cannot be used, or None when all can be.

    Checked once before any work: a file where the state, output, `processed` or `failed`
    folder should be would fail every release the same way (and be retried for ever as if
    the disk were full), and a `processed` or `failed` folder that is a symbolic link would
    carry the drops and their error files out of the watched folder to wherever it points.
    """
    inside = (("processed", cfg.input_dir / PROCESSED_DIRNAME), ("failed", failed_folder(cfg)))
    for what, folder, flag in (("state", cfg.state_dir, "--state DIR"), ("output", cfg.output_dir, "-o DIR")):
        if os.path.lexists(folder) and not folder.is_dir():
            return (f"{shown(folder)}: [watch] the {what} folder is not a folder "
                    f"(remove it, or pass another {flag})")
    for what, folder in inside:
        if folder.is_symlink():
            return (f"{shown(folder)}: [watch] the {what} folder is a symbolic link; the watcher does not move "
                    "files through a link out of the watched folder (replace it with a real folder)")
        if os.path.lexists(folder) and not folder.is_dir():
            return (f"{shown(folder)}: [watch] the {what} folder is not a folder "
                    f"(remove or rename the file {folder.name} in {shown(cfg.input_dir)})")
    return None


def _display(cfg: WatchConfig, path: Path | str) -> str:
    """Paths in log lines and error files relative to the input folder's parent (`input/x.txt`)."""
    path = Path(path)
    for base in (cfg.input_dir.parent, cfg.output_dir.parent):
        with contextlib.suppress(ValueError):
            return str(path.relative_to(base))
    return str(path)
