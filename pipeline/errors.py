"""One error type that says where a release failed and what the user can do about it.

Every stage raises `PressroomError` for bad input instead of letting a library exception
escape, so the CLI and the watcher can print one clear line per file (file, stage,
reason) and the watcher can write the same words into `<name>.error.txt`.
"""

from __future__ import annotations

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
"""Exit codes of every `pressroom` command: all done, some input failed, the command line was wrong."""


class PressroomError(Exception):
    def __init__(self, stage: str, reason: str, hint: str | None = None, path: str | None = None):
        super().__init__(reason)
        self.stage = stage
        self.reason = reason
        self.hint = hint
        self.path = path

    def with_path(self, path: str) -> PressroomError:
        self.path = path
        return self

    def one_line(self) -> str:
        where = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}[{self.stage}] {self.reason}{hint}"

    def __str__(self) -> str:
        return self.one_line()


class BrandError(PressroomError):
    """A brand folder that cannot produce a correctly styled PDF; reported before any work."""

    def __init__(self, reason: str, hint: str | None = None):
        super().__init__("brand", reason, hint)
