//! `ncblink.Client`: the hub client for synchronous code. Each call runs
//! the core's future on the calling thread with the GIL released (see
//! [`crate::runtime`]); one client is safe to share between threads.
//!
//! Batch checks read any iterable a chunk of 1,000 at a time and send each
//! chunk as soon as it is read, up to `batch_concurrency` requests in
//! flight, so that reading the items and waiting on the hub overlap.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;

use ncblink::model::query::CheckResult;
use ncblink::wire::MAX_BATCH_ITEMS;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::config::{Identity, Options};
use crate::errors;
use crate::ops::{self, CheckKind, InboxState, Op, Search, ack_item, next_item, poll_wait, set_wait, skip_held};
use crate::pyjson::to_py;
use crate::runtime::{Core, Slot};

/// A client of the hub for one NCB.
#[pyclass(frozen, module = "ncblink._native")]
pub struct Client {
    slot: Slot,
    identity: Identity,
    batch_concurrency: usize,
}

impl Client {
    fn core(&self, py: Python<'_>) -> PyResult<Arc<Core>> {
        self.slot.get(py)
    }

    fn run(&self, py: Python<'_>, op: impl FnOnce(&ncblink::Client) -> PyResult<Op>) -> PyResult<Py<PyAny>> {
        let core = self.core(py)?;
        let op = op(core.client())?;
        core.call(py, op)?.into_py(py)
    }

    fn batch(&self, py: Python<'_>, kind: CheckKind, items: &Bound<'_, PyAny>) -> PyResult<Py<PyList>> {
        let core = self.core(py)?;
        core.check_process(py)?;
        let iter = items.try_iter().map_err(|_| {
            PyTypeError::new_err(format!(
                "batch checks take an iterable of checks, not an object of type {}",
                items.get_type().name().map(|n| n.to_string()).unwrap_or_default()
            ))
        })?;
        let out = PyList::empty(py);
        let mut inflight = Inflight(VecDeque::new());
        let mut chunk = kind.batch();
        for (index, item) in iter.enumerate() {
            chunk.push(&item?).map_err(|e| e.into_err(py, Some(index)))?;
            if chunk.len() == MAX_BATCH_ITEMS {
                let full = std::mem::replace(&mut chunk, kind.batch());
                inflight
                    .0
                    .push_back(core.runtime().spawn(full.run(core.client().clone())));
                if inflight.0.len() >= self.batch_concurrency {
                    inflight.collect_first(py, &core, &out)?;
                }
            }
        }
        if !chunk.is_empty() {
            inflight
                .0
                .push_back(core.runtime().spawn(chunk.run(core.client().clone())));
        }
        while !inflight.0.is_empty() {
            inflight.collect_first(py, &core, &out)?;
        }
        Ok(out.unbind())
    }
}

type ChunkTask = tokio::task::JoinHandle<Result<Vec<CheckResult>, ncblink::Error>>;

/// Batch requests in flight, oldest first; aborted if the batch fails or
/// is interrupted.
struct Inflight(VecDeque<ChunkTask>);

impl Inflight {
    /// Waits for the oldest request and appends its results to `out`.
    fn collect_first(&mut self, py: Python<'_>, core: &Core, out: &Bound<'_, PyList>) -> PyResult<()> {
        let Some(first) = self.0.front_mut() else {
            return Ok(());
        };
        let joined = core.wait(py, first)?;
        self.0.pop_front();
        let results = match joined {
            Ok(r) => r.map_err(|e| errors::from_core(py, e))?,
            Err(e) => {
                return Err(errors::new(
                    py,
                    errors::Kind::Error,
                    (format!("a batch request failed: {e}"),),
                )?);
            }
        };
        for r in &results {
            out.append(to_py(py, r)?)?;
        }
        Ok(())
    }
}

impl Drop for Inflight {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

#[pymethods]
impl Client {
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
        let batch = batch_concurrency;
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
        Ok(Client {
            slot: Slot::new(core),
            identity,
            batch_concurrency: batch as usize,
        })
    }

