//! The client of the hub's `/v1` API: an async [`Client`] (tokio, reqwest
//! with rustls) and a [`blocking::Client`] that owns its runtime.
//!
//! - every write is signed (when a signing key is configured), validated,
//!   stored in the durable outbox, then sent with an `Idempotency-Key`;
//!   it leaves the outbox only once the hub has answered, so a crash or an
//!   outage loses nothing and a replay applies nothing twice;
//! - retries on connection errors, timeouts, 429 and 502–504, with
//!   exponential backoff, jitter and `Retry-After`; never on other 4xx;
//! - lists are streams over cursors; batch checks are split into requests
//!   of at most 1,000 run with bounded concurrency, results in input order;
//! - the [`Inbox`] long-polls, hands items over in order, verifies their
//!   signatures against the directory and drops duplicates by id.
//!
//! ```no_run
//! # async fn run() -> Result<(), ncblink::Error> {
//! use ncblink::model::query::DocumentCheck;
//! let client = ncblink::Client::builder("http://127.0.0.1:8480", "FR".parse().unwrap())
//!     .token("sandbox-token")
//!     .outbox_path("/var/lib/ncb/outbox.sqlite")
//!     .build()?;
//! let result = client
//!     .check_document(&DocumentCheck { number: "X1234567".into(), issuing_state: "D".parse().unwrap(), document_type: None, extra: Default::default() })
//!     .await?;
//! println!("{:?}", result.outcome);
//! # Ok(()) }
//! ```

pub mod blocking;
mod flusher;
mod inbox;
mod records;
pub(crate) mod retry;
mod secret;
mod store;
pub mod sync;
pub(crate) mod tls;
mod transport;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;

use futures_util::{Stream, StreamExt, TryStreamExt, stream};
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use inbox::Inbox;
pub use retry::RetryPolicy;
pub use secret::Token;
pub use store::{Outbox, PendingWrite};

use crate::Error;
use crate::model::query::{CheckResult, DocumentCheck, FirearmCheck, PersonCheck, Record, RecordView, VehicleCheck};
use crate::model::{Envelope, NcbCode};
use crate::sign::{Jwk, JwkSet, SignedEnvelope, SigningKey, VerifyingKey};
use crate::wire::{
    AckRequest, AckResponse, DiffusionRecord, Directory, Health, InboxPage, InboxQuery, KeyAction, KeyChange,
    MAX_BATCH_ITEMS, MessageRecord, NoticePage, NoticeQuery, NoticeRecord, NoticeSummary, SuspendRequest,
    WithdrawRequest,
};

