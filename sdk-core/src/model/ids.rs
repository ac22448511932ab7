//! Identifiers: INTERPOL notice ids (`2024/41872`), message ids (UUIDv7)
//! and NCB codes.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::codes::CountryCode;

/// A message id: a UUIDv7, also used as the `Idempotency-Key` of the write
/// that carries it.
pub type MessageId = uuid::Uuid;

/// Creates a new message id (UUIDv7: time-ordered, so ids sort by creation).
pub fn new_message_id() -> MessageId {
    uuid::Uuid::now_v7()
}

/// An INTERPOL notice id: year and serial, written `2024/41872`; in URLs the
/// slash becomes a dash (`2024-41872`).
///
/// ```
/// use ncblink::model::NoticeId;
/// let id: NoticeId = "2024/41872".parse().unwrap();
/// assert_eq!(id.url_form(), "2024-41872");
/// assert_eq!("2024-41872".parse::<NoticeId>().unwrap(), id);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct NoticeId {
    /// The year the notice was recorded.
    pub year: u16,
    /// The serial within the year (variable width).
    pub serial: u32,
}

/// Why a string is not a [`NoticeId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an INTERPOL notice id (expected YEAR/SERIAL such as 2024/41872)")]
pub struct NoticeIdError(pub String);

impl NoticeId {
    /// The form used in URL paths: `2024-41872`.
    pub fn url_form(&self) -> String {
        format!("{}-{}", self.year, self.serial)
    }
}

impl fmt::Display for NoticeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.year, self.serial)
    }
}

impl FromStr for NoticeId {
    type Err = NoticeIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || NoticeIdError(s.chars().take(64).collect());
        let (y, n) = s.split_once(['/', '-']).ok_or_else(err)?;
        let digits = |p: &str, max: usize| !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit());
        if y.len() != 4 || !digits(y, 4) || !digits(n, 9) {
            return Err(err());
        }
        Ok(NoticeId {
            year: y.parse().map_err(|_| err())?,
            serial: n.parse().map_err(|_| err())?,
        })
    }
}

impl Serialize for NoticeId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for NoticeId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for NoticeId {
    fn schema_name() -> Cow<'static, str> {
        "NoticeId".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}[/-][0-9]{1,9}$",
            "description": "INTERPOL notice id YEAR/SERIAL (URL form YEAR-SERIAL)",
            "examples": ["2024/41872"]
        })
    }
}

/// A National Central Bureau, named by its country's ISO 3166-1 alpha-2 code
/// (`FR` is NCB Paris, `DE` NCB Wiesbaden).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct NcbCode(pub CountryCode);

impl NcbCode {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Debug for NcbCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NcbCode({})", self.as_str())
    }
}

impl fmt::Display for NcbCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for NcbCode {
    type Err = super::codes::CodeFormatError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(NcbCode(s.parse()?))
    }
}
