"""How a delivery fails: for a moment (retry with back-off) or until a person acts (never retried).

Its own module because the config (a missing secret), every channel and the orchestrator raise
and read these, and none of them should import another for it.
"""

from __future__ import annotations

from typing import ClassVar

from ..errors import PressroomError


class DeliveryError(PressroomError):
    transient: ClassVar[bool] = False

    def __init__(self, reason: str, hint: str | None = None):
        super().__init__("distribute", reason, hint)


class TransientError(DeliveryError):
    """The server or network hiccupped; the same attempt may well work in a few seconds."""

    transient = True


class PermanentError(DeliveryError):
    """The configuration or the recipient is wrong; a person has to act before a retry."""

    transient = False
