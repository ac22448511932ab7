//! The client operations, shared by `Client` (which waits on them) and
//! `AsyncClient` (which hands them to asyncio): each reads its Python
//! arguments while attached and returns a `'static` future over a clone of
//! the core client; its answer becomes Python objects once attached again.
//! Also shared: batches of checks, the state of a search, and the inbox
//! consumer's calls.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;

use ncblink::client::{FlushReport, PendingWrite};
use ncblink::model::Envelope;
use ncblink::model::query::{CheckResult, DocumentCheck, FirearmCheck, PersonCheck, Record, VehicleCheck};
use ncblink::wire::{InboxItem, NoticeQuery, NoticeSummary, SuspendRequest};
use ncblink::{Client, Error};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyMapping};
use serde::Serialize;

use crate::input::{self, Unreadable};
use crate::pyjson::{Answer, answer};
use crate::{convert, errors};

/// What an operation answers, ready for Python.
pub enum Out {
    /// An answer: a dict, a list of dicts.
    Json(Answer),
    /// Nothing (`None`).
    Unit,
    /// The outcome of `flush_outbox`.
    Flush(FlushReport),
    /// The writes in the outbox.
    Pending(Vec<PendingWrite>),
}

/// A running operation.
pub type Op = Pin<Box<dyn Future<Output = Result<Out, Error>> + Send + 'static>>;

fn json<T: Serialize + Send + 'static>(fut: impl Future<Output = Result<T, Error>> + Send + 'static) -> Op {
    Box::pin(async move { fut.await.map(|v| Out::Json(answer(v))) })
}

fn unit(fut: impl Future<Output = Result<(), Error>> + Send + 'static) -> Op {
    Box::pin(async move { fut.await.map(|()| Out::Unit) })
}

impl Out {
    /// The Python object.
    pub fn into_py(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(match self {
            Out::Json(v) => v(py)?,
            Out::Unit => py.None(),
            Out::Flush(report) => flush_report(py, report)?.into_any().unbind(),
            Out::Pending(writes) => {
                let list = PyList::empty(py);
                for w in &writes {
                    list.append(pending_write(py, w)?)?;
                }
                list.into_any().unbind()
            }
        })
    }
}

fn pending_write<'py>(py: Python<'py>, w: &PendingWrite) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("seq", w.seq)?;
    d.set_item("key", &w.key)?;
    d.set_item("method", &w.method)?;
    d.set_item("path", &w.path)?;
    d.set_item("body", w.body.as_deref().map(|b| PyBytes::new(py, b)))?;
    d.set_item("attempts", w.attempts)?;
    Ok(d)
}

/// `{"delivered": n, "rejected": [{"write": {...}, "error": <exception>}], "remaining": n}`.
fn flush_report(py: Python<'_>, report: FlushReport) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("delivered", report.delivered)?;
    let rejected = PyList::empty(py);
    for (write, error) in report.rejected {
        let r = PyDict::new(py);
        r.set_item("write", pending_write(py, &write)?)?;
        r.set_item("error", errors::from_core(py, error).into_value(py))?;
        rejected.append(r)?;
    }
    d.set_item("rejected", rejected)?;
    d.set_item("remaining", report.remaining)?;
    Ok(d)
}

// ----- arguments

