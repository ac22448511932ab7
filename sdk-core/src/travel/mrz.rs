//! Parsing of machine-readable zones (ICAO Doc 9303 Parts 4–7): TD1, TD2,
//! TD3, MRV-A and MRV-B, with every check digit verified and reported.
//!
//! What the parser refuses and what it only reports:
//!
//! - **Errors** ([`MrzError`]) are about the form of the zone: no input,
//!   the wrong number of lines, lines of the wrong length, characters
//!   outside the MRZ alphabet (`A`–`Z`, `0`–`9`, `<`), a letter where only
//!   digits may stand (or a digit where only letters may) that the mode
//!   does not repair, a state code that is not a code.
//! - **Warnings** ([`MrzWarning`]) are about the content: a check digit that
//!   does not verify (the document under check may be forged, so it is
//!   read anyway), an OCR repair in lenient mode, an unknown state code, a
//!   date that is not a date, an unusual document code.
//!
//! The parser works over a stack copy of the zone (at most 3 × 44 bytes)
//! and allocates only the output strings and vectors.
//!
//! **Lenient mode** ([`ParseMode::Lenient`]) trims white space around each
//! line, skips blank lines, upper-cases lower-case letters and repairs the
//! usual OCR confusions, one warning (`MRZ.OCR_FIX`) per repaired
//! character:
//!
//! | field must be | read as                                                              |
//! |---------------|----------------------------------------------------------------------|
//! | numeric (dates, check digits) | `O` `Q` `D` → `0`, `I` `L` → `1`, `Z` → `2`, `S` → `5`, `G` → `6`, `B` → `8` |
//! | alphabetic (document code, state codes, names) | `0` → `O`, `1` → `I`, `2` → `Z`, `5` → `S`, `6` → `G`, `8` → `B` |
//!
//! Alphanumeric fields (document number, optional data) cannot be repaired
//! without guessing and are left as read. **Strict mode** refuses all of
//! these (`MRZ.FIELD_CHARSET`, `MRZ.CHARSET` for lower case); it accepts a
//! trailing `\r` and blank lines before and after the zone.
//!
//! **Dates** are `YYMMDD`. A date of birth takes the latest century that
//! does not put it after `today` (so a holder is assumed to be under 100);
//! an expiry date takes the century that puts it closest to `today`, that
//! is within 50 years either side. A date with fillers (`<`, an unknown
//! date) is `None` with `MRZ.DATE_UNKNOWN`; one that is not a calendar date
//! is `None` with `MRZ.DATE_INVALID`.
//!
//! **Check digits** with a filler `<` in place of the digit verify only when
//! the field they cover is all fillers (Doc 9303 allows this for the TD3
//! personal number). In TD1 and TD2, a `<` in place of the document-number
//! check digit announces a long document number that continues in the
//! optional data, ending with its check digit and a filler (Doc 9303
//! Parts 5 and 6, on document numbers longer than 9 characters).

use std::fmt;

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::check_digit::CheckDigitSum;
use crate::model::codes::{DocumentType, IcaoCode, Sex};
use crate::model::query::DocumentCheck;

/// The longest MRZ line (TD3, MRV-A).
const MAX_LINE: usize = 44;

/// The five machine-readable-zone formats of Doc 9303.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MrzFormat {
    /// Identity cards and other official travel documents, 3 lines × 30
    /// (Part 5).
    Td1,
    /// Official travel documents, 2 lines × 36 (Part 6).
    Td2,
    /// Passports, 2 lines × 44 (Part 4).
    Td3,
    /// Visas, format A, 2 lines × 44 (Part 7).
    MrvA,
    /// Visas, format B, 2 lines × 36 (Part 7).
    MrvB,
}

impl MrzFormat {
    /// The number of lines.
    pub const fn lines(self) -> usize {
        match self {
            MrzFormat::Td1 => 3,
            _ => 2,
        }
    }

    /// The number of characters on each line.
    pub const fn line_length(self) -> usize {
        match self {
            MrzFormat::Td1 => 30,
            MrzFormat::Td2 | MrzFormat::MrvB => 36,
            MrzFormat::Td3 | MrzFormat::MrvA => 44,
        }
    }

    /// The name Doc 9303 uses (`TD3`, `MRV-A`).
    pub const fn name(self) -> &'static str {
        match self {
            MrzFormat::Td1 => "TD1",
            MrzFormat::Td2 => "TD2",
            MrzFormat::Td3 => "TD3",
            MrzFormat::MrvA => "MRV-A",
            MrzFormat::MrvB => "MRV-B",
        }
    }
}

impl fmt::Display for MrzFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How tolerant the parser is of OCR errors; see the [module](self)
/// documentation for the repair table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParseMode {
    /// Only what Doc 9303 allows; the default, as it never alters data.
    #[default]
    Strict,
    /// Trims white space, skips blank lines, upper-cases, and repairs OCR
    /// confusions in numeric and alphabetic fields, with a warning for each.
    Lenient,
}

/// What the parser needs besides the zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ParseOptions {
    /// The date two-digit years are resolved against (normally today).
    pub today: NaiveDate,
    /// Strict or lenient.
    #[serde(default)]
    pub mode: ParseMode,
}

impl ParseOptions {
    /// Strict parsing, with two-digit years resolved against `today`.
    pub const fn strict(today: NaiveDate) -> Self {
        ParseOptions {
            today,
            mode: ParseMode::Strict,
        }
    }

    /// Lenient parsing, with two-digit years resolved against `today`.
    pub const fn lenient(today: NaiveDate) -> Self {
        ParseOptions {
            today,
            mode: ParseMode::Lenient,
        }
    }
}

