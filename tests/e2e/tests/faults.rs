//! Faults: the hub stopped in the middle of 1,000 sends and started again
//! (all arrive, none twice); and bad input of every kind becomes a clear
//! error of the right kind.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ncblink::Error;
use ncblink::client::RetryPolicy;
use ncblink_e2e::{client, hub, hub_at, inbox_ids, message};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hub_stopped_in_the_middle_of_1000_sends_loses_nothing_and_applies_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let first = hub(dir.path()).await;
    let addr = first.addr;
    let outbox = dir.path().join("fr-outbox.sqlite");
    // No retries: while the hub is down every send fails at once and stays
    // in the outbox; the outbox, not the retry loop, is under test.
    let fr = {
        let key = first.key("FR").unwrap();
        ncblink::Client::builder(first.base_url(), "FR".parse().unwrap())
            .token("token-FR")
            .signing_key(key.signing_key.clone(), key.kid.clone())
            .retry_policy(RetryPolicy::none())
            .outbox_path(&outbox)
            .build()
            .unwrap()
    };
    let messages: Vec<_> = (0..1000)
        .map(|i| message("FR", &["DE"], &format!("message {i}")))
        .collect();
    let expected: HashSet<String> = messages.iter().map(|m| m.id.to_string()).collect();

    let delivered = Arc::new(AtomicUsize::new(0));
    let sender = {
        let fr = fr.clone();
        let delivered = delivered.clone();
        tokio::spawn(async move {
            let mut failed = 0;
            for m in messages {
                match fr.send_message(m).await {
                    Ok(_) => {
                        delivered.fetch_add(1, Ordering::SeqCst);
                    }
                    Err(e) => {
                        assert!(e.is_retryable(), "only transport failures while the hub is down: {e}");
                        failed += 1;
                    }
                }
            }
            failed
        })
    };
    while delivered.load(Ordering::SeqCst) < 300 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    first.shutdown().await;
    let failed = sender.await.unwrap();
    assert!(failed > 0, "the hub was stopped while sends were under way");
    let pending = fr.pending_writes().await.unwrap();
    assert_eq!(pending.len(), failed, "every failed send waits in the outbox");

    // The hub comes back on the same address and file.
    let second = hub_at(dir.path(), addr).await;
    let report = fr.flush_outbox().await.unwrap();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(report.remaining, 0);
    assert!(fr.pending_writes().await.unwrap().is_empty());

    let de = client(&second, "DE", None);
    let ids = inbox_ids(&de).await;
    let unique: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(ids.len(), unique.len(), "no message twice");
    assert_eq!(unique, expected, "every message arrived");
    second.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_that_does_not_answer_is_a_transport_error() {
    // A port nothing listens on: bind, learn it, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = ncblink::Client::builder(format!("http://127.0.0.1:{port}"), "FR".parse().unwrap())
        .token("x")
        .retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
        })
        .build()
        .unwrap();
    let e = c.health().await.unwrap_err();
    assert_eq!(e.transport_kind(), Some(ncblink::TransportKind::Connect), "{e:?}");
    assert!(e.to_string().to_lowercase().contains("connect"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_or_missing_token_is_unauthorized() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path()).await;
    for token in [Some("not-a-token"), None] {
        let mut b = ncblink::Client::builder(hub.base_url(), "FR".parse().unwrap());
        if let Some(t) = token {
            b = b.token(t);
        }
        let e = b.build().unwrap().directory().await.unwrap_err();
        assert!(matches!(e, Error::Unauthorized(_)), "{e:?}");
        assert_eq!(e.http_status(), Some(401));
        assert!(
            !format!("{e:?}").contains("not-a-token"),
            "the token never shows in errors"
        );
    }
    // Another NCB's token: the hub acts for that NCB, so a document from FR
    // sent with DE's token is refused.
    let wrong = ncblink::Client::builder(hub.base_url(), "FR".parse().unwrap())
        .token("token-DE")
        .build()
        .unwrap();
    let e = wrong.send_message(message("FR", &["IT"], "hello")).await.unwrap_err();
    assert!(matches!(e, Error::Forbidden(_)), "{e:?}");
    hub.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_or_unsigned_message_reaches_the_application_as_a_signature_error() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path()).await;
    let fr = client(&hub, "FR", None);
    let de = client(&hub, "DE", None);
    let sent = fr.send_message(message("FR", &["DE"], "signed")).await.unwrap();
    let env = sent.envelope.clone();
    assert!(de.verify(&env).await.is_ok());
    let altered = env.raw().replace("\"signed\"", "\"altered on the way\"");
    assert_ne!(altered, env.raw());
    assert!(matches!(
        de.verify_json(altered.as_bytes()).await,
        Err(Error::Signature(_))
    ));
    // A key the directory does not know, even fetched again: named.
    let kid = env.signature.as_ref().unwrap().kid.clone();
    let unknown = env.raw().replace(&kid, "FR#unknown");
    let e = de.verify_json(unknown.as_bytes()).await.unwrap_err();
    assert!(
        matches!(&e, Error::SignatureKeyUnknown(k) if k == "FR#unknown"),
        "{e:?}"
    );
    assert!(e.to_string().contains("FR#unknown"));
    // DE's own key does not vouch for FR's envelope.
    let de_kid = hub.key("DE").unwrap().kid.clone();
    let borrowed = env.raw().replace(&kid, &de_kid);
    assert!(matches!(
        de.verify_json(borrowed.as_bytes()).await,
        Err(Error::SignatureKeyUnknown(_))
    ));

    // An unsigned message (the sandbox accepts it) is never handed over as
    // sound by the inbox.
    let unsigned = ncblink::Client::builder(hub.base_url(), "IT".parse().unwrap())
        .token("token-IT")
        .build()
        .unwrap();
    unsigned.send_message(message("IT", &["DE"], "unsigned")).await.unwrap();
    let mut inbox = de.inbox().with_wait(Duration::from_secs(1));
    let first = inbox.next().await.unwrap();
    assert_eq!(first.id, sent.id);
    inbox.ack(&first).await.unwrap();
    assert!(matches!(inbox.try_next().await, Err(Error::Signature(_))));
    hub.shutdown().await;
}

/// A server on loopback that answers every request with `response`: not a
/// hub, to see what the client makes of garbage.
async fn garbage_server(response: &'static str) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        for _ in 0..16 {
            let Ok((mut s, _)) = listener.accept().await else {
                return;
            };
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf).await;
            let _ = s.write_all(response.as_bytes()).await;
            let _ = s.shutdown().await;
        }
    });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_that_is_not_json_is_a_hub_problem() {
    let url = garbage_server(
        "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 15\r\nconnection: close\r\n\r\n<html>hi</html>",
    )
    .await;
    let c = ncblink::Client::builder(url, "FR".parse().unwrap())
        .token("x")
        .build()
        .unwrap();
    let e = c.health().await.unwrap_err();
    match &e {
        Error::Hub(p) => {
            assert_eq!(p.code, "INVALID_RESPONSE");
            assert!(p.detail.as_deref().unwrap_or("").contains("<html>"), "{p:?}");
        }
        other => panic!("expected a hub problem, got {other:?}"),
    }

    let url =
        garbage_server("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 9\r\nconnection: close\r\n\r\nbad proxy").await;
    let c = ncblink::Client::builder(url, "FR".parse().unwrap())
        .retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(10),
        })
        .build()
        .unwrap();
    let e = c.health().await.unwrap_err();
    assert_eq!(e.http_status(), Some(502));
    assert!(e.is_retryable());
}
