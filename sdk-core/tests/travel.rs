//! Tests of `ncblink::travel`: the ICAO Doc 9303 specimens, check digits
//! made wrong one by one, OCR repairs in both modes, malformed input, and
//! VINs.

use chrono::NaiveDate;
use ncblink::model::{DocumentType, Sex};
use ncblink::travel::{
    Mrz, MrzError, MrzErrorCode, MrzField, MrzFormat, MrzWarningCode, ParseOptions, VinErrorCode, VinRegion,
    VinWarningCode, check_digit, check_vin, parse_mrz, parse_mrz_lines, vin_check_digit,
};

// ---------------------------------------------------------------------------
// Specimens, as printed in ICAO Doc 9303 Parts 4 (TD3), 5 (TD1), 6 (TD2)
// and 7 (MRV-A, MRV-B).

const TD3: [&str; 2] = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
];
const TD1: [&str; 3] = [
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
];
const TD2: [&str; 2] = [
    "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
    "D231458907UTO7408122F1204159<<<<<<<6",
];
const MRV_A: [&str; 2] = [
    "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L8988901C4XXX4009078F96121096ZE184226B<<<<<<",
];
const MRV_B: [&str; 2] = [
    "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
    "L8988901C4XXX4009078F9612109<<<<<<<<",
];

/// A specimen: its name, its lines, and the (0-based line, index) of each
/// check digit with the field it covers.
type Specimen = (&'static str, Vec<&'static str>, Vec<(usize, usize, MrzField)>);

/// Every specimen.
fn specimens() -> Vec<Specimen> {
    use MrzField::*;
    let two_line = |composite: Option<(usize, MrzField)>, optional: Option<usize>| {
        let mut v = vec![(1, 9, DocumentNumber), (1, 19, DateOfBirth), (1, 27, Expiry)];
        if let Some(i) = optional {
            v.push((1, i, OptionalData));
        }
        if let Some((i, f)) = composite {
            v.push((1, i, f));
        }
        v
    };
    vec![
        ("TD3", TD3.to_vec(), two_line(Some((43, Composite)), Some(42))),
        (
            "TD1",
            TD1.to_vec(),
            vec![
                (0, 14, DocumentNumber),
                (1, 6, DateOfBirth),
                (1, 14, Expiry),
                (1, 29, Composite),
            ],
        ),
        ("TD2", TD2.to_vec(), two_line(Some((35, Composite)), None)),
        ("MRV-A", MRV_A.to_vec(), two_line(None, None)),
        ("MRV-B", MRV_B.to_vec(), two_line(None, None)),
    ]
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()
}

fn strict() -> ParseOptions {
    ParseOptions::strict(today())
}

