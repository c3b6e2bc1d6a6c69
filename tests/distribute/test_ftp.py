"""FTP/FTPS channel against a real pyftpdlib server on 127.0.0.1."""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pipeline.distribute import distribute_folder
from pipeline.distribute.log import DeliveryLog

from .conftest import add_agency_formats, snapshot

with warnings.catch_warnings():  # pyftpdlib still uses asyncore/asynchat (deprecated, fine on 3.11)
    warnings.simplefilter("ignore", DeprecationWarning)
    pyftpdlib = pytest.importorskip("pyftpdlib")
    from pyftpdlib.authorizers import AuthenticationFailed, DummyAuthorizer
    from pyftpdlib.handlers import DTPHandler, FTPHandler
    from pyftpdlib.servers import FTPServer

USER, PASSWORD = "agency", "ftp-secret"
logging.getLogger("pyftpdlib").setLevel(logging.WARNING)


@dataclass
class FtpState:
    root: Path
    logins: list[tuple[str, bool]] = field(default_factory=list)
    stored: list[str] = field(default_factory=list)
    drop_after: int | None = None  # close both connections once an upload passes this many bytes…
    drops_left: int = 0  # …this many times


class _Authorizer(DummyAuthorizer):
    def __init__(self, state: FtpState):
        super().__init__()
        self.state = state

    def validate_authentication(self, username: str, password: str, handler: Any) -> None:
        try:
            super().validate_authentication(username, password, handler)
        except AuthenticationFailed:
            self.state.logins.append((username, False))
            raise
        self.state.logins.append((username, True))


def _handler_classes(state: FtpState, tls: Any = None) -> type[FTPHandler]:
    base_dtp: type[DTPHandler] = DTPHandler
    base_ftp: type[FTPHandler] = FTPHandler
    if tls is not None:
        from pyftpdlib.handlers import TLS_DTPHandler, TLS_FTPHandler

        base_dtp, base_ftp = TLS_DTPHandler, TLS_FTPHandler

    class Dtp(base_dtp):  # type: ignore[valid-type, misc]
        def handle_read(self) -> None:
            super().handle_read()
            if (
                state.drops_left
                and state.drop_after is not None
                and self.tot_bytes_received > state.drop_after
            ):
                state.drops_left -= 1
                cmd = self.cmd_channel
                self.close()
                cmd.close()  # the agency's server vanishes mid-upload

        if tls is None:  # plain DTPHandler aliases handle_read_event to its own handle_read
            handle_read_event = handle_read

    class Ftp(base_ftp):  # type: ignore[valid-type, misc]
        dtp_handler = Dtp
        auth_failed_timeout = 0.05
        if tls is not None:
            certfile, keyfile = str(tls.cert), str(tls.key)
            tls_control_required = tls_data_required = True

        def ftp_STOR(self, file: str, mode: str = "w") -> Any:
            state.stored.append(self.fs.fs2ftp(file))
            return super().ftp_STOR(file, mode)

    Ftp.authorizer = _Authorizer(state)
    Ftp.authorizer.add_user(USER, PASSWORD, str(state.root), perm="elradfmw")
    return Ftp


@dataclass
class FtpServer:
    state: FtpState
    port: int


def _serve(state: FtpState, tls: Any = None) -> Iterator[FtpServer]:
    server = FTPServer(("127.0.0.1", 0), _handler_classes(state, tls))
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            server.serve_forever(timeout=0.05, blocking=False, handle_exit=False)
        server.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield FtpServer(state, server.address[1])
    finally:
        stop.set()
        thread.join(timeout=10)


@pytest.fixture
def ftp_server(tmp_path: Path) -> Iterator[FtpServer]:
    state = FtpState(root=tmp_path / "agency")
    (state.root / "incoming").mkdir(parents=True)
    yield from _serve(state)


@pytest.fixture
def ftps_server(tmp_path: Path, certs: Any) -> Iterator[FtpServer]:
    pytest.importorskip("OpenSSL", reason="pyftpdlib's FTPS server needs pyOpenSSL")
    state = FtpState(root=tmp_path / "agency")
    (state.root / "incoming").mkdir(parents=True)
    yield from _serve(state, tls=certs)


@pytest.fixture(autouse=True)
def ftp_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_FTP_PASSWORD", PASSWORD)


def ftp_channel(server: FtpServer, **extra: Any) -> dict[str, Any]:
    return {
        "type": "ftp",
        "host": "127.0.0.1",
        "port": server.port,
        "security": "none",
        "username": USER,
        "password": "${TEST_FTP_PASSWORD}",
        "remote_dir": "/incoming",
        "max_attempts": 3,
        **extra,
    }


def listing(server: FtpServer) -> list[str]:
    return sorted(p.name for p in (server.state.root / "incoming").iterdir())


