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
from dataclasses import dataclass
from pathlib import Path

from .assemble import assemble
from .classify import classify
from .contacts import find_emails
from .errors import PressroomError
from .formats import decode_any as decode  # .txt as before; .docx/.odt/.rtf/.md/.html/.eml → text layout
from .labels import Labelled
from .language import LanguageData, detect_language, load_language
from .model import Release, Source
from .normalize import normalize
from .segment import Segment, segment
from .singleline import clean_single_lines
from .urls import find_urls


@dataclass
class Stages:
    """Every stage's value for one release, for `pressroom parse --explain/--dump`."""

    segments: list[Segment]
    labelled: list[Labelled]
    language: LanguageData
    release: Release


def read_release(data: bytes, filename: str) -> Release:
    """Parse one release; raises `PressroomError` (stage "decode" or "parse") on bad input."""
    return read_stages(data, filename).release


def read_stages(data: bytes, filename: str) -> Stages:
    """`read_release`, keeping each stage's value (segments, labelled blocks, language)."""
    decoded = decode(data, filename)
    text = normalize(decoded.text)
    source = Source(filename=filename, sha256=hashlib.sha256(data).hexdigest(), encoding=decoded.encoding)
    segments = segment(text)
    if not segments or not any(ch.isalpha() for ch in text):
        raise PressroomError("classify", "no headline found: the file contains no words", "the release text is missing")
    try:
        code = detect_language(text)
        language = load_language(code)
        labelled = list(classify(segments, language))
        release = assemble(labelled, language, code, source)
    except PressroomError:
        raise
    except Exception as exc:  # a heuristic bug must not escape as a traceback
        raise PressroomError(
            "parse",
            f"could not parse the release ({type(exc).__name__}: {exc})",
            "please report this file to the Pressroom maintainers",
        ) from exc
    release = clean_single_lines(release)  # bidi and control characters out of one-line fields
    if decoded.replaced:
        release.review.reasons.append(
            f"The file is UTF-8 with {decoded.replaced} damaged byte sequence(s), shown as \ufffd; "
            "check the text around them.")
    if not _has_words(release.headline):
        raise PressroomError(
            "classify",
            f"no headline found: the first title line is {release.headline[:60]!r}",
            "put the headline, in words, on the first line",
        )
    return Stages(list(segments), labelled, language, release)


def _has_words(headline: str) -> bool:
    """A headline needs letters once URLs and e-mail addresses are taken out: "----",
    "2024-05-01" or "www.example.com" alone is no headline."""
    rest = headline
    for found in (*find_urls(headline), *find_emails(headline)):
        rest = rest.replace(found, " ")
    return any(ch.isalpha() for ch in rest)


def main(argv: list[str] | None = None) -> int:
    """`python -m pipeline.reader FILE`: print the Release JSON (what the scorer reads); 1 on bad input."""
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
