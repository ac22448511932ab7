//! The lifecycle of a notice (domain.md 2.4): a request is submitted, the
//! General Secretariat reviews it, may ask for more information, then
//! publishes or refuses it; afterwards the source may suspend or withdraw
//! it, the General Secretariat cancel it, the CCF delete it, or it expires.

use super::open::open_enum;

open_enum!(
    /// Where a notice stands.
    NoticeStatus {
        /// Being written by the NCB, not yet sent.
        Draft = "draft",
        /// Sent; "request being processed".
        Submitted = "submitted",
        /// The General Secretariat asked the source for more information.
        InformationRequested = "information_requested",
        /// Published to the network.
        Published = "published",
        /// Refused by the review.
        Refused = "refused",
        /// Suspended by its source (RPD Art 81, at most six months).
        Suspended = "suspended",
        /// Withdrawn by its source (RPD Art 81).
        Withdrawn = "withdrawn",
        /// Cancelled by the General Secretariat.
        Cancelled = "cancelled",
        /// Deleted (for example on a CCF decision).
        Deleted = "deleted",
        /// Past its retention period.
        Expired = "expired",
    }
);

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
}
