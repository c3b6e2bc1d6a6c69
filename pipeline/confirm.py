"""The review workflow: say a release needs a person, hold it, and record that one looked.

The reader fills `Release.review` (confidences, reasons); a release with reasons and no
confirmation `needs_review`. Three things follow, all from that one property:

* `pressroom convert` and the watcher say so in the file's line (`review_note`);
* every distribution channel holds it (`hold_reason`, used by `pipeline.distribute`),
  and the press room leaves it out, until a person confirms it;
* a person confirms it either by re-rendering the edited HTML (`pressroom render`: the
  edit is the confirmation) or with `pressroom confirm FOLDER` (`confirm_folder`), which
  flips the mark in the outputs that carry it — release.html and release.json — and
  nothing else, so the PDF and NewsML-G2 already made stay byte for byte what they were.

release.json is the record every sender reads, so it is written last: a crash between
the two writes leaves a folder that is still held, and confirming again finishes it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import PressroomError
from .model import Release
from .review_marks import REVIEW_CONFIRMED, REVIEW_NEEDED, REVIEW_STYLE

HOLD_PREFIX = "needs review: "
"""How a hold for review reads in the delivery log and `pressroom status` (an embargo hold
reads "embargoed until …"); `send_due` tells the two apart by their missing `not_before`."""

_STATE_META = re.compile(
    r'<meta\s+name="pressroom:review"\s+content="' + re.escape(REVIEW_NEEDED) + r'"\s*/?>')


def reasons_text(release: Release) -> str:
    """The reasons in one line, for log lines and messages (they quote the source: no control characters)."""
    return "; ".join(" ".join("".join(ch if ch.isprintable() else " " for ch in r).split()).rstrip(".")
                     for r in release.review.reasons)


def hold_reason(release: Release) -> str | None:
    """Why no channel may send this release yet, or None when nothing stops it on review grounds."""
    return HOLD_PREFIX + reasons_text(release) if release.review.needs_review else None


def review_note(release: Release) -> str:
    """The tail of a convert line: ` (needs review: …)`, or "" for a release nobody has to look at."""
    return f" (needs review: {reasons_text(release)})" if release.review.needs_review else ""


def mark_confirmed_html(html: str) -> str | None:
    """The HTML with its review state flipped to confirmed; None if it has no such mark as written.

    Text substitutions on the `<meta>` and the `<style>` the writer emits, rather than a parse
    and re-serialisation, so every other byte (an editor's layout, the inline logo) is kept.
    """
    new, count = _STATE_META.subn(f'<meta name="pressroom:review" content="{REVIEW_CONFIRMED}">', html, count=2)
    return new.replace(REVIEW_STYLE + "\n", "", 1).replace(REVIEW_STYLE, "", 1) if count == 1 else None


@dataclass(frozen=True)
class Confirmed:
    folder: Path
    status: str  # confirmed | already-confirmed | not-needed
    reasons: str = ""

    def one_line(self) -> str:
        if self.status == "confirmed":
            return f"ok  {self.folder}: confirmed (was: needs review: {self.reasons})"
        if self.status == "already-confirmed":
            return f"ok  {self.folder}: already confirmed"
        return f"ok  {self.folder}: nothing to confirm (the reader was sure of it)"


def confirm_folder(folder: Path) -> Confirmed:
    """Mark one release folder as looked at by a person; refuse, changing nothing, when that would be wrong.

    Refused: a folder without a readable release.json, and a release.html that was edited
    after it was written (its edits are not in the PDF or the NewsML-G2 yet: confirming
    would send the unedited text). That one is `pressroom render`'s job, which confirms too.
    """
    from .deliver import write_atomic

    folder = Path(folder)
    json_path, html_path = folder / "release.json", folder / "release.html"
    try:
        raw = json_path.read_bytes()
        data = json.loads(raw.decode("utf-8"))
        json.dumps(data, ensure_ascii=False).encode("utf-8")  # a lone surrogate escape: UnicodeEncodeError
        release = Release.from_dict(data)
    except FileNotFoundError:
        raise PressroomError("confirm", "not a release folder (no release.json)",
                             "pass output/<YYYY-MM-DD>-<slug>/", path=str(folder)) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:  # as ReleaseBundle.load
        raise PressroomError("confirm", f"release.json cannot be read: {exc}", path=str(folder)) from None
    except RecursionError:
        raise PressroomError("confirm", "release.json cannot be read: nested too deeply", path=str(folder)) from None
    if release.review.confirmed:
        return Confirmed(folder, "already-confirmed")
    if not release.review.reasons:
        return Confirmed(folder, "not-needed")
    new_html = _confirmed_html(html_path, release) if html_path.exists() else None
    data.setdefault("review", {}).update(confirmed=True, needs_review=False)
    if json_path.read_bytes() != raw:  # re-converted meanwhile (the watcher): that version was not looked at
        raise PressroomError("confirm", "release.json changed while it was being confirmed",
                             "look at the new version, then confirm again", path=str(folder))
    if new_html is not None:
        write_atomic(html_path, new_html.encode("utf-8"))
    write_atomic(json_path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return Confirmed(folder, "confirmed", reasons_text(release))


def _confirmed_html(path: Path, release: Release) -> str | None:
    """release.html with the mark flipped (None: it carries no review mark, leave it as it is)."""
    from .htmlreader import read_html
    from .htmlwriter import render_html

    text = path.read_text(encoding="utf-8")
    hint = f"render it instead: pressroom render {path} (a render of the edited HTML confirms it too)"
    try:
        shown = read_html(text)
        # What the unedited file reads as: through the same writer and reader (the brand is furniture the
        # reader skips), so a field the round trip normalises is not taken for an edit.
        written = read_html(render_html(release))
    except PressroomError as exc:
        raise PressroomError("confirm", f"release.html cannot be read back: {exc.reason}", hint,
                             path=str(path.parent)) from None
    marked, shown.review, written.review = shown.review, release.review, release.review
    if shown != written:
        raise PressroomError("confirm", "release.html was edited after it was written; its edits are not "
                             "in release.pdf and release.xml yet", hint, path=str(path.parent))
    if not marked.needs_review:
        return None  # written before review marks existed: nothing in it to flip
    new = mark_confirmed_html(text)
    if new is None:
        raise PressroomError("confirm", "release.html's review mark is not as Pressroom wrote it", hint,
                             path=str(path.parent))
    return new
