//! What lets the contract grow (docs/compatibility.md): the contract
//! version every envelope carries, the members of a later minor version
//! that a struct keeps ([`Extensions`]), and the enum values it keeps
//! ([`UnknownValue`], via the `open_enum!` macro).
//!
//! Receivers are tolerant: a document of a newer minor version parses, and
//! its unknown parts are written back unchanged. Senders are strict: both
//! kinds of unknown part serialise through a named newtype that serde_json
//! writes transparently but the validation walker recognises, so
//! `validate` reports each one (`FIELD.UNKNOWN_MEMBER`,
//! `FIELD.UNKNOWN_VALUE`) with its JSON Pointer.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// The name under which an unknown member's value announces itself to the
/// validation walker.
pub(crate) const UNKNOWN_MEMBER: &str = "ncblink::UnknownMember";
/// The name under which an unknown enum value announces itself.
pub(crate) const UNKNOWN_VALUE: &str = "ncblink::UnknownValue";

/// A contract version, `MAJOR.MINOR` (`1.0`).
///
/// ```
/// use ncblink::model::SchemaVersion;
/// let v: SchemaVersion = "1.3".parse().unwrap();
/// assert!(v.is_supported() && v > SchemaVersion::CURRENT);
/// assert!("2.0".parse::<SchemaVersion>().unwrap().check_supported().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct SchemaVersion {
    /// Changes only when a document of the new version cannot be read by a
    /// receiver of the old one.
    pub major: u16,
    /// Grows with each backward-compatible addition.
    pub minor: u16,
}

/// Why a contract version cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    /// Not `MAJOR.MINOR`.
    #[error("`{0}` is not a contract version (expected MAJOR.MINOR such as 1.0)")]
    Format(String),
    /// A major version this SDK does not read.
    #[error(
        "unsupported contract version {0}: this SDK reads contract version {major}.x (up to {current}); upgrade ncblink to read it",
        major = SchemaVersion::CURRENT.major,
        current = SchemaVersion::CURRENT
    )]
    Unsupported(SchemaVersion),
}

impl SchemaVersion {
    /// The version this SDK writes.
    pub const CURRENT: SchemaVersion = SchemaVersion { major: 1, minor: 0 };

    /// Whether this SDK reads documents of this version (same major; a
    /// later minor is read with its unknown parts kept).
    pub fn is_supported(&self) -> bool {
        self.major == Self::CURRENT.major
    }

    /// `Ok` when [`is_supported`](Self::is_supported), else an error that
    /// names the version.
    pub fn check_supported(self) -> Result<Self, VersionError> {
        if self.is_supported() {
            Ok(self)
        } else {
            Err(VersionError::Unsupported(self))
        }
    }
}

impl Default for SchemaVersion {
    /// A document without `schema_version` predates it: 1.0.
    fn default() -> Self {
        SchemaVersion { major: 1, minor: 0 }
    }
}

impl fmt::Display for SchemaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for SchemaVersion {
    type Err = VersionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || VersionError::Format(s.chars().take(32).collect());
        let (major, minor) = s.split_once('.').ok_or_else(err)?;
        let number = |p: &str| {
            if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                p.parse::<u16>().ok()
            }
        };
        Ok(SchemaVersion {
            major: number(major).ok_or_else(err)?,
            minor: number(minor).ok_or_else(err)?,
        })
    }
}

impl Serialize for SchemaVersion {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SchemaVersion {
    /// Refuses a major version this SDK does not read: reading it as 1.x
    /// could misread a member whose meaning changed.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(d)?;
        s.parse::<SchemaVersion>()
            .and_then(SchemaVersion::check_supported)
            .map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for SchemaVersion {
    fn schema_name() -> Cow<'static, str> {
        "SchemaVersion".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^1\\.[0-9]{1,4}$",
            "description": "The contract version the document follows (MAJOR.MINOR); absent means 1.0. A receiver reads any 1.x and refuses another major.",
            "examples": ["1.0"]
        })
    }
}

/// The members of a later minor version that a struct does not know, kept
/// in their order of arrival and written back unchanged.
///
/// ```
/// use ncblink::model::query::Plate;
/// let p: Plate = serde_json::from_str(r#"{"country":"FR","number":"AB-123-CD","region":"75"}"#).unwrap();
/// assert_eq!(p.extra.get("region").and_then(|v| v.as_str()), Some("75"));
/// assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"country":"FR","number":"AB-123-CD","region":"75"}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extensions(pub Map<String, Value>);

impl Extensions {
    /// Whether no unknown member was received.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The unknown member `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// The unknown members' names and values.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter()
    }
}

/// An unknown member's value, marked for the validation walker.
struct Marked<'a, T: ?Sized>(&'a T);

impl<T: Serialize + ?Sized> Serialize for Marked<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(UNKNOWN_MEMBER, self.0)
    }
}

impl Serialize for Extensions {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, &Marked(v))?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Extensions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Map::deserialize(d).map(Extensions)
    }
}

impl JsonSchema for Extensions {
    fn schema_name() -> Cow<'static, str> {
        "Extensions".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // Flattened into the parent: the parent allows members of a later
        // minor version.
        json_schema!({ "type": "object", "additionalProperties": true })
    }
}

/// The longest enum value a receiver keeps: values are identifiers
/// (docs/compatibility.md), and a bound keeps the enums `Copy`.
pub const MAX_VALUE_BYTES: usize = 47;

