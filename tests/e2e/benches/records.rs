//! Contributing records: registration through batches into the SQLite hub
//! (a sync into an empty hub), and a sync of a list the hub already holds
//! (nothing to do). A benchmark that prints a table, not a test:
//!
//!     cargo bench -p ncblink-e2e --bench records
//!
//! `NCBLINK_BENCH_RECORDS` sets the size of the list (default 1,000,000).
//! The hub runs in this process on its own runtime (2 worker threads), the
//! client on another, over loopback HTTP, with a hub database file.

use std::time::Instant;

use ncblink::client::sync::{InputFormat, SyncOptions, read_records};
use ncblink::model::query::RecordKind;
use ncblink_hub::{DbLocation, HubConfig};

fn list(n: usize) -> Vec<u8> {
    let mut text = String::with_capacity(n * 60);
    text.push_str("number,issuing_state,document_type,loss_type,lost_on,national_reference\n");
    for i in 0..n {
        text.push_str(&format!(
            "B{i:09},FRA,passport,lost,2025-{:02}-{:02},FR-{i}\n",
            1 + i % 12,
            1 + i % 28
        ));
    }
    text.into_bytes()
}

/// CPU seconds this process (client and hub) has used: on a shared
/// machine, the figure that load does not move. From /proc/self/stat
/// (utime + stime, in USER_HZ ticks, 100 per second on Linux).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest.split_whitespace().map(|x| x.parse().unwrap_or(0.0)).collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 here.
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

fn main() {
    let n: usize = std::env::var("NCBLINK_BENCH_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
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
            ..HubConfig::sandbox_in_memory()
        };
        ncblink_hub::spawn(config).await.unwrap()
    });
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let client = ncblink::Client::builder(hub.base_url(), "FR".parse().unwrap())
        .token("token-FR")
        .build()
        .unwrap();
    let bytes = list(n);
    let ncb = "FR".parse().unwrap();

    // Reading and validating the list alone.
    let (started, cpu) = (Instant::now(), cpu_seconds());
    let input = read_records(RecordKind::TravelDocument, InputFormat::Csv, &bytes, ncb).unwrap();
    let (read_s, read_cpu) = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu);

    // Into an empty hub: every record registered through batches.
    let (started, cpu) = (Instant::now(), cpu_seconds());
    let (_, s) = client_rt
        .block_on(client.sync_records(
            RecordKind::TravelDocument,
            input,
            &SyncOptions::default(),
            &mut |_, _| {},
        ))
        .unwrap();
    let (register_s, register_cpu) = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu);
    assert_eq!(s.added, n, "{s:?}");

    // The same list again: read, validate, list the hub, compare; nothing sent.
    let (started, cpu) = (Instant::now(), cpu_seconds());
    let input = read_records(RecordKind::TravelDocument, InputFormat::Csv, &bytes, ncb).unwrap();
    let (_, s) = client_rt
        .block_on(client.sync_records(
            RecordKind::TravelDocument,
            input,
            &SyncOptions::default(),
            &mut |_, _| {},
        ))
        .unwrap();
    let (unchanged_s, unchanged_cpu) = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu);
    assert_eq!(s.unchanged, n, "{s:?}");

    let register_rate = n as f64 / register_s;
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load.split_whitespace().next().unwrap_or("?");
    println!();
    println!("| {n} travel documents (load average {load}) | wall | CPU (client + hub) | target |");
    println!("|---|---|---|---|");
    println!(
        "| read and validate the CSV | {read_s:.2} s ({:.0} k/s) | {read_cpu:.1} s | - |",
        n as f64 / read_s / 1000.0
    );
    println!(
        "| sync into an empty hub (registration through batches) | {register_s:.1} s ({:.0} k/s) | {register_cpu:.1} s | >= 50 k/s |",
        register_rate / 1000.0
    );
    println!(
        "| sync of the same list (read, validate, list, compare; nothing to do) | {unchanged_s:.1} s | {unchanged_cpu:.1} s | < 30 s for 1,000,000 |"
    );
    record(
        &format!("records: read and validate a CSV of {n} documents"),
        &format!(
            "{read_s:.2} s ({:.0} k/s), CPU {read_cpu:.1} s",
            n as f64 / read_s / 1000.0
        ),
        "-",
        "-",
    );
    record(
        &format!("records: registration through batches ({n} into an empty SQLite hub)"),
        &format!(
            "{:.0} k/s ({register_s:.1} s), CPU {register_cpu:.1} s",
            register_rate / 1000.0
        ),
        ">= 50 k/s",
        if register_rate >= 50_000.0 { "met" } else { "MISSED" },
    );
    let scaled = unchanged_s * 1_000_000.0 / n as f64;
    record(
        &format!("records: sync of {n} unchanged documents"),
        &format!("{unchanged_s:.1} s, CPU {unchanged_cpu:.1} s"),
        "< 30 s for 1,000,000",
        if scaled < 30.0 { "met" } else { "MISSED" },
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
