//! `ncblink outbox list|flush`: the writes waiting for the hub, and sending
//! them again with their original idempotency keys.

use anyhow::Result;

use crate::config::Connection;

/// `ncblink outbox …`.
#[derive(clap::Subcommand)]
pub enum Command {
    /// List the writes waiting in the outbox.
    List,
    /// Send them again, oldest first.
    Flush,
}

/// Runs the command.
pub async fn run(conn: &Connection, cmd: Command) -> Result<()> {
    let client = conn.client()?;
    match cmd {
        Command::List => {
            for w in client.pending_writes().await? {
                println!(
                    "{} {} /v1/{} (key {}, {} attempt(s))",
                    w.seq, w.method, w.path, w.key, w.attempts
                );
            }
        }
        Command::Flush => {
            let report = client.flush_outbox().await?;
            for (w, e) in &report.rejected {
                eprintln!("rejected by the hub: {} /v1/{} (key {}): {e}", w.method, w.path, w.key);
            }
            println!(
                "{} delivered, {} rejected, {} still waiting",
                report.delivered,
                report.rejected.len(),
                report.remaining
            );
        }
    }
    Ok(())
}