/// The fields of a zone, as warnings, errors and check-digit results name
/// them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MrzField {
    /// The whole zone (line count, letter case).
    Zone,
    /// Document code (`P`, `I<`, `V<`).
    DocumentCode,
    /// Issuing state or organisation.
    IssuingState,
    /// Document number (with its TD1/TD2 overflow).
    DocumentNumber,
    /// The name field (primary and secondary identifiers).
    Names,
    /// Nationality.
    Nationality,
    /// Date of birth.
    DateOfBirth,
    /// Sex.
    Sex,
    /// Date of expiry.
    Expiry,
    /// Optional data (the personal number of TD3).
    OptionalData,
    /// The second optional-data field of TD1 (line 2).
    OptionalData2,
    /// The composite check digit.
    Composite,
}

impl MrzField {
    /// The name, as serialised (`date_of_birth`).
    pub const fn as_str(self) -> &'static str {
        match self {
            MrzField::Zone => "zone",
            MrzField::DocumentCode => "document_code",
            MrzField::IssuingState => "issuing_state",
            MrzField::DocumentNumber => "document_number",
            MrzField::Names => "names",
            MrzField::Nationality => "nationality",
            MrzField::DateOfBirth => "date_of_birth",
            MrzField::Sex => "sex",
            MrzField::Expiry => "expiry",
            MrzField::OptionalData => "optional_data",
            MrzField::OptionalData2 => "optional_data_2",
            MrzField::Composite => "composite",
        }
    }
}

impl fmt::Display for MrzField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The stable codes of [`MrzWarning`]s; never renamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum MrzWarningCode {
    /// A check digit does not verify (`MRZ.CHECK_DIGIT`).
    #[serde(rename = "MRZ.CHECK_DIGIT")]
    CheckDigit,
    /// Lenient mode repaired an OCR confusion (`MRZ.OCR_FIX`).
    #[serde(rename = "MRZ.OCR_FIX")]
    OcrFix,
    /// Lenient mode upper-cased the zone (`MRZ.LOWERCASE`).
    #[serde(rename = "MRZ.LOWERCASE")]
    Lowercase,
    /// The state or organisation code is not on ICAO's list, as far as the
    /// crate's code table knows (`MRZ.STATE_UNKNOWN`).
    #[serde(rename = "MRZ.STATE_UNKNOWN")]
    StateUnknown,
    /// A date has fillers: it is unknown or partly unknown
    /// (`MRZ.DATE_UNKNOWN`).
    #[serde(rename = "MRZ.DATE_UNKNOWN")]
    DateUnknown,
    /// A date is not a calendar date (`MRZ.DATE_INVALID`).
    #[serde(rename = "MRZ.DATE_INVALID")]
    DateInvalid,
    /// The sex is not `F`, `M`, `X` or `<` (`MRZ.SEX_INVALID`).
    #[serde(rename = "MRZ.SEX_INVALID")]
    SexInvalid,
    /// The document code does not fit the format (`MRZ.DOCUMENT_CODE`).
    #[serde(rename = "MRZ.DOCUMENT_CODE")]
    DocumentCode,
}

impl MrzWarningCode {
    /// The code as text (`MRZ.CHECK_DIGIT`).
    pub const fn as_str(self) -> &'static str {
        match self {
            MrzWarningCode::CheckDigit => "MRZ.CHECK_DIGIT",
            MrzWarningCode::OcrFix => "MRZ.OCR_FIX",
            MrzWarningCode::Lowercase => "MRZ.LOWERCASE",
            MrzWarningCode::StateUnknown => "MRZ.STATE_UNKNOWN",
            MrzWarningCode::DateUnknown => "MRZ.DATE_UNKNOWN",
            MrzWarningCode::DateInvalid => "MRZ.DATE_INVALID",
            MrzWarningCode::SexInvalid => "MRZ.SEX_INVALID",
            MrzWarningCode::DocumentCode => "MRZ.DOCUMENT_CODE",
        }
    }
}

impl fmt::Display for MrzWarningCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something about the content of a zone that a reviewer should know; the
/// zone was still read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MrzWarning {
    /// Stable code.
    pub code: MrzWarningCode,
    /// The field concerned.
    pub field: MrzField,
    /// What was found, in English.
    pub message: String,
}

/// The outcome of one check digit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CheckDigitResult {
    /// The field the digit covers (`composite` for the composite digit).
    pub field: MrzField,
    /// The digit computed from the zone.
    pub expected: char,
    /// The character printed in the zone (after lenient repairs).
    pub found: char,
    /// Whether they agree.
    pub valid: bool,
}

/// The stable codes of [`MrzError`]s; never renamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum MrzErrorCode {
    /// No line at all (`MRZ.EMPTY`).
    #[serde(rename = "MRZ.EMPTY")]
    Empty,
    /// Not 2 or 3 lines (`MRZ.LINE_COUNT`).
    #[serde(rename = "MRZ.LINE_COUNT")]
    LineCount,
    /// A line of the wrong length (`MRZ.LINE_LENGTH`).
    #[serde(rename = "MRZ.LINE_LENGTH")]
    LineLength,
    /// A character outside `A`–`Z`, `0`–`9`, `<` (`MRZ.CHARSET`).
    #[serde(rename = "MRZ.CHARSET")]
    Charset,
    /// A letter in a numeric field or a digit in an alphabetic one, not
    /// repaired (`MRZ.FIELD_CHARSET`).
    #[serde(rename = "MRZ.FIELD_CHARSET")]
    FieldCharset,
    /// Any other defect of form: a blank line inside the zone in strict
    /// mode, a document code or state code that is not one (`MRZ.FORMAT`).
    #[serde(rename = "MRZ.FORMAT")]
    Format,
}

