//! The bodies of the hub's HTTP API `/v1`, shared by the hub and the
//! client so that the two cannot disagree: requests, responses, list pages,
//! inbox items and the RFC 9457 problem document every error is.
//!
//! What travels inside them (envelopes, checks, records, reports) is the
//! [`model`](crate::model) and [`validate`](crate::validate) types. The
//! hub's OpenAPI document is generated from these types.
//!
//! Conventions (standards.md 5 and 8):
//! - every POST, PUT and DELETE except database checks carries an
//!   [`IDEMPOTENCY_KEY_HEADER`]; the same key with the same body replays the
//!   first answer, with another body is a 422, while the first is still
//!   running a 409;
//! - lists are pages with an opaque `next_cursor`;
//! - errors are [`Problem`]s with a stable [`Problem::code`].

use chrono::{DateTime, Months, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::envelope::Signature;
use crate::model::notice::NoticeType;
use crate::model::query::{CheckResult, Database, DocumentCheck, FirearmCheck, PersonCheck, VehicleCheck};
use crate::model::{CountryCode, MessageId, NcbCode, NoticeId, NoticeStatus, PartialDate};
use crate::sign::{Jwk, SignedEnvelope};
use crate::validate::{Report, Violation};

mod records;
pub use records::{
    MAX_RECORD_PAGE_LIMIT, RecordAction, RecordBatch, RecordBatchItem, RecordBatchResults, RecordEntry,
    RecordItemResult, RecordOutcome, RecordPage, RecordQuery,
};

/// The header that makes a write idempotent.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";
/// The longest idempotency key accepted.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;
/// The media type of error responses (RFC 9457).
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";
/// The most items one batch check may carry.
pub const MAX_BATCH_ITEMS: usize = 1000;
/// The longest an inbox request may wait for an item (long polling).
pub const MAX_WAIT_SECONDS: u64 = 30;
/// Items per page when the request names no limit.
pub const DEFAULT_PAGE_LIMIT: u32 = 50;
/// The most items per page.
pub const MAX_PAGE_LIMIT: u32 = 500;
/// The longest a source may suspend its notice (RPD Art 81).
pub const MAX_SUSPENSION_MONTHS: u32 = 6;
/// The longest name a person check (`family_name`, `forenames`) or a
/// notice search (`name`) may carry, in UTF-8 bytes: a name is scored
/// against many others, so its length bounds the work of a request.
pub const MAX_NAME_BYTES: usize = 256;
/// The longest request URI (path and query) the hub reads, in bytes.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// The most request header bytes (names and values) the hub reads.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Stable problem codes (`Problem::code`). Never renamed; new ones may be
/// added, so a client treats an unknown code by its HTTP status.
pub mod problem_code {
    /// 400: the body is not JSON (syntax, encoding, nesting).
    pub const MALFORMED_JSON: &str = "MALFORMED_JSON";
    /// 400: a query parameter or path segment is not understood.
    pub const INVALID_PARAMETER: &str = "INVALID_PARAMETER";
    /// 400: a cursor was altered, or belongs to another list or NCB.
    pub const INVALID_CURSOR: &str = "INVALID_CURSOR";
    /// 400: a write without an `Idempotency-Key`.
    pub const IDEMPOTENCY_KEY_MISSING: &str = "IDEMPOTENCY_KEY_MISSING";
    /// 400: an `Idempotency-Key` empty, too long or not visible ASCII.
    pub const IDEMPOTENCY_KEY_INVALID: &str = "IDEMPOTENCY_KEY_INVALID";
    /// 401: no credentials, or unknown ones.
    pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
    /// 403: authenticated, but not allowed to do this.
    pub const FORBIDDEN: &str = "FORBIDDEN";
    /// 403: the envelope's `source` is not the authenticated NCB.
    pub const SOURCE_MISMATCH: &str = "SOURCE_MISMATCH";
    /// 403: only the NCB of the issuing state registers a travel document.
    pub const NOT_ISSUING_STATE: &str = "NOT_ISSUING_STATE";
    /// 404: nothing there, or nothing this NCB may see.
    pub const NOT_FOUND: &str = "NOT_FOUND";
    /// 405: the path exists, not with this method.
    pub const METHOD_NOT_ALLOWED: &str = "METHOD_NOT_ALLOWED";
    /// 409: the lifecycle does not allow this transition.
    pub const ILLEGAL_TRANSITION: &str = "ILLEGAL_TRANSITION";
    /// 409: a document with this id already exists.
    pub const DUPLICATE_ID: &str = "DUPLICATE_ID";
    /// 409: the same record is already registered.
    pub const RECORD_EXISTS: &str = "RECORD_EXISTS";
    /// 409: a request with this idempotency key is still being processed.
    pub const IDEMPOTENCY_KEY_IN_FLIGHT: &str = "IDEMPOTENCY_KEY_IN_FLIGHT";
    /// 413: the body is over the size limit.
    pub const PAYLOAD_TOO_LARGE: &str = "PAYLOAD_TOO_LARGE";
    /// 413: a batch with more than [`MAX_BATCH_ITEMS`](super::MAX_BATCH_ITEMS) items.
    pub const BATCH_TOO_LARGE: &str = "BATCH_TOO_LARGE";
    /// 415: the body is not `application/json`.
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "UNSUPPORTED_MEDIA_TYPE";
    /// 422: the body cannot be read as the expected document (unknown or
    /// missing field, wrong type); `report` points at the field.
    pub const INVALID_DOCUMENT: &str = "INVALID_DOCUMENT";
    /// 422: the document breaks rules that block its submission; `report`
    /// lists them.
    pub const VALIDATION_FAILED: &str = "VALIDATION_FAILED";
    /// The signature does not verify with its key, or the key is not valid
    /// (retired, revoked, expired): 422 for an envelope, 403 for a request
    /// that changes state ([`crate::sign::verify_signed_request`]).
    pub const SIGNATURE_INVALID: &str = "SIGNATURE_INVALID";
    /// The signature's `kid` is not a key of the source (or acting NCB) in
    /// the directory: 422 for an envelope, 403 for a request.
    pub const SIGNATURE_KEY_UNKNOWN: &str = "SIGNATURE_KEY_UNKNOWN";
    /// The hub requires signatures and the document or request has none:
    /// 422 for an envelope, 403 for a request.
    pub const SIGNATURE_REQUIRED: &str = "SIGNATURE_REQUIRED";
    /// 403: a signed request names another NCB, action or target than the
    /// request it comes with.
    pub const SIGNATURE_MISMATCH: &str = "SIGNATURE_MISMATCH";
    /// 403: a signed request's `created` is outside the accepted window
    /// ([`crate::sign::REQUEST_WINDOW`]).
    pub const SIGNATURE_EXPIRED: &str = "SIGNATURE_EXPIRED";
    /// 403: this signed request was accepted before; a signature is used
    /// once.
    pub const SIGNATURE_REPLAYED: &str = "SIGNATURE_REPLAYED";
    /// 409: a replacement notice's `version` is not greater than the stored
    /// one (an older signed version cannot be put back).
    pub const VERSION_NOT_NEWER: &str = "VERSION_NOT_NEWER";
    /// 422: a recipient is not an NCB of the directory.
    pub const UNKNOWN_RECIPIENT: &str = "UNKNOWN_RECIPIENT";
    /// 422: the body's kind does not fit the endpoint (a message posted to
    /// `/v1/notices`), or a replacement changes the document's id.
    pub const WRONG_DOCUMENT: &str = "WRONG_DOCUMENT";
    /// 422: a suspension ends in the past or more than six months ahead.
    pub const SUSPENSION_TOO_LONG: &str = "SUSPENSION_TOO_LONG";
    /// 422: the same idempotency key was used with another request.
    pub const IDEMPOTENCY_KEY_REUSED: &str = "IDEMPOTENCY_KEY_REUSED";
    /// 422: an acknowledgement beyond the last item of the inbox.
    pub const ACK_BEYOND_END: &str = "ACK_BEYOND_END";
    /// 408: the request's body did not arrive in time.
    pub const REQUEST_TIMEOUT: &str = "REQUEST_TIMEOUT";
    /// 414: the request's URI is over the limit.
    pub const URI_TOO_LONG: &str = "URI_TOO_LONG";
    /// 429: this NCB is over its quota for this class of requests; honour
    /// `retry_after`.
    pub const QUOTA_EXCEEDED: &str = "QUOTA_EXCEEDED";
    /// 431: the request's headers are over the limit.
    pub const HEADERS_TOO_LARGE: &str = "HEADERS_TOO_LARGE";
    /// 500: the hub failed; retry later.
    pub const INTERNAL: &str = "INTERNAL";
    /// 503: the request did not finish within the hub's deadline; retry
    /// later, or ask for less.
    pub const DEADLINE_EXCEEDED: &str = "DEADLINE_EXCEEDED";
    /// 503: the hub is shutting down or overloaded; honour `retry_after`.
    pub const UNAVAILABLE: &str = "UNAVAILABLE";
}

/// An error, as RFC 9457 problem details with the hub's extension members.
/// Readers are tolerant: members this version does not know are ignored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Problem {
    /// A URI naming the problem type (`urn:ncblink:problem:validation-failed`).
    #[serde(rename = "type")]
    pub type_uri: String,
    /// A short summary of the type, in English.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong in this case, in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request path this occurrence concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The stable code (see [`problem_code`]).
    pub code: String,
    /// The validation report, for problems about a document's content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
    /// Seconds to wait before retrying, when retrying makes sense.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl Problem {
    /// A problem with its type URI derived from `code`.
    pub fn new(code: &str, status: u16, title: impl Into<String>) -> Self {
        Problem {
            type_uri: Self::type_uri_for(code),
            title: title.into(),
            status,
            detail: None,
            instance: None,
            code: code.to_string(),
            report: None,
            retry_after: None,
        }
    }

    /// The type URI of a code: `urn:ncblink:problem:` and the code in
    /// lower-case kebab form.
    pub fn type_uri_for(code: &str) -> String {
        format!("urn:ncblink:problem:{}", code.to_ascii_lowercase().replace('_', "-"))
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status, self.code, self.title)?;
        if let Some(d) = &self.detail {
            write!(f, " ({d})")?;
        }
        Ok(())
    }
}

