"""Word, OpenDocument, RTF, Markdown, HTML and e-mail releases with booby traps (none of issue 13's)."""

from __future__ import annotations

import base64
import io
import json
import zipfile
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
    run_attack,
    write,
)
from .docs_builders import docx, eml, odt, rtf
from .htmlcheck import active_document

HEAD = "Acme opens a new plant in Gävle"


def _src(name: str, data: bytes | str):
    def build(work: Path, url: str) -> list[str]:
        write(work / name, data)
        return convert_args(name)
    return build


def _src_url(name: str, make):
    """Like _src, but the document is made with the canary URL (hostile references point there)."""
    def build(work: Path, url: str) -> list[str]:
        write(work / name, make(url))
        return convert_args(name)
    return build


def html_out_clean(work: Path, result: Result) -> None:
    """The release.html written holds no active content and loads nothing from outside."""
    active_document(one_release(work, result) / "release.html")


def headline_is(expected: str):
    def check(work: Path, result: Result) -> None:
        html_out_clean(work, result)
        data = json.loads((one_release(work, result) / "release.json").read_text(encoding="utf-8"))
        assert data["headline"] == expected, data["headline"]
    return check


def _zip_with(data: bytes, replace: dict[str, bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, replace.pop(info.filename, src.read(info)))
        for name, payload in replace.items():
            z.writestr(name, payload)
    return buf.getvalue()


def _dup_member_docx() -> bytes:
    good = docx(BASE_RELEASE)
    evil = docx(BASE_RELEASE.replace(HEAD, "Evil twin headline"))
    buf = io.BytesIO(good)
    with zipfile.ZipFile(buf, "a") as z, pytest.warns(UserWarning):
        z.writestr("word/document.xml", zipfile.ZipFile(io.BytesIO(evil)).read("word/document.xml"))
    return buf.getvalue()


def _nested_tables(depth: int) -> str:
    return "<w:tbl><w:tr><w:tc>" * depth + "<w:p><w:r><w:t>deep</w:t></w:r></w:p>" + "</w:tc></w:tr></w:tbl>" * depth


def _mime_nested(depth: int) -> bytes:
    head = ("From: press@acme.example\r\nTo: x@y.example\r\nSubject: " + HEAD + "\r\nMIME-Version: 1.0\r\n")
    body = ""
    for i in range(depth):
        body += f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n'
    body += 'Content-Type: text/plain; charset="utf-8"\r\n\r\n' + BASE_RELEASE.replace("\n", "\r\n") + "\r\n"
    for i in reversed(range(depth)):
        body += f"--b{i}--\r\n"
    return (head + body).encode("utf-8")


def _mail_attachment(filename: str, payload: bytes, mime: str) -> bytes:
    boundary = "BOUNDARY42"
    parts = (f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the attached release.\r\n"
             f"--{boundary}\r\nContent-Type: {mime}\r\nContent-Disposition: attachment; filename=\"{filename}\"\r\n"
             f"Content-Transfer-Encoding: base64\r\n\r\n{base64.encodebytes(payload).decode()}\r\n--{boundary}--\r\n")
    return eml("", content_type=f'multipart/mixed; boundary="{boundary}"', body=parts)


def _html(extra_head: str = "", extra_body: str = "", head: str = HEAD):
    def make(url: str) -> str:
        return (f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{head}</title>"
                f"{extra_head.format(url=url)}</head><body>{extra_body.format(url=url)}<h1>{head}</h1>"
                + "".join("<p>" + block.replace("\n", "<br>") + "</p>" for block in BASE_RELEASE.split("\n\n")
                          if HEAD not in block) + "</body></html>")
    return make


def _strip_member(data: bytes, name: str) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info in src.infolist():
            if info.filename != name:
                z.writestr(info, src.read(info))
    return buf.getvalue()


ATTACKS = [
    # Word
    Attack("docx-include-field", "INCLUDETEXT/INCLUDEPICTURE field codes pointing at the canary",
           _src_url("r.docx", lambda url: docx(BASE_RELEASE, extra_body=(
               f'<w:p><w:fldSimple w:instr="INCLUDEPICTURE &quot;{url}pic.png&quot; \\d"><w:r><w:t>x</w:t></w:r>'
               f'</w:fldSimple><w:fldSimple w:instr="INCLUDETEXT &quot;{url}t.docx&quot;"/></w:p>'))),
           expect=EITHER, check=html_out_clean),
    Attack("docx-javascript-link", "a hyperlink whose target is javascript:",
           _src("r.docx", docx(BASE_RELEASE, extra_body=(
               '<w:p><w:hyperlink r:id="rIdJ"><w:r><w:t>click me</w:t></w:r></w:hyperlink></w:p>'),
               doc_rels='<Relationship Id="rIdJ" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        'relationships/hyperlink" Target="javascript:alert(document.cookie)" TargetMode="External"/>')),
           check=html_out_clean),
    Attack("docx-zip-slip-member", "a member named ../../outside/evil.txt (never extracted to disk)",
           _src("r.docx", docx(BASE_RELEASE, members={"../../outside/evil.txt": "pwned"})), expect=EITHER),
    Attack("docx-duplicate-document", "two word/document.xml members with different content",
           _src("r.docx", _dup_member_docx()), expect=EITHER, check=headline_is(HEAD)),
    Attack("docx-nested-tables", "tables nested 300 deep", _src("r.docx", docx(BASE_RELEASE,
                                                                              extra_body=_nested_tables(300))),
           expect=EITHER, timeout=90),
    Attack("docx-doctype-customxml", "a DOCTYPE with an external entity in customXml/item1.xml",
           _src_url("r.docx", lambda url: docx(BASE_RELEASE, members={"customXml/item1.xml": (
               f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "{url}e">]><x>&e;</x>')})),
           expect=REFUSED),
    Attack("docx-svg-external", "an embedded SVG picture that references the canary",
           _src_url("r.docx", lambda url: docx(BASE_RELEASE, members={"word/media/image1.svg": (
               f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
               f'<image xlink:href="{url}x.png"/></svg>')})), check=html_out_clean),
    Attack("docx-not-xml", "word/document.xml that is not XML at all",
           _src("r.docx", docx("", raw_document="this is < not & xml")), expect=REFUSED),
    Attack("docx-utf16-document", "word/document.xml encoded as UTF-16 (legal XML)",
           _src("r.docx", _zip_with(docx(BASE_RELEASE), {"word/document.xml": zipfile.ZipFile(
               io.BytesIO(docx(BASE_RELEASE))).read("word/document.xml").decode().replace(
               'encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")})), expect=EITHER),
    # OpenDocument
    Attack("odt-relative-outside-image", "an image whose xlink:href climbs to ../outside/secret.txt",
           _src("r.odt", odt(BASE_RELEASE, extra_body=(
               '<text:p><draw:frame><draw:image xlink:href="../outside/secret.txt"/></draw:frame></text:p>'))),
           expect=EITHER),
    Attack("odt-section-link", "a text:section linked to a remote document (section source)",
           _src_url("r.odt", lambda url: odt(BASE_RELEASE, extra_body=(
               f'<text:section text:name="s"><text:section-source xlink:href="{url}sec.odt"/></text:section>'))),
           expect=EITHER),
    Attack("odt-no-mimetype", "an .odt without its mimetype member",
           _src("r.odt", _strip_member(odt(BASE_RELEASE), "mimetype")), expect=EITHER),
    # RTF
    Attack("rtf-includepicture", "an RTF INCLUDEPICTURE field pointing at the canary",
           _src_url("r.rtf", lambda url: rtf(BASE_RELEASE, extra=(
               '{\\field{\\*\\fldinst INCLUDEPICTURE "' + url + 'x.png" \\\\d}{\\fldrslt x}}'))), check=html_out_clean),
    Attack("rtf-deep-groups", "100,000 nested RTF groups", _src("r.rtf", rtf(BASE_RELEASE, extra="{" * 100000 + "x"
                                                                            + "}" * 100000)),
           expect=EITHER, timeout=90, slow=True),
    Attack("rtf-bin-huge", "\\bin with a 2^31 byte count",
           _src("r.rtf", rtf(BASE_RELEASE, extra="{\\bin2147483647 x}")),
           expect=EITHER),
    Attack("rtf-object", "an embedded OLE object with an auto-link to the canary",
           _src_url("r.rtf", lambda url: rtf(BASE_RELEASE, extra=(
               "{\\object\\objautlink\\rsltpict{\\*\\objclass Word.Document.8}{\\*\\objdata 0105}"
               "{\\*\\objname " + url + "x.doc}}"))), check=html_out_clean),
    # Markdown
    Attack("md-raw-html", "raw <script>, <iframe>, <img onerror> and a javascript: link in Markdown",
           _src_url("r.md", lambda url: BASE_RELEASE.replace(
               "The plant will", f'<script>alert(1)</script><iframe src="{url}f"></iframe>'
               f'<img src="{url}i.png" onerror="alert(1)"> [click](javascript:alert(1)) '
               f'![pic]({url}p.png) The plant will')), check=html_out_clean),
    Attack("md-yaml-front-matter", "YAML front matter with a python tag and a billion-laughs alias bomb",
           _src("r.md", "---\ntitle: !!python/object/apply:os.system ['touch pwned']\na: &a [x,x,x,x,x,x,x,x,x]\n"
                        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\n\n"
                 + BASE_RELEASE), expect=EITHER,
           check=lambda work, r: (html_out_clean(work, r), _assert(not (work / "pwned").exists()))),
    Attack("md-deep-blockquote", "5,000 nested blockquote markers", _src("r.md", BASE_RELEASE.replace(
        "The plant will", ">" * 5000 + " deep\n\nThe plant will")), expect=EITHER, timeout=90),
    Attack("md-include-file", "pandoc-style ![[/etc/passwd]] and <!--#include file--> and an absolute image",
           _src("r.md", BASE_RELEASE.replace("The plant will", '![x](/etc/passwd) <!--#include file="/etc/passwd"-->'
                                                                " The plant will")), check=html_out_clean),
    # HTML
    Attack("html-meta-refresh-base", "<base href>, <meta refresh>, <link rel=stylesheet> and @import to the canary",
           _src_url("r.html", _html('<base href="{url}"><meta http-equiv="refresh" content="0;url={url}r">'
                                    '<link rel="stylesheet" href="{url}s.css"><style>@import "{url}i.css";</style>')),
           check=headline_is(HEAD)),
    Attack("html-active-content", "<svg><image>, <object>, <iframe srcdoc>, <img srcset> and on* handlers",
           _src_url("r.html", _html(extra_body='<svg><image href="{url}s.png"/></svg><object data="{url}o"></object>'
                                               '<iframe srcdoc="&lt;script&gt;x&lt;/script&gt;"></iframe>'
                                               '<img srcset="{url}a.png 2x" onerror="alert(1)">'
                                               '<a href="javascript:alert(1)">x</a>')), check=html_out_clean),
    Attack("html-utf7-charset", "<meta charset=utf-7> with +ADw-script+AD4- (must not be decoded as UTF-7)",
           _src("r.html", _html(head=HEAD)("").replace("<meta charset=utf-8>", "<meta charset=utf-7>").replace(
               "The plant will", "+ADw-script+AD4-alert(1)+ADw-/script+AD4- The plant will")),
           check=lambda work, r: (html_out_clean(work, r), _assert("<script>alert" not in (
               one_release(work, r) / "release.json").read_text(encoding="utf-8")))),
    Attack("html-xml-stylesheet-pi", "an XHTML page with <?xml-stylesheet?> and a DOCTYPE SYSTEM id at the canary",
           _src_url("r.html", lambda url: f'<?xml version="1.0"?><?xml-stylesheet href="{url}s.xsl" type="text/xsl"?>'
                                          f'<!DOCTYPE html SYSTEM "{url}x.dtd">' + _html()(url)[15:]),
           check=html_out_clean),
    Attack("html-frameset", "a frameset page (no body at all) pointing at the canary",
           _src_url("r.html", lambda url: f'<html><head><title>{HEAD}</title></head><frameset><frame src="{url}f">'
                                          "</frameset></html>"), expect=REFUSED),
    Attack("html-unknown-charset", "<meta charset=x-klingon>", _src("r.html", _html()("").replace(
        "charset=utf-8", "charset=x-klingon")), check=headline_is(HEAD)),
    # e-mail
    Attack("eml-encoded-word-crlf", "a Subject whose encoded word decodes to CR LF Bcc: (header injection)",
           _src("r.eml", eml(BASE_RELEASE, subject="=?utf-8?b?" + base64.b64encode(
               f"{HEAD}\r\nBcc: victim@evil.example".encode()).decode() + "?=")),
           check=lambda work, r: _assert("\n" not in json.loads((one_release(work, r) / "release.json").read_text(
               encoding="utf-8"))["headline"])),
    Attack("eml-external-body", "message/external-body with access-type=URL at the canary",
           _src_url("r.eml", lambda url: eml("", content_type="multipart/mixed; boundary=XX", body=(
               f'--XX\r\nContent-Type: message/external-body; access-type=URL; URL="{url}rel.txt"\r\n\r\n'
               "Content-Type: text/plain\r\n\r\n--XX--\r\n"))), expect=REFUSED),
    Attack("eml-attachment-traversal", "a .docx attachment named ../../outside/evil.docx",
           _src("r.eml", _mail_attachment("../../outside/evil.docx", docx(BASE_RELEASE),
                                          "application/vnd.openxmlformats-officedocument.wordprocessingml.document")),
           check=headline_is(HEAD)),
    Attack("eml-mime-nesting", "multipart nested 2,000 deep (the parser's recursion)",
           _src("r.eml", _mime_nested(2000)),
           expect=EITHER, timeout=90),
    Attack("eml-unknown-charset", "a text part in charset x-unknown with 8-bit bytes",
           _src("r.eml", eml(BASE_RELEASE).replace(b'charset="utf-8"', b'charset="x-unknown-42"')), expect=EITHER),
    Attack("eml-bad-base64", "a base64 text part that is not base64",
           _src("r.eml", eml("", headers="Content-Transfer-Encoding: base64\r\n", body="!!!! not base64 @@@@ " * 50)),
           expect=REFUSED),
    Attack("eml-html-remote-images", "an HTML-only mail with remote images and tracking pixels",
           _src_url("r.eml", lambda url: eml("", content_type='text/html; charset="utf-8"', body=_html(
               extra_body='<img src="{url}pixel.gif" width=1 height=1><div style="background:url({url}bg)">x</div>')(
               url))), check=html_out_clean),
    Attack("eml-huge-header", "a 2 MB folded Subject header", _src("r.eml", eml(BASE_RELEASE, subject=HEAD + (
        "\r\n x" * 700000))), expect=EITHER, timeout=90),
]


def _assert(condition: bool) -> None:
    assert condition


@pytest.mark.parametrize("attack", params(ATTACKS))
def test_format_attack(attack: Attack, tmp_path: Path, canary) -> None:
    run_attack(attack, tmp_path, canary)
