//! Runs the shared vectors of tests/vectors: every document gives the
//! verdict and exactly the codes its manifest entry lists. The C and Python
//! tests run the same files, so the three languages cannot disagree.

use std::collections::BTreeSet;
use std::path::PathBuf;

use ncblink::validate::{DocumentKind, validate_json_at};

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

#[test]
fn every_vector_gives_its_verdict_and_codes() {
    let dir = vectors_dir();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).expect("manifest")).expect("manifest JSON");
    let now = manifest["now"].as_str().expect("now").parse().expect("now is RFC 3339");
    let vectors = manifest["vectors"].as_array().expect("vectors");
    assert!(vectors.len() >= 40, "at least 40 vectors, got {}", vectors.len());
    let mut failures = Vec::new();
    for v in vectors {
        let file = v["file"].as_str().expect("file");
        let kind = DocumentKind::from_name(v["kind"].as_str().expect("kind")).expect("known kind");
        let input = std::fs::read(dir.join(file)).expect("vector file");
        let report = validate_json_at(kind, &input, now);
        let got: BTreeSet<&str> = report.violations.iter().map(|x| x.code.as_ref()).collect();
        let want: BTreeSet<&str> = v["codes"]
            .as_array()
            .expect("codes")
            .iter()
            .filter_map(|c| c.as_str())
            .collect();
        let valid = v["valid"].as_bool().expect("valid");
        if got != want || report.is_ok() != valid {
            failures.push(format!(
                "{file}: want valid={valid} {want:?}, got valid={} {got:?}\n{report}",
                report.is_ok()
            ));
        }
        // Auto-detection agrees with the manifest's kind for readable documents.
        if let Some(detected) = DocumentKind::detect(&input) {
            assert_eq!(detected, kind, "{file}: detected kind");
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors disagree:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
}

#[test]
fn every_notice_type_has_valid_and_invalid_vectors() {
    let dir = vectors_dir();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    for t in ncblink::model::notice::NoticeType::ALL {
        let key = format!("\"{}\"", t.as_str());
        let (mut valid, mut invalid) = (false, false);
        for v in manifest["vectors"].as_array().unwrap() {
            let text = std::fs::read_to_string(dir.join(v["file"].as_str().unwrap())).unwrap_or_default();
            if text.contains(&format!("{key}: {{")) {
                if v["valid"].as_bool().unwrap() && v["codes"].as_array().unwrap().is_empty() {
                    valid = true;
                } else if !v["valid"].as_bool().unwrap() {
                    invalid = true;
                }
            }
        }
        assert!(valid, "no valid vector for {}", t.as_str());
        assert!(invalid, "no invalid vector for {}", t.as_str());
    }
}
