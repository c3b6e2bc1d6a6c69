"""The review workflow without a network: HTML marks, the PDF left clean, confirm, render, convert's line.

Releases that need review are built here (the text reader's own confidences are tested
with the reader); everything downstream only looks at `Release.review`.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from strategies import kitchen_sink, reference_release

from pipeline.cli import main
from pipeline.confirm import REVIEW_STYLE, confirm_folder, hold_reason, mark_confirmed_html, review_note
from pipeline.convert import Converter
from pipeline.errors import PressroomError
from pipeline.htmlreader import read_html
from pipeline.htmlwriter import render_html
from pipeline.model import LOW_CONFIDENCE, Release, Review

REASON = "issuer uncertain: 'Acme' 0.41 vs 'Brightline PR' 0.38"


def doubtful(release: Release | None = None, reasons: tuple[str, ...] = (REASON,)) -> Release:
    release = release or reference_release()
    release.review = Review(
        confidence={"organization": 0.41, "headline": 0.97, "issued": 0.3, "contacts": 0.59, "quotes": 0.2},
        reasons=list(reasons),
    )
    return release


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same release rendered twice by the real converter: once doubtful, once not (html, pdf, xml, json)."""
    base = tmp_path_factory.mktemp("review")
    converter = Converter(base / "out")
    sure = converter.convert_release(reference_release(), b"source", "seed.txt", folder=base / "sure")
    held = converter.convert_release(doubtful(), b"source", "seed.txt", folder=base / "held")
    return sure.folder, held.folder


# --------------------------------------------------------------------------- HTML


def test_low_fields_carry_data_confidence_and_the_head_the_record() -> None:
    soup = BeautifulSoup(render_html(doubtful()), "lxml")
    marked = {tag["class"][0]: tag["data-confidence"] for tag in soup.select("[data-confidence]")}
    # below LOW_CONFIDENCE and with an element: marked; 0.97 (headline) is not; "quotes" has no element
    assert marked == {"pr-organization": "0.41", "pr-issued": "0.30", "pr-contacts": "0.59"}
    assert all(float(v) < LOW_CONFIDENCE for v in marked.values())
    assert soup.find("meta", attrs={"name": "pressroom:review"})["content"] == "needs-review"
    assert [m["content"] for m in soup.find_all("meta", attrs={"name": "pressroom:review-reason"})] == [REASON]
    assert json.loads(soup.find("meta", attrs={"name": "pressroom:confidence"})["content"])["quotes"] == 0.2
    assert soup.find("style", attrs={"media": "screen"}) is not None  # the marks show in a browser only


def test_a_sure_release_has_no_review_markup_at_all() -> None:
    html = render_html(reference_release())
    assert "pressroom:review" not in html and "data-confidence" not in html and "pressroom:confidence" not in html


@pytest.mark.parametrize("confirmed", [False, True])
def test_review_round_trips_exactly(confirmed: bool) -> None:
    release = doubtful(kitchen_sink(), reasons=(REASON, 'date missing: "<b>" & no dateline'))
    release.review.confirmed = confirmed
    html = render_html(release)
    assert read_html(html) == release
    assert read_html(html).review.needs_review is not confirmed
    assert ('data-confidence="0.41"' in html) is True  # the mark stays after confirmation: it is a record


def test_mangled_confidence_json_is_dropped_not_fatal() -> None:
    html = render_html(doubtful()).replace('content="{&#34;organization', 'content="{oops&#34;organization')
    release = read_html(html)
    assert release.review.confidence == {} and release.review.reasons == [REASON]
    assert release.review.needs_review


