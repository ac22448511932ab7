//! `ncblink records add | remove | list | sync`: contributing the NCB's
//! lost and stolen documents, vehicles and firearms. Files are CSV (the
//! check files' columns, plus loss type, date and national reference) or
//! JSON Lines; sdk-core reads, validates, plans and applies them
//! (`ncblink::client::sync`), this command only drives and reports.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use ncblink::client::sync::{
    InputFormat, InputRecord, RemovalLimit, SyncOptions, SyncPlan, SyncSummary, digest, read_records,
};
use ncblink::model::query::RecordKind;
use ncblink::wire::{RecordBatchItem, RecordItemResult, RecordOutcome};

use crate::config::Connection;
use crate::output;

/// The kind of records, for every sub-command.
#[derive(clap::Args)]
pub struct Kind {
    /// travel_document (SLTD), vehicle (SMV) or firearm (iARMS).
    #[arg(long, default_value = "travel_document", value_parser = parse_kind)]
    kind: RecordKind,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn parse_kind(s: &str) -> Result<RecordKind, String> {
    s.parse()
}

/// What to do.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Register the records of a file (CSV or JSON Lines).
    Add {
        /// The file (`-` for standard input, read as JSON Lines).
        file: PathBuf,
        #[command(flatten)]
        kind: Kind,
    },
    /// Remove records: those of a file (by natural key), or by id.
    Remove {
        /// The file (`-` for standard input, read as JSON Lines).
        #[arg(required_unless_present = "id")]
        file: Option<PathBuf>,
        /// A record id (sltd-42); may be repeated.
        #[arg(long)]
        id: Vec<String>,
        #[command(flatten)]
        kind: Kind,
    },
    /// List the records the hub holds for this NCB.
    List {
        #[command(flatten)]
        kind: Kind,
    },
    /// Make the hub hold exactly the records of the national list: register
    /// the new, update the changed, remove what the list no longer has.
    /// Safe to run again after an interruption.
    Sync {
        /// The national list (CSV or JSON Lines).
        file: PathBuf,
        /// Print the plan, send nothing.
        #[arg(long)]
        dry_run: bool,
        /// Allow any number of removals.
        #[arg(long, conflicts_with = "max_removals")]
        force: bool,
        /// Allow at most this many removals (default: 10 % of the records held).
        #[arg(long)]
        max_removals: Option<usize>,
        /// Where the run is remembered until it ends (default: FILE.ncblink-sync).
        #[arg(long)]
        state: Option<PathBuf>,
        #[command(flatten)]
        kind: Kind,
    },
}

fn read_file(conn: &Connection, path: &Path, kind: RecordKind) -> Result<Vec<InputRecord>> {
    read_bytes(conn, path, &output::read_input(path)?, kind)
}

fn read_bytes(conn: &Connection, path: &Path, bytes: &[u8], kind: RecordKind) -> Result<Vec<InputRecord>> {
    let format = InputFormat::from_file_name(&path.to_string_lossy());
    let ncb = conn.client()?.ncb();
    read_records(kind, format, bytes, ncb).map_err(|e| match e {
        ncblink::Error::InvalidFile(errors) => {
            let mut lines: Vec<String> = errors.errors.iter().map(|l| format!("  {l}")).collect();
            if errors.more > 0 {
                lines.push(format!("  and {} more", errors.more));
            }
            anyhow::anyhow!(
                "{} cannot be sent; nothing was applied:\n{}",
                path.display(),
                lines.join("\n")
            )
        }
        other => other.into(),
    })
}

fn tally(results: &[RecordItemResult], lines: &[Option<usize>], json: bool) {
    let mut counts = std::collections::BTreeMap::new();
    for (r, line) in results.iter().zip(lines) {
        *counts
            .entry(format!("{:?}", r.outcome).to_lowercase())
            .or_insert(0usize) += 1;
        if json {
            output::json(&serde_json::json!({"line": line, "result": r}));
        } else if r.outcome == RecordOutcome::Refused {
            let why = r.problem.as_ref().map_or(String::new(), refusal_text);
            match line {
                Some(l) => eprintln!("line {l}: refused: {why}"),
                None => eprintln!("refused: {why}"),
            }
        }
    }
    let text: Vec<String> = counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
    eprintln!("{}", text.join(", "));
}

