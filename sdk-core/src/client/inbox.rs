//! The inbox as a consumer: items in order with long polling; the
//! application acknowledges each after handling it; duplicates are dropped
//! by id; envelopes are verified against the directory, and one that does
//! not verify is held back and reported to the application, never handed
//! over as sound and never passed silently.
//!
//! Position: the hub's acknowledgement is cumulative (every item up to a
//! seq). The client moves it only over items the application has handled:
//! it keeps the items it handed over and not yet acknowledged, and sends
//! the hub the highest seq below which every one of them is handled. That
//! position and the ids handled above it are kept in the outbox file, so
//! after a restart the client resumes at the first item not handled and
//! skips any item it had handled but whose acknowledgement did not reach
//! the hub.
//!
//! Cancellation: no state changes before an await that can be dropped. A
//! read peeks at its next item, awaits the local store and the signature
//! check, and only then takes the item out of its buffer and returns it; a
//! page fetch updates the cursor and the buffer only once the page is in.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::time::Duration;

use super::Client;
use crate::Error;
use crate::wire::{InboxItem, InboxItemKind, InboxQuery, MAX_WAIT_SECONDS};

/// An inbox consumer. Create one with [`Client::inbox`].
///
/// ```no_run
/// # async fn run(client: ncblink::Client) -> Result<(), ncblink::Error> {
/// use std::time::Duration;
/// let mut inbox = client.inbox();
/// loop {
///     // Cancel-safe: a timeout that drops the read loses nothing.
///     let next = tokio::time::timeout(Duration::from_secs(1), inbox.try_next()).await;
///     match next {
///         Ok(Ok(Some(item))) => {
///             println!("{}", item.id); // handle it, then:
///             inbox.ack(&item).await?;
///         }
///         Ok(Err(ncblink::Error::Signature(_))) => {
///             if let Some((item, why)) = inbox.held() {
///                 eprintln!("held back {}: {why}", item.id);
///             }
///             // The application decides: here it gives up on the item.
///             if let Some(item) = inbox.skip_held() {
///                 inbox.ack(&item).await?;
///             }
///         }
///         Ok(Err(e)) => return Err(e),
///         Ok(Ok(None)) | Err(_) => {} // nothing yet
///     }
/// }
/// # }
/// ```
pub struct Inbox {
    client: Client,
    buffer: VecDeque<InboxItem>,
    cursor: Option<String>,
    wait: Duration,
    /// Handled ids when the client has no outbox file.
    seen: HashSet<String>,
    /// Whether the position was read from the outbox file.
    loaded: bool,
    /// Every item up to this seq is handled.
    handled_to: u64,
    /// The hub confirmed its acknowledgement up to this seq.
    hub_acked: u64,
    /// Items handed over above `handled_to`, with whether each is handled.
    delivered: BTreeMap<u64, bool>,
    /// What the items handed over and not acknowledged are deduplicated on
    /// ([`dedupe_key`]), by seq: a binding acknowledges by id and seq.
    keys: HashMap<u64, String>,
    /// Why the item at the front of the buffer is held back.
    held: Option<String>,
}

