//! Operator commands on the hub's database, run while the hub is stopped
//! or beside it (SQLite serialises the writes): `ncblink-hub keys add NCB
//! FILE` provisions an NCB's first key (after that the NCB rotates its
//! keys itself, by signed requests), `keys revoke NCB KID` revokes one,
//! `keys list NCB` shows them. `ncblink-hub tokens add|list|revoke|rotate`
//! manages bearer tokens: a new token is printed once, on stdout, and only
//! its SHA-256 is kept; a running hub reads the changes at its next
//! housekeeping round.

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

/// `ncblink-hub tokens …`.
#[derive(clap::Subcommand, Debug)]
pub enum TokensCommand {
    /// Create a token for an NCB (added to the directory if new) and print
    /// it once.
    Add {
        /// The NCB's code (`FR`).
        ncb: NcbCode,
        /// Days until it expires (default: never).
        #[arg(long)]
        expires_in_days: Option<u32>,
    },
    /// Print the tokens' ids, NCBs and expiry (never the tokens).
    List {
        /// Only this NCB's.
        ncb: Option<NcbCode>,
    },
    /// Delete a token at once, by the id `list` prints.
    Revoke {
        /// The token's id.
        id: String,
    },
    /// Create a new token for an NCB and print it once; its other tokens
    /// expire after a grace period.
    Rotate {
        /// The NCB's code.
        ncb: NcbCode,
        /// Hours the NCB's other tokens keep working.
        #[arg(long, default_value_t = 24)]
        grace_hours: u32,
        /// Days until the new token expires (default: never).
        #[arg(long)]
        expires_in_days: Option<u32>,
    },
}

/// Runs a tokens command on the database at `db`.
pub fn tokens(db_path: &str, cmd: TokensCommand) -> Result<(), HubError> {
    let db = Db::open(&DbLocation::parse(db_path), 1)?;
    let now = Utc::now().timestamp();
    let expiry = |days: Option<u32>| days.map(|d| now + i64::from(d) * 86_400);
    match cmd {
        TokensCommand::Add { ncb, expires_in_days } => {
            let token = crate::Token::generate()?;
            let id = db.with_writer(|c| {
                db::directory::ensure_ncb(c, ncb, ncb.as_str())?;
                db::directory::add_token(c, ncb, &token.digest(), now, expiry(expires_in_days))
            })?;
            println!("{ncb} {id} {}", token.expose());
        }
        TokensCommand::List { ncb } => {
            let all = db.with_writer(|c| db::directory::list_tokens(c, ncb))?;
            let when = |t: Option<i64>| {
                t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_else(|| "-".into())
            };
            for t in all {
                let state = match t.expires_at {
                    Some(e) if e <= now => "expired",
                    _ => "active",
                };
                println!(
                    "{} {} {state} created {} expires {}",
                    t.ncb,
                    t.id,
                    when(t.created_at),
                    when(t.expires_at)
                );
            }
        }
        TokensCommand::Revoke { id } => {
            if !db.with_writer(|c| db::directory::revoke_token(c, &id))? {
                return Err(HubError::Config(format!("no token has the id `{id}`")));
            }
            println!("token {id} revoked");
        }
        TokensCommand::Rotate {
            ncb,
            grace_hours,
            expires_in_days,
        } => {
            let token = crate::Token::generate()?;
            let id = db.with_writer(|c| {
                let tx = c.transaction()?;
                db::directory::expire_tokens(&tx, ncb, now + i64::from(grace_hours) * 3_600)?;
                let id = db::directory::add_token(&tx, ncb, &token.digest(), now, expiry(expires_in_days))?;
                tx.commit()?;
                Ok(id)
            })?;
            println!("{ncb} {id} {}", token.expose());
        }
    }
    Ok(())
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
