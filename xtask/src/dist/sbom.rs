//! `ncblink-VERSION.cdx.json`: a CycloneDX 1.5 SBOM of the Rust crates
//! compiled into the shipped artefacts (normal dependencies of the C
//! library, the Python extension, the command and the hub, for
//! x86_64 Linux), generated from `cargo metadata` rather than with
//! cargo-cyclonedx: the lock file already has every name and version, and
//! one more tool to build would cost CI minutes for the same list.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use super::{Ctx, TARGET};

/// The workspace packages whose code ships.
const SHIPPED: [&str; 5] = ["ncblink", "ncblink-c", "ncblink-python", "ncblink-cli", "ncblink-hub"];

/// Writes the SBOM into `dist/`.
pub fn write(ctx: &Ctx) -> Result<()> {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--filter-platform",
            TARGET,
        ])
        .current_dir(&ctx.root)
        .output()
        .context("running cargo metadata")?;
    if !out.status.success() {
        bail!("cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    }
    let meta: Value = serde_json::from_slice(&out.stdout)?;
    let bom = bom(&meta, ctx.version, ctx.epoch)?;
    let path = ctx.out.join(format!("ncblink-{}.cdx.json", ctx.version));
    std::fs::write(&path, serde_json::to_string_pretty(&bom)? + "\n")?;
    Ok(())
}

fn purl(pkg: &Value) -> String {
    format!(
        "pkg:cargo/{}@{}",
        pkg["name"].as_str().unwrap_or_default(),
        pkg["version"].as_str().unwrap_or_default()
    )
}

/// The BOM of `cargo metadata`'s output: the packages reachable from
/// [`SHIPPED`] through normal dependencies, sorted, with their dependency
/// edges.
fn bom(meta: &Value, version: &str, epoch: u64) -> Result<Value> {
    let packages: BTreeMap<&str, &Value> = meta["packages"]
        .as_array()
        .context("cargo metadata: packages")?
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let nodes: BTreeMap<&str, Vec<&str>> = meta["resolve"]["nodes"]
        .as_array()
        .context("cargo metadata: resolve")?
        .iter()
        .filter_map(|n| {
            let deps = n["deps"]
                .as_array()?
                .iter()
                .filter(|d| {
                    d["dep_kinds"]
                        .as_array()
                        .is_some_and(|k| k.iter().any(|k| k["kind"].is_null()))
                })
                .filter_map(|d| d["pkg"].as_str())
                .collect();
            Some((n["id"].as_str()?, deps))
        })
        .collect();
    let workspace: BTreeSet<&str> = packages
        .iter()
        .filter(|(_, p)| SHIPPED.contains(&p["name"].as_str().unwrap_or_default()))
        .map(|(id, _)| *id)
        .collect();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut todo: Vec<&str> = workspace.iter().copied().collect();
    while let Some(id) = todo.pop() {
        if seen.insert(id) {
            todo.extend(nodes.get(id).into_iter().flatten().copied());
        }
    }
    let mut components = Vec::new();
    let mut dependencies = Vec::new();
    for id in &seen {
        let pkg = packages.get(id).context("cargo metadata: a node without its package")?;
        let mut component = json!({
            "type": if workspace.contains(id) { "application" } else { "library" },
            "bom-ref": purl(pkg),
            "name": pkg["name"],
            "version": pkg["version"],
            "purl": purl(pkg),
        });
        if let Some(license) = pkg["license"].as_str() {
            component["licenses"] = json!([{ "expression": license }]);
        }
        components.push(component);
        let mut depends: Vec<String> = nodes
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|d| packages.get(d).map(|p| purl(p)))
            .collect();
        depends.sort();
        dependencies.push(json!({ "ref": purl(pkg), "dependsOn": depends }));
    }
    components.sort_by_key(|c| c["bom-ref"].as_str().unwrap_or_default().to_string());
    dependencies.sort_by_key(|d| d["ref"].as_str().unwrap_or_default().to_string());
    let timestamp = chrono::DateTime::from_timestamp(epoch as i64, 0)
        .context("SOURCE_DATE_EPOCH out of range")?
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Ok(json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "version": 1,
        "metadata": {
            "timestamp": timestamp,
            "component": {
                "type": "application",
                "bom-ref": format!("pkg:cargo/ncblink@{version}"),
                "name": "ncblink",
                "version": version,
            },
        },
        "components": components,
        "dependencies": dependencies,
    }))
}
