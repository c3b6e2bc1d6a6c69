"""A release folder edited by someone hostile or careless: release.json and release.html with
anything in them. Distribution must send clean mail or fail with one clear reason, the press
room must rebuild, and nothing may leave as a traceback.

Each case goes to a real SMTP server (aiosmtpd) on 127.0.0.1; the feed is read with feedparser.
"""

from __future__ import annotations

import email
import email.policy
import json
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.distribute import distribute_folder, rebuild_site
from pipeline.errors import PressroomError

from .test_email_content import HOSTILE_HTML, SmtpServer, email_channel
from .test_email_content import list_file as list_file
from .test_email_content import smtp_password as smtp_password
from .test_email_content import smtp_server as smtp_server

feedparser = pytest.importorskip("feedparser")

INJECT = "x\r\nBcc: victim@evil.example\r\n\r\n<script>steal()</script>"


def _set(path: list[Any], value: Any) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


JSON_CASES: dict[str, Callable[[dict], None]] = {
    "headline-number": _set(["headline"], 123),
    "headline-list": _set(["headline"], ["a", "b"]),
    "headline-empty": _set(["headline"], ""),
    "headline-injection": _set(["headline"], INJECT),
    "headline-encoded-word": _set(["headline"], "=?utf-8?q?Big=0D=0ABcc:_victim@evil.example?="),
    "headline-surrogate": _set(["headline"], "Acme \ud800 opens"),
    "headline-nul": _set(["headline"], "Acme\x00opens"),
    "headline-bidi": _set(["headline"], "Acme \u202eexe.fdp\u202c opens"),
    "headline-huge": _set(["headline"], "Acme " * 40_000),
    "headline-markup": _set(["headline"], "<script>steal()</script><img src=https://evil.example/p.gif>"),
    "language-number": _set(["language"], 5),
    "language-injection": _set(["language"], INJECT),
    "language-list": _set(["language"], ["en"]),
    "organization-dict": _set(["organization"], {"a": 1}),
    "organization-injection": _set(["organization"], INJECT),
    "release-type-injection": _set(["release_type"], INJECT),
    "subheadline-markup": _set(["subheadline"], "</title><script>steal()</script>"),
    "body-number": _set(["body"], [{"type": "paragraph", "text": 5}]),
    "body-unknown-type": _set(["body"], [{"type": "iframe", "src": "https://evil.example/"}]),
    "body-markup": _set(["body"], [{"type": "paragraph", "text": '<iframe src="https://evil.example/">'}]),
    "body-not-a-list": _set(["body"], "text"),
    "contacts-string": _set(["contacts"], "x"),
    "contact-injection": _set(["contacts"], [{"name": INJECT, "email": "javascript:steal()"}]),
    "contact-unknown-key": _set(["contacts"], [{"onload": "steal()"}]),
    "issued-garbage": _set(["issued"], "not a date"),
    "issued-number": _set(["issued"], 5),
    "embargo-impossible": _set(["embargo"], "2026-99-99"),
    "dateline-number": _set(["dateline"], {"text": 5}),
    "dateline-string": _set(["dateline"], "GÄVLE"),
    "boilerplate-markup": _set(["boilerplate"], [{"heading": INJECT, "text": "<script>steal()</script>"}]),
    "end-mark-injection": _set(["end_mark"], INJECT),
    "urls-javascript": _set(["urls"], ["javascript:steal()"]),
    "review-string": _set(["review"], "x"),
    "source-number": _set(["source"], 5),
}

RAW_CASES = {
    "not-json": b"{not json",
    "json-list": b"[1, 2, 3]",
    "deep-nesting": b"[" * 200_000 + b"]" * 200_000,
    "not-utf8": b"\xff\xfe\x00garbage",
    "empty": b"",
}


def assert_inert(page: str, *, scripts: tuple[str, ...] = (), images: str | None = None) -> None:
    """No active or remote content in an HTML document, judged on the parsed tree (escaped text
    that merely reads "<script>" is harmless and allowed)."""
    from lxml import html as lxml_html

    doc = lxml_html.document_fromstring(page.encode("utf-8"))
    assert [s.get("type") for s in doc.xpath("//script")] == list(scripts)
    assert not doc.xpath("//iframe | //frame | //object | //embed | //link[@rel!='alternate'] | //base | //form"
                         " | //meta[@http-equiv] | //svg//image | //use")
    for img in doc.xpath("//img"):
        assert images and img.get("src", "").startswith(images), img.get("src")
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        assert not [a for a in el.attrib if a.lower().startswith("on")], el.tag
        for name in ("href", "src", "action", "formaction", "data", "xlink:href"):
            value = (el.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "vbscript:", "data:text/html")), value
    for style in doc.xpath("//style/text() | //@style"):
        assert "@import" not in style and not re.search(r"url\(\s*['\"]?\s*(https?:)?//", style), style


def _check_outcome(folder: Path, smtp: SmtpServer, config: Any, caplog: pytest.LogCaptureFixture) -> str:
    try:
        results = distribute_folder(folder, config)
    except PressroomError as exc:
        assert "\n" not in exc.one_line()
        outcome = "refused"
    else:
        [result] = results
        assert result.status in ("sent", "failed"), result
        if result.status == "failed":
            assert result.reason and "internal error" not in result.reason, result.reason
        outcome = result.status
    for _, _, raw in smtp.recorder.messages:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        assert msg["Bcc"] is None and msg["Reply-To"] is None
        assert all("\n" not in str(v) and "\r" not in str(v) for _, v in msg.items())
        assert_inert(msg.get_body(("html",)).get_content())
    site = rebuild_site(folder.parent)  # never raises for one bad folder
    parsed = feedparser.parse(site.feed.read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert_inert(site.index.read_text(encoding="utf-8"), images="thumbnails/")
    for page in folder.parent.glob("pages/*.html"):
        assert_inert(page.read_text(encoding="utf-8"), scripts=("application/ld+json",))
    for entry in parsed.entries:  # the feed carries text only; its links are the release's files
        assert all(link.href.startswith(("file:", "https:", "http:")) for link in entry.links)
        assert entry.get("summary_detail", {}).get("type", "text/plain") == "text/plain"
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    return outcome


@pytest.fixture
def config(smtp_server: SmtpServer, certs: Any, make_config: Callable[..., Any]) -> Iterator[Any]:
    yield make_config({"press": email_channel(smtp_server.port, certs)})


@pytest.mark.parametrize("case", list(JSON_CASES))
def test_an_edited_release_json_is_sent_clean_or_refused_in_one_line(
    case: str, smtp_server: SmtpServer, list_file: Path, config: Any,
    make_release: Callable[..., Path], caplog: pytest.LogCaptureFixture,
) -> None:
    folder = make_release()
    (folder / "release.html").write_text(HOSTILE_HTML, encoding="utf-8")
    data = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    JSON_CASES[case](data)
    (folder / "release.json").write_text(json.dumps(data), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        _check_outcome(folder, smtp_server, config, caplog)


@pytest.mark.parametrize("case", list(RAW_CASES))
def test_a_broken_release_json_is_refused_in_one_line(
    case: str, smtp_server: SmtpServer, list_file: Path, config: Any,
    make_release: Callable[..., Path], caplog: pytest.LogCaptureFixture,
) -> None:
    folder = make_release()
    (folder / "release.json").write_bytes(RAW_CASES[case])
    with caplog.at_level(logging.WARNING):
        assert _check_outcome(folder, smtp_server, config, caplog) == "refused"
