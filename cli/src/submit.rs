//! `ncblink submit FILE` (a notice request), `ncblink notice ID` (its
//! status), `ncblink send FILE…` (diffusions and direct messages).

use std::path::PathBuf;

use anyhow::{Result, bail};
use ncblink::model::Body;

use crate::config::Connection;
use crate::output;

/// Arguments of `ncblink submit`.
#[derive(clap::Args)]
pub struct SubmitArgs {
    /// The envelope of the notice request (JSON; `-` for standard input).
    file: PathBuf,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Arguments of `ncblink send`.
#[derive(clap::Args)]
pub struct SendArgs {
    /// Envelopes of diffusions or messages (JSON files, or JSON Lines with
    /// --lines; `-` for standard input).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Each file holds one envelope per line.
    #[arg(long)]
    lines: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Arguments of `ncblink notice`.
#[derive(clap::Args)]
pub struct NoticeArgs {
    /// Envelope id or INTERPOL id (2026/123).
    id: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `ncblink submit`.
pub async fn submit(conn: &Connection, args: SubmitArgs) -> Result<()> {
    let client = conn.client()?;
    let envelope = output::parse_envelope(&output::read_input(&args.file)?)?;
    if !matches!(envelope.body, Body::Notice(_)) {
        bail!(
            "{} is a {}, not a notice: use `ncblink send`",
            args.file.display(),
            envelope.body.kind()
        );
    }
    let record = client.submit_notice(envelope).await?;
    if args.json {
        output::json(&record);
    } else {
        let id = record.notice_id.map(|n| n.to_string()).unwrap_or_else(|| "-".into());
        println!("{} {} (notice id {id})", record.id, record.status.as_str());
        if !record.report.violations.is_empty() {
            print!("{}", record.report.render(ncblink::model::WorkingLanguage::En));
        }
    }
    Ok(())
}

/// Runs `ncblink notice`.
pub async fn notice(conn: &Connection, args: NoticeArgs) -> Result<()> {
    let record = conn.client()?.get_notice(&args.id).await?;
    if args.json {
        output::json(&record);
    } else {
        let id = record.notice_id.map(|n| n.to_string()).unwrap_or_else(|| "-".into());
        println!("{} {} (notice id {id})", record.id, record.status.as_str());
        for change in &record.status_history {
            println!(
                "  {} {}{}",
                change.at.format("%Y-%m-%d %H:%M:%S"),
                change.status.as_str(),
                change.note.as_deref().map(|n| format!(": {n}")).unwrap_or_default()
            );
        }
    }
    Ok(())
}

/// Runs `ncblink send`.
pub async fn send(conn: &Connection, args: SendArgs) -> Result<()> {
    let client = conn.client()?;
    let mut docs = Vec::new();
    for f in &args.files {
        let bytes = output::read_input(f)?;
        if args.lines {
            for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let env =
                    output::parse_envelope(line).map_err(|e| anyhow::anyhow!("{}:{}: {e}", f.display(), n + 1))?;
                docs.push(env);
            }
        } else {
            docs.push(output::parse_envelope(&bytes)?);
        }
    }
    let total = docs.len();
    let bar = crate::progress::bar(total as u64, "sending");
    let mut failed = 0;
    for env in docs {
        let id = env.id;
        let result = match &env.body {
            Body::Diffusion(_) => client
                .send_diffusion(env)
                .await
                .map(|r| serde_json::to_value(r).unwrap_or_default()),
            Body::Message(_) => client
                .send_message(env)
                .await
                .map(|r| serde_json::to_value(r).unwrap_or_default()),
            Body::Notice(_) => client
                .submit_notice(env)
                .await
                .map(|r| serde_json::to_value(r).unwrap_or_default()),
            // No endpoint takes a kind of a later version; the report says so.
            Body::Unknown { .. } => Err(ncblink::Error::InvalidInput(Box::new(ncblink::validate::validate(
                &env,
            )))),
        };
        match result {
            Ok(v) if args.json => output::json(&v),
            Ok(_) => {}
            Err(e) => {
                failed += 1;
                bar.suspend(|| eprintln!("{id}: {e}"));
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    if !args.json {
        println!("{} sent, {failed} failed", total - failed);
    }
    if failed > 0 {
        bail!("{failed} of {total} not sent (transport failures stay in the outbox: `ncblink outbox flush`)");
    }
    Ok(())
}
