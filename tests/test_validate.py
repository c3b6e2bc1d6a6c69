"""Offline NewsML-G2 validation: schema lookup, XSD errors, safe parsing, and the lint the XSD cannot do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from pipeline.errors import PressroomError
from pipeline.newsml import NAR_NS, XHTML_NS, render_newsml
from pipeline.validate import (
    ENV_XSD,
    FALLBACK_IPTC_ALIASES,
    QCODE_ATTRIBUTES,
    find_schema,
    iptc_aliases,
    lint_newsml,
    safe_parser,
    validate_file,
    validate_newsml,
)
from tests.conftest import NEWSML_CATALOG as CATALOG
from tests.conftest import NEWSML_VALIDATOR as TOOL
from tests.conftest import NEWSML_XSD as XSD
from tests.conftest import ROOT
from tests.newsml_samples import full_release, minimal_release

MINIMAL_ITEM = f"""<newsItem xmlns="{NAR_NS}" guid="urn:newsml:example.org:20260101:x" standard="NewsML-G2"
    standardversion="2.35" conformance="power">
  <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml"/>
  <itemMeta><itemClass qcode="ninat:text"/><provider literal="example.org"/>
    <versionCreated>2026-01-01T00:00:00+00:00</versionCreated></itemMeta>
  <contentSet><inlineXML contenttype="application/xhtml+xml">{{body}}</inlineXML></contentSet>
</newsItem>"""


GOOD_BODY = f'<html xmlns="{XHTML_NS}"><head><title>t</title></head><body><p>x</p></body></html>'


def item(body: str = GOOD_BODY) -> bytes:
    return MINIMAL_ITEM.format(body=body).encode("utf-8")


# --------------------------------------------------------------------------- find_schema


def test_find_schema_explicit_path_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    explicit = tmp_path / "given.xsd"
    explicit.write_text("<x/>")
    other = tmp_path / "env.xsd"
    other.write_text("<x/>")
    monkeypatch.setenv(ENV_XSD, str(other))
    assert find_schema(explicit) == explicit.resolve()
    assert find_schema(str(explicit)) == explicit.resolve()
    assert find_schema(None) == other.resolve()


def test_find_schema_missing_explicit_or_env_path_is_none_not_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_XSD, raising=False)
    assert find_schema(tmp_path / "nope.xsd") is None
    monkeypatch.setenv(ENV_XSD, str(tmp_path / "also-nope.xsd"))
    assert find_schema(None) is None


def test_find_schema_default_is_the_shared_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_XSD, raising=False)
    if not XSD.is_file():
        assert find_schema(None) is None
        pytest.skip(f"IPTC NewsML-G2 XSD not found at {XSD}; it is IPTC's and not shipped with the project")
    assert find_schema(None) == XSD.resolve()


def test_xsd_is_not_shipped_in_the_project() -> None:
    """IPTC's schema stays in the shared folder: a copy in the package would drift and muddle the licence."""
    shipped = [p for p in (ROOT / "pipeline").rglob("*") if p.suffix.lower() == ".xsd"]
    assert shipped == []


# --------------------------------------------------------------------------- validate_newsml


def test_valid_items_have_no_errors(xsd: Path) -> None:
    assert validate_newsml(item(), xsd) == []
    assert validate_newsml(render_newsml(full_release(), pdf_pages=1), xsd) == []


def test_schema_errors_come_with_line_numbers(xsd: Path) -> None:
    bad = item().replace(b"<itemClass", b'<pubStatus qcode="stat:usable"/><itemClass')
    errors = validate_newsml(bad, xsd)
    assert errors and all(e.startswith("line ") for e in errors)
    assert any("pubStatus" in e for e in errors)


def test_bad_qcode_syntax_is_a_schema_error(xsd: Path) -> None:
    errors = validate_newsml(item().replace(b'qcode="ninat:text"', b'qcode="article"'), xsd)
    assert any("QCodeType" in e or "qcode" in e for e in errors)


def test_not_well_formed_is_reported_not_raised(xsd: Path) -> None:
    errors = validate_newsml(b"<newsItem><unclosed></newsItem>", xsd)
    assert len(errors) == 1 and errors[0].startswith("not well-formed XML")