fn refusal_text(p: &ncblink::wire::Problem) -> String {
    let mut s = format!("{} ({})", p.detail.as_deref().unwrap_or(&p.title), p.code);
    if let Some(report) = &p.report {
        for v in report.errors() {
            s.push_str(&format!(
                "; {}: {}",
                v.pointer,
                v.message(ncblink::model::WorkingLanguage::En)
            ));
        }
    }
    s
}

fn print_plan(plan: &SyncPlan) {
    for r in &plan.register {
        println!("register line {}: {}", r.line, r.record.natural_key());
    }
    for r in &plan.update {
        println!("update   line {}: {}", r.line, r.record.natural_key());
    }
    for e in &plan.remove {
        println!("remove   {}: {}", e.id, e.record.natural_key());
    }
}

fn print_summary(s: &SyncSummary, json: bool) {
    if json {
        output::json(s);
        return;
    }
    for r in &s.refused {
        let at = match (r.line, &r.id) {
            (Some(l), _) => format!("line {l}"),
            (None, Some(id)) => id.clone(),
            (None, None) => String::new(),
        };
        eprintln!("{at}: refused: {}", refusal_text(&r.problem));
    }
    let verb = if s.dry_run { "would be " } else { "" };
    eprintln!(
        "{} held before; {verb}added {}, {verb}updated {}, {verb}removed {}, unchanged {}, refused {}",
        s.held,
        s.added,
        s.updated,
        s.removed,
        s.unchanged,
        s.refused.len()
    );
}

/// Runs the command.
pub async fn run(conn: &Connection, cmd: Command) -> Result<()> {
    let client = conn.client()?;
    match cmd {
        Command::Add { file, kind } => {
            let input = read_file(conn, &file, kind.kind)?;
            let lines: Vec<Option<usize>> = input.iter().map(|r| Some(r.line)).collect();
            let items: Vec<RecordBatchItem> = input.into_iter().map(|r| RecordBatchItem::register(r.record)).collect();
            let results = client.write_records(&items).await?;
            tally(&results, &lines, kind.json);
        }
        Command::Remove { file, id, kind } => {
            let mut items: Vec<RecordBatchItem> = id.into_iter().map(RecordBatchItem::remove_id).collect();
            let mut lines = vec![None; items.len()];
            if let Some(f) = file {
                for r in read_file(conn, &f, kind.kind)? {
                    lines.push(Some(r.line));
                    items.push(RecordBatchItem::remove(r.record));
                }
            }
            let results = client.write_records(&items).await?;
            tally(&results, &lines, kind.json);
        }
        Command::List { kind } => {
            let records = client.my_records(kind.kind).await?;
            for e in &records {
                if kind.json {
                    output::json(e);
                } else {
                    println!(
                        "{}\tseq {}\t{}",
                        e.id,
                        e.seq,
                        serde_json::to_string(&e.record).unwrap_or_default()
                    );
                }
            }
            eprintln!("{} record(s)", records.len());
        }
        Command::Sync {
            file,
            dry_run,
            force,
            max_removals,
            state,
            kind,
        } => {
            if file.as_os_str() == "-" && !dry_run {
                bail!("sync reads a file, not standard input (a resumed run must read the same list)");
            }
            let bytes = output::read_input(&file)?;
            let input = read_bytes(conn, &file, &bytes, kind.kind)?;
            let state = state.unwrap_or_else(|| {
                let mut s = file.clone().into_os_string();
                s.push(".ncblink-sync");
                PathBuf::from(s)
            });
            let options = SyncOptions {
                dry_run,
                removal_limit: match (force, max_removals) {
                    (true, _) => RemovalLimit::Unlimited,
                    (false, Some(n)) => RemovalLimit::AtMost(n),
                    (false, None) => RemovalLimit::default(),
                },
                state_path: Some(state),
                input_digest: Some(digest(&bytes)),
            };
            let bar = crate::progress::bar(0, "syncing");
            let mut progress = {
                let bar = bar.clone();
                move |done: usize, total: usize| {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                }
            };
            let (plan, summary) = client.sync_records(kind.kind, input, &options, &mut progress).await?;
            bar.finish_and_clear();
            if dry_run && !kind.json {
                print_plan(&plan);
            }
            print_summary(&summary, kind.json);
        }
    }
    Ok(())
}
