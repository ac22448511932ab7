//! NCB keys in the directory (JWKS, registration, rotation, retirement,
//! revocation) and signatures over the bytes that travelled.

mod common;

use chrono::Utc;
use common::{Api, message, person, red_notice, start, start_with};
use ncblink::sign::{Jwk, SigningKey, generate_signing_key, sign_envelope, sign_json};
use ncblink::wire::{KeyAction, KeyChange};
use ncblink_hub::HubConfig;

fn change(ncb: &str, action: KeyAction, key: Option<Jwk>, kid: Option<&str>) -> Vec<u8> {
    serde_json::to_vec(&KeyChange {
        extra: Default::default(),
        ncb: common::ncb(ncb),
        action,
        key,
        kid: kid.map(str::to_string),
        created: Utc::now(),
        signature: None,
    })
    .unwrap()
}

async fn post_change(api: &Api, ncb: &str, body: Vec<u8>, signer: Option<(&SigningKey, &str)>) -> common::Reply {
    let body = match signer {
        Some((key, kid)) => sign_json(&body, key, kid).unwrap(),
        None => body,
    };
    api.post_raw(ncb, &format!("/v1/directory/{ncb}/keys"), body).await
}

async fn send_signed(api: &Api, key: &SigningKey, kid: &str) -> common::Reply {
    let mut env = message("FR", &["DE"], "signed");
    let bytes = sign_envelope(&mut env, key, kid).unwrap();
    api.post_raw("FR", "/v1/messages", bytes).await
}

#[tokio::test]
async fn keys_rotate_retire_and_revoke_by_signed_requests() {
    let api = start().await;
    let fr = api.hub.key("FR").unwrap().clone();
    let set = api.get("DE", "/v1/directory/FR/keys").await;
    assert_eq!(set.status, 200);
    assert_eq!(set.body["keys"][0]["kid"], fr.kid.as_str());
    assert_eq!(set.body["keys"][0]["kty"], "OKP");
    assert_eq!(set.body["keys"][0]["crv"], "Ed25519");
    assert_eq!(set.body["keys"][0]["status"], "active");

    // Rotation: the new key, signed by the active one.
    let k2 = generate_signing_key().unwrap();
    let body = change(
        "FR",
        KeyAction::Register,
        Some(Jwk::new(&k2.verifying_key(), "FR#2")),
        None,
    );
    let r = post_change(&api, "FR", body, Some((&fr.signing_key, &fr.kid))).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["keys"].as_array().unwrap().len(), 2);
    assert_eq!(send_signed(&api, &k2, "FR#2").await.status, 201);

    // The old key retires: it signs nothing new, and authorises nothing.
    let body = change("FR", KeyAction::Retire, None, Some(&fr.kid));
    let r = post_change(&api, "FR", body, Some((&k2, "FR#2"))).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["keys"][0]["status"], "retired");
    let r = send_signed(&api, &fr.signing_key, &fr.kid).await;
    assert_eq!((r.status, r.code()), (422, "SIGNATURE_INVALID"), "{}", r.body);
    assert!(r.body["detail"].as_str().unwrap().contains("retired"), "{}", r.body);
    let k3 = generate_signing_key().unwrap();
    let body = change(
        "FR",
        KeyAction::Register,
        Some(Jwk::new(&k3.verifying_key(), "FR#3")),
        None,
    );
    let r = post_change(&api, "FR", body, Some((&fr.signing_key, &fr.kid))).await;
    assert_eq!((r.status, r.code()), (422, "SIGNATURE_INVALID"), "{}", r.body);

    // Revocation: nothing it signs from now on is accepted.
    let body = change("FR", KeyAction::Revoke, None, Some("FR#2"));
    let r = post_change(&api, "FR", body, Some((&k2, "FR#2"))).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["keys"][1]["status"], "revoked");
    assert!(r.body["keys"][1]["revoked_at"].is_i64());
    let r = send_signed(&api, &k2, "FR#2").await;
    assert_eq!((r.status, r.code()), (422, "SIGNATURE_INVALID"), "{}", r.body);
}