    /// The hub's URL (without any credentials it carried).
    #[getter]
    fn hub_url(&self) -> &str {
        &self.identity.hub_url
    }

    /// The NCB this client acts for.
    #[getter]
    fn ncb(&self) -> &str {
        &self.identity.ncb
    }

    /// Whether `close()` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.slot.is_closed()
    }

    /// Stops the client's runtime once the calls in flight have returned;
    /// later calls raise `ncblink.Error`. Idempotent.
    fn close(&self) {
        self.slot.close();
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __exit__(&self, _type: &Bound<'_, PyAny>, _value: &Bound<'_, PyAny>, _traceback: &Bound<'_, PyAny>) -> bool {
        self.close();
        false
    }

    fn __repr__(&self) -> String {
        self.identity.repr("Client", self.slot.is_closed())
    }

    /// `GET /v1/health`: `{"status": "ok", "version": …}`.
    fn health(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.run(py, |c| Ok(ops::health(c)))
    }

    /// The NCB directory with the public signing keys.
    fn directory(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.run(py, |c| Ok(ops::directory(c)))
    }

    /// One NCB's public keys as a JWK Set.
    fn keys(&self, py: Python<'_>, ncb: String) -> PyResult<Py<PyAny>> {
        self.run(py, |c| ops::keys(c, ncb))
    }

    /// Publishes a key of this client's NCB: a `SigningKey` (its public
    /// part), or a public key in base64url with its `kid`. Signed by the
    /// client's signing key (a sandbox also takes it with the token alone).
    #[pyo3(signature = (key, kid = None))]
    fn register_key(&self, py: Python<'_>, key: &Bound<'_, PyAny>, kid: Option<String>) -> PyResult<Py<PyAny>> {
        self.run(py, |c| ops::register_key(c, key, kid))
    }

    /// Registers `key`, signs with it from now on and retires the previous
    /// key.
    fn rotate_key(&self, py: Python<'_>, key: &Bound<'_, crate::keys::SigningKey>) -> PyResult<Py<PyAny>> {
        self.run(py, |c| Ok(ops::rotate_key(c, key)))
    }

    /// Retires key `kid`: it signs nothing new; what it signed still verifies.
    fn retire_key(&self, py: Python<'_>, kid: String) -> PyResult<Py<PyAny>> {
        self.run(py, |c| Ok(ops::retire_key(c, kid)))
    }

    /// Revokes key `kid`: nothing created from now on verifies with it.
    fn revoke_key(&self, py: Python<'_>, kid: String) -> PyResult<Py<PyAny>> {
        self.run(py, |c| Ok(ops::revoke_key(c, kid)))
    }

    /// Verifies an envelope's signature against the directory; raises
    /// `SignatureError` if it does not hold.
    fn verify(&self, py: Python<'_>, envelope: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.run(py, |c| ops::verify(py, c, envelope))
    }

    /// Submits a notice request (signed when a key is configured).
    fn submit_notice(&self, py: Python<'_>, envelope: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.run(py, |c| ops::submit_notice(py, c, envelope))
    }

    /// A notice by envelope id or INTERPOL id.
    fn get_notice(&self, py: Python<'_>, id: String) -> PyResult<Py<PyAny>> {
        self.run(py, |c| Ok(ops::get_notice(c, id)))
    }

    /// Replaces a notice request (its source only).
    fn update_notice(&self, py: Python<'_>, id: String, envelope: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.run(py, |c| ops::update_notice(py, c, id, envelope))
    }

    /// Withdraws a notice.
    fn withdraw_notice(&self, py: Python<'_>, id: String, reason: String) -> PyResult<Py<PyAny>> {
        self.run(py, |c| Ok(ops::withdraw_notice(c, id, reason)))
    }

    /// Suspends a notice until `until` (at most six months ahead).
    #[pyo3(signature = (id, until, reason = None))]
    fn suspend_notice(
        &self,
        py: Python<'_>,
        id: String,
        until: &Bound<'_, PyAny>,
        reason: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        self.run(py, |c| ops::suspend_notice(c, id, until, reason))
    }

    /// Ends a suspension.
    fn resume_notice(&self, py: Python<'_>, id: String) -> PyResult<Py<PyAny>> {
        self.run(py, |c| Ok(ops::resume_notice(c, id)))
    }

    /// The notices matching the filters, fetched a page at a time as the
    /// iteration goes.
    #[pyo3(signature = (**filters))]
    fn search_notices(slf: Py<Self>, py: Python<'_>, filters: Option<&Bound<'_, PyDict>>) -> PyResult<SearchIter> {
        let query = ops::notice_query(py, filters)?;
        slf.get().core(py)?;
        Ok(SearchIter {
            client: slf,
            state: Arc::new(tokio::sync::Mutex::new(Search::new(query))),
        })
    }

    /// Sends a diffusion.
    fn send_diffusion(&self, py: Python<'_>, envelope: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.run(py, |c| ops::send_diffusion(py, c, envelope))
    }

    /// A diffusion by id.
    fn get_diffusion(&self, py: Python<'_>, id: String) -> PyResult<Py<PyAny>> {
        self.run(py, |c| Ok(ops::get_diffusion(c, id)))
    }

    /// A direct message this NCB sent or received, by id.
    fn get_message(&self, py: Python<'_>, id: String) -> PyResult<Py<PyAny>> {
        self.run(py, |c| Ok(ops::get_message(c, id)))
    }

    /// Sends a direct message.
    fn send_message(&self, py: Python<'_>, envelope: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.run(py, |c| ops::send_message(py, c, envelope))
    }

    /// The inbox as a consumer: iterate to get the items in order.
    #[pyo3(signature = (wait = 30.0, follow = false))]
    fn inbox(slf: Py<Self>, py: Python<'_>, wait: f64, follow: bool) -> PyResult<Inbox> {
        let wait = poll_wait(wait)?;
        let core = slf.get().core(py)?;
        let inbox = core.client().inbox().with_wait(wait);
        Ok(Inbox {
            client: slf,
            state: Arc::new(tokio::sync::Mutex::new(Some(inbox))),
            follow,
        })
    }

    /// Acknowledges every inbox item up to `seq`.
    fn ack_inbox(&self, py: Python<'_>, seq: u64) -> PyResult<Py<PyAny>> {
        self.run(py, |c| Ok(ops::ack_inbox(c, seq)))
    }

    /// Registers a lost or stolen document, a stolen vehicle or firearm.
    fn register_record(&self, py: Python<'_>, record: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.run(py, |c| ops::register_record(py, c, record))
    }

    /// The full record behind a hit.
    fn get_record(&self, py: Python<'_>, id: String) -> PyResult<Py<PyAny>> {
        self.run(py, |c| Ok(ops::get_record(c, id)))
    }

    /// Removes a record this NCB registered.
    fn delete_record(&self, py: Python<'_>, id: String) -> PyResult<Py<PyAny>> {
        self.run(py, |c| Ok(ops::delete_record(c, id)))
    }

    /// Checks one travel document against SLTD.
    fn check_document(&self, py: Python<'_>, check: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.run(py, |c| CheckKind::Document.single(py, c, check))
    }

    /// Checks one vehicle against SMV.
    fn check_vehicle(&self, py: Python<'_>, check: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.run(py, |c| CheckKind::Vehicle.single(py, c, check))
    }

    /// Checks one person against notices and nominal data.
    fn check_person(&self, py: Python<'_>, check: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.run(py, |c| CheckKind::Person.single(py, c, check))
    }

    /// Checks one firearm against iARMS.
    fn check_firearm(&self, py: Python<'_>, check: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.run(py, |c| CheckKind::Firearm.single(py, c, check))
    }

    /// Checks many travel documents (any iterable); results in input order.
    fn check_documents(&self, py: Python<'_>, checks: &Bound<'_, PyAny>) -> PyResult<Py<PyList>> {
        self.batch(py, CheckKind::Document, checks)
    }

    /// Checks many vehicles.
    fn check_vehicles(&self, py: Python<'_>, checks: &Bound<'_, PyAny>) -> PyResult<Py<PyList>> {
        self.batch(py, CheckKind::Vehicle, checks)
    }

    /// Checks many persons.
    fn check_persons(&self, py: Python<'_>, checks: &Bound<'_, PyAny>) -> PyResult<Py<PyList>> {
        self.batch(py, CheckKind::Person, checks)
    }

    /// Checks many firearms.
    fn check_firearms(&self, py: Python<'_>, checks: &Bound<'_, PyAny>) -> PyResult<Py<PyList>> {
        self.batch(py, CheckKind::Firearm, checks)
    }

    /// Sends again the writes left in the outbox, oldest first.
    fn flush_outbox(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.run(py, |c| Ok(ops::flush_outbox(c)))
    }

    /// The writes waiting in the outbox.
    fn pending_writes(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.run(py, |c| Ok(ops::pending_writes(c)))
    }
}

