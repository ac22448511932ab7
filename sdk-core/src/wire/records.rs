//! The bodies of the records API: batch writes (`POST /v1/records/batch`)
//! and the NCB's own records by cursor (`GET /v1/records?mine=true`).

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{MAX_BATCH_ITEMS, Problem};
use crate::model::Extensions;
use crate::model::envelope::Signature;
use crate::model::open::open_enum;
use crate::model::query::{Record, RecordKind};

/// Items per page of `GET /v1/records` at most: pages are large because a
/// sync reads every record the NCB holds.
pub const MAX_RECORD_PAGE_LIMIT: u32 = 5000;

/// What a batch item asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordAction {
    /// Register `record` (once: a record already registered under its
    /// natural key is answered `exists`).
    Register,
    /// Replace the caller's record with the natural key of `record`.
    Update,
    /// Remove the caller's record `id`, or the one with the natural key of
    /// `record`.
    Remove,
}

/// One write of a batch.
///
/// Tolerant like the model: members of a later minor version are kept in
/// `extra`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordBatchItem {
    /// What to do.
    pub action: RecordAction,
    /// The record (`register`, `update`; `remove` by natural key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<Record>,
    /// The record's id (`remove`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The item's own signature, for hubs that require signed state changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// Members of a later minor version, kept as received.
    #[serde(flatten)]
    pub extra: Extensions,
}

impl RecordBatchItem {
    /// Registers `record`.
    pub fn register(record: Record) -> Self {
        Self::of(RecordAction::Register, Some(record), None)
    }
    /// Replaces the stored record with the same natural key by `record`.
    pub fn update(record: Record) -> Self {
        Self::of(RecordAction::Update, Some(record), None)
    }
    /// Removes the record `id`.
    pub fn remove_id(id: impl Into<String>) -> Self {
        Self::of(RecordAction::Remove, None, Some(id.into()))
    }
    /// Removes the record with the natural key of `record`.
    pub fn remove(record: Record) -> Self {
        Self::of(RecordAction::Remove, Some(record), None)
    }

    /// The action and target its signature is made for, on a hub that
    /// requires signed state changes ([`crate::sign::sign_request`]): the
    /// item is signed on its own, as the single-record routes are
    /// (`register_record` on `records`; `remove_record` on the record's id,
    /// or on `records` when it goes by its natural key), and the hub checks
    /// the same pair.
    pub fn authorship_target(&self) -> (&'static str, &str) {
        match (self.action, &self.id) {
            (RecordAction::Register, _) => ("register_record", "records"),
            (RecordAction::Update, _) => ("update_record", "records"),
            (RecordAction::Remove, Some(id)) => ("remove_record", id.as_str()),
            (RecordAction::Remove, None) => ("remove_record", "records"),
        }
    }
    fn of(action: RecordAction, record: Option<Record>, id: Option<String>) -> Self {
        RecordBatchItem {
            action,
            record,
            id,
            signature: None,
            extra: Default::default(),
        }
    }
}

/// `POST /v1/records/batch`: up to [`MAX_BATCH_ITEMS`] writes, each
/// applied on its own (one refused item leaves the others), answered in
/// order.
///
/// Tolerant like its items: members of a later minor version are kept in
/// `extra`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordBatch {
    /// The writes, at most [`MAX_BATCH_ITEMS`].
    #[schemars(length(max = MAX_BATCH_ITEMS))]
    pub items: Vec<RecordBatchItem>,
    /// Members of a later minor version, kept as received.
    #[serde(flatten)]
    pub extra: Extensions,
}

open_enum! {
    /// What an item of a batch did. Open: an answer from a hub of a later
    /// minor version may carry an outcome this version does not know; it is
    /// kept as `Unrecognised`, never refused.
    RecordOutcome {
        /// Registered now.
        Created = "created",
        /// This NCB had registered the same record (natural key) before:
        /// nothing changed.
        Exists = "exists",
        /// Replaced.
        Updated = "updated",
        /// The stored record was already the same: nothing changed.
        Unchanged = "unchanged",
        /// Removed.
        Removed = "removed",
        /// Nothing to remove (removed before).
        Absent = "absent",
        /// Refused: `problem` says why; nothing was written for this item.
        Refused = "refused",
    }
}

/// The answer to one item of a batch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordItemResult {
    /// What happened.
    pub outcome: RecordOutcome,
    /// The record's id (not for `absent` and `refused`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The record's change sequence number after the write (`created`,
    /// `updated`, and the stored one for `exists` and `unchanged`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    /// Why the item was refused, with the validation report when its
    /// content is at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
}

/// The answers to a batch of record writes, in the order of its items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordBatchResults {
    /// One result per item.
    pub results: Vec<RecordItemResult>,
}

/// `GET /v1/records`: the caller's own records of one kind, by change
/// sequence.
///
/// The hub refuses a parameter this version does not name (an ignored
/// filter would widen the answer): see [`RecordQuery::PARAMETERS`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RecordQuery {
    /// Must be `true`: the list is of the caller's own records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mine: Option<bool>,
    /// The kind of record.
    pub kind: Option<RecordKind>,
    /// The `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Items per page (1 to 5,000, default 1,000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl RecordQuery {
    /// The query parameters of `GET /v1/records`.
    pub const PARAMETERS: [&'static str; 4] = ["mine", "kind", "cursor", "limit"];
}

/// One of the caller's records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordEntry {
    /// Record id.
    pub id: String,
    /// Change sequence number: grows with every registration and update
    /// of a record of this kind.
    pub seq: u64,
    /// When it was first registered.
    pub registered_at: DateTime<Utc>,
    /// The record.
    pub record: Record,
    /// Members of a later minor version, kept as received.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// A page of the caller's records, by increasing `seq`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordPage {
    /// The records.
    pub items: Vec<RecordEntry>,
    /// Where to continue; absent after the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}
