//! Asynchronous calls, after libsignal's `CPromise`: a request runs on the
//! client's runtime and its completion callback fires exactly once — with
//! the result, a failure, `NCB_STATUS_CANCELLED` after `ncb_client_cancel`
//! or `ncb_client_free`, or `NCB_STATUS_PANIC` — on a thread of the
//! library's blocking pool, never the caller's and never a worker that
//! drives connections (a slow callback stalls nothing).
//!
//! Exactly once: the callback lives in a [`Completer`] that fires it when
//! asked and, failing that, when dropped (a task dropped by a runtime that
//! stops, a panic). The registry counts requests whose callback has not
//! returned, so that `ncb_client_free` can wait for them.

use std::collections::HashMap;
use std::ffi::{c_char, c_void};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tokio::sync::oneshot;

use crate::checks::ncb_check_result;
use crate::client::Shared;
use crate::errmap;
use crate::error::ncb_error;
use crate::status::ncb_status;

/// The completion callback of an asynchronous call answering a JSON
/// document: `userdata` as given; `status` (`NCB_STATUS_OK` or the
/// failure); on success `json`/`len` the answer (UTF-8, NUL-terminated,
/// `len` without the NUL) and `err` NULL; on failure `json` NULL, `len` 0
/// and `err` the detail. `json` and `err` are borrowed: valid only during
/// the call (copy what you keep; do not free them).
pub type ncb_json_cb = Option<
    unsafe extern "C" fn(
        userdata: *mut c_void,
        status: ncb_status,
        json: *const c_char,
        len: usize,
        err: *const crate::error::ncb_error,
    ),
>;

/// The completion callback of an asynchronous check: on success `result`
/// is the check's result and `err` NULL; on failure `result` is NULL and
/// `err` the detail. Both are borrowed: valid only during the call (use
/// `ncb_check_result_to_json` to keep a copy; do not free them).
pub type ncb_check_cb = Option<
    unsafe extern "C" fn(
        userdata: *mut c_void,
        status: ncb_status,
        result: *const ncb_check_result,
        err: *const crate::error::ncb_error,
    ),
>;

/// The caller's userdata, carried to the callback's thread.
#[derive(Clone, Copy)]
pub struct UserData(*mut c_void);

// SAFETY: the header's contract for every asynchronous call: userdata is
// handed to the callback on another thread, which the caller accepts by
// starting the call. Rust never dereferences it.
unsafe impl Send for UserData {}

impl UserData {
    /// Wraps the caller's pointer.
    pub fn new(p: *mut c_void) -> Self {
        UserData(p)
    }
    /// The pointer (a method, so that closures capture the `Send` wrapper).
    pub fn get(self) -> *mut c_void {
        self.0
    }
}

/// The asynchronous requests of one client.
#[derive(Default)]
pub struct Requests {
    state: Mutex<State>,
    idle: Condvar,
}

#[derive(Default)]
struct State {
    next_id: u64,
    /// Requests still running, with the way to cancel them.
    cancel: HashMap<u64, oneshot::Sender<()>>,
    /// Requests whose callback has not returned yet.
    outstanding: usize,
}

impl Requests {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Poison-tolerant: no code that holds the lock can panic midway
        // through a change.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn register(&self) -> (u64, oneshot::Receiver<()>) {
        let (tx, rx) = oneshot::channel();
        let mut s = self.lock();
        s.next_id += 1;
        let id = s.next_id;
        s.cancel.insert(id, tx);
        s.outstanding += 1;
        (id, rx)
    }

    /// Cancels a request still running; no-op for an unknown or finished id.
    pub fn cancel(&self, id: u64) {
        if let Some(tx) = self.lock().cancel.remove(&id) {
            let _ = tx.send(());
        }
    }

    /// Cancels every request still running.
    pub fn cancel_all(&self) {
        for (_, tx) in self.lock().cancel.drain() {
            let _ = tx.send(());
        }
    }

    fn finished(&self, id: u64) {
        let mut s = self.lock();
        s.cancel.remove(&id);
        s.outstanding = s.outstanding.saturating_sub(1);
        if s.outstanding == 0 {
            self.idle.notify_all();
        }
    }

    /// Waits until every callback has returned; false after `limit`.
    pub fn wait_idle(&self, limit: Duration) -> bool {
        let guard = self.lock();
        let (guard, _) = self
            .idle
            .wait_timeout_while(guard, limit, |s| s.outstanding > 0)
            .unwrap_or_else(|p| p.into_inner());
        guard.outstanding == 0
    }
}

