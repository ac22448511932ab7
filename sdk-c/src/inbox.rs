//! `ncb_inbox`: the NCB's inbox as a consumer, over the core's `Inbox`:
//! items in order with long polling, duplicates dropped, envelopes
//! verified against the directory (one that does not verify is
//! `NCB_STATUS_SIGNATURE`, never handed over as sound), each acknowledged
//! by the application once handled. Reads block (`ncb_inbox_next`) or call
//! back (`ncb_inbox_next_async`, cancel-safe).

use std::ffi::{CStr, CString, c_char, c_void};
use std::sync::Arc;
use std::time::Duration;

use ncblink::client::Inbox;
use ncblink::wire::{InboxItem, InboxItemKind};

use crate::client::{Shared, ncb_client, shared};
use crate::errmap;
use crate::error::ncb_error;
use crate::ffi::{self, cstring};
use crate::panic::{boundary, status_boundary};
use crate::promise::{self, Deliver, GiveBack, UserData};
use crate::status::ncb_status;

/// An inbox consumer. Opaque; made by `ncb_inbox_new`, freed by
/// `ncb_inbox_free` (before its client).
///
/// Thread safety: one consumer; calls on one inbox from several threads are
/// serialised (a second `ncb_inbox_next` waits for the first, and for a
/// read `ncb_inbox_next_async` started).
pub struct ncb_inbox {
    client: Arc<Shared>,
    // Shared with the asynchronous reads, which hold it across awaits.
    inbox: Arc<tokio::sync::Mutex<Inbox>>,
}

/// One inbox item. Opaque; freed with `ncb_inbox_item_free`. Immutable:
/// accessors may be called from several threads at once.
pub struct ncb_inbox_item {
    item: InboxItem,
    id: CString,
    kind: &'static CStr,
    json: CString,
    json_len: usize,
}

fn kind_name(k: InboxItemKind) -> &'static CStr {
    match k {
        InboxItemKind::Envelope => c"envelope",
        InboxItemKind::HitNotification => c"hit_notification",
        InboxItemKind::NoticeStatus => c"notice_status",
    }
}

impl ncb_inbox_item {
    fn new(item: InboxItem) -> Result<Self, ncb_error> {
        let json = errmap::to_json(&item)?;
        Ok(ncb_inbox_item {
            id: cstring(item.id.to_string()),
            kind: kind_name(item.kind),
            json_len: json.len(),
            json: cstring(json),
            item,
        })
    }
}

/// Starts consuming the client's inbox. Each `ncb_inbox_next` waits up to
/// `wait_ms` for an item (long polling; rounded down to whole seconds, at
/// most 30 s; 0 answers at once). With an outbox file the position and the
/// ids handled survive a restart; the hub keeps the acknowledged position
/// in any case.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_FORKED`. No request is
/// sent until `ncb_inbox_next`.
///
/// Ownership: free `*out` with `ncb_inbox_free`, before the client. Thread
/// safety: any thread.
///
/// # Safety
/// `client` is NULL or live; `out` and `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_inbox_new(
    client: *const ncb_client,
    wait_ms: u32,
    out: *mut *mut ncb_inbox,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let s = unsafe { shared(client) }?;
        ffi::non_null(out, "out")?;
        s.usable()?;
        let inbox = ncb_inbox {
            client: s.clone(),
            inbox: Arc::new(tokio::sync::Mutex::new(
                s.client.inbox().with_wait(Duration::from_millis(u64::from(wait_ms))),
            )),
        };
        // SAFETY: checked non-NULL, writable (contract).
        unsafe { ffi::write_out(out, ffi::into_raw(inbox)) };
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// The next item not yet handled, waiting up to the inbox's wait for one:
/// `*out` is the item, or NULL when nothing arrived within the wait. Handle
/// it, then `ncb_inbox_ack` it; an item not acknowledged comes back after a
/// restart.
///
/// Errors: `NCB_STATUS_SIGNATURE` when the next envelope does not verify
/// (unsigned, altered; `NCB_STATUS_SIGNATURE_KEY_UNKNOWN` when its key is
/// not in the directory): it is held back, and the following calls fail
/// the same way until `ncb_inbox_skip_held` drops it;
/// `NCB_STATUS_NULL_PARAMETER`, the transport's 2xx, the hub's 3xx,
/// `NCB_STATUS_STORAGE`, `NCB_STATUS_CANCELLED` (the client was freed),
/// `NCB_STATUS_FORKED`. Nothing is written on failure.
///
/// Ownership: free `*out` with `ncb_inbox_item_free`. Thread safety: see
/// `ncb_inbox`.
///
/// # Safety
/// `inbox` is NULL or live; `out` and `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_inbox_next(
    inbox: *mut ncb_inbox,
    out: *mut *mut ncb_inbox_item,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let inbox = unsafe { ffi::try_ref(inbox, "inbox") }?;
        ffi::non_null(out, "out")?;
        let item = inbox
            .client
            .block_on(async { inbox.inbox.lock().await.try_next().await })?;
        let item = item.map(ncb_inbox_item::new).transpose()?;
        let p = item.map_or(std::ptr::null_mut(), ffi::into_raw);
        // SAFETY: checked non-NULL, writable (contract).
        unsafe { ffi::write_out(out, p) };
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// The completion callback of `ncb_inbox_next_async`: `userdata` as given;
/// `status` `NCB_STATUS_OK` or the failure. On success `item` is the next
/// item, or NULL when nothing arrived within the inbox's wait; it is the
/// callback's to keep: free it with `ncb_inbox_item_free` (after
/// `ncb_inbox_ack`), on any thread. On failure `item` is NULL and `err`
/// the detail, borrowed: valid only during the call (do not free it).
pub type ncb_inbox_cb = Option<
    unsafe extern "C" fn(userdata: *mut c_void, status: ncb_status, item: *mut ncb_inbox_item, err: *const ncb_error),
