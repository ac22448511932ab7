//! The client's JSON calls, blocking: notices (submit, get, update,
//! withdraw, suspend, resume, one page of a search), diffusions, messages,
//! records, the inbox's raw pages and acknowledgement, the outbox, the
//! directory and health. Documents go in as UTF-8 JSON (pointer and
//! length) and the hub's answers come out as JSON strings the caller frees
//! with `ncb_string_free`.

use std::ffi::c_char;

use chrono::DateTime;
use ncblink::model::Envelope;
use ncblink::wire::{InboxQuery, NoticeQuery, SuspendRequest};
use serde_json::json;

use crate::checks::write_json;
use crate::client::{Shared, ncb_client, shared};
use crate::errmap;
use crate::error::ncb_error;
use crate::ffi;
use crate::panic::status_boundary;
use crate::status::ncb_status;

/// Runs a call that answers JSON: checks the client and the outputs, runs
/// `f`, writes its text.
///
/// # Safety
/// `client` is NULL or live; `out`, `out_len` and `err` NULL or writable.
pub(crate) unsafe fn json_call(
    client: *const ncb_client,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
    f: impl FnOnce(&Shared) -> Result<String, ncb_error>,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let s = unsafe { shared(client) }?;
        ffi::non_null(out, "out")?;
        let json = f(s)?;
        // SAFETY: `out` checked; both writable (contract).
        unsafe { write_json(out, out_len, json) };
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// Reads an envelope the caller passed.
///
/// # Safety
/// `json` is NULL or readable for `len` bytes.
pub unsafe fn envelope(json: *const c_char, len: usize) -> Result<Envelope, ncb_error> {
    // SAFETY: forwarded contract.
    errmap::parse(unsafe { ffi::bytes(json, len, "json") }?, "envelope")
}

/// Reads a required id argument.
///
/// # Safety
/// `id` is NULL or NUL-terminated.
pub unsafe fn id_arg<'a>(id: *const c_char) -> Result<&'a str, ncb_error> {
    // SAFETY: forwarded contract.
    let id = unsafe { ffi::try_str(id, "id") }?;
    if id.is_empty() {
        return Err(ncb_error::new(ncb_status::InvalidArgument, "`id` is empty"));
    }
    Ok(id)
}

/// `GET /v1/health`: `{"status":"ok","version":"0.1.0"}`.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, the transport's 2xx, the hub's
/// 3xx, `NCB_STATUS_FORKED`. `out_len` is optional. Ownership: free `*out`
/// with `ncb_string_free`. Thread safety: any thread, concurrently.
///
/// # Safety
/// `client` is NULL or live; `out`, `out_len`, `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_health(
    client: *const ncb_client,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            errmap::to_json(&s.block_on(s.client.health())?)
        })
    }
}

/// The NCB directory with each NCB's public signing keys:
/// `{"ncbs":[{"code":"FR","name":"France","keys":[{"kty":"OKP","crv":"Ed25519","x":…,"kid":…,"status":"active"}]}]}`.
/// Also refreshes the keys the client verifies inbox envelopes with. As
/// `ncb_client_health`.
///
/// # Safety
/// As `ncb_client_health`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_directory(
    client: *const ncb_client,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            errmap::to_json(&s.block_on(s.client.directory())?)
        })
    }
}

/// Verifies a received envelope's signature against its sender's key in
/// the directory, over the bytes given (pass the envelope exactly as
/// received). `NCB_STATUS_OK` when it verifies; `NCB_STATUS_SIGNATURE` when
/// it is unsigned, its key not valid at its `created` time, or it does not
/// verify; `NCB_STATUS_SIGNATURE_KEY_UNKNOWN` when its kid is not the
/// sender's in the directory, even fetched again.
///
/// Errors: also `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_JSON`,
/// `NCB_STATUS_INVALID_DOCUMENT` (not an envelope) and those of the
/// directory request. Thread safety: any thread, concurrently.
///
/// # Safety
/// `client` is NULL or live; `json` NULL or readable for `len` bytes; `err`
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_verify(
    client: *const ncb_client,
    json: *const c_char,
    len: usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let s = unsafe { shared(client) }?;
        // Read as an envelope first, for the errors that name the field;
        // the signature is then checked over the bytes themselves.
        // SAFETY: forwarded contract.
        unsafe { envelope(json, len) }?;
        // SAFETY: forwarded contract.
        let doc = unsafe { ffi::bytes(json, len, "json") }?;
        s.block_on(s.client.verify_json(doc))
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// Submits a notice request: `json`/`len` is the envelope (its `source`
/// must be the client's NCB). It is validated (an envelope breaking a rule
/// that blocks submission fails with `NCB_STATUS_INVALID_DOCUMENT` and its
/// report, and is not sent), signed when a key is configured, kept in the
/// outbox until the hub answers, and sent with its id as idempotency key
/// (submitting it again replays the first answer). `*out` is the notice
/// record: `{"id":…,"status":…,"status_history":[…],"report":…,"envelope":…}`,
/// whose status is `submitted` (awaiting review) or, on a hub that reviews
/// at once as the sandbox does, already `published` or `refused`.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_JSON` and
/// `NCB_STATUS_INVALID_DOCUMENT` (with a report), `NCB_STATUS_INVALID_ARGUMENT`
/// (the source is another NCB), `NCB_STATUS_SIGNATURE`, the transport's
/// 2xx, the hub's 3xx, `NCB_STATUS_STORAGE`, `NCB_STATUS_FORKED`.
/// Ownership: free `*out` with `ncb_string_free`. Thread safety: any
/// thread, concurrently.
///
/// # Safety
/// `client` is NULL or live; `json` NULL or readable for `len` bytes;
/// `out`, `out_len`, `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_submit_notice(
    client: *const ncb_client,
    json: *const c_char,
    len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let env = envelope(json, len)?;
            errmap::to_json(&s.block_on(s.client.submit_notice(env))?)
        })
    }
}

