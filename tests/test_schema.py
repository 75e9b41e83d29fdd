"""The output's JSON Schema: documented property by property, and every output valid against it."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from annexparse.batch import index_json_schema
from annexparse.cli import main
from annexparse.models import annex_json_schema
from helpers import FIXTURES, extracted

jsonschema = pytest.importorskip("jsonschema")  # the test extra installs it


def _properties(schema: dict):
    objects = {"<root>": schema, **schema.get("$defs", {})}
    for name, definition in objects.items():
        for field, prop in definition.get("properties", {}).items():
            yield f"{name}.{field}", prop


@pytest.mark.parametrize("schema", [annex_json_schema(), index_json_schema()], ids=["annex", "index"])
def test_every_property_has_a_title_and_a_description(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema" and schema["$id"].startswith("urn:annexparse:schema:")
    undocumented = [name for name, prop in _properties(schema) if not prop.get("description") or not prop.get("title")]
    assert undocumented == []
    assert all(d.get("description") for d in schema.get("$defs", {}).values())


NAMES = sorted(p.name[: -len(".gold.json")] for p in FIXTURES.glob("*.gold.json")) + sorted(
    f"wp/{p.name[: -len('.gold.json')]}" for p in (FIXTURES / "wp").glob("*.gold.json")
)


@pytest.mark.parametrize("name", NAMES)
def test_every_output_validates(name):
    jsonschema.Draft202012Validator(annex_json_schema()).validate(json.loads(extracted(name).model_dump_json()))


def test_an_output_with_a_wrong_field_does_not_validate():
    output = json.loads(extracted("mongolia-2022").model_dump_json())
    output["indicators"][0]["key"] = 3.4  # a number where the schema says string
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(annex_json_schema()).validate(output)


def test_schema_command_prints_the_annex_and_the_index_schema():
    annex = json.loads(CliRunner().invoke(main, ["schema"]).output)
    index = json.loads(CliRunner().invoke(main, ["schema", "--index"]).output)
    assert (annex["$id"], annex["title"], index["$id"], index["title"]) == ("urn:annexparse:schema:annex:1", "Annex", "urn:annexparse:schema:index:1", "Index")