#[tokio::test]
async fn bad_key_changes_are_refused_with_a_clear_error() {
    let api = start().await;
    let fr = api.hub.key("FR").unwrap().clone();
    let de = api.hub.key("DE").unwrap().clone();
    let k = generate_signing_key().unwrap();

    // Another NCB's keys.
    let body = change(
        "DE",
        KeyAction::Register,
        Some(Jwk::new(&k.verifying_key(), "DE#x")),
        None,
    );
    let r = api
        .post_raw(
            "FR",
            "/v1/directory/DE/keys",
            sign_json(&body, &fr.signing_key, &fr.kid).unwrap(),
        )
        .await;
    assert_eq!((r.status, r.code()), (403, "FORBIDDEN"), "{}", r.body);
    // Signed with another NCB's key.
    let body = change(
        "FR",
        KeyAction::Register,
        Some(Jwk::new(&k.verifying_key(), "FR#x")),
        None,
    );
    let r = post_change(&api, "FR", body, Some((&de.signing_key, &de.kid))).await;
    assert_eq!((r.status, r.code()), (422, "SIGNATURE_KEY_UNKNOWN"), "{}", r.body);
    // A malformed JWK names the member.
    let mut bad = Jwk::new(&k.verifying_key(), "FR#bad");
    bad.crv = "X25519".into();
    let r = post_change(&api, "FR", change("FR", KeyAction::Register, Some(bad), None), None).await;
    assert_eq!((r.status, r.code()), (422, "INVALID_DOCUMENT"), "{}", r.body);
    assert!(r.body["detail"].as_str().unwrap().contains("`crv`"), "{}", r.body);
    // A kid names one key, forever.
    let taken = Jwk::new(&k.verifying_key(), &fr.kid);
    let r = post_change(&api, "FR", change("FR", KeyAction::Register, Some(taken), None), None).await;
    assert_eq!((r.status, r.code()), (409, "DUPLICATE_ID"), "{}", r.body);
    // In the sandbox a registration may come with the token alone; a
    // revocation may not.
    let own = Jwk::new(&k.verifying_key(), "FR#own");
    let r = post_change(&api, "FR", change("FR", KeyAction::Register, Some(own), None), None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = post_change(&api, "FR", change("FR", KeyAction::Revoke, None, Some(&fr.kid)), None).await;
    assert_eq!((r.status, r.code()), (422, "SIGNATURE_REQUIRED"), "{}", r.body);
    // Unknown key to revoke.
    let r = post_change(
        &api,
        "FR",
        change("FR", KeyAction::Revoke, None, Some("FR#none")),
        Some((&k, "FR#own")),
    )
    .await;
    assert_eq!(r.status, 404, "{}", r.body);
}

#[tokio::test]
async fn the_signature_covers_the_bytes_sent_which_travel_unchanged() {
    let config = HubConfig {
        require_signatures: true,
        ..HubConfig::sandbox_in_memory()
    };
    let api = start_with(config).await;
    let fr = api.hub.key("FR").unwrap().clone();
    let mut subject = person("DUPONT", "Jean", "1980-02-03");
    subject.height_m = Some(1.82);
    let env = red_notice("FR", subject, 60);
    let r = api.post("FR", "/v1/notices", &env).await;
    assert_eq!((r.status, r.code()), (422, "SIGNATURE_REQUIRED"), "{}", r.body);

    // Numbers and layout as another implementation may write them.
    let text = serde_json::to_string_pretty(&env).unwrap().replace("1.82", "1.820");
    assert!(text.contains("1.820"));
    let signed = sign_json(text.as_bytes(), &fr.signing_key, &fr.kid).unwrap();
    let signed = String::from_utf8(signed).unwrap().replace("1.82,", "1.8200,");
    assert!(signed.contains("1.8200"), "{signed}");
    let r = api.post_raw("FR", "/v1/notices", signed.clone().into_bytes()).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["status"], "published", "{}", r.body);
    let stored = api.get_text("FR", &format!("/v1/notices/{}", env.id)).await;
    assert!(stored.contains(&signed), "the envelope is served as it was received");

    // Duplicate member names: refused, never read as the last one.
    let dup = signed.replacen('{', &format!("{{\"id\":\"{}\",", uuid::Uuid::now_v7()), 1);
    let r = api.post_raw("FR", "/v1/notices", dup.into_bytes()).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(
        r.body["detail"].as_str().unwrap().contains("duplicate field `id`"),
        "{}",
        r.body
    );
}