fn envelope(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Envelope> {
    input::document(py, obj, "the envelope")
}

/// `search_notices(**filters)`: the keyword arguments as a `NoticeQuery`;
/// an unknown filter is a `TypeError`, as an unknown keyword would be.
pub fn notice_query(py: Python<'_>, filters: Option<&Bound<'_, PyDict>>) -> PyResult<NoticeQuery> {
    let Some(filters) = filters else {
        return Ok(NoticeQuery::default());
    };
    let value = match convert::to_value(filters.as_any())? {
        convert::Converted::Value(v) => v,
        convert::Converted::Unreadable(e) => {
            return Err(errors::validation(py, ncblink::validate::report_of_parse_error(&e))?);
        }
    };
    ncblink::json::from_value::<NoticeQuery>(value).map_err(|e| {
        if e.code == "FIELD.UNKNOWN" {
            let name = e.pointer.trim_start_matches('/');
            PyTypeError::new_err(format!(
                "search_notices() got an unknown filter '{name}'; the filters are type, status, name, \
                 date_of_birth, nationality, source, limit and cursor"
            ))
        } else {
            errors::validation(py, ncblink::validate::report_of_parse_error(&e)).unwrap_or_else(|e| e)
        }
    })
}

/// The `id` and `seq` of an inbox item (a dict as iteration gave it).
pub fn item_position(item: &Bound<'_, PyAny>) -> PyResult<(String, u64)> {
    let bad = || PyTypeError::new_err("ack() takes an inbox item: a mapping with its 'id' (str) and 'seq' (int)");
    let m = item.cast::<PyMapping>().map_err(|_| bad())?;
    let id: String = m.get_item("id").and_then(|v| v.extract()).map_err(|_| bad())?;
    let seq: u64 = m.get_item("seq").and_then(|v| v.extract()).map_err(|_| bad())?;
    Ok((id, seq))
}

// ----- operations

pub fn health(c: &Client) -> Op {
    let c = c.clone();
    json(async move { c.health().await })
}

pub fn directory(c: &Client) -> Op {
    let c = c.clone();
    json(async move { c.directory().await })
}

pub fn verify(py: Python<'_>, c: &Client, env: &Bound<'_, PyAny>) -> PyResult<Op> {
    let (c, doc) = (c.clone(), input::json_bytes(py, env, "the envelope")?);
    Ok(unit(async move { c.verify_json(&doc).await }))
}

pub fn submit_notice(py: Python<'_>, c: &Client, env: &Bound<'_, PyAny>) -> PyResult<Op> {
    let (c, env) = (c.clone(), envelope(py, env)?);
    Ok(json(async move { c.submit_notice(env).await }))
}

pub fn get_notice(c: &Client, id: String) -> Op {
    let c = c.clone();
    json(async move { c.get_notice(&id).await })
}

pub fn update_notice(py: Python<'_>, c: &Client, id: String, env: &Bound<'_, PyAny>) -> PyResult<Op> {
    let (c, env) = (c.clone(), envelope(py, env)?);
    Ok(json(async move { c.update_notice(&id, env).await }))
}

pub fn keys(c: &Client, ncb: String) -> PyResult<Op> {
    let ncb: ncblink::model::NcbCode = ncb
        .parse()
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("ncb {ncb:?}: {e}")))?;
    let c = c.clone();
    Ok(json(async move { c.keys(ncb).await }))
}

/// The public key and kid of a `SigningKey`, or of a public key given as
/// its JWK `x` (base64url) with its kid.
fn public_key(key: &Bound<'_, PyAny>, kid: Option<String>) -> PyResult<(ncblink::sign::VerifyingKey, String)> {
    if let Ok(k) = key.cast::<crate::keys::SigningKey>() {
        let k = k.get();
        return match kid {
            Some(other) if other != k.kid => Err(pyo3::exceptions::PyValueError::new_err(
                "kid differs from the SigningKey's own kid: leave kid out with a SigningKey",
            )),
            _ => Ok((k.key.verifying_key(), k.kid.clone())),
        };
    }
    let x: String = key
        .extract()
        .map_err(|_| PyTypeError::new_err("key must be a SigningKey, or a public key in base64url with its kid"))?;
    let kid = kid.ok_or_else(|| pyo3::exceptions::PyValueError::new_err("a public key goes with its kid"))?;
    let vk =
        ncblink::sign::decode_public_key(&x).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    Ok((vk, kid))
}

pub fn register_key(c: &Client, key: &Bound<'_, PyAny>, kid: Option<String>) -> PyResult<Op> {
    let (vk, kid) = public_key(key, kid)?;
    let c = c.clone();
    Ok(json(async move { c.register_key(&vk, &kid).await }))
}

pub fn rotate_key(c: &Client, key: &Bound<'_, crate::keys::SigningKey>) -> Op {
    let (sk, kid) = (key.get().key.clone(), key.get().kid.clone());
    let c = c.clone();
    json(async move { c.rotate_key(sk, &kid).await })
}

pub fn retire_key(c: &Client, kid: String) -> Op {
    let c = c.clone();
    json(async move { c.retire_key(&kid).await })
}

pub fn revoke_key(c: &Client, kid: String) -> Op {
    let c = c.clone();
    json(async move { c.revoke_key(&kid).await })
}

pub fn withdraw_notice(c: &Client, id: String, reason: String) -> Op {
    let c = c.clone();
    json(async move { c.withdraw_notice(&id, &reason).await })
}

