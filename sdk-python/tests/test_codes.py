"""ncblink.codes: the core's code lists with labels in the four working languages."""

from __future__ import annotations

import pytest

from ncblink import codes


def test_countries_carry_all_their_codes_and_four_labels() -> None:
    assert len(codes.COUNTRIES) == 249
    fr = codes.COUNTRIES["FR"]
    assert (fr.alpha2, fr.alpha3, fr.numeric, fr.icao) == ("FR", "FRA", "250", "FRA")
    assert fr.labels == codes.Labels(ar="فرنسا", en="France", fr="France", es="Francia")
    de = codes.COUNTRIES["DE"]
    assert (de.alpha3, de.icao) == ("DEU", "D")
    assert (de.labels.en, de.labels.fr, de.labels.es) == ("Germany", "Allemagne", "Alemania")
    assert de.labels.ar == "ألمانيا"
    assert de.labels.get("fr") == "Allemagne"
    with pytest.raises(ValueError):
        de.labels.get("de")


def test_germany_is_d_in_icao_and_back() -> None:
    assert codes.iso_to_icao("DE") == "D"
    assert codes.icao_to_iso("D") == "DE"
    assert codes.iso_to_icao("FR") == "FRA" and codes.icao_to_iso("FRA") == "FR"
    assert codes.ICAO["D"].alpha2 == "DE"
    assert "DEU" not in codes.ICAO


def test_icao_specials_have_no_country() -> None:
    xxa = codes.ICAO["XXA"]
    assert xxa.alpha2 is None and xxa.labels.en.startswith("Stateless")
    assert codes.icao_to_iso("XXA") is None
    assert codes.icao_label("XXA", "fr") == xxa.labels.fr
    assert "XPO" in codes.ICAO
    assert len(codes.ICAO) > len(codes.COUNTRIES)


def test_unknown_and_malformed_codes() -> None:
    assert codes.iso_to_icao("QZ") is None
    assert codes.iso_to_icao("de") is None
    assert codes.icao_to_iso("QQQ") is None
    assert codes.country_label("QZ") is None
    assert codes.country_label("") is None
    with pytest.raises(ValueError, match="lang"):
        codes.country_label("FR", "de")  # type: ignore[arg-type]


def test_country_label() -> None:
    assert codes.country_label("DE") == "Germany"
    assert [codes.country_label("FR", lang) for lang in ("ar", "en", "fr", "es")] == list(codes.COUNTRIES["FR"].labels)


def test_languages() -> None:
    ger = codes.LANGUAGES["GER"]
    assert (ger.terminology, ger.alpha2) == ("DEU", "de")
    assert ger.labels.fr == "allemand" or ger.labels.fr.lower() == "allemand"
    assert codes.LANGUAGES["FRE"].labels.en == "French"
    assert all(lang.alpha2 is None or len(lang.alpha2) == 2 for lang in codes.LANGUAGES.values())


def test_interpol_lists() -> None:
    assert list(codes.SEX) == ["F", "M", "U"]
    assert codes.SEX["F"].labels.fr == "Féminin"
    assert codes.EYE_COLOURS["BLU"].labels.es == "Azul"
    assert codes.HAIR_COLOURS["BLN"].labels.en == "Blond"
    assert codes.DOCUMENT_TYPES["passport"].labels.fr == "Passeport"
    assert codes.LOSS_TYPES["stolen_blank"].labels.en == "Stolen blank"
    for table in (codes.SEX, codes.EYE_COLOURS, codes.HAIR_COLOURS, codes.DOCUMENT_TYPES, codes.LOSS_TYPES):
        for code, entry in table.items():
            assert entry.code == code
            assert all(entry.labels)


def test_tables_are_read_only() -> None:
    with pytest.raises(TypeError):
        codes.COUNTRIES["ZZ"] = codes.COUNTRIES["FR"]  # type: ignore[index]
    with pytest.raises(AttributeError):
        codes.COUNTRIES["FR"].icao = "X"  # type: ignore[misc]


def test_codes_on_the_lists_are_the_codes_the_validator_accepts() -> None:
    import json
    import pathlib

    import ncblink

    red = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors" / "valid" / "red-notice.json"
    doc = json.loads(red.read_text(encoding="utf-8"))
    doc["body"]["notice"]["red"]["subject"]["nationalities"] = sorted(codes.COUNTRIES)
    doc["body"]["notice"]["red"]["subject"]["languages_spoken"] = sorted(codes.LANGUAGES)
    assert ncblink.validate(doc, now="2026-06-01T00:00:00Z").ok
    for icao in sorted(codes.ICAO):
        doc = {"document_check": {"number": "X1", "issuing_state": icao}}
        assert ncblink.validate(doc).ok, icao
