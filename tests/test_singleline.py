"""Single-line fields: no bidi controls, no control characters, no line breaks — from either reader."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from pipeline.errors import PressroomError
from pipeline.htmlreader import read_html
from pipeline.htmlwriter import render_html
from pipeline.model import Contact, Dateline, Paragraph, Quote, Release
from pipeline.reader import read_release
from pipeline.singleline import BIDI_CONTROLS, clean_line, clean_single_lines

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000-sv-hallbara-stader.txt"
BAD = "\r\n\x0b\x0c\x1b\x85\u2028\u2029\x00\x7f\ufeff"


def single_line_values(release: Release) -> list[str]:
    values = [release.headline, release.language, release.organization, release.release_type,
              release.subheadline, release.contacts_heading, release.end_mark]
    if release.dateline:
        values += [release.dateline.text, release.dateline.city, release.dateline.distributor]
    for c in release.contacts:
        values += [c.name, c.title, c.organization, c.phone, c.phone_e164, c.email]
    for b in release.body:
        if isinstance(b, Quote):
            values += [b.speaker, b.role]
    values += [s.heading for s in release.boilerplate]
    return [v for v in values if v]


def assert_clean(release: Release) -> None:
    for value in single_line_values(release):
        assert not set(value) & set(BIDI_CONTROLS + BAD), repr(value)
        assert value == value.strip() and "  " not in value, repr(value)


@pytest.mark.parametrize("char", list(BIDI_CONTROLS))
def test_clean_line_removes_every_bidi_control(char: str) -> None:
    assert clean_line(f"Acme{char} news\u202e fdp.exe") == "Acme news fdp.exe"


def test_clean_line_turns_controls_and_breaks_into_one_space() -> None:
    assert clean_line(f"Big{BAD}news  today ") == "Big news today"
    assert clean_line("مرحبا بالعالم") == "مرحبا بالعالم"  # right-to-left text itself is kept


def test_the_text_reader_cleans_every_single_line_field() -> None:
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[0] = "Läns\u202estyrelsen i Stockholms\u2066 län"
    lines[2] = "\u202eHållbara städer\u200f - Stockholmsregionens nästa \u061cexportprodukt"
    text = "\n".join(lines).replace("070-342 47 00", "\u202a070-342 47 00\u202c")
    release = read_release(text.encode("utf-8"), "bidi.txt")
    assert release.headline == "Hållbara städer - Stockholmsregionens nästa exportprodukt"
    assert release.organization and "\u202e" not in release.organization
    assert any(c.phone == "070-342 47 00" for c in release.contacts)
    assert_clean(release)
    title = render_html(release).split("<title>", 1)[1].split("</title>", 1)[0]
    assert not set(title) & set(BIDI_CONTROLS)


def hostile_release() -> Release:
    dirty = "\u202e" + BAD
    return Release(
        headline=f"Acme{dirty} opens\u2067 a plant", language="en", organization=f"Acme{dirty}AB",
        release_type=f"Press{dirty}release", subheadline=f"Sub{dirty}line",
        dateline=Dateline(text=f"GÄVLE{dirty}", city=f"Gä{dirty}vle", distributor="\u202aTT"),
        body=[Paragraph("GÄVLE Acme opens.", lead=True),
              Quote(text="“Yes,” says Ada.", quote="Yes,", speaker=f"Ada{dirty}Lind", role="C\u202eEO")],
        contacts=[Contact(name=f"Ada{dirty}Lind", title="\u200fCEO", organization=f"Acme{dirty}",
                          phone="\u202a+46 70 123 45 67\u202c", email="ada@acme.example\u200e")],
        contacts_heading=f"Contacts{dirty}", end_mark=f"###{dirty}")


def test_clean_single_lines_touches_only_single_line_fields() -> None:
    release = hostile_release()
    release.body[0] = Paragraph("First line\nsecond line \u202e kept as body text.", lead=True)
    clean = clean_single_lines(release)
    assert_clean(clean)
    assert clean.body[0] == release.body[0]  # multi-line text keeps its line breaks
    assert clean.contacts[0].phone == "+46 70 123 45 67"
    assert clean.headline == "Acme opens a plant"


def test_the_html_reader_cleans_every_single_line_field() -> None:
    html = render_html(hostile_release()).replace("\x00", "")  # HTML parsers turn NUL into U+FFFD
    release = read_html(html)
    assert_clean(release)
    assert release.headline == "Acme opens a plant"
    assert release.dateline and release.dateline.distributor == "TT"


@pytest.mark.parametrize("lang", ["en\r\nBcc: victim@evil.example", "en\nX: y", "sv\x00", "en\u202e",
                                  "en us", "=?utf-8?q?en=0D=0ABcc:_x?="])
def test_a_lang_attribute_that_is_no_language_tag_is_refused(lang: str) -> None:
    html = render_html(Release(headline="Acme opens a plant", language="en", body=[Paragraph("Text.")]))
    html = html.replace('<html lang="en">', f'<html lang="{lang}">')
    with pytest.raises(PressroomError) as info:
        read_html(html)
    assert info.value.stage == "html" and "language tag" in info.value.reason
    assert "\n" not in info.value.one_line() and "\r" not in info.value.one_line()


@pytest.mark.parametrize("lang", ["en", "sv-SE", "zh-Hant-TW", " fi "])
def test_real_language_tags_are_kept(lang: str) -> None:
    html = render_html(Release(headline="Acme opens a plant", language="en", body=[Paragraph("Text.")]))
    assert read_html(html.replace('<html lang="en">', f'<html lang="{lang}">')).language == lang.strip()


def test_a_headline_of_control_characters_only_is_refused() -> None:
    html = render_html(Release(headline="X", language="en", body=[Paragraph("Text.")]))
    html = html.replace('<h1 class="pr-headline">X</h1>', '<h1 class="pr-headline">\u202e&#x1;\u2066</h1>')
    with pytest.raises(PressroomError, match="headline"):
        read_html(html)


#: An XML document (not XML_DOC): bs4's HTML builder warns XMLParsedAsHTMLWarning on it, in many lines.
XML_DOC = ('<?xml version="1.0" encoding="utf-8"?>\n<release><article class="pr-release"><h1 class="pr-headline">'
         'Acme opens a plant</h1><div class="pr-body"><p>Text.</p></div></article></release>')


def test_library_warnings_do_not_escape_the_html_reader() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        release = read_html(XML_DOC)
        with pytest.raises(PressroomError, match="headline"):
            read_html("release.html")  # bs4 warns "looks like a filename"
    assert release.headline == "Acme opens a plant"
    assert [str(w.message) for w in caught] == []


def test_library_warnings_do_not_escape_the_html_reader_even_when_filtered_to_error() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_html(XML_DOC).headline == "Acme opens a plant"


def test_render_of_xhtml_prints_no_warning(tmp_path: Path) -> None:
    source = tmp_path / "release.html"
    source.write_text(XML_DOC, encoding="utf-8")
    code = ("import sys, warnings; warnings.simplefilter('default');"
            "from pipeline.htmlreader import read_html;"
            "import pathlib; print(read_html(pathlib.Path(sys.argv[1]).read_text(encoding='utf-8')).headline)")
    done = subprocess.run([sys.executable, "-W", "default", "-c", code, str(source)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Acme opens a plant"
    assert done.stderr == ""


def test_render_refuses_a_line_break_in_html_lang_with_one_line(tmp_path: Path) -> None:
    html = render_html(Release(headline="Acme opens a plant", language="en", body=[Paragraph("Text.")]))
    source = tmp_path / "release.html"
    source.write_text(html.replace('<html lang="en">', '<html lang="en\r\nBcc: victim@evil.example">'),
                      encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pipeline", "render", str(source), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "[html]" in lines[0] and "language tag" in lines[0], done.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("char", ["\U000e0041", "\U000e007f", "\ufdd0", "\ufffe", "\uffff", "\U0001fffe",
                                  "\U0010ffff", "\ud800"])
def test_clean_line_removes_invisible_and_noncharacters(char: str) -> None:
    assert clean_line(f"Acme{char} opens") == "Acme opens"


def test_clean_line_keeps_private_use_and_emoji() -> None:
    assert clean_line("Acme \ue000 🚀 opens") == "Acme \ue000 🚀 opens"


def test_a_source_name_with_undecodable_bytes_is_recorded_printable() -> None:
    from pipeline.singleline import clean_filename

    assert clean_filename("caf\udce9\n\u202e.txt") == "caf\ufffd .txt"
    release = read_release("Acme opens a plant\n\nAcme AB opened a plant in Gävle today.\n".encode(), "r\udcff.txt")
    assert release.source.filename == "r\ufffd.txt"
    release.to_dict()  # and it serialises (the JSON and HTML writers encode it as UTF-8)
    assert "\ufffd" in __import__("json").dumps(release.to_dict(), ensure_ascii=False).encode("utf-8").decode()
