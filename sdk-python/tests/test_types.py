"""ncblink.types: the generated TypedDicts cover every schema definition."""

from __future__ import annotations

import json
import pathlib
import typing

from ncblink import types

SCHEMAS = pathlib.Path(__file__).resolve().parents[2] / "schemas"


def test_every_schema_definition_has_a_type() -> None:
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["title"] in types.__all__, path.name
        for name in schema.get("$defs", {}):
            assert name in types.__all__, f"{path.name}: {name}"
    for name in types.__all__:
        assert hasattr(types, name), name


def test_required_and_optional_fields() -> None:
    assert types.Envelope.__required_keys__ == frozenset(
        {"id", "source", "recipients", "created", "purpose", "classification", "language", "body"}
    )
    assert "expires" in types.Envelope.__optional_keys__
    # An open list: the known codes, or the string of a later version's.
    known, later = typing.get_args(types.Sex)
    assert typing.get_args(known) == ("F", "M", "U") and later is str
    assert len(typing.get_args(types.Notice)) == 9
