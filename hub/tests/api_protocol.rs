//! The HTTP contract: authentication, problem documents for bad input,
//! idempotency keys, and data surviving a restart.

mod common;

use common::{message, person, red_notice, start, start_with};
use ncblink_hub::{DbLocation, HubConfig};
use serde_json::json;

#[tokio::test]
async fn health_and_openapi_are_public_everything_else_needs_a_known_token() {
    let api = start().await;
    let r = api.send(api.http.get(api.url("/v1/health"))).await;
    assert_eq!((r.status, r.body["status"].as_str()), (200, Some("ok")));
    let r = api.send(api.http.get(api.url("/v1/openapi.json"))).await;
    assert_eq!((r.status, r.body["openapi"].as_str()), (200, Some("3.1.0")));

    for req in [
        api.http.get(api.url("/v1/directory")),
        api.http.get(api.url("/v1/directory")).bearer_auth("not-a-token"),
        api.http
            .get(api.url("/v1/inbox"))
            .header("Authorization", "Basic Zm9vOmJhcg=="),
        api.http
            .post(api.url("/v1/checks/documents"))
            .json(&json!({"number": "X", "issuing_state": "FRA"})),
    ] {
        let r = api.send(req).await;
        assert_eq!((r.status, r.code()), (401, "UNAUTHENTICATED"), "{}", r.body);
        assert_eq!(r.headers["content-type"], "application/problem+json");
        assert_eq!(r.body["type"], "urn:ncblink:problem:unauthenticated");
        assert!(r.body["instance"].as_str().unwrap().starts_with("/v1/"));
    }
    let r = api.get("FR", "/v1/nowhere").await;
    assert_eq!((r.status, r.code()), (404, "NOT_FOUND"));
    let r = api
        .send(api.http.patch(api.url("/v1/notices")).bearer_auth(api.token("FR")))
        .await;
    assert_eq!((r.status, r.code()), (405, "METHOD_NOT_ALLOWED"));
}

