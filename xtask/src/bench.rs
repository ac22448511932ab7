//! `cargo xtask bench`: every benchmark of the project in one run, and one
//! table of every figure beside its reference, so that anyone can see at a
//! glance whether a change made something slower.
//!
//! The benchmarks stay runnable on their own (`cargo bench -p ncblink`,
//! `hub/bench/run.sh`, `cargo xtask c-bench`, `cargo xtask py-bench`); here
//! each one appends its figures to one file ([`crate::figures`]) and the
//! criterion estimates are read from `target/criterion`. A benchmark that
//! fails is a row saying so, and the command then fails after the table.
//! Timings on this 2-core machine move by 15–30 % with load: read a figure
//! against its neighbours of the same run, not against another day's.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::figures::{self, record, verdict, with_out};
use crate::test::run;

const AREAS: [&str; 5] = ["core", "client", "hub", "c", "python"];

struct Options {
    quick: bool,
    only: Vec<String>,
}

fn options(args: &[String]) -> Result<Options> {
    let mut o = Options {
        quick: false,
        only: AREAS.iter().map(|s| s.to_string()).collect(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => o.quick = true,
            "--only" => {
                let list = it.next().context("--only takes a list: core,client,hub,c,python")?;
                o.only = list.split(',').map(|s| s.trim().to_string()).collect();
                if let Some(bad) = o.only.iter().find(|a| !AREAS.contains(&a.as_str())) {
                    bail!("--only: unknown area `{bad}` (core, client, hub, c, python)");
                }
            }
            other => bail!("unknown bench option `{other}` (--quick, --only core,client,hub,c,python)"),
        }
    }
    Ok(o)
}

/// Runs the benchmarks and prints the table.
pub fn bench(root: &Path, args: &[String]) -> Result<()> {
    let o = options(args)?;
    let out_dir = crate::c::target_dir(root).join("bench");
    std::fs::create_dir_all(&out_dir)?;
    let out = out_dir.join("figures.jsonl");
    std::fs::write(&out, "")?;
    // The benchmarks below, and the scripts they start, append to this file.
    figures::set_out(&out);

    let mut failed = Vec::new();
    for area in AREAS.iter().filter(|a| o.only.iter().any(|x| x == *a)) {
        eprintln!("== bench: {area}");
        let result = match *area {
            "core" => core(root, o.quick),
            "client" => client(root),
            "hub" => hub(root, o.quick),
            "c" => {
                let quick: Vec<String> = ["--n", "20000", "--rounds", "1", "--seconds", "1"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
                crate::c::c_bench(root, if o.quick { &quick } else { &[] })
            }
            "python" => {
                let quick = vec!["2000".to_string()];
                crate::python::bench(root, if o.quick { &quick } else { &[] })
            }
            _ => unreachable!("areas are checked by options()"),
        };
        if let Err(e) = result {
            record(area, "(benchmark)", format!("not run: {e:#}"), "-", "FAILED".into())?;
            failed.push(area.to_string());
        }
    }

    let all = figures::read_all(&out)?;
    println!();
    println!("{}", figures::table(&all));
    println!(
        "figures: {} (load average at the end: {})",
        out.display(),
        std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|_| "unknown".into())
    );
    if !failed.is_empty() {
        bail!("benchmarks that did not run: {}", failed.join(", "));
    }
    Ok(())
}

#[derive(Deserialize)]
struct Estimates {
    median: Estimate,
}

#[derive(Deserialize)]
struct Estimate {
    point_estimate: f64,
}

/// The median time of one criterion benchmark, in nanoseconds.
fn criterion_ns(criterion: &Path, group_prefix: &str, function: &str) -> Result<f64> {
    let group = if group_prefix.is_empty() {
        criterion.to_path_buf()
    } else {
        std::fs::read_dir(criterion)
            .with_context(|| format!("reading {}", criterion.display()))?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(group_prefix))
            })
            .with_context(|| format!("no criterion group {group_prefix}* in {}", criterion.display()))?
    };
    let path = group.join(function).join("new/estimates.json");
    let e: Estimates =
        serde_json::from_slice(&std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?)
            .with_context(|| format!("parsing {}", path.display()))?;
    Ok(e.median.point_estimate)
}

