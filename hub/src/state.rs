//! What every request handler shares: configuration, database, the
//! credentials and directory loaded at start, the cursor key, the inbox
//! wake-ups and the document index.

use std::collections::HashSet;
use std::ops::Deref;
use std::sync::Arc;

use ncblink::model::NcbCode;
use tokio::sync::watch;

use crate::config::HubConfig;
use crate::cursor::CursorKey;
use crate::db::Db;
use crate::index::DocumentIndex;
use crate::notify::InboxBus;
use crate::quota::Limiter;

/// The shared state; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The contents of [`AppState`].
pub struct Shared {
    /// The configuration.
    pub config: HubConfig,
    /// The database.
    pub db: Db,
    /// Token digests, their NCBs and expiry, read again by every
    /// housekeeping round (so the operator's `tokens` commands apply
    /// without a restart).
    pub tokens: std::sync::RwLock<crate::db::directory::TokenTable>,
    /// The NCBs of the directory.
    pub known_ncbs: HashSet<NcbCode>,
    /// Signs and checks cursors.
    pub cursors: CursorKey,
    /// Wakes inbox long polls.
    pub inboxes: InboxBus,
    /// SLTD keys in memory.
    pub documents: DocumentIndex,
    /// Set to `true` when the hub shuts down (ends long polls early).
    pub shutdown: watch::Sender<bool>,
    /// Whether client certificates authenticate the NCBs.
    pub mtls: bool,
    /// Each NCB's use of its quotas.
    pub quotas: Limiter,
}

impl AppState {
    /// Wraps the shared state.
    pub fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }
}

impl Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}
