//! Project tasks: `cargo xtask <command>` (the alias is in `.cargo/config.toml`).

use std::process::ExitCode;

mod codelists;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  codelists [--check]   write sdk-core/src/model/codes/tables.rs from iso-codes and
                        xtask/data/icao-specials.json; --check fails if the file is stale";

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
