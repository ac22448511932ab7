//! `ncb_config`: what an `ncb_client` is made from — the hub, the NCB,
//! credentials, TLS, timeouts, retries, the outbox file, the signing key
//! and the runtime's size. Setters only record values; the core checks
//! them when `ncb_client_new` builds the client (a bad URL or PEM fails
//! there, with `NCB_STATUS_INVALID_ARGUMENT`).

use std::ffi::c_char;
use std::path::PathBuf;
use std::time::Duration;

use ncblink::client::RetryPolicy;
use ncblink::model::NcbCode;
use ncblink::sign::SigningKey;

use crate::error::ncb_error;
use crate::ffi;
use crate::panic::{boundary, status_boundary};
use crate::status::ncb_status;

/// The settings of a client. Opaque; made by `ncb_config_new`, changed by
/// the `ncb_config_set_*` functions, read by `ncb_client_new` (which copies
/// what it needs: the config may be freed or reused afterwards), freed with
/// `ncb_config_free`.
///
/// Thread safety: one owner. Setters must not run concurrently with each
/// other or with `ncb_client_new` on the same config; several threads may
/// call `ncb_client_new` with one config they no longer change.
pub struct ncb_config {
    pub(crate) hub_url: String,
    pub(crate) ncb: NcbCode,
    pub(crate) token: Option<String>,
    pub(crate) identity: Option<(Vec<u8>, Vec<u8>)>,
    pub(crate) roots: Vec<Vec<u8>>,
    pub(crate) only_added_roots: bool,
    pub(crate) proxy: Option<String>,
    pub(crate) connect_timeout: Duration,
    pub(crate) request_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) outbox_path: Option<PathBuf>,
    pub(crate) signing_key: Option<(SigningKey, String)>,
    pub(crate) batch_concurrency: usize,
    pub(crate) validate_before_send: bool,
    pub(crate) worker_threads: usize,
}

/// The runtime's worker threads unless configured: as many as the Rust
/// blocking client uses. They only drive I/O; blocking calls run their
/// requests on the calling thread.
const DEFAULT_WORKER_THREADS: usize = 2;

/// Borrows the config for a setter.
///
/// # Safety
/// `config` is NULL or a live config that no other thread is using.
unsafe fn config_mut<'a>(config: *mut ncb_config) -> Result<&'a mut ncb_config, ncb_error> {
    // SAFETY: by the caller's contract.
    unsafe { config.as_mut() }.ok_or_else(|| ffi::null("config"))
}

/// Runs a setter: NULL checks, then `f` on the config.
///
/// # Safety
/// `config` is NULL or a live config no other thread uses; `err` is NULL or
/// writable.
unsafe fn set(
    config: *mut ncb_config,
    err: *mut *mut ncb_error,
    f: impl FnOnce(&mut ncb_config) -> Result<(), ncb_error>,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, || f(config_mut(config)?)) }
}

fn positive_ms(ms: u64, name: &str) -> Result<Duration, ncb_error> {
    if ms == 0 {
        return Err(ncb_error::new(
            ncb_status::InvalidArgument,
            format!("`{name}` must be at least 1 ms"),
        ));
    }
    Ok(Duration::from_millis(ms))
}

/// Starts a configuration for the hub at `hub_url` (`https://hub.example`,
/// `http://127.0.0.1:8480`), acting for NCB `ncb` (`"FR"`, `"UN"`…).
/// Defaults: no token, the Mozilla roots, connect timeout 5 s, request
/// timeout 30 s, 4 retries (backoff 100 ms to 10 s), no outbox file, no
/// signing key, batch concurrency 4, local validation before sending, 2
/// runtime worker threads.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_UTF8`,
/// `NCB_STATUS_INVALID_ARGUMENT` (`ncb` is not an NCB code). The URL is
/// checked by `ncb_client_new`.
///
/// Ownership: free `*out` with `ncb_config_free`. Thread safety: any thread.
///
/// # Safety
/// `hub_url` and `ncb` are NULL or NUL-terminated; `out` and `err` are NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_new(
    hub_url: *const c_char,
    ncb: *const c_char,
    out: *mut *mut ncb_config,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: NUL-terminated or NULL (contract).
        let (hub_url, ncb_text) = unsafe { (ffi::try_str(hub_url, "hub_url")?, ffi::try_str(ncb, "ncb")?) };
        ffi::non_null(out, "out")?;
        let ncb: NcbCode = ncb_text.parse().map_err(|e| {
            ncb_error::new(
                ncb_status::InvalidArgument,
                format!("`{ncb_text}` is not an NCB code: {e}"),
            )
        })?;
        let config = ncb_config {
            hub_url: hub_url.to_string(),
            ncb,
            token: None,
            identity: None,
            roots: Vec::new(),
            only_added_roots: false,
            proxy: None,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            outbox_path: None,
            signing_key: None,
            batch_concurrency: 4,
            validate_before_send: true,
            worker_threads: DEFAULT_WORKER_THREADS,
        };
        // SAFETY: checked non-NULL, writable (contract).
        unsafe { ffi::write_out(out, ffi::into_raw(config)) };
        Ok(())
    };
    // SAFETY: `err` is NULL or writable (contract).
    unsafe { status_boundary(err, run) }
}

