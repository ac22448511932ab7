//! The generated code tables (`cargo xtask codelists`) and the code types that read them.

use ncblink::model::codes::tables::{COUNTRIES, ICAO_SPECIALS, LANGUAGES};
use ncblink::model::{CountryCode, IcaoCode, LanguageCode, WorkingLanguage};

fn country(code: &str) -> CountryCode {
    code.parse().unwrap()
}

fn icao(code: &str) -> IcaoCode {
    code.parse().unwrap()
}

fn language(code: &str) -> LanguageCode {
    code.parse().unwrap()
}

#[test]
fn major_countries_have_four_labels() {
    for code in ["FR", "DE", "CN", "SA"] {
        let c = country(code);
        assert!(c.is_known(), "{code}");
        for lang in WorkingLanguage::ALL {
            let label = c.label(lang).unwrap();
            assert!(!label.trim().is_empty(), "{code} {lang:?}");
        }
        let en = c.label(WorkingLanguage::En).unwrap();
        assert_ne!(
            c.label(WorkingLanguage::Ar).unwrap(),
            en,
            "{code}: Arabic label is the English one"
        );
    }
    assert_eq!(country("FR").label(WorkingLanguage::En), Some("France"));
    assert_eq!(country("DE").label(WorkingLanguage::Fr), Some("Allemagne"));
    assert_eq!(country("DE").label(WorkingLanguage::Es), Some("Alemania"));
}

#[test]
fn germany_is_d_for_icao() {
    assert_eq!(country("DE").to_icao(), Some(icao("D")));
    assert_eq!(icao("D").to_iso(), Some(country("DE")));
    assert!(icao("D").is_known());
    // DEU is Germany's ISO alpha-3 but not its ICAO code.
    assert!(!icao("DEU").is_known());
    assert_eq!(country("FR").to_icao(), Some(icao("FRA")));
}

#[test]
fn every_country_icao_code_maps_back() {
    for row in COUNTRIES {
        let code = icao(row.icao);
        assert_eq!(code.to_iso(), Some(country(row.alpha2)), "{}", row.icao);
        assert_eq!(country(row.alpha2).to_icao(), Some(code), "{}", row.alpha2);
        if row.alpha2 != "DE" {
            assert_eq!(row.icao, row.alpha3, "{}", row.alpha2);
        }
    }
}

#[test]
fn unknown_codes_are_unknown() {
    assert!(!country("ZZ").is_known());
    assert_eq!(country("ZZ").label(WorkingLanguage::En), None);
    assert_eq!(country("ZZ").to_icao(), None);
    assert!(!icao("ZZZ").is_known());
    assert!(!language("ZZZ").is_known());
    // Reserved for local use: not in the table.
    assert!(!language("QAA").is_known());
}

#[test]
fn working_languages_are_known() {
    for (code, working) in [
        ("FRE", Some(WorkingLanguage::Fr)),
        ("GER", None),
        ("ENG", Some(WorkingLanguage::En)),
        ("ARA", Some(WorkingLanguage::Ar)),
        ("SPA", Some(WorkingLanguage::Es)),
    ] {
        let l = language(code);
        assert!(l.is_known(), "{code}");
        assert_eq!(l.working_language(), working, "{code}");
        for lang in WorkingLanguage::ALL {
            assert!(!l.label(lang).unwrap().trim().is_empty(), "{code} {lang:?}");
        }
    }
    for w in WorkingLanguage::ALL {
        assert!(w.bibliographic().is_known(), "{w:?}");
        assert_eq!(w.bibliographic().working_language(), Some(w));
    }
    assert_eq!(language("FRE").entry().unwrap().terminology, "FRA");
    assert_eq!(language("GER").entry().unwrap().alpha2, "de");
    // Languages are written in ISO 639-2/B: the /T code of German is not one.
    assert!(!language("DEU").is_known());
}

#[test]
fn icao_specials_are_known_without_a_country() {
    for code in ["XXA", "XXB", "XXC", "XXX", "XPO", "EUE", "UNO", "UNK", "GBD"] {
        let c = icao(code);
        assert!(c.is_known(), "{code}");
        assert_eq!(c.to_iso(), None, "{code}");
        assert!(c.country().is_none(), "{code}");
    }
    for row in ICAO_SPECIALS {
        assert!(
            !COUNTRIES.iter().any(|c| c.icao == row.code),
            "{} is also a country",
            row.code
        );
        for lang in WorkingLanguage::ALL {
            assert!(!row.labels.get(lang).trim().is_empty(), "{} {lang:?}", row.code);
        }
    }
    assert_eq!(
        icao("XPO").label(WorkingLanguage::En),
        Some("International Criminal Police Organization (INTERPOL)")
    );
}

#[test]
fn tables_are_sorted_for_binary_search() {
    assert!(COUNTRIES.len() >= 249);
    assert!(COUNTRIES.windows(2).all(|w| w[0].alpha2 < w[1].alpha2));
    for row in COUNTRIES {
        assert_eq!(country(row.alpha2).entry().map(|e| e.alpha3), Some(row.alpha3));
        for lang in WorkingLanguage::ALL {
            assert!(!row.labels.get(lang).trim().is_empty(), "{} {lang:?}", row.alpha2);
        }
    }
    assert!(LANGUAGES.len() > 400);
    assert!(LANGUAGES.windows(2).all(|w| w[0].bibliographic < w[1].bibliographic));
    for row in LANGUAGES {
        assert_eq!(
            language(row.bibliographic).entry().map(|e| e.terminology),
            Some(row.terminology)
        );
        for lang in WorkingLanguage::ALL {
            assert!(
                !row.labels.get(lang).trim().is_empty(),
                "{} {lang:?}",
                row.bibliographic
            );
        }
    }
    let mut specials: Vec<&str> = ICAO_SPECIALS.iter().map(|s| s.code).collect();
    specials.dedup();
    assert_eq!(specials.len(), ICAO_SPECIALS.len());
}