def test_plain_ftp_uploads_under_temp_name_then_renames(
    ftp_server: FtpServer, make_release: Callable[..., Path], make_config: Callable[..., Any]
) -> None:
    folder = make_release()
    [result] = distribute_folder(folder, make_config({"agency": ftp_channel(ftp_server)}))

    assert result.status == "sent", result
    name = folder.name
    assert listing(ftp_server) == [f"{name}.pdf", f"{name}.xml"]
    incoming = ftp_server.state.root / "incoming"
    assert (incoming / f"{name}.pdf").read_bytes() == (folder / "release.pdf").read_bytes()
    assert (incoming / f"{name}.xml").read_bytes() == (folder / "release.xml").read_bytes()
    assert ftp_server.state.stored == [f"/incoming/.{name}.pdf.part", f"/incoming/.{name}.xml.part"]


def test_channel_formats_upload_ninjs_and_nitf(
    ftp_server: FtpServer, make_release: Callable[..., Path], make_config: Callable[..., Any]
) -> None:
    folder = make_release()
    add_agency_formats(folder)
    [result] = distribute_folder(folder, make_config({"agency": ftp_channel(ftp_server, formats=["nitf", "ninjs"])}))

    assert result.status == "sent", result
    name = folder.name
    assert listing(ftp_server) == [f"{name}.ninjs.json", f"{name}.nitf.xml"]  # no name clash with .xml/.json
    incoming = ftp_server.state.root / "incoming"
    assert (incoming / f"{name}.nitf.xml").read_bytes() == (folder / "release.nitf.xml").read_bytes()
    assert ftp_server.state.stored == [f"/incoming/.{name}.nitf.xml.part", f"/incoming/.{name}.ninjs.json.part"]


def test_explicit_ftps_with_protected_data_channel(
    ftps_server: FtpServer, certs: Any, make_release: Callable[..., Path], make_config: Callable[..., Any]
) -> None:
    folder = make_release()
    channel = ftp_channel(ftps_server, security="explicit", ca_file=str(certs.ca))
    [result] = distribute_folder(folder, make_config({"agency": channel}))
    assert result.status == "sent", result
    assert (ftps_server.state.root / "incoming" / f"{folder.name}.pdf").read_bytes() == (
        folder / "release.pdf"
    ).read_bytes()


def test_ftps_server_refuses_plain_login(
    ftps_server: FtpServer, make_release: Callable[..., Path], make_config: Callable[..., Any]
) -> None:
    [result] = distribute_folder(make_release(), make_config({"agency": ftp_channel(ftps_server)}))
    assert result.status == "failed" and result.permanent and result.attempts == 1
    assert ftps_server.state.logins == []  # the password was never sent in clear
    assert listing(ftps_server) == []


def test_dropped_connection_mid_upload_is_retried_without_partial_or_duplicate(
    ftp_server: FtpServer,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
    pdf_bytes: bytes,
) -> None:
    big_pdf = pdf_bytes + b"\n%" + b"x" * 600_000 + b"\n"
    folder = make_release(pdf=big_pdf)
    before = snapshot(folder)
    ftp_server.state.drop_after, ftp_server.state.drops_left = 100_000, 1
    config = make_config({"agency": ftp_channel(ftp_server)})

    [result] = distribute_folder(folder, config)

    assert result.status == "sent", result
    assert result.attempts == 2
    assert ftp_server.state.drops_left == 0
    name = folder.name
    assert listing(ftp_server) == [f"{name}.pdf", f"{name}.xml"]  # no partial name remains
    assert (ftp_server.state.root / "incoming" / f"{name}.pdf").read_bytes() == big_pdf
    assert ftp_server.state.stored.count(f"/incoming/.{name}.xml.part") == 1
    with DeliveryLog(config.log_path) as log:
        assert [h["outcome"] for h in log.history(name, "agency")] == ["transient", "sent"]
    assert snapshot(folder) == before


def test_wrong_password_one_login_clear_error_logged(
    ftp_server: FtpServer,
    make_release: Callable[..., Path],
    make_config: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TEST_FTP_PASSWORD", "wrong")
    folder = make_release()
    config = make_config({"agency": ftp_channel(ftp_server, max_attempts=5)})

    [result] = distribute_folder(folder, config)

    assert result.status == "failed" and result.permanent and result.attempts == 1
    assert "FTP login as 'agency' on 127.0.0.1 was refused: 530" in result.reason
    assert ftp_server.state.logins == [(USER, False)]
    with DeliveryLog(config.log_path) as log:
        row = log.get(folder.name, "agency")
    assert row["status"] == "failed" and row["attempts"] == 1 and "530" in row["reason"]
    assert listing(ftp_server) == []


def test_redelivery_with_resend_replaces_the_files(
    ftp_server: FtpServer, make_release: Callable[..., Path], make_config: Callable[..., Any]
) -> None:
    folder = make_release()
    config = make_config({"agency": ftp_channel(ftp_server)})
    assert distribute_folder(folder, config)[0].status == "sent"
    assert distribute_folder(folder, config)[0].status == "already-sent"
    assert len(ftp_server.state.stored) == 2
    (folder / "release.xml").write_bytes(b"<newsItem version='2'/>")
    assert distribute_folder(folder, config, resend=True)[0].status == "sent"
    assert len(ftp_server.state.stored) == 4
    assert listing(ftp_server) == [f"{folder.name}.pdf", f"{folder.name}.xml"]
    assert (
        ftp_server.state.root / "incoming" / f"{folder.name}.xml"
    ).read_bytes() == b"<newsItem version='2'/>"
