//! Starting and stopping a hub: open and migrate the database, create the
//! sandbox's demo NCBs, load credentials and the document index, then
//! serve HTTP/1.1 (over TLS when configured) until shut down.
//!
//! The accept loop is ours rather than `axum::serve` so that TLS and
//! plain TCP share it, and so that each connection can carry the NCB its
//! client certificate names into the requests.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use ncblink::model::NcbCode;
use ncblink::sign::{Jwk, SigningKey, generate_signing_key};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower::ServiceExt;

use crate::auth::{PeerNcb, Token};
use crate::config::HubConfig;
use crate::cursor::CursorKey;
use crate::db::{self, Db};
use crate::error::HubError;
use crate::index::DocumentIndex;
use crate::notify::InboxBus;
use crate::quota::Limiter;
use crate::state::{AppState, Shared};

/// A demo NCB's signing key, so that tests and demos can sign envelopes
/// the hub will verify.
#[derive(Clone, Debug)]
pub struct DemoKey {
    /// The key id in the directory.
    pub kid: String,
    /// The private key.
    pub signing_key: SigningKey,
}

/// A hub running in this process.
pub struct RunningHub {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Whether it serves HTTPS.
    pub tls: bool,
    /// The demo NCBs' tokens (sandbox), and those fixed by the operator.
    pub tokens: BTreeMap<NcbCode, Token>,
    /// The demo NCBs' signing keys (sandbox).
    pub keys: BTreeMap<NcbCode, DemoKey>,
    shutdown: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for RunningHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningHub")
            .field("addr", &self.addr)
            .field("tls", &self.tls)
            .field("ncbs", &self.tokens.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl RunningHub {
    /// `http://127.0.0.1:PORT` (or `https://localhost:PORT` with TLS).
    pub fn base_url(&self) -> String {
        if self.tls {
            format!("https://localhost:{}", self.addr.port())
        } else {
            format!("http://{}", self.addr)
        }
    }

    /// The token of an NCB, by code (`"FR"`).
    pub fn token(&self, ncb: &str) -> Option<&Token> {
        self.tokens.get(&ncb.parse().ok()?)
    }

    /// The signing key of a demo NCB, by code.
    pub fn key(&self, ncb: &str) -> Option<&DemoKey> {
        self.keys.get(&ncb.parse().ok()?)
    }

    /// Stops accepting, lets requests in progress finish (long polls end
    /// at once), and waits until the hub has stopped.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Waits until the hub stops (after [`RunningHub::shutdown`] from
    /// elsewhere, or a fatal error).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// A handle that can stop the hub from another task.
    pub fn stopper(&self) -> watch::Sender<bool> {
        self.shutdown.clone()
    }
}

impl Drop for RunningHub {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

/// What start-up read and created.
struct Loaded {
    db: Db,
    tokens: crate::db::directory::TokenTable,
    known: std::collections::HashSet<NcbCode>,
    cursor_key: [u8; 32],
    documents: DocumentIndex,
    demo_tokens: BTreeMap<NcbCode, Token>,
    demo_keys: BTreeMap<NcbCode, DemoKey>,
}

fn random32() -> Result<[u8; 32], HubError> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| HubError::Config(format!("no randomness: {e}")))?;
    Ok(b)
}

fn ncb_name(ncb: NcbCode) -> String {
    ncb.0
        .label(ncblink::model::WorkingLanguage::En)
        .map(str::to_string)
        .unwrap_or_else(|| ncb.to_string())
}

fn load(config: &HubConfig) -> Result<Loaded, HubError> {
    let db = Db::open(&config.db, config.readers)?;
    let mut demo_tokens = BTreeMap::new();
    let mut demo_keys = BTreeMap::new();
    let cursor_key = db.with_writer(|conn| {
        let tx = conn.transaction()?;
        let seed = random32()?;
        let key = db::meta_or_init(&tx, "cursor_key", || seed.to_vec())?;
        let key: [u8; 32] = key.try_into().map_err(|_| HubError::Corrupt("cursor key".into()))?;
        if config.sandbox {
            for &ncb in &config.demo_ncbs {
                db::directory::ensure_ncb(&tx, ncb, &ncb_name(ncb))?;
                let mut secret = match db::directory::sandbox_secret(&tx, ncb)? {
                    Some(s) => s,
                    None => db::directory::SandboxSecret {
                        token: Token::generate()?.expose().to_string(),
                        kid: format!("{ncb}#sandbox-1"),
                        signing_key: generate_signing_key()?.to_bytes(),
                    },
                };
                if let Some(fixed) = config.fixed_tokens.get(&ncb) {
                    secret.token = fixed.expose().to_string();
                }
                db::directory::put_sandbox_secret(&tx, ncb, &secret)?;
                let token = Token::new(secret.token.clone());
                db::directory::replace_token(&tx, ncb, &token.digest())?;
                let signing_key = SigningKey::from_bytes(&secret.signing_key);
                db::directory::add_key(&tx, ncb, &Jwk::new(&signing_key.verifying_key(), &secret.kid))?;
                demo_tokens.insert(ncb, token);
                demo_keys.insert(
                    ncb,
                    DemoKey {
                        kid: secret.kid.clone(),
                        signing_key,
                    },
                );
            }
        }
        for (&ncb, token) in &config.fixed_tokens {
            if demo_tokens.contains_key(&ncb) {
                continue;
            }
            db::directory::ensure_ncb(&tx, ncb, &ncb_name(ncb))?;
            db::directory::replace_token(&tx, ncb, &token.digest())?;
            demo_tokens.insert(ncb, token.clone());
        }
        let cleaned = db::idempotency::clean(&tx, Utc::now() - chrono::Duration::hours(24))?;
        if cleaned > 0 {
            tracing::info!(cleaned, "idempotency keys cleaned (pending or older than 24 h)");
        }
        tx.commit()?;
        Ok(key)
    })?;
    let (tokens, known) = db.with_writer(|conn| Ok((db::directory::tokens(conn)?, db::directory::codes(conn)?)))?;
    if config.seed_documents > 0 {
        let mut owners: Vec<(NcbCode, String)> = known
            .iter()
            .filter_map(|n| n.0.to_icao().map(|i| (*n, i.as_str().to_string())))
            .collect();
        owners.sort();
        if owners.is_empty() {
            tracing::warn!("no NCB with an ICAO code to own the seeded documents; nothing seeded");
        }
        let started = std::time::Instant::now();
        let added = db.with_writer(|conn| db::records::seed_documents(conn, config.seed_documents, &owners))?;
        tracing::info!(added, elapsed_ms = started.elapsed().as_millis() as u64, "SLTD seeded");
    }
    let documents = DocumentIndex::new();
    let started = std::time::Instant::now();
    db.with_writer(|conn| db::records::each_document_key(conn, |k, s| documents.add(k, s)))?;
    tracing::info!(
        documents = documents.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "SLTD index loaded"
    );
    Ok(Loaded {
        db,
        tokens,
        known,
        cursor_key,
        documents,
        demo_tokens,
        demo_keys,
    })
}

/// A hub ready to serve but not listening: its state, for
/// [`crate::router`] (tower-level tests with `ServiceExt::oneshot`), and the
/// demo NCBs' credentials.
pub struct Prepared {
    /// The shared state of the handlers.
    pub state: AppState,
    /// The demo NCBs' tokens (sandbox), and those fixed by the operator.
    pub tokens: BTreeMap<NcbCode, Token>,
    /// The demo NCBs' signing keys (sandbox).
    pub keys: BTreeMap<NcbCode, DemoKey>,
}

/// Opens and migrates the database, creates the sandbox's demo NCBs, loads
/// credentials and the document index.
pub async fn prepare(config: HubConfig) -> Result<Prepared, HubError> {
    let mtls = config.tls.as_ref().is_some_and(|t| t.client_ca.is_some());
    let cfg = config.clone();
    let loaded = tokio::task::spawn_blocking(move || load(&cfg))
        .await
        .map_err(|e| HubError::Task(e.to_string()))??;
    let (shutdown, _) = watch::channel(false);
    let state = AppState::new(Shared {
        config,
        db: loaded.db,
        tokens: std::sync::RwLock::new(loaded.tokens),
        known_ncbs: loaded.known,
        cursors: CursorKey::new(loaded.cursor_key),
        inboxes: InboxBus::default(),
        documents: loaded.documents,
        shutdown,
        mtls,
        quotas: Limiter::default(),
    });
    Ok(Prepared {
        state,
        tokens: loaded.demo_tokens,
        keys: loaded.demo_keys,
    })
}

/// Starts a hub in this process and returns once it listens.
pub async fn spawn(config: HubConfig) -> Result<RunningHub, HubError> {
    let tls = match &config.tls {
        Some(files) => Some(crate::tls::server_config(files)?),
        None => None,
    };
    let listen = config.listen;
    let prepared = prepare(config).await?;
    let listener = TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let shutdown = prepared.state.shutdown.clone();
    let mtls = prepared.state.mtls;
    let head_timeout = prepared.state.config.body_timeout;
    tokio::spawn(crate::housekeeping::run(prepared.state.clone()));
    let router = crate::routes::router(prepared.state);
    let acceptor = tls.map(tokio_rustls::TlsAcceptor::from);
    let is_tls = acceptor.is_some();
    let task = tokio::spawn(serve(listener, router, acceptor, shutdown.subscribe(), head_timeout));
    tracing::info!(%addr, tls = is_tls, mtls, "hub listening");
    Ok(RunningHub {
        addr,
        tls: is_tls,
        tokens: prepared.tokens,
        keys: prepared.keys,
        shutdown,
        task: Some(task),
    })
}

/// How long shutdown waits for requests in progress.
const DRAIN: Duration = Duration::from_secs(10);

async fn serve(
    listener: TcpListener,
    router: axum::Router,
    tls: Option<tokio_rustls::TlsAcceptor>,
    mut shutdown: watch::Receiver<bool>,
    head_timeout: Duration,
) {
    let graceful = GracefulShutdown::new();
    let http = Arc::new({
        let mut b = hyper::server::conn::http1::Builder::new();
        // Slow clients may not hold a connection open without sending a
        // request head (the body's own timeout is in `extract::read_body`).
        b.timer(TokioTimer::new())
            .header_read_timeout(head_timeout)
            .keep_alive(true);
        b
    });
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = shutdown.changed() => break,
        };
        let (stream, _peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                // Out of file descriptors and the like: back off, keep serving.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let http = http.clone();
        let tls = tls.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            match tls {
                None => {
                    let svc = TowerToHyperService::new(router);
                    let conn = http.serve_connection(TokioIo::new(stream), svc);
                    let _ = watcher.watch(conn).await;
                }
                Some(acceptor) => {
                    let stream = match tokio::time::timeout(Duration::from_secs(10), acceptor.accept(stream)).await {
                        Ok(Ok(s)) => s,
                        Ok(Err(e)) => {
                            tracing::debug!(error = %e, "TLS handshake failed");
                            return;
                        }
                        Err(_) => return,
                    };
                    let peer = stream
                        .get_ref()
                        .1
                        .peer_certificates()
                        .and_then(|c| c.first())
                        .and_then(|c| crate::tls::ncb_of_certificate(c.as_ref()));
                    let svc = TowerToHyperService::new(router.map_request(move |mut r: hyper::Request<Incoming>| {
                        r.extensions_mut().insert(PeerNcb(peer));
                        r
                    }));
                    let conn = http.serve_connection(TokioIo::new(stream), svc);
                    let _ = watcher.watch(conn).await;
                }
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown()).await.is_err() {
        tracing::warn!("some connections were still busy after {DRAIN:?}; closing them");
    }
}
