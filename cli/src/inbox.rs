//! `ncblink inbox [--follow]`: reads the NCB's inbox in order, verifies
//! each envelope's signature, prints it and acknowledges it.

use std::time::Duration;

use anyhow::Result;
use ncblink::wire::{InboxItem, Notification};

use crate::config::Connection;
use crate::output;

/// Arguments of `ncblink inbox`.
#[derive(clap::Args)]
pub struct Args {
    /// Keep waiting for new items (Ctrl-C to stop).
    #[arg(long)]
    follow: bool,
    /// Do not acknowledge what is read (it will be read again).
    #[arg(long)]
    no_ack: bool,
    /// Seconds to wait for the first item when not following.
    #[arg(long, default_value_t = 0)]
    wait: u64,
    /// Print JSON Lines.
    #[arg(long)]
    json: bool,
}

/// One line about an item.
pub fn describe(item: &InboxItem) -> String {
    match (&item.envelope, &item.notification) {
        (Some(env), _) => {
            let what = match &env.body {
                ncblink::model::Body::Message(m) => format!("message \"{}\"", m.title),
                ncblink::model::Body::Diffusion(d) => format!("diffusion ({:?})", d.purpose).to_lowercase(),
                ncblink::model::Body::Notice(n) => format!("{} notice", n.notice_type().as_str()),
                ncblink::model::Body::Unknown { kind, .. } => format!("{kind} (a kind of a later contract version)"),
            };
            format!("#{} {} from {} ({})", item.seq, what, env.source, env.id)
        }
        (None, Some(Notification::Hit(h))) => format!(
            "#{} hit on your record {} ({:?}) by {} at {}",
            item.seq,
            h.record_id,
            h.database,
            h.checked_by,
            h.checked_at.format("%Y-%m-%d %H:%M:%S")
        ),
        (None, Some(Notification::NoticeStatus(s))) => format!(
            "#{} notice {} is now {}{}",
            item.seq,
            s.notice_id
                .map(|n| n.to_string())
                .unwrap_or_else(|| s.notice.to_string()),
            s.status.as_str(),
            s.note.as_deref().map(|n| format!(": {n}")).unwrap_or_default()
        ),
        (None, None) => format!("#{} (empty item)", item.seq),
    }
}

/// Runs the command.
pub async fn run(conn: &Connection, args: Args) -> Result<()> {
    let client = conn.client()?;
    let wait = if args.follow {
        Duration::from_secs(30)
    } else {
        Duration::from_secs(args.wait.min(30))
    };
    let mut inbox = client.inbox().with_wait(wait);
    let mut n = 0;
    loop {
        let item = tokio::select! {
            item = inbox.try_next() => item,
            _ = tokio::signal::ctrl_c() => break,
        };
        match item {
            Ok(Some(item)) => {
                if args.json {
                    output::json(&item);
                } else {
                    println!("{}", describe(&item));
                }
                if !args.no_ack {
                    inbox.ack(&item).await?;
                }
                n += 1;
            }
            Ok(None) if args.follow => continue,
            Ok(None) => break,
            Err(ncblink::Error::Signature(msg)) => {
                // Shown, never handed over as sound; acknowledged so that it
                // does not block the inbox.
                eprintln!("REJECTED (signature): {msg}");
                if let Some(held) = inbox.skip_held()
                    && !args.no_ack
                {
                    inbox.ack_at(held.id.to_string(), held.seq).await?;
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    if !args.json {
        eprintln!("{n} item(s) read");
    }
    Ok(())
}
