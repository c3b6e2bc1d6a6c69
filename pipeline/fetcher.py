"""A WeasyPrint URL fetcher that can only read the brand folder.

Release text is untrusted input: a hand-edited release.html could carry
`<img src="file:///etc/passwd">`, `<link href="http://internal-host/...">` or an SVG that
points outside. WeasyPrint's default fetcher would follow all of those (network access
at render time, local file disclosure into the PDF). The renderer only ever needs the
brand's own files (logo, fonts, images referenced from brand.css) and `data:` URIs, so
that is all this fetcher serves; every refusal is logged with the URL and the reason
and remembered in `refused` so callers (and tests) can see it.
"""

from __future__ import annotations

import contextlib
import logging
import mimetypes
import os
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)

_TYPES = {".svg": "image/svg+xml", ".css": "text/css", ".woff2": "font/woff2", ".woff": "font/woff",
          ".ttf": "font/ttf", ".otf": "font/otf", ".png": "image/png", ".jpg": "image/jpeg",
          ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp"}


class FetchRefused(ValueError):
    """Raised for a URL outside the allowed set; WeasyPrint logs it and skips the resource."""


class BrandFolderFetcher(URLFetcher):
    """Serve `file:` URLs inside `root` (after resolving symlinks) and `data:` URIs only.

    Subclasses WeasyPrint's `URLFetcher` (≥ 68) so WeasyPrint's own plumbing (attachments,
    `fetch()` context manager, `_fail_on_errors`) keeps working; only `fetch` changes.
    """

    def __init__(self, root: Path | str, *, allow_data: bool = True, max_bytes: int = 20_000_000):
        super().__init__(allowed_protocols=("file", "data") if allow_data else ("file",),
                         allow_redirects=False, fail_on_errors=False, timeout=1)
        self.root = Path(os.path.realpath(root))
        self.allow_data = allow_data
        self.max_bytes = max_bytes
        # Bounded: a renderer lives as long as the watcher process.
        self.refused: deque[tuple[str, str]] = deque(maxlen=200)
        self.served: deque[str] = deque(maxlen=200)
        self.refusals = 0  # total, for "how many in this layout" arithmetic
        self._allowed: dict[str, bytes] = {}

    @contextlib.contextmanager
    def allow(self, files: dict[str, bytes]) -> Iterator[None]:
        """Serve exactly these URLs (a release's picture renditions) from memory while inside.

        An explicit allow-list, not a second root: a release's HTML can name only the files
        the converter made for it, and nothing stays allowed after its layout.
        """
        self._allowed = {url: data for url, data in files.items() if len(data) <= self.max_bytes}
        try:
            yield
        finally:
            self._allowed = {}

    def _refuse(self, url: str, reason: str) -> FetchRefused:
        shown = url if len(url) < 120 else url[:117] + "..."
        log.warning("fetcher refused %s: %s (only files in %s are served)", shown, reason, self.root)
        self.refused.append((url, reason))
        self.refusals += 1
        return FetchRefused(f"refused {shown}: {reason}")

    def resolve(self, url: str) -> Path:
        """The real path a `file:` URL names, or `FetchRefused` if it is not inside the root."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file":
            raise self._refuse(url, f"scheme {parts.scheme or 'none'!r} is not allowed")
        if parts.netloc not in ("", "localhost"):
            raise self._refuse(url, f"remote host {parts.netloc!r} in file URL")
        raw = unquote(parts.path)
        if "\x00" in raw:
            raise self._refuse(url, "NUL byte in path")
        if any(seg == ".." for seg in raw.split("/")):
            raise self._refuse(url, "'..' path traversal")
        path = Path(os.path.realpath(url2pathname(parts.path)))  # resolves symlinks
        if not path.is_relative_to(self.root):
            raise self._refuse(url, f"{path} is outside the brand folder")
        if not path.is_file():
            raise self._refuse(url, "no such file in the brand folder")
        return path

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            if not self.allow_data:
                raise self._refuse(url, "data: URIs are not allowed")
            return super().fetch(url, headers)
        if url in self._allowed:
            self.served.append(url)
            return URLFetcherResponse(url, self._allowed[url], {"Content-Type": "image/jpeg"})
        path = self.resolve(url)
        size = path.stat().st_size
        if size > self.max_bytes:
            raise self._refuse(url, f"file is {size} bytes, more than {self.max_bytes}")
        mime = (_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
                or "application/octet-stream")
        self.served.append(str(path))
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})
