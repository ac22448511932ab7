//! `ncblink-hub`: runs the hub from the command line (see `cli`).

use clap::{CommandFactory, Parser};

/// The ncblink reference hub: NCB directory, notices, diffusions, direct
/// messages, inboxes and database checks over HTTP (/v1).
#[derive(Parser)]
#[command(version, about, long_about = None)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    args: ncblink_hub::cli::Args,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Provision, revoke and list NCB signing keys in the hub's database.
    Keys {
        /// The SQLite database file.
        #[arg(long, env = "NCBLINK_HUB_DB", default_value = "ncblink-hub.sqlite")]
        db: String,
        #[command(subcommand)]
        action: ncblink_hub::operator::KeysCommand,
    },
    /// Create, list, revoke and rotate NCB bearer tokens in the hub's database.
    Tokens {
        /// The SQLite database file.
        #[arg(long, env = "NCBLINK_HUB_DB", default_value = "ncblink-hub.sqlite")]
        db: String,
        #[command(subcommand)]
        action: ncblink_hub::operator::TokensCommand,
    },
    /// Write the man pages and shell completions under DIR (for packagers).
    #[command(hide = true)]
    GenerateManuals {
        /// The directory to write `man/man1/` and `completions/` under.
        dir: std::path::PathBuf,
    },
}

/// The command line of `ncblink-hub`, for its man pages and completions.
fn command() -> clap::Command {
    Cli::command()
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
    let cli = Cli::parse();
    let done = match cli.command {
        Some(Command::Keys { db, action }) => ncblink_hub::operator::keys(&db, action),
        Some(Command::Tokens { db, action }) => ncblink_hub::operator::tokens(&db, action),
        Some(Command::GenerateManuals { dir }) => {
            ncblink_hub::manuals::write(command(), &dir).map_err(ncblink_hub::HubError::Io)
        }
        None => ncblink_hub::cli::run(cli.args).await,
    };
    match done {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
