//! The inbox as a consumer: items in order with long polling; the
//! application acknowledges each after handling it; duplicates are dropped
//! by id; envelopes are verified against the directory, and one that does
//! not verify reaches the application as an error, never silently.
//!
//! Position: the hub keeps each NCB's acknowledged position and, asked
//! without a cursor, starts after it. The client keeps the same position
//! and the ids it handled in the outbox file, so after a restart it resumes
//! at the first item not acknowledged and skips any item it had handled but
//! whose acknowledgement did not reach the hub.

use std::collections::{HashSet, VecDeque};
use std::time::Duration;

use super::Client;
use crate::Error;
use crate::wire::{InboxItem, InboxItemKind, InboxQuery, MAX_WAIT_SECONDS};

/// An inbox consumer. Create one with [`Client::inbox`].
pub struct Inbox {
    client: Client,
    buffer: VecDeque<InboxItem>,
    cursor: Option<String>,
    wait: Duration,
    /// Handled ids when the client has no outbox file.
    seen: HashSet<String>,
    acked: u64,
}

impl std::fmt::Debug for Inbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inbox")
            .field("buffered", &self.buffer.len())
            .field("acked", &self.acked)
            .finish()
    }
}

impl Inbox {
    pub(crate) fn new(client: Client) -> Self {
        Inbox {
            client,
            buffer: VecDeque::new(),
            cursor: None,
            wait: Duration::from_secs(MAX_WAIT_SECONDS),
            seen: HashSet::new(),
            acked: 0,
        }
    }

    /// How long one poll waits for an item (at most 30 s, the default).
    pub fn with_wait(mut self, wait: Duration) -> Self {
        self.wait = wait.min(Duration::from_secs(MAX_WAIT_SECONDS));
        self
    }

    async fn handled(&self, item: &InboxItem) -> Result<bool, Error> {
        if item.seq <= self.acked {
            return Ok(true);
        }
        match &self.client.inner.store {
            Some(store) => store.seen(self.client.inner.ncb.to_string(), item.id.to_string()).await,
            None => Ok(self.seen.contains(&item.id.to_string())),
        }
    }

    /// Polls the hub once (waiting up to the configured wait) and returns
    /// the next item not yet handled, or `None` if none came.
    ///
    /// An envelope whose signature does not verify is returned as
    /// [`Error::Signature`]; acknowledge its `seq` (from the error's
    /// context, [`Inbox::ack_seq`]) to move past it.
    pub async fn try_next(&mut self) -> Result<Option<InboxItem>, Error> {
        if self.acked == 0
            && let Some(store) = &self.client.inner.store
        {
            self.acked = store.acked_seq(self.client.inner.ncb.to_string()).await?;
        }
        loop {
            if let Some(item) = self.buffer.pop_front() {
                if self.handled(&item).await? {
                    continue;
                }
                if item.kind == InboxItemKind::Envelope {
                    let Some(env) = &item.envelope else {
                        return Err(Error::Signature(format!("inbox item {} has no envelope", item.seq)));
                    };
                    if let Err(e) = self.client.verify(env).await {
                        // Held back, never handed over as if it were sound.
                        self.buffer.push_front(item);
                        return Err(e);
                    }
                }
                return Ok(Some(item));
            }
            let query = InboxQuery {
                cursor: self.cursor.clone(),
                limit: Some(100),
                wait: Some(self.wait.as_secs()),
            };
            let page = self.client.inbox_page(&query).await?;
            self.cursor = Some(page.next_cursor);
            if page.items.is_empty() {
                return Ok(None);
            }
            self.buffer.extend(page.items);
        }
    }

    /// The next item, waiting as long as it takes.
    pub async fn next(&mut self) -> Result<InboxItem, Error> {
        loop {
            if let Some(item) = self.try_next().await? {
                return Ok(item);
            }
        }
    }

    /// The `seq` of the item held back after a signature error, to
    /// acknowledge it (and so drop it) once the application has logged it.
    pub fn ack_seq(&self) -> Option<u64> {
        self.buffer.front().map(|i| i.seq)
    }

    /// Drops the item held back after a signature error without handling
    /// it; acknowledge its seq to tell the hub.
    pub fn skip_held(&mut self) -> Option<InboxItem> {
        self.buffer.pop_front()
    }

    /// Marks `item` handled: remembered locally (so it is never handed over
    /// again), then acknowledged to the hub with everything before it.
    pub async fn ack(&mut self, item: &InboxItem) -> Result<(), Error> {
        self.ack_at(item.id.to_string(), item.seq).await
    }

    /// Acknowledges by position (for an item skipped after an error).
    pub async fn ack_at(&mut self, id: String, seq: u64) -> Result<(), Error> {
        match &self.client.inner.store {
            Some(store) => store.mark_handled(self.client.inner.ncb.to_string(), id, seq).await?,
            None => {
                self.seen.insert(id);
            }
        }
        self.acked = self.acked.max(seq);
        self.client.ack_inbox(seq).await?;
        Ok(())
    }
}
