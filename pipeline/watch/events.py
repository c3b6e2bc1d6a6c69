"""The watcher's log: one structured line per event, on stderr, from the parent and every worker."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from typing import Any


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