>;

type InboxFn = unsafe extern "C" fn(*mut c_void, ncb_status, *mut ncb_inbox_item, *const ncb_error);

/// A `Deliver` for inbox reads: hands the item over to `cb`.
fn deliver_item(cb: InboxFn, userdata: UserData) -> Deliver<Option<InboxItem>> {
    Box::new(move |result| {
        // A conversion that fails leaves the item handed over and not
        // acknowledged: the position cannot pass it, and it comes back
        // after a restart.
        let item = result.and_then(|item| item.map(ncb_inbox_item::new).transpose());
        match item {
            // SAFETY: the caller registered `cb` for this userdata and
            // accepted a call from a library thread; the item becomes the
            // callback's.
            Ok(item) => unsafe {
                cb(
                    userdata.get(),
                    ncb_status::Ok,
                    item.map_or(std::ptr::null_mut(), ffi::into_raw),
                    std::ptr::null(),
                )
            },
            // SAFETY: as above; the error lives until after the call.
            Err(e) => unsafe { cb(userdata.get(), e.status(), std::ptr::null_mut(), &e) },
        }
    })
}

/// Reads the next item without blocking: returns at once with the read's
/// id in `*request_id` (optional), and `cb` receives the item later (see
/// `ncb_inbox_cb`) — the same outcomes as `ncb_inbox_next`.
///
/// The callback fires exactly once if and only if this function returns
/// `NCB_STATUS_OK`: with the item (or NULL when nothing arrived within the
/// inbox's wait), the failure, or `NCB_STATUS_CANCELLED` after
/// `ncb_client_cancel(client, *request_id)` with the inbox's client, or
/// `ncb_client_free`. It runs on a thread of the library, as the
/// callbacks of the client's asynchronous calls do, and may call
/// `ncb_inbox_ack` and `ncb_inbox_next_async` on this inbox.
///
/// Cancel safety: a cancelled read leaves nothing half-taken. Cancelled
/// while it waits for the hub, checks the local store or verifies the
/// signature, the read stops before the item leaves the inbox; cancelled
/// after it took the item but before the callback is on its way, it gives
/// the item back. In both cases the callback receives
/// `NCB_STATUS_CANCELLED` and the next read returns that same item. A
/// cancel that comes later still (the callback is already being called)
/// changes nothing: the item is the read's one outcome. No item is lost or
/// handed over twice, whenever the cancel lands.
///
/// Errors (no callback then): `NCB_STATUS_NULL_PARAMETER` (`inbox`, `cb`),
/// `NCB_STATUS_CANCELLED` (the client was freed), `NCB_STATUS_FORKED`.
///
/// Ownership: `userdata` is passed to `cb` untouched. A read still running
/// keeps what it needs: free the inbox only after its callback fired.
/// Thread safety: see `ncb_inbox` (reads queue behind each other).
///
/// # Safety
/// `inbox` is NULL or live; `cb` safe to call from another thread with
/// `userdata`; `request_id` and `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_inbox_next_async(
    inbox: *mut ncb_inbox,
    cb: ncb_inbox_cb,
    userdata: *mut c_void,
    request_id: *mut u64,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let inbox = unsafe { ffi::try_ref(inbox, "inbox") }?;
        let cb = cb.ok_or_else(|| ffi::null("cb"))?;
        inbox.client.usable()?;
        let consumer = inbox.inbox.clone();
        let read = async move { consumer.lock().await.try_next().await };
        let consumer = inbox.inbox.clone();
        let give_back: GiveBack<Option<InboxItem>> = Box::new(move |item| {
            Box::pin(async move {
                if let Some(item) = item {
                    consumer.lock().await.unread(item);
                }
            })
        });
        let deliver = deliver_item(cb, UserData::new(userdata));
        let id = promise::start_giving_back(&inbox.client, read, deliver, Some(give_back));
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

