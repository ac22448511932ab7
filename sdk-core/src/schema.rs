//! The JSON Schemas (draft 2020-12) of the top-level documents, generated
//! from the model. `cargo xtask schemas` writes them to `schemas/`, where
//! other languages' tooling reads them; `cargo xtask test` fails when the
//! committed files drift from the code.

use schemars::{JsonSchema, generate::SchemaSettings};
use serde_json::Value;

use crate::model::query::{Check, CheckResult, Record, RecordView};
use crate::model::{Envelope, SchemaVersion};
use crate::validate::Report;

fn schema_of<T: JsonSchema>(id: &str) -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<T>();
    let mut value = serde_json::to_value(schema).unwrap_or(Value::Null);
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "$id".into(),
            // The contract version is part of the identity of its schemas.
            Value::String(format!(
                "https://ncblink.invalid/schemas/{}/{id}.schema.json",
                SchemaVersion::CURRENT
            )),
        );
    }
    value
}

/// Every published schema as `(name, schema)`; the file is
/// `schemas/<name>.schema.json`.
///
/// ```
/// let all = ncblink::schema::all();
/// assert!(all.iter().any(|(name, s)| *name == "envelope" && s["$schema"].as_str().unwrap().contains("2020-12")));
/// assert!(all.iter().all(|(_, s)| s["$id"].as_str().unwrap().contains("/schemas/1.0/")));
/// ```
pub fn all() -> Vec<(&'static str, Value)> {
    vec![
        ("envelope", schema_of::<Envelope>("envelope")),
        ("check", schema_of::<Check>("check")),
        ("record", schema_of::<Record>("record")),
        ("check-result", schema_of::<CheckResult>("check-result")),
        ("record-view", schema_of::<RecordView>("record-view")),
        ("report", schema_of::<Report>("report")),
    ]
}
