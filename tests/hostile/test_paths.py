"""File names, symlinks, hard links, special files and output collisions for `convert` and `parse`."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from .conftest import (
    BASE_RELEASE,
    EITHER,
    HANDLED,
    REFUSED,
    RLIMIT_ENV,
    SLUG,
    Attack,
    Result,
    convert_args,
    params,
    release_folders,
    run_attack,
    write,
)


def _named(name: str | bytes, data: str | bytes = BASE_RELEASE, *, folder: bool = False):
    """A file with a hostile name in in/; convert the folder (walked) or the file by name."""
    def build(work: Path, url: str) -> list[str]:
        raw = os.fsencode(work / "in") + b"/" + (name if isinstance(name, bytes) else name.encode())
        (work / "in").mkdir()
        with open(raw, "wb") as fh:
            fh.write(data.encode() if isinstance(data, str) else data)
        return convert_args("in" if folder else os.fsdecode(raw))
    return build


def _lines_clean(work: Path, result: Result) -> None:
    """Every line printed is one line: no raw newline or terminal escape from a name got through."""
    for stream in (result.stdout, result.stderr):
        for line in stream.splitlines():
            assert "\x1b" not in line and "\r" not in line, repr(line)
    ok = [line for line in result.stdout.splitlines() if line.startswith("ok  ")]
    err = [line for line in result.stderr.splitlines() if line.strip()]
    total = [line for line in result.stdout.splitlines() if " converted, " in line]
    assert len(ok) + len(err) <= 1 + len(total) + 1, (ok, err)


def _one_line_each(n_ok: int, n_err: int):
    def check(work: Path, result: Result) -> None:
        _lines_clean(work, result)
        ok = [line for line in result.stdout.splitlines() if line.startswith("ok  ")]
        err = [line for line in result.stderr.splitlines() if line.strip()]
        assert (len(ok), len(err)) == (n_ok, n_err), (ok, err)
    return check


def _nothing_converted(work: Path, result: Result) -> None:
    assert not release_folders(work / "out"), release_folders(work / "out")


def _out_slug_symlink(work: Path, url: str) -> list[str]:
    write(work / "r.txt", BASE_RELEASE)
    (work / "out").mkdir()
    os.symlink(work.parent / "outside", work / "out" / SLUG)
    return convert_args("r.txt")


def _out_is_symlink_to_file(work: Path, url: str) -> list[str]:
    write(work / "r.txt", BASE_RELEASE)
    folder = work / "out" / SLUG
    folder.mkdir(parents=True)
    os.symlink(work.parent / "outside" / "secret.txt", folder / "release.json")
    return convert_args("r.txt")


def _dir_symlink_in_input(work: Path, url: str) -> list[str]:
    (work / "in").mkdir()
    write(work.parent / "outside" / "stolen.txt", BASE_RELEASE)
    os.symlink(work.parent / "outside", work / "in" / "link")
    return convert_args("in")


def _symlink_loop(work: Path, url: str) -> list[str]:
    write(work / "in" / "r.txt", BASE_RELEASE)
    os.symlink(work / "in", work / "in" / "loop")
    os.symlink("self", work / "in" / "self")
    return convert_args("in")


def _hardlink(work: Path, url: str) -> list[str]:
    write(work.parent / "outside" / "hard.txt", BASE_RELEASE)
    (work / "in").mkdir()
    os.link(work.parent / "outside" / "hard.txt", work / "in" / "hard.txt")
    return convert_args("in")


def _socket_file(work: Path, url: str) -> list[str]:
    (work / "in").mkdir()
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(work / "in" / "sock.txt"))
    s.close()
    return convert_args("in/sock.txt")


def _sparse(work: Path, url: str, command: str) -> list[str]:
    with open(work / "big.txt", "wb") as fh:
        fh.truncate(3 << 30)
    return ["parse", "big.txt"] if command == "parse" else convert_args("big.txt")


def _same_twice(work: Path, url: str) -> list[str]:
    write(work / "r.txt", BASE_RELEASE)
    return ["convert", "r.txt", "./r.txt", str(work / "r.txt"), "-o", "out", "--formats", "json"]


def _dir_named_txt(work: Path, url: str) -> list[str]:
    write(work / "in" / "folder.txt" / "r.txt", BASE_RELEASE)
    return convert_args("in")


def _output_is_file(work: Path, url: str) -> list[str]:
    write(work / "r.txt", BASE_RELEASE)
    return ["convert", "r.txt", "-o", "/dev/null", "--formats", "json"]


def _input_is_output(work: Path, url: str) -> list[str]:
    write(work / "out" / "r.txt", BASE_RELEASE)
    return ["convert", "out", "-o", "out", "--formats", "json"]


def _workers_huge(work: Path, url: str) -> list[str]:
    write(work / "a.txt", BASE_RELEASE)
    write(work / "b.txt", BASE_RELEASE.replace("Gävle", "Umeå"))
    return ["convert", "a.txt", "b.txt", "-o", "out", "--formats", "json", "--workers", "5000"]


ATTACKS = [
    Attack("name-newline", "a refused file named 'bad\\nfile.txt' gives one line", _named("bad\nfile.txt", b""),
           expect=REFUSED, check=_lines_clean),
    Attack("name-newline-walked", "a good file named 'a\\nb.txt' inside a walked folder", _named(
        "a\nb.txt", folder=True), check=_one_line_each(1, 0)),
    Attack("name-ansi", "a refused file named with a terminal escape (clears the screen)", _named(
        "\x1b[2J\x1b]0;owned\x07.txt", b""), expect=REFUSED, check=_lines_clean),
    Attack("name-invalid-utf8", "a file name that is not UTF-8 (b'caf\\xe9.txt')", _named(b"caf\xe9.txt", folder=True),
           check=_one_line_each(1, 0)),
    Attack("name-invalid-utf8-refused", "a refused file whose name is not UTF-8", _named(b"bad\xff.txt", b""),
           expect=REFUSED),
    Attack("name-255-bytes", "a 255-byte file name", _named("r" * 251 + ".txt"), check=_one_line_each(1, 0)),
    Attack("name-bidi", "a file name with U+202E (shows reversed)", _named("\u202etxt.exe.txt", b""), expect=REFUSED,
           check=lambda w, r: _no_bidi(r)),
    Attack("name-invalid-utf8-strict-stdout", "a non-UTF-8 file name with a strict UTF-8 stdout (PYTHONIOENCODING)",
           _named(b"caf\xe9.txt", folder=True), env={"PYTHONIOENCODING": "utf-8"}, check=_one_line_each(1, 0)),
    Attack("name-leading-dash", "a file named '--help.txt' in a walked folder", _named("--help.txt", folder=True),
           check=_one_line_each(1, 0)),
    Attack("out-slug-symlink", "out/<slug> is a symlink to a folder outside", _out_slug_symlink, expect=EITHER),
    Attack("out-file-symlink", "out/<slug>/release.json is a symlink to a file outside", _out_is_symlink_to_file,
           expect=EITHER),
    Attack("dir-symlink-input", "a symlink in the input folder to a folder outside", _dir_symlink_in_input,
           expect=EITHER, check=_nothing_converted),
    Attack("symlink-loop", "an input folder with a symlink loop and a self-link", _symlink_loop, expect=EITHER,
           timeout=60),
    Attack("hardlink-input", "a hard link in the input folder to a file outside (a regular file: converted)",
           _hardlink, expect=HANDLED),
    Attack("socket-file", "a Unix socket named on the command line", _socket_file, expect=REFUSED),
    Attack("sparse-3gb-parse", "`parse` of a 3 GB sparse file is refused by its size, before it is read",
           lambda w, u: _sparse(w, u, "parse"), expect=REFUSED, timeout=30, env={RLIMIT_ENV: str(2 << 30)}),
    Attack("sparse-3gb-convert", "`convert` of a 3 GB sparse file is refused by its size, at once",
           lambda w, u: _sparse(w, u, "convert"), expect=REFUSED, timeout=30),
    Attack("same-file-thrice", "one file named three ways on one command line gives one folder", _same_twice,
           check=lambda w, r: _assert(len(release_folders(w / "out")) == 1)),
    Attack("dir-named-txt", "a folder named folder.txt inside the input folder", _dir_named_txt,
           check=lambda w, r: _assert(len(release_folders(w / "out")) == 1)),
    Attack("output-dev-null", "-o /dev/null", _output_is_file, expect=REFUSED),
    Attack("input-is-output", "convert out -o out (the output folder as input)", _input_is_output, expect=EITHER,
           timeout=60, check=lambda w, r: _assert(len(release_folders(w / "out")) <= 1)),
    Attack("workers-5000", "--workers 5000 for two files (no fork bomb)", _workers_huge, timeout=120, slow=True),
]


def _no_bidi(result: Result) -> None:
    assert "\u202e" not in result.stderr + result.stdout, "a bidi override printed to the terminal"


def _assert(condition: bool) -> None:
    assert condition


@pytest.mark.parametrize("attack", params(ATTACKS))
def test_path_attack(attack: Attack, tmp_path: Path, canary) -> None:
    run_attack(attack, tmp_path, canary)