def test_pdf_carries_no_trace_of_the_review(converted: tuple[Path, Path], tmp_path: Path) -> None:
    """Same text, same pixels, no reason in the metadata: the marks live in the HTML only."""
    pikepdf = pytest.importorskip("pikepdf")
    sure, held = converted
    texts = [subprocess.run(["pdftotext", "-layout", str(f / "release.pdf"), "-"], capture_output=True,
                            text=True, check=True).stdout for f in (sure, held)]
    assert texts[0] == texts[1] and "Stockholm" in texts[1]
    for trace in ("review", "0.41", "Brightline", "confidence"):
        assert trace not in texts[1]
    pngs = []
    for f in (sure, held):
        prefix = tmp_path / f.name
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(f / "release.pdf"), str(prefix)], check=True)
        pngs.append([p.read_bytes() for p in sorted(tmp_path.glob(f"{f.name}*.png"))])
    assert pngs[0] and pngs[0] == pngs[1], "the held release's pages must look exactly like the sure one's"
    with pikepdf.open(held / "release.pdf") as pdf:
        meta = str(pdf.open_metadata()) + repr(dict(pdf.docinfo))
    assert "Brightline" not in meta and "review" not in meta.lower()


# --------------------------------------------------------------------------- confirm


@pytest.fixture
def held_folder(converted: tuple[Path, Path], tmp_path: Path) -> Path:
    import shutil

    return Path(shutil.copytree(converted[1], tmp_path / "2006-11-07-held"))


def test_confirm_flips_json_and_html_and_leaves_pdf_and_xml_alone(held_folder: Path) -> None:
    before = snapshot(held_folder)
    outcome = confirm_folder(held_folder)
    assert outcome.status == "confirmed" and REASON in outcome.one_line()
    after = snapshot(held_folder)
    assert after["release.pdf"] == before["release.pdf"] and after["release.xml"] == before["release.xml"]
    data = json.loads(after["release.json"])
    assert data["review"]["confirmed"] is True and data["review"]["needs_review"] is False
    assert data["review"]["reasons"] == [REASON]  # kept: the record of what was uncertain
    html = after["release.html"].decode()
    assert REVIEW_STYLE in before["release.html"].decode() and REVIEW_STYLE not in html
    assert read_html(html) == Release.from_dict(data)
    confirmed = Release.from_dict(data)
    brand = Converter(held_folder).brand_for(confirmed)
    assert html == render_html(confirmed, brand), "as if the writer had made it from the confirmed release"
    assert confirm_folder(held_folder).status == "already-confirmed"
    assert snapshot(held_folder) == after


def test_confirm_refuses_an_html_edited_but_not_rendered(held_folder: Path) -> None:
    html = held_folder / "release.html"
    html.write_text(html.read_text(encoding="utf-8").replace('pr-headline">Hållbara', 'pr-headline">Gröna', 1),
                    encoding="utf-8")
    before = snapshot(held_folder)
    with pytest.raises(PressroomError) as err:
        confirm_folder(held_folder)
    assert err.value.stage == "confirm" and "pressroom render" in (err.value.hint or "")
    assert snapshot(held_folder) == before


def test_confirm_is_not_fooled_by_what_the_round_trip_normalises(tmp_path: Path) -> None:
    """A parser's `urls` the HTML does not carry (found in text the writer does not link) is no edit."""
    release = doubtful()
    release.urls = ["http://um.dk/"]  # not in the text: read back, urls is recomputed and empty
    folder = Converter(tmp_path).convert_release(release, b"x", "x.txt", folder=tmp_path / "f").folder
    assert read_html((folder / "release.html").read_bytes()).urls != release.urls
    assert confirm_folder(folder).status == "confirmed"


def test_confirm_of_a_release_nobody_doubted_changes_nothing(converted: tuple[Path, Path]) -> None:
    sure = converted[0]
    before = snapshot(sure)
    assert confirm_folder(sure).status == "not-needed"
    assert snapshot(sure) == before


def test_confirm_command_lines_and_exit_codes(held_folder: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["confirm", str(held_folder), str(tmp_path / "nope")]) == 1
    out, err = capsys.readouterr()
    assert f"ok  {held_folder}: confirmed (was: needs review: {REASON})" in out
    assert f"{tmp_path / 'nope'}: [confirm] not a release folder" in err
    assert main(["confirm", str(held_folder)]) == 0
    assert "already confirmed" in capsys.readouterr().out


