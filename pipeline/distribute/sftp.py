"""Upload the NewsML-G2 file and the PDF (or the channel's `formats`) to an agency's SFTP drop folder.

Agencies poll their drop folder and ingest whatever file appears, so a half-written file
must never carry its final name: each file goes up as `.<name>.part` (the `temp_name`
template), its size is checked against the local file, and only then is it renamed to the
final name — with the atomic `posix-rename@openssh.com` extension where the server has it.
The PDF is sent before the XML, so when the agency's poller sees the NewsML-G2 item (which
is what triggers ingestion) the PDF it refers to is already in place.

The server's host key is always checked (known_hosts file or an inline `host_key`),
because a drop folder that can be impersonated leaks embargoed news.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import posixpath
from collections.abc import Coroutine
from typing import Any, TypeVar

from ..outputs import OUTPUT_FILES
from .channels import Channel, Progress, ReleaseBundle, remote_names
from .failures import PermanentError, TransientError

T = TypeVar("T")
DEFAULT_FILES = ["release.pdf", "release.xml"]
DEFAULT_NAME = "{release}{ext}"
DEFAULT_TEMP = ".{name}.part"


def run_coroutine(coro: Coroutine[Any, Any, T]) -> T:
    """Run async client code from synchronous callers, even ones already inside an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def upload_files(config: Any, channel: str) -> list[str]:
    """The release files a drop-folder channel uploads, in upload order.

    `formats = ["pdf", "xml", "ninjs", "nitf"]` names output formats (mapped to their files
    by outputs.OUTPUT_FILES); `files = [...]` names the files themselves; neither: the PDF and
    the NewsML-G2 item. With `formats`, the PDF goes first whatever its place in the list, so
    the item that refers to it never arrives before it; `files` keeps its given order.
    """
    formats, files = config.get("formats"), config.get("files")
    if formats is None:
        return list(files or DEFAULT_FILES)
    if files is not None:
        raise PermanentError(f"channels.{channel} sets both files and formats", hint="keep one of them")

    if not isinstance(formats, list) or not formats or not all(isinstance(f, str) for f in formats):
        raise PermanentError(f"channels.{channel}.formats must be a non-empty list of format names",
                             hint=f"e.g. formats = [\"pdf\", \"xml\", \"ninjs\"]; known: {', '.join(OUTPUT_FILES)}")
    unknown = [f for f in formats if f.strip().lower() not in OUTPUT_FILES]
    if unknown:
        raise PermanentError(f"channels.{channel}.formats: unknown format(s) {', '.join(map(repr, unknown))}",
                             hint=f"known: {', '.join(OUTPUT_FILES)}")
    names = list(dict.fromkeys(OUTPUT_FILES[f.strip().lower()] for f in formats))
    return sorted(names, key=lambda name: name != OUTPUT_FILES["pdf"])  # stable: the PDF first


def temp_name(template: str, final: str) -> str:
    name = template.format(name=final)
    if not name or "/" in name or name == final:
        raise PermanentError(f"temp_name {template!r} must give a different plain file name")
    return name


