//! Messages, diffusions and inboxes: delivery, visibility, long polling,
//! acknowledgement, signatures.

mod common;

use std::time::{Duration, Instant};

use common::{diffusion, incomplete_wanted_diffusion, message, start};
use ncblink::model::envelope::Dispatch;
use ncblink::sign::sign_envelope;
use serde_json::json;

#[tokio::test]
async fn a_message_is_delivered_and_seen_only_by_sender_and_recipients() {
    let api = start().await;
    let env = message("FR", &["DE", "IT"], "Please confirm the identity of the person");
    let r = api.post("FR", "/v1/messages", &env).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["delivered_to"], json!(["DE", "IT"]));
    for ncb in ["DE", "IT"] {
        let items = api.inbox(ncb).await;
        assert_eq!(items.len(), 1, "{ncb}");
        assert_eq!(items[0]["kind"], "envelope");
        assert_eq!(items[0]["seq"], 1);
        assert_eq!(items[0]["envelope"]["body"]["message"]["title"], "Request");
    }
    assert!(api.inbox("ES").await.is_empty());
    assert!(api.inbox("FR").await.is_empty());
    let path = format!("/v1/messages/{}", env.id);
    for (ncb, status) in [("FR", 200), ("DE", 200), ("IT", 200), ("ES", 404), ("RU", 404)] {
        assert_eq!(api.get(ncb, &path).await.status, status, "{ncb}");
    }
}

#[tokio::test]
async fn messages_need_named_known_recipients_and_respect_the_deny_list() {
    let api = start().await;
    let mut env = message("FR", &["DE"], "x");
    env.recipients = ncblink::model::Recipients::All;
    let r = api.post("FR", "/v1/messages", &env).await;
    assert_eq!((r.status, r.code()), (422, "VALIDATION_FAILED"), "{}", r.body);
    let env = message("FR", &["DE", "ZZ"], "x");
    let r = api.post("FR", "/v1/messages", &env).await;
    assert_eq!(r.status, 422, "{}", r.body);
    let env = message("FR", &["DE", "CN"], "x");
    let r = api.post("FR", "/v1/messages", &env).await;
    assert_eq!((r.status, r.code()), (422, "UNKNOWN_RECIPIENT"), "{}", r.body);
    // A recipient the sender also denies gets nothing (a warning, not an error).
    let mut env = message("FR", &["DE", "RU"], "x");
    env.access.deny = vec![common::ncb("RU")];
    let r = api.post("FR", "/v1/messages", &env).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["delivered_to"], json!(["DE"]));
    assert!(api.inbox("RU").await.is_empty());
}

#[tokio::test]
async fn diffusions_go_direct_or_through_the_sandbox_review() {
    let api = start().await;
    let direct = diffusion("FR", &["DE", "ES"], Dispatch::Direct);
    let r = api.post("FR", "/v1/diffusions", &direct).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["status"], "delivered");
    assert_eq!(api.inbox("ES").await.len(), 1);

    let reviewed = diffusion("FR", &["IT"], Dispatch::ViaGsReview);
    let r = api.post("FR", "/v1/diffusions", &reviewed).await;
    assert_eq!(r.body["status"], "delivered");
    let history: Vec<&str> = r.body["status_history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["held", "delivered"]);

    let refused = incomplete_wanted_diffusion("FR", &["JP"]);
    let r = api.post("FR", "/v1/diffusions", &refused).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["status"], "refused");
    assert!(api.inbox("JP").await.is_empty());
    assert_eq!(
        api.get("JP", &format!("/v1/diffusions/{}", refused.id)).await.status,
        404
    );
    // Sent directly, the same diffusion is stopped by the validation.
    let mut direct_bad = incomplete_wanted_diffusion("FR", &["JP"]);
    if let ncblink::model::Body::Diffusion(d) = &mut direct_bad.body {
        d.dispatch = Dispatch::Direct;
    }
    let r = api.post("FR", "/v1/diffusions", &direct_bad).await;
    assert_eq!((r.status, r.code()), (422, "VALIDATION_FAILED"));

    let path = format!("/v1/diffusions/{}", direct.id);
    let src = api.get("FR", &path).await;
    assert_eq!(src.body["delivered_to"], json!(["DE", "ES"]));
    let de = api.get("DE", &path).await;
    assert_eq!(de.status, 200);
    assert!(
        de.body.get("delivered_to").is_none(),
        "recipients do not see the distribution list"
    );
    assert_eq!(api.get("IT", &path).await.status, 404);
}

#[tokio::test]
async fn without_sandbox_a_reviewed_diffusion_is_held() {
    let mut config = ncblink_hub::HubConfig::sandbox_in_memory();
    config.sandbox = false;
    config.fixed_tokens = [("FR", "fr-token"), ("DE", "de-token")]
        .into_iter()
        .map(|(n, t)| (common::ncb(n), ncblink_hub::Token::new(t)))
        .collect();
    let api = common::start_with(config).await;
    let env = diffusion("FR", &["DE"], Dispatch::ViaGsReview);
    let r = api.post("FR", "/v1/diffusions", &env).await;
    assert_eq!((r.status, r.body["status"].as_str()), (201, Some("held")), "{}", r.body);
    assert!(api.inbox("DE").await.is_empty());
    let notice = common::red_notice("FR", common::person("DUPONT", "Jean", "1980-04-02"), 60);
    let r = api.post("FR", "/v1/notices", &notice).await;
    assert_eq!((r.status, r.body["status"].as_str()), (201, Some("submitted")));
}

