//! `ncblink._native.AsyncClient`: the operations as asyncio futures (the
//! façade `ncblink.AsyncClient` wraps them in coroutines).
//!
//! Each call spawns the core's future on the client's runtime and returns
//! an `asyncio.Future` of the running loop. When the Rust future is done,
//! its outcome goes over a channel to a thread of this client (the
//! completer), which takes the GIL, builds the Python result and hands it
//! to the loop with `call_soon_threadsafe`. The runtime's workers never
//! wait for the GIL (a worker blocked on it would stall every task it
//! runs). Cancelling the asyncio future (a cancelled task, a `wait_for`
//! timeout) aborts the tokio task, which drops the request in flight.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;

use pyo3::exceptions::{PyRuntimeError, PyStopAsyncIteration, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use serde::Serialize;

use crate::config::{Identity, Options};
use crate::errors;
use crate::ops::{self, CheckKind, InboxState, Op, Search, ack_item, next_item, poll_wait, set_wait, skip_held};
use crate::pyjson::to_py;
use crate::runtime::{Core, Slot};

/// Builds the Python outcome, with the GIL, on the completer thread.
type Finish = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

/// Puts a value that no awaiter received back where it came from (an inbox
/// item whose future was cancelled after the item was taken).
type GiveBack = Box<dyn FnOnce() + Send>;

/// A finished call on its way to its asyncio future.
struct Completion {
    event_loop: Py<PyAny>,
    future: Py<PyAny>,
    finish: Finish,
    give_back: Option<GiveBack>,
}

/// The sending end of the completer thread.
#[derive(Clone)]
struct Completer(mpsc::Sender<Completion>);

impl Completer {
    /// Starts the thread; it ends when every sender is gone (the client
    /// and its tasks).
    fn start() -> PyResult<Completer> {
        let (tx, rx) = mpsc::channel::<Completion>();
        std::thread::Builder::new()
            .name("ncblink-asyncio".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    // Everything that finished meanwhile, under one GIL hold.
                    let mut batch = vec![first];
                    batch.extend(rx.try_iter());
                    if Python::try_attach(|py| batch.into_iter().for_each(|c| deliver(py, c))).is_none() {
                        // The interpreter is shutting down: nobody awaits.
                        break;
                    }
                }
            })
            .map_err(|e| PyRuntimeError::new_err(format!("starting the asyncio completion thread: {e}")))?;
        Ok(Completer(tx))
    }
}

static COMPLETE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn deliver(py: Python<'_>, c: Completion) {
    let (ok, value) = match (c.finish)(py) {
        Ok(v) => (true, v),
        Err(e) => (false, e.into_value(py).into_any()),
    };
    let give_back = match c.give_back {
        Some(f) => match Py::new(py, _GiveBack(std::sync::Mutex::new(Some(f)))) {
            Ok(g) => g.into_any(),
            Err(_) => py.None(),
        },
        None => py.None(),
    };
    let Ok(complete) = COMPLETE.import(py, "ncblink._native", "_complete") else {
        return;
    };
    // A closed loop refuses the callback: its awaiter is gone.
    if c.event_loop
        .call_method1(
            py,
            "call_soon_threadsafe",
            (complete, c.future, ok, value, give_back.clone_ref(py)),
        )
        .is_err()
        && let Ok(g) = give_back.bind(py).cast::<_GiveBack>()
    {
        g.get().run();
    }
}

/// Sets an asyncio future's outcome, on its loop, unless it was cancelled;
/// then `give_back` (when given) returns the value to where it came from.
#[pyfunction]
#[pyo3(signature = (future, ok, value, give_back=None))]
pub fn _complete(
    future: &Bound<'_, PyAny>,
    ok: bool,
    value: &Bound<'_, PyAny>,
    give_back: Option<&Bound<'_, _GiveBack>>,
) -> PyResult<()> {
    if future.call_method0("done")?.is_truthy()? {
        if let Some(g) = give_back {
            g.get().run();
        }
        return Ok(());
    }
    let method = if ok { "set_result" } else { "set_exception" };
    future.call_method1(method, (value,))?;
    Ok(())
}

