//! Documents of an invented contract version 1.1 (`tests/vectors/future/`)
//! travel through the real hub (loopback, SQLite file): a relay sends them
//! signed, the hub verifies, stores and forwards them, and the recipient
//! reads them from its inbox with every unknown part kept and visible. A
//! client left at its default refuses to send them.

use std::time::Duration;

use ncblink::Error;
use ncblink::client::RetryPolicy;
use ncblink::model::{Body, Envelope, EyeColour};
use ncblink::wire::InboxQuery;
use ncblink_e2e::{client, hub};
use serde_json::Value;

const MESSAGE: &str = include_str!("../../vectors/future/message-new-members.json");
const DIFFUSION: &str = include_str!("../../vectors/future/diffusion-new-values.json");

/// A client for `ncb` that forwards the parts of a later minor version.
fn relay(hub: &ncblink_hub::RunningHub, ncb: &str) -> ncblink::Client {
    let key = hub.key(ncb).expect("demo key");
    ncblink::Client::builder(hub.base_url(), ncb.parse().unwrap())
        .token(format!("token-{ncb}"))
        .signing_key(key.signing_key.clone(), key.kid.clone())
        .retry_policy(RetryPolicy {
            max_retries: 1,
            initial_backoff: Duration::from_millis(20),
            max_backoff: Duration::from_millis(50),
        })
        .forward_unknown(true)
        .build()
        .expect("client")
}

/// The document as it travels, without its signature and the empty
/// access lists a writer adds.
fn comparable(env: &Envelope) -> Value {
    let mut v: Value = serde_json::from_slice(&serde_json::to_vec(env).unwrap()).unwrap();
    let obj = v.as_object_mut().unwrap();
    obj.remove("signature");
    if obj.get("access") == Some(&serde_json::json!({})) {
        obj.remove("access");
    }
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_later_minor_version_travels_through_the_hub_intact() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path()).await;
    let fr = relay(&hub, "FR");
    let de = client(&hub, "DE", None);

    let message: Envelope = ncblink::json::parse(MESSAGE.as_bytes()).unwrap();
    let diffusion: Envelope = ncblink::json::parse(DIFFUSION.as_bytes()).unwrap();
    fr.send_message(message.clone())
        .await
        .expect("the hub takes a 1.1 message");
    fr.send_diffusion(diffusion.clone())
        .await
        .expect("the hub takes a 1.1 diffusion");

    let page = de
        .inbox_page(&InboxQuery {
            cursor: None,
            limit: Some(10),
            wait: None,
        })
        .await
        .unwrap();
    let signed: Vec<&ncblink::sign::SignedEnvelope> = page.items.iter().filter_map(|i| i.envelope.as_ref()).collect();
    for s in &signed {
        de.verify(s)
            .await
            .expect("DE verifies the 1.1 document over the bytes FR signed");
    }
    let received: Vec<&Envelope> = signed.iter().map(|s| s.envelope()).collect();
    assert_eq!(received.len(), 2, "{page:?}");
    for (sent, raw) in [(&message, MESSAGE), (&diffusion, DIFFUSION)] {
        let got = received.iter().find(|e| e.id == sent.id).expect("delivered");
        assert!(got.signature.is_some(), "signed by the relay, verified by the hub");
        // Every member, known or not, arrives as the file has it.
        let file: Value = serde_json::from_str(raw).unwrap();
        assert_eq!(comparable(got), file, "{}", sent.id);
        assert_eq!(got.schema_version.to_string(), "1.1");
    }
    let got_message = received.iter().find(|e| e.id == message.id).unwrap();
    let Body::Message(m) = &got_message.body else {
        panic!("a message")
    };
    assert_eq!(m.extra.get("priority").unwrap(), "urgent");
    assert_eq!(got_message.extra.get("channel").unwrap()["hops"][1], 2);
    let got_diffusion = received.iter().find(|e| e.id == diffusion.id).unwrap();
    let Body::Diffusion(d) = &got_diffusion.body else {
        panic!("a diffusion")
    };
    let subject = d.subject.as_ref().unwrap();
    assert!(matches!(subject.eyes[0], EyeColour::Unrecognised(v) if v.as_str() == "AMB"));
    assert_eq!(subject.status.unwrap().as_str(), "person_of_interest");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_at_its_default_does_not_send_unknown_parts() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path()).await;
    let fr = client(&hub, "FR", None);
    let message: Envelope = ncblink::json::parse(MESSAGE.as_bytes()).unwrap();
    let Err(Error::InvalidInput(report)) = fr.send_message(message).await else {
        panic!("refused locally")
    };
    assert!(
        report
            .violations
            .iter()
            .any(|v| v.code == "FIELD.UNKNOWN_MEMBER" && v.pointer == "/body/message/priority"),
        "{report:?}"
    );
}