fn per_second(ns: f64) -> String {
    format!("{:.2} µs ({:.0} k/s)", ns / 1000.0, 1e6 / ns)
}

/// The criterion benchmarks of sdk-core: parsing and validating a Red
/// Notice, MRZ and VIN.
fn core(root: &Path, quick: bool) -> Result<()> {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root)
        .args(["bench", "-p", "ncblink", "--bench", "validate", "--bench", "mrz", "--"]);
    if quick {
        cmd.args(["--warm-up-time", "1", "--measurement-time", "2"]);
    }
    run(with_out(&mut cmd))?;
    let criterion = crate::c::target_dir(root).join("criterion");
    let ns = |f: &str| criterion_ns(&criterion, "red_notice_", f);
    let (value, model, paths, validate, both) = (
        ns("parse_only_serde_json_value")?,
        ns("parse_only_serde_json")?,
        ns("parse_only_with_field_paths")?,
        ns("validate_only")?,
        ns("parse_and_validate")?,
    );
    let area = "core";
    let what = "Red Notice (tests/vectors/valid/red-notice.json, compact)";
    record(
        area,
        &format!("{what}: parse into serde_json::Value"),
        per_second(value),
        "the peer of the next row",
        "-".into(),
    )?;
    record(
        area,
        &format!("{what}: parse into the model (serde_json)"),
        per_second(model),
        &format!("no slower than Value: {:.2}x its time", model / value),
        verdict(model <= value),
    )?;
    record(
        area,
        &format!("{what}: parse with field paths (ncblink::json)"),
        per_second(paths),
        "-",
        "-".into(),
    )?;
    record(
        area,
        &format!("{what}: validate only"),
        per_second(validate),
        &format!("no more than the parse ({:.0} %)", 100.0 * validate / paths),
        verdict(validate <= paths),
    )?;
    record(
        area,
        &format!("{what}: parse + validate"),
        per_second(both),
        ">= 150 k/s on one quiet core",
        verdict(1e9 / both >= 150_000.0),
    )?;
    let mrz = |f: &str| criterion_ns(&criterion, "mrz", f);
    let td3 = mrz("td3_strict")?;
    record(
        area,
        "MRZ TD3, strict",
        per_second(td3),
        ">= 1 M/s",
        verdict(1e9 / td3 >= 1e6),
    )?;
    let td1 = mrz("td1_strict")?;
    record(
        area,
        "MRZ TD1, strict",
        per_second(td1),
        ">= 1 M/s",
        verdict(1e9 / td1 >= 1e6),
    )?;
    let ocr = mrz("td3_lenient_ocr")?;
    record(
        area,
        "MRZ TD3, lenient with OCR repair",
        per_second(ocr),
        "-",
        "-".into(),
    )?;
    let vin = criterion_ns(&criterion, "", "vin")?;
    record(area, "VIN check digit", per_second(vin), "-", "-".into())?;
    Ok(())
}

/// The client against a local hub, beside a load generator (oha).
fn client(root: &Path) -> Result<()> {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root)
        .args(["bench", "-p", "ncblink-e2e", "--bench", "client", "--bench", "records"]);
    run(with_out(&mut cmd))
}

/// The hub's load benchmark (needs oha; `cargo install oha --locked`).
fn hub(root: &Path, quick: bool) -> Result<()> {
    let mut cmd = Command::new("bash");
    cmd.arg(root.join("hub/bench/run.sh")).current_dir(root);
    if quick {
        cmd.env("N", "100000").env("DURATION", "3s");
    }
    run(with_out(&mut cmd))
}
