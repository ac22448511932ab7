//! Keeping a national database in step with SLTD, SMV or iARMS: the NCB's
//! list of lost and stolen items (CSV or JSON Lines) is read and validated
//! ([`read_records`]), compared with what the hub holds for the NCB
//! ([`SyncPlan`]), and the difference applied in batches of 1,000.
//!
//! Resumable after a kill at any point, with nothing registered twice and
//! nothing removed by mistake:
//! - every write is idempotent item by item on the hub (a record is
//!   registered once under its natural key; an update to the same content
//!   is `unchanged`; a removal by id of a record gone is `absent`), and a
//!   batch is applied in one transaction;
//! - so the hub's own state is the progress journal: a new run lists it
//!   again and plans only what is left, and removes only what the list
//!   does not hold, which the records it registered are not;
//! - the run's id is kept in a small state file, with the digest of the
//!   list, until the sync ends; each batch's `Idempotency-Key` is derived
//!   from it and the batch's content, so that a batch sent again after a
//!   kill (same list) gets the hub's first answer rather than being
//!   applied again;
//! - the outbox is flushed before the hub is listed, so that no write of
//!   an earlier run lands after the plan was made.

mod input;
mod plan;

use std::path::{Path, PathBuf};

use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use input::{FileErrors, InputFormat, InputRecord, LineError, columns, read_records};
pub use plan::{RemovalLimit, SyncPlan};

use super::Client;
use crate::Error;
use crate::model::query::RecordKind;
use crate::wire::{MAX_BATCH_ITEMS, Problem, RecordAction, RecordBatchItem, RecordOutcome};

/// How to run a sync.
#[derive(Clone, Debug, Default)]
pub struct SyncOptions {
    /// Plan only: nothing is sent.
    pub dry_run: bool,
    /// How many removals are allowed.
    pub removal_limit: RemovalLimit,
    /// Where the run's id is kept until the sync ends (so that a run
    /// resumed after a kill sends its batches with the same keys); without
    /// one, a resumed run sends under new keys, which is still safe.
    pub state_path: Option<PathBuf>,
    /// The [`digest`] of the list: a kept run is resumed only for the same
    /// list (a batch of another list must not get a kept answer); without
    /// it, every run starts afresh.
    pub input_digest: Option<String>,
}

/// The digest of a list's bytes, for [`SyncOptions::input_digest`].
pub fn digest(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// An item the hub refused.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Refusal {
    /// The line of the list (registrations and updates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The record's id (removals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What was asked.
    pub action: RecordAction,
    /// Why it was refused.
    pub problem: Problem,
}

/// What a sync did (or, with `dry_run`, would do).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SyncSummary {
    /// Nothing was sent.
    pub dry_run: bool,
    /// Records the hub held for the NCB before.
    pub held: usize,
    /// Registered.
    pub added: usize,
    /// Replaced by their new content.
    pub updated: usize,
    /// Removed.
    pub removed: usize,
    /// The same on both sides (or found already done).
    pub unchanged: usize,
    /// Refused by the hub, with the reason.
    pub refused: Vec<Refusal>,
}

impl SyncSummary {
    /// What a plan would do.
    pub fn planned(plan: &SyncPlan) -> Self {
        SyncSummary {
            dry_run: true,
            held: plan.held,
            added: plan.register.len(),
            updated: plan.update.len(),
            removed: plan.remove.len(),
            unchanged: plan.unchanged,
            refused: Vec::new(),
        }
    }
}

/// The run kept in the state file.
#[derive(Serialize, Deserialize)]
struct RunState {
    kind: RecordKind,
    input: String,
    run_id: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn load_or_start(path: Option<&Path>, kind: RecordKind, input: Option<&str>) -> Result<String, Error> {
    let fresh = || crate::model::ids::new_message_id().to_string();
    let (Some(path), Some(input)) = (path, input) else {
        return Ok(fresh());
    };
    if let Ok(bytes) = std::fs::read(path)
        && let Ok(state) = serde_json::from_slice::<RunState>(&bytes)
        && state.kind == kind
        && state.input == input
    {
        return Ok(state.run_id);
    }
    let state = RunState {
        kind,
        input: input.to_string(),
        run_id: fresh(),
    };
    let json = serde_json::to_vec(&state).map_err(|e| Error::Storage(e.to_string()))?;
    // Written aside then renamed: a kill leaves the old state or the new.
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, json)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| Error::Storage(format!("sync state {}: {e}", path.display())))?;
    Ok(state.run_id)
}

impl Client {
    /// Plans the sync of `input` (this NCB's national list of one kind)
    /// against the hub: flushes the outbox, lists what the hub holds, and
    /// compares.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: it changes nothing on the hub but flushing the outbox.
    pub async fn plan_sync(&self, kind: RecordKind, input: Vec<InputRecord>) -> Result<SyncPlan, Error> {
        let flushed = self.flush_outbox().await?;
        if flushed.remaining > 0 || flushed.in_flight > 0 {
            return Err(Error::Transport(format!(
                "{} earlier write(s) still wait in the outbox; the hub cannot be compared before they are delivered",
                flushed.remaining + flushed.in_flight
            )));
        }
        let held = self.my_records(kind).await?;
        Ok(SyncPlan::new(input, held))
    }

