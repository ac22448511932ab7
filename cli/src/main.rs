//! The `ncblink` command: what an NCB operator or integrator runs.

mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// ncblink: join the INTERPOL cooperation network from the command line.
#[derive(Parser)]
#[command(name = "ncblink", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate notices, diffusions, messages, checks or records (JSON files).
    Validate(validate::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate(args) => validate::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
