//! `cargo xtask schemathesis`: Schemathesis (from PyPI, an implementation
//! that is not ours) generates requests from schemas/openapi.json against
//! the real hub binary (sandbox, FR's token) and fails on any 5xx and on
//! any response that contradicts the document (status code, content type,
//! headers, body schema). A bounded number of examples per operation keeps
//! the run near two minutes; the hub holds a long poll one second at most
//! (the document allows 30) so that the generated waits do not dominate.

use std::path::Path;
use std::process::Command;

use anyhow::Result;

use crate::hub::Hub;
use crate::test::{run, venv};

/// The pinned Schemathesis.
pub const PACKAGES: &[&str] = &["schemathesis==4.32.5"];

/// Examples per operation and phase.
const MAX_EXAMPLES: &str = "5";

/// The checks: no server error, nothing the document does not describe.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
response_headers_conformance,response_schema_conformance";

/// Runs Schemathesis against a fresh sandbox hub.
pub fn run_against_hub(root: &Path) -> Result<()> {
    let python = venv(root, PACKAGES)?;
    let target = root.join("target");
    let hub = Hub::start_with(root, &target, &target.join("xtask-tmp"), false, &["--max-wait", "1"])?;
    run(Command::new(&python)
        .args(["-m", "schemathesis.cli", "run"])
        .arg(root.join("schemas/openapi.json"))
        .args(["--url", &hub.url])
        .args(["-H", "Authorization: Bearer token-FR"])
        .args(["-n", MAX_EXAMPLES])
        .args(["--phases", "examples,coverage,fuzzing"])
        .args(["-c", CHECKS])
        .args(["--generation-deterministic", "--request-timeout", "10"])
        .env("SCHEMATHESIS_TELEMETRY", "false")
        // Its example cache goes where it runs: under target/, not the tree.
        .current_dir(target.join("xtask-tmp")))
}
