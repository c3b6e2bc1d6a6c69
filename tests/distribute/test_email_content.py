"""What the e-mail carries: HTML from the model (never the edited release.html), clean headers,
subjects that decode exactly in independent parsers, dates in the release's language.

Messages are sent to a real SMTP server (aiosmtpd) on 127.0.0.1 and parsed as received.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

import pytest

from pipeline.distribute import distribute_folder
from pipeline.distribute.channels import ReleaseBundle
from pipeline.distribute.email import EmailChannel, fold_subject, plain_text
from pipeline.htmlwriter import human_date
from pipeline.language import load_language
from pipeline.model import Paragraph, Release
from pipeline.reader import read_release

from .conftest import sample_release
from .test_email import SmtpRecorder, SmtpServer, _start, email_channel

pytest.importorskip("aiosmtpd")

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("dev*/*.txt"))

#: A hand-edited release.html with everything a mail or a web page must never carry.
HOSTILE_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Acme</title><script>alert("pwned-head")</script>
<style>@import url("https://evil.example/track.css"); body { background: url(https://evil.example/bg.png) }</style>
<link rel="stylesheet" href="https://evil.example/x.css"><meta http-equiv="refresh" content="0;url=https://evil.example/">
</head><body class="pr-brand-default" onload="steal()"><article class="pr-release">
<h1 class="pr-headline" onmouseover="steal()">Acme opens a new plant in Gävle</h1>
<div class="pr-body"><p class="pr-lead">GÄVLE — Acme opens its largest plant so far.<script>steal()</script></p>
<iframe src="https://evil.example/frame"></iframe><img src="https://evil.example/pixel.gif" onerror="steal()">
<p><a href="javascript:steal()">Click</a> <a href="vbscript:steal()">me</a>
<svg onload="steal()"><script>steal()</script></svg><object data="https://evil.example/o"></object>
<form action="https://evil.example/post"><input name="q"></form><base href="https://evil.example/"></p>
</div></article></body></html>"""
FORBIDDEN = ("<script>", "alert(", "steal()", "evil.example", "@import", "<iframe", "<img", "<object", "<form",
             "<base", "javascript:", "vbscript:", "onload", "onerror", "onmouseover", "http-equiv")


@pytest.fixture
def smtp_server(certs: Any) -> Iterator[SmtpServer]:
    recorder = SmtpRecorder()
    controller = _start(recorder, certs, "starttls")
    try:
        yield SmtpServer(recorder, controller.port)
    finally:
        controller.stop()