fn lenient() -> ParseOptions {
    ParseOptions::lenient(today())
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn parse(lines: &[&str]) -> Mrz {
    parse_mrz_lines(lines, &strict()).unwrap_or_else(|e| panic!("{e}"))
}

fn err(lines: &[&str], options: &ParseOptions) -> MrzError {
    match parse_mrz_lines(lines, options) {
        Ok(m) => panic!("expected an error, got {m:?}"),
        Err(e) => e,
    }
}

fn set(line: &str, index: usize, c: char) -> String {
    line.chars()
        .enumerate()
        .map(|(i, x)| if i == index { c } else { x })
        .collect()
}

fn owned(lines: &[String]) -> Vec<&str> {
    lines.iter().map(String::as_str).collect()
}

/// A TD3 line 2 with every check digit recomputed.
fn td3_line2(number: &str, nationality: &str, birth: &str, sex: char, expiry: &str, personal: &str) -> String {
    let cd = |s: &str| check_digit(s).unwrap();
    let number = format!("{number:<<9}");
    let personal = format!("{personal:<<14}");
    let personal_cd = if personal.bytes().all(|b| b == b'<') {
        '<'
    } else {
        cd(&personal)
    };
    let mut line = format!(
        "{number}{}{nationality}{birth}{}{sex}{expiry}{}{personal}{personal_cd}",
        cd(&number),
        cd(birth),
        cd(expiry)
    );
    let composite = format!("{}{}{}", &line[0..10], &line[13..20], &line[21..43]);
    line.push(cd(&composite));
    line
}

fn warning_codes(m: &Mrz) -> Vec<(MrzWarningCode, MrzField)> {
    m.warnings.iter().map(|w| (w.code, w.field)).collect()
}

/// No warnings but `MRZ.STATE_UNKNOWN` (UTO is fictional; the code table
/// may also be empty).
fn assert_clean(m: &Mrz) {
    let others: Vec<_> = m
        .warnings
        .iter()
        .filter(|w| w.code != MrzWarningCode::StateUnknown)
        .collect();
    assert!(others.is_empty(), "{others:?}");
    assert!(m.check_digits_valid(), "{:?}", m.check_digits);
}

// ---------------------------------------------------------------------------
// The specimens.

#[test]
fn check_digit_examples() {
    assert_eq!(check_digit("123456BB"), Some('5'));
    assert_eq!(check_digit("L898902C3"), Some('6'));
    assert_eq!(check_digit("ZE184226B<<<<<"), Some('1'));
    assert_eq!(check_digit("<<<<<<"), Some('0'));
    assert_eq!(check_digit(""), Some('0'));
    assert_eq!(check_digit("abc"), None);
}

#[test]
fn td3_specimen() {
    let m = parse(&TD3);
    assert_clean(&m);
    assert_eq!(m.format, MrzFormat::Td3);
    assert_eq!(m.document_type, DocumentType::Passport);
    assert_eq!(m.document_code, "P");
    assert_eq!(m.issuing_state.as_str(), "UTO");
    assert_eq!(m.primary_identifier, "ERIKSSON");
    assert_eq!(m.secondary_identifier, "ANNA MARIA");
    assert_eq!(m.document_number, "L898902C3");
    assert_eq!(m.nationality.as_str(), "UTO");
    assert_eq!(m.date_of_birth, date(1974, 8, 12));
    assert_eq!(m.sex, Some(Sex::Female));
    assert_eq!(m.expiry, date(2012, 4, 15));
    assert_eq!(m.optional_data, "ZE184226B");
    assert_eq!(m.optional_data_2, None);
    let fields: Vec<_> = m.check_digits.iter().map(|c| (c.field, c.expected, c.found)).collect();
    assert_eq!(
        fields,
        [
            (MrzField::DocumentNumber, '6', '6'),
            (MrzField::DateOfBirth, '2', '2'),
            (MrzField::Expiry, '9', '9'),
            (MrzField::OptionalData, '1', '1'),
            (MrzField::Composite, '0', '0'),
        ]
    );
    // UTO is fictional: if the code table says so, both fields are named.
    for w in &m.warnings {
        assert_eq!(w.code, MrzWarningCode::StateUnknown);
        assert!(matches!(w.field, MrzField::IssuingState | MrzField::Nationality));
        assert!(w.message.contains("UTO"));
    }
    // One string with newlines gives the same result, with \r\n too and a
    // trailing newline.
    assert_eq!(parse_mrz(&TD3.join("\n"), &strict()).unwrap(), m);
    assert_eq!(
        parse_mrz(&format!("{}\r\n{}\r\n", TD3[0], TD3[1]), &strict()).unwrap(),
        m
    );
    assert_eq!(
        parse_mrz(&format!("\n{}\n{}\n\n", TD3[0], TD3[1]), &strict()).unwrap(),
        m
    );
}

#[test]
fn td1_specimen() {
    let m = parse(&TD1);
    assert_clean(&m);
    assert_eq!(m.format, MrzFormat::Td1);
    assert_eq!(m.document_type, DocumentType::IdentityCard);
    assert_eq!(m.document_code, "I");
    assert_eq!(m.issuing_state.as_str(), "UTO");
    assert_eq!(m.document_number, "D23145890");
    assert_eq!(m.date_of_birth, date(1974, 8, 12));
    assert_eq!(m.sex, Some(Sex::Female));
    assert_eq!(m.expiry, date(2012, 4, 15));
    assert_eq!(m.nationality.as_str(), "UTO");
    assert_eq!(m.optional_data, "");
    assert_eq!(m.optional_data_2.as_deref(), Some(""));
    assert_eq!(m.primary_identifier, "ERIKSSON");
    assert_eq!(m.secondary_identifier, "ANNA MARIA");
    assert_eq!(m.check_digits.len(), 4);
}

#[test]
fn td2_specimen() {
    let m = parse(&TD2);
    assert_clean(&m);
    assert_eq!(m.format, MrzFormat::Td2);
    assert_eq!(m.document_type, DocumentType::IdentityCard);
    assert_eq!(m.document_number, "D23145890");
    assert_eq!(m.primary_identifier, "ERIKSSON");
    assert_eq!(m.secondary_identifier, "ANNA MARIA");
    assert_eq!(m.date_of_birth, date(1974, 8, 12));
    assert_eq!(m.expiry, date(2012, 4, 15));
    assert_eq!(m.optional_data, "");
    assert_eq!(m.optional_data_2, None);
    assert_eq!(m.check_digits.len(), 4);
}

#[test]
fn mrv_specimens() {
    for (lines, format) in [(&MRV_A[..], MrzFormat::MrvA), (&MRV_B[..], MrzFormat::MrvB)] {
        let m = parse(lines);
        assert_clean(&m);
        assert_eq!(m.format, format);
        assert_eq!(m.document_type, DocumentType::Visa);
        assert_eq!(m.document_code, "V");
        assert_eq!(m.document_number, "L8988901C");
        assert_eq!(m.nationality.as_str(), "XXX");
        assert_eq!(m.primary_identifier, "ERIKSSON");
        assert_eq!(m.secondary_identifier, "ANNA MARIA");
        assert_eq!(m.date_of_birth, date(1940, 9, 7));
        assert_eq!(m.expiry, date(1996, 12, 10));
        assert_eq!(m.sex, Some(Sex::Female));
        // Visas have no composite and no optional-data check digit.
        let fields: Vec<_> = m.check_digits.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            [MrzField::DocumentNumber, MrzField::DateOfBirth, MrzField::Expiry]
        );
    }
    assert_eq!(parse(&MRV_A).optional_data, "6ZE184226B");
    assert_eq!(parse(&MRV_B).optional_data, "");
}

#[test]
fn document_check_from_mrz() {
    let check = parse(&TD3).to_document_check();
    assert_eq!(check.number, "L898902C3");
    assert_eq!(check.issuing_state.as_str(), "UTO");
    assert_eq!(check.document_type, Some(DocumentType::Passport));
    // Inner fillers are stripped.
    let line2 = td3_line2("AB<12345", "UTO", "740812", 'F', "301231", "");
    let m = parse(&[TD3[0], &line2]);
    assert_clean(&m);
    assert_eq!(m.document_number, "AB<12345");
    assert_eq!(m.to_document_check().number, "AB12345");
    let json = serde_json::to_value(m.to_document_check()).unwrap();
    assert_eq!(json["document_type"], "passport");
}

