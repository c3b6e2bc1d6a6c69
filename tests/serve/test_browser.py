"""The web interface in a real browser (headless Chromium): what a communications officer does.

Paste the reference release, correct the issuer and see the PDF preview change, save it to
output/ and send it to an SMTP server started by the test; upload a .docx; a hostile
release whose headline carries script stays text and runs nothing; a release that needs
review cannot be sent until a person confirms it.
"""

from __future__ import annotations

import email
import json
import re
import subprocess
from email import policy
from pathlib import Path
from typing import Any

import pytest

from pipeline.validate import validate_file

from .conftest import SEED, SUBSCRIBERS, Mailbox, Server, screenshot

pytestmark = pytest.mark.slow
pytest.importorskip("playwright")
pytest.importorskip("aiosmtpd")


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    pdf = tmp_path / "preview.pdf"
    pdf.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True,
                          text=True, timeout=60).stdout


def _paste(page: Any, server: Server, text: str) -> None:
    page.goto(server.url + "/new")
    page.fill("#text", text)
    page.click("text=Read the release")
    page.wait_for_url(re.compile(r"/drafts/[0-9a-f]{32}"))


def test_paste_correct_preview_publish_send_resend(page: Any, server: Server, smtp: tuple[Mailbox, int],
                                                   tmp_path: Path, xsd: Path) -> None:
    box = smtp[0]
    page.goto(server.url + "/")
    screenshot(page, "overview-empty")
    seed = SEED.read_text(encoding="utf-8")
    _paste(page, server, seed)
    assert page.input_value("#in-headline") == "Hållbara städer - Stockholmsregionens nästa exportprodukt"
    assert page.input_value("#in-organization") == "Länsstyrelsen i Stockholms län"
    assert "brand: authority" in page.inner_text("#preview h2")

    # The block-to-label mapping: opening the headline block says what it became and links the field.
    block = page.locator("details.block.kind-headline")
    block.locator("summary").click()
    assert "headline" in block.locator("dl").inner_text()
    page.wait_for_selector("#f-headline.linked")
    screenshot(page, "editor")

    before_src = page.get_attribute("#page1", "src")
    before_png = page.request.get(server.url + before_src).body()
    assert before_png.startswith(b"\x89PNG")

    page.fill("#in-organization", "Acme Energy AB")
    page.click("button:has-text('Save and re-render')")
    page.wait_for_url(re.compile(r"msg=saved"))
    after_src = page.get_attribute("#page1", "src")
    assert after_src != before_src
    assert page.request.get(server.url + after_src).body() != before_png
    assert "brand: default" in page.inner_text("#preview h2")  # the issuer no longer matches the authority brand
    draft_pdf = page.request.get(page.url.split("?")[0] + "/files/release.pdf").body()
    text = _pdf_text(draft_pdf, tmp_path)
    assert "Acme Energy AB" in text
    assert not list(server.output.glob("*/release.json")), "a draft is not in output/ before it is saved there"

    page.click("button:has-text('Save to output/')")
    page.wait_for_url(re.compile(r"/releases/2006-11-07-hallbara-stader"))
    folder = server.output / page.url.split("/releases/")[1].split("?")[0]
    saved = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    assert saved["organization"] == "Acme Energy AB"
    assert (folder / "release.pdf").read_bytes()[:5] == b"%PDF-"
    assert "Acme Energy AB" in _pdf_text((folder / "release.pdf").read_bytes(), tmp_path)
    assert validate_file(folder / "release.xml", xsd) == []  # the edited release is valid NewsML-G2
    assert "Acme Energy AB" in (folder / "release.xml").read_text(encoding="utf-8")
    screenshot(page, "release")

    page.click("text=Send…")
    page.wait_for_url(re.compile(r"/send$"))
    table = page.inner_text("table.channels")
    assert "press-list" in table and "2 address(es)" in table
    assert "none — the release is sent as soon as you confirm" in page.inner_text("form.card")
    page.click("details summary:has-text('show')")
    assert "bo@tidning.example" in page.inner_text("ul.recipients")
    screenshot(page, "send")
    count = len(box.messages)
    page.click("button:has-text('Send now')")  # the required "I have checked" box is not ticked yet
    assert page.url.endswith("/send") and len(box.messages) == count
    page.check("input[name=checked]")
    page.click("button:has-text('Send now')")
    page.wait_for_url(re.compile(r"/releases/[^/]+#deliveries$"))
    messages = box.wait(count + 1)
    assert len(messages) == count + 1
    _sender, rcpts, raw = messages[-1]
    assert sorted(rcpts) == sorted(["anna@news.example", "bo@tidning.example"])
    message = email.message_from_bytes(raw, policy=policy.default)
    assert "Hållbara städer" in str(message["Subject"])
    assert any(part.get_content_type() == "application/pdf" for part in message.iter_attachments())
    log = page.inner_text("table.log")
    assert "press-list" in log and "sent" in log
    screenshot(page, "deliveries")

    page.on("dialog", lambda dialog: dialog.accept())  # the resend asks first (app.js)
    page.click("button:has-text('Resend')")
    page.wait_for_url(re.compile(r"#deliveries$"))
    assert len(box.wait(count + 2)) == count + 2
    assert "2 attempt(s)" in page.inner_text("table.log")

    page.goto(server.url + "/")
    assert "Hållbara städer" in page.inner_text("table.releases")
    page.fill("input[name=q]", "no-such-words-anywhere")
    page.click("button:has-text('Filter')")
    assert "Hållbara städer" not in page.inner_text("table.releases")
    page.goto(server.url + "/?language=sv&from=2006-01-01&to=2006-12-31")
    assert "Hållbara städer" in page.inner_text("table.releases")
    page.goto(server.url + "/?language=en")
    assert "Hållbara städer" not in page.inner_text("table.releases")
    assert not page.errors


