//! The consumer of the kill test (`tests/kill.rs`): reads DE's inbox inside
//! `tokio::select!` with a timeout of a few milliseconds, so that reads and
//! acknowledgements are cut at every kind of await point; appends
//! `<pid> <id>` to a file for each item handled and syncs it to disk before
//! acknowledging. The test kills it with SIGKILL and starts it again.
//!
//! Usage: `e2e-consumer HUB_URL OUTBOX_FILE HANDLED_FILE MAX_SECONDS`.

use std::io::Write;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use ncblink::client::RetryPolicy;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, outbox, handled, max_seconds] = &args[..] else {
        bail!("usage: e2e-consumer HUB_URL OUTBOX_FILE HANDLED_FILE MAX_SECONDS");
    };
    let client = ncblink::Client::builder(url.as_str(), "DE".parse()?)
        .token("token-DE")
        .outbox_path(outbox)
        .retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(20),
            max_backoff: Duration::from_millis(200),
        })
        .request_timeout(Duration::from_secs(5))
        .build()?;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(handled)
        .with_context(|| format!("opening {handled}"))?;
    let pid = std::process::id();
    let mut inbox = client.inbox().with_wait(Duration::from_secs(1));
    // Stops by itself if the test never kills it.
    let deadline = Instant::now() + Duration::from_secs(max_seconds.parse()?);
    let mut tick = u64::from(pid);
    while Instant::now() < deadline {
        tick = tick.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        // 0 to 30 ms: most reads of a page are cut somewhere, and a loaded
        // machine still completes one now and then.
        let cut = Duration::from_micros((tick >> 33) % 30_000);
        let item = tokio::select! {
            item = inbox.try_next() => item,
            _ = tokio::time::sleep(cut) => continue,
        };
        match item {
            Ok(Some(item)) => {
                writeln!(file, "{pid} {}", item.id)?;
                file.sync_data()?;
                // Cut too, sometimes: the item counts as handled from the
                // first poll, and the next acknowledgement carries it.
                match tokio::time::timeout(cut, inbox.ack(&item)).await {
                    Ok(Err(e)) if !e.is_retryable() => return Err(e.into()),
                    _ => {}
                }
            }
            Ok(None) => {}
            Err(e) if e.is_retryable() => tokio::time::sleep(Duration::from_millis(20)).await,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}
