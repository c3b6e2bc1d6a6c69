"""The agency formats through the converter and the CLI: opt-in files, one identity, conversion time.

What convert.py adds on top of the writers: `--formats ...,ninjs,nitf` writes
release.ninjs.json and release.nitf.xml; provider and guid authority come from
pressroom.toml `[newsml]` with a brand's brand.toml `[newsml]` on top; an undated release
gets the conversion time as versionCreated, the same instant in every format.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from lxml import etree

from pipeline.cli import main
from pipeline.convert import Converter, parse_formats
from pipeline.errors import PressroomError
from pipeline.newsml import NAR_NS
from pipeline.nitf import NITF_NS
from pipeline.validate import safe_parser
from tests.conftest import ROOT, SHARED

UNDATED = SHARED / "corpus" / "dev" / "001-en-farm-forward-dairy-investigation.txt"
DATED = SHARED / "corpus" / "dev" / "000-sv-hallbara-stader.txt"
G = {"g": NAR_NS}
N = {"n": NITF_NS}

pytestmark = pytest.mark.skipif(not UNDATED.is_file() or not DATED.is_file(), reason="shared corpus missing")


def xml_of(path: Path) -> etree._Element:
    return etree.fromstring(path.read_bytes(), safe_parser())


def write_config(tmp_path: Path, table: str) -> Path:
    config = tmp_path / "pressroom.toml"
    config.write_text(f"[newsml]\n{table}\n", encoding="utf-8")
    return config


def test_ninjs_and_nitf_are_opt_in() -> None:
    assert parse_formats("xml,ninjs,nitf") == ("xml", "ninjs", "nitf")
    with pytest.raises(PressroomError):
        parse_formats("xml,ninja")


def test_undated_release_carries_the_conversion_time_everywhere(tmp_path: Path) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    result = Converter(tmp_path, ("xml", "json", "ninjs", "nitf")).convert_file(UNDATED)
    after = dt.datetime.now(dt.UTC)
    names = sorted(p.name for p in result.outputs)
    assert names == ["release.json", "release.ninjs.json", "release.nitf.xml", "release.xml"]
    root = xml_of(result.folder / "release.xml")
    created = dt.datetime.fromisoformat(root.findtext("g:itemMeta/g:versionCreated", namespaces=G))
    assert before <= created <= after
    assert root.find("g:itemMeta/g:firstCreated", G) is None  # the release gives no date: none is invented
    ninjs = json.loads((result.folder / "release.ninjs.json").read_text(encoding="utf-8"))
    assert dt.datetime.fromisoformat(ninjs["versionCreated"]) == created
    assert ninjs["uri"] == root.get("guid")
    nitf = xml_of(result.folder / "release.nitf.xml")
    assert nitf.find("n:head/n:docdata/n:date.issue", N).get("norm") == created.strftime("%Y%m%dT%H%M%S%z")


def test_dated_release_keeps_its_own_dates(tmp_path: Path) -> None:
    result = Converter(tmp_path, ("xml",)).convert_file(DATED)
    meta = xml_of(result.folder / "release.xml").find("g:itemMeta", G)
    assert meta.findtext("g:versionCreated", namespaces=G) == "2006-11-07T11:58:00+01:00"
    assert meta.findtext("g:firstCreated", namespaces=G) == "2006-11-07T11:58:00+01:00"


def test_provider_and_guid_authority_from_pressroom_toml(tmp_path: Path) -> None:
    config = write_config(tmp_path, 'provider = "Acme Press Desk"\nprovider_name = "Acme AB"\n'
                                    'guid_authority = "acme.example"')
    result = Converter(tmp_path / "out", ("xml", "json", "ninjs", "nitf"), config_path=config).convert_file(DATED)
    root = xml_of(result.folder / "release.xml")
    assert root.get("guid").startswith("urn:newsml:acme.example:20061107:")
    provider = root.find("g:itemMeta/g:provider", G)
    assert provider.get("literal") == "Acme Press Desk"
    assert provider.findtext("g:name", namespaces=G) == "Acme AB"
    ninjs = json.loads((result.folder / "release.ninjs.json").read_text(encoding="utf-8"))
    assert ninjs["uri"] == root.get("guid")
    nitf = xml_of(result.folder / "release.nitf.xml")
    doc_id = nitf.find("n:head/n:docdata/n:doc-id", N)
    assert (doc_id.get("regsrc"), doc_id.get("id-string")) == ("Acme Press Desk", root.get("guid") + ":1")


def test_unconfigured_says_configure_me(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./pressroom.toml
    monkeypatch.delenv("PRESSROOM_CONFIG", raising=False)
    result = Converter(tmp_path / "out", ("xml",)).convert_file(DATED)
    root = xml_of(result.folder / "release.xml")
    assert ":pressroom.invalid:" in root.get("guid")
    assert root.find("g:itemMeta/g:provider", G).get("literal") == "pressroom.invalid"


def test_brand_toml_newsml_overrides_pressroom_toml(tmp_path: Path) -> None:
    styles = tmp_path / "styles"
    shutil.copytree(ROOT / "styles" / "default", styles / "default")
    brand_toml = styles / "default" / "brand.toml"
    brand_toml.write_text(brand_toml.read_text(encoding="utf-8")
                          + '\n[newsml]\nguid_authority = "brand.example"\n', encoding="utf-8")
    config = write_config(tmp_path, 'provider = "desk.example"\nguid_authority = "installation.example"')
    converter = Converter(tmp_path / "out", ("xml",), brand="default", styles_dir=styles, config_path=config)
    root = xml_of(converter.convert_file(DATED).folder / "release.xml")
    assert root.get("guid").startswith("urn:newsml:brand.example:")
    assert root.find("g:itemMeta/g:provider", G).get("literal") == "desk.example"  # not overridden: kept


@pytest.mark.parametrize("table", ['guid_authority = "not a domain"', 'provider = 3', 'providr = "x.example"'])
def test_bad_newsml_table_is_refused_before_any_release(tmp_path: Path, table: str) -> None:
    with pytest.raises(PressroomError) as info:
        Converter(tmp_path / "out", ("xml",), config_path=write_config(tmp_path, table))
    assert info.value.stage == "config"
    assert "pressroom.toml" in info.value.reason


def test_cli_convert_with_agency_formats_and_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, 'provider = "cli.example"')
    out = tmp_path / "out"
    code = main(["convert", str(DATED), "-o", str(out), "--formats", "xml,ninjs,nitf", "--config", str(config), "-q"])
    assert code == 0, capsys.readouterr().err
    [folder] = [p for p in out.iterdir() if p.is_dir() and p.name[0].isdigit()]  # beside the press room page
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        "release.ninjs.json", "release.nitf.xml", "release.xml"]
    assert ":cli.example:" in xml_of(folder / "release.xml").get("guid")


def test_cli_reports_a_broken_newsml_table_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, 'guid_authority = "localhost"')
    code = main(["convert", str(DATED), "-o", str(tmp_path / "out"), "--formats", "xml", "--config", str(config)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "[config]" in err[0] and "guid_authority" in err[0]
    assert not (tmp_path / "out").exists()
