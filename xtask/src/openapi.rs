//! `cargo xtask openapi [--check]`: writes the hub's OpenAPI document to
//! `schemas/openapi.json`, or checks that the committed file matches the
//! code (the document is generated from the hub's route table).

use std::path::Path;

use anyhow::{Context, Result, bail};

/// Writes or checks `schemas/openapi.json`.
pub fn run(root: &Path, check: bool) -> Result<()> {
    let path = root.join(ncblink_hub::openapi::COMMITTED_PATH);
    let text = ncblink_hub::openapi::document_text();
    if check {
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != text {
            bail!(
                "{} drifts from the hub's routes\nrun: cargo xtask openapi",
                path.display()
            );
        }
        return Ok(());
    }
    std::fs::create_dir_all(path.parent().context("schemas dir")?)?;
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    println!("OpenAPI document written to {}", path.display());
    Ok(())
}
