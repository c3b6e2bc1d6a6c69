"""Options, environment and terminals: what a shell user or a service manager can do to the command."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import (
    BASE_RELEASE,
    CLOSED_STDOUT_ENV,
    EITHER,
    REFUSED,
    Attack,
    Result,
    convert_args,
    params,
    release_folders,
    run_attack,
    write,
)
from .docs_builders import docx


def _with_release(*argv: str, files: dict[str, bytes | str] | None = None):
    def build(work: Path, url: str) -> list[str]:
        write(work / "r.txt", BASE_RELEASE)
        for name, data in (files or {}).items():
            write(work / name, data)
        return list(argv)
    return build


def _usage_error(work: Path, result: Result) -> None:
    assert result.code == 2, result.code
    assert "error:" in result.stderr.splitlines()[-1], result.stderr


def _one_folder(work: Path, result: Result) -> None:
    assert len(release_folders(work / "out")) == 1


FAKE_PANDOC = "#!/bin/sh\necho 'pandoc 99 crashed' >&2\nexit 3\n"

def _fake_pandoc(work: Path, url: str) -> list[str]:
    write(work / "d.docx", docx(BASE_RELEASE))
    write(work / "pandoc", FAKE_PANDOC)
    os.chmod(work / "pandoc", 0o755)
    return convert_args("d.docx")

ATTACKS = [
    Attack("parse-stdout-closed", "`pressroom parse r.txt | head -0`: stdout's reader is gone",
           _with_release("parse", "r.txt"), expect=EITHER, env={CLOSED_STDOUT_ENV: "1"}),
    Attack("convert-stdout-closed", "`pressroom convert … | head -0`", _with_release(*convert_args("r.txt")),
           expect=EITHER, env={CLOSED_STDOUT_ENV: "1"}),
    Attack("formats-empty", "--formats ''", _with_release("convert", "r.txt", "-o", "out", "--formats", ""),
           expect=REFUSED),
    Attack("formats-duplicates", "--formats json,JSON,json", _with_release(
        "convert", "r.txt", "-o", "out", "--formats", "json,JSON,json"), expect=EITHER, check=_one_folder),
    Attack("workers-negative", "--workers -3", _with_release("convert", "r.txt", "--workers", "-3"),
           expect=EITHER, check=_usage_error, max_error_lines=10),
    Attack("watch-poll-zero", "watch --poll 0 (a busy loop)", _with_release("watch", "in", "--poll", "0", "--once"),
           expect=EITHER, max_error_lines=10, timeout=60),
    Attack("watch-settle-negative", "watch --settle -5", _with_release("watch", "in", "--settle", "-5", "--once"),
           expect=EITHER, max_error_lines=10, timeout=60),
    Attack("status-limit-huge", "status --limit 10**30 and --limit -1", _with_release(
        "status", "in", "--limit", "1" + "0" * 30), expect=EITHER, max_error_lines=10),
    Attack("styles-env-missing", "PRESSROOM_STYLES pointing at no folder", _with_release(*convert_args("r.txt")),
           expect=REFUSED, env={"PRESSROOM_STYLES": "{work}/nope"}),
    Attack("styles-env-file", "PRESSROOM_STYLES pointing at a file", _with_release(*convert_args("r.txt")),
           expect=REFUSED, env={"PRESSROOM_STYLES": "{work}/r.txt"}),
    Attack("pandoc-env-broken", "PRESSROOM_PANDOC is a program that crashes", _fake_pandoc,
           expect=REFUSED, env={"PRESSROOM_PANDOC": "{work}/pandoc"}),
    Attack("pandoc-env-missing", "PRESSROOM_PANDOC names no file", _with_release(
        *convert_args("d.docx"), files={"d.docx": docx(BASE_RELEASE)}), expect=REFUSED,
           env={"PRESSROOM_PANDOC": "{work}/no-such-pandoc"}),
    Attack("config-dev-zero", "--config /dev/zero for `distribute --show-log` (an endless config)", _with_release(
        "distribute", "--show-log", "--config", "/dev/zero"), expect=REFUSED, env={"HOSTILE_RLIMIT_AS": str(2 << 30)},
           timeout=60),
    Attack("config-env-fifo", "PRESSROOM_CONFIG names a FIFO (opening it blocks)", lambda w, u: (
        os.mkfifo(w / "fifo.toml"), write(w / "r.txt", BASE_RELEASE), ["distribute", "--show-log"])[-1],
           expect=REFUSED, env={"PRESSROOM_CONFIG": "{work}/fifo.toml"}, timeout=30),
    Attack("config-dir", "--config pointing at a folder", _with_release("site", "-o", "out", "--config", "."),
           expect=REFUSED),
    Attack("config-latin1", "pressroom.toml saved as Latin-1", _with_release(
        "site", "-o", "out", "--config", "p.toml", files={"p.toml": '[site]\ntitle = "Göteborg"\n'.encode("latin-1")}),
           expect=REFUSED),
    Attack("convert-distribute-no-config", "convert --distribute without any pressroom.toml", _with_release(
        *convert_args("r.txt", "--distribute")), expect=EITHER, max_error_lines=2),
]


@pytest.mark.parametrize("attack", params(ATTACKS))
def test_cli_attack(attack: Attack, tmp_path: Path, canary) -> None:
    run_attack(attack, tmp_path, canary)
