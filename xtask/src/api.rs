//! `cargo xtask api-check [--bless]`: the public faces of the C library and
//! the Python package, diffed against the baselines of the last release
//! committed in `api/` (docs/compatibility.md).
//!
//! The C face is read from the committed header (itself drift-checked
//! against the code): every exported function's prototype and every enum
//! value (`ncb_status` and the others). The Python face is the stubs'
//! lines. Something in the baseline that is gone or changed is a breaking
//! change and fails the check; something new is listed, and lands in the
//! baseline with `--bless` at the next release, with its CHANGELOG entry.
//!
//! The Rust face is the `ncblink` crate's rustdoc JSON, committed gzipped
//! as `api/ncblink.rustdoc.json.gz` and compared with the current one by
//! the pinned cargo-semver-checks (`--baseline-rustdoc`), so that a fresh
//! clone without release tags can run the check.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result, bail};

const C_HEADER: &str = "sdk-c/include/ncblink.h";
const PY_STUBS: &str = "sdk-python/python/ncblink/_native.pyi";
const C_BASELINE: &str = "api/c-api.txt";
const PY_BASELINE: &str = "api/python-stubs.txt";
const RUST_BASELINE: &str = "api/ncblink.rustdoc.json.gz";

/// cargo-semver-checks, pinned: the rustdoc JSON format follows the
/// toolchain, and each release reads a range of formats.
const SEMVER_CHECKS_VERSION: &str = "0.51.0";

/// The C face: `fn <prototype>` and `value NAME = N` lines, sorted.
pub fn c_surface(header: &str) -> BTreeSet<String> {
    let code = strip_comments(header);
    let mut out = BTreeSet::new();
    for statement in code.split([';', '{', '}']) {
        let s = statement.split_whitespace().collect::<Vec<_>>().join(" ");
        for item in s.split(',') {
            let item = item.trim();
            if let Some((name, value)) = item.split_once(" = ")
                && name.starts_with("NCB_")
                && !name.contains(' ')
            {
                out.insert(format!("value {name} = {value}"));
            }
        }
        let name = s
            .split('(')
            .next()
            .and_then(|head| head.split_whitespace().last())
            .map(|n| n.trim_start_matches('*'));
        if s.contains('(') && !s.starts_with("typedef") && name.is_some_and(|n| n.starts_with("ncb_")) {
            out.insert(format!("fn {s}"));
        }
    }
    out
}

fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("/*") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("*/").map_or("", |j| &rest[i + j + 2..]);
    }
    out.push_str(rest);
    out.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The Python face: the stubs' lines, without blanks and comments.
pub fn py_surface(stubs: &str) -> BTreeSet<String> {
    stubs
        .lines()
        .map(|l| l.trim_end().to_string())
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .collect()
}

fn read(root: &Path, rel: &str) -> Result<String> {
    std::fs::read_to_string(root.join(rel)).with_context(|| format!("reading {rel}"))
}

fn baseline(root: &Path, rel: &str) -> Result<BTreeSet<String>> {
    Ok(read(root, rel)?.lines().map(str::to_string).collect())
}

/// Checks both faces against their baselines, or writes the baselines.
pub fn run(root: &Path, bless: bool) -> Result<()> {
    let faces = [
        ("C", C_BASELINE, c_surface(&read(root, C_HEADER)?)),
        ("Python", PY_BASELINE, py_surface(&read(root, PY_STUBS)?)),
    ];
    if bless {
        for (_, rel, now) in &faces {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().context("api dir")?)?;
            let text: String = now.iter().map(|l| format!("{l}\n")).collect();
            std::fs::write(&path, text).with_context(|| format!("writing {rel}"))?;
        }
        println!("API baselines written to {}", root.join("api").display());
        return Ok(());
    }
    let mut broken = Vec::new();
    for (face, rel, now) in &faces {
        let before = baseline(root, rel)?;
        for gone in before.difference(now) {
            broken.push(format!("{face}: removed or changed since the baseline: {gone}"));
        }
        for new in now.difference(&before) {
            eprintln!("{face}: new since the baseline (record it in CHANGELOG.md): {new}");
        }
    }
    if !broken.is_empty() {
        bail!(
            "breaking changes to the public API:\n  {}\nannounce them in CHANGELOG.md and run: cargo xtask api-check --bless",
            broken.join("\n  ")
        );
    }
    Ok(())
}

