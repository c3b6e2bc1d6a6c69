"""`pressroom status`: what the journal and the delivery log know, read while the watcher runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..journal import Journal
from .config import is_candidate


def status_report(input_dir: Path, state_dir: Path, limit: int = 10) -> dict[str, Any]:
    """What the journal and the delivery log know, plus the files waiting in input/ not seen yet."""
    from ..distribute import delivery_log_path, status_rows

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
        from ..distribute import format_status

        print("deliveries:")
        for line in format_status(report["deliveries"]):
            print(f"  {line}")
