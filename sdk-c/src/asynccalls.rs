//! The asynchronous forms of the network calls — checks, submit, send,
//! get — and `ncb_client_cancel`. Each converts its arguments on the
//! caller's thread (a bad argument fails at once and no callback fires),
//! then starts the core's call on the client's runtime through
//! [`crate::promise`], which fires the callback exactly once.

use std::ffi::{c_char, c_void};

use crate::checks::{document_check_arg, ncb_document_check, ncb_vehicle_check, vehicle_check_arg};
use crate::client::{Shared, ncb_client, shared};
use crate::documents::{envelope, id_arg};
use crate::error::ncb_error;
use crate::ffi;
use crate::panic::status_boundary;
use crate::promise::{self, Deliver, UserData, deliver_check, deliver_json, ncb_check_cb, ncb_json_cb};
use crate::status::ncb_status;

/// The body shared by every asynchronous function: checks the client,
/// the callback and the client's usability, lets `start` convert the
/// arguments and start the request, and writes its id.
///
/// # Safety
/// `client` is NULL or live; `request_id` and `err` NULL or writable.
unsafe fn begin<C: Copy>(
    client: *const ncb_client,
    cb: Option<C>,
    request_id: *mut u64,
    err: *mut *mut ncb_error,
    start: impl FnOnce(&Shared, C) -> Result<u64, ncb_error>,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let s = unsafe { shared(client) }?;
        let cb = cb.ok_or_else(|| ffi::null("cb"))?;
        s.usable()?;
        let id = start(s, cb)?;
        if !request_id.is_null() {
            // SAFETY: non-NULL, writable (contract). The callback may
            // already have fired: the id is only for cancelling.
            unsafe { ffi::write_out(request_id, id) };
        }
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

type JsonFn = unsafe extern "C" fn(*mut c_void, ncb_status, *const c_char, usize, *const ncb_error);
type CheckFn = unsafe extern "C" fn(*mut c_void, ncb_status, *const crate::checks::ncb_check_result, *const ncb_error);

/// Starts a JSON call.
fn json<T, F>(s: &Shared, cb: JsonFn, userdata: *mut c_void, fut: F) -> u64
where
    T: serde::Serialize + Send + 'static,
    F: std::future::Future<Output = Result<T, ncblink::Error>> + Send + 'static,
{
    let deliver: Deliver<T> = deliver_json(cb, UserData::new(userdata));
    promise::start(s, fut, deliver)
}

/// Checks a travel document without blocking: returns at once with the
/// request's id in `*request_id` (optional), and `cb` receives the result
/// later (see `ncb_check_cb`).
///
/// The callback fires exactly once if and only if this function returns
/// `NCB_STATUS_OK`: with the result, the failure (statuses as
/// `ncb_client_check_document`, `NCB_STATUS_TIMEOUT` after the config's
/// timeouts), or `NCB_STATUS_CANCELLED` after `ncb_client_cancel` or
/// `ncb_client_free`. It runs on a thread of the library, never the
/// caller's, possibly before this function returns, concurrently with other
/// callbacks. It must return (no longjmp, no exception) and may call any
/// function of the library except `ncb_client_free` of its own client.
///
/// Errors (no callback then): `NCB_STATUS_NULL_PARAMETER` (`client`,
/// `check`, `cb`), `NCB_STATUS_INVALID_UTF8`, `NCB_STATUS_INVALID_ARGUMENT`,
/// `NCB_STATUS_FORKED`.
///
/// Ownership: `check` is read before this function returns; `userdata`
/// is passed to `cb` untouched. Thread safety: any thread, concurrently.
///
/// # Safety
/// `client` is NULL or live; `check` NULL or readable with strings NULL or
/// NUL-terminated; `cb` safe to call from another thread with `userdata`;
/// `request_id` and `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_check_document_async(
    client: *const ncb_client,
    check: *const ncb_document_check,
    cb: ncb_check_cb,
    userdata: *mut c_void,
    request_id: *mut u64,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        begin(client, cb, request_id, err, |s, cb: CheckFn| {
            let check = document_check_arg(check)?;
            let c = s.client.clone();
            let fut = async move { c.check_document(&check).await };
            Ok(promise::start(s, fut, deliver_check(cb, UserData::new(userdata))))
        })
    }
}

/// Checks a vehicle without blocking. As `ncb_client_check_document_async`.
///
/// # Safety
/// As `ncb_client_check_document_async`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_check_vehicle_async(
    client: *const ncb_client,
    check: *const ncb_vehicle_check,
    cb: ncb_check_cb,
    userdata: *mut c_void,
    request_id: *mut u64,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        begin(client, cb, request_id, err, |s, cb: CheckFn| {
            let check = vehicle_check_arg(check)?;
            let c = s.client.clone();
            let fut = async move { c.check_vehicle(&check).await };
            Ok(promise::start(s, fut, deliver_check(cb, UserData::new(userdata))))
        })
    }
}

