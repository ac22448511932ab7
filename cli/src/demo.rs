//! `ncblink demo`: an embedded hub on loopback with a temporary SQLite
//! file, and two NCBs, Paris (FR) and Wiesbaden (DE), working together step
//! by step: a Red Notice requested and published, a search that finds it, a
//! direct message and its reply, a stolen passport registered and then hit
//! by a border check, the owner notified. Everything goes through the real
//! client and the real hub.

use std::time::Duration;

use anyhow::{Context, Result, bail};
use ncblink::model::query::{CheckOutcome, DocumentCheck, Record, TravelDocumentRecord};
use ncblink::model::{
    Body, DocumentType, Envelope, LocalizedText, LossType, Message, NcbCode, NoticeStatus, Purpose, Recipients,
    WorkingLanguage,
};
use ncblink::wire::{InboxItem, InboxItemKind, NoticeQuery, Notification};
use ncblink_hub::{DbLocation, HubConfig};

/// The Red Notice of the shared test vectors, the one every language tests.
const RED_NOTICE: &str = include_str!("../../tests/vectors/valid/red-notice.json");

fn step(n: u32, text: &str) {
    println!("\n{n}. {text}");
}

fn ok(text: impl AsRef<str>) {
    println!("   ✓ {}", text.as_ref());
}

fn client(hub: &ncblink_hub::RunningHub, ncb: &str, dir: &std::path::Path) -> Result<ncblink::Client> {
    let code: NcbCode = ncb.parse()?;
    let token = hub
        .token(ncb)
        .with_context(|| format!("the hub has no token for {ncb}"))?;
    let key = hub.key(ncb).with_context(|| format!("the hub has no key for {ncb}"))?;
    Ok(ncblink::Client::builder(hub.base_url(), code)
        .token(token.expose())
        .signing_key(key.signing_key.clone(), key.kid.clone())
        .outbox_path(dir.join(format!("{ncb}-outbox.sqlite")))
        .build()?)
}

/// Reads `client`'s inbox until an item `want` accepts, acknowledging
/// everything read.
async fn wait_for(client: &ncblink::Client, want: impl Fn(&InboxItem) -> bool) -> Result<InboxItem> {
    let mut inbox = client.inbox().with_wait(Duration::from_secs(5));
    for _ in 0..20 {
        if let Some(item) = inbox.try_next().await? {
            inbox.ack(&item).await?;
            if want(&item) {
                return Ok(item);
            }
        }
    }
    bail!("the expected inbox item did not arrive")
}

