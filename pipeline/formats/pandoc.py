"""Run pandoc safely and turn its AST into the text layout the plain-text reader understands.

Which pandoc: the binary bundled with `pypandoc_binary` (a declared dependency), so every
machine runs the same, known pandoc (3.x) whatever the OS ships — Debian stable's pandoc
is often 2.9, which lacks `--sandbox` (2.15+) and reads RTF not at all (3.0+). A site
that must use another build sets `PRESSROOM_PANDOC=/path/to/pandoc`; without the bundled
binary the one on PATH is used. Versions before 3.0 are refused with a clear message.

How it runs: always `--sandbox` (readers and writers may not touch files or the network
beyond what is on the command line), the input on stdin, a wall-clock timeout, and a
Haskell heap limit (`+RTS -M…`), because a crafted document can make any parser slow or
greedy. Output is pandoc's JSON AST rather than `--to plain`: the AST says for sure what
is a heading, a list, a block quote or a table, so we can lay it out exactly the way the
text reader expects instead of letting pandoc's plain writer wrap, indent and reflow.

The layout (what `ast_to_text` writes):

* one block per paragraph, blocks separated by one blank line;
* a heading is its own one-line block (the classifier decides headline vs subheading);
* hard line breaks inside a paragraph stay line breaks (contact cards, addresses);
* bullet lists: one block of "- item" lines; ordered lists: "1. item" with their numbering;
* block quotes: their paragraphs, unindented (press releases quote people, not e-mails);
* tables: one line per row, cells separated by a tab (a layout table of one column gives
  its cells' paragraphs as ordinary blocks);
* links: their text, plus " (url)" when the URL says more than the text;
* images, notes, raw HTML/TeX and comments: dropped (they are not release text).
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import PressroomError, shown

TIMEOUT_SECONDS = 30.0
"""A long release converts in well under a second; 30 s means the input is pathological."""
HEAP_LIMIT = "512m"
"""pandoc's Haskell heap cap (`+RTS -M`); real releases need < 100 MB."""
MIN_VERSION = (3, 0)

_BLANKS = re.compile(r"\n{3,}")


def pandoc_path() -> str:
    """The pandoc binary to run: $PRESSROOM_PANDOC, else pypandoc's bundled one, else PATH."""
    return _pandoc_path_and_version()[0]


def pandoc_version() -> tuple[int, ...]:
    return _pandoc_path_and_version()[1]


