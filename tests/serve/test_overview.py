"""The overview page: releases in output/ with filters, the watcher's queue and failures, the press room."""

from __future__ import annotations

import html
import re

import pytest

from pipeline.journal import Journal

from .conftest import Server

pytestmark = pytest.mark.slow


def test_watcher_queue_and_failures_from_its_journal(server: Server) -> None:
    state = server.root / "input" / ".pressroom"
    state.mkdir(parents=True, exist_ok=True)
    (server.root / "input" / "waiting-release.txt").write_text("Acme\n\nHeadline\n", encoding="utf-8")
    with Journal(state / "journal.sqlite") as journal:
        journal.enqueue("a" * 64, "input/broken <b>.docx", "broken <b>.docx", None, "run-1")
        journal.start("a" * 64, "run-1")
        journal.mark_failed("a" * 64, stage="docx", reason="the document is password-protected",
                            hint="save it again without a password", duration=0.1,
                            moved_to="input/failed/broken <b>.docx")
        journal.enqueue("b" * 64, "input/next.txt", "next.txt", None, "run-1")
    page = server.request("GET", "/").body.decode()  # type: ignore[attr-defined]
    section = page.split("Drop folder (the watcher)")[1]
    assert "the document is password-protected" in section and "save it again without a password" in section
    assert "input/failed/broken &lt;b&gt;.docx" in section  # escaped, as every string from outside
    assert re.search(r"queued</span> input/next.txt", section)
    assert "waiting</span> waiting-release.txt" in section
    assert "1 failed" in section and "1 queued" in section


def test_press_room_link_and_its_pages_are_served_sandboxed(server: Server) -> None:
    from pipeline.convert import Converter
    from pipeline.distribute import rebuild_site

    from .conftest import SEED

    Converter(server.output).convert_file(SEED)
    rebuild_site(server.output)
    response = server.request("GET", "/site/index.html")
    assert response.status == 200
    assert "sandbox" in response.getheader("content-security-policy")
    index = response.body.decode()  # type: ignore[attr-defined]
    links = {h for h in re.findall(r'(?:href|src)="([^"#]+)"', index) if "://" not in h}
    assert any(h.endswith("release.pdf") for h in links) and any(h.endswith(".png") for h in links)
    for href in links:  # every link of the press room works inside /site/
        assert server.request("GET", "/site/" + href).status == 200, href
    overview = html.unescape(server.request("GET", "/").body.decode())  # type: ignore[attr-defined]
    assert 'Open the press room' in overview
    assert server.request("GET", "/site/feed.atom").status == 200