/// `GET /v1/health`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Health {
    /// `ok`.
    pub status: String,
    /// The hub's version.
    pub version: String,
}

/// One NCB of the network.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DirectoryEntry {
    /// The NCB's code.
    pub code: NcbCode,
    /// Its name (the country's name in English).
    pub name: String,
    /// Its signing keys, with their lifecycle (RFC 8037 JWKs).
    pub keys: Vec<Jwk>,
}

/// What a [`KeyChange`] does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum KeyAction {
    /// Publish `key` as an active key.
    Register,
    /// Stop signing with `kid`; what it signed still verifies.
    Retire,
    /// Revoke `kid`: nothing created from now on verifies with it.
    Revoke,
}

/// `POST /v1/directory/{ncb}/keys`: a change to the NCB's own keys. Signed
/// (`signature`, the same JCS + Ed25519 scheme as envelopes) by a key of
/// the NCB that is active; in the sandbox a registration may come with
/// the token alone.
///
/// Tolerant like the model: members of a later minor version are kept in
/// `extra` (the signature covers the bytes as sent, whatever they hold).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct KeyChange {
    /// The NCB whose keys change (the path's).
    pub ncb: NcbCode,
    /// What to do.
    pub action: KeyAction,
    /// The new key, for `register`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<Jwk>,
    /// The key concerned, for `retire` and `revoke`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// When the request was made; a revocation takes effect then.
    pub created: DateTime<Utc>,
    /// The signature of an active key of `ncb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// Members of a later minor version, kept as received.
    #[serde(flatten)]
    pub extra: crate::model::Extensions,
}

