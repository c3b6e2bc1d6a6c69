"""Stage 3: normalized text → blank-line separated blocks (`Segment`), with line numbers.

A plain-text release has one structural signal that every layout shares: the blank line.
Everything else (headline, dateline, quote, contacts) is a judgement the classifier makes
about a block as a whole, so segmentation stays trivial and lossless: every non-blank line
ends up in exactly one segment, in order, with its 1-based line number kept for
diagnostics and tests.
"""

from __future__ import annotations

from dataclasses import dataclass

GLUED_HEADING = "glued_heading"


@dataclass(frozen=True)
class Segment:
    """One block of consecutive non-blank lines.

    `lines` are stripped of surrounding whitespace; `start` is the 1-based number of the
    first line in the normalized text, so `start + i` is the number of `lines[i]`.
    """

    lines: tuple[str, ...]
    start: int
    hint: str = ""
    """What an earlier pass already knows about the block: `GLUED_HEADING` for a heading the glue
    pass cut off the paragraph it was run into (its glue is the evidence, not its shape)."""

    @property
    def end(self) -> int:
        """1-based number of the last line."""
        return self.start + len(self.lines) - 1

    @property
    def text(self) -> str:
        """The lines joined by single spaces: hard-wrapped running text read as one paragraph."""
        return " ".join(self.lines)

    @property
    def first(self) -> str:
        return self.lines[0]

    def __len__(self) -> int:
        return len(self.lines)


def segment(text: str) -> list[Segment]:
    """Split text at blank (or whitespace-only) lines into `Segment`s.

    The input is expected to be normalized (LF line ends), but "\\r" and stray spaces are
    tolerated so the function is total on any string.
    """
    segments: list[Segment] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line = raw.strip()
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            segments.append(Segment(tuple(current), start))
            current = []
    if current:
        segments.append(Segment(tuple(current), start))
    return segments
