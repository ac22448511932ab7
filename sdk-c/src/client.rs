//! `ncb_client`: the network client, owning the tokio runtime its requests
//! run on (created in `ncb_client_new`, shut down with a bounded wait in
//! `ncb_client_free`), and the helpers every client function uses: the
//! usability checks (freed, forked) and running a core call to completion
//! on the calling thread.
//!
//! The handle is a `Box` holding the runtime and an `Arc` of the shared
//! state, which searches and inboxes hold too: a search or inbox freed after
//! its client stays memory-safe and fails with `NCB_STATUS_CANCELLED`.

use std::ffi::{CString, c_char};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::runtime::{Handle, Runtime};

use crate::config::ncb_config;
use crate::errmap;
use crate::error::ncb_error;
use crate::ffi::{self, cstring};
use crate::panic::{boundary, status_boundary};
use crate::promise::Requests;
use crate::status::ncb_status;

/// How long `ncb_client_free` waits for the callbacks of cancelled requests
/// (they run at once unless a callback blocks), then for the runtime's
/// threads to stop.
const CALLBACK_WAIT: Duration = Duration::from_secs(30);
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(5);

/// A client of the hub for one NCB. Opaque; made by `ncb_client_new`,
/// freed by `ncb_client_free`.
///
/// Thread safety: thread-safe. One client serves many threads at once —
/// blocking calls from any number of threads run concurrently, and
/// asynchronous calls may be started and cancelled from any thread. Share
/// one client per hub and NCB rather than making one per thread: it keeps
/// the connections, the runtime and the outbox. Only `ncb_client_free` needs
/// every other call on the client to have returned.
pub struct ncb_client {
    shared: Arc<Shared>,
    runtime: Option<Runtime>,
}

/// What a client's calls, searches and inboxes share.
pub struct Shared {
    /// The core's async client.
    pub client: ncblink::Client,
    handle: Handle,
    pid: u32,
    closed: AtomicBool,
    /// The asynchronous requests in flight.
    pub requests: Arc<Requests>,
    ncb: CString,
}

impl Shared {
    /// Fails when the client was freed (for a search or inbox that outlived
    /// it) or when this process is a child forked after it was made.
    pub fn usable(&self) -> Result<(), ncb_error> {
        if std::process::id() != self.pid {
            return Err(ncb_error::new(
                ncb_status::Forked,
                "this client was made before fork(): make a new one in the child",
            ));
        }
        if self.closed.load(Ordering::Acquire) {
            return Err(ncb_error::new(ncb_status::Cancelled, "the client was freed"));
        }
        Ok(())
    }

    /// Runs a call of the core to completion on the calling thread; the
    /// runtime's workers drive the connections meanwhile.
    pub fn block_on<T>(&self, fut: impl Future<Output = Result<T, ncblink::Error>>) -> Result<T, ncb_error> {
        self.usable()?;
        self.handle.block_on(fut).map_err(errmap::from_core)
    }

    /// The runtime, to start asynchronous requests on.
    pub fn handle(&self) -> &Handle {
        &self.handle
    }
}

/// Borrows the shared state of a client.
///
/// # Safety
/// `client` is NULL or a live client.
pub unsafe fn shared<'a>(client: *const ncb_client) -> Result<&'a Arc<Shared>, ncb_error> {
    // SAFETY: forwarded contract.
    unsafe { ffi::try_ref(client, "client") }.map(|c| &c.shared)
}

/// Builds the runtime and the core client from a config.
fn build(c: &ncb_config) -> Result<ncb_client, ncb_error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(c.worker_threads)
        .thread_name("ncblink-client")
        .enable_all()
        .build()
        .map_err(|e| ncb_error::new(ncb_status::Internal, format!("starting the client's runtime: {e}")))?;
    let mut b = ncblink::Client::builder(c.hub_url.clone(), c.ncb)
        .connect_timeout(c.connect_timeout)
        .request_timeout(c.request_timeout)
        .retry_policy(c.retry.clone())
        .batch_concurrency(c.batch_concurrency)
        .validate_before_send(c.validate_before_send)
        .only_added_roots(c.only_added_roots)
        .trust_os_store(c.trust_os_store)
        .proxy_from_env(c.proxy_from_env)
        .forward_unknown(c.forward_unknown);
    if let Some(d) = c.deadline {
        b = b.deadline(d);
    }
    if let Some(t) = &c.token {
        b = b.token(t.clone());
    }
    if let Some((cert, key)) = &c.identity {
        b = b.client_certificate(cert.clone(), key.clone());
    }
    for pem in &c.roots {
        b = b.add_root_certificate(pem.clone());
    }
    if let Some(p) = &c.proxy {
        b = b.proxy(p.clone());
    }
    if let Some(p) = &c.outbox_path {
        b = b.outbox_path(p.clone());
    }
    if let Some((key, kid)) = &c.signing_key {
        b = b.signing_key(key.clone(), kid.clone());
    }
    // Built inside the runtime, as the core's blocking client does: the
    // outbox's background work belongs to it.
    let client = {
        let _guard = runtime.enter();
        b.build().map_err(errmap::from_core)?
    };
    Ok(ncb_client {
        shared: Arc::new(Shared {
            client,
            handle: runtime.handle().clone(),
            pid: std::process::id(),
            closed: AtomicBool::new(false),
            requests: Arc::new(Requests::default()),
            ncb: cstring(c.ncb.to_string()),
        }),
        runtime: Some(runtime),
    })
}

