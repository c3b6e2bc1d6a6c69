"""Which channel class serves a `[channels.NAME]` table's `type`.

Apart from channels.py so the base classes do not import their own subclasses; each
subclass is imported only when a table asks for it, so unused libraries (asyncssh) never load.
"""

from __future__ import annotations

from pathlib import Path

from .channels import Channel
from .config import ChannelConfig
from .failures import PermanentError


def make_channel(config: ChannelConfig, base_dir: Path) -> Channel:
    """The channel class for a config table; imported lazily so unused libraries never load."""
    if config.type == "email":
        from .email import EmailChannel

        return EmailChannel(config, base_dir)
    if config.type == "sftp":
        from .sftp import SftpChannel

        return SftpChannel(config, base_dir)
    if config.type == "ftp":
        from .ftp import FtpChannel

        return FtpChannel(config, base_dir)
    raise PermanentError(f"unknown channel type {config.type!r}")