#[test]
fn td1_long_document_number() {
    // After Doc 9303 Part 5's example: a 12-character number continues in
    // the optional data, ending with its check digit and a filler.
    let line1 = "I<UTOD23145890<7349<<<<<<<<<<<";
    let mut line2 = "7408122F1204159UTO<<<<<<<<<<<".to_owned();
    let composite = format!("{}{}{}{}", &line1[5..30], &line2[0..7], &line2[8..15], &line2[18..29]);
    line2.push(check_digit(&composite).unwrap());
    let m = parse(&[line1, &line2, TD1[2]]);
    assert_clean(&m);
    assert_eq!(m.document_number, "D23145890734");
    assert_eq!(m.optional_data, "");
    assert_eq!(m.check_digits[0].expected, '9');
    assert_eq!(m.to_document_check().number, "D23145890734");

    // With optional data after the number.
    let line1 = "I<UTOD23145890<7349<AB12<<<<<<";
    let mut line2 = line2.clone();
    line2.pop();
    let composite = format!("{}{}{}{}", &line1[5..30], &line2[0..7], &line2[8..15], &line2[18..29]);
    line2.push(check_digit(&composite).unwrap());
    let m = parse(&[line1, &line2, TD1[2]]);
    assert_clean(&m);
    assert_eq!(m.document_number, "D23145890734");
    assert_eq!(m.optional_data, "AB12");

    // A wrong overflow check digit is a warning on the document number.
    let bad = "I<UTOD23145890<7341<<<<<<<<<<<";
    let m = parse_mrz_lines(&[bad, &line2, TD1[2]], &strict()).unwrap();
    assert!(
        m.warnings
            .iter()
            .any(|w| w.code == MrzWarningCode::CheckDigit && w.field == MrzField::DocumentNumber)
    );
    assert_eq!(m.document_number, "D23145890734");
}

#[test]
fn td2_long_document_number() {
    let mut line2 = "D23145890<UTO7408122F12041597349<<<".to_owned();
    let composite = format!("{}{}{}", &line2[0..10], &line2[13..20], &line2[21..35]);
    line2.push(check_digit(&composite).unwrap());
    let m = parse(&[TD2[0], &line2]);
    assert_clean(&m);
    assert_eq!(m.document_number, "D23145890734");
}

// ---------------------------------------------------------------------------
// Check digits made wrong one by one: a warning naming the field, never a
// refusal.

#[test]
fn each_check_digit_wrong_in_turn() {
    for (name, lines, digits) in specimens() {
        for &(line, index, field) in &digits {
            let found = lines[line].as_bytes()[index];
            let wrong = char::from(b'0' + (found - b'0' + 1) % 10);
            let mut changed: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            changed[line] = set(&changed[line], index, wrong);
            let m = parse_mrz_lines(&owned(&changed), &strict())
                .unwrap_or_else(|e| panic!("{name}: {field} made wrong must still parse: {e}"));
            let result = m.check_digits.iter().find(|c| c.field == field).unwrap();
            assert!(!result.valid, "{name}: {field}");
            assert_eq!(result.found, wrong);
            assert_eq!(result.expected, char::from(found));
            let warning = m
                .warnings
                .iter()
                .find(|w| w.code == MrzWarningCode::CheckDigit && w.field == field)
                .unwrap_or_else(|| panic!("{name}: no warning for {field}: {:?}", m.warnings));
            assert!(warning.message.contains(field.as_str()), "{}", warning.message);
            assert!(warning.message.contains(&format!("expected {}", char::from(found))));
            assert!(warning.message.contains(&format!("found {wrong}")));
            // Only that field's digit and, since the composite covers the
            // others, the composite.
            for c in &m.check_digits {
                if c.field != field && c.field != MrzField::Composite {
                    assert!(c.valid, "{name}: {field} changed, {} fails", c.field);
                }
            }
            // The data fields are still read.
            assert_eq!(m.primary_identifier, "ERIKSSON");
        }
    }
}

#[test]
fn changed_data_fails_its_digit() {
    // A forged date of birth: the date is read, its digit and the
    // composite fail.
    let line2 = TD3[1].replace("740812", "750812");
    let m = parse(&[TD3[0], &line2]);
    assert_eq!(m.date_of_birth, date(1975, 8, 12));
    let failing: Vec<_> = m.check_digits.iter().filter(|c| !c.valid).map(|c| c.field).collect();
    assert_eq!(failing, [MrzField::DateOfBirth, MrzField::Composite]);
    assert!(m.has_warning(MrzWarningCode::CheckDigit));
    // A changed name is covered by no digit.
    assert_clean(&parse(&[&TD3[0].replace("ANNA", "ANNE"), TD3[1]]));
}

#[test]
fn personal_number_filler_check_digit() {
    // All fillers: `<` and `0` both verify.
    let line2 = td3_line2("L898902C3", "UTO", "740812", 'F', "120415", "");
    assert_eq!(&line2[42..43], "<");
    assert_clean(&parse(&[TD3[0], &line2]));
    let mut zero = line2.clone();
    zero.replace_range(42..43, "0");
    // The composite covers position 43, but `<` and `0` weigh the same.
    assert_clean(&parse(&[TD3[0], &zero]));
    // Not all fillers: `<` does not verify.
    let line2 = TD3[1].replace("B<<<<<10", "B<<<<<<0");
    let m = parse(&[TD3[0], &line2]);
    let c = m
        .check_digits
        .iter()
        .find(|c| c.field == MrzField::OptionalData)
        .unwrap();
    assert!(!c.valid && c.found == '<' && c.expected == '1');
}

// ---------------------------------------------------------------------------
// OCR confusions: repaired with a warning in lenient mode, refused in
// strict mode.