/// Sets the bearer token sent with every request (the sandbox's and most
/// hubs' authentication). Never logged nor shown in errors.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_UTF8`.
/// Thread safety: see `ncb_config`.
///
/// # Safety
/// `config` is NULL or a live config; `token` NULL or NUL-terminated; `err`
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_set_token(
    config: *mut ncb_config,
    token: *const c_char,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        set(config, err, |c| {
            c.token = Some(ffi::try_str(token, "token")?.to_string());
            Ok(())
        })
    }
}

/// Sets the client certificate (PEM chain) and its private key (PEM) for
/// mutual TLS. Checked by `ncb_client_new`.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_ARGUMENT` (a
/// length no buffer can have). Thread safety: see `ncb_config`.
///
/// # Safety
/// `config` is NULL or a live config; each buffer NULL or readable for its
/// length; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_set_client_certificate(
    config: *mut ncb_config,
    cert_pem: *const c_char,
    cert_len: usize,
    key_pem: *const c_char,
    key_len: usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        set(config, err, |c| {
            let cert = ffi::bytes(cert_pem, cert_len, "cert_pem")?.to_vec();
            let key = ffi::bytes(key_pem, key_len, "key_pem")?.to_vec();
            c.identity = Some((cert, key));
            Ok(())
        })
    }
}

/// Trusts a CA (PEM, one or more certificates) besides the Mozilla roots,
/// for a hub whose certificate a private CA signed. May be called several
/// times. Checked by `ncb_client_new`.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_ARGUMENT`.
/// Thread safety: see `ncb_config`.
///
/// # Safety
/// `config` is NULL or a live config; `pem` NULL or readable for `len`
/// bytes; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_add_root_certificate(
    config: *mut ncb_config,
    pem: *const c_char,
    len: usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        set(config, err, |c| {
            c.roots.push(ffi::bytes(pem, len, "pem")?.to_vec());
            Ok(())
        })
    }
}

/// With `only` true, trusts only the CAs added with
/// `ncb_config_add_root_certificate`, not the Mozilla roots.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`. Thread safety: see `ncb_config`.
///
/// # Safety
/// `config` is NULL or a live config; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_set_only_added_roots(
    config: *mut ncb_config,
    only: bool,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        set(config, err, |c| {
            c.only_added_roots = only;
            Ok(())
        })
    }
}

/// Sends every request through an HTTP(S) proxy (`http://proxy:3128`).
/// Without it no proxy is used, whatever the environment says.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_UTF8`; a bad
/// URL fails in `ncb_client_new`. Thread safety: see `ncb_config`.
///
/// # Safety
/// `config` is NULL or a live config; `url` NULL or NUL-terminated; `err`
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_set_proxy(
    config: *mut ncb_config,
    url: *const c_char,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        set(config, err, |c| {
            c.proxy = Some(ffi::try_str(url, "url")?.to_string());
            Ok(())
        })
    }
}

/// The longest a connection to the hub may take to open, in milliseconds
/// (default 5,000). A connection that does not open in time is
/// `NCB_STATUS_TIMEOUT` once the retries are spent.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_ARGUMENT` (0).
/// Thread safety: see `ncb_config`.
///
/// # Safety
/// `config` is NULL or a live config; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_set_connect_timeout_ms(
    config: *mut ncb_config,
    ms: u64,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        set(config, err, |c| {
            c.connect_timeout = positive_ms(ms, "ms")?;
            Ok(())
        })
    }
}