/// The give-back of a value whose future was cancelled: runs once.
#[pyclass(frozen, module = "ncblink._native")]
pub struct _GiveBack(std::sync::Mutex<Option<GiveBack>>);

#[pymethods]
impl _GiveBack {
    /// Puts the value back (the first call only).
    fn run(&self) {
        let f = self.0.lock().ok().and_then(|mut f| f.take());
        if let Some(f) = f {
            f();
        }
    }
}

/// Aborts the tokio task when its asyncio future is done (cancelled, or
/// finished: aborting a finished task does nothing).
#[pyclass(frozen, module = "ncblink._native")]
pub struct _Abort(tokio::task::AbortHandle);

#[pymethods]
impl _Abort {
    fn __call__(&self, _future: &Bound<'_, PyAny>) {
        self.0.abort();
    }
}

/// The asyncio future a task completes; a task dropped before it finished
/// (aborted, or the client closed) completes it with an error, so that no
/// awaiter waits forever.
struct Pending {
    tx: Completer,
    target: Option<(Py<PyAny>, Py<PyAny>)>,
}

impl Pending {
    fn complete(mut self, finish: Finish, give_back: Option<GiveBack>) {
        if let Some((event_loop, future)) = self.target.take() {
            let _ = self.tx.0.send(Completion {
                event_loop,
                future,
                finish,
                give_back,
            });
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some((event_loop, future)) = self.target.take() {
            let finish: Finish = Box::new(|py| {
                Err(errors::new(
                    py,
                    errors::Kind::Error,
                    ("the call was cancelled: the client was closed or the task cancelled",),
                )?)
            });
            let _ = self.tx.0.send(Completion {
                event_loop,
                future,
                finish,
                give_back: None,
            });
        }
    }
}

/// The running loop and a new future of it.
fn new_future(py: Python<'_>) -> PyResult<(Bound<'_, PyAny>, Bound<'_, PyAny>)> {
    let get_loop = GET_RUNNING_LOOP.import(py, "asyncio", "get_running_loop")?;
    let event_loop = get_loop.call0()?;
    let future = event_loop.call_method0("create_future")?;
    Ok((event_loop, future))
}

/// An async client's core and completer.
struct Shared {
    slot: Slot,
    completer: Completer,
}

impl Shared {
    /// Spawns `fut`; its value goes through `finish` to the returned future.
    fn spawn<'py, T: Send + 'static>(
        &self,
        py: Python<'py>,
        core: &Core,
        fut: impl Future<Output = Result<T, ncblink::Error>> + Send + 'static,
        finish: fn(Python<'_>, T) -> PyResult<Py<PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.spawn_giving_back(py, core, fut, finish, |_| None)
    }

    /// [`Shared::spawn`] for a value taken from somewhere: if the future
    /// was cancelled once the value was taken, what `give_back` makes from
    /// it puts it back.
    fn spawn_giving_back<'py, T: Send + 'static>(
        &self,
        py: Python<'py>,
        core: &Core,
        fut: impl Future<Output = Result<T, ncblink::Error>> + Send + 'static,
        finish: fn(Python<'_>, T) -> PyResult<Py<PyAny>>,
        give_back: impl FnOnce(&T) -> Option<GiveBack> + Send + 'static,
    ) -> PyResult<Bound<'py, PyAny>> {
        core.check_process(py)?;
        let (event_loop, future) = new_future(py)?;
        let pending = Pending {
            tx: self.completer.clone(),
            target: Some((event_loop.unbind(), future.clone().unbind())),
        };
        let task = core.runtime().spawn(async move {
            let outcome = fut.await;
            let give_back = outcome.as_ref().ok().and_then(give_back);
            pending.complete(
                Box::new(move |py| match outcome {
                    Ok(v) => finish(py, v),
                    Err(e) => Err(errors::from_core(py, e)),
                }),
                give_back,
            );
        });
        future.call_method1("add_done_callback", (_Abort(task.abort_handle()),))?;
        Ok(future)
    }

    fn op<'py>(
        &self,
        py: Python<'py>,
        make: impl FnOnce(&ncblink::Client) -> PyResult<Op>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let core = self.slot.get(py)?;
        let op = make(core.client())?;
        self.spawn(py, &core, op, |py, out| out.into_py(py))
    }
}

fn json_or_stop<T: Serialize>(py: Python<'_>, item: Option<T>) -> PyResult<Py<PyAny>> {
    match item {
        Some(v) => Ok(to_py(py, &v)?.unbind()),
        None => Err(PyStopAsyncIteration::new_err(())),
    }
}

fn json<T: Serialize>(py: Python<'_>, value: T) -> PyResult<Py<PyAny>> {
    Ok(to_py(py, &value)?.unbind())
}

/// The asyncio client: every operation returns an `asyncio.Future`.
#[pyclass(frozen, module = "ncblink._native")]
pub struct AsyncClient {
    shared: Arc<Shared>,
    identity: Identity,
}

impl AsyncClient {
    fn batch<'py>(&self, py: Python<'py>, kind: CheckKind, items: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let core = self.shared.slot.get(py)?;
        let iter = items.try_iter().map_err(|_| {
            PyTypeError::new_err(format!(
                "batch checks take an iterable of checks, not an object of type {}",
                items.get_type().name().map(|n| n.to_string()).unwrap_or_default()
            ))
        })?;
        let mut checks = kind.batch();
        for (index, item) in iter.enumerate() {
            checks.push(&item?).map_err(|e| e.into_err(py, Some(index)))?;
        }
        let run = checks.run(core.client().clone());
        self.shared.spawn(py, &core, run, json)
    }
}

