"""pandoc runs sandboxed with limits, and its AST becomes the text reader's layout."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from pipeline.errors import PressroomError
from pipeline.formats import to_release_text
from pipeline.formats.pandoc import ast_to_text, merge_manual_lists, pandoc_version, run_pandoc, to_ast


def _layout(markdown: str) -> str:
    return ast_to_text(to_ast(markdown.encode(), "markdown-smart"), soft_breaks=True)


def test_the_bundled_pandoc_is_recent_enough_for_sandbox_and_rtf():
    assert pandoc_version() >= (3, 0)


def test_blocks_headings_lists_quotes_and_tables_become_text_layout():
    text = _layout(
        "# Headline\n\nFirst *para*\nsecond line\n\n## Sub\n\n- one\n- two\n\n3. c\n4. d\n\n"
        "> quoted\n>\n> twice\n\n| Name | Phone |\n|---|---|\n| Ann | 1 |\n\n---\n\n<div>raw</div>\n"
    )
    assert text == ("Headline\n\nFirst para\nsecond line\n\nSub\n\n- one\n- two\n\n3. c\n4. d\n\n"
                    "quoted\n\ntwice\n\nName\tPhone\nAnn\t1\n\nraw\n")


def test_links_keep_their_text_and_an_address_that_adds_something():
    text = _layout("[our site](https://a.example/x), <https://b.example>, [www.c.example](http://www.c.example/), "
                   "[Karin](mailto:k@a.example), [k@a.example](mailto:k@a.example), [070-1234567](tel:+46701234567)\n")
    assert text == ("our site (https://a.example/x), https://b.example, www.c.example, Karin (k@a.example), "
                    "k@a.example, 070-1234567\n")


def test_html_line_ends_are_spaces_but_br_is_a_line_break():
    ast = to_ast(b"<p>one\ntwo<br>three</p><ul><li><p>a</p></li></ul>", "html")
    assert ast_to_text(ast) == "one two\nthree\n\n- a\n"


def test_word_title_and_subtitle_styles_are_put_back_in_front():
    docx = run_pandoc(b"---\ntitle: The headline\nsubtitle: The deck\n---\n\nBody text.\n", "markdown", "docx")
    assert to_release_text(docx, "r.docx").text == "The headline\n\nThe deck\n\nBody text.\n"


def test_typed_bullets_in_separate_paragraphs_become_one_list_but_dash_quotes_do_not():
    assert merge_manual_lists(["Intro", "• a", "• b", "1. x", "2. y", "- Quote one", "- Quote two"]) == [
        "Intro", "• a\n• b", "1. x\n2. y", "- Quote one", "- Quote two"]


def test_pandoc_runs_sandboxed_so_documents_cannot_read_local_files(tmp_path: Path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n" + b"secret" * 10)
    docx = run_pandoc(f"![x]({secret})\n".encode(), "markdown", "docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert not any(name.startswith("word/media/") for name in archive.namelist())


def test_a_slow_document_hits_the_time_limit():
    with pytest.raises(PressroomError, match="longer than"):
        run_pandoc(b"# x\n" * 20000, "markdown", "json", timeout=0.001)


def test_a_broken_document_is_a_clear_error(en_docx: bytes):
    from .test_safety import _rewrite

    broken = _rewrite(en_docx, {"word/document.xml": b"<w:document><not closed"})
    with pytest.raises(PressroomError) as err:
        to_release_text(broken, "release.docx")
    # refused by the container check's XML parser before pandoc runs (issue 13: readers disagree on broken XML)
    assert err.value.stage == "document" and "not well-formed XML" in err.value.reason


def test_a_document_without_text_is_refused():
    docx = run_pandoc(b"![](x.png)\n", "markdown", "docx")
    with pytest.raises(PressroomError, match="contains no text"):
        to_release_text(docx, "release.docx")


def test_html_is_cleaned_before_pandoc_sees_it():
    page = (b"<!DOCTYPE html><html><head><title>Site | Release</title><meta charset='windows-1252'>"
            b"<script>alert(1)</script><style>p{}</style></head><body><nav>Home | About</nav>"
            b"<h1>Headline</h1><p>Caf\xe9 opens.</p><svg><text>logo</text></svg></body></html>")
    source = to_release_text(page, "page.html")
    assert source.text == "Headline\n\nCafé opens.\n"


def test_rtf_literal_unicode_fallbacks_are_made_hex_so_pandoc_keeps_the_next_character():
    from pipeline.formats import rtf_fallbacks_as_hex

    rtf = rb"\u8211- Det h\u228 ?r \u8217'a 35\u8211-40 \u8211\'96 ok"
    assert rtf_fallbacks_as_hex(rtf) == rb"\u8211\'2d Det h\u228\'3fr \u8217\'27a 35\u8211\'2d40 \u8211\'96 ok"
    document = b"{\\rtf1\\ansi\\uc1 " + rtf + b"}"
    assert to_release_text(document, "r.rtf").text == "– Det här ’a 35–40 – ok\n"
