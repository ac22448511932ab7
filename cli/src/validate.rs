//! `ncblink validate FILE…`: the report of each file in one of the four
//! working languages, or as JSON; exit 1 when a file has errors.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use ncblink::model::WorkingLanguage;
use ncblink::validate::{DocumentKind, validate_json, validate_json_auto};

/// Arguments of `ncblink validate`.
#[derive(clap::Args)]
pub struct Args {
    /// JSON files to validate (`-` reads standard input).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Language of the messages: ar, en, fr or es.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: WorkingLanguage,
    /// The kind of document (envelope, check, record); detected when absent.
    #[arg(long, value_parser = parse_kind)]
    kind: Option<DocumentKind>,
    /// Print one JSON object per file (JSON Lines) instead of text.
    #[arg(long)]
    json: bool,
}

fn parse_lang(s: &str) -> Result<WorkingLanguage, String> {
    WorkingLanguage::from_code(s).ok_or_else(|| format!("`{s}` is not one of ar, en, fr, es"))
}

fn parse_kind(s: &str) -> Result<DocumentKind, String> {
    DocumentKind::from_name(s).ok_or_else(|| format!("`{s}` is not one of envelope, check, record"))
}

/// Runs the command.
pub fn run(args: Args) -> Result<ExitCode> {
    let mut any_error = false;
    for file in &args.files {
        let input = if file.as_os_str() == "-" {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).context("reading standard input")?;
            buf
        } else {
            std::fs::read(file).with_context(|| format!("reading {}", file.display()))?
        };
        let report = match args.kind {
            Some(kind) => validate_json(kind, &input),
            None => validate_json_auto(&input),
        };
        any_error |= !report.is_ok();
        if args.json {
            let mut out = report.to_json(args.lang);
            out["file"] = file.display().to_string().into();
            println!("{out}");
        } else if report.violations.is_empty() {
            println!("{}: valid", file.display());
        } else {
            let verdict = if report.is_ok() {
                "valid, with warnings"
            } else {
                "invalid"
            };
            println!("{}: {verdict}", file.display());
            for line in report.render(args.lang).lines() {
                println!("  {line}");
            }
        }
    }
    Ok(if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
