//! Requests that change state are bound to their author on a hub that
//! requires signatures: status changes, record registrations and removals,
//! inbox acknowledgements; and a notice's version cannot go back.

mod common;

use chrono::{Duration, Utc};
use common::{Api, message, person, red_notice, start_with};
use ncblink::model::Envelope;
use ncblink::sign::{Authorship, REQUEST_WINDOW, SigningKey, sign_envelope, sign_request};
use ncblink_hub::HubConfig;
use serde_json::json;

async fn strict() -> Api {
    start_with(HubConfig {
        require_signatures: true,
        ..HubConfig::sandbox_in_memory()
    })
    .await
}

fn key_of(api: &Api, ncb: &str) -> (SigningKey, String) {
    let k = api.hub.key(ncb).unwrap();
    (k.signing_key.clone(), k.kid.clone())
}

fn signed(api: &Api, ncb: &str, body: serde_json::Value, who: &Authorship) -> Vec<u8> {
    let (key, kid) = key_of(api, ncb);
    sign_request(&serde_json::to_vec(&body).unwrap(), who, &key, &kid).unwrap()
}

fn by(ncb: &str, action: &str, target: &str) -> Authorship {
    Authorship::now(common::ncb(ncb), action, target)
}

async fn publish(api: &Api, mut env: Envelope) -> (String, String) {
    let (key, kid) = key_of(api, env.source.as_str());
    let bytes = sign_envelope(&mut env, &key, &kid).unwrap();
    let r = api.post_raw(env.source.as_str(), "/v1/notices", bytes).await;
    assert_eq!(
        (r.status, r.body["status"].as_str()),
        (201, Some("published")),
        "{}",
        r.body
    );
    let notice_id = r.body["notice_id"].as_str().unwrap().replace('/', "-");
    (env.id.to_string(), notice_id)
}