pub fn suspend_notice(c: &Client, id: String, until: &Bound<'_, PyAny>, reason: Option<String>) -> PyResult<Op> {
    let request = SuspendRequest {
        until: input::instant(until, "until")?,
        reason,
    };
    let c = c.clone();
    Ok(json(async move { c.suspend_notice(&id, &request).await }))
}

pub fn resume_notice(c: &Client, id: String) -> Op {
    let c = c.clone();
    json(async move { c.resume_notice(&id).await })
}

pub fn send_diffusion(py: Python<'_>, c: &Client, env: &Bound<'_, PyAny>) -> PyResult<Op> {
    let (c, env) = (c.clone(), envelope(py, env)?);
    Ok(json(async move { c.send_diffusion(env).await }))
}

pub fn get_diffusion(c: &Client, id: String) -> Op {
    let c = c.clone();
    json(async move { c.get_diffusion(&id).await })
}

pub fn get_message(c: &Client, id: String) -> Op {
    let c = c.clone();
    json(async move { c.get_message(&id).await })
}

pub fn send_message(py: Python<'_>, c: &Client, env: &Bound<'_, PyAny>) -> PyResult<Op> {
    let (c, env) = (c.clone(), envelope(py, env)?);
    Ok(json(async move { c.send_message(env).await }))
}

pub fn ack_inbox(c: &Client, seq: u64) -> Op {
    let c = c.clone();
    json(async move { c.ack_inbox(seq).await })
}

pub fn register_record(py: Python<'_>, c: &Client, record: &Bound<'_, PyAny>) -> PyResult<Op> {
    let record: Record = input::document(py, record, "the record")?;
    let c = c.clone();
    Ok(json(async move { c.register_record(&record).await }))
}

pub fn get_record(c: &Client, id: String) -> Op {
    let c = c.clone();
    json(async move { c.get_record(&id).await })
}

pub fn delete_record(c: &Client, id: String) -> Op {
    let c = c.clone();
    unit(async move { c.delete_record(&id).await })
}

pub fn flush_outbox(c: &Client) -> Op {
    let c = c.clone();
    Box::pin(async move { c.flush_outbox().await.map(Out::Flush) })
}

pub fn pending_writes(c: &Client) -> Op {
    let c = c.clone();
    Box::pin(async move { c.pending_writes().await.map(Out::Pending) })
}

// ----- checks

/// The four kinds of database check.
#[derive(Clone, Copy, Debug)]
pub enum CheckKind {
    Document,
    Vehicle,
    Person,
    Firearm,
}

impl CheckKind {
    fn what(self) -> &'static str {
        match self {
            CheckKind::Document => "a document check",
            CheckKind::Vehicle => "a vehicle check",
            CheckKind::Person => "a person check",
            CheckKind::Firearm => "a firearm check",
        }
    }

    /// An empty batch of this kind.
    pub fn batch(self) -> Checks {
        match self {
            CheckKind::Document => Checks::Documents(Vec::new()),
            CheckKind::Vehicle => Checks::Vehicles(Vec::new()),
            CheckKind::Person => Checks::Persons(Vec::new()),
            CheckKind::Firearm => Checks::Firearms(Vec::new()),
        }
    }

    /// One check.
    pub fn single(self, py: Python<'_>, c: &Client, check: &Bound<'_, PyAny>) -> PyResult<Op> {
        let mut batch = self.batch();
        batch.push(check).map_err(|e| e.into_err(py, None))?;
        let c = c.clone();
        Ok(json(async move {
            match batch {
                Checks::Documents(v) => c.check_document(&v[0]).await,
                Checks::Vehicles(v) => c.check_vehicle(&v[0]).await,
                Checks::Persons(v) => c.check_person(&v[0]).await,
                Checks::Firearms(v) => c.check_firearm(&v[0]).await,
            }
        }))
    }
}

/// Checks of one kind, read from Python and waiting to be sent.
pub enum Checks {
    Documents(Vec<DocumentCheck>),
    Vehicles(Vec<VehicleCheck>),
    Persons(Vec<PersonCheck>),
    Firearms(Vec<FirearmCheck>),
}

