//! Helpers for the end-to-end tests: a sandbox hub on loopback with a real
//! SQLite file, clients for its demo NCBs, and documents to send.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ncblink::client::RetryPolicy;
use ncblink::model::{Body, Envelope, LocalizedText, Message, NcbCode, Purpose, Recipients, WorkingLanguage};
use ncblink_hub::{DbLocation, HubConfig, RunningHub};

/// The Red Notice of the shared vectors.
pub const RED_NOTICE: &str = include_str!("../../vectors/valid/red-notice.json");

/// A sandbox hub on a free loopback port with its database in `dir`.
pub async fn hub(dir: &Path) -> RunningHub {
    hub_at(dir, SocketAddr::from(([127, 0, 0, 1], 0))).await
}

/// A sandbox hub on `addr` (to restart one on the same port).
pub async fn hub_at(dir: &Path, addr: SocketAddr) -> RunningHub {
    let config = HubConfig {
        listen: addr,
        db: DbLocation::File(dir.join("hub.sqlite")),
        // Fixed tokens: a restarted hub must accept the same clients.
        fixed_tokens: ["FR", "DE", "IT", "RU"]
            .iter()
            .map(|c| (c.parse().unwrap(), ncblink_hub::Token::new(format!("token-{c}"))))
            .collect(),
        ..HubConfig::sandbox_in_memory()
    };
    ncblink_hub::spawn(config).await.expect("hub starts")
}

/// A client for `ncb`, signing with the hub's demo key, with an outbox in
/// `dir` when given.
pub fn client(hub: &RunningHub, ncb: &str, outbox: Option<PathBuf>) -> ncblink::Client {
    let key = hub.key(ncb).expect("demo key");
    let mut b = ncblink::Client::builder(hub.base_url(), ncb.parse().unwrap())
        .token(format!("token-{ncb}"))
        .signing_key(key.signing_key.clone(), key.kid.clone())
        .retry_policy(RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(20),
            max_backoff: Duration::from_millis(200),
        })
        .request_timeout(Duration::from_secs(10));
    if let Some(o) = outbox {
        b = b.outbox_path(o);
    }
    b.build().expect("client")
}

/// The shared Red Notice, made fresh (new id, created now) and from `source`.
pub fn red_notice(source: &str) -> Envelope {
    let mut env: Envelope = ncblink::json::parse(RED_NOTICE.as_bytes()).expect("vector");
    let fresh = Envelope::new(source.parse().unwrap(), env.purpose, env.language, env.body.clone());
    env.id = fresh.id;
    env.source = fresh.source;
    env.created = fresh.created;
    env.expires = fresh.expires;
    env.review_due = fresh.review_due;
    env.access.deny.retain(|d| d.as_str() != source);
    env
}

/// A direct message from `from` to `to`.
pub fn message(from: &str, to: &[&str], title: &str) -> Envelope {
    let mut env = Envelope::new(
        from.parse().unwrap(),
        Purpose::Investigation,
        WorkingLanguage::En,
        Body::Message(Message {
            extra: Default::default(),
            title: title.into(),
            text: LocalizedText::new("ENG", "Please confirm."),
            case_reference: None,
            attachments: vec![],
        }),
    );
    env.recipients = Recipients::Ncbs(to.iter().map(|c| c.parse::<NcbCode>().unwrap()).collect());
    env
}

/// Every id in the client's inbox, in order, read page by page without
/// acknowledging anything.
pub async fn inbox_ids(c: &ncblink::Client) -> Vec<String> {
    let mut ids = Vec::new();
    let mut cursor = None;
    loop {
        let query = ncblink::wire::InboxQuery {
            cursor: cursor.clone(),
            limit: Some(500),
            wait: None,
        };
        let page = c.inbox_page(&query).await.expect("inbox page");
        if page.items.is_empty() {
            return ids;
        }
        ids.extend(page.items.iter().map(|i| i.id.to_string()));
        cursor = Some(page.next_cursor);
    }
}
