//! The `ncblink` command against a real hub: the client process killed in
//! the middle of a batch and started again delivers everything once; the
//! demo runs; validation exits 1 on errors; keys are generated.

use std::collections::HashSet;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ncblink::wire::InboxQuery;
use ncblink_e2e::{client, hub, inbox_ids, message};

fn ncblink() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ncblink"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_killed_in_the_middle_of_a_batch_and_started_again_delivers_everything_once() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path()).await;
    let de = client(&hub, "DE", None);
    let batch = dir.path().join("batch.jsonl");
    let messages: Vec<_> = (0..1000)
        .map(|i| message("FR", &["DE"], &format!("batch {i}")))
        .collect();
    let expected: HashSet<String> = messages.iter().map(|m| m.id.to_string()).collect();
    let lines: Vec<String> = messages.iter().map(|m| serde_json::to_string(m).unwrap()).collect();
    std::fs::write(&batch, lines.join("\n")).unwrap();
    let outbox = dir.path().join("fr-outbox.sqlite");
    let run = |args: &[&str]| {
        let mut c = ncblink();
        c.args(args)
            .args(["--hub", &hub.base_url(), "--ncb", "FR", "--outbox"])
            .arg(&outbox)
            .env("NCBLINK_TOKEN", "token-FR")
            .env_remove("NCBLINK_CONFIG")
            .env("HOME", dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        c
    };

    let mut child = run(&["send", "--lines"]).arg(&batch).spawn().unwrap();
    // Kill it once part of the batch has arrived.
    let started = Instant::now();
    loop {
        let n = de
            .inbox_page(&InboxQuery {
                limit: Some(500),
                ..Default::default()
            })
            .await
            .unwrap()
            .items
            .len();
        if n >= 200 || started.elapsed() > Duration::from_secs(60) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let arrived = inbox_ids(&de).await.len();
    assert!(arrived > 0 && arrived < 1000, "killed mid-batch ({arrived} arrived)");

    // Started again: the outbox first (what was in flight), then the batch
    // again; every envelope keeps its id, so the hub applies none twice.
    let flush = run(&["outbox", "flush"]).output().unwrap();
    assert!(flush.status.success(), "{}", String::from_utf8_lossy(&flush.stderr));
    let again = run(&["send", "--lines"]).arg(&batch).output().unwrap();
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));

    let ids = inbox_ids(&de).await;
    let unique: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(ids.len(), unique.len(), "no message twice");
    assert_eq!(unique, expected, "every message arrived");
    hub.shutdown().await;
}

#[test]
fn demo_runs_and_exits_0() {
    let out = ncblink().arg("demo").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
    for needle in ["published as", "found", "signature verified", "HIT", "checked by DE"] {
        assert!(text.contains(needle), "the demo shows `{needle}`:\n{text}");
    }
}

#[test]
fn validate_reports_in_four_languages_and_exits_1_on_errors() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors");
    let ok = ncblink()
        .args(["validate", &format!("{root}/valid/red-notice.json")])
        .output()
        .unwrap();
    assert!(ok.status.success());
    let bad = format!("{root}/invalid/RPD83.PENALTY_THRESHOLD.json");
    for (lang, needle) in [("en", "threshold"), ("fr", "seuil"), ("es", "umbral"), ("ar", "الحد")] {
        let out = ncblink().args(["validate", "--lang", lang, &bad]).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stdout).contains(needle), "{lang}");
    }
    let json = ncblink().args(["validate", "--json", &bad]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["violations"][0]["code"], "RPD83.PENALTY_THRESHOLD");
}

#[test]
fn keys_generate_writes_a_private_key_and_prints_the_public_one() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("fr.key");
    let out = ncblink()
        .args(["keys", "generate", "--json", "--out"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let public = v["public_key"].as_str().unwrap().to_string();
    assert!(ncblink::sign::decode_public_key(&public).is_ok());
    let again = ncblink().args(["keys", "public"]).arg(&key).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&again.stdout).trim(), public);
    // Never overwrites.
    assert!(
        !ncblink()
            .args(["keys", "generate", "--out"])
            .arg(&key)
            .output()
            .unwrap()
            .status
            .success()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_register_rotate_revoke_and_list_in_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path()).await;
    let base = hub.base_url();
    let (first, second) = (dir.path().join("k1.key"), dir.path().join("k2.key"));
    for k in [&first, &second] {
        assert!(
            ncblink()
                .args(["keys", "generate", "--out"])
                .arg(k)
                .output()
                .unwrap()
                .status
                .success()
        );
    }
    let run = |args: &[&str]| {
        let out = ncblink()
            .args(args)
            .args(["--hub", &base, "--ncb", "IT", "--token", "token-IT"])
            .env_remove("NCBLINK_CONFIG")
            .env("HOME", dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let p = |p: &std::path::Path| p.to_str().unwrap().to_string();
    // The sandbox takes a first key with the token alone.
    let set = run(&["keys", "register", &p(&first), "--new-kid", "IT#1"]);
    assert!(set["keys"].as_array().unwrap().iter().any(|k| k["kid"] == "IT#1"));
    let set = run(&[
        "keys",
        "rotate",
        &p(&second),
        "--new-kid",
        "IT#2",
        "--signing-key",
        &p(&first),
        "--kid",
        "IT#1",
    ]);
    let status = |set: &serde_json::Value, kid: &str| {
        set["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["kid"] == kid)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(
        (status(&set, "IT#1"), status(&set, "IT#2")),
        ("retired".into(), "active".into())
    );
    let set = run(&["keys", "revoke", "IT#1", "--signing-key", &p(&second), "--kid", "IT#2"]);
    assert_eq!(status(&set, "IT#1"), "revoked");
    let listed = run(&["keys", "list"]);
    assert_eq!(listed, set);
}

#[test]
fn every_command_has_help() {
    for cmd in [
        vec!["--help"],
        vec!["demo", "--help"],
        vec!["hub", "--help"],
        vec!["validate", "--help"],
        vec!["submit", "--help"],
        vec!["search", "--help"],
        vec!["send", "--help"],
        vec!["inbox", "--help"],
        vec!["check", "document", "--help"],
        vec!["keys", "generate", "--help"],
        vec!["keys", "register", "--help"],
        vec!["keys", "rotate", "--help"],
        vec!["keys", "revoke", "--help"],
        vec!["keys", "list", "--help"],
        vec!["outbox", "flush", "--help"],
    ] {
        let out = ncblink().args(&cmd).output().unwrap();
        assert!(out.status.success() && !out.stdout.is_empty(), "{cmd:?}");
    }
}
