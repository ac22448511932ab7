//! Helpers for the end-to-end tests: a sandbox hub on loopback with a real
//! SQLite file, clients for its demo NCBs, and documents to send.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ncblink::client::RetryPolicy;
use ncblink::model::{
    Body, Diffusion, DiffusionPurpose, Dispatch, Envelope, LocalizedText, Message, NcbCode, Purpose, Recipients,
    WorkingLanguage,
};
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

/// Runs the future of an expression, dropping it after one poll, then a
/// new one after two polls, and so on until one completes: every await
/// point of the operation is cut once. Each poll happens when the future is
/// woken (by the runtime), so a round advances the operation by one await.
/// Evaluates to how many rounds were dropped, and the output. A macro, not
/// a function: the future may borrow what the caller holds mutably (an
/// inbox), which a closure called again each round could not hand out.
///
/// `cancel_at_every_poll!(inbox.try_next())`, or with the round number
/// (from 1): `cancel_at_every_poll!(|round| send(round))`.
#[macro_export]
macro_rules! cancel_at_every_poll {
    (|$round:ident| $make:expr) => {{
        let mut $round: usize = 0;
        loop {
            $round += 1;
            let mut polls_left = $round;
            let finished = {
                let mut fut = ::std::pin::pin!($make);
                ::std::future::poll_fn(|cx| {
                    if polls_left == 0 {
                        return ::std::task::Poll::Ready(None);
                    }
                    polls_left -= 1;
                    ::std::future::Future::poll(fut.as_mut(), cx).map(Some)
                })
                .await
            };
            if let Some(out) = finished {
                break ($round - 1, out);
            }
        }
    }};
    ($make:expr) => {
        $crate::cancel_at_every_poll!(|_round| $make)
    };
}

/// A diffusion from `from` to `to`.
pub fn diffusion(from: &str, to: &[&str]) -> Envelope {
    let mut env = message(from, to, "unused");
    env.body = Body::Diffusion(Diffusion {
        extra: Default::default(),
        purpose: DiffusionPurpose::Information,
        dispatch: Dispatch::Direct,
        text: LocalizedText::new("ENG", "Information sought on a vehicle theft network"),
        subject: None,
        judicial: None,
    });
    env
}

/// Waits until `c`'s outbox is empty, up to `rounds` checks 50 ms apart;
/// returns what is left.
pub async fn drained(c: &ncblink::Client, rounds: usize) -> Vec<ncblink::client::PendingWrite> {
    let mut left = Vec::new();
    for _ in 0..rounds {
        left = c.pending_writes().await.expect("outbox");
        if left.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    left
}