#[test]
fn ocr_numeric_field() {
    // `O` for `0` in the date of birth (line 2, position 16).
    let line2 = TD3[1].replace("7408122", "74O8122");
    let e = err(&[TD3[0], &line2], &strict());
    assert_eq!(e.code, MrzErrorCode::FieldCharset);
    assert_eq!(e.code.as_str(), "MRZ.FIELD_CHARSET");
    assert_eq!(
        (e.field, e.line, e.position),
        (Some(MrzField::DateOfBirth), Some(2), Some(16))
    );
    assert!(e.message.contains("line 2, position 16"), "{}", e.message);
    assert!(e.to_string().starts_with("MRZ.FIELD_CHARSET: "));

    let m = parse_mrz_lines(&[TD3[0], &line2], &lenient()).unwrap();
    assert_eq!(m.date_of_birth, date(1974, 8, 12));
    assert!(m.check_digits_valid());
    assert!(warning_codes(&m).contains(&(MrzWarningCode::OcrFix, MrzField::DateOfBirth)));
    let w = m.warnings.iter().find(|w| w.code == MrzWarningCode::OcrFix).unwrap();
    assert!(w.message.contains("`O`") && w.message.contains("`0`"), "{}", w.message);
}

#[test]
fn ocr_every_numeric_confusion() {
    for (letter, digit) in [
        ('O', '0'),
        ('Q', '0'),
        ('D', '0'),
        ('I', '1'),
        ('L', '1'),
        ('Z', '2'),
        ('S', '5'),
        ('G', '6'),
        ('B', '8'),
    ] {
        let line2 = td3_line2("L898902C3", "UTO", &format!("{digit}{digit}0101"), 'M', "300101", "");
        let clean = parse(&[TD3[0], &line2]);
        let garbled = set(&line2, 13, letter);
        let mut m = parse_mrz_lines(&[TD3[0], &garbled], &lenient()).unwrap();
        let fixes = m.warnings.iter().filter(|w| w.code == MrzWarningCode::OcrFix).count();
        assert_eq!(fixes, 1, "{letter}");
        m.warnings.retain(|w| w.code != MrzWarningCode::OcrFix);
        assert_eq!(m, clean, "{letter}");
        assert_eq!(err(&[TD3[0], &garbled], &strict()).code, MrzErrorCode::FieldCharset);
    }
}

#[test]
fn ocr_check_digit_and_composite() {
    // `O` in place of the composite `0` is repaired; `S` in place of the
    // expiry digit `9` reads as `5`, which then fails the check.
    let line2 = set(TD3[1], 43, 'O');
    let m = parse_mrz_lines(&[TD3[0], &line2], &lenient()).unwrap();
    assert!(m.check_digits_valid());
    assert!(warning_codes(&m).contains(&(MrzWarningCode::OcrFix, MrzField::Composite)));
    assert_eq!(err(&[TD3[0], &line2], &strict()).field, Some(MrzField::Composite));

    let line2 = set(TD3[1], 27, 'S');
    let m = parse_mrz_lines(&[TD3[0], &line2], &lenient()).unwrap();
    assert!(warning_codes(&m).contains(&(MrzWarningCode::OcrFix, MrzField::Expiry)));
    assert!(warning_codes(&m).contains(&(MrzWarningCode::CheckDigit, MrzField::Expiry)));
}

#[test]
fn ocr_alphabetic_fields() {
    // `0` for `O` in the nationality, `1` for `I` in the document code,
    // `5` and `8` in the names.
    let line1 = TD3[0].replace("ERIKSSON", "ERIK5S0N").replace("P<UTO", "P<UT0");
    let line2 = TD3[1].replace("UTO74", "UT074");
    let e = err(&[&line1, &line2], &strict());
    assert_eq!(
        (e.code, e.field, e.line, e.position),
        (
            MrzErrorCode::FieldCharset,
            Some(MrzField::IssuingState),
            Some(1),
            Some(5)
        )
    );
    let m = parse_mrz_lines(&[&line1, &line2], &lenient()).unwrap();
    assert_eq!(m.issuing_state.as_str(), "UTO");
    assert_eq!(m.nationality.as_str(), "UTO");
    assert_eq!(m.primary_identifier, "ERIKSSON");
    let fixes: Vec<_> = m
        .warnings
        .iter()
        .filter(|w| w.code == MrzWarningCode::OcrFix)
        .map(|w| w.field)
        .collect();
    assert_eq!(
        fixes,
        [
            MrzField::IssuingState,
            MrzField::Names,
            MrzField::Names,
            MrzField::Nationality
        ]
    );
    // Repairs happen before any digit is computed.
    assert!(m.check_digits_valid());

    let td1 = [TD1[0], TD1[1], "ERIKSS0N<<ANNA<MAR1A<<<<<<<<<<"];
    let m = parse_mrz_lines(&td1, &lenient()).unwrap();
    assert_eq!(m.secondary_identifier, "ANNA MARIA");
    assert_eq!(err(&td1, &strict()).line, Some(3));
}

#[test]
fn unrepairable_characters_are_errors_in_both_modes() {
    // `X` in a date, `7` in a name: no repair.
    let line2 = TD3[1].replace("740812", "74X812");
    let line1 = TD3[0].replace("ANNA", "AN7A");
    for options in [strict(), lenient()] {
        let e = err(&[TD3[0], &line2], &options);
        assert_eq!(
            (e.code, e.field, e.position),
            (MrzErrorCode::FieldCharset, Some(MrzField::DateOfBirth), Some(16))
        );
        let e = err(&[&line1, TD3[1]], &options);
        assert_eq!(
            (e.code, e.field, e.position),
            (MrzErrorCode::FieldCharset, Some(MrzField::Names), Some(18))
        );
    }
    // The document number is alphanumeric: nothing to repair, nothing refused.
    let line2 = td3_line2("O898902C3", "UTO", "740812", 'F', "120415", "");
    assert_eq!(parse(&[TD3[0], &line2]).document_number, "O898902C3");
}