/// The notices of `Client.search_notices`, a page at a time.
#[pyclass(frozen, module = "ncblink._native")]
pub struct SearchIter {
    client: Py<Client>,
    state: Arc<tokio::sync::Mutex<Search>>,
}

#[pymethods]
impl SearchIter {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let core = self.client.get().core(py)?;
        // Most items come from the page already fetched.
        if let Ok(mut state) = self.state.try_lock()
            && let Some(item) = state.buffered()
        {
            return Ok(Some(to_py(py, &item)?.unbind()));
        }
        let (state, c) = (self.state.clone(), core.client().clone());
        let next = core.call(py, async move { state.lock().await.next(&c).await })?;
        next.map(|v| to_py(py, &v).map(Bound::unbind)).transpose()
    }
}

/// An inbox consumer: iteration hands the items over in order, long
/// polling for `wait` seconds; it stops when a poll brings nothing, or
/// never with `follow=True`.
#[pyclass(frozen, module = "ncblink._native")]
pub struct Inbox {
    client: Py<Client>,
    state: InboxState,
    follow: bool,
}

#[pymethods]
impl Inbox {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let core = self.client.get().core(py)?;
        let item = core.call(py, next_item(self.state.clone(), self.follow))?;
        item.map(|v| to_py(py, &v).map(Bound::unbind)).transpose()
    }

    /// Marks `item` handled: remembered (never handed over again), then
    /// acknowledged to the hub with everything before it.
    fn ack(&self, py: Python<'_>, item: &Bound<'_, PyAny>) -> PyResult<()> {
        let (id, seq) = ops::item_position(item)?;
        let core = self.client.get().core(py)?;
        core.call(py, ack_item(self.state.clone(), id, seq))
    }

    /// After a `SignatureError`, drops the item held back and returns it
    /// (to log it and `ack` it); `None` when none is held.
    fn skip_held(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let core = self.client.get().core(py)?;
        let state = self.state.clone();
        let held = core.wait(py, async move { skip_held(&mut *state.lock().await) })?;
        held.map(|v| to_py(py, &v).map(Bound::unbind)).transpose()
    }

    /// Sets how long one poll waits for an item (whole seconds, at most
    /// 30) and returns the inbox.
    fn with_wait(slf: Py<Self>, py: Python<'_>, seconds: f64) -> PyResult<Py<Self>> {
        let seconds = poll_wait(seconds)?;
        let this = slf.get();
        let core = this.client.get().core(py)?;
        let state = this.state.clone();
        core.wait(py, async move { set_wait(&mut *state.lock().await, seconds) })?;
        Ok(slf)
    }

    /// Whether iteration goes on polling when a poll brings nothing.
    #[getter]
    fn follow(&self) -> bool {
        self.follow
    }
}
