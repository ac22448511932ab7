//! `cargo xtask test`: every check of the workspace, in the order that
//! fails fastest: formatting, lints, drift of generated files, the Rust
//! tests, then the checks that need Python (the vectors against the JSON
//! Schemas with an independent validator), Schemathesis against the hub,
//! the Python package's tests on its built wheel, then the C library's
//! programs, then (with `--release-checks`) the release artefacts as users
//! install them (`dist --check`) and the semver check of the crate.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

/// Runs a command, echoing it; fails when it fails.
pub fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("+ {cmd:?}");
    let status = cmd.status().with_context(|| format!("starting {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(())
}

fn cargo(root: &Path) -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root);
    c
}

/// A virtualenv under target/ with the Python packages the checks need,
/// made once and reused.
pub fn venv(root: &Path, packages: &[&str]) -> Result<std::path::PathBuf> {
    let dir = root.join("target/xtask-venv");
    let python = dir.join("bin/python");
    if !python.exists() {
        run(Command::new("python3").args(["-m", "venv"]).arg(&dir))?;
    }
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| {
            let name = p.split(['=', '<', '>', '[']).next().unwrap_or(p);
            !Command::new(&python)
                .args(["-m", "pip", "show", "-q", name])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .collect();
    if !missing.is_empty() {
        run(Command::new(&python)
            .args(["-m", "pip", "install", "-q", "--disable-pip-version-check"])
            .args(&missing))?;
    }
    Ok(python)
}

/// The Python packages of the checks: an independent JSON Schema
/// validator, and an independent RFC 8785 + Ed25519 signer (the same pins
/// as tests/conformance/requirements.txt, which the conformance test uses
/// when run on its own).
pub const CHECK_PACKAGES: &[&str] = &["jsonschema==4.23.0", "rfc8785==0.1.4", "cryptography==46.0.3"];

/// Signature conformance: every valid envelope vector signed by Python's
/// `rfc8785` + `cryptography` and verified by sdk-core and the hub, and the
/// other way round (hub/tests/conformance.rs; `cargo test --workspace`
/// runs it too, with this venv's Python).
pub fn conformance(root: &Path, python: &Path) -> Result<()> {
    run(cargo(root).env("NCBLINK_CONFORMANCE_PYTHON", python).args([
        "test",
        "-p",
        "ncblink-hub",
        "--test",
        "conformance",
        "--",
        "--nocapture",
    ]))
}

/// Debian packages the checks need: iso-codes (the code-list drift check reads
/// its data), valgrind, cmake and pkg-config (the C library's tests), rpm
/// (rpmbuild makes the .rpm packages of `dist`) and binutils (objdump
/// checks the shipped binaries' glibc symbols).
const SYSTEM_PACKAGES: [&str; 6] = ["iso-codes", "valgrind", "cmake", "pkg-config", "rpm", "binutils"];

/// Installs the missing [`SYSTEM_PACKAGES`] with apt when run as root on a
/// Debian-like system (as on CI); elsewhere stops at once naming the command
/// to run, rather than failing twenty minutes later in the C tests.
pub fn system_packages() -> Result<()> {
    let installed = |pkg: &str| {
        Command::new("dpkg-query")
            .args(["-W", "-f=${Status}", pkg])
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
    };
    let missing: Vec<&str> = SYSTEM_PACKAGES.iter().copied().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let has_apt = Command::new("apt-get")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !(is_root && has_apt) {
        bail!(
            "missing system packages: {}; install them first, e.g. `sudo apt-get install {}`",
            missing.join(", "),
            missing.join(" ")
        );
    }
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Every check; with `release_checks`, also the release artefacts as users
/// install them (`dist --check`), the semver check of the crate against its
/// baseline and a bounded fuzz run. Those build cargo-semver-checks, the zig
/// release builds and the fuzz targets from source: about 30 minutes on a
/// quiet 2-core machine, more than CI's 40-minute budget leaves, so they run
/// before a release rather than on every change.
pub fn all(root: &Path, release_checks: bool) -> Result<()> {
    system_packages()?;
    run(cargo(root).args(["fmt", "--all", "--check"]))?;
    run(cargo(root).args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    drift(root)?;
    // The venv first: the signature conformance test among the workspace's
    // tests signs with its Python.
    let python = venv(root, CHECK_PACKAGES)?;
    run(cargo(root)
        .env("NCBLINK_CONFORMANCE_PYTHON", &python)
        .args(["test", "--workspace"]))?;
    run(Command::new(&python)
        .arg(root.join("tests/schema_check.py"))
        .current_dir(root))?;
    crate::schemathesis::run_against_hub(root)?;
    // Issue 12's older client: current documents through the 0.1 schemas.
    run(Command::new(&python)
        .arg(root.join("tests/older_client.py"))
        .current_dir(root))?;
    crate::python::test(root, true)?;
    crate::c::c_test(root)?;
    crate::interop::run(root)?;
    if release_checks {
        crate::api::semver(root, false)?;
        crate::fuzz::cli(root, &["--seconds".to_string(), "10".to_string()])?;
        crate::dist::run(root, true)?;
        eprintln!("xtask test: every check passed, release checks included");
    } else {
        eprintln!(
            "xtask test: every check passed; not run here: the release checks \
             (`cargo xtask test --release-checks`: dist --check, cargo semver-checks, fuzzing)"
        );
    }
    Ok(())
}

/// The drift checks of generated files.
pub fn drift(root: &Path) -> Result<()> {
    crate::schemas::run(root, true)?;
    crate::openapi::run(root, true)?;
    crate::codelists::run(&["--check".to_string()])?;
    crate::python::types(root, true)?;
    crate::c::cheader(root, true)?;
    crate::api::run(root, false)?;
    run(Command::new("python3")
        .arg(root.join("tests/vectors/build.py"))
        .arg("--check"))?;
    Ok(())
}
