//! The lifecycle of a notice (domain.md 2.4): a request is submitted, the
//! General Secretariat reviews it, may ask for more information, then
//! publishes or refuses it; afterwards the source may suspend or withdraw
//! it, the General Secretariat cancel it, the CCF delete it, or it expires.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a notice stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoticeStatus {
    /// Being written by the NCB, not yet sent.
    Draft,
    /// Sent; "request being processed".
    Submitted,
    /// The General Secretariat asked the source for more information.
    InformationRequested,
    /// Published to the network.
    Published,
    /// Refused by the review.
    Refused,
    /// Suspended by its source (RPD Art 81, at most six months).
    Suspended,
    /// Withdrawn by its source (RPD Art 81).
    Withdrawn,
    /// Cancelled by the General Secretariat.
    Cancelled,
    /// Deleted (for example on a CCF decision).
    Deleted,
    /// Past its retention period.
    Expired,
}

impl NoticeStatus {
    /// Whether a notice in this state is in force on the network.
    pub fn is_active(self) -> bool {
        matches!(self, NoticeStatus::Published)
    }

    /// Whether the lifecycle allows going from `self` to `to`.
    ///
    /// ```
    /// use ncblink::model::NoticeStatus::*;
    /// assert!(Submitted.can_become(Published));
    /// assert!(!Refused.can_become(Published));
    /// ```
    pub fn can_become(self, to: NoticeStatus) -> bool {
        use NoticeStatus::*;
        matches!(
            (self, to),
            (Draft, Submitted)
                | (Submitted, InformationRequested | Published | Refused | Withdrawn)
                | (InformationRequested, Submitted | Refused | Withdrawn)
                | (Published, Suspended | Withdrawn | Cancelled | Deleted | Expired)
                | (Suspended, Published | Withdrawn | Cancelled | Deleted | Expired)
        )
    }

    /// The state's name on the wire (`information_requested`).
    pub fn as_str(self) -> &'static str {
        use NoticeStatus::*;
        match self {
            Draft => "draft",
            Submitted => "submitted",
            InformationRequested => "information_requested",
            Published => "published",
            Refused => "refused",
            Suspended => "suspended",
            Withdrawn => "withdrawn",
            Cancelled => "cancelled",
            Deleted => "deleted",
            Expired => "expired",
        }
    }
}
