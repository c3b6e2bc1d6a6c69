"""Shared fixtures: where the repo and the shared material (corpus, IPTC schema) live."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "000-sv-hallbara-stader.txt"
RELEASE_SCHEMA = SHARED / "schemas" / "release.schema.json"
NEWSML_XSD = SHARED / "schemas" / "newsml-g2" / "NewsML-G2_2.35-spec-All-Power.xsd"
NEWSML_CATALOG = SHARED / "schemas" / "newsml-g2" / "iptc-catalog" / "catalog.IPTC-G2-Standards_41.xml"
NEWSML_VALIDATOR = SHARED / "tools" / "validate_newsml.py"


@pytest.fixture(scope="session")
def release_schema() -> dict:
    import json

    if not RELEASE_SCHEMA.exists():
        pytest.skip(f"the Release JSON schema is not at {RELEASE_SCHEMA} (it lives in the shared folder)")
    return json.loads(RELEASE_SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def xsd() -> Path:
    """IPTC's NewsML-G2 XSD; its parsed schema is cached per process inside pipeline.validate."""
    if not NEWSML_XSD.is_file():
        pytest.skip(f"IPTC NewsML-G2 XSD not found at {NEWSML_XSD}; it is IPTC's and not shipped with the project")
    return NEWSML_XSD
