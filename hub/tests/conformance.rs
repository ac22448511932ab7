//! Cross-implementation conformance of signatures: every valid envelope
//! vector is signed by an independent implementation (Python `rfc8785` +
//! `cryptography`, tests/conformance/standard_signer.py) and verified by
//! sdk-core and by the hub; and signed by sdk-core and verified by the
//! Python one. The Python is `NCBLINK_CONFORMANCE_PYTHON` (`cargo xtask
//! test` sets it to its venv); without it, the test makes a venv of its own
//! under target/ with the pins of tests/conformance/requirements.txt, so a
//! plain `cargo test` checks the same.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::start_with;
use ncblink::sign::{sign_json, verify_json};
use ncblink_hub::HubConfig;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A Python with `rfc8785` and `cryptography`: the one named by
/// `NCBLINK_CONFORMANCE_PYTHON`, else a venv made once under target/.
fn interpreter() -> PathBuf {
    if let Some(py) = std::env::var_os("NCBLINK_CONFORMANCE_PYTHON") {
        return PathBuf::from(py);
    }
    let dir = root().join("target/conformance-venv");
    let py = dir.join("bin/python");
    let ready = dir.join(".installed");
    if !ready.exists() {
        let ok = |c: &mut Command| c.status().map(|s| s.success()).unwrap_or(false);
        assert!(
            ok(Command::new("python3").args(["-m", "venv"]).arg(&dir)),
            "python3 -m venv {}: a Python 3 with venv is needed for this test",
            dir.display()
        );
        assert!(
            ok(Command::new(&py)
                .args(["-m", "pip", "install", "-q", "--disable-pip-version-check", "-r"])
                .arg(root().join("tests/conformance/requirements.txt"))),
            "pip install -r tests/conformance/requirements.txt into {}",
            dir.display()
        );
        std::fs::write(&ready, b"").unwrap();
    }
    py
}

fn python(args: &[&str]) -> String {
    let out = Command::new(interpreter())
        .arg(root().join("tests/conformance/standard_signer.py"))
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "standard_signer.py {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The valid envelope vectors, copied to `dir`.
fn envelope_vectors(dir: &Path) -> usize {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("tests/vectors/manifest.json")).unwrap()).unwrap();
    std::fs::create_dir_all(dir).unwrap();
    let mut n = 0;
    for v in manifest["vectors"].as_array().unwrap() {
        if v["valid"] == true && v["kind"] == "envelope" {
            let file = v["file"].as_str().unwrap();
            let name = Path::new(file).file_name().unwrap();
            std::fs::copy(root().join("tests/vectors").join(file), dir.join(name)).unwrap();
            n += 1;
        }
    }
    n
}

fn endpoint(doc: &serde_json::Value) -> &'static str {
    let body = doc["body"].as_object().unwrap();
    if body.contains_key("notice") {
        "/v1/notices"
    } else if body.contains_key("diffusion") {
        "/v1/diffusions"
    } else {
        "/v1/messages"
    }
}

#[tokio::test]
async fn vectors_signed_by_each_side_verify_on_the_other() {
    let tmp = std::env::temp_dir().join(format!("ncblink-conformance-{}", uuid::Uuid::now_v7()));
    let vectors = tmp.join("vectors");
    let total = envelope_vectors(&vectors);
    assert!(total >= 18, "{total} envelope vectors");
    println!(
        "{}",
        python(&["jcs", root().join("tests/conformance/jcs").to_str().unwrap()])
    );

    let api = start_with(HubConfig {
        require_signatures: true,
        ..HubConfig::sandbox_in_memory()
    })
    .await;

    // Python signs (as each vector's source, fresh id and time), sdk-core
    // and the hub verify.
    let mut by_python = 0;
    let mut accepted = 0;
    for entry in std::fs::read_dir(&vectors).unwrap() {
        let path = entry.unwrap().path();
        let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let source = doc["source"].as_str().unwrap().to_string();
        let key = api.hub.key(&source).unwrap().clone();
        let out = tmp.join(format!("py-{source}"));
        let one = tmp.join(format!("one-{}", path.file_stem().unwrap().to_str().unwrap()));
        std::fs::create_dir_all(&one).unwrap();
        std::fs::copy(&path, one.join(path.file_name().unwrap())).unwrap();
        let hex: String = key.signing_key.to_bytes().iter().map(|b| format!("{b:02x}")).collect();
        python(&[
            "sign",
            &hex,
            &key.kid,
            one.to_str().unwrap(),
            out.to_str().unwrap(),
            "--fresh",
        ]);
        let signed = std::fs::read(out.join(path.file_name().unwrap())).unwrap();
        assert_eq!(
            verify_json(&signed, &key.signing_key.verifying_key()),
            Ok(key.kid.clone()),
            "{}",
            path.display()
        );
        by_python += 1;
        let r = api.post_raw(&source, endpoint(&doc), signed).await;
        assert!(
            !r.code().starts_with("SIGNATURE_"),
            "{}: {} {}",
            path.display(),
            r.status,
            r.body
        );
        assert_eq!(r.status, 201, "{}: {}", path.display(), r.body);
        accepted += 1;
    }

    // sdk-core signs, Python verifies.
    let key = ncblink::sign::generate_signing_key().unwrap();
    let rust_signed = tmp.join("rust-signed");
    std::fs::create_dir_all(&rust_signed).unwrap();
    let mut by_rust = 0;
    for entry in std::fs::read_dir(&vectors).unwrap() {
        let path = entry.unwrap().path();
        let signed = sign_json(&std::fs::read(&path).unwrap(), &key, "XX#1").unwrap();
        std::fs::write(rust_signed.join(path.file_name().unwrap()), signed).unwrap();
        by_rust += 1;
    }
    let public: String = key
        .verifying_key()
        .to_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let verified = python(&["verify", &public, rust_signed.to_str().unwrap()]);
    assert_eq!(verified.trim(), format!("python verified {by_rust} documents"));
    println!(
        "conformance: {by_python}/{total} vectors signed by Python verified by sdk-core, {accepted}/{total} by the hub; \
         {by_rust}/{total} signed by sdk-core verified by Python"
    );
    let _ = std::fs::remove_dir_all(&tmp);
}
