//! Documents of an invented contract version 1.1 (`tests/vectors/future/`)
//! read by this 1.0 SDK: no error, every unknown member and value kept and
//! written back unchanged, each visible to the application, and each
//! reported by validation before it could be sent.

use ncblink::model::{Body, Envelope, EyeColour, SchemaVersion};
use ncblink::validate::validate;
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/future/");

/// `(raw document, its manifest entry)` for every future document.
fn documents() -> Vec<(Vec<u8>, Value)> {
    let manifest: Value = serde_json::from_slice(&std::fs::read(format!("{DIR}manifest.json")).unwrap()).unwrap();
    let docs = manifest["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 3, "message, diffusion, new body kind");
    docs.iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap().trim_start_matches("future/");
            (std::fs::read(format!("{DIR}{file}")).unwrap(), d.clone())
        })
        .collect()
}

#[test]
fn a_later_minor_version_is_read_and_written_back_unchanged() {
    for (raw, entry) in documents() {
        let file = entry["file"].as_str().unwrap();
        let env: Envelope = ncblink::json::parse(&raw).unwrap_or_else(|e| panic!("{file}: {e:?}"));
        assert_eq!(env.schema_version, SchemaVersion { major: 1, minor: 1 }, "{file}");
        let original: Value = serde_json::from_slice(&raw).unwrap();
        // Through the bytes written, as the document travels on.
        let mut again: Value = serde_json::from_slice(&serde_json::to_vec(&env).unwrap()).unwrap();
        // The one known member written when absent: empty access lists.
        if original.get("access").is_none() && again["access"] == serde_json::json!({}) {
            again.as_object_mut().unwrap().remove("access");
        }
        // Nothing lost, nothing added, nothing changed.
        assert_eq!(again, original, "{file}");
        for (pointer, part) in entry["unknown_members"].as_object().unwrap() {
            let kept = again
                .pointer(pointer)
                .unwrap_or_else(|| panic!("{file}: {pointer} lost"));
            assert_eq!(
                serde_json::to_string(kept).unwrap(),
                serde_json::to_string(part).unwrap(),
                "{file}{pointer}"
            );
        }
    }
}

#[test]
fn unknown_parts_are_shown_to_the_application() {
    for (raw, entry) in documents() {
        let env: Envelope = ncblink::json::parse(&raw).unwrap();
        match entry["file"].as_str().unwrap() {
            "future/message-new-members.json" => {
                assert_eq!(env.extra.get("channel").unwrap()["kind"], "secure");
                assert_eq!(env.classification.extra.get("caveats").unwrap()[0], "EU-ONLY");
                let Body::Message(m) = &env.body else {
                    panic!("a message")
                };
                assert_eq!(m.extra.get("priority").unwrap(), "urgent");
                assert_eq!(m.text.extra.get("script").unwrap()["iso15924"], 215);
            }
            "future/diffusion-new-values.json" => {
                let Body::Diffusion(d) = &env.body else {
                    panic!("a diffusion")
                };
                let subject = d.subject.as_ref().unwrap();
                assert!(matches!(subject.eyes[0], EyeColour::Unrecognised(v) if v.as_str() == "AMB"));
                assert_eq!(subject.eyes[0].label(ncblink::model::WorkingLanguage::En), None);
                let status = subject.status.unwrap();
                assert!(!status.is_known() && status.as_str() == "person_of_interest");
                assert!(subject.identity_documents[0].extra.get("chip").is_some());
            }
            "future/new-body-kind.json" => {
                let Body::Unknown { kind, value } = &env.body else {
                    panic!("an unknown kind")
                };
                assert_eq!((kind.as_str(), value["members"][1].as_str()), ("case_file", Some("DE")));
                assert_eq!(env.body.kind(), "case_file");
            }
            other => panic!("unexpected future document {other}"),
        }
    }
}

#[test]
fn a_sender_learns_of_every_unknown_part() {
    for (raw, entry) in documents() {
        let file = entry["file"].as_str().unwrap();
        let env: Envelope = ncblink::json::parse(&raw).unwrap();
        let report = validate(&env);
        let mut reported: Vec<(&str, &str)> = report
            .violations
            .iter()
            .filter(|v| ncblink::wire::is_newer_minor_part(v))
            .map(|v| (v.code.as_ref(), v.pointer.as_str()))
            .collect();
        reported.sort();
        let mut expected: Vec<(&str, &str)> = entry["unknown_members"]
            .as_object()
            .unwrap()
            .keys()
            .map(|p| ("FIELD.UNKNOWN_MEMBER", p.as_str()))
            .chain(
                entry["unknown_values"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .map(|p| ("FIELD.UNKNOWN_VALUE", p.as_str())),
            )
            .collect();
        expected.sort();
        assert_eq!(reported, expected, "{file}");
        // The hub stores and forwards them; a sender refuses them by default.
        assert!(
            !report.violations.iter().any(ncblink::wire::blocks_submission),
            "{file}: {report:?}"
        );
        assert!(
            report
                .violations
                .iter()
                .any(|v| ncblink::wire::blocks_sending(v, false)),
            "{file}"
        );
    }
}

#[test]
fn a_document_without_a_version_is_read_as_1_0() {
    let raw = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/valid/message.json"
    ))
    .unwrap();
    assert!(!String::from_utf8_lossy(&raw).contains("schema_version"));
    let env: Envelope = ncblink::json::parse(&raw).unwrap();
    assert_eq!(env.schema_version, SchemaVersion::CURRENT);
    assert_eq!(serde_json::to_value(&env).unwrap()["schema_version"], "1.0");
}
