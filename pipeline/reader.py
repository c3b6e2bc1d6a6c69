"""The text reader: bytes of a plain-text release → `Release`.

decode → normalize → detect language → segment → classify → assemble, each a pure
function of the previous stage's output, so every stage can be tested and replaced alone.
Only `PressroomError` leaves this function: an unexpected exception inside a heuristic
is a bug, but it must still be reported as "this file could not be parsed", not as a
traceback in the watcher.

Run `python -m pipeline.reader FILE` to print the Release JSON (what the scorer reads).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from .assemble import assemble
from .classify import classify
from .decode import decode
from .errors import PressroomError
from .language import detect_language, load_language
from .model import Release, Source
from .normalize import normalize
from .segment import segment


def read_release(data: bytes, filename: str) -> Release:
    """Parse one release; raises `PressroomError` (stage "decode" or "parse") on bad input."""
    decoded = decode(data, filename)
    text = normalize(decoded.text)
    source = Source(filename=filename, sha256=hashlib.sha256(data).hexdigest(), encoding=decoded.encoding)
    segments = segment(text)
    if not segments or not any(ch.isalnum() for ch in text):
        raise PressroomError(
            "parse", "the file contains no words, so there is no headline", "the release text is missing"
        )
    try:
        code = detect_language(text)
        language = load_language(code)
        labelled = classify(segments, language)
        release = assemble(labelled, language, code, source)
    except PressroomError:
        raise
    except Exception as exc:  # a heuristic bug must not escape as a traceback
        raise PressroomError(
            "parse",
            f"could not parse the release ({type(exc).__name__}: {exc})",
            "please report this file to the Pressroom maintainers",
        ) from exc
    if not any(ch.isalnum() for ch in release.headline):
        raise PressroomError("parse", "the release has no headline", "put the headline on the first line")
    return release


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m pipeline.reader FILE", file=sys.stderr)
        return 2
    path = Path(args[0])
    try:
        release = read_release(path.read_bytes(), path.name)
    except PressroomError as exc:
        print(exc.with_path(str(path)).one_line(), file=sys.stderr)
        return 1
    print(json.dumps(release.to_dict(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
