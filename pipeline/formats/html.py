"""HTML releases (files and e-mail bodies): decode, clean with lxml, hand to pandoc.

Pandoc's HTML reader wants UTF-8 and knows nothing about the page furniture around a
release, so we first decode by BOM / `<meta charset>` (else the text decoder's guess),
then parse with lxml — no network, no DTD, no entity resolution — and drop what is never
release text: scripts, styles, inline SVG/MathML, forms, iframes, objects, navigation,
and Pressroom's own JSON-LD. What remains is re-serialized as UTF-8 and read by pandoc
(`--sandbox`), so its headings, lists, block quotes and tables keep their meaning.
"""

from __future__ import annotations

import re

from ..decode import decode
from ..errors import PressroomError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_DROP = ("script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "form",
         "button", "select", "textarea", "nav", "canvas", "video", "audio", "picture", "img", "head")


def html_text(data: bytes, *, charset: str | None = None) -> str:
    """Decode HTML bytes: BOM, then the declared charset, then the text decoder's guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    for label in (charset, _declared(data)):
        if not label:
            continue
        try:
            return data.decode(label)
        except (LookupError, UnicodeDecodeError):
            continue
    return decode(data, "page.html").text


def _declared(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def clean_html(text: str) -> bytes:
    """Parse `text` with lxml (entities and network off) and return a body-only UTF-8 page."""
    from lxml import etree, html

    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True,
                             default_doctype=False, encoding="utf-8")
    try:
        root = html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise PressroomError("html", f"the HTML could not be parsed ({exc})", "save the page again") from None
    for element in list(root.iter(*_DROP)):
        if element.getparent() is not None:
            element.drop_tree()
    body = root.find("body")
    if body is None:
        body = root
    body.tag = "div"  # serialize the body's own text too, inside a neutral container
    body.attrib.clear()
    inner = etree.tostring(body, encoding="utf-8", method="html")
    return b"<!DOCTYPE html><html><body>" + inner + b"</body></html>"
