//! Data quality (RPD Art 12: data must be accurate, relevant and not
//! excessive), the purpose of processing (Art 10) and the status of the
//! person (Art 44): dates that contradict each other, impossible ages,
//! duplicates, and a type, purpose and status that do not fit together.

use chrono::{Datelike, NaiveDate};

use super::at;
use crate::model::envelope::{DiffusionPurpose, Purpose};
use crate::model::judicial::{JudicialData, ProsecutionOrSentence};
use crate::model::notice::{Notice, UnSubject, YellowCategory};
use crate::model::person::PersonStatus;
use crate::model::{PartialDate, Person};
use crate::validate::Ctx;

/// The oldest age a living person is accepted at.
pub const MAX_AGE_YEARS: i32 = 120;

/// Whole years from `born` (its earliest day) to `on`; negative when `on`
/// comes first.
pub fn age_on(born: &PartialDate, on: NaiveDate) -> i32 {
    let b = born.earliest();
    let mut years = on.year() - b.year();
    if (on.month(), on.day()) < (b.month(), b.day()) {
        years -= 1;
    }
    years
}

/// The latest calendar day a partial date can denote.
fn latest(d: &PartialDate) -> NaiveDate {
    match *d {
        PartialDate::Year(y) => NaiveDate::from_ymd_opt(y.into(), 12, 31),
        PartialDate::YearMonth(y, m) => NaiveDate::from_ymd_opt(y.into(), u32::from(m) + 1, 1)
            .or_else(|| NaiveDate::from_ymd_opt(i32::from(y) + 1, 1, 1))
            .and_then(|d| d.pred_opt()),
        PartialDate::Full(d) => Some(d),
    }
    .unwrap_or(NaiveDate::MAX)
}

/// A person was born before the offence or event they are concerned by.
/// Partial dates compare by what they can denote: `1990` is not after
/// `1990-05`.
///
/// Source: RPD Art 12 (quality of data).
pub fn born_before_event(ctx: &mut Ctx, p: &Person, event: &PartialDate, pointer: impl FnOnce() -> String) {
    if let Some(dob) = &p.date_of_birth
        && dob.earliest() > latest(event)
    {
        ctx.error_at(
            "DATA.BIRTH_AFTER_EVENT",
            pointer(),
            [dob.to_string(), event.to_string()],
        );
    }
}

/// A living person's age is between 0 and 120 years today.
///
/// Source: RPD Art 12 (quality of data).
pub fn plausible_age(ctx: &mut Ctx, p: &Person, base: &str) {
    if let Some(dob) = &p.date_of_birth {
        let age = age_on(dob, ctx.today());
        if age > MAX_AGE_YEARS {
            ctx.error_at("PERSON.AGE_IMPLAUSIBLE", at(base, "date_of_birth"), [age]);
        }
    }
}

/// A nationality is listed once.
///
/// Source: RPD Art 12 (data not excessive).
pub fn unique_nationalities(ctx: &mut Ctx, p: &Person, base: &str) {
    for (i, n) in p.nationalities.iter().enumerate() {
        if p.nationalities[..i].contains(n) {
            ctx.error_at("DATA.DUPLICATE_NATIONALITY", format!("{base}/nationalities/{i}"), [n]);
        }
    }
}

/// A travel or identity document expires after it was issued.
///
/// Source: RPD Art 12 (quality of data).
pub fn document_dates(ctx: &mut Ctx, p: &Person, base: &str) {
    for (i, d) in p.identity_documents.iter().enumerate() {
        if let (Some(issued), Some(expires)) = (&d.issued_on, &d.expires_on)
            && latest(expires) <= issued.earliest()
        {
            ctx.error(
                "DATA.EXPIRY_BEFORE_ISSUE",
                format!("{base}/identity_documents/{i}/expires_on"),
            );
        }
    }
}

/// What remains of a sentence is no more than what was imposed; a
/// warrant or judicial decision is not dated after the request that cites
/// it.
///
/// Source: RPD Art 12 (quality of data); Art 83(2)(b) (the sentence and the
/// warrant a request rests on).
pub fn judicial_dates(ctx: &mut Ctx, j: &JudicialData, created: NaiveDate, base: &str) {
    if let Some(s) = &j.sentence
        && s.remaining_months > s.imposed_months
    {
        ctx.error_at(
            "DATA.SENTENCE_REMAINING",
            at(base, "sentence/remaining_months"),
            [s.remaining_months, s.imposed_months],
        );
    }
    for (i, w) in j.warrants.iter().enumerate() {
        if w.issued_on.earliest() > created {
            ctx.error_at(
                "DATA.WARRANT_AFTER_REQUEST",
                format!("{base}/warrants/{i}/issued_on"),
                [w.issued_on.to_string()],
            );
        }
    }
}

/// The checks on every person of a document.
pub fn person(ctx: &mut Ctx, p: &Person, base: &str) {
    plausible_age(ctx, p, base);
    unique_nationalities(ctx, p, base);
    document_dates(ctx, p, base);
}

