"""What the classifier says about a piece of a release: a kind and the `Labelled` block.

Shared by the header classifier (`header.py`), the body classifier (`classify.py`) and the
assembler, so none of them imports another's internals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Kinds of labelled blocks, in the order a release usually prints them.
ORGANIZATION = "organization"
HEADLINE = "headline"
SUBHEADLINE = "subheadline"
RELEASE_TYPE = "release_type"
DATE = "date"
INSTRUCTION = "instruction"
EMBARGO = "embargo"
DATELINE = "dateline"
LEAD = "lead"
PARAGRAPH = "paragraph"
SUBHEADING = "subheading"
QUOTE = "quote"
LIST = "list"
CONTACTS_HEADING = "contacts_heading"
CONTACTS = "contacts"
BOILERPLATE_HEADING = "boilerplate_heading"
BOILERPLATE = "boilerplate"
SOURCE = "source"
END_MARK = "end_mark"
WEBSITE = "website"
ATTRIBUTION = "attribution"
METADATA = "metadata"
RULE = "rule"

_WORDS = re.compile(r"\w+")


@dataclass
class Labelled:
    """One classified piece of the release: a whole segment or some of its lines.

    `data` carries what the classifier already parsed (a date, a dateline, a quote's
    speaker, list items, the organization named in an "About X" heading) so the assembler
    never re-reads the text.
    """

    kind: str
    text: str
    lines: tuple[str, ...]
    line: int
    data: dict[str, Any] = field(default_factory=dict)
    rule: str = ""
    """The name of the rule that claimed (or last relabelled) this block, for `parse --explain`."""


def word_count(text: str) -> int:
    """Number of words: the measure every length rule of the classifier uses."""
    return len(_WORDS.findall(text))