#[tokio::test]
async fn status_changes_carry_the_signature_of_the_source_for_that_notice() {
    let api = strict().await;
    let (id, notice_id) = publish(&api, red_notice("FR", person("DUPONT", "Jean", "1980-02-03"), 60)).await;
    let (other, _) = publish(&api, red_notice("FR", person("MARTIN", "Paul", "1970-05-06"), 60)).await;
    let path = format!("/v1/notices/{notice_id}");
    let until = (Utc::now() + Duration::days(30)).to_rfc3339();

    let r = api
        .post("FR", &format!("{path}/suspend"), &json!({"until": until}))
        .await;
    assert_eq!((r.status, r.code()), (403, "SIGNATURE_REQUIRED"), "{}", r.body);

    // Signed for the other notice, or for another action: refused.
    let body = signed(&api, "FR", json!({"until": until}), &by("FR", "suspend", &other));
    let r = api.post_raw("FR", &format!("{path}/suspend"), body).await;
    assert_eq!((r.status, r.code()), (403, "SIGNATURE_MISMATCH"), "{}", r.body);
    assert!(r.body["detail"].as_str().unwrap().contains(&other), "{}", r.body);
    let body = signed(&api, "FR", json!({"until": until}), &by("FR", "withdraw", &notice_id));
    let r = api.post_raw("FR", &format!("{path}/suspend"), body).await;
    assert_eq!((r.status, r.code()), (403, "SIGNATURE_MISMATCH"), "{}", r.body);

    // Signed by another NCB's key, or naming another NCB.
    let (de_key, de_kid) = key_of(&api, "DE");
    let who = by("FR", "suspend", &notice_id);
    let body = sign_request(
        &serde_json::to_vec(&json!({"until": until})).unwrap(),
        &who,
        &de_key,
        &de_kid,
    )
    .unwrap();
    let r = api.post_raw("FR", &format!("{path}/suspend"), body).await;
    assert_eq!((r.status, r.code()), (403, "SIGNATURE_KEY_UNKNOWN"), "{}", r.body);
    let body = signed(&api, "FR", json!({"until": until}), &by("DE", "suspend", &notice_id));
    let r = api.post_raw("FR", &format!("{path}/suspend"), body).await;
    assert_eq!((r.status, r.code()), (403, "SIGNATURE_MISMATCH"), "{}", r.body);

    // Signed long ago: refused as expired.
    let mut old = by("FR", "suspend", &notice_id);
    old.created = Utc::now() - REQUEST_WINDOW - Duration::minutes(1);
    let body = signed(&api, "FR", json!({"until": until}), &old);
    let r = api.post_raw("FR", &format!("{path}/suspend"), body).await;
    assert_eq!((r.status, r.code()), (403, "SIGNATURE_EXPIRED"), "{}", r.body);

    // The right one is applied once; the envelope id names the notice too.
    let suspend = signed(&api, "FR", json!({"until": until}), &by("FR", "suspend", &notice_id));
    let r = api.post_raw("FR", &format!("{path}/suspend"), suspend.clone()).await;
    assert_eq!(
        (r.status, r.body["status"].as_str()),
        (200, Some("suspended")),
        "{}",
        r.body
    );
    let resume = signed(&api, "FR", json!({}), &by("FR", "resume", &id));
    let r = api
        .post_raw("FR", &format!("/v1/notices/{id}/resume"), resume.clone())
        .await;
    assert_eq!(
        (r.status, r.body["status"].as_str()),
        (200, Some("published")),
        "{}",
        r.body
    );
    // Replayed with a new idempotency key: refused, the restriction stays
    // undone only by its author's new signature.
    let r = api.post_raw("FR", &format!("{path}/suspend"), suspend).await;
    assert_eq!((r.status, r.code()), (403, "SIGNATURE_REPLAYED"), "{}", r.body);

    let body = signed(
        &api,
        "FR",
        json!({"reason": "arrested"}),
        &by("FR", "withdraw", &notice_id),
    );
    let r = api.post_raw("FR", &format!("{path}/withdraw"), body).await;
    assert_eq!(
        (r.status, r.body["status"].as_str()),
        (200, Some("withdrawn")),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn acknowledgements_and_records_carry_the_signature_of_the_acting_ncb() {
    let api = strict().await;
    let (fr_key, fr_kid) = key_of(&api, "FR");
    let mut env = message("FR", &["DE"], "hallo");
    let bytes = sign_envelope(&mut env, &fr_key, &fr_kid).unwrap();
    assert_eq!(api.post_raw("FR", "/v1/messages", bytes).await.status, 201);

    let r = api.post("DE", "/v1/inbox/ack", &json!({"up_to_seq": 1})).await;
    assert_eq!((r.status, r.code()), (403, "SIGNATURE_REQUIRED"), "{}", r.body);
    let body = signed(&api, "FR", json!({"up_to_seq": 1}), &by("FR", "ack", "inbox"));
    let r = api.post_raw("DE", "/v1/inbox/ack", body).await;
    assert_eq!((r.status, r.code()), (403, "SIGNATURE_MISMATCH"), "{}", r.body);
    let body = signed(&api, "DE", json!({"up_to_seq": 1}), &by("DE", "ack", "inbox"));
    let r = api.post_raw("DE", "/v1/inbox/ack", body).await;
    assert_eq!((r.status, r.body["acked_seq"].as_u64()), (200, Some(1)), "{}", r.body);

    let record = json!({"travel_document": {
        "number": "12AB34567", "issuing_state": "FRA", "document_type": "passport", "loss_type": "stolen_from_bearer"
    }});
    let r = api.post("FR", "/v1/records", &record).await;
    assert_eq!((r.status, r.code()), (403, "SIGNATURE_REQUIRED"), "{}", r.body);
    let body = signed(&api, "FR", record, &by("FR", "register_record", "records"));
    let r = api.post_raw("FR", "/v1/records", body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let rid = r.body["id"].as_str().unwrap().to_string();

    let r = api.delete("FR", &format!("/v1/records/{rid}")).await;
    assert_eq!((r.status, r.code()), (403, "SIGNATURE_REQUIRED"), "{}", r.body);
    let body = signed(&api, "FR", json!({}), &by("FR", "remove_record", &rid));
    let r = api
        .send_raw(reqwest::Method::DELETE, "FR", &format!("/v1/records/{rid}"), body)
        .await;
    assert_eq!(r.status, 204, "{}", r.body);
}

#[tokio::test]
async fn an_older_signed_version_of_a_notice_cannot_be_put_back() {
    let api = strict().await;
    let (key, kid) = key_of(&api, "FR");
    let mut v1 = red_notice("FR", person("DUPONT", "Jean", "1980-02-03"), 60);
    let v1_bytes = sign_envelope(&mut v1, &key, &kid).unwrap();
    assert_eq!(api.post_raw("FR", "/v1/notices", v1_bytes.clone()).await.status, 201);
    let mut v2 = Envelope {
        version: Some(2),
        legal_basis: Some("restricted".into()),
        ..v1.clone()
    };
    let v2_bytes = sign_envelope(&mut v2, &key, &kid).unwrap();
    let path = format!("/v1/notices/{}", v1.id);
    let put = |bytes: Vec<u8>| api.send_raw(reqwest::Method::PUT, "FR", &path, bytes);
    let r = put(v2_bytes.clone()).await;
    assert_eq!(
        (r.status, r.body["envelope"]["version"].as_u64()),
        (200, Some(2)),
        "{}",
        r.body
    );
    for old in [v1_bytes, v2_bytes] {
        let r = put(old).await;
        assert_eq!((r.status, r.code()), (409, "VERSION_NOT_NEWER"), "{}", r.body);
    }
    let r = api.get("DE", &path).await;
    assert_eq!(r.body["envelope"]["legal_basis"], "restricted", "{}", r.body);
}

#[tokio::test]
async fn each_item_of_a_record_batch_carries_its_authors_signature() {
    let api = strict().await;
    let doc = |n: &str| {
        json!({"travel_document": {
            "number": n, "issuing_state": "FRA", "document_type": "passport", "loss_type": "lost"
        }})
    };
    let item = |n: &str| json!({"action": "register", "record": doc(n)});
    let sign_item = |v: serde_json::Value, who: &Authorship| -> serde_json::Value {
        serde_json::from_slice(&signed(&api, "FR", v, who)).unwrap()
    };
    let outcome = |r: &common::Reply, i: usize| {
        (
            r.body["results"][i]["outcome"].as_str().unwrap_or_default().to_string(),
            r.body["results"][i]["problem"]["code"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        )
    };

    // Unsigned, signed for another action, signed by another NCB's key,
    // and one well signed: each item is answered on its own.
    let good = sign_item(item("SB1"), &by("FR", "register_record", "records"));
    let wrong_action = sign_item(item("SB2"), &by("FR", "remove_record", "records"));
    let (de_key, de_kid) = key_of(&api, "DE");
    let foreign: serde_json::Value = serde_json::from_slice(
        &sign_request(
            &serde_json::to_vec(&item("SB3")).unwrap(),
            &by("FR", "register_record", "records"),
            &de_key,
            &de_kid,
        )
        .unwrap(),
    )
    .unwrap();
    let batch = json!({"items": [item("SB0"), good.clone(), wrong_action, foreign]});
    let r = api.post("FR", "/v1/records/batch", &batch).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        outcome(&r, 0),
        ("refused".into(), "SIGNATURE_REQUIRED".into()),
        "{}",
        r.body
    );
    assert_eq!(outcome(&r, 1).0, "created", "{}", r.body);
    assert_eq!(
        outcome(&r, 2),
        ("refused".into(), "SIGNATURE_MISMATCH".into()),
        "{}",
        r.body
    );
    assert_eq!(outcome(&r, 3).0, "refused", "{}", r.body);
    assert!(outcome(&r, 3).1.starts_with("SIGNATURE_"), "{}", r.body);

    // The same signed item again (another batch, another key): spent.
    let r = api.post("FR", "/v1/records/batch", &json!({"items": [good]})).await;
    assert_eq!(
        outcome(&r, 0),
        ("refused".into(), "SIGNATURE_REPLAYED".into()),
        "{}",
        r.body
    );

    // A removal signed for the record's id.
    let r = api.get("FR", "/v1/records?mine=true&kind=travel_document").await;
    let id = r.body["items"][0]["id"].as_str().unwrap().to_string();
    let removal = sign_item(json!({"action": "remove", "id": id}), &by("FR", "remove_record", &id));
    let r = api.post("FR", "/v1/records/batch", &json!({"items": [removal]})).await;
    assert_eq!(outcome(&r, 0).0, "removed", "{}", r.body);
}