/// A notice record by envelope id or INTERPOL id (`"2026/123"`). As
/// `ncb_client_health`, plus `NCB_STATUS_INVALID_UTF8`,
/// `NCB_STATUS_INVALID_ARGUMENT` (empty id) and `NCB_STATUS_NOT_FOUND`.
///
/// # Safety
/// As `ncb_client_health`; `id` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_get_notice(
    client: *const ncb_client,
    id: *const c_char,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let id = id_arg(id)?;
            errmap::to_json(&s.block_on(s.client.get_notice(id))?)
        })
    }
}

/// Replaces a notice request (its source only) with the envelope
/// `json`/`len`, which keeps the notice's id; it is reviewed again. As
/// `ncb_client_submit_notice` and `ncb_client_get_notice`.
///
/// # Safety
/// As `ncb_client_submit_notice`; `id` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_update_notice(
    client: *const ncb_client,
    id: *const c_char,
    json: *const c_char,
    len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let id = id_arg(id)?;
            let env = envelope(json, len)?;
            errmap::to_json(&s.block_on(s.client.update_notice(id, env))?)
        })
    }
}

/// Withdraws a notice (RPD Art 81) for `reason`; `*out` is the notice
/// record. Errors as `ncb_client_get_notice`, plus `NCB_STATUS_CONFLICT`
/// (the lifecycle does not allow it).
///
/// # Safety
/// As `ncb_client_get_notice`; `reason` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_withdraw_notice(
    client: *const ncb_client,
    id: *const c_char,
    reason: *const c_char,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let id = id_arg(id)?;
            let reason = ffi::try_str(reason, "reason")?;
            errmap::to_json(&s.block_on(s.client.withdraw_notice(id, reason))?)
        })
    }
}

/// Suspends a notice until `until_unix_seconds` (at most six months
/// ahead), for `reason` (NULL for none). Errors as
/// `ncb_client_withdraw_notice`, plus `NCB_STATUS_INVALID_ARGUMENT` (a time
/// out of range) and the hub's refusal of a suspension too long or in the
/// past (`NCB_STATUS_HUB_PROBLEM`, code `SUSPENSION_TOO_LONG`).
///
/// # Safety
/// As `ncb_client_withdraw_notice`; `reason` may be NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_suspend_notice(
    client: *const ncb_client,
    id: *const c_char,
    until_unix_seconds: i64,
    reason: *const c_char,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let id = id_arg(id)?;
            let reason = ffi::opt_str(reason, "reason")?.map(str::to_string);
            let until = DateTime::from_timestamp(until_unix_seconds, 0)
                .ok_or_else(|| ncb_error::new(ncb_status::InvalidArgument, "`until_unix_seconds` is out of range"))?;
            let request = SuspendRequest { until, reason };
            errmap::to_json(&s.block_on(s.client.suspend_notice(id, &request))?)
        })
    }
}

/// Ends a notice's suspension. As `ncb_client_withdraw_notice`.
///
/// # Safety
/// As `ncb_client_get_notice`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_resume_notice(
    client: *const ncb_client,
    id: *const c_char,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let id = id_arg(id)?;
            errmap::to_json(&s.block_on(s.client.resume_notice(id))?)
        })
    }
}

