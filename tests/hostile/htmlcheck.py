"""What "no active content" means for an HTML page Pressroom writes, checked on the parsed tree."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html

AUTO_LOAD = ("src", "srcset", "data", "poster", "background", "lowsrc", "dynsrc", "formaction", "action",
             "{http://www.w3.org/1999/xlink}href", "xlink:href")
SAFE_LOAD = re.compile(r"\s*(data:|#|cid:)", re.I)
BAD_SCHEME = re.compile(r"\s*(javascript|vbscript|data|file):", re.I)
CSS_REF = re.compile(r"""url\(\s*['"]?([^'")\s]*)|@import\s+(?:url\()?\s*['"]?([^'")\s;]*)|(expression)\(""", re.I)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
LOCAL_NAME = re.compile(r"[\w.-]+(?:/[\w.-]+)*\Z")


def css_loads(css: str) -> list[str]:
    """References in CSS that reach outside: any scheme but data:, absolute paths, `..`, expression()."""
    found = []
    for m in CSS_REF.finditer(CSS_COMMENT.sub("", css)):
        ref = m.group(1) or m.group(2) or m.group(3) or ""
        if ref.lower().startswith(("data:", "#")) or (LOCAL_NAME.match(ref) and ".." not in ref.split("/")):
            continue
        found.append(ref[:60])
    return found


def active_document(path: Path) -> None:
    """Assert the page at `path` has no scripts (but JSON-LD), frames, plug-ins, handlers or remote loads."""
    problems = active_content(path.read_bytes())
    assert not problems, f"{path.name}: {problems}"


def active_content(data: bytes) -> list[str]:
    root = lxml.html.document_fromstring(data)
    problems: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower().rsplit("}", 1)[-1]
        if tag == "script" and (el.get("type") or "").lower() != "application/ld+json":
            problems.append("a <script>")
        if tag in ("iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "portal"):
            problems.append(f"a <{tag}>")
        if tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            problems.append("a meta refresh")
        if tag == "link" and "stylesheet" in (el.get("rel") or "").lower() and not SAFE_LOAD.match(
                el.get("href") or ""):
            problems.append(f"a linked stylesheet {el.get('href')!r}")
        if tag == "style" and css_loads(el.text or ""):
            problems.append(f"a style sheet that loads {css_loads(el.text or '')}")
        for name, value in el.attrib.items():
            lname = name.lower()
            if lname.startswith("on"):
                problems.append(f"an {lname} handler")
            if lname in AUTO_LOAD and value and not SAFE_LOAD.match(value):
                problems.append(f"{tag}@{lname}={value[:60]!r} loads from outside")
            if lname in ("href", "xlink:href", "{http://www.w3.org/1999/xlink}href") and BAD_SCHEME.match(value):
                problems.append(f"{tag}@{lname}={value[:60]!r}")
            if lname == "style" and css_loads(value):
                problems.append(f"a style attribute that loads {css_loads(value)}")
    return problems