#[test]
fn lowercase_and_whitespace() {
    let lower = [TD3[0].to_lowercase(), TD3[1].to_lowercase()];
    let e = err(&owned(&lower), &strict());
    assert_eq!((e.code, e.line, e.position), (MrzErrorCode::Charset, Some(1), Some(1)));
    assert!(e.message.contains("lenient"), "{}", e.message);
    let m = parse_mrz_lines(&owned(&lower), &lenient()).unwrap();
    assert!(m.has_warning(MrzWarningCode::Lowercase));
    assert_eq!(m.primary_identifier, "ERIKSSON");
    assert!(m.check_digits_valid());

    // Spaces around lines and blank lines inside: lenient only.
    let spaced = format!("  {}  \n\n\t{}\n", TD3[0], TD3[1]);
    let m = parse_mrz(&spaced, &lenient()).unwrap();
    assert_clean(&m);
    let e = parse_mrz(&spaced, &strict()).unwrap_err();
    assert_eq!((e.code, e.line), (MrzErrorCode::Format, Some(2)));
    let e = parse_mrz(&format!("{} \n{}", TD3[0], TD3[1]), &strict()).unwrap_err();
    assert_eq!((e.code, e.line, e.position), (MrzErrorCode::LineLength, Some(1), None));
    assert!(e.message.contains("45 characters"), "{}", e.message);
    let blank_inside = format!("{}\n\n{}", TD3[0], TD3[1]);
    assert_eq!(
        parse_mrz(&blank_inside, &strict()).unwrap_err().code,
        MrzErrorCode::Format
    );
    assert_clean(&parse_mrz(&blank_inside, &lenient()).unwrap());
}

// ---------------------------------------------------------------------------
// Form errors: clear, and never a panic.

#[test]
fn wrong_line_lengths() {
    let short = &TD3[1][..43];
    for options in [strict(), lenient()] {
        let e = err(&[TD3[0], short], &options);
        assert_eq!((e.code, e.line), (MrzErrorCode::LineLength, Some(2)));
        assert!(e.message.contains("line 2 has 43 characters"), "{}", e.message);
        assert_eq!(e.code.as_str(), "MRZ.LINE_LENGTH");

        let e = err(&[&TD3[0][..40], TD3[1]], &options);
        assert_eq!((e.code, e.line), (MrzErrorCode::LineLength, Some(1)));
        assert!(e.message.contains("36") && e.message.contains("44"), "{}", e.message);

        // TD3 line 1 with a TD2 line 2.
        let e = err(&[TD3[0], TD2[1]], &options);
        assert_eq!((e.code, e.line), (MrzErrorCode::LineLength, Some(2)));
        // TD1 with a long line.
        let e = err(&[TD1[0], TD1[1], TD3[0]], &options);
        assert_eq!((e.code, e.line), (MrzErrorCode::LineLength, Some(3)));
        let e = err(&[TD3[0], TD1[1], TD1[2]], &options);
        assert_eq!((e.code, e.line), (MrzErrorCode::LineLength, Some(1)));
    }
}

#[test]
fn wrong_line_counts() {
    for options in [strict(), lenient()] {
        let e = err(&[TD3[0]], &options);
        assert_eq!(e.code, MrzErrorCode::LineCount);
        assert_eq!(e.code.as_str(), "MRZ.LINE_COUNT");
        let e = err(&[TD1[0], TD1[1], TD1[2], TD1[2]], &options);
        assert_eq!(e.code, MrzErrorCode::LineCount);
        // The 88 characters of a TD3 on one line.
        let e = parse_mrz(&TD3.concat(), &options).unwrap_err();
        assert_eq!(e.code, MrzErrorCode::LineCount);
    }
}

#[test]
fn characters_outside_the_alphabet() {
    for options in [strict(), lenient()] {
        for (bad, shown) in [
            ('*', "`*`"),
            (' ', "` `"),
            ('É', "`É`"),
            ('\u{0}', "`\\0`"),
            ('«', "`«`"),
        ] {
            let line1 = set(TD3[0], 7, bad);
            let e = err(&[&line1, TD3[1]], &options);
            assert_eq!(
                (e.code, e.line, e.position),
                (MrzErrorCode::Charset, Some(1), Some(8)),
                "{bad:?}"
            );
            assert_eq!(e.code.as_str(), "MRZ.CHARSET");
            assert!(e.message.contains("line 1, position 8"), "{}", e.message);
            assert!(e.message.contains(shown), "{} lacks {shown}", e.message);
        }
    }
    // A multi-byte character in an otherwise valid line of the right length
    // in characters, and at the end of a line.
    let line2 = format!("{}€", &TD3[1][..43]);
    let e = err(&[TD3[0], &line2], &strict());
    assert_eq!((e.code, e.line, e.position), (MrzErrorCode::Charset, Some(2), Some(44)));
}

#[test]
fn empty_input() {
    for options in [strict(), lenient()] {
        for input in ["", "\n", "\n\n\n", "\r\n"] {
            let e = parse_mrz(input, &options).unwrap_err();
            assert_eq!(e.code, MrzErrorCode::Empty, "{input:?}");
            assert_eq!(e.code.as_str(), "MRZ.EMPTY");
        }
        assert_eq!(err(&[], &options).code, MrzErrorCode::Empty);
        assert_eq!(err(&["", ""], &options).code, MrzErrorCode::Empty);
    }
    // Spaces only: blank in lenient mode, not MRZ characters in strict mode.
    assert_eq!(parse_mrz("   \n   ", &lenient()).unwrap_err().code, MrzErrorCode::Empty);
    assert_eq!(
        parse_mrz("   \n   ", &strict()).unwrap_err().code,
        MrzErrorCode::LineLength
    );
}