/// `GET /v1/directory`: every NCB with its keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Directory {
    /// The NCBs, by code.
    pub ncbs: Vec<DirectoryEntry>,
}

/// One step of a notice's lifecycle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NoticeStatusChange {
    /// The status reached.
    pub status: NoticeStatus,
    /// When.
    pub at: DateTime<Utc>,
    /// Why, when said (a withdrawal's reason, a review's outcome).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A notice request as the hub holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NoticeRecord {
    /// The id of the envelope that carried the request.
    pub id: MessageId,
    /// The INTERPOL notice id, assigned on publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_id: Option<NoticeId>,
    /// Where it stands.
    pub status: NoticeStatus,
    /// How it got there, oldest first.
    pub status_history: Vec<NoticeStatusChange>,
    /// The last validation or review report.
    pub report: Report,
    /// Until when it is suspended, while suspended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspended_until: Option<DateTime<Utc>>,
    /// The envelope as submitted (last replacement), byte for byte.
    pub envelope: SignedEnvelope,
}

/// One notice in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NoticeSummary {
    /// The envelope id.
    pub id: MessageId,
    /// The INTERPOL notice id, once published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_id: Option<NoticeId>,
    /// The notice type.
    #[serde(rename = "type")]
    pub notice_type: NoticeType,
    /// Where it stands.
    pub status: NoticeStatus,
    /// The requesting NCB.
    pub source: NcbCode,
    /// The subject's name as written (`FAMILY, Forenames`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The subject's date of birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<PartialDate>,
    /// The subject's nationalities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nationalities: Vec<CountryCode>,
    /// How well the name matched, when searched by name (0 to 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// `GET /v1/notices` query. The name search ignores case, accents and