/// What delivers a result to C: made by each asynchronous function, it
/// converts the core's value and calls the C callback.
pub type Deliver<T> = Box<dyn FnOnce(Result<T, ncb_error>) + Send>;

/// Holds a request's callback until it has fired, exactly once.
struct Completer<T> {
    id: u64,
    requests: Arc<Requests>,
    deliver: Option<Deliver<T>>,
    result: Option<Result<T, ncb_error>>,
}

impl<T> Completer<T> {
    fn fire(&mut self) {
        let Some(deliver) = self.deliver.take() else {
            return;
        };
        let result = self.result.take().unwrap_or_else(|| {
            // Fired from `drop` without a result: the task died.
            Err(if std::thread::panicking() {
                ncb_error::new(
                    ncb_status::Panic,
                    "internal error in libncblink (panic) during the request",
                )
            } else {
                ncb_error::new(ncb_status::Cancelled, "the request was dropped as the client stopped")
            })
        });
        // A panic while converting the result is contained here; the C
        // callback itself must not unwind (header contract).
        crate::panic::boundary(|| deliver(result));
        self.requests.finished(self.id);
    }
}

impl<T> Drop for Completer<T> {
    fn drop(&mut self) {
        self.fire();
    }
}

/// Puts back a value whose request was cancelled after the value was made
/// but before its callback fired (an inbox item: the next read returns it).
pub type GiveBack<T> = Box<dyn FnOnce(T) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send>;

/// Starts `fut` on the client's runtime and returns the request id; the
/// result goes to `deliver` on a blocking-pool thread.
pub fn start<T, F>(shared: &Shared, fut: F, deliver: Deliver<T>) -> u64
where
    T: Send + 'static,
    F: Future<Output = Result<T, ncblink::Error>> + Send + 'static,
{
    start_giving_back(shared, fut, deliver, None)
}

fn cancelled_error(id: u64) -> ncb_error {
    ncb_error::new(ncb_status::Cancelled, format!("request {id} was cancelled"))
}

/// As [`start`], for a value that must not be dropped unseen: when the
/// cancel lands after `fut` finished but before the callback is on its way,
/// `give_back` receives the value and the callback `NCB_STATUS_CANCELLED`.
pub fn start_giving_back<T, F>(shared: &Shared, fut: F, deliver: Deliver<T>, give_back: Option<GiveBack<T>>) -> u64
where
    T: Send + 'static,
    F: Future<Output = Result<T, ncblink::Error>> + Send + 'static,
{
    let (id, mut cancelled) = shared.requests.register();
    let mut completer = Completer {
        id,
        requests: shared.requests.clone(),
        deliver: Some(deliver),
        result: None,
    };
    shared.handle().spawn(async move {
        let result = tokio::select! {
            biased;
            _ = &mut cancelled => Err(cancelled_error(id)),
            r = fut => r.map_err(errmap::from_core),
        };
        // The last point where a cancel can still undo the request: past
        // it, the value is delivered (the call's one outcome).
        let result = match (result, give_back) {
            (Ok(value), Some(give_back)) if cancelled.try_recv().is_ok() => {
                give_back(value).await;
                Err(cancelled_error(id))
            }
            (result, _) => result,
        };
        completer.result = Some(result);
        // Off the workers that drive connections. If the pool refuses (the
        // runtime is stopping), the closure is dropped and the completer's
        // drop delivers the stored result.
        drop(tokio::task::spawn_blocking(move || {
            let mut c = completer;
            c.fire();
        }));
    });
    id
}

/// A `Deliver` for JSON answers: serialises the value and calls `cb`.
pub fn deliver_json<T: serde::Serialize + Send + 'static>(
    cb: unsafe extern "C" fn(*mut c_void, ncb_status, *const c_char, usize, *const ncb_error),
    userdata: UserData,
) -> Deliver<T> {
    Box::new(move |result: Result<T, ncb_error>| {
        let text = result.and_then(|v| errmap::to_json(&v)).map(crate::ffi::cstring);
        match text {
            // SAFETY: the caller registered `cb` for this userdata and
            // accepted a call from a library thread; the string lives until
            // after the call.
            Ok(s) => unsafe {
                cb(
                    userdata.get(),
                    ncb_status::Ok,
                    s.as_ptr(),
                    s.as_bytes().len(),
                    std::ptr::null(),
                )
            },
            // SAFETY: as above; the error lives until after the call.
            Err(e) => unsafe { cb(userdata.get(), e.status(), std::ptr::null(), 0, &e) },
        }
    })
}

