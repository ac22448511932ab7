//! Bearer tokens (issue 11): stored as SHA-256 only, with expiry and
//! rotation by the operator (`ncblink-hub tokens add|list|revoke|rotate`,
//! the real binary on the hub's database file); the sandbox's tokens still
//! work.

mod common;

use std::path::Path;
use std::process::Command;

use ncblink_hub::HubConfig;
use ncblink_hub::config::DbLocation;

/// Runs `ncblink-hub tokens …` on the database; its stdout.
fn tokens(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ncblink-hub"))
        .arg("tokens")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("ncblink-hub runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// `NCB ID TOKEN` as `add` and `rotate` print it.
fn id_and_token(line: &str) -> (String, String) {
    let f: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(f.len(), 3, "{line}");
    (f[1].to_string(), f[2].to_string())
}

/// The status of `GET /v1/directory` with this token, from a hub started on
/// the database (and stopped after).
async fn status_with(db: &Path, tokens: &[&str]) -> Vec<u16> {
    let api = common::start_with(HubConfig {
        db: DbLocation::File(db.to_path_buf()),
        ..HubConfig::sandbox_in_memory()
    })
    .await;
    let mut out = Vec::new();
    for t in tokens {
        let r = api.send(api.http.get(api.url("/v1/directory")).bearer_auth(t)).await;
        out.push(r.status);
    }
    let sandbox = api.hub.token("FR").unwrap().expose().to_string();
    let r = api
        .send(api.http.get(api.url("/v1/directory")).bearer_auth(&sandbox))
        .await;
    assert_eq!(r.status, 200, "the sandbox token still works");
    api.hub.shutdown().await;
    out
}

#[tokio::test]
async fn tokens_are_added_listed_rotated_revoked_and_expire() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.sqlite");
    // The sandbox creates the database.
    status_with(&db, &[]).await;

    let (first_id, first) = id_and_token(&tokens(&db, &["add", "CH"]));
    assert!(first.starts_with("ncb_"));
    let listed = tokens(&db, &["list", "CH"]);
    assert!(listed.contains(&first_id) && listed.contains("active"), "{listed}");
    assert!(!listed.contains(&first), "a token is printed once, never listed");
    let raw = std::fs::read(&db).unwrap();
    assert!(
        !raw.windows(first.len()).any(|w| w == first.as_bytes()),
        "only the token's digest is stored"
    );
    assert_eq!(status_with(&db, &[&first, "ncb_unknown"]).await, [200, 401]);

    // Rotation without grace: the old token stops, the new one works.
    let (second_id, second) = id_and_token(&tokens(&db, &["rotate", "CH", "--grace-hours", "0"]));
    assert_ne!(second_id, first_id);
    assert!(tokens(&db, &["list"]).contains(&format!("CH {first_id} expired")));
    assert_eq!(status_with(&db, &[&first, &second]).await, [401, 200]);

    // With a grace period both work; revoked, a token stops at once.
    let (third_id, third) = id_and_token(&tokens(&db, &["rotate", "CH"]));
    assert_eq!(status_with(&db, &[&second, &third]).await, [200, 200]);
    tokens(&db, &["revoke", &third_id]);
    assert_eq!(status_with(&db, &[&second, &third]).await, [200, 401]);

    // A token made to expire now is refused.
    let (_, brief) = id_and_token(&tokens(&db, &["add", "CH", "--expires-in-days", "0"]));
    assert_eq!(status_with(&db, &[&brief]).await, [401]);
}