impl MrzErrorCode {
    /// The code as text (`MRZ.LINE_LENGTH`).
    pub const fn as_str(self) -> &'static str {
        match self {
            MrzErrorCode::Empty => "MRZ.EMPTY",
            MrzErrorCode::LineCount => "MRZ.LINE_COUNT",
            MrzErrorCode::LineLength => "MRZ.LINE_LENGTH",
            MrzErrorCode::Charset => "MRZ.CHARSET",
            MrzErrorCode::FieldCharset => "MRZ.FIELD_CHARSET",
            MrzErrorCode::Format => "MRZ.FORMAT",
        }
    }
}

impl fmt::Display for MrzErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a zone could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, thiserror::Error)]
#[error("{code}: {message}")]
pub struct MrzError {
    /// Stable code.
    pub code: MrzErrorCode,
    /// The field concerned, when one is.
    pub field: Option<MrzField>,
    /// The line (1-based, counting the zone's lines only), when one is
    /// concerned.
    pub line: Option<usize>,
    /// The character position on the line (1-based, as Doc 9303 counts).
    pub position: Option<usize>,
    /// What is wrong, in English, naming the line and position.
    pub message: String,
}

impl MrzError {
    fn new(code: MrzErrorCode, message: String) -> Self {
        MrzError {
            code,
            field: None,
            line: None,
            position: None,
            message,
        }
    }
}

/// A parsed machine-readable zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Mrz {
    /// Which of the five formats.
    pub format: MrzFormat,
    /// The document type the document code maps to.
    pub document_type: DocumentType,
    /// The document code as printed, trailing filler removed (`P`, `I`,
    /// `AC`).
    pub document_code: String,
    /// The issuing state or organisation.
    pub issuing_state: IcaoCode,
    /// The document number, trailing fillers removed, with the TD1/TD2
    /// overflow appended; inner fillers are kept as printed.
    pub document_number: String,
    /// The primary identifier (family name), `<` read as a space.
    pub primary_identifier: String,
    /// The secondary identifier (given names), `<` read as a space; empty
    /// when the zone has none.
    pub secondary_identifier: String,
    /// Nationality.
    pub nationality: IcaoCode,
    /// Date of birth; `None` when unknown or not a date (see the warnings).
    pub date_of_birth: Option<NaiveDate>,
    /// Sex: `F`, `M`, and `<` or `X` (unspecified) as [`Sex::Unknown`];
    /// `None` for any other character (with `MRZ.SEX_INVALID`).
    pub sex: Option<Sex>,
    /// Date of expiry; `None` when unknown or not a date.
    pub expiry: Option<NaiveDate>,
    /// The optional data (TD3: personal number; TD1: line 1, after any
    /// document-number overflow), trailing fillers removed.
    pub optional_data: String,
    /// The second optional-data field (TD1 line 2 only).
    pub optional_data_2: Option<String>,
    /// What a reviewer should know, in the order found.
    pub warnings: Vec<MrzWarning>,
    /// Every check digit of the format, in zone order.
    pub check_digits: Vec<CheckDigitResult>,
}

impl Mrz {
    /// Whether every check digit verifies.
    pub fn check_digits_valid(&self) -> bool {
        self.check_digits.iter().all(|c| c.valid)
    }

    /// Whether a warning with this code is present.
    pub fn has_warning(&self, code: MrzWarningCode) -> bool {
        self.warnings.iter().any(|w| w.code == code)
    }

    /// The travel-document check (SLTD) for this document: its number with
    /// every filler removed, its issuing state and its type.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use ncblink::travel::{parse_mrz, ParseOptions};
    /// let today = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    /// let mrz = parse_mrz(
    ///     "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ///     &ParseOptions::strict(today),
    /// ).unwrap();
    /// let check = mrz.to_document_check();
    /// assert_eq!(check.number, "L898902C3");
    /// assert_eq!(check.issuing_state.as_str(), "UTO");
    /// ```
    pub fn to_document_check(&self) -> DocumentCheck {
        DocumentCheck {
            extra: Default::default(),
            number: self.document_number.chars().filter(|&c| c != '<').collect(),
            issuing_state: self.issuing_state,
            document_type: Some(self.document_type),
        }
    }
}

/// Parses a zone given as one string, lines separated by `\n` (or `\r\n`).
///
/// # Errors
///
/// An [`MrzError`] when the input is not a zone: empty (`MRZ.EMPTY`), not 2
/// or 3 lines (`MRZ.LINE_COUNT`), a line of the wrong length
/// (`MRZ.LINE_LENGTH`), a character outside the MRZ alphabet
/// (`MRZ.CHARSET`), a letter in a numeric field or a digit in an alphabetic
/// one that the mode does not repair (`MRZ.FIELD_CHARSET`), or a document
/// or state code that is not one (`MRZ.FORMAT`). Check digits that do not
/// verify are never errors: see [`Mrz::warnings`].
///
/// ```
/// use chrono::NaiveDate;
/// use ncblink::model::Sex;
/// use ncblink::travel::{parse_mrz, MrzFormat, ParseOptions};
///
/// let today = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// let zone = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\
///             L898902C36UTO7408122F1204159ZE184226B<<<<<10";
/// let mrz = parse_mrz(zone, &ParseOptions::strict(today)).unwrap();
/// assert_eq!(mrz.format, MrzFormat::Td3);
/// assert_eq!(mrz.primary_identifier, "ERIKSSON");
/// assert_eq!(mrz.secondary_identifier, "ANNA MARIA");
/// assert_eq!(mrz.date_of_birth, NaiveDate::from_ymd_opt(1974, 8, 12));
/// assert_eq!(mrz.expiry, NaiveDate::from_ymd_opt(2012, 4, 15));
/// assert_eq!(mrz.sex, Some(Sex::Female));
/// assert!(mrz.check_digits_valid());
///
/// // A wrong check digit is reported, not refused.
/// let forged = zone.replace("7408122", "7408123");
/// let mrz = parse_mrz(&forged, &ParseOptions::strict(today)).unwrap();
/// assert!(!mrz.check_digits_valid());
/// assert!(mrz.warnings.iter().any(|w| w.code.as_str() == "MRZ.CHECK_DIGIT"));
///
/// // A line of the wrong length is refused.
/// let err = parse_mrz("P<UTO\nL898902C3", &ParseOptions::strict(today)).unwrap_err();
/// assert_eq!(err.code.as_str(), "MRZ.LINE_LENGTH");
/// ```
pub fn parse_mrz(input: &str, options: &ParseOptions) -> Result<Mrz, MrzError> {
    parse_iter(input.split('\n'), options)
}