def test_external_entities_are_not_resolved(xsd: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    doc = f'<!DOCTYPE newsItem [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'.encode() + item().replace(
        b"<title>t</title>", b"<title>&leak;</title>"
    )
    messages = validate_newsml(doc, xsd) + lint_newsml(doc)
    assert any("entity reference &leak;" in m for m in messages)
    assert not any("TOP-SECRET-VALUE" in m for m in messages)
    root = etree.fromstring(doc, safe_parser())
    assert "TOP-SECRET-VALUE" not in etree.tostring(root).decode()
    assert root.find(f".//{{{XHTML_NS}}}title") is not None  # parsed, entity left unexpanded


def test_missing_xsd_is_a_pressroom_error(tmp_path: Path) -> None:
    with pytest.raises(PressroomError) as info:
        validate_newsml(item(), tmp_path / "missing.xsd")
    assert info.value.stage == "validate"


def test_remote_imports_are_refused(tmp_path: Path) -> None:
    xsd = tmp_path / "remote.xsd"
    xsd.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x">'
        '<xs:import namespace="urn:y" schemaLocation="http://example.invalid/y.xsd"/></xs:schema>'
    )
    with pytest.raises(PressroomError) as info:
        validate_newsml(b"<x/>", xsd)
    assert "cannot load the XSD" in info.value.reason


def test_xml_xsd_must_sit_beside_the_schema(tmp_path: Path) -> None:
    """Like IPTC's XSD, this one imports xml.xsd by a relative path; without it: a clear hint."""
    xsd = tmp_path / "needs-xml.xsd"
    xsd.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x">'
        '<xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>'
        '<xs:element name="x"><xs:complexType><xs:attribute ref="xml:lang"/></xs:complexType>'
        "</xs:element></xs:schema>"
    )
    with pytest.raises(PressroomError) as info:
        validate_newsml(b"<x/>", xsd)
    assert info.value.hint and "xml.xsd must sit beside" in info.value.hint


# --------------------------------------------------------------------------- lint


def test_lint_accepts_pressroom_output() -> None:
    assert lint_newsml(render_newsml(full_release())) == []
    assert lint_newsml(render_newsml(minimal_release(), pdf_href=None)) == []


def test_lint_flags_remote_content_without_rendition() -> None:
    """Optional in the XSD, but Superdesk fails the whole item with KeyError('rendition')."""
    root = etree.fromstring(render_newsml(full_release()), safe_parser())
    del root.find(f".//{{{NAR_NS}}}remoteContent").attrib["rendition"]
    errors = lint_newsml(root)
    assert len(errors) == 1 and "no rendition" in errors[0] and "release.pdf" in errors[0]


def test_lint_flags_body_without_namespace() -> None:
    errors = lint_newsml(item('<html xmlns=""><body><p>x</p></body></html>'))
    assert len(errors) == 1 and "no namespace" in errors[0]


def test_lint_flags_bare_body_tags_under_the_newsml_default_namespace() -> None:
    errors = lint_newsml(item("<html><body><p>x</p></body></html>"))
    assert len(errors) == 1 and "NewsML-G2 namespace" in errors[0]


def test_lint_flags_body_that_fell_into_the_newsml_namespace() -> None:
    """Pitfall 3: bare tag names under a default-namespace parent land in the G2 namespace."""
    root = etree.fromstring(item(""), safe_parser())
    inline = root.find(f".//{{{NAR_NS}}}inlineXML")
    etree.SubElement(etree.SubElement(inline, f"{{{NAR_NS}}}html"), f"{{{NAR_NS}}}body")
    errors = lint_newsml(etree.tostring(root))
    assert any("NewsML-G2 namespace" in e for e in errors)


def test_lint_flags_stray_elements_inside_an_xhtml_body() -> None:
    root = etree.fromstring(render_newsml(full_release()), safe_parser())
    body = root.find(f".//{{{XHTML_NS}}}body")
    etree.SubElement(body, f"{{{NAR_NS}}}p").text = "lost"
    errors = lint_newsml(root)
    assert len(errors) == 1 and "<p>" in errors[0]


def test_lint_flags_contenttype_mismatch() -> None:
    errors = lint_newsml(item('<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"/>'))
    assert len(errors) == 1 and "contenttype" in errors[0]


def test_lint_flags_undeclared_and_misspelt_aliases() -> None:
    doc = item().replace(b'qcode="ninat:text"', b'qcode="nimat:text"')
    errors = lint_newsml(doc)
    assert len(errors) == 1 and "'nimat'" in errors[0]


