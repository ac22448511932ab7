"""The TypedDicts of ncblink.wire say what the hub answers: their keys are
the properties of the same components of the committed OpenAPI document,
and their required keys its required ones."""

from __future__ import annotations

import json
import pathlib
import typing

import pytest

from ncblink import wire

OPENAPI = pathlib.Path(__file__).resolve().parents[2] / "schemas" / "openapi.json"
SCHEMAS = json.loads(OPENAPI.read_text(encoding="utf-8"))["components"]["schemas"]

COMPONENTS = [
    "Health",
    "Jwk",
    "JwkSet",
    "DirectoryEntry",
    "Directory",
    "NoticeStatusChange",
    "NoticeRecord",
    "NoticeSummary",
    "DiffusionStatusChange",
    "DiffusionRecord",
    "MessageRecord",
    "HitNotification",
    "NoticeStatusNotification",
    "InboxItem",
    "AckResponse",
]


@pytest.mark.parametrize("name", COMPONENTS)
def test_typed_dicts_match_the_openapi_components(name: str) -> None:
    cls = getattr(wire, name)
    schema = SCHEMAS[name]
    assert set(typing.get_type_hints(cls)) == set(schema["properties"]), name
    assert set(cls.__required_keys__) == set(schema.get("required", [])), name


@pytest.mark.parametrize(("alias", "component"), [("NoticeStatus", "NoticeStatus"), ("DiffusionStatus", "DiffusionStatus"), ("InboxItemKind", "InboxItemKind")])
def test_literals_match_the_openapi_enums(alias: str, component: str) -> None:
    schema = SCHEMAS[component]
    variants = schema.get("oneOf") or schema.get("anyOf") or []
    values = schema.get("enum") or [v["const"] for v in variants if "const" in v]
    args = typing.get_args(getattr(wire, alias))
    if str in args:  # an open list: its known values, or a later version's string
        assert "anyOf" in schema and args[1] is str
        args = typing.get_args(args[0])
    assert set(args) == set(values)
