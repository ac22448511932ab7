//! `ncb_search`: every notice matching a query, one at a time, fetching
//! the next page from the hub when the current one runs out (the cursors
//! of `ncb_client_notices_page`, followed here as the core's blocking
//! iterator follows them).

use std::ffi::c_char;
use std::sync::{Arc, Mutex};

use ncblink::wire::{NoticeQuery, NoticeSummary};

use crate::checks::write_json;
use crate::client::{Shared, ncb_client, shared};
use crate::errmap;
use crate::error::ncb_error;
use crate::ffi;
use crate::panic::{boundary, status_boundary};
use crate::status::ncb_status;

/// A search in progress. Opaque; made by `ncb_search_new`, advanced by
/// `ncb_search_next`, freed by `ncb_search_free` (before its client).
///
/// Thread safety: one consumer; calls on one search from several threads
/// are serialised.
pub struct ncb_search {
    client: Arc<Shared>,
    state: Mutex<State>,
}

struct State {
    /// The query of the next page; `None` once the last page was fetched.
    next: Option<NoticeQuery>,
    page: std::vec::IntoIter<NoticeSummary>,
}

impl ncb_search {
    fn next(&self) -> Result<Option<NoticeSummary>, ncb_error> {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(item) = s.page.next() {
                return Ok(Some(item));
            }
            let Some(q) = s.next.take() else {
                return Ok(None);
            };
            // On failure the query is put back: the next call retries the
            // same page.
            let page = match self.client.block_on(self.client.client.notices_page(&q)) {
                Ok(page) => page,
                Err(e) => {
                    s.next = Some(q);
                    return Err(e);
                }
            };
            s.next = page.next_cursor.map(|c| NoticeQuery { cursor: Some(c), ..q });
            s.page = page.items.into_iter();
        }
    }
}

/// Starts a search: `query`/`len` is the query as for
/// `ncb_client_notices_page` (`{}` for every notice this NCB may see). No
/// request is sent until `ncb_search_next`.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_JSON`,
/// `NCB_STATUS_INVALID_DOCUMENT` (not a query; with its report),
/// `NCB_STATUS_FORKED`.
///
/// Ownership: free `*out` with `ncb_search_free`, before the client.
/// Thread safety: any thread.
///
/// # Safety
/// `client` is NULL or live; `query` NULL or readable for `len` bytes;
/// `out` and `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_search_new(
    client: *const ncb_client,
    query: *const c_char,
    len: usize,
    out: *mut *mut ncb_search,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let s = unsafe { shared(client) }?;
        // SAFETY: forwarded contract.
        let q: NoticeQuery = errmap::parse(unsafe { ffi::bytes(query, len, "query") }?, "notice query")?;
        ffi::non_null(out, "out")?;
        s.usable()?;
        let search = ncb_search {
            client: s.clone(),
            state: Mutex::new(State {
                next: Some(q),
                page: Vec::new().into_iter(),
            }),
        };
        // SAFETY: checked non-NULL, writable (contract).
        unsafe { ffi::write_out(out, ffi::into_raw(search)) };
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// The next notice of the search as JSON
/// (`{"id":…,"notice_id":…,"type":"red","status":"published","source":"FR","name":…}`),
/// or `*out` NULL (and `*out_len` 0) when there is none left. Fetches the
/// next page when needed; a failed fetch can be retried by calling again.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, the transport's 2xx, the hub's
/// 3xx, `NCB_STATUS_CANCELLED` (the client was freed), `NCB_STATUS_FORKED`.
///
/// Ownership: free `*out` with `ncb_string_free`. Thread safety: see
/// `ncb_search`.
///
/// # Safety
/// `search` is NULL or live; `out`, `out_len`, `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_search_next(
    search: *mut ncb_search,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let search = unsafe { ffi::try_ref(search, "search") }?;
        ffi::non_null(out, "out")?;
        match search.next()? {
            // SAFETY: `out` checked; both writable (contract).
            Some(item) => unsafe { write_json(out, out_len, errmap::to_json(&item)?) },
            // SAFETY: as above.
            None => unsafe {
                ffi::write_out(out, std::ptr::null_mut());
                if !out_len.is_null() {
                    ffi::write_out(out_len, 0);
                }
            },
        }
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// Frees a search. NULL is a no-op.
///
/// Thread safety: no other thread may be using `search`.
///
/// # Safety
/// `search` is NULL or a search not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_search_free(search: *mut ncb_search) {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { ffi::free_box(search) })
}
