//! Reproducible archives and the checksum file: GNU tar with sorted
//! entries, root ownership and every mtime set to `SOURCE_DATE_EPOCH`,
//! gzip without a name or time stamp.

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::test::run;

/// Packs the directory `dir` (its name becomes the archive's top
/// directory) into `out` as a reproducible `.tar.gz`.
pub fn tar_gz(dir: &Path, out: &Path, epoch: u64) -> Result<()> {
    let parent = dir.parent().context("archive source has no parent")?;
    let name = dir.file_name().context("archive source has no name")?;
    let mut tar = Command::new("tar");
    tar.args([
        "--sort=name",
        "--format=gnu",
        "--owner=0",
        "--group=0",
        "--numeric-owner",
        "--mode=go-w",
    ])
    .arg(format!("--mtime=@{epoch}"))
    .arg("-C")
    .arg(parent)
    .arg("-cf")
    .arg("-")
    .arg(name)
    .stdout(Stdio::piped());
    eprintln!("+ {tar:?} | gzip -9n > {}", out.display());
    let mut child = tar.spawn().context("running tar")?;
    let stdout = child.stdout.take().context("tar's output")?;
    let file = std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?;
    let gzip = Command::new("gzip")
        .arg("-9n")
        .stdin(stdout)
        .stdout(file)
        .status()
        .context("running gzip")?;
    let status = child.wait()?;
    if !status.success() || !gzip.success() {
        bail!("packing {} failed", dir.display());
    }
    Ok(())
}

/// Sets every mtime under `dir` (links themselves, not their targets) to
/// `epoch`, for packagers that take the files' own (dpkg-deb, rpmbuild).
pub fn clamp_mtimes(dir: &Path, epoch: u64) -> Result<()> {
    run(Command::new("find")
        .arg(dir)
        .args(["-exec", "touch", "-h", "-d"])
        .arg(format!("@{epoch}"))
        .args(["{}", "+"]))
}

/// The files of `dir`, sorted by name.
pub fn files(dir: &Path) -> Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "SHA256SUMS")
        .collect();
    names.sort();
    Ok(names)
}

/// Writes `SHA256SUMS` (the `sha256sum` format: `sha256sum -c` checks it)
/// for every file in `dir`.
pub fn sha256sums(dir: &Path) -> Result<()> {
    let out = Command::new("sha256sum")
        .args(files(dir)?)
        .current_dir(dir)
        .output()
        .context("running sha256sum")?;
    if !out.status.success() {
        bail!("sha256sum failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    std::fs::write(dir.join("SHA256SUMS"), out.stdout)?;
    Ok(())
}
