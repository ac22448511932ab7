//! Trust end to end, on a hub that requires signatures: the client signs
//! every change of state on its own, and a running client learns of a
//! revocation when its key cache expires; a revoked key then fails what
//! it signed after its revocation, and only that.

use std::time::Duration;

use chrono::Utc;
use ncblink::Error;
use ncblink::model::NoticeStatus;
use ncblink::model::query::{Record, VehicleRecord};
use ncblink::sign::{generate_signing_key, sign_envelope};
use ncblink::wire::SuspendRequest;
use ncblink_e2e::{message, red_notice};
use ncblink_hub::{DbLocation, HubConfig, RunningHub};

async fn strict_hub(dir: &std::path::Path) -> RunningHub {
    let config = HubConfig {
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        db: DbLocation::File(dir.join("hub.sqlite")),
        require_signatures: true,
        ..HubConfig::sandbox_in_memory()
    };
    ncblink_hub::spawn(config).await.expect("hub starts")
}

fn client(hub: &RunningHub, ncb: &str, ttl: Option<Duration>) -> ncblink::Client {
    let key = hub.key(ncb).expect("demo key");
    let mut b = ncblink::Client::builder(hub.base_url(), ncb.parse().unwrap())
        .token(hub.token(ncb).expect("demo token").expose())
        .signing_key(key.signing_key.clone(), key.kid.clone());
    if let Some(t) = ttl {
        b = b.key_cache_ttl(t);
    }
    b.build().expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_change_of_state_is_signed_by_the_client_and_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let hub = strict_hub(dir.path()).await;
    let fr = client(&hub, "FR", None);
    let de = client(&hub, "DE", None);

    let rec = fr.submit_notice(red_notice("FR")).await.unwrap();
    assert_eq!(rec.status, NoticeStatus::Published, "{}", rec.report);
    let id = rec.notice_id.unwrap().to_string();
    let until = Utc::now() + chrono::Duration::days(30);
    let r = fr
        .suspend_notice(&id, &SuspendRequest { until, reason: None })
        .await
        .unwrap();
    assert_eq!(r.status, NoticeStatus::Suspended);
    assert_eq!(fr.resume_notice(&id).await.unwrap().status, NoticeStatus::Published);
    let updated = fr.update_notice(&id, red_notice_again(&rec)).await.unwrap();
    assert_eq!(updated.envelope.version, Some(2));
    assert_eq!(
        fr.withdraw_notice(&id, "arrested").await.unwrap().status,
        NoticeStatus::Withdrawn
    );

    let record = Record::Vehicle(VehicleRecord {
        vin: Some("WVWZZZ1JZXW000001".into()),
        engine_number: None,
        plate: None,
        make: Some("Volkswagen".into()),
        model: Some("Golf".into()),
        colour: None,
        stolen_on: None,
        national_reference: None,
        extra: Default::default(),
    });
    let view = fr.register_record(&record).await.unwrap();
    fr.delete_record(&view.id).await.unwrap();

    // In bulk: each item of a batch is signed on its own; the same batch
    // sent again (new signatures, so a key of its own) changes nothing.
    use ncblink::wire::{RecordBatchItem, RecordOutcome};
    let items = [RecordBatchItem::register(record.clone())];
    let results = fr.write_records_with_key(&items, "trust-batch").await.unwrap();
    assert_eq!(results[0].outcome, RecordOutcome::Created, "{results:?}");
    let results = fr.write_records_with_key(&items, "trust-batch").await.unwrap();
    assert_eq!(results[0].outcome, RecordOutcome::Exists, "{results:?}");
    let results = fr
        .write_records(&[RecordBatchItem::remove(record.clone())])
        .await
        .unwrap();
    assert_eq!(results[0].outcome, RecordOutcome::Removed, "{results:?}");

    let sent = fr.send_message(message("FR", &["DE"], "signed")).await.unwrap();
    de.verify(&sent.envelope).await.unwrap();
    let page = de
        .inbox_page(&ncblink::wire::InboxQuery {
            cursor: None,
            limit: Some(100),
            wait: None,
        })
        .await
        .unwrap();
    let last = page.items.last().map(|i| i.seq).unwrap();
    assert_eq!(de.ack_inbox(last).await.unwrap().acked_seq, last);
    // Twice: each acknowledgement is signed anew, so it is not a replay.
    assert_eq!(de.ack_inbox(last).await.unwrap().acked_seq, last);

    // Without a signing key, the hub refuses the change, naming why.
    let anonymous = ncblink::Client::builder(hub.base_url(), "FR".parse().unwrap())
        .token(hub.token("FR").unwrap().expose())
        .build()
        .unwrap();
    let e = anonymous.withdraw_notice(&id, "unsigned").await.unwrap_err();
    assert!(
        matches!(&e, Error::Forbidden(p) if p.code == "SIGNATURE_REQUIRED"),
        "{e:?}"
    );
}

fn red_notice_again(rec: &ncblink::wire::NoticeRecord) -> ncblink::model::Envelope {
    let mut env = rec.envelope.envelope().clone();
    env.signature = None;
    env.legal_basis = Some("renewed".into());
    env
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revocation_reaches_a_running_client_when_its_key_cache_expires() {
    let dir = tempfile::tempdir().unwrap();
    let hub = strict_hub(dir.path()).await;
    let fr = client(&hub, "FR", None);
    // Reads the directory before every verification: the revocation below
    // reaches it without waiting.
    let de = client(&hub, "DE", Some(Duration::ZERO));

    let k2 = generate_signing_key().unwrap();
    fr.register_key(&k2.verifying_key(), "FR#2").await.unwrap();
    let mut before = message("FR", &["DE"], "before");
    before.created = Utc::now() - chrono::Duration::seconds(5);
    let before = sign_envelope(&mut before, &k2, "FR#2").unwrap();
    de.verify_json(&before).await.unwrap();

    let set = fr.revoke_key("FR#2").await.unwrap();
    assert!(set.keys.iter().any(|k| k.kid == "FR#2" && k.revoked_at.is_some()));
    let mut after = message("FR", &["DE"], "after");
    after.created = Utc::now() + chrono::Duration::seconds(2);
    let after = sign_envelope(&mut after, &k2, "FR#2").unwrap();
    let e = de.verify_json(&after).await.unwrap_err();
    assert!(
        matches!(&e, Error::Signature(m) if m.contains("FR#2") && m.contains("revoked")),
        "{e:?}"
    );
    // What it signed before its revocation still verifies.
    de.verify_json(&before).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_rotates_its_key_and_signs_with_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let hub = strict_hub(dir.path()).await;
    let fr = client(&hub, "FR", None);
    let de = client(&hub, "DE", None);
    let old = fr.signing_kid().unwrap();
    let before = fr.send_message(message("FR", &["DE"], "old key")).await.unwrap();

    let set = fr.rotate_key(generate_signing_key().unwrap(), "FR#next").await.unwrap();
    let status = |kid: &str| set.keys.iter().find(|k| k.kid == kid).and_then(|k| k.status);
    assert_eq!(status(&old), Some(ncblink::sign::KeyStatus::Retired));
    assert_eq!(status("FR#next"), Some(ncblink::sign::KeyStatus::Active));
    assert_eq!(fr.signing_kid().as_deref(), Some("FR#next"));

    let after = fr.send_message(message("FR", &["DE"], "new key")).await.unwrap();
    assert_eq!(after.envelope.signature.as_ref().unwrap().kid, "FR#next");
    de.verify(&after.envelope).await.unwrap();
    // What the retired key signed still verifies.
    de.verify(&before.envelope).await.unwrap();
}