/// The `ncblink` crate's rustdoc JSON (all features), written by rustdoc
/// under target/doc. Stable rustdoc writes JSON only with
/// `RUSTC_BOOTSTRAP=1`, as cargo-semver-checks itself does.
fn rustdoc_json(root: &Path) -> Result<std::path::PathBuf> {
    crate::test::run(
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["rustdoc", "-p", "ncblink", "--lib", "--all-features", "--"])
            .args(["-Z", "unstable-options", "--output-format", "json"])
            .env("RUSTC_BOOTSTRAP", "1")
            .current_dir(root),
    )?;
    Ok(crate::c::target_dir(root).join("doc/ncblink.json"))
}

/// `cargo semver-checks` on the `ncblink` crate against the committed
/// rustdoc baseline; with `bless`, writes the baseline instead.
pub fn semver(root: &Path, bless: bool) -> Result<()> {
    let current = rustdoc_json(root)?;
    let baseline = root.join(RUST_BASELINE);
    if bless {
        let file = std::fs::File::create(&baseline).with_context(|| format!("creating {RUST_BASELINE}"))?;
        crate::test::run(
            std::process::Command::new("gzip")
                .args(["-9n", "--stdout"])
                .arg(&current)
                .stdout(file),
        )?;
        println!("Rust API baseline written to {RUST_BASELINE}");
        return Ok(());
    }
    let tool = crate::dist::cargo_tool(
        root,
        "cargo-semver-checks",
        "cargo-semver-checks",
        SEMVER_CHECKS_VERSION,
    )?;
    let unpacked = crate::c::target_dir(root).join("xtask-tmp/ncblink-baseline.json");
    std::fs::create_dir_all(unpacked.parent().context("xtask-tmp")?)?;
    crate::test::run(
        std::process::Command::new("gzip")
            .args(["-dc"])
            .arg(&baseline)
            .stdout(std::fs::File::create(&unpacked)?),
    )
    .with_context(|| format!("unpacking {RUST_BASELINE} (run cargo xtask api-check --bless at a release)"))?;
    crate::test::run(
        std::process::Command::new(tool)
            .args(["semver-checks", "check-release", "--baseline-rustdoc"])
            .arg(&unpacked)
            .arg("--current-rustdoc")
            .arg(&current)
            .current_dir(root),
    )
    .context("breaking changes to the ncblink crate since the baseline: announce them in CHANGELOG.md, bump the version and run cargo xtask api-check --bless")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_c_face_holds_prototypes_and_enum_values_only() {
        let header = "/** doc */\nenum ncb_status\n#if defined(__cplusplus)\n  : uint32_t\n#endif\n {\n  /** ok */\n  NCB_STATUS_OK = 0,\n  NCB_STATUS_NULL_PARAMETER = 100,\n};\n\ntypedef struct ncb_client ncb_client;\n\nenum ncb_status ncb_client_new(const char *hub_url,\n                               ncb_client **out);\n\nvoid ncb_client_free(ncb_client *client);\n";
        let s = c_surface(header);
        let want: BTreeSet<String> = [
            "value NCB_STATUS_OK = 0",
            "value NCB_STATUS_NULL_PARAMETER = 100",
            "fn enum ncb_status ncb_client_new(const char *hub_url, ncb_client **out)",
            "fn void ncb_client_free(ncb_client *client)",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        assert_eq!(s, want);
    }
}