#[test]
fn very_long_input() {
    let mb = 1 << 20;
    let one_line = "P".repeat(mb);
    let many_lines = format!("{}\n", TD3[0]).repeat(mb / 45);
    let long_first = format!("{}\n{}", "<".repeat(mb), TD3[1]);
    let long_second = format!("{}\n{}", TD3[0], "A".repeat(mb));
    let multibyte = format!("{}\n{}", "É".repeat(mb / 2), TD3[1]);
    for options in [strict(), lenient()] {
        assert_eq!(
            parse_mrz(&one_line, &options).unwrap_err().code,
            MrzErrorCode::LineCount
        );
        assert_eq!(
            parse_mrz(&many_lines, &options).unwrap_err().code,
            MrzErrorCode::LineCount
        );
        let e = parse_mrz(&long_first, &options).unwrap_err();
        assert_eq!((e.code, e.line), (MrzErrorCode::LineLength, Some(1)));
        assert!(e.message.contains(&mb.to_string()), "{}", e.message);
        let e = parse_mrz(&long_second, &options).unwrap_err();
        assert_eq!((e.code, e.line), (MrzErrorCode::LineLength, Some(2)));
        let e = parse_mrz(&multibyte, &options).unwrap_err();
        assert_eq!((e.code, e.line), (MrzErrorCode::LineLength, Some(1)));
        assert!(e.message.len() < 200, "the message must not quote the input");
    }
}

