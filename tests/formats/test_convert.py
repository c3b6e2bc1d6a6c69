"""End to end: the converter, the CLI and the watcher take every format; bad files write nothing."""

from __future__ import annotations

import io
import json
import signal
import zipfile
from pathlib import Path

import pytest

from pipeline.cli import iter_sources, main
from pipeline.convert import ALL_FORMATS, Converter, parse_formats
from pipeline.errors import PressroomError

from .conftest import EN_MD, EN_TXT, make_email, pandoc_build

FOLDER_PREFIX = "2024-03-14-northwind-energy-opens-europe"


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b"\0" * (30 * 1024 * 1024) + b"</w:document>")
    return buffer.getvalue()


def _external_image(docx: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdX" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/image" '
                                    b'Target="https://tracker.example/p.png" TargetMode="External"/></Relationships>')
            dst.writestr(info, data)
    return out.getvalue()


def bad_inputs(docx: bytes) -> dict[str, tuple[bytes, str]]:
    """name → (bytes, words the one-line error must contain)."""
    return {
        "bomb.docx": (_bomb(), "zip bomb"),
        "locked.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le"),
                        "password-protected"),
        "corrupt.docx": (docx[: len(docx) // 3], "corrupt"),
        "tracking.docx": (_external_image(docx), "external picture"),
        "photo.eml": (make_email("Photo", None, attachments=(("p.png", b"\x89PNG\r\n\x1a\n", "image/png"),)),
                      "no text part"),
        "binary.txt": (b"\x00\x01\x02\x03\xff\xfe" * 300, "binary"),
        "outlook.msg": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "__substg1.0_".encode("utf-16-le"),
                        ".msg files are not supported"),
    }


def test_new_formats_are_opt_in_outputs_and_not_in_the_default_set():
    assert parse_formats("html,docx,odt") == ("html", "docx", "odt")
    assert "docx" not in ALL_FORMATS and "odt" not in ALL_FORMATS
    with pytest.raises(PressroomError, match="choose from html,pdf,xml,json,docx,odt"):
        parse_formats("doc")


def test_iter_sources_takes_every_release_format(tmp_path: Path):
    for name in ("a.docx", "b.odt", "c.rtf", "d.md", "e.markdown", "f.html", "g.htm", "h.eml", "i.txt",
                 "j.pdf", "README.md", "~$k.docx", "l.msg"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in iter_sources([tmp_path])] == [
        "a.docx", "b.odt", "c.rtf", "d.md", "e.markdown", "f.html", "g.htm", "h.eml", "i.txt"]


