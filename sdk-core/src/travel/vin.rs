//! Vehicle identification numbers (ISO 3779): the form, the check digit
//! at position 9 and the manufacturer's region, for checks against SMV.
//!
//! A VIN is 17 characters from `A`–`Z` and `0`–`9` without `I`, `O` and
//! `Q`; anything else is an error ([`VinError`]). The check digit is
//! mandatory in North America (49 CFR 565) but not elsewhere (it is unused
//! in much of Europe), so a mismatch is only a warning.
//!
//! The check digit: letters are transliterated (`A`–`H` → 1–8, `J`–`N` →
//! 1–5, `P` → 7, `R` → 9, `S`–`Z` → 2–9), digits keep their value, the
//! values are weighted 8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2, and the sum
//! modulo 11 is the digit, `X` for 10.
//!
//! Where the check digit is mandatory, a mismatch adds the stronger
//! `VIN.CHECK_DIGIT_MANDATORY` to `VIN.CHECK_DIGIT`: for North American
//! WMIs (`1`–`5`, 49 CFR 565.15) and Chinese ones (`L`, GB 16735, which
//! adopts the North American check digit and model-year position). There
//! the tenth character is the model year, whose code never uses `U`, `Z`
//! or `0` (nor `I`, `O`, `Q`); anything else is `VIN.MODEL_YEAR`.
//!
//! The region comes from the first character of the world manufacturer
//! identifier (ISO 3780). Only the ranges every edition and the SAE
//! allocation agree on are mapped:
//!
//! | first character | region        |
//! |-----------------|---------------|
//! | `A`–`C`         | Africa        |
//! | `J`–`R`         | Asia          |
//! | `S`–`Z`         | Europe        |
//! | `1`–`5`         | North America |
//! | `6`–`7`         | Oceania       |
//! | `8`–`9`         | South America |
//! | `D`–`H`, `0`    | undetermined  |
//!
//! `D`–`H` were Africa in the original ISO 3780 table, but later
//! allocations differ between sources, and `0` is listed as South America
//! by some and as unassigned by others; the parser does not guess.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where the manufacturer is, from the first character of the VIN.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VinRegion {
    /// `A`–`C`.
    Africa,
    /// `J`–`R`.
    Asia,
    /// `S`–`Z`.
    Europe,
    /// `1`–`5`.
    NorthAmerica,
    /// `6`–`7`.
    Oceania,
    /// `8`–`9`.
    SouthAmerica,
    /// `D`–`H` and `0`, whose allocation the sources disagree on.
    Undetermined,
}

impl VinRegion {
    /// The region of a WMI's first character (an upper-case VIN character).
    pub const fn from_wmi_char(c: u8) -> VinRegion {
        match c {
            b'A'..=b'C' => VinRegion::Africa,
            b'J'..=b'R' => VinRegion::Asia,
            b'S'..=b'Z' => VinRegion::Europe,
            b'1'..=b'5' => VinRegion::NorthAmerica,
            b'6' | b'7' => VinRegion::Oceania,
            b'8' | b'9' => VinRegion::SouthAmerica,
            _ => VinRegion::Undetermined,
        }
    }
}

/// The stable codes of [`VinWarning`]s; never renamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum VinWarningCode {
    /// The check digit does not verify (`VIN.CHECK_DIGIT`); advisory
    /// outside North America.
    #[serde(rename = "VIN.CHECK_DIGIT")]
    CheckDigit,
    /// The VIN was given in lower case and read in capitals
    /// (`VIN.LOWERCASE`).
    #[serde(rename = "VIN.LOWERCASE")]
    Lowercase,
    /// The check digit does not verify where it is mandatory (North
    /// American WMIs `1`–`5`, Chinese `L`): the VIN is mistyped or forged
    /// (`VIN.CHECK_DIGIT_MANDATORY`), given beside `VIN.CHECK_DIGIT`.
    #[serde(rename = "VIN.CHECK_DIGIT_MANDATORY")]
    CheckDigitMandatory,
    /// Where the model year is mandatory at position 10, the character
    /// there is not a model-year code (`U`, `Z`, `0`) (`VIN.MODEL_YEAR`).
    #[serde(rename = "VIN.MODEL_YEAR")]
    ModelYear,
}

