"""What the reader made of each block of the source: its label and the rule that claimed it.

The reader's own stages (`reader.read_stages`): the `Labelled` blocks — kind, text, line and
`rule` — shown beside the source, and `pressroom parse --explain`'s text (the evidence that
decided each field) under it. Each block is linked to the editor field it fed (`field_for`),
so clicking a block in the browser highlights the field it became.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import PressroomError
from ..labels import Labelled
from ..model import ListBlock, Release

HEADER_FIELDS = {"headline": "f-headline", "organization": "f-organization", "subheadline": "f-subheadline",
                 "release_type": "f-release_type", "date": "f-issued", "embargo": "f-embargo",
                 "dateline": "f-dateline", "contacts": "sec-contacts", "contacts_heading": "sec-contacts",
                 "boilerplate": "sec-boilerplate", "boilerplate_heading": "sec-boilerplate",
                 "end_mark": "f-end_mark"}

UNNAMED_RULE = "(not recorded by the classifier)"


@dataclass(frozen=True)
class BlockView:
    kind: str
    rule: str
    line: int
    text: str
    field: str | None


def source_text(data: bytes, filename: str) -> str:
    """The source as the reader sees it (Word, HTML, e-mail … already turned into text)."""
    from ..formats import decode_any
    from ..normalize import normalize

    return normalize(decode_any(data, filename).text)




def labelled_blocks(data: bytes, filename: str) -> list[Labelled]:
    """The classifier's output for a source; [] when it cannot be read (the editor says why elsewhere)."""
    from ..reader import read_stages

    try:
        return list(read_stages(data, filename).labelled)
    except PressroomError:
        return []


def evidence(data: bytes, filename: str) -> str | None:
    """`pressroom parse --explain` for the source (blocks, field evidence, issuer candidates); None when unreadable."""
    from ..explain import explain
    from ..reader import read_stages

    try:
        return explain(read_stages(data, filename))
    except PressroomError:
        return None


def _body_texts(release: Release) -> list[str]:
    out = []
    for block in release.body:
        out.append(" ".join(block.items) if isinstance(block, ListBlock) else block.text)
    return out


def field_for(label: Labelled, release: Release) -> str | None:
    """The editor element a labelled block became: a header field, a section, or body block N."""
    if label.kind in HEADER_FIELDS:
        return HEADER_FIELDS[label.kind]
    words = " ".join(label.text.split())[:60]
    if not words:
        return None
    for index, text in enumerate(_body_texts(release)):
        if words in " ".join(text.split()):
            return f"f-body-{index}"
    return None


def block_views(data: bytes, filename: str, release: Release) -> list[BlockView]:
    return [BlockView(lab.kind, lab.rule or UNNAMED_RULE, lab.line, lab.text, field_for(lab, release))
            for lab in labelled_blocks(data, filename)]