/// The longest one request may take, in milliseconds (default 30,000).
/// A whole call, retries included, is bounded by this timeout times the
/// attempts plus the backoffs; an inbox poll by its wait plus this timeout.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_ARGUMENT` (0).
/// Thread safety: see `ncb_config`.
///
/// # Safety
/// `config` is NULL or a live config; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_set_request_timeout_ms(
    config: *mut ncb_config,
    ms: u64,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        set(config, err, |c| {
            c.request_timeout = positive_ms(ms, "ms")?;
            Ok(())
        })
    }
}

/// How many times a failed request is tried again (default 4; 0 disables
/// retrying). Only what is safe to repeat is retried — reads, and writes,
/// which all carry an idempotency key — and only after connection errors,
/// timeouts, 429 and 502–504.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`. Thread safety: see `ncb_config`.
///
/// # Safety
/// `config` is NULL or a live config; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_set_max_retries(
    config: *mut ncb_config,
    max_retries: u32,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        set(config, err, |c| {
            c.retry.max_retries = max_retries;
            Ok(())
        })
    }
}

/// The backoff between retries: the first wait is random up to
/// `initial_ms`, doubling each time up to `max_ms`, which also caps the
/// hub's Retry-After (defaults 100 and 10,000).
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_ARGUMENT`
/// (`initial_ms` > `max_ms`). Thread safety: see `ncb_config`.
///
/// # Safety
/// `config` is NULL or a live config; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_set_retry_backoff_ms(
    config: *mut ncb_config,
    initial_ms: u64,
    max_ms: u64,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        set(config, err, |c| {
            if initial_ms > max_ms {
                return Err(ncb_error::new(
                    ncb_status::InvalidArgument,
                    format!("initial backoff {initial_ms} ms is above the maximum {max_ms} ms"),
                ));
            }
            c.retry.initial_backoff = Duration::from_millis(initial_ms);
            c.retry.max_backoff = Duration::from_millis(max_ms);
            Ok(())
        })
    }
}

/// The SQLite file of the durable outbox and of the inbox position
/// (created if missing). With it, a write survives a crash or an outage
/// and is sent again by `ncb_client_flush_outbox`; the inbox resumes where
/// it was acknowledged. Without it writes are retried but not kept.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_UTF8`; a file
/// that cannot be opened fails in `ncb_client_new` (`NCB_STATUS_STORAGE`).
/// Thread safety: see `ncb_config`.
///
/// # Safety
/// `config` is NULL or a live config; `path` NULL or NUL-terminated; `err`
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_set_outbox_path(
    config: *mut ncb_config,
    path: *const c_char,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        set(config, err, |c| {
            c.outbox_path = Some(PathBuf::from(ffi::try_str(path, "path")?));
            Ok(())
        })
    }
}

/// Signs every envelope the client sends with this Ed25519 key: `secret` is
/// the 32-byte private key, `kid` its id in the hub's directory
/// (`"FR#2026-01"`). The bytes are copied.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_UTF8` (`kid`),
/// `NCB_STATUS_INVALID_ARGUMENT` (`len` is not 32). Thread safety: see
/// `ncb_config`.
///
/// # Safety
/// `config` is NULL or a live config; `secret` NULL or readable for `len`
/// bytes; `kid` NULL or NUL-terminated; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_set_signing_key(
    config: *mut ncb_config,
    secret: *const u8,
    len: usize,
    kid: *const c_char,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        set(config, err, |c| {
            let bytes = ffi::bytes(secret.cast(), len, "secret")?;
            let kid = ffi::try_str(kid, "kid")?;
            let secret: &[u8; 32] = bytes.try_into().map_err(|_| {
                ncb_error::new(
                    ncb_status::InvalidArgument,
                    format!("an Ed25519 signing key is 32 bytes, not {len}"),
                )
            })?;
            c.signing_key = Some((SigningKey::from_bytes(secret), kid.to_string()));
            Ok(())
        })
    }
}