def _docx(markdown: str) -> bytes:
    from pipeline.formats.pandoc import pandoc_path

    return subprocess.run([pandoc_path(), "--from", "markdown-smart", "--to", "docx", "--output", "-"],
                          input=markdown.encode("utf-8"), capture_output=True, check=True, timeout=60).stdout


DOCX_MD = """\
Northwind Energy AB

# Northwind Energy opens a battery park in Västerås

Press release, 14 March 2024

VÄSTERÅS, 14 March 2024 – Northwind Energy today opened a 120 MW battery park that will balance the
regional grid during the evening peak.

“This is the largest battery park we have built,” says Karin Berg, CEO of Northwind Energy.

Contact: Karin Berg, press officer, +46 70 123 45 67, karin.berg@northwind.example
"""


def test_upload_docx_is_read_and_stored_under_a_generated_name(page: Any, server: Server) -> None:
    data = _docx(DOCX_MD)
    assert data[:2] == b"PK"
    page.goto(server.url + "/new")
    page.set_input_files("#file", files=[{"name": "../../etc/Northwind release.docx", "mimeType":
                                          "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                          "buffer": data}])
    screenshot(page, "new")
    page.click("text=Read the release")
    page.wait_for_url(re.compile(r"/drafts/[0-9a-f]{32}"))
    assert page.input_value("#in-headline") == "Northwind Energy opens a battery park in Västerås"
    assert page.input_value("#in-organization") == "Northwind Energy AB"
    assert "docx" in page.inner_text("section.source h2")
    draft_id = page.url.split("/drafts/")[1].split("?")[0]
    stored = server.workdir / "drafts" / draft_id / "source"
    assert stored.read_bytes() == data
    names = {p.name for p in server.root.rglob("*")}
    assert not any("Northwind" in n for n in names), "the uploaded file name is never used for a path"
    assert page.request.get(page.url.split("?")[0] + "/files/source").status == 404  # the source is not served
    page.click("button:has-text('Discard this draft')")
    page.wait_for_url(server.url + "/")
    assert not stored.exists()


HOSTILE = """\
<script>window.__pwned=2;alert(2)</script> Evil Corp opens a plant <svg onload="alert(3)">

Press release, 3 March 2026

LONDON, 3 March 2026 – Evil Corp <iframe src="javascript:alert(4)"></iframe> opened a plant "><script>alert(5)</script>.

“It is <b onmouseover=alert(6)>big</b>,” says Eve Evil, CEO.

About Evil Corp <img src=x onerror="window.__pwned=1;alert(1)">
Evil Corp makes plants.
"""


def test_hostile_release_stays_text_and_runs_nothing(page: Any, server: Server, xsd: Path) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _paste(page, server, HOSTILE)
    draft_url = page.url.split("?")[0]
    assert "<script>window.__pwned=2;alert(2)</script>" in page.inner_text("h1")
    assert 'onerror="window.__pwned=1' in page.inner_text("section.source")
    assert '<svg onload="alert(3)">' in page.input_value("#in-headline")
    for url in (draft_url, server.url + "/"):
        page.goto(url)
        page.wait_for_load_state("load")
        page.mouse.move(700, 400)
        assert page.evaluate("window.__pwned") is None
        assert page.locator("main script, main iframe, main svg, main img[src=x]").count() == 0
    page.goto(draft_url)
    page.click("button:has-text('Save to output/')")
    page.wait_for_url(re.compile(r"/releases/"))
    release_url = page.url.split("?")[0]
    assert validate_file(server.output / release_url.rsplit("/", 1)[1] / "release.xml", xsd) == []
    for url in (release_url, release_url + "/send", release_url + "/files/release.html"):
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None
    page.goto(server.url + "/site/index.html")  # the press room, rebuilt by the save (pressroom.toml [site])
    assert "Evil Corp opens a plant" in page.inner_text("body")
    assert page.evaluate("window.__pwned") is None
    page.goto(release_url)
    assert "<script>" in page.inner_text("h1")
    assert "iframe src=" in page.text_content("#newsml")  # escaped XML, shown as text
    assert dialogs == [] and not page.errors


def test_a_release_that_needs_review_is_not_sent_until_confirmed(page: Any, server: Server,
                                                                 smtp: tuple[Mailbox, int]) -> None:
    from pipeline.convert import Converter
    from pipeline.reader import read_release

    data = SEED.read_bytes()
    release = read_release(data, "seed.txt")
    release.headline = "Uncertain issuer release"
    release.review.confidence = {"organization": 0.41}
    release.review.reasons = ["issuer uncertain: 'Länsstyrelsen i Stockholms län' 0.41 vs 'Stockholm' 0.38"]
    folder = Converter(server.output).convert_release(release, data, "seed.txt").folder
    url = f"{server.url}/releases/{folder.name}"
    box = smtp[0]
    count = len(box.messages)

    page.goto(url)
    assert page.locator("#f-organization.low").count() == 1
    assert "issuer uncertain" in page.inner_text("#f-organization .why")
    assert "41%" in page.inner_text("#f-organization .why")
    assert "needs review" in page.inner_text(".state")
    screenshot(page, "review")
    page.goto(url + "/send")
    assert "cannot be sent yet" in page.inner_text("main")
    assert page.locator("button:has-text('Send now')").count() == 0
    page.goto(url)
    csrf = page.input_value("#fields input[name=csrf]")
    refused = page.request.post(url + "/send", form={"csrf": csrf, "checked": "yes", "channel": "press-list"})
    assert refused.status == 409
    assert len(box.messages) == count

    page.click("button:has-text('Save and confirm the fields')")
    page.wait_for_url(re.compile(r"msg=confirmed"))
    assert "confirmed" in page.inner_text(".state")
    assert json.loads((folder / "release.json").read_text(encoding="utf-8"))["review"]["confirmed"] is True
    page.goto(url + "/send")
    page.check("input[name=checked]")
    page.click("button:has-text('Send now')")
    page.wait_for_url(re.compile(r"#deliveries$"))
    assert len(box.wait(count + 1)) == count + 1
    assert SUBSCRIBERS


def test_overview_lists_filters_and_shows_the_watcher(page: Any, server: Server) -> None:
    from pipeline.journal import Journal

    _paste(page, server, DOCX_MD.replace("# ", ""))
    page.click("button:has-text('Save to output/')")
    page.wait_for_url(re.compile(r"/releases/2024-03-14-"))
    state = server.root / "input" / ".pressroom"
    state.mkdir(parents=True, exist_ok=True)
    with Journal(state / "journal.sqlite") as journal:
        journal.enqueue("c" * 64, "input/q3-results.docx", "q3-results.docx", None, "run-1")
        journal.start("c" * 64, "run-1")
        journal.mark_failed("c" * 64, stage="docx", reason="the document is password-protected",
                            hint="save it again without a password", duration=0.2,
                            moved_to="input/failed/q3-results.docx")
        journal.enqueue("d" * 64, "input/new-ceo.txt", "new-ceo.txt", None, "run-1")
    page.goto(server.url + "/")
    rows = page.locator("table.releases tbody tr")
    assert rows.count() >= 3
    assert "Northwind Energy opens a battery park" in page.inner_text("table.releases")
    assert "password-protected" in page.inner_text("table.failures")
    assert "new-ceo.txt" in page.inner_text("ul.queue")
    screenshot(page, "overview")
    page.select_option("select[name=language]", "en")
    page.click("button:has-text('Filter')")
    shown = page.inner_text("table.releases tbody")
    assert "Northwind Energy" in shown and "Hållbara städer" not in shown
    page.goto(server.url + "/?q=battery+västerås")
    assert page.locator("table.releases tbody tr").count() == 1
    page.goto(server.url + "/?brand=authority")
    assert "Northwind" not in page.inner_text("table.releases tbody")
    assert not page.errors


def test_an_embargoed_release_is_listed_as_held_and_kept_back(page: Any, server: Server,
                                                             smtp: tuple[Mailbox, int]) -> None:
    import datetime as dt

    from pipeline.convert import Converter
    from pipeline.reader import read_release

    data = SEED.read_bytes()
    release = read_release(data, "seed.txt")
    release.headline = "Embargoed results"
    lifts = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).replace(microsecond=0)
    release.embargo = lifts
    folder = Converter(server.output).convert_release(release, data, "seed.txt").folder
    url = f"{server.url}/releases/{folder.name}"
    count = len(smtp[0].messages)
    page.goto(url + "/send")
    assert f"until {lifts.isoformat()}" in page.inner_text("form.card")
    assert f"held until {lifts.isoformat()}" in page.inner_text("table.channels")
    page.check("input[name=checked]")
    page.click("button:has-text('Send now')")
    page.wait_for_url(re.compile(r"#deliveries$"))
    assert "held" in page.inner_text("table.log")
    assert len(smtp[0].messages) == count  # nothing leaves before the embargo lifts
