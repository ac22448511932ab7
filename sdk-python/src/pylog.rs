//! The core's `tracing` events as records of the `logging` logger
//! `ncblink`: one record per request (target `ncblink::http`: method, path,
//! status, duration, retries as the record's attributes), and the core's
//! other events at INFO and above.
//!
//! Events happen on the client's runtime threads, which must never wait for
//! the GIL; they are queued (bounded: a burst past [`CAPACITY`] drops the
//! newest) and handed to `logging` by the Python thread that made the call,
//! when its call returns ([`drain`]), so handlers run where the caller runs.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use tracing::field::{Field, Visit};
use tracing::level_filters::LevelFilter;
use tracing::subscriber::Interest;
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// The most records waiting for a Python thread.
pub const CAPACITY: usize = 4096;

/// One value of an event's field.
enum Value {
    Int(i64),
    Text(String),
}

/// An event waiting to become a `logging` record.
struct Record {
    level: u8,
    target: &'static str,
    message: String,
    fields: Vec<(&'static str, Value)>,
}

static QUEUE: Mutex<VecDeque<Record>> = Mutex::new(VecDeque::new());

#[derive(Default)]
struct Fields {
    message: String,
    fields: Vec<(&'static str, Value)>,
}

impl Visit for Fields {
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.fields.push((field.name(), Value::Int(value)));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.fields
            .push((field.name(), Value::Int(i64::try_from(value).unwrap_or(i64::MAX))));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            self.fields.push((field.name(), Value::Text(value.to_string())));
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            self.fields.push((field.name(), Value::Text(format!("{value:?}"))));
        }
    }
}

/// `logging`'s number for a level.
fn python_level(level: &Level) -> u8 {
    match *level {
        Level::ERROR => 40,
        Level::WARN => 30,
        Level::INFO => 20,
        _ => 10,
    }
}

struct Queue;

/// Whether an event is one this module hands on: decided once per call
/// site, so that the dependencies' debug events cost nothing.
fn wanted(metadata: &tracing::Metadata<'_>) -> bool {
    metadata.target().starts_with("ncblink") && *metadata.level() <= Level::INFO
}

impl<S: Subscriber> Layer<S> for Queue {
    fn register_callsite(&self, metadata: &'static tracing::Metadata<'static>) -> Interest {
        if wanted(metadata) {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, metadata: &tracing::Metadata<'_>, _: Context<'_, S>) -> bool {
        wanted(metadata)
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(LevelFilter::INFO)
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let record = Record {
            level: python_level(event.metadata().level()),
            target: event.metadata().target(),
            message: fields.message,
            fields: fields.fields,
        };
        if let Ok(mut q) = QUEUE.lock()
            && q.len() < CAPACITY
        {
            q.push_back(record);
        }
    }
}

/// Installs the queue as the process's subscriber (the extension module has
/// its own copy of `tracing`, so nothing else installs one).
pub fn install() {
    let _ = tracing::subscriber::set_global_default(tracing_subscriber::registry().with(Queue));
}

/// Hands the queued events to the logger `ncblink`. Never raises: a
/// failing handler must not turn a successful call into an error.
pub fn drain(py: Python<'_>) {
    let records: Vec<Record> = match QUEUE.lock() {
        Ok(mut q) if !q.is_empty() => q.drain(..).collect(),
        _ => return,
    };
    if let Err(e) = emit(py, records) {
        e.write_unraisable(py, None);
    }
}

fn emit(py: Python<'_>, records: Vec<Record>) -> PyResult<()> {
    static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let logger = LOGGER
        .get_or_try_init(py, || {
            py.import("logging")?
                .call_method1("getLogger", ("ncblink",))
                .map(Bound::unbind)
        })?
        .bind(py);
    for r in records {
        if !logger.call_method1("isEnabledFor", (r.level,))?.is_truthy()? {
            continue;
        }
        let extra = PyDict::new(py);
        let mut text = r.message;
        for (name, value) in &r.fields {
            match value {
                Value::Int(n) => extra.set_item(*name, n)?,
                Value::Text(t) => extra.set_item(*name, t)?,
            }
            let _ = match value {
                Value::Int(n) => write!(text, " {name}={n}"),
                Value::Text(t) => write!(text, " {name}={t}"),
            };
        }
        extra.set_item("ncblink_target", r.target)?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("extra", extra)?;
        logger.call_method("log", (r.level, text), Some(&kwargs))?;
    }
    Ok(())
}
