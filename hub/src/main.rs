//! `ncblink-hub`: runs the hub from the command line (see `cli`).

use clap::Parser;

/// The ncblink reference hub: NCB directory, notices, diffusions, direct
/// messages, inboxes and database checks over HTTP (/v1).
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(flatten)]
    args: ncblink_hub::cli::Args,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // Logs on stderr: stdout carries only what a script may read (tokens).
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    match ncblink_hub::cli::run(Cli::parse().args).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
