"""The JSON Schemas shipped for editors accept the example projects and reject what the loader rejects."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "letterpress" / "project" / "schema"
EXAMPLES, LETTERS = REPO / "examples", REPO / "letters"


def validator(name: str) -> jsonschema.Draft202012Validator:
    resources = []
    for path in SCHEMAS.glob("*.schema.json"):
        schema = json.loads(path.read_text())
        resources.append((path.name, Resource.from_contents(schema)))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    registry = Registry().with_resources(resources)
    return jsonschema.Draft202012Validator(json.loads((SCHEMAS / name).read_text()), registry=registry)


def projects():
    return [p for p in [*EXAMPLES.iterdir(), *LETTERS.iterdir()] if (p / "letter.yaml").exists()]


@pytest.mark.parametrize("project", projects(), ids=lambda p: p.name)
def test_examples_validate_against_the_schemas(project: Path):
    letter = yaml.safe_load((project / "letter.yaml").read_text())
    if "date" in letter:
        letter["date"] = str(letter["date"])
    validator("letter.schema.json").validate(letter)
    validator("signatories.schema.json").validate(yaml.safe_load((project / letter["signatories"]).read_text()))
    validator("recipients.schema.json").validate(yaml.safe_load((project / letter["recipients"]).read_text()))


def test_schema_rejects_an_unknown_key():
    errors = list(validator("letter.schema.json").iter_errors({"id": "x", "languages": ["en"], "sender": {},
                                                               "addressee": {}, "signatories": "s.yaml",
                                                               "recipients": "r.yaml", "dat": "2011-12-08"}))
    assert any("dat" in error.message for error in errors)


def test_schema_takes_extra_recipient_columns_as_text_fields():
    recipient = {"id": "x", "name": "X", "languages": ["en"], "address": {"country": "GB", "lines": ["1 Road"]}}
    check = validator("recipients.schema.json")
    assert not list(check.iter_errors([recipient | {"ambassador": {"en": "A", "ko": "B"}, "salutation": "Dear A,"}]))
    assert list(check.iter_errors([recipient | {"ambassador": ["not", "text"]}]))
    assert list(check.iter_errors([recipient | {"bad name": "X"}]))


def test_schema_takes_letter_fields_defaults_and_spreadsheet_rosters():
    letter = {"id": "x", "languages": ["en", "ko"], "sender": {"name": "S", "address": {"country": "GB", "lines": ["1"]}},
              "addressee": {"name": "A"}, "signatories": "signatories.csv", "recipients": "recipients.xlsx#Missions",
              "fields": {"campaign": {"en": "Day of Action", "ko": "행동의 날"}},
              "defaults": {"ambassador": "the Ambassador"}}
    check = validator("letter.schema.json")
    assert not list(check.iter_errors(letter))
    assert list(check.iter_errors(letter | {"fields": {"id": "x"}}))  # {letter.id} is the project's id
    assert list(check.iter_errors(letter | {"recipients": "recipients.docx"}))
