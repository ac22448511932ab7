//! The tools `dist` needs, pinned and installed once: cargo-zigbuild under
//! target/tools (like cbindgen), and maturin, zig (`ziglang`) and
//! auditwheel in the xtask venv.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Result;

use crate::test::run;

/// cargo-zigbuild, pinned.
const CARGO_ZIGBUILD_VERSION: &str = "0.24.1";

/// The Python tools: maturin builds the wheel and the sdist, `ziglang` is
/// zig (the linker for glibc 2.17), auditwheel checks the wheel's tag.
const PYTHON_TOOLS: &[&str] = &["maturin==1.16.0", "ziglang==0.13.0.post1", "auditwheel==6.4.2"];

/// The xtask venv with [`PYTHON_TOOLS`].
pub fn venv(root: &Path) -> Result<PathBuf> {
    crate::test::venv(root, PYTHON_TOOLS)
}

/// A cargo-installed tool under target/tools at `version`, installed when
/// absent or another version (`--locked`: its own lock file's versions).
pub fn cargo_tool(root: &Path, krate: &str, bin: &str, version: &str) -> Result<PathBuf> {
    let tools = root.join("target/tools");
    let path = tools.join("bin").join(bin);
    let installed = Command::new(&path)
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(version));
    if !installed {
        run(Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["install", krate, "--version", version, "--locked", "--root"])
            .arg(&tools))?;
    }
    Ok(path)
}

/// The pinned cargo-zigbuild.
pub fn cargo_zigbuild(root: &Path) -> Result<PathBuf> {
    cargo_tool(root, "cargo-zigbuild", "cargo-zigbuild", CARGO_ZIGBUILD_VERSION)
}
