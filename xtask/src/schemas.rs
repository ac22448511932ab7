//! `cargo xtask schemas [--check]`: writes the model's JSON Schemas to
//! `schemas/`, or checks that the committed files match the code.

use std::path::Path;

use anyhow::{Context, Result, bail};

/// The file a schema is written to.
fn file_of(root: &Path, name: &str) -> std::path::PathBuf {
    root.join("schemas").join(format!("{name}.schema.json"))
}

/// Renders a JSON value as committed: pretty, with a final newline.
pub fn render(value: &serde_json::Value) -> Result<String> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

/// Writes or checks every schema.
pub fn run(root: &Path, check: bool) -> Result<()> {
    let mut stale = Vec::new();
    for (name, schema) in ncblink::schema::all() {
        let path = file_of(root, name);
        let text = render(&schema)?;
        if check {
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            if committed != text {
                stale.push(path.display().to_string());
            }
        } else {
            std::fs::create_dir_all(path.parent().context("schemas dir")?)?;
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        }
    }
    if !stale.is_empty() {
        bail!(
            "JSON Schemas drift from the code: {}\nrun: cargo xtask schemas",
            stale.join(", ")
        );
    }
    if !check {
        println!("schemas written to {}", root.join("schemas").display());
    }
    Ok(())
}
