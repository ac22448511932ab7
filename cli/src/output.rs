//! Printing results: a short human line by default, JSON for scripts.

use serde::Serialize;

/// Prints `value` as one JSON line.
pub fn json<T: Serialize>(value: &T) {
    match serde_json::to_string(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("error: cannot print the result as JSON: {e}"),
    }
}

/// Reads a JSON document from a file, or standard input for `-`.
pub fn read_input(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    use anyhow::Context;
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).context("reading standard input")?;
        Ok(buf)
    } else {
        std::fs::read(path).with_context(|| format!("reading {}", path.display()))
    }
}

/// Parses an envelope, turning a parse error into the report's text.
pub fn parse_envelope(bytes: &[u8]) -> anyhow::Result<ncblink::model::Envelope> {
    ncblink::json::parse(bytes).map_err(|e| anyhow::anyhow!("{e}"))
}