/// Configures a [`Client`].
pub struct ClientBuilder {
    hub_url: String,
    ncb: NcbCode,
    token: Option<Token>,
    identity: Option<(Vec<u8>, secret::PrivateKeyPem)>,
    extra_roots: Vec<Vec<u8>>,
    only_extra_roots: bool,
    connect_timeout: Duration,
    request_timeout: Duration,
    retry: RetryPolicy,
    proxy: Option<String>,
    outbox_path: Option<PathBuf>,
    signing_key: Option<(SigningKey, String)>,
    batch_concurrency: usize,
    validate_before_send: bool,
    forward_unknown: bool,
    key_cache_ttl: Duration,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("hub_url", &self.hub_url)
            .field("ncb", &self.ncb)
            .field("token", &self.token)
            .field("client_certificate", &self.identity.is_some())
            .field("signing_key", &self.signing_key.as_ref().map(|(_, kid)| kid))
            .field("outbox_path", &self.outbox_path)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A bearer token (the sandbox's authentication).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(Token::new(token));
        self
    }
    /// A client certificate and its private key, in PEM (mutual TLS).
    pub fn client_certificate(mut self, cert_pem: impl Into<Vec<u8>>, key_pem: impl Into<Vec<u8>>) -> Self {
        self.identity = Some((cert_pem.into(), secret::PrivateKeyPem(key_pem.into())));
        self
    }
    /// Trusts a CA (PEM, one or more certificates) besides the Mozilla roots.
    pub fn add_root_certificate(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.extra_roots.push(pem.into());
        self
    }
    /// Trusts only the CAs added with [`add_root_certificate`](Self::add_root_certificate).
    pub fn only_added_roots(mut self, only: bool) -> Self {
        self.only_extra_roots = only;
        self
    }
    /// The longest a connection may take to open (default 5 s).
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }
    /// The longest one request may take, beyond long polling's wait
    /// (default 30 s).
    pub fn request_timeout(mut self, t: Duration) -> Self {
        self.request_timeout = t;
        self
    }
    /// How to retry.
    pub fn retry_policy(mut self, p: RetryPolicy) -> Self {
        self.retry = p;
        self
    }
    /// An HTTP(S) proxy for every request.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }
    /// The SQLite file of the durable outbox and inbox state. Without it
    /// writes are still retried, but not kept across a crash.
    pub fn outbox_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.outbox_path = Some(path.into());
        self
    }
    /// How long the keys read from the hub's directory are trusted before
    /// they are read again (default [`DEFAULT_KEY_CACHE_TTL`], 5 minutes):
    /// a key revoked in the directory stops verifying in a running client
    /// within this time. An unknown kid is looked up at once whatever the
    /// age of the cache.
    pub fn key_cache_ttl(mut self, ttl: Duration) -> Self {
        self.key_cache_ttl = ttl;
        self
    }

    /// Signs every envelope sent, and every request that changes state
    /// (withdraw, suspend, resume, record registration and removal, inbox
    /// acknowledgement), with this key, named `kid` in the directory.
    pub fn signing_key(mut self, key: SigningKey, kid: impl Into<String>) -> Self {
        self.signing_key = Some((key, kid.into()));
        self
    }
    /// Requests in flight at once for batch checks (default 4).
    pub fn batch_concurrency(mut self, n: usize) -> Self {
        self.batch_concurrency = n.max(1);
        self
    }
    /// Validate envelopes locally before sending (default on): an invalid
    /// one fails at once with its report and never enters the outbox.
    pub fn validate_before_send(mut self, on: bool) -> Self {
        self.validate_before_send = on;
        self
    }
    /// Send the members and enum values of a later minor version that a
    /// document carries (default off: validation refuses them, so nothing
    /// new leaves by accident). For a relay that passes received documents
    /// on (docs/compatibility.md).
    pub fn forward_unknown(mut self, on: bool) -> Self {
        self.forward_unknown = on;
        self
    }

    /// Builds the client. Must be called inside a tokio runtime only if the
    /// outbox is used from it later; building itself does no I/O but open
    /// the outbox file.
    pub fn build(self) -> Result<Client, Error> {
        let base = reqwest::Url::parse(&self.hub_url)
            .map_err(|e| Error::Config(format!("hub URL `{}`: {e}", self.hub_url)))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "hub URL `{}`: only http and https",
                self.hub_url
            )));
        }
        let tls = tls::client_config(
            &self.extra_roots,
            self.only_extra_roots,
            self.identity.as_ref().map(|(c, k)| (c.as_slice(), k.0.as_slice())),
        )?;
        let mut http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(self.connect_timeout)
            .pool_max_idle_per_host(64)
            .tcp_nodelay(true)
            .user_agent(concat!("ncblink/", env!("CARGO_PKG_VERSION")));
        http = match &self.proxy {
            Some(p) => http.proxy(reqwest::Proxy::all(p).map_err(|e| Error::Config(format!("proxy `{p}`: {e}")))?),
            None => http.no_proxy(),
        };
        let http = http.build().map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
        let store = self.outbox_path.as_deref().map(store::Outbox::open).transpose()?;
        Ok(Client {
            inner: Arc::new(ClientInner {
                base,
                ncb: self.ncb,
                token: self.token,
                http,
                retry: self.retry,
                request_timeout: self.request_timeout,
                store,
                signing_key: RwLock::new(self.signing_key),
                batch_concurrency: self.batch_concurrency,
                validate_before_send: self.validate_before_send,
                forward_unknown: self.forward_unknown,
                directory: RwLock::new(KeyCache::default()),
                key_cache_ttl: self.key_cache_ttl,
                in_flight: flusher::InFlightKeys::default(),
                flush_lock: tokio::sync::Mutex::new(()),
                flusher: OnceLock::new(),
            }),
        })
    }
}

/// How long a client trusts the keys it read from the directory, unless
/// configured otherwise ([`ClientBuilder::key_cache_ttl`]).
pub const DEFAULT_KEY_CACHE_TTL: Duration = Duration::from_secs(300);

/// The directory's keys by kid, with their owner, and when they were read.
#[derive(Default)]
struct KeyCache {
    keys: HashMap<String, (NcbCode, Jwk)>,
    fetched: Option<std::time::Instant>,
}

pub(crate) struct ClientInner {
    base: reqwest::Url,
    ncb: NcbCode,
    token: Option<Token>,
    http: reqwest::Client,
    retry: RetryPolicy,
    request_timeout: Duration,
    store: Option<store::Outbox>,
    /// The key this client signs with, and its kid; replaced by a rotation.
    signing_key: RwLock<Option<(SigningKey, String)>>,
    batch_concurrency: usize,
    validate_before_send: bool,
    forward_unknown: bool,
    /// Public keys by kid, with their owner, from the hub's directory.
    directory: RwLock<KeyCache>,
    /// How long the directory's keys are trusted before they are fetched
    /// again.
    key_cache_ttl: Duration,
    /// The idempotency keys being sent right now.
    in_flight: flusher::InFlightKeys,
    /// One flush at a time (explicit or in the background): two never send
    /// the same key at once.
    flush_lock: tokio::sync::Mutex<()>,
    /// Wakes the background flusher, once started.
    flusher: OnceLock<Arc<tokio::sync::Notify>>,
}

impl Drop for ClientInner {
    fn drop(&mut self) {
        flusher::stop(self);
    }
}

