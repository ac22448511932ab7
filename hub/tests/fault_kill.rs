//! The hub binary killed with SIGKILL again and again during a mixed
//! stream of writes (notices, diffusions, messages, every record kind,
//! acknowledgements) from a client with an outbox, and restarted on the
//! same file: no acknowledged write is lost, none is stored twice, and the
//! answer kept for every key is its first one (a success, never the 409
//! that a retry meeting its own earlier write would get).

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::{diffusion, message, person, red_notice};
use ncblink::client::{Client, RetryPolicy};
use ncblink::model::envelope::Dispatch;
use ncblink::model::query::Record;
use serde_json::json;

const TOKEN: &str = "fault-test-token-for-fr";
const KILLS: usize = 15;

fn spawn_hub(port: u16, db: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_ncblink-hub"))
        .args(["--sandbox", "--listen", &format!("127.0.0.1:{port}"), "--db"])
        .arg(db)
        .args(["--token", &format!("FR={TOKEN}")])
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("hub binary starts")
}

async fn wait_up(http: &reqwest::Client, port: u16) {
    let url = format!("http://127.0.0.1:{port}/v1/health");
    loop {
        if let Ok(r) = http.get(&url).send().await
            && r.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

fn record(i: usize) -> Record {
    let v = match i % 3 {
        0 => json!({"travel_document": {
            "number": format!("FK{i:07}"), "issuing_state": "FRA",
            "document_type": "passport", "loss_type": "stolen_from_bearer"}}),
        1 => json!({"vehicle": {"plate": {"country": "FR", "number": format!("FK-{i}")}, "make": "Renault"}}),
        _ => {
            json!({"firearm": {"serial_number": format!("FK{i}"), "make": "Glock", "model": "17", "status": "stolen"}})
        }
    };
    serde_json::from_value(v).expect("record")
}

/// What the stream sent, by kind: how many writes were issued, and the ids
/// of those the hub acknowledged.
#[derive(Default)]
struct Sent {
    issued: HashMap<&'static str, usize>,
    acked: HashMap<&'static str, Vec<String>>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_writes_loses_nothing_and_stores_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.sqlite");
    let port = free_port();
    let http = common::client_with(common::plain_tls());
    let mut hub = spawn_hub(port, &db);
    wait_up(&http, port).await;

    let client = Client::builder(format!("http://127.0.0.1:{port}"), common::ncb("FR"))
        .token(TOKEN)
        .outbox_path(dir.path().join("outbox.sqlite"))
        .request_timeout(Duration::from_secs(5))
        .retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(50),
        })
        .build()
        .unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (client, stop) = (client.clone(), stop.clone());
        tokio::spawn(async move {
            let mut sent = Sent::default();
            let mut i = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let (kind, result) = match i % 7 {
                    0 => {
                        let e = red_notice("FR", person("DURAND", &format!("Luc{i}"), "1980-02-03"), 36);
                        ("notice", client.submit_notice(e).await.map(|r| r.id.to_string()))
                    }
                    1 => {
                        let e = diffusion("FR", &["DE"], Dispatch::Direct);
                        ("diffusion", client.send_diffusion(e).await.map(|r| r.id.to_string()))
                    }
                    2 => {
                        let e = message("FR", &["DE", "IT"], &format!("message {i}"));
                        ("message", client.send_message(e).await.map(|r| r.id.to_string()))
                    }
                    6 => {
                        // FR's inbox holds the outcome of each notice reviewed.
                        let seq = sent.acked.get("notice").map_or(0, Vec::len).max(1) as u64;
                        ("ack", client.ack_inbox(seq).await.map(|r| r.acked_seq.to_string()))
                    }
                    n => ("record", client.register_record(&record(i + n)).await.map(|r| r.id)),
                };
                *sent.issued.entry(kind).or_default() += 1;
                match result {
                    Ok(id) => sent.acked.entry(kind).or_default().push(id),
                    // Left in the outbox: flushed at the end.
                    Err(e) if e.is_retryable() => {}
                    Err(e) => panic!("write {i} ({kind}) refused: {e}"),
                }
                i += 1;
            }
            sent
        })
    };

    // Kill at varied instants: the pseudo-random gaps come from the loop
    // counter, so a failure can be replayed.
    for k in 0..KILLS {
        tokio::time::sleep(Duration::from_millis(60 + (k as u64 * 37) % 140)).await;
        hub.kill().expect("SIGKILL");
        hub.wait().expect("reaped");
        hub = spawn_hub(port, &db);
        wait_up(&http, port).await;
    }
    stop.store(true, Ordering::Relaxed);
    let sent = writer.await.unwrap();

    let mut flushed = 0;
    loop {
        let report = client.flush_outbox().await.unwrap();
        assert!(report.rejected.is_empty(), "refused on retry: {:?}", report.rejected);
        flushed += report.delivered;
        if report.remaining == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    hub.kill().expect("SIGKILL");
    hub.wait().expect("reaped");

    let conn = rusqlite::Connection::open(&db).unwrap();
    let count = |sql: &str| -> usize { conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as usize };
    let issued = |k: &str| sent.issued.get(k).copied().unwrap_or(0);
    let total: usize = sent.issued.values().sum();
    assert!(
        total >= 100,
        "a stream of {total} writes is too short to prove anything"
    );

    // Every write issued is stored exactly once: acknowledged at once or
    // delivered from the outbox, never both, never twice.
    assert_eq!(
        count("SELECT count(*) FROM notices WHERE source = 'FR'"),
        issued("notice")
    );
    assert_eq!(
        count("SELECT count(*) FROM diffusions WHERE source = 'FR'"),
        issued("diffusion")
    );
    assert_eq!(
        count("SELECT count(*) FROM messages WHERE source = 'FR'"),
        issued("message")
    );
    let records =
        count("SELECT (SELECT count(*) FROM sltd) + (SELECT count(*) FROM smv) + (SELECT count(*) FROM iarms)");
    assert_eq!(records, issued("record"));
    // The acknowledged ones are those stored.
    for (kind, table) in [
        ("notice", "notices"),
        ("diffusion", "diffusions"),
        ("message", "messages"),
    ] {
        for id in sent.acked.get(kind).into_iter().flatten() {
            let n: i64 = conn
                .query_row(
                    &format!("SELECT count(*) FROM {table} WHERE envelope_id = ?1"),
                    [id],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 1, "{kind} {id}");
        }
    }
    // The answer kept for each key is the first one, a success: a retry that
    // had met its own write would have kept a 409.
    let failures = count("SELECT count(*) FROM idempotency WHERE ncb = 'FR' AND (state <> 'done' OR status >= 300)");
    assert_eq!(failures, 0, "keys whose kept answer is not a success");
    eprintln!(
        "{KILLS} kills during {total} writes ({} acknowledged at once, {flushed} from the outbox)",
        sent.acked.values().map(Vec::len).sum::<usize>()
    );
}
