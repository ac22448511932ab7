//! Cancellation: every public async operation of `Client` and `Inbox`,
//! dropped at each of its await points in turn (poll once then drop, twice
//! then drop, … until it completes), against the real hub: nothing is
//! lost, nothing is handed over or applied twice.

use std::collections::HashMap;
use std::time::Duration;

use ncblink::Error;
use ncblink::wire::InboxQuery;
use ncblink_e2e::{cancel_at_every_poll, client, drained, hub, inbox_ids, message};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inbox_calls_dropped_at_every_await_lose_nothing_and_never_skip() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path()).await;
    let fr = client(&hub, "FR", None);
    let de_store = dir.path().join("de.sqlite");
    let de = client(&hub, "DE", Some(de_store.clone()));
    let unsigned_it = ncblink::Client::builder(hub.base_url(), "IT".parse().unwrap())
        .token("token-IT")
        .build()
        .unwrap();

    let m1 = fr.send_message(message("FR", &["DE"], "one")).await.unwrap();
    let m2 = fr.send_message(message("FR", &["DE"], "two")).await.unwrap();
    let bad = unsigned_it
        .send_message(message("IT", &["DE"], "unsigned"))
        .await
        .unwrap();
    let m3 = fr.send_message(message("FR", &["DE"], "three")).await.unwrap();

    let mut inbox = de.inbox().with_wait(Duration::from_secs(1));
    let mut cut = 0;
    macro_rules! next {
        () => {{
            let (rounds, item) = cancel_at_every_poll!(inbox.try_next());
            cut += rounds;
            item
        }};
    }
    let first = next!().unwrap().expect("m1");
    let second = next!().unwrap().expect("m2");
    assert_eq!((first.id, second.id), (m1.id, m2.id));

    // m2 handled before m1: the position stays before m1, here and at the
    // hub (a consumer that starts afresh gets m1 first).
    let (rounds, acked) = cancel_at_every_poll!(inbox.ack(&second));
    acked.unwrap();
    cut += rounds;
    assert_eq!(inbox.position(), 0);
    let fresh = client(&hub, "DE", None);
    assert_eq!(
        fresh.inbox_page(&InboxQuery::default()).await.unwrap().items[0].id,
        m1.id
    );
    let (_, acked) = cancel_at_every_poll!(inbox.ack(&first));
    acked.unwrap();
    assert_eq!(inbox.position(), second.seq);

    // The unsigned message is held back, readable, and blocks the inbox
    // until the application takes it.
    assert!(matches!(next!(), Err(Error::Signature(_))));
    let (held, why) = inbox.held().expect("held");
    assert_eq!(held.id, bad.id);
    assert!(why.contains("not signed"), "{why}");
    assert!(matches!(next!(), Err(Error::Signature(_))));
    let taken = inbox.skip_held().expect("the held item");
    assert_eq!(taken.id, bad.id);
    assert!(inbox.skip_held().is_none());
    let third = next!().unwrap().expect("m3");
    assert_eq!(third.id, m3.id);
    // m3 handled, the skipped item not yet: the position stops before it.
    cancel_at_every_poll!(inbox.ack(&third)).1.unwrap();
    assert_eq!(inbox.position(), second.seq);
    cancel_at_every_poll!(inbox.ack(&taken)).1.unwrap();
    assert_eq!(inbox.position(), third.seq);
    assert!(next!().unwrap().is_none());
    // An item this inbox never handed over cannot be acknowledged.
    assert!(matches!(
        inbox.ack_at(m1.id.to_string(), third.seq + 5).await,
        Err(Error::Config(_))
    ));
    // How many polls an operation takes depends on timing (a blocking task
    // may be done before its first poll); the page fetch always waits.
    assert!(cut > 0);

    // `next` and a restart: nothing comes back, at the hub nothing is left.
    let fr_late = fr.send_message(message("FR", &["DE"], "four")).await.unwrap();
    let restarted = client(&hub, "DE", Some(de_store));
    let mut again = restarted.inbox().with_wait(Duration::from_secs(1));
    let (_, item) = cancel_at_every_poll!(again.next());
    let item = item.unwrap();
    assert_eq!(item.id, fr_late.id);
    again.ack(&item).await.unwrap();
    assert!(inbox_ids(&fresh).await.is_empty());
    hub.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_dropped_at_every_await_are_delivered_once() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path()).await;
    let fr = client(&hub, "FR", Some(dir.path().join("fr.sqlite")));
    let de = client(&hub, "DE", None);

    // The same message every round: applied once, whichever round lands.
    let same = message("FR", &["DE"], "same");
    let (_, sent) = cancel_at_every_poll!(fr.send_message(same.clone()));
    assert_eq!(sent.unwrap().id, same.id);

    // A new message every round: the dropped ones are delivered too, by the
    // background flusher.
    let mut each = Vec::new();
    let (rounds, sent) = cancel_at_every_poll!(|round| {
        let m = message("FR", &["DE"], &format!("round {round}"));
        each.push(m.id);
        fr.send_message(m)
    });
    sent.unwrap();
    assert_eq!(each.len(), rounds + 1);

    // A diffusion and a notice the same way.
    let diffusion = ncblink_e2e::diffusion("FR", &["DE"]);
    let (_, d) = cancel_at_every_poll!(fr.send_diffusion(diffusion.clone()));
    assert_eq!(d.unwrap().id, diffusion.id);
    let notice = ncblink_e2e::red_notice("FR");
    let (_, n) = cancel_at_every_poll!(fr.submit_notice(notice.clone()));
    assert_eq!(n.unwrap().envelope.id, notice.id);

    // Delivered in the background: no explicit flush.
    assert_eq!(drained(&fr, 400).await, Vec::new());
    // An explicit flush cut at each await changes nothing either.
    cancel_at_every_poll!(fr.flush_outbox()).1.unwrap();

    let mut counts: HashMap<String, usize> = HashMap::new();
    for id in inbox_ids(&de).await {
        *counts.entry(id).or_default() += 1;
    }
    for id in each.iter().chain([&same.id, &diffusion.id]) {
        assert_eq!(counts.get(&id.to_string()), Some(&1), "message {id}");
    }
    assert!(counts.values().all(|&n| n == 1));
    assert_eq!(
        fr.get_notice(&notice.id.to_string()).await.unwrap().envelope.id,
        notice.id
    );
    hub.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_dropped_at_every_await_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path()).await;
    let fr = client(&hub, "FR", None);
    let de = client(&hub, "DE", None);
    let m = fr.send_message(message("FR", &["DE"], "read me")).await.unwrap();
    let id = m.id.to_string();

    let mut cut = 0;
    let (rounds, h) = cancel_at_every_poll!(fr.health());
    cut += rounds;
    h.unwrap();
    let (rounds, d) = cancel_at_every_poll!(de.directory());
    cut += rounds;
    d.unwrap();
    let (rounds, got) = cancel_at_every_poll!(fr.get_message(&id));
    cut += rounds;
    assert_eq!(got.unwrap().envelope.id, m.id);
    let (_, got) = cancel_at_every_poll!(de.get_message(&id));
    assert_eq!(got.unwrap().envelope.id, m.id);
    cancel_at_every_poll!(de.verify(&m.envelope)).1.unwrap();
    let q = InboxQuery::default();
    let (rounds, page) = cancel_at_every_poll!(de.inbox_page(&q));
    cut += rounds;
    assert!(cut > 0);
    let page = page.unwrap();
    assert_eq!(page.items[0].id, m.id);
    cancel_at_every_poll!(de.ack_inbox(page.items[0].seq)).1.unwrap();
    assert!(inbox_ids(&de).await.is_empty());
    // Someone else's message is not there for IT.
    let it = client(&hub, "IT", None);
    assert!(matches!(it.get_message(&id).await, Err(Error::NotFound(_))));
    hub.shutdown().await;
}