    /// Syncs the hub with `input`: plans, checks the removal limit, then
    /// (unless `dry_run`) registers the new, updates the changed and removes
    /// what the list no longer holds, in batches of 1,000; `progress` is
    /// called with the items done and the total after each batch.
    ///
    /// # Cancel safety
    ///
    /// Dropped (or the process killed) at any point, a new call with the
    /// same list finishes the work: see the module's documentation.
    pub async fn sync_records(
        &self,
        kind: RecordKind,
        input: Vec<InputRecord>,
        options: &SyncOptions,
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<(SyncPlan, SyncSummary), Error> {
        let plan = self.plan_sync(kind, input).await?;
        plan.check_removals(options.removal_limit)?;
        if options.dry_run {
            let summary = SyncSummary::planned(&plan);
            return Ok((plan, summary));
        }
        let summary = self.apply_plan(kind, &plan, options, progress).await?;
        Ok((plan, summary))
    }

    async fn apply_plan(
        &self,
        kind: RecordKind,
        plan: &SyncPlan,
        options: &SyncOptions,
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<SyncSummary, Error> {
        let state_path = options.state_path.as_deref();
        let mut summary = SyncSummary {
            held: plan.held,
            unchanged: plan.unchanged,
            ..SyncSummary::default()
        };
        if plan.is_empty() {
            if let Some(p) = state_path {
                let _ = std::fs::remove_file(p);
            }
            return Ok(summary);
        }
        let run_id = load_or_start(state_path, kind, options.input_digest.as_deref())?;
        // Registrations first and removals last: a run cut short leaves
        // more records, never fewer.
        let items: Vec<(Option<usize>, Option<String>, RecordBatchItem)> = plan
            .register
            .iter()
            .map(|r| (Some(r.line), None, RecordBatchItem::register(r.record.clone())))
            .chain(
                plan.update
                    .iter()
                    .map(|r| (Some(r.line), None, RecordBatchItem::update(r.record.clone()))),
            )
            .chain(
                plan.remove
                    .iter()
                    .map(|e| (None, Some(e.id.clone()), RecordBatchItem::remove_id(e.id.clone()))),
            )
            .collect();
        let total = items.len();
        let mut done = 0;
        progress(done, total);
        let mut sends = Vec::new();
        for chunk in items.chunks(MAX_BATCH_ITEMS) {
            let batch: Vec<RecordBatchItem> = chunk.iter().map(|(_, _, i)| i.clone()).collect();
            let body = serde_json::to_vec(&batch).map_err(|e| Error::Config(e.to_string()))?;
            let mut h = Sha256::new();
            h.update(b"ncblink-sync\0");
            h.update(run_id.as_bytes());
            h.update(b"\0");
            h.update(&body);
            let key = format!("sync-{}", hex(&h.finalize()));
            sends.push(async move { self.write_records_with_key(&batch, &key).await });
        }
        // Two batches in flight: the hub parses and validates one while it
        // writes the other (its writes are serialised anyway).
        let mut answers = futures_util::stream::iter(sends).buffered(2);
        let mut chunks = items.chunks(MAX_BATCH_ITEMS);
        while let Some(results) = answers.next().await {
            let results = results?;
            let chunk = chunks.next().unwrap_or_default();
            for ((line, id, item), r) in chunk.iter().zip(results) {
                match r.outcome {
                    RecordOutcome::Created => summary.added += 1,
                    RecordOutcome::Updated => summary.updated += 1,
                    RecordOutcome::Removed => summary.removed += 1,
                    RecordOutcome::Exists | RecordOutcome::Unchanged | RecordOutcome::Absent => summary.unchanged += 1,
                    RecordOutcome::Refused => summary.refused.push(Refusal {
                        line: *line,
                        id: id.clone(),
                        action: item.action,
                        problem: r
                            .problem
                            .unwrap_or_else(|| Problem::new("UNKNOWN", 500, "Refused without a reason")),
                    }),
                    // A later hub's outcome: shown with the refusals, so the
                    // operator sees it, rather than counted as done.
                    RecordOutcome::Unrecognised(v) => summary.refused.push(Refusal {
                        line: *line,
                        id: id.clone(),
                        action: item.action,
                        problem: r.problem.unwrap_or_else(|| {
                            Problem::new(
                                "OUTCOME_UNKNOWN",
                                200,
                                format!(
                                    "The hub answered `{}`, an outcome this version does not know",
                                    v.as_str()
                                ),
                            )
                        }),
                    }),
                }
            }
            done += chunk.len();
            progress(done, total);
        }
        if let Some(p) = state_path {
            let _ = std::fs::remove_file(p);
        }
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_run_is_resumed_only_for_the_same_list_and_kind() {
        let dir = std::env::temp_dir().join(format!("ncblink-sync-state-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("list.csv.ncblink-sync");
        let _ = std::fs::remove_file(&path);
        let (a, b) = (digest(b"list one"), digest(b"list two"));
        let doc = RecordKind::TravelDocument;
        let first = load_or_start(Some(&path), doc, Some(&a)).unwrap();
        assert_eq!(load_or_start(Some(&path), doc, Some(&a)).unwrap(), first, "resumed");
        let other = load_or_start(Some(&path), doc, Some(&b)).unwrap();
        assert_ne!(other, first, "another list starts afresh");
        assert_ne!(
            load_or_start(Some(&path), RecordKind::Firearm, Some(&b)).unwrap(),
            other
        );
        assert_ne!(
            load_or_start(Some(&path), doc, None).unwrap(),
            load_or_start(Some(&path), doc, None).unwrap()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
