//! Benchmark figures in one file, so that `cargo xtask bench` can print every
//! figure of every benchmark in one table, each beside its reference.
//!
//! Each benchmark (criterion, the client and hub scripts, the C and Python
//! comparisons) appends one JSON object per line to the file named by
//! `NCBLINK_BENCH_OUT` when it is set, and prints its own table as before when
//! it is not. A line is `{"area", "what", "measured", "reference", "verdict"}`:
//! `measured` is the figure as measured, with its unit; `reference` the target
//! or the peer it is compared with; `verdict` `met`, `MISSED` or `-` (a figure
//! without a target). Python scripts and the shell script write the same shape.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// The environment variable naming the figures file.
pub const ENV: &str = "NCBLINK_BENCH_OUT";

/// One measured figure.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Figure {
    /// Which benchmark it comes from (`core`, `client`, `hub`, `c`, `python`).
    pub area: String,
    /// What was measured.
    pub what: String,
    /// The figure with its unit.
    pub measured: String,
    /// The target or the peer it is set against.
    pub reference: String,
    /// `met`, `MISSED`, or `-` when there is no target.
    pub verdict: String,
}

/// `met` or `MISSED`.
pub fn verdict(met: bool) -> String {
    if met { "met".into() } else { "MISSED".into() }
}

static OUT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// Makes `path` the figures file of this process and of the commands given
/// to [`with_out`]. (`std::env::set_var` would do, but it is `unsafe` in
/// edition 2024 and this crate has no `unsafe`.)
pub fn set_out(path: &Path) {
    OUT.set(path.to_path_buf()).ok();
}

/// The figures file: the one set by [`set_out`], else [`ENV`]'s.
fn out() -> Option<std::path::PathBuf> {
    OUT.get().cloned().or_else(|| std::env::var_os(ENV).map(Into::into))
}

/// `cmd` with the figures file in its environment, so that the benchmark it
/// runs appends its figures there.
pub fn with_out(cmd: &mut std::process::Command) -> &mut std::process::Command {
    if let Some(p) = out() {
        cmd.env(ENV, p);
    }
    cmd
}

/// Appends a figure to the figures file; does nothing when there is none (the
/// benchmark was run on its own).
pub fn record(area: &str, what: &str, measured: String, reference: &str, verdict: String) -> Result<()> {
    let Some(path) = out() else {
        return Ok(());
    };
    let figure = Figure {
        area: area.into(),
        what: what.into(),
        measured,
        reference: reference.into(),
        verdict,
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .with_context(|| format!("opening {}", Path::new(&path).display()))?;
    writeln!(file, "{}", serde_json::to_string(&figure)?)?;
    Ok(())
}

/// Every figure in the file, in the order they were written.
pub fn read_all(path: &Path) -> Result<Vec<Figure>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).with_context(|| format!("{} line {}", path.display(), i + 1)))
        .collect()
}

/// The figures as one Markdown table.
pub fn table(figures: &[Figure]) -> String {
    let mut out = String::from("| area | what | measured | reference | verdict |\n|---|---|---:|---|---|\n");
    for f in figures {
        let cell = |s: &str| s.replace('|', "\\|");
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            cell(&f.area),
            cell(&f.what),
            cell(&f.measured),
            cell(&f.reference),
            cell(&f.verdict)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_escapes_pipes_and_keeps_order() {
        let f = |what: &str| Figure {
            area: "core".into(),
            what: what.into(),
            measured: "1 µs".into(),
            reference: "a | b".into(),
            verdict: "-".into(),
        };
        let t = table(&[f("first"), f("second")]);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[2].contains("first") && lines[3].contains("second"));
        assert!(lines[2].contains("a \\| b"));
    }

    #[test]
    fn read_all_reports_the_bad_line() {
        let dir = std::env::temp_dir().join(format!("xtask-figures-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f.jsonl");
        std::fs::write(
            &path,
            "{\"area\":\"c\",\"what\":\"x\",\"measured\":\"1\",\"reference\":\"r\",\"verdict\":\"met\"}\nnot json\n",
        )
        .unwrap();
        let err = read_all(&path).unwrap_err();
        assert!(format!("{err:#}").contains("line 2"), "{err:#}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
