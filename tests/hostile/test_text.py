"""Plain-text releases: encodings, sizes, control characters, hostile headlines (slugs), numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import (
    BASE_RELEASE,
    EITHER,
    REFUSED,
    Attack,
    Result,
    convert_args,
    one_release,
    params,
    release_folders,
    run_attack,
    write,
)

HEAD = "Acme opens a new plant in Gävle"


def _with_headline(headline: str) -> str:
    return BASE_RELEASE.replace(HEAD, headline)


def _src(data: bytes | str, name: str = "r.txt"):
    def build(work: Path, url: str) -> list[str]:
        write(work / name, data)
        return convert_args(name)
    return build


def _parse(data: bytes | str, name: str = "r.txt", *flags: str):
    def build(work: Path, url: str) -> list[str]:
        write(work / name, data)
        return ["parse", name, *flags]
    return build


def _json(work: Path) -> dict:
    return json.loads((one_release(work, None) / "release.json").read_text(encoding="utf-8"))  # type: ignore[arg-type]


def _slug_safe(work: Path, result: Result) -> None:
    """The release folder is a plain, bounded name directly inside out/."""
    folders = release_folders(work / "out")
    assert len(folders) == 1, folders
    name = folders[0].name
    assert folders[0].parent == work / "out"
    assert len(name.encode()) <= 255 and name.isascii() and "/" not in name and not name.startswith(".")
    assert all(ch.isalnum() or ch in "-_" for ch in name), name


def _headline_kept(expected: str):
    def check(work: Path, result: Result) -> None:
        data = _json(work)
        assert expected in data["headline"], data["headline"]
    return check


BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _no_controls(work: Path, result: Result) -> None:
    """No control, unassigned/noncharacter, surrogate, bidi or tag character in a one-line field."""
    import unicodedata

    data = _json(work)
    for key in ("headline", "organization"):
        value = data.get(key) or ""
        bad = [ch for ch in value if unicodedata.category(ch) in ("Cc", "Cs", "Cn") or ch in BIDI
               or 0xE0000 <= ord(ch) <= 0xE007F]
        assert not bad, (key, value, bad)


def _body_has(text: str):
    def check(work: Path, result: Result) -> None:
        body = json.dumps(_json(work), ensure_ascii=False)
        assert text in body, f"{text!r} lost"
    return check


def _mojibake_free(work: Path, result: Result) -> None:
    data = _json(work)
    assert "Gävle" in data["headline"] and data["issued"], (data["headline"], data["issued"])


ATTACKS = [
    # encodings
    Attack("utf16-le-bom", "UTF-16 LE with BOM", _src(b"\xff\xfe" + BASE_RELEASE.encode("utf-16-le")),
           check=_headline_kept(HEAD)),
    Attack("utf16-be-nobom", "UTF-16 BE without a BOM", _src(BASE_RELEASE.encode("utf-16-be")),
           check=_headline_kept(HEAD)),
    Attack("utf32-bom", "UTF-32 with BOM", _src(BASE_RELEASE.encode("utf-32")), check=_headline_kept(HEAD)),
    Attack("cp1252", "Windows-1252 with curly quotes and ä", _src(BASE_RELEASE.replace('"', "\u201c")
                                                                     .encode("cp1252")), check=_headline_kept(HEAD)),
    Attack("utf8-surrogates", "UTF-8 with encoded surrogates (ED A0 80) and overlong / (C0 AF)",
           _src(BASE_RELEASE.encode() + b"\n\xed\xa0\x80 \xc0\xaf\n"), expect=EITHER, check=_mojibake_free),
    Attack("mixed-encodings", "UTF-8 body with one Latin-1 line in the middle",
           _src(BASE_RELEASE.encode().replace(b"The plant", "Värmepump für".encode("latin-1") + b" The plant")),
           expect=EITHER, check=_mojibake_free),
    Attack("bom-only", "a file that is only a UTF-8 BOM", _src(b"\xef\xbb\xbf"), expect=REFUSED),
    Attack("whitespace-only", "spaces, tabs and blank lines only", _src(" \t\n" * 5000), expect=REFUSED),
    Attack("nul-bytes", "NUL bytes sprinkled into the text", _src(BASE_RELEASE.replace("plant", "pl\x00ant")),
           expect=REFUSED),
    # line endings and control characters
    Attack("cr-only", "old-Mac CR-only line endings", _src(BASE_RELEASE.replace("\n", "\r")),
           check=_headline_kept(HEAD)),
    Attack("crlf-mixed", "CRLF, LF and CR mixed", _src(BASE_RELEASE.replace("\n\n", "\r\n\r\n", 3)
                                                        .replace("\n", "\r", 2)), check=_headline_kept(HEAD)),
    Attack("unicode-line-seps", "U+2028/U+2029/NEL/VT/FF as line breaks", _src(
        BASE_RELEASE.replace("\n\n", "\u2029", 2).replace("300 new", "300\u2028new\x0b\x0c\x85 new")),
        check=_no_controls),
    Attack("ansi-escapes", "ANSI terminal escapes in headline and body", _src(
        _with_headline("Acme \x1b[2J\x1b[31mopens\x1b]0;pwned\x07 a plant")), check=_no_controls),
    Attack("zero-width-flood", "zero-width joiners between every character of the headline",
           _src(_with_headline("\u200d".join("Acme opens a new plant"))), check=_slug_safe),
    Attack("zalgo", "10,000 combining marks on one letter of the headline",
           _src(_with_headline("Acme o" + "\u0301" * 10000 + "pens a plant")), check=_slug_safe),
    Attack("bidi-isolates", "unterminated bidi isolates/embeddings in organization and headline",
           _src(_with_headline("\u2066\u202bAcme opens\u2067 a plant").replace("Acme AB today", "\u2068Acme AB today")),
           check=_no_controls),
    Attack("private-use-noncharacters", "U+FFFE, U+FFFF, private-use and tag characters in the headline",
           _src(_with_headline("Acme \ufffe\U000e0041\ue000 opens a plant")), check=_no_controls),
    # headlines that become folder names
    Attack("slug-traversal", "headline '../../outside/x' must not become a path", _src(
        _with_headline("../../outside/x")), check=_slug_safe),
    Attack("slug-dots", "headline that is only dots", _src(_with_headline(". . .. ...")), check=_slug_safe),
    Attack("slug-reserved", "headline 'CON' / 'NUL.txt' (Windows reserved names)", _src(_with_headline("CON")),
           check=_slug_safe),
    Attack("slug-emoji-only", "headline of emoji only (nothing to ASCII-fold)", _src(
        _with_headline("🚀🔥💯 🎉")), check=_slug_safe),
    Attack("slug-very-long", "a 5,000-character headline", _src(_with_headline("Acme opens " + "plant " * 830)),
           check=_slug_safe),
    Attack("slug-cjk-long", "a long CJK headline (3 bytes a character in UTF-8)", _src(
        _with_headline("東京" * 400)), check=_slug_safe),
    # numbers and dates
    Attack("date-far-future", "issued in the year 9999 and embargoed to 31 December 9999", _src(
        BASE_RELEASE.replace("3 March 2026", "31 December 9999").replace(
            "PRESS RELEASE", "PRESS RELEASE\nEMBARGOED UNTIL 31 December 9999 23:59"))),
    Attack("date-impossible", "30 February 2026 and month 13", _src(
        BASE_RELEASE.replace("3 March 2026", "30 February 2026").replace("Founded in 1950", "On 2026-13-45"))),
    Attack("date-year-zero", "year 0000 and year 99999 in the dateline", _src(
        BASE_RELEASE.replace("3 March 2026", "3 March 0000").replace("1950", "99999"))),
    Attack("huge-number", "a 100,000-digit number in the body", _src(
        BASE_RELEASE.replace("300 new", "9" * 100000 + " new"))),
    Attack("huge-phone", "a 5,000-digit phone number and 1,000 phone-like lines", _src(
        BASE_RELEASE.replace("+46 70 123 45 67", "+46 " + "7" * 5000 + "\n" + "+46 70 123 45 67\n" * 1000))),
    # sizes
    Attack("one-long-line", "3 MB on one line, no line breaks", _src("Acme opens a plant. " * 150000),
           timeout=90, slow=True),
    Attack("many-blank-lines", "200,000 blank lines between headline and body", _src(
        BASE_RELEASE.replace("Gävle\n\n", "Gävle\n" + "\n" * 200000)), check=_headline_kept(HEAD)),
    Attack("many-short-blocks", "30,000 one-word paragraphs", _src(BASE_RELEASE.replace(
        "The plant will", "word\n\n" * 30000 + "The plant will")), timeout=90, slow=True),
    Attack("too-big", "a 60 MB text file is refused by its size", _src(b"a" * (60 << 20)), expect=REFUSED),
    Attack("parse-binary", "parse a PNG named .txt", _parse(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40),
           expect=REFUSED),
    Attack("parse-json-stdout", "parse --json of a release with lone surrogates / controls prints valid JSON",
           _parse(_with_headline("Acme \x07 opens \ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace")),
                  "r.txt", "--json"),
           check=lambda work, r: json.loads(r.stdout)),
]


@pytest.mark.parametrize("attack", params(ATTACKS))
def test_text_attack(attack: Attack, tmp_path: Path, canary) -> None:
    run_attack(attack, tmp_path, canary)
