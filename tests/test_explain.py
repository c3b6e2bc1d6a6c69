"""`pressroom parse --explain/--list-rules/--dump`, the model dump, and the review confidence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline import issuer
from pipeline.assemble import assemble
from pipeline.classify import classify
from pipeline.cli import main
from pipeline.evidence import load_evidence
from pipeline.language import load_language
from pipeline.model import SCHEMA_VERSION, BoilerplateSection, Paragraph, Release, dump, pformat
from pipeline.normalize import normalize
from pipeline.segment import segment

WIRE = (
    "Quillon Robotics Joins Hospital Network Program\n\n"
    "Fort Myers, FL, May 2, 2026 – PRISM MediaWire – Quillon Robotics, Inc. (Nasdaq: QRI), a developer of "
    "surgical robots, today announced that Brightside Clinic joined its partner program.\n\n"
    "About Quillon Robotics\nQuillon Robotics, Inc. builds surgical robots. Visit quillonrobotics.com.\n\n"
    "Media Contact:\nKate Barr\nRooney Public Relations\nkbarr@rooneypr.example\n"
)


def build(text: str, code: str = "en") -> Release:
    language = load_language(code)
    return assemble(classify(segment(normalize(text)), language), language, code)


def test_explain_prints_blocks_fields_and_every_candidate_with_its_signals(tmp_path: Path, capsys):
    src = tmp_path / "wire.txt"
    src.write_text(WIRE, encoding="utf-8")
    assert main(["parse", str(src), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "## blocks" in out and "## fields" in out and "## issuer candidates" in out
    assert "boilerplate_heading" in out
    assert "announce_subject" in out and "about_heading" in out
    assert "Rooney Public Relations" in out and "[agency" in out
    assert "winner: 'Quillon Robotics, Inc.'" in out
    assert "runner-up:" in out
    for line in out.splitlines():
        if line[:4].strip().isdigit():  # a block line: number, label, rule ("-" when none), text
            assert len(line.split()) >= 3


def test_list_rules_prints_the_registry_in_order_with_weights(capsys):
    assert main(["parse", "--list-rules"]) == 0
    out = capsys.readouterr().out
    weights = load_evidence().weights
    positions = [out.index(f" {r.name} ") for r in issuer.RULES]
    assert positions == sorted(positions)
    first = issuer.RULES[0].name
    assert f"{first:20s} {weights[first]:5g}" in out
    assert "classification rules" in out


def test_dump_stages_are_stable_text_with_the_schema_version(tmp_path: Path, capsys):
    src = tmp_path / "wire.txt"
    src.write_text(WIRE, encoding="utf-8")
    outputs = {}
    for stage in ("segments", "labelled", "model"):
        assert main(["parse", str(src), f"--dump={stage}"]) == 0
        outputs[stage] = capsys.readouterr().out
        assert f"schema version {SCHEMA_VERSION}" in outputs[stage].splitlines()[0]
    assert "Segment(" in outputs["segments"]
    assert "Labelled(" in outputs["labelled"] and "kind='boilerplate_heading'" in outputs["labelled"]
    assert "organization='Quillon Robotics, Inc.'" in outputs["model"]
    assert main(["parse", str(src), "--dump=model"]) == 0
    assert capsys.readouterr().out == outputs["model"]  # the same input dumps the same text


def test_pformat_shows_each_field_on_its_line_and_dates_as_iso():
    release = Release(headline="H", issued=dt.date(2026, 5, 2), body=[Paragraph("a 'b'", lead=True)],
                      boilerplate=[BoilerplateSection(heading=None, text="x")])  # fmt: skip
    text = dump(release)
    assert text.startswith(f"# pressroom Release, schema version {SCHEMA_VERSION}\n")
    assert "  issued=2026-05-02,\n" in text
    assert "text=\"a 'b'\"" in text
    assert pformat({"b": 1, "a": [1, 2]}) == "{\n  'a': [1, 2],\n  'b': 1,\n}"


def test_review_confidence_and_reasons():
    r = build(WIRE)
    conf = r.review.confidence
    assert set(conf) >= {"organization", "headline", "issued", "dateline", "contacts", "boilerplate"}
    assert conf["organization"] >= 0.8 and conf["headline"] >= 0.9
    assert not any("issuer" in x for x in r.review.reasons)
    # no date anywhere is normal (the date is added at publication): no reason to hold the release
    undated = build("Acme Opens Plant\n\nAcme Corp. opened a plant in Ohio on Monday.\n")
    assert undated.issued is None
    assert not any("date" in x for x in undated.review.reasons)


def test_disagreeing_header_dates_ask_a_person():
    text = ("Acme Opens Plant\n\nMarch 3, 2026\n\n"
            "DAYTON, Ohio, March 9, 2026 /PRNewswire/ -- Acme Corp.  today announced a plant in Ohio.\n")
    r = build(text)
    assert r.review.confidence["issued"] < 0.5
    assert any("several dates" in x and "2026-03-03" in x and "2026-03-09" in x for x in r.review.reasons)
    agreeing = build(text.replace("March 9", "March 3"))
    assert not any("date" in x for x in agreeing.review.reasons)


def test_close_candidates_ask_a_person_about_the_issuer():
    text = (
        "Two Firms Partner On Parts\n\nThe firms will share a plant in Ohio from May 2026.\n\n"
        "About Acme Corp.\nAcme Corp. makes parts.\n\nAbout Bolt Ltd.\nBolt Ltd. makes bolts.\n"
    )
    r = build(text)
    assert r.review.confidence["organization"] < 0.5
    assert any("Acme Corp." in x and "Bolt Ltd." in x for x in r.review.reasons)


def test_review_survives_the_json_round_trip():
    r = build(WIRE)
    again = Release.from_dict(r.to_dict())
    assert again.review.confidence == r.review.confidence
    assert again.review.reasons == r.review.reasons


def test_a_one_word_headline_asks_a_person():
    r = build("Presseinformasjon\n\nBrende til Helsingør 5.-6. mai\n\nUtanriksminister Brende deltek på møtet.\n", "nb")
    assert r.review.confidence["headline"] < 0.5
    assert any("headline" in x for x in r.review.reasons)
    assert build(WIRE).review.confidence["headline"] >= 0.9
