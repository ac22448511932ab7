//! `ncblink import interpol-public` and `ncblink fetch-public`: INTERPOL's
//! public Notices web service, fetched to files and read into canonical
//! notices (`ncblink::interop`).
//!
//! `fetch-public` writes what the service sent, untouched: list pages under
//! `DIR/lists/` with the crawl's `summary.json`, each detail as
//! `DIR/KIND-YYYY-SERIAL.json`, and its image collection as
//! `…-images.json` with `--images`.
//! `import interpol-public` reads such files (or any list or detail) and
//! prints one JSON line per notice: `{"kind", "interpol_id", "envelope",
//! "extensions", "notes"}`.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use futures_util::{StreamExt, stream};
use ncblink::interop::fetch::{PublicNoticesClient, PublicQuery};
use ncblink::interop::{ImportOptions, Imported, PublicKind, convert::is_image_collection, import_document};
use ncblink::model::{CountryCode, NcbCode, NoticeId};
use serde_json::Value;

use crate::progress;

/// What to import.
#[derive(clap::Subcommand)]
pub enum ImportCommand {
    /// INTERPOL's public notices (a list page or a detail JSON, `-` for
    /// standard input, or a directory of them as `fetch-public` writes).
    InterpolPublic(ImportArgs),
}

/// Arguments of `ncblink import interpol-public`.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// A JSON file, `-`, or a directory of JSON files.
    path: PathBuf,
    /// The kind of record (red, yellow, un-person, un-entity); detected
    /// when absent.
    #[arg(long, value_parser = parse_kind)]
    kind: Option<PublicKind>,
    /// The importing NCB (ISO alpha-2): the source of UN Special Notices,
    /// and of notices that name no issuing country.
    #[arg(long, env = "NCBLINK_NCB")]
    ncb: Option<NcbCode>,
}

fn parse_kind(s: &str) -> Result<PublicKind, String> {
    PublicKind::from_name(s).ok_or_else(|| format!("`{s}` is not one of red, yellow, un-person, un-entity"))
}

/// What `fetch-public` fetches.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Collection {
    /// Red Notices.
    Red,
    /// Yellow Notices.
    Yellow,
    /// UN Special Notices (persons and entities).
    Un,
}

impl Collection {
    fn kinds(self) -> &'static [PublicKind] {
        match self {
            Collection::Red => &[PublicKind::Red],
            Collection::Yellow => &[PublicKind::Yellow],
            Collection::Un => &[PublicKind::UnPerson, PublicKind::UnEntity],
        }
    }
}

/// Arguments of `ncblink fetch-public`.
#[derive(clap::Args)]
pub struct FetchArgs {
    /// Which notices.
    #[arg(value_enum)]
    collection: Collection,
    /// Where to write them (created if needed).
    #[arg(long)]
    out: PathBuf,
    /// The service's base URL.
    #[arg(long, default_value = ncblink::interop::fetch::DEFAULT_BASE_URL)]
    base_url: String,
    /// Only these nationalities (ISO alpha-2), each crawled in turn.
    #[arg(long, num_args = 1..)]
    nationality: Vec<CountryCode>,
    /// Fetch at most this many details (all listed ones by default).
    #[arg(long)]
    max: Option<usize>,
    /// Fetch each notice's image collection too.
    #[arg(long)]
    images: bool,
    /// Detail requests in flight at once.
    #[arg(long, default_value_t = 4)]
    concurrency: usize,
    /// The User-Agent to send (a browser's by default: the service's edge
    /// refuses scripts).
    #[arg(long)]
    user_agent: Option<String>,
    /// Retries after a refusal (403), a rate limit or a server error.
    #[arg(long, default_value_t = 6)]
    retries: u32,
    /// The first back-off, in milliseconds (doubling, with jitter, up to
    /// 60 s).
    #[arg(long, default_value_t = 2000)]
    backoff_ms: u64,
}

/// Counts for the summary on standard error.
#[derive(Default)]
struct Tally {
    files: usize,
    images_skipped: usize,
    by_kind: BTreeMap<&'static str, usize>,
    notes: BTreeMap<&'static str, usize>,
    failures: Vec<String>,
}