/// One page of notices: `query`/`len` is the query as JSON (`{}` for
/// everything this NCB may see; members `type`, `status`, `name`,
/// `date_of_birth`, `nationality`, `source`, `cursor`, `limit`); `*out` is
/// `{"items":[…],"next_cursor":…}`. `ncb_search_new` follows the cursors.
///
/// Errors: as `ncb_client_health`, plus `NCB_STATUS_INVALID_JSON` and
/// `NCB_STATUS_INVALID_DOCUMENT` (not a query).
///
/// # Safety
/// As `ncb_client_health`; `query` NULL or readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_notices_page(
    client: *const ncb_client,
    query: *const c_char,
    len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let q: NoticeQuery = errmap::parse(ffi::bytes(query, len, "query")?, "notice query")?;
            errmap::to_json(&s.block_on(s.client.notices_page(&q))?)
        })
    }
}

/// Sends a diffusion (envelope `json`/`len`); `*out` is the diffusion
/// record. As `ncb_client_submit_notice`.
///
/// # Safety
/// As `ncb_client_submit_notice`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_send_diffusion(
    client: *const ncb_client,
    json: *const c_char,
    len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let env = envelope(json, len)?;
            errmap::to_json(&s.block_on(s.client.send_diffusion(env))?)
        })
    }
}

/// A diffusion record by id. As `ncb_client_get_notice`.
///
/// # Safety
/// As `ncb_client_get_notice`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_get_diffusion(
    client: *const ncb_client,
    id: *const c_char,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let id = id_arg(id)?;
            errmap::to_json(&s.block_on(s.client.get_diffusion(id))?)
        })
    }
}

/// Sends a direct message (envelope `json`/`len` with `"recipients":
/// {"ncbs":[…]}`); `*out` is `{"id":…,"sent_at":…,"delivered_to":[…],"envelope":…}`.
/// As `ncb_client_submit_notice`.
///
/// # Safety
/// As `ncb_client_submit_notice`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_send_message(
    client: *const ncb_client,
    json: *const c_char,
    len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let env = envelope(json, len)?;
            errmap::to_json(&s.block_on(s.client.send_message(env))?)
        })
    }
}

/// A direct message by id (`GET /v1/messages/{id}`): one this NCB sent, or
/// one it received; `*out` is the message record, as
/// `ncb_client_send_message` answers it. As `ncb_client_get_notice`
/// (`NCB_STATUS_NOT_FOUND` also for a message this NCB may not see).
///
/// # Safety
/// As `ncb_client_get_notice`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_get_message(
    client: *const ncb_client,
    id: *const c_char,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let id = id_arg(id)?;
            errmap::to_json(&s.block_on(s.client.get_message(id))?)
        })
    }
}

/// Registers a lost or stolen travel document, a stolen vehicle or a
/// firearm: `json`/`len` is the record
/// (`{"travel_document":{"number":…,"issuing_state":"FRA","document_type":"passport","loss_type":"stolen_from_bearer"}}`),
/// validated before it is sent; `*out` is
/// `{"id":…,"owner":"FR","registered_at":…,"record":…}`. The example
/// record is one the rules accept:
///
/// ```c
/// const char *record = "{\"travel_document\":{\"number\":\"X1\",\"issuing_state\":\"FRA\","
///     "\"document_type\":\"passport\",\"loss_type\":\"stolen_from_bearer\"}}";
/// ncb_report *report = NULL;
/// if (ncb_validate(record, strlen(record), "record", &report, NULL) != NCB_STATUS_OK) return 1;
/// if (!ncb_report_is_ok(report)) return 1;
/// ncb_report_free(report);
/// ```
///
/// Errors as `ncb_client_submit_notice`, plus `NCB_STATUS_FORBIDDEN` (only the
/// issuing state registers a travel document) and `NCB_STATUS_CONFLICT`
/// (already registered).
///
/// # Safety
/// As `ncb_client_submit_notice`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_register_record(
    client: *const ncb_client,
    json: *const c_char,
    len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let record = errmap::parse(ffi::bytes(json, len, "json")?, "record")?;
            errmap::to_json(&s.block_on(s.client.register_record(&record))?)
        })
    }
}

/// The full record behind a hit (`ncb_check_result_record_id`), the second
/// step of a check. As `ncb_client_get_notice`.
///
/// # Safety
/// As `ncb_client_get_notice`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_get_record(
    client: *const ncb_client,
    id: *const c_char,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let id = id_arg(id)?;
            errmap::to_json(&s.block_on(s.client.get_record(id))?)
        })
    }
}

