//! `ncblink search`: notices by type, status, name (tolerant), date of
//! birth, nationality or issuing NCB, every page.

use anyhow::Result;
use futures_util::TryStreamExt;
use ncblink::wire::NoticeQuery;

use crate::config::Connection;
use crate::output;

/// Arguments of `ncblink search`.
#[derive(clap::Args)]
pub struct Args {
    /// Subject's name (any script; small spelling differences tolerated).
    #[arg(long)]
    name: Option<String>,
    /// Notice type (red, yellow, blue, black, green, orange, purple, silver, un_special).
    #[arg(long = "type")]
    notice_type: Option<String>,
    /// Status (published, submitted, refused…).
    #[arg(long)]
    status: Option<String>,
    /// Date of birth (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    date_of_birth: Option<String>,
    /// Nationality (ISO alpha-2).
    #[arg(long)]
    nationality: Option<String>,
    /// Issuing NCB.
    #[arg(long)]
    source: Option<String>,
    /// Stop after this many results.
    #[arg(long, default_value_t = 100)]
    max: usize,
    /// Print JSON Lines.
    #[arg(long)]
    json: bool,
}

fn parse<T: serde::de::DeserializeOwned>(flag: &str, v: &Option<String>) -> Result<Option<T>> {
    v.as_ref()
        .map(|s| {
            serde_json::from_value(serde_json::Value::String(s.clone())).map_err(|e| anyhow::anyhow!("--{flag}: {e}"))
        })
        .transpose()
}

/// Runs the command.
pub async fn run(conn: &Connection, args: Args) -> Result<()> {
    let client = conn.client()?;
    let query = NoticeQuery {
        notice_type: parse("type", &args.notice_type)?,
        status: parse("status", &args.status)?,
        name: args.name.clone(),
        date_of_birth: parse("date-of-birth", &args.date_of_birth)?,
        nationality: parse("nationality", &args.nationality)?,
        source: parse("source", &args.source)?,
        cursor: None,
        limit: Some(100),
    };
    let stream = client.search_notices(query);
    futures_util::pin_mut!(stream);
    let mut n = 0;
    while let Some(item) = stream.try_next().await? {
        if args.json {
            output::json(&item);
        } else {
            println!(
                "{:<11} {:<10} {:<10} {:<3} {:<30} {}{}",
                item.notice_id.map(|i| i.to_string()).unwrap_or_else(|| "-".into()),
                item.notice_type.as_str(),
                item.status.as_str(),
                item.source,
                item.name.as_deref().unwrap_or("-"),
                item.date_of_birth.map(|d| d.to_string()).unwrap_or_default(),
                item.score.map(|s| format!("  (score {s:.2})")).unwrap_or_default(),
            );
        }
        n += 1;
        if n >= args.max {
            break;
        }
    }
    if !args.json {
        eprintln!("{n} notice(s)");
    }
    Ok(())
}
