//! An envelope as it travelled: the JSON bytes the sender signed, kept
//! as they are, with the model read from them.
//!
//! The hub stores and serves these bytes unchanged, and a receiver
//! verifies them, so a signature made by any standard implementation
//! holds from sender to receiver, and members this version does not know
//! are passed on byte for byte.

use std::ops::Deref;

use schemars::JsonSchema;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::json::ParseError;
use crate::model::Envelope;

/// An envelope and the JSON text it was read from; serialises back to
/// that text. Derefs to the [`Envelope`].
///
/// ```
/// use ncblink::sign::SignedEnvelope;
/// let text = std::fs::read("../tests/vectors/valid/message.json").unwrap();
/// let env = SignedEnvelope::from_json(&text).unwrap();
/// assert_eq!(env.source.as_str(), "FR");
/// assert_eq!(serde_json::to_string(&env).unwrap(), env.raw());
/// ```
#[derive(Clone, Debug)]
pub struct SignedEnvelope {
    raw: Box<RawValue>,
    envelope: Envelope,
}

impl SignedEnvelope {
    /// Reads an envelope from the bytes received; the error names the field.
    pub fn from_json(bytes: &[u8]) -> Result<SignedEnvelope, ParseError> {
        let envelope = crate::json::parse::<Envelope>(bytes)?;
        let raw = serde_json::from_slice::<Box<RawValue>>(bytes).map_err(|e| ParseError {
            code: "JSON.SYNTAX",
            pointer: String::new(),
            message: e.to_string(),
        })?;
        Ok(SignedEnvelope { raw, envelope })
    }

    /// Serialises `envelope` once; those bytes are what travels.
    pub fn from_envelope(envelope: Envelope) -> Result<SignedEnvelope, serde_json::Error> {
        let raw = serde_json::value::to_raw_value(&envelope)?;
        Ok(SignedEnvelope { raw, envelope })
    }

    /// The JSON text as it travelled.
    pub fn raw(&self) -> &str {
        self.raw.get()
    }

    /// The model read from it.
    pub fn envelope(&self) -> &Envelope {
        &self.envelope
    }

    /// The model, without the text.
    pub fn into_envelope(self) -> Envelope {
        self.envelope
    }
}

impl Deref for SignedEnvelope {
    type Target = Envelope;

    fn deref(&self) -> &Envelope {
        &self.envelope
    }
}

impl PartialEq for SignedEnvelope {
    fn eq(&self, other: &Self) -> bool {
        self.raw.get() == other.raw.get()
    }
}

impl Serialize for SignedEnvelope {
    /// The text as it travelled, through serde_json (which alone knows a
    /// raw value); through any other serializer (Python objects in the
    /// binding), the JSON value of that text, which has the same canonical
    /// form.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if std::any::type_name::<S>().contains("serde_json::") {
            return self.raw.serialize(s);
        }
        let value: serde_json::Value = serde_json::from_str(self.raw.get()).map_err(serde::ser::Error::custom)?;
        value.serialize(s)
    }
}

impl<'de> Deserialize<'de> for SignedEnvelope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        let envelope = serde_json::from_str(raw.get()).map_err(D::Error::custom)?;
        Ok(SignedEnvelope { raw, envelope })
    }
}

impl JsonSchema for SignedEnvelope {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        Envelope::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        Envelope::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Envelope::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_json_writes_the_text_received_and_reads_it_back() {
        let text = std::fs::read("../tests/vectors/valid/red-notice.json").unwrap();
        let env = SignedEnvelope::from_json(&text).unwrap();
        assert_eq!(serde_json::to_vec(&env).unwrap(), text.trim_ascii());
        let value = serde_json::to_value(&env).unwrap();
        assert_eq!(value["body"]["notice"]["red"]["subject"]["height_m"], 1.82);
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::new(&mut out);
        env.serialize(&mut ser).unwrap();
        assert_eq!(out, text.trim_ascii());
        let back: SignedEnvelope = serde_json::from_slice(&out).unwrap();
        assert_eq!(back, env);
    }
}
