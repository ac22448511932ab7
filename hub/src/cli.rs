//! The hub's command line, shared by `ncblink-hub` and `ncblink hub`:
//! flags with environment fallbacks, turned into a [`HubConfig`], and the
//! server run until Ctrl-C.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use ncblink::model::NcbCode;

use crate::quota::{Class, Quotas, Rate};
use crate::{DbLocation, HubConfig, HubError, TlsFiles, Token};

/// The ncblink reference hub: NCB directory, notices, diffusions, direct
/// messages, inboxes and database checks over HTTP (/v1).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address and port to listen on.
    #[arg(long, env = "NCBLINK_HUB_LISTEN", default_value = "127.0.0.1:8480")]
    listen: SocketAddr,

    /// SQLite database file (created if missing), or `:memory:` for a hub
    /// that forgets everything when it stops.
    #[arg(long, env = "NCBLINK_HUB_DB", default_value = "ncblink-hub.sqlite")]
    db: String,

    /// Sandbox mode: create demo NCBs (FR, DE, IT, ES, US, MA, BR, JP, GB,
    /// RU) with tokens and signing keys, print their tokens, and review
    /// notices and diffusions automatically at once.
    #[arg(long, env = "NCBLINK_HUB_SANDBOX")]
    sandbox: bool,

    /// Fix an NCB's token, as NCB=TOKEN (repeat for several NCBs). An NCB
    /// not yet in the directory is added.
    #[arg(
        long = "token",
        value_name = "NCB=TOKEN",
        env = "NCBLINK_HUB_TOKENS",
        value_delimiter = ','
    )]
    tokens: Vec<String>,

    /// Load N synthetic lost passports into SLTD at start (for load tests;
    /// numbers SEED000000000… spread over the NCBs; loading again adds
    /// only what is missing).
    #[arg(long, value_name = "N", env = "NCBLINK_HUB_SEED_DOCUMENTS", default_value_t = 0)]
    seed_documents: u64,

    /// Largest request body accepted, in bytes.
    #[arg(long, env = "NCBLINK_HUB_BODY_LIMIT", default_value_t = crate::config::DEFAULT_BODY_LIMIT)]
    body_limit: usize,

    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, env = "NCBLINK_HUB_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<PathBuf>,

    /// The private key of --tls-cert (PEM).
    #[arg(long, env = "NCBLINK_HUB_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<PathBuf>,

    /// Mutual TLS: the CA (PEM) that signs NCB client certificates. Every
    /// client must then present a certificate naming its NCB (SAN URI
    /// ncb:FR, or subject CN FR); tokens are not used.
    #[arg(long, env = "NCBLINK_HUB_CLIENT_CA", requires = "tls_cert")]
    client_ca: Option<PathBuf>,

    /// Refuse envelopes that are not signed.
    #[arg(long, env = "NCBLINK_HUB_REQUIRE_SIGNATURES")]
    require_signatures: bool,

    /// Longest inbox long poll, in seconds (at most 30).
    #[arg(long, env = "NCBLINK_HUB_MAX_WAIT", default_value_t = 30)]
    max_wait: u64,

    /// Read connections to the database file.
    #[arg(long, env = "NCBLINK_HUB_READERS", default_value_t = 4)]
    readers: usize,

    /// The window, in seconds, over which the hits of one NCB on one record
    /// make one notification with a count.
    #[arg(long, env = "NCBLINK_HUB_HIT_WINDOW", default_value_t = crate::config::DEFAULT_HIT_WINDOW_SECONDS)]
    hit_window: u64,

    /// An NCB's quota for a class of requests, as CLASS=PER_SECOND (classes
    /// writes, checks, searches, long_polls; bursts of ten seconds' worth;
    /// 0 for no limit). Repeat for several classes. The defaults are
    /// generous in the sandbox.
    #[arg(
        long = "quota",
        value_name = "CLASS=PER_SECOND",
        env = "NCBLINK_HUB_QUOTAS",
        value_delimiter = ','
    )]
    quotas: Vec<String>,

    /// The longest, in seconds, a request's head or body may take to
    /// arrive; a slower client is answered 408 and disconnected.
    #[arg(long, env = "NCBLINK_HUB_BODY_TIMEOUT", default_value_t = crate::config::DEFAULT_BODY_TIMEOUT_SECONDS)]
    body_timeout: u64,

    /// The longest, in seconds, a request may take (more than --max-wait).
    #[arg(long, env = "NCBLINK_HUB_REQUEST_DEADLINE", default_value_t = crate::config::DEFAULT_REQUEST_DEADLINE_SECONDS)]
    request_deadline: u64,
}

