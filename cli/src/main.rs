//! The `ncblink` command: what an NCB operator or integrator runs.
//! Human output by default, `--json` for scripts; configuration from
//! flags, the environment (`NCBLINK_*`) and a config file (see `config`).

mod check;
mod config;
mod demo;
mod inbox;
mod keys;
mod outbox;
mod output;
mod progress;
mod public;
mod records;
mod search;
mod submit;
mod travel;
mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// ncblink: join the INTERPOL cooperation network from the command line.
#[derive(Parser)]
#[command(name = "ncblink", version, about, long_about = None)]
struct Cli {
    /// Log level (error, warn, info, debug, trace), or RUST_LOG.
    #[arg(long, global = true, default_value = "warn")]
    log: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run an embedded hub and two NCBs exchanging, step by step.
    Demo,
    /// Run the reference hub (the same server as ncblink-hub).
    Hub(ncblink_hub::cli::Args),
    /// Validate notices, diffusions, messages, checks or records (JSON files).
    Validate(validate::Args),
    /// Submit a notice request.
    Submit {
        #[command(flatten)]
        conn: config::Connection,
        #[command(flatten)]
        args: submit::SubmitArgs,
    },
    /// Show a notice's status and history.
    Notice {
        #[command(flatten)]
        conn: config::Connection,
        #[command(flatten)]
        args: submit::NoticeArgs,
    },
    /// Search notices.
    Search {
        #[command(flatten)]
        conn: config::Connection,
        #[command(flatten)]
        args: search::Args,
    },
    /// Send diffusions or direct messages.
    Send {
        #[command(flatten)]
        conn: config::Connection,
        #[command(flatten)]
        args: submit::SendArgs,
    },
    /// Read (and acknowledge) the inbox.
    Inbox {
        #[command(flatten)]
        conn: config::Connection,
        #[command(flatten)]
        args: inbox::Args,
    },
    /// Check a document, vehicle, person or firearm, one or a file of them.
    Check {
        #[command(flatten)]
        conn: config::Connection,
        #[command(subcommand)]
        cmd: check::Command,
    },
    /// Contribute records (SLTD, SMV, iARMS): add, remove, list, sync a national list.
    Records {
        #[command(flatten)]
        conn: config::Connection,
        #[command(subcommand)]
        cmd: records::Command,
    },
    /// Signing keys.
    #[command(subcommand)]
    Keys(keys::Command),
    /// Read a machine-readable zone (passport, ID card, visa), check digits verified.
    Mrz(travel::MrzArgs),
    /// Check a vehicle identification number.
    Vin(travel::VinArgs),
    /// Read other formats into canonical notices (JSON Lines on standard output).
    #[command(subcommand)]
    Import(public::ImportCommand),
    /// Fetch INTERPOL's public notices (lists, details) to a directory.
    FetchPublic(public::FetchArgs),
    /// The outbox of writes waiting for the hub.
    Outbox {
        #[command(flatten)]
        conn: config::Connection,
        #[command(subcommand)]
        cmd: outbox::Command,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(&cli.log));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    // Validation and keys need no runtime; everything else talks to a hub.
    let result = match cli.command {
        Command::Validate(args) => validate::run(args),
        Command::Keys(cmd) => keys::run(cmd).map(|()| ExitCode::SUCCESS),
        Command::Mrz(args) => travel::mrz(args),
        Command::Vin(args) => travel::vin(args),
        Command::Import(cmd) => public::import(cmd),
        Command::FetchPublic(args) => match tokio::runtime::Runtime::new() {
            Ok(rt) => rt.block_on(public::fetch(args)),
            Err(e) => Err(anyhow::anyhow!("starting the runtime: {e}")),
        },
        command => match tokio::runtime::Runtime::new() {
            Ok(rt) => rt.block_on(network(command)).map(|()| ExitCode::SUCCESS),
            Err(e) => Err(anyhow::anyhow!("starting the runtime: {e}")),
        },
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

async fn network(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Demo => demo::run().await,
        Command::Hub(args) => ncblink_hub::cli::run(args).await.map_err(Into::into),
        Command::Submit { conn, args } => submit::submit(&conn, args).await,
        Command::Notice { conn, args } => submit::notice(&conn, args).await,
        Command::Search { conn, args } => search::run(&conn, args).await,
        Command::Send { conn, args } => submit::send(&conn, args).await,
        Command::Inbox { conn, args } => inbox::run(&conn, args).await,
        Command::Check { conn, cmd } => check::run(&conn, cmd).await,
        Command::Records { conn, cmd } => records::run(&conn, cmd).await,
        Command::Outbox { conn, cmd } => outbox::run(&conn, cmd).await,
        Command::Validate(_)
        | Command::Keys(_)
        | Command::Mrz(_)
        | Command::Vin(_)
        | Command::Import(_)
        | Command::FetchPublic(_) => unreachable!("handled before"),
    }
}
