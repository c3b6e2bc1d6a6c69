"""Every corpus release, rewritten as Markdown/.docx/.odt/.rtf/.html, parses as its .txt does.

The corpus files are plain text; each is turned into Markdown mechanically (every ASCII
punctuation mark escaped, each line of a block kept by a hard line break, which is Word's
Shift+Enter) and from there into the other formats with pandoc. Any difference is a loss
in the format route, since the parser sees the same text layout.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.reader import read_release

from .conftest import pandoc_build

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [ROOT / "tests" / "corpus", ROOT.parent / "shared" / "corpus" / "dev"]
RELEASES = sorted(p for folder in CORPORA if folder.is_dir() for p in folder.glob("*.txt"))
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def as_markdown(text: str) -> str:
    blocks = [b for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    return "\n\n".join("\\\n".join(_PUNCT.sub(r"\\\1", line.strip()) for line in block.split("\n") if line.strip())
                       for block in blocks) + "\n"


@pytest.mark.slow
@pytest.mark.skipif(not RELEASES, reason="no corpus folder")
@pytest.mark.parametrize("path", RELEASES, ids=[f"{p.parent.name}/{p.stem}" for p in RELEASES])
def test_corpus_release_is_the_same_in_every_format(path: Path):
    data = path.read_bytes()
    expected = read_release(data, path.name).to_dict()
    expected.pop("source")
    markdown = as_markdown(data.decode("utf-8"))
    for fmt in ("md", "docx", "odt", "rtf", "html"):
        document = markdown.encode("utf-8") if fmt == "md" else pandoc_build(markdown, fmt)
        got = read_release(document, f"{path.stem}.{fmt}").to_dict()
        got.pop("source")
        assert got == expected, fmt
