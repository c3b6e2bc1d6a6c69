"""Hand-edited release.html for `render`, edited release.json for `confirm`, `site` and `distribute`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import (
    EITHER,
    HANDLED,
    REFUSED,
    SLUG,
    Attack,
    Result,
    baseline,
    params,
    release_folder,
    run_attack,
    write,
)
from .htmlcheck import active_document

HEAD = "Acme opens a new plant in Gävle"


def _html() -> str:
    return baseline()["release.html"].decode("utf-8")


def _render(edit, *flags: str, formats: str = "xml,json"):
    """out/<slug>/release.html replaced by edit(html, url); render it (into the same folder)."""
    def build(work: Path, url: str) -> list[str]:
        folder = release_folder(work)
        write(folder / "release.html", edit(_html(), url) if callable(edit) else edit)
        return ["render", f"out/{SLUG}/release.html", "--formats", formats, *flags]
    return build


def _json_out(work: Path) -> dict:
    return json.loads((work / "out" / SLUG / "release.json").read_text(encoding="utf-8"))


def _secret_absent(work: Path, result: Result) -> None:
    for p in (work / "out").rglob("*"):
        if p.is_file() and not p.is_symlink():
            assert b"SECRET-CONTENT-7f3a" not in p.read_bytes(), f"{p} carries the outside file"


def _para(html: str, extra: str) -> str:
    return html.replace("<p class=\"pr-paragraph\"", extra + "<p class=\"pr-paragraph\"", 1)


def _confirm_json(edit):
    def build(work: Path, url: str) -> list[str]:
        folder = release_folder(work)
        data = json.loads(baseline()["release.json"])
        content = edit(data, work)
        if content is not None:
            write(folder / "release.json", content)
        return ["confirm", f"out/{SLUG}"]
    return build


def _held(data: dict) -> dict:
    data["review"] = {"needs_review": True, "reasons": ["issuer uncertain: 'Acme' 0.41"], "confirmed": False,
                      "confidence": {"organization": 0.41}}
    return data


def _json_symlink_outside(data: dict, work: Path) -> None:
    target = work.parent / "outside" / "held.json"
    target.write_text(json.dumps(_held(data)), encoding="utf-8")
    (work / "out" / SLUG / "release.json").unlink()
    os.symlink(target, work / "out" / SLUG / "release.json")


def _deep(n: int) -> str:
    return "[" * n + "]" * n


def _site(edit, config: str = ""):
    """out/ holding a release whose release.json fields are edited; `pressroom site` over it."""
    def build(work: Path, url: str) -> list[str]:
        data = json.loads(baseline()["release.json"])
        edit(data, url)
        release_folder(work, edit={"release.json": json.dumps(data, ensure_ascii=False)})
        write(work / "pressroom.toml", "[site]\nenabled = true\n" + config.replace("{url}", url))
        return ["site", "-o", "out", "--config", "pressroom.toml"]
    return build


def _site_clean(work: Path, result: Result) -> None:
    index = work / "out" / "index.html"
    assert index.exists(), "no index.html"
    active_document(index)
    from lxml import etree

    feed = work / "out" / "feed.atom"
    if feed.exists():
        etree.fromstring(feed.read_bytes(), etree.XMLParser(resolve_entities=False, no_network=True))
    for page in (work / "out" / "pages").glob("*.html") if (work / "out" / "pages").exists() else []:
        active_document(page)


def _set(**fields):
    def edit(data: dict, url: str) -> None:
        for k, v in fields.items():
            data[k] = v.replace("{url}", url) if isinstance(v, str) else v
    return edit


def _site_folder_named(name: str):
    def build(work: Path, url: str) -> list[str]:
        data = json.loads(baseline()["release.json"])
        folder = work / "out" / name
        for fname, content in baseline().items():
            write(folder / fname, content)
        write(folder / "release.json", json.dumps(data))
        write(work / "pressroom.toml", "[site]\nenabled = true\n")
        return ["site", "-o", "out", "--config", "pressroom.toml"]
    return build


def _distribute(config: str, *flags: str):
    def build(work: Path, url: str) -> list[str]:
        release_folder(work)
        write(work / "pressroom.toml", config.replace("{url}", url))
        return ["distribute", f"out/{SLUG}", "--config", "pressroom.toml", *flags]
    return build


XXE = '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{outside}/secret.txt">]>'

ATTACKS = [
    # render: a hand-edited release.html
    Attack("render-xxe-entity", "an internal DTD with a SYSTEM entity to a file outside, used in the headline",
           lambda work, url: _render(lambda h, u: h.replace("<!DOCTYPE html>", XXE.format(
               outside=work.parent / "outside")).replace(HEAD, HEAD + " &xxe;", 1))(work, url),
           expect=EITHER, check=_secret_absent),
    Attack("render-remote-pdf", "<img>, <link rel=stylesheet>, @import and url() to the canary, rendered to PDF",
           _render(lambda h, u: h.replace("</head>", f'<link rel="stylesheet" href="{u}s.css"><style>@import '
                                          f'url({u}i.css); body {{ background: url({u}bg.png) }}</style></head>')
                   .replace("<p class=\"pr-paragraph\"", f'<img src="{u}i.png"><p class="pr-paragraph"', 1),
                   formats="pdf"), slow=True, timeout=120),
    Attack("render-lang-injection", 'lang="en\\" onload=x" and a 10 KB lang value',
           _render(lambda h, u: h.replace('lang="en"', 'lang="en&quot; onload=&quot;alert(1)' + "x" * 10000 + '"', 1)),
           expect=EITHER, check=lambda w, r: _lang_ok(_json_out(w).get("language"))),
    Attack("render-jsonld-breakout", "JSON-LD with </script><script> and 100,000-deep nesting",
           _render(lambda h, u: h.replace("</head>", '<script type="application/ld+json">{"a":' + _deep(100000)
                                          + '}</script><script>alert(1)</script></head>')), expect=EITHER),
    Attack("render-confidence-nan", 'data-confidence="NaN", "1e999" and "-5" on reviewed fields',
           _render(lambda h, u: h.replace("<h1 ", '<h1 data-confidence="NaN" ', 1).replace(
               'class="pr-organization"', 'class="pr-organization" data-confidence="1e999"', 1)),
           expect=EITHER, check=lambda w, r: _confidences_ok(_json_out(w))),
    Attack("render-empty", "an empty release.html", _render(""), expect=REFUSED),
    Attack("render-binary", "a release.html that is a PNG", _render(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64),
           expect=REFUSED),
    Attack("render-utf16", "release.html re-saved as UTF-16 with a BOM",
           _render(lambda h, u: h.encode("utf-16").decode("latin-1")), expect=EITHER,
           check=lambda w, r: _assert(_json_out(w)["headline"] == HEAD)),
    Attack("render-no-headline", "the <h1> and every headline mark deleted", _render(
        lambda h, u: __import__("re").sub(r"<h1.*?</h1>", "", h, flags=__import__("re").S).replace(HEAD, "")),
           expect=REFUSED),
    Attack("render-50k-paragraphs", "50,000 paragraphs added", _render(lambda h, u: _para(
        h, '<p class="pr-paragraph">more</p>' * 50000)), expect=EITHER, timeout=120, slow=True),
    Attack("render-deep-lists", "lists nested 3,000 deep", _render(lambda h, u: _para(
        h, "<ul><li>" * 3000 + "x" + "</li></ul>" * 3000)), expect=EITHER, timeout=90),
    Attack("render-bogus-datetime", '<time datetime="99999-99-99T99:99">', _render(
        lambda h, u: __import__("re").sub(r'datetime="[^"]*"', 'datetime="99999-99-99T99:99"', h)),
           expect=EITHER),
    Attack("render-js-contact", "a contact e-mail href javascript: and a text with markup",
           _render(lambda h, u: h.replace('href="mailto:press@acme.example"', 'href="javascript:alert(1)"').replace(
               ">press@acme.example<", ">press@acme.example<img src=x onerror=alert(1)><")),
           expect=EITHER, check=lambda w, r: _assert("javascript" not in json.dumps(_json_out(w)))),
    Attack("render-nul", "NUL and other C0 controls inside paragraphs", _render(
        lambda h, u: h.replace("300 new jobs", "300\x00 new\x01\x08 jobs")), expect=EITHER,
           check=lambda w, r: _assert("\x00" not in json.dumps(_json_out(w), ensure_ascii=False))),
    Attack("render-output-symlink", "release.json in the folder is a symlink to a file outside",
           lambda work, url: _symlinked(work, _render(lambda h, u: h)(work, url), "release.json")),
    Attack("render-html-symlink", "release.html is a symlink to a file outside (not HTML)",
           lambda work, url: _html_symlink(work), expect=REFUSED),
    Attack("render-brand-traversal", "--brand ../../outside", _render(lambda h, u: h, "--brand", "../../outside"),
           expect=REFUSED),
    Attack("render-formats-junk", "--formats pdf,../x,", _render(lambda h, u: h, formats="pdf,../x,"), expect=REFUSED),
    Attack("render-variant-junk", "--pdf-variant pdf/x-99", _render(lambda h, u: h, "--pdf-variant", "pdf/x-99",
                                                                    formats="pdf"), expect=REFUSED),
    # confirm: release.json edited by hand
    Attack("confirm-json-not-json", "release.json is not JSON", _confirm_json(lambda d, w: "{not json"),
           expect=REFUSED),
    Attack("confirm-json-deep", "release.json nested 200,000 deep", _confirm_json(lambda d, w: _deep(200000)),
           expect=REFUSED),
    Attack("confirm-json-types", "review fields of the wrong types", _confirm_json(lambda d, w: json.dumps(
        {**d, "review": {"needs_review": "yes", "reasons": "x", "confirmed": [], "confidence": 7}})),
           expect=EITHER),
    Attack("confirm-json-surrogate", "a lone surrogate escape in the headline of a held release",
           _confirm_json(lambda d, w: json.dumps(_held(d)).replace(HEAD.replace("ä", "\\u00e4"), "Acme \\ud800")),
           expect=EITHER),
    Attack("confirm-json-symlink", "release.json is a symlink to a held release outside (write through it?)",
           _confirm_json(_json_symlink_outside), expect=EITHER),
    Attack("confirm-not-folder", "confirm a regular file", lambda work, url: (write(work / "f", "x"),
                                                                              ["confirm", "f"])[1], expect=REFUSED),
    Attack("confirm-dev-null", "confirm /dev/null", lambda work, url: ["confirm", "/dev/null"], expect=REFUSED),
    # the press room (site)
    Attack("site-script-fields", "headline/organization/subheadline with </script>, onerror and javascript:",
           _site(_set(headline='</script><script>alert(1)</script><img src=x onerror="alert(1)">',
                      organization='"><svg onload=alert(1)>', subheadline="javascript:alert(1)")),
           check=_site_clean),
    Attack("site-folder-name-markup", "a release folder named 2026-03-03-<img src=x onerror=alert(1)>",
           _site_folder_named('2026-03-03-<img src=x onerror=alert(1)>'), expect=EITHER, check=_site_clean),
    Attack("site-folder-name-newline", "a release folder whose name holds a newline and quotes",
           _site_folder_named('2026-03-03-a\n"b\'c'), expect=EITHER, check=_site_clean),
    Attack("site-json-symlink", "a release.json that is a symlink to one outside",
           lambda work, url: _site_symlink(work),
           expect=HANDLED, check=lambda w, r: _assert("SECRET-CONTENT-7f3a" not in (w / "out" / "index.html")
                                                       .read_text(encoding="utf-8"))),
    Attack("site-title-markup", "[site] title and author with markup", _site(_set(), config=(
        'title = "</title><script>alert(1)</script>"\nauthor = "<b onmouseover=alert(1)>x</b>"\n')),
           check=_site_clean),
    Attack("site-base-url-quote", 'base_url with a quote and markup', _site(_set(), config=(
        'base_url = "https://press.example/\\"><script>alert(1)</script>"\n')), expect=EITHER, check=_site_clean),
    Attack("site-hostile-pdf", "a release.pdf that is a 100,000-page-size PDF bomb for the thumbnailer",
           lambda work, url: _site_bad_pdf(work), expect=EITHER, timeout=90),
    Attack("site-huge-json", "a 30 MB release.json", _site(_set(subheadline="x" * (30 << 20))), expect=EITHER,
           timeout=90),
    # distribute
    Attack("distribute-no-config", "distribute with no pressroom.toml at all",
           lambda work, url: (release_folder(work), ["distribute", f"out/{SLUG}"])[1], expect=REFUSED),
    Attack("distribute-plain-password", "a plain-text SMTP password", _distribute(
        '[channels.m]\ntype = "email"\nhost = "127.0.0.1"\nport = 1\nusername = "u"\npassword = "hunter2"\n'
        'from = "a@b.example"\nlist = "l.txt"\n'), expect=REFUSED),
    Attack("distribute-toml-invalid", "pressroom.toml that is not TOML", _distribute("[[[ = nope"), expect=REFUSED),
    Attack("distribute-toml-deep", "pressroom.toml with 50,000 nested arrays", _distribute("x = " + _deep(50000)),
           expect=REFUSED),
    Attack("distribute-unknown-channel", "a channel of type gopher", _distribute(
        '[channels.g]\ntype = "gopher"\nhost = "127.0.0.1"\n'), expect=REFUSED),
    Attack("distribute-garbage-log", "the delivery log is not an SQLite file", lambda work, url: (
        release_folder(work), write(work / "log.sqlite3", b"garbage" * 1000), write(
            work / "pressroom.toml", '[distribute]\nlog = "log.sqlite3"\n[site]\nenabled = false\n'),
        ["distribute", "--show-log", "--config", "pressroom.toml"])[-1], expect=REFUSED),
    Attack("status-garbage-journal", "`pressroom status` with a journal that is not SQLite", lambda work, url: (
        write(work / "in" / ".pressroom" / "journal.sqlite3", b"\x00garbage" * 100), ["status", "in"])[-1],
           expect=EITHER),
]


def _lang_ok(lang: str | None) -> None:
    assert lang is None or (len(lang) < 40 and all(ch.isalnum() or ch == "-" for ch in lang)), repr(lang)


def _confidences_ok(data: dict) -> None:
    for key, value in ((data.get("review") or {}).get("confidence") or {}).items():
        assert isinstance(value, (int, float)) and 0 <= value <= 1, (key, value)


def _assert(condition: bool) -> None:
    assert condition


def _symlinked(work: Path, argv: list[str], name: str) -> list[str]:
    target = work / "out" / SLUG / name
    target.unlink()
    os.symlink(work.parent / "outside" / "secret.txt", target)
    return argv


def _html_symlink(work: Path) -> list[str]:
    folder = release_folder(work)
    (folder / "release.html").unlink()
    os.symlink(work.parent / "outside" / "secret.txt", folder / "release.html")
    return ["render", f"out/{SLUG}/release.html", "--formats", "json"]


def _site_symlink(work: Path) -> list[str]:
    data = json.loads(baseline()["release.json"])
    data["headline"] = "SECRET-CONTENT-7f3a"
    outside = work.parent / "outside" / "release.json"
    outside.write_text(json.dumps(data), encoding="utf-8")
    folder = release_folder(work)
    (folder / "release.json").unlink()
    os.symlink(outside, folder / "release.json")
    write(work / "pressroom.toml", "[site]\nenabled = true\n")
    return ["site", "-o", "out", "--config", "pressroom.toml"]


def _site_bad_pdf(work: Path) -> list[str]:
    import pikepdf

    folder = release_folder(work)
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(14400, 14400))
    pdf.pages[0].obj["/UserUnit"] = 75000
    pdf.save(folder / "release.pdf")
    write(work / "pressroom.toml", "[site]\nenabled = true\n")
    return ["site", "-o", "out", "--config", "pressroom.toml"]


@pytest.mark.parametrize("attack", params(ATTACKS))
def test_output_attack(attack: Attack, tmp_path: Path, canary) -> None:
    run_attack(attack, tmp_path, canary)