impl std::fmt::Debug for Inbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inbox")
            .field("buffered", &self.buffer.len())
            .field("handled_to", &self.handled_to)
            .field("unacknowledged", &self.delivered.len())
            .field("held", &self.held.is_some())
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
            loaded: false,
            handled_to: 0,
            hub_acked: 0,
            delivered: BTreeMap::new(),
            keys: HashMap::new(),
            held: None,
        }
    }

    /// How long one poll waits for an item (at most 30 s, the default).
    pub fn with_wait(mut self, wait: Duration) -> Self {
        self.wait = wait.min(Duration::from_secs(MAX_WAIT_SECONDS));
        self
    }

    /// The position: every item up to this seq is handled (and acknowledged
    /// to the hub, or about to be).
    pub fn position(&self) -> u64 {
        self.handled_to
    }

    async fn load(&mut self) -> Result<(), Error> {
        if self.loaded {
            return Ok(());
        }
        if let Some(store) = &self.client.inner.store {
            let p = store.inbox_position(self.client.inner.ncb.to_string()).await?;
            self.handled_to = self.handled_to.max(p.handled);
            self.hub_acked = self.hub_acked.max(p.hub);
        }
        self.loaded = true;
        Ok(())
    }

    async fn handled(&self, item: &InboxItem) -> Result<bool, Error> {
        // An item handed over and not handled is in the buffer again only
        // when it was given back: it is read again.
        if item.seq <= self.handled_to || self.delivered.get(&item.seq) == Some(&true) {
            return Ok(true);
        }
        match &self.client.inner.store {
            Some(store) => store.seen(self.client.inner.ncb.to_string(), dedupe_key(item)).await,
            None => Ok(self.seen.contains(&dedupe_key(item))),
        }
    }

    async fn check(&self, item: &InboxItem) -> Result<(), Error> {
        if item.kind != InboxItemKind::Envelope {
            return Ok(());
        }
        match &item.envelope {
            Some(env) => self.client.verify(env).await,
            None => Err(Error::Signature(format!("inbox item {} has no envelope", item.seq))),
        }
    }

    /// Polls the hub once (waiting up to the configured wait) and returns
    /// the next item not yet handled, or `None` if none came.
    ///
    /// An envelope whose signature does not verify is held back: this call
    /// returns [`Error::Signature`], [`Inbox::held`] shows the item and the
    /// reason, and every later call returns the same error (the item is
    /// checked again: a key the directory publishes later lets it through)
    /// until the application takes it with [`Inbox::skip_held`]. Until then
    /// it blocks the inbox and its acknowledged position.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe. The item leaves the inbox only when this returns it: a
    /// future dropped at any await (the local store, the directory, the
    /// signature check, the page fetch) leaves the inbox as it was, and the
    /// next call returns the same item.
    pub async fn try_next(&mut self) -> Result<Option<InboxItem>, Error> {
        self.load().await?;
        loop {
            if let Some(front) = self.buffer.front() {
                let item = front.clone();
                if self.handled(&item).await? {
                    self.buffer.pop_front();
                    self.held = None;
                    continue;
                }
                if let Err(e) = self.check(&item).await {
                    self.held = Some(e.to_string());
                    return Err(e);
                }
                self.buffer.pop_front();
                self.held = None;
                self.delivered.insert(item.seq, false);
                self.keys.insert(item.seq, dedupe_key(&item));
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
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe, as [`Inbox::try_next`] that it calls in a loop.
    pub async fn next(&mut self) -> Result<InboxItem, Error> {
        loop {
            if let Some(item) = self.try_next().await? {
                return Ok(item);
            }
        }
    }

    /// Gives back an item that [`Inbox::try_next`] returned but that never
    /// reached the application (a binding whose caller was cancelled
    /// between the two): the next read returns it again. An item already
    /// acknowledged, or not handed over by this inbox, is ignored.
    pub fn unread(&mut self, item: InboxItem) {
        // It stays among the items handed over and not handled, so that the
        // position cannot pass it while it waits to be read again.
        if self.delivered.get(&item.seq) == Some(&false) {
            self.held = None;
            let at = self.buffer.partition_point(|i| i.seq < item.seq);
            self.buffer.insert(at, item);
        }
    }

    /// The item held back after a signature error, and why.
    pub fn held(&self) -> Option<(&InboxItem, &str)> {
        let why = self.held.as_deref()?;
        self.buffer.front().map(|item| (item, why))
    }

    /// The `seq` of the item held back after a signature error.
    pub fn ack_seq(&self) -> Option<u64> {
        self.held().map(|(item, _)| item.seq)
    }

    /// Takes the item held back after a signature error, unverified, as if
    /// [`Inbox::try_next`] had returned it: the inbox moves on, and the
    /// item blocks the acknowledged position until the application
    /// acknowledges it ([`Inbox::ack`]). `None` when nothing is held.
    pub fn skip_held(&mut self) -> Option<InboxItem> {
        self.held.as_ref()?;
        let item = self.buffer.pop_front()?;
        self.held = None;
        self.delivered.insert(item.seq, false);
        self.keys.insert(item.seq, dedupe_key(&item));
        Some(item)
    }

    /// Marks `item` handled: remembered locally (so it is never handed over
    /// again), then the hub is told the highest seq below which every item
    /// handed over is handled (an item before it still being handled keeps
    /// the hub's position where it is).
    ///
    /// Fails with [`Error::Config`] for an item this inbox did not hand
    /// over.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe. The item counts as handled in this inbox from the first
    /// poll; dropped before the outbox file recorded it, it may come again
    /// after a restart (never in this process); dropped before the hub
    /// answered, the next acknowledgement (or the outbox's flush) carries
    /// the position.
    pub async fn ack(&mut self, item: &InboxItem) -> Result<(), Error> {
        self.ack_at(item.id.to_string(), item.seq).await
    }

    /// [`Inbox::ack`] by id and seq (for a binding that keeps only those).
    ///
    /// # Cancel safety
    ///
    /// As [`Inbox::ack`].
    pub async fn ack_at(&mut self, id: String, seq: u64) -> Result<(), Error> {
        let id = self.keys.remove(&seq).unwrap_or(id);
        if seq > self.handled_to {
            match self.delivered.get_mut(&seq) {
                Some(handled) => *handled = true,
                None => {
                    return Err(Error::Config(format!(
                        "inbox item {seq} ({id}) was not handed over by this inbox: acknowledge only items it returned"
                    )));
                }
            }
            while let Some(entry) = self.delivered.first_entry() {
                if !*entry.get() {
                    break;
                }
                self.handled_to = *entry.key();
                entry.remove();
            }
        }
        let position = self.handled_to;
        let ncb = self.client.inner.ncb.to_string();
        match &self.client.inner.store {
            Some(store) => store.mark_handled(ncb.clone(), id, seq, position).await?,
            None => {
                self.seen.insert(id);
            }
        }
        if position <= self.hub_acked {
            return Ok(());
        }
        self.client.ack_inbox(position).await?;
        self.hub_acked = self.hub_acked.max(position);
        if let Some(store) = &self.client.inner.store {
            store.note_hub_ack(ncb, position).await?;
        }
        Ok(())
    }
}

/// What an item is deduplicated on: an envelope's id is unique only within
/// its source's namespace (two NCBs may send the same id), a
/// notification's own id is the hub's.
fn dedupe_key(item: &InboxItem) -> String {
    match &item.envelope {
        Some(e) => format!("{}:{}", e.source, item.id),
        None => item.id.to_string(),
    }
}
