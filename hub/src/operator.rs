//! Operator commands on the hub's database, run while the hub is stopped
//! or beside it (SQLite serialises the writes): `ncblink-hub keys add NCB
//! FILE` provisions an NCB's first key (after that the NCB rotates its
//! keys itself, by signed requests), `keys revoke NCB KID` revokes one,
//! `keys list NCB` shows them.

use std::path::PathBuf;

use chrono::Utc;
use ncblink::model::NcbCode;
use ncblink::sign::{Jwk, KeyStatus, decode_public_key};

use crate::db::{self, Db};
use crate::{DbLocation, HubError};

/// `ncblink-hub keys …`.
#[derive(clap::Subcommand, Debug)]
pub enum KeysCommand {
    /// Publish a key of an NCB (the NCB is added to the directory if new).
    Add {
        /// The NCB's code (`FR`).
        ncb: NcbCode,
        /// The public key: a JWK (JSON, with its `kid`), or the public key
        /// line `ncblink keys generate` prints (then give --kid).
        file: PathBuf,
        /// The key id, for a file that is not a JWK.
        #[arg(long)]
        kid: Option<String>,
    },
    /// Revoke a key of an NCB from now on.
    Revoke {
        /// The NCB's code.
        ncb: NcbCode,
        /// The key id.
        kid: String,
    },
    /// Print an NCB's keys (a JWK Set).
    List {
        /// The NCB's code.
        ncb: NcbCode,
    },
}

/// Runs a keys command on the database at `db`.
pub fn keys(db_path: &str, cmd: KeysCommand) -> Result<(), HubError> {
    let db = Db::open(&DbLocation::parse(db_path), 1)?;
    match cmd {
        KeysCommand::Add { ncb, file, kid } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| HubError::Config(format!("reading {}: {e}", file.display())))?;
            let jwk = read_public_key(&text, kid.as_deref())
                .map_err(|e| HubError::Config(format!("{}: {e}", file.display())))?;
            let kid = jwk.kid.clone();
            let added = db.with_writer(|c| {
                db::directory::ensure_ncb(c, ncb, ncb.as_str())?;
                db::directory::add_key(c, ncb, &jwk)
            })?;
            if !added {
                return Err(HubError::Config(format!("`{kid}` already names a key")));
            }
            println!("key `{kid}` of {ncb} added");
        }
        KeysCommand::Revoke { ncb, kid } => {
            let at = Utc::now().timestamp();
            let found =
                db.with_writer(|c| db::directory::set_key_status(c, ncb, &kid, KeyStatus::Revoked, Some(at)))?;
            if !found {
                return Err(HubError::Config(format!("{ncb} has no key `{kid}`")));
            }
            println!("key `{kid}` of {ncb} revoked");
        }
        KeysCommand::List { ncb } => {
            let entries = db.with_writer(|c| db::directory::entries(c, Some(ncb)))?;
            let keys = entries.into_iter().next().map(|e| e.keys).unwrap_or_default();
            let set = ncblink::sign::JwkSet { keys };
            println!(
                "{}",
                serde_json::to_string_pretty(&set).map_err(|e| HubError::Config(e.to_string()))?
            );
        }
    }
    Ok(())
}

/// A JWK, or a bare public key with `kid`; checked before it is stored.
fn read_public_key(text: &str, kid: Option<&str>) -> Result<Jwk, String> {
    let text = text.trim();
    let mut jwk = if text.starts_with('{') {
        serde_json::from_str::<Jwk>(text).map_err(|e| format!("not a JWK: {e}"))?
    } else {
        let key = decode_public_key(text).map_err(|e| e.to_string())?;
        Jwk::new(&key, kid.ok_or("give the key id with --kid")?)
    };
    if let Some(kid) = kid {
        jwk.kid = kid.into();
    }
    jwk.status = Some(KeyStatus::Active);
    jwk.revoked_at = None;
    jwk.verifying_key().map_err(|e| e.to_string())?;
    Ok(jwk)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_keys_read_as_jwk_or_bare_key_and_bad_ones_are_named() {
        let key = ncblink::sign::generate_signing_key().unwrap().verifying_key();
        let bare = ncblink::sign::encode_public_key(&key);
        assert_eq!(read_public_key(&bare, Some("FR#1")).unwrap().kid, "FR#1");
        assert!(read_public_key(&bare, None).unwrap_err().contains("--kid"));
        let jwk = serde_json::to_string(&Jwk::new(&key, "FR#2")).unwrap();
        assert_eq!(read_public_key(&jwk, None).unwrap().kid, "FR#2");
        let bad = jwk.replace("Ed25519", "X25519");
        assert!(read_public_key(&bad, None).unwrap_err().contains("`crv`"));
    }
}
