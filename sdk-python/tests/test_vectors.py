"""The shared vectors give in Python the verdicts and exactly the codes that
their manifest lists (and that the Rust and C tests check): as JSON bytes, as
str, and as parsed dicts wherever the file is JSON that Python can parse."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest

import ncblink

VECTORS = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors"
MANIFEST = json.loads((VECTORS / "manifest.json").read_text(encoding="utf-8"))
ENTRIES = MANIFEST["vectors"]
IDS = [v["file"] for v in ENTRIES]


def parsed(raw: bytes) -> Any:
    """The document as Python objects, or None where Python's json cannot read it."""
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def shape(report: ncblink.Report) -> list[tuple[str, str, str]]:
    """What a report says, less the quoted parser messages (which name a line
    and column only when there is text)."""
    return [(v.code, v.pointer, v.severity) for v in report]


def test_there_are_enough_vectors() -> None:
    assert len(ENTRIES) >= 40


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_bytes_give_the_manifest_verdict_and_codes(entry: dict[str, Any]) -> None:
    raw = (VECTORS / entry["file"]).read_bytes()
    report = ncblink.validate(raw, kind=entry["kind"], now=MANIFEST["now"])
    assert report.ok == entry["valid"], str(report)
    assert set(report.codes) == set(entry["codes"]), str(report)


# Vectors that cannot become a dict (a syntax error, invalid UTF-8, nesting
# beyond Python's json recursion) run as bytes and str only; which ones they
# are is itself checked, so none is left out silently.
AS_DICT = [v for v in ENTRIES if parsed((VECTORS / v["file"]).read_bytes()) is not None]
NOT_AS_DICT = [v for v in ENTRIES if v not in AS_DICT]
AS_STR = [v for v in ENTRIES if v["codes"] != ["JSON.INVALID_UTF8"]]


def test_only_unreadable_json_is_kept_out_of_the_dict_and_str_forms() -> None:
    assert sorted(v["file"] for v in NOT_AS_DICT) == sorted(
        v["file"] for v in ENTRIES if v["codes"][:1] in (["JSON.SYNTAX"], ["JSON.INVALID_UTF8"]) or "nested" in v["file"]
    )
    for v in [v for v in ENTRIES if v not in AS_STR]:
        with pytest.raises(UnicodeDecodeError):
            (VECTORS / v["file"]).read_bytes().decode("utf-8")


@pytest.mark.parametrize("entry", AS_DICT, ids=[v["file"] for v in AS_DICT])
def test_dicts_give_the_same_report_as_bytes(entry: dict[str, Any]) -> None:
    raw = (VECTORS / entry["file"]).read_bytes()
    doc = parsed(raw)
    assert doc is not None
    from_dict = ncblink.validate(doc, kind=entry["kind"], now=MANIFEST["now"])
    from_bytes = ncblink.validate(raw, kind=entry["kind"], now=MANIFEST["now"])
    assert from_dict.ok == entry["valid"], str(from_dict)
    assert set(from_dict.codes) == set(entry["codes"]), str(from_dict)
    assert shape(from_dict) == shape(from_bytes)


@pytest.mark.parametrize("entry", AS_STR, ids=[v["file"] for v in AS_STR])
def test_str_gives_the_same_report_as_bytes(entry: dict[str, Any]) -> None:
    raw = (VECTORS / entry["file"]).read_bytes()
    text = raw.decode("utf-8")
    from_str = ncblink.validate(text, kind=entry["kind"], now=MANIFEST["now"])
    from_bytes = ncblink.validate(raw, kind=entry["kind"], now=MANIFEST["now"])
    assert from_str == from_bytes


@pytest.mark.parametrize("entry", [v for v in ENTRIES if v["valid"]], ids=[v["file"] for v in ENTRIES if v["valid"]])
def test_the_kind_of_valid_documents_is_detected(entry: dict[str, Any]) -> None:
    raw = (VECTORS / entry["file"]).read_bytes()
    expected = ncblink.validate(raw, kind=entry["kind"], now=MANIFEST["now"])
    assert ncblink.validate(raw, now=MANIFEST["now"]) == expected
    assert shape(ncblink.validate(json.loads(raw), now=MANIFEST["now"])) == shape(expected)
