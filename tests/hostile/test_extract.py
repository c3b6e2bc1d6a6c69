"""`pressroom extract` on hostile PDFs: attachment names, bombs, broken and looping structures."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import pikepdf
import pytest

from .bombs import raw_pdf_with_attachment, zeros_zlib
from .conftest import EITHER, REFUSED, RLIMIT_ENV, Attack, Result, params, run_attack, write


def _pdf(attachments: list[tuple[str, bytes]], *, raw: dict[str, pikepdf.Object] | None = None) -> bytes:
    """A one-page PDF carrying these embedded files (names as given, however hostile)."""
    import io

    pdf = pikepdf.new()
    pdf.add_blank_page()
    names = pikepdf.Array()
    for name, data in attachments:
        stream = pikepdf.Stream(pdf, data)
        spec = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=pikepdf.String(name),
                                                    UF=pikepdf.String(name), EF=pikepdf.Dictionary(F=stream)))
        names.append(pikepdf.String(name))
        names.append(spec)
    pdf.Root.Names = pikepdf.Dictionary(EmbeddedFiles=pikepdf.Dictionary(Names=names))
    for key, value in (raw or {}).items():
        pdf.Root[key] = value
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _extract(data, *flags: str, pre=None):
    def build(work: Path, url: str) -> list[str]:
        write(work / "x.pdf", data() if callable(data) else data)
        (work / "ex").mkdir()
        if pre:
            pre(work)
        return ["extract", "x.pdf", "-o", "ex", *flags]
    return build


def _only_in_ex(*names: str):
    def check(work: Path, result: Result) -> None:
        found = sorted(p.name for p in (work / "ex").iterdir())
        assert found == sorted(names), found
        assert sorted(p.name for p in work.iterdir()) == ["ex", "x.pdf"], sorted(p.name for p in work.iterdir())
    return check


def _printable_output(work: Path, result: Result) -> None:
    for line in (result.stdout + result.stderr).splitlines():
        assert all(ch.isprintable() for ch in line), repr(line)


def _refused_by_size(work: Path, result: Result) -> None:
    assert "larger than" in result.stderr, "not refused by the size cap (memory ran out first?)"


def _loop_kids() -> bytes:
    import io

    pdf = pikepdf.new()
    pdf.add_blank_page()
    node = pdf.make_indirect(pikepdf.Dictionary())
    node.Kids = pikepdf.Array([node])
    pdf.Root.Names = pikepdf.Dictionary(EmbeddedFiles=node)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _encrypted() -> bytes:
    import io

    pdf = pikepdf.open(__import__("io").BytesIO(_pdf([("a.txt", b"x")])))
    buf = io.BytesIO()
    pdf.save(buf, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    return buf.getvalue()


def _existing_symlink(work: Path) -> None:
    os.symlink(work.parent / "outside" / "secret.txt", work / "ex" / "evil.txt")


GB3 = 3000  # MiB

ATTACKS = [
    Attack("pdf-name-traversal", "an attachment named ../../outside/pwn.txt", _extract(
        _pdf([("../../outside/pwn.txt", b"pwned")])), expect=EITHER, check=_only_in_ex("pwn.txt")),
    Attack("pdf-name-absolute", "an attachment named with an absolute path", lambda w, u: _extract(
        _pdf([(str(w.parent / "outside" / "abs.txt"), b"pwned")]))(w, u), expect=EITHER, check=_only_in_ex("abs.txt")),
    Attack("pdf-name-backslashes", "an attachment named ..\\..\\outside\\win.txt", _extract(
        _pdf([("..\\..\\outside\\win.txt", b"pwned")])), expect=EITHER, check=_only_in_ex("win.txt")),
    Attack("pdf-name-dotdot", "attachments named '..', '.', '' and '/'", _extract(
        _pdf([("..", b"a"), (".", b"b"), ("", b"c"), ("/", b"d")])), expect=REFUSED, max_error_lines=4,
           check=_only_in_ex()),
    Attack("pdf-name-newline", "an attachment named 'a\\nb.txt'", _extract(_pdf([("a\nb.txt", b"x")])),
           expect=REFUSED, check=_printable_output),
    Attack("pdf-name-bidi", "an attachment named '\\u202etxt.exe' (shows as exe.txt)", _extract(
        _pdf([("\u202etxt.exe", b"MZ")])), expect=EITHER, check=_printable_output),
    Attack("pdf-name-long", "an attachment with a 1,000-character name", _extract(_pdf([("n" * 1000 + ".txt", b"x")])),
           expect=REFUSED),
    Attack("pdf-name-existing-symlink", "an attachment named like a symlink already in -o that leads outside",
           _extract(_pdf([("evil.txt", b"pwned")]), pre=_existing_symlink), expect=REFUSED),
    Attack("pdf-name-duplicate", "two attachments with one name and different content", _extract(
        _pdf([("same.txt", b"first"), ("same.txt", b"second")])), expect=EITHER,
           check=lambda w, r: _assert((w / "ex" / "same.txt").read_bytes() in (b"first", b"second"))),
    Attack("pdf-name-overwrite-self", "an attachment named x.pdf extracted beside the PDF itself", lambda w, u: (
        write(w / "x.pdf", _pdf([("x.pdf", b"not the pdf")])), ["extract", "x.pdf"])[1], expect=REFUSED,
           check=None),
    Attack("pdf-flate-bomb", "a 3 GB FlateDecode attachment (3 MB on disk)", _extract(
        lambda: raw_pdf_with_attachment("bomb.bin", zeros_zlib(GB3), "/FlateDecode")), expect=REFUSED, timeout=60,
           env={RLIMIT_ENV: str(2 << 30)}, check=_refused_by_size),
    Attack("pdf-double-flate-bomb", "a 3 GB attachment behind two FlateDecode filters (a few KB on disk)", _extract(
        lambda: raw_pdf_with_attachment("bomb.bin", zlib.compress(zeros_zlib(GB3), 9), "[/FlateDecode /FlateDecode]")),
           expect=REFUSED, timeout=60, env={RLIMIT_ENV: str(2 << 30)}, check=_refused_by_size,
           xfail="pdftext-formats (pipeline/pdf.py): only a plain /FlateDecode stream is inflated with a cap; "
                 "any other filter chain (two FlateDecode, a predictor, LZW) goes to qpdf's read_bytes(), which "
                 "inflates everything before the size check (here 1.1 GB resident, then std::bad_alloc under a 2 GB "
                 "address-space limit, reported as 'not a readable PDF')"),
    Attack("pdf-many-attachments", "1,000 tiny attachments", _extract(
        lambda: _pdf([(f"f{i}.txt", b"x") for i in range(1000)])), expect=EITHER, timeout=90, slow=True,
           max_error_lines=5000),
    Attack("pdf-names-loop", "an EmbeddedFiles name tree whose /Kids contains itself", _extract(_loop_kids),
           expect=EITHER, timeout=30),
    Attack("pdf-truncated", "a PDF cut short (qpdf may repair it)", _extract(
        lambda: _pdf([("a.txt", b"x" * 5000)])[:700]), expect=EITHER),
    Attack("pdf-not-pdf", "a text file named .pdf", _extract(b"hello, I am not a PDF\n" * 100), expect=REFUSED),
    Attack("pdf-encrypted", "a password-protected PDF", _extract(_encrypted), expect=REFUSED),
    Attack("pdf-empty-file", "an empty file", _extract(b""), expect=REFUSED),
]


def _assert(condition: bool) -> None:
    assert condition


@pytest.mark.parametrize("attack", params(ATTACKS))
def test_extract_attack(attack: Attack, tmp_path: Path, canary) -> None:
    run_attack(attack, tmp_path, canary)
