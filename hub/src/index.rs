//! An in-memory index of the travel documents in SLTD, so that the common
//! answer to a document check, "no hit", costs a hash lookup and no
//! database query.
//!
//! Trade-off: SQLite alone answers a check in tens of microseconds plus a
//! hop to the blocking pool; at 20,000 checks per second on two cores that
//! hop and the query are most of the budget. The index keeps one 64-bit
//! keyed hash (SipHash with a random key) of each document's number key
//! and issuing state, with a count: about 20 MB for a million documents,
//! rebuilt from the table at start-up (about a second per million) and kept
//! in step by the routes that insert and delete. A hash present in the
//! index is confirmed in SQLite, so a collision costs a query, never a
//! false hit. The price is that writes to `sltd` must go through the hub
//! (another process writing the file would not be seen until restart).

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};
use std::sync::RwLock;

/// The keys are already uniform hashes: hashing them again is waste.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The travel-document index.
pub struct DocumentIndex {
    keys: RandomState,
    counts: RwLock<HashMap<u64, u32, BuildHasherDefault<PassThrough>>>,
}

impl Default for DocumentIndex {
    fn default() -> Self {
        Self::new()
    }
}

impl DocumentIndex {
    /// An empty index.
    pub fn new() -> Self {
        DocumentIndex {
            keys: RandomState::new(),
            counts: RwLock::new(HashMap::default()),
        }
    }

    fn hash(&self, number_key: &str, issuing_state: &str) -> u64 {
        self.keys.hash_one((number_key, issuing_state))
    }

    /// Records one document.
    pub fn add(&self, number_key: &str, issuing_state: &str) {
        let h = self.hash(number_key, issuing_state);
        let mut m = self.counts.write().unwrap_or_else(|p| p.into_inner());
        *m.entry(h).or_insert(0) += 1;
    }

    /// Forgets one document.
    pub fn remove(&self, number_key: &str, issuing_state: &str) {
        let h = self.hash(number_key, issuing_state);
        let mut m = self.counts.write().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = m.get_mut(&h) {
            *c -= 1;
            if *c == 0 {
                m.remove(&h);
            }
        }
    }

    /// Whether SLTD may hold such a document (confirm in the database);
    /// `false` is certain.
    pub fn may_contain(&self, number_key: &str, issuing_state: &str) -> bool {
        let h = self.hash(number_key, issuing_state);
        self.counts.read().unwrap_or_else(|p| p.into_inner()).contains_key(&h)
    }

    /// Distinct keys held.
    pub fn len(&self) -> usize {
        self.counts.read().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Room for `n` more keys, before a bulk load.
    pub fn reserve(&self, n: usize) {
        self.counts.write().unwrap_or_else(|p| p.into_inner()).reserve(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_remove_and_lookup() {
        let i = DocumentIndex::new();
        i.add("AB123", "FRA");
        i.add("AB123", "FRA");
        assert!(i.may_contain("AB123", "FRA"));
        assert!(!i.may_contain("AB123", "D"));
        assert!(!i.may_contain("AB12", "3FRA"));
        i.remove("AB123", "FRA");
        assert!(i.may_contain("AB123", "FRA"));
        i.remove("AB123", "FRA");
        assert!(!i.may_contain("AB123", "FRA") && i.is_empty());
    }
}