/// The JSON files to read: the path itself, or a directory's `*.json`
/// (not its subdirectories, where `fetch-public` keeps list pages).
fn inputs(path: &Path) -> Result<Vec<PathBuf>> {
    if path.as_os_str() != "-" && path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("reading {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        if files.is_empty() {
            bail!("{} holds no .json file", path.display());
        }
        Ok(files)
    } else {
        Ok(vec![path.to_path_buf()])
    }
}

/// The image collection saved beside a detail (`X.json` → `X-images.json`).
fn images_beside(file: &Path) -> Option<Value> {
    let stem = file.file_stem()?.to_str()?;
    let bytes = std::fs::read(file.with_file_name(format!("{stem}-images.json"))).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Runs `ncblink import interpol-public`.
pub fn import(cmd: ImportCommand) -> Result<ExitCode> {
    let ImportCommand::InterpolPublic(args) = cmd;
    let options = ImportOptions {
        kind: args.kind,
        ..ImportOptions::new(args.ncb)
    };
    let mut tally = Tally::default();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for file in inputs(&args.path)? {
        tally.files += 1;
        let bytes = crate::output::read_input(&file)?;
        let name = file.display().to_string();
        let doc: Value = match serde_json::from_slice(&bytes) {
            Ok(v) => v,
            Err(e) => {
                tally.failures.push(format!("{name}: not JSON: {e}"));
                continue;
            }
        };
        if is_image_collection(&doc) {
            tally.images_skipped += 1;
            continue;
        }
        let batch = match import_document(&doc, &options) {
            Ok(b) => b,
            Err(e) => {
                tally.failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let single = batch.notices.len() == 1 && doc.pointer("/_embedded/notices").is_none();
        for mut imported in batch.notices {
            if single && let Some(images) = images_beside(&file) {
                imported.attach_images(&images);
            }
            count(&mut tally, &imported);
            serde_json::to_writer(&mut out, &imported).context("writing the output")?;
            out.write_all(b"\n").context("writing the output")?;
        }
        for f in batch.failures {
            let id = f.entity_id.map(|i| format!(" ({i})")).unwrap_or_default();
            tally.failures.push(format!("{name} {}{id}: {}", f.pointer, f.error));
        }
    }
    out.flush().context("writing the output")?;
    let notices: usize = tally.by_kind.values().sum();
    let kinds: Vec<String> = tally.by_kind.iter().map(|(k, n)| format!("{n} {k}")).collect();
    eprintln!(
        "imported {notices} notice(s){} from {} file(s){}",
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        },
        tally.files,
        if tally.images_skipped > 0 {
            format!("; {} image collection(s) skipped", tally.images_skipped)
        } else {
            String::new()
        }
    );
    if !tally.notes.is_empty() {
        let notes: Vec<String> = tally.notes.iter().map(|(c, n)| format!("{c} {n}")).collect();
        eprintln!("notes: {}", notes.join(", "));
    }
    for f in &tally.failures {
        eprintln!("not imported: {f}");
    }
    Ok(if tally.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn count(tally: &mut Tally, imported: &Imported) {
    *tally.by_kind.entry(imported.kind.as_str()).or_default() += 1;
    for n in &imported.report {
        *tally.notes.entry(n.code.as_str()).or_default() += 1;
    }
}

fn write_json(path: &Path, value: &Value) -> Result<()> {
    let bytes = serde_json::to_vec_pretty(value)?;
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

/// Runs `ncblink fetch-public`.
pub async fn fetch(args: FetchArgs) -> Result<ExitCode> {
    let mut builder = PublicNoticesClient::builder()
        .base_url(&args.base_url)
        .detail_concurrency(args.concurrency)
        .retry_policy(ncblink::client::RetryPolicy {
            max_retries: args.retries,
            initial_backoff: std::time::Duration::from_millis(args.backoff_ms),
            max_backoff: std::time::Duration::from_secs(60),
        });
    if let Some(ua) = &args.user_agent {
        builder = builder.user_agent(ua);
    }
    let client = builder.build()?;
    let lists = args.out.join("lists");
    std::fs::create_dir_all(&lists).with_context(|| format!("creating {}", lists.display()))?;
    let queries: Vec<PublicQuery> = if args.nationality.is_empty() {
        vec![PublicQuery::default()]
    } else {
        args.nationality
            .iter()
            .map(|n| PublicQuery {
                nationality: Some(*n),
                ..PublicQuery::default()
            })
            .collect()
    };
    let mut summary = serde_json::Map::new();
    let mut failed = false;
    let mut budget = args.max.unwrap_or(usize::MAX);
    for &kind in args.collection.kinds() {
        // Listing: a spinner, and every page saved as sent.
        let spinner = progress::spinner(&format!("listing {kind}"));
        let mut seen = HashSet::new();
        let mut ids: Vec<NoticeId> = Vec::new();
        let (mut pages, mut declared, mut duplicates, mut missed) = (0u32, 0u64, 0u64, 0u64);
        let mut truncated = Vec::new();
        let mut write_error = None;
        for query in &queries {
            let crawl = client
                .crawl(kind, query, |page| {
                    pages += 1;
                    let file = lists.join(format!("{kind}-{pages:05}.json"));
                    if let Err(e) = write_json(&file, &page.raw) {
                        write_error.get_or_insert(e);
                    }
                    spinner.set_message(format!("listing {kind}: {pages} page(s), {}", page.query.describe()));
                    spinner.tick();
                })
                .await
                .with_context(|| format!("listing {kind} ({})", query.describe()))?;
            if let Some(e) = write_error.take() {
                return Err(e);
            }
            declared += crawl.report.declared_total;
            duplicates += crawl.report.duplicates;
            missed += crawl.report.possibly_missed;
            truncated.extend(
                crawl
                    .report
                    .truncated
                    .iter()
                    .map(|(q, total)| serde_json::json!({"query": q.describe(), "total": total})),
            );
            for n in &crawl.notices {
                match n.notice_id() {
                    Some(id) if seen.insert(id) => ids.push(id),
                    Some(_) => duplicates += 1,
                    None => {}
                }
            }
        }
        spinner.finish_and_clear();
        let listed = ids.len();
        ids.truncate(budget);
        budget -= ids.len();

        // Details, a few at a time, with a bar.
        let bar = progress::bar(ids.len() as u64, &format!("fetching {kind}"));
        let (mut fetched, mut not_found, mut errors) = (0usize, 0usize, 0usize);
        let client_ref = &client;
        let want_images = args.images;
        let mut results = stream::iter(ids)
            .map(|id| async move {
                let detail = client_ref.detail(kind, id).await;
                let images = match (&detail, want_images) {
                    (Ok(Some(_)), true) => Some(client_ref.images(kind, id).await),
                    _ => None,
                };
                (id, detail, images)
            })
            .buffer_unordered(args.concurrency.max(1));
        while let Some((id, detail, images)) = results.next().await {
            let stem = format!("{kind}-{}", id.url_form());
            match detail {
                Ok(Some(v)) => {
                    write_json(&args.out.join(format!("{stem}.json")), &v)?;
                    fetched += 1;
                }
                Ok(None) => not_found += 1,
                Err(e) => {
                    errors += 1;
                    bar.println(format!("error: {kind} {id}: {e}"));
                }
            }
            match images {
                Some(Ok(Some(v))) => write_json(&args.out.join(format!("{stem}-images.json")), &v)?,
                Some(Err(e)) => {
                    errors += 1;
                    bar.println(format!("error: images of {kind} {id}: {e}"));
                }
                _ => {}
            }
            bar.inc(1);
        }
        bar.finish_and_clear();
        failed |= errors > 0;
        eprintln!(
            "{kind}: listed {listed} (the service counts {declared}; {duplicates} duplicate(s) dropped, {pages} \
             page(s)); fetched {fetched} detail(s), {not_found} not found, {errors} error(s)"
        );
        if missed > 0 || !truncated.is_empty() {
            eprintln!(
                "{kind}: the totals show {missed} notice(s) no slice reached; {} slice(s) stayed over the 160 cap",
                truncated.len()
            );
        }
        summary.insert(
            kind.as_str().to_string(),
            serde_json::json!({
                "declared_total": declared,
                "listed": listed,
                "duplicates": duplicates,
                "pages": pages,
                "possibly_missed": missed,
                "truncated": truncated,
                "fetched": fetched,
                "not_found": not_found,
                "errors": errors,
            }),
        );
    }
    write_json(&lists.join("summary.json"), &Value::Object(summary))?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
