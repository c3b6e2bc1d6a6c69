"""The orchestrator (`distribute_folder`): retries, claims, crashes, site rebuild — with a fake channel."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest

from pipeline.distribute import distribute_folder, send_due
from pipeline.distribute.channels import Channel, Progress, ReleaseBundle
from pipeline.distribute.failures import PermanentError, TransientError
from pipeline.distribute.log import DeliveryLog
from pipeline.errors import PressroomError

from .conftest import snapshot


class FakeChannel(Channel):
    """Plays back a script of outcomes; records every send."""

    type = "ftp"
    idempotent = True
    script: ClassVar[list[Any]] = []
    sends: ClassVar[list[str]] = []
    delay: ClassVar[float] = 0.0

    def send(self, bundle: ReleaseBundle, progress: Progress) -> str:
        FakeChannel.sends.append(self.name)
        time.sleep(self.delay)
        outcome = FakeChannel.script.pop(0) if FakeChannel.script else "ok"
        if isinstance(outcome, BaseException):
            raise outcome
        progress.mark("uploaded", ["x"])
        return f"done by {self.name}"


@pytest.fixture(autouse=True)
def fake_channels(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeChannel.script, FakeChannel.sends, FakeChannel.delay = [], [], 0.0
    monkeypatch.setattr("pipeline.distribute.kinds.make_channel", lambda cfg, base: FakeChannel(cfg, base))


def channels(*names: str, **extra: Any) -> dict[str, dict[str, Any]]:
    return {n: {"type": "ftp", "host": "127.0.0.1", "max_attempts": 4, **extra} for n in names}


def test_transient_errors_back_off_then_succeed(
    make_release: Callable[..., Path], make_config: Callable[..., Any]
) -> None:
    FakeChannel.script = [TransientError("421 busy"), TransientError("timeout"), "ok"]
    sleeps: list[float] = []
    config = make_config(channels("a", backoff_seconds=2))
    folder = make_release()

    [result] = distribute_folder(folder, config, sleep=sleeps.append)

    assert (result.status, result.attempts) == ("sent", 3)
    assert sleeps == [2.0, 4.0]
    with DeliveryLog(config.log_path) as log:
        row = log.get(folder.name, "a")
        assert row["attempts"] == 3 and row["status"] == "sent" and row["reason"] is None
        assert [h["reason"] for h in log.history(folder.name, "a")] == ["421 busy", "timeout", None]


def test_retries_are_bounded(make_release: Callable[..., Path], make_config: Callable[..., Any]) -> None:
    FakeChannel.script = [TransientError("down")] * 10
    [result] = distribute_folder(make_release(), make_config(channels("a")), sleep=lambda s: None)
    assert (result.status, result.attempts, result.permanent) == ("failed", 4, False)
    assert len(FakeChannel.sends) == 4


def test_permanent_error_is_not_retried_and_other_channels_go_on(
    make_release: Callable[..., Path], make_config: Callable[..., Any]
) -> None:
    FakeChannel.script = [PermanentError("530 login incorrect", hint="check the password")]
    folder = make_release()
    before = snapshot(folder)

    a, b = distribute_folder(folder, make_config(channels("a", "b")), sleep=lambda s: None)

    assert (a.status, a.attempts, a.permanent) == ("failed", 1, True)
    assert a.reason == "530 login incorrect (check the password)"
    assert "530 login incorrect" in a.one_line() and "after 1 attempt(s)" in a.one_line()
    assert b.status == "sent"
    assert FakeChannel.sends == ["a", "b"]
    assert snapshot(folder) == before  # a failed delivery never touches the converted outputs


def test_a_bug_in_a_channel_is_recorded_and_does_not_stop_the_others(
    make_release: Callable[..., Path], make_config: Callable[..., Any]
) -> None:
    FakeChannel.script = [ZeroDivisionError("oops")]
    a, b = distribute_folder(make_release(), make_config(channels("a", "b")))
    assert a.status == "failed" and "internal error: ZeroDivisionError" in a.reason
    assert b.status == "sent"


def test_ctrl_c_gives_the_claim_back(
    make_release: Callable[..., Path], make_config: Callable[..., Any]
) -> None:
    FakeChannel.script = [KeyboardInterrupt()]
    config = make_config(channels("a"))
    folder = make_release()
    with pytest.raises(KeyboardInterrupt):
        distribute_folder(folder, config)
    with DeliveryLog(config.log_path) as log:
        row = log.get(folder.name, "a")
    assert row["status"] == "failed" and "interrupted" in row["reason"]
    assert distribute_folder(folder, config)[0].status == "sent"  # the next run is free to try


def test_two_processes_at_once_send_once(
    make_release: Callable[..., Path], make_config: Callable[..., Any]
) -> None:
    FakeChannel.delay = 0.5
    config = make_config(channels("a"))
    folder = make_release()
    results: list[Any] = []
    threads = [
        threading.Thread(target=lambda: results.extend(distribute_folder(folder, config))) for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(r.status for r in results) == ["in-progress", "sent"]
    assert FakeChannel.sends == ["a"]


def test_channel_selection_and_unknown_names(
    make_release: Callable[..., Path], make_config: Callable[..., Any]
) -> None:
    config = make_config(channels("a", "b"))
    folder = make_release()
    assert [r.channel for r in distribute_folder(folder, config, ["b"])] == ["b"]
    assert FakeChannel.sends == ["b"]
    with pytest.raises(PressroomError, match="no channel named 'c'") as info:
        distribute_folder(folder, config, ["c"])
    assert "a, b" in info.value.hint


def test_not_a_release_folder(tmp_path: Path, make_config: Callable[..., Any]) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(PressroomError, match="not a release folder"):
        distribute_folder(tmp_path / "empty", make_config(channels("a")))


def test_brands_filter_skips_other_brands(
    make_release: Callable[..., Path], make_config: Callable[..., Any]
) -> None:
    config = make_config(channels("a", brands=["acme"]))
    [skipped] = distribute_folder(make_release("2026-11-28-x", brand="nordic"), config)
    [sent] = distribute_folder(make_release("2026-11-28-y", brand="acme"), config)
    assert skipped.status == "skipped" and "'nordic'" in skipped.reason
    assert sent.status == "sent"


def test_missing_output_file_is_a_permanent_failure(
    make_release: Callable[..., Path], make_config: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.distribute.ftp import FtpChannel

    monkeypatch.setattr("pipeline.distribute.kinds.make_channel", lambda cfg, base: FtpChannel(cfg, base))
    folder = make_release(files=("html", "xml"))
    [result] = distribute_folder(folder, make_config(channels("a")))
    assert result.status == "failed" and result.permanent and result.attempts == 1
    assert "has no release.pdf" in result.reason


def test_distribute_rebuilds_the_press_room(make_release: Callable[..., Path], tmp_path: Path) -> None:
    from pipeline.distribute.config import parse_config

    config = parse_config(
        {"distribute": {"log": str(tmp_path / "d.sqlite3")}, "channels": channels("a")}, tmp_path
    )
    folder = make_release()
    distribute_folder(folder, config)
    assert folder.name in (folder.parent / "index.html").read_text(encoding="utf-8")
    assert (folder.parent / "feed.atom").is_file()


def test_send_due_skips_channels_removed_from_the_config(
    make_release: Callable[..., Path], make_config: Callable[..., Any]
) -> None:
    import datetime as dt

    from .conftest import sample_release

    embargo = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    folder = make_release(release=sample_release(embargo=embargo))
    config = make_config(channels("a", hold_until_embargo=True))
    assert distribute_folder(folder, config)[0].status == "held"
    assert FakeChannel.sends == []
    del config.channels["a"]
    [result] = send_due(config, now=embargo + dt.timedelta(seconds=1))
    assert result.status == "failed" and "no longer in the config" in result.reason


@pytest.mark.slow
def test_a_really_converted_release_makes_a_message_and_a_press_room_entry(
    tmp_path: Path, make_config: Callable[..., Any]
) -> None:
    """The seed through the real converter, then what distribution reads from its folder."""
    import datetime as dt

    from pipeline.convert import Converter
    from pipeline.distribute import rebuild_site
    from pipeline.distribute.email import EmailChannel

    seed = Path(__file__).resolve().parents[2] / "seeds" / "000-sv-hallbara-stader.txt"
    folder = Converter(tmp_path / "output").convert_file(seed).folder
    bundle = ReleaseBundle.load(folder)
    html = (folder / "release.html").read_text(encoding="utf-8")
    assert f'class="pr-brand-{bundle.brand()}"' in html  # the brand the release was rendered with
    mail = {"type": "email", "host": "127.0.0.1", "from": "press@acme.example", "list": "l.txt"}
    channel = EmailChannel(make_config({"mail": mail}).channels["mail"], tmp_path)
    message = channel.build_message(bundle, "<id@acme.example>", dt.datetime.now(dt.UTC))
    assert message["Subject"] == bundle.release.headline
    assert bundle.release.headline in message.get_body(("plain",)).get_content()
    [pdf] = list(message.iter_attachments())
    assert pdf.get_content() == (folder / "release.pdf").read_bytes()

    site = rebuild_site(folder.parent)
    assert site.entries == 1
    assert (folder.parent / "thumbnails" / f"{folder.name}.png").stat().st_size > 1000