/// Runs the demo.
pub async fn run() -> Result<()> {
    let dir = tempfile::tempdir().context("creating a temporary directory")?;
    let db = dir.path().join("hub.sqlite");
    let config = HubConfig {
        db: DbLocation::File(db.clone()),
        ..HubConfig::sandbox_in_memory()
    };
    let hub = ncblink_hub::spawn(config).await.context("starting the embedded hub")?;
    println!(
        "ncblink demo: a sandbox hub at {} (SQLite file {})",
        hub.base_url(),
        db.display()
    );
    println!("NCB Paris (FR) and NCB Wiesbaden (DE) sign everything they send with Ed25519.");

    let fr = client(&hub, "FR", dir.path())?;
    let de = client(&hub, "DE", dir.path())?;

    step(
        1,
        "FR requests a Red Notice; the sandbox reviews it against the RPD rules",
    );
    let mut notice: Envelope = ncblink::json::parse(RED_NOTICE.as_bytes()).context("the embedded Red Notice")?;
    let fresh = Envelope::new(notice.source, notice.purpose, notice.language, notice.body.clone());
    notice.id = fresh.id;
    notice.created = fresh.created;
    notice.expires = fresh.expires;
    notice.review_due = fresh.review_due;
    let record = fr.submit_notice(notice).await?;
    let notice_id = record.notice_id.map(|n| n.to_string()).unwrap_or_default();
    if record.status != NoticeStatus::Published {
        bail!("the Red Notice was {}: {}", record.status.as_str(), record.report);
    }
    ok(format!("published as {notice_id} (request {})", record.id));

    step(
        2,
        "DE searches the notices for \"Durant\" (one letter off), as an officer would type it",
    );
    let page = de
        .notices_page(&NoticeQuery {
            name: Some("Durant".into()),
            ..NoticeQuery::default()
        })
        .await?;
    let found = page
        .items
        .iter()
        .find(|s| s.notice_id.map(|n| n.to_string()) == Some(notice_id.clone()));
    let Some(found) = found else {
        bail!("the search did not find the notice")
    };
    ok(format!(
        "found {} {} {} (score {:.2})",
        notice_id,
        found.name.as_deref().unwrap_or("-"),
        found.date_of_birth.map(|d| d.to_string()).unwrap_or_default(),
        found.score.unwrap_or(1.0)
    ));

    step(
        3,
        "FR sends DE a direct message; DE reads it, verifies the signature and replies",
    );
    let mut msg = Envelope::new(
        fr.ncb(),
        Purpose::LocateWantedPerson,
        WorkingLanguage::Fr,
        Body::Message(Message {
            extra: Default::default(),
            title: format!("Notice {notice_id}: DURAND Jean Pierre"),
            text: LocalizedText::new(
                "FRE",
                "Nous avons des raisons de penser que l'intéressé se trouve à Francfort.",
            ),
            case_reference: Some("FR-OCLDI-2026-0042".into()),
            attachments: vec![],
        }),
    );
    msg.recipients = Recipients::Ncbs(vec![de.ncb()]);
    let sent = fr.send_message(msg).await?;
    ok(format!("FR sent message {}", sent.id));
    let got = wait_for(&de, |i| i.kind == InboxItemKind::Envelope && i.id == sent.id).await?;
    let env = got.envelope.as_ref().context("an envelope")?;
    ok(format!(
        "DE received it (inbox #{}), signature verified against FR's key in the directory",
        got.seq
    ));
    let mut reply = Envelope::new(
        de.ncb(),
        Purpose::LocateWantedPerson,
        WorkingLanguage::En,
        Body::Message(Message {
            extra: Default::default(),
            title: "Re: DURAND".into(),
            text: LocalizedText::new("GER", "Wir prüfen die Adresse in Frankfurt und melden uns."),
            case_reference: None,
            attachments: vec![],
        }),
    );
    reply.recipients = Recipients::Ncbs(vec![fr.ncb()]);
    reply.in_reply_to = Some(env.id);
    reply.correlation_id = Some(env.id);
    de.send_message(reply).await?;
    let back = wait_for(&fr, |i| {
        i.envelope.as_ref().is_some_and(|e| e.in_reply_to == Some(env.id))
    })
    .await?;
    ok(format!(
        "FR received DE's reply (inbox #{}), in reply to {}",
        back.seq, env.id
    ));

    step(4, "FR registers a stolen French passport in SLTD");
    let passport = Record::TravelDocument(TravelDocumentRecord {
        extra: Default::default(),
        number: "19FR99881".into(),
        issuing_state: "FRA".parse()?,
        document_type: DocumentType::Passport,
        loss_type: LossType::StolenFromBearer,
        lost_on: Some("2026-05-01".parse()?),
        issued_on: None,
        expires_on: None,
        national_reference: Some("FR-SLTD-2026-1".into()),
    });
    let view = fr.register_record(&passport).await?;
    ok(format!("registered as record {}", view.id));

    step(5, "A German border officer checks the passport of a traveller");
    let check = DocumentCheck {
        extra: Default::default(),
        number: "19FR99881".into(),
        issuing_state: "FRA".parse()?,
        document_type: None,
    };
    let result = de.check_document(&check).await?;
    if result.outcome != CheckOutcome::Hit {
        bail!("the border check did not hit");
    }
    let hit = result.hits.first().context("a hit")?;
    ok(format!(
        "HIT: {} (owner {}); a possible match, to confirm with the owner",
        hit.summary, hit.owner
    ));
    let full = de.get_record(&hit.record_id).await?;
    ok(format!("full record fetched: {}", serde_json::to_string(&full.record)?));

    step(6, "FR is notified that its record was hit");
    let note = wait_for(&fr, |i| matches!(i.notification, Some(Notification::Hit(_)))).await?;
    if let Some(Notification::Hit(h)) = &note.notification {
        ok(format!(
            "inbox #{}: checked by {} at {}",
            note.seq,
            h.checked_by,
            h.checked_at.format("%H:%M:%S")
        ));
    }

    hub.shutdown().await;
    println!("\nDone: the hub stopped and its temporary files are removed.");
    Ok(())
}
