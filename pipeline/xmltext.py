"""Text and URI hygiene shared by the XML writers (NewsML-G2, NITF) and the plain body.

Press-release text is hostile to XML in small ways: control characters XML 1.0 cannot carry,
line breaks inside fields the schemas want on one line, URLs that xs:anyURI rejects. These
functions repair what can be repaired and drop what cannot, so one odd character never makes
a whole item invalid. lxml does all escaping; nothing here builds markup.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, quote, urlsplit, urlunsplit

from .urls import URL_RE

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_XML_SPACE = re.compile("[ \t\n\r]+")
_URL_TRAILING = ".,;:!?)]}'\"»”’"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URI_SAFE = "!$&'()*+,;=:@-._~%"


def clean(text: str) -> str:
    """Remove what XML 1.0 cannot carry (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/FFFF)
    and the C1 controls it discourages; they are never meaningful in a press release."""
    return _ILLEGAL_XML.sub("", text)


def line(text: str | None) -> str:
    """One-line text: cleaned, XML whitespace runs collapsed (NBSP and friends are kept)."""
    return _XML_SPACE.sub(" ", clean(text or "")).strip()


def links(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, href) of URLs and e-mail addresses in `text`, in order, not overlapping.

    `kind` is "email" or "url"; the href is already a valid xs:anyURI.
    """
    found = []
    for match in _EMAIL.finditer(text):
        address = match.group(0).rstrip(_URL_TRAILING)
        href = safe_uri(f"mailto:{address}")
        if href:
            found.append((match.start(), match.start() + len(address), "email", href))
    for match in URL_RE.finditer(text):
        url = match.group(0).rstrip(_URL_TRAILING)
        href = absolute_url(url)
        if href:
            found.append((match.start(), match.start() + len(url), "url", href))
    out: list[tuple[int, int, str, str]] = []
    for link in sorted(found):
        if not out or link[0] >= out[-1][1]:
            out.append(link)
    return out


def absolute_url(url: str) -> str | None:
    """`www.example.org/x` → `https://www.example.org/x`; anything that is not a web URL → None."""
    url = line(url)
    lower = url.lower()
    if lower.startswith("www."):
        url = "https://" + url
    elif not lower.startswith(("http://", "https://")):
        return None
    return safe_uri(url)


def safe_uri(text: str) -> str | None:
    """`text` as a URI reference xs:anyURI accepts, or None when it cannot be one.

    Press-release text holds URLs like `example.org/50%rabatt` or `a#b#c`; one of them in an
    `href` would make the whole item schema-invalid, so stray `%`, a second `#` and anything
    outside RFC 3986 are percent-encoded (non-ASCII as UTF-8) instead.
    """
    text = line(text)
    if not text or " " in text:
        return None
    text = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", text)
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return None
    if parts.scheme and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme):
        return None
    if (parts.netloc or parts.scheme.lower() in ("http", "https")) and not _valid_authority(parts):
        return None
    userinfo, at, hostport = parts.netloc.rpartition("@")
    sub_delims = _URI_SAFE.replace("@", "")
    netloc = (quote(userinfo, safe=sub_delims) + "@" if at else "") + quote(
        hostport.removesuffix(":"), safe=sub_delims + "[]")  # libxml2 refuses an empty port
    path = quote(parts.path, safe=_URI_SAFE + "/")
    if not parts.scheme and not netloc and ":" in path.split("/", 1)[0]:
        path = "./" + path  # RFC 3986 4.2: a colon in the first segment would read as a scheme
    if not netloc and path.startswith("//"):
        path = "/." + path  # RFC 3986 3.3: without an authority, "//" would start one
    query = quote(parts.query, safe=_URI_SAFE + "/?")
    fragment = quote(parts.fragment, safe=_URI_SAFE + "/?")
    return urlunsplit((parts.scheme, netloc, path, query, fragment)) or None


def _valid_authority(parts: SplitResult) -> bool:
    """A host (name, IPv4 or bracketed IPv6) and, if any, a numeric port: libxml2 insists."""
    try:
        parts.port  # noqa: B018 - raises ValueError for a non-numeric or out-of-range port
    except ValueError:
        return False
    host = parts.hostname or ""
    if "[" in parts.netloc:
        return bool(re.fullmatch(r"[0-9a-f:.]+", host)) and ":" in host
    return bool(re.fullmatch(r"[\w-]+(?:\.[\w-]+)*\.?", host))
