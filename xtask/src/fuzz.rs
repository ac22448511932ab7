//! `cargo xtask fuzz [--seconds S]`: a bounded run of every cargo-fuzz
//! target of fuzz/ (the parsers an outsider reaches: envelopes, check and
//! record bodies, MRZ, VIN, public Notices documents), each seeded from
//! tests/vectors, tests/fixtures and fuzz/seeds. libFuzzer needs nightly
//! flags: the nightly toolchain when rustup has one, else stable with
//! `RUSTC_BOOTSTRAP=1`. cargo-fuzz is installed from crates.io if absent.
//! Prints each target's executions; fails on a crash (the input is kept
//! under fuzz/artifacts).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::test::run;

/// The targets and the seed folders of each.
const TARGETS: &[(&str, &[&str])] = &[
    (
        "envelope",
        &["tests/vectors/valid", "tests/vectors/invalid", "tests/vectors/future"],
    ),
    ("check_record", &["tests/vectors/valid", "tests/vectors/invalid"]),
    ("mrz", &["fuzz/seeds/mrz"]),
    ("vin", &["fuzz/seeds/vin"]),
    ("public_notice", &["tests/fixtures/interpol-public"]),
];

fn has_nightly() -> bool {
    Command::new("rustup")
        .args(["toolchain", "list"])
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.starts_with("nightly"))
        })
}

fn cargo_fuzz(root: &Path, nightly: bool) -> Command {
    let mut c = Command::new("cargo");
    if nightly {
        c.arg("+nightly");
    } else {
        c.env("RUSTC_BOOTSTRAP", "1");
    }
    c.arg("fuzz").current_dir(root);
    c
}

/// A corpus folder for `target` with its seeds copied in.
fn corpus(root: &Path, target: &str, seeds: &[&str]) -> Result<PathBuf> {
    let dir = root.join("target/fuzz-corpus").join(target);
    std::fs::create_dir_all(&dir)?;
    for s in seeds {
        for e in std::fs::read_dir(root.join(s)).with_context(|| format!("reading {s}"))? {
            let p = e?.path();
            if p.is_file()
                && let Some(name) = p.file_name()
            {
                std::fs::copy(&p, dir.join(name))?;
            }
        }
    }
    Ok(dir)
}

/// `cargo xtask fuzz [--seconds S]` (30 s by default).
pub fn cli(root: &Path, args: &[String]) -> Result<()> {
    let seconds = match args.iter().position(|a| a == "--seconds") {
        Some(i) => args
            .get(i + 1)
            .context("--seconds takes a number")?
            .parse::<u64>()
            .context("--seconds takes a number")?,
        None => 30,
    };
    fuzz(root, seconds)
}

/// Builds and runs each target for `seconds`.
pub fn fuzz(root: &Path, seconds: u64) -> Result<()> {
    let installed = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        run(Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]))?;
    }
    let nightly = has_nightly();
    run(cargo_fuzz(root, nightly).args(["build", "--target-dir", "target/fuzz"]))?;
    let mut summary = Vec::new();
    for (target, seeds) in TARGETS {
        let dir = corpus(root, target, seeds)?;
        let out = cargo_fuzz(root, nightly)
            .args(["run", "--target-dir", "target/fuzz", target])
            .arg(&dir)
            .args([
                "--",
                &format!("-max_total_time={seconds}"),
                "-rss_limit_mb=2048",
                "-timeout=10",
            ])
            .output()
            .with_context(|| format!("running fuzz target {target}"))?;
        let log = String::from_utf8_lossy(&out.stderr);
        // libFuzzer ends with `Done N runs in S second(s)`.
        let runs = log
            .lines()
            .find_map(|l| l.strip_prefix("Done ").and_then(|r| r.split(' ').next()))
            .unwrap_or("?")
            .to_string();
        if !out.status.success() {
            let tail: Vec<&str> = log.lines().rev().take(30).collect();
            bail!(
                "fuzz target {target} failed after {runs} runs:\n{}",
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
        summary.push(format!("{target}: {runs} executions in {seconds} s, 0 crashes"));
    }
    for line in summary {
        eprintln!("fuzz {line}");
    }
    Ok(())
}
