"""Bad input gets a clear answer: a TypeError naming the path for what is not
JSON, a report with a stable code for a document that is JSON but wrong, and
never a crash, a RecursionError or a hang."""

from __future__ import annotations

import collections
import collections.abc
import datetime
import json
import types
from typing import Any, Callable

import pytest

import ncblink

Loader = Callable[[str], dict[str, Any]]

CHECK = {"document_check": {"number": "X1234567", "issuing_state": "FRA", "document_type": "passport"}}


def first(report: ncblink.Report) -> tuple[str, str]:
    assert not report.ok
    v = report.violations[0]
    return v.code, v.pointer


@pytest.mark.parametrize("doc", [1, 1.5, True, object(), {1, 2}, datetime.date(2026, 1, 1)])
def test_wrong_types_are_type_errors(doc: Any) -> None:
    with pytest.raises(TypeError, match=r"ncblink.validate\(\) takes a document"):
        ncblink.validate(doc)


def test_none_is_a_type_error_that_says_so() -> None:
    with pytest.raises(TypeError, match="got None"):
        ncblink.validate(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="got None"):
        ncblink.validate_or_raise(None)  # type: ignore[arg-type]


def test_a_list_is_a_document_of_no_kind() -> None:
    assert first(ncblink.validate([])) == ("FIELD.MISSING", "/body")
    assert not ncblink.validate([1, 2], kind="check").ok


def test_tuples_and_other_mappings_are_accepted_like_lists_and_dicts(valid: Loader) -> None:
    doc = valid("red-notice.json")
    doc["body"]["notice"]["red"]["subject"]["nationalities"] = ("FR", "QZ")
    as_tuple = ncblink.validate(doc)
    doc["body"]["notice"]["red"]["subject"]["nationalities"] = ["FR", "QZ"]
    assert as_tuple == ncblink.validate(doc)
    assert first(as_tuple) == ("FIELD.COUNTRY_UNKNOWN", "/body/notice/red/subject/nationalities/1")
    proxy = types.MappingProxyType({"document_check": types.MappingProxyType(CHECK["document_check"])})
    assert ncblink.validate(proxy).ok
    assert ncblink.validate(collections.OrderedDict(CHECK)).ok
    assert ncblink.validate(bytearray(json.dumps(CHECK).encode())).ok


@pytest.mark.parametrize(
    ("doc", "path", "what"),
    [
        ({1: "x"}, "/", "a key of type int"),
        ({"document_check": {("a", "b"): 1}}, "/document_check", "a key of type tuple"),
        ({"document_check": {"number": float("nan")}}, "/document_check/number", "the float NaN"),
        ({"document_check": {"number": float("inf")}}, "/document_check/number", "the float inf"),
        ({"document_check": {"number": {"X"}}}, "/document_check/number", "an object of type set"),
        ({"a": [0, {"b/c~": object()}]}, "/a/1/b~1c~0", "an object of type object"),
        ({"a": b"bytes"}, "/a", "an object of type bytes"),
        ({"a": 10**400}, "/a", "an integer too large"),
    ],
)
def test_what_is_not_json_is_a_type_error_naming_the_path(doc: Any, path: str, what: str) -> None:
    with pytest.raises(TypeError) as info:
        ncblink.validate(doc)
    assert str(info.value).startswith(f"{path}: {what}"), str(info.value)


def test_large_integers_are_numbers_as_in_json_text() -> None:
    doc = {"document_check": {"number": 2**70, "issuing_state": "FRA"}}
    assert first(ncblink.validate(doc)) == first(ncblink.validate(json.dumps(doc)))


def test_bytes_that_are_not_utf8() -> None:
    raw = b'{"document_check": {"number": "\xc3\x28", "issuing_state": "FRA"}}'
    assert first(ncblink.validate(raw))[0] == "JSON.INVALID_UTF8"
    assert first(ncblink.validate(raw, kind="check"))[0] == "JSON.INVALID_UTF8"


def test_strings_with_lone_surrogates_cannot_be_utf8() -> None:
    assert first(ncblink.validate('{"document_check": {"number": "\ud800"}}'))[0] == "JSON.INVALID_UTF8"
    doc = {"document_check": {"number": "\ud800", "issuing_state": "FRA"}}
    assert first(ncblink.validate(doc)) == ("JSON.INVALID_UTF8", "/document_check/number")


def test_a_50_mb_string_field(valid: Loader) -> None:
    doc = valid("red-notice.json")
    doc["body"]["notice"]["red"]["subject"]["place_of_birth"] = "A" * (50 * 1024 * 1024)
    report = ncblink.validate(doc)
    too_long = [v for v in report if v.code == "FIELD.TOO_LONG"]
    assert too_long and too_long[0].pointer == "/body/notice/red/subject/place_of_birth", str(report)
    # As text it is over the document limit and refused before parsing.
    raw = json.dumps(doc).encode()
    assert first(ncblink.validate(raw)) == ("DOCUMENT.TOO_LARGE", "")
    assert first(ncblink.validate(raw, kind="envelope")) == ("DOCUMENT.TOO_LARGE", "")


def nested_dict(depth: int, leaf: Any) -> Any:
    for _ in range(depth):
        leaf = {"a": leaf}
    return leaf


def nested_list(depth: int) -> Any:
    leaf: Any = []
    for _ in range(depth):
        leaf = [leaf]
    return leaf