/// A `Deliver` for checks: wraps the result and calls `cb`.
pub fn deliver_check(
    cb: unsafe extern "C" fn(*mut c_void, ncb_status, *const ncb_check_result, *const ncb_error),
    userdata: UserData,
) -> Deliver<ncblink::model::query::CheckResult> {
    Box::new(move |result| match result {
        Ok(r) => {
            let r = ncb_check_result::new(r);
            // SAFETY: as in `deliver_json`; the result lives until after
            // the call.
            unsafe { cb(userdata.get(), ncb_status::Ok, &r, std::ptr::null()) }
        }
        // SAFETY: as above.
        Err(e) => unsafe { cb(userdata.get(), e.status(), std::ptr::null(), &e) },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_completer_fires_once_even_when_only_dropped() {
        let requests = Arc::new(Requests::default());
        let (id, _rx) = requests.register();
        let fired = Arc::new(Mutex::new(Vec::new()));
        let seen = fired.clone();
        let c: Completer<u32> = Completer {
            id,
            requests: requests.clone(),
            deliver: Some(Box::new(move |r| seen.lock().unwrap().push(r.map_err(|e| e.status())))),
            result: None,
        };
        assert!(!requests.wait_idle(Duration::from_millis(1)));
        drop(c);
        assert_eq!(*fired.lock().unwrap(), vec![Err(ncb_status::Cancelled)]);
        assert!(requests.wait_idle(Duration::from_millis(1)));
        // Cancelling a finished or unknown id is a no-op.
        requests.cancel(id);
        requests.cancel(12345);
    }

    /// A client that never connects: the futures below make no request.
    fn client() -> *mut crate::client::ncb_client {
        use std::ptr::null_mut;
        let (mut config, mut client) = (null_mut(), null_mut());
        // SAFETY: valid strings, writable outputs; the config is freed.
        unsafe {
            let url = c"http://127.0.0.1:1".as_ptr();
            assert_eq!(
                crate::config::ncb_config_new(url, c"FR".as_ptr(), &mut config, null_mut()),
                ncb_status::Ok
            );
            assert_eq!(
                crate::client::ncb_client_new(config, &mut client, null_mut()),
                ncb_status::Ok
            );
            crate::config::ncb_config_free(config);
        }
        client
    }

    #[test]
    fn a_value_cancelled_before_its_delivery_is_given_back() {
        let c = client();
        // SAFETY: live until freed below.
        let s = unsafe { crate::client::shared(c) }.expect("a live client");
        let given = Arc::new(Mutex::new(Vec::new()));
        let delivered = Arc::new(Mutex::new(Vec::new()));
        let start = |fut: Pin<Box<dyn Future<Output = Result<u32, ncblink::Error>> + Send>>| {
            let g = given.clone();
            let give_back: GiveBack<u32> = Box::new(move |v| Box::pin(async move { g.lock().unwrap().push(v) }));
            let d = delivered.clone();
            let deliver: Deliver<u32> = Box::new(move |r| d.lock().unwrap().push(r.map_err(|e| e.status())));
            start_giving_back(s, fut, deliver, Some(give_back))
        };
        // The cancel lands after the value was made, before its delivery:
        // the value goes back, the callback says CANCELLED.
        let (id_tx, id_rx) = oneshot::channel();
        let requests = s.requests.clone();
        let id = start(Box::pin(async move {
            let id = id_rx.await.map_err(|_| ncblink::Error::Config("no id".into()))?;
            requests.cancel(id);
            Ok(42)
        }));
        id_tx.send(id).unwrap();
        assert!(s.requests.wait_idle(Duration::from_secs(60)));
        assert_eq!(*given.lock().unwrap(), vec![42]);
        assert_eq!(*delivered.lock().unwrap(), vec![Err(ncb_status::Cancelled)]);
        // Not cancelled: delivered, nothing given back.
        start(Box::pin(async { Ok(7) }));
        assert!(s.requests.wait_idle(Duration::from_secs(60)));
        assert_eq!(*given.lock().unwrap(), vec![42]);
        assert_eq!(*delivered.lock().unwrap(), vec![Err(ncb_status::Cancelled), Ok(7)]);
        // SAFETY: live, freed once.
        unsafe { crate::client::ncb_client_free(c) };
    }
}