/// Makes a client from a config: starts its runtime (the config's worker
/// threads), checks the URL, certificates and keys, and opens the outbox
/// file if one is set. No request is sent: an unreachable hub shows on the
/// first call.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_ARGUMENT` (a
/// URL that is not http(s), a PEM that holds no certificate or key, a bad
/// proxy), `NCB_STATUS_STORAGE` (the outbox file cannot be opened),
/// `NCB_STATUS_INTERNAL` (no thread could be started).
///
/// Ownership: `config` is only read (free it when you like); free `*out`
/// with `ncb_client_free`. Thread safety: any thread, but not from inside
/// a callback of another client's asynchronous call.
///
/// # Safety
/// `config` is NULL or a live config not being changed; `out` and `err` are
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_new(
    config: *const ncb_config,
    out: *mut *mut ncb_client,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: NULL or live (contract).
        let config = unsafe { ffi::try_ref(config, "config") }?;
        ffi::non_null(out, "out")?;
        let client = build(config)?;
        tracing::debug!(hub = %ncblink::client::redact_url(&config.hub_url), ncb = %config.ncb, "client made");
        // SAFETY: checked non-NULL, writable (contract).
        unsafe { ffi::write_out(out, ffi::into_raw(client)) };
        Ok(())
    };
    // SAFETY: `err` is NULL or writable (contract).
    unsafe { status_boundary(err, run) }
}

/// The NCB the client acts for (`"FR"`). NULL if `client` is NULL.
///
/// Ownership: owned by the client; valid until `ncb_client_free`. Thread
/// safety: any thread.
///
/// # Safety
/// `client` is NULL or a live client.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_ncb(client: *const ncb_client) -> *const c_char {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { shared(client) }.map_or(std::ptr::null(), |s| s.ncb.as_ptr()))
}

/// Cancels every asynchronous request, waits until each one's callback has
/// run, then stops the runtime and joins its threads.
fn release(mut client: ncb_client) {
    let shared = client.shared.clone();
    shared.closed.store(true, Ordering::Release);
    if std::process::id() != shared.pid {
        // A forked child has none of the parent's threads: waiting for them
        // would only time out. The parent's runtime is left as it is.
        std::mem::forget(client.runtime.take());
        return;
    }
    shared.requests.cancel_all();
    if !shared.requests.wait_idle(CALLBACK_WAIT) {
        tracing::error!("ncb_client_free: callbacks still running after {CALLBACK_WAIT:?}; stopping anyway");
    }
    if let Some(rt) = client.runtime.take() {
        rt.shutdown_timeout(SHUTDOWN_TIMEOUT);
    }
    tracing::debug!("client freed");
}

/// Frees a client. NULL is a no-op.
///
/// Every asynchronous request still running is cancelled, and its callback
/// has run (with `NCB_STATUS_CANCELLED`, or its result if it was finishing)
/// before this function returns; then the runtime is stopped, waiting at
/// most 5 s for its threads. Searches and inboxes of the client should be
/// freed first; used afterwards they fail with `NCB_STATUS_CANCELLED`.
///
/// Must not be called from inside a callback of this library (a completion
/// callback, or the log callback): a thread of the runtime cannot wait for
/// the runtime to stop. The library detects it and does the release on a
/// new thread of its own instead, after the callback returns; the handle is
/// invalid at once either way.
///
/// Thread safety: every other call on `client` (blocking calls, searches'
/// and inboxes' calls) must have returned.
///
/// # Safety
/// `client` is NULL or a client from `ncb_client_new` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_free(client: *mut ncb_client) {
    boundary(|| {
        if client.is_null() {
            return;
        }
        // SAFETY: by the caller's contract the box is live and owned here.
        let client = unsafe { Box::from_raw(client) };
        if Handle::try_current().is_ok() {
            // On a runtime's thread (inside a callback): stopping a runtime
            // from one of its threads would panic or deadlock.
            tracing::warn!("ncb_client_free called from a library thread; releasing on a new thread");
            client.shared.closed.store(true, Ordering::Release);
            // Handed over through a slot, so that if no thread can be
            // started the client is taken back and leaked rather than
            // dropped (with its runtime) here.
            let slot = Arc::new(std::sync::Mutex::new(Some(client)));
            let theirs = slot.clone();
            let spawned = std::thread::Builder::new().name("ncblink-free".into()).spawn(move || {
                if let Some(c) = theirs.lock().unwrap_or_else(|p| p.into_inner()).take() {
                    release(*c);
                }
            });
            if let Err(e) = spawned {
                tracing::error!("ncb_client_free: no thread to release the client on ({e}); it is leaked");
                std::mem::forget(slot.lock().unwrap_or_else(|p| p.into_inner()).take());
            }
            return;
        }
        release(*client);
    })
}
