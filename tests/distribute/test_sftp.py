"""SFTP channel against a real asyncssh SFTP server on 127.0.0.1, chrooted to a temp folder."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pipeline.distribute import distribute_folder
from pipeline.distribute.log import DeliveryLog

from .conftest import add_agency_formats, snapshot

asyncssh = pytest.importorskip("asyncssh")

USER, PASSWORD = "agency", "drop-Pässword"


@dataclass
class SftpState:
    root: Path
    logins: list[tuple[str, bool]] = field(default_factory=list)
    drop_after: int | None = None  # abort the connection once a write goes past this offset…
    drops_left: int = 0  # …this many times
    posix_rename: bool = True
    written_names: list[str] = field(default_factory=list)


class _Server(asyncssh.SSHServer):
    def __init__(self, state: SftpState):
        self.state = state

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        ok = username == USER and password == PASSWORD
        self.state.logins.append((username, ok))
        return ok


class _Sftp(asyncssh.SFTPServer):
    def __init__(self, chan: Any, state: SftpState):
        super().__init__(chan, chroot=str(state.root).encode())
        self.state = state

    def open(self, path: bytes, pflags: int, attrs: Any) -> Any:
        self.state.written_names.append(path.decode())
        return super().open(path, pflags, attrs)

    def write(self, file_obj: Any, offset: int, data: bytes) -> Any:
        s = self.state
        if s.drops_left and s.drop_after is not None and offset + len(data) > s.drop_after:
            s.drops_left -= 1
            if s.drop_after > offset:  # part of the file arrives, then the line goes dead
                super().write(file_obj, offset, data[: s.drop_after - offset])
            self.connection.abort()
            raise asyncssh.SFTPConnectionLost("dropped by test server")
        return super().write(file_obj, offset, data)

    def posix_rename(self, oldpath: bytes, newpath: bytes) -> Any:
        if not self.state.posix_rename:
            raise asyncssh.SFTPOpUnsupported("posix-rename not supported here")
        return super().posix_rename(oldpath, newpath)


@dataclass
class SftpServer:
    state: SftpState
    port: int
    known_hosts: Path
    host_key_line: str


@pytest.fixture
def sftp_server(tmp_path: Path) -> Iterator[SftpServer]:
    state = SftpState(root=tmp_path / "agency")
    (state.root / "incoming").mkdir(parents=True)
    host_key = asyncssh.generate_private_key("ssh-ed25519")
    loop = asyncio.new_event_loop()
    started = threading.Event()
    holder: dict[str, Any] = {}

    async def start() -> None:
        holder["server"] = await asyncssh.listen(
            "127.0.0.1",
            0,
            server_host_keys=[host_key],
            server_factory=lambda: _Server(state),
            sftp_factory=lambda chan: _Sftp(chan, state),
            allow_scp=False,
        )
        started.set()

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=10)
    assert started.wait(10)
    port = holder["server"].sockets[0].getsockname()[1]
    public = host_key.export_public_key("openssh").decode().strip()
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text(f"[127.0.0.1]:{port} {public}\n", encoding="utf-8")
    try:
        yield SftpServer(state, port, known_hosts, public)
    finally:

        async def stop() -> None:
            holder["server"].close()
            await holder["server"].wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


@pytest.fixture(autouse=True)
def sftp_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_SFTP_PASSWORD", PASSWORD)


def sftp_channel(server: SftpServer, **extra: Any) -> dict[str, Any]:
    return {
        "type": "sftp",
        "host": "127.0.0.1",
        "port": server.port,
        "username": USER,
        "password": "${TEST_SFTP_PASSWORD}",
        "known_hosts": str(server.known_hosts),
        "remote_dir": "/incoming",
        "max_attempts": 3,
        **extra,
    }


def listing(server: SftpServer) -> list[str]:
    return sorted(p.name for p in (server.state.root / "incoming").iterdir())


def test_uploads_pdf_and_newsml_under_final_names(
    sftp_server: SftpServer, make_release: Callable[..., Path], make_config: Callable[..., Any]
) -> None:
    folder = make_release()
    config = make_config({"agency": sftp_channel(sftp_server)})

    [result] = distribute_folder(folder, config)

    assert result.status == "sent", result
    assert result.attempts == 1
    name = folder.name
    assert listing(sftp_server) == [f"{name}.pdf", f"{name}.xml"]
    incoming = sftp_server.state.root / "incoming"
    assert (incoming / f"{name}.pdf").read_bytes() == (folder / "release.pdf").read_bytes()
    assert (incoming / f"{name}.xml").read_bytes() == (folder / "release.xml").read_bytes()
    # written under a temporary name first, PDF before the XML that triggers ingestion
    assert sftp_server.state.written_names == [f"/incoming/.{name}.pdf.part", f"/incoming/.{name}.xml.part"]


def test_channel_formats_upload_ninjs_and_nitf_pdf_first(
    sftp_server: SftpServer, make_release: Callable[..., Path], make_config: Callable[..., Any]
) -> None:
    folder = make_release()
    add_agency_formats(folder)
    config = make_config({"agency": sftp_channel(sftp_server, formats=["xml", "ninjs", "nitf", "pdf"])})

    [result] = distribute_folder(folder, config)

    assert result.status == "sent", result
    name = folder.name
    assert listing(sftp_server) == sorted([f"{name}.pdf", f"{name}.xml", f"{name}.ninjs.json", f"{name}.nitf.xml"])
    incoming = sftp_server.state.root / "incoming"
    for local, ext in (("release.ninjs.json", ".ninjs.json"), ("release.nitf.xml", ".nitf.xml")):
        assert (incoming / f"{name}{ext}").read_bytes() == (folder / local).read_bytes()
    # the PDF first (the others refer to it), then the formats in the order given
    assert sftp_server.state.written_names == [f"/incoming/.{name}{ext}.part"
                                               for ext in (".pdf", ".xml", ".ninjs.json", ".nitf.xml")]


def test_channel_formats_are_checked() -> None:
    from pipeline.distribute.failures import PermanentError
    from pipeline.distribute.sftp import upload_files

    assert upload_files({}, "a") == ["release.pdf", "release.xml"]
    assert upload_files({"formats": ["NINJS", "pdf"]}, "a") == ["release.pdf", "release.ninjs.json"]
    assert upload_files({"files": ["release.xml"]}, "a") == ["release.xml"]
    for bad in ({"formats": ["pdf", "rtf"]}, {"formats": []}, {"formats": "pdf"},
                {"formats": ["pdf"], "files": ["release.pdf"]}):
        with pytest.raises(PermanentError):
            upload_files(bad, "a")


def test_inline_host_key_and_rename_without_posix_extension(
    sftp_server: SftpServer, make_release: Callable[..., Path], make_config: Callable[..., Any]
) -> None:
    sftp_server.state.posix_rename = False
    channel = sftp_channel(sftp_server, host_key=sftp_server.host_key_line, remote_name="{name}")
    del channel["known_hosts"]
    incoming = sftp_server.state.root / "incoming"
    (incoming / "release.xml").write_bytes(b"an older delivery")  # plain SFTP rename refuses to overwrite
    folder = make_release()

    [result] = distribute_folder(folder, make_config({"agency": channel}))

    assert result.status == "sent", result
    assert listing(sftp_server) == ["release.pdf", "release.xml"]
    assert (incoming / "release.xml").read_bytes() == (folder / "release.xml").read_bytes()


def test_dropped_connection_mid_upload_is_retried_without_duplicate(
    sftp_server: SftpServer,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
    pdf_bytes: bytes,
) -> None:
    big_pdf = pdf_bytes + b"\n%" + b"x" * 400_000 + b"\n"
    folder = make_release(pdf=big_pdf)
    before = snapshot(folder)
    sftp_server.state.drop_after, sftp_server.state.drops_left = 100_000, 1
    config = make_config({"agency": sftp_channel(sftp_server)})

    [result] = distribute_folder(folder, config)

    assert result.status == "sent", result
    assert result.attempts == 2
    assert sftp_server.state.drops_left == 0  # the drop really happened
    partial_uploads = [n for n in sftp_server.state.written_names if n.endswith(".pdf.part")]
    assert partial_uploads == [f"/incoming/.{folder.name}.pdf.part"] * 2
    name = folder.name
    assert listing(sftp_server) == [f"{name}.pdf", f"{name}.xml"]  # no partial name remains
    assert (sftp_server.state.root / "incoming" / f"{name}.pdf").read_bytes() == big_pdf
    assert [n for n in sftp_server.state.written_names if n.endswith(".xml.part")] == [
        f"/incoming/.{name}.xml.part"
    ]
    with DeliveryLog(config.log_path) as log:
        history = log.history(name, "agency")
    assert [h["outcome"] for h in history] == ["transient", "sent"]
    assert "SFTP to 127.0.0.1 failed" in history[0]["reason"]
    assert snapshot(folder) == before


def test_retry_does_not_upload_a_file_already_renamed_into_place(
    sftp_server: SftpServer,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
    pdf_bytes: bytes,
) -> None:
    folder = make_release(pdf=pdf_bytes)
    big_xml = b"<?xml version='1.0'?><newsItem>" + b" " * 300_000 + b"</newsItem>"
    (folder / "release.xml").write_bytes(big_xml)
    sftp_server.state.drop_after, sftp_server.state.drops_left = 100_000, 1  # only the XML is that big

    [result] = distribute_folder(folder, make_config({"agency": sftp_channel(sftp_server)}))

    assert result.status == "sent" and result.attempts == 2
    pdf_uploads = [n for n in sftp_server.state.written_names if n.endswith(".pdf.part")]
    assert len(pdf_uploads) == 1  # the agency got the PDF once, not again on the retry
    assert (sftp_server.state.root / "incoming" / f"{folder.name}.xml").read_bytes() == big_xml


def test_wrong_password_one_login_clear_error_logged(
    sftp_server: SftpServer,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TEST_SFTP_PASSWORD", "nope")
    folder = make_release()
    config = make_config({"agency": sftp_channel(sftp_server, max_attempts=5)})

    [result] = distribute_folder(folder, config)

    assert result.status == "failed" and result.permanent and result.attempts == 1
    assert "SFTP login as 'agency' on 127.0.0.1 was refused" in result.reason
    assert sftp_server.state.logins == [(USER, False)]  # no retry storm
    assert listing(sftp_server) == []
    with DeliveryLog(config.log_path) as log:
        row = log.get(folder.name, "agency")
    assert row["status"] == "failed" and row["attempts"] == 1 and "refused" in row["reason"]


def test_unknown_host_key_is_refused(
    sftp_server: SftpServer,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
    tmp_path: Path,
) -> None:
    other = asyncssh.generate_private_key("ssh-ed25519").export_public_key("openssh").decode().strip()
    known = tmp_path / "other_known_hosts"
    known.write_text(f"[127.0.0.1]:{sftp_server.port} {other}\n", encoding="utf-8")
    [result] = distribute_folder(
        make_release(), make_config({"agency": sftp_channel(sftp_server, known_hosts=str(known))})
    )
    assert result.status == "failed" and result.permanent and result.attempts == 1
    assert "host key" in result.reason
    assert sftp_server.state.logins == []  # the password never went to the impostor
    assert listing(sftp_server) == []


def test_missing_remote_folder_is_permanent(
    sftp_server: SftpServer, make_release: Callable[..., Path], make_config: Callable[..., Any]
) -> None:
    [result] = distribute_folder(
        make_release(), make_config({"agency": sftp_channel(sftp_server, remote_dir="/nowhere")})
    )
    assert result.status == "failed" and result.permanent and result.attempts == 1
    assert "remote_dir" in result.reason


def test_connection_refused_is_transient_and_bounded(
    make_release: Callable[..., Path], make_config: Callable[..., Any], tmp_path: Path
) -> None:
    from .conftest import free_port

    known = tmp_path / "kh"
    known.write_text("", encoding="utf-8")
    sleeps: list[float] = []
    config = make_config(
        {
            "agency": {
                "type": "sftp",
                "host": "127.0.0.1",
                "port": free_port(),
                "username": USER,
                "password": "${TEST_SFTP_PASSWORD}",
                "known_hosts": str(known),
                "max_attempts": 3,
                "backoff_seconds": 1.5,
            }
        }
    )
    [result] = distribute_folder(make_release(), config, sleep=sleeps.append)
    assert result.status == "failed" and result.permanent is False
    assert result.attempts == 3
    assert sleeps == [1.5, 3.0]  # exponential backoff, no sleep after the last attempt