/// Signs every envelope with the key in `path`, a file written by `ncblink
/// keys generate` (the 32-byte secret in base64url on one line), named
/// `kid` in the hub's directory. The file is read now.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_UTF8`,
/// `NCB_STATUS_INVALID_ARGUMENT` (the file cannot be read or holds no key;
/// the message never quotes its content). Thread safety: see `ncb_config`.
///
/// # Safety
/// `config` is NULL or a live config; `path` and `kid` NULL or
/// NUL-terminated; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_set_signing_key_file(
    config: *mut ncb_config,
    path: *const c_char,
    kid: *const c_char,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        set(config, err, |c| {
            let path = ffi::try_str(path, "path")?;
            let kid = ffi::try_str(kid, "kid")?;
            let text = std::fs::read_to_string(path)
                .map_err(|e| ncb_error::new(ncb_status::InvalidArgument, format!("reading {path}: {e}")))?;
            let key = ncblink::sign::decode_signing_key(&text)
                .map_err(|e| ncb_error::new(ncb_status::InvalidArgument, format!("{path}: {e}")))?;
            c.signing_key = Some((key, kid.to_string()));
            Ok(())
        })
    }
}

/// Signs every envelope with the key in `pem` (`len` bytes, no NUL needed):
/// a PEM PKCS#8 Ed25519 private key as OpenSSL and other libraries write
/// it, named `kid` in the hub's directory. The key is read now.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_UTF8`,
/// `NCB_STATUS_INVALID_ARGUMENT` (not a PEM Ed25519 private key; the message
/// never quotes it). Thread safety: see `ncb_config`.
///
/// # Safety
/// `config` is NULL or a live config; `pem` NULL or readable for `len`
/// bytes; `kid` NULL or NUL-terminated; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_set_signing_key_pem(
    config: *mut ncb_config,
    pem: *const c_char,
    len: usize,
    kid: *const c_char,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        set(config, err, |c| {
            let bytes = ffi::bytes(pem, len, "pem")?;
            let text = std::str::from_utf8(bytes)
                .map_err(|_| ncb_error::new(ncb_status::InvalidUtf8, "`pem` is not UTF-8"))?;
            let kid = ffi::try_str(kid, "kid")?;
            if !text.trim_start().starts_with("-----BEGIN") {
                return Err(ncb_error::new(
                    ncb_status::InvalidArgument,
                    "`pem` is not PEM text (-----BEGIN PRIVATE KEY-----)",
                ));
            }
            let key = ncblink::sign::decode_signing_key(text)
                .map_err(|e| ncb_error::new(ncb_status::InvalidArgument, format!("`pem`: {e}")))?;
            c.signing_key = Some((key, kid.to_string()));
            Ok(())
        })
    }
}

/// How many requests of at most 1,000 checks a batch check
/// (`ncb_client_check_documents`…) keeps in flight at once (default 4).
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_ARGUMENT` (0).
/// Thread safety: see `ncb_config`.
///
/// # Safety
/// `config` is NULL or a live config; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_set_batch_concurrency(
    config: *mut ncb_config,
    n: usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        set(config, err, |c| {
            if n == 0 {
                return Err(ncb_error::new(ncb_status::InvalidArgument, "`n` must be at least 1"));
            }
            c.batch_concurrency = n;
            Ok(())
        })
    }
}

/// Whether envelopes are validated locally before they are sent (default
/// true): one that breaks a rule blocking submission fails at once with
/// `NCB_STATUS_INVALID_DOCUMENT` and its report, and never enters the
/// outbox.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`. Thread safety: see `ncb_config`.
///
/// # Safety
/// `config` is NULL or a live config; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_set_validate_before_send(
    config: *mut ncb_config,
    on: bool,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        set(config, err, |c| {
            c.validate_before_send = on;
            Ok(())
        })
    }
}

/// The number of threads of the client's runtime (default 2, at most 64).
/// They drive the connections and run asynchronous requests; blocking
/// calls run on the calling thread. Completion callbacks run on further
/// threads the runtime starts as needed.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_ARGUMENT` (0
/// or more than 64). Thread safety: see `ncb_config`.
///
/// # Safety
/// `config` is NULL or a live config; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_set_worker_threads(
    config: *mut ncb_config,
    n: usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        set(config, err, |c| {
            if !(1..=64).contains(&n) {
                return Err(ncb_error::new(
                    ncb_status::InvalidArgument,
                    format!("{n} worker threads: between 1 and 64"),
                ));
            }
            c.worker_threads = n;
            Ok(())
        })
    }
}

/// Frees a config. NULL is a no-op. Clients made from it are unaffected.
///
/// Thread safety: no other thread may be using `config`.
///
/// # Safety
/// `config` is NULL or a config from `ncb_config_new` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_config_free(config: *mut ncb_config) {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { ffi::free_box(config) })
}
