//! Every client operation end to end, against the real hub on loopback
//! with a real SQLite file: notices and their lifecycle, search, diffusions,
//! messages, the inbox, records, checks and batches, and the access rules
//! as a client sees them.

use std::time::Duration;

use futures_util::TryStreamExt;
use ncblink::Error;
use ncblink::model::query::{
    CheckOutcome, DocumentCheck, FirearmCheck, FirearmRecord, FirearmStatus, PersonCheck, Record, TravelDocumentRecord,
    VehicleCheck, VehicleRecord,
};
use ncblink::model::{
    Body, Diffusion, DiffusionPurpose, Dispatch, DocumentType, LocalizedText, LossType, NoticeStatus, Recipients,
};
use ncblink::wire::{InboxItemKind, NoticeQuery, Notification, SuspendRequest};
use ncblink_e2e::{client, hub, message, red_notice};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notices_lifecycle_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path()).await;
    let fr = client(&hub, "FR", None);
    let de = client(&hub, "DE", None);

    assert_eq!(fr.health().await.unwrap().status, "ok");
    let directory = fr.directory().await.unwrap();
    assert!(
        directory
            .ncbs
            .iter()
            .any(|n| n.code.as_str() == "DE" && !n.keys.is_empty())
    );

    let record = fr.submit_notice(red_notice("FR")).await.unwrap();
    assert_eq!(record.status, NoticeStatus::Published, "{}", record.report);
    let notice_id = record.notice_id.expect("a notice id on publication").to_string();
    assert_eq!(de.get_notice(&notice_id).await.unwrap().id, record.id);
    assert_eq!(
        de.get_notice(&record.id.to_string()).await.unwrap().notice_id,
        record.notice_id
    );

    // Replacement by the source: reviewed again.
    let mut replacement = record.envelope.envelope().clone();
    replacement.signature = None;
    replacement.legal_basis = Some("Mandat d'arrêt du 2 avril 2024, renouvelé".into());
    let updated = fr.update_notice(&notice_id, replacement.clone()).await.unwrap();
    assert_eq!(updated.envelope.legal_basis, replacement.legal_basis);
    // Only the source may replace it.
    let mut theirs = replacement.clone();
    theirs.source = "DE".parse().unwrap();
    assert!(matches!(
        de.update_notice(&notice_id, theirs).await,
        Err(Error::Forbidden(_) | Error::Config(_))
    ));

    let until = chrono::Utc::now() + chrono::Duration::days(30);
    let s = fr
        .suspend_notice(
            &notice_id,
            &SuspendRequest {
                until,
                reason: Some("operation".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(s.status, NoticeStatus::Suspended);
    let too_long = SuspendRequest {
        until: chrono::Utc::now() + chrono::Duration::days(220),
        reason: None,
    };
    assert!(fr.suspend_notice(&notice_id, &too_long).await.is_err());
    assert_eq!(
        fr.resume_notice(&notice_id).await.unwrap().status,
        NoticeStatus::Published
    );

    // Search: tolerant of a one-letter difference, and paged as a stream.
    for _ in 0..3 {
        let r = fr.submit_notice(red_notice("FR")).await.unwrap();
        assert_eq!(r.status, NoticeStatus::Published);
    }
    let query = NoticeQuery {
        name: Some("Durant".into()),
        limit: Some(2),
        ..NoticeQuery::default()
    };
    let found: Vec<_> = de.search_notices(query).try_collect().await.unwrap();
    assert_eq!(found.len(), 4, "all four, over two pages: {found:?}");

    let withdrawn = fr.withdraw_notice(&notice_id, "person arrested").await.unwrap();
    assert_eq!(withdrawn.status, NoticeStatus::Withdrawn);
    // Withdrawn is final: the lifecycle refuses a resume.
    assert!(matches!(fr.resume_notice(&notice_id).await, Err(Error::Conflict(_))));
    hub.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_rules_seen_from_the_client() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path()).await;
    let fr = client(&hub, "FR", None);
    let ru = client(&hub, "RU", None);
    let de = client(&hub, "DE", None);
    // The shared Red Notice denies RU.
    let record = fr.submit_notice(red_notice("FR")).await.unwrap();
    let id = record.id.to_string();
    assert!(matches!(ru.get_notice(&id).await, Err(Error::NotFound(_))));
    assert!(de.get_notice(&id).await.is_ok());
    let seen_by_ru = ru
        .notices_page(&NoticeQuery {
            name: Some("Durand".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(seen_by_ru.items.is_empty(), "RU sees nothing: {seen_by_ru:?}");

    // A message is seen by its sender and recipients only.
    let sent = fr.send_message(message("FR", &["DE"], "For DE only")).await.unwrap();
    assert_eq!(
        sent.delivered_to.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
        vec!["DE"]
    );
    let ru_inbox = ru.inbox_page(&Default::default()).await.unwrap();
    assert!(ru_inbox.items.iter().all(|i| i.id != sent.id));
    hub.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diffusions_messages_and_the_inbox() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path()).await;
    let fr = client(&hub, "FR", Some(dir.path().join("fr.sqlite")));
    let de = client(&hub, "DE", Some(dir.path().join("de.sqlite")));
    let it = client(&hub, "IT", None);

    let mut diffusion = message("FR", &["DE", "IT"], "unused");
    diffusion.body = Body::Diffusion(Diffusion {
        extra: Default::default(),
        purpose: DiffusionPurpose::Information,
        dispatch: Dispatch::Direct,
        text: LocalizedText::new("ENG", "Information sought on a vehicle theft network"),
        subject: None,
        judicial: None,
    });
    let d = fr.send_diffusion(diffusion).await.unwrap();
    assert_eq!(fr.get_diffusion(&d.id.to_string()).await.unwrap().id, d.id);

    let m = fr.send_message(message("FR", &["DE"], "Question")).await.unwrap();
    // DE's inbox: the diffusion, then the message, in order, verified.
    let mut inbox = de.inbox().with_wait(Duration::from_secs(2));
    let first = inbox.next().await.unwrap();
    let second = inbox.next().await.unwrap();
    assert_eq!((first.id, second.id), (d.id, m.id));
    assert!(first.seq < second.seq);
    inbox.ack(&first).await.unwrap();
    // Not acknowledged: a new consumer (a restart) gets the message again…
    let mut again = de.inbox().with_wait(Duration::from_secs(1));
    assert_eq!(again.next().await.unwrap().id, m.id);
    again.ack(&second).await.unwrap();
    // …and once acknowledged, never again.
    let mut after = de.inbox().with_wait(Duration::from_secs(1));
    assert!(after.try_next().await.unwrap().is_none());

    // Long polling: a waiting read wakes when a message arrives. IT first
    // handles the diffusion it received.
    let mut it_inbox = it.inbox().with_wait(Duration::from_secs(1));
    let d_at_it = it_inbox.next().await.unwrap();
    assert_eq!(d_at_it.id, d.id);
    it_inbox.ack(&d_at_it).await.unwrap();
    let waiter = {
        let it = it.clone();
        tokio::spawn(async move { it.inbox().with_wait(Duration::from_secs(20)).try_next().await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = std::time::Instant::now();
    let late = fr.send_message(message("FR", &["IT"], "Wake up")).await.unwrap();
    let got = waiter.await.unwrap().unwrap().expect("an item");
    assert_eq!(got.id, late.id);
    assert!(started.elapsed() < Duration::from_secs(10));
    hub.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_checks_batches_and_hit_notifications() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path()).await;
    let fr = client(&hub, "FR", None);
    let de = client(&hub, "DE", None);

    let passport = Record::TravelDocument(TravelDocumentRecord {
        extra: Default::default(),
        number: "19FR77001".into(),
        issuing_state: "FRA".parse().unwrap(),
        document_type: DocumentType::Passport,
        loss_type: LossType::Lost,
        lost_on: None,
        issued_on: None,
        expires_on: None,
        national_reference: None,
    });
    let view = fr.register_record(&passport).await.unwrap();
    // Only the issuing state's NCB registers a travel document.
    assert!(matches!(de.register_record(&passport).await, Err(Error::Forbidden(_))));
    let car = fr
        .register_record(&Record::Vehicle(VehicleRecord {
            vin: Some("WVWZZZ1JZXW000001".into()),
            ..Default::default()
        }))
        .await
        .unwrap();
    let gun = fr
        .register_record(&Record::Firearm(FirearmRecord {
            extra: Default::default(),
            serial_number: "XYZ987".into(),
            make: "Beretta".into(),
            model: None,
            calibre: None,
            status: FirearmStatus::Stolen,
            national_reference: None,
        }))
        .await
        .unwrap();

    let doc = |n: &str| DocumentCheck {
        extra: Default::default(),
        number: n.into(),
        issuing_state: "FRA".parse().unwrap(),
        document_type: None,
    };
    let hit = de.check_document(&doc("19FR77001")).await.unwrap();
    assert_eq!(hit.outcome, CheckOutcome::Hit);
    assert_eq!(de.get_record(&hit.hits[0].record_id).await.unwrap().id, view.id);
    assert_eq!(
        de.check_document(&doc("19FR00000")).await.unwrap().outcome,
        CheckOutcome::NoHit
    );
    let v = de
        .check_vehicle(&VehicleCheck {
            vin: Some("WVWZZZ1JZXW000001".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(v.outcome, CheckOutcome::Hit);
    let f = FirearmCheck {
        extra: Default::default(),
        serial_number: "XYZ987".into(),
        make: None,
        model: None,
        calibre: None,
    };
    assert_eq!(de.check_firearm(&f).await.unwrap().outcome, CheckOutcome::Hit);
    fr.submit_notice(red_notice("FR")).await.unwrap();
    let p = PersonCheck {
        extra: Default::default(),
        family_name: Some("Durand".into()),
        forenames: Some("Jean Pierre".into()),
        date_of_birth: Some("1978".parse().unwrap()),
        interpol_id: None,
        nationalities: Vec::new(),
        document_number: None,
    };
    assert_eq!(de.check_person(&p).await.unwrap().outcome, CheckOutcome::Hit);

    // 2,500 checks: three requests (1,000, 1,000, 500), results in input order.
    let checks: Vec<_> = (0..2500)
        .map(|i| doc(if i % 500 == 7 { "19FR77001" } else { "19FR00000" }))
        .collect();
    let results = de.check_documents(&checks).await.unwrap();
    assert_eq!(results.len(), 2500);
    for (i, r) in results.iter().enumerate() {
        let want = if i % 500 == 7 {
            CheckOutcome::Hit
        } else {
            CheckOutcome::NoHit
        };
        assert_eq!(r.outcome, want, "item {i}");
    }

    // The owner was notified of the hits.
    let page = fr.inbox_page(&Default::default()).await.unwrap();
    assert!(page.items.iter().any(|i| i.kind == InboxItemKind::HitNotification
        && matches!(&i.notification, Some(Notification::Hit(h)) if h.checked_by.as_str() == "DE")));

    // Only the owner deletes.
    assert!(matches!(de.delete_record(&car.id).await, Err(Error::Forbidden(_))));
    fr.delete_record(&car.id).await.unwrap();
    fr.delete_record(&gun.id).await.unwrap();
    assert!(matches!(de.get_record(&car.id).await, Err(Error::NotFound(_))));
    hub.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_documents_fail_locally_with_their_report() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path()).await;
    let fr = client(&hub, "FR", Some(dir.path().join("fr.sqlite")));
    let mut bad = message("FR", &[], "nobody");
    bad.recipients = Recipients::Ncbs(vec![]);
    match fr.send_message(bad).await {
        Err(Error::InvalidInput(report)) => assert!(report.has("ENVELOPE.NO_RECIPIENT")),
        other => panic!("expected invalid input, got {other:?}"),
    }
    // Nothing invalid waits in the outbox.
    assert!(fr.pending_writes().await.unwrap().is_empty());
    hub.shutdown().await;
}

/// Ids are per source (issue 11): two NCBs' envelopes with the same id are
/// two items, and the inbox hands over and deduplicates each on its own,
/// with and without an outbox file.
#[tokio::test]
async fn the_inbox_tells_apart_two_sources_sending_the_same_id() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path()).await;
    let fr = client(&hub, "FR", None);
    let it = client(&hub, "IT", None);
    let first = message("FR", &["DE", "RU"], "From FR");
    let mut second = message("IT", &["DE", "RU"], "From IT");
    second.id = first.id;
    fr.send_message(first.clone()).await.unwrap();
    it.send_message(second).await.unwrap();
    for (ncb, outbox) in [("DE", None), ("RU", Some(dir.path().join("ru-outbox.sqlite")))] {
        let receiver = client(&hub, ncb, outbox);
        let mut inbox = receiver.inbox().with_wait(Duration::from_secs(1));
        let a = inbox.next().await.unwrap();
        inbox.ack(&a).await.unwrap();
        let b = inbox.next().await.unwrap();
        assert_eq!((a.id, b.id), (first.id, first.id));
        let sources: Vec<_> = [&a, &b]
            .iter()
            .map(|i| i.envelope.as_ref().unwrap().source.to_string())
            .collect();
        assert_eq!(sources, ["FR", "IT"]);
    }
}
