"""Superdesk's real NewsML-G2 ingest parser, run against small stubs of the modules it imports.

superdesk-core 2.5.3 does not install on Python 3.11 (its pinned dependencies do not build),
but its wheel downloads with `pip download --no-deps`. `scripts/setup.sh --test` puts it into
a cache folder under the virtualenv; the tests load `superdesk/io/feed_parsers/newsml_2_0.py`,
the `XMLFeedParser` base class from `superdesk/io/feed_parsers/__init__.py` and
`superdesk/etree.py` straight from the wheel at test time. Only the framework around them
(Flask's `current_app`, the resource services, the error classes, the item constants) is
stubbed, so what the tests exercise is Superdesk's own parsing code. Nothing of Superdesk is
copied into the repository.
"""

from __future__ import annotations

import enum
import os
import subprocess
import sys
import types
import zipfile
from pathlib import Path
from typing import Any

SUPERDESK_VERSION = "2.5.3"
WHEEL_NAME = f"Superdesk_Core-{SUPERDESK_VERSION}-py3-none-any.whl"
CACHE_ENV = "PRESSROOM_TEST_CACHE"
_PARSER = "superdesk/io/feed_parsers/newsml_2_0.py"
_BASE = "superdesk/io/feed_parsers/__init__.py"
_ETREE = "superdesk/etree.py"
_REGISTRATION = "# must be imported for registration"


def cache_dir() -> Path:
    """`$PRESSROOM_TEST_CACHE`, else `<virtualenv>/cache` (where `scripts/setup.sh --test` downloads)."""
    return Path(os.environ.get(CACHE_ENV) or Path(sys.prefix) / "cache") / f"superdesk-core-{SUPERDESK_VERSION}"


def find_wheel(download: bool = True) -> Path | None:
    """The cached wheel; downloaded once with pip (`--no-deps`, no install) when it is missing."""
    folder = cache_dir()
    wheel = folder / WHEEL_NAME
    if wheel.is_file():
        return wheel
    if not download:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--disable-pip-version-check",
                        f"superdesk-core=={SUPERDESK_VERSION}", "-d", str(folder)],
                       check=True, capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError):
        return None
    return wheel if wheel.is_file() else None


class _ParserError(Exception):
    """Superdesk's ParserError carries a code and the original exception; so does this."""

    def __init__(self, code: int, exception: BaseException | None = None, provider: Any = None):
        super().__init__(f"superdesk parser error {code}: {exception!r}")
        self.code, self.exception = code, exception

    @classmethod
    def newsmlTwoParserError(cls, exception: BaseException | None = None,  # Superdesk's name
                             provider: Any = None) -> _ParserError:
        return cls(1005, exception, provider)


class _Priority(enum.IntEnum):
    Flash = 1
    Urgent = 2
    Three_Paragraph = 3
    Screen_Finance = 4
    Continuous_News = 5
    Ordinary = 6

    @classmethod
    def values(cls) -> list[int]:
        return [p.value for p in cls]


def _stubs() -> dict[str, types.ModuleType]:
    """The framework the parser imports: names and constants as in superdesk-core 2.5.3."""
    config = types.SimpleNamespace(HTML_TAGS_WHITELIST=("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                                                        "ul", "ol", "li", "a", "b", "i", "strong", "em", "br",
                                                        "pre", "table", "tr", "td", "th"))
    app = types.SimpleNamespace(config={"QCODE_MISSING_VOC": "continue"}, subjects={}, locators=None)
    flask = types.ModuleType("flask")
    flask.current_app = app  # type: ignore[attr-defined]
    superdesk = types.ModuleType("superdesk")
    superdesk.__path__ = []  # type: ignore[attr-defined]
    superdesk.app = app  # type: ignore[attr-defined]
    superdesk.config = config  # type: ignore[attr-defined]
    superdesk.get_resource_service = lambda name: None  # type: ignore[attr-defined]
    errors = types.ModuleType("superdesk.errors")
    errors.ParserError = _ParserError  # type: ignore[attr-defined]
    errors.SkipValue = type("SkipValue", (Exception,), {})  # type: ignore[attr-defined]
    io = types.ModuleType("superdesk.io")
    io.__path__ = []  # type: ignore[attr-defined]
    registry = types.ModuleType("superdesk.io.registry")
    registry.register_feed_parser = lambda name, parser: None  # type: ignore[attr-defined]
    metadata = types.ModuleType("superdesk.metadata")
    metadata.__path__ = []  # type: ignore[attr-defined]
    item = types.ModuleType("superdesk.metadata.item")
    item.ITEM_TYPE = "type"  # type: ignore[attr-defined]
    item.CONTENT_TYPE = types.SimpleNamespace(TEXT="text", PREFORMATTED="preformatted", AUDIO="audio",  # type: ignore[attr-defined]
                                              VIDEO="video", PICTURE="picture", GRAPHIC="graphic",
                                              COMPOSITE="composite")
    item.Priority = _Priority  # type: ignore[attr-defined]
    utils = types.ModuleType("superdesk.metadata.utils")
    utils.is_normal_package = lambda doc: doc["type"] == "composite"  # type: ignore[attr-defined]
    return {"flask": flask, "superdesk": superdesk, "superdesk.errors": errors, "superdesk.io": io,
            "superdesk.io.registry": registry, "superdesk.metadata": metadata, "superdesk.metadata.item": item,
            "superdesk.metadata.utils": utils}


def _exec(name: str, source: str, filename: str) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__file__ = filename
    sys.modules[name] = module
    exec(compile(source, filename, "exec"), module.__dict__)
    return module


def load_parser(wheel: Path) -> Any:
    """A `NewsMLTwoFeedParser` instance built from the wheel's source, with the stubs above.

    `sys.modules` is restored afterwards; the loaded modules keep their own globals.
    """
    with zipfile.ZipFile(wheel) as archive:
        sources = {path: archive.read(path).decode("utf-8") for path in (_PARSER, _BASE, _ETREE)}
    base = sources[_BASE].split(_REGISTRATION, 1)[0]  # the rest imports every other parser
    saved = dict(sys.modules)
    try:
        stubs = _stubs()
        sys.modules.update(stubs)
        sd_etree = _exec("superdesk.etree", sources[_ETREE], f"{wheel}/{_ETREE}")
        stubs["superdesk"].etree = sd_etree  # type: ignore[attr-defined]
        feed = _exec("superdesk.io.feed_parsers", base, f"{wheel}/{_BASE}")
        feed.__path__ = []  # type: ignore[attr-defined]
        parser_module = _exec("superdesk.io.feed_parsers.newsml_2_0", sources[_PARSER], f"{wheel}/{_PARSER}")
        return parser_module.NewsMLTwoFeedParser()
    finally:
        sys.modules.clear()
        sys.modules.update(saved)


def ingest(parser: Any, xml: bytes) -> dict[str, Any]:
    """One item as Superdesk's ingest would store it (raises the parser's error if it refuses)."""
    from lxml import etree

    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    if not parser.can_parse(root):
        raise AssertionError("Superdesk's NewsML-G2 parser says it cannot parse this document")
    items = parser.parse(root)
    if len(items) != 1:
        raise AssertionError(f"expected one item, Superdesk parsed {len(items)}")
    return items[0]