/// An enum value of a later minor version, kept as received: an identifier
/// of ASCII letters, digits and `_-+.`, at most [`MAX_VALUE_BYTES`] bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue {
    len: u8,
    bytes: [u8; MAX_VALUE_BYTES],
}

/// Why a string cannot be kept as an [`UnknownValue`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{value}` is not a value of {list}, nor one a later version may add (an identifier of ASCII letters, digits and `_-+.`, {MAX_VALUE_BYTES} bytes at most)"
)]
pub struct ValueError {
    /// The start of the offending value.
    pub value: String,
    /// The list it was read for.
    pub list: &'static str,
}

impl UnknownValue {
    /// Keeps `s` when it fits; `list` names the enum for the error.
    pub fn new(s: &str, list: &'static str) -> Result<Self, ValueError> {
        let identifier = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'.');
        if s.is_empty() || s.len() > MAX_VALUE_BYTES || !s.bytes().all(identifier) {
            return Err(ValueError {
                value: s.chars().take(64).collect(),
                list,
            });
        }
        let mut bytes = [0u8; MAX_VALUE_BYTES];
        bytes[..s.len()].copy_from_slice(s.as_bytes());
        Ok(UnknownValue {
            len: s.len() as u8,
            bytes,
        })
    }

    /// The value as received.
    pub fn as_str(&self) -> &str {
        // Copied from a `&str` at a char boundary: always UTF-8.
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }

    /// Serialises the value marked for the validation walker.
    pub(crate) fn serialize_marked<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(UNKNOWN_VALUE, self.as_str())
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The JSON Schema of an open enum: every known value (`const` with its
/// description), and any other string, which a later minor may add.
pub(crate) fn open_enum_schema(description: &str, known: &[(&str, &str)]) -> Schema {
    let mut any_of: Vec<Value> = known
        .iter()
        .map(|(code, doc)| {
            let mut v = Map::new();
            v.insert("const".into(), Value::String((*code).into()));
            if !doc.is_empty() {
                v.insert("description".into(), Value::String((*doc).into()));
            }
            Value::Object(v)
        })
        .collect();
    any_of.push(serde_json::json!({
        "type": "string",
        "description": "A value added by a later minor version: kept and shown by receivers, refused by senders."
    }));
    let mut root = Map::new();
    if !description.is_empty() {
        root.insert("description".into(), Value::String(description.into()));
    }
    root.insert("anyOf".into(), Value::Array(any_of));
    Schema::from(root)
}

/// Declares an open enum: its known values with their wire codes, and
/// `Unknown(UnknownValue)` for a value of a later minor version. Generates
/// `as_str`, `from_code`, `is_known`, `KNOWN`, serde and JSON Schema.
macro_rules! open_enum {
    ($(#[doc = $doc:literal])* $(#[derive($($extra:ident),*)])? $name:ident {
        $($(#[doc = $vdoc:literal])* $var:ident = $code:literal),+ $(,)?
    }) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug $($(, $extra)*)?)]
        pub enum $name {
            $($(#[doc = $vdoc])* $var,)+
            /// A value of a later minor version, kept as received.
            Unrecognised($crate::model::open::UnknownValue),
        }

        impl $name {
            /// Every value this version knows.
            pub const KNOWN: &'static [$name] = &[$($name::$var),+];

            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$var => $code,)+
                    $name::Unrecognised(v) => v.as_str(),
                }
            }

            /// The wire code of a known value, `None` for a later version's.
            pub fn known_code(&self) -> Option<&'static str> {
                match self {
                    $($name::$var => Some($code),)+
                    $name::Unrecognised(_) => None,
                }
            }

            /// The known value for a wire code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $($code => Some($name::$var),)+
                    _ => None,
                }
            }

            /// Whether this version knows the value.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unrecognised(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $name::Unrecognised(v) => v.serialize_marked(s),
                    known => s.serialize_str(known.as_str()),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = ::std::borrow::Cow::<str>::deserialize(d)?;
                match $name::from_code(&s) {
                    Some(v) => Ok(v),
                    None => $crate::model::open::UnknownValue::new(&s, stringify!($name))
                        .map($name::Unrecognised)
                        .map_err(::serde::de::Error::custom),
                }
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                $crate::model::open::open_enum_schema(
                    concat!($($doc, "\n"),*).trim(),
                    &[$(($code, concat!($($vdoc),*).trim())),+],
                )
            }
        }
    };
}

pub(crate) use open_enum;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NoticeStatus, Sex};

    #[test]
    fn a_later_value_is_kept_and_anything_else_refused_naming_the_list() {
        let s: NoticeStatus = serde_json::from_str("\"under_appeal\"").unwrap();
        assert!(!s.is_known() && s.as_str() == "under_appeal" && s.known_code().is_none());
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"under_appeal\"");
        assert_eq!(serde_json::from_str::<Sex>("\"U\"").unwrap(), Sex::Unknown);
        for bad in [
            "\"lost in space\"",
            "\"\"",
            &format!("\"{}\"", "a".repeat(MAX_VALUE_BYTES + 1)),
        ] {
            let e = serde_json::from_str::<NoticeStatus>(bad).unwrap_err().to_string();
            assert!(e.contains("not a value of NoticeStatus"), "{e}");
        }
    }
}
