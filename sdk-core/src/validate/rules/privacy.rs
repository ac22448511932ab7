//! Privacy: particularly sensitive data (RPD Art 42), the adult missing
//! person's privacy (Art 90(2)(c)), minors, and handling markings that
//! agree with where a document goes (public extract, named recipients).

use chrono::NaiveDate;

use super::at;
use super::quality::age_on;
use crate::model::envelope::{Envelope, HandlingScheme, Recipients};
use crate::model::notice::{Notice, YellowCategory};
use crate::model::{PartialDate, Person};
use crate::validate::Ctx;

/// The age of majority the rules assume.
pub const ADULT_AGE_YEARS: i32 = 18;

/// Fingerprints and DNA profiles are particularly sensitive data: the
/// source says why they are needed, and they never appear in a public
/// extract without that reason.
///
/// Source: RPD Art 42 (particularly sensitive data, which include
/// biometric data since the 2024 amendments; processed only when relevant
/// and of particular importance to the purpose) and Art 61 (public
/// extracts).
pub fn sensitive_data(ctx: &mut Ctx, p: &Person, public: bool, base: &str) {
    let biometrics = !p.fingerprints.is_empty() || p.dna_profile.is_some();
    if !biometrics || p.sensitive_data_justification.is_some() {
        return;
    }
    let pointer = at(base, "sensitive_data_justification");
    if public {
        ctx.error("RPD42.SENSITIVE_PUBLIC", pointer);
    } else {
        ctx.warning("RPD42.SENSITIVE_JUSTIFICATION", pointer);
    }
}

/// For an adult missing person, the source attests that national privacy
/// law does not prevent the request.
///
/// Source: RPD Art 90(2)(c) (domain.md 2.3, verbatim).
pub fn adult_privacy(ctx: &mut Ctx, n: &Notice, base: &str) {
    if let Notice::Yellow(y) = n
        && y.category == YellowCategory::MissingPerson
        && !y.adult_privacy_attested
        && let Some(dob) = &y.subject.date_of_birth
        && age_on(dob, y.event.date.earliest()) >= ADULT_AGE_YEARS
    {
        ctx.error("RPD90.ADULT_PRIVACY", at(base, "yellow/adult_privacy_attested"));
    }
}

/// A person wanted or warned about was a minor at the time of the offence
/// or is one at the time of the request: a warning, since the General
/// Secretariat applies particular care (and some countries' law forbids
/// the request).
///
/// Source: RPD Art 12 and the General Secretariat's practice on minors
/// (domain.md 2.2); Art 10 (purposes).
pub fn minor(ctx: &mut Ctx, p: &Person, offence: Option<&PartialDate>, created: NaiveDate, base: &str) {
    let Some(dob) = &p.date_of_birth else { return };
    let at_request = age_on(dob, created);
    let at_offence = offence.map(|o| age_on(dob, o.earliest()));
    // A birth after the request is DATE.IN_FUTURE's or DATA.BIRTH_AFTER_EVENT's.
    let minor = |a: i32| (0..ADULT_AGE_YEARS).contains(&a);
    if minor(at_request) || at_offence.is_some_and(minor) {
        ctx.warning_at(
            "PERSON.MINOR",
            at(base, "date_of_birth"),
            [at_offence.unwrap_or(at_request), at_request],
        );
    }
}

/// Whether the notice is to appear as a public extract on interpol.int.
pub fn is_public(n: &Notice) -> bool {
    match n {
        Notice::Red(r) => r.public_extract,
        Notice::Yellow(y) => y.public_extract,
        // Always public (domain.md 2.4).
        Notice::UnSpecial(_) => true,
        _ => false,
    }
}

/// Handling markings agree with where the document goes: TLP:RED is for
/// named recipients only, so never to all NCBs; a public extract can only
/// carry TLP:CLEAR.
///
/// Source: TLP 2.0 (standards.md 4: RED for named recipients only; CLEAR
/// no restriction); RPD Art 61 (public extracts).
pub fn markings_fit_publication(ctx: &mut Ctx, e: &Envelope) {
    let public = matches!(&e.body, crate::model::Body::Notice(n) if is_public(n));
    for (i, m) in e.handling.iter().enumerate() {
        if m.scheme != HandlingScheme::Tlp2 {
            continue;
        }
        let code = m.code.as_deref().unwrap_or("");
        if code == "RED" && matches!(e.recipients, Recipients::All) {
            ctx.error("MARKING.TLP_RED_TO_ALL", format!("/handling/{i}/code"));
        }
        if public && code != "CLEAR" {
            ctx.error_at("MARKING.PUBLIC_NOT_CLEAR", format!("/handling/{i}/code"), [code]);
        }
    }
}
