//! `ncblink keys …`: a new Ed25519 signing key for an NCB (`generate`:
//! the private key goes to a file readable by its owner only; the public
//! key, printed, is what the hub's directory publishes), and the NCB's
//! keys in the hub's directory: `register`, `rotate`, `revoke`, `list`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ncblink::sign::SigningKey;

/// `ncblink keys …`.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Generate an Ed25519 signing key.
    Generate {
        /// Where to write the private key (refuses to overwrite).
        #[arg(long, short)]
        out: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the public key of a signing key file.
    Public {
        /// The private key file.
        file: PathBuf,
    },
    /// Publish the public key of a signing key file in the directory. The
    /// request is signed by --signing-key when given (that key must be
    /// active); a sandbox also takes it with the token alone.
    Register {
        #[command(flatten)]
        conn: crate::config::Connection,
        /// The new private key file (`keys generate`, or PEM PKCS#8).
        file: PathBuf,
        /// The new key's id (`FR#2026-02`).
        #[arg(long)]
        new_kid: String,
    },
    /// Replace the current key (--signing-key, --kid) by a new one: the
    /// new key is registered, signed by the current one, then the current
    /// one is retired (what it signed still verifies).
    Rotate {
        #[command(flatten)]
        conn: crate::config::Connection,
        /// The new private key file.
        file: PathBuf,
        /// The new key's id.
        #[arg(long)]
        new_kid: String,
    },
    /// Revoke a key of the NCB: nothing created from now on verifies with
    /// it. Signed by --signing-key.
    Revoke {
        #[command(flatten)]
        conn: crate::config::Connection,
        /// The key id to revoke.
        revoke_kid: String,
    },
    /// Print an NCB's keys as a JWK Set (the NCB of --ncb by default).
    List {
        #[command(flatten)]
        conn: crate::config::Connection,
        /// Another NCB's code.
        of: Option<String>,
    },
}

/// Reads a key written by `keys generate`: the 32-byte secret in
/// base64url on one line (the format `ncblink::sign` reads).
pub fn read_signing_key(path: &Path) -> Result<SigningKey> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    ncblink::sign::decode_signing_key(&text)
        .map_err(|_| anyhow::anyhow!("{} is not an ncblink signing key", path.display()))
}

/// Runs the command.
pub fn run(cmd: Command) -> Result<()> {
    match cmd {
        Command::Generate { out, json } => {
            if out.exists() {
                bail!("{} exists; not overwriting a key", out.display());
            }
            let key = ncblink::sign::generate_signing_key()?;
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
            let mut f = opts.open(&out).with_context(|| format!("creating {}", out.display()))?;
            writeln!(f, "{}", URL_SAFE_NO_PAD.encode(key.to_bytes()))?;
            let public = ncblink::sign::encode_public_key(&key.verifying_key());
            if json {
                println!("{}", serde_json::json!({"private_key_file": out, "public_key": public}));
            } else {
                println!("private key written to {} (keep it secret)", out.display());
                println!("public key: {public}");
            }
            Ok(())
        }
        Command::Public { file } => {
            let key = read_signing_key(&file)?;
            println!("{}", ncblink::sign::encode_public_key(&key.verifying_key()));
            Ok(())
        }
        Command::Register { conn, file, new_kid } => {
            let key = read_signing_key(&file)?;
            let set = network(conn.client()?.register_key(&key.verifying_key(), &new_kid))?;
            print_set(&set)
        }
        Command::Rotate { conn, file, new_kid } => {
            let current = conn
                .resolved()?
                .kid
                .context("rotate needs the current key: --signing-key and --kid")?;
            let client = conn.client()?;
            let key = read_signing_key(&file)?;
            network(client.register_key(&key.verifying_key(), &new_kid))?;
            let set = network(client.retire_key(&current))?;
            eprintln!("`{new_kid}` registered, `{current}` retired: sign with the new key from now on");
            print_set(&set)
        }
        Command::Revoke { conn, revoke_kid } => {
            let set = network(conn.client()?.revoke_key(&revoke_kid))?;
            print_set(&set)
        }
        Command::List { conn, of } => {
            let ncb = match of {
                Some(code) => code.parse().map_err(|e| anyhow::anyhow!("NCB: {e}"))?,
                None => conn.resolved()?.ncb_code()?,
            };
            let set = network(conn.client()?.keys(ncb))?;
            print_set(&set)
        }
    }
}

fn network<T>(fut: impl std::future::Future<Output = Result<T, ncblink::Error>>) -> Result<T> {
    let rt = tokio::runtime::Runtime::new()?;
    Ok(rt.block_on(fut)?)
}

fn print_set(set: &ncblink::sign::JwkSet) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(set)?);
    Ok(())
}