@pytest.fixture
def list_file(tmp_path: Path) -> Path:
    path = tmp_path / "lists" / "press.txt"
    path.parent.mkdir()
    path.write_text("anna@news.example\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def smtp_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "s3cret-Pässword")


def send(folder: Path, smtp_server: SmtpServer, certs: Any, make_config: Callable[..., Any]) -> email.message.Message:
    config = make_config({"press": email_channel(smtp_server.port, certs)})
    [result] = distribute_folder(folder, config)
    assert result.status == "sent", result
    [(_, _, raw)] = smtp_server.recorder.messages
    smtp_server.recorder.messages.clear()
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_the_mail_is_built_from_the_model_not_from_the_edited_html(
    smtp_server: SmtpServer, certs: Any, list_file: Path, make_release: Callable[..., Path],
    make_config: Callable[..., Any],
) -> None:
    folder = make_release()
    (folder / "release.html").write_text(HOSTILE_HTML, encoding="utf-8")
    msg = send(folder, smtp_server, certs, make_config)
    html = msg.get_body(("html",)).get_content()
    text = msg.get_body(("plain",)).get_content()
    for part in (html, text, str(msg["Subject"])):
        for needle in FORBIDDEN:
            assert needle not in part.lower(), needle
    assert "<script" not in html.lower()  # not even the JSON-LD
    assert "We are proud" in html and "Production starts in March." in html  # the model's body
    hrefs = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert all(h.startswith(("https://", "http://", "mailto:", "tel:", "#")) for h in hrefs), hrefs


@pytest.mark.parametrize("brand", ["default", "corporate", "authority", "no-such-brand"])
def test_no_brand_brings_scripts_or_remote_content_into_the_mail(tmp_path: Path, make_release: Callable[..., Path],
                                                                 make_config: Callable[..., Any], brand: str) -> None:
    folder = make_release(brand=brand)
    mail = {"type": "email", "host": "127.0.0.1", "from": "press@acme.example", "list": "l.txt"}
    channel = EmailChannel(make_config({"mail": mail}).channels["mail"], tmp_path)
    message = channel.build_message(ReleaseBundle.load(folder), "<id@acme.example>", dt.datetime.now(dt.UTC))
    html = message.get_body(("html",)).get_content()
    assert "<script" not in html.lower() and "We are proud" in html
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", html) and "@import" not in html
    from lxml import html as lxml_html

    doc = lxml_html.document_fromstring(html.encode("utf-8"))
    assert not doc.xpath("//img | //iframe | //object | //embed | //script | //link | //base | //form")
    assert not [a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib if a.lower().startswith("on")]
    hrefs = re.findall(r'(?:href|src)\s*=\s*"([^"]*)"', html)
    assert all(h.startswith(("https://", "http://", "mailto:", "tel:", "#")) for h in hrefs), hrefs
    assert f"pr-brand-{brand if brand != 'no-such-brand' else 'none'}" in html


def test_a_release_json_the_mail_cannot_carry_fails_clearly(
    smtp_server: SmtpServer, certs: Any, list_file: Path, make_release: Callable[..., Path],
    make_config: Callable[..., Any], caplog: pytest.LogCaptureFixture,
) -> None:
    folder = make_release()
    data = (folder / "release.json").read_text(encoding="utf-8")
    (folder / "release.json").write_text(data.replace("Acme opens", "Acme \\ud800 opens", 1), encoding="utf-8")
    config = make_config({"press": email_channel(smtp_server.port, certs)})
    [result] = distribute_folder(folder, config)
    assert result.status == "failed" and result.permanent and result.attempts == 1
    assert "release.json cannot be put into an e-mail" in result.reason
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    assert smtp_server.recorder.messages == []


def test_the_mail_needs_no_release_html(
    smtp_server: SmtpServer, certs: Any, list_file: Path, make_release: Callable[..., Path],
    make_config: Callable[..., Any],
) -> None:
    msg = send(make_release(files=("pdf",)), smtp_server, certs, make_config)
    assert "Production starts in March." in msg.get_body(("html",)).get_content()


@pytest.mark.parametrize("language", ["en\r\nBcc: victim@evil.example", "en\nReply-To: evil@evil.example",
                                      "sv\x00", "=?utf-8?q?en=0D=0ABcc:_victim@evil.example?="])
def test_a_line_break_in_the_language_reaches_no_header_and_no_traceback(
    smtp_server: SmtpServer, certs: Any, list_file: Path, make_release: Callable[..., Path],
    make_config: Callable[..., Any], caplog: pytest.LogCaptureFixture, language: str,
) -> None:
    release = sample_release()
    release.language = language  # as an edited release.json would have it
    with caplog.at_level(logging.WARNING):
        msg = send(make_release(release=release), smtp_server, certs, make_config)
    assert msg["Bcc"] is None and msg["Reply-To"] is None
    assert msg["Content-Language"] in (None, "en", "sv")
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"


def _unfold(raw_value: str) -> str:
    return re.sub(r"\r?\n(?=[ \t])", "", raw_value)


def _perl_decode(raw_value: str) -> str | None:
    """Perl's Encode::MIME::Header: a decoder that shares no code with Python's."""
    if shutil.which("perl") is None:
        return None
    script = 'binmode STDOUT, ":encoding(UTF-8)"; local $/; my $h = <STDIN>; print decode("MIME-Header", $h)'
    done = subprocess.run(["perl", "-MEncode", "-e", script], input=_unfold(raw_value).encode("ascii"),
                          capture_output=True, timeout=30, check=True)
    return done.stdout.decode("utf-8")


def assert_subject_round_trips(raw: bytes, headline: str) -> None:
    """Three independent decoders agree with the headline; every header line is <= 78 characters."""
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert str(parsed["Subject"]) == headline  # the modern parser (email._header_value_parser)
    raw_value = email.message_from_bytes(raw, policy=email.policy.compat32)["Subject"]
    assert str(make_header(decode_header(_unfold(raw_value)))) == headline  # the legacy decoder
    perl = _perl_decode(raw_value)
    assert perl is None or perl == headline
    header_block = raw.replace(b"\r", b"").split(b"\n\n", 1)[0]
    subject_lines = header_block.split(b"Subject: ", 1)[1].split(b"\n")
    assert len(b"Subject: " + subject_lines[0]) <= 78
    for line in subject_lines[1:]:
        if not line.startswith((b" ", b"\t")):
            break
        assert len(line) <= 78


HOSTILE_HEADLINES = [
    "Sverige stärker Ukrainas energiförsörjning inför vintern och skickar ytterligare stöd till elnätet",
    "Udenrigsminister Kofod tager imod den ukrainske udenrigsminister i København",
    "Ein sehr langer Titel mit Umlauten: Größenänderungen, Übergänge und Ökosysteme im Überblick für alle",
    "日本語の見出し：新しい工場が開設され、三百人の雇用が生まれます。さらに長い見出しで折り返しを試験します",
    "Emoji 🎉 launch 🚀 with astral characters 😀 and more 🎉 launch 🚀 with astral characters 😀 again",
    "مرحبا بالعالم: إطلاق مصنع جديد في مدينة غافله مع ثلاثمائة وظيفة جديدة للسكان المحليين",
    "=?utf-8?q?Big_news=0D=0ABcc:_victim@evil.example?= is literal text, not an encoded word",
    "Under_scores, question marks? equals = signs and =?x?= fragments all stay as written, long enough",
    "A" * 150,
    "Kurz",
    "Prix : 9 % de hausse — « citation » avec espaces insécables",
]


@pytest.mark.parametrize("headline", HOSTILE_HEADLINES)
def test_hostile_and_long_subjects_round_trip_through_a_real_server(
    smtp_server: SmtpServer, certs: Any, list_file: Path, make_release: Callable[..., Path],
    make_config: Callable[..., Any], headline: str,
) -> None:
    config = make_config({"press": email_channel(smtp_server.port, certs)})
    [result] = distribute_folder(make_release(release=sample_release(headline)), config)
    assert result.status == "sent", result
    [(_, _, raw)] = smtp_server.recorder.messages
    assert_subject_round_trips(raw, headline)


@pytest.mark.skipif(not CORPUS_FILES, reason="shared corpus not present")
def test_every_corpus_subject_round_trips(
    tmp_path: Path, make_release: Callable[..., Path], make_config: Callable[..., Any],
) -> None:
    mail = {"type": "email", "host": "127.0.0.1", "from": "press@acme.example", "list": "l.txt",
            "subject_prefix": ""}
    channel = EmailChannel(make_config({"mail": mail}).channels["mail"], tmp_path)
    checked = 0
    for path in CORPUS_FILES:
        release = read_release(path.read_bytes(), path.name)
        folder = make_release(f"{path.parent.name}-{path.stem}", release=release, files=("pdf",))
        message = channel.build_message(ReleaseBundle.load(folder), "<id@acme.example>", dt.datetime.now(dt.UTC))
        assert_subject_round_trips(message.as_bytes(), release.headline)
        checked += 1
    assert checked == len(CORPUS_FILES) >= 29


def test_fold_subject_is_linear() -> None:
    import time

    started = time.perf_counter()
    value = fold_subject("ö" * 200_000)
    assert time.perf_counter() - started < 5
    assert all(len(line) <= 76 for line in value.split("\n"))


def test_the_text_part_shows_dates_as_the_html_and_pdf_do() -> None:
    issued = dt.datetime(2006, 11, 7, 11, 58, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    embargo = dt.date(2006, 11, 8)
    release = Release(headline="Hållbara städer", language="sv", organization="Länsstyrelsen",
                      release_type="Pressmeddelande", issued=issued, embargo=embargo,
                      body=[Paragraph("Text.", lead=True)])
    text = plain_text(release)
    assert "2006-11-07T11:58" not in text and "2006-11-08" not in text
    display = load_language("sv").display
    assert human_date(issued, "sv") in text and human_date(embargo, "sv") in text
    assert display.months[10] in text  # the month by name, from sv.toml
    assert f"{display.embargo_label}: {human_date(embargo, 'sv')}" in text
    english = plain_text(Release(headline="X", language="en", issued=issued, body=[Paragraph("T.")]))
    assert human_date(issued, "en") in english and load_language("en").display.months[10] in english


LONG_NAME = "Länsstyrelsen i Stockholms län, Presstjänst och Kommunikationsavdelningen för energiförsörjning"


@pytest.mark.parametrize("display", [
    LONG_NAME, "Åsa Öberg-Ärlig på Pressavdelningen för Hållbar Utveckling", "Acme, Inc. Press Office",
    "報道室 株式会社アクメ 東京本社 広報部 長い名前のテスト用"])
def test_sender_names_round_trip_too(
    smtp_server: SmtpServer, certs: Any, list_file: Path, make_release: Callable[..., Path],
    make_config: Callable[..., Any], display: str,
) -> None:
    from email.utils import formataddr

    sender = formataddr((display, "press@acme.example"), charset="utf-8") if display.isascii() else \
        f'"{display}" <press@acme.example>'
    channel = email_channel(smtp_server.port, certs, **{
        "from": sender, "reply_to": f'"{display}" <reply@acme.example>',
        "to": f'"{display}" <list@acme.example>, "Ärende Två" <two@acme.example>'})
    [result] = distribute_folder(make_release(), make_config({"press": channel}))
    assert result.status == "sent", result
    [(mail_from, _, raw)] = smtp_server.recorder.messages
    assert mail_from == "press@acme.example"
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    legacy = email.message_from_bytes(raw, policy=email.policy.compat32)
    two = "Ärende Två <two@acme.example>"
    for header, expected in (("From", f"{display} <press@acme.example>"),
                             ("Reply-To", f"{display} <reply@acme.example>"),
                             ("To", f"{display} <list@acme.example>, {two}")):
        assert str(parsed[header]).replace('"', "") == expected.replace('"', ""), header
        decoded = str(make_header(decode_header(_unfold(legacy[header]))))  # the legacy decoder
        assert decoded.replace('"', "") == expected.replace('"', ""), (header, decoded)
        perl = _perl_decode(legacy[header])
        assert perl is None or perl.replace('"', "") == expected.replace('"', ""), (header, perl)
    first = parsed["From"].addresses[0]
    assert (first.display_name, first.addr_spec) == (display, "press@acme.example")
    assert [(a.display_name, a.addr_spec) for a in parsed["To"].addresses] == [
        (display, "list@acme.example"), ("Ärende Två", "two@acme.example")]
    block = raw.replace(b"\r", b"").split(b"\n\n", 1)[0].decode("ascii")
    lines = re.findall(r"^(?:From|To|Reply-To): .*(?:\n[ \t].*)*", block, re.M)
    lines = [line for header in lines for line in header.split("\n")]
    assert len(lines) >= 3
    # a name of non-ASCII words only is one encoded word (see email._phrase): longer lines, < 998
    limit = 998 if all(not w.isascii() for w in display.split()) else 78
    assert all(len(line) <= limit for line in lines), [line for line in lines if len(line) > limit]
