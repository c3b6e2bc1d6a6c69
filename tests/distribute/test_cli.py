"""`pressroom distribute` and `pressroom site` as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main

from .conftest import free_port


def write_config(tmp_path: Path, port: int, max_attempts: int = 2) -> Path:
    path = tmp_path / "pressroom.toml"
    path.write_text(
        f'[distribute]\nlog = "state/deliveries.sqlite3"\nbackoff_seconds = 0.01\ntimeout_seconds = 5\n'
        f"[site]\nenabled = false\n"
        f'[channels.agency]\ntype = "ftp"\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
        f'username = "u"\npassword = "${{PR_CLI_FTP_PW}}"\nmax_attempts = {max_attempts}\n',
        encoding="utf-8",
    )
    return path


def test_help_lists_the_commands() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0
    assert "distribute" in proc.stdout and "site" in proc.stdout


def test_unreachable_server_fails_clearly_and_shows_in_the_log(
    make_release: Callable[..., Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PR_CLI_FTP_PW", "x")
    config = write_config(tmp_path, free_port())
    folder = make_release()

    code = main(["distribute", str(folder), "--config", str(config)])

    out, err = capsys.readouterr()
    assert code == EXIT_FAILED
    assert f"failed       agency {folder.name} after 2 attempt(s): FTP to 127.0.0.1 failed" in err
    assert "1 failed" in out
    assert main(["distribute", "--show-log", "--config", str(config)]) == EXIT_OK
    out, _ = capsys.readouterr()
    assert out.startswith("failed") and "attempts=2" in out and folder.name in out


def test_config_errors_are_usage_errors(
    make_release: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[channels.x]\ntype = "ftp"\nhost = "h"\npassword = "plain"\n', encoding="utf-8")
    assert main(["distribute", str(make_release()), "--config", str(bad)]) == EXIT_USAGE
    assert "channels.x.password holds a secret in plain text" in capsys.readouterr().err


def test_no_folder_and_no_due_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, 21)
    assert main(["distribute", "--config", str(config)]) == EXIT_USAGE
    assert "give release folders" in capsys.readouterr().err


def test_not_a_release_folder_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, 21)
    assert main(["distribute", str(tmp_path), "--config", str(config)]) == EXIT_FAILED
    assert "not a release folder" in capsys.readouterr().err


def test_due_with_nothing_held(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, 21)
    output = tmp_path / "output"
    assert main(["distribute", "--due", "--config", str(config), "-o", str(output)]) == EXIT_OK
    assert "nothing to do" in capsys.readouterr().out


def test_site_command_builds_the_press_room(
    make_release: Callable[..., Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = make_release()
    assert main(["site", "-o", str(folder.parent)]) == EXIT_OK
    out = capsys.readouterr()
    assert "1 release(s)" in out.out
    assert "base_url is not set" in out.err and len(out.err.splitlines()) == 1
    assert folder.name in (folder.parent / "index.html").read_text(encoding="utf-8")


def test_convert_distribute_reports_a_failed_delivery_and_keeps_the_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import SEED

    monkeypatch.setenv("PR_CLI_FTP_PW", "x")
    config = write_config(tmp_path, free_port(), max_attempts=1)
    config.write_text(config.read_text(encoding="utf-8").replace("enabled = false", "enabled = true"), encoding="utf-8")
    out = tmp_path / "out"

    code = main(["convert", str(SEED), "-o", str(out), "--formats", "html,xml,json", "--distribute",
                 "--config", str(config)])

    _, err = capsys.readouterr()
    assert code == EXIT_FAILED
    assert "agency" in err and "failed" in err
    [folder] = [p for p in out.iterdir() if p.is_dir() and p.name.startswith("2006-")]
    assert sorted(p.name for p in folder.iterdir()) == ["release.html", "release.json", "release.xml"]
    assert (out / "index.html").exists() and (out / "feed.atom").exists(), "the press room is rebuilt"


def test_convert_without_a_config_sends_nothing_and_writes_no_press_room(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import SEED

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PRESSROOM_CONFIG", raising=False)
    assert main(["convert", str(SEED), "-o", "out", "--formats", "json", "-q"]) == EXIT_OK
    assert [p.name for p in (tmp_path / "out").iterdir()] == [
        "2006-11-07-hallbara-stader-stockholmsregionens-nasta-exportprodukt"]
    assert main(["convert", str(SEED), "-o", "out", "--formats", "json", "-q", "--distribute"]) == EXIT_USAGE
