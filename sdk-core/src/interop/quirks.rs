//! The quirks of the public service's values (domain.md 1.4), each read
//! into the canonical form it denotes: `YYYY/MM/DD` dates with `00` for an
//! unknown part, code lists in other forms than ours, the `"-"` forename
//! and the `0` height or weight that mean "unknown".
//!
//! Each reader says whether the value was read exactly, read with less
//! precision than written (nothing lost), or read in part (something lost,
//! so the converter keeps the original in the extensions).

use chrono::NaiveDate;

use crate::model::codes::tables::{COUNTRIES, LANGUAGES};
use crate::model::{CountryCode, LanguageCode, PartialDate};

/// How a value was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Read<T> {
    /// Exactly as written.
    Exact(T),
    /// As written, in another notation (`00` parts dropped, a code given
    /// in lower case or in another code list): nothing is lost.
    Converted(T),
    /// Only in part (a day that does not exist in its month dropped):
    /// the original must be kept.
    Partial(T),
    /// Not at all.
    Invalid,
}

impl<T> Read<T> {
    /// The value read, if any.
    pub fn value(self) -> Option<T> {
        match self {
            Read::Exact(v) | Read::Converted(v) | Read::Partial(v) => Some(v),
            Read::Invalid => None,
        }
    }
    /// Whether the canonical value holds everything the source said.
    pub fn is_lossless(&self) -> bool {
        matches!(self, Read::Exact(_) | Read::Converted(_))
    }
}

/// Reads a public date: `YYYY/MM/DD`, `YYYY/MM` or `YYYY` (dashes are
/// accepted too), where a `00` month or day means unknown.
///
/// ```
/// use ncblink::interop::quirks::{read_date, Read};
/// use ncblink::model::PartialDate;
/// assert_eq!(read_date("1975/03/21"), Read::Exact("1975-03-21".parse().unwrap()));
/// assert_eq!(read_date("1975/00/00"), Read::Converted(PartialDate::Year(1975)));
/// assert_eq!(read_date("1975/02/30"), Read::Partial(PartialDate::YearMonth(1975, 2)));
/// assert_eq!(read_date("unknown"), Read::Invalid);
/// ```
pub fn read_date(s: &str) -> Read<PartialDate> {
    let s = s.trim();
    let mut parts = s.split(['/', '-']);
    let digits = |p: &str, max: usize| !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit());
    let Some(y) = parts.next().filter(|p| p.len() == 4 && digits(p, 4)) else {
        return Read::Invalid;
    };
    let m = parts.next();
    let d = parts.next();
    if parts.next().is_some() || m.is_some_and(|m| !digits(m, 2)) || d.is_some_and(|d| !digits(d, 2)) {
        return Read::Invalid;
    }
    // `PartialDate` refuses years before 1800; so does this.
    let Ok(year) = y.parse::<u16>() else {
        return Read::Invalid;
    };
    if year < 1800 {
        return Read::Invalid;
    }
    let month: u8 = m.and_then(|m| m.parse().ok()).unwrap_or(0);
    let day: u8 = d.and_then(|d| d.parse().ok()).unwrap_or(0);
    let written_fully = m.is_some_and(|m| m.len() == 2) && d.is_none_or(|d| d.len() == 2);
    match (month, day) {
        (0, 0) if m.is_none() => Read::Exact(PartialDate::Year(year)),
        (0, 0) => Read::Converted(PartialDate::Year(year)),
        // A day without its month cannot be placed.
        (0, _) | (13.., _) => Read::Partial(PartialDate::Year(year)),
        (m, 0) => {
            let v = PartialDate::YearMonth(year, m);
            if d.is_none() && written_fully {
                Read::Exact(v)
            } else {
                Read::Converted(v)
            }
        }
        (m, dd) => match NaiveDate::from_ymd_opt(year.into(), m.into(), dd.into()) {
            Some(date) if written_fully => Read::Exact(PartialDate::Full(date)),
            Some(date) => Read::Converted(PartialDate::Full(date)),
            None => Read::Partial(PartialDate::YearMonth(year, m)),
        },
    }
}

/// Reads a country code: ISO 3166-1 alpha-2 as the service writes it, or
/// in lower case, or as alpha-3 (converted).
///
/// ```
/// use ncblink::interop::quirks::{read_country, Read};
/// assert_eq!(read_country("CO"), Read::Exact("CO".parse().unwrap()));
/// assert_eq!(read_country("col"), Read::Converted("CO".parse().unwrap()));
/// assert_eq!(read_country("Colombia"), Read::Invalid);
/// ```
pub fn read_country(s: &str) -> Read<CountryCode> {
    let t = s.trim();
    let up = t.to_ascii_uppercase();
    match up.len() {
        2 => match up.parse() {
            Ok(c) if up == s => Read::Exact(c),
            Ok(c) => Read::Converted(c),
            Err(_) => Read::Invalid,
        },
        3 => COUNTRIES
            .iter()
            .find(|e| e.alpha3 == up)
            .and_then(|e| e.alpha2.parse().ok())
            .map_or(Read::Invalid, Read::Converted),
        _ => Read::Invalid,
    }
}

