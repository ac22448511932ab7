//! The difference between a national list and what the hub holds for the
//! NCB: what to register, update and remove, and the limit on removals
//! that keeps a truncated export from wiping the NCB's records.

use std::collections::HashMap;

use super::input::InputRecord;
use crate::Error;
use crate::wire::RecordEntry;

/// What a sync would do.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncPlan {
    /// Records of the list the hub does not hold.
    pub register: Vec<InputRecord>,
    /// Records the hub holds (same natural key) with another content.
    pub update: Vec<InputRecord>,
    /// Records the hub holds that the list no longer has.
    pub remove: Vec<RecordEntry>,
    /// Records the same on both sides.
    pub unchanged: usize,
    /// Records the hub held for the NCB when the plan was made.
    pub held: usize,
}

impl SyncPlan {
    /// Compares the list with the records `held` (this NCB's, one kind).
    ///
    /// ```
    /// use ncblink::client::sync::{SyncPlan, InputRecord};
    /// use ncblink::model::query::Record;
    /// let r: Record = serde_json::from_str(r#"{"firearm":{"serial_number":"A1","make":"Glock","status":"stolen"}}"#).unwrap();
    /// let plan = SyncPlan::new(vec![InputRecord { line: 2, record: r }], Vec::new());
    /// assert_eq!((plan.register.len(), plan.remove.len()), (1, 0));
    /// ```
    pub fn new(input: Vec<InputRecord>, held: Vec<RecordEntry>) -> SyncPlan {
        let mut plan = SyncPlan {
            held: held.len(),
            ..SyncPlan::default()
        };
        let mut by_key: HashMap<String, RecordEntry> = HashMap::with_capacity(held.len());
        for entry in held {
            by_key.insert(entry.record.natural_key(), entry);
        }
        for item in input {
            match by_key.remove(&item.record.natural_key()) {
                None => plan.register.push(item),
                Some(entry) if entry.record == item.record => plan.unchanged += 1,
                Some(_) => plan.update.push(item),
            }
        }
        plan.remove = by_key.into_values().collect();
        // Oldest first: a deterministic order, whatever the map's.
        plan.remove.sort_by_key(|e| e.seq);
        plan
    }

    /// Whether the plan changes nothing.
    pub fn is_empty(&self) -> bool {
        self.register.is_empty() && self.update.is_empty() && self.remove.is_empty()
    }

    /// Refuses a plan that removes more than `limit` allows, naming the
    /// figures and the way round (a truncated export looks like mass
    /// removals).
    pub fn check_removals(&self, limit: RemovalLimit) -> Result<(), Error> {
        let allowed = limit.allowed(self.held);
        if self.remove.len() > allowed {
            return Err(Error::Config(format!(
                "the list would remove {} of the {} records the hub holds for this NCB, over the limit of {allowed} \
                 ({}); a truncated export? Check the file, or allow it (--max-removals N, or --force)",
                self.remove.len(),
                self.held,
                limit.describe()
            )));
        }
        Ok(())
    }
}

/// How many removals a sync may make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemovalLimit {
    /// A share of the records held, in percent (the default: 10).
    Percent(u8),
    /// At most this many.
    AtMost(usize),
    /// Any number (forced).
    Unlimited,
}

impl Default for RemovalLimit {
    fn default() -> Self {
        RemovalLimit::Percent(10)
    }
}

impl RemovalLimit {
    /// The removals allowed when `held` records are held.
    pub fn allowed(self, held: usize) -> usize {
        match self {
            RemovalLimit::Percent(p) => held.saturating_mul(usize::from(p)) / 100,
            RemovalLimit::AtMost(n) => n,
            RemovalLimit::Unlimited => usize::MAX,
        }
    }

    fn describe(self) -> String {
        match self {
            RemovalLimit::Percent(p) => format!("{p} % of the records held"),
            RemovalLimit::AtMost(n) => format!("at most {n}"),
            RemovalLimit::Unlimited => "no limit".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::query::Record;

    fn doc(n: &str, loss: &str) -> Record {
        serde_json::from_value(serde_json::json!({"travel_document": {
            "number": n, "issuing_state": "FRA", "document_type": "passport", "loss_type": loss}}))
        .unwrap()
    }

    fn held(i: u64, r: Record) -> RecordEntry {
        RecordEntry {
            id: format!("sltd-{i}"),
            seq: i,
            registered_at: chrono::Utc::now(),
            record: r,
            extra: Default::default(),
        }
    }

    #[test]
    fn the_plan_registers_updates_and_removes_exactly_the_difference() {
        let input = vec![
            InputRecord {
                line: 2,
                record: doc("A", "lost"),
            },
            InputRecord {
                line: 3,
                record: doc("B", "stolen_blank"),
            },
            InputRecord {
                line: 4,
                record: doc("C", "lost"),
            },
        ];
        let hub = vec![
            held(1, doc("a", "lost")),
            held(2, doc("B", "lost")),
            held(3, doc("D", "lost")),
        ];
        let plan = SyncPlan::new(input, hub);
        // "a" and "A" are one document, but the content differs.
        assert_eq!(plan.update.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(plan.register.iter().map(|r| r.line).collect::<Vec<_>>(), [4]);
        assert_eq!(
            plan.remove.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            ["sltd-3"]
        );
        assert_eq!(plan.unchanged, 0);
    }

    #[test]
    fn removals_over_the_limit_are_refused_unless_allowed() {
        let hub: Vec<RecordEntry> = (0..20).map(|i| held(i, doc(&format!("N{i}"), "lost"))).collect();
        let input: Vec<InputRecord> = (0..10)
            .map(|i| InputRecord {
                line: i + 2,
                record: doc(&format!("N{i}"), "lost"),
            })
            .collect();
        let plan = SyncPlan::new(input, hub);
        assert_eq!((plan.remove.len(), plan.unchanged), (10, 10));
        let e = plan.check_removals(RemovalLimit::default()).unwrap_err();
        assert!(e.to_string().contains("remove 10 of the 20"), "{e}");
        assert!(plan.check_removals(RemovalLimit::AtMost(9)).is_err());
        assert!(plan.check_removals(RemovalLimit::AtMost(10)).is_ok());
        assert!(plan.check_removals(RemovalLimit::Unlimited).is_ok());
    }
}