impl VinWarningCode {
    /// The code as text.
    pub const fn as_str(self) -> &'static str {
        match self {
            VinWarningCode::CheckDigit => "VIN.CHECK_DIGIT",
            VinWarningCode::Lowercase => "VIN.LOWERCASE",
            VinWarningCode::CheckDigitMandatory => "VIN.CHECK_DIGIT_MANDATORY",
            VinWarningCode::ModelYear => "VIN.MODEL_YEAR",
        }
    }
}

/// Something a reviewer should know about a VIN that was still read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct VinWarning {
    /// Stable code.
    pub code: VinWarningCode,
    /// What was found, in English.
    pub message: String,
}

/// The stable codes of [`VinError`]s; never renamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum VinErrorCode {
    /// Not 17 characters (`VIN.LENGTH`).
    #[serde(rename = "VIN.LENGTH")]
    Length,
    /// `I`, `O` or `Q`, which ISO 3779 excludes (`VIN.FORBIDDEN_LETTER`).
    #[serde(rename = "VIN.FORBIDDEN_LETTER")]
    ForbiddenLetter,
    /// A character that is neither a letter nor a digit (`VIN.CHARSET`).
    #[serde(rename = "VIN.CHARSET")]
    Charset,
}

impl VinErrorCode {
    /// The code as text.
    pub const fn as_str(self) -> &'static str {
        match self {
            VinErrorCode::Length => "VIN.LENGTH",
            VinErrorCode::ForbiddenLetter => "VIN.FORBIDDEN_LETTER",
            VinErrorCode::Charset => "VIN.CHARSET",
        }
    }
}

impl fmt::Display for VinErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a string is not a VIN.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, thiserror::Error)]
#[error("{code}: {message}")]
pub struct VinError {
    /// Stable code.
    pub code: VinErrorCode,
    /// The 1-based position of the offending character, when one is.
    pub position: Option<usize>,
    /// What is wrong, in English.
    pub message: String,
}

/// A VIN that has the form of one, with what it tells.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct VinReport {
    /// The VIN, upper case, without surrounding white space.
    pub vin: String,
    /// The world manufacturer identifier (positions 1–3).
    pub wmi: String,
    /// The manufacturer's region (from position 1).
    pub region: VinRegion,
    /// The check digit computed from the other 16 characters (`0`–`9`,
    /// `X`).
    pub check_digit_expected: char,
    /// The character at position 9.
    pub check_digit_found: char,
    /// Whether they agree.
    pub check_digit_valid: bool,
    /// Position 10, the model year in North America (not decoded: the
    /// letters repeat every 30 years).
    pub model_year_char: char,
    /// What a reviewer should know.
    pub warnings: Vec<VinWarning>,
}

/// The weights of positions 1–17.
const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/// The value of a VIN character in the check-digit sum (ISO 3779 / 49 CFR
/// 565.15); `None` for `I`, `O`, `Q` and non-alphanumerics.
const fn transliterate(c: u8) -> Option<u32> {
    let v = match c {
        b'0'..=b'9' => c - b'0',
        b'A'..=b'H' => c - b'A' + 1,
        b'J'..=b'N' => c - b'J' + 1,
        b'P' => 7,
        b'R' => 9,
        b'S'..=b'Z' => c - b'S' + 2,
        _ => return None,
    };
    Some(v as u32)
}

/// Whether the check digit (and the model year at position 10) is
/// mandatory for a WMI starting with `c`: North America (`1`–`5`, 49 CFR
/// 565) and China (`L`, GB 16735).
pub const fn check_digit_mandatory(c: u8) -> bool {
    matches!(c, b'1'..=b'5' | b'L')
}

/// The check digit of a 17-character VIN (position 9 is ignored, its
/// weight being 0): `'0'`–`'9'` or `'X'`; `None` if the VIN is not 17
/// characters of the VIN alphabet (upper case).
///
/// ```
/// use ncblink::travel::vin_check_digit;
/// assert_eq!(vin_check_digit("1M8GDM9AXKP042788"), Some('X'));
/// ```
pub fn vin_check_digit(vin: &str) -> Option<char> {
    let b = vin.as_bytes();
    if b.len() != WEIGHTS.len() {
        return None;
    }
    let mut sum = 0;
    for (&c, &w) in b.iter().zip(WEIGHTS.iter()) {
        sum += transliterate(c)? * w;
    }
    match sum % 11 {
        10 => Some('X'),
        // `r` is below 10 here.
        r => char::from_digit(r, 10),
    }
}