class SftpChannel(Channel):
    type = "sftp"
    idempotent = True

    def send(self, bundle: ReleaseBundle, progress: Progress) -> str:
        files = upload_files(self.config, self.name)
        pairs = remote_names(bundle, files, str(self.config.get("remote_name") or DEFAULT_NAME))
        try:
            return run_coroutine(self._upload(pairs, progress))
        except Exception as exc:
            raise classify(exc, self.name, str(self.config.get("host")),
                           str(self.config.get("username") or "")) from None

    def _known_hosts(self) -> Any:
        import asyncssh

        if self.config.get("insecure_no_host_key_check"):
            return None
        inline = self.config.get("host_key")
        if inline:
            keys = [inline] if isinstance(inline, str) else list(inline)
            try:
                return ([asyncssh.import_public_key(k) for k in keys], [], [])
            except (asyncssh.KeyImportError, ValueError) as exc:
                raise PermanentError(f"channels.{self.name}.host_key cannot be read: {exc}") from None
        path = self.resolve(str(self.config.get("known_hosts") or "~/.ssh/known_hosts"))
        if not path.is_file():
            raise PermanentError(f"known_hosts file {path} does not exist",
                                 hint=f"set channels.{self.name}.known_hosts or host_key "
                                      "to the agency's host key")
        return str(path)

    async def _upload(self, pairs: list[tuple[Any, str]], progress: Progress) -> str:
        import asyncssh

        host = str(self.config.get("host"))
        port = int(self.config.get("port") or 22)
        timeout = self.config.timeout_seconds
        key_file = self.config.get("key_file")
        options: dict[str, Any] = {
            "username": self.config.get("username"),
            "known_hosts": self._known_hosts(),
            "connect_timeout": timeout,
            "login_timeout": timeout,
            "keepalive_interval": max(1.0, timeout / 3),
            "keepalive_count_max": 3,
            "agent_path": None,
            "client_keys": [str(self.resolve(str(key_file)))] if key_file else None,
            "passphrase": self.config.secret("passphrase"),
            "password": self.config.secret("password"),
        }
        if not key_file:
            options["client_keys"] = None
            options["preferred_auth"] = "password,keyboard-interactive"
        remote_dir = str(self.config.get("remote_dir") or ".")
        template = str(self.config.get("temp_name") or DEFAULT_TEMP)
        done = set(progress.done("uploaded"))
        async with asyncssh.connect(host, port, **options) as conn, conn.start_sftp_client() as sftp:
            for local, remote in pairs:
                if remote in done:
                    continue
                final = posixpath.join(remote_dir, remote)
                partial = posixpath.join(remote_dir, temp_name(template, remote))
                size = local.stat().st_size
                # generous per-file bound: the timeout, plus a second per 256 KiB
                await asyncio.wait_for(sftp.put(str(local), partial), timeout + size / 262144)
                uploaded = (await sftp.stat(partial)).size
                if uploaded != size:
                    await _remove_quietly(sftp, partial)
                    raise TransientError(f"{partial} has {uploaded} bytes on {host}, expected {size}")
                await _rename(sftp, partial, final)
                progress.mark("uploaded", [remote])
        return f"{', '.join(r for _, r in pairs)} in {remote_dir} on {host}"


async def _remove_quietly(sftp: Any, path: str) -> None:
    with contextlib.suppress(Exception):  # best effort: the next attempt overwrites it anyway
        await sftp.remove(path)


async def _rename(sftp: Any, partial: str, final: str) -> None:
    """Atomic replace where the server supports it, else remove-then-rename (v3 rename never overwrites)."""
    import asyncssh

    try:
        await sftp.posix_rename(partial, final)
        return
    except asyncssh.SFTPOpUnsupported:
        pass
    if await sftp.exists(final):
        await sftp.remove(final)
    await sftp.rename(partial, final)


def classify(exc: BaseException, channel: str, host: str, user: str) -> Exception:
    """Map asyncssh/OS failures to Transient/PermanentError with a readable reason."""
    import asyncssh

    if isinstance(exc, (PermanentError, TransientError)):
        return exc
    if isinstance(exc, asyncssh.PermissionDenied):
        return PermanentError(f"SFTP login as {user!r} on {host} was refused ({exc.reason})",
                              hint=f"check the username, key and password variables of channels.{channel}")
    if isinstance(exc, asyncssh.HostKeyNotVerifiable):
        return PermanentError(f"the SSH host key of {host} is not the one configured ({exc.reason})",
                              hint="if the agency really changed it, update known_hosts/host_key")
    if isinstance(exc, (asyncssh.KeyImportError, asyncssh.KeyEncryptionError)):
        return PermanentError(f"the SSH key of channels.{channel} cannot be used: {exc}")
    if isinstance(exc, (asyncssh.SFTPNoSuchFile, asyncssh.SFTPNoSuchPath)):
        return PermanentError(f"no such folder on {host}: {exc.reason}", hint="check remote_dir")
    if isinstance(exc, asyncssh.SFTPPermissionDenied):
        return PermanentError(f"{host} refused the upload: {exc.reason}",
                              hint="check remote_dir and its permissions")
    if isinstance(exc, (asyncssh.SFTPError, asyncssh.DisconnectError, asyncssh.ChannelOpenError,
                        TimeoutError, ConnectionError, OSError)):
        reason = getattr(exc, "reason", "") or str(exc) or exc.__class__.__name__
        return TransientError(f"SFTP to {host} failed: {reason}")
    return PermanentError(f"unexpected {exc.__class__.__name__}: {exc}")
