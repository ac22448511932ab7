//! How a hub is set up: where it listens, where it stores, sandbox or not,
//! TLS, limits. The command line (`main.rs`) fills it from flags and
//! environment variables; tests and `ncblink demo` build it in code.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use ncblink::model::NcbCode;

use crate::auth::Token;
use crate::quota::Quotas;

/// The NCBs a sandbox hub creates: the brief's eight and two more, so that
/// access-restriction scenarios have an NCB to deny.
pub const DEMO_NCBS: [&str; 10] = ["FR", "DE", "IT", "ES", "US", "MA", "BR", "JP", "GB", "RU"];

/// The default request body limit: 2 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The default window of coalesced hit notifications: an hour.
pub const DEFAULT_HIT_WINDOW_SECONDS: u64 = 3600;

/// The default time a request's head or body may take to arrive.
pub const DEFAULT_BODY_TIMEOUT_SECONDS: u64 = 30;

/// The default deadline of a request: a full long poll and then some.
pub const DEFAULT_REQUEST_DEADLINE_SECONDS: u64 = 60;

/// Where the hub keeps its data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DbLocation {
    /// In memory: gone when the hub stops (tests).
    Memory,
    /// One SQLite file (WAL mode).
    File(PathBuf),
}

impl DbLocation {
    /// `:memory:` or a path.
    pub fn parse(s: &str) -> Self {
        if s == ":memory:" {
            DbLocation::Memory
        } else {
            DbLocation::File(PathBuf::from(s))
        }
    }
}

/// Certificates for HTTPS, and the CA that signs NCB client certificates
/// when mutual TLS authenticates the NCBs.
#[derive(Clone, Debug)]
pub struct TlsFiles {
    /// The hub's certificate chain (PEM).
    pub cert: PathBuf,
    /// The hub's private key (PEM).
    pub key: PathBuf,
    /// The CA of NCB client certificates (PEM). With it every client must
    /// present a certificate, which names its NCB; without it NCBs use
    /// bearer tokens over HTTPS.
    pub client_ca: Option<PathBuf>,
}

/// A hub's configuration.
#[derive(Clone, Debug)]
pub struct HubConfig {
    /// Address to listen on (`127.0.0.1:0` picks a free port).
    pub listen: SocketAddr,
    /// Storage.
    pub db: DbLocation,
    /// Sandbox mode: demo NCBs with tokens and keys, and an immediate
    /// automatic review of notices and diffusions.
    pub sandbox: bool,
    /// The demo NCBs a sandbox creates.
    pub demo_ncbs: Vec<NcbCode>,
    /// Tokens fixed by the operator (`--token FR=…`); an NCB named here
    /// and not yet known is created.
    pub fixed_tokens: BTreeMap<NcbCode, Token>,
    /// Synthetic SLTD records to load at start (load tests).
    pub seed_documents: u64,
    /// The largest request body accepted, in bytes.
    pub body_limit: usize,
    /// HTTPS, and mutual TLS when a client CA is given.
    pub tls: Option<TlsFiles>,
    /// Refuse unsigned envelopes.
    pub require_signatures: bool,
    /// The longest an inbox long poll waits.
    pub max_wait: Duration,
    /// Read connections to a database file (the writer is one more).
    pub readers: usize,
    /// How often ended suspensions are lifted and old idempotency keys
    /// forgotten.
    pub housekeeping_every: Duration,
    /// The window over which the hits of one NCB on one record make one
    /// notification (with a count) in the owner's inbox.
    pub hit_window: Duration,
    /// Each NCB's quota per class of requests.
    pub quotas: Quotas,
    /// The longest a request's head or body may take to arrive: a slower
    /// client is answered 408 and its connection closed.
    pub body_timeout: Duration,
    /// The longest a request may take, waiting included (more than
    /// `max_wait`).
    pub request_deadline: Duration,
}

impl Default for HubConfig {
    fn default() -> Self {
        HubConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 8480)),
            db: DbLocation::File(PathBuf::from("ncblink-hub.sqlite")),
            sandbox: false,
            demo_ncbs: demo_ncbs(),
            fixed_tokens: BTreeMap::new(),
            seed_documents: 0,
            body_limit: DEFAULT_BODY_LIMIT,
            tls: None,
            require_signatures: false,
            max_wait: Duration::from_secs(ncblink::wire::MAX_WAIT_SECONDS),
            readers: 4,
            housekeeping_every: Duration::from_secs(60),
            hit_window: Duration::from_secs(DEFAULT_HIT_WINDOW_SECONDS),
            quotas: Quotas::production(),
            body_timeout: Duration::from_secs(DEFAULT_BODY_TIMEOUT_SECONDS),
            request_deadline: Duration::from_secs(DEFAULT_REQUEST_DEADLINE_SECONDS),
        }
    }
}

impl HubConfig {
    /// A sandbox in memory on a free port of 127.0.0.1: what tests and
    /// `ncblink demo` start.
    pub fn sandbox_in_memory() -> Self {
        HubConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            db: DbLocation::Memory,
            sandbox: true,
            quotas: Quotas::sandbox(),
            ..HubConfig::default()
        }
    }
}

/// [`DEMO_NCBS`] as codes.
pub fn demo_ncbs() -> Vec<NcbCode> {
    DEMO_NCBS.iter().filter_map(|c| c.parse().ok()).collect()
}