/// Marks `item` handled: remembered (it is never handed over again), then
/// acknowledged to the hub with every item before it.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, the transport's 2xx, the hub's 3xx,
/// `NCB_STATUS_STORAGE`, `NCB_STATUS_CANCELLED`, `NCB_STATUS_FORKED`.
/// Thread safety: see `ncb_inbox`.
///
/// # Safety
/// `inbox` and `item` are NULL or live; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_inbox_ack(
    inbox: *mut ncb_inbox,
    item: *const ncb_inbox_item,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let (inbox, item) = unsafe { (ffi::try_ref(inbox, "inbox")?, ffi::try_ref(item, "item")?) };
        inbox
            .client
            .block_on(async { inbox.inbox.lock().await.ack(&item.item).await })
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// The envelope held back after `NCB_STATUS_SIGNATURE`, to read (and log)
/// before `ncb_inbox_skip_held`: `*out` is a copy of the item as it
/// arrived (`ncb_inbox_item_json` shows the envelope, unverified), or
/// NULL when none is held; `*why` (optional) receives why it was held
/// (free it with `ncb_string_free`; NULL when none is held).
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`. Ownership: free `*out` with
/// `ncb_inbox_item_free`. Thread safety: see `ncb_inbox`.
///
/// # Safety
/// `inbox` is NULL or live; `out`, `why` and `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_inbox_held(
    inbox: *mut ncb_inbox,
    out: *mut *mut ncb_inbox_item,
    why: *mut *mut c_char,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let inbox = unsafe { ffi::try_ref(inbox, "inbox") }?;
        ffi::non_null(out, "out")?;
        let held = inbox.client.block_on(async {
            let consumer = inbox.inbox.lock().await;
            Ok::<_, ncblink::Error>(consumer.held().map(|(item, why)| (item.clone(), why.to_string())))
        })?;
        let (item, reason) = match held {
            Some((item, reason)) => (
                ffi::into_raw(ncb_inbox_item::new(item)?),
                ffi::cstring(reason).into_raw(),
            ),
            None => (std::ptr::null_mut(), std::ptr::null_mut()),
        };
        if !why.is_null() {
            // SAFETY: non-NULL, writable (contract).
            unsafe { ffi::write_out(why, reason) };
        } else if !reason.is_null() {
            // SAFETY: made just above by `into_raw`, not handed out.
            drop(unsafe { std::ffi::CString::from_raw(reason) });
        }
        // SAFETY: checked non-NULL, writable (contract).
        unsafe { ffi::write_out(out, item) };
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// Drops the envelope held back after `NCB_STATUS_SIGNATURE` (log it
/// first) and acknowledges it, so that the inbox moves past it; `*seq`
/// (optional) receives its position, or 0 when none was held.
///
/// Errors: as `ncb_inbox_ack`. Thread safety: see `ncb_inbox`.
///
/// # Safety
/// `inbox` is NULL or live; `seq` and `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_inbox_skip_held(
    inbox: *mut ncb_inbox,
    seq: *mut u64,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let inbox = unsafe { ffi::try_ref(inbox, "inbox") }?;
        let skipped = inbox.client.block_on(async {
            let mut consumer = inbox.inbox.lock().await;
            match consumer.skip_held() {
                Some(held) => {
                    tracing::warn!(seq = held.seq, id = %held.id, "inbox item skipped after a signature failure");
                    consumer.ack_at(held.id.to_string(), held.seq).await?;
                    Ok(held.seq)
                }
                None => Ok(0),
            }
        })?;
        if !seq.is_null() {
            // SAFETY: non-NULL, writable (contract).
            unsafe { ffi::write_out(seq, skipped) };
        }
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// Frees an inbox consumer. NULL is a no-op. Items it handed out stay valid.
///
/// Thread safety: no other thread may be using `inbox`, and every read
/// `ncb_inbox_next_async` started on it must have fired its callback.
///
/// # Safety
/// `inbox` is NULL or an inbox not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_inbox_free(inbox: *mut ncb_inbox) {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { ffi::free_box(inbox) })
}

