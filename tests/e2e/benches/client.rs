//! Client throughput against a local hub, next to a load generator on the
//! same endpoint with the same concurrency, and the outbox's enqueue rate.
//! A benchmark that prints a table, not a test:
//!
//!     cargo bench -p ncblink-e2e --bench client
//!
//! The hub runs in this process on its own runtime (2 worker threads); the
//! clients on another. `oha` is used for the comparison when it is on the
//! PATH (`cargo install oha`); otherwise that row says so.

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ncblink::model::query::{DocumentCheck, Record, TravelDocumentRecord};
use ncblink::model::{DocumentType, LossType};
use ncblink_hub::{DbLocation, HubConfig};

const CONCURRENCY: usize = 32;
const SECONDS: u64 = 8;

fn check() -> DocumentCheck {
    DocumentCheck {
        extra: Default::default(),
        number: "19FR55555".into(),
        issuing_state: "FRA".parse().unwrap(),
        document_type: None,
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let hub_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let hub = hub_rt.block_on(async {
        let config = HubConfig {
            db: DbLocation::File(dir.path().join("hub.sqlite")),
            fixed_tokens: [("FR".parse().unwrap(), ncblink_hub::Token::new("token-FR"))]
                .into_iter()
                .collect(),
            seed_documents: 100_000,
            ..HubConfig::sandbox_in_memory()
        };
        ncblink_hub::spawn(config).await.unwrap()
    });
    let url = hub.base_url();
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let client = client_rt.block_on(async {
        let c = ncblink::Client::builder(url.clone(), "FR".parse().unwrap())
            .token("token-FR")
            .build()
            .unwrap();
        c.register_record(&Record::TravelDocument(TravelDocumentRecord {
            extra: Default::default(),
            number: "19FR55555".into(),
            issuing_state: "FRA".parse().unwrap(),
            document_type: DocumentType::Passport,
            loss_type: LossType::Lost,
            lost_on: None,
            issued_on: None,
            expires_on: None,
            national_reference: None,
        }))
        .await
        .unwrap();
        c
    });

    // Async client: CONCURRENCY tasks for SECONDS.
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    client_rt.block_on(async {
        let mut tasks = Vec::new();
        for _ in 0..CONCURRENCY {
            let (c, done, stop) = (client.clone(), done.clone(), stop.clone());
            tasks.push(tokio::spawn(async move {
                let ch = check();
                while !stop.load(Ordering::Relaxed) {
                    c.check_document(&ch).await.unwrap();
                    done.fetch_add(1, Ordering::Relaxed);
                }
            }));
        }
        tokio::time::sleep(Duration::from_secs(SECONDS)).await;
        stop.store(true, Ordering::Relaxed);
        for t in tasks {
            t.await.unwrap();
        }
    });
    let async_rate = done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();

    // Blocking client: CONCURRENCY threads sharing one client.
    let blocking = ncblink::client::blocking::Client::builder(url.clone(), "FR".parse().unwrap())
        .token("token-FR")
        .build()
        .unwrap();
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..CONCURRENCY {
            let (b, done) = (&blocking, done.clone());
            s.spawn(move || {
                let ch = check();
                while started.elapsed() < Duration::from_secs(SECONDS) {
                    b.check_document(&ch).unwrap();
                    done.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    let blocking_rate = done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();

    // The load generator on the same endpoint.
    let body = serde_json::to_string(&check()).unwrap();
    let oha = Command::new("oha")
        .args([
            "--no-tui",
            "--output-format",
            "json",
            "-c",
            &CONCURRENCY.to_string(),
            "-z",
            &format!("{SECONDS}s"),
        ])
        .args([
            "-m",
            "POST",
            "-H",
            "authorization: Bearer token-FR",
            "-H",
            "content-type: application/json",
            "-d",
            &body,
        ])
        .arg(format!("{url}/v1/checks/documents"))
        .output();
    let oha_rate = oha.ok().filter(|o| o.status.success()).and_then(|o| {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).ok()?;
        v["summary"]["requestsPerSec"].as_f64()
    });

    // Outbox enqueue: durable writes per second.
    let outbox = ncblink::client::Outbox::open(&dir.path().join("bench-outbox.sqlite")).unwrap();
    let n = 20_000;
    let started = Instant::now();
    client_rt.block_on(async {
        for i in 0..n {
            outbox
                .enqueue(
                    format!("bench-{i}"),
                    "POST",
                    "messages".into(),
                    Some(body.clone().into_bytes()),
                )
                .await
                .unwrap();
        }
    });
    let enqueue_rate = n as f64 / started.elapsed().as_secs_f64();

    println!(
        "\nclient benchmark: {CONCURRENCY} concurrent, {SECONDS} s each, POST /v1/checks/documents (hit), 2 shared cores\n"
    );
    println!("| what | checks/s | vs load generator |");
    println!("|---|---:|---:|");
    let ratio = |r: f64| {
        oha_rate
            .map(|o| format!("{:.0}%", 100.0 * r / o))
            .unwrap_or_else(|| "n/a".into())
    };
    match oha_rate {
        Some(o) => println!("| oha (load generator) | {o:.0} | 100% |"),
        None => println!("| oha (load generator) | not installed | |"),
    }
    println!("| ncblink async client | {async_rate:.0} | {} |", ratio(async_rate));
    println!(
        "| ncblink blocking client | {blocking_rate:.0} | {} |",
        ratio(blocking_rate)
    );
    println!("\n| outbox enqueue (durable, WAL, synchronous=NORMAL) | {enqueue_rate:.0} writes/s |");

    let vs_oha = |r: f64| match oha_rate {
        Some(o) => (
            format!("{r:.0} checks/s = {:.0} % of oha ({o:.0}/s)", 100.0 * r / o),
            if r / o >= 0.8 { "met" } else { "MISSED" },
        ),
        None => (format!("{r:.0} checks/s (oha not installed)"), "-"),
    };
    let (a, av) = vs_oha(async_rate);
    let (b, bv) = vs_oha(blocking_rate);
    record(
        &format!("async client, {CONCURRENCY} in flight, checks (hit)"),
        &a,
        ">= 80 % of oha",
        av,
    );
    record(
        &format!("blocking client, {CONCURRENCY} threads, checks (hit)"),
        &b,
        ">= 80 % of oha",
        bv,
    );
    record(
        "outbox enqueue (WAL, synchronous=NORMAL)",
        &format!("{enqueue_rate:.0} writes/s"),
        ">= 5,000 writes/s",
        if enqueue_rate >= 5000.0 { "met" } else { "MISSED" },
    );
    hub_rt.block_on(hub.shutdown());
}

/// Appends a figure for `cargo xtask bench` (xtask/src/figures.rs) to the file
/// named by NCBLINK_BENCH_OUT, when it is set.
fn record(what: &str, measured: &str, reference: &str, verdict: &str) {
    let Some(path) = std::env::var_os("NCBLINK_BENCH_OUT") else {
        return;
    };
    let line = serde_json::json!({
        "area": "client", "what": what, "measured": measured, "reference": reference, "verdict": verdict,
    });
    use std::io::Write as _;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .expect("the figures file");
    writeln!(f, "{line}").expect("writing a figure");
}