/// A UN reference has the form of the Security Council's sanctions lists:
/// two capitals for the regime, `i` for an individual or `e` for an
/// entity, a dot and a number (`QDi.432`, `TAe.010`), and its letter fits
/// the subject.
///
/// Source: the UN Security Council consolidated list's reference numbers
/// (domain.md 1.3, `un_reference`); RPD Art 12 (quality of data).
pub fn un_reference(ctx: &mut Ctx, reference: &str, subject: &UnSubject, pointer: impl FnOnce() -> String) {
    let b = reference.as_bytes();
    let well_formed = b.len() >= 5
        && b.len() <= 8
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && matches!(b[2], b'i' | b'e')
        && b[3] == b'.'
        && b[4..].iter().all(u8::is_ascii_digit);
    let fits = match subject {
        UnSubject::Person(_) => b.get(2) == Some(&b'i'),
        UnSubject::Entity(_) => b.get(2) == Some(&b'e'),
    };
    if !well_formed || !fits {
        ctx.error_at("UN.REFERENCE_FORMAT", pointer(), [reference]);
    }
}

/// The purposes of processing each notice type serves (Art 10). A request
/// whose purpose is none of them is a warning: the General Secretariat
/// will ask which it is.
pub fn purposes_of(n: &Notice) -> &'static [Purpose] {
    use Purpose::*;
    match n {
        Notice::Red(_) => &[LocateWantedPerson],
        Notice::Yellow(y) => match y.category {
            YellowCategory::UnableToIdentify => &[Identification],
            _ => &[LocateMissingPerson],
        },
        Notice::Blue(_) => &[Investigation, Identification],
        Notice::Black(_) => &[IdentifyDeceased, Identification, Forensics],
        Notice::Green(_) => &[Alert, SecurityCheck, BorderManagement],
        Notice::Orange(_) => &[Alert, SecurityCheck],
        Notice::Purple(_) => &[Analysis, Investigation],
        Notice::Silver(_) => &[AssetTracing, Investigation],
        Notice::UnSpecial(_) => &[Alert, SecurityCheck, BorderManagement],
    }
}

/// The envelope's purpose is one the notice type serves.
///
/// Source: RPD Art 10 (purposes of processing) and the purpose of each
/// notice type, Arts 82, 88–93 (domain.md 2.1).
pub fn purpose_fits_type(ctx: &mut Ctx, purpose: &Purpose, n: &Notice) {
    if matches!(purpose, Purpose::Unrecognised(_)) {
        return;
    }
    if !purposes_of(n).contains(purpose) {
        ctx.warning_at(
            "RPD10.PURPOSE",
            "/purpose",
            [purpose.as_str(), n.notice_type().as_str()],
        );
    }
}

/// The statuses a person may have in a notice of each type.
fn statuses_of(n: &Notice) -> Option<&'static [PersonStatus]> {
    use PersonStatus::*;
    Some(match n {
        Notice::Red(r) => match r.judicial.purpose {
            ProsecutionOrSentence::ServeSentence => &[Convicted],
            _ => &[Charged, Convicted],
        },
        Notice::Yellow(y) => match y.category {
            YellowCategory::UnableToIdentify => &[UnableToIdentify],
            _ => &[Missing],
        },
        Notice::Black(_) => &[Deceased],
        Notice::Green(_) => &[Convicted, Charged, Suspect, ThreatToPublicSafety],
        Notice::Blue(_) => &[Convicted, Charged, Suspect, Witness, Victim, UnableToIdentify],
        Notice::Orange(_) => &[ThreatToPublicSafety, Convicted, Charged, Suspect],
        Notice::Silver(_) => &[Convicted, Charged, Suspect],
        // A UN listing is the status; Purple Notices have no person.
        Notice::UnSpecial(_) | Notice::Purple(_) => return None,
    })
}

/// The source states the status of the person (convicted, charged,
/// suspect, witness, victim, missing…), and it fits the notice: a Red
/// Notice is about a person charged or convicted (convicted when sought to
/// serve a sentence), a Yellow Notice about a missing person or one unable
/// to identify themselves, a Black Notice about a body. A missing status is
/// a warning, a contradicting one an error.
///
/// Source: RPD Art 44 (status of the person); Arts 82, 88–91 (domain.md
/// 2.1, 2.4).
pub fn person_status(ctx: &mut Ctx, p: &Person, allowed: Option<&[PersonStatus]>, base: &str) {
    let Some(allowed) = allowed else { return };
    match &p.status {
        None => ctx.warning("RPD44.STATUS_MISSING", at(base, "status")),
        // Reported as FIELD.UNKNOWN_VALUE.
        Some(PersonStatus::Unrecognised(_)) => {}
        Some(s) if !allowed.contains(s) => ctx.error_at("RPD44.STATUS_INCONSISTENT", at(base, "status"), [s.as_str()]),
        Some(_) => {}
    }
}

/// [`person_status`] for the subject of a notice.
pub fn notice_person_status(ctx: &mut Ctx, n: &Notice, p: &Person, base: &str) {
    person_status(ctx, p, statuses_of(n), base);
}

/// [`person_status`] for the subject of a diffusion: a wanted-person
/// diffusion is about a person charged or convicted, as a Red Notice.
pub fn diffusion_person_status(ctx: &mut Ctx, purpose: &DiffusionPurpose, p: &Person, base: &str) {
    use PersonStatus::*;
    let allowed: &[PersonStatus] = match purpose {
        DiffusionPurpose::WantedPerson => &[Charged, Convicted],
        DiffusionPurpose::MissingPerson => &[Missing],
        DiffusionPurpose::Unrecognised(_) => return,
        _ => PersonStatus::KNOWN,
    };
    person_status(ctx, p, Some(allowed), base);
}