@functools.lru_cache(maxsize=1)
def _pandoc_path_and_version() -> tuple[str, tuple[int, ...]]:
    override = os.environ.get("PRESSROOM_PANDOC")
    if override:
        # The site asked for this build (a hardened or newer one): use it or say why not, never
        # fall back silently to another pandoc.
        found = _version_of(override)
        if found is None:
            raise PressroomError("pandoc", f"PRESSROOM_PANDOC={shown(override)} is not a working pandoc "
                                 "(no such program, not executable, or `--version` failed)",
                                 "point PRESSROOM_PANDOC at a pandoc 3 binary, or unset it to use the bundled one")
        return override, _checked(override, found)
    candidates: list[str] = []
    try:
        import pypandoc

        candidates.append(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        pass
    on_path = shutil.which("pandoc")
    if on_path:
        candidates.append(on_path)
    for path in candidates:
        version = _version_of(path)
        if version is not None:
            return path, _checked(path, version)
    raise PressroomError("pandoc", "pandoc was not found",
                         "pip install pypandoc_binary (it bundles pandoc), or set PRESSROOM_PANDOC")


def _version_of(path: str) -> tuple[int, ...] | None:
    """The version `path --version` reports, or None when it is no runnable pandoc."""
    if not path or not Path(path).is_file():
        return None
    try:
        out = subprocess.run([path, "--version"], capture_output=True, timeout=20, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(rb"pandoc(?:\.exe)?\s+(\d+)\.(\d+)(?:\.(\d+))?", out)
    return tuple(int(g) for g in match.groups() if g is not None) if match else None


def _checked(path: str, version: tuple[int, ...]) -> tuple[int, ...]:
    if version < MIN_VERSION:
        raise PressroomError("pandoc", f"pandoc {'.'.join(map(str, version))} at {shown(path)} is too old "
                             f"(needs {'.'.join(map(str, MIN_VERSION))}+ for --sandbox and RTF)",
                             "pip install -U pypandoc_binary, or point PRESSROOM_PANDOC at a newer pandoc")
    return version


def run_pandoc(data: bytes, source: str, target: str, extra: Iterable[str] = (), *,
               timeout: float = TIMEOUT_SECONDS, stage: str = "pandoc") -> bytes:
    """Run pandoc on `data` (stdin) and return its stdout; failures become `PressroomError(stage)`."""
    path = pandoc_path()
    cmd = [path, "+RTS", f"-M{HEAP_LIMIT}", "-RTS", "--sandbox", "--from", source, "--to", target,
           *extra]
    if target in ("docx", "odt"):
        cmd += ["--output", "-"]
    try:
        proc = subprocess.run(cmd, input=data, capture_output=True, timeout=timeout,
                              env={**_clean_env(), "LANG": "C.UTF-8"})
    except subprocess.TimeoutExpired:
        raise PressroomError(stage, f"pandoc took longer than {timeout:.0f} s on this document",
                             "the document is unusually complex or crafted; save it again as plain text") from None
    except OSError as exc:
        raise PressroomError(stage, f"pandoc could not be started: {exc}", "check the pandoc installation") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit status {proc.returncode}"
        if "heap overflow" in detail.lower() or proc.returncode == 251:
            detail = "the document needs more memory than allowed"
        raise PressroomError(stage, f"pandoc could not read the {source} document ({detail[:200]})",
                             "open it in the word processor and save it again")
    return proc.stdout


def _clean_env() -> dict[str, str]:
    """pandoc reads $HOME for its data dir; give it only what it needs."""
    keep = ("PATH", "HOME", "TMPDIR", "SYSTEMROOT", "TEMP", "TMP")
    return {k: v for k, v in os.environ.items() if k in keep}


def to_ast(data: bytes, source: str, extra: Iterable[str] = ()) -> dict[str, Any]:
    """Read a document with pandoc and return its JSON AST."""
    out = run_pandoc(data, source, "json", extra)
    try:
        return json.loads(out)
    except ValueError as exc:
        raise PressroomError("pandoc", f"pandoc returned no readable AST ({exc})",
                             "report this file to the Pressroom maintainers") from None


# --------------------------------------------------------------------------- AST → text layout


def ast_to_text(ast: dict[str, Any], *, meta_blocks: bool = True, soft_breaks: bool = False) -> str:
    """The text layout of a pandoc document (see the module docstring).

    `soft_breaks`: keep pandoc's SoftBreak (a newline in the source) as a line break. True
    for Markdown, where the author's line ends are as meaningful as in a .txt (contact
    cards); False for HTML, where a newline in the source is just a space.

    `meta_blocks`: Word/ODT paragraphs styled Title/Subtitle/Author/Date/Abstract are moved
    into pandoc's metadata by its readers; they are real text of the release (the headline
    is often styled "Title"), so they are put back in front, in that order.
    """
    if not soft_breaks:
        ast = _soft_to_space(ast)
    blocks: list[str] = []
    if meta_blocks:
        meta = ast.get("meta") or {}
        for key in ("title", "subtitle", "author", "date", "abstract"):
            if key in meta:
                blocks.extend(_meta_blocks(meta[key]))
    blocks.extend(_blocks(ast.get("blocks") or []))
    blocks = merge_manual_lists(blocks)
    text = "\n\n".join(b.strip("\n") for b in blocks if b.strip())
    return _BLANKS.sub("\n\n", text).strip() + "\n" if text.strip() else ""


_GLYPH_ITEM = re.compile(r"^[•·▪◦■□➢►✓✔‣○]\s")
_NUMBER_ITEM = re.compile(r"^\(?(\d{1,2})[.)]\s")


def merge_manual_lists(blocks: list[str]) -> list[str]:
    """Join consecutive one-line "• item" (or "1. item", "2. item" …) paragraphs into one block.

    RTF (pandoc's reader) and hand-made Word lists arrive as one paragraph per item with a
    typed bullet; the .txt twin has them in one block, which is what makes them a list.
    Dash-started paragraphs are left alone: in Nordic releases "- " opens a quote.
    """
    out: list[str] = []
    previous_number: int | None = None
    for block in blocks:
        single = "\n" not in block.strip()
        glyph = single and _GLYPH_ITEM.match(block.strip())
        number = _NUMBER_ITEM.match(block.strip()) if single else None
        if out and glyph and _GLYPH_ITEM.match(out[-1].strip().split("\n")[-1]):
            out[-1] = f"{out[-1]}\n{block.strip()}"
            continue
        if out and number and previous_number is not None and int(number.group(1)) == previous_number + 1:
            out[-1] = f"{out[-1]}\n{block.strip()}"
            previous_number += 1
            continue
        previous_number = int(number.group(1)) if number else None
        out.append(block)
    return out


def _soft_to_space(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get("t") == "SoftBreak":
            return {"t": "Space"}
        return {k: _soft_to_space(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_soft_to_space(v) for v in node]
    return node


def _meta_blocks(value: dict[str, Any]) -> list[str]:
    kind, content = value.get("t"), value.get("c")
    if kind == "MetaInlines":
        return [_inlines(content)]
    if kind == "MetaBlocks":
        return _blocks(content)
    if kind == "MetaString":
        return [str(content)]
    if kind == "MetaList":
        out: list[str] = []
        for item in content:
            out.extend(_meta_blocks(item))
        return ["\n".join(o for o in out if o.strip())] if out else []
    return []


def _blocks(blocks: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        out.extend(_block(block))
    return [b for b in out if b.strip()]


def _block(block: dict[str, Any]) -> list[str]:
    kind, c = block.get("t"), block.get("c")
    if kind in ("Para", "Plain"):
        return [_inlines(c)]
    if kind == "Header":
        return [" ".join(_inlines(c[2]).split())]
    if kind == "LineBlock":
        return ["\n".join(_inlines(line) for line in c)]
    if kind == "CodeBlock":
        return [c[1]]
    if kind == "BlockQuote":
        return _blocks(c)
    if kind == "BulletList":
        return ["\n".join(f"- {_item(item)}" for item in c if _item(item))]
    if kind == "OrderedList":
        (start, style, delim), items = c[0], c[1]
        return ["\n".join(_ordered_marker(start + i, style.get("t"), delim.get("t")) + " " + _item(item)
                          for i, item in enumerate(items) if _item(item))]
    if kind == "DefinitionList":
        lines: list[str] = []
        for term, definitions in c:
            lines.append(_inlines(term))
            for definition in definitions:
                lines.extend(_blocks(definition))
        return ["\n".join(lines)]
    if kind == "Div":
        return _blocks(c[1])
    if kind == "Figure":
        return _blocks(c[2])
    if kind == "Table":
        return _table(c)
    return []  # HorizontalRule, RawBlock, Null: not release text


def _item(blocks: list[dict[str, Any]]) -> str:
    """A list item on one line: its paragraphs (and any nested list) joined by spaces."""
    return " ".join(" ".join(b.split()) for b in _blocks(blocks))


def _ordered_marker(number: int, style: str | None, delim: str | None) -> str:
    if style == "LowerAlpha" and 1 <= number <= 26:
        label = chr(ord("a") + number - 1)
    elif style == "UpperAlpha" and 1 <= number <= 26:
        label = chr(ord("A") + number - 1)
    else:
        label = str(number)
    if delim == "OneParen":
        return f"{label})"
    if delim == "TwoParens":
        return f"({label})"
    return f"{label}."


def _table(c: list[Any]) -> list[str]:
    """Rows as lines (cells tab-separated); a one-column layout table as ordinary blocks."""
    _attr, caption, _specs, head, bodies, foot = c
    rows: list[list[list[dict[str, Any]]]] = []

    def collect(row_list: list[Any]) -> None:
        for _row_attr, cells in row_list:
            rows.append([cell[4] for cell in cells])

    collect(head[1])
    for body in bodies:
        collect(body[2])
        collect(body[3])
    collect(foot[1])
    out: list[str] = []
    caption_blocks = caption[1] if caption and len(caption) > 1 else []
    out.extend(_blocks(caption_blocks or []))
    filled = [[cell for cell in row if _blocks(cell)] for row in rows]
    if all(len(row) <= 1 for row in filled):
        for row in filled:
            for cell in row:
                out.extend(_blocks(cell))
        return out
    lines = ["\t".join(" ".join(" ".join(b.split()) for b in _blocks(cell)) for cell in row)
             for row in filled if row]
    if lines:
        out.append("\n".join(lines))
    return out


def _inlines(inlines: list[dict[str, Any]]) -> str:
    parts: list[str] = []
    for inline in inlines or []:
        parts.append(_inline(inline))
    text = "".join(parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _inline(inline: dict[str, Any]) -> str:
    kind, c = inline.get("t"), inline.get("c")
    if kind == "Str":
        return c
    if kind == "Space":
        return " "
    if kind in ("SoftBreak", "LineBreak"):
        return "\n"
    if kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
        return _inlines_raw(c)
    if kind == "Span":
        return _inlines_raw(c[1])
    if kind == "Quote":
        double = (c[0] or {}).get("t") == "DoubleQuote"
        inner = _inlines_raw(c[1])
        return f"“{inner}”" if double else f"‘{inner}’"
    if kind == "Cite":
        return _inlines_raw(c[1])
    if kind == "Code":
        return c[1]
    if kind == "Math":
        return c[1]
    if kind == "Link":
        return _link(_inlines_raw(c[1]), c[2][0])
    return ""  # Image, Note, RawInline: not release text


def _inlines_raw(inlines: list[dict[str, Any]]) -> str:
    return "".join(_inline(i) for i in inlines or [])


def _link(text: str, url: str) -> str:
    """Keep the link text, and the URL when it adds something the reader cannot see.

    mailto:/tel: links show the address or number without the scheme, and nothing extra
    when the text already is that address or number ("070-342 47 00" → tel:+46703424700).
    """
    if not url or url.startswith("#"):
        return text
    plain = text.strip()
    lower = url.lower()
    if lower.startswith("tel:"):
        number = url[4:]
        return text if sum(ch.isdigit() for ch in plain) >= 6 else (f"{text} ({number})" if plain else number)
    if lower.startswith("mailto:"):
        address = url[7:].split("?", 1)[0]
        return text if "@" in plain else (f"{text} ({address})" if plain else address)
    if not plain:
        return url
    if _same_target(plain, url):
        return text
    return f"{text} ({url})"


def _same_target(text: str, url: str) -> bool:
    def canon(value: str) -> str:
        value = value.strip().lower()
        value = re.sub(r"^https?://", "", value)
        value = re.sub(r"^www\.", "", value)
        return value.rstrip("/")

    return canon(text) == canon(url)
