//! The previous release's documents (tests/fixtures/wire-0.1/, written
//! before the contract had a version) read by the current SDK: valid, read
//! as contract 1.0, and written back with nothing changed but the version
//! the current SDK states (issue 12's "older client" test; the other
//! direction is tests/older_client.py, against that release's schemas).

use chrono::{TimeZone, Utc};
use ncblink::model::{Envelope, SchemaVersion};
use ncblink::validate::{DocumentKind, validate_json_at};
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/wire-0.1/documents/");

fn documents() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    assert_eq!(out.len(), 5, "notice, diffusion, message, check, record");
    out
}

#[test]
fn the_previous_release_documents_are_valid_today() {
    // The vectors' fixed clock (tests/vectors/manifest.json).
    let now = Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap();
    for (file, raw) in documents() {
        let kind = DocumentKind::detect(&raw).unwrap_or_else(|| panic!("{file}: kind not detected"));
        let report = validate_json_at(kind, &raw, now);
        assert!(report.is_ok(), "{file}: {:?}", report.violations);
    }
}

#[test]
fn an_unversioned_envelope_is_read_as_1_0_and_written_back_unchanged() {
    let mut envelopes = 0;
    for (file, raw) in documents() {
        let original: Value = serde_json::from_slice(&raw).unwrap();
        if original.get("body").is_none() {
            continue;
        }
        envelopes += 1;
        assert!(
            original.get("schema_version").is_none(),
            "{file}: the fixture predates the version"
        );
        let env: Envelope = ncblink::json::parse(&raw).unwrap_or_else(|e| panic!("{file}: {e:?}"));
        assert_eq!(env.schema_version, SchemaVersion { major: 1, minor: 0 }, "{file}");
        let mut again: Value = serde_json::from_slice(&serde_json::to_vec(&env).unwrap()).unwrap();
        let written = again.as_object_mut().unwrap();
        assert_eq!(written.remove("schema_version"), Some(Value::from("1.0")), "{file}");
        if original.get("access").is_none() && written.get("access") == Some(&serde_json::json!({})) {
            written.remove("access");
        }
        assert_eq!(again, original, "{file}");
    }
    assert_eq!(envelopes, 3, "notice, diffusion, message");
}