/// Parses a zone given as its lines.
///
/// # Errors
///
/// As [`parse_mrz`].
///
/// ```
/// use chrono::NaiveDate;
/// use ncblink::travel::{parse_mrz_lines, MrzFormat, ParseOptions};
/// let today = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// let mrz = parse_mrz_lines(
///     &["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"],
///     &ParseOptions::strict(today),
/// ).unwrap();
/// assert_eq!(mrz.format, MrzFormat::Td1);
/// assert_eq!(mrz.document_number, "D23145890");
/// ```
pub fn parse_mrz_lines(lines: &[&str], options: &ParseOptions) -> Result<Mrz, MrzError> {
    parse_iter(lines.iter().copied(), options)
}

fn parse_iter<'a>(lines: impl Iterator<Item = &'a str>, options: &ParseOptions) -> Result<Mrz, MrzError> {
    let lenient = options.mode == ParseMode::Lenient;
    let (lines, count) = collect_lines(lines, lenient)?;
    let mut parser = Parser::read(&lines, count, lenient)?;
    parser.parse(options.today)
}

/// The zone's lines, blank lines skipped as the mode allows; at most 3.
fn collect_lines<'a>(input: impl Iterator<Item = &'a str>, lenient: bool) -> Result<([&'a str; 3], usize), MrzError> {
    let mut lines = [""; 3];
    let mut count = 0;
    let mut blank_inside = false;
    for raw in input {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let line = if lenient {
            line.trim_matches(|c: char| c.is_ascii_whitespace())
        } else {
            line
        };
        if line.is_empty() {
            blank_inside = count > 0;
            continue;
        }
        if blank_inside && !lenient {
            return Err(MrzError {
                line: Some(count + 1),
                ..MrzError::new(
                    MrzErrorCode::Format,
                    format!("a blank line precedes line {} of the zone", count + 1),
                )
            });
        }
        match lines.get_mut(count) {
            Some(slot) => *slot = line,
            None => {
                return Err(MrzError::new(
                    MrzErrorCode::LineCount,
                    "more than 3 lines; a zone has 2 (TD2, TD3, MRV) or 3 (TD1)".to_owned(),
                ));
            }
        }
        count += 1;
    }
    match count {
        0 => Err(MrzError::new(
            MrzErrorCode::Empty,
            "no machine-readable zone: the input is empty".to_owned(),
        )),
        1 => Err(MrzError::new(
            MrzErrorCode::LineCount,
            "1 line; a zone has 2 (TD2, TD3, MRV) or 3 (TD1)".to_owned(),
        )),
        _ => Ok((lines, count)),
    }
}

/// The number of characters of a line.
fn char_len(s: &str) -> usize {
    if s.is_ascii() { s.len() } else { s.chars().count() }
}

fn line_length_error(line: usize, found: usize, expected: &str) -> MrzError {
    MrzError {
        line: Some(line),
        ..MrzError::new(
            MrzErrorCode::LineLength,
            format!("line {line} has {found} characters; expected {expected}"),
        )
    }
}

/// A character position in the zone: 0-based line, 0-based start, length.
#[derive(Clone, Copy, Debug)]
struct Span {
    line: usize,
    start: usize,
    len: usize,
}

/// A span from Doc 9303's 1-based, inclusive positions.
const fn at(line: usize, first: usize, last: usize) -> Span {
    Span {
        line: line - 1,
        start: first - 1,
        len: last + 1 - first,
    }
}

/// Where the fields of a format are.
struct Layout {
    document_code: Span,
    issuing_state: Span,
    names: Span,
    number: Span,
    number_check: Span,
    nationality: Span,
    birth: Span,
    birth_check: Span,
    sex: Span,
    expiry: Span,
    expiry_check: Span,
    optional: Span,
    optional_check: Option<Span>,
    optional_2: Option<Span>,
    composite: Option<(&'static [Span], Span)>,
    /// Whether a long document number may overflow into the optional data.
    overflow: bool,
}

/// The line-2 layout shared by TD2, TD3 and the visas (positions 1–28).
macro_rules! two_line_layout {
    ($names_end:literal, $optional:expr, $optional_check:expr, $composite:expr, $overflow:literal) => {
        Layout {
            document_code: at(1, 1, 2),
            issuing_state: at(1, 3, 5),
            names: at(1, 6, $names_end),
            number: at(2, 1, 9),
            number_check: at(2, 10, 10),
            nationality: at(2, 11, 13),
            birth: at(2, 14, 19),
            birth_check: at(2, 20, 20),
            sex: at(2, 21, 21),
            expiry: at(2, 22, 27),
            expiry_check: at(2, 28, 28),
            optional: $optional,
            optional_check: $optional_check,
            optional_2: None,
            composite: $composite,
            overflow: $overflow,
        }
    };
}

static TD1: Layout = Layout {
    document_code: at(1, 1, 2),
    issuing_state: at(1, 3, 5),
    number: at(1, 6, 14),
    number_check: at(1, 15, 15),
    optional: at(1, 16, 30),
    birth: at(2, 1, 6),
    birth_check: at(2, 7, 7),
    sex: at(2, 8, 8),
    expiry: at(2, 9, 14),
    expiry_check: at(2, 15, 15),
    nationality: at(2, 16, 18),
    optional_2: Some(at(2, 19, 29)),
    composite: Some((&[at(1, 6, 30), at(2, 1, 7), at(2, 9, 15), at(2, 19, 29)], at(2, 30, 30))),
    names: at(3, 1, 30),
    optional_check: None,
    overflow: true,
};
static TD2: Layout = two_line_layout!(
    36,
    at(2, 29, 35),
    None,
    Some((&[at(2, 1, 10), at(2, 14, 20), at(2, 22, 35)], at(2, 36, 36))),
    true
);
static TD3: Layout = two_line_layout!(
    44,
    at(2, 29, 42),
    Some(at(2, 43, 43)),
    Some((&[at(2, 1, 10), at(2, 14, 20), at(2, 22, 43)], at(2, 44, 44))),
    false
);
static MRV_A: Layout = two_line_layout!(44, at(2, 29, 44), None, None, false);
static MRV_B: Layout = two_line_layout!(36, at(2, 29, 36), None, None, false);

impl MrzFormat {
    fn layout(self) -> &'static Layout {
        match self {
            MrzFormat::Td1 => &TD1,
            MrzFormat::Td2 => &TD2,
            MrzFormat::Td3 => &TD3,
            MrzFormat::MrvA => &MRV_A,
            MrzFormat::MrvB => &MRV_B,
        }
    }
}

/// Whether a byte is in the MRZ alphabet (`A`–`Z`, `0`–`9`, `<`).
const fn is_mrz_byte(b: u8) -> bool {
    b.is_ascii_uppercase() | b.is_ascii_digit() | (b == b'<')
}

/// OCR repair for fields that must be numeric.
const fn ocr_digit(b: u8) -> Option<u8> {
    match b {
        b'O' | b'Q' | b'D' => Some(b'0'),
        b'I' | b'L' => Some(b'1'),
        b'Z' => Some(b'2'),
        b'S' => Some(b'5'),
        b'G' => Some(b'6'),
        b'B' => Some(b'8'),
        _ => None,
    }
}

/// OCR repair for fields that must be alphabetic.
const fn ocr_letter(b: u8) -> Option<u8> {
    match b {
        b'0' => Some(b'O'),
        b'1' => Some(b'I'),
        b'2' => Some(b'Z'),
        b'5' => Some(b'S'),
        b'6' => Some(b'G'),
        b'8' => Some(b'B'),
        _ => None,
    }
}

/// Bytes known to be ASCII (the MRZ alphabet) as a `String`.
fn ascii_string(b: &[u8]) -> String {
    std::str::from_utf8(b).map(str::to_owned).unwrap_or_default()
}

/// The bytes without trailing fillers.
fn trim_fillers(b: &[u8]) -> &[u8] {
    let end = b.iter().rposition(|&c| c != b'<').map_or(0, |i| i + 1);
    b.get(..end).unwrap_or_default()
}

/// One name identifier: fillers around it removed, each run of fillers
/// inside read as one space.
fn name_part(b: &[u8]) -> String {
    let b = trim_fillers(b);
    let start = b.iter().position(|&c| c != b'<').unwrap_or(b.len());
    let b = b.get(start..).unwrap_or_default();
    let mut out = String::with_capacity(b.len());
    let mut after_filler = false;
    for &c in b {
        if c == b'<' {
            if !after_filler {
                out.push(' ');
            }
            after_filler = true;
        } else {
            out.push(char::from(c));
            after_filler = false;
        }
    }
    out
}

/// A character for a message, escaped and quoted.
fn quoted(c: char) -> String {
    format!("`{}`", c.escape_debug())
}

/// The zone, copied and checked, and what parsing has found so far.
struct Parser {
    zone: [[u8; MAX_LINE]; 3],
    format: MrzFormat,
    lenient: bool,
    warnings: Vec<MrzWarning>,
    checks: Vec<CheckDigitResult>,
}

impl Parser {
    /// Checks the line lengths and the alphabet, and copies the zone.
    fn read(lines: &[&str; 3], count: usize, lenient: bool) -> Result<Self, MrzError> {
        let first = lines.first().copied().unwrap_or_default();
        let format = if count == 3 {
            MrzFormat::Td1
        } else {
            let visa = first.as_bytes().first().is_some_and(|b| b.eq_ignore_ascii_case(&b'V'));
            match char_len(first) {
                44 if visa => MrzFormat::MrvA,
                44 => MrzFormat::Td3,
                36 if visa => MrzFormat::MrvB,
                36 => MrzFormat::Td2,
                n => {
                    return Err(line_length_error(
                        1,
                        n,
                        "36 (TD2, MRV-B) or 44 (TD3, MRV-A) on a 2-line zone",
                    ));
                }
            }
        };
        let expected = format.line_length();
        let mut parser = Parser {
            zone: [[b'<'; MAX_LINE]; 3],
            format,
            lenient,
            warnings: Vec::new(),
            checks: Vec::with_capacity(5),
        };
        let mut lowercase = false;
        for (index, line) in lines.iter().take(count).enumerate() {
            let number = index + 1;
            let bytes = line.as_bytes();
            if bytes.len() != expected {
                let n = char_len(line);
                if n != expected {
                    let what = format!("{expected} ({format}, the format line 1 gives)");
                    return Err(line_length_error(number, n, &what));
                }
                // Right number of characters, but some are not ASCII.
                let i = bytes
                    .iter()
                    .position(|&b| !(is_mrz_byte(b) || (lenient && b.is_ascii_lowercase())))
                    .unwrap_or(0);
                return Err(charset_error(line, number, i, lenient));
            }
            let Some(target) = parser.zone.get_mut(index).and_then(|l| l.get_mut(..expected)) else {
                break;
            };
            target.copy_from_slice(bytes);
            // Branch-free over the line, so it vectorises; the loop below
            // only runs when something is to be upper-cased or refused.
            if target.iter().fold(true, |ok, &b| ok & is_mrz_byte(b)) {
                continue;
            }
            for (i, c) in target.iter_mut().enumerate() {
                if is_mrz_byte(*c) {
                    continue;
                }
                if lenient && c.is_ascii_lowercase() {
                    c.make_ascii_uppercase();
                    lowercase = true;
                } else {
                    return Err(charset_error(line, number, i, lenient));
                }
            }
        }
        if lowercase {
            parser.warn(
                MrzWarningCode::Lowercase,
                MrzField::Zone,
                "lower-case letters read as capitals".to_owned(),
            );
        }
        Ok(parser)
    }

    fn warn(&mut self, code: MrzWarningCode, field: MrzField, message: String) {
        self.warnings.push(MrzWarning { code, field, message });
    }

    /// The bytes of a span (empty if out of range, which the layouts
    /// never are).
    fn get(&self, s: Span) -> &[u8] {
        self.zone
            .get(s.line)
            .and_then(|l| l.get(s.start..s.start + s.len))
            .unwrap_or_default()
    }

    /// The one byte of a one-character span.
    fn byte(&self, s: Span) -> u8 {
        self.get(s).first().copied().unwrap_or(b'<')
    }

    /// Requires digits (or fillers), repairing OCR confusions in lenient
    /// mode.
    fn numeric(&mut self, s: Span, field: MrzField, what: &str) -> Result<(), MrzError> {
        self.repair(s, field, what, true)
    }

    /// Requires letters (or fillers), repairing OCR confusions in lenient
    /// mode.
    fn alphabetic(&mut self, s: Span, field: MrzField, what: &str) -> Result<(), MrzError> {
        self.repair(s, field, what, false)
    }

    fn repair(&mut self, s: Span, field: MrzField, what: &str, numeric: bool) -> Result<(), MrzError> {
        let fits = |b: u8| {
            b == b'<'
                || if numeric {
                    b.is_ascii_digit()
                } else {
                    b.is_ascii_uppercase()
                }
        };
        if self.get(s).iter().all(|&b| fits(b)) {
            return Ok(());
        }
        for i in s.start..s.start + s.len {
            let Some(&b) = self.zone.get(s.line).and_then(|l| l.get(i)) else {
                continue;
            };
            if fits(b) {
                continue;
            }
            let kind = if numeric { "numeric" } else { "alphabetic" };
            let (line, position) = (s.line + 1, i + 1);
            let fix = if numeric { ocr_digit(b) } else { ocr_letter(b) };
            match fix {
                Some(to) if self.lenient => {
                    if let Some(slot) = self.zone.get_mut(s.line).and_then(|l| l.get_mut(i)) {
                        *slot = to;
                    }
                    self.warn(
                        MrzWarningCode::OcrFix,
                        field,
                        format!(
                            "line {line}, position {position}: `{}` in the {kind} {what} read as `{}`",
                            char::from(b),
                            char::from(to)
                        ),
                    );
                }
                _ => {
                    let hint = match fix {
                        Some(to) => format!(" (lenient mode reads it as `{}`)", char::from(to)),
                        None => String::new(),
                    };
                    return Err(MrzError {
                        code: MrzErrorCode::FieldCharset,
                        field: Some(field),
                        line: Some(line),
                        position: Some(position),
                        message: format!(
                            "line {line}, position {position}: `{}` in the {what}, which is {kind}{hint}",
                            char::from(b)
                        ),
                    });
                }
            }
        }
        Ok(())
    }

    /// Records a check digit; `filler_ok` when a `<` in place of the digit
    /// is allowed (the field is all fillers).
    fn record_check(&mut self, field: MrzField, expected: u8, found: u8, filler_ok: bool) {
        let valid = found == expected || (filler_ok && found == b'<' && expected == b'0');
        let (expected, found) = (char::from(expected), char::from(found));
        if !valid {
            self.warn(
                MrzWarningCode::CheckDigit,
                field,
                format!("check digit of {field}: expected {expected}, found {found}"),
            );
        }
        self.checks.push(CheckDigitResult {
            field,
            expected,
            found,
            valid,
        });
    }

    /// Checks the digit over one field.
    fn check_field(&mut self, field: MrzField, data: Span, digit: Span) {
        let bytes = self.get(data);
        let mut sum = CheckDigitSum::default();
        // The zone holds only MRZ characters, so `push` cannot fail.
        let _ = sum.push(bytes);
        let filler_ok = bytes.iter().all(|&b| b == b'<');
        let found = self.byte(digit);
        self.record_check(field, sum.digit(), found, filler_ok);
    }

    /// A state or organisation code.
    fn state(&self, s: Span, field: MrzField) -> Result<IcaoCode, MrzError> {
        let raw = self.get(s);
        let code = std::str::from_utf8(trim_fillers(raw)).unwrap_or_default();
        code.parse::<IcaoCode>().map_err(|_| MrzError {
            code: MrzErrorCode::Format,
            field: Some(field),
            line: Some(s.line + 1),
            position: Some(s.start + 1),
            message: format!(
                "line {}, positions {}–{}: `{}` is not a state or organisation code",
                s.line + 1,
                s.start + 1,
                s.start + s.len,
                String::from_utf8_lossy(raw)
            ),
        })
    }

    /// A `YYMMDD` date; fillers and non-dates are warnings.
    fn date(&mut self, s: Span, field: MrzField, today: NaiveDate, birth: bool) -> Option<NaiveDate> {
        let b = self.get(s);
        let raw = String::from_utf8_lossy(b);
        if b.contains(&b'<') {
            let message = format!("{field} `{raw}` is not given in full");
            self.warn(MrzWarningCode::DateUnknown, field, message);
            return None;
        }
        let two = |i: usize| -> Option<u32> {
            let hi = b.get(i)?.checked_sub(b'0')?;
            let lo = b.get(i + 1)?.checked_sub(b'0')?;
            Some(u32::from(hi) * 10 + u32::from(lo))
        };
        let resolved = match (two(0), two(2), two(4)) {
            (Some(yy), Some(mm), Some(dd)) => {
                let yy = i32::try_from(yy).unwrap_or(0);
                if birth {
                    birth_date(yy, mm, dd, today)
                } else {
                    expiry_date(yy, mm, dd, today)
                }
            }
            _ => None,
        };
        if resolved.is_none() {
            let message = format!("{field} `{raw}` is not a date");
            self.warn(MrzWarningCode::DateInvalid, field, message);
        }
        resolved
    }

    fn parse(&mut self, today: NaiveDate) -> Result<Mrz, MrzError> {
        let layout = self.format.layout();

        // Field classes, in zone order; lenient repairs happen here, so
        // that check digits run over the repaired zone.
        self.alphabetic(layout.document_code, MrzField::DocumentCode, "document code")?;
        self.alphabetic(layout.issuing_state, MrzField::IssuingState, "issuing state")?;
        if layout.names.line == 0 {
            self.alphabetic(layout.names, MrzField::Names, "name field")?;
        }
        self.numeric(
            layout.number_check,
            MrzField::DocumentNumber,
            "document number check digit",
        )?;
        self.numeric(layout.birth, MrzField::DateOfBirth, "date of birth")?;
        self.numeric(layout.birth_check, MrzField::DateOfBirth, "date of birth check digit")?;
        self.numeric(layout.expiry, MrzField::Expiry, "expiry date")?;
        self.numeric(layout.expiry_check, MrzField::Expiry, "expiry date check digit")?;
        self.alphabetic(layout.nationality, MrzField::Nationality, "nationality")?;
        if let Some(s) = layout.optional_check {
            self.numeric(s, MrzField::OptionalData, "optional data check digit")?;
        }
        if let Some((_, s)) = layout.composite {
            self.numeric(s, MrzField::Composite, "composite check digit")?;
        }
        if layout.names.line != 0 {
            self.alphabetic(layout.names, MrzField::Names, "name field")?;
        }

        // Document code.
        let code = self.get(layout.document_code);
        let first = code.first().copied().unwrap_or(b'<');
        if first == b'<' {
            let s = layout.document_code;
            return Err(MrzError {
                code: MrzErrorCode::Format,
                field: Some(MrzField::DocumentCode),
                line: Some(s.line + 1),
                position: Some(s.start + 1),
                message: "line 1, position 1: the document code must begin with a letter".to_owned(),
            });
        }
        let document_code = ascii_string(trim_fillers(code));

        let issuing_state = self.state(layout.issuing_state, MrzField::IssuingState)?;
        let nationality = self.state(layout.nationality, MrzField::Nationality)?;
        let issuing_known = issuing_state.is_known();
        // The lookup is a table scan: do it once when the codes agree.
        let nationality_known = if nationality == issuing_state {
            issuing_known
        } else {
            nationality.is_known()
        };
        for (code, known, field) in [
            (issuing_state, issuing_known, MrzField::IssuingState),
            (nationality, nationality_known, MrzField::Nationality),
        ] {
            if !known {
                let message = format!("{field} `{code}` is not on ICAO's list of codes");
                self.warn(MrzWarningCode::StateUnknown, field, message);
            }
        }

        // Document number, with the TD1/TD2 overflow.
        let (document_number, optional_data) = self.document_number(layout)?;

        // Dates and sex.
        let date_of_birth = self.date(layout.birth, MrzField::DateOfBirth, today, true);
        self.check_field(MrzField::DateOfBirth, layout.birth, layout.birth_check);
        let sex = match self.byte(layout.sex) {
            b'F' => Some(Sex::Female),
            b'M' => Some(Sex::Male),
            b'<' | b'X' => Some(Sex::Unknown),
            other => {
                let message = format!("sex {} is not F, M, X or <", quoted(char::from(other)));
                self.warn(MrzWarningCode::SexInvalid, MrzField::Sex, message);
                None
            }
        };
        let expiry = self.date(layout.expiry, MrzField::Expiry, today, false);
        self.check_field(MrzField::Expiry, layout.expiry, layout.expiry_check);

        if let Some(digit) = layout.optional_check {
            self.check_field(MrzField::OptionalData, layout.optional, digit);
        }
        let optional_data_2 = layout.optional_2.map(|s| ascii_string(trim_fillers(self.get(s))));
        if let Some((parts, digit)) = layout.composite {
            let mut sum = CheckDigitSum::default();
            for &p in parts {
                let _ = sum.push(self.get(p));
            }
            let found = self.byte(digit);
            self.record_check(MrzField::Composite, sum.digit(), found, false);
        }

        // Names: primary and secondary identifiers split at the first `<<`.
        let names = self.get(layout.names);
        let (primary, secondary) = match names.windows(2).position(|w| w == b"<<") {
            Some(i) => (
                names.get(..i).unwrap_or_default(),
                names.get(i + 2..).unwrap_or_default(),
            ),
            None => (names, &[][..]),
        };
        let primary_identifier = name_part(primary);
        let secondary_identifier = name_part(secondary);

        let document_type = self.document_type(first, nationality);

        Ok(Mrz {
            format: self.format,
            document_type,
            document_code,
            issuing_state,
            document_number,
            primary_identifier,
            secondary_identifier,
            nationality,
            date_of_birth,
            sex,
            expiry,
            optional_data,
            optional_data_2,
            warnings: std::mem::take(&mut self.warnings),
            check_digits: std::mem::take(&mut self.checks),
        })
    }

    /// The document number and the optional data, with the document-number
    /// check digit recorded.
    fn document_number(&mut self, layout: &Layout) -> Result<(String, String), MrzError> {
        let number = layout.number;
        let optional = layout.optional;
        let opt = self.get(optional);
        let overflows =
            layout.overflow && self.byte(layout.number_check) == b'<' && opt.first().is_some_and(|&b| b != b'<');
        if !overflows {
            self.check_field(MrzField::DocumentNumber, number, layout.number_check);
            let document_number = ascii_string(trim_fillers(self.get(number)));
            let optional_data = ascii_string(trim_fillers(self.get(optional)));
            return Ok((document_number, optional_data));
        }
        // The number continues in the optional data up to the first
        // filler; the character before that filler is its check digit.
        let end = opt.iter().position(|&b| b == b'<').unwrap_or(opt.len());
        let digit_index = end.saturating_sub(1);
        let digit = Span {
            line: optional.line,
            start: optional.start + digit_index,
            len: 1,
        };
        self.numeric(digit, MrzField::DocumentNumber, "document number check digit")?;
        let extra = Span {
            len: digit_index,
            ..optional
        };
        let mut sum = CheckDigitSum::default();
        let _ = sum.push(self.get(number));
        let _ = sum.push(self.get(extra));
        let found = self.byte(digit);
        self.record_check(MrzField::DocumentNumber, sum.digit(), found, false);

        let mut document_number = String::with_capacity(number.len + extra.len);
        document_number.push_str(std::str::from_utf8(self.get(number)).unwrap_or_default());
        document_number.push_str(std::str::from_utf8(self.get(extra)).unwrap_or_default());
        let kept = document_number.trim_end_matches('<').len();
        document_number.truncate(kept);
        // After the check digit comes a filler, then the optional data.
        let rest = self.get(optional).get(end + 1..).unwrap_or_default();
        Ok((document_number, ascii_string(trim_fillers(rest))))
    }

    /// The document type for the first letter of the document code, with
    /// a warning when it does not fit the format.
    ///
    /// `P` is a passport, or a refugee or stateless person's travel
    /// document when the nationality is `XXA`, `XXB` or `XXC`; `I`, `A` and
    /// `C` are identity cards and other official travel documents; `V` is
    /// a visa. The second letter is at the issuing state's discretion and
    /// is not interpreted.
    fn document_type(&mut self, first: u8, nationality: IcaoCode) -> DocumentType {
        let allowed: &[u8] = match self.format {
            MrzFormat::Td3 => b"P",
            MrzFormat::Td1 | MrzFormat::Td2 => b"IAC",
            MrzFormat::MrvA | MrzFormat::MrvB => b"V",
        };
        if !allowed.contains(&first) {
            let list: Vec<String> = allowed.iter().map(|&b| char::from(b).to_string()).collect();
            let message = format!(
                "document code {} is unusual for {}, which uses {}",
                quoted(char::from(first)),
                self.format,
                list.join(", ")
            );
            self.warn(MrzWarningCode::DocumentCode, MrzField::DocumentCode, message);
        }
        match first {
            b'P' if matches!(nationality.as_str(), "XXA" | "XXB" | "XXC") => DocumentType::RefugeeTravelDocument,
            b'P' => DocumentType::Passport,
            b'I' | b'A' | b'C' => DocumentType::IdentityCard,
            b'V' => DocumentType::Visa,
            _ => DocumentType::Other,
        }
    }
}

fn charset_error(line: &str, number: usize, index: usize, lenient: bool) -> MrzError {
    // Every byte before `index` is ASCII, so `index` is a character
    // boundary and also the character's 0-based position.
    let c = line.get(index..).and_then(|s| s.chars().next()).unwrap_or('\u{fffd}');
    let position = index + 1;
    let hint = if !lenient && c.is_ascii_lowercase() {
        " (lower case is accepted in lenient mode only)"
    } else {
        ""
    };
    MrzError {
        code: MrzErrorCode::Charset,
        field: None,
        line: Some(number),
        position: Some(position),
        message: format!(
            "line {number}, position {position}: {} is not an MRZ character (A–Z, 0–9, <){hint}",
            quoted(c)
        ),
    }
}

/// A date of birth: the latest century that does not put it after `today`.
fn birth_date(yy: i32, month: u32, day: u32, today: NaiveDate) -> Option<NaiveDate> {
    let century = today.year().div_euclid(100) * 100;
    [century, century - 100]
        .into_iter()
        .filter_map(|c| NaiveDate::from_ymd_opt(c + yy, month, day))
        .find(|d| *d <= today)
}

/// An expiry date: the century that puts it closest to `today`, so within
/// 50 years either side.
fn expiry_date(yy: i32, month: u32, day: u32, today: NaiveDate) -> Option<NaiveDate> {
    let century = today.year().div_euclid(100) * 100;
    [century - 100, century, century + 100]
        .into_iter()
        .filter_map(|c| NaiveDate::from_ymd_opt(c + yy, month, day))
        .min_by_key(|d| (*d - today).num_days().abs())
}