/// The async client of the hub. Cheap to clone; one client serves many
/// tasks at once.
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("hub", &self.inner.base.as_str())
            .field("ncb", &self.inner.ncb)
            .finish()
    }
}

/// What [`Client::flush_outbox`] did.
#[derive(Debug, Default)]
pub struct FlushReport {
    /// Writes the hub accepted.
    pub delivered: usize,
    /// Writes the hub answered with an error: they left the outbox, since
    /// sending them again would get the same answer.
    pub rejected: Vec<(PendingWrite, Error)>,
    /// Writes still waiting (the hub could not be reached, or was still
    /// applying them: 409 `IDEMPOTENCY_KEY_IN_FLIGHT`).
    pub remaining: usize,
    /// Writes left alone because a call of this client is sending them
    /// right now.
    pub in_flight: usize,
}

impl Client {
    /// Starts configuring a client of the hub at `hub_url` for NCB `ncb`.
    pub fn builder(hub_url: impl Into<String>, ncb: NcbCode) -> ClientBuilder {
        ClientBuilder {
            hub_url: hub_url.into(),
            ncb,
            token: None,
            identity: None,
            extra_roots: Vec::new(),
            only_extra_roots: false,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            proxy: None,
            outbox_path: None,
            signing_key: None,
            batch_concurrency: 4,
            validate_before_send: true,
            forward_unknown: false,
            key_cache_ttl: DEFAULT_KEY_CACHE_TTL,
        }
    }

    /// The NCB this client acts for.
    pub fn ncb(&self) -> NcbCode {
        self.inner.ncb
    }

    async fn get<T: DeserializeOwned>(&self, segments: &[&str]) -> Result<T, Error> {
        let url = self.inner.url(segments)?;
        self.timed(self.inner.call(Method::GET, url, None, None, None)).await
    }

    async fn timed<T>(&self, fut: impl std::future::Future<Output = Result<T, Error>>) -> Result<T, Error> {
        // The whole call, retries included, is bounded: a caller never waits
        // longer than it asked, whatever the hub does.
        let budget = self
            .inner
            .request_timeout
            .saturating_mul(self.inner.retry.max_retries + 1)
            + self
                .inner
                .retry
                .max_backoff
                .saturating_mul(self.inner.retry.max_retries);
        tokio::time::timeout(budget, fut)
            .await
            .map_err(|_| Error::Timeout(format!("no answer within {budget:?}")))?
    }

