//! The inbox under cancellation, SIGKILL and a hub restart: a producer
//! sends 10,000 signed messages (see [`count`]) while a consumer process (`e2e-consumer`)
//! reads them with `select!` and a timeout of a few milliseconds, and is
//! killed with SIGKILL and started again at random moments; the hub is
//! stopped and started again on the same file in the middle. Every message
//! is handled; one process never handles one twice; a duplicate appears
//! only across a kill (handled, synced, killed before its acknowledgement
//! was stored), at most one per kill.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::{StreamExt, stream};
use ncblink_e2e::{client, hub, hub_at, message};

/// How many messages: 10,000 in an optimised build (`cargo test --release
/// -p ncblink-e2e --test kill`), 1,000 in a debug build (where signing,
/// verifying and the hub's validation run about ten times slower, and the
/// 10,000 would take minutes); `NCBLINK_KILL_TEST_MESSAGES` overrides it.
fn count() -> usize {
    let default = if cfg!(debug_assertions) { 1_000 } else { 10_000 };
    std::env::var("NCBLINK_KILL_TEST_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn start_consumer(url: &str, dir: &Path, handled: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_e2e-consumer"))
        .arg(url)
        .arg(dir.join("de-outbox.sqlite"))
        .arg(handled)
        .arg("300")
        .spawn()
        .expect("the consumer starts")
}

/// `(pid, id)` per line of the consumer's file.
fn handled_lines(path: &PathBuf) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        // The last line may be cut by a kill in the middle of a write.
        .filter_map(|l| l.split_once(' '))
        .filter(|(_, id)| id.len() == 36)
        .map(|(p, id)| (p.to_owned(), id.to_owned()))
        .collect()
}

/// A small deterministic generator: the seed is printed, so a failing run
/// can be replayed with `NCBLINK_KILL_TEST_SEED`.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consumer_cut_by_select_killed_and_hub_restarted_handles_every_message() {
    let n = count();
    let seed = std::env::var("NCBLINK_KILL_TEST_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| u64::from(std::process::id()));
    eprintln!("{n} messages, seed {seed}");
    let mut rng = Lcg(seed);
    let dir = tempfile::tempdir().unwrap();
    let first = hub(dir.path()).await;
    let addr = first.addr;
    let url = first.base_url();
    let handled = dir.path().join("handled.txt");

    let fr = client(&first, "FR", Some(dir.path().join("fr-outbox.sqlite")));
    let messages: Vec<_> = (0..n).map(|i| message("FR", &["DE"], &format!("m{i}"))).collect();
    let expected: HashSet<String> = messages.iter().map(|m| m.id.to_string()).collect();
    let sent = Arc::new(AtomicUsize::new(0));
    let producer = {
        let fr = fr.clone();
        let sent = sent.clone();
        tokio::spawn(async move {
            // Sends that fail while the hub is down wait in the outbox.
            stream::iter(messages)
                .for_each_concurrent(8, |m| {
                    let fr = fr.clone();
                    let sent = sent.clone();
                    async move {
                        if fr.send_message(m).await.is_ok() {
                            sent.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                })
                .await;
        })
    };

    let mut consumer = start_consumer(&url, dir.path(), &handled);
    let mut kills = 0;
    let mut hub = Some(first);
    let mut restarted = false;
    // Bounded: at most 600 rounds of about 100 ms.
    for _ in 0..600 {
        tokio::time::sleep(Duration::from_millis(50 + rng.below(100))).await;
        let done = handled_lines(&handled)
            .into_iter()
            .map(|(_, id)| id)
            .collect::<HashSet<_>>();
        if done.len() >= n && producer.is_finished() {
            break;
        }
        if !restarted && sent.load(Ordering::Relaxed) > n * 2 / 5 {
            // The hub goes away and comes back on the same file and port.
            if let Some(h) = hub.take() {
                h.shutdown().await;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
            hub = Some(hub_at(dir.path(), addr).await);
            restarted = true;
        }
        if kills < 8 && rng.below(6) == 0 {
            consumer.kill().unwrap(); // SIGKILL
            consumer.wait().unwrap();
            kills += 1;
            consumer = start_consumer(&url, dir.path(), &handled);
        }
        if producer.is_finished() && !fr.pending_writes().await.unwrap().is_empty() {
            // What failed while the hub was down.
            fr.flush_outbox().await.unwrap();
        }
    }
    consumer.kill().unwrap();
    consumer.wait().unwrap();
    producer.await.unwrap();
    assert!(restarted, "the hub was restarted during the run");
    assert!(fr.pending_writes().await.unwrap().is_empty(), "every message was sent");

    let lines = handled_lines(&handled);
    let done: HashSet<String> = lines.iter().map(|(_, id)| id.clone()).collect();
    assert_eq!(done.len(), expected.len(), "messages handled");
    assert_eq!(done, expected, "every message handled, none other");
    let mut per_process: HashSet<(&str, &str)> = HashSet::new();
    let mut times: HashMap<&str, usize> = HashMap::new();
    for (pid, id) in &lines {
        assert!(per_process.insert((pid, id)), "process {pid} handled {id} twice");
        *times.entry(id).or_default() += 1;
    }
    let duplicates: usize = times.values().map(|t| t - 1).sum();
    eprintln!("{kills} kills, {duplicates} duplicates across kills");
    assert!(duplicates <= kills, "{duplicates} duplicates for {kills} kills");
    if let Some(h) = hub {
        h.shutdown().await;
    }
}