#[test]
fn garbage_never_panics() {
    // A small deterministic generator over MRZ characters, OCR-confusable
    // letters, lower case, white space and multi-byte characters.
    let alphabet: Vec<char> = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<<<<<<abcz \t\r\nÉ€«\u{0}"
        .chars()
        .collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..20_000 {
        // Start from a specimen and corrupt it, or from nothing.
        let base = match round % 4 {
            0 => TD3.join("\n"),
            1 => TD1.join("\n"),
            2 => MRV_B.join("\n"),
            _ => String::new(),
        };
        let mut chars: Vec<char> = base.chars().collect();
        let edits = (next() % 6) as usize;
        for _ in 0..edits {
            let c = alphabet[(next() % alphabet.len() as u64) as usize];
            let pos = if chars.is_empty() {
                0
            } else {
                (next() % chars.len() as u64) as usize
            };
            match next() % 3 {
                0 if !chars.is_empty() => chars[pos] = c,
                1 if !chars.is_empty() => {
                    chars.remove(pos);
                }
                _ => chars.insert(pos, c),
            }
        }
        let input: String = chars.into_iter().collect();
        for options in [strict(), lenient()] {
            if let Ok(m) = parse_mrz(&input, &options) {
                // Whatever is read serialises.
                serde_json::to_string(&m).unwrap();
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Fields.

#[test]
fn dates_and_centuries() {
    // Today is 2024-06-01.
    let cases = [
        // (birth, expected birth, expiry, expected expiry)
        ("240601", date(2024, 6, 1), "240601", date(2024, 6, 1)),
        ("240602", date(1924, 6, 2), "740101", date(2074, 1, 1)),
        ("000229", date(2000, 2, 29), "750101", date(1975, 1, 1)),
        ("991231", date(1999, 12, 31), "991231", date(1999, 12, 31)),
        ("100101", date(2010, 1, 1), "340101", date(2034, 1, 1)),
    ];
    for (birth, b, expiry, x) in cases {
        let line2 = td3_line2("L898902C3", "UTO", birth, 'M', expiry, "");
        let m = parse(&[TD3[0], &line2]);
        assert_clean(&m);
        assert_eq!((m.date_of_birth, m.expiry), (b, x), "{birth} {expiry}");
    }
    // Not dates, or not given: `None` with a warning, digits still checked.
    for (birth, code) in [
        ("741312", MrzWarningCode::DateInvalid),
        ("740230", MrzWarningCode::DateInvalid),
        ("<<<<<<", MrzWarningCode::DateUnknown),
        ("74<<<<", MrzWarningCode::DateUnknown),
    ] {
        let line2 = td3_line2("L898902C3", "UTO", birth, 'M', "300101", "");
        let m = parse(&[TD3[0], &line2]);
        assert_eq!(m.date_of_birth, None, "{birth}");
        assert!(
            warning_codes(&m).contains(&(code, MrzField::DateOfBirth)),
            "{birth}: {:?}",
            m.warnings
        );
        assert!(m.check_digits_valid());
    }
    // The reference date decides.
    let m = parse_mrz_lines(&TD3, &ParseOptions::strict(date(1990, 1, 1).unwrap())).unwrap();
    assert_eq!(m.expiry, date(2012, 4, 15));
    let m = parse_mrz_lines(&TD3, &ParseOptions::strict(date(2070, 1, 1).unwrap())).unwrap();
    assert_eq!(m.date_of_birth, date(1974, 8, 12));
    assert_eq!(m.expiry, date(2112, 4, 15));
}

#[test]
fn sex_values() {
    for (c, sex) in [
        ('F', Some(Sex::Female)),
        ('M', Some(Sex::Male)),
        ('<', Some(Sex::Unknown)),
        ('X', Some(Sex::Unknown)),
        ('U', None),
    ] {
        let line2 = set(TD3[1], 20, c);
        let m = parse_mrz_lines(&[TD3[0], &line2], &strict()).unwrap();
        assert_eq!(m.sex, sex, "{c}");
        assert_eq!(m.has_warning(MrzWarningCode::SexInvalid), sex.is_none());
    }
}

#[test]
fn state_codes() {
    // A bogus code: always a warning, whatever the code table holds.
    let line1 = TD3[0].replace("P<UTO", "P<ZZZ");
    let line2 = td3_line2("L898902C3", "ZZZ", "740812", 'F', "120415", "");
    let m = parse(&[&line1, &line2]);
    assert_eq!(m.issuing_state.as_str(), "ZZZ");
    let unknown: Vec<_> = m
        .warnings
        .iter()
        .filter(|w| w.code == MrzWarningCode::StateUnknown)
        .map(|w| w.field)
        .collect();
    assert_eq!(unknown, [MrzField::IssuingState, MrzField::Nationality]);
    assert!(m.warnings[0].message.contains("ZZZ"));
    assert!(m.check_digits_valid());

    // Germany is `D`, padded with fillers; a refugee (XXB) holds a travel
    // document rather than a passport.
    let line1 = TD3[0].replace("P<UTO", "P<D<<");
    let line2 = td3_line2("L898902C3", "XXB", "740812", 'F', "120415", "");
    let m = parse(&[&line1, &line2]);
    assert_eq!(m.issuing_state.as_str(), "D");
    assert_eq!(m.nationality.as_str(), "XXB");
    assert_eq!(m.document_type, DocumentType::RefugeeTravelDocument);
    assert_eq!(m.to_document_check().issuing_state.as_str(), "D");

    // No code at all, or a filler inside: refused.
    for bad in ["P<<<<", "P<D<E"] {
        let line1 = TD3[0].replace("P<UTO", bad);
        let e = err(&[&line1, TD3[1]], &strict());
        assert_eq!(
            (e.code, e.field),
            (MrzErrorCode::Format, Some(MrzField::IssuingState)),
            "{bad}"
        );
    }
}

#[test]
fn document_codes() {
    // A second letter is kept as printed.
    let m = parse(&[&TD3[0].replace("P<UTO", "PDUTO"), TD3[1]]);
    assert_eq!(
        (m.document_code.as_str(), m.document_type),
        ("PD", DocumentType::Passport)
    );
    assert!(!m.has_warning(MrzWarningCode::DocumentCode));
    // A card code on a passport-sized zone: read, with a warning.
    let m = parse(&[&TD3[0].replace("P<UTO", "I<UTO"), TD3[1]]);
    assert_eq!(m.document_type, DocumentType::IdentityCard);
    assert!(warning_codes(&m).contains(&(MrzWarningCode::DocumentCode, MrzField::DocumentCode)));
    // A, C on cards.
    for code in ["A<", "C<", "AC"] {
        let m = parse(&[&TD1[0].replace("I<", code), TD1[1], TD1[2]]);
        assert_eq!(m.document_type, DocumentType::IdentityCard);
        assert!(!m.has_warning(MrzWarningCode::DocumentCode));
    }
    // No code: refused.
    let e = err(&[&TD3[0].replace("P<UTO", "<<UTO"), TD3[1]], &strict());
    assert_eq!((e.code, e.field), (MrzErrorCode::Format, Some(MrzField::DocumentCode)));
}

#[test]
fn names() {
    let cases = [
        ("ERIKSSON<<ANNA<MARIA", "ERIKSSON", "ANNA MARIA"),
        ("ERIKSSON", "ERIKSSON", ""),
        ("VAN<DER<BERG<<JAN", "VAN DER BERG", "JAN"),
        ("O<BRIEN<<SEAN<<PATRICK", "O BRIEN", "SEAN PATRICK"),
        ("<<ANNA", "", "ANNA"),
        ("ERIKSSON<<<ANNA", "ERIKSSON", "ANNA"),
    ];
    for (field, primary, secondary) in cases {
        let line1 = format!("P<UTO{field:<<39}");
        let m = parse(&[&line1, TD3[1]]);
        assert_eq!(
            (m.primary_identifier.as_str(), m.secondary_identifier.as_str()),
            (primary, secondary),
            "{field}"
        );
    }
}

#[test]
fn json_and_schema() {
    let line2 = set(TD3[1], 19, '3');
    let m = parse(&[TD3[0], &line2]);
    let v = serde_json::to_value(&m).unwrap();
    assert_eq!(v["format"], "td3");
    assert_eq!(v["document_type"], "passport");
    assert_eq!(v["issuing_state"], "UTO");
    assert_eq!(v["date_of_birth"], "1974-08-12");
    assert_eq!(v["sex"], "F");
    assert_eq!(v["optional_data_2"], serde_json::Value::Null);
    assert_eq!(
        v["check_digits"][1],
        serde_json::json!({"field": "date_of_birth", "expected": "2", "found": "3", "valid": false})
    );
    let w = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "MRZ.CHECK_DIGIT")
        .unwrap();
    assert_eq!(w["field"], "date_of_birth");
    // It reads back.
    let back: Mrz = serde_json::from_value(v).unwrap();
    assert_eq!(back, m);

    let e = serde_json::to_value(err(&[TD3[0]], &strict())).unwrap();
    assert_eq!(e["code"], "MRZ.LINE_COUNT");

    let schema = serde_json::to_value(schemars::schema_for!(Mrz)).unwrap();
    let props = schema["properties"].as_object().unwrap();
    for key in [
        "format",
        "document_type",
        "document_number",
        "check_digits",
        "warnings",
        "optional_data_2",
    ] {
        assert!(props.contains_key(key), "{key}");
    }
    let vin_schema = serde_json::to_value(schemars::schema_for!(ncblink::travel::VinReport)).unwrap();
    assert!(vin_schema["properties"]["check_digit_valid"].is_object());
}

// ---------------------------------------------------------------------------
// VIN.

/// A VIN with its check digit put right.
fn with_check_digit(vin: &str) -> String {
    let d = vin_check_digit(vin).unwrap();
    set(vin, 8, d)
}

#[test]
fn vin_valid() {
    let r = check_vin("1M8GDM9AXKP042788").unwrap();
    assert_eq!(r.vin, "1M8GDM9AXKP042788");
    assert_eq!(r.wmi, "1M8");
    assert_eq!(r.region, VinRegion::NorthAmerica);
    assert_eq!(
        (r.check_digit_expected, r.check_digit_found, r.check_digit_valid),
        ('X', 'X', true)
    );
    assert_eq!(r.model_year_char, 'K');
    assert!(r.warnings.is_empty());

    assert!(check_vin("11111111111111111").unwrap().check_digit_valid);
    for (first, region) in [
        ('W', VinRegion::Europe),
        ('S', VinRegion::Europe),
        ('Z', VinRegion::Europe),
        ('J', VinRegion::Asia),
        ('L', VinRegion::Asia),
        ('R', VinRegion::Asia),
        ('A', VinRegion::Africa),
        ('C', VinRegion::Africa),
        ('E', VinRegion::Undetermined),
        ('0', VinRegion::Undetermined),
        ('3', VinRegion::NorthAmerica),
        ('6', VinRegion::Oceania),
        ('7', VinRegion::Oceania),
        ('9', VinRegion::SouthAmerica),
    ] {
        let vin = with_check_digit(&format!("{first}BA3A5C50FS123456"));
        let r = check_vin(&vin).unwrap();
        assert_eq!(r.region, region, "{vin}");
        assert!(r.check_digit_valid, "{vin}");
    }
    // Surrounding white space and lower case.
    let r = check_vin("  1m8gdm9axkp042788\n").unwrap();
    assert_eq!(r.vin, "1M8GDM9AXKP042788");
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].code, VinWarningCode::Lowercase);
}

#[test]
fn vin_wrong_check_digit_is_a_warning() {
    for d in ['0', '1', '5', '9'] {
        let vin = set("1M8GDM9AXKP042788", 8, d);
        let r = check_vin(&vin).unwrap();
        assert!(!r.check_digit_valid);
        assert_eq!((r.check_digit_expected, r.check_digit_found), ('X', d));
        assert_eq!(r.warnings[0].code, VinWarningCode::CheckDigit);
        assert_eq!(r.warnings[0].code.as_str(), "VIN.CHECK_DIGIT");
        assert!(
            r.warnings[0].message.contains("expected X"),
            "{}",
            r.warnings[0].message
        );
    }
    // A letter other than X in position 9 is read, and fails.
    assert!(!check_vin("1M8GDM9AAKP042788").unwrap().check_digit_valid);
}

#[test]
fn vin_invalid() {
    for (vin, pos) in [
        ("IM8GDM9AXKP042788", 1),
        ("1M8GDM9AXKP04278O", 17),
        ("1M8GDQ9AXKP042788", 6),
        ("1m8gdm9axop042788", 10),
    ] {
        let e = check_vin(vin).unwrap_err();
        assert_eq!(
            (e.code, e.position),
            (VinErrorCode::ForbiddenLetter, Some(pos)),
            "{vin}"
        );
        assert_eq!(e.code.as_str(), "VIN.FORBIDDEN_LETTER");
        assert!(e.message.contains(&format!("position {pos}")));
    }
    for vin in [
        "",
        "1M8GDM9AXKP04278",
        "1M8GDM9AXKP0427888",
        "1M8GDM9AXKP042788 1",
        &"1".repeat(1 << 20),
    ] {
        let e = check_vin(vin).unwrap_err();
        assert_eq!(e.code, VinErrorCode::Length, "{}", &vin[..vin.len().min(20)]);
        assert!(e.message.len() < 100);
    }
    for (vin, pos) in [
        ("1M8GDM9AXKP04278-", 17),
        ("1M8GDM9AX P042788", 10),
        ("1M8GDM9AXKP04278É", 17),
        ("ÉM8GDM9AXKP042788", 1),
    ] {
        let e = check_vin(vin).unwrap_err();
        assert_eq!((e.code, e.position), (VinErrorCode::Charset, Some(pos)), "{vin}");
        assert_eq!(e.code.as_str(), "VIN.CHARSET");
    }
    assert_eq!(vin_check_digit("1M8GDM9AXKP04278"), None);
    assert_eq!(vin_check_digit("1M8GDM9AXKP04278O"), None);
}

#[test]
fn vin_check_digit_is_stronger_where_mandatory_and_the_model_year_is_read() {
    let codes =
        |v: &str| -> Vec<&'static str> { check_vin(v).unwrap().warnings.iter().map(|w| w.code.as_str()).collect() };
    // North America (1–5) and China (L): the check digit is mandatory.
    assert_eq!(
        codes("1M8GDM9A1KP042788"),
        ["VIN.CHECK_DIGIT", "VIN.CHECK_DIGIT_MANDATORY"]
    );
    assert_eq!(
        codes("LVSHCAMB5CE054249"),
        ["VIN.CHECK_DIGIT", "VIN.CHECK_DIGIT_MANDATORY"]
    );
    assert!(codes("LVSHCAMB1CE054249").is_empty());
    // Europe: advisory only.
    assert_eq!(codes("WVWZZZ1JZXW000009"), ["VIN.CHECK_DIGIT"]);
    // Position 10 is the model year where the check digit is mandatory: U,
    // Z and 0 are no model-year codes; elsewhere it is the maker's.
    assert_eq!(codes("1M8GDM9A6UP042788"), ["VIN.MODEL_YEAR"]);
    assert!(!codes("WVWZZZ1JZ0W000001").contains(&"VIN.MODEL_YEAR"));
    assert!(ncblink::travel::check_digit_mandatory(b'4') && !ncblink::travel::check_digit_mandatory(b'W'));
}