/// Reads a language code: ISO 639-2/B in capitals as the service writes it
/// (`FRE`), or its 639-2/T form (`FRA`), ISO 639-1 (`fr`) or lower case,
/// converted. A three-letter code on no list is invalid: it would be a
/// guess.
///
/// ```
/// use ncblink::interop::quirks::{read_language, Read};
/// assert_eq!(read_language("GER"), Read::Exact("GER".parse().unwrap()));
/// assert_eq!(read_language("DEU"), Read::Converted("GER".parse().unwrap()));
/// assert_eq!(read_language("de"), Read::Converted("GER".parse().unwrap()));
/// assert_eq!(read_language("QQQ"), Read::Invalid);
/// ```
pub fn read_language(s: &str) -> Read<LanguageCode> {
    let t = s.trim();
    let up = t.to_ascii_uppercase();
    let lower = t.to_ascii_lowercase();
    let entry = LANGUAGES
        .iter()
        .find(|e| e.bibliographic == up)
        .or_else(|| LANGUAGES.iter().find(|e| e.terminology == up))
        .or_else(|| LANGUAGES.iter().find(|e| !e.alpha2.is_empty() && e.alpha2 == lower));
    match entry.and_then(|e| e.bibliographic.parse::<LanguageCode>().ok()) {
        Some(code) if code.as_str() == s => Read::Exact(code),
        Some(code) => Read::Converted(code),
        None => Read::Invalid,
    }
}

/// Reads a forename: `"-"` (and an empty or blank one) is the service's
/// placeholder for "none".
///
/// ```
/// use ncblink::interop::quirks::forename;
/// assert_eq!(forename("-"), None);
/// assert_eq!(forename(" Ana María "), Some("Ana María"));
/// ```
pub fn forename(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty() && t.chars().any(|c| c.is_alphanumeric())).then_some(t)
}

/// Whether a measurement is the service's `0` ("unknown").
pub fn is_unknown_measurement(v: f64) -> bool {
    v == 0.0
}

/// Normalises free text: `\r\n` and lone `\r` line breaks become `\n`,
/// and surrounding white space goes.
///
/// ```
/// use ncblink::interop::quirks::text;
/// assert_eq!(text("Homicidio agravado\r\nConcierto para delinquir\r\n"), "Homicidio agravado\nConcierto para delinquir");
/// ```
pub fn text(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_observed_form() {
        let full: PartialDate = "1975-03-21".parse().unwrap();
        assert_eq!(read_date("1975/03/21"), Read::Exact(full));
        assert_eq!(read_date("1975-03-21"), Read::Exact(full));
        assert_eq!(read_date("1975/3/21"), Read::Converted(full));
        assert_eq!(read_date("1975/03"), Read::Exact(PartialDate::YearMonth(1975, 3)));
        assert_eq!(
            read_date("1975/03/00"),
            Read::Converted(PartialDate::YearMonth(1975, 3))
        );
        assert_eq!(read_date("1975"), Read::Exact(PartialDate::Year(1975)));
        assert_eq!(read_date("1975/00"), Read::Converted(PartialDate::Year(1975)));
        assert_eq!(read_date("1975/00/21"), Read::Partial(PartialDate::Year(1975)));
        assert_eq!(read_date("1975/13/01"), Read::Partial(PartialDate::Year(1975)));
        for bad in ["", "75/03/21", "0000/00/00", "1975/03/21/1", "1975/xx", "1700"] {
            assert_eq!(read_date(bad), Read::Invalid, "{bad}");
        }
    }

    #[test]
    fn codes_in_other_forms_are_converted() {
        assert_eq!(read_country("fr"), Read::Converted("FR".parse().unwrap()));
        assert_eq!(read_country("DEU"), Read::Converted("DE".parse().unwrap()));
        assert_eq!(read_country("1"), Read::Invalid);
        assert_eq!(read_language("fre"), Read::Converted("FRE".parse().unwrap()));
        assert_eq!(read_language("SPA"), Read::Exact("SPA".parse().unwrap()));
    }

    #[test]
    fn placeholders() {
        assert_eq!(forename(""), None);
        assert_eq!(forename(" - "), None);
        assert!(is_unknown_measurement(0.0));
        assert!(!is_unknown_measurement(1.7));
    }
}