impl Checks {
    /// How many.
    pub fn len(&self) -> usize {
        match self {
            Checks::Documents(v) => v.len(),
            Checks::Vehicles(v) => v.len(),
            Checks::Persons(v) => v.len(),
            Checks::Firearms(v) => v.len(),
        }
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reads one more check.
    pub fn push(&mut self, obj: &Bound<'_, PyAny>) -> Result<(), Unreadable> {
        let what = match self {
            Checks::Documents(_) => CheckKind::Document.what(),
            Checks::Vehicles(_) => CheckKind::Vehicle.what(),
            Checks::Persons(_) => CheckKind::Person.what(),
            Checks::Firearms(_) => CheckKind::Firearm.what(),
        };
        match self {
            Checks::Documents(v) => v.push(input::read(obj, what)?),
            Checks::Vehicles(v) => v.push(input::read(obj, what)?),
            Checks::Persons(v) => v.push(input::read(obj, what)?),
            Checks::Firearms(v) => v.push(input::read(obj, what)?),
        }
        Ok(())
    }

    /// Sends them (the core splits them into requests of at most 1,000 and
    /// keeps the input order).
    pub async fn run(self, c: Client) -> Result<Vec<CheckResult>, Error> {
        match &self {
            Checks::Documents(v) => c.check_documents(v).await,
            Checks::Vehicles(v) => c.check_vehicles(v).await,
            Checks::Persons(v) => c.check_persons(v).await,
            Checks::Firearms(v) => c.check_firearms(v).await,
        }
    }
}

// ----- search

/// Where a search stands: the query of the next page, and what is left of
/// the current one.
#[derive(Default)]
pub struct Search {
    query: Option<NoticeQuery>,
    page: VecDeque<NoticeSummary>,
}

impl Search {
    /// A search that has fetched nothing yet.
    pub fn new(query: NoticeQuery) -> Self {
        Search {
            query: Some(query),
            page: VecDeque::new(),
        }
    }

    /// The next notice of the current page, without fetching.
    pub fn buffered(&mut self) -> Option<NoticeSummary> {
        self.page.pop_front()
    }

    /// The next notice, fetching the next page when the current one is
    /// done; `None` after the last. Cancel-safe: the state changes only
    /// once a page has arrived.
    pub async fn next(&mut self, c: &Client) -> Result<Option<NoticeSummary>, Error> {
        loop {
            if let Some(item) = self.page.pop_front() {
                return Ok(Some(item));
            }
            let Some(q) = self.query.clone() else {
                return Ok(None);
            };
            let page = c.notices_page(&q).await?;
            self.query = page.next_cursor.map(|cursor| NoticeQuery {
                cursor: Some(cursor),
                ..q
            });
            self.page = page.items.into();
        }
    }
}

// ----- inbox

/// An inbox consumer shared by the calls on it (`Client.inbox()`,
/// `AsyncClient.inbox()`). An `Option` only so that `with_wait`, which
/// takes the core's consumer by value, can swap it: it is `Some` between
/// calls.
pub type InboxState = std::sync::Arc<tokio::sync::Mutex<Option<ncblink::client::Inbox>>>;

/// The next item of an inbox, polling again when `follow`.
pub async fn next_item(state: InboxState, follow: bool) -> Result<Option<InboxItem>, ncblink::Error> {
    let mut guard = state.lock().await;
    let Some(inbox) = guard.as_mut() else {
        return Ok(None);
    };
    loop {
        match inbox.try_next().await? {
            Some(item) => return Ok(Some(item)),
            None if follow => continue,
            None => return Ok(None),
        }
    }
}

/// Acknowledges an item (by its id and seq).
pub async fn ack_item(state: InboxState, id: String, seq: u64) -> Result<(), ncblink::Error> {
    let mut guard = state.lock().await;
    match guard.as_mut() {
        Some(inbox) => inbox.ack_at(id, seq).await,
        None => Ok(()),
    }
}

/// Drops the item held back after a signature error.
pub fn skip_held(inbox: &mut Option<ncblink::client::Inbox>) -> Option<InboxItem> {
    inbox.as_mut().and_then(|i| i.skip_held())
}

/// A long-poll wait in seconds: whole seconds count (the hub's unit), at
/// most 30.
pub fn poll_wait(seconds: f64) -> PyResult<std::time::Duration> {
    if !(seconds.is_finite() && seconds >= 0.0) {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "wait must be 0 to 30 seconds, not {seconds}"
        )));
    }
    Ok(std::time::Duration::from_secs_f64(seconds.min(30.0)))
}

/// Sets the long-poll wait.
pub fn set_wait(inbox: &mut Option<ncblink::client::Inbox>, wait: std::time::Duration) {
    *inbox = inbox.take().map(|i| i.with_wait(wait));
}