#[tokio::test]
async fn bad_input_gets_the_right_4xx_and_the_hub_keeps_serving() {
    let mut config = HubConfig::sandbox_in_memory();
    config.body_limit = 64 * 1024;
    let api = start_with(config).await;
    let post = |body: &'static str, ct: &'static str| {
        api.http
            .post(api.url("/v1/notices"))
            .bearer_auth(api.token("FR"))
            .header("Idempotency-Key", uuid::Uuid::now_v7().to_string())
            .header("Content-Type", ct)
            .body(body)
    };
    let r = api.send(post("{\"id\": ", "application/json")).await;
    assert_eq!((r.status, r.code()), (400, "MALFORMED_JSON"), "{}", r.body);
    let r = api.send(post("{}", "text/plain")).await;
    assert_eq!((r.status, r.code()), (415, "UNSUPPORTED_MEDIA_TYPE"));
    let r = api.send(post("[1, 2]", "application/json")).await;
    assert_eq!((r.status, r.code()), (422, "INVALID_DOCUMENT"));

    // A major version the hub does not read: refused, naming the version.
    let mut env = serde_json::to_value(red_notice("FR", person("DUPONT", "Jean", "1980-04-02"), 60)).unwrap();
    env["schema_version"] = json!("2.0");
    let r = api.post("FR", "/v1/notices", &env).await;
    assert_eq!((r.status, r.code()), (422, "INVALID_DOCUMENT"), "{}", r.body);
    assert_eq!(
        r.body["report"]["violations"][0]["code"],
        "DOCUMENT.VERSION_UNSUPPORTED"
    );
    assert_eq!(r.body["report"]["violations"][0]["pointer"], "/schema_version");
    assert!(
        r.body["report"]["violations"][0]["args"][0]
            .as_str()
            .unwrap()
            .contains("2.0")
    );

    // A member of a later minor version: stored and kept (docs/compatibility.md).
    let mut env = serde_json::to_value(red_notice("FR", person("DUPONT", "Jean", "1980-04-02"), 60)).unwrap();
    env["schema_version"] = json!("1.1");
    env["body"]["notice"]["red"]["subject"]["shoe_size"] = json!(44);
    let r = api.post("FR", "/v1/notices", &env).await;
    assert!(r.status < 300, "{}", r.body);
    assert_eq!(
        r.body["envelope"]["body"]["notice"]["red"]["subject"]["shoe_size"], 44,
        "{}",
        r.body
    );

    let big = "x".repeat(70 * 1024);
    let r = api.post("FR", "/v1/messages", &json!({ "padding": big })).await;
    assert_eq!((r.status, r.code()), (413, "PAYLOAD_TOO_LARGE"));
    let r = api
        .post(
            "FR",
            "/v1/checks/documents",
            &json!({ "number": big, "issuing_state": "FRA" }),
        )
        .await;
    assert_eq!((r.status, r.code()), (413, "PAYLOAD_TOO_LARGE"));

    let deep = "[".repeat(50_000);
    let r = api
        .send(
            api.http
                .post(api.url("/v1/checks/documents"))
                .bearer_auth(api.token("FR"))
                .header("Content-Type", "application/json")
                .body(deep),
        )
        .await;
    // serde stops at the first `[` (a list where an object is expected):
    // the nesting is never walked, let alone overflowed.
    assert_eq!((r.status, r.code()), (422, "INVALID_DOCUMENT"), "{}", r.body);

    let r = api.get("FR", "/v1/notices/not-an-id").await;
    assert_eq!(r.status, 404);
    // Nothing was half-stored (the one notice is the 1.1 one), and the hub
    // still serves.
    let r = api.get("FR", "/v1/notices").await;
    assert_eq!((r.status, r.body["items"].as_array().map(Vec::len)), (200, Some(1)));
    let r = api
        .post("FR", "/v1/messages", &message("FR", &["DE"], "still here"))
        .await;
    assert_eq!(r.status, 201);
}

#[tokio::test]
async fn idempotency_keys_replay_reject_reuse_and_conflict_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hub.sqlite");
    let mut config = HubConfig::sandbox_in_memory();
    config.db = DbLocation::File(file.clone());
    let api = start_with(config).await;

    let env = message("FR", &["DE"], "once");
    let first = api.post_with_key("FR", "/v1/messages", &env, "key-1").await;
    assert_eq!(first.status, 201);
    let again = api.post_with_key("FR", "/v1/messages", &env, "key-1").await;
    assert_eq!(again.status, 201);
    assert_eq!(again.body, first.body, "the first answer is replayed");
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(api.inbox("DE").await.len(), 1, "delivered once");
    // The same key for DE is another key.
    let de = api
        .post_with_key("DE", "/v1/messages", &message("DE", &["FR"], "mine"), "key-1")
        .await;
    assert_eq!(de.status, 201);

    let other = message("FR", &["DE"], "twice");
    let r = api.post_with_key("FR", "/v1/messages", &other, "key-1").await;
    assert_eq!((r.status, r.code()), (422, "IDEMPOTENCY_KEY_REUSED"));

    // Errors are replayed too.
    let bad = json!({"not": "an envelope"});
    let e1 = api.post_with_key("FR", "/v1/messages", &bad, "key-2").await;
    let e2 = api.post_with_key("FR", "/v1/messages", &bad, "key-2").await;
    assert_eq!((e1.status, &e1.body), (e2.status, &e2.body));

    // A request in flight: simulated by the pending row it would leave.
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute(
            "INSERT INTO idempotency(ncb, key, request_hash, state, created_at) VALUES ('FR', 'key-3', x'00', 'pending', '2026-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
    }
    let r = api
        .post_with_key("FR", "/v1/messages", &message("FR", &["DE"], "x"), "key-3")
        .await;
    assert_eq!(r.status, 422, "a different fingerprint than the pending one");
    let pending_env = message("FR", &["DE"], "y");
    let hash = fingerprint("POST", "/v1/messages", &serde_json::to_vec(&pending_env).unwrap());
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute(
            "INSERT INTO idempotency(ncb, key, request_hash, state, created_at) VALUES ('FR', 'key-4', ?1, 'pending', '2026-01-01T00:00:00Z')",
            [hash],
        )
        .unwrap();
    }
    let r = api.post_with_key("FR", "/v1/messages", &pending_env, "key-4").await;
    assert_eq!((r.status, r.code()), (409, "IDEMPOTENCY_KEY_IN_FLIGHT"), "{}", r.body);

    let r = api
        .send(
            api.http
                .post(api.url("/v1/messages"))
                .bearer_auth(api.token("FR"))
                .json(&message("FR", &["DE"], "k")),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, "IDEMPOTENCY_KEY_MISSING"));
    let r = api
        .post_with_key(
            "FR",
            "/v1/messages",
            &message("FR", &["DE"], "k"),
            "bad key with spaces",
        )
        .await;
    assert_eq!((r.status, r.code()), (400, "IDEMPOTENCY_KEY_INVALID"));
}