/// Removes a record this NCB registered. Errors as `ncb_client_get_notice`
/// (`NCB_STATUS_FORBIDDEN` for another NCB's record).
///
/// # Safety
/// `client` is NULL or live; `id` NULL or NUL-terminated; `err` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_delete_record(
    client: *const ncb_client,
    id: *const c_char,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let s = unsafe { shared(client) }?;
        // SAFETY: forwarded contract.
        let id = unsafe { id_arg(id) }?;
        s.block_on(s.client.delete_record(id))
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// One raw page of the inbox: `query`/`len` is
/// `{"cursor":…,"limit":…,"wait":…}` (all optional); `*out` is
/// `{"items":[…],"next_cursor":…}`. Envelopes are not verified here: use
/// `ncb_inbox_*`, which verifies, orders and deduplicates. As
/// `ncb_client_notices_page`.
///
/// # Safety
/// As `ncb_client_notices_page`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_inbox_page(
    client: *const ncb_client,
    query: *const c_char,
    len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let q: InboxQuery = errmap::parse(ffi::bytes(query, len, "query")?, "inbox query")?;
            errmap::to_json(&s.block_on(s.client.inbox_page(&q))?)
        })
    }
}

/// Acknowledges every inbox item up to `seq`; `*acked_seq` (optional)
/// receives the position the hub now holds (acknowledgements never move
/// back). Errors as `ncb_client_health`, plus `NCB_STATUS_HUB_PROBLEM`
/// (`ACK_BEYOND_END`).
///
/// # Safety
/// `client` is NULL or live; `acked_seq` and `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_ack_inbox(
    client: *const ncb_client,
    seq: u64,
    acked_seq: *mut u64,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let s = unsafe { shared(client) }?;
        let answer = s.block_on(s.client.ack_inbox(seq))?;
        if !acked_seq.is_null() {
            // SAFETY: non-NULL and writable (contract).
            unsafe { ffi::write_out(acked_seq, answer.acked_seq) };
        }
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// A pending write as JSON (the core's type has no serde form).
fn pending_json(w: &ncblink::client::PendingWrite) -> serde_json::Value {
    let body = w
        .body
        .as_deref()
        .map(|b| serde_json::from_slice::<serde_json::Value>(b).unwrap_or(serde_json::Value::Null));
    json!({
        "seq": w.seq,
        "key": w.key,
        "method": w.method,
        "path": w.path,
        "attempts": w.attempts,
        "body": body,
    })
}

/// Sends again every write left in the outbox, oldest first, with its
/// original idempotency key, stopping at the first that cannot reach the
/// hub. `*out` says what happened:
/// `{"delivered":2,"remaining":0,"rejected":[{"write":{…},"status":303,"code":"DUPLICATE_ID","message":…}]}`
/// (a rejected write left the outbox: sending it again would get the same
/// answer). Without an outbox file, nothing to do. Errors as
/// `ncb_client_health`, plus `NCB_STATUS_STORAGE`.
///
/// # Safety
/// As `ncb_client_health`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_flush_outbox(
    client: *const ncb_client,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let report = s.block_on(s.client.flush_outbox())?;
            let rejected: Vec<serde_json::Value> = report
                .rejected
                .into_iter()
                .map(|(w, e)| {
                    let status = errmap::status_of(&e) as u32;
                    let code = e.problem().map(|p| p.code.clone());
                    json!({"write": pending_json(&w), "status": status, "code": code, "message": e.to_string()})
                })
                .collect();
            errmap::to_json(&json!({
                "delivered": report.delivered,
                "remaining": report.remaining,
                "rejected": rejected,
            }))
        })
    }
}

/// The writes waiting in the outbox, oldest first:
/// `[{"seq":1,"key":…,"method":"POST","path":"notices","attempts":2,"body":{…}}]`
/// (`[]` without an outbox file). Errors as `ncb_client_flush_outbox`.
///
/// # Safety
/// As `ncb_client_health`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_pending_writes(
    client: *const ncb_client,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let pending = s.block_on(s.client.pending_writes())?;
            errmap::to_json(&pending.iter().map(pending_json).collect::<Vec<_>>())
        })
    }
}

/// A new envelope id (a UUIDv7: time-ordered, so ids sort by creation),
/// for a document the caller builds: `"0196f0a2-7c4a-7d11-9a3e-…"`.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`. Ownership: free `*out` with
/// `ncb_string_free`. Thread safety: any thread.
///
/// # Safety
/// `out` and `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_new_message_id(out: *mut *mut c_char, err: *mut *mut ncb_error) -> ncb_status {
    let run = || {
        ffi::non_null(out, "out")?;
        let id = ncblink::model::ids::new_message_id().to_string();
        // SAFETY: `out` checked non-NULL and writable (contract).
        unsafe { ffi::write_out(out, ffi::cstring(id).into_raw()) };
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}