#[pymethods]
impl AsyncClient {
    #[new]
    #[pyo3(signature = (
        hub_url, ncb, *, token = None, cert = None, key = None, ca = None, signing_key = None, kid = None,
        outbox = None, connect_timeout = 5.0, request_timeout = 30.0, max_retries = 4, batch_concurrency = 4,
        forward_unknown = false
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        hub_url: &str,
        ncb: &str,
        token: Option<String>,
        cert: Option<&Bound<'_, PyAny>>,
        key: Option<&Bound<'_, PyAny>>,
        ca: Option<&Bound<'_, PyAny>>,
        signing_key: Option<&Bound<'_, PyAny>>,
        kid: Option<String>,
        outbox: Option<PathBuf>,
        connect_timeout: f64,
        request_timeout: f64,
        max_retries: i64,
        batch_concurrency: i64,
        forward_unknown: bool,
    ) -> PyResult<Self> {
        let (builder, identity) = Options {
            hub_url,
            ncb,
            token,
            cert,
            key,
            ca,
            signing_key,
            kid,
            outbox,
            connect_timeout,
            request_timeout,
            max_retries,
            batch_concurrency,
            forward_unknown,
        }
        .builder(py)?;
        let core = py.detach(|| Core::new(builder)).map_err(|e| errors::from_core(py, e))?;
        Ok(AsyncClient {
            shared: Arc::new(Shared {
                slot: Slot::new(core),
                completer: Completer::start()?,
            }),
            identity,
        })
    }

    #[getter]
    fn hub_url(&self) -> &str {
        &self.identity.hub_url
    }

    #[getter]
    fn ncb(&self) -> &str {
        &self.identity.ncb
    }

    #[getter]
    fn closed(&self) -> bool {
        self.shared.slot.is_closed()
    }

    /// Stops the runtime; calls in flight fail with `ncblink.Error`.
    fn close(&self) {
        self.shared.slot.close();
    }

    fn __repr__(&self) -> String {
        self.identity.repr("AsyncClient", self.shared.slot.is_closed())
    }

    fn health<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| Ok(ops::health(c)))
    }

    fn directory<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| Ok(ops::directory(c)))
    }

    fn verify<'py>(&self, py: Python<'py>, envelope: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| ops::verify(py, c, envelope))
    }

    fn submit_notice<'py>(&self, py: Python<'py>, envelope: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| ops::submit_notice(py, c, envelope))
    }

    fn get_notice<'py>(&self, py: Python<'py>, id: String) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| Ok(ops::get_notice(c, id)))
    }

    fn update_notice<'py>(
        &self,
        py: Python<'py>,
        id: String,
        envelope: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| ops::update_notice(py, c, id, envelope))
    }

    fn keys<'py>(&self, py: Python<'py>, ncb: String) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| ops::keys(c, ncb))
    }

    #[pyo3(signature = (key, kid = None))]
    fn register_key<'py>(
        &self,
        py: Python<'py>,
        key: &Bound<'py, PyAny>,
        kid: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| ops::register_key(c, key, kid))
    }

    fn rotate_key<'py>(
        &self,
        py: Python<'py>,
        key: &Bound<'py, crate::keys::SigningKey>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| Ok(ops::rotate_key(c, key)))
    }

    fn retire_key<'py>(&self, py: Python<'py>, kid: String) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| Ok(ops::retire_key(c, kid)))
    }

    fn revoke_key<'py>(&self, py: Python<'py>, kid: String) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| Ok(ops::revoke_key(c, kid)))
    }

    fn withdraw_notice<'py>(&self, py: Python<'py>, id: String, reason: String) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| Ok(ops::withdraw_notice(c, id, reason)))
    }

    #[pyo3(signature = (id, until, reason = None))]
    fn suspend_notice<'py>(
        &self,
        py: Python<'py>,
        id: String,
        until: &Bound<'py, PyAny>,
        reason: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| ops::suspend_notice(c, id, until, reason))
    }

    fn resume_notice<'py>(&self, py: Python<'py>, id: String) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| Ok(ops::resume_notice(c, id)))
    }

    /// The notices matching the filters, as an async iterator.
    #[pyo3(signature = (**filters))]
    fn search_notices(&self, py: Python<'_>, filters: Option<&Bound<'_, PyDict>>) -> PyResult<AsyncSearch> {
        let query = ops::notice_query(py, filters)?;
        self.shared.slot.get(py)?;
        Ok(AsyncSearch {
            shared: self.shared.clone(),
            state: Arc::new(tokio::sync::Mutex::new(Search::new(query))),
        })
    }

    fn send_diffusion<'py>(&self, py: Python<'py>, envelope: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| ops::send_diffusion(py, c, envelope))
    }

    fn get_diffusion<'py>(&self, py: Python<'py>, id: String) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| Ok(ops::get_diffusion(c, id)))
    }

    fn get_message<'py>(&self, py: Python<'py>, id: String) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| Ok(ops::get_message(c, id)))
    }

    fn send_message<'py>(&self, py: Python<'py>, envelope: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| ops::send_message(py, c, envelope))
    }

    /// The inbox as an async iterator.
    #[pyo3(signature = (wait = 30.0, follow = false))]
    fn inbox(&self, py: Python<'_>, wait: f64, follow: bool) -> PyResult<AsyncInbox> {
        let wait = poll_wait(wait)?;
        let core = self.shared.slot.get(py)?;
        Ok(AsyncInbox {
            shared: self.shared.clone(),
            state: Arc::new(tokio::sync::Mutex::new(Some(core.client().inbox().with_wait(wait)))),
            follow,
        })
    }

    fn ack_inbox<'py>(&self, py: Python<'py>, seq: u64) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| Ok(ops::ack_inbox(c, seq)))
    }

    fn register_record<'py>(&self, py: Python<'py>, record: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| ops::register_record(py, c, record))
    }

    fn get_record<'py>(&self, py: Python<'py>, id: String) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| Ok(ops::get_record(c, id)))
    }

    fn delete_record<'py>(&self, py: Python<'py>, id: String) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| Ok(ops::delete_record(c, id)))
    }

    fn check_document<'py>(&self, py: Python<'py>, check: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| CheckKind::Document.single(py, c, check))
    }

    fn check_vehicle<'py>(&self, py: Python<'py>, check: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| CheckKind::Vehicle.single(py, c, check))
    }

    fn check_person<'py>(&self, py: Python<'py>, check: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| CheckKind::Person.single(py, c, check))
    }

    fn check_firearm<'py>(&self, py: Python<'py>, check: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| CheckKind::Firearm.single(py, c, check))
    }

    fn check_documents<'py>(&self, py: Python<'py>, checks: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.batch(py, CheckKind::Document, checks)
    }

    fn check_vehicles<'py>(&self, py: Python<'py>, checks: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.batch(py, CheckKind::Vehicle, checks)
    }

    fn check_persons<'py>(&self, py: Python<'py>, checks: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.batch(py, CheckKind::Person, checks)
    }

    fn check_firearms<'py>(&self, py: Python<'py>, checks: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.batch(py, CheckKind::Firearm, checks)
    }

    fn flush_outbox<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| Ok(ops::flush_outbox(c)))
    }

    fn pending_writes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.op(py, |c| Ok(ops::pending_writes(c)))
    }
}