#[tokio::test]
async fn a_long_poll_wakes_up_when_a_message_arrives() {
    let api = start().await;
    let token = api.token("DE");
    let url = api.url("/v1/inbox?wait=20");
    let http = api.http.clone();
    let started = Instant::now();
    let poll = tokio::spawn(async move {
        http.get(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json::<serde_json::Value>()
            .await
            .unwrap()
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let r = api.post("FR", "/v1/messages", &message("FR", &["DE"], "wake up")).await;
    assert_eq!(r.status, 201);
    let page = poll.await.unwrap();
    let waited = started.elapsed();
    assert_eq!(page["items"].as_array().unwrap().len(), 1, "{page}");
    assert!(waited < Duration::from_secs(10), "woke after {waited:?}");
}

#[tokio::test]
async fn a_long_poll_returns_empty_when_the_wait_expires() {
    let api = start().await;
    let started = Instant::now();
    let r = api.get("DE", "/v1/inbox?wait=1").await;
    let waited = started.elapsed();
    assert_eq!(r.status, 200);
    assert!(r.body["items"].as_array().unwrap().is_empty());
    assert!(r.body["next_cursor"].is_string());
    assert!(waited >= Duration::from_millis(900), "{waited:?}");
}

#[tokio::test]
async fn unacknowledged_items_come_again_and_acks_move_forward_only() {
    let api = start().await;
    for i in 0..3 {
        api.post("FR", "/v1/messages", &message("FR", &["DE"], &format!("m{i}")))
            .await;
    }
    let first = api.get("DE", "/v1/inbox?limit=2").await;
    let seqs: Vec<u64> = first.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs, [1, 2]);
    // With the cursor: the next item.
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let next = api.get("DE", &format!("/v1/inbox?cursor={cursor}")).await;
    assert_eq!(next.body["items"][0]["seq"], 3);
    // Without a cursor and no ack: from the start again.
    let again = api.get("DE", "/v1/inbox").await;
    assert_eq!(again.body["items"].as_array().unwrap().len(), 3);

    let r = api.post("DE", "/v1/inbox/ack", &json!({"up_to_seq": 2})).await;
    assert_eq!((r.status, r.body["acked_seq"].as_u64()), (200, Some(2)), "{}", r.body);
    let after = api.get("DE", "/v1/inbox").await;
    assert_eq!(after.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(after.body["items"][0]["seq"], 3);
    let r = api.post("DE", "/v1/inbox/ack", &json!({"up_to_seq": 1})).await;
    assert_eq!(r.body["acked_seq"], 2, "acknowledgements never move back");
    let r = api.post("DE", "/v1/inbox/ack", &json!({"up_to_seq": 9})).await;
    assert_eq!((r.status, r.code()), (422, "ACK_BEYOND_END"));
    let r = api.get("DE", "/v1/inbox?cursor=bogus").await;
    assert_eq!((r.status, r.code()), (400, "INVALID_CURSOR"));
}

#[tokio::test]
async fn signed_envelopes_are_verified_against_the_directory() {
    let api = start().await;
    let fr = api.hub.key("FR").unwrap().clone();
    let de = api.hub.key("DE").unwrap().clone();

    let mut env = message("FR", &["DE"], "signed");
    let sent = sign_envelope(&mut env, &fr.signing_key, &fr.kid).unwrap();
    let r = api.post_raw("FR", "/v1/messages", sent).await;
    assert_eq!(r.status, 201, "{}", r.body);
    // What the recipient gets still verifies with the directory's key.
    let item = &api.inbox("DE").await[0];
    let dir = api.get("DE", "/v1/directory/FR").await;
    let public = ncblink::sign::decode_public_key(dir.body["keys"][0]["x"].as_str().unwrap()).unwrap();
    let got = serde_json::to_vec(&item["envelope"]).unwrap();
    assert_eq!(ncblink::sign::verify_json(&got, &public), Ok(fr.kid.clone()));

    let mut tampered = message("FR", &["DE"], "signed");
    sign_envelope(&mut tampered, &fr.signing_key, &fr.kid).unwrap();
    tampered.legal_basis = Some("added after signing".into());
    let r = api.post("FR", "/v1/messages", &tampered).await;
    assert_eq!((r.status, r.code()), (422, "SIGNATURE_INVALID"), "{}", r.body);

    let mut wrong_key = message("FR", &["DE"], "signed");
    let sent = sign_envelope(&mut wrong_key, &de.signing_key, &de.kid).unwrap();
    let r = api.post_raw("FR", "/v1/messages", sent).await;
    assert_eq!((r.status, r.code()), (422, "SIGNATURE_KEY_UNKNOWN"));
}

#[tokio::test]
async fn the_directory_lists_every_demo_ncb_with_a_key() {
    let api = start().await;
    let r = api.get("FR", "/v1/directory").await;
    let codes: Vec<&str> = r.body["ncbs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect();
    for c in ["FR", "DE", "IT", "ES", "US", "MA", "BR", "JP"] {
        assert!(codes.contains(&c), "{c} missing from {codes:?}");
    }
    assert_eq!(r.body["ncbs"][0]["keys"][0]["x"].as_str().unwrap().len(), 43);
    assert_eq!(r.body["ncbs"][0]["keys"][0]["kty"], "OKP");
    assert_eq!(api.get("FR", "/v1/directory/XX").await.status, 404);
    assert_eq!(api.get("FR", "/v1/directory/fr").await.status, 404);
}