/// Checks a VIN: form (errors), check digit (a warning when it does not
/// verify), region and model-year character. Surrounding white space is
/// ignored; lower case is read as upper case, with a warning.
///
/// # Errors
///
/// A [`VinError`] when the string is not 17 characters (`VIN.LENGTH`), has
/// `I`, `O` or `Q` (`VIN.FORBIDDEN_LETTER`) or a character that is not a
/// letter or digit (`VIN.CHARSET`). A wrong check digit is not an error.
///
/// ```
/// use ncblink::travel::{check_vin, VinRegion};
/// let report = check_vin("1M8GDM9AXKP042788").unwrap();
/// assert_eq!(report.wmi, "1M8");
/// assert_eq!(report.region, VinRegion::NorthAmerica);
/// assert_eq!(report.check_digit_expected, 'X');
/// assert!(report.check_digit_valid && report.warnings.is_empty());
///
/// // A wrong check digit is only a warning.
/// let report = check_vin("1M8GDM9A1KP042788").unwrap();
/// assert!(!report.check_digit_valid);
/// assert_eq!(report.warnings[0].code.as_str(), "VIN.CHECK_DIGIT");
///
/// // I, O and Q are refused.
/// assert_eq!(check_vin("1M8GDM9AXKP04278O").unwrap_err().code.as_str(), "VIN.FORBIDDEN_LETTER");
/// ```
pub fn check_vin(s: &str) -> Result<VinReport, VinError> {
    let s = s.trim();
    let length = if s.is_ascii() { s.len() } else { s.chars().count() };
    if length != WEIGHTS.len() {
        return Err(VinError {
            code: VinErrorCode::Length,
            position: None,
            message: format!("a VIN has 17 characters, not {length}"),
        });
    }
    let mut warnings = Vec::new();
    let mut vin = String::with_capacity(WEIGHTS.len());
    let mut lowercase = false;
    for (i, c) in s.chars().enumerate() {
        let position = i + 1;
        if c.is_ascii_lowercase() {
            lowercase = true;
        }
        let u = c.to_ascii_uppercase();
        if matches!(u, 'I' | 'O' | 'Q') {
            return Err(VinError {
                code: VinErrorCode::ForbiddenLetter,
                position: Some(position),
                message: format!("position {position}: `{c}` is not used in VINs (I, O and Q are excluded)"),
            });
        }
        if !u.is_ascii_alphanumeric() {
            return Err(VinError {
                code: VinErrorCode::Charset,
                position: Some(position),
                message: format!(
                    "position {position}: `{}` is not a VIN character (A–Z without I, O, Q; 0–9)",
                    c.escape_debug()
                ),
            });
        }
        vin.push(u);
    }
    if lowercase {
        warnings.push(VinWarning {
            code: VinWarningCode::Lowercase,
            message: "lower-case letters read as capitals".to_owned(),
        });
    }
    let bytes = vin.as_bytes();
    let at = |i: usize| bytes.get(i).copied().map_or('?', char::from);
    // `vin` is 17 characters of the alphabet, so the digit is always there.
    let expected = vin_check_digit(&vin).unwrap_or('?');
    let found = at(8);
    let valid = expected == found;
    if !valid {
        warnings.push(VinWarning {
            code: VinWarningCode::CheckDigit,
            message: format!(
                "check digit (position 9): expected {expected}, found {found}; \
                 mandatory in North America only"
            ),
        });
    }
    let mandatory = check_digit_mandatory(bytes.first().copied().unwrap_or(b'0'));
    if mandatory && !valid {
        warnings.push(VinWarning {
            code: VinWarningCode::CheckDigitMandatory,
            message: format!(
                "the check digit is mandatory for WMIs starting with {} (North America 1–5, China L): \
                 the VIN is mistyped or forged",
                at(0)
            ),
        });
    }
    if mandatory && matches!(at(9), 'U' | 'Z' | '0') {
        warnings.push(VinWarning {
            code: VinWarningCode::ModelYear,
            message: format!(
                "position 10 is the model year here, and `{}` is not a model-year code",
                at(9)
            ),
        });
    }
    Ok(VinReport {
        wmi: vin.get(..3).unwrap_or_default().to_owned(),
        region: VinRegion::from_wmi_char(bytes.first().copied().unwrap_or(b'0')),
        check_digit_expected: expected,
        check_digit_found: found,
        check_digit_valid: valid,
        model_year_char: at(9),
        warnings,
        vin,
    })
}
