//! The tokio runtime a Python client owns, with the async core client it
//! runs, and how the synchronous methods wait on it.
//!
//! - [`Core::wait`] runs a future on the calling thread with the GIL
//!   released, in slices of [`SLICE`]: between two slices it takes the GIL
//!   back briefly to run Python's signal handlers, so that Ctrl-C raises
//!   `KeyboardInterrupt` within a fraction of a second even in a 30 s long
//!   poll, and the future (the request in flight) is dropped cleanly.
//! - Fork safety: a forked child has none of the runtime's threads, so any
//!   use would hang. The PID is recorded at creation; a call from another
//!   process raises `ncblink.Error`, and the child never tears down what it
//!   does not own (the runtime is leaked there, on purpose).

use std::future::Future;
use std::time::Duration;

use pyo3::prelude::*;

use crate::errors;

/// How long the GIL stays released before signals are checked.
pub const SLICE: Duration = Duration::from_millis(100);

/// A core client and the runtime it runs on.
pub struct Core {
    /// `None` only while dropping.
    parts: Option<(tokio::runtime::Runtime, ncblink::Client)>,
    pid: u32,
}

impl Core {
    /// Starts the runtime (two worker threads: the machine this serves is
    /// usually small, and the calling threads poll their own requests) and
    /// builds the client.
    pub fn new(builder: ncblink::ClientBuilder) -> Result<Core, ncblink::Error> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("ncblink-client")
            .enable_all()
            .build()
            .map_err(|e| ncblink::Error::Config(format!("starting the client's runtime: {e}")))?;
        let client = {
            let _guard = rt.enter();
            builder.build()?
        };
        Ok(Core {
            parts: Some((rt, client)),
            pid: std::process::id(),
        })
    }

    fn parts(&self) -> &(tokio::runtime::Runtime, ncblink::Client) {
        // Set from construction until drop.
        self.parts.as_ref().expect("core used while dropping")
    }

    /// The core client (cheap to clone).
    pub fn client(&self) -> &ncblink::Client {
        &self.parts().1
    }

    /// The runtime.
    pub fn runtime(&self) -> &tokio::runtime::Runtime {
        &self.parts().0
    }

    /// Fails in a process other than the one that created the client.
    pub fn check_process(&self, py: Python<'_>) -> PyResult<()> {
        let now = std::process::id();
        if now == self.pid {
            return Ok(());
        }
        Err(errors::new(
            py,
            errors::Kind::Error,
            (format!(
                "this ncblink client was created in process {} and cannot be used in process {now} after os.fork(): \
                 its runtime's threads do not exist here. Create the client after the fork, or use the 'spawn' or \
                 'forkserver' start method of multiprocessing",
                self.pid
            ),),
        )?)
    }

    /// Runs `fut` to completion on the calling thread, the GIL released,
    /// interruptible by signals (see the module documentation).
    pub fn wait<F>(&self, py: Python<'_>, fut: F) -> PyResult<F::Output>
    where
        F: Future + Send,
        F::Output: Send,
    {
        self.check_process(py)?;
        let rt = self.runtime();
        let mut fut = std::pin::pin!(fut);
        loop {
            let slice = py.detach(|| rt.block_on(async { tokio::time::timeout(SLICE, fut.as_mut()).await.ok() }));
            // The call's log records, on the caller's thread.
            crate::pylog::drain(py);
            match slice {
                Some(out) => return Ok(out),
                // A signal handler that raises (KeyboardInterrupt) ends the
                // wait here; `fut` is dropped on return, which cancels it.
                None => py.check_signals()?,
            }
        }
    }

    /// [`Core::wait`] for a core call, mapping its error to the exception.
    pub fn call<T: Send>(
        &self,
        py: Python<'_>,
        fut: impl Future<Output = Result<T, ncblink::Error>> + Send,
    ) -> PyResult<T> {
        self.wait(py, fut)?.map_err(|e| errors::from_core(py, e))
    }
}

impl Drop for Core {
    fn drop(&mut self) {
        let Some((rt, client)) = self.parts.take() else {
            return;
        };
        if std::process::id() != self.pid {
            // A forked child: the runtime's threads and the client's
            // connections belong to the parent. Tearing them down here could
            // hang on threads that do not exist; leave them be.
            std::mem::forget((rt, client));
            return;
        }
        drop(client);
        // Without waiting: the workers need no interpreter to stop, and the
        // caller may hold the GIL.
        rt.shutdown_background();
    }
}

/// A Python client's hold on its core: shared by the calls in flight, let
/// go by `close()` (the runtime stops once the last call has returned).
#[derive(Default)]
pub struct Slot(std::sync::RwLock<Option<std::sync::Arc<Core>>>);

impl Slot {
    /// Holds `core`.
    pub fn new(core: Core) -> Self {
        Slot(std::sync::RwLock::new(Some(std::sync::Arc::new(core))))
    }

    /// The core, or `ncblink.Error` once closed.
    pub fn get(&self, py: Python<'_>) -> PyResult<std::sync::Arc<Core>> {
        let core = self.0.read().ok().and_then(|c| c.clone());
        match core {
            Some(core) => Ok(core),
            None => Err(errors::new(py, errors::Kind::Error, ("the client is closed",))?),
        }
    }

    /// Lets the core go.
    pub fn close(&self) {
        let core = self.0.write().ok().and_then(|mut c| c.take());
        drop(core);
    }

    /// Whether `close()` was called.
    pub fn is_closed(&self) -> bool {
        self.0.read().map(|c| c.is_none()).unwrap_or(true)
    }
}