/// Submits a notice request without blocking; `cb` receives the notice
/// record's JSON (see `ncb_json_cb`). The envelope is read before this
/// function returns: JSON that is not an envelope fails here
/// (`NCB_STATUS_INVALID_JSON`, `NCB_STATUS_INVALID_DOCUMENT`) with no
/// callback; its validation, signing and sending happen in the request, and
/// their failures reach the callback. Otherwise as
/// `ncb_client_check_document_async` and `ncb_client_submit_notice`.
///
/// # Safety
/// As `ncb_client_check_document_async`; `json` NULL or readable for `len`
/// bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_submit_notice_async(
    client: *const ncb_client,
    json: *const c_char,
    len: usize,
    cb: ncb_json_cb,
    userdata: *mut c_void,
    request_id: *mut u64,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        begin(client, cb, request_id, err, |s, cb: JsonFn| {
            let env = envelope(json, len)?;
            let c = s.client.clone();
            Ok(self::json(s, cb, userdata, async move { c.submit_notice(env).await }))
        })
    }
}

/// Sends a direct message without blocking; `cb` receives the message
/// record's JSON. As `ncb_client_submit_notice_async`.
///
/// # Safety
/// As `ncb_client_submit_notice_async`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_send_message_async(
    client: *const ncb_client,
    json: *const c_char,
    len: usize,
    cb: ncb_json_cb,
    userdata: *mut c_void,
    request_id: *mut u64,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        begin(client, cb, request_id, err, |s, cb: JsonFn| {
            let env = envelope(json, len)?;
            let c = s.client.clone();
            Ok(self::json(s, cb, userdata, async move { c.send_message(env).await }))
        })
    }
}

/// Sends a diffusion without blocking; `cb` receives the diffusion
/// record's JSON. As `ncb_client_submit_notice_async`.
///
/// # Safety
/// As `ncb_client_submit_notice_async`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_send_diffusion_async(
    client: *const ncb_client,
    json: *const c_char,
    len: usize,
    cb: ncb_json_cb,
    userdata: *mut c_void,
    request_id: *mut u64,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        begin(client, cb, request_id, err, |s, cb: JsonFn| {
            let env = envelope(json, len)?;
            let c = s.client.clone();
            Ok(self::json(s, cb, userdata, async move { c.send_diffusion(env).await }))
        })
    }
}

/// Fetches a notice record without blocking (by envelope id or INTERPOL
/// id); `cb` receives its JSON. As `ncb_client_check_document_async` and
/// `ncb_client_get_notice`.
///
/// # Safety
/// As `ncb_client_check_document_async`; `id` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_get_notice_async(
    client: *const ncb_client,
    id: *const c_char,
    cb: ncb_json_cb,
    userdata: *mut c_void,
    request_id: *mut u64,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        begin(client, cb, request_id, err, |s, cb: JsonFn| {
            let id = id_arg(id)?.to_string();
            let c = s.client.clone();
            Ok(self::json(s, cb, userdata, async move { c.get_notice(&id).await }))
        })
    }
}

/// Fetches a diffusion record without blocking. As
/// `ncb_client_get_notice_async`.
///
/// # Safety
/// As `ncb_client_get_notice_async`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_get_diffusion_async(
    client: *const ncb_client,
    id: *const c_char,
    cb: ncb_json_cb,
    userdata: *mut c_void,
    request_id: *mut u64,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        begin(client, cb, request_id, err, |s, cb: JsonFn| {
            let id = id_arg(id)?.to_string();
            let c = s.client.clone();
            Ok(self::json(s, cb, userdata, async move { c.get_diffusion(&id).await }))
        })
    }
}

/// Fetches the full record behind a hit without blocking. As
/// `ncb_client_get_notice_async`.
///
/// # Safety
/// As `ncb_client_get_notice_async`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_get_record_async(
    client: *const ncb_client,
    id: *const c_char,
    cb: ncb_json_cb,
    userdata: *mut c_void,
    request_id: *mut u64,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        begin(client, cb, request_id, err, |s, cb: JsonFn| {
            let id = id_arg(id)?.to_string();
            let c = s.client.clone();
            Ok(self::json(s, cb, userdata, async move { c.get_record(&id).await }))
        })
    }
}

/// Cancels an asynchronous request, an inbox read of `ncb_inbox_next_async`
/// included (see its cancel safety): its callback fires with
/// `NCB_STATUS_CANCELLED` (unless its result was already being delivered,
/// in which case that result is its one call). Idempotent: an unknown id,
/// a finished request or a second cancel does nothing. A write already
/// sent may still have reached the hub; with an outbox file it stays
/// there until `ncb_client_flush_outbox` settles it.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER` (`client`). Thread safety: any
/// thread, including inside a callback.
///
/// # Safety
/// `client` is NULL or live; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_cancel(
    client: *const ncb_client,
    request_id: u64,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let s = unsafe { shared(client) }?;
        s.requests.cancel(request_id);
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}
