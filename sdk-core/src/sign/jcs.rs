//! The signing input of a JSON document as it travelled: the RFC 8785
//! (JCS) canonical form of the received bytes, parsed strictly.
//!
//! A document JCS cannot give one meaning to is refused before anything
//! is canonicalised, because two implementations would sign or verify
//! different bytes for it: duplicate member names (serde_json alone keeps
//! the last one, another parser may keep the first), lone surrogates in
//! strings, numbers outside the IEEE-754 double range. Numbers are
//! rendered as ECMAScript renders doubles (`1.0` and `1e2` become `1` and
//! `100`, `-0` becomes `0`), so what a standard implementation signs, we
//! verify.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::SignatureError;
use crate::json::MAX_DOCUMENT_BYTES;

/// The member of a signed document that carries its signature; it is left
/// out of the signing input.
pub const SIGNATURE_MEMBER: &str = "signature";

/// Parses `bytes` as one JSON value, refusing what JCS cannot canonicalise
/// unambiguously (duplicate member names, lone surrogates, numbers outside
/// the double range, anything after the value).
///
/// ```
/// use ncblink::sign::parse_strict;
/// assert!(parse_strict(br#"{"a": 1, "a": 2}"#).unwrap_err().to_string().contains("duplicate member name `a`"));
/// assert!(parse_strict(br#"{"a": 1e400}"#).is_err());
/// assert!(parse_strict(br#"{"a": "\ud800"}"#).is_err());
/// ```
pub fn parse_strict(bytes: &[u8]) -> Result<Value, SignatureError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(SignatureError::NotCanonical(format!(
            "the document is {} bytes; the limit is {MAX_DOCUMENT_BYTES}",
            bytes.len()
        )));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = StrictSeed
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| SignatureError::NotCanonical(e.to_string()))?;
    Ok(value)
}

/// The RFC 8785 canonical form of a value.
pub fn canonical(value: &Value) -> Result<Vec<u8>, SignatureError> {
    serde_json_canonicalizer::to_vec(value).map_err(|e| SignatureError::NotCanonical(e.to_string()))
}

/// The bytes a signature covers: the canonical form of the JSON object in
/// `bytes` without its top-level `signature` member.
///
/// ```
/// let input = ncblink::sign::signing_input_json(br#"{"b": 1.50, "a": 1e2, "signature": {}}"#).unwrap();
/// assert_eq!(input, br#"{"a":100,"b":1.5}"#);
/// ```
pub fn signing_input_json(bytes: &[u8]) -> Result<Vec<u8>, SignatureError> {
    let mut value = parse_strict(bytes)?;
    let Some(map) = value.as_object_mut() else {
        return Err(SignatureError::NotCanonical(
            "a signed document is a JSON object".into(),
        ));
    };
    map.remove(SIGNATURE_MEMBER);
    canonical(&value)
}

/// Builds a `serde_json::Value` like serde_json does, but fails on a
/// repeated member name.
struct StrictSeed;

impl<'de> DeserializeSeed<'de> for StrictSeed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a number outside the IEEE-754 double range"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(StrictSeed)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(name) = map.next_key::<String>()? {
            if out.contains_key(&name) {
                return Err(A::Error::custom(format!("duplicate member name `{name}`")));
            }
            let v = map.next_value_seed(StrictSeed)?;
            out.insert(name, v);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jcs(text: &str) -> String {
        String::from_utf8(canonical(&parse_strict(text.as_bytes()).unwrap()).unwrap()).unwrap()
    }

    #[test]
    fn numbers_take_their_ecmascript_form() {
        for (input, want) in [
            ("1.0", "1"),
            ("1e2", "100"),
            ("-0", "0"),
            ("-0.0", "0"),
            ("5e-324", "5e-324"),
            ("1.82", "1.82"),
            ("1e21", "1e+21"),
            ("1e-7", "1e-7"),
            ("0.000001", "0.000001"),
            ("9007199254740993", "9007199254740992"),
            ("1.7976931348623157e308", "1.7976931348623157e+308"),
        ] {
            assert_eq!(jcs(input), want, "{input}");
        }
    }

    #[test]
    fn ambiguous_documents_are_refused_with_the_reason() {
        let dup = parse_strict(br#"{"a":{"b":1,"b":1}}"#).unwrap_err().to_string();
        assert!(dup.contains("duplicate member name `b`"), "{dup}");
        let big = parse_strict(br#"[1e309]"#).unwrap_err().to_string();
        assert!(big.contains("out of range"), "{big}");
        let lone = parse_strict(br#"["\udc00x"]"#).unwrap_err().to_string();
        assert!(lone.contains("surrogate"), "{lone}");
        assert!(parse_strict(b"{} {}").is_err());
        assert!(signing_input_json(b"[1]").is_err());
    }

    #[test]
    fn members_sort_by_utf16_code_units_and_signature_is_left_out() {
        // U+1F600 (a surrogate pair) sorts before U+FB33 in UTF-16 order,
        // after it in code point order.
        let input =
            signing_input_json("{\"\u{fb33}\":1,\"\u{1f600}\":2,\"signature\":{\"kid\":\"x\"}}".as_bytes()).unwrap();
        assert_eq!(String::from_utf8(input).unwrap(), "{\"\u{1f600}\":2,\"\u{fb33}\":1}");
    }
}