/// `AsyncClient.search_notices`: an async iterator over the notices.
#[pyclass(frozen, module = "ncblink._native")]
pub struct AsyncSearch {
    shared: Arc<Shared>,
    state: Arc<tokio::sync::Mutex<Search>>,
}

#[pymethods]
impl AsyncSearch {
    fn __aiter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let core = self.shared.slot.get(py)?;
        // An item of the page already fetched: a future already done.
        if let Ok(mut state) = self.state.try_lock()
            && let Some(item) = state.buffered()
        {
            core.check_process(py)?;
            let (_, future) = new_future(py)?;
            future.call_method1("set_result", (to_py(py, &item)?,))?;
            return Ok(future);
        }
        let (state, c) = (self.state.clone(), core.client().clone());
        let next = async move { state.lock().await.next(&c).await };
        self.shared.spawn(py, &core, next, json_or_stop)
    }
}

/// `AsyncClient.inbox`: an async iterator over the inbox.
#[pyclass(frozen, module = "ncblink._native")]
pub struct AsyncInbox {
    shared: Arc<Shared>,
    state: InboxState,
    follow: bool,
}

impl AsyncInbox {
    fn locked(&self) -> PyResult<tokio::sync::MutexGuard<'_, Option<ncblink::client::Inbox>>> {
        self.state
            .try_lock()
            .map_err(|_| PyRuntimeError::new_err("the inbox is being polled; wait for the poll to end"))
    }
}

