//! Wakes long-polling inbox requests when an item arrives: one
//! `tokio::sync::watch` channel per NCB carrying its last seq. A waiter
//! subscribes before it reads the inbox, so an item stored between its read
//! and its wait still wakes it.

use std::collections::HashMap;
use std::sync::Mutex;

use ncblink::model::NcbCode;
use tokio::sync::watch;

/// The per-NCB wake-up channels.
#[derive(Default)]
pub struct InboxBus {
    channels: Mutex<HashMap<NcbCode, watch::Sender<u64>>>,
}

impl InboxBus {
    /// A receiver that changes when `ncb` receives an item.
    pub fn subscribe(&self, ncb: NcbCode) -> watch::Receiver<u64> {
        let mut m = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        m.entry(ncb).or_insert_with(|| watch::channel(0).0).subscribe()
    }

    /// Tells `ncb`'s waiters that item `seq` arrived (after it was
    /// committed).
    pub fn notify(&self, ncb: NcbCode, seq: u64) {
        let m = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(tx) = m.get(&ncb) {
            tx.send_replace(seq);
        }
    }
}
