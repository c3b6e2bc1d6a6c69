"""Upload the NewsML-G2 file and the PDF to an agency's FTP or FTPS drop folder (ftplib).

Same rules as SFTP (see sftp.py): upload under a temporary name, check the size the server
reports, rename to the final name, PDF before XML. `security` is `none` (plain FTP, only
for agencies that still insist on it), `explicit` (AUTH TLS on port 21, the usual FTPS)
or `implicit` (TLS from the first byte, port 990). With TLS the data connection is
protected too (PROT P), and the server's TLS session is reused for it, as vsftpd and
FileZilla Server require.
"""

from __future__ import annotations

import contextlib
import ftplib
import posixpath
import socket
import ssl
from pathlib import Path
from typing import Any

from .channels import Channel, Progress, ReleaseBundle, remote_names
from .failures import PermanentError, TransientError
from .sftp import DEFAULT_NAME, DEFAULT_TEMP, temp_name, upload_files

SECURITY = ("none", "explicit", "implicit")


class _ReusingFTP_TLS(ftplib.FTP_TLS):
    """FTP_TLS whose data connections resume the control connection's TLS session."""

    def ntransfercmd(self, cmd: str, rest: Any = None) -> tuple[socket.socket, int | None]:
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
        if self._prot_p:  # type: ignore[attr-defined]
            conn = self.context.wrap_socket(conn, server_hostname=self.host,
                                            session=self.sock.session)  # type: ignore[union-attr]
        return conn, size


class _ImplicitFTP_TLS(_ReusingFTP_TLS):
    """FTPS on port 990: the control connection is TLS before the server says anything."""

    def connect(self, host: str = "", port: int = 0, timeout: float = -999,
                source_address: Any = None) -> str:
        if host:
            self.host = host
        if port:
            self.port = port
        if timeout != -999:
            self.timeout = timeout
        self.sock = socket.create_connection((self.host, self.port), self.timeout)
        self.af = self.sock.family
        self.sock = self.context.wrap_socket(self.sock, server_hostname=self.host)
        self.file = self.sock.makefile("r", encoding=self.encoding)
        self.welcome = self.getresp()
        return self.welcome


class FtpChannel(Channel):
    type = "ftp"
    idempotent = True

    def _connect(self) -> ftplib.FTP:
        security = str(self.config.get("security", "explicit"))
        if security not in SECURITY:
            raise PermanentError(f"channels.{self.name}.security must be one of {', '.join(SECURITY)}")
        host = str(self.config.get("host"))
        port = int(self.config.get("port") or (990 if security == "implicit" else 21))
        timeout = self.config.timeout_seconds
        ca_file = self.config.get("ca_file")
        ftp: ftplib.FTP
        if security == "none":
            ftp = ftplib.FTP(timeout=timeout)
        else:
            context = ssl.create_default_context(cafile=str(self.resolve(ca_file)) if ca_file else None)
            cls = _ImplicitFTP_TLS if security == "implicit" else _ReusingFTP_TLS
            ftp = cls(context=context, timeout=timeout)
        try:
            ftp.connect(host, port)
            if security == "explicit":
                assert isinstance(ftp, ftplib.FTP_TLS)
                ftp.auth()
            ftp.login(str(self.config.get("username") or "anonymous"), self.config.secret("password") or "")
            if isinstance(ftp, ftplib.FTP_TLS):
                ftp.prot_p()
            ftp.set_pasv(bool(self.config.get("passive", True)))
        except BaseException:
            ftp.close()
            raise
        return ftp

    def send(self, bundle: ReleaseBundle, progress: Progress) -> str:
        files = upload_files(self.config, self.name)
        pairs = remote_names(bundle, files, str(self.config.get("remote_name") or DEFAULT_NAME))
        host = str(self.config.get("host"))
        remote_dir = str(self.config.get("remote_dir") or ".")
        template = str(self.config.get("temp_name") or DEFAULT_TEMP)
        done = set(progress.done("uploaded"))
        try:
            ftp = self._connect()
            try:
                for local, remote in pairs:
                    if remote in done:
                        continue
                    self._upload_one(ftp, local, posixpath.join(remote_dir, temp_name(template, remote)),
                                     posixpath.join(remote_dir, remote))
                    progress.mark("uploaded", [remote])
                with contextlib.suppress(ftplib.Error, OSError):
                    ftp.quit()
            finally:
                ftp.close()
        except Exception as exc:
            raise classify(exc, self.name, host, str(self.config.get("username") or "anonymous")) from None
        return f"{', '.join(r for _, r in pairs)} in {remote_dir} on {host}"

    def _upload_one(self, ftp: ftplib.FTP, local: Path, partial: str, final: str) -> None:
        size = local.stat().st_size
        with open(local, "rb") as fh:
            ftp.storbinary(f"STOR {partial}", fh)
        try:
            ftp.voidcmd("TYPE I")
            uploaded = ftp.size(partial)
        except ftplib.error_perm:  # SIZE is an extension (RFC 3659); trust the 226 then
            uploaded = size
        if uploaded is not None and uploaded != size:
            with contextlib.suppress(ftplib.Error):
                ftp.delete(partial)
            raise TransientError(f"{partial} has {uploaded} bytes on the server, expected {size}")
        try:
            ftp.rename(partial, final)
        except ftplib.error_perm:
            # some servers refuse to rename over an existing file (a redelivery): replace it
            ftp.delete(final)
            ftp.rename(partial, final)


def classify(exc: BaseException, channel: str, host: str, user: str) -> Exception:
    """Map ftplib/socket/ssl failures to Transient/PermanentError with a readable reason."""
    if isinstance(exc, (PermanentError, TransientError)):
        return exc
    text = str(exc).strip()
    if isinstance(exc, ftplib.error_perm):
        if text.startswith(("530", "332")):
            return PermanentError(f"FTP login as {user!r} on {host} was refused: {text}",
                                  hint=f"check the username and the password variable of channels.{channel}")
        return PermanentError(f"{host} refused: {text}", hint="check remote_dir and the account's rights")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return PermanentError(f"the TLS certificate of {host} was not trusted: {exc.verify_message}",
                              hint="set ca_file to the CA that signed it")
    if isinstance(exc, (ftplib.error_temp, ftplib.error_reply, ftplib.error_proto, EOFError, TimeoutError,
                        ConnectionError, ssl.SSLError, OSError)):
        return TransientError(f"FTP to {host} failed: {exc.__class__.__name__}: {text}".rstrip(": "))
    return PermanentError(f"unexpected {exc.__class__.__name__}: {text}")