fn parse_quotas(list: &[String], sandbox: bool) -> Result<Quotas, String> {
    let mut quotas = if sandbox {
        Quotas::sandbox()
    } else {
        Quotas::production()
    };
    for item in list {
        let (class, rate) = item
            .split_once('=')
            .ok_or_else(|| "--quota takes CLASS=PER_SECOND".to_string())?;
        let class = Class::parse(class.trim())
            .ok_or_else(|| format!("--quota: unknown class `{class}` (writes, checks, searches, long_polls)"))?;
        let rate: f64 = rate
            .trim()
            .parse()
            .ok()
            .filter(|r: &f64| r.is_finite() && *r >= 0.0)
            .ok_or_else(|| format!("--quota: `{rate}` is not a rate (requests a second, 0 for no limit)"))?;
        quotas.set(class, Rate::per_second(rate));
    }
    Ok(quotas)
}

fn parse_tokens(list: &[String]) -> Result<BTreeMap<NcbCode, Token>, String> {
    let mut out = BTreeMap::new();
    for item in list {
        let (ncb, token) = item
            .split_once('=')
            .ok_or_else(|| "--token takes NCB=TOKEN".to_string())?;
        let ncb: NcbCode = ncb.trim().parse().map_err(|e| format!("--token: {e}"))?;
        if token.trim().is_empty() {
            return Err(format!("--token: empty token for {ncb}"));
        }
        out.insert(ncb, Token::new(token.trim()));
    }
    Ok(out)
}

/// Runs the hub until Ctrl-C.
pub async fn run(cli: Args) -> Result<(), HubError> {
    let fixed_tokens = parse_tokens(&cli.tokens).map_err(HubError::Config)?;
    let quotas = parse_quotas(&cli.quotas, cli.sandbox).map_err(HubError::Config)?;
    let config = HubConfig {
        listen: cli.listen,
        db: DbLocation::parse(&cli.db),
        sandbox: cli.sandbox,
        fixed_tokens,
        seed_documents: cli.seed_documents,
        body_limit: cli.body_limit,
        tls: match (cli.tls_cert, cli.tls_key) {
            (Some(cert), Some(key)) => Some(TlsFiles {
                cert,
                key,
                client_ca: cli.client_ca,
            }),
            _ => None,
        },
        require_signatures: cli.require_signatures,
        max_wait: Duration::from_secs(cli.max_wait.min(ncblink::wire::MAX_WAIT_SECONDS)),
        readers: cli.readers,
        hit_window: Duration::from_secs(cli.hit_window),
        quotas,
        body_timeout: Duration::from_secs(cli.body_timeout.max(1)),
        request_deadline: Duration::from_secs(cli.request_deadline.max(1)),
        ..HubConfig::default()
    };
    let hub = crate::spawn(config).await?;
    println!("ncblink hub listening on {}", hub.base_url());
    if !hub.tokens.is_empty() {
        println!("NCB tokens (send as Authorization: Bearer <token>):");
        for (ncb, token) in &hub.tokens {
            println!("  {ncb}  {}", token.expose());
        }
    }
    let stop = hub.stopper();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down");
        let _ = stop.send(true);
    });
    hub.wait().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotas_start_from_the_mode_and_take_class_rates() {
        let q = parse_quotas(&["checks=5".into(), " searches = 0 ".into()], false).unwrap();
        assert_eq!(q.checks, Rate::per_second(5.0));
        assert_eq!(q.searches.per_second, 0.0);
        assert_eq!(q.writes, Quotas::production().writes);
        assert_eq!(parse_quotas(&[], true).unwrap(), Quotas::sandbox());
        for bad in ["checks", "reads=5", "writes=-1", "writes=fast", "writes=inf"] {
            assert!(parse_quotas(&[bad.into()], false).is_err(), "{bad}");
        }
    }
}