/// script, and tolerates small spelling differences ([`crate::names`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeQuery {
    /// Only this type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub notice_type: Option<NoticeType>,
    /// Only this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<NoticeStatus>,
    /// Subject's name (any of their names, any script), at most
    /// [`MAX_NAME_BYTES`] (256) bytes of UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Subject's date of birth (`1970`, `1970-05`, `1970-05-17`); matches
    /// dates that can be the same day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<PartialDate>,
    /// Subject's nationality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<CountryCode>,
    /// Requesting NCB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<NcbCode>,
    /// The `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Items per page (1 to 500, default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// A page of notices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NoticePage {
    /// The notices, oldest first.
    pub items: Vec<NoticeSummary>,
    /// The cursor of the next page; absent on the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// `POST /v1/notices/{id}/withdraw` (RPD Art 81).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawRequest {
    /// Why (purpose achieved, legal basis gone…).
    pub reason: String,
}

/// `POST /v1/notices/{id}/suspend` (RPD Art 81: at most six months).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SuspendRequest {
    /// Until when (RFC 3339), at most six months ahead.
    pub until: DateTime<Utc>,
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl SuspendRequest {
    /// Whether the suspension ends after `now` and at most
    /// [`MAX_SUSPENSION_MONTHS`] after it.
    pub fn is_allowed_at(&self, now: DateTime<Utc>) -> bool {
        let limit = now.checked_add_months(Months::new(MAX_SUSPENSION_MONTHS));
        self.until > now && limit.is_some_and(|l| self.until <= l)
    }
}

/// Where a diffusion stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DiffusionStatus {
    /// Waiting for the General Secretariat's review before dissemination.
    Held,
    /// In the recipients' inboxes.
    Delivered,
    /// Refused by the review; not disseminated.
    Refused,
}

/// One step of a diffusion's handling.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DiffusionStatusChange {
    /// The status reached.
    pub status: DiffusionStatus,
    /// When.
    pub at: DateTime<Utc>,
    /// Why, when said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A diffusion as the hub holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DiffusionRecord {
    /// The envelope id.
    pub id: MessageId,
    /// Where it stands.
    pub status: DiffusionStatus,
    /// How it got there.
    pub status_history: Vec<DiffusionStatusChange>,
    /// The validation or review report.
    pub report: Report,
    /// The NCBs whose inbox received it (seen by the source only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delivered_to: Vec<NcbCode>,
    /// The envelope as sent, byte for byte.
    pub envelope: SignedEnvelope,
}

/// A direct message as the hub holds it (seen by sender and recipients).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MessageRecord {
    /// The envelope id.
    pub id: MessageId,
    /// When the hub accepted it.
    pub sent_at: DateTime<Utc>,
    /// The NCBs whose inbox received it.
    pub delivered_to: Vec<NcbCode>,
    /// The envelope as sent, byte for byte.
    pub envelope: SignedEnvelope,
}

/// What an inbox item carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InboxItemKind {
    /// A notice, diffusion or message (`envelope`).
    Envelope,
    /// Someone's check hit one of this NCB's records (`notification`).
    HitNotification,
    /// One of this NCB's notices changed status (`notification`).
    NoticeStatus,
}