/// The fingerprint the hub keeps: SHA-256 of method, path and body.
fn fingerprint(method: &str, path: &str, body: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update(b"\n");
    h.update(path.as_bytes());
    h.update(b"\n");
    h.update(body);
    h.finalize().to_vec()
}

#[tokio::test]
async fn everything_survives_a_restart_on_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hub.sqlite");
    let mut config = HubConfig::sandbox_in_memory();
    config.db = DbLocation::File(file.clone());

    let api = start_with(config.clone()).await;
    let env = red_notice("FR", person("DUPONT", "Jean", "1980-04-02"), 60);
    let rec = api.post("FR", "/v1/notices", &env).await;
    assert_eq!(rec.body["status"], "published");
    api.post("FR", "/v1/messages", &message("FR", &["DE"], "before restart"))
        .await;
    let doc = api
        .post("FR", "/v1/records", &json!({"travel_document": {"number": "RESTART1", "issuing_state": "FRA", "document_type": "passport", "loss_type": "lost"}}))
        .await;
    assert_eq!(doc.status, 201);
    let keyed = message("FR", &["IT"], "keyed");
    let key = api.post_with_key("FR", "/v1/messages", &keyed, "restart-key").await;
    let fr_token = api.token("FR");
    let cursor = api.get("DE", "/v1/notices?limit=1").await.body["next_cursor"].clone();
    api.hub.shutdown().await;

    let api = start_with(config).await;
    assert_eq!(api.token("FR"), fr_token, "the sandbox keeps its demo credentials");
    let r = api.get("DE", &format!("/v1/notices/{}", env.id)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["notice_id"], rec.body["notice_id"]);
    let inbox = api.inbox("DE").await;
    assert!(
        inbox
            .iter()
            .any(|i| i["envelope"]["body"]["message"]["text"]["text"] == "before restart")
    );
    let r = api
        .post(
            "US",
            "/v1/checks/documents",
            &json!({"number": "RESTART1", "issuing_state": "FRA"}),
        )
        .await;
    assert_eq!(r.body["outcome"], "hit", "the document index is rebuilt from the table");
    let again = api.post_with_key("FR", "/v1/messages", &keyed, "restart-key").await;
    assert_eq!(again.body, key.body);
    let r = api.get("DE", "/v1/notices?name=Dupont").await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1);
    assert!(cursor.is_null(), "one notice: no next page");
    // The next notice of the year continues the serial.
    let second = api
        .post(
            "FR",
            "/v1/notices",
            &red_notice("FR", person("MARTIN", "Luc", "1981-01-01"), 60),
        )
        .await;
    assert_ne!(second.body["notice_id"], rec.body["notice_id"]);
}
