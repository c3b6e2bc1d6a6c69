"""pressroom.toml: validation up front, secrets only by environment variable."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from pipeline.distribute.config import Secret, load_config, parse_config
from pipeline.distribute.failures import PermanentError
from pipeline.errors import PressroomError

ROOT = Path(__file__).resolve().parents[2]


def email(**extra: object) -> dict[str, object]:
    return {"type": "email", "host": "smtp.example", "from": "press@acme.example", "list": "l.txt", **extra}


def test_a_password_in_plain_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PressroomError) as info:
        parse_config({"channels": {"press": email(password="hunter2")}}, tmp_path)
    assert info.value.stage == "config"
    assert "channels.press.password holds a secret in plain text" in info.value.reason
    assert "${" in info.value.hint
    assert "hunter2" not in info.value.one_line()


def test_secrets_are_read_from_the_environment_only_when_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PR_TEST_PW", raising=False)
    config = parse_config({"channels": {"press": email(password="${PR_TEST_PW}")}}, tmp_path)
    channel = config.channels["press"]
    assert channel.options["password"] == Secret("PR_TEST_PW")
    assert "PR_TEST_PW" in repr(channel.options["password"])
    with pytest.raises(PermanentError, match="PR_TEST_PW is not set"):
        channel.secret("password")
    monkeypatch.setenv("PR_TEST_PW", "s3cret")
    assert channel.secret("password") == "s3cret"
    assert "s3cret" not in repr(config)


def test_env_references_in_other_values_are_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PR_TEST_HOST", "mail.acme.example")
    config = parse_config({"channels": {"press": email(host="${PR_TEST_HOST}")}}, tmp_path)
    assert config.channels["press"].get("host") == "mail.acme.example"


@pytest.mark.parametrize(
    ("channel", "message"),
    [
        ({"type": "fax", "host": "x"}, "type must be one of email, sftp, ftp"),
        ({"type": "sftp"}, "host is required"),
        ({"type": "email", "host": "x", "list": "l"}, "from is required"),
        ({"type": "email", "host": "x", "from": "a@b.example"}, "needs `list`"),
        ({"type": "ftp", "host": "x", "max_attempts": 0}, "max_attempts must be a number >= 1"),
        ({"type": "ftp", "host": "x", "brands": "acme"}, "brands must be a list"),
    ],
)
def test_invalid_channels_are_reported_with_their_key(tmp_path: Path, channel: dict, message: str) -> None:
    with pytest.raises(PressroomError, match=message):
        parse_config({"channels": {"c": channel}}, tmp_path)


def test_paths_are_relative_to_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conf = tmp_path / "etc" / "pressroom.toml"
    conf.parent.mkdir()
    conf.write_text(
        '[distribute]\nlog = "state/log.sqlite3"\nmax_attempts = 2\n'
        '[channels.press]\ntype = "email"\nhost = "h"\nfrom = "a@b.example"\nlist = "l.txt"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    config = load_config(conf)
    assert config.log_path == conf.parent / "state" / "log.sqlite3"
    assert config.resolve("l.txt") == conf.parent / "l.txt"
    assert config.channels["press"].max_attempts == 2  # [distribute] defaults apply to every channel
    assert config.channels["press"].hold_until_embargo is True  # e-mail holds by default


def test_default_log_lives_beside_the_watch_journal(tmp_path: Path) -> None:
    config = parse_config({}, tmp_path)
    assert config.log_path == tmp_path / "input" / ".pressroom" / "deliveries.sqlite3"
    assert config.channels == {}


def test_missing_and_broken_files_are_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PRESSROOM_CONFIG", raising=False)
    with pytest.raises(PressroomError, match=r"no pressroom\.toml found"):
        load_config()
    (tmp_path / "pressroom.toml").write_text("[channels\n", encoding="utf-8")
    with pytest.raises(PressroomError, match="not valid TOML"):
        load_config()


def test_date_only_embargo_lifts_at_midnight_in_the_configured_zone(tmp_path: Path) -> None:
    utc = parse_config({}, tmp_path)
    assert utc.embargo_instant(dt.date(2026, 12, 1)) == dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    sthlm = parse_config({"distribute": {"embargo_date_timezone": "Europe/Stockholm"}}, tmp_path)
    assert sthlm.embargo_instant(dt.date(2026, 12, 1)) == dt.datetime(2026, 11, 30, 23, 0, tzinfo=dt.UTC)
    with pytest.raises(PressroomError, match="not a known time zone"):
        parse_config({"distribute": {"embargo_date_timezone": "Mars/Olympus"}}, tmp_path)


def test_the_example_config_is_valid_and_keeps_no_secret() -> None:
    example = ROOT / "pressroom.example.toml"
    data = tomllib.loads(example.read_text(encoding="utf-8"))
    config = parse_config(data, ROOT)
    assert set(config.channels) >= {"press-list", "agency-sftp", "agency-ftps"}
    assert {c.type for c in config.channels.values()} == {"email", "sftp", "ftp"}
    for channel in config.channels.values():
        for key in ("password", "passphrase"):
            value = channel.options.get(key)
            assert value is None or isinstance(value, Secret)