/// A check hit a record the NCB owns: who checked, which record, when
/// (iARMS notifies the recording NCB of every hit, domain.md 3).
///
/// The hub writes one notification per record, checking NCB and window
/// (an hour by default) and counts the hits of the window in it, so that
/// no flood of checks floods the owner's inbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct HitNotification {
    /// The NCB that checked.
    pub checked_by: NcbCode,
    /// When (the first check of the window).
    pub checked_at: DateTime<Utc>,
    /// How many checks of this NCB hit the record in the window, this one
    /// included, as the hub counted them when the item was read (a later
    /// read may show more).
    #[serde(default = "one_hit")]
    pub count: u32,
    /// Which database.
    pub database: Database,
    /// The record hit (a record id, or a notice id for persons).
    pub record_id: String,
    /// The hit's summary.
    pub summary: String,
    /// The match score.
    pub score: f64,
}

fn one_hit() -> u32 {
    1
}

/// A notice of this NCB changed status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NoticeStatusNotification {
    /// The notice's envelope id.
    pub notice: MessageId,
    /// Its INTERPOL id, once published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_id: Option<NoticeId>,
    /// The new status.
    pub status: NoticeStatus,
    /// When.
    pub at: DateTime<Utc>,
    /// Why, when said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The review's report, for a review outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
}

/// A notification in an inbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Notification {
    /// A check hit.
    Hit(HitNotification),
    /// A notice status change.
    NoticeStatus(NoticeStatusNotification),
}

/// One item of an NCB's inbox, an ordered log numbered by `seq`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InboxItem {
    /// Position in this NCB's inbox, from 1, without gaps.
    pub seq: u64,
    /// The envelope's id, or the notification's own id: deduplicate on it.
    pub id: MessageId,
    /// When the item arrived.
    pub received_at: DateTime<Utc>,
    /// What it carries.
    pub kind: InboxItemKind,
    /// The document, for `envelope` items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub envelope: Option<SignedEnvelope>,
    /// The notification, for the other kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification: Option<Notification>,
}

/// `GET /v1/inbox` query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InboxQuery {
    /// Continue after this cursor; without it, from the first item not
    /// acknowledged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Items per page (1 to 500, default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Seconds to wait for an item when there is none (0 to 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<u64>,
}

/// A page of the inbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InboxPage {
    /// The items, in `seq` order.
    pub items: Vec<InboxItem>,
    /// Where to continue: after the last item, or where the request
    /// started when there was none.
    pub next_cursor: String,
}

/// `POST /v1/inbox/ack`: the application handled every item up to `up_to_seq`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AckRequest {
    /// The last handled item's `seq`.
    pub up_to_seq: u64,
}

/// The inbox position after an acknowledgement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AckResponse {
    /// Every item up to this `seq` is acknowledged (acknowledgements never
    /// move back).
    pub acked_seq: u64,
}

macro_rules! batch {
    ($(#[$m:meta])* $name:ident, $item:ty) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The checks, at most [`MAX_BATCH_ITEMS`].
            #[schemars(length(max = MAX_BATCH_ITEMS))]
            pub items: Vec<$item>,
        }
    };
}

batch!(
    /// `POST /v1/checks/documents/batch`.
    DocumentCheckBatch,
    DocumentCheck
);
batch!(
    /// `POST /v1/checks/vehicles/batch`.
    VehicleCheckBatch,
    VehicleCheck
);
batch!(
    /// `POST /v1/checks/persons/batch`.
    PersonCheckBatch,
    PersonCheck
);
batch!(
    /// `POST /v1/checks/firearms/batch`.
    FirearmCheckBatch,
    FirearmCheck
);

/// The answers to a batch, in the order of its items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BatchResults {
    /// One result per item.
    pub results: Vec<CheckResult>,
}

/// Whether a violation blocks the submission of a document (the hub
/// answers 422 and stores nothing), rather than being left to the review.
///
/// Submission needs a document the network can carry: readable fields and
/// codes on their lists (`FIELD.*`), and a sound envelope (addressing,
/// access lists, markings, retention: every violation outside `/body`).
/// What the body says against the RPD (minimum identifiers, penalty
/// thresholds, excluded offences…) is what the General Secretariat's review
/// decides: a notice or a diffusion sent for review is accepted, then
/// refused with the report. Warnings never block.
///
/// The parts of a later minor version ([`is_newer_minor_part`]) do not
/// block: the hub stores and forwards them (docs/compatibility.md).
pub fn blocks_submission(v: &Violation) -> bool {
    v.severity == crate::validate::Severity::Error
        && !is_newer_minor_part(v)
        && (v.code.starts_with("FIELD.")
            || v.code.starts_with("JSON.")
            || v.code.starts_with("DOCUMENT.")
            || !(v.pointer == "/body" || v.pointer.starts_with("/body/")))
}

