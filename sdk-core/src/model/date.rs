//! Partial dates: a year, a year and month, or a full date, as police
//! records know them (`1972`, `1972-05`, `1972-05-17`).

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date known to the year, the month or the day.
///
/// ```
/// use ncblink::model::PartialDate;
/// let d: PartialDate = "1972-05".parse().unwrap();
/// assert_eq!(d, PartialDate::YearMonth(1972, 5));
/// assert!("1972-02-30".parse::<PartialDate>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum PartialDate {
    /// Only the year.
    Year(u16),
    /// Year and month (1–12).
    YearMonth(u16, u8),
    /// A full calendar date.
    Full(NaiveDate),
}

/// Why a string is not a partial date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")]
pub struct PartialDateError(pub String);

impl PartialDate {
    /// The year.
    pub fn year(&self) -> u16 {
        match *self {
            PartialDate::Year(y) | PartialDate::YearMonth(y, _) => y,
            PartialDate::Full(d) => d.year() as u16,
        }
    }

    /// The earliest calendar day the date can denote.
    pub fn earliest(&self) -> NaiveDate {
        match *self {
            PartialDate::Year(y) => NaiveDate::from_ymd_opt(y.into(), 1, 1),
            PartialDate::YearMonth(y, m) => NaiveDate::from_ymd_opt(y.into(), m.into(), 1),
            PartialDate::Full(d) => Some(d),
        }
        .unwrap_or(NaiveDate::MIN)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartialDate::Year(y) => write!(f, "{y:04}"),
            PartialDate::YearMonth(y, m) => write!(f, "{y:04}-{m:02}"),
            PartialDate::Full(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

fn num(s: &str, len: usize) -> Option<u32> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

impl FromStr for PartialDate {
    type Err = PartialDateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || PartialDateError(s.chars().take(32).collect());
        let mut parts = s.split('-');
        let y = parts
            .next()
            .and_then(|p| num(p, 4))
            .filter(|y| *y >= 1800)
            .ok_or_else(err)? as u16;
        let m = match parts.next() {
            None => return Ok(PartialDate::Year(y)),
            Some(p) => num(p, 2).filter(|m| (1..=12).contains(m)).ok_or_else(err)? as u8,
        };
        let d = match parts.next() {
            None => return Ok(PartialDate::YearMonth(y, m)),
            Some(p) => num(p, 2).ok_or_else(err)?,
        };
        if parts.next().is_some() {
            return Err(err());
        }
        NaiveDate::from_ymd_opt(y.into(), m.into(), d)
            .map(PartialDate::Full)
            .ok_or_else(err)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A named newtype lets the validation walker find every date.
        struct AsText<'a>(&'a PartialDate);
        impl Serialize for AsText<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self.0)
            }
        }
        s.serialize_newtype_struct(crate::validate::fields::DATE, &AsText(self))
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for PartialDate {
    fn schema_name() -> Cow<'static, str> {
        "PartialDate".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
            "description": "A year, year-month or full date (YYYY, YYYY-MM, YYYY-MM-DD)",
            "examples": ["1972", "1972-05", "1972-05-17"]
        })
    }
}
