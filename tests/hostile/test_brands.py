"""Hostile brand folders under styles/ (PRESSROOM_STYLES): CSS, SVG, brand.toml and templates."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import (
    BASE_RELEASE,
    EITHER,
    REFUSED,
    ROOT,
    Attack,
    Result,
    convert_args,
    one_release,
    params,
    run_attack,
    write,
)
from .htmlcheck import active_document

DEFAULT = ROOT / "styles" / "default"
ENV = {"PRESSROOM_STYLES": "{work}/styles"}


def _brand(edit, formats: str = "html,json"):
    """styles/default and styles/evil (a copy of default, then edit(folder, url)); convert with --brand evil."""
    def build(work: Path, url: str) -> list[str]:
        styles = work / "styles"
        shutil.copytree(DEFAULT, styles / "default")
        shutil.copytree(DEFAULT, styles / "evil")
        edit(styles / "evil", url, work)
        write(work / "r.txt", BASE_RELEASE)
        return convert_args("r.txt", "--brand", "evil", formats=formats)
    return build


def _css(extra: str):
    def edit(folder: Path, url: str, work: Path) -> None:
        css = folder / "brand.css"
        css.write_text(extra.replace("{url}", url).replace("{outside}", str(work.parent / "outside")) + "\n"
                       + css.read_text(encoding="utf-8"), encoding="utf-8")
    return edit


def _logo(svg: str):
    def edit(folder: Path, url: str, work: Path) -> None:
        (folder / "logo.svg").write_text(svg.replace("{url}", url).replace("{outside}", str(work.parent / "outside")),
                                         encoding="utf-8")
    return edit


def _toml(old: str, new: str):
    def edit(folder: Path, url: str, work: Path) -> None:
        toml = folder / "brand.toml"
        text = toml.read_text(encoding="utf-8")
        assert old in text, old
        toml.write_text(text.replace(old, new.replace("{url}", url).replace(
            "{outside}", str(work.parent / "outside"))), encoding="utf-8")
    return edit


def _template(text: str):
    def edit(folder: Path, url: str, work: Path) -> None:
        (folder / "template.html.j2").write_text(text.replace("{outside}", str(work.parent / "outside")),
                                                 encoding="utf-8")
    return edit


def _symlink_logo(folder: Path, url: str, work: Path) -> None:
    (folder / "logo.svg").unlink()
    os.symlink(work.parent / "outside" / "secret.txt", folder / "logo.svg")


def _html_clean(work: Path, result: Result) -> None:
    folder = one_release(work, result)
    active_document(folder / "release.html")
    for p in folder.iterdir():
        if p.is_file():
            assert b"SECRET-CONTENT-7f3a" not in p.read_bytes(), f"{p.name} carries the outside file"


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">{}</svg>'
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
          '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
          '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
          '<svg xmlns="http://www.w3.org/2000/svg"><text>&h;</text></svg>')

ATTACKS = [
    Attack("brand-css-import-remote", "brand.css @import of a remote sheet, rendered to PDF",
           _brand(_css('@import url("{url}evil.css");'), formats="pdf,html"), expect=REFUSED, env=ENV, slow=True,
           timeout=120),
    Attack("brand-css-font-remote", "@font-face from the canary, rendered to PDF",
           _brand(_css('@font-face { font-family: Evil; src: url("{url}f.woff2"); } body { font-family: Evil }'),
                  formats="pdf"), expect=REFUSED, env=ENV, slow=True, timeout=120),
    Attack("brand-css-file-outside", "url(file:///…/outside/secret.txt) and url(../../outside/secret.txt) in CSS",
           _brand(_css('body { background: url("file://{outside}/secret.txt") } h1 { background: '
                       'url("../../outside/secret.txt") }'), formats="pdf,html"),
           expect=REFUSED, env=ENV, slow=True, timeout=120),
    Attack("brand-logo-script", "logo.svg with <script>, onload, <foreignObject><iframe> and a javascript: link",
           _brand(_logo(SVG.format('<script>alert(1)</script><rect onload="alert(1)" width="5" height="5"/>'
                                   '<foreignObject><iframe src="{url}f"></iframe></foreignObject>'
                                   '<a xlink:href="javascript:alert(1)"><text>x</text></a>'))),
           expect=EITHER, env=ENV, check=_html_clean),
    Attack("brand-logo-xxe", "logo.svg with an external entity to a file outside",
           _brand(_logo('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file://{outside}/secret.txt">]>'
                        + SVG.format("<text>&x;</text>"))), expect=EITHER, env=ENV, check=_html_clean),
    Attack("brand-logo-laughs", "logo.svg billion laughs", _brand(_logo(LAUGHS)), expect=EITHER, env=ENV,
           timeout=60),
    Attack("brand-logo-remote-image", "logo.svg <image href> and <use> to the canary, rendered to PDF",
           _brand(_logo(SVG.format('<image href="{url}i.png" width="5" height="5"/><use xlink:href="{url}u.svg#x"/>')),
                  formats="pdf,html"), expect=EITHER, env=ENV, check=_html_clean, slow=True, timeout=120),
    Attack("brand-logo-traversal", "[logo] file = ../../outside/secret.txt",
           _brand(_toml('file = "logo.svg"', 'file = "../../../outside/secret.txt"')), expect=REFUSED, env=ENV),
    Attack("brand-logo-symlink", "logo.svg is a symlink to a file outside", _brand(_symlink_logo), expect=REFUSED,
           env=ENV),
    Attack("brand-css-path-traversal", 'css = "../../outside/secret.txt"',
           _brand(_toml('locale = "en-GB"', 'locale = "en-GB"\ncss = "../../../outside/secret.txt"')),
           expect=REFUSED, env=ENV),
    Attack("brand-template-ssti", "template.html.j2 reaching Python internals through __class__.__mro__",
           _brand(_template('{% extends "release.html.j2" %}{% block body %}'
                            "{{ ''.__class__.__mro__[1].__subclasses__() }}{{ cycler.__init__.__globals__.os }}"
                            "{% endblock %}")), expect=EITHER, env=ENV,
           check=lambda w, r: _assert(b"subprocess" not in (one_release(w, r) / "release.html").read_bytes())),
    Attack("brand-template-include", "template.html.j2 including a file outside the brand",
           _brand(_template('{% include "../../../outside/secret.txt" %}{% include "/etc/hostname" %}')),
           expect=REFUSED, env=ENV),
    Attack("brand-template-recursion", "a template that includes itself forever",
           _brand(_template('{% include "template.html.j2" %}')), expect=REFUSED, env=ENV, timeout=60),
    Attack("brand-template-loop", "a template with a 10^12-iteration loop (a time bomb)",
           _brand(_template("{% for i in range(1000000) %}{% for j in range(1000000) %}x{% endfor %}{% endfor %}")),
           expect=EITHER, env=ENV, timeout=60),
    Attack("brand-color-injection", "a colour that closes the rule and imports from the canary",
           _brand(_toml('accent = "#1f7a7a"', 'accent = "red; } @import url({url}x.css); a { color: red"'),
                  formats="pdf,html"), expect=REFUSED, env=ENV),
    Attack("brand-font-injection", "a font name with a quote that breaks out of the string",
           _brand(_toml('body = "Carlito"', 'body = "Carlito\\"; } @import url({url}y.css); x { a: \\""'),
                  formats="pdf,html"), expect=REFUSED, env=ENV),
    Attack("brand-paper-injection", "paper_size that injects an @import",
           _brand(_toml('paper_size = "A4"', 'paper_size = "A4; } @import url({url}p.css); @page {"')),
           expect=REFUSED, env=ENV),
    Attack("brand-footer-injection", "footer lines with quotes, backslashes and url( that are strings in CSS",
           _brand(_toml("footer_lines = []",
                        'footer_lines = ["a\\" url({url}f.png) \\"", "\\\\A } @import \\"{url}z.css"]'),
                  formats="pdf,html"), expect=EITHER, env=ENV, slow=True, timeout=120),
    Attack("brand-toml-invalid", "brand.toml that is not TOML", _brand(lambda f, u, w: (f / "brand.toml").write_text(
        "[[[ nope", encoding="utf-8")), expect=REFUSED, env=ENV),
    Attack("brand-name-traversal", "--brand default/../../outside", lambda work, url: [
        *_brand(lambda f, u, w: None)(work, url)[:-2], "--brand", "default/../../outside"], expect=REFUSED, env=ENV),
    Attack("brand-template-symlink", "template.html.j2 is a symlink to a file outside the brand",
           _brand(lambda f, u, w: os.symlink(w.parent / "outside" / "secret.txt", f / "template.html.j2")),
           expect=REFUSED, env=ENV),
    Attack("brand-css-latin1", "a brand.css saved as Latin-1 (not UTF-8)", _brand(
        lambda f, u, w: (f / "brand.css").write_bytes("/* Göteborg */ a { color: red }".encode("latin-1"))),
           expect=REFUSED, env=ENV),
    Attack("brand-css-huge", "a 40 MB brand.css", _brand(lambda f, u, w: (f / "brand.css").write_text(
        "a{color:red}\n" * 3_000_000, encoding="utf-8")), expect=EITHER, env=ENV, timeout=90, slow=True),
]


def _assert(condition: bool) -> None:
    assert condition


@pytest.mark.parametrize("attack", params(ATTACKS))
def test_brand_attack(attack: Attack, tmp_path: Path, canary) -> None:
    run_attack(attack, tmp_path, canary)
