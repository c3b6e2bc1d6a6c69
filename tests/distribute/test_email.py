"""E-mail channel against a real SMTP server (aiosmtpd) on 127.0.0.1: STARTTLS, TLS, AUTH."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pipeline.distribute import distribute_folder, send_due
from pipeline.distribute.channels import ReleaseBundle
from pipeline.distribute.email import plain_text, read_list
from pipeline.distribute.failures import PermanentError
from pipeline.distribute.log import DeliveryLog
from pipeline.htmlreader import read_html

from .conftest import free_port, sample_release, snapshot

aiosmtpd = pytest.importorskip("aiosmtpd")
from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult  # noqa: E402

USER, PASSWORD = "press", "s3cret-Pässword"
SUBSCRIBERS = ["anna@news.example", "Bo Berg <bo@tidning.example>", "carl@radio.example"]


@dataclass
class SmtpRecorder:
    """aiosmtpd handler that records messages and can misbehave on request."""

    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    reject: set[str] = field(default_factory=set)
    defer_once: set[str] = field(default_factory=set)  # answer RCPT with 450 once (greylisting)
    fail_data: int = 0  # answer DATA with 451 this many times
    drop_data: int = 0  # drop the connection during DATA this many times

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address in self.reject:
            return "550 5.1.1 no such mailbox here"
        if address in self.defer_once:
            self.defer_once.discard(address)
            return "450 4.2.0 greylisted, come back later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.drop_data:
            self.drop_data -= 1
            server.transport.close()
            return "421 4.3.0 gone"
        if self.fail_data:
            self.fail_data -= 1
            return "451 4.3.0 temporary local problem, try later"
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 queued"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        login = auth_data.login.decode()
        self.logins.append(login)
        return AuthResult(success=login == USER and auth_data.password.decode() == PASSWORD, handled=False)


@dataclass
class SmtpServer:
    recorder: SmtpRecorder
    port: int


def _start(recorder: SmtpRecorder, certs: Any, mode: str) -> Controller:
    kwargs: dict[str, Any] = {"authenticator": recorder.authenticate, "auth_required": True}
    if mode == "starttls":
        kwargs.update(tls_context=certs.server_context(), require_starttls=True, auth_require_tls=True)
    elif mode == "tls":
        kwargs.update(ssl_context=certs.server_context(), auth_require_tls=False)
    controller = Controller(
        recorder, hostname="127.0.0.1", port=free_port(), server_hostname="127.0.0.1", **kwargs
    )
    controller.start()
    return controller


@pytest.fixture(params=["starttls"])
def smtp_server(request: pytest.FixtureRequest, certs: Any) -> Iterator[SmtpServer]:
    recorder = SmtpRecorder()
    controller = _start(recorder, certs, request.param)
    try:
        yield SmtpServer(recorder, controller.port)
    finally:
        controller.stop()


@pytest.fixture
def list_file(tmp_path: Path) -> Path:
    path = tmp_path / "lists" / "press.txt"
    path.parent.mkdir()
    path.write_text(
        "# journalists\n" + "\n".join(SUBSCRIBERS) + "\nANNA@news.example  # duplicate\n", encoding="utf-8"
    )
    return path


@pytest.fixture(autouse=True)
def smtp_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_SMTP_PASSWORD", PASSWORD)


def email_channel(port: int, certs: Any, **extra: Any) -> dict[str, Any]:
    return {
        "type": "email",
        "host": "127.0.0.1",
        "port": port,
        "security": "starttls",
        "username": USER,
        "password": "${TEST_SMTP_PASSWORD}",
        "ca_file": str(certs.ca),
        "from": "Acme Press <press@acme.example>",
        "list": "lists/press.txt",
        "unsubscribe": ["mailto:press@acme.example?subject=unsubscribe", "https://acme.example/unsub"],
        "max_attempts": 3,
        **extra,
    }


def parse(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def test_message_has_pdf_both_bodies_and_list_headers(
    smtp_server: SmtpServer,
    certs: Any,
    list_file: Path,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
) -> None:
    folder = make_release()
    before = snapshot(folder)
    config = make_config({"press": email_channel(smtp_server.port, certs)})

    [result] = distribute_folder(folder, config)

    assert result.status == "sent", result
    assert result.attempts == 1
    assert smtp_server.recorder.logins == [USER]
    [(mail_from, rcpts, raw)] = smtp_server.recorder.messages
    assert mail_from == "press@acme.example"
    assert sorted(rcpts) == ["anna@news.example", "bo@tidning.example", "carl@radio.example"]
    msg = parse(raw)
    assert msg["Subject"] == "Acme opens a new plant in Gävle"
    assert msg["From"].addresses[0].addr_spec == "press@acme.example"
    assert "anna@news.example" not in str(msg["To"])  # subscribers never see each other
    assert email.utils.parsedate_to_datetime(msg["Date"]).tzinfo is not None
    assert msg["Message-ID"].startswith("<") and msg["Message-ID"].endswith("@acme.example>")
    assert msg["Message-ID"] in result.detail
    assert (
        msg["List-Unsubscribe"].strip()
        == "<mailto:press@acme.example?subject=unsubscribe>, <https://acme.example/unsub>"
    )
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["Content-Language"] == "en"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "Acme opens a new plant in Gävle" in text and "We are proud" in text and "<" not in text
    assert "HTML body of the release." not in html  # the folder's release.html is never what is sent
    release = ReleaseBundle.load(folder).release  # the HTML is rendered from the model instead
    back = read_html(html)
    assert (back.headline, back.body, back.contacts) == (release.headline, release.body, release.contacts)
    [attachment] = list(msg.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"{folder.name}.pdf"
    assert attachment.get_content() == (folder / "release.pdf").read_bytes()
    assert snapshot(folder) == before


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("smtp_server", ["tls"], indirect=True)
def test_implicit_tls(
    smtp_server: SmtpServer,
    certs: Any,
    list_file: Path,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
) -> None:
    config = make_config({"press": email_channel(smtp_server.port, certs, security="tls")})
    [result] = distribute_folder(make_release(), config)
    assert result.status == "sent", result
    assert len(smtp_server.recorder.messages) == 1


def test_untrusted_certificate_is_permanent(
    smtp_server: SmtpServer,
    certs: Any,
    list_file: Path,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
) -> None:
    channel = email_channel(smtp_server.port, certs)
    del channel["ca_file"]
    [result] = distribute_folder(make_release(), make_config({"press": channel}))
    assert result.status == "failed" and result.permanent
    assert result.attempts == 1
    assert "certificate" in result.reason and "ca_file" in result.reason
    assert smtp_server.recorder.messages == []


def test_wrong_password_fails_once_clearly_and_is_logged(
    smtp_server: SmtpServer,
    certs: Any,
    list_file: Path,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong")
    folder = make_release()
    before = snapshot(folder)
    config = make_config({"press": email_channel(smtp_server.port, certs, max_attempts=5)})

    [result] = distribute_folder(folder, config)

    assert result.status == "failed" and result.permanent
    assert result.attempts == 1
    assert smtp_server.recorder.logins == [USER]  # exactly one login attempt: no retry storm
    assert "SMTP login as 'press'" in result.reason and "535" in result.reason
    with DeliveryLog(config.log_path) as log:
        row = log.get(folder.name, "press")
        assert row["status"] == "failed" and row["attempts"] == 1 and row["permanent"] == 1
        assert "535" in row["reason"]
        assert [h["outcome"] for h in log.history(folder.name, "press")] == ["permanent"]
    assert smtp_server.recorder.messages == []
    assert snapshot(folder) == before


def test_missing_secret_variable_is_a_clear_permanent_error(
    smtp_server: SmtpServer,
    certs: Any,
    list_file: Path,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TEST_SMTP_PASSWORD")
    [result] = distribute_folder(
        make_release(), make_config({"press": email_channel(smtp_server.port, certs)})
    )
    assert result.status == "failed" and result.attempts == 1
    assert "TEST_SMTP_PASSWORD is not set" in result.reason


def test_rejected_recipient_is_reported_and_the_others_get_it(
    smtp_server: SmtpServer,
    certs: Any,
    list_file: Path,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
) -> None:
    smtp_server.recorder.reject = {"carl@radio.example"}
    config = make_config({"press": email_channel(smtp_server.port, certs)})
    folder = make_release()

    [result] = distribute_folder(folder, config)

    assert result.status == "sent"
    assert len(result.warnings) == 1
    assert "carl@radio.example" in result.warnings[0] and "550" in result.warnings[0]
    [(_, rcpts, _)] = smtp_server.recorder.messages
    assert sorted(rcpts) == ["anna@news.example", "bo@tidning.example"]
    with DeliveryLog(config.log_path) as log:
        assert "carl@radio.example" in log.get(folder.name, "press")["warning"]


def test_every_recipient_rejected_is_a_permanent_failure(
    smtp_server: SmtpServer,
    certs: Any,
    list_file: Path,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
) -> None:
    smtp_server.recorder.reject = {"anna@news.example", "bo@tidning.example", "carl@radio.example"}
    [result] = distribute_folder(
        make_release(), make_config({"press": email_channel(smtp_server.port, certs)})
    )
    assert result.status == "failed" and result.permanent and result.attempts == 1
    assert "every recipient was rejected" in result.reason
    assert smtp_server.recorder.messages == []


def test_temporary_451_is_retried_and_delivered_once(
    smtp_server: SmtpServer,
    certs: Any,
    list_file: Path,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
) -> None:
    smtp_server.recorder.fail_data = 1
    sleeps: list[float] = []
    config = make_config({"press": email_channel(smtp_server.port, certs, backoff_seconds=0.5)})
    folder = make_release()

    [result] = distribute_folder(folder, config, sleep=sleeps.append)

    assert result.status == "sent" and result.attempts == 2
    assert sleeps == [0.5]
    assert len(smtp_server.recorder.messages) == 1
    with DeliveryLog(config.log_path) as log:
        assert [h["outcome"] for h in log.history(folder.name, "press")] == ["transient", "sent"]
        assert log.get(folder.name, "press")["attempts"] == 2


def test_connection_dropped_mid_data_retries_without_duplicate(
    smtp_server: SmtpServer,
    certs: Any,
    list_file: Path,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
) -> None:
    smtp_server.recorder.drop_data = 1
    [result] = distribute_folder(
        make_release(), make_config({"press": email_channel(smtp_server.port, certs)})
    )
    assert result.status == "sent" and result.attempts == 2
    assert len(smtp_server.recorder.messages) == 1
    assert sorted(smtp_server.recorder.messages[0][1]) == [
        "anna@news.example",
        "bo@tidning.example",
        "carl@radio.example",
    ]


def test_batches_resume_after_failure_without_resending_accepted_batches(
    smtp_server: SmtpServer,
    certs: Any,
    list_file: Path,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
) -> None:
    recorder = smtp_server.recorder
    original = recorder.handle_DATA
    calls = {"n": 0}

    async def second_batch_fails_once(server: Any, session: Any, envelope: Any) -> str:
        calls["n"] += 1
        if calls["n"] == 2:
            return "451 4.3.0 later"
        return await original(server, session, envelope)

    recorder.handle_DATA = second_batch_fails_once  # type: ignore[method-assign]
    config = make_config({"press": email_channel(smtp_server.port, certs, batch_size=2)})
    [result] = distribute_folder(make_release(), config)

    assert result.status == "sent" and result.attempts == 2
    delivered = [r for _, rcpts, _ in recorder.messages for r in rcpts]
    assert sorted(delivered) == ["anna@news.example", "bo@tidning.example", "carl@radio.example"]
    ids = {parse(raw)["Message-ID"] for _, _, raw in recorder.messages}
    assert len(ids) == 1  # the same message, resumed


def test_never_sent_twice_unless_resend(
    smtp_server: SmtpServer,
    certs: Any,
    list_file: Path,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
) -> None:
    config = make_config({"press": email_channel(smtp_server.port, certs)})
    folder = make_release()
    assert distribute_folder(folder, config)[0].status == "sent"
    again = distribute_folder(folder, config)[0]
    assert again.status == "already-sent" and "--resend" in again.reason
    assert len(smtp_server.recorder.messages) == 1
    resent = distribute_folder(folder, config, resend=True)[0]
    assert resent.status == "sent"
    assert len(smtp_server.recorder.messages) == 2
    first_id, second_id = (parse(raw)["Message-ID"] for _, _, raw in smtp_server.recorder.messages)
    assert first_id != second_id


def test_embargo_holds_mail_until_due(
    smtp_server: SmtpServer,
    certs: Any,
    list_file: Path,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
) -> None:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    embargo = now + dt.timedelta(hours=2)
    folder = make_release(release=sample_release(embargo=embargo))
    config = make_config({"press": email_channel(smtp_server.port, certs)})

    [held] = distribute_folder(folder, config, now=now)
    assert held.status == "held" and held.not_before == embargo
    assert smtp_server.recorder.messages == []
    assert send_due(config, now=now + dt.timedelta(hours=1)) == []
    assert smtp_server.recorder.messages == []

    [sent] = send_due(config, now=embargo + dt.timedelta(seconds=1))
    assert sent.status == "sent" and sent.release == folder.name
    assert len(smtp_server.recorder.messages) == 1
    assert send_due(config, now=embargo + dt.timedelta(minutes=5)) == []
    assert len(smtp_server.recorder.messages) == 1


def test_lists_are_chosen_by_brand(
    smtp_server: SmtpServer,
    certs: Any,
    tmp_path: Path,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
) -> None:
    (tmp_path / "acme.txt").write_text("acme-desk@news.example\n", encoding="utf-8")
    (tmp_path / "all.txt").write_text("general@news.example\n", encoding="utf-8")
    channel = email_channel(smtp_server.port, certs, lists={"acme": "acme.txt", "default": "all.txt"})
    del channel["list"]
    config = make_config({"press": channel})
    distribute_folder(make_release("2026-11-28-a", brand="acme"), config)
    distribute_folder(make_release("2026-11-28-b", brand="nordic"), config)
    assert [m[1] for m in smtp_server.recorder.messages] == [
        ["acme-desk@news.example"],
        ["general@news.example"],
    ]


def test_brand_without_list_and_no_default_is_skipped(
    smtp_server: SmtpServer,
    certs: Any,
    tmp_path: Path,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
) -> None:
    (tmp_path / "acme.txt").write_text("acme-desk@news.example\n", encoding="utf-8")
    channel = email_channel(smtp_server.port, certs, lists={"acme": "acme.txt"})
    del channel["list"]
    [result] = distribute_folder(make_release(brand="nordic"), make_config({"press": channel}))
    assert result.status == "skipped" and "nordic" in result.reason
    assert smtp_server.recorder.messages == []


def test_read_list_refuses_a_malformed_line(tmp_path: Path) -> None:
    path = tmp_path / "l.txt"
    path.write_text("ok@news.example\nnot an address\n", encoding="utf-8")
    with pytest.raises(PermanentError, match=r"l.txt:2: 'not an address'"):
        read_list(path)


def test_plain_text_keeps_structure() -> None:
    text = plain_text(sample_release())
    lines = text.splitlines()
    assert lines[0] == "Acme AB"
    assert "Acme opens a new plant in Gävle" in lines
    assert "  “We are proud,” says Ada Lind, CEO." in lines
    assert "ada@acme.example" in lines
    assert all(len(line) <= 72 for line in lines)


def test_greylisted_recipient_is_retried_alone(
    smtp_server: SmtpServer,
    certs: Any,
    list_file: Path,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
) -> None:
    smtp_server.recorder.defer_once = {"bo@tidning.example"}
    sleeps: list[float] = []
    [result] = distribute_folder(
        make_release(), make_config({"press": email_channel(smtp_server.port, certs)}), sleep=sleeps.append
    )
    assert result.status == "sent" and result.attempts == 2 and result.warnings == []
    assert [sorted(m[1]) for m in smtp_server.recorder.messages] == [
        ["anna@news.example", "carl@radio.example"],
        ["bo@tidning.example"],
    ]
    assert len(sleeps) == 1


@pytest.mark.parametrize("headline", [
    "=?utf-8?q?Big_news=0D=0ABcc:_victim@evil.example?=",
    "=?utf-8?b?QmlnIG5ld3MNClJlcGx5LVRvOiBldmlsQGV2aWwuZXhhbXBsZQ==?= today",
    "Big news\nReply-To: evil@evil.example",
    "lang:=?utf-8?q?en=0D=0ABcc:_victim@evil.example?=",
])
def test_a_hostile_headline_cannot_add_headers_to_the_message(
    tmp_path: Path, make_release: Callable[..., Path], make_config: Callable[..., Any], headline: str
) -> None:
    """The headline is release text: an RFC 2047 encoded word in it must not decode to a header line."""
    from pipeline.distribute.channels import ReleaseBundle
    from pipeline.distribute.email import EmailChannel

    release = sample_release(headline)
    if headline.startswith("lang:"):  # `<html lang>` of an edited release.html becomes Content-Language
        release = sample_release()
        release.language = headline[5:]
    bundle = ReleaseBundle.load(make_release(release=release))
    mail = {"type": "email", "host": "127.0.0.1", "from": "press@acme.example", "list": "l.txt"}
    channel = EmailChannel(make_config({"mail": mail}).channels["mail"], tmp_path)
    try:
        message = channel.build_message(bundle, "<id@acme.example>", dt.datetime.now(dt.UTC))
    except PermanentError as exc:
        assert "line break" in str(exc)
        return
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert parsed["Bcc"] is None and parsed["Reply-To"] is None
    assert "\r" not in str(parsed["Subject"]) and "\n" not in str(parsed["Subject"])