@pytest.mark.parametrize("inner", [nested_dict(100_000, 1), nested_list(100_000)], ids=["dicts", "lists"])
def test_100000_deep_objects_are_too_deep_not_a_crash(inner: Any) -> None:
    code, pointer = first(ncblink.validate({"document_check": inner}))
    assert code == "JSON.TOO_DEEP"
    assert pointer.startswith("/document_check/")
    assert first(ncblink.validate(inner))[0] == "JSON.TOO_DEEP"


def test_100000_deep_json_text_is_a_clean_error() -> None:
    text = '{"document_check": {"issuing_state": "FRA", "number": ' + "[" * 100_000 + "]" * 100_000 + "}}"
    assert first(ncblink.validate(text)) == ("FIELD.TYPE", "/document_check/number")
    assert first(ncblink.validate("[" * 100_000 + "]" * 100_000))[0] == "JSON.TOO_DEEP"


def test_a_dict_that_contains_itself_is_too_deep() -> None:
    loop: dict[str, Any] = {}
    loop["a"] = loop
    assert first(ncblink.validate({"document_check": loop}))[0] == "JSON.TOO_DEEP"


@pytest.mark.parametrize("depth", [1, 126, 127, 128, 129])
def test_the_depth_limit_is_the_same_for_dicts_and_text(depth: int) -> None:
    as_text = ncblink.validate("[" * depth + "]" * depth)
    as_lists = ncblink.validate(nested_list(depth - 1))
    assert first(as_text)[0] == first(as_lists)[0]
    assert first(as_text)[0] == ("JSON.TOO_DEEP" if depth >= 128 else "FIELD.MISSING")


def test_json_syntax_errors() -> None:
    assert first(ncblink.validate(b'{"document_check": '))[0] == "JSON.SYNTAX"
    assert first(ncblink.validate(""))[0] == "JSON.SYNTAX"
    assert not ncblink.validate(b"", kind="record").ok


@pytest.mark.parametrize("lang", ["de", "EN-GB", ""])
def test_unknown_languages_are_value_errors(lang: str) -> None:
    with pytest.raises(ValueError, match="lang must be one of"):
        ncblink.validate(CHECK, lang)  # type: ignore[arg-type]


def test_languages_are_case_insensitive() -> None:
    assert ncblink.validate({"vehicle_check": {}}, "FR").lang == "fr"  # type: ignore[arg-type]


def test_unknown_kinds_are_value_errors_and_wrong_types_type_errors() -> None:
    with pytest.raises(ValueError, match="kind must be"):
        ncblink.validate(CHECK, kind="notice")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ncblink.validate(CHECK, kind=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ncblink.validate(CHECK, 1)  # type: ignore[arg-type]


def test_kind_given_explicitly_wins() -> None:
    as_record = ncblink.validate(CHECK, kind="record")
    assert first(as_record) == first(ncblink.validate(json.dumps(CHECK), kind="record"))
    assert first(as_record)[0] == "FIELD.INVALID"


def test_now_as_datetime_or_string(valid: Loader) -> None:
    doc = valid("red-notice.json")
    doc["body"]["notice"]["red"]["subject"]["date_of_birth"] = "2026-05-01"
    # Born after the 2023 offence would be DATA.BIRTH_AFTER_EVENT: only the
    # date's place in time is tested here.
    del doc["body"]["notice"]["red"]["judicial"]["offence_date"]
    assert ncblink.validate(doc, now="2026-06-01T00:00:00Z").ok
    assert ncblink.validate(doc, now=datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc)).ok
    east = datetime.timezone(datetime.timedelta(hours=5))
    assert ncblink.validate(doc, now=datetime.datetime(2026, 6, 1, 3, tzinfo=east)).ok
    assert ncblink.validate(doc, now="2026-04-01T00:00:00+00:00").has("DATE.IN_FUTURE")


def test_bad_now() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ncblink.validate(CHECK, now=datetime.datetime(2026, 6, 1))
    with pytest.raises(ValueError, match="RFC 3339"):
        ncblink.validate(CHECK, now="2026-06-01")
    with pytest.raises(TypeError, match="now must be"):
        ncblink.validate(CHECK, now=datetime.date(2026, 6, 1))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="now must be"):
        ncblink.validate(CHECK, now=1.0)  # type: ignore[arg-type]


def test_garbage_never_crashes() -> None:
    for doc in [b"", b"null", b"[]", b'"x"', b"{}", b'{"body": 1}', b'{"body": {"notice": {"red": []}}}', b"\xff" * 64]:
        assert not ncblink.validate(doc).ok
        for kind in ("envelope", "check", "record"):
            assert not ncblink.validate(doc, kind=kind).ok  # type: ignore[arg-type]
    for value in [None, 0, "x", [], {}, {"body": None}, {"body": {"notice": {"red": []}}}]:
        assert not ncblink.validate({"body": value}).ok


def test_a_mapping_whose_items_raise_passes_the_error_on() -> None:
    class Broken(collections.abc.Mapping):  # type: ignore[type-arg]
        def __getitem__(self, key: str) -> Any:
            raise KeyError(key)

        def __iter__(self) -> Any:
            raise RuntimeError("cannot list the keys")

        def __len__(self) -> int:
            return 1

    with pytest.raises(RuntimeError, match="cannot list the keys"):
        ncblink.validate({"document_check": Broken()})
