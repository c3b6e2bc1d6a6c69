"""The command line end to end: real files in, real folders out, one clear line per failure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import iter_sources, main
from tests.conftest import SEED

PYTHON = sys.executable


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_version_and_help():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("pressroom ")
    for command in ("convert", "parse", "render", "validate", "brands", "extract"):
        res = run(command, "--help")
        assert res.returncode == 0, command
        assert "usage: pressroom " + command in res.stdout


def test_parse_json_is_the_release(release_schema):
    jsonschema = pytest.importorskip("jsonschema")
    out = run("parse", str(SEED), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    jsonschema.validate(data, release_schema)
    assert data["headline"].startswith("Hållbara städer")
    assert data["source"]["filename"] == SEED.name and len(data["source"]["sha256"]) == 64


BAD_INPUTS = {
    "empty.txt": b"",
    "blank.txt": b"   \n\n  \t \n",
    "image.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    "undecodable.txt": bytes(range(128, 256)) * 8 + b"\x81\x8d\x8f\x90\x9d",
    "noheadline.txt": b"----\n\n....\n\n***\n",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_clear_line_and_writes_nothing(tmp_path: Path, name: str):
    src = tmp_path / name
    src.write_bytes(BAD_INPUTS[name])
    out_dir = tmp_path / "out"
    res = run("convert", str(src), "-o", str(out_dir), "--formats", "html,xml,json")
    assert res.returncode == 1
    errors = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, res.stderr
    assert str(src) in errors[0] and "[" in errors[0]
    assert not out_dir.exists() or not any(out_dir.iterdir())
    assert src.read_bytes() == BAD_INPUTS[name], "the source is never touched"


def test_huge_file_is_refused_quickly(tmp_path: Path):
    src = tmp_path / "huge.txt"
    with open(src, "wb") as fh:
        line = b"This is a very long release that nobody should send to a wire service.\n"
        fh.write(line * (50 * 1024 * 1024 // len(line)))
    assert main(["convert", str(src), "-o", str(tmp_path / "out"), "--formats", "json", "-q"]) == 1
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_one_bad_file_does_not_stop_the_batch(tmp_path: Path):
    batch = tmp_path / "in"
    batch.mkdir()
    (batch / "a-empty.txt").write_bytes(b"")
    (batch / "b-good.txt").write_bytes(SEED.read_bytes())
    (batch / ".hidden.txt").write_bytes(b"ignored")
    (batch / "README.md").write_text("not a release")
    res = run("convert", str(batch), "-o", str(tmp_path / "out"), "--formats", "json,xml,html")
    assert res.returncode == 1
    assert "1 converted, 1 failed" in res.stdout
    folders = [p.name for p in (tmp_path / "out").iterdir()]
    assert folders == ["2006-11-07-hallbara-stader-stockholmsregionens-nasta-exportprodukt"]


def test_iter_sources_skips_hidden_temp_and_processed(tmp_path: Path):
    for rel in (
        "a.txt",
        "sub/b.txt",
        ".x.txt",
        "processed/c.txt",
        "failed/d.txt",
        "~$e.txt",
        "f.pdf",
        "README.md",
    ):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in iter_sources([tmp_path])) == [
        "a.txt",
        "sub/b.txt",
    ]


@pytest.mark.slow
def test_convert_the_reference_release_to_all_four_files(tmp_path: Path):
    res = run("convert", str(SEED), "-o", str(tmp_path))
    assert res.returncode == 0, res.stderr
    folder = tmp_path / "2006-11-07-hallbara-stader-stockholmsregionens-nasta-exportprodukt"
    assert sorted(p.name for p in folder.iterdir()) == [
        "release.html",
        "release.json",
        "release.pdf",
        "release.xml",
    ]
    assert (folder / "release.pdf").read_bytes().startswith(b"%PDF-")
    assert not [p for p in tmp_path.rglob(".*")], "no temporary files are left"
    again = run("convert", str(SEED), "-o", str(tmp_path))
    assert again.returncode == 0
    assert len(list(tmp_path.iterdir())) == 1, "the same source replaces its own folder"


def _pdf_with_attachments(path: Path, files: dict[str, bytes]) -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    for name, data in files.items():
        pdf.attachments[name] = pikepdf.AttachedFileSpec(pdf, data, filename=name)
    pdf.save(path)
    return path.read_bytes()


def test_extract_from_a_hostile_pdf_never_overwrites_and_stays_in_the_folder(tmp_path: Path, capsys):
    """Attachment names come from the PDF: never a path, never over an existing file (the PDF itself)."""
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "release.html").write_text("the editor's work", encoding="utf-8")
    pdf_path = folder / "release.pdf"
    original = _pdf_with_attachments(pdf_path, {
        "release.pdf": b"not the pdf", "release.html": b"<script>", "../../escape.txt": b"x",
        "/etc/cron.d/evil": b"y", ".bashrc": b"z", "ok\x1b[2J.txt": b"w", "release.xml": b"<xml/>"})
    code = main(["extract", str(pdf_path)])
    err = capsys.readouterr().err
    assert pdf_path.read_bytes() == original
    assert (folder / "release.html").read_text(encoding="utf-8") == "the editor's work"
    assert not (tmp_path / "escape.txt").exists()
    assert not list(tmp_path.glob("*.txt"))
    assert (folder / "release.xml").read_bytes() == b"<xml/>"
    assert not (folder / ".bashrc").exists()
    assert not any("\x1b" in p.name for p in folder.iterdir())
    assert "already exists" in err
    assert code == 1
    # the same file again (the usual `extract` beside its own release.xml) is not an error
    same = tmp_path / "same"
    same.mkdir()
    _pdf_with_attachments(same / "release.pdf", {"release.xml": b"<xml/>"})
    (same / "release.xml").write_bytes(b"<xml/>")
    assert main(["extract", str(same / "release.pdf")]) == 0


def test_iter_sources_skips_symlinks_found_in_a_folder(tmp_path: Path, capsys):
    """`pressroom convert input/` must not follow a link dropped there to a file outside."""
    inp, outside = tmp_path / "input", tmp_path / "outside"
    inp.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    (inp / "a.txt").write_text("x")
    (inp / "link.txt").symlink_to(outside / "secret.txt")
    (inp / "dir").symlink_to(outside, target_is_directory=True)
    assert [p.name for p in iter_sources([inp])] == ["a.txt"]
    assert "symbolic link" in capsys.readouterr().err


def test_an_unexpected_error_on_one_file_does_not_stop_the_batch(tmp_path: Path, monkeypatch, capsys):
    """As in `--workers N` (batch.py): a bug hit by one hostile file fails that file, not the run."""
    from pipeline.convert import Converter

    original = Converter.convert_bytes

    def flaky(self, data: bytes, filename: str):
        if filename == "a-bad.txt":
            raise RecursionError("maximum recursion depth exceeded")
        return original(self, data, filename)

    monkeypatch.setattr(Converter, "convert_bytes", flaky)
    (tmp_path / "a-bad.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "b-good.txt").write_bytes(SEED.read_bytes())
    assert main(["convert", str(tmp_path), "-o", str(tmp_path / "out"), "--formats", "json", "-q"]) == 1
    assert "a-bad.txt: [internal] RecursionError" in capsys.readouterr().err
    assert len(list((tmp_path / "out").iterdir())) == 1


def test_a_huge_file_is_refused_by_its_size_before_it_is_read(tmp_path: Path, monkeypatch, capsys):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as fh:
        fh.truncate(51 * 1024 * 1024)

    def no_read(self):
        raise AssertionError("read whole")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    assert main(["convert", str(huge), "-o", str(tmp_path / "out"), "-q"]) == 1
    assert "too large to be a press release" in capsys.readouterr().err


def test_render_refuses_a_huge_html_by_its_size_before_reading_it(tmp_path: Path, monkeypatch, capsys):
    huge = tmp_path / "release.html"
    with open(huge, "wb") as fh:
        fh.truncate(51 * 1024 * 1024)

    def no_read(self):
        raise AssertionError("read whole")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    assert main(["render", str(huge)]) == 1
    assert "too large" in capsys.readouterr().err