def test_lint_needs_a_catalog_ref_for_iptc_aliases() -> None:
    doc = item().replace(
        b'<catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml"/>', b""
    )
    errors = lint_newsml(doc)
    assert len(errors) == 1 and "no catalogRef" in errors[0]


def test_lint_accepts_aliases_from_the_inline_catalog() -> None:
    declared = (
        item()
        .replace(
            b"<itemMeta>", b'<catalog><scheme alias="own" uri="https://example.org/cv/"/></catalog><itemMeta>'
        )
        .replace(b"<itemClass", b'<itemClass role="own:x"')
    )
    assert lint_newsml(declared) == []
    assert lint_newsml(declared.replace(b'alias="own"', b'alias="other"')) != []


def test_lint_flags_inline_catalog_shadowing_iptc() -> None:
    doc = item().replace(
        b"<itemMeta>", b'<catalog><scheme alias="ninat" uri="https://example.org/cv/"/></catalog><itemMeta>'
    )
    assert any("redeclares" in e for e in lint_newsml(doc))


def test_lint_without_the_iptc_catalog_falls_back_to_known_aliases(tmp_path: Path) -> None:
    assert iptc_aliases(tmp_path / "absent.xml") == FALLBACK_IPTC_ALIASES
    assert lint_newsml(render_newsml(full_release()), catalog=tmp_path / "absent.xml") == []


def test_fallback_aliases_are_real_iptc_aliases() -> None:
    if not CATALOG.is_file():
        pytest.skip(f"IPTC catalog v41 not found at {CATALOG}; it is IPTC's and not shipped with the project")
    assert iptc_aliases(CATALOG) >= FALLBACK_IPTC_ALIASES
    assert len(iptc_aliases(CATALOG)) > 100


def test_qcode_attribute_list_matches_the_xsd(xsd: Path) -> None:
    """The lint's list of QCode-typed attributes is re-derived from IPTC's schema, so it cannot drift."""
    schema = etree.parse(str(xsd), safe_parser())
    xs = "{http://www.w3.org/2001/XMLSchema}"
    derived = {
        a.get("name")
        for a in schema.iter(f"{xs}attribute")
        if a.get("type") in ("QCodeType", "QCodeListType")
    }
    assert derived == QCODE_ATTRIBUTES


# --------------------------------------------------------------------------- validate_file


def test_validate_file_combines_schema_and_lint(xsd: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.xml"
    good.write_bytes(render_newsml(full_release()))
    assert validate_file(good, xsd) == []
    lint_only = tmp_path / "lint.xml"
    lint_only.write_bytes(item("<html><body/></html>"))
    assert validate_newsml(lint_only.read_bytes(), xsd) == []  # the XSD alone lets it through
    assert validate_file(lint_only, xsd) != []


def test_validate_file_reports_instead_of_raising(tmp_path: Path) -> None:
    assert validate_file(tmp_path / "missing.xml", XSD)[0].startswith("cannot read the file")
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<newsItem")
    if XSD.is_file():
        assert validate_file(broken, XSD)[0].startswith("not well-formed")
    messages = validate_file(broken, tmp_path / "missing.xsd")
    assert len(messages) == 1 and "XSD not found" in messages[0]


def test_cli_validate_command(xsd: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli import main

    good, bad = tmp_path / "release.xml", tmp_path / "bad.xml"
    good.write_bytes(render_newsml(full_release()))
    bad.write_bytes(item("<html><body/></html>"))
    assert main(["validate", str(good), "--xsd", str(xsd)]) == 0
    assert "valid NewsML-G2" in capsys.readouterr().out
    assert main(["validate", str(good), str(bad), "--xsd", str(xsd)]) == 1
    assert "NewsML-G2 namespace" in capsys.readouterr().out


@pytest.mark.slow
def test_agrees_with_the_shared_validator_tool(xsd: Path, tmp_path: Path) -> None:
    """Our verdicts and the shared tool's agree on a valid item, a schema error and a namespace slip."""
    if not TOOL.is_file():
        pytest.skip(f"shared validator not found at {TOOL} (shared material, not in the project)")
    cases = {
        "good.xml": render_newsml(full_release()),
        "order.xml": item().replace(b"<itemClass", b'<pubStatus qcode="stat:usable"/><itemClass'),
        "namespace.xml": item("<html><body><p>x</p></body></html>"),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        done = subprocess.run(
            [sys.executable, str(TOOL), "--g2-only", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert (done.returncode == 0) == (validate_file(path, xsd) == []), name + done.stdout
