//! `ncblink keys generate`: a new Ed25519 signing key for an NCB. The
//! private key goes to a file readable by its owner only; the public key,
//! printed, is what the hub's directory publishes.

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
    }
}