    /// A write: stored in the outbox first, sent with `key`, removed once
    /// the hub has answered. Dropped before the answer, it stays in the
    /// outbox and the background flusher delivers it (see `flusher`).
    async fn write<T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<Vec<u8>>,
        key: String,
    ) -> Result<T, Error> {
        let path = segments.join("/");
        let method_name: &'static str = match method {
            Method::POST => "POST",
            Method::PUT => "PUT",
            Method::DELETE => "DELETE",
            _ => return Err(Error::Config("only POST, PUT and DELETE are writes".into())),
        };
        let url = self.inner.url(segments)?;
        flusher::ensure_started(self);
        let sending = flusher::InFlight::new(self, &key);
        if let Some(store) = &self.inner.store {
            let flusher = self.inner.flusher.get().cloned();
            store
                .enqueue_or_hand_over(key.clone(), method_name, path, body.clone(), flusher)
                .await?;
        }
        let result = self
            .timed(self.inner.call_raw(method, url, None, body.as_deref(), Some(&key)))
            .await;
        if let Some(store) = &self.inner.store {
            match &result {
                Err(e) if e.is_retryable() => store.note_failure(key.clone(), e.to_string()).await?,
                _ => store.remove(key.clone()).await?,
            }
        }
        sending.answered();
        transport::decode(&result?)
    }

    /// Sends again every write left in the outbox, oldest first, with its
    /// original `Idempotency-Key`. Stops at the first that cannot reach the
    /// hub (order is kept); writes the hub refuses leave the outbox and are
    /// reported. A write that a call of this client is sending right now is
    /// left to that call.
    ///
    /// Flushes run one at a time: this one and the background flusher
    /// (which delivers writes whose caller dropped them before the hub
    /// answered) never send the same key at once.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe. A write leaves the outbox only once the hub has
    /// answered; dropped in the middle, the flush leaves the writes not
    /// sent yet where they are, and the background flusher takes up the
    /// one that was being sent.
    pub async fn flush_outbox(&self) -> Result<FlushReport, Error> {
        let Some(store) = &self.inner.store else {
            return Ok(FlushReport::default());
        };
        flusher::ensure_started(self);
        let _one_at_a_time = self.inner.flush_lock.lock().await;
        let pending = store.pending().await?;
        let mut report = FlushReport::default();
        let (pending, busy): (Vec<_>, Vec<_>) = pending
            .into_iter()
            .partition(|w| !self.inner.in_flight.contains(&w.key));
        report.in_flight = busy.len();
        report.remaining = pending.len();
        for w in pending {
            let method = match w.method.as_str() {
                "POST" => Method::POST,
                "PUT" => Method::PUT,
                "DELETE" => Method::DELETE,
                other => return Err(Error::Storage(format!("unknown method `{other}` in the outbox"))),
            };
            let segments: Vec<&str> = w.path.split('/').collect();
            let url = self.inner.url(&segments)?;
            let sending = flusher::InFlight::new(self, &w.key);
            let result = self
                .timed(self.inner.call_raw(method, url, None, w.body.as_deref(), Some(&w.key)))
                .await;
            match result {
                Ok(_) => {
                    store.remove(w.key.clone()).await?;
                    report.delivered += 1;
                    report.remaining -= 1;
                }
                Err(e) if e.is_retryable() => {
                    store.note_failure(w.key.clone(), e.to_string()).await?;
                    sending.answered();
                    return Ok(report);
                }
                // The hub holds the document already (it died between storing
                // it and recording the answer): delivered, not refused.
                Err(Error::Conflict(p)) if p.code == crate::wire::problem_code::DUPLICATE_ID => {
                    store.remove(w.key.clone()).await?;
                    report.delivered += 1;
                    report.remaining -= 1;
                }
                Err(e) => {
                    store.remove(w.key.clone()).await?;
                    report.remaining -= 1;
                    report.rejected.push((w, e));
                }
            }
            sending.answered();
        }
        Ok(report)
    }

    /// The writes waiting in the outbox.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing; dropped, it is as if it
    /// was never called.
    pub async fn pending_writes(&self) -> Result<Vec<PendingWrite>, Error> {
        match &self.inner.store {
            Some(s) => s.pending().await,
            None => Ok(Vec::new()),
        }
    }

    /// Signs (if configured) and validates an envelope before it is sent.
    fn prepare(&self, envelope: &mut Envelope) -> Result<Vec<u8>, Error> {
        if envelope.source != self.inner.ncb {
            return Err(Error::Config(format!(
                "the envelope's source is {} but this client acts for {}",
                envelope.source, self.inner.ncb
            )));
        }
        if self.inner.validate_before_send {
            let report = crate::validate::validate(&*envelope);
            if report
                .violations
                .iter()
                .any(|v| crate::wire::blocks_sending(v, self.inner.forward_unknown))
            {
                return Err(Error::InvalidInput(Box::new(report)));
            }
        }
        match self.signer() {
            Some((key, kid)) => {
                crate::sign::sign_envelope(envelope, &key, &kid).map_err(|e| Error::Signature(e.to_string()))
            }
            None => serde_json::to_vec(envelope).map_err(|e| Error::Config(format!("serialising the envelope: {e}"))),
        }
    }

    /// The body of a request that changes state, signed for `action` on
    /// `target` when a signing key is configured
    /// ([`crate::sign::sign_request`]).
    fn authored(&self, body: Vec<u8>, action: &str, target: &str) -> Result<Vec<u8>, Error> {
        match self.signer() {
            Some((key, kid)) => {
                let who = crate::sign::Authorship::now(self.inner.ncb, action, target);
                crate::sign::sign_request(&body, &who, &key, &kid).map_err(|e| Error::Signature(e.to_string()))
            }
            None => Ok(body),
        }
    }

    /// The key this client signs with now, and its kid.
    fn signer(&self) -> Option<(SigningKey, String)> {
        self.inner.signing_key.read().ok().and_then(|k| k.clone())
    }

    /// The kid of the key this client signs with, if it has one.
    pub fn signing_kid(&self) -> Option<String> {
        self.signer().map(|(_, kid)| kid)
    }

    fn json<T: Serialize>(value: &T) -> Result<Vec<u8>, Error> {
        serde_json::to_vec(value).map_err(|e| Error::Config(format!("serialising the request: {e}")))
    }

    // ----- health and directory

    /// `GET /v1/health`.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing; dropped, it is as if it
    /// was never called.
    pub async fn health(&self) -> Result<Health, Error> {
        self.get(&["health"]).await
    }

    /// The NCB directory, with public signing keys.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing; dropped, it is as if it
    /// was never called.
    pub async fn directory(&self) -> Result<Directory, Error> {
        let d: Directory = self.get(&["directory"]).await?;
        let mut keys = HashMap::new();
        for entry in &d.ncbs {
            for k in &entry.keys {
                keys.insert(k.kid.clone(), (entry.code, k.clone()));
            }
        }
        if let Ok(mut cache) = self.inner.directory.write() {
            *cache = KeyCache {
                keys,
                fetched: Some(std::time::Instant::now()),
            };
        }
        Ok(d)
    }

    /// `GET /v1/directory/{ncb}/keys`: an NCB's keys as a JWK Set.
    pub async fn keys(&self, ncb: NcbCode) -> Result<JwkSet, Error> {
        self.get(&["directory", ncb.as_str(), "keys"]).await
    }

    /// Publishes `key` as a key of this client's NCB, named `kid`. The
    /// request is signed by the configured signing key (a rotation: that
    /// key must be active); without one, only a sandbox hub accepts it.
    pub async fn register_key(&self, key: &VerifyingKey, kid: &str) -> Result<JwkSet, Error> {
        self.change_key(KeyAction::Register, Some(Jwk::new(key, kid)), None)
            .await
    }

    /// Rotates this client's signing key: publishes `key` as `kid` (signed
    /// by the current key), signs with it from then on, and retires the
    /// previous key (signed by the new one), whose signatures still
    /// verify. Without a current key, only the registration and the switch
    /// happen (a sandbox takes the registration with the token alone).
    /// Returns the NCB's keys after the change.
    ///
    /// A failure of the retirement leaves the new key registered and in
    /// use, and the old one active: retire it again with
    /// [`Client::retire_key`].
    pub async fn rotate_key(&self, key: SigningKey, kid: &str) -> Result<JwkSet, Error> {
        let set = self.register_key(&key.verifying_key(), kid).await?;
        let old = self
            .inner
            .signing_key
            .write()
            .map_err(|_| Error::Config("the signing key lock is poisoned".into()))?
            .replace((key, kid.to_string()));
        match old {
            Some((_, old_kid)) if old_kid != kid => self.retire_key(&old_kid).await,
            _ => Ok(set),
        }
    }

    /// Retires key `kid` of this client's NCB: it signs nothing new, what
    /// it signed still verifies. Signed by the configured signing key.
    pub async fn retire_key(&self, kid: &str) -> Result<JwkSet, Error> {
        self.change_key(KeyAction::Retire, None, Some(kid.into())).await
    }

    /// Revokes key `kid` of this client's NCB: nothing created from now on
    /// verifies with it. Signed by the configured signing key.
    pub async fn revoke_key(&self, kid: &str) -> Result<JwkSet, Error> {
        self.change_key(KeyAction::Revoke, None, Some(kid.into())).await
    }

    async fn change_key(&self, action: KeyAction, key: Option<Jwk>, kid: Option<String>) -> Result<JwkSet, Error> {
        let change = KeyChange {
            extra: Default::default(),
            ncb: self.inner.ncb,
            action,
            key,
            kid,
            created: chrono::Utc::now(),
            signature: None,
        };
        let mut body = Self::json(&change)?;
        if let Some((key, kid)) = self.signer() {
            body = crate::sign::sign_json(&body, &key, &kid).map_err(|e| Error::Signature(e.to_string()))?;
        }
        let id = crate::model::ids::new_message_id().to_string();
        self.write(
            Method::POST,
            &["directory", self.inner.ncb.as_str(), "keys"],
            Some(body),
            id,
        )
        .await
    }

    /// Verifies an envelope that arrived, over the bytes it travelled as
    /// ([`Client::verify_json`]).
    pub async fn verify(&self, envelope: &SignedEnvelope) -> Result<(), Error> {
        self.verify_json(envelope.raw().as_bytes()).await
    }

    /// Verifies a signed JSON document (an envelope as received) against
    /// its sender's key in the directory: the key named by `kid` must be
    /// the `source`'s and valid at the document's `created` time; an
    /// unknown kid makes the client fetch the directory once more, then
    /// fails with [`Error::SignatureKeyUnknown`].
    pub async fn verify_json(&self, document: &[u8]) -> Result<(), Error> {
        let sig_err = |e: crate::sign::SignatureError| Error::Signature(e.to_string());
        let value = crate::sign::parse_strict(document).map_err(sig_err)?;
        let member = |name: &str| value.get(name).and_then(serde_json::Value::as_str);
        let source = member("source").unwrap_or("");
        let id = member("id").unwrap_or("");
        let created: chrono::DateTime<chrono::Utc> = member("created")
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| Error::Signature(format!("envelope {id} has no readable `created` time")))?;
        let sig = crate::sign::signature_of_json(document)
            .map_err(|e| Error::Signature(format!("envelope {id} from {source}: {e}")))?;
        let ttl = self.inner.key_cache_ttl;
        let fresh = |c: &Client| {
            c.inner
                .directory
                .read()
                .ok()
                .and_then(|d| d.fetched)
                .is_some_and(|at| at.elapsed() < ttl)
        };
        if !fresh(self) {
            self.directory().await?;
        }
        let lookup = |c: &Client| {
            c.inner
                .directory
                .read()
                .ok()
                .and_then(|d| d.keys.get(&sig.kid).cloned())
        };
        let found = match lookup(self) {
            Some(k) => Some(k),
            None => {
                self.directory().await?;
                lookup(self)
            }
        };
        let Some((owner, jwk)) = found.filter(|(owner, _)| owner.as_str() == source) else {
            return Err(Error::SignatureKeyUnknown(sig.kid));
        };
        let fail = |e: crate::sign::SignatureError| Error::Signature(format!("envelope {id} from {owner}: {e}"));
        let key = jwk.verifying_key().map_err(fail)?;
        jwk.check_valid_at(created).map_err(fail)?;
        crate::sign::verify_json(document, &key).map(drop).map_err(fail)
    }

    // ----- notices

    /// Submits a notice request. The envelope is signed (when a key is
    /// configured) and sent with its id as the idempotency key.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe in that nothing is lost or applied twice: once the first
    /// poll has stored the write in the outbox (with an outbox file), a
    /// dropped call is delivered by the background flusher with the same
    /// `Idempotency-Key`; without an outbox file, a call dropped after the
    /// request left may or may not have been applied, and sending the same
    /// document again (same id) is answered, not applied twice.
    pub async fn submit_notice(&self, mut envelope: Envelope) -> Result<NoticeRecord, Error> {
        let body = self.prepare(&mut envelope)?;
        self.write(Method::POST, &["notices"], Some(body), envelope.id.to_string())
            .await
    }

    /// A notice by envelope id or INTERPOL id (`2026/123` or `2026-123`).
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing; dropped, it is as if it
    /// was never called.
    pub async fn get_notice(&self, id: &str) -> Result<NoticeRecord, Error> {
        self.get(&["notices", &id.replace('/', "-")]).await
    }

    /// Replaces a notice request (the source only); it is reviewed again.
    /// The replacement carries a `version` greater than the stored one (a
    /// hub refuses an older version, `VERSION_NOT_NEWER`); left out, the
    /// client reads the stored notice and sets the next one.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe in that nothing is lost or applied twice: once the first
    /// poll has stored the write in the outbox (with an outbox file), a
    /// dropped call is delivered by the background flusher with the same
    /// `Idempotency-Key`; without an outbox file, a call dropped after the
    /// request left may or may not have been applied (each call has a key
    /// of its own: read the state back before calling again).
    pub async fn update_notice(&self, id: &str, mut envelope: Envelope) -> Result<NoticeRecord, Error> {
        if envelope.version.is_none() {
            let stored = self.get_notice(id).await?;
            envelope.version = Some(stored.envelope.version.unwrap_or(1).saturating_add(1));
        }
        let body = self.prepare(&mut envelope)?;
        let key = format!("{}-put-{}", envelope.id, crate::model::ids::new_message_id());
        self.write(Method::PUT, &["notices", &id.replace('/', "-")], Some(body), key)
            .await
    }

    /// Withdraws a notice (RPD Art 81).
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe in that nothing is lost or applied twice: once the first
    /// poll has stored the write in the outbox (with an outbox file), a
    /// dropped call is delivered by the background flusher with the same
    /// `Idempotency-Key`; without an outbox file, a call dropped after the
    /// request left may or may not have been applied (each call has a key
    /// of its own: read the state back before calling again).
    pub async fn withdraw_notice(&self, id: &str, reason: &str) -> Result<NoticeRecord, Error> {
        let id = id.replace('/', "-");
        let body = self.authored(Self::json(&WithdrawRequest { reason: reason.into() })?, "withdraw", &id)?;
        let key = crate::model::ids::new_message_id().to_string();
        self.write(Method::POST, &["notices", &id, "withdraw"], Some(body), key)
            .await
    }

    /// Suspends a notice until `until` (at most six months ahead).
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe in that nothing is lost or applied twice: once the first
    /// poll has stored the write in the outbox (with an outbox file), a
    /// dropped call is delivered by the background flusher with the same
    /// `Idempotency-Key`; without an outbox file, a call dropped after the
    /// request left may or may not have been applied (each call has a key
    /// of its own: read the state back before calling again).
    pub async fn suspend_notice(&self, id: &str, request: &SuspendRequest) -> Result<NoticeRecord, Error> {
        let id = id.replace('/', "-");
        let body = self.authored(Self::json(request)?, "suspend", &id)?;
        let key = crate::model::ids::new_message_id().to_string();
        self.write(Method::POST, &["notices", &id, "suspend"], Some(body), key)
            .await
    }

    /// Ends a suspension.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe in that nothing is lost or applied twice: once the first
    /// poll has stored the write in the outbox (with an outbox file), a
    /// dropped call is delivered by the background flusher with the same
    /// `Idempotency-Key`; without an outbox file, a call dropped after the
    /// request left may or may not have been applied (each call has a key
    /// of its own: read the state back before calling again).
    pub async fn resume_notice(&self, id: &str) -> Result<NoticeRecord, Error> {
        let id = id.replace('/', "-");
        let body = self.authored(b"{}".to_vec(), "resume", &id)?;
        let key = crate::model::ids::new_message_id().to_string();
        self.write(Method::POST, &["notices", &id, "resume"], Some(body), key)
            .await
    }

    /// One page of notices.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing; dropped, it is as if it
    /// was never called.
    pub async fn notices_page(&self, query: &NoticeQuery) -> Result<NoticePage, Error> {
        let url = self.inner.url(&["notices"])?;
        self.timed(self.inner.call(Method::GET, url, Some(query), None, None))
            .await
    }

    /// Every notice matching `query`, page after page, as a stream.
    pub fn search_notices(&self, query: NoticeQuery) -> impl Stream<Item = Result<NoticeSummary, Error>> + Send + '_ {
        stream::try_unfold(Some(query), move |state| async move {
            let Some(q) = state else { return Ok(None) };
            let page = self.notices_page(&q).await?;
            let next = page.next_cursor.map(|c| NoticeQuery { cursor: Some(c), ..q });
            Ok(Some((stream::iter(page.items.into_iter().map(Ok)), next)))
        })
        .try_flatten()
    }

    // ----- diffusions and messages

    /// Sends a diffusion.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe in that nothing is lost or applied twice: once the first
    /// poll has stored the write in the outbox (with an outbox file), a
    /// dropped call is delivered by the background flusher with the same
    /// `Idempotency-Key`; without an outbox file, a call dropped after the
    /// request left may or may not have been applied, and sending the same
    /// document again (same id) is answered, not applied twice.
    pub async fn send_diffusion(&self, mut envelope: Envelope) -> Result<DiffusionRecord, Error> {
        let body = self.prepare(&mut envelope)?;
        self.write(Method::POST, &["diffusions"], Some(body), envelope.id.to_string())
            .await
    }

    /// A diffusion by id.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing; dropped, it is as if it
    /// was never called.
    pub async fn get_diffusion(&self, id: &str) -> Result<DiffusionRecord, Error> {
        self.get(&["diffusions", id]).await
    }

    /// Sends a direct message.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe in that nothing is lost or applied twice: once the first
    /// poll has stored the write in the outbox (with an outbox file), a
    /// dropped call is delivered by the background flusher with the same
    /// `Idempotency-Key`; without an outbox file, a call dropped after the
    /// request left may or may not have been applied, and sending the same
    /// document again (same id) is answered, not applied twice.
    pub async fn send_message(&self, mut envelope: Envelope) -> Result<MessageRecord, Error> {
        let body = self.prepare(&mut envelope)?;
        self.write(Method::POST, &["messages"], Some(body), envelope.id.to_string())
            .await
    }

    /// A direct message by id: one this NCB sent, or received
    /// (`GET /v1/messages/{id}`).
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing; dropped, it is as if it
    /// was never called.
    pub async fn get_message(&self, id: &str) -> Result<MessageRecord, Error> {
        self.get(&["messages", id]).await
    }

    // ----- inbox

    /// One page of the inbox (`wait` up to 30 s for long polling).
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing; dropped, it is as if it
    /// was never called.
    pub async fn inbox_page(&self, query: &InboxQuery) -> Result<InboxPage, Error> {
        let url = self.inner.url(&["inbox"])?;
        let wait = Duration::from_secs(query.wait.unwrap_or(0));
        let fut = self.inner.call(Method::GET, url, Some(query), None, None);
        tokio::time::timeout(wait + self.inner.request_timeout, fut)
            .await
            .map_err(|_| Error::Timeout("the inbox did not answer in time".into()))?
    }

    /// Acknowledges every inbox item up to `seq`.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: the acknowledgement is a write kept in the outbox like
    /// any other (see [`Client::send_message`]); sending it twice moves
    /// nothing twice (acknowledgements never move back).
    pub async fn ack_inbox(&self, seq: u64) -> Result<AckResponse, Error> {
        let body = self.authored(Self::json(&AckRequest { up_to_seq: seq })?, "ack", "inbox")?;
        // The same acknowledgement is the same write: a stable key lets a
        // retry replay it rather than fail. A signed one differs by its
        // time, so each call has a key of its own (acknowledging twice
        // moves nothing twice).
        let key = match self.signer() {
            Some(_) => format!("ack-{}-{seq}-{}", self.inner.ncb, crate::model::ids::new_message_id()),
            None => format!("ack-{}-{seq}", self.inner.ncb),
        };
        self.write(Method::POST, &["inbox", "ack"], Some(body), key).await
    }

    /// The inbox as a consumer: items in order, long polling, duplicates
    /// dropped, signatures verified, position kept in the outbox file.
    pub fn inbox(&self) -> Inbox {
        Inbox::new(self.clone())
    }

    // ----- records

    /// Registers a lost or stolen document, a stolen vehicle or firearm.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe in that nothing is lost or applied twice: once the first
    /// poll has stored the write in the outbox (with an outbox file), a
    /// dropped call is delivered by the background flusher with the same
    /// `Idempotency-Key`; without an outbox file, a call dropped after the
    /// request left may or may not have been applied (each call has a key
    /// of its own: read the state back before calling again).
    pub async fn register_record(&self, record: &Record) -> Result<RecordView, Error> {
        let report = crate::validate::validate(record);
        if !report.is_ok() {
            return Err(Error::InvalidInput(Box::new(report)));
        }
        let body = self.authored(Self::json(record)?, "register_record", "records")?;
        self.write(
            Method::POST,
            &["records"],
            Some(body),
            crate::model::ids::new_message_id().to_string(),
        )
        .await
    }

    /// The full record behind a hit (the second step of a check).
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing; dropped, it is as if it
    /// was never called.
    pub async fn get_record(&self, id: &str) -> Result<RecordView, Error> {
        self.get(&["records", id]).await
    }

    /// Removes a record this NCB registered.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe in that nothing is lost or applied twice: once the first
    /// poll has stored the write in the outbox (with an outbox file), a
    /// dropped call is delivered by the background flusher with the same
    /// `Idempotency-Key`; without an outbox file, a call dropped after the
    /// request left may or may not have been applied (each call has a key
    /// of its own: read the state back before calling again).
    pub async fn delete_record(&self, id: &str) -> Result<(), Error> {
        let key = crate::model::ids::new_message_id().to_string();
        let body = match self.signer() {
            Some(_) => Some(self.authored(b"{}".to_vec(), "remove_record", id)?),
            None => None,
        };
        self.write(Method::DELETE, &["records", id], body, key).await
    }

    // ----- checks

    async fn check<C: Serialize + Sync>(&self, kind: &str, check: &C) -> Result<CheckResult, Error> {
        let url = self.inner.url(&["checks", kind])?;
        let body = Self::json(check)?;
        // Checks are reads: no idempotency key, safe to retry as they are.
        self.timed(self.inner.call_read_post(url, &body)).await
    }

    async fn batch<C: Serialize + Sync>(&self, kind: &str, items: &[C]) -> Result<Vec<CheckResult>, Error> {
        // A named async fn per chunk rather than an `async move` closure:
        // rustc cannot prove the closure's future `Send` for every lifetime
        // (rust-lang/rust#102211), which kept this future off `tokio::spawn`.
        let requests: Vec<_> = items
            .chunks(MAX_BATCH_ITEMS)
            .map(|chunk| self.batch_chunk(kind, chunk))
            .collect();
        let results: Vec<Vec<CheckResult>> = stream::iter(requests)
            // `buffered` keeps input order while running several at once.
            .buffered(self.inner.batch_concurrency)
            .try_collect()
            .await?;
        Ok(results.into_iter().flatten().collect())
    }

    async fn batch_chunk<C: Serialize + Sync>(&self, kind: &str, chunk: &[C]) -> Result<Vec<CheckResult>, Error> {
        #[derive(Serialize)]
        struct Batch<'a, C> {
            items: &'a [C],
        }
        let url = self.inner.url(&["checks", kind, "batch"])?;
        let body = Self::json(&Batch { items: chunk })?;
        let page: crate::wire::BatchResults = self.timed(self.inner.call_read_post(url, &body)).await?;
        if page.results.len() != chunk.len() {
            let mut p = crate::wire::Problem::new("INVALID_RESPONSE", 502, "Batch answer of the wrong length");
            p.detail = Some(format!("{} results for {} checks", page.results.len(), chunk.len()));
            return Err(Error::Hub(Box::new(p)));
        }
        Ok(page.results)
    }

    /// Checks one travel document against SLTD.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing; dropped, it is as if it
    /// was never called.
    pub async fn check_document(&self, check: &DocumentCheck) -> Result<CheckResult, Error> {
        self.check("documents", check).await
    }
    /// Checks one vehicle against SMV.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing; dropped, it is as if it
    /// was never called.
    pub async fn check_vehicle(&self, check: &VehicleCheck) -> Result<CheckResult, Error> {
        self.check("vehicles", check).await
    }
    /// Checks one person against notices and nominal data.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing; dropped, it is as if it
    /// was never called.
    pub async fn check_person(&self, check: &PersonCheck) -> Result<CheckResult, Error> {
        self.check("persons", check).await
    }
    /// Checks one firearm against iARMS.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing; dropped, it is as if it
    /// was never called.
    pub async fn check_firearm(&self, check: &FirearmCheck) -> Result<CheckResult, Error> {
        self.check("firearms", check).await
    }
    /// Checks many travel documents: requests of at most 1,000, a few at
    /// once, results in input order.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing; dropped, it is as if it
    /// was never called.
    pub async fn check_documents(&self, checks: &[DocumentCheck]) -> Result<Vec<CheckResult>, Error> {
        self.batch("documents", checks).await
    }
    /// Checks many vehicles.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing; dropped, it is as if it
    /// was never called.
    pub async fn check_vehicles(&self, checks: &[VehicleCheck]) -> Result<Vec<CheckResult>, Error> {
        self.batch("vehicles", checks).await
    }
    /// Checks many persons.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing; dropped, it is as if it
    /// was never called.
    pub async fn check_persons(&self, checks: &[PersonCheck]) -> Result<Vec<CheckResult>, Error> {
        self.batch("persons", checks).await
    }
    /// Checks many firearms.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing; dropped, it is as if it
    /// was never called.
    pub async fn check_firearms(&self, checks: &[FirearmCheck]) -> Result<Vec<CheckResult>, Error> {
        self.batch("firearms", checks).await
    }
}
