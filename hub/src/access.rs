//! Who may see what. A document an NCB may not see is answered 404, like
//! one that does not exist, so that its existence does not leak. The rule
//! itself is the model's (`AccessRestrictions::permits`, RPD Art 58).

use ncblink::model::envelope::{AccessRestrictions, Recipients};
use ncblink::model::{NcbCode, NoticeStatus};

/// Whether `ncb` is among `recipients`.
pub fn addressed_to(recipients: &Recipients, ncb: NcbCode) -> bool {
    match recipients {
        Recipients::All => true,
        Recipients::Ncbs(list) => list.contains(&ncb),
    }
}

/// Whether `ncb` may see a notice. Its source always may; others only once
/// the General Secretariat published it (and afterwards, to learn that it
/// was suspended, withdrawn, cancelled or expired), if they are addressed
/// and the source's restrictions permit. A request under review, refused
/// or deleted is the source's alone.
pub fn notice_visible(
    ncb: NcbCode,
    source: NcbCode,
    status: NoticeStatus,
    recipients: &Recipients,
    access: &AccessRestrictions,
) -> bool {
    use NoticeStatus::*;
    ncb == source
        || (matches!(status, Published | Suspended | Withdrawn | Cancelled | Expired)
            && addressed_to(recipients, ncb)
            && access.permits(source, ncb))
}

/// Whether `ncb` may see a diffusion or message: its source, and the
/// recipients it was delivered to.
pub fn delivered_visible(ncb: NcbCode, source: NcbCode, delivered_to: &[NcbCode]) -> bool {
    ncb == source || delivered_to.contains(&ncb)
}

/// Which of `all` NCBs an envelope from `source` goes to: addressed, not
/// the source, and permitted by the access restrictions.
pub fn recipients_of(
    all: impl IntoIterator<Item = NcbCode>,
    source: NcbCode,
    recipients: &Recipients,
    access: &AccessRestrictions,
) -> Vec<NcbCode> {
    let mut out: Vec<NcbCode> = all
        .into_iter()
        .filter(|n| *n != source && addressed_to(recipients, *n) && access.permits(source, *n))
        .collect();
    out.sort();
    out.dedup();
    out
}
