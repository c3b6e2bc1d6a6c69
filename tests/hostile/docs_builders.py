"""Small hand-made office documents, PDFs and mails for the attacks (built with the standard library)."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
      'wordprocessingml.document.main+xml"/></Types>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'officeDocument" Target="word/document.xml"/></Relationships>')


def paragraphs_xml(text: str) -> str:
    """Each block of `text` (blank-line separated) as one w:p, lines joined by w:br."""
    out = []
    for block in text.split("\n\n"):
        runs = "<w:r><w:br/></w:r>".join(f'<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r>'
                                         for line in block.splitlines())
        out.append(f"<w:p>{runs}</w:p>")
    return "".join(out)


def docx(text: str, *, extra_body: str = "", doc_rels: str = "", members: dict[str, bytes | str] | None = None,
         raw_document: str | None = None) -> bytes:
    document = raw_document or (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        f"<w:body>{paragraphs_xml(text)}{extra_body}</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("word/document.xml", document)
        if doc_rels:
            z.writestr("word/_rels/document.xml.rels",
                       '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns='
                       f'"http://schemas.openxmlformats.org/package/2006/relationships">{doc_rels}</Relationships>')
        for name, data in (members or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


ODF_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')


def odt(text: str, *, extra_body: str = "", members: dict[str, bytes | str] | None = None) -> bytes:
    paras = "".join(f"<text:p>{escape(block).replace(chr(10), '<text:line-break/>')}</text:p>"
                    for block in text.split("\n\n"))
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
               'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.2">'
               f"<office:body><office:text>{paras}{extra_body}</office:text></office:body></office:document-content>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("META-INF/manifest.xml", ODF_MANIFEST)
        z.writestr("content.xml", content)
        z.writestr("styles.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-styles xmlns:office='
                   '"urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2">'
                   '<office:styles/><office:automatic-styles/></office:document-styles>')
        for name, data in (members or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def rtf(text: str, extra: str = "") -> bytes:
    body = "\n".join("{\\pard " + block.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")
                     .replace("\n", "\\line ") + "\\par}" for block in text.split("\n\n"))
    return ("{\\rtf1\\ansi\\deff0 " + "".join(f"\\u{ord(c)}?" if ord(c) > 127 else c for c in body)
            + extra + "}").encode("ascii")


def eml(text: str, *, headers: str = "", subject: str = "Acme opens a new plant in Gävle", body: str | None = None,
        content_type: str = 'text/plain; charset="utf-8"') -> bytes:
    head = (f"From: Acme Press <press@acme.example>\r\nTo: news@paper.example\r\nSubject: {subject}\r\n"
            f"Date: Tue, 03 Mar 2026 09:00:00 +0100\r\nMIME-Version: 1.0\r\n{headers}"
            f"Content-Type: {content_type}\r\n\r\n")
    return head.encode("utf-8") + (body if body is not None else text.replace("\n", "\r\n")).encode("utf-8")