#[pymethods]
impl AsyncInbox {
    fn __aiter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let core = self.shared.slot.get(py)?;
        let next = next_item(self.state.clone(), self.follow);
        // Cancelled (`asyncio.wait_for`) after the item was taken: the item
        // goes back to the inbox, and the next read returns it.
        let state = self.state.clone();
        let rt = core.runtime().handle().clone();
        let give_back = move |item: &Option<ncblink::wire::InboxItem>| -> Option<GiveBack> {
            let item = item.clone()?;
            Some(Box::new(move || {
                rt.spawn(async move {
                    if let Some(inbox) = state.lock().await.as_mut() {
                        inbox.unread(item);
                    }
                });
            }))
        };
        self.shared.spawn_giving_back(py, &core, next, json_or_stop, give_back)
    }

    /// Marks `item` handled and acknowledges it (a future).
    fn ack<'py>(&self, py: Python<'py>, item: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let (id, seq) = ops::item_position(item)?;
        let core = self.shared.slot.get(py)?;
        let ack = ack_item(self.state.clone(), id, seq);
        self.shared.spawn(py, &core, ack, |py, ()| Ok(py.None()))
    }

    /// After a `SignatureError`, drops the item held back and returns it.
    fn skip_held(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let held = skip_held(&mut *self.locked()?);
        held.map(|item| json(py, item)).transpose()
    }

    /// Sets the long-poll wait and returns the inbox.
    fn with_wait(slf: Py<Self>, seconds: f64) -> PyResult<Py<Self>> {
        let wait = poll_wait(seconds)?;
        set_wait(&mut *slf.get().locked()?, wait);
        Ok(slf)
    }

    #[getter]
    fn follow(&self) -> bool {
        self.follow
    }
}
