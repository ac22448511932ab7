"""ncblink.travel: the core's MRZ and VIN readers, as dicts, and the SLTD
check a zone makes, sent through the client."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

import ncblink
from ncblink import travel

TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
TODAY = datetime.date(2024, 1, 1)


def test_the_td3_specimen() -> None:
    mrz = travel.parse_mrz(TD3, today=TODAY)
    assert mrz == travel.parse_mrz("\n".join(TD3), today="2024-01-01")
    assert (mrz["format"], mrz["document_type"], mrz["document_code"]) == ("td3", "passport", "P")
    assert (mrz["issuing_state"], mrz["nationality"]) == ("UTO", "UTO")
    assert (mrz["primary_identifier"], mrz["secondary_identifier"]) == ("ERIKSSON", "ANNA MARIA")
    assert (mrz["document_number"], mrz["sex"]) == ("L898902C3", "F")
    assert (mrz["date_of_birth"], mrz["expiry"]) == ("1974-08-12", "2012-04-15")
    assert mrz["optional_data"] == "ZE184226B" and mrz["optional_data_2"] is None
    assert mrz["check_digits_valid"] and all(c["valid"] for c in mrz["check_digits"])
    assert {c["field"] for c in mrz["check_digits"]} >= {"document_number", "date_of_birth", "expiry", "composite"}
    # Utopia, the specimen's state, is on no list.
    assert [(w["code"], w["field"]) for w in mrz["warnings"]] == [
        ("MRZ.STATE_UNKNOWN", "issuing_state"),
        ("MRZ.STATE_UNKNOWN", "nationality"),
    ]
    assert mrz["document_check"] == {"number": "L898902C3", "issuing_state": "UTO", "document_type": "passport"}


def test_today_resolves_two_digit_years() -> None:
    assert travel.parse_mrz(TD3, today=datetime.datetime(2024, 1, 1, 12))["date_of_birth"] == "1974-08-12"
    assert travel.parse_mrz(TD3)["date_of_birth"] == "1974-08-12"  # today by default
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        travel.parse_mrz(TD3, today="1/1/2024")
    with pytest.raises(TypeError, match="today"):
        travel.parse_mrz(TD3, today=2024)  # type: ignore[arg-type]


def test_a_wrong_check_digit_is_a_warning() -> None:
    forged = [TD3[0], TD3[1].replace("7408122", "7408123")]
    mrz = travel.parse_mrz(forged, today=TODAY)
    assert not mrz["check_digits_valid"]
    digit = [w for w in mrz["warnings"] if w["code"] == "MRZ.CHECK_DIGIT"]
    assert digit and digit[0]["field"] in {"date_of_birth", "composite"}


def test_lenient_mode_repairs_ocr_errors() -> None:
    ocr = ["  " + TD3[0].lower(), TD3[1].replace("7408122", "74O8122") + "  "]
    with pytest.raises(ncblink.MrzError):
        travel.parse_mrz(ocr, today=TODAY)
    mrz = travel.parse_mrz(ocr, mode="lenient", today=TODAY)
    assert mrz["date_of_birth"] == "1974-08-12"
    assert {"MRZ.LOWERCASE", "MRZ.OCR_FIX"} <= {w["code"] for w in mrz["warnings"]}
    with pytest.raises(ValueError, match="strict"):
        travel.parse_mrz(TD3, mode="sloppy")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        ("", "MRZ.EMPTY"),
        ("P<UTO\nL898902C3", "MRZ.LINE_LENGTH"),
        ([TD3[0]], "MRZ.LINE_COUNT"),
        ([TD3[0], TD3[1].replace("L", "é", 1)], "MRZ.CHARSET"),
    ],
)
def test_what_is_not_a_zone_raises_mrz_error(lines: Any, code: str) -> None:
    with pytest.raises(travel.MrzError) as info:
        travel.parse_mrz(lines, today=TODAY)
    assert info.value.code == code and isinstance(info.value, ValueError)
    assert code in str(info.value)


def test_mrz_error_positions() -> None:
    with pytest.raises(ncblink.MrzError) as info:
        travel.parse_mrz([TD3[0], TD3[1][:-1] + "é"], today=TODAY)
    assert (info.value.line, info.value.position) in {(2, 44), (None, None)} or info.value.code == "MRZ.LINE_LENGTH"


def test_wrong_types() -> None:
    with pytest.raises(TypeError, match="lines"):
        travel.parse_mrz(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        travel.parse_mrz([1, 2])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        travel.check_vin(None)  # type: ignore[arg-type]


def test_vin() -> None:
    report = travel.check_vin("1M8GDM9AXKP042788")
    assert report == {
        "vin": "1M8GDM9AXKP042788",
        "wmi": "1M8",
        "region": "north_america",
        "check_digit_expected": "X",
        "check_digit_found": "X",
        "check_digit_valid": True,
        "model_year_char": "K",
        "warnings": [],
    }
    wrong = travel.check_vin(" 1m8gdm9a1kp042788 ")
    assert not wrong["check_digit_valid"]
    # A North American WMI: the check digit is mandatory, hence the stronger code.
    assert [w["code"] for w in wrong["warnings"]] == [
        "VIN.LOWERCASE",
        "VIN.CHECK_DIGIT",
        "VIN.CHECK_DIGIT_MANDATORY",
    ]


@pytest.mark.parametrize(
    ("vin", "code"),
    [("1M8GDM9AXKP04278O", "VIN.FORBIDDEN_LETTER"), ("1M8", "VIN.LENGTH"), ("1M8GDM9AXKP04278-", "VIN.CHARSET")],
)
def test_what_is_not_a_vin_raises_vin_error(vin: str, code: str) -> None:
    with pytest.raises(ncblink.VinError) as info:
        travel.check_vin(vin)
    assert info.value.code == code and isinstance(info.value, ValueError)


def test_errors_pickle() -> None:
    import pickle

    e = pickle.loads(pickle.dumps(ncblink.MrzError("bad", code="MRZ.EMPTY", line=1)))
    assert (e.code, e.line, str(e)) == ("MRZ.EMPTY", 1, "bad")
    v = pickle.loads(pickle.dumps(ncblink.VinError("bad", code="VIN.LENGTH", position=3)))
    assert (v.code, v.position) == ("VIN.LENGTH", 3)


def test_a_zone_checked_against_sltd(hub: Any) -> None:
    # The specimen issued by Germany (the state is in no check digit).
    german = [line.replace("UTO", "D<<") for line in TD3]
    mrz = travel.parse_mrz(german, today=TODAY)
    assert mrz["check_digits_valid"] and mrz["warnings"] == []
    assert mrz["document_check"] == {"number": "L898902C3", "issuing_state": "D", "document_type": "passport"}
    assert hub.client("FR").check_document(mrz["document_check"])["outcome"] == "no_hit"
    hub.client("DE").register_record(
        {"travel_document": {**mrz["document_check"], "loss_type": "stolen_from_bearer"}}
    )
    assert hub.client("FR").check_document(mrz["document_check"])["outcome"] == "hit"
