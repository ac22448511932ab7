"""The Report and Violation classes."""

from __future__ import annotations

from typing import Any, Callable

import pytest

import ncblink

Loader = Callable[[str], dict[str, Any]]


def penalty_report(valid: Loader, lang: str = "en") -> ncblink.Report:
    doc = valid("red-notice.json")
    charges = doc["body"]["notice"]["red"]["judicial"]["charges"]
    del charges[1:]
    charges[0]["max_penalty_months"] = 12
    return ncblink.validate(doc, lang, now="2026-06-01T00:00:00Z")  # type: ignore[arg-type]


def test_a_valid_document(valid: Loader, now: str) -> None:
    report = ncblink.validate(valid("red-notice.json"), now=now)
    assert report.ok and bool(report)
    assert len(report) == 0 and list(report) == [] and report.violations == []
    assert report.codes == [] and report.errors == [] and report.warnings == []
    assert report.to_dict() == {"ok": True, "violations": []}
    assert str(report) == "valid"
    assert repr(report) == "Report(ok=True, violations=0, codes=[])"


def test_an_invalid_document(valid: Loader) -> None:
    report = penalty_report(valid)
    assert not report.ok and not bool(report)
    assert report.codes == ["RPD83.PENALTY_THRESHOLD"]
    assert report.has("RPD83.PENALTY_THRESHOLD") and not report.has("FIELD.EMPTY")
    (v,) = report.errors
    assert list(report) == report.violations == [v]
    assert v.code == "RPD83.PENALTY_THRESHOLD"
    assert v.pointer == "/body/notice/red/judicial/charges/0/max_penalty_months"
    assert v.severity == "error"
    assert v.args == ("12", "24")
    assert v.message == "The penalty (12 months) is below the threshold (24 months)"
    assert report.to_dict() == {
        "ok": False,
        "violations": [
            {
                "code": "RPD83.PENALTY_THRESHOLD",
                "pointer": "/body/notice/red/judicial/charges/0/max_penalty_months",
                "severity": "error",
                "message": "The penalty (12 months) is below the threshold (24 months)",
                "args": ["12", "24"],
            }
        ],
    }
    assert repr(report) == "Report(ok=False, violations=1, codes=['RPD83.PENALTY_THRESHOLD'])"
    assert str(report).startswith("error RPD83.PENALTY_THRESHOLD at /body/notice/red/judicial/charges/0/")
    assert repr(v).startswith("Violation(code='RPD83.PENALTY_THRESHOLD', pointer='/body/")


def test_messages_in_the_four_languages(valid: Loader) -> None:
    v = penalty_report(valid).violations[0]
    assert set(v.messages) == {"ar", "en", "fr", "es"}
    assert v.messages["fr"] == "La peine (12 mois) est inférieure au seuil (24 mois)"
    assert v.messages["es"] == "La pena (12 meses) es inferior al umbral (24 meses)"
    assert "12" in v.messages["ar"]
    for lang in ("ar", "en", "fr", "es"):
        report = penalty_report(valid, lang)
        assert report.lang == lang
        assert report.violations[0].message == v.messages[lang]
        assert report.to_dict()["violations"][0]["message"] == v.messages[lang]


def test_a_report_with_warnings_only_is_ok_and_truthy(valid: Loader, now: str) -> None:
    report = ncblink.validate(valid("blue-text-not-in-working-language.json"), now=now)
    assert report.ok and bool(report)
    assert len(report) == 1
    assert report.errors == [] and [v.severity for v in report.warnings] == ["warning"]
    assert report.codes == ["TEXT.NO_WORKING_LANGUAGE"]


def test_reports_compare_by_content_and_are_not_hashable(valid: Loader) -> None:
    a, b = penalty_report(valid), penalty_report(valid)
    assert a == b and a is not b
    assert a.violations[0] == b.violations[0]
    assert a != penalty_report(valid, "fr")
    with pytest.raises(TypeError):
        hash(a)


def test_reports_are_read_only(valid: Loader) -> None:
    report = penalty_report(valid)
    with pytest.raises(AttributeError):
        report.ok = True  # type: ignore[misc]
    with pytest.raises(AttributeError):
        report.violations[0].code = "X"  # type: ignore[misc]
    with pytest.raises(TypeError):
        type("Sub", (ncblink.Report,), {})


def test_validate_or_raise(valid: Loader, now: str) -> None:
    ok = ncblink.validate_or_raise(valid("red-notice.json"), now=now)
    assert ok.ok
    # Warnings do not raise.
    assert ncblink.validate_or_raise(valid("blue-text-not-in-working-language.json"), now=now).warnings
    doc = valid("red-notice.json")
    charges = doc["body"]["notice"]["red"]["judicial"]["charges"]
    del charges[1:]
    charges[0]["max_penalty_months"] = 12
    with pytest.raises(ncblink.ValidationError) as info:
        ncblink.validate_or_raise(doc, "fr", now=now)
    assert isinstance(info.value, ValueError)
    assert info.value.report.codes == ["RPD83.PENALTY_THRESHOLD"]
    assert info.value.report.lang == "fr"
    assert "RPD83.PENALTY_THRESHOLD at /body/notice/red/judicial/charges/0/max_penalty_months" in str(info.value)
    assert "La peine (12 mois)" in str(info.value)


def test_reports_and_violations_pickle(valid: Loader) -> None:
    import pickle

    report = penalty_report(valid, "ar")
    again = pickle.loads(pickle.dumps(report))
    assert again == report and again.lang == "ar"
    assert again.violations[0].message == report.violations[0].message
    v = report.violations[0]
    assert pickle.loads(pickle.dumps(v)) == v