/// Whether a violation reports a member or an enum value that this version
/// of the contract does not know (`FIELD.UNKNOWN_MEMBER`,
/// `FIELD.UNKNOWN_VALUE`): a receiver keeps them, a sender does not send
/// them unless it forwards a later version's document on purpose.
pub fn is_newer_minor_part(v: &Violation) -> bool {
    v.code == "FIELD.UNKNOWN_MEMBER" || v.code == "FIELD.UNKNOWN_VALUE"
}

/// Whether a violation stops the client from sending a document: what
/// [`blocks_submission`], and the parts of a later minor version unless
/// `forward_unknown` (the client was configured to forward them).
pub fn blocks_sending(v: &Violation, forward_unknown: bool) -> bool {
    blocks_submission(v)
        || (v.severity == crate::validate::Severity::Error && is_newer_minor_part(v) && !forward_unknown)
}

/// Whether the General Secretariat's review (the sandbox's) accepts a
/// document with this report: no error, except the parts of a later minor
/// version, which the review leaves to the receivers.
pub fn review_accepts(report: &Report) -> bool {
    !report
        .violations
        .iter()
        .any(|v| v.severity == crate::validate::Severity::Error && !is_newer_minor_part(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Severity;

    #[test]
    fn newer_minor_parts_pass_the_hub_but_not_the_sender() {
        let member = v("FIELD.UNKNOWN_MEMBER", "/body/message/priority");
        let value = v("FIELD.UNKNOWN_VALUE", "/purpose");
        assert!(!blocks_submission(&member) && !blocks_submission(&value));
        assert!(blocks_sending(&member, false) && blocks_sending(&value, false));
        assert!(!blocks_sending(&member, true));
        assert!(blocks_sending(&v("ENVELOPE.NO_RECIPIENT", "/recipients"), true));
        let report = Report {
            violations: vec![member.clone()],
        };
        assert!(review_accepts(&report));
        let report = Report {
            violations: vec![member, v("RPD83.FACTS", "/body/notice/red/judicial")],
        };
        assert!(!review_accepts(&report));
    }

    fn v(code: &'static str, pointer: &str) -> Violation {
        Violation {
            code: code.into(),
            pointer: pointer.into(),
            severity: Severity::Error,
            args: vec![],
        }
    }

    #[test]
    fn envelope_and_field_errors_block_body_rules_go_to_review() {
        assert!(blocks_submission(&v("ENVELOPE.NO_RECIPIENT", "/recipients")));
        assert!(blocks_submission(&v(
            "FIELD.COUNTRY_UNKNOWN",
            "/body/notice/red/subject/nationalities/0"
        )));
        assert!(!blocks_submission(&v(
            "RPD83.PENALTY_THRESHOLD",
            "/body/notice/red/judicial"
        )));
        let mut w = v("RETENTION.REVIEW_DUE", "/review_due");
        w.severity = Severity::Warning;
        assert!(!blocks_submission(&w));
    }

    #[test]
    fn suspension_is_limited_to_six_months_ahead() {
        let now = Utc::now();
        let ok = SuspendRequest {
            until: now + chrono::Duration::days(30),
            reason: None,
        };
        let late = SuspendRequest {
            until: now + chrono::Duration::days(200),
            reason: None,
        };
        let past = SuspendRequest {
            until: now - chrono::Duration::days(1),
            reason: None,
        };
        assert!(ok.is_allowed_at(now) && !late.is_allowed_at(now) && !past.is_allowed_at(now));
    }

    #[test]
    fn problems_serialise_as_rfc_9457_with_extensions() {
        let mut p = Problem::new(problem_code::VALIDATION_FAILED, 422, "Validation failed");
        p.report = Some(Report::default());
        let j = serde_json::to_value(&p).unwrap();
        assert_eq!(j["type"], "urn:ncblink:problem:validation-failed");
        assert_eq!(j["status"], 422);
        assert_eq!(j["code"], "VALIDATION_FAILED");
        assert!(j.get("retry_after").is_none());
    }
}
