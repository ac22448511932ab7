//! The Python package: an abi3 wheel for manylinux2014 x86_64 (one wheel
//! for CPython 3.9 and later on glibc 2.17 and later), linked with zig
//! through maturin, and the sdist maturin builds from. Their entries'
//! times are [`super::BUILD_EPOCH`]'s, for the reason given there.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result};

use super::{Ctx, TARGET};
use crate::test::run;

fn maturin(ctx: &Ctx) -> Command {
    let mut cmd = Command::new(&ctx.python);
    cmd.args(["-m", "maturin"])
        .current_dir(&ctx.root)
        .env("CARGO_ZIGBUILD_PYTHON_PATH", &ctx.python)
        .env("SOURCE_DATE_EPOCH", super::BUILD_EPOCH);
    cmd
}

/// Builds the wheel and the sdist into `dist/`; returns the wheel.
pub fn build(ctx: &Ctx) -> Result<PathBuf> {
    let manifest = ctx.root.join("sdk-python/Cargo.toml");
    run(maturin(ctx)
        .args([
            "build",
            "--release",
            "--zig",
            "--compatibility",
            "manylinux2014",
            "--target",
            TARGET,
        ])
        .arg("-m")
        .arg(&manifest)
        .arg("--out")
        .arg(&ctx.out))?;
    run(maturin(ctx)
        .arg("sdist")
        .arg("-m")
        .arg(&manifest)
        .arg("--out")
        .arg(&ctx.out))?;
    wheel(ctx)
}

/// The wheel in `dist/`.
pub fn wheel(ctx: &Ctx) -> Result<PathBuf> {
    std::fs::read_dir(&ctx.out)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .context("maturin built no wheel")
}
