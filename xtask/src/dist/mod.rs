//! `cargo xtask dist [--check]`: the release artefacts in `dist/`, built
//! so that nobody needs a Rust toolchain to install ncblink
//! (docs/install.md), and checked as a user would install them.
//!
//! Every binary is linked against glibc 2.17 (manylinux2014, RHEL 7 and
//! later) with cargo-zigbuild and the `ziglang` package from PyPI, so no
//! container is needed. Archives are reproducible: `SOURCE_DATE_EPOCH` is
//! the last commit's time, entries are sorted and owned by root, and every
//! mtime is that time. One release build per family: the C library, the
//! two programs, the Python extension.

mod archive;
mod bins;
mod c;
mod check;
mod packages;
mod python;
mod sbom;
mod tools;

pub use tools::cargo_tool;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

/// The Rust target, with the glibc version cargo-zigbuild links against.
pub const ZIG_TARGET: &str = "x86_64-unknown-linux-gnu.2.17";
/// The target directory's name for it (cargo drops the glibc suffix).
pub const TARGET: &str = "x86_64-unknown-linux-gnu";
/// `SOURCE_DATE_EPOCH` for the compilers and maturin: fixed (1980-01-01,
/// the earliest time a zip file can hold) rather than the commit's, because
/// the `cc` crate makes every C build script (ring, SQLite) rerun when it
/// changes, which would rebuild all three families at every commit. The
/// archives carry the commit's time.
pub const BUILD_EPOCH: &str = "315532800";
/// The oldest glibc any shipped binary may need.
pub const GLIBC_MAX: (u32, u32) = (2, 17);

/// What the build step needs to know, shared by every family.
pub struct Ctx {
    /// The workspace root.
    pub root: PathBuf,
    /// `dist/`.
    pub out: PathBuf,
    /// A scratch directory under target/ for staging trees.
    pub work: PathBuf,
    /// The last commit's time, seconds since the epoch.
    pub epoch: u64,
    /// The workspace version.
    pub version: &'static str,
    /// The xtask venv's Python (maturin, ziglang, auditwheel).
    pub python: PathBuf,
    /// The pinned cargo-zigbuild.
    pub zigbuild: PathBuf,
}

impl Ctx {
    /// A `cargo-zigbuild` command finding zig through the venv's `ziglang`.
    pub fn zigbuild(&self) -> Command {
        let mut cmd = Command::new(&self.zigbuild);
        cmd.current_dir(&self.root)
            .env("CARGO_ZIGBUILD_PYTHON_PATH", &self.python)
            .env("SOURCE_DATE_EPOCH", BUILD_EPOCH);
        cmd
    }

    /// Where the zigbuild release artefacts land.
    pub fn release_dir(&self) -> PathBuf {
        crate::c::target_dir(&self.root).join(TARGET).join("release")
    }

    /// A fresh staging directory `name` under the scratch directory.
    pub fn stage(&self, name: &str) -> Result<PathBuf> {
        let dir = self.work.join(name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    }
}

/// The last commit's time: the archives' mtimes, so that two builds of one
/// commit give the same bytes.
fn source_date_epoch(root: &Path) -> Result<u64> {
    if let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") {
        return v.trim().parse().context("SOURCE_DATE_EPOCH is not a number");
    }
    let out = Command::new("git")
        .args(["log", "-1", "--format=%ct"])
        .current_dir(root)
        .output()
        .context("running git log")?;
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .context("git log gave no commit time")
}

/// `cargo xtask dist [--check]`: builds every artefact into `dist/`; with
/// `--check`, then checks them (`check`).
pub fn run(root: &Path, check: bool) -> Result<()> {
    crate::test::system_packages()?;
    let python = tools::venv(root)?;
    let zigbuild = tools::cargo_zigbuild(root)?;
    let out = root.join("dist");
    if out.exists() {
        std::fs::remove_dir_all(&out).context("removing dist/")?;
    }
    std::fs::create_dir_all(&out)?;
    let ctx = Ctx {
        root: root.to_path_buf(),
        work: crate::c::target_dir(root).join("dist-work"),
        out,
        epoch: source_date_epoch(root)?,
        version: env!("CARGO_PKG_VERSION"),
        python,
        zigbuild,
    };
    let c_sdk = c::build(&ctx)?;
    packages::deb(&ctx, &c_sdk)?;
    packages::rpm(&ctx, &c_sdk)?;
    bins::build(&ctx)?;
    let wheel = python::build(&ctx)?;
    sbom::write(&ctx)?;
    archive::sha256sums(&ctx.out)?;
    eprintln!("dist: artefacts in {}", ctx.out.display());
    if check {
        check::all(&ctx, &c_sdk, &wheel)?;
        eprintln!("dist --check: every check passed");
    }
    Ok(())
}