/// Borrows an item for an accessor.
///
/// # Safety
/// `item` is NULL or a live item.
unsafe fn get<'a>(item: *const ncb_inbox_item) -> Option<&'a ncb_inbox_item> {
    // SAFETY: forwarded contract.
    unsafe { ffi::opt_ref(item) }
}

/// The item's position in the inbox (from 1, without gaps); 0 if `item` is
/// NULL.
///
/// Thread safety: any thread.
///
/// # Safety
/// `item` is NULL or a live item.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_inbox_item_seq(item: *const ncb_inbox_item) -> u64 {
    boundary_u64(|| {
        // SAFETY: forwarded contract.
        unsafe { get(item) }.map_or(0, |i| i.item.seq)
    })
}

fn boundary_u64(f: impl FnOnce() -> u64) -> u64 {
    crate::panic::boundary_or(0, f)
}

/// The item's id (the envelope's id, or the notification's own): what
/// duplicates share. NULL if `item` is NULL.
///
/// Ownership: owned by the item. Thread safety: any thread.
///
/// # Safety
/// `item` is NULL or a live item.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_inbox_item_id(item: *const ncb_inbox_item) -> *const c_char {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { get(item) }.map_or(std::ptr::null(), |i| i.id.as_ptr()))
}

/// What the item carries: `"envelope"` (a notice, diffusion or message,
/// verified), `"hit_notification"` (someone's check hit one of this NCB's
/// records) or `"notice_status"` (one of this NCB's notices changed
/// status); later versions may add kinds. NULL if `item` is NULL.
///
/// Ownership: static. Thread safety: any thread.
///
/// # Safety
/// `item` is NULL or a live item.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_inbox_item_kind(item: *const ncb_inbox_item) -> *const c_char {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { get(item) }.map_or(std::ptr::null(), |i| i.kind.as_ptr()))
}

/// The whole item as JSON:
/// `{"seq":7,"id":…,"received_at":…,"kind":"envelope","envelope":{…}}` (or
/// `"notification":{…}` for the other kinds); `*len` (optional) receives
/// its length. NULL if `item` is NULL. The envelope is the bytes the
/// sender signed, as the hub delivered them: the members and values of a
/// later contract version (docs/compatibility.md) are there unchanged.
///
/// Ownership: owned by the item; valid until `ncb_inbox_item_free`. Thread
/// safety: any thread.
///
/// # Safety
/// `item` is NULL or a live item; `len` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_inbox_item_json(item: *const ncb_inbox_item, len: *mut usize) -> *const c_char {
    boundary(|| {
        // SAFETY: forwarded contract.
        let Some(i) = (unsafe { get(item) }) else {
            return std::ptr::null();
        };
        if !len.is_null() {
            // SAFETY: non-NULL, writable (contract).
            unsafe { ffi::write_out(len, i.json_len) };
        }
        i.json.as_ptr()
    })
}

/// Frees an item. NULL is a no-op.
///
/// Thread safety: no other thread may be using `item`.
///
/// # Safety
/// `item` is NULL or an item not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_inbox_item_free(item: *mut ncb_inbox_item) {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { ffi::free_box(item) })
}
