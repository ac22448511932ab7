//! Where the command finds its hub, NCB and credentials: flags first, then
//! the environment (`NCBLINK_HUB`, `NCBLINK_NCB`, `NCBLINK_TOKEN`…), then
//! a TOML config file (`--config`, `NCBLINK_CONFIG`, or
//! `~/.config/ncblink/config.toml`).
//!
//! ```toml
//! hub = "https://hub.example:8480"
//! ncb = "FR"
//! token = "…"              # or cert/key for mutual TLS
//! ca = "/etc/ncblink/ca.pem"
//! signing_key = "/etc/ncblink/fr.key"
//! kid = "FR#2026-01"
//! outbox = "/var/lib/ncblink/outbox.sqlite"
//! ```

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use ncblink::model::NcbCode;
use serde::Deserialize;

/// The connection options every network command takes.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct Connection {
    /// Hub URL.
    #[arg(long, env = "NCBLINK_HUB", global = true)]
    pub hub: Option<String>,
    /// The NCB this command acts for (ISO alpha-2, e.g. FR).
    #[arg(long, env = "NCBLINK_NCB", global = true)]
    pub ncb: Option<String>,
    /// Bearer token (sandbox). Prefer the environment to the command line.
    #[arg(long, env = "NCBLINK_TOKEN", global = true, hide_env_values = true)]
    pub token: Option<String>,
    /// Client certificate (PEM) for mutual TLS.
    #[arg(long, env = "NCBLINK_CERT", global = true)]
    pub cert: Option<PathBuf>,
    /// Private key (PEM) of the client certificate.
    #[arg(long, env = "NCBLINK_KEY", global = true)]
    pub key: Option<PathBuf>,
    /// Extra CA certificate (PEM) to trust.
    #[arg(long, env = "NCBLINK_CA", global = true)]
    pub ca: Option<PathBuf>,
    /// Ed25519 signing key file (from `ncblink keys generate`).
    #[arg(long, env = "NCBLINK_SIGNING_KEY", global = true)]
    pub signing_key: Option<PathBuf>,
    /// The signing key's id in the directory (default NCB#default).
    #[arg(long, env = "NCBLINK_KID", global = true)]
    pub kid: Option<String>,
    /// The outbox file (durable writes and inbox position).
    #[arg(long, env = "NCBLINK_OUTBOX", global = true)]
    pub outbox: Option<PathBuf>,
    /// Config file (TOML).
    #[arg(long, env = "NCBLINK_CONFIG", global = true)]
    pub config: Option<PathBuf>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
struct File {
    hub: Option<String>,
    ncb: Option<String>,
    token: Option<String>,
    cert: Option<PathBuf>,
    key: Option<PathBuf>,
    ca: Option<PathBuf>,
    signing_key: Option<PathBuf>,
    kid: Option<String>,
    outbox: Option<PathBuf>,
}

fn default_config_path() -> Option<PathBuf> {
    let home = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".config")))?;
    Some(home.join("ncblink/config.toml"))
}

impl Connection {
    /// Fills what flags and environment left empty from the config file.
    pub fn resolved(&self) -> Result<Connection> {
        let (path, explicit) = match &self.config {
            Some(p) => (Some(p.clone()), true),
            None => (default_config_path(), false),
        };
        let file = match path {
            Some(p) if p.exists() => {
                let text = std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?;
                toml::from_str::<File>(&text).with_context(|| format!("{}", p.display()))?
            }
            Some(p) if explicit => bail!("config file {} does not exist", p.display()),
            _ => File::default(),
        };
        Ok(Connection {
            hub: self.hub.clone().or(file.hub),
            ncb: self.ncb.clone().or(file.ncb),
            token: self.token.clone().or(file.token),
            cert: self.cert.clone().or(file.cert),
            key: self.key.clone().or(file.key),
            ca: self.ca.clone().or(file.ca),
            signing_key: self.signing_key.clone().or(file.signing_key),
            kid: self.kid.clone().or(file.kid),
            outbox: self.outbox.clone().or(file.outbox),
            config: self.config.clone(),
        })
    }

    /// The NCB code.
    pub fn ncb_code(&self) -> Result<NcbCode> {
        let ncb = self.ncb.as_deref().context("no NCB: pass --ncb or set NCBLINK_NCB")?;
        ncb.parse().map_err(|e| anyhow::anyhow!("--ncb: {e}"))
    }

    /// Builds the async client.
    pub fn client(&self) -> Result<ncblink::Client> {
        let c = self.resolved()?;
        let hub = c.hub.as_deref().context("no hub: pass --hub or set NCBLINK_HUB")?;
        let ncb = c.ncb_code()?;
        let mut b = ncblink::Client::builder(hub, ncb);
        if let Some(t) = &c.token {
            b = b.token(t.clone());
        }
        match (&c.cert, &c.key) {
            (Some(cert), Some(key)) => {
                b = b.client_certificate(
                    std::fs::read(cert).with_context(|| format!("reading {}", cert.display()))?,
                    std::fs::read(key).with_context(|| format!("reading {}", key.display()))?,
                );
            }
            (None, None) => {}
            _ => bail!("--cert and --key go together"),
        }
        if let Some(ca) = &c.ca {
            b = b.add_root_certificate(std::fs::read(ca).with_context(|| format!("reading {}", ca.display()))?);
        }
        if let Some(path) = &c.signing_key {
            let key = crate::keys::read_signing_key(path)?;
            let kid = c.kid.clone().unwrap_or_else(|| format!("{ncb}#default"));
            b = b.signing_key(key, kid);
        }
        if let Some(o) = &c.outbox {
            b = b.outbox_path(o);
        }
        Ok(b.build()?)
    }
}