@pytest.mark.slow
def test_a_docx_converts_to_all_outputs_with_the_original_attached(tmp_path: Path, en_docx: bytes):
    import pikepdf

    source = tmp_path / "release.docx"
    source.write_bytes(en_docx)
    result = Converter(tmp_path / "out", ("html", "pdf", "xml", "json", "docx", "odt")).convert_file(source)
    assert result.folder.name.startswith(FOLDER_PREFIX)
    assert sorted(p.name for p in result.folder.iterdir()) == [
        "release.docx", "release.html", "release.json", "release.odt", "release.pdf", "release.xml"]
    assert result.release.source.encoding == "docx"
    with pikepdf.open(result.folder / "release.pdf") as pdf:
        attached = pdf.attachments["release.docx"]
        assert attached.get_file().read_bytes() == en_docx
        assert str(attached.get_file().obj.get("/Subtype")) == (
            "/application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def test_bad_inputs_raise_one_clear_error_and_write_nothing(tmp_path: Path, en_docx: bytes):
    out = tmp_path / "out"
    converter = Converter(out, ("html", "json", "docx"))
    for name, (data, words) in bad_inputs(en_docx).items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(PressroomError) as err:
            converter.convert_file(path)
        line = err.value.one_line()
        assert words in line, line
        assert line.startswith(f"{path}: [") and "\n" not in line
    assert not out.exists() or not any(out.iterdir())


def test_the_cli_converts_a_mixed_folder_and_reports_each_bad_file(tmp_path: Path, en_docx: bytes,
                                                                   capsys: pytest.CaptureFixture[str]):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text(EN_TXT, encoding="utf-8")
    (inp / "b.md").write_text(EN_MD.replace("Västerås", "Uppsala"), encoding="utf-8")
    (inp / "c.rtf").write_bytes(pandoc_build(EN_MD.replace("Västerås", "Luleå"), "rtf"))
    (inp / "d.eml").write_bytes(make_email("x", EN_TXT.replace("Västerås", "Kiruna")))
    (inp / "renamed.txt").write_bytes(pandoc_build(EN_MD.replace("Västerås", "Umeå"), "docx"))
    (inp / "bomb.docx").write_bytes(_bomb())
    code = main(["convert", str(inp), "-o", str(tmp_path / "out"), "--formats", "json", "-q"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "bomb.docx: [document]" in err and "zip bomb" in err
    headlines = sorted(json.loads((p / "release.json").read_text(encoding="utf-8"))["headline"]
                       for p in (tmp_path / "out").iterdir())
    assert [h.rsplit(" in ", 1)[1] for h in headlines] == ["Kiruna", "Luleå", "Umeå", "Uppsala", "Västerås"]


@pytest.mark.slow
def test_the_watcher_converts_a_docx_and_fails_bad_documents_with_their_reason(tmp_path: Path, en_docx: bytes):
    from pipeline import reader
    from pipeline.formats import decode_any

    if reader.decode is not decode_any:
        pytest.skip("pipeline/reader.py does not route formats yet (see .coord/formats-to-parser.md)")
    from test_watch import WatchProcess, wait_for

    inp, out = tmp_path / "input", tmp_path / "output"
    inp.mkdir()
    bad = {name: value for name, value in bad_inputs(en_docx).items() if name != "binary.txt"}
    watcher = WatchProcess(inp, out, "--formats", "json", workers=1)
    try:
        watcher.wait_ready()
        (inp / "release.docx").write_bytes(en_docx)
        for name, (data, _words) in bad.items():
            (inp / name).write_bytes(data)
        wait_for(lambda: len(watcher.file_results()) >= 1 + len(bad), 120, "a log line per file",
                 context=watcher.text)
        assert watcher.stop() == 0
    finally:
        if watcher.proc.poll() is None:
            watcher.stop(signal.SIGKILL)
    assert [p.name[: len(FOLDER_PREFIX)] for p in out.iterdir() if p.is_dir()] == [FOLDER_PREFIX]
    for name, (data, words) in bad.items():
        assert (inp / "failed" / name).read_bytes() == data
        assert words in (inp / "failed" / f"{name}.error.txt").read_text(encoding="utf-8")


def test_the_source_mime_type_follows_the_readers_format_label(en_docx: bytes):
    """Callers that pass no MIME type (the watcher) still attach a .docx as a Word document."""
    from pipeline.convert import _source_mime
    from pipeline.reader import read_release

    assert _source_mime(read_release(en_docx, "r.docx")).endswith("wordprocessingml.document")
    assert _source_mime(read_release(make_email("Subject here", EN_TXT), "r.eml")) == "message/rfc822"
    assert _source_mime(read_release(EN_TXT.encode("cp1252", "replace"), "r.txt")) == "text/plain"


def _deep_inputs() -> dict[str, bytes]:
    lead = "Acme opens plant\n\nSTOCKHOLM, 3 March 2025 - Acme today opened a new plant, it says.\n\n"
    eml = "From: a@b.com\nTo: c@d.com\nSubject: Acme opens plant\nMessage-ID: <x@y>\nMIME-Version: 1.0\n"
    for i in range(3000):
        eml += f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n'
    eml += "Content-Type: text/plain\n\n" + lead + "".join(f"\n--b{i}--\n" for i in reversed(range(3000)))
    return {
        "quotes.md": (lead + ">" * 3000 + " deep\n").encode(),
        "divs.html": b"<html><body><h1>Acme opens plant</h1>" + b"<div>" * 50000 + b"x" + b"</div>" * 50000
                     + b"</body></html>",
        "nested.eml": eml.encode(),
    }


@pytest.mark.parametrize("name", sorted(_deep_inputs()))
def test_absurdly_deep_nesting_is_one_clear_error_not_a_crash(name: str):
    from pipeline.reader import read_release

    # 3,000 nested multiparts are also 6,000 part delimiters: the e-mail part bound says so first
    with pytest.raises(PressroomError, match=r"nested too deeply|more than 500 MIME parts"):
        read_release(_deep_inputs()[name], name)


def test_a_deeply_nested_file_does_not_stop_the_batch(tmp_path: Path, capsys):
    (tmp_path / "quotes.md").write_bytes(_deep_inputs()["quotes.md"])
    (tmp_path / "release.md").write_text(EN_MD, encoding="utf-8")
    assert main(["convert", str(tmp_path), "-o", str(tmp_path / "out"), "--formats", "json", "-q"]) == 1
    assert "nested too deeply" in capsys.readouterr().err
    assert len(list((tmp_path / "out").iterdir())) == 1
