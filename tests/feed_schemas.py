"""IPTC's ninjs 3.1 JSON Schema and NITF 3.6 XSD, loaded offline once per process (skip when absent)."""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest
from lxml import etree

from tests.conftest import SHARED

NINJS_DIR = SHARED / "schemas" / "ninjs"
NITF_XSD = SHARED / "schemas" / "nitf" / "nitf-3-6.xsd"


@functools.cache
def _ninjs() -> Any:
    import jsonschema
    import referencing

    geojson = json.loads((NINJS_DIR / "GeoJSON-schema.json").read_text(encoding="utf-8"))
    registry = referencing.Registry().with_resource(  # offline: the schema's only remote $ref
        "https://geojson.org/schema/GeoJSON.json", referencing.Resource.from_contents(geojson))
    schema = json.loads((NINJS_DIR / "ninjs-schema_3.1.json").read_text(encoding="utf-8"))
    validator_class = jsonschema.Draft202012Validator
    validator_class.check_schema(schema)
    return validator_class(schema, registry=registry, format_checker=validator_class.FORMAT_CHECKER)


def ninjs_validator() -> Any:
    """A Draft 2020-12 validator for ninjs 3.1 with format checking."""
    if not (NINJS_DIR / "ninjs-schema_3.1.json").is_file():
        pytest.skip(f"ninjs 3.1 schema not found in {NINJS_DIR} (shared folder)")
    return _ninjs()


@functools.cache
def _nitf() -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(NITF_XSD), parser))


def nitf_schema() -> etree.XMLSchema:
    """IPTC's NITF 3.6 XSD (it imports xml.xsd from beside it; no network, no entities)."""
    if not NITF_XSD.is_file():
        pytest.skip(f"NITF 3.6 XSD not found at {NITF_XSD} (shared folder)")
    return _nitf()
