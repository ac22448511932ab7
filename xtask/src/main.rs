//! Project tasks: `cargo xtask <command>` (the alias is in `.cargo/config.toml`).

use std::process::ExitCode;

mod codelists;
mod python;
mod schemas;
mod test;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  test                  every check: rustfmt, clippy -D warnings, drift of generated files,
                        all Rust tests, the vectors against the JSON Schemas (Python jsonschema)
  schemas [--check]     write schemas/*.schema.json from the model; --check fails if stale
  codelists [--check]   write sdk-core/src/model/codes/tables.rs from iso-codes and
                        xtask/data/icao-specials.json; --check fails if the file is stale
  py-types [--check]    write sdk-python/python/ncblink/types.py (TypedDicts) from schemas/;
                        --check fails if the file is stale
  py-test [--debug]     build the Python wheel (release; --debug for a dev build), install it
                        in a fresh venv, run pytest, mypy --strict and stubtest on it
  py-bench [N]          the Python benchmarks: validation against jsonschema, fastjsonschema and
                        pydantic on N documents (default 10000), and database checks through
                        ncblink.Client against httpx on a local release hub: prints tables";

/// The workspace root (xtask lives one level below it).
fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(|p| p.to_path_buf())
        .unwrap_or_default()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => {
            eprintln!("{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    let result = match command {
        "codelists" => codelists::run(rest),
        "schemas" => schemas::run(&root(), rest.iter().any(|a| a == "--check")),
        "test" => test::all(&root()),
        "py-types" => python::types(&root(), rest.iter().any(|a| a == "--check")),
        "py-test" => python::test(&root(), !rest.iter().any(|a| a == "--debug")),
        "py-bench" => python::bench(&root(), rest),
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(anyhow::anyhow!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