def test_mark_confirmed_html_wants_exactly_one_mark() -> None:
    html = render_html(doubtful())
    assert 'content="confirmed"' in (mark_confirmed_html(html) or "")
    assert mark_confirmed_html(render_html(reference_release())) is None
    two = html.replace("</head>", '<meta name="pressroom:review" content="needs-review"></head>')
    assert mark_confirmed_html(two) is None


# --------------------------------------------------------------------------- render, convert


def test_render_of_the_edited_html_confirms_it(held_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    html = held_folder / "release.html"
    html.write_text(html.read_text(encoding="utf-8").replace(
        "Länsstyrelsen i Stockholms län</p>", "Länsstyrelsen Stockholm</p>", 1), encoding="utf-8")
    assert main(["render", str(html)]) == 0
    assert "confirmed by this render" in capsys.readouterr().out
    data = json.loads((held_folder / "release.json").read_text(encoding="utf-8"))
    assert data["organization"] == "Länsstyrelsen Stockholm"  # the edit is in the outputs
    assert data["review"]["confirmed"] is True and data["review"]["reasons"] == [REASON]
    assert read_html(html.read_text(encoding="utf-8")).review.confirmed
    assert confirm_folder(held_folder).status == "already-confirmed"


def test_convert_line_says_needs_review_and_exit_code_stays_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reader is wrapped to return a doubtful release: what convert does with it is under test."""
    import pipeline.reader as reader_module

    read_release = reader_module.read_release

    def doubtful_reader(data: bytes, filename: str) -> Release:
        release = read_release(data, filename)
        if "doubt" in filename:
            release.review = Review(confidence={"organization": 0.41}, reasons=[REASON])
        return release

    monkeypatch.setattr(reader_module, "read_release", doubtful_reader)
    seed = Path(__file__).resolve().parents[1] / "seeds" / "000-sv-hallbara-stader.txt"
    src = tmp_path / "in"
    src.mkdir()
    (src / "a-doubt.txt").write_bytes(seed.read_bytes())
    (src / "b-sure.txt").write_bytes(seed.read_bytes().replace(b"Femtio", b"Sextio"))
    code = main(["convert", str(src), "-o", str(tmp_path / "out"), "--formats", "html,json"])
    out = capsys.readouterr().out
    assert code == 0
    lines = {line.split()[1]: line for line in out.splitlines() if line.startswith("ok  ")}
    assert lines[str(src / "a-doubt.txt")].endswith(f"(needs review: {REASON})")
    assert "needs review" not in lines[str(src / "b-sure.txt")]
    assert "2 converted, 0 failed, 1 needs review" in out


def test_parallel_convert_carries_the_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`convert --workers N` prints from `Converted.review_note`, made in the worker by `_convert_one`."""
    import pipeline.batch as batch
    import pipeline.reader as reader_module

    read_release = reader_module.read_release
    monkeypatch.setattr(reader_module, "read_release", lambda data, name: doubtful(read_release(data, name)))
    monkeypatch.setattr(batch, "_CONVERTER", Converter(tmp_path / "out", ("html", "json")))
    seed = Path(__file__).resolve().parents[1] / "seeds" / "000-sv-hallbara-stader.txt"
    outcome = batch._convert_one(seed)
    assert isinstance(outcome, batch.Converted) and outcome.review_note == f" (needs review: {REASON})"


def test_reasons_lose_control_characters_in_lines() -> None:
    release = doubtful(reasons=("issuer uncertain: 'Ac\x1b[31mme'\n0.41.", "No date."))
    assert review_note(release) == " (needs review: issuer uncertain: 'Ac [31mme' 0.41; No date)"


def test_hold_reason_and_note_follow_needs_review() -> None:
    release = doubtful()
    assert hold_reason(release) == f"needs review: {REASON}" and review_note(release) == f" (needs review: {REASON})"
    release.review.confirmed = True
    assert hold_reason(release) is None and review_note(release) == ""
    assert hold_reason(reference_release()) is None


def test_confirm_has_its_own_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["confirm", "--help"])
    assert done.value.code == 0 and "usage: pressroom confirm" in capsys.readouterr().out
