//! Writes that outlive their caller: the keys being sent right now (so that
//! no flush sends the same key twice at once) and the background task that
//! delivers a write whose caller dropped it before the hub answered.
//!
//! A write is stored in the outbox before it is sent. If the future sending
//! it is dropped (a `select!`, a timeout, a cancelled C or Python call)
//! between the two, or while the hub is answering, the write is still in
//! the outbox: the [`InFlight`] guard of that send wakes the flusher when it
//! is dropped unanswered, and the flusher sends every pending write that is
//! not in flight, oldest first, with its original `Idempotency-Key`, until
//! the outbox holds nothing it can send. The hub deduplicates by key, so a
//! write it already applied is answered again, never applied twice; one it
//! is still applying is answered 409 `IDEMPOTENCY_KEY_IN_FLIGHT`, which the
//! flusher takes as "try later".
//!
//! The flusher exists only with an outbox file, is spawned on the runtime of
//! the client's first write, and ends when the client is dropped.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use tokio::sync::Notify;

use super::{Client, ClientInner};

/// The keys being sent, with how many sends of each are under way.
#[derive(Default)]
pub(crate) struct InFlightKeys(Mutex<HashMap<String, usize>>);

impl InFlightKeys {
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.0.lock().map(|m| m.contains_key(key)).unwrap_or(false)
    }

    fn add(&self, key: &str) {
        if let Ok(mut m) = self.0.lock() {
            *m.entry(key.to_owned()).or_default() += 1;
        }
    }

    fn remove(&self, key: &str) {
        if let Ok(mut m) = self.0.lock()
            && let Some(n) = m.get_mut(key)
        {
            *n -= 1;
            if *n == 0 {
                m.remove(key);
            }
        }
    }
}

/// One send of a write under way. Dropped before [`InFlight::answered`],
/// it wakes the flusher.
pub(crate) struct InFlight<'c> {
    client: &'c Client,
    key: String,
    answered: bool,
}

impl<'c> InFlight<'c> {
    pub(crate) fn new(client: &'c Client, key: &str) -> Self {
        client.inner.in_flight.add(key);
        InFlight {
            client,
            key: key.to_owned(),
            answered: false,
        }
    }

    /// The write left the outbox, or stays there on purpose (a transport
    /// failure the caller was told about): nothing for the flusher.
    pub(crate) fn answered(mut self) {
        self.answered = true;
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.client.inner.in_flight.remove(&self.key);
        if !self.answered
            && let Some(notify) = self.client.inner.flusher.get()
        {
            tracing::debug!(key = %self.key, "a write was dropped before its answer: waking the flusher");
            notify.notify_one();
        }
    }
}

/// Starts the flusher on the current runtime, once, when the client has an
/// outbox file.
pub(crate) fn ensure_started(client: &Client) {
    if client.inner.store.is_none() || client.inner.flusher.get().is_some() {
        return;
    }
    let Ok(rt) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let notify = Arc::new(Notify::new());
    if client.inner.flusher.set(notify.clone()).is_ok() {
        rt.spawn(run(Arc::downgrade(&client.inner), notify));
    }
}

/// Wakes the flusher of a client being dropped, so that it ends.
pub(crate) fn stop(inner: &ClientInner) {
    if let Some(notify) = inner.flusher.get() {
        notify.notify_one();
    }
}

async fn run(client: Weak<ClientInner>, notify: Arc<Notify>) {
    loop {
        notify.notified().await;
        let mut attempt = 0;
        loop {
            // Only a weak reference between flushes: the task never keeps
            // a client alive.
            let Some(inner) = client.upgrade() else { return };
            let client = Client { inner };
            let again = match client.flush_outbox().await {
                Ok(report) => {
                    for (w, e) in &report.rejected {
                        tracing::warn!(key = %w.key, path = %w.path, error = %e, "the hub refused a write sent in the background");
                    }
                    report.remaining > 0
                }
                Err(e) => {
                    tracing::warn!(error = %e, "background flush of the outbox failed");
                    true
                }
            };
            if !again {
                break;
            }
            // At least 50 ms apart, whatever the policy: never a busy loop.
            let wait = client
                .inner
                .retry
                .backoff(attempt, None)
                .max(std::time::Duration::from_millis(50));
            drop(client);
            tokio::time::sleep(wait).await;
            attempt = attempt.saturating_add(1);
        }
    }
}
